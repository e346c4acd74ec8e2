/* cmd_review.c: `stackwatch review`: list, accept or reject submissions. */
#include <string.h>
#include <time.h>

#include "cli.h"
#include "stackwatch/core.h"

static void help(void)
{
	puts("usage: stackwatch review [--accept OWNER/REPO | --reject OWNER/REPO] [OPTIONS]\n"
	     "\n"
	     "Without an action, list the pending submissions. --accept makes a repo\n"
	     "tracked (a proposed layer becomes an override label); --reject marks it\n"
	     "rejected.\n"
	     "\n"
	     "Options:\n"
	     "  --format FMT      table (default), csv, json, md (for the list)\n"
	     "  --db PATH         the store\n"
	     "  --help            this text");
}

int sw_cmd_review(struct sw_cli *cli, int argc, char **argv)
{
	const char *accept = NULL, *reject = NULL;
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
		if (!v)
			return sw_cli_usage("review", "unknown option '%s' or missing value", a);
		i++;
		if (!strcmp(a, "--accept"))
			accept = v;
		else if (!strcmp(a, "--reject"))
			reject = v;
		else if (!strcmp(a, "--format")) {
			if (!sw_cli_format("review", v, false, &fmt))
				return SW_EXIT_USAGE;
		} else
			return sw_cli_usage("review", "unknown option '%s'", a);
	}
	if (accept && reject)
		return sw_cli_usage("review", "give either --accept or --reject");
	struct sw_error err = {0};
	struct sw_store *s = NULL;
	sw_err e = sw_cli_open_store(cli, &s, &err);
	int rc = SW_EXIT_OK;
	if (!e && (accept || reject)) {
		e = sw_store_review(s, accept ? accept : reject, accept != NULL, (int64_t)time(NULL), &err);
		if (!e)
			sw_cli_info("%s %s", accept ? accept : reject, accept ? "accepted: now tracked" : "rejected");
	} else if (!e) {
		struct sw_query q = {.state = "pending", .sort = SW_SORT_NAME, .ascending = true};
		struct sw_repo_list l = {0};
		struct sw_table *t = NULL;
		e = sw_store_list(s, &q, &l, &err);
		if (!e && (e = sw_view_repo_list(&l, &t)))
			sw_error_set(&err, e, "building the list: %s", sw_error_str(e));
		if (!e) {
			static const char *const cols[] = {"repo", "layer", "subcat", "stars"};
			struct sw_table *c = fmt == SW_FMT_TABLE || fmt == SW_FMT_MD ? sw_table_select(t, cols, 4) : NULL;
			rc = sw_cli_print_table(c ? c : t, fmt);
			sw_table_free(c);
			if (fmt == SW_FMT_TABLE)
				sw_cli_info("%zu pending submission%s", l.n, l.n == 1 ? "" : "s");
		}
		sw_table_free(t);
		sw_repo_list_release(&l);
	}
	sw_store_free(s);
	return e ? sw_cli_fail(&err) : rc;
}
