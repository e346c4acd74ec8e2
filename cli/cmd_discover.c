/* cmd_discover.c: `stackwatch discover`: find repos by keyword search. */
#if SW_HAVE_GITHUB /* this build has the subsystem (CMakeLists.txt SW_WITH_*) */
#include <stdlib.h>
#include <string.h>

#include "github_cli.h"
#include "stackwatch/core.h"

static const struct sw_cmd_doc doc = {
	.name = "discover",
	.usage = "stackwatch discover [OPTIONS]",
	.about = "Search GitHub repositories per keyword with a star floor and add new ones\n"
		 "as tracked candidates (unclassified; forks and archived repos are flagged).\n"
		 "Queries over the search API's 1,000-result cap are split by star range and\n"
		 "creation date until each slice is complete; slices that cannot be completed\n"
		 "are listed on stderr.",
};

/* --keyword, repeatable: the values collected in argv order. */
struct keywords {
	const char **v; /* room for one per argument */
	size_t n;
};

static bool add_keyword(void *target, const char *v, char *msg, size_t len)
{
	struct keywords *k = target;
	if (!*v || strlen(v) > 200) {
		snprintf(msg, len, "--keyword must be 1-200 characters");
		return false;
	}
	k->v[k->n++] = v;
	return true;
}

static int print_result(const struct sw_github_discover_result *r, enum sw_fmt fmt)
{
	static const char *const cols[] = {"queries", "slices", "found", "new", "forks", "archived",
					   "incomplete_slices"};
	struct sw_table *tb = sw_table_new("discover", "Discovery", 7, cols);
	int rc = SW_EXIT_FAIL;
	if (tb && !sw_table_add_row(tb) && !sw_table_int(tb, 0, (int64_t)r->queries) &&
	    !sw_table_int(tb, 1, (int64_t)r->slices) && !sw_table_int(tb, 2, (int64_t)r->found) &&
	    !sw_table_int(tb, 3, (int64_t)r->new_repos) && !sw_table_int(tb, 4, (int64_t)r->forks) &&
	    !sw_table_int(tb, 5, (int64_t)r->archived) && !sw_table_int(tb, 6, (int64_t)r->nincomplete))
		rc = sw_cli_print_table(tb, fmt);
	sw_table_free(tb);
	for (size_t i = 0; i < r->nincomplete; i++)
		sw_cli_warn("incomplete slice: %s", r->incomplete[i]);
	return rc;
}

static int discover(struct sw_cli *cli, struct sw_cli_gh *g, struct sw_github_update_opts *t, enum sw_fmt fmt)
{
	struct sw_error err = {0};
	struct sw_store *s = NULL;
	struct sw_github *gh = NULL;
	struct sw_github_discover_result r = {0};
	sw_err e = sw_cli_gh_start(cli, g, true, &s, &gh, &err);
	if (!e) {
		t->gh = gh;
		t->stop = &sw_cli_gh_stop;
		e = sw_github_discover(s, t, &r, &err);
	}
	int rc = e ? SW_EXIT_OK : print_result(&r, fmt);
	sw_github_discover_result_release(&r);
	sw_cli_gh_end(g, s, gh);
	return e ? sw_cli_fail(&err) : rc;
}

int sw_cmd_discover(struct sw_cli *cli, int argc, char **argv)
{
	struct sw_cli_gh g;
	struct sw_github_update_opts t = {0};
	struct keywords kw = {calloc((size_t)argc, sizeof *kw.v), 0};
	enum sw_fmt fmt;
	if (!kw.v)
		return SW_EXIT_FAIL;
	sw_cli_gh_init(&g);
	const struct sw_option opts[] = {
		SW_OPT_CALLBACK("keyword", &kw, add_keyword, "K",
				"search keyword, repeatable (default: gpt, llm, 'generative ai')"),
		SW_OPT_INT("min-stars", &t.min_stars, 1, INT64_MAX, "N", "star floor (default 500)"),
		SW_OPT_GROUP(g.options),
		SW_OPT_FORMAT(&fmt, SW_FMTS_TEXT, SW_FMT_TABLE, NULL),
		SW_OPT_END(),
	};
	int nargs, rc = sw_opt_parse(cli, &doc, opts, argc, argv, &nargs);
	if (rc == SW_OPT_CONTINUE) {
		t.keywords = kw.n ? kw.v : NULL;
		t.nkeywords = kw.n;
		rc = discover(cli, &g, &t, fmt);
	}
	free(kw.v);
	return rc;
}
#endif
