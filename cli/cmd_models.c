/* cmd_models.c: `stackwatch models`: import benchmark files, show the
 * open-weights vs closed frontier and lag. Logic is in lib/models/. */
#include <stdio.h>

#include "cli.h"
#include "stackwatch/models.h"
#include "stackwatch/core.h"

static int write_out(const char *path, const struct sw_buf *b)
{
	if (!path)
		return sw_cli_write(b->data ? b->data : "", b->len) ? SW_EXIT_OK : SW_EXIT_FAIL;
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(b->data ? b->data : "", 1, b->len, f) != b->len || fclose(f) != 0) {
		struct sw_error err;
		sw_error_set(&err, SW_EIO, "%s: cannot write", path);
		if (f)
			fclose(f);
		return sw_cli_fail(&err);
	}
	sw_cli_info("wrote %s", path);
	return SW_EXIT_OK;
}

static const struct sw_cmd_doc import_doc = {
	.usage = "stackwatch models import FILE...",
	.about = "Epoch AI Benchmarking Hub exports (epoch-hub-<benchmark>.csv and "
		 "epoch-hub-epoch_capabilities_index.csv, which gives model names and accessibility; import "
		 "both) or a simple CSV with the header\n"
		 "  model,organisation,country,release_date,open_weights,benchmark,score\n"
		 "(optional column version; open_weights yes/no/unknown). All files are imported in one "
		 "transaction: on any error nothing is changed.",
	.args = {"FILE", 1, -1},
};

static int import(struct sw_cli *cli, const char *const *files, size_t n)
{
	struct sw_error err = {0};
	struct sw_store *s = NULL;
	struct sw_models_import_result res;
	sw_err e = sw_cli_open_store(cli, &s, &err);
	if (!e)
		e = sw_models_import_files(s, files, n, &res, &err);
	if (!e)
		sw_cli_info("imported %zu model versions and %zu scores from %zu file(s)", res.versions, res.scores,
			    res.files);
	sw_store_free(s);
	return e ? sw_cli_fail(&err) : SW_EXIT_OK;
}

static int cmd_import(struct sw_cli *cli, int argc, char **argv)
{
	const struct sw_option opts[] = {SW_OPT_END()};
	int nfiles, rc = sw_opt_parse(cli, &import_doc, opts, argc, argv, &nfiles);
	return rc != SW_OPT_CONTINUE ? rc : import(cli, (const char *const *)argv, (size_t)nfiles);
}

static const struct sw_cmd_doc frontier_doc = {
	.usage = "stackwatch models frontier [--benchmark NAME] [--as-of DATE] [--table NAME]\n"
		 "                           [--format FMT] [--out FILE]",
	.about = "The running-best frontiers of open-weights and closed models on one benchmark and how many "
		 "months open weights lag behind.",
	.epilogue = "Lag = release date of the open model minus the first date a closed model scored at least as "
		    "much, in months of 30.4375 days. Unknown accessibility is counted as unknown, never as open "
		    "or closed.",
};

struct frontier_args {
	const char *bench, *table, *out, *as_of;
	enum sw_fmt fmt;
};

static int frontier(struct sw_cli *cli, const struct frontier_args *a)
{
	struct sw_error err = {0};
	struct sw_store *s = NULL;
	struct sw_models_frontier *f = NULL;
	struct sw_buf b = SW_BUF_INIT;
	int rc = SW_EXIT_OK;
	sw_err e = sw_cli_open_store(cli, &s, &err);
	if (!e)
		e = sw_models_frontier_compute_as_of(s, a->bench, a->as_of, &f, &err);
	if (!e)
		e = sw_models_render(f, a->fmt, a->table, &b, &err);
	if (!e)
		rc = write_out(a->out, &b);
	sw_models_frontier_free(f);
	sw_buf_release(&b);
	sw_store_free(s);
	return e ? sw_cli_fail(&err) : rc;
}

static int cmd_frontier(struct sw_cli *cli, int argc, char **argv)
{
	struct frontier_args a = {.bench = "gpqa_diamond"};
	const struct sw_option opts[] = {
		SW_OPT_STRING("benchmark", &a.bench, "NAME", "benchmark (default gpqa_diamond; see 'models benchmarks')"),
		SW_OPT_STRING("table", &a.table, "NAME",
			      "one table: summary, models, frontier, open_lag, closed_frontier, countries, org_best, "
			      "periods, fallen_back; or all. Without it: the finding, summary, frontier, open_lag and "
			      "closed_frontier (csv: the frontier table; json: every table)"),
		SW_OPT_FORMAT(&a.fmt, SW_FMTS_HTML, SW_FMT_TABLE, "html is a self-contained page with the chart"),
		SW_OPT_STRING("out", &a.out, "FILE", "write to FILE instead of stdout"),
		/* a string: the library takes the day itself (YYYY-MM-DD) and says what is wrong with it */
		SW_OPT_STRING("as-of", &a.as_of, "DATE",
			      "the picture as it stood on DATE (YYYY-MM-DD): later releases are left out"),
		SW_OPT_END(),
	};
	int nargs, rc = sw_opt_parse(cli, &frontier_doc, opts, argc, argv, &nargs);
	if (rc != SW_OPT_CONTINUE)
		return rc;
	if (a.table && a.fmt == SW_FMT_HTML)
		return sw_cli_usage(cli->cmd, "--table cannot be combined with --format html");
	return frontier(cli, &a);
}

static const struct sw_cmd_doc benchmarks_doc = {
	.usage = "stackwatch models benchmarks [--format FMT]",
	.about = "The benchmarks with imported scores.",
};

static sw_err benchmarks(struct sw_store *s, const void *ud, struct sw_table **out, struct sw_error *err)
{
	(void)ud;
	return sw_models_benchmarks(s, out, err);
}

static int cmd_benchmarks(struct sw_cli *cli, int argc, char **argv)
{
	enum sw_fmt fmt;
	const struct sw_option opts[] = {
		SW_OPT_FORMAT(&fmt, SW_FMTS_HTML, SW_FMT_TABLE, "html is a bare <table>"),
		SW_OPT_END(),
	};
	int nargs, rc = sw_opt_parse(cli, &benchmarks_doc, opts, argc, argv, &nargs);
	return rc != SW_OPT_CONTINUE ? rc : sw_cli_store_table(cli, benchmarks, NULL, fmt);
}

static const struct sw_cmd_doc doc = {
	.usage = "stackwatch models import|frontier|benchmarks [OPTIONS]",
	.about = "Open weights vs proprietary: benchmark scores over time, the running-best frontiers and how many "
		 "months open-weights models lag behind closed ones.",
	.epilogue = "Data: Epoch AI, AI Benchmarking Hub (CC BY 4.0).",
};

int sw_cmd_models(struct sw_cli *cli, int argc, char **argv)
{
	static const struct sw_subcommand subs[] = {
		{"import", cmd_import}, {"frontier", cmd_frontier}, {"benchmarks", cmd_benchmarks}, {NULL, NULL}};
	return sw_opt_subcommand(cli, &doc, subs, argc, argv);
}
