/* report.h: the ecosystem report (every analysis of the AI-stack study)
 * computed from the store for one snapshot, rendered in every format.
 *
 * One code path for all front ends: the CLI prints it, the web app's
 * /report and /api/report serve the same renderings.
 *
 * Ownership: sw_report_build() returns a report the caller frees with
 * sw_report_free() (NULL ok). Tables returned by sw_report_table() and
 * sw_report_find() belong to the report. */
#ifndef STACKWATCH_REPORT_H
#define STACKWATCH_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "stackwatch/error.h"
#include "stackwatch/store.h"
#include "stackwatch/table.h"
#include "stackwatch/util.h"

struct sw_report_opts {
	int64_t as_of;          /* 0: newest snapshot; else the last snapshot <= as_of */
	const char *reference;  /* reference-figures file; NULL: the embedded study figures */
};

struct sw_report;

sw_err sw_report_build(struct sw_store *s, const struct sw_report_opts *opts, struct sw_report **out,
		       struct sw_error *err) SW_MUST_CHECK;
void sw_report_free(struct sw_report *r);

/* The snapshot time the report describes (0 if the store has none). */
int64_t sw_report_as_of(const struct sw_report *r);
size_t sw_report_ntables(const struct sw_report *r);
const struct sw_table *sw_report_table(const struct sw_report *r, size_t i);
const struct sw_table *sw_report_find(const struct sw_report *r, const char *name);

/* Render appending to out:
 *  SW_FMT_TABLE  terminal text, readable in 100 columns
 *  SW_FMT_MD     Markdown
 *  SW_FMT_JSON   one object (top-level keys: repos, software_repos, layers,
 *                accounts, top20_accounts, no_gain_1d_share, no_gain_7d_share,
 *                chinese_repos, tables, ...)
 *  SW_FMT_CSV    the table named `table` (required for CSV)
 *  SW_FMT_HTML   one self-contained page (inline CSS + SVG charts, no network) */
sw_err sw_report_render(const struct sw_report *r, enum sw_fmt fmt, const char *table,
			struct sw_buf *out, struct sw_error *err) SW_MUST_CHECK;

/* The page's body content (headline, charts, tables) without <html>/<head>,
 * for embedding in the web app, plus the CSS the page uses. The fragment
 * has no inline style attributes or scripts. */
sw_err sw_report_render_html_fragment(const struct sw_report *r, struct sw_buf *out,
				      struct sw_error *err) SW_MUST_CHECK;
const char *sw_report_css(void);
/* The few lines of plain JS that make the tables sortable: the page inlines
 * them; the web app serves them as a file (its CSP forbids inline script). */
const char *sw_report_js(void);

/* The section heading ("3. Power law of accounts") that starts at the named
 * table, or NULL when the table continues a section. Static string. */
const char *sw_report_section(const char *table);

#endif
