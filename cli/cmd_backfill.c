/* cmd_backfill.c: `stackwatch backfill OWNER/REPO`: star history from the API. */
#if SW_HAVE_GITHUB /* this build has the subsystem (CMakeLists.txt SW_WITH_*) */
#include <string.h>

#include "github_cli.h"

static void help(void)
{
	puts("usage: stackwatch backfill OWNER/REPO [OPTIONS]\n"
	     "\n"
	     "Fetch a tracked repo's star history from GitHub: the stargazers/history\n"
	     "endpoint (weekly buckets of daily counts) where it answers, else stargazer\n"
	     "timestamps (only for tokens that administer the repo; beyond 400 pages the\n"
	     "pages are sampled evenly and the history is marked sampled). Otherwise the\n"
	     "history comes only from stackwatch snapshots and GH Archive. Points are\n"
	     "stored as GitHub gave them; none are interpolated.\n"
	     "\n"
	     "Options:\n"
	     SW_CLI_GH_HELP
	     "  --format FMT      table (default), csv, json, md\n"
	     "  --db PATH         the store\n"
	     "  --help            this text");
}

int sw_cmd_backfill(struct sw_cli *cli, int argc, char **argv)
{
	struct sw_cli_gh g = {.o = {.max_wait_s = -1}};
	const char *name = NULL;
	enum sw_fmt fmt = SW_FMT_TABLE;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		int rc;
		if (sw_cli_common_opt(cli, argc, argv, &i))
			continue;
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			help();
			return SW_EXIT_OK;
		}
		if ((rc = sw_cli_gh_opt(&g, "backfill", argc, argv, &i))) {
			if (rc < 0)
				return SW_EXIT_USAGE;
		} else if (!strcmp(a, "--format") && i + 1 < argc) {
			if (!sw_cli_format("backfill", argv[++i], false, &fmt))
				return SW_EXIT_USAGE;
		} else if (a[0] != '-' && !name)
			name = a;
		else
			return sw_cli_usage("backfill", "unknown option '%s' or missing value", a);
	}
	if (!name)
		return sw_cli_usage("backfill", "which repo? give OWNER/REPO");
	sw_cli_gh_signals();
	struct sw_error err = {0};
	struct sw_store *s = NULL;
	struct sw_github *gh = NULL;
	struct sw_github_backfill_result r = {0};
	sw_err e = sw_cli_open_store(cli, &s, &err);
	if (!e)
		e = sw_cli_gh_open(&g, s, &gh, &err);
	if (!e)
		e = sw_github_backfill(s, gh, name, &r, &err);
	int rc = SW_EXIT_OK;
	if (!e) {
		static const char *const cols[] = {"repo", "source", "points", "sampled", "pages", "pages_total"};
		struct sw_table *t = sw_table_new("backfill", "Star history backfill", 6, cols);
		if (t && !sw_table_add_row(t) && !sw_table_str(t, 0, name) &&
		    !sw_table_str(t, 1, r.source == SW_GITHUB_BACKFILL_HISTORY ? "stargazers/history" : "stargazers") &&
		    !sw_table_int(t, 2, (int64_t)r.points) && !sw_table_str(t, 3, r.sampled ? "yes" : "no") &&
		    !sw_table_int(t, 4, (int64_t)r.pages) && !sw_table_int(t, 5, (int64_t)r.pages_total))
			rc = sw_cli_print_table(t, fmt);
		else
			rc = SW_EXIT_FAIL;
		sw_table_free(t);
	}
	sw_github_free(gh);
	sw_cli_gh_release(&g);
	sw_store_free(s);
	return e ? sw_cli_fail(&err) : rc;
}
#endif
