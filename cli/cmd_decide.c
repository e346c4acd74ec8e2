/* cmd_decide.c: `stackwatch decide`: build on open source or buy
 * proprietary? Answers come from flags or, on a terminal, from prompts;
 * the weighing is in lib/decide.c and data/decide_factors.tsv. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "stackwatch/models.h"
#include "stackwatch/core.h"

static void help(const struct sw_models_decide *d)
{
	puts("usage: stackwatch decide [--FACTOR low|medium|high]... [--for SUBCAT] [--format FMT]\n"
	     "\n"
	     "Build on open source or buy proprietary? Weighs the factors below (weights\n"
	     "and reasons are data: data/decide_factors.tsv) and prints the verdict, the\n"
	     "factors that drove it, the current open-vs-closed model lag (when benchmark\n"
	     "scores were imported with 'stackwatch models import') and, with --for, the\n"
	     "tracked open-source repos of that subcategory ranked by health.\n"
	     "\n"
	     "Factors (each low, medium or high):");
	for (size_t i = 0; d && i < sw_models_decide_nfactors(d); i++) {
		const struct sw_models_decide_factor *f = sw_models_decide_factor(d, i);
		printf("  %-20s %s (weight %g; high favours %s)\n", f->flag, f->question, f->weight,
		       f->direction > 0 ? "open source" : "proprietary");
	}
	puts("\n"
	     "Options:\n"
	     "  --for SUBCAT       rank the tracked repos of this subcategory (e.g. Serving)\n"
	     "  --benchmark NAME   benchmark for the lag (default gpqa_diamond)\n"
	     "  --factors FILE     use another factor file (same TSV format)\n"
	     "  --no-input         never prompt (missing answers are neutral)\n"
	     "  --format FMT       table (default), md, json, csv (csv: the options table\n"
	     "                     with --for, else the factor table)\n"
	     "  --db PATH          the store\n"
	     "  --help             this text\n"
	     "\n"
	     "On a terminal, missing answers are asked for (Enter = neutral); otherwise\n"
	     "they count as neutral and the command says so.");
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

int sw_cmd_decide(struct sw_cli *cli, int argc, char **argv)
{
	const char *subcat = NULL, *bench = NULL, *factors = NULL;
	bool no_input = false, want_help = false;
	enum sw_fmt fmt = SW_FMT_TABLE;
	/* the factor file comes first: it defines the flags */
	for (int i = 1; i + 1 < argc; i++)
		if (!strcmp(argv[i], "--factors"))
			factors = argv[i + 1];
	struct sw_error err = {0};
	struct sw_models_decide *d = NULL;
	sw_err e = sw_models_decide_load(factors, &d, &err);
	if (e)
		return sw_cli_fail(&err);
	int lv[SW_MODELS_DECIDE_MAX_FACTORS];
	for (size_t i = 0; i < SW_MODELS_DECIDE_MAX_FACTORS; i++)
		lv[i] = SW_MODELS_DECIDE_UNSET;
	int rc = SW_EXIT_OK;
	for (int i = 1; i < argc && !rc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (sw_cli_common_opt(cli, argc, argv, &i))
			continue;
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			want_help = true;
			continue;
		}
		if (!strcmp(a, "--no-input")) {
			no_input = true;
			continue;
		}
		if (!v) {
			rc = sw_cli_usage("decide", "unknown option '%s' or missing value", a);
			break;
		}
		i++;
		int k = sw_models_decide_find(d, a);
		if (k >= 0) {
			if (sw_models_decide_parse_level(d, (size_t)k, v, &lv[k], &err))
				rc = sw_cli_usage("decide", "%s", sw_error_text(&err));
		} else if (!strcmp(a, "--for"))
			subcat = v;
		else if (!strcmp(a, "--benchmark"))
			bench = v;
		else if (!strcmp(a, "--factors"))
			;
		else if (!strcmp(a, "--format")) {
			if (!sw_cli_format("decide", v, false, &fmt))
				rc = SW_EXIT_USAGE;
		} else
			rc = sw_cli_usage("decide", "unknown option '%s'", a);
	}
	if (want_help && !rc) {
		help(d);
		sw_models_decide_free(d);
		return SW_EXIT_OK;
	}
	if (rc) {
		sw_models_decide_free(d);
		return rc;
	}
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
	struct sw_store *s = NULL;
	struct sw_buf out = SW_BUF_INIT;
	/* The store is optional without --for: the verdict needs no data. */
	if (subcat || access(cli->db_path, F_OK) == 0)
		e = sw_cli_open_store(cli, &s, &err);
	if (!e)
		e = sw_models_decide_render(d, lv, s, subcat, bench, fmt, &out, &err);
	if (!e)
		rc = sw_cli_write(out.data ? out.data : "", out.len) ? SW_EXIT_OK : SW_EXIT_FAIL;
	sw_buf_release(&out);
	sw_store_free(s);
	sw_models_decide_free(d);
	return e ? sw_cli_fail(&err) : rc;
}
