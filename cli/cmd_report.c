/* cmd_report.c: `stackwatch report`: the ecosystem report in every format. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "stackwatch/report.h"
#include "stackwatch/core.h"

static const struct sw_cmd_doc doc = {
	.usage = "stackwatch report [OPTIONS]",
	.about = "Every analysis of the AI-stack study, from the store, for one snapshot: inventory, growth "
		 "over time, power law of accounts, developers, individuals vs organisations, China, the hype "
		 "curve, and a headline table next to the study's March 2024 figures.",
	.epilogue = "--format html writes one self-contained page (inline CSS and SVG charts).",
};

/* What the options asked for. */
struct report_args {
	struct sw_report_opts o;
	enum sw_fmt fmt;
	const char *table, *out;
	bool list;
};

/* Write the report to path: beside it first, then renamed, so that a
 * failure never leaves a half-written page. */
static sw_err write_report(const char *path, const struct sw_buf *b, struct sw_error *err)
{
	size_t n = strlen(path) + 8;
	char *tmp = malloc(n);
	FILE *f = NULL;
	if (tmp) {
		snprintf(tmp, n, "%s.tmp", path);
		f = fopen(tmp, "wb");
	}
	bool ok = f && fwrite(b->data ? b->data : "", 1, b->len, f) == b->len;
	ok = f && fclose(f) == 0 && ok;
	if (ok && rename(tmp, path) != 0)
		ok = false;
	if (!ok && tmp)
		remove(tmp);
	free(tmp);
	if (!ok)
		return sw_error_set(err, SW_EIO, "%s: cannot write the report", path);
	sw_cli_info("wrote %s (%zu bytes)", path, b->len);
	return SW_OK;
}

/* The table names (--list-tables) or the report in a's format, into b. */
static sw_err render(struct sw_cli *cli, const struct report_args *a, struct sw_buf *b, struct sw_error *err)
{
	struct sw_store *s = NULL;
	struct sw_report *r = NULL;
	sw_err e = sw_cli_open_store(cli, &s, err);
	if (!e)
		e = sw_report_build(s, &a->o, &r, err);
	if (!e && a->list) {
		for (size_t i = 0; !e && i < sw_report_ntables(r); i++)
			e = sw_buf_printf(b, "%s\n", sw_table_name(sw_report_table(r, i)));
		if (e)
			sw_error_set(err, e, "out of memory");
	} else if (!e)
		e = sw_report_render(r, a->fmt, a->table, b, err);
	sw_report_free(r);
	sw_store_free(s);
	return e;
}

static int report(struct sw_cli *cli, const struct report_args *a)
{
	struct sw_error err = {0};
	struct sw_buf b = SW_BUF_INIT;
	int rc = SW_EXIT_OK;
	sw_err e = render(cli, a, &b, &err);
	if (!e && a->out)
		e = write_report(a->out, &b, &err);
	else if (!e && !sw_cli_write(b.data ? b.data : "", b.len))
		rc = SW_EXIT_FAIL;
	sw_buf_release(&b);
	return e ? sw_cli_fail(&err) : rc;
}

int sw_cmd_report(struct sw_cli *cli, int argc, char **argv)
{
	struct report_args a = {0};
	const struct sw_option opts[] = {
		SW_OPT_FORMAT(&a.fmt, SW_FMTS_HTML, SW_FMT_TABLE, "table is 100 columns wide"),
		SW_OPT_STRING("table", &a.table, "NAME",
			      "with --format csv: the table to print (e.g. layers, growth, top_accounts, "
			      "risers_7d); --list-tables names them"),
		SW_OPT_FLAG("list-tables", &a.list, "print the table names, one a line"),
		SW_OPT_STRING("out", &a.out, "FILE", "write to FILE instead of stdout (e.g. report.html)"),
		SW_OPT_AS_OF(&a.o.as_of, "use the last snapshot at or before DATE (default: newest)"),
		SW_OPT_STRING("reference", &a.o.reference, "FILE",
			      "reference figures (key<TAB>value<TAB>label lines) instead of the embedded "
			      "study figures"),
		SW_OPT_END(),
	};
	int nargs, rc = sw_opt_parse(cli, &doc, opts, argc, argv, &nargs);
	if (rc != SW_OPT_CONTINUE)
		return rc;
	if (a.fmt == SW_FMT_CSV && !a.table && !a.list)
		return sw_cli_usage(cli->cmd, "--format csv needs --table NAME (see --list-tables)");
	if (a.table && a.fmt != SW_FMT_CSV)
		return sw_cli_usage(cli->cmd, "--table goes with --format csv");
	return report(cli, &a);
}
