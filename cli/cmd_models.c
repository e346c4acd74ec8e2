/* cmd_models.c: `stackwatch models`: import benchmark files, show the
 * open-weights vs closed frontier and lag. Logic is in lib/models*.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "stackwatch/models.h"
#include "stackwatch/core.h"

static void help(void)
{
	puts("usage: stackwatch models import FILE...\n"
	     "       stackwatch models frontier [--benchmark NAME] [--as-of DATE] [--table NAME]\n"
	     "                                  [--format FMT] [--out FILE]\n"
	     "       stackwatch models benchmarks [--format FMT]\n"
	     "\n"
	     "Open weights vs proprietary: benchmark scores over time, the running-best\n"
	     "frontiers and how many months open-weights models lag behind closed ones.\n"
	     "\n"
	     "import: Epoch AI Benchmarking Hub exports (epoch-hub-<benchmark>.csv and\n"
	     "  epoch-hub-epoch_capabilities_index.csv, which gives model names and\n"
	     "  accessibility; import both) or a simple CSV with the header\n"
	     "  model,organisation,country,release_date,open_weights,benchmark,score\n"
	     "  (optional column version; open_weights yes/no/unknown). All files are\n"
	     "  imported in one transaction: on any error nothing is changed.\n"
	     "\n"
	     "frontier options:\n"
	     "  --benchmark NAME  benchmark (default gpqa_diamond; see 'models benchmarks')\n"
	     "  --table NAME      only one table: summary, models, frontier, open_lag,\n"
	     "                    closed_frontier, countries, org_best, periods, fallen_back\n"
	     "                    (csv shows one table; default frontier)\n"
	     "  --format FMT      table (default), md, json, csv, html (a self-contained page\n"
	     "                    with the chart)\n"
	     "  --out FILE        write to FILE instead of stdout\n"
	     "  --as-of DATE      the picture as it stood on DATE (YYYY-MM-DD): later\n"
	     "                    releases are left out\n"
	     "  --db PATH         the store\n"
	     "  --help            this text\n"
	     "\n"
	     "Lag = release date of the open model minus the first date a closed model\n"
	     "scored at least as much, in months of 30.4375 days. Unknown accessibility\n"
	     "is counted as unknown, never as open or closed.\n"
	     "Data: Epoch AI, AI Benchmarking Hub (CC BY 4.0).");
}

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

int sw_cmd_models(struct sw_cli *cli, int argc, char **argv)
{
	const char *sub = NULL, *bench = "gpqa_diamond", *table = NULL, *out = NULL, *as_of = NULL;
	enum sw_fmt fmt = SW_FMT_TABLE;
	const char **files = calloc((size_t)argc + 1, sizeof *files);
	size_t nfiles = 0;
	if (!files)
		return SW_EXIT_FAIL;
	int rc = SW_EXIT_OK;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (sw_cli_common_opt(cli, argc, argv, &i))
			continue;
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			help();
			free(files);
			return SW_EXIT_OK;
		}
		if (a[0] == '-' && a[1]) {
			if (!v) {
				rc = sw_cli_usage("models", "unknown option '%s' or missing value", a);
				break;
			}
			i++;
			if (!strcmp(a, "--benchmark"))
				bench = v;
			else if (!strcmp(a, "--table"))
				table = v;
			else if (!strcmp(a, "--out"))
				out = v;
			else if (!strcmp(a, "--as-of"))
				as_of = v;
			else if (!strcmp(a, "--format")) {
				if (!sw_cli_format("models", v, true, &fmt)) {
					rc = SW_EXIT_USAGE;
					break;
				}
			} else {
				rc = sw_cli_usage("models", "unknown option '%s'", a);
				break;
			}
			continue;
		}
		if (!sub)
			sub = a;
		else
			files[nfiles++] = a;
	}
	if (!rc && !sub)
		rc = sw_cli_usage("models", "missing subcommand: import, frontier or benchmarks");
	else if (!rc && strcmp(sub, "import") && strcmp(sub, "frontier") && strcmp(sub, "benchmarks"))
		rc = sw_cli_usage("models", "unknown subcommand '%s'", sub);
	else if (!rc && !strcmp(sub, "import") && !nfiles)
		rc = sw_cli_usage("models", "import needs at least one FILE");
	else if (!rc && strcmp(sub, "import") && nfiles)
		rc = sw_cli_usage("models", "unexpected argument '%s'", files[0]);
	else if (!rc && table && fmt == SW_FMT_HTML)
		rc = sw_cli_usage("models", "--table cannot be combined with --format html");
	if (rc) {
		free(files);
		return rc;
	}
	struct sw_error err = {0};
	struct sw_store *s = NULL;
	struct sw_buf b = SW_BUF_INIT;
	sw_err e = sw_cli_open_store(cli, &s, &err);
	if (!e && !strcmp(sub, "import")) {
		struct sw_models_import_result res;
		e = sw_models_import_files(s, files, nfiles, &res, &err);
		if (!e)
			sw_cli_info("imported %zu model versions and %zu scores from %zu file(s)", res.versions,
				    res.scores, res.files);
	} else if (!e && !strcmp(sub, "benchmarks")) {
		struct sw_table *t = NULL;
		if (!(e = sw_models_benchmarks(s, &t, &err)))
			rc = sw_cli_print_table(t, fmt);
		sw_table_free(t);
	} else if (!e) {
		struct sw_models_frontier *f = NULL;
		e = sw_models_frontier_compute_as_of(s, bench, as_of, &f, &err);
		if (!e)
			e = sw_models_render(f, fmt, table, &b, &err);
		if (!e)
			rc = write_out(out, &b);
		sw_models_frontier_free(f);
	}
	sw_buf_release(&b);
	sw_store_free(s);
	free(files);
	return e ? sw_cli_fail(&err) : rc;
}
