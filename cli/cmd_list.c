/* cmd_list.c: `stackwatch list`: tracked repos with their latest metrics. */
#include <stdio.h>

#include "cli.h"
#include "stackwatch/core.h"

static const struct sw_cmd_doc doc = {
	.usage = "stackwatch list [OPTIONS]",
	.about = "List tracked repos with their metrics at the newest snapshot (or --as-of).",
	.epilogue = "The table format shows the main columns; csv and json carry all of them.",
};

/* The repos of q in fmt; the table and md formats show the main columns. */
static int list(struct sw_cli *cli, const struct sw_query *q, enum sw_fmt fmt)
{
	struct sw_error err = {0};
	struct sw_store *s = NULL;
	struct sw_repo_list l = {0};
	struct sw_table *t = NULL;
	sw_err e = sw_cli_open_store(cli, &s, &err);
	if (!e)
		e = sw_store_list(s, q, &l, &err);
	if (!e && (e = sw_view_repo_list(&l, &t)))
		sw_error_set(&err, e, "building the list: %s", sw_error_str(e));
	int rc = SW_EXIT_OK;
	if (!e) {
		if (fmt == SW_FMT_TABLE || fmt == SW_FMT_MD) {
			static const char *const cols[] = {"repo", "layer", "subcat", "stars", "star_1d",
							   "star_7d", "forks", "contributors"};
			/* what a narrow terminal gives up first: the 7-day gain says more than these */
			static const char *const drop[] = {"contributors", "forks", "star_1d", "subcat", "layer"};
			struct sw_table *c = sw_table_select(t, cols, sizeof cols / sizeof cols[0]);
			rc = c && !sw_table_drop_order(c, drop, sizeof drop / sizeof drop[0]) ? sw_cli_print_table(c, fmt) : SW_EXIT_FAIL;
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

/* --forks / --archived: only, hide (or all). */
static bool choice(void *target, const char *value, char *msg, size_t len)
{
	if (sw_list_choice(value, target))
		return true;
	snprintf(msg, len, "--forks and --archived take all, only or hide, not '%s'", value);
	return false;
}

int sw_cmd_list(struct sw_cli *cli, int argc, char **argv)
{
	struct sw_query q = {0};
	enum sw_fmt fmt;
	const struct sw_option opts[] = {
		SW_OPT_STRING("layer", &q.layer, "NAME", "only this layer (e.g. 'AI engineering')"),
		SW_OPT_STRING("subcat", &q.subcat, "NAME", "only this subcategory"),
		SW_OPT_STRING("owner", &q.owner, "LOGIN", "only repos of this account"),
		SW_OPT_STRING("country", &q.country, "NAME", "only repos whose owner is in this country"),
		SW_OPT_STRING("search", &q.search, "TEXT", "substring of name or description"),
		SW_OPT_FLAG("new", &q.new_this_week, "created in the 7 days before the snapshot"),
		SW_OPT_FLAG("quiet", &q.quiet, "no star gain in the last 7 days"),
		SW_OPT_CALLBACK("forks", &q.forks, choice, "HOW", "only or hide: only forks, or no forks (known from GitHub)"),
		SW_OPT_CALLBACK("archived", &q.archived, choice, "HOW",
				"only or hide: only archived repos, or none (known from GitHub)"),
		SW_OPT_SORT(&q.sort, SW_SORT_STARS, NULL),
		SW_OPT_FLAG("asc", &q.ascending, "ascending order (default descending)"),
		SW_OPT_INT("limit", &q.limit, 0, INT64_MAX, "N", "at most N rows (default all)"),
		SW_OPT_INT("offset", &q.offset, 0, INT64_MAX, "N", "with --limit: skip the first N rows"),
		SW_OPT_AS_OF(&q.as_of, "use the last snapshot at or before DATE"),
		SW_OPT_STRING("state", &q.state, "STATE", "tracked (default), pending or rejected"),
		SW_OPT_FORMAT(&fmt, SW_FMTS_TEXT, SW_FMT_TABLE, NULL),
		SW_OPT_END(),
	};
	int nargs, rc = sw_opt_parse(cli, &doc, opts, argc, argv, &nargs);
	return rc != SW_OPT_CONTINUE ? rc : list(cli, &q, fmt);
}
