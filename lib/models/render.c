/* render.c: the multi-table renderings: text, Markdown, JSON, and the HTML
 * page and fragment (the finding, the charts of chart.c, the tables). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models_int.h"
#include "core/core_int.h"
#include "stackwatch/core.h"

/* The standalone page's body rule; the rest is data/models.css. */
static const char body_css[] = "body{font-family:sans-serif;margin:24px auto;padding:0 12px;max-width:1100px;"
			       "background:Canvas;color:CanvasText}";

const char *sw_models_css(void)
{
	const char *css = core_embedded("models.css", NULL);
	return css ? css : "";
}

/* Whether two frontier tables list the same records (the closed frontier
 * is the overall one whenever open weights never led). */
static bool same_records(const struct sw_table *a, const struct sw_table *b)
{
	if (sw_table_rows(a) != sw_table_rows(b))
		return false;
	for (size_t r = 0; r < sw_table_rows(a); r++)
		for (size_t c = 0; c < 2; c++)
			if (strcmp(sw_table_cell_text(a, r, c), sw_table_cell_text(b, r, c)))
				return false;
	return true;
}

/* What the page and the text say instead of a closed frontier that is the
 * overall one. */
#define REPEATS "The same records as the overall frontier: no open-weights model has held the lead."

/* Table name of f, and whether it repeats the overall frontier (the closed
 * one does whenever open weights never led). */
static sw_err table_of(const struct sw_models_frontier *f, const char *name, struct sw_table **t, bool *repeats,
		       struct sw_error *err)
{
	struct sw_table *ov = NULL;
	*repeats = false;
	sw_err e = sw_models_table(f, name, t, err);
	if (!e && !strcmp(name, "closed_frontier") && !(e = sw_models_table(f, "frontier", &ov, err)))
		*repeats = same_records(*t, ov);
	sw_table_free(ov);
	return e;
}

/* One table of the page: a sentence for a closed frontier that repeats the
 * overall one, long tables folded, wide ones scrolling in their box. */
static sw_err html_table(const struct sw_models_frontier *f, const char *name, struct sw_buf *b, struct sw_error *err)
{
	struct sw_table *t = NULL;
	bool repeats;
	sw_err e = table_of(f, name, &t, &repeats, err);
	if (e)
		return e;
	bool fold = sw_table_rows(t) > 20 && strcmp(name, "open_lag");
	e = sw_buf_printf(b, "<h3 id=\"%s\">", name);
	if (!e) e = sw_buf_html(b, sw_table_title(t));
	if (!e) e = sw_buf_puts(b, "</h3>\n");
	if (!e && repeats)
		e = sw_buf_printf(b, "<p>%s</p>\n", REPEATS);
	else {
		if (!e && fold)
			e = sw_buf_printf(b, "<details><summary>Show the %zu rows</summary>\n", sw_table_rows(t));
		if (!e) e = sw_buf_puts(b, "<div class=\"tw\">");
		if (!e) e = sw_table_render(t, SW_FMT_HTML, 0, b);
		if (!e) e = sw_buf_puts(b, fold ? "</div></details>\n" : "</div>\n");
	}
	sw_table_free(t);
	return e;
}

/* The finding in words, the charts, then every table. */
static sw_err fragment(const struct sw_models_frontier *f, struct sw_buf *b, struct sw_error *err)
{
	struct sw_buf p = SW_BUF_INIT;
	sw_err e = sw_models_finding(f, &p);
	if (!e) e = sw_buf_puts(b, "<section class=\"sw-models\">\n<p class=\"finding\" id=\"finding\">");
	if (!e) e = sw_buf_html(b, p.data);
	sw_buf_release(&p);
	if (!e) e = sw_buf_puts(b, "</p>\n");
	if (!e) e = sw_models_svg(f, b);
	if (!e) e = sw_buf_puts(b, "<h3 id=\"lag-chart\">The lag over time</h3>\n");
	if (!e) e = models_lag_svg(f, b);
	if (!e) e = sw_buf_puts(b, "<p class=\"chart-note\">Each point: a model that raised the best open-weights score,"
				   " and how many months after a closed model first scored as much it came out (hover for"
				   " names); dashed: the least-squares trend.</p>\n");
	for (size_t i = 0; !e && i < sw_models_ntables; i++)
		e = html_table(f, sw_models_table_names[i], b, err);
	if (!e)
		e = sw_buf_puts(b, "</section>\n");
	return e ? sw_error_set(err, e, "rendering the models page: %s", sw_error_str(e)) : SW_OK;
}

/* One table of a text or Markdown answer under its heading; the closed
 * frontier as one sentence when it repeats the overall one. */
static sw_err text_table(const struct sw_models_frontier *f, const char *name, enum sw_fmt fmt, bool first,
			 struct sw_buf *out, struct sw_error *err)
{
	struct sw_table *t = NULL;
	bool repeats;
	sw_err e = table_of(f, name, &t, &repeats, err);
	if (e)
		return e;
	e = sw_buf_printf(out, "%s%s %s\n\n", first ? "" : "\n", fmt == SW_FMT_MD ? "##" : "==", sw_table_title(t));
	if (!e && repeats)
		e = sw_buf_wrap(out, "", REPEATS, 0, fmt == SW_FMT_MD ? SW_TEXT_WIDTH_MAX : 0);
	else if (!e) /* the summary's sentences are its point: never cut them */
		e = sw_table_render(t, fmt, fmt == SW_FMT_TABLE && strcmp(name, "summary") ? 48 : 0, out);
	sw_table_free(t);
	return e;
}

/* The finding, then the default tables (or every one): text and Markdown. */
static sw_err render_text(const struct sw_models_frontier *f, enum sw_fmt fmt, bool all, struct sw_buf *out,
			  struct sw_error *err)
{
	static const char *const defaults[] = {"summary", "frontier", "open_lag", "closed_frontier"};
	struct sw_buf p = SW_BUF_INIT;
	sw_err e = sw_models_finding(f, &p);
	if (!e)
		e = sw_buf_wrap(out, "", p.data, 0, fmt == SW_FMT_MD ? SW_TEXT_WIDTH_MAX : 0);
	sw_buf_release(&p);
	if (!e)
		e = sw_buf_putc(out, '\n');
	size_t n = all ? sw_models_ntables : sizeof defaults / sizeof defaults[0];
	for (size_t i = 0; !e && i < n; i++)
		e = text_table(f, all ? sw_models_table_names[i] : defaults[i], fmt, i == 0, out, err);
	return e;
}

/* Every table, keyed by name, with the finding. */
static sw_err render_json(const struct sw_models_frontier *f, struct sw_buf *out, struct sw_error *err)
{
	struct sw_buf p = SW_BUF_INIT;
	sw_err e = sw_models_finding(f, &p);
	if (!e)
		e = sw_buf_puts(out, "{\"finding\":\"");
	if (!e)
		e = sw_buf_json_str(out, p.data);
	sw_buf_release(&p);
	if (!e)
		e = sw_buf_putc(out, '"');
	for (size_t i = 0; !e && i < sw_models_ntables; i++) {
		struct sw_table *t = NULL;
		if ((e = sw_models_table(f, sw_models_table_names[i], &t, err)))
			return e;
		e = sw_buf_printf(out, ",\"%s\":", sw_models_table_names[i]); /* fixed names: nothing to escape */
		if (!e)
			e = sw_table_render(t, SW_FMT_JSON, 0, out);
		sw_table_free(t);
	}
	return e ? e : sw_buf_puts(out, "}\n");
}

sw_err sw_models_render(const struct sw_models_frontier *f, enum sw_fmt fmt, const char *table, struct sw_buf *out,
			struct sw_error *err)
{
	sw_err e = SW_OK;
	bool all = table && !strcmp(table, "all");
	if (fmt == SW_FMT_HTML) {
		e = sw_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
				     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
				     "<title>Open weights vs proprietary: ");
		struct sw_table *ts = NULL;
		if (!e && !(e = sw_models_table(f, "summary", &ts, err)))
			e = sw_buf_html(out, sw_table_cell_text(ts, 0, 1));
		sw_table_free(ts);
		if (!e)
			e = sw_buf_printf(out, "</title><meta name=\"color-scheme\" content=\"light dark\"><style>%s%s</style>"
					       "</head><body>\n<h1>Open weights vs proprietary models</h1>\n",
					  body_css, sw_models_css());
		if (!e)
			e = fragment(f, out, err);
		if (!e)
			e = sw_buf_puts(out, "</body></html>\n");
		return e ? sw_error_set(err, e, "rendering the models page") : SW_OK;
	}
	if (fmt == SW_FMT_CSV || (table && !all)) {
		struct sw_table *t = NULL;
		if ((e = sw_models_table(f, table && !all ? table : "frontier", &t, err)))
			return e;
		e = sw_table_render(t, fmt, fmt == SW_FMT_TABLE && strcmp(sw_table_name(t), "summary") ? 48 : 0, out);
		sw_table_free(t);
		return e ? sw_error_set(err, e, "rendering a table: %s", sw_error_str(e)) : SW_OK;
	}
	e = fmt == SW_FMT_JSON ? render_json(f, out, err) : render_text(f, fmt, all, out, err);
	return e ? sw_error_set(err, e, "rendering: %s", sw_error_str(e)) : SW_OK;
}

sw_err sw_models_render_html_fragment(struct sw_store *s, const char *benchmark, struct sw_buf *out,
				      struct sw_error *err)
{
	struct sw_models_frontier *f = NULL;
	sw_err e = sw_models_frontier_compute(s, benchmark, &f, err);
	if (!e)
		e = fragment(f, out, err);
	sw_models_frontier_free(f);
	return e;
}
