/* render.c: the report as text (100 columns), Markdown, JSON and CSV, and
 * the dispatch to the HTML page (html.c). */
#include "report_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The tables as shown to people in text and Markdown (NULL: t as it is):
 * the headline without its machine columns, monthly series in periods, the
 * Lorenz curve thinned (text only: Markdown goes into documents whole). */
static struct sw_table *display_table(const struct sw_report *r, const struct sw_table *t, bool text)
{
	const char *n = sw_table_name(t);
	static const char *const head[] = {"metric", "value", "study_stated", "change"};
	static const char *const repo[] = {"rank", "repo", "stars", "star_7d", "star_7d_pct", "shape"};
	if (!strcmp(n, "headline"))
		return sw_table_select(t, head, 4);
	if (text && !strcmp(n, "growth") && sw_report_find(r, "new_per_month"))
		return report_growth_periods(t, sw_report_find(r, "new_per_month"));
	if (text && !strcmp(n, "lorenz"))
		return report_subset(t, 5, 0);
	if (text && !strcmp(n, "stars_over_time"))
		return report_stars_wide(r, t);
	if (text && (!strcmp(n, "top_developers") || !strcmp(n, "top_accounts")))
		return report_subset(t, 1, 10);
	if (text && !strcmp(n, "chinese_accounts"))
		return report_subset(t, 1, 5);
	/* the terminal shows the first 10 of repo lists, without the layer, and
	 * without the shape while no repo has one (md keeps them) */
	if (text && (!strcmp(n, "risers_7d") || !strcmp(n, "risers_7d_pct") || !strcmp(n, "quiet"))) {
		struct sw_table *sel = sw_table_select(t, repo, r->shaped ? 6 : 5);
		struct sw_table *top = sel ? report_subset(sel, 1, 10) : NULL;
		if (top)
			sw_table_free(sel);
		return top ? top : sel;
	}
	return NULL;
}

static sw_err jnum(struct sw_buf *b, double v)
{
	return isfinite(v) ? sw_buf_printf(b, "%.10g", v) : sw_buf_puts(b, "null");
}

static sw_err render_json(const struct sw_report *r, struct sw_buf *b)
{
	char d[32] = "";
	if (r->as_of)
		sw_time_format(r->as_of, d);
	sw_err e = sw_buf_puts(b, "{\"as_of\": ");
	if (!e) e = r->as_of ? sw_buf_printf(b, "\"%s\"", d) : sw_buf_puts(b, "null");
	if (!e) e = sw_buf_printf(b, ",\n \"repos\": %lld,\n \"software_repos\": %lld,\n \"non_software_repos\": %lld,"
				  "\n \"unclassified_repos\": %lld,\n \"repos_without_snapshot\": %lld,\n \"layers\": {",
				  (long long)r->repos, (long long)r->software_repos, (long long)r->non_software_repos,
				  (long long)r->unclassified, (long long)r->no_snapshot);
	for (size_t l = 0; !e && l < r->nlayers; l++) {
		e = sw_buf_puts(b, l ? ", \"" : "\"");
		if (!e) e = sw_buf_json_str(b, r->layer_names[l]);
		if (!e) e = sw_buf_printf(b, "\": %lld", (long long)r->layer_repos[l]);
	}
	if (!e) e = sw_buf_printf(b, "},\n \"accounts\": %lld,\n \"top20_accounts\": {\"repos\": %lld, \"repo_share\": ",
				  (long long)r->accounts, (long long)r->top20_repos);
	if (!e) e = jnum(b, r->top20_repo_share);
	if (!e) e = sw_buf_puts(b, ", \"stars\": ");
	if (!e) e = jnum(b, r->top20_stars);
	if (!e) e = sw_buf_puts(b, ", \"star_share\": ");
	if (!e) e = jnum(b, r->top20_star_share);
	if (!e) e = sw_buf_puts(b, "},\n \"gini\": ");
	if (!e) e = jnum(b, r->gini);
	if (!e) e = sw_buf_printf(b, ",\n \"history\": {\"one_snapshot\": %lld, \"two_snapshots\": %lld,"
				  " \"three_or_more\": %lld}",
				  (long long)r->history[0], (long long)r->history[1], (long long)r->history[2]);
	if (!e) e = sw_buf_puts(b, ",\n \"no_gain_1d_share\": ");
	if (!e) e = jnum(b, r->no_gain_1d_share);
	if (!e) e = sw_buf_puts(b, ",\n \"no_gain_7d_share\": ");
	if (!e) e = jnum(b, r->no_gain_7d_share);
	if (!e) e = sw_buf_printf(b, ",\n \"no_gain_1d\": %lld,\n \"no_gain_7d\": %lld,\n \"known_gain_1d\": %lld,"
				  "\n \"known_gain_7d\": %lld,\n \"chinese_repos\": %lld,\n \"distinct_top_developers\": %lld,"
				  "\n \"contributors_at_least\": %lld,\n \"owner_type_known\": %lld,"
				  "\n \"owner_type_unknown\": %lld,\n \"repos_with_shape\": %lld,\n \"reference\": {",
				  (long long)r->no_gain_1d, (long long)r->no_gain_7d, (long long)r->known_1d,
				  (long long)r->known_7d, (long long)r->chinese_repos, (long long)r->distinct_devs,
				  (long long)r->contributors_sum, (long long)r->owner_known, (long long)r->owner_unknown,
				  (long long)r->shaped);
	/* The reference figures as numbers, keyed as in the reference file. */
	const struct sw_table *h = sw_report_find(r, "headline");
	bool first = true;
	for (size_t i = 0; !e && h && i < sw_table_rows(h); i++) {
		double v;
		if (!sw_report_ref_value(r->ref, sw_table_cell_text(h, i, 0), &v))
			continue;
		e = sw_buf_printf(b, "%s\"", first ? "" : ", ");
		first = false;
		if (!e) e = sw_buf_json_str(b, sw_table_cell_text(h, i, 0));
		if (!e) e = sw_buf_puts(b, "\": ");
		if (!e) e = jnum(b, v);
	}
	if (!e) e = sw_buf_puts(b, "},\n \"tables\": {");
	for (size_t i = 0; !e && i < r->ntables; i++) {
		e = sw_buf_puts(b, i ? ",\n  \"" : "\n  \"");
		if (!e) e = sw_buf_json_str(b, sw_table_name(r->tables[i]));
		if (!e) e = sw_buf_puts(b, "\": ");
		if (!e) e = sw_table_render(r->tables[i], SW_FMT_JSON, 0, b);
	}
	if (!e) e = sw_buf_puts(b, "}\n}\n");
	return e;
}

/* One table under its headings, or the sentence that replaces it. */
static sw_err text_table(const struct sw_report *r, const struct sw_table *t, bool md, struct sw_buf *b)
{
	const char *sec = sw_report_section(sw_table_name(t));
	char empty[400];
	const char *why = report_empty_text(r, sw_table_name(t), empty);
	size_t width = md ? SW_TEXT_WIDTH_MAX : 0;
	/* text shows the new repos of each period in the growth table */
	if (!md && !strcmp(sw_table_name(t), "new_per_month") && sw_report_find(r, "growth"))
		return SW_OK;
	struct sw_table *dt = why ? NULL : display_table(r, t, !md);
	const struct sw_table *show = dt ? dt : t;
	sw_err e = sec ? sw_buf_printf(b, md ? "\n## %s\n" : "\n## %s", sec) : SW_OK;
	char title[400];
	snprintf(title, sizeof title, "%s  [%s]", sw_table_title(show), sw_table_name(t));
	if (!e && md)
		e = sw_buf_printf(b, "\n### %s\n\n", sw_table_title(show));
	else if (!e) /* wrapped only when the terminal is too narrow for it */
		e = sw_utf8_width(title) <= sw_table_width() ? sw_buf_printf(b, "\n%s\n", title)
							     : sw_buf_wrap(b, "\n", title, 0, 0);
	if (!e) e = why ? sw_buf_wrap(b, "", why, 0, width) : sw_table_render(show, md ? SW_FMT_MD : SW_FMT_TABLE, 48, b);
	sw_table_free(dt);
	return e;
}

static sw_err render_text(const struct sw_report *r, enum sw_fmt fmt, struct sw_buf *b)
{
	char d[32] = "(no snapshot)";
	if (r->as_of)
		sw_time_format_date(r->as_of, d);
	bool md = fmt == SW_FMT_MD;
	struct sw_buf hist = SW_BUF_INIT;
	char head[200];
	size_t rule = 0, width = md ? SW_TEXT_WIDTH_MAX : sw_table_width();
	snprintf(head, sizeof head, "stackwatch ecosystem report: snapshot %s, %lld repos (%lld software)", d,
		 (long long)r->repos, (long long)r->software_repos);
	sw_err e = sw_buf_wrap(b, md ? "# " : "", head, 0, width);
	for (; !e && !md && rule < 68 && rule < width; rule++) /* underlined, as wide as the title or the terminal */
		e = sw_buf_putc(b, '=');
	if (!e && !md)
		e = sw_buf_putc(b, '\n');
	if (!e) e = report_history_text(r, &hist);
	if (!e) e = sw_buf_wrap(b, md ? "\n" : "", hist.data, 0, md ? SW_TEXT_WIDTH_MAX : 0);
	sw_buf_release(&hist);
	for (size_t i = 0; !e && i < r->ntables; i++)
		e = text_table(r, r->tables[i], md, b);
	return e;
}

sw_err sw_report_render(const struct sw_report *r, enum sw_fmt fmt, const char *table, struct sw_buf *out,
			struct sw_error *err)
{
	if (!r)
		return sw_error_set(err, SW_EINVAL, "no report");
	sw_err e;
	switch (fmt) {
	case SW_FMT_CSV: {
		const struct sw_table *t = sw_report_find(r, table ? table : "");
		if (!t) {
			struct sw_buf names = SW_BUF_INIT;
			for (size_t i = 0; i < r->ntables; i++)
				if (sw_buf_printf(&names, "%s%s", i ? ", " : "", sw_table_name(r->tables[i])))
					break;
			e = sw_error_set(err, table ? SW_ENOTFOUND : SW_EINVAL, "%s '%s'; tables: %s",
					 table ? "no report table named" : "csv needs a table name, e.g.",
					 table ? table : "layers", names.data ? names.data : "");
			sw_buf_release(&names);
			return e;
		}
		e = sw_table_render(t, fmt, 0, out);
		break;
	}
	case SW_FMT_JSON: e = render_json(r, out); break;
	case SW_FMT_HTML: return report_html_page(r, out, err);
	default: e = render_text(r, fmt, out); break;
	}
	return e ? sw_error_set(err, e, "rendering the report: %s", sw_error_str(e)) : SW_OK;
}
