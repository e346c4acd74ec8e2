/* cmd_update.c: `stackwatch update`: one snapshot pass over every tracked
 * repo from GitHub (cron-friendly: lock, exit codes, resumable). Also holds
 * the option handling shared by the GitHub-facing commands (github_cli.h). */
#if SW_HAVE_GITHUB /* this build has the subsystem (CMakeLists.txt SW_WITH_*) */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "github_cli.h"
#include "stackwatch/core.h"

volatile sig_atomic_t sw_cli_gh_stop;

static void on_signal(int sig)
{
	(void)sig;
	sw_cli_gh_stop = 1;
}

void sw_cli_gh_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

static int num_opt(const char *cmd, const char *a, const char *v, long min, long *out)
{
	int64_t n;
	if (!v || !sw_parse_i64(v, &n) || n < min || n > 1000000000)
		return sw_cli_usage(cmd, "%s needs a number >= %ld", a, min), -1;
	*out = (long)n;
	return 1;
}

int sw_cli_gh_opt(struct sw_cli_gh *g, const char *cmd, int argc, char **argv, int *i)
{
	const char *a = argv[*i];
	const char *v = *i + 1 < argc ? argv[*i + 1] : NULL;
	long n;
	int rc;
	if (!strcmp(a, "--api-url") || !strcmp(a, "--token-file")) {
		if (!v)
			return sw_cli_usage(cmd, "%s needs a value", a), -1;
		*(a[2] == 'a' ? &g->o.api_url : &g->token_file) = v;
		(*i)++;
		return 1;
	}
	if (!strcmp(a, "--max-wait")) {
		if ((rc = num_opt(cmd, a, v, 0, &n)) == 1)
			g->o.max_wait_s = n, (*i)++;
		return rc;
	}
	if (!strcmp(a, "--retries")) {
		if ((rc = num_opt(cmd, a, v, 1, &n)) == 1)
			g->o.max_retries = (int)n, (*i)++;
		return rc;
	}
	if (!strcmp(a, "--timeout")) {
		if ((rc = num_opt(cmd, a, v, 1, &n)) == 1)
			g->o.timeout_s = n, (*i)++;
		return rc;
	}
	if (!strcmp(a, "--retry-delay")) {
		if ((rc = num_opt(cmd, a, v, 1, &n)) == 1)
			g->o.retry_base_ms = n, (*i)++;
		return rc;
	}
	return 0;
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
	g->o.stop = &sw_cli_gh_stop;
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

int sw_cli_update_opt(struct sw_github_update_opts *t, const char *cmd, int argc, char **argv, int *i)
{
	const char *a = argv[*i];
	const char *v = *i + 1 < argc ? argv[*i + 1] : NULL;
	long n;
	int rc = 0;
	if (!strcmp(a, "--contributors")) {
		if (v && !strcmp(v, "all"))
			t->contributors_limit = -1, (*i)++, rc = 1;
		else if ((rc = num_opt(cmd, a, v, 0, &n)) == 1)
			t->contributors_limit = n, (*i)++;
	} else if (!strcmp(a, "--readmes")) {
		if (v && !strcmp(v, "all"))
			t->readmes_limit = -1, (*i)++, rc = 1;
		else if ((rc = num_opt(cmd, a, v, 0, &n)) == 1)
			t->readmes_limit = n, (*i)++;
	} else if (!strcmp(a, "--batch")) {
		if ((rc = num_opt(cmd, a, v, 1, &n)) == 1) {
			if (n > 100)
				return sw_cli_usage(cmd, "--batch is at most 100 (GitHub's node limit)"), -1;
			t->batch = (int)n, (*i)++;
		}
	} else if (!strcmp(a, "--releases")) {
		if ((rc = num_opt(cmd, a, v, 1, &n)) == 1) {
			if (n > 100)
				return sw_cli_usage(cmd, "--releases is at most 100"), -1;
			t->releases = (int)n, (*i)++;
		}
	}
	return rc;
}

int sw_cli_print_pass(const struct sw_github_update_result *r, enum sw_fmt fmt)
{
	static const char *const cols[] = {"taken_at", "resumed", "due", "snapshots", "renamed", "deleted",
					   "contributors", "readmes", "requests", "points", "failed"};
	struct sw_table *t = sw_table_new("pass", "Update pass", 11, cols);
	char when[32];
	sw_time_format(r->taken_at, when);
	int rc = SW_EXIT_FAIL;
	if (t && !sw_table_add_row(t) && !sw_table_str(t, 0, when) && !sw_table_str(t, 1, r->resumed ? "yes" : "no") &&
	    !sw_table_int(t, 2, (int64_t)r->due) && !sw_table_int(t, 3, (int64_t)r->snapshots) &&
	    !sw_table_int(t, 4, (int64_t)r->renamed) && !sw_table_int(t, 5, (int64_t)r->deleted) &&
	    !sw_table_int(t, 6, (int64_t)r->contributors) && !sw_table_int(t, 7, (int64_t)r->readmes) &&
	    !sw_table_int(t, 8, (int64_t)r->requests) && !sw_table_int(t, 9, (int64_t)r->points) &&
	    !sw_table_int(t, 10, (int64_t)r->failed))
		rc = sw_cli_print_table(t, fmt);
	sw_table_free(t);
	return rc;
}

void sw_cli_pass_progress(void *ud, uint64_t done, uint64_t total)
{
	struct sw_progress *p = ud;
	p->total = total;
	sw_progress_update(p, done);
}

static void help(void)
{
	puts("usage: stackwatch update [OPTIONS]\n"
	     "\n"
	     "Take one snapshot of every tracked repo from GitHub: stars, forks, open\n"
	     "issues, watchers, topics, language, license, archived, pushed_at, owner type\n"
	     "and country, release downloads, contributors. Up to 100 repos per GraphQL\n"
	     "query; star gains over 1 and 7 days come from the snapshot series.\n"
	     "A pass stopped by a crash, signal or rate limit is resumed by the next run\n"
	     "(same snapshot time, no duplicates). Two passes never overlap (lock file\n"
	     "DB.lock). Exit codes: 0 done, 5 rate-limited/locked/interrupted (rerun),\n"
	     "1 failure.\n"
	     "\n"
	     "Options:\n"
	     "  --contributors N  refresh contributors (REST, 1-2 requests/repo) for at most\n"
	     "                    N repos this pass, least recent first (default 2000; 'all')\n"
	     "  --readmes N       after the pass, fetch READMEs (REST, 1 request each; used by\n"
	     "                    `classify`) for at most N repos: never fetched first, then\n"
	     "                    older than 30 days (default 300; 0 none; 'all')\n"
	     "  --batch N         repos per GraphQL query (default 100)\n"
	     "  --releases N      latest releases whose asset downloads are summed (default 3)\n"
	     SW_CLI_GH_HELP
	     "  --format FMT      table (default), csv, json, md\n"
	     "  --db PATH         the store\n"
	     "  --help            this text\n"
	     "\n"
	     "Environment: GITHUB_TOKEN, STACKWATCH_GITHUB_API, STACKWATCH_NOW (pin the\n"
	     "pass time, for tests and replays).");
}

int sw_cmd_update(struct sw_cli *cli, int argc, char **argv)
{
	struct sw_cli_gh g = {.o = {.max_wait_s = -1}};
	struct sw_github_update_opts t = SW_CLI_TRACKER_DEFAULTS;
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
		if ((rc = sw_cli_gh_opt(&g, "update", argc, argv, &i)) || (rc = sw_cli_update_opt(&t, "update", argc, argv, &i))) {
			if (rc < 0)
				return SW_EXIT_USAGE;
			continue;
		}
		if (!strcmp(a, "--format") && i + 1 < argc) {
			if (!sw_cli_format("update", argv[++i], false, &fmt))
				return SW_EXIT_USAGE;
			continue;
		}
		return sw_cli_usage("update", "unknown option '%s'", a);
	}
	/* STACKWATCH_NOW pins the pass time (tests, replaying a missed slot) */
	const char *now = getenv("STACKWATCH_NOW");
	if (now && *now && !sw_time_parse(now, &t.now))
		return sw_cli_usage("update", "STACKWATCH_NOW must be a time like 2026-01-02T03:04:05Z");
	sw_cli_gh_signals();
	struct sw_error err = {0};
	struct sw_store *s = NULL;
	struct sw_github *gh = NULL;
	struct sw_github_update_result r = {0};
	struct sw_progress prog;
	sw_progress_init(&prog, stderr, "update", 0);
	t.progress = sw_cli_pass_progress;
	t.progress_ud = &prog;
	sw_err e = sw_cli_open_store(cli, &s, &err);
	if (!e)
		e = sw_cli_gh_open(&g, s, &gh, &err);
	if (!e) {
		t.gh = gh;
		t.stop = &sw_cli_gh_stop;
		e = sw_github_update(s, &t, &r, &err);
	}
	sw_progress_finish(&prog);
	int rc = SW_EXIT_OK;
	if (!e || e == SW_ERATELIMIT || e == SW_EINTERRUPTED) {
		if (r.taken_at)
			rc = sw_cli_print_pass(&r, fmt);
	}
	if (!e && r.failed)
		sw_cli_warn("GitHub returned no data for %zu repos; rerun to retry them", r.failed);
	if (!e)
		sw_cli_info("pass %s: %zu snapshots, %llu requests, %llu GraphQL points", r.resumed ? "resumed" : "done",
			    r.snapshots, (unsigned long long)r.requests, (unsigned long long)r.points);
	sw_github_free(gh);
	sw_cli_gh_release(&g);
	sw_store_free(s);
	return e ? sw_cli_fail(&err) : rc;
}
#endif
