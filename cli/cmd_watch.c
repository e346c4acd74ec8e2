/* cmd_watch.c: `stackwatch watch --every 6h`: update passes forever, with a
 * clean shutdown on SIGINT/SIGTERM (the current batch commits, the pass is
 * left resumable, exit 0). */
#if SW_HAVE_GITHUB /* this build has the subsystem (CMakeLists.txt SW_WITH_*) */
#include <time.h>

#include "github_cli.h"
#include "stackwatch/core.h"

static const struct sw_cmd_doc doc = {
	.usage = "stackwatch watch [--every DURATION] [OPTIONS]",
	.about = "Run `stackwatch update` every DURATION (default 6h; e.g. 30m, 6h, 1d), optionally preceded "
		 "by discovery. A rate-limited or locked pass is retried at the next tick. SIGINT/SIGTERM "
		 "stop cleanly.",
};

/* One tick: discovery when asked, then an update pass. */
static sw_err tick(struct sw_store *s, const struct sw_github_update_opts *t, bool discover, struct sw_error *err)
{
	sw_err r = SW_OK;
	if (discover) {
		struct sw_github_discover_result d;
		r = sw_github_discover(s, t, &d, err);
		if (!r)
			sw_cli_info("discovery: %zu found, %zu new", d.found, d.new_repos);
		sw_github_discover_result_release(&d);
	}
	if (!r) {
		struct sw_github_update_result res;
		r = sw_github_update(s, t, &res, err);
		if (!r)
			sw_cli_info("pass done: %zu snapshots, %llu GraphQL points", res.snapshots,
				    (unsigned long long)res.points);
	}
	return r;
}

/* Ticks every `every` seconds until a signal, an error that a later tick
 * would not cure, or `passes` passes (0: no end). */
static sw_err run(struct sw_store *s, const struct sw_github_update_opts *t, bool discover, int64_t every,
		  int64_t passes, struct sw_error *err)
{
	for (int64_t n = 0; !sw_cli_stop && (!passes || n < passes); n++) {
		time_t start = time(NULL);
		struct sw_error pe = {0};
		sw_err r = tick(s, t, discover, &pe);
		if (r == SW_EINTERRUPTED)
			break;
		if (r == SW_ERATELIMIT || r == SW_ELOCKED || r == SW_ENET)
			sw_cli_warn("%s; retrying at the next tick", sw_error_text(&pe));
		else if (r) {
			*err = pe;
			return r;
		}
		if (passes && n + 1 >= passes)
			break;
		/* sleep in short slices so a signal ends the wait promptly */
		while (!sw_cli_stop && time(NULL) < start + every) {
			struct timespec ts = {0, 200000000L};
			nanosleep(&ts, NULL);
		}
	}
	return SW_OK;
}

int sw_cmd_watch(struct sw_cli *cli, int argc, char **argv)
{
	struct sw_cli_gh g;
	struct sw_cli_pass p;
	int64_t every = 6 * 3600, passes = 0;
	bool discover = false;
	sw_cli_gh_init(&g);
	sw_cli_pass_init(&p);
	const struct sw_option opts[] = {
		SW_OPT_DURATION("every", &every, 1, "DURATION", "time between pass starts (default 6h, minimum 1s)"),
		SW_OPT_FLAG("discover", &discover, "run discovery (default keywords) before each pass"),
		SW_OPT_INT("passes", &passes, 1, INT64_MAX, "N", "stop after N passes (default: run forever)"),
		SW_OPT_GROUP(p.options),
		SW_OPT_GROUP(g.options),
		SW_OPT_END(),
	};
	int nargs, rc = sw_opt_parse(cli, &doc, opts, argc, argv, &nargs);
	if (rc != SW_OPT_CONTINUE)
		return rc;
	struct sw_error err = {0};
	struct sw_store *s = NULL;
	struct sw_github *gh = NULL;
	sw_err e = sw_cli_gh_start(cli, &g, true, &s, &gh, &err);
	p.t.gh = gh;
	p.t.stop = &sw_cli_stop;
	if (!e)
		e = run(s, &p.t, discover, every, passes, &err);
	if (!e && sw_cli_stop)
		sw_cli_info("stopped by signal; the next run resumes any unfinished pass");
	sw_cli_gh_end(&g, s, gh);
	return e ? sw_cli_fail(&err) : SW_EXIT_OK;
}
#endif
