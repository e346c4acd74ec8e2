/* report.h: the ecosystem report: the reusable analyses (hype shapes, Gini,
 * reference figures) and the report built from the store, rendered as text,
 * Markdown, JSON, CSV and one self-contained HTML page. */
#ifndef STACKWATCH_REPORT_H
#define STACKWATCH_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stackwatch/core.h"

/* ======================================================================
 * analysis: reusable computations behind the ecosystem report: the
 * hype-shape classifier of a cumulative star series, the Gini coefficient,
 * and the reference-figures file (the study's numbers, kept as data).
 *
 * Pure functions over caller-owned arrays; nothing here touches the store,
 * so the GH Archive engine can feed its own daily series.
 *
 * Ownership: sw_report_ref_parse() returns a set the caller frees with
 * sw_report_ref_free() (NULL ok); strings returned by the getters belong
 * to the set. */

/* The shape of a star-history curve. */
enum sw_report_shape {
	SW_REPORT_SHAPE_INSUFFICIENT = 0, /* fewer than 3 points, or no time span */
	SW_REPORT_SHAPE_SUSTAINED,        /* grew >= 5% and the late half still grows >= 1/4 of the early rate */
	SW_REPORT_SHAPE_SPIKE,            /* grew >= 5% but the late half grows < 1/4 of the early rate:
				      "live fast, die young" */
	SW_REPORT_SHAPE_STEADY,           /* changed less than 5% either way: a stable repo */
	SW_REPORT_SHAPE_DECLINING,        /* lost stars over the late half (beyond 1% or 1 star) */
	SW_REPORT_SHAPE_COUNT_
};
/* "sustained growth", "spike then flat", "steady", "declining", "insufficient history". */
const char *sw_report_shape_name(enum sw_report_shape s);

/* Classify a cumulative star series. day[i]: any increasing time unit (days
 * or seconds; only ratios matter), cumulative_stars[i]: stars at day[i].
 * Points must be in increasing day order; NANs are skipped.
 * The early and late halves are split at the midpoint of the time span
 * (stars there linearly interpolated). */
enum sw_report_shape sw_report_hype_shape(const int64_t *day, const double *cumulative_stars, size_t n);

/* Gini coefficient of non-negative values (0 = equal, ->1 = concentrated).
 * Sorts v in place (ascending). 0 for n == 0 or an all-zero sum. */
double sw_report_gini(double *v, size_t n);

/* ---- reference figures: "key<TAB>value<TAB>label" lines, '#' comments.
 * value is a number, or empty for a text-only entry; label (optional) is how
 * the source stated it ("20,000+"). Keys are [a-z0-9_], unique. ---- */
struct sw_report_ref;
#define SW_REPORT_REF_MAX_BYTES (1u << 20)
#define SW_REPORT_REF_MAX_KEYS 1000

sw_err sw_report_ref_parse(const char *name, const char *text, size_t len,
			     struct sw_report_ref **out, struct sw_error *err) SW_MUST_CHECK;
void sw_report_ref_free(struct sw_report_ref *r);
/* True and *value set when key has a number. */
bool sw_report_ref_value(const struct sw_report_ref *r, const char *key, double *value);
/* The label of key (or NULL when absent / no label). */
const char *sw_report_ref_label(const struct sw_report_ref *r, const char *key);

/* ======================================================================
 * report: the ecosystem report (every analysis of the AI-stack study)
 * computed from the store for one snapshot, rendered in every format.
 *
 * One code path for all front ends: the CLI prints it, the web app's
 * /report and /api/report serve the same renderings.
 *
 * Ownership: sw_report_build() returns a report the caller frees with
 * sw_report_free() (NULL ok). Tables returned by sw_report_table() and
 * sw_report_find() belong to the report. */

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

/* Where the page links names to: href prefixes for repos (OWNER/REPO),
 * owner accounts and developers (logins); NULL members: no links. */
struct sw_report_links {
	const char *repo, *owner, *user;
};
/* The page's body content (history, contents, headline, charts, tables)
 * without <html>/<head>, for embedding in the web app, plus the CSS the
 * page uses. The fragment has no inline style attributes or scripts.
 * links may be NULL (no links). */
sw_err sw_report_render_html_fragment(const struct sw_report *r, const struct sw_report_links *links,
				      struct sw_buf *out, struct sw_error *err) SW_MUST_CHECK;
const char *sw_report_css(void);
/* The few lines of plain JS that make the tables sortable: the page inlines
 * them; the web app serves them as a file (its CSP forbids inline script). */
const char *sw_report_js(void);

/* The section heading ("3. Power law of accounts") that starts at the named
 * table, or NULL when the table continues a section. Static string. */
const char *sw_report_section(const char *table);

#endif
