/* github_cli.h: what the GitHub-facing commands share (discover, update,
 * watch, submit, backfill and serve --refresh): the option groups of the
 * GitHub client and of the update pass, the stop signals, and opening the
 * store and the client. Implemented in github_cli.c. */
#ifndef STACKWATCH_GITHUB_CLI_H
#define STACKWATCH_GITHUB_CLI_H

#include <signal.h>

#include "cli.h"
#include "stackwatch/github.h"

/* The client's settings and their options. sw_cli_gh_init() sets the
 * defaults and builds `options`, a group (SW_OPT_GROUP(g.options)) whose
 * entries point into this struct: initialise it in place, never copy it. */
struct sw_cli_gh {
	struct sw_github_opts o;
	const char *token_file;
	char *token;                 /* read from token_file (freed by _release) */
	struct sw_option options[7]; /* --api-url ... --timeout, END */
};
void sw_cli_gh_init(struct sw_cli_gh *g);

/* The update pass's settings and options (--contributors N, --readmes N,
 * --batch N, --releases N), as for sw_cli_gh. Their defaults are those of
 * update, watch and serve --refresh: contributors for 2,000 repos (~4,000
 * REST requests) and READMEs for 300 stay within the 5,000 REST requests
 * of an hour. */
struct sw_cli_pass {
	struct sw_github_update_opts t;
	struct sw_option options[5];
};
void sw_cli_pass_init(struct sw_cli_pass *p);

/* The prologue of a GitHub command: install the stop signals (when
 * stoppable: sw_cli_stop, cli.h), open the store, then the client with the store as its cache.
 * *s and *gh are set as far as it got; sw_cli_gh_end() frees them. */
sw_err sw_cli_gh_start(struct sw_cli *cli, struct sw_cli_gh *g, bool stoppable, struct sw_store **s,
		       struct sw_github **gh, struct sw_error *err);
void sw_cli_gh_end(struct sw_cli_gh *g, struct sw_store *s, struct sw_github *gh);

/* Open the client (cache in s); serve --refresh opens one per pass. */
sw_err sw_cli_gh_open(struct sw_cli_gh *g, struct sw_store *s, struct sw_github **out, struct sw_error *err);
/* Wipe and free the token read from --token-file. */
void sw_cli_gh_release(struct sw_cli_gh *g);

/* Print one pass result as a one-row table in fmt. */
int sw_cli_print_pass(const struct sw_github_update_result *r, enum sw_fmt fmt);
/* Progress callback for sw_github_update_opts (terminal only). */
void sw_cli_pass_progress(void *ud, uint64_t done, uint64_t total);
#endif
