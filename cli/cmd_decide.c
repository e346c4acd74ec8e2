/* cmd_decide.c: `stackwatch decide`: build on open source or buy
 * proprietary? Answers come from flags or, on a terminal, from prompts;
 * the weighing is in lib/models/decide.c and data/decide_factors.tsv. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "stackwatch/models.h"
#include "stackwatch/core.h"

static const struct sw_cmd_doc doc = {
	.usage = "stackwatch decide [--FACTOR low|medium|high]... [--for SUBCAT] [--format FMT]",
	.about = "Build on open source or buy proprietary? Weighs the factors below (weights and reasons are "
		 "data: data/decide_factors.tsv) and prints the verdict, the factors that drove it, the "
		 "current open-vs-closed model lag (when benchmark scores were imported with 'stackwatch "
		 "models import') and, with --for, the tracked open-source repos of that subcategory ranked "
		 "by health.",
	.epilogue = "On a terminal, missing answers are asked for (Enter = neutral); otherwise they count as "
		    "neutral and the command says so.",
};

/* What the option of one factor sets. */
struct factor_arg {
	const struct sw_models_decide *d;
	size_t i;
	int *level;
};

static bool set_level(void *target, const char *v, char *msg, size_t len)
{
	const struct factor_arg *fa = target;
	struct sw_error err = {0};
	if (sw_models_decide_parse_level(fa->d, fa->i, v, fa->level, &err) == SW_OK)
		return true;
	snprintf(msg, len, "%s", sw_error_text(&err));
	return false;
}

/* The factor file defines the factor options, so it is read before the
 * others are parsed. */
static const char *factors_path(int argc, char **argv)
{
	const char *path = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--factors") && i + 1 < argc)
			path = argv[++i];
		else if (!strncmp(argv[i], "--factors=", 10))
			path = argv[i] + 10;
	}
	return path;
}

/* One entry per factor of d into out (heading first); returns how many. */
static size_t factor_options(const struct sw_models_decide *d, int *lv, struct factor_arg *fa,
			     char (*help)[320], struct sw_option *out)
{
	size_t n = sw_models_decide_nfactors(d);
	out[0] = (struct sw_option)SW_OPT_HEADING("Factors (each LEVEL is low, medium or high):");
	for (size_t i = 0; i < n; i++) {
		const struct sw_models_decide_factor *f = sw_models_decide_factor(d, i);
		const char *name = strncmp(f->flag, "--", 2) ? f->flag : f->flag + 2;
		fa[i] = (struct factor_arg){d, i, &lv[i]};
		/* the weight on a line of its own: wrapping never splits it */
		snprintf(help[i], sizeof help[i], "%s\n(weight %g; high favours %s)", f->question, f->weight,
			 f->direction > 0 ? "open source" : "proprietary");
		out[i + 1] = (struct sw_option)SW_OPT_CALLBACK(name, &fa[i], set_level, "LEVEL", help[i]);
	}
	return n + 1;
}

/* Ask for each unanswered factor on the terminal. */
static void prompt(const struct sw_models_decide *d, int *lv)
{
	char line[128];
	for (size_t i = 0; i < sw_models_decide_nfactors(d); i++) {
		if (lv[i] != SW_MODELS_DECIDE_UNSET)
			continue;
		const struct sw_models_decide_factor *f = sw_models_decide_factor(d, i);
		for (;;) {
			fprintf(stderr, "%s [low/medium/high, Enter = neutral]: ", f->question);
			fflush(stderr);
			if (!fgets(line, sizeof line, stdin))
				return;
			line[strcspn(line, "\r\n")] = '\0';
			char *t = sw_str_trim(line);
			if (!*t)
				break;
			struct sw_error err = {0};
			if (sw_models_decide_parse_level(d, i, t, &lv[i], &err) == SW_OK)
				break;
			fprintf(stderr, "%s\n", sw_error_text(&err));
		}
	}
}

/* Ask or note the missing answers, then weigh and print. */
static int decide(struct sw_cli *cli, const struct sw_models_decide *d, int *lv, const char *subcat,
		  const char *bench, bool no_input, enum sw_fmt fmt)
{
	if (!no_input && isatty(STDIN_FILENO) && isatty(STDERR_FILENO))
		prompt(d, lv);
	struct sw_buf missing = SW_BUF_INIT;
	for (size_t i = 0; i < sw_models_decide_nfactors(d); i++)
		if (lv[i] == SW_MODELS_DECIDE_UNSET &&
		    sw_buf_printf(&missing, "%s%s", missing.len ? ", " : "", sw_models_decide_factor(d, i)->flag))
			break;
	if (missing.len)
		sw_cli_info("not answered, counted as neutral: %s", missing.data);
	sw_buf_release(&missing);
	struct sw_error err = {0};
	struct sw_store *s = NULL;
	struct sw_buf out = SW_BUF_INIT;
	sw_err e = SW_OK;
	int rc = SW_EXIT_OK;
	/* The store is optional without --for: the verdict needs no data. */
	if (subcat || access(cli->db_path, F_OK) == 0)
		e = sw_cli_open_store(cli, &s, &err);
	if (!e)
		e = sw_models_decide_render(d, lv, s, subcat, bench, fmt, &out, &err);
	if (!e)
		rc = sw_cli_write(out.data ? out.data : "", out.len) ? SW_EXIT_OK : SW_EXIT_FAIL;
	sw_buf_release(&out);
	sw_store_free(s);
	return e ? sw_cli_fail(&err) : rc;
}

int sw_cmd_decide(struct sw_cli *cli, int argc, char **argv)
{
	const char *subcat = NULL, *bench = NULL, *factors = factors_path(argc, argv);
	bool no_input = false;
	enum sw_fmt fmt;
	struct sw_error err = {0};
	struct sw_models_decide *d = NULL;
	if (sw_models_decide_load(factors, &d, &err))
		return sw_cli_fail(&err);
	int lv[SW_MODELS_DECIDE_MAX_FACTORS];
	for (size_t i = 0; i < SW_MODELS_DECIDE_MAX_FACTORS; i++)
		lv[i] = SW_MODELS_DECIDE_UNSET;
	const struct sw_option rest[] = {
		SW_OPT_STRING("for", &subcat, "SUBCAT", "rank the tracked repos of this subcategory (e.g. Serving)"),
		SW_OPT_STRING("benchmark", &bench, "NAME", "benchmark for the lag (default gpqa_diamond)"),
		SW_OPT_STRING("factors", &factors, "FILE", "use another factor file (same TSV format)"),
		SW_OPT_FLAG("no-input", &no_input, "never prompt (missing answers are neutral)"),
		SW_OPT_FORMAT(&fmt, SW_FMTS_TEXT, SW_FMT_TABLE, "csv: the options table with --for, else the factor table"),
		SW_OPT_END(),
	};
	struct factor_arg fa[SW_MODELS_DECIDE_MAX_FACTORS];
	char help[SW_MODELS_DECIDE_MAX_FACTORS][320];
	struct sw_option opts[SW_MODELS_DECIDE_MAX_FACTORS + 4];
	size_t n = factor_options(d, lv, fa, help, opts);
	opts[n++] = (struct sw_option)SW_OPT_HEADING("Options:");
	opts[n++] = (struct sw_option)SW_OPT_GROUP(rest);
	opts[n] = (struct sw_option)SW_OPT_END();
	int nargs, rc = sw_opt_parse(cli, &doc, opts, argc, argv, &nargs);
	if (rc == SW_OPT_CONTINUE)
		rc = decide(cli, d, lv, subcat, bench, no_input, fmt);
	sw_models_decide_free(d);
	return rc;
}
