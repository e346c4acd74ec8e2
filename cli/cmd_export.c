/* cmd_export.c: `stackwatch export series`: the GH Archive daily series. */
#if SW_HAVE_GHARCHIVE /* this build has the subsystem (CMakeLists.txt SW_WITH_*) */
#include "cli.h"
#include "stackwatch/gharchive.h"

static const struct sw_cmd_doc series_doc = {
	.usage = "stackwatch export series [--repo R [--daily]] [--format FMT]",
	.about = "Daily series from GH Archive (stackwatch gharchive scan), one row per repo and UTC day with "
		 "events, columns:\n"
		 "  repo,date,stars,forks,pushes,commits,prs_opened,prs_merged,issues_opened,\n"
		 "  releases,contributors,new_stargazers\n"
		 "repo is the newest name seen for the GitHub repo id. R is that name, a name the store knows "
		 "(current or former, for repos with a GitHub id) or the numeric GitHub id.",
};

struct series_args {
	const char *repo;
	bool daily;
};

/* One repo's every day (--daily), or the days with events of one or all. */
static sw_err series(struct sw_store *s, const void *ud, struct sw_table **out, struct sw_error *err)
{
	const struct series_args *a = ud;
	if (!a->daily)
		return sw_gha_export_series(s, a->repo, out, err);
	struct sw_gha_series ser;
	sw_err e = sw_gha_repo_series(s, a->repo, &ser, err);
	if (!e)
		e = sw_gha_series_table(&ser, out, err);
	sw_gha_series_release(&ser);
	return e;
}

static int cmd_series(struct sw_cli *cli, int argc, char **argv)
{
	struct series_args a = {0};
	enum sw_fmt fmt;
	const struct sw_option opts[] = {
		SW_OPT_STRING("repo", &a.repo, "R", "only this repo"),
		SW_OPT_FLAG("daily", &a.daily,
			    "with --repo: every day of the span (zero days too) plus stars_cumulative, "
			    "anchored on the store's API snapshots"),
		SW_OPT_FORMAT(&fmt, SW_FMTS_TEXT, SW_FMT_CSV, NULL),
		SW_OPT_END(),
	};
	int nargs, rc = sw_opt_parse(cli, &series_doc, opts, argc, argv, &nargs);
	if (rc != SW_OPT_CONTINUE)
		return rc;
	if (a.daily && !a.repo)
		return sw_cli_usage(cli->cmd, "--daily needs --repo");
	return sw_cli_store_table(cli, series, &a, fmt);
}

int sw_cmd_export(struct sw_cli *cli, int argc, char **argv)
{
	static const struct sw_subcommand subs[] = {{"series", cmd_series}, {NULL, NULL}};
	return sw_opt_subcommand(cli, NULL, subs, argc, argv); /* series' help is the command's */
}
#endif
