/* github_cli.h: options shared by the GitHub-facing subcommands (discover,
 * update, watch, submit, backfill); implemented in cmd_update.c. */
#ifndef STACKWATCH_GITHUB_CLI_H
#define STACKWATCH_GITHUB_CLI_H

#include <signal.h>

#include "cli.h"
#include "stackwatch/github.h"

struct sw_cli_gh {
	struct sw_github_opts o;
	const char *token_file;
	char *token;            /* read from token_file (freed by _release) */
};

#define SW_CLI_GH_HELP                                                                         \
	"  --api-url URL     GitHub API base (default $STACKWATCH_GITHUB_API or\n"                \
	"                    https://api.github.com; GitHub Enterprise: https://HOST/api/v3)\n"   \
	"  --token-file F    read the token from F (must not be group/world readable);\n"       \
	"                    default $GITHUB_TOKEN\n"                                              \
	"  --max-wait SECS   wait at most SECS for a rate-limit reset, else stop (default 900)\n"  \
	"  --retries N       retries for 5xx/timeouts/bad bodies (default 5)\n"                   \
	"  --retry-delay MS  first backoff delay, doubled up to 60 s (default 1000)\n"                \
	"  --timeout SECS    give up on one request after SECS and retry (default 60)\n"

/* Set by SIGINT/SIGTERM once handlers are installed. */
extern volatile sig_atomic_t sw_cli_gh_stop;
void sw_cli_gh_signals(void);

/* Consume a GitHub option at argv[*i] (and its value); 1 if consumed, 0 if
 * not ours, -1 on a bad value (usage already printed). */
int sw_cli_gh_opt(struct sw_cli_gh *g, const char *cmd, int argc, char **argv, int *i);
/* Open the client (cache in s). Returns an sw_err, message in err. */
sw_err sw_cli_gh_open(struct sw_cli_gh *g, struct sw_store *s, struct sw_github **out, struct sw_error *err);
void sw_cli_gh_release(struct sw_cli_gh *g);



/* Pass defaults of update, watch and serve --refresh: contributors for 2,000
 * repos (~4,000 REST requests) and READMEs for 300 stay within the 5,000
 * REST requests of an hour. */
#define SW_CLI_TRACKER_DEFAULTS {.contributors_limit = 2000, .readmes_limit = 300}
/* Update-pass options (--contributors N, --readmes N, --batch N, --releases N); same
 * return convention as sw_cli_gh_opt. */
int sw_cli_update_opt(struct sw_github_update_opts *t, const char *cmd, int argc, char **argv, int *i);
/* Print one pass result as a one-row table in fmt. */
int sw_cli_print_pass(const struct sw_github_update_result *r, enum sw_fmt fmt);
/* Progress callback for sw_github_update_opts (terminal only). */
void sw_cli_pass_progress(void *ud, uint64_t done, uint64_t total);
#endif
