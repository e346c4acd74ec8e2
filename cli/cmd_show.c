/* cmd_show.c: `stackwatch show OWNER/REPO`: all fields + snapshot series. */
#include "cli.h"
#include "stackwatch/classify.h"
#include "stackwatch/core.h"

static const struct sw_cmd_doc doc = {
	.usage = "stackwatch show [OPTIONS] OWNER/REPO|URL",
	.about = "Show every field of one repo (found by its current or a former name, or its GitHub URL), its "
		 "classification and source, and its snapshot series (oldest first).",
	.args = {"OWNER/REPO", 1, 1},
};

/* The fields and the snapshot series in fmt: one JSON object, the series
 * alone as csv, else the two tables one after the other. */
static int print_repo(const struct sw_table *fields, const struct sw_table *series, size_t nsnaps, enum sw_fmt fmt)
{
	struct sw_buf b = SW_BUF_INIT;
	sw_err re = SW_OK;
	if (fmt == SW_FMT_JSON) {
		re = sw_view_repo_json(fields, series, &b);
	} else if (fmt == SW_FMT_CSV) {
		re = sw_table_render(series, SW_FMT_CSV, 0, &b);
	} else {
		re = sw_table_render(fields, fmt, 100, &b);
		if (!re) re = sw_buf_printf(&b, "\n%zu snapshot(s):\n", nsnaps);
		if (!re) re = sw_table_render(series, fmt, 40, &b);
	}
	int rc = re || !sw_cli_write(b.data, b.len) ? SW_EXIT_FAIL : SW_EXIT_OK;
	sw_buf_release(&b);
	return rc;
}

/* The repo called name (current or former) in fmt. */
static int show(struct sw_cli *cli, const char *name, enum sw_fmt fmt)
{
	struct sw_error err = {0};
	struct sw_store *s = NULL;
	struct sw_repo r = {0};
	struct sw_snapshot_list snaps = {0};
	struct sw_table *fields = NULL, *series = NULL;
	int64_t id = 0;
	sw_err e = sw_cli_open_store(cli, &s, &err);
	if (!e)
		e = sw_store_find_repo(s, name, &id, &err);
	if (!e)
		e = sw_store_get_repo(s, id, &r, &err);
	if (!e)
		e = sw_store_snapshots(s, id, &snaps, &err);
	if (!e && (e = sw_view_repo_fields(&r, snaps.n ? &snaps.items[snaps.n - 1] : NULL, &fields)))
		sw_error_set(&err, e, "out of memory");
	/* A repo the classifier was unsure about says so instead of looking untouched. */
	const char *status = e ? NULL : sw_classify_status(s, id);
	if (!e && r.class_source == SW_CLASS_NONE && status &&
	    (sw_table_add_row(fields) || sw_table_str(fields, 0, "class_status") || sw_table_str(fields, 1, status)))
		e = sw_error_set(&err, SW_ENOMEM, "out of memory");
	if (!e && (e = sw_view_snapshots(&snaps, &series)))
		sw_error_set(&err, e, "out of memory");
	int rc = e ? SW_EXIT_OK : print_repo(fields, series, snaps.n, fmt);
	sw_table_free(fields);
	sw_table_free(series);
	sw_snapshot_list_release(&snaps);
	sw_repo_release(&r);
	sw_store_free(s);
	return e ? sw_cli_fail(&err) : rc;
}

int sw_cmd_show(struct sw_cli *cli, int argc, char **argv)
{
	enum sw_fmt fmt;
	const struct sw_option opts[] = {
		SW_OPT_FORMAT(&fmt, SW_FMTS_TEXT, SW_FMT_TABLE, "csv prints the snapshot series only"),
		SW_OPT_END(),
	};
	int nargs, rc = sw_opt_parse(cli, &doc, opts, argc, argv, &nargs);
	if (rc != SW_OPT_CONTINUE)
		return rc;
	char name[256]; /* a name that is neither is refused by the store, in its words */
	return show(cli, sw_repo_name_parse(argv[0], name) ? name : argv[0], fmt);
}
