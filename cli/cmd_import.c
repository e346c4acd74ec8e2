/* cmd_import.c: `stackwatch import FILE...` */
#include "cli.h"
#include "stackwatch/core.h"

static const struct sw_cmd_doc doc = {
	.usage = "stackwatch import [--taken-at DATE] [--db PATH] FILE...",
	.about = "Import curated-list snapshot files: the CSV dump (UTF-8, optional BOM; columns repo, "
		 "category, subcat, stars, star_1d, star_1d_pct, star_7d, star_7d_pct, forks, description, "
		 "top_devs, contributors, created_at, updated_at, downloads*) or a JSON array of the same "
		 "records.\n"
		 "\n"
		 "Each file is one snapshot, taken at --taken-at (YYYY-MM-DD or ISO time) or else at the "
		 "newest updated_at in the file; the time used is printed. All files are imported in one "
		 "transaction: on any error nothing changes. Re-importing a file changes nothing. Unknown "
		 "columns are ignored with a warning. 'category' must name a layer of the taxonomy; "
		 "updated_at 1000-01-01 means unknown; contributors '100+' means at least 100.",
	.args = {"FILE", 1, -1},
};

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

/* Import the n files in one transaction, with progress on a terminal. */
static int import(struct sw_cli *cli, const char *const *files, size_t n, struct sw_import_opts *io)
{
	struct sw_error err = {0};
	struct sw_store *s = NULL;
	struct sw_import_result res;
	struct sw_progress prog;
	sw_progress_init(&prog, stderr, "importing rows", 0);
	io->progress = &prog;
	sw_err e = sw_cli_open_store(cli, &s, &err);
	if (!e)
		e = sw_import_files(s, files, n, io, &res, &err);
	sw_progress_finish(&prog);
	sw_store_free(s);
	if (e)
		return sw_cli_fail(&err);
	sw_cli_info("imported %zu rows from %zu file(s) into %s (%zu new repos)", res.rows, res.files,
		    cli->db_path, res.new_repos);
	return SW_EXIT_OK;
}

int sw_cmd_import(struct sw_cli *cli, int argc, char **argv)
{
	struct sw_import_opts io = {.warn = warn_cb, .file_done = done_cb};
	const struct sw_option opts[] = {
		SW_OPT_TIME("taken-at", &io.taken_at, "DATE", "snapshot time for every file"),
		SW_OPT_END(),
	};
	int nfiles, rc = sw_opt_parse(cli, &doc, opts, argc, argv, &nfiles);
	return rc != SW_OPT_CONTINUE ? rc : import(cli, (const char *const *)argv, (size_t)nfiles, &io);
}
