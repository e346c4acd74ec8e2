/* cmd_discover.c: `stackwatch discover`: find repos by keyword search. */
#if SW_HAVE_GITHUB /* this build has the subsystem (CMakeLists.txt SW_WITH_*) */
#include <stdlib.h>
#include <string.h>

#include "github_cli.h"
#include "stackwatch/core.h"

static void help(void)
{
	puts("usage: stackwatch discover [OPTIONS]\n"
	     "\n"
	     "Search GitHub repositories per keyword with a star floor and add new ones\n"
	     "as tracked candidates (unclassified; forks and archived repos are flagged).\n"
	     "Queries over the search API's 1,000-result cap are split by star range and\n"
	     "creation date until each slice is complete; slices that cannot be completed\n"
	     "are listed on stderr.\n"
	     "\n"
	     "Options:\n"
	     "  --keyword K       search keyword, repeatable (default: gpt, llm, 'generative ai')\n"
	     "  --min-stars N     star floor (default 500)\n"
	     SW_CLI_GH_HELP
	     "  --format FMT      table (default), csv, json, md\n"
	     "  --db PATH         the store\n"
	     "  --help            this text");
}

int sw_cmd_discover(struct sw_cli *cli, int argc, char **argv)
{
	struct sw_cli_gh g = {.o = {.max_wait_s = -1}};
	struct sw_github_update_opts t = {0};
	enum sw_fmt fmt = SW_FMT_TABLE;
	const char **kw = calloc((size_t)argc, sizeof *kw);
	size_t nkw = 0;
	if (!kw)
		return SW_EXIT_FAIL;
	int rc = -1;
	for (int i = 1; i < argc && rc < 0; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		int r;
		if (sw_cli_common_opt(cli, argc, argv, &i))
			continue;
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			help();
			rc = SW_EXIT_OK;
		} else if ((r = sw_cli_gh_opt(&g, "discover", argc, argv, &i))) {
			if (r < 0)
				rc = SW_EXIT_USAGE;
		} else if (!strcmp(a, "--keyword") && v) {
			if (!*v || strlen(v) > 200)
				rc = sw_cli_usage("discover", "--keyword must be 1-200 characters");
			kw[nkw++] = v;
			i++;
		} else if (!strcmp(a, "--min-stars") && v) {
			int64_t n;
			if (!sw_parse_i64(v, &n) || n < 1)
				rc = sw_cli_usage("discover", "--min-stars needs a positive number");
			t.min_stars = n;
			i++;
		} else if (!strcmp(a, "--format") && v) {
			if (!sw_cli_format("discover", v, false, &fmt))
				rc = SW_EXIT_USAGE;
			i++;
		} else
			rc = sw_cli_usage("discover", "unknown option '%s' or missing value", a);
	}
	if (rc >= 0) {
		free(kw);
		return rc;
	}
	if (nkw) {
		t.keywords = kw;
		t.nkeywords = nkw;
	}
	sw_cli_gh_signals();
	struct sw_error err = {0};
	struct sw_store *s = NULL;
	struct sw_github *gh = NULL;
	struct sw_github_discover_result r = {0};
	sw_err e = sw_cli_open_store(cli, &s, &err);
	if (!e)
		e = sw_cli_gh_open(&g, s, &gh, &err);
	if (!e) {
		t.gh = gh;
		t.stop = &sw_cli_gh_stop;
		e = sw_github_discover(s, &t, &r, &err);
	}
	rc = SW_EXIT_OK;
	if (!e) {
		static const char *const cols[] = {"queries", "slices", "found", "new", "forks", "archived",
						   "incomplete_slices"};
		struct sw_table *tb = sw_table_new("discover", "Discovery", 7, cols);
		if (tb && !sw_table_add_row(tb) && !sw_table_int(tb, 0, (int64_t)r.queries) &&
		    !sw_table_int(tb, 1, (int64_t)r.slices) && !sw_table_int(tb, 2, (int64_t)r.found) &&
		    !sw_table_int(tb, 3, (int64_t)r.new_repos) && !sw_table_int(tb, 4, (int64_t)r.forks) &&
		    !sw_table_int(tb, 5, (int64_t)r.archived) && !sw_table_int(tb, 6, (int64_t)r.nincomplete))
			rc = sw_cli_print_table(tb, fmt);
		else
			rc = SW_EXIT_FAIL;
		sw_table_free(tb);
		for (size_t i = 0; i < r.nincomplete; i++)
			sw_cli_warn("incomplete slice: %s", r.incomplete[i]);
	}
	sw_github_discover_result_release(&r);
	sw_github_free(gh);
	sw_cli_gh_release(&g);
	sw_store_free(s);
	free(kw);
	return e ? sw_cli_fail(&err) : rc;
}
#endif
