/* cmd_import.c: `stackwatch import FILE...` */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "stackwatch/core.h"

static void help(void)
{
	puts("usage: stackwatch import [--taken-at DATE] [--db PATH] FILE...\n"
	     "\n"
	     "Import curated-list snapshot files: the CSV dump (UTF-8, optional BOM;\n"
	     "columns repo, category, subcat, stars, star_1d, star_1d_pct, star_7d,\n"
	     "star_7d_pct, forks, description, top_devs, contributors, created_at,\n"
	     "updated_at, downloads*) or a JSON array of the same records.\n"
	     "\n"
	     "Each file is one snapshot, taken at --taken-at (YYYY-MM-DD or ISO time) or\n"
	     "else at the newest updated_at in the file; the time used is printed.\n"
	     "All files are imported in one transaction: on any error nothing changes.\n"
	     "Re-importing a file changes nothing. Unknown columns are ignored with a\n"
	     "warning. 'category' must name a layer of the taxonomy; updated_at\n"
	     "1000-01-01 means unknown; contributors '100+' means at least 100.\n"
	     "\n"
	     "Options:\n"
	     "  --taken-at DATE  snapshot time for every file\n"
	     "  --db PATH        the store (default $STACKWATCH_DB or ./stackwatch.db)\n"
	     "  --help           this text");
}

static void warn_cb(void *ctx, const char *msg)
{
	(void)ctx;
	sw_cli_warn("%s", msg);
}

static void done_cb(void *ctx, const char *path, size_t rows, int64_t taken_at, const char *format)
{
	(void)ctx;
	char when[32];
	sw_time_format(taken_at, when);
	sw_cli_info("%s: %zu %s records, snapshot taken at %s", path, rows, format, when);
}

int sw_cmd_import(struct sw_cli *cli, int argc, char **argv)
{
	struct sw_import_opts opts = {.warn = warn_cb, .file_done = done_cb};
	const char **files = calloc((size_t)argc, sizeof *files);
	size_t nfiles = 0;
	if (!files)
		return SW_EXIT_FAIL;
	for (int i = 1; i < argc; i++) {
		if (sw_cli_common_opt(cli, argc, argv, &i))
			continue;
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			help();
			free(files);
			return SW_EXIT_OK;
		}
		if (!strcmp(argv[i], "--taken-at")) {
			if (i + 1 >= argc || !sw_time_parse(argv[i + 1], &opts.taken_at)) {
				free(files);
				return sw_cli_usage("import", "--taken-at needs a date like 2024-11-05");
			}
			i++;
			continue;
		}
		if (argv[i][0] == '-' && argv[i][1]) {
			free(files);
			return sw_cli_usage("import", "unknown option '%s'", argv[i]);
		}
		files[nfiles++] = argv[i];
	}
	if (!nfiles) {
		free(files);
		return sw_cli_usage("import", "no FILE given");
	}
	struct sw_error err = {0};
	struct sw_store *s = NULL;
	struct sw_import_result res;
	struct sw_progress prog;
	sw_progress_init(&prog, stderr, "importing rows", 0);
	opts.progress = &prog;
	sw_err e = sw_cli_open_store(cli, &s, &err);
	if (!e)
		e = sw_import_files(s, files, nfiles, &opts, &res, &err);
	sw_progress_finish(&prog);
	sw_store_free(s);
	free(files);
	if (e)
		return sw_cli_fail(&err);
	sw_cli_info("imported %zu rows from %zu file(s) into %s (%zu new repos)", res.rows, res.files,
		    cli->db_path, res.new_repos);
	return SW_EXIT_OK;
}
