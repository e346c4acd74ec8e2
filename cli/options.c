/* options.c: the one option parser and help writer of the CLI (options.h).
 * Every usage error of an option is worded here, once per kind, so that
 * the commands cannot drift apart again. The help goes out as text, as man
 * page sections (man.c writes the roff) or as the names alone (shell
 * completion), always from the same tables. */
#include <string.h>

#include "cli.h"
#include "man.h"
#include "options.h"

#define HELP_WIDTH 80 /* help lines are at most this wide */
#define LEFT_MAX 24   /* "--name ARG" wider than this puts its help on the next line */

static enum sw_help_style help_style = SW_HELP_TEXT;

void sw_opt_set_help_style(enum sw_help_style style)
{
	help_style = style;
}

/* In enum sw_fmt order. */
static const char *const fmt_names[] = {"table", "csv", "json", "md", "html"};

/* ---- choices: the words of --format and --sort, for messages and help ---- */

/* names[i] for each bit i of mask, as "a, b or c" (a message) or, with
 * def >= 0, "a, b (default), c" (help). */
static void choices(char *out, size_t len, const char *const *names, size_t n, uint64_t mask, int def)
{
	size_t count = 0, used = 0, k = 0;
	out[0] = '\0';
	for (size_t i = 0; i < n; i++)
		count += (mask >> i) & 1;
	for (size_t i = 0; i < n && used < len; i++) {
		if (!((mask >> i) & 1))
			continue;
		const char *sep = !k ? "" : (def < 0 && k + 1 == count) ? " or " : ", ";
		int w = snprintf(out + used, len - used, "%s%s%s", sep, names[i], (int)i == def ? " (default)" : "");
		used += w > 0 ? (size_t)w : 0;
		k++;
	}
}

static void sort_names(const char *names[SW_SORT_COUNT_])
{
	for (int i = 0; i < SW_SORT_COUNT_; i++)
		names[i] = sw_sort_name((enum sw_sort)i);
}

/* ---- values ---- */

/* Store v into an integer of `size` bytes (the tables point at int, long,
 * size_t, int64_t ... fields alike; the bounds keep v in range). */
static void store_int(void *target, size_t size, int64_t v)
{
	if (size == sizeof(int32_t)) {
		int32_t x = (int32_t)v;
		memcpy(target, &x, sizeof x);
	} else if (size == sizeof(int16_t)) {
		int16_t x = (int16_t)v;
		memcpy(target, &x, sizeof x);
	} else if (size == sizeof(int8_t)) {
		int8_t x = (int8_t)v;
		memcpy(target, &x, sizeof x);
	} else
		memcpy(target, &v, sizeof v);
}

static bool parse_int(const struct sw_option *o, const char *v, char *msg, size_t len)
{
	int64_t n;
	if (o->kind == SW_OPTION_INT_ALL && !strcmp(v, "all")) {
		store_int(o->target, o->size, -1);
		return true;
	}
	if (sw_parse_i64(v, &n) && n >= o->min && n <= o->max) {
		store_int(o->target, o->size, n);
		return true;
	}
	const char *all = o->kind == SW_OPTION_INT_ALL ? " or 'all'" : "";
	if (o->max >= SW_OPT_MANY)
		snprintf(msg, len, "--%s needs a number >= %lld%s", o->name, (long long)o->min, all);
	else
		snprintf(msg, len, "--%s needs a number from %lld to %lld%s", o->name, (long long)o->min,
			 (long long)o->max, all);
	return false;
}

bool sw_opt_set_shard(void *target, const char *v, char *msg, size_t len)
{
	const struct sw_opt_shard *sh = target;
	int si, sn, used = 0;
	if (sscanf(v, "%d/%d%n", &si, &sn, &used) != 2 || v[used] || sn < 1 || si < 1 || si > sn) {
		snprintf(msg, len, "--shard needs I/N with 1 <= I <= N");
		return false;
	}
	*sh->i = si;
	*sh->n = sn;
	return true;
}

bool sw_opt_add_to_list(void *target, const char *v, char *msg, size_t len)
{
	struct sw_opt_list *l = target;
	if (l->n == l->max) {
		snprintf(msg, len, "%s", l->too_many);
		return false;
	}
	l->v[l->n++] = v;
	return true;
}

static bool parse_choice(const struct sw_option *o, const char *v, char *msg, size_t len)
{
	char list[256];
	if (o->kind == SW_OPTION_FORMAT) {
		enum sw_fmt f;
		if (sw_fmt_parse(v, &f) && ((o->formats >> f) & 1)) {
			*(enum sw_fmt *)o->target = f;
			return true;
		}
		choices(list, sizeof list, fmt_names, sizeof fmt_names / sizeof *fmt_names, o->formats, -1);
	} else {
		const char *names[SW_SORT_COUNT_];
		if (sw_sort_parse(v, o->target))
			return true;
		sort_names(names);
		choices(list, sizeof list, names, SW_SORT_COUNT_, ~(uint64_t)0, -1);
	}
	snprintf(msg, len, "--%s must be %s", o->name, list);
	return false;
}

static bool parse_time(const struct sw_option *o, const char *v, char *msg, size_t len)
{
	int64_t *t = o->target;
	switch (o->kind) {
	case SW_OPTION_AS_OF:
		if (sw_time_parse_as_of(v, t))
			return true;
		snprintf(msg, len, "--%s needs a date like 2024-11-05", o->name);
		return false;
	case SW_OPTION_TIME:
		if (sw_time_parse(v, t))
			return true;
		snprintf(msg, len, "--%s needs a date like 2024-11-05 or a time like 2024-11-05T10:00:00Z", o->name);
		return false;
	default: { /* SW_OPTION_DURATION; stored only when valid, like every kind */
		int64_t d;
		if (sw_time_parse_duration(v, &d) && d >= o->min) {
			*t = d;
			return true;
		}
		snprintf(msg, len, "--%s needs a duration like 6h, 30m or 1d", o->name);
		return false;
	}
	}
}

/* Check and store the value of o; false with the message in msg. */
static bool apply(const struct sw_option *o, const char *v, char *msg, size_t len)
{
	double d;
	switch (o->kind) {
	case SW_OPTION_STRING:
		*(const char **)o->target = v;
		return true;
	case SW_OPTION_INT:
	case SW_OPTION_INT_ALL:
		return parse_int(o, v, msg, len);
	case SW_OPTION_DOUBLE:
		if (sw_parse_double(v, &d) && d >= o->dmin && d <= o->dmax) {
			*(double *)o->target = d;
			return true;
		}
		snprintf(msg, len, "--%s needs a number from %g to %g", o->name, o->dmin, o->dmax);
		return false;
	case SW_OPTION_FORMAT:
	case SW_OPTION_SORT:
		return parse_choice(o, v, msg, len);
	case SW_OPTION_CALLBACK:
		return o->cb(o->target, v, msg, len);
	default:
		return parse_time(o, v, msg, len);
	}
}

/* ---- help ---- */

/* Print text[0..len) from column col (the cursor is there), wrapping
 * before HELP_WIDTH; '\n' in it starts a new line at col. */
static void print_wrapped(FILE *f, const char *text, size_t len, int col)
{
	const char *end = text + len;
	int x = col;
	while (text < end) {
		if (*text == '\n') {
			fprintf(f, "\n%*s", col, "");
			x = col;
			text++;
			continue;
		}
		int w = 0;
		while (text + w < end && text[w] != ' ' && text[w] != '\n')
			w++;
		if (x > col && x + 1 + w > HELP_WIDTH) {
			fprintf(f, "\n%*s", col, "");
			x = col;
		} else if (x > col) {
			fputc(' ', f);
			x++;
		}
		fwrite(text, 1, (size_t)w, f);
		x += w;
		text += w;
		while (text < end && *text == ' ')
			text++;
	}
	fputc('\n', f);
}

/* Prose (about, epilogue): each line a paragraph, wrapped; a line that
 * starts with a space (a table, a command) and an empty one as written. */
static void print_text(FILE *f, const char *text)
{
	if (help_style != SW_HELP_TEXT) {
		if (help_style == SW_HELP_MAN)
			sw_man_text(f, text);
		return;
	}
	while (*text) {
		size_t n = strcspn(text, "\n");
		if (text[0] == ' ' || !n)
			fprintf(f, "%.*s\n", (int)n, text);
		else
			print_wrapped(f, text, n, 0);
		text += n + (text[n] == '\n');
	}
}

/* "--name ARG" of an entry. */
static int left_part(const struct sw_option *o, char *out, size_t len)
{
	return snprintf(out, len, "--%s%s%s", o->name, o->argh ? " " : "", o->argh ? o->argh : "");
}

/* The widest "--name ARG" up to LEFT_MAX, for the help column. */
static int left_width(const struct sw_option *o, int w)
{
	char buf[128];
	for (; o->kind != SW_OPTION_END; o++) {
		int n = o->kind == SW_OPTION_GROUP ? left_width(o->group, w) : o->name ? left_part(o, buf, sizeof buf) : 0;
		if (n > w && n <= LEFT_MAX)
			w = n;
	}
	return w;
}

/* The help text of one entry: generated choices first for --format/--sort. */
static void entry_help(const struct sw_option *o, char *out, size_t len)
{
	char list[256];
	const char *names[SW_SORT_COUNT_];
	if (o->kind == SW_OPTION_FORMAT)
		choices(list, sizeof list, fmt_names, sizeof fmt_names / sizeof *fmt_names, o->formats, o->def);
	else if (o->kind == SW_OPTION_SORT) {
		sort_names(names);
		choices(list, sizeof list, names, SW_SORT_COUNT_, ~(uint64_t)0, o->def);
	} else {
		snprintf(out, len, "%s", o->help ? o->help : "");
		return;
	}
	snprintf(out, len, "%s%s%s", list, o->help ? "; " : "", o->help ? o->help : "");
}

static void print_entries(const struct sw_option *o, int col, bool first, FILE *f)
{
	char left[128], help[2048];
	for (; o->kind != SW_OPTION_END; o++, first = false) {
		if (o->kind == SW_OPTION_GROUP) {
			print_entries(o->group, col, first, f);
			continue;
		}
		if (o->kind == SW_OPTION_HEADING) {
			if (help_style == SW_HELP_MAN)
				sw_man_heading(f, o->help);
			else if (help_style == SW_HELP_TEXT)
				fprintf(f, "%s%s\n", first ? "" : "\n", o->help);
			continue;
		}
		int n = left_part(o, left, sizeof left);
		entry_help(o, help, sizeof help);
		if (help_style != SW_HELP_TEXT) {
			if (help_style == SW_HELP_MAN)
				sw_man_option(f, left, help);
			else
				fprintf(f, "--%s\n", o->name);
			continue;
		}
		fprintf(f, "  %s", left);
		if (n + 2 > col - 2)
			fprintf(f, "\n%*s", col, "");
		else
			fprintf(f, "%*s", col - 2 - n, "");
		print_wrapped(f, help, strlen(help), col);
	}
}

/* The usage lines and the about text. */
static void help_head(const struct sw_cmd_doc *doc, FILE *f)
{
	if (help_style != SW_HELP_TEXT) {
		if (help_style == SW_HELP_MAN)
			sw_man_head(f, doc->usage, doc->about);
		return;
	}
	const char *u = doc->usage;
	for (bool first = true; *u; first = false) {
		size_t n = strcspn(u, "\n");
		fprintf(f, "%s%.*s\n", first ? "usage: " : "       ", (int)n, u);
		u += n + (u[n] == '\n');
	}
	if (doc->about) {
		fputc('\n', f);
		print_text(f, doc->about);
	}
}

/* The whole --help text: usage, about, the options of the table, epilogue. */
static void help(const struct sw_cmd_doc *doc, const struct sw_option *opts, FILE *f)
{
	help_head(doc, f);
	int col = 2 + left_width(opts, 0) + 2;
	const struct sw_option *first = opts;
	while (first->kind == SW_OPTION_GROUP)
		first = first->group;
	if (help_style == SW_HELP_MAN && first->kind != SW_OPTION_HEADING)
		sw_man_heading(f, NULL);
	else if (help_style == SW_HELP_TEXT) {
		fputc('\n', f);
		if (first->kind != SW_OPTION_HEADING) /* else the table names its own parts */
			fputs("Options:\n", f);
	}
	print_entries(opts, col, true, f);
	if (doc->epilogue) {
		if (help_style == SW_HELP_TEXT)
			fputc('\n', f);
		print_text(f, doc->epilogue);
	}
}

/* ---- the table ---- */

/* The entry named name[0..len), looking into groups; NULL if none. */
static const struct sw_option *find(const struct sw_option *o, const char *name, size_t len)
{
	for (; o->kind != SW_OPTION_END; o++) {
		const struct sw_option *g = o->kind == SW_OPTION_GROUP ? find(o->group, name, len) : NULL;
		if (g)
			return g;
		if (o->name && strlen(o->name) == len && !strncmp(o->name, name, len))
			return o;
	}
	return NULL;
}

/* Whether table t has the group g, at any depth. */
static bool includes(const struct sw_option *t, const struct sw_option *g)
{
	for (; t->kind != SW_OPTION_END; t++)
		if (t->kind == SW_OPTION_GROUP && (t->group == g || includes(t->group, g)))
			return true;
	return false;
}

/* The table is where defaults of --format and --sort live: set them. */
static void set_defaults(const struct sw_option *o)
{
	for (; o->kind != SW_OPTION_END; o++) {
		if (o->kind == SW_OPTION_GROUP)
			set_defaults(o->group);
		else if (o->kind == SW_OPTION_FORMAT)
			*(enum sw_fmt *)o->target = (enum sw_fmt)o->def;
		else if (o->kind == SW_OPTION_SORT)
			*(enum sw_sort *)o->target = (enum sw_sort)o->def;
	}
}

/* One option at argv[*i] ("--name", "--name=value"); takes its value from
 * argv[*i + 1] when needed. Returns an exit code, or SW_OPT_CONTINUE. */
static int parse_one(const char *cmd, const struct sw_cmd_doc *doc, const struct sw_option *opts, int argc,
		     char **argv, int *i)
{
	const char *a = argv[*i];
	const char *eq = a[1] == '-' ? strchr(a, '=') : NULL;
	size_t len = eq ? (size_t)(eq - a) : strlen(a);
	const struct sw_option *o = a[1] == '-' ? find(opts, a + 2, len - 2) : NULL;
	if (!o)
		return sw_cli_usage(cmd, "unknown option '%.*s'", (int)len, a);
	if (eq && (o->kind == SW_OPTION_FLAG || o->kind == SW_OPTION_HELP))
		return sw_cli_usage(cmd, "--%s takes no value", o->name);
	if (o->kind == SW_OPTION_HELP) {
		help(doc, opts, stdout);
		return SW_EXIT_OK;
	}
	if (o->kind == SW_OPTION_FLAG) {
		*(bool *)o->target = true;
		return SW_OPT_CONTINUE;
	}
	const char *v = eq ? eq + 1 : *i + 1 < argc ? argv[++*i] : NULL;
	if (!v)
		return sw_cli_usage(cmd, "--%s needs a value", o->name);
	char msg[512];
	if (!apply(o, v, msg, sizeof msg))
		return sw_cli_usage(cmd, "%s", msg);
	return SW_OPT_CONTINUE;
}

int sw_opt_parse(const struct sw_cli *cli, const struct sw_cmd_doc *doc, const struct sw_option *opts, int argc,
		 char **argv, int *nargs)
{
	/* the command's options, then those of every command */
	struct sw_option all[] = {SW_OPT_GROUP(opts), SW_OPT_GROUP(cli->common), SW_OPT_END()};
	if (includes(opts, cli->common)) /* the table placed them itself */
		all[1] = all[2];
	int n = 0;
	bool only_args = false;
	set_defaults(all);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		int rc;
		if (only_args || a[0] != '-' || !a[1]) { /* "-" is an argument: stdin */
			argv[n++] = argv[i];
		} else if (!strcmp(a, "--")) {
			only_args = true;
		} else if (!strcmp(a, "-h")) { /* the one short option */
			help(doc, all, stdout);
			return SW_EXIT_OK;
		} else if ((rc = parse_one(cli->cmd, doc, all, argc, argv, &i)) != SW_OPT_CONTINUE)
			return rc;
	}
	if (n < doc->args.min)
		return sw_cli_usage(cli->cmd, "no %s given", doc->args.name);
	if (doc->args.max >= 0 && n > doc->args.max)
		return sw_cli_usage(cli->cmd, "unexpected argument '%s'", argv[doc->args.max]);
	*nargs = n;
	return SW_OPT_CONTINUE;
}

/* ---- subcommands ---- */

/* Run sub as "CMD SUB" (cli->cmd). */
static int run_sub(struct sw_cli *cli, const struct sw_subcommand *sub, int argc, char **argv)
{
	char name[sizeof cli->cmd_buf];
	snprintf(name, sizeof name, "%s %s", cli->cmd, sub->name);
	memcpy(cli->cmd_buf, name, sizeof name);
	cli->cmd = cli->cmd_buf;
	return sub->run(cli, argc, argv);
}

/* The command's --help: doc's usage and about, each subcommand's --help,
 * doc's epilogue. Without a doc, one subcommand's help says it all. */
static int subcommands_help(struct sw_cli *cli, const struct sw_cmd_doc *doc, const struct sw_subcommand *subs)
{
	const char *cmd = cli->cmd;
	if (doc)
		help_head(doc, stdout);
	for (const struct sw_subcommand *sub = subs; sub->name; sub++) {
		char *args[] = {(char *)sub->name, "--help", NULL};
		if (help_style == SW_HELP_NAMES)
			printf("%s\n", sub->name);
		else if (help_style == SW_HELP_TEXT && (doc || sub != subs))
			fputc('\n', stdout);
		run_sub(cli, sub, 2, args);
		cli->cmd = cmd;
	}
	if (doc && doc->epilogue) {
		if (help_style == SW_HELP_TEXT)
			fputc('\n', stdout);
		print_text(stdout, doc->epilogue);
	}
	return SW_EXIT_OK;
}

int sw_opt_subcommand(struct sw_cli *cli, const struct sw_cmd_doc *doc, const struct sw_subcommand *subs, int argc,
		      char **argv)
{
	const char *names[16];
	char list[256];
	size_t n = 0;
	while (n < 16 && subs[n].name)
		names[n] = subs[n].name, n++;
	choices(list, sizeof list, names, n, ~(uint64_t)0, -1);
	if (argc < 2)
		return sw_cli_usage(cli->cmd, "missing subcommand: %s", list);
	for (const struct sw_subcommand *sub = subs; sub->name; sub++)
		if (!strcmp(argv[1], sub->name))
			return run_sub(cli, sub, argc - 1, argv + 1);
	if (strcmp(argv[1], "--help") && strcmp(argv[1], "-h") && strcmp(argv[1], "help"))
		return sw_cli_usage(cli->cmd, "unknown subcommand '%s' (known: %s)", argv[1], list);
	return subcommands_help(cli, doc, subs);
}
