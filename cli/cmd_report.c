/* cmd_report.c: `stackwatch report`: the ecosystem report in every format. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "stackwatch/report.h"
#include "stackwatch/core.h"

static const struct sw_cmd_doc doc = {
	.name = "report",
	.usage = "stackwatch report [OPTIONS]",
	.about = "Every analysis of the AI-stack study, from the store, for one snapshot:\n"
		 "inventory, growth over time, power law of accounts, developers, individuals\n"
		 "vs organisations, China, the hype curve, and a headline table next to the\n"
		 "study's March 2024 figures.",
	.epilogue = "--format html writes one self-contained page (inline CSS and SVG charts).",
};

int sw_cmd_report(struct sw_cli *cli, int argc, char **argv)
{
	struct sw_report_opts o = {0};
	enum sw_fmt fmt;
	const char *table = NULL, *outpath = NULL;
	bool list = false;
	const struct sw_option opts[] = {
		SW_OPT_FORMAT(&fmt, SW_FMTS_HTML, SW_FMT_TABLE, "(table is 100 columns wide)"),
		SW_OPT_STRING("table", &table, "NAME",
			      "with --format csv: the table to print (e.g. layers, growth, top_accounts, "
			      "risers_7d); --list-tables names them"),
		SW_OPT_FLAG("list-tables", &list, "print the table names, one a line"),
		SW_OPT_STRING("out", &outpath, "FILE", "write to FILE instead of stdout (e.g. report.html)"),
		SW_OPT_AS_OF(&o.as_of, "use the last snapshot at or before DATE (default: newest)"),
		SW_OPT_STRING("reference", &o.reference, "FILE",
			      "reference figures (key<TAB>value<TAB>label lines) instead of the embedded "
			      "study figures"),
		SW_OPT_GROUP(cli->common),
		SW_OPT_END(),
	};
	int nargs, rc = sw_opt_parse(&doc, opts, argc, argv, &nargs);
	if (rc != SW_OPT_CONTINUE)
		return rc;
	if (fmt == SW_FMT_CSV && !table && !list)
		return sw_cli_usage("report", "--format csv needs --table NAME (see --list-tables)");
	if (table && fmt != SW_FMT_CSV)
		return sw_cli_usage("report", "--table goes with --format csv");
	struct sw_error err = {0};
	struct sw_store *s = NULL;
	struct sw_report *r = NULL;
	struct sw_buf b = SW_BUF_INIT;
	sw_err e = sw_cli_open_store(cli, &s, &err);
	if (!e)
		e = sw_report_build(s, &o, &r, &err);
	if (!e && list) {
		for (size_t i = 0; !e && i < sw_report_ntables(r); i++)
			e = sw_buf_printf(&b, "%s\n", sw_table_name(sw_report_table(r, i)));
		if (e)
			sw_error_set(&err, e, "out of memory");
	} else if (!e)
		e = sw_report_render(r, fmt, table, &b, &err);
	rc = SW_EXIT_OK;
	if (!e) {
		if (outpath) {
			/* Write beside the target, then rename: never a half-written page. */
			size_t n = strlen(outpath) + 8;
			char *tmp = malloc(n);
			FILE *f = NULL;
			if (tmp) {
				snprintf(tmp, n, "%s.tmp", outpath);
				f = fopen(tmp, "wb");
			}
			bool ok = f && fwrite(b.data ? b.data : "", 1, b.len, f) == b.len;
			ok = f && fclose(f) == 0 && ok;
			if (ok && rename(tmp, outpath) != 0)
				ok = false;
			if (!ok) {
				if (tmp)
					remove(tmp);
				sw_error_set(&err, SW_EIO, "%s: cannot write the report", outpath);
				e = SW_EIO;
			} else
				sw_cli_info("wrote %s (%zu bytes)", outpath, b.len);
			free(tmp);
		} else if (!sw_cli_write(b.data ? b.data : "", b.len))
			rc = SW_EXIT_FAIL;
	}
	sw_buf_release(&b);
	sw_report_free(r);
	sw_store_free(s);
	return e ? sw_cli_fail(&err) : rc;
}
