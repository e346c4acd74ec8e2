/* cmd_update.c: `stackwatch update`: one snapshot pass over every tracked
 * repo from GitHub (cron-friendly: lock, exit codes, resumable). */
#if SW_HAVE_GITHUB /* this build has the subsystem (CMakeLists.txt SW_WITH_*) */
#include <stdlib.h>

#include "github_cli.h"
#include "stackwatch/core.h"

static const struct sw_cmd_doc doc = {
	.usage = "stackwatch update [OPTIONS]",
	.about = "Take one snapshot of every tracked repo from GitHub: stars, forks, open issues, watchers, "
		 "topics, language, license, archived, pushed_at, owner type and country, release downloads, "
		 "contributors. Up to 100 repos per GraphQL query; star gains over 1 and 7 days come from the "
		 "snapshot series. A pass stopped by a crash, signal or rate limit is resumed by the next run "
		 "(same snapshot time, no duplicates). Two passes never overlap (lock file DB.lock). Exit "
		 "codes: 0 done, 5 rate-limited/locked/interrupted (rerun), 1 failure.",
	.epilogue = "Environment: GITHUB_TOKEN, STACKWATCH_GITHUB_API, STACKWATCH_NOW (pin the pass time, for "
		    "tests and replays).",
};

/* One pass with progress on a terminal; prints the pass (also a partial
 * one: rate-limited or interrupted) and a summary. */
static int update(struct sw_cli *cli, struct sw_cli_gh *g, struct sw_github_update_opts *t, enum sw_fmt fmt)
{
	struct sw_error err = {0};
	struct sw_store *s = NULL;
	struct sw_github *gh = NULL;
	struct sw_github_update_result r = {0};
	struct sw_progress prog;
	sw_progress_init(&prog, stderr, "update", 0);
	t->progress = sw_cli_pass_progress;
	t->progress_ud = &prog;
	sw_err e = sw_cli_gh_start(cli, g, true, &s, &gh, &err);
	if (!e) {
		t->gh = gh;
		t->stop = &sw_cli_stop;
		e = sw_github_update(s, t, &r, &err);
	}
	sw_progress_finish(&prog);
	int rc = SW_EXIT_OK;
	if ((!e || e == SW_ERATELIMIT || e == SW_EINTERRUPTED) && r.taken_at)
		rc = sw_cli_print_pass(&r, fmt);
	if (!e && r.failed)
		sw_cli_warn("GitHub returned no data for %zu repos; rerun to retry them", r.failed);
	if (!e)
		sw_cli_info("pass %s: %zu snapshots, %llu requests, %llu GraphQL points", r.resumed ? "resumed" : "done",
			    r.snapshots, (unsigned long long)r.requests, (unsigned long long)r.points);
	sw_cli_gh_end(g, s, gh);
	return e ? sw_cli_fail(&err) : rc;
}

int sw_cmd_update(struct sw_cli *cli, int argc, char **argv)
{
	struct sw_cli_gh g;
	struct sw_cli_pass p;
	enum sw_fmt fmt;
	sw_cli_gh_init(&g);
	sw_cli_pass_init(&p);
	const struct sw_option opts[] = {
		SW_OPT_GROUP(p.options),
		SW_OPT_GROUP(g.options),
		SW_OPT_FORMAT(&fmt, SW_FMTS_TEXT, SW_FMT_TABLE, NULL),
		SW_OPT_END(),
	};
	int nargs, rc = sw_opt_parse(cli, &doc, opts, argc, argv, &nargs);
	if (rc != SW_OPT_CONTINUE)
		return rc;
	/* STACKWATCH_NOW pins the pass time (tests, replaying a missed slot) */
	const char *now = getenv("STACKWATCH_NOW");
	if (now && *now && !sw_time_parse(now, &p.t.now))
		return sw_cli_usage(cli->cmd, "STACKWATCH_NOW must be a time like 2026-01-02T03:04:05Z");
	return update(cli, &g, &p.t, fmt);
}
#endif
