/* github_cli.c: the parts of the GitHub-facing commands that are the same
 * for all of them (github_cli.h): option groups, signals, the prologue
 * that opens store and client, and printing a pass. */
#if SW_HAVE_GITHUB /* this build has the subsystem (CMakeLists.txt SW_WITH_*) */
#include <stdlib.h>
#include <string.h>

#include "github_cli.h"
#include "stackwatch/core.h"


void sw_cli_gh_init(struct sw_cli_gh *g)
{
	*g = (struct sw_cli_gh){.o = {.max_wait_s = -1}};
	const struct sw_option opts[] = {
		SW_OPT_STRING("api-url", &g->o.api_url, "URL",
			      "GitHub API base (default $STACKWATCH_GITHUB_API or https://api.github.com; "
			      "GitHub Enterprise: https://HOST/api/v3)"),
		SW_OPT_STRING("token-file", &g->token_file, "F",
			      "read the token from F (must not be group/world readable); default $GITHUB_TOKEN"),
		SW_OPT_INT("max-wait", &g->o.max_wait_s, 0, SW_OPT_MANY, "SECS",
			   "wait at most SECS for a rate-limit reset, else stop (default 900)"),
		SW_OPT_INT("retries", &g->o.max_retries, 1, SW_OPT_MANY, "N",
			   "retries for 5xx/timeouts/bad bodies (default 5)"),
		SW_OPT_INT("retry-delay", &g->o.retry_base_ms, 1, SW_OPT_MANY, "MS",
			   "first backoff delay, doubled up to 60 s (default 1000)"),
		SW_OPT_INT("timeout", &g->o.timeout_s, 1, SW_OPT_MANY, "SECS",
			   "give up on one request after SECS and retry (default 60)"),
		SW_OPT_END(),
	};
	_Static_assert(sizeof opts == sizeof g->options, "sw_cli_gh.options holds the group");
	memcpy(g->options, opts, sizeof opts);
}

void sw_cli_pass_init(struct sw_cli_pass *p)
{
	*p = (struct sw_cli_pass){.t = {.contributors_limit = 2000, .readmes_limit = 300}};
	const struct sw_option opts[] = {
		SW_OPT_INT_ALL("contributors", &p->t.contributors_limit, 0, SW_OPT_MANY, "N",
			       "refresh contributors (REST, 1-2 requests/repo) for at most N repos this pass, "
			       "least recent first (default 2000; 'all')"),
		SW_OPT_INT_ALL("readmes", &p->t.readmes_limit, 0, SW_OPT_MANY, "N",
			       "after the pass, fetch READMEs (REST, 1 request each; used by `classify`) for at "
			       "most N repos: never fetched first, then older than 30 days (default 300; 0 none; "
			       "'all')"),
		SW_OPT_INT("batch", &p->t.batch, 1, 100, "N",
			   "repos per GraphQL query (default 100, GitHub's node limit)"),
		SW_OPT_INT("releases", &p->t.releases, 1, 100, "N",
			   "latest releases whose asset downloads are summed (default 3)"),
		SW_OPT_END(),
	};
	_Static_assert(sizeof opts == sizeof p->options, "sw_cli_pass.options holds the group");
	memcpy(p->options, opts, sizeof opts);
}

sw_err sw_cli_gh_open(struct sw_cli_gh *g, struct sw_store *s, struct sw_github **out, struct sw_error *err)
{
	if (g->token_file && !g->token) {
		sw_err e = sw_github_token_file(g->token_file, &g->token, err);
		if (e)
			return e;
		g->o.token = g->token;
	}
	g->o.cache = s;
	g->o.stop = &sw_cli_stop;
	return sw_github_open(&g->o, out, err);
}

void sw_cli_gh_release(struct sw_cli_gh *g)
{
	if (g->token) {
		memset(g->token, 0, strlen(g->token));
		free(g->token);
		g->token = NULL;
	}
}

sw_err sw_cli_gh_start(struct sw_cli *cli, struct sw_cli_gh *g, bool stoppable, struct sw_store **s,
		       struct sw_github **gh, struct sw_error *err)
{
	if (stoppable)
		sw_cli_catch_stop();
	sw_err e = sw_cli_open_store(cli, s, err);
	return e ? e : sw_cli_gh_open(g, *s, gh, err);
}

void sw_cli_gh_end(struct sw_cli_gh *g, struct sw_store *s, struct sw_github *gh)
{
	sw_github_free(gh);
	sw_cli_gh_release(g);
	sw_store_free(s);
}

int sw_cli_print_pass(const struct sw_github_update_result *r, enum sw_fmt fmt)
{
	char when[32];
	sw_time_format(r->taken_at, when);
	const struct sw_cli_cell row[] = {
		{"taken_at", when, 0}, {"resumed", r->resumed ? "yes" : "no", 0}, {"due", NULL, (int64_t)r->due},
		{"snapshots", NULL, (int64_t)r->snapshots}, {"renamed", NULL, (int64_t)r->renamed},
		{"deleted", NULL, (int64_t)r->deleted}, {"contributors", NULL, (int64_t)r->contributors},
		{"readmes", NULL, (int64_t)r->readmes}, {"requests", NULL, (int64_t)r->requests},
		{"points", NULL, (int64_t)r->points}, {"failed", NULL, (int64_t)r->failed},
	};
	return sw_cli_print_row("pass", "Update pass", row, sizeof row / sizeof row[0], fmt);
}

void sw_cli_pass_progress(void *ud, uint64_t done, uint64_t total)
{
	struct sw_progress *p = ud;
	p->total = total;
	sw_progress_update(p, done);
}
#endif
