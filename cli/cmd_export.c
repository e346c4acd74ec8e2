/* cmd_export.c: `stackwatch export series`: the GH Archive daily series. */
#if SW_HAVE_GHARCHIVE /* this build has the subsystem (CMakeLists.txt SW_WITH_*) */
#include <string.h>

#include "cli.h"
#include "stackwatch/gharchive.h"

static void help(void)
{
	puts("usage: stackwatch export series [--repo R [--daily]] [--format csv|json|table|md]\n"
	     "\n"
	     "Daily series from GH Archive (stackwatch gharchive scan), one row per repo and\n"
	     "UTC day with events, columns:\n"
	     "  repo,date,stars,forks,pushes,commits,prs_opened,prs_merged,issues_opened,\n"
	     "  releases,contributors,new_stargazers\n"
	     "repo is the newest name seen for the GitHub repo id. R is that name, a name\n"
	     "the store knows (current or former, for repos with a GitHub id) or the\n"
	     "numeric GitHub id.\n"
	     "\n"
	     "Options:\n"
	     "  --repo R        only this repo\n"
	     "  --daily         with --repo: every day of the span (zero days too) plus\n"
	     "                  stars_cumulative, anchored on the store's API snapshots\n"
	     "  --format FMT    csv (default), json, table, md\n"
	     "  --db PATH       the store\n"
	     "  --help          this text");
}

int sw_cmd_export(struct sw_cli *cli, int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		help();
		return argc < 2 ? SW_EXIT_USAGE : SW_EXIT_OK;
	}
	if (strcmp(argv[1], "series"))
		return sw_cli_usage("export", "unknown export '%s' (known: series)", argv[1]);
	enum sw_fmt fmt = SW_FMT_CSV;
	const char *repo = NULL;
	bool daily = false;
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (sw_cli_common_opt(cli, argc, argv, &i))
			continue;
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			help();
			return SW_EXIT_OK;
		}
		if (!strcmp(a, "--daily")) {
			daily = true;
			continue;
		}
		if (!v)
			return sw_cli_usage("export", "unknown option '%s' or missing value", a);
		i++;
		if (!strcmp(a, "--repo"))
			repo = v;
		else if (!strcmp(a, "--format")) {
			if (!sw_cli_format("export", v, false, &fmt))
				return SW_EXIT_USAGE;
		} else
			return sw_cli_usage("export", "unknown option '%s'", a);
	}
	if (daily && !repo)
		return sw_cli_usage("export", "--daily needs --repo");
	struct sw_error err = {0};
	struct sw_store *s = NULL;
	struct sw_table *t = NULL;
	sw_err e = sw_cli_open_store(cli, &s, &err);
	if (!e && daily) {
		struct sw_gha_series ser;
		if (!(e = sw_gha_repo_series(s, repo, &ser, &err)))
			e = sw_gha_series_table(&ser, &t, &err);
		sw_gha_series_release(&ser);
	} else if (!e)
		e = sw_gha_export_series(s, repo, &t, &err);
	int rc = e ? sw_cli_fail(&err) : sw_cli_print_table(t, fmt);
	sw_table_free(t);
	sw_store_free(s);
	return rc;
}
#endif
