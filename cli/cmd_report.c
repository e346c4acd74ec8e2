/* cmd_report.c: `stackwatch report`: the ecosystem report in every format. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "stackwatch/report.h"
#include "stackwatch/core.h"

static void help(void)
{
	puts("usage: stackwatch report [OPTIONS]\n"
	     "\n"
	     "Every analysis of the AI-stack study, from the store, for one snapshot:\n"
	     "inventory, growth over time, power law of accounts, developers, individuals\n"
	     "vs organisations, China, the hype curve, and a headline table next to the\n"
	     "study's March 2024 figures.\n"
	     "\n"
	     "Options:\n"
	     "  --format FMT      table (default, 100 columns), md, json, csv, html\n"
	     "  --table NAME      with --format csv: the table to print (e.g. layers,\n"
	     "                    growth, top_accounts, risers_7d); --list-tables names them\n"
	     "  --list-tables     print the table names, one a line\n"
	     "  --out FILE        write to FILE instead of stdout (e.g. report.html)\n"
	     "  --as-of DATE      use the last snapshot at or before DATE (default: newest)\n"
	     "  --reference FILE  reference figures (key<TAB>value<TAB>label lines) instead\n"
	     "                    of the embedded study figures\n"
	     "  --db PATH         the store\n"
	     "  --help            this text\n"
	     "\n"
	     "--format html writes one self-contained page (inline CSS and SVG charts).");
}

int sw_cmd_report(struct sw_cli *cli, int argc, char **argv)
{
	struct sw_report_opts o = {0};
	enum sw_fmt fmt = SW_FMT_TABLE;
	const char *table = NULL, *outpath = NULL;
	bool list = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (sw_cli_common_opt(cli, argc, argv, &i))
			continue;
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			help();
			return SW_EXIT_OK;
		}
		if (!strcmp(a, "--list-tables")) {
			list = true;
			continue;
		}
		if (!v)
			return sw_cli_usage("report", "unknown option '%s' or missing value", a);
		i++;
		if (!strcmp(a, "--format")) {
			if (!sw_cli_format("report", v, true, &fmt))
				return SW_EXIT_USAGE;
		} else if (!strcmp(a, "--table"))
			table = v;
		else if (!strcmp(a, "--out"))
			outpath = v;
		else if (!strcmp(a, "--reference"))
			o.reference = v;
		else if (!strcmp(a, "--as-of")) {
			if (!sw_time_parse(v, &o.as_of))
				return sw_cli_usage("report", "--as-of needs a date like 2024-11-05");
			if (strlen(v) == 10)
				o.as_of += 86399; /* a date means the end of that day */
		} else
			return sw_cli_usage("report", "unknown option '%s'", a);
	}
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
	int rc = SW_EXIT_OK;
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
