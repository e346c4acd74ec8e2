/* fuzz_core_cli_options.c: libFuzzer target for the CLI's option parser
 * (cli/options.c, with cli/man.c, the man page writer it calls), compiled
 * in here with a table holding every kind of option. The input is an
 * argument vector (arguments separated by NUL bytes). Any vector must
 * parse or be refused as a usage error (exit 2),
 * targets must stay within their bounds, and positional arguments must be
 * arguments that were given. stdout (help) goes to /dev/null. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/man.c"
#include "../cli/options.c"

/* The CLI's own definition prints; here a usage error is only an exit code. */
int sw_cli_usage(const char *cmd, const char *fmt, ...)
{
	(void)cmd;
	(void)fmt;
	return SW_EXIT_USAGE;
}

static bool check_shard(void *target, const char *value, char *msg, size_t msglen)
{
	int *i = target;
	if (sscanf(value, "%d", i) != 1 || *i < 1) {
		snprintf(msg, msglen, "--shard needs I/N");
		return false;
	}
	return true;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (!freopen("/dev/null", "w", stdout))
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	char *copy = malloc(size + 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	char *argv[66] = {"fuzz"};
	int argc = 1;
	for (size_t i = 0; i <= size && argc < 65; i++) /* NUL-separated arguments */
		if (i == 0 || copy[i - 1] == '\0')
			argv[argc++] = copy + i;
	char *given[66];
	memcpy(given, argv, sizeof given);

	bool flag = false;
	const char *str = NULL, *db = NULL;
	int small = 0, shard = 0;
	long all = 0;
	double x = 0;
	enum sw_fmt fmt = SW_FMT_TABLE;
	enum sw_sort sort = SW_SORT_STARS;
	int64_t t = 0, asof = 0, dur = 0;
	const struct sw_option common_db[] = {SW_OPT_STRING("db", &db, "PATH", "the store"), SW_OPT_HELP(),
					      SW_OPT_END()};
	const struct sw_option opts[] = {
		SW_OPT_HEADING("Fuzzed:"),
		SW_OPT_FLAG("flag", &flag, "a flag"),
		SW_OPT_STRING("str", &str, "S", "a string"),
		SW_OPT_INT("small", &small, -5, 100, "N", "an int"),
		SW_OPT_INT_ALL("all", &all, 0, SW_OPT_MANY, "N", "a number or all"),
		SW_OPT_DOUBLE("x", &x, 0, 1, "X", "a fraction"),
		SW_OPT_FORMAT(&fmt, SW_FMTS_HTML, SW_FMT_TABLE, "format"),
		SW_OPT_SORT(&sort, SW_SORT_STARS, "sort key"),
		SW_OPT_TIME("time", &t, "T", "a time"),
		SW_OPT_AS_OF(&asof, "as of"),
		SW_OPT_DURATION("every", &dur, 60, "D", "a duration"),
		SW_OPT_CALLBACK("shard", &shard, check_shard, "I/N", "a shard"),
		SW_OPT_END(),
	};
	struct sw_cli cli = {.prog = "stackwatch", .cmd = "fuzz", .common = common_db};
	static const struct sw_cmd_doc doc = {.usage = "usage: fuzz [OPTIONS] [ARG...]",
					      .about = "A command with every kind of option.",
					      .args = {"ARG", 0, 3}};
	int nargs = 0;
	int rc = sw_opt_parse(&cli, &doc, opts, argc, argv, &nargs);
	if (rc != SW_OPT_CONTINUE && rc != SW_EXIT_OK && rc != SW_EXIT_USAGE)
		abort();
	if (small < -5 || small > 100 || x < 0 || x > 1 || (all < 0 && all != -1) || (dur && dur < 60))
		abort();
	if ((unsigned)fmt > SW_FMT_HTML || (unsigned)sort >= SW_SORT_COUNT_)
		abort();
	if (rc == SW_OPT_CONTINUE) {
		if (nargs < 0 || nargs > 3)
			abort();
		for (int i = 0; i < nargs; i++) { /* each positional is one of the given arguments */
			bool found = false;
			for (int j = 1; j < argc && !found; j++)
				found = argv[i] == given[j];
			if (!found)
				abort();
		}
	}
	free(copy);
	return 0;
}
