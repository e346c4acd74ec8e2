/* options.h: declarative option parsing for the subcommands, after git's
 * parse-options. A command describes its options in one table (long name,
 * kind, target, bounds, value name, help line) and itself in a sw_cmd_doc;
 * sw_opt_parse() reads argv against the table and writes --help from both.
 * So every command accepts the same spellings (--opt value, --opt=value,
 * --help, -h, --), rejects bad values with the same words, and cannot
 * document an option it does not parse or parse one it does not document. */
#ifndef STACKWATCH_CLI_OPTIONS_H
#define STACKWATCH_CLI_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "stackwatch/core.h"

enum sw_opt_kind {
	SW_OPTION_END,      /* ends a table */
	SW_OPTION_GROUP,    /* the entries of another table, in place (shared groups) */
	SW_OPTION_HEADING,  /* a heading line in --help; parses nothing */
	SW_OPTION_FLAG,     /* bool, set to true; takes no value */
	SW_OPTION_STRING,   /* const char *: the value itself */
	SW_OPTION_INT,      /* an integer of any width, within [min, max] */
	SW_OPTION_INT_ALL,  /* as INT, or the word 'all', stored as -1 */
	SW_OPTION_DOUBLE,   /* double within [dmin, dmax] */
	SW_OPTION_FORMAT,   /* enum sw_fmt, one of `formats`; the parser sets `def` first */
	SW_OPTION_SORT,     /* enum sw_sort; the parser sets `def` first */
	SW_OPTION_TIME,     /* int64_t, by sw_time_parse */
	SW_OPTION_AS_OF,    /* int64_t, by sw_time_parse_as_of: a date means its end */
	SW_OPTION_DURATION, /* int64_t seconds >= min, by sw_time_parse_duration */
	SW_OPTION_CALLBACK, /* cb(target, value): for the odd ones (--shard I/N, ...) */
	SW_OPTION_HELP,     /* --help (and -h): print the help, exit 0 */
};

/* A callback checks and stores value; on a bad one it writes the message
 * (without the "stackwatch CMD: " prefix) into msg and returns false. */
typedef bool sw_opt_cb(void *target, const char *value, char *msg, size_t msglen);

struct sw_option {
	enum sw_opt_kind kind;
	const char *name;              /* long name without "--" */
	void *target;
	size_t size;                   /* INT, INT_ALL: sizeof *target */
	int64_t min, max;              /* INT, INT_ALL; DURATION: min */
	double dmin, dmax;             /* DOUBLE */
	unsigned formats;              /* FORMAT: SW_FMTS_* */
	int def;                       /* FORMAT, SORT: the default */
	const char *argh;              /* the value's name in help: N, PATH, ... */
	const char *help;              /* '\n' starts a line; long lines wrap */
	const struct sw_option *group; /* GROUP */
	sw_opt_cb *cb;                 /* CALLBACK */
};

/* An upper bound at or above this is a guard against overflow, not a limit
 * worth telling the user: the message then says only "a number >= MIN". */
#define SW_OPT_MANY 1000000000

#define SW_FMTS_TEXT (1u << SW_FMT_TABLE | 1u << SW_FMT_CSV | 1u << SW_FMT_JSON | 1u << SW_FMT_MD)
#define SW_FMTS_HTML (SW_FMTS_TEXT | 1u << SW_FMT_HTML)

/* _Generic makes a target of the wrong type a compile error. */
#define SW_OPT_END() {.kind = SW_OPTION_END}
#define SW_OPT_GROUP(tbl) {.kind = SW_OPTION_GROUP, .group = (tbl)}
#define SW_OPT_HEADING(text) {.kind = SW_OPTION_HEADING, .help = (text)}
#define SW_OPT_FLAG(n, p, h) {.kind = SW_OPTION_FLAG, .name = (n), .target = _Generic((p), bool *: (p)), .help = (h)}
#define SW_OPT_STRING(n, p, a, h) \
	{.kind = SW_OPTION_STRING, .name = (n), .target = _Generic((p), const char **: (p)), .argh = (a), .help = (h)}
#define SW_OPT_INT(n, p, lo, hi, a, h) \
	{.kind = SW_OPTION_INT, .name = (n), .target = (p), .size = sizeof *(p), .min = (lo), .max = (hi), .argh = (a), .help = (h)}
#define SW_OPT_INT_ALL(n, p, lo, hi, a, h) \
	{.kind = SW_OPTION_INT_ALL, .name = (n), .target = (p), .size = sizeof *(p), .min = (lo), .max = (hi), .argh = (a), .help = (h)}
#define SW_OPT_DOUBLE(n, p, lo, hi, a, h) \
	{.kind = SW_OPTION_DOUBLE, .name = (n), .target = _Generic((p), double *: (p)), .dmin = (lo), .dmax = (hi), .argh = (a), .help = (h)}
#define SW_OPT_FORMAT(p, set, d, h) \
	{.kind = SW_OPTION_FORMAT, .name = "format", .target = _Generic((p), enum sw_fmt *: (p)), .formats = (set), .def = (d), .argh = "FMT", .help = (h)}
#define SW_OPT_SORT(p, d, h) \
	{.kind = SW_OPTION_SORT, .name = "sort", .target = _Generic((p), enum sw_sort *: (p)), .def = (d), .argh = "KEY", .help = (h)}
#define SW_OPT_TIME(n, p, a, h) \
	{.kind = SW_OPTION_TIME, .name = (n), .target = _Generic((p), int64_t *: (p)), .argh = (a), .help = (h)}
#define SW_OPT_AS_OF(p, h) \
	{.kind = SW_OPTION_AS_OF, .name = "as-of", .target = _Generic((p), int64_t *: (p)), .argh = "DATE", .help = (h)}
#define SW_OPT_DURATION(n, p, lo, a, h) \
	{.kind = SW_OPTION_DURATION, .name = (n), .target = _Generic((p), int64_t *: (p)), .min = (lo), .argh = (a), .help = (h)}
#define SW_OPT_CALLBACK(n, p, fn, a, h) {.kind = SW_OPTION_CALLBACK, .name = (n), .target = (p), .cb = (fn), .argh = (a), .help = (h)}
/* --shard I/N (1 <= I <= N) into two ints: the one spelling of a shard for
 * every command that splits work (gharchive scan, gharchive load). */
struct sw_opt_shard {
	int *i, *n;
};
bool sw_opt_set_shard(void *target, const char *v, char *msg, size_t len);
#define SW_OPT_SHARD(sh) SW_OPT_CALLBACK("shard", (sh), sw_opt_set_shard, "I/N", "only hours whose number % N == I-1")
/* A repeatable option's values in argv order (pointers into argv): at
 * most `max` in `v`; `too_many` is the message past that. */
struct sw_opt_list {
	const char **v;
	size_t n, max;
	const char *too_many;
};
bool sw_opt_add_to_list(void *target, const char *v, char *msg, size_t len);
#define SW_OPT_LIST(n, l, a, h) SW_OPT_CALLBACK((n), (l), sw_opt_add_to_list, (a), (h))
#define SW_OPT_HELP() {.kind = SW_OPTION_HELP, .name = "help", .help = "this text"}

/* What a command says about itself around the generated options. Prose
 * (about, epilogue) is wrapped to the terminal's 80 columns: '\n' ends a
 * paragraph, and a line that starts with a space is printed as written. */
struct sw_cmd_doc {
	const char *usage;    /* usage line(s), '\n' between them, as written */
	const char *about;    /* what it does (before the options); may be NULL */
	const char *epilogue; /* after the options; may be NULL */
	struct {
		const char *name; /* the positional arguments in "no NAME given"; NULL: none taken */
		int min;          /* fewer: "no NAME given" */
		int max;          /* more: "unexpected argument 'X'"; -1: no limit */
	} args;
};

/* How --help is written: as text (the default), as man page sections
 * (man.c: `stackwatch help --man`), or as the option and subcommand
 * names alone, one a line (shell completion: `stackwatch help
 * --options`). One writer, one set of option tables: they cannot drift. */
enum sw_help_style { SW_HELP_TEXT, SW_HELP_MAN, SW_HELP_NAMES };
void sw_opt_set_help_style(enum sw_help_style style);

/* sw_opt_parse's "no exit code: go on and run the command". */
#define SW_OPT_CONTINUE (-1)

struct sw_cli;
/* Parse argv[1..argc) of the command cli->cmd against opts and the options
 * every command takes (the group cli->common: --db PATH, --help), which
 * come last unless opts includes the group where it wants them; -h is
 * --help. Returns SW_OPT_CONTINUE with the positional arguments moved to
 * argv[0..*nargs), or the exit code to return: 0 after --help (usage,
 * about, the options of the tables, epilogue, on stdout), 2 after a usage
 * error (printed on stderr by sw_cli_usage). */
int sw_opt_parse(const struct sw_cli *cli, const struct sw_cmd_doc *doc, const struct sw_option *opts, int argc,
		 char **argv, int *nargs);

/* ---- commands made of subcommands (gharchive scan, models import, ...) ---- */
struct sw_subcommand {
	const char *name;
	int (*run)(struct sw_cli *cli, int argc, char **argv); /* argv[0] is the name */
};
/* Run the subcommand of cli->cmd named by argv[1] (cli->cmd becomes
 * "CMD SUB" for it); subs ends with {NULL, NULL}. --help, -h or help print
 * doc's usage (if any) and about, every subcommand's own --help and doc's
 * epilogue; a missing or unknown name is a usage error that lists the
 * known ones. */
int sw_opt_subcommand(struct sw_cli *cli, const struct sw_cmd_doc *doc, const struct sw_subcommand *subs, int argc,
		      char **argv);

#endif
