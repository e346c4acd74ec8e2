/* cmd_list.c: `stackwatch list`: tracked repos with their latest metrics. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "stackwatch/core.h"

static void help(void)
{
	puts("usage: stackwatch list [OPTIONS]\n"
	     "\n"
	     "List tracked repos with their metrics at the newest snapshot (or --as-of).\n"
	     "\n"
	     "Options:\n"
	     "  --layer NAME      only this layer (e.g. 'AI engineering')\n"
	     "  --subcat NAME     only this subcategory\n"
	     "  --owner LOGIN     only repos of this account\n"
	     "  --country NAME    only repos whose owner is in this country\n"
	     "  --search TEXT     substring of name or description\n"
	     "  --new             created in the 7 days before the snapshot\n"
	     "  --quiet           no star gain in the last 7 days\n"
	     "  --sort KEY        stars (default), star_1d, star_1d_pct, star_7d, star_7d_pct,\n"
	     "                    forks, contributors, downloads, name, layer, subcat,\n"
	     "                    created, updated, country\n"
	     "  --asc             ascending order (default descending)\n"
	     "  --limit N         at most N rows; --offset N skips N rows\n"
	     "  --as-of DATE      use the last snapshot at or before DATE\n"
	     "  --state STATE     tracked (default), pending or rejected\n"
	     "  --format FMT      table (default), csv, json, md\n"
	     "  --db PATH         the store\n"
	     "  --help            this text\n"
	     "\n"
	     "The table format shows the main columns; csv and json carry all of them.");
}

int sw_cmd_list(struct sw_cli *cli, int argc, char **argv)
{
	struct sw_query q = {0};
	enum sw_fmt fmt = SW_FMT_TABLE;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (sw_cli_common_opt(cli, argc, argv, &i))
			continue;
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			help();
			return SW_EXIT_OK;
		}
		if (!strcmp(a, "--new")) {
			q.new_this_week = true;
			continue;
		}
		if (!strcmp(a, "--quiet")) {
			q.quiet = true;
			continue;
		}
		if (!strcmp(a, "--asc")) {
			q.ascending = true;
			continue;
		}
		if (!v)
			return sw_cli_usage("list", "unknown option '%s' or missing value", a);
		i++;
		int64_t n;
		if (!strcmp(a, "--layer"))
			q.layer = v;
		else if (!strcmp(a, "--subcat"))
			q.subcat = v;
		else if (!strcmp(a, "--owner"))
			q.owner = v;
		else if (!strcmp(a, "--country"))
			q.country = v;
		else if (!strcmp(a, "--search"))
			q.search = v;
		else if (!strcmp(a, "--state"))
			q.state = v;
		else if (!strcmp(a, "--sort")) {
			if (!sw_sort_parse(v, &q.sort))
				return sw_cli_usage("list", "unknown sort key '%s'", v);
		} else if (!strcmp(a, "--limit") || !strcmp(a, "--offset")) {
			if (!sw_parse_i64(v, &n) || n < 0)
				return sw_cli_usage("list", "%s needs a non-negative number", a);
			*(a[2] == 'l' ? &q.limit : &q.offset) = (size_t)n;
		} else if (!strcmp(a, "--as-of")) {
			if (!sw_time_parse(v, &q.as_of))
				return sw_cli_usage("list", "--as-of needs a date like 2024-11-05");
			if (strlen(v) == 10)
				q.as_of += 86399; /* a date means the end of that day */
		} else if (!strcmp(a, "--format")) {
			if (!sw_cli_format("list", v, false, &fmt))
				return SW_EXIT_USAGE;
		} else
			return sw_cli_usage("list", "unknown option '%s'", a);
	}
	struct sw_error err = {0};
	struct sw_store *s = NULL;
	struct sw_repo_list l = {0};
	struct sw_table *t = NULL;
	sw_err e = sw_cli_open_store(cli, &s, &err);
	if (!e)
		e = sw_store_list(s, &q, &l, &err);
	if (!e && (e = sw_view_repo_list(&l, &t)))
		sw_error_set(&err, e, "building the list: %s", sw_error_str(e));
	int rc = SW_EXIT_OK;
	if (!e) {
		if (fmt == SW_FMT_TABLE || fmt == SW_FMT_MD) {
			static const char *const cols[] = {"repo", "layer", "subcat", "stars", "star_1d",
							   "star_7d", "forks", "contributors"};
			struct sw_table *c = sw_table_select(t, cols, sizeof cols / sizeof cols[0]);
			rc = c ? sw_cli_print_table(c, fmt) : SW_EXIT_FAIL;
			sw_table_free(c);
		} else
			rc = sw_cli_print_table(t, fmt);
		if (fmt == SW_FMT_TABLE && l.total > l.n)
			sw_cli_info("showing %zu of %zu repos", l.n, l.total);
	}
	sw_table_free(t);
	sw_repo_list_release(&l);
	sw_store_free(s);
	return e ? sw_cli_fail(&err) : rc;
}
