/* cli.h: what the stackwatch subcommands share: the command table, global
 * options, messages on stderr, exit codes. Subcommands live one per file
 * (cmd_NAME.c) and use only the public library headers plus this one. */
#ifndef STACKWATCH_CLI_H
#define STACKWATCH_CLI_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#include "options.h"
#include "stackwatch/core.h"

/* Documented exit codes (README "Exit codes"). */
enum {
	SW_EXIT_OK = 0,
	SW_EXIT_FAIL = 1,     /* runtime failure: I/O, database, network */
	SW_EXIT_USAGE = 2,    /* bad command line */
	SW_EXIT_DATA = 3,     /* bad input data: nothing was changed */
	SW_EXIT_NOTFOUND = 4, /* no such repo / snapshot / file */
	SW_EXIT_LATER = 5,    /* rate-limited or locked: rerun later to finish */
};

struct sw_cli {
	const char *prog;     /* "stackwatch" */
	const char *cmd;      /* the command running ("list", "gharchive scan"), for messages */
	char cmd_buf[64];     /* where a subcommand's "CMD SUB" is made */
	const char *db_path;  /* --db, $STACKWATCH_DB or default */
	bool color;           /* stdout is a terminal and NO_COLOR unset */
	/* The options every command takes (--db PATH, --help): a group that
	 * sw_opt_parse adds to each command's table (options.h). */
	const struct sw_option *common;
};

struct sw_command {
	const char *name;
	const char *summary;
	int (*run)(struct sw_cli *cli, int argc, char **argv); /* NULL: not in this build */
	const char *subsystem; /* the optional subsystem it needs, or NULL */
};

/* The table, in help order (defined in commands.c). */
extern const struct sw_command sw_commands[];
extern const size_t sw_ncommands;

/* Print "stackwatch: <message>" on stderr; return the exit code for it. */
int sw_cli_fail(const struct sw_error *err);
/* Set by SIGINT/SIGTERM once sw_cli_catch_stop() ran: long work (update
 * passes, archive loads) stops at the next safe point, to be rerun. */
extern volatile sig_atomic_t sw_cli_stop;
void sw_cli_catch_stop(void);
int sw_cli_exit_code(sw_err e);
/* Print "stackwatch CMD: <message>\nTry 'stackwatch CMD --help'." and return 2. */
int sw_cli_usage(const char *cmd, const char *fmt, ...) SW_PRINTF(2, 3);
void sw_cli_warn(const char *fmt, ...) SW_PRINTF(1, 2);
void sw_cli_info(const char *fmt, ...) SW_PRINTF(1, 2);

/* Open the store named by cli->db_path; prints nothing. */
sw_err sw_cli_open_store(struct sw_cli *cli, struct sw_store **out, struct sw_error *err) SW_MUST_CHECK;

/* Write all of data to stdout; false on error (e.g. closed pipe). */
bool sw_cli_write(const char *data, size_t len);
/* Print a table in fmt on stdout. */
int sw_cli_print_table(const struct sw_table *t, enum sw_fmt fmt);
/* One cell of a one-row result table: the text str, or the number num
 * when str is NULL. */
struct sw_cli_cell {
	const char *col;
	const char *str;
	int64_t num;
};
/* Print a one-row table (a pass, a discovery, a backfill) in fmt; at most
 * 32 cells. */
int sw_cli_print_row(const char *name, const char *title, const struct sw_cli_cell *row, size_t n, enum sw_fmt fmt);
/* Builds one table from the store; ud carries the command's arguments. */
typedef sw_err sw_cli_table_fn(struct sw_store *s, const void *ud, struct sw_table **out, struct sw_error *err);
/* Open the store, build a table with fn and print it in fmt: all that a
 * command showing one table does once its options are parsed. */
int sw_cli_store_table(struct sw_cli *cli, sw_cli_table_fn *fn, const void *ud, enum sw_fmt fmt);

/* `stackwatch help --man|--commands|--options|--completion ...` (help_tools.c);
 * argv[1] is the option. */
int sw_help_tools(struct sw_cli *cli, int argc, char **argv);

#endif