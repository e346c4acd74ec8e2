/* main.c: the stackwatch front end: global options, dispatch by table,
 * help, and the helpers the commands share (messages, printing tables).
 * All logic lives in libstackwatch. */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "stackwatch/core.h"

int sw_cli_exit_code(sw_err e)
{
	switch (e) {
	case SW_OK: return SW_EXIT_OK;
	case SW_EPARSE:
	case SW_ELIMIT: return SW_EXIT_DATA;
	case SW_EINVAL: return SW_EXIT_USAGE;
	case SW_ENOTFOUND: return SW_EXIT_NOTFOUND;
	case SW_ERATELIMIT:
	case SW_ELOCKED:
	case SW_EINTERRUPTED: return SW_EXIT_LATER;
	default: return SW_EXIT_FAIL;
	}
}

volatile sig_atomic_t sw_cli_stop;

static void on_stop(int sig)
{
	(void)sig;
	sw_cli_stop = 1;
}

void sw_cli_catch_stop(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* "stackwatch: <prefix><text>" on stderr. Messages quote input (a bad
 * field, a name): its control characters (C0, DEL, C1) are shown as \xNN,
 * never handed to the terminal. */
static void put_message(const char *prefix, const char *text)
{
	flockfile(stderr); /* one line, even from the web server's threads */
	fprintf(stderr, "stackwatch: %s", prefix);
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		bool c1 = p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F;
		if (*p < 0x20 || *p == 0x7F || c1)
			fprintf(stderr, "\\x%02x", c1 ? *++p : *p);
		else
			fputc(*p, stderr);
	}
	fputc('\n', stderr);
	funlockfile(stderr);
}

int sw_cli_fail(const struct sw_error *err)
{
	put_message("", sw_error_text(err));
	return sw_cli_exit_code(err ? err->code : SW_EINVAL);
}

int sw_cli_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "stackwatch %s: ", cmd);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\nTry 'stackwatch %s --help'.\n", cmd);
	va_end(ap);
	return SW_EXIT_USAGE;
}

static void message(const char *prefix, const char *fmt, va_list ap)
{
	char text[2048];
	vsnprintf(text, sizeof text, fmt, ap);
	put_message(prefix, text);
}

void sw_cli_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	message("warning: ", fmt, ap);
	va_end(ap);
}

void sw_cli_info(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	message("", fmt, ap);
	va_end(ap);
}

sw_err sw_cli_open_store(struct sw_cli *cli, struct sw_store **out, struct sw_error *err)
{
	return sw_store_open(cli->db_path, out, err);
}

bool sw_cli_write(const char *data, size_t len)
{
	return fwrite(data, 1, len, stdout) == len && fflush(stdout) == 0;
}

int sw_cli_print_table(const struct sw_table *t, enum sw_fmt fmt)
{
	struct sw_buf b = SW_BUF_INIT;
	sw_err e = sw_table_render(t, fmt, fmt == SW_FMT_TABLE ? 48 : 0, &b);
	if (!e && fmt == SW_FMT_JSON)
		e = sw_buf_putc(&b, '\n');
	if (e) {
		sw_buf_release(&b);
		struct sw_error er;
		sw_error_set(&er, e, "rendering table: %s", sw_error_str(e));
		return sw_cli_fail(&er);
	}
	bool ok = sw_cli_write(b.data ? b.data : "", b.len);
	sw_buf_release(&b);
	return ok ? SW_EXIT_OK : SW_EXIT_FAIL;
}

int sw_cli_print_row(const char *name, const char *title, const struct sw_cli_cell *row, size_t n, enum sw_fmt fmt)
{
	const char *cols[32] = {0};
	struct sw_table *t = NULL;
	sw_err e = n <= 32 ? SW_OK : SW_ELIMIT;
	for (size_t i = 0; !e && i < n; i++)
		cols[i] = row[i].col;
	if (!e && !(t = sw_table_new(name, title, n, cols)))
		e = SW_ENOMEM;
	if (!e)
		e = sw_table_add_row(t);
	for (size_t i = 0; !e && i < n; i++)
		e = row[i].str ? sw_table_str(t, i, row[i].str) : sw_table_int(t, i, row[i].num);
	int rc = e ? SW_EXIT_FAIL : sw_cli_print_table(t, fmt);
	sw_table_free(t);
	return rc;
}

int sw_cli_store_table(struct sw_cli *cli, sw_cli_table_fn *fn, const void *ud, enum sw_fmt fmt)
{
	struct sw_error err = {0};
	struct sw_store *s = NULL;
	struct sw_table *t = NULL;
	sw_err e = sw_cli_open_store(cli, &s, &err);
	if (!e)
		e = fn(s, ud, &t, &err);
	int rc = e ? sw_cli_fail(&err) : sw_cli_print_table(t, fmt);
	sw_table_free(t);
	sw_store_free(s);
	return rc;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: stackwatch [--db PATH] COMMAND [ARGS]\n"
		"\n"
		"stackwatch tracks the open-source AI ecosystem on GitHub: which repos exist in\n"
		"each layer of the AI stack, how fast they grow, and who builds them.\n"
		"\n"
		"Commands:\n");
	for (size_t i = 0; i < sw_ncommands; i++)
		fprintf(f, "  %-12s %s%s\n", sw_commands[i].name, sw_commands[i].summary,
			sw_commands[i].run ? "" : " (not built)");
	fprintf(f,
		"\n"
		"Global options:\n"
		"  --db PATH    the store (default $STACKWATCH_DB, else ./stackwatch.db)\n"
		"  --help       this text; 'stackwatch COMMAND --help' for a command\n"
		"  --version    print the version\n"
		"\n"
		"Exit codes: 0 ok, 1 failure, 2 usage, 3 bad input data (nothing changed),\n"
		"4 not found, 5 rate-limited or locked (rerun later to finish).\n");
}

/* Run a command of the table, or say which subsystem this build lacks. */
static int run_command(struct sw_cli *cli, const struct sw_command *c, int argc, char **argv)
{
	cli->cmd = c->name;
	if (c->run)
		return c->run(cli, argc, argv);
	char opt[32];
	size_t i = 0;
	for (; c->subsystem[i] && i + 1 < sizeof opt; i++)
		opt[i] = (char)toupper((unsigned char)c->subsystem[i]);
	opt[i] = '\0';
	fprintf(stderr, "stackwatch: '%s' is not in this build: it needs the %s subsystem (cmake -DSW_WITH_%s=ON)\n",
		c->name, c->subsystem, opt);
	return SW_EXIT_FAIL;
}

int sw_cmd_help(struct sw_cli *cli, int argc, char **argv);
int sw_cmd_help(struct sw_cli *cli, int argc, char **argv)
{
	if (argc > 1 && !strncmp(argv[1], "--", 2) && strcmp(argv[1], "--help"))
		return sw_help_tools(cli, argc, argv); /* man pages, completion (help_tools.c) */
	if (argc > 1 && strcmp(argv[1], "--help") && strcmp(argv[1], "-h")) {
		for (size_t i = 0; i < sw_ncommands; i++)
			if (!strcmp(argv[1], sw_commands[i].name) && sw_commands[i].run != sw_cmd_help) {
				char *args[] = {argv[1], "--help", NULL};
				return run_command(cli, &sw_commands[i], 2, args);
			}
		return sw_cli_usage("help", "unknown command '%s'", argv[1]);
	}
	usage(stdout);
	return SW_EXIT_OK;
}

/* The global --db PATH (and --db=PATH), before the command; true and
 * *i advanced when argv[*i] was one. */
static bool global_db(struct sw_cli *cli, int argc, char **argv, int *i)
{
	if (!strcmp(argv[*i], "--db") && *i + 1 < argc) {
		cli->db_path = argv[++*i];
		return true;
	}
	if (!strncmp(argv[*i], "--db=", 5)) {
		cli->db_path = argv[*i] + 5;
		return true;
	}
	return false;
}

/* The width text tables fit: $COLUMNS when it is a number, else the
 * terminal's, else the library's default (output to a file or pipe). */
static void set_text_width(void)
{
	const char *c = getenv("COLUMNS");
	int64_t n;
	struct winsize ws;
	if (c && sw_parse_i64(c, &n) && n > 0)
		sw_table_set_width((size_t)n);
	else if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		sw_table_set_width(ws.ws_col);
}

int main(int argc, char **argv)
{
	struct sw_cli cli = {.prog = "stackwatch", .db_path = sw_store_default_path()};
	/* --db after the command, too, and --help: the parser adds this group
	 * to every command's table */
	const struct sw_option common[] = {
		SW_OPT_STRING("db", &cli.db_path, "PATH", "the store (default $STACKWATCH_DB or ./stackwatch.db)"),
		SW_OPT_HELP(),
		SW_OPT_END(),
	};
	cli.common = common;
	const char *nc = getenv("NO_COLOR");
	cli.color = isatty(STDOUT_FILENO) && !(nc && *nc);
	set_text_width();
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (global_db(&cli, argc, argv, &i))
			continue;
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return SW_EXIT_OK;
		}
		if (!strcmp(argv[i], "--version")) {
			puts("stackwatch 0.1.0");
			return SW_EXIT_OK;
		}
		fprintf(stderr, "stackwatch: unknown option '%s'\n", argv[i]);
		usage(stderr);
		return SW_EXIT_USAGE;
	}
	if (i >= argc) {
		usage(stderr);
		return SW_EXIT_USAGE;
	}
	for (size_t k = 0; k < sw_ncommands; k++)
		if (!strcmp(argv[i], sw_commands[k].name))
			return run_command(&cli, &sw_commands[k], argc - i, argv + i);
	fprintf(stderr, "stackwatch: unknown command '%s'; see 'stackwatch help'\n", argv[i]);
	return SW_EXIT_USAGE;
}
