/* cmd_discover.c: `stackwatch discover`: find repos by keyword search. */
#if SW_HAVE_GITHUB /* this build has the subsystem (CMakeLists.txt SW_WITH_*) */
#include <stdlib.h>
#include <string.h>

#include "github_cli.h"
#include "stackwatch/core.h"

static const struct sw_cmd_doc doc = {
	.usage = "stackwatch discover [OPTIONS]",
	.about = "Search GitHub repositories per keyword with a star floor and add new ones as tracked "
		 "candidates (unclassified; forks and archived repos are flagged). Queries over the search "
		 "API's 1,000-result cap are split by star range and creation date until each slice is "
		 "complete; slices that cannot be completed are listed on stderr.",
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
	const struct sw_cli_cell row[] = {
		{"queries", NULL, (int64_t)r->queries}, {"slices", NULL, (int64_t)r->slices},
		{"found", NULL, (int64_t)r->found}, {"new", NULL, (int64_t)r->new_repos}, {"forks", NULL, (int64_t)r->forks},
		{"archived", NULL, (int64_t)r->archived}, {"incomplete_slices", NULL, (int64_t)r->nincomplete},
	};
	int rc = sw_cli_print_row("discover", "Discovery", row, sizeof row / sizeof row[0], fmt);
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
		t->stop = &sw_cli_stop;
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
