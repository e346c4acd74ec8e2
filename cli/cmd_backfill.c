/* cmd_backfill.c: `stackwatch backfill OWNER/REPO`: star history from the API. */
#if SW_HAVE_GITHUB /* this build has the subsystem (CMakeLists.txt SW_WITH_*) */
#include "github_cli.h"

static const struct sw_cmd_doc doc = {
	.usage = "stackwatch backfill OWNER/REPO [OPTIONS]",
	.about = "Fetch a tracked repo's star history from GitHub: the stargazers/history endpoint (weekly "
		 "buckets of daily counts) where it answers, else stargazer timestamps (only for tokens that "
		 "administer the repo; beyond 400 pages the pages are sampled evenly and the history is "
		 "marked sampled). Otherwise the history comes only from stackwatch snapshots and GH Archive. "
		 "Points are stored as GitHub gave them; none are interpolated.",
	.args = {"OWNER/REPO", 1, 1},
};

static int print_result(const char *name, const struct sw_github_backfill_result *r, enum sw_fmt fmt)
{
	const struct sw_cli_cell row[] = {
		{"repo", name, 0},
		{"source", r->source == SW_GITHUB_BACKFILL_HISTORY ? "stargazers/history" : "stargazers", 0},
		{"points", NULL, (int64_t)r->points},
		{"sampled", r->sampled ? "yes" : "no", 0},
		{"pages", NULL, (int64_t)r->pages},
		{"pages_total", NULL, (int64_t)r->pages_total},
	};
	return sw_cli_print_row("backfill", "Star history backfill", row, sizeof row / sizeof row[0], fmt);
}

static int backfill(struct sw_cli *cli, struct sw_cli_gh *g, const char *name, enum sw_fmt fmt)
{
	struct sw_error err = {0};
	struct sw_store *s = NULL;
	struct sw_github *gh = NULL;
	struct sw_github_backfill_result r = {0};
	sw_err e = sw_cli_gh_start(cli, g, true, &s, &gh, &err);
	if (!e)
		e = sw_github_backfill(s, gh, name, &r, &err);
	int rc = e ? SW_EXIT_OK : print_result(name, &r, fmt);
	sw_cli_gh_end(g, s, gh);
	return e ? sw_cli_fail(&err) : rc;
}

int sw_cmd_backfill(struct sw_cli *cli, int argc, char **argv)
{
	struct sw_cli_gh g;
	enum sw_fmt fmt;
	sw_cli_gh_init(&g);
	const struct sw_option opts[] = {
		SW_OPT_GROUP(g.options),
		SW_OPT_FORMAT(&fmt, SW_FMTS_TEXT, SW_FMT_TABLE, NULL),
		SW_OPT_END(),
	};
	int nargs, rc = sw_opt_parse(cli, &doc, opts, argc, argv, &nargs);
	return rc != SW_OPT_CONTINUE ? rc : backfill(cli, &g, argv[0], fmt);
}
#endif
