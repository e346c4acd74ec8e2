/* cmd_serve.c: `stackwatch serve`: run the web app until SIGINT/SIGTERM. */
#if SW_HAVE_WEB && SW_HAVE_GITHUB /* this build has the subsystem (CMakeLists.txt SW_WITH_*) */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "github_cli.h"
#include "stackwatch/github.h"
#include "stackwatch/core.h"
#include "stackwatch/web.h"

/* --refresh: the same update pass as `stackwatch update`, run by the web
 * server's refresh thread with that thread's own store connection. */
struct refresh_ctx {
	struct sw_cli_gh g;
	struct sw_github_update_opts t;
};

static sw_err refresh_pass(struct sw_store *s, void *ud, struct sw_error *err)
{
	struct refresh_ctx *rc = ud;
	struct sw_github *gh = NULL;
	sw_err e = sw_cli_gh_open(&rc->g, s, &gh, err);
	if (!e) {
		struct sw_github_update_opts t = rc->t;
		struct sw_github_update_result r = {0};
		t.gh = gh;
		t.stop = &sw_cli_gh_stop;
		e = sw_github_update(s, &t, &r, err);
	}
	sw_github_free(gh);
	return e;
}

static void help(void)
{
	puts("usage: stackwatch serve [OPTIONS]\n"
	     "\n"
	     "Serve the web app: the repo list (/), repo pages (/r/OWNER/REPO), the report\n"
	     "(/report), submit-a-repo (/submit), admin review (/admin, only with a token)\n"
	     "and the JSON/CSV API (/api/repos, /api/repos/OWNER/REPO, /api/report).\n"
	     "\n"
	     "Options:\n"
	     "  --listen HOST:PORT       address to bind (default " SW_WEB_DEFAULT_LISTEN "; port 0 = any\n"
	     "                           free port). Non-loopback addresses only when given here.\n"
	     "  --refresh DURATION       run the update pass (as `stackwatch update`, with\n"
	     "                           $GITHUB_TOKEN) every DURATION (e.g. 6h); the GitHub\n"
	     "                           and update options below apply to it\n"
	     "  --admin-token-file PATH  enable /admin with the token in PATH\n"
	     "                           (or set STACKWATCH_ADMIN_TOKEN)\n"
	     "  --threads N              worker threads (default 2)\n"
	     "  --submit-limit N         submissions per client per hour (default 5)\n"
	     "  --db PATH                the store\n"
	     "  --help                   this text\n"
	     "GitHub options for --refresh:\n" SW_CLI_GH_HELP
	     "  --contributors N, --readmes N, --batch N, --releases N\n"
	     "                    as for `stackwatch update`\n"
	     "\n"
	     "The address actually bound is printed on stderr as 'listening on http://...'.");
}

int sw_cmd_serve(struct sw_cli *cli, int argc, char **argv)
{
	struct sw_web_opts o = {0};
	const char *token_file = NULL;
	static struct refresh_ctx rctx; /* lives as long as the server */
	rctx.g = (struct sw_cli_gh){.o = {.max_wait_s = -1}};
	rctx.t = (struct sw_github_update_opts)SW_CLI_TRACKER_DEFAULTS;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (sw_cli_common_opt(cli, argc, argv, &i))
			continue;
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			help();
			return SW_EXIT_OK;
		}
		int grc;
		if ((grc = sw_cli_gh_opt(&rctx.g, "serve", argc, argv, &i)) ||
		    (grc = sw_cli_update_opt(&rctx.t, "serve", argc, argv, &i))) {
			if (grc < 0)
				return SW_EXIT_USAGE;
			continue;
		}
		if (!v)
			return sw_cli_usage("serve", "unknown option '%s' or missing value", a);
		i++;
		int64_t n;
		if (!strcmp(a, "--listen"))
			o.listen = v;
		else if (!strcmp(a, "--refresh")) {
			if (!sw_time_parse_duration(v, &o.refresh) || o.refresh <= 0)
				return sw_cli_usage("serve", "--refresh needs a duration like 6h or 30m");
		} else if (!strcmp(a, "--admin-token-file"))
			token_file = v;
		else if (!strcmp(a, "--threads") || !strcmp(a, "--submit-limit")) {
			if (!sw_parse_i64(v, &n) || n < 1 || n > 64)
				return sw_cli_usage("serve", "%s needs a number from 1 to 64", a);
			*(a[2] == 't' ? &o.threads : &o.submit_limit) = (unsigned)n;
		} else
			return sw_cli_usage("serve", "unknown option '%s'", a);
	}
	struct sw_error err = {0};
	char *token = NULL;
	if (token_file) {
		struct sw_buf b;
		sw_buf_init(&b, 4096);
		if (sw_buf_read_file(token_file, &b, &err))
			return sw_cli_fail(&err);
		token = sw_buf_detach(&b);
		sw_str_trim(token);
		for (char *p = token; *p; p++)
			if (*p == '\n' || *p == '\r')
				*p = 0;
		if (strlen(token) < 12) {
			free(token);
			return sw_cli_usage("serve", "the admin token in %s must be at least 12 characters", token_file);
		}
	} else if (getenv("STACKWATCH_ADMIN_TOKEN") && *getenv("STACKWATCH_ADMIN_TOKEN"))
		token = strdup(getenv("STACKWATCH_ADMIN_TOKEN"));
	o.admin_token = token;
	o.db_path = cli->db_path;

	/* Block the stop signals in every thread (the server's inherit the
	 * mask), then wait for one here. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	struct sw_web *w = NULL;
	sw_err e = sw_web_start(&o, &w, &err);
	free(token);
	if (e)
		return sw_cli_fail(&err);
	char host[64];
	uint16_t port;
	bool loopback = true;
	if (sw_web_parse_listen(o.listen, host, &port, &loopback, NULL) == SW_OK && !loopback)
		sw_cli_warn("serving on a non-loopback address: anyone who can reach it can use the site");
	bool v6 = strchr(host, ':') != NULL;
	sw_cli_info("listening on http://%s%s%s:%u/", v6 ? "[" : "", host, v6 ? "]" : "", sw_web_port(w));
	if (o.refresh) {
		sw_web_set_refresh_fn(w, refresh_pass, &rctx);
		sw_cli_info("update pass every %lld s%s", (long long)o.refresh,
			    getenv("GITHUB_TOKEN") || rctx.g.token_file ? ""
									: " (no GITHUB_TOKEN: each pass will report that it needs one)");
	}
	int sig = 0;
	sigwait(&set, &sig);
	sw_cli_info("stopping");
	sw_cli_gh_stop = 1; /* a running pass stops after its current batch */
	sw_web_stop(w);
	sw_cli_gh_release(&rctx.g);
	return SW_EXIT_OK;
}
#endif
