/* cmd_watch.c: `stackwatch watch --every 6h`: update passes forever, with a
 * clean shutdown on SIGINT/SIGTERM (the current batch commits, the pass is
 * left resumable, exit 0). */
#if SW_HAVE_GITHUB /* this build has the subsystem (CMakeLists.txt SW_WITH_*) */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "github_cli.h"
#include "stackwatch/core.h"

static void help(void)
{
	puts("usage: stackwatch watch [--every DURATION] [OPTIONS]\n"
	     "\n"
	     "Run `stackwatch update` every DURATION (default 6h; e.g. 30m, 6h, 1d),\n"
	     "optionally preceded by discovery. A rate-limited or locked pass is retried\n"
	     "at the next tick. SIGINT/SIGTERM stop cleanly.\n"
	     "\n"
	     "Options:\n"
	     "  --every DURATION  time between pass starts (default 6h, minimum 1s)\n"
	     "  --discover        run discovery (default keywords) before each pass\n"
	     "  --passes N        stop after N passes (default: run forever)\n"
	     "  --contributors N, --readmes N, --batch N, --releases N   as for update\n"
	     SW_CLI_GH_HELP
	     "  --db PATH         the store\n"
	     "  --help            this text");
}

int sw_cmd_watch(struct sw_cli *cli, int argc, char **argv)
{
	struct sw_cli_gh g = {.o = {.max_wait_s = -1}};
	struct sw_github_update_opts t = SW_CLI_TRACKER_DEFAULTS;
	int64_t every = 6 * 3600, passes = 0;
	bool discover = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		int rc;
		if (sw_cli_common_opt(cli, argc, argv, &i))
			continue;
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			help();
			return SW_EXIT_OK;
		}
		if ((rc = sw_cli_gh_opt(&g, "watch", argc, argv, &i)) || (rc = sw_cli_update_opt(&t, "watch", argc, argv, &i))) {
			if (rc < 0)
				return SW_EXIT_USAGE;
			continue;
		}
		if (!strcmp(a, "--discover")) {
			discover = true;
		} else if (!strcmp(a, "--every") && v) {
			if (!sw_time_parse_duration(v, &every) || every < 1)
				return sw_cli_usage("watch", "--every needs a duration like 6h, 30m or 1d");
			i++;
		} else if (!strcmp(a, "--passes") && v) {
			if (!sw_parse_i64(v, &passes) || passes < 1)
				return sw_cli_usage("watch", "--passes needs a positive number");
			i++;
		} else
			return sw_cli_usage("watch", "unknown option '%s' or missing value", a);
	}
	sw_cli_gh_signals();
	struct sw_error err = {0};
	struct sw_store *s = NULL;
	struct sw_github *gh = NULL;
	sw_err e = sw_cli_open_store(cli, &s, &err);
	if (!e)
		e = sw_cli_gh_open(&g, s, &gh, &err);
	t.gh = gh;
	t.stop = &sw_cli_gh_stop;
	for (int64_t n = 0; !e && !sw_cli_gh_stop && (!passes || n < passes); n++) {
		time_t start = time(NULL);
		struct sw_error pe = {0};
		sw_err r = SW_OK;
		if (discover) {
			struct sw_github_discover_result d;
			r = sw_github_discover(s, &t, &d, &pe);
			if (!r)
				sw_cli_info("discovery: %zu found, %zu new", d.found, d.new_repos);
			sw_github_discover_result_release(&d);
		}
		if (!r) {
			struct sw_github_update_result res;
			r = sw_github_update(s, &t, &res, &pe);
			if (!r)
				sw_cli_info("pass done: %zu snapshots, %llu GraphQL points", res.snapshots,
					    (unsigned long long)res.points);
		}
		if (r == SW_EINTERRUPTED)
			break;
		if (r == SW_ERATELIMIT || r == SW_ELOCKED || r == SW_ENET)
			sw_cli_warn("%s; retrying at the next tick", sw_error_text(&pe));
		else if (r) {
			err = pe;
			e = r;
			break;
		}
		if (passes && n + 1 >= passes)
			break;
		/* sleep in short slices so a signal ends the wait promptly */
		while (!sw_cli_gh_stop && time(NULL) < start + every) {
			struct timespec ts = {0, 200000000L};
			nanosleep(&ts, NULL);
		}
	}
	if (!e && sw_cli_gh_stop)
		sw_cli_info("stopped by signal; the next run resumes any unfinished pass");
	sw_github_free(gh);
	sw_cli_gh_release(&g);
	sw_store_free(s);
	return e ? sw_cli_fail(&err) : SW_EXIT_OK;
}
#endif
