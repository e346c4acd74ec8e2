/* cmd_serve.c: `stackwatch serve`: run the web app until SIGINT/SIGTERM.
 * Built with the web subsystem; --refresh (update passes from GitHub) and
 * its options only when the github subsystem is built too. */
#if SW_HAVE_WEB /* this build has the subsystem (CMakeLists.txt SW_WITH_*) */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "cli.h"
#include "stackwatch/core.h"
#include "stackwatch/web.h"

static const struct sw_cmd_doc doc = {
	.usage = "stackwatch serve [OPTIONS]",
	.about = "Serve the web app: the repo list (/), repo pages (/r/OWNER/REPO), the report (/report), "
		 "submit-a-repo (/submit), admin review (/admin, only with a token) and the JSON/CSV API "
		 "(/api/repos, /api/repos/OWNER/REPO, /api/report).",
	.epilogue = "The address actually bound is printed on stderr as 'listening on http://...'.",
};

#if SW_HAVE_GITHUB
#include "github_cli.h"

/* --refresh: the same update pass as `stackwatch update`, run by the web
 * server's refresh thread with that thread's own store connection. Static:
 * it lives as long as the server, and its option groups point into it. */
static struct refresh_ctx {
	struct sw_cli_gh g;
	struct sw_cli_pass p;
} rctx;

static sw_err refresh_pass(struct sw_store *s, void *ud, struct sw_error *err)
{
	struct refresh_ctx *rc = ud;
	struct sw_github *gh = NULL;
	sw_err e = sw_cli_gh_open(&rc->g, s, &gh, err);
	if (!e) {
		struct sw_github_update_opts t = rc->p.t;
		struct sw_github_update_result r = {0};
		t.gh = gh;
		t.stop = &sw_cli_stop;
		e = sw_github_update(s, &t, &r, err);
	}
	sw_github_free(gh);
	return e;
}

/* Hand the passes to the server's refresh thread when --refresh asked. */
static void start_refresh(struct sw_web *w, int64_t every)
{
	if (!every)
		return;
	sw_web_set_refresh_fn(w, refresh_pass, &rctx);
	sw_cli_info("update pass every %lld s%s", (long long)every,
		    getenv("GITHUB_TOKEN") || rctx.g.token_file ? ""
								: " (no GITHUB_TOKEN: each pass will report that it needs one)");
}

static void stop_refresh(void)
{
	sw_cli_stop = 1; /* a running pass stops after its current batch */
	sw_cli_gh_release(&rctx.g);
}
#endif

/* The admin token from path (mode 0600), else from
 * $STACKWATCH_ADMIN_TOKEN, else none; at least SW_WEB_ADMIN_TOKEN_MIN
 * characters either way. *out is the caller's to free. */
static int admin_token(const char *path, char **out)
{
	const char *env = getenv("STACKWATCH_ADMIN_TOKEN");
	struct sw_error err = {0};
	sw_err e = SW_OK;
	*out = NULL;
	if (path)
		e = sw_secret_file(path, SW_WEB_ADMIN_TOKEN_MIN, out, &err);
	else if (env && *env && !(e = sw_secret_check(env, SW_WEB_ADMIN_TOKEN_MIN, "STACKWATCH_ADMIN_TOKEN", &err)) &&
		 !(*out = strdup(env)))
		e = sw_error_set(&err, SW_ENOMEM, "out of memory");
	return e ? sw_cli_fail(&err) : SW_EXIT_OK;
}

/* Room for the connections the server may hold: the soft open-file limit
 * (often 1024) raised toward the hard one; the server stays within what it
 * gets. */
static void raise_file_limit(unsigned connections)
{
	struct rlimit rl;
	rlim_t want = (rlim_t)connections + 128;
	if (getrlimit(RLIMIT_NOFILE, &rl) || rl.rlim_cur >= want)
		return;
	rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want ? want : rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl) || rl.rlim_cur < want)
		sw_cli_warn("open-file limit %llu: fewer than %u connections will be served",
			    (unsigned long long)rl.rlim_cur, connections);
}

/* The detail of the server's 5xx answers, on stderr (control bytes shown
 * escaped, as in every message). */
static void log_line(void *userdata, const char *line)
{
	(void)userdata;
	sw_cli_warn("%s", line);
}

/* Start the server (token: the admin token, freed once the server has
 * it), say where it listens, wait for SIGINT/SIGTERM, stop. */
static int serve(struct sw_web_opts *o, char *token)
{
	/* Block the stop signals in every thread (the server's inherit the
	 * mask), then wait for one here. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	raise_file_limit(o->max_connections ? o->max_connections : SW_WEB_MAX_CONNECTIONS);
	struct sw_error err = {0};
	struct sw_web *w = NULL;
	o->admin_token = token;
	o->log = log_line;
	sw_err e = sw_web_start(o, &w, &err);
	free(token);
	o->admin_token = NULL;
	if (e)
		return sw_cli_fail(&err);
	char host[64];
	uint16_t port;
	bool loopback = true;
	if (sw_web_parse_listen(o->listen, host, &port, &loopback, NULL) == SW_OK && !loopback)
		sw_cli_warn("serving on a non-loopback address: anyone who can reach it can use the site");
	bool v6 = strchr(host, ':') != NULL;
	sw_cli_info("listening on http://%s%s%s:%u/", v6 ? "[" : "", host, v6 ? "]" : "", sw_web_port(w));
#if SW_HAVE_GITHUB
	start_refresh(w, o->refresh);
#endif
	int sig = 0;
	sigwait(&set, &sig);
	sw_cli_info("stopping");
#if SW_HAVE_GITHUB
	stop_refresh();
#endif
	sw_web_stop(w);
	return SW_EXIT_OK;
}

int sw_cmd_serve(struct sw_cli *cli, int argc, char **argv)
{
	struct sw_web_opts o = {0};
	const char *token_file = NULL;
#if SW_HAVE_GITHUB
	sw_cli_gh_init(&rctx.g);
	sw_cli_pass_init(&rctx.p);
#endif
	const struct sw_option opts[] = {
		SW_OPT_STRING("listen", &o.listen, "HOST:PORT",
			      "address to bind (default " SW_WEB_DEFAULT_LISTEN "; port 0 = any free port). "
			      "Non-loopback addresses only when given here."),
#if SW_HAVE_GITHUB
		SW_OPT_DURATION("refresh", &o.refresh, 1, "DURATION",
				"run the update pass (as `stackwatch update`, with $GITHUB_TOKEN) every DURATION "
				"(e.g. 6h); the GitHub and update options below apply to it"),
#endif
		SW_OPT_STRING("admin-token-file", &token_file, "PATH",
			      "enable /admin with the token in PATH (mode 0600, at least 16 characters; or set "
			      "STACKWATCH_ADMIN_TOKEN)"),
		SW_OPT_STRING("public-url", &o.public_url, "URL",
			      "the address users reach the site by (behind a proxy): its host name is answered "
			      "besides the --listen address (and localhost on loopback); other Host names get 421"),
		SW_OPT_INT("threads", &o.threads, 1, 64, "N", "worker threads (default 2)"),
		SW_OPT_INT("request-timeout", &o.timeout, 1, 300, "SECONDS",
			   "a request must arrive whole within SECONDS of its connection opening or the previous "
			   "answer (else 408), and an idle connection is closed after them (default 10)"),
		SW_OPT_INT("max-connections", &o.max_connections, 16, 65536, "N",
			   "open connections in all (default 1024, within the open-file limit)"),
		SW_OPT_INT("max-per-ip", &o.max_per_ip, 1, 65536, "N",
			   "open connections from one address (default 128; raise it behind a proxy)"),
		SW_OPT_INT("submit-limit", &o.submit_limit, 1, 64, "N", "submissions per client per hour (default 5)"),
		SW_OPT_GROUP(cli->common), /* here, before the section of --refresh */
#if SW_HAVE_GITHUB
		SW_OPT_HEADING("Update and GitHub options for --refresh:"),
		SW_OPT_GROUP(rctx.p.options),
		SW_OPT_GROUP(rctx.g.options),
#endif
		SW_OPT_END(),
	};
	char *token = NULL;
	int nargs, rc = sw_opt_parse(cli, &doc, opts, argc, argv, &nargs);
	if (rc != SW_OPT_CONTINUE || (rc = admin_token(token_file, &token)) != SW_EXIT_OK)
		return rc;
	o.db_path = cli->db_path;
	return serve(&o, token);
}
#endif
