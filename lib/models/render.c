/* render.c: the frontier chart (inline SVG) and the multi-table
 * renderings (text, Markdown, JSON, HTML page and fragment).
 *
 * The chart is hand-written SVG so the page stays self-contained (no JS, no
 * fonts fetched): every model is a point (x = release date, y = score),
 * coloured by its first-listed organisation, shaped by accessibility
 * (circle open weights, square closed, hollow diamond unknown), with step
 * lines for the overall and the open-weights running best. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models_int.h"
#include "stackwatch/core.h"

/* frontier.c keeps the struct private; the chart reads it through
 * the "models" and "frontier"/"open_lag" tables, which carry everything
 * shown, so the picture and the tables cannot disagree. */

#define W 1000
#define H 600
#define ML 64   /* margins: left, right (legend), top, bottom */
#define MR 250
#define MT 48
#define MB 70

static const char *const palette[] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
				      "#b6992d", "#b07aa1", "#ff9da7", "#9c755f", "#17becf"};
#define NPAL (sizeof palette / sizeof palette[0])
#define OTHER "#9a9a9a"

struct pt {
	int64_t day;
	double score;
	const char *name, *org, *country, *access;
	char first_org[128];
	int colour;       /* palette index, -1 = other */
};

static double nice_step(double range)
{
	double raw = range / 6, p = pow(10, floor(log10(raw))), m = raw / p;
	return (m < 1.5 ? 1 : m < 3 ? 2 : m < 7 ? 5 : 10) * p;
}

struct axes {
	int64_t d0, d1;
	double y0, y1;
};
static double px(const struct axes *a, int64_t d)
{
	return ML + (double)(d - a->d0) / (double)(a->d1 - a->d0) * (W - ML - MR);
}
static double py(const struct axes *a, double s)
{
	return H - MB - (s - a->y0) / (a->y1 - a->y0) * (H - MT - MB);
}

static sw_err marker(struct sw_buf *b, const char *access, double x, double y, const char *col)
{
	if (!strcmp(access, "open"))
		return sw_buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\" stroke=\"#fff\" stroke-width=\"0.8\"/>",
				     x, y, col);
	if (!strcmp(access, "closed"))
		return sw_buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"9\" height=\"9\" fill=\"%s\" stroke=\"#fff\" stroke-width=\"0.8\"/>",
				     x - 4.5, y - 4.5, col);
	return sw_buf_printf(b, "<path d=\"M%.1f %.1fl5.5 5.5l-5.5 5.5l-5.5 -5.5z\" fill=\"#fff\" stroke=\"%s\" stroke-width=\"1.8\"/>",
			     x, y - 5.5, col);
}

/* Step line through the records of a frontier table, extended to d_end. */
static sw_err steps(struct sw_buf *b, const struct axes *a, const struct sw_table *t, size_t dcol, size_t scol,
		    int64_t d_end, const char *style)
{
	size_t n = sw_table_rows(t);
	if (!n)
		return SW_OK;
	sw_err e = sw_buf_puts(b, "<path fill=\"none\" ");
	if (!e)
		e = sw_buf_puts(b, style);
	if (!e)
		e = sw_buf_puts(b, " d=\"");
	for (size_t r = 0; !e && r < n; r++) {
		double x = px(a, models_day(sw_table_cell_text(t, r, dcol)));
		double y = py(a, sw_table_cell_num(t, r, scol));
		if (r == 0)
			e = sw_buf_printf(b, "M%.1f %.1f", x, y);
		else
			e = sw_buf_printf(b, "H%.1fV%.1f", x, y);
	}
	if (!e)
		e = sw_buf_printf(b, "H%.1f\"/>\n", px(a, d_end));
	return e;
}

struct rect {
	double x0, y0, x1, y1;
};

/* Place text near (x, y): try left-above, right-below, right-above,
 * left-below (open-frontier labels try below first). */
static sw_err label(struct sw_buf *b, struct rect *placed, size_t *n, size_t max, double x, double y,
		    const char *text, const char *colour, int below_first)
{
	double w = 5.6 * (double)sw_utf8_width(text), h = 11;
	static const double cand[2][4][2] = {{{-1, -1}, {1, 1}, {1, -1}, {-1, 1}},
					     {{1, 1}, {-1, 1}, {1, -1}, {-1, -1}}};
	if (*n >= max)
		return SW_OK;
	for (int c = 0; c < 4; c++) {
		double sx = cand[below_first][c][0], sy = cand[below_first][c][1];
		struct rect r;
		r.x0 = sx < 0 ? x - 7 - w : x + 7;
		r.x1 = r.x0 + w;
		r.y1 = sy < 0 ? y - 6 : y + 6 + h;
		r.y0 = r.y1 - h;
		if (r.x0 < ML + 2 || r.x1 > W - MR - 2 || r.y0 < MT || r.y1 > H - MB - 2)
			continue;
		bool clash = false;
		for (size_t i = 0; i < *n && !clash; i++)
			clash = r.x0 < placed[i].x1 && placed[i].x0 < r.x1 && r.y0 < placed[i].y1 && placed[i].y0 < r.y1;
		if (clash)
			continue;
		placed[(*n)++] = r;
		sw_err e = sw_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" fill=\"%s\">", r.x0, r.y1 - 2,
					 colour);
		if (!e)
			e = sw_buf_html(b, text);
		if (!e)
			e = sw_buf_puts(b, "</text>\n");
		return e;
	}
	return SW_OK;
}

/* The tables the chart shows (models_table names), all of its data. */
enum { T_MODELS, T_FRONTIER, T_OPEN_LAG, T_SUMMARY, NTABLES };
static const char *const chart_table[NTABLES] = {"models", "frontier", "open_lag", "summary"};

/* What the chart is drawn from: the tables, the dated points, the
 * organisations with their model counts and colour ranking, and the axes. */
struct chart {
	struct sw_table *t[NTABLES];
	struct pt *p;
	size_t np;
	char (*orgs)[128];
	size_t *cnt, *rank, norgs;          /* rank: organisations by count then name */
	bool others;                        /* some point has no palette colour */
	struct axes a;
	double step;                        /* y grid step */
};

static void chart_release(struct chart *c)
{
	for (int i = 0; i < NTABLES; i++)
		sw_table_free(c->t[i]);
	free(c->rank);
	free(c->p);
	free(c->orgs);
	free(c->cnt);
}

static sw_err chart_tables(struct chart *c, const struct sw_models_frontier *f)
{
	struct sw_error err;
	sw_err e = SW_OK;
	for (int i = 0; !e && i < NTABLES; i++)
		e = sw_models_table(f, chart_table[i], &c->t[i], &err);
	return e;
}

/* Row r of the models table as a point; false when undated (not on a
 * timeline). Columns: date model best_version versions organisation
 * country access accessibility score. */
static bool point_read(const struct sw_table *tm, size_t r, struct pt *q)
{
	q->day = models_day(sw_table_cell_text(tm, r, 0));
	if (q->day == INT64_MIN)
		return false;
	q->name = sw_table_cell_text(tm, r, 1);
	q->org = sw_table_cell_text(tm, r, 4);
	q->country = sw_table_cell_text(tm, r, 5);
	q->access = sw_table_cell_text(tm, r, 6);
	q->score = sw_table_cell_num(tm, r, 8);
	size_t k = strcspn(q->org, ",");
	snprintf(q->first_org, sizeof q->first_org, "%.*s", (int)(k > 127 ? 127 : k), q->org);
	if (!q->first_org[0])
		strcpy(q->first_org, "unknown");
	return true;
}

static void org_count(struct chart *c, const char *org)
{
	size_t o;
	for (o = 0; o < c->norgs && strcmp(c->orgs[o], org); o++)
		;
	if (o == c->norgs)
		strcpy(c->orgs[c->norgs++], org);
	c->cnt[o]++;
}

static void axes_extend(struct axes *a, int64_t day, double score)
{
	if (day < a->d0)
		a->d0 = day;
	if (day > a->d1)
		a->d1 = day;
	if (score < a->y0)
		a->y0 = score;
	if (score > a->y1)
		a->y1 = score;
}

/* The dated models as points, their organisations counted, the data range. */
static sw_err chart_points(struct chart *c)
{
	size_t n = sw_table_rows(c->t[T_MODELS]);
	c->p = calloc(n + 1, sizeof *c->p);
	c->orgs = calloc(n + 1, sizeof *c->orgs);
	c->cnt = calloc(n + 1, sizeof *c->cnt);
	if (!c->p || !c->orgs || !c->cnt)
		return SW_ENOMEM;
	c->a = (struct axes){INT64_MAX, INT64_MIN, INFINITY, -INFINITY};
	for (size_t r = 0; r < n; r++) {
		struct pt *q = &c->p[c->np];
		if (!point_read(c->t[T_MODELS], r, q))
			continue;
		org_count(c, q->first_org);
		axes_extend(&c->a, q->day, q->score);
		c->np++;
	}
	return SW_OK;
}

/* Colours: the NPAL organisations with most models, by count then name. */
static sw_err chart_colours(struct chart *c)
{
	size_t *rank = c->rank = calloc(c->norgs + 1, sizeof *rank);
	if (!rank)
		return SW_ENOMEM;
	for (size_t i = 0; i < c->norgs; i++)
		rank[i] = i;
	for (size_t i = 0; i < c->norgs; i++)
		for (size_t j = i + 1; j < c->norgs; j++)
			if (c->cnt[rank[j]] > c->cnt[rank[i]] ||
			    (c->cnt[rank[j]] == c->cnt[rank[i]] && strcmp(c->orgs[rank[j]], c->orgs[rank[i]]) < 0)) {
				size_t t = rank[i];
				rank[i] = rank[j];
				rank[j] = t;
			}
	for (size_t i = 0; i < c->np; i++) {
		c->p[i].colour = -1;
		for (size_t k = 0; k < c->norgs && k < NPAL; k++)
			if (!strcmp(c->orgs[rank[k]], c->p[i].first_org))
				c->p[i].colour = (int)k;
		if (c->p[i].colour < 0)
			c->others = true;
	}
	return SW_OK;
}

/* A month of margin on either side; the score range widened to whole grid steps. */
static void chart_scale(struct chart *c)
{
	struct axes *a = &c->a;
	a->d0 -= 30;
	a->d1 += 30;
	c->step = nice_step(a->y1 - a->y0 > 0 ? a->y1 - a->y0 : 1);
	a->y0 = floor(a->y0 / c->step) * c->step;
	a->y1 = ceil(a->y1 / c->step) * c->step;
	if (a->y1 <= a->y0)
		a->y1 = a->y0 + c->step;
}

static sw_err svg_head(struct sw_buf *b, const struct chart *c)
{
	const char *bench = sw_table_cell_text(c->t[T_SUMMARY], 0, 1);
	sw_err e = sw_buf_printf(b,
				 "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sw-models-chart\" viewBox=\"0 0 %d %d\""
				 " width=\"%d\" height=\"%d\" role=\"img\" font-family=\"sans-serif\" font-size=\"12\">\n"
				 "<title>",
				 W, H, W, H);
	if (!e)
		e = sw_buf_html(b, bench);
	if (!e)
		e = sw_buf_puts(b, " score by release date</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n"
				   "<text x=\"64\" y=\"28\" font-size=\"17\" font-weight=\"bold\">");
	if (!e)
		e = sw_buf_html(b, bench);
	if (!e)
		e = sw_buf_puts(b, ": best score by release date, open weights vs closed</text>\n");
	return e;
}

static sw_err y_grid(struct sw_buf *b, const struct chart *c)
{
	const struct axes *a = &c->a;
	sw_err e = SW_OK;
	for (double y = a->y0; !e && y <= a->y1 + c->step / 2; y += c->step)
		e = sw_buf_printf(b,
				  "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e4e4e4\"/>"
				  "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#444\">%.*f</text>\n",
				  ML, W - MR, py(a, y), py(a, y), ML - 6, py(a, y) + 4,
				  c->step < 0.1 ? 2 : c->step < 1 ? 1 : 0, y);
	return e;
}

/* x ticks: each 1 January (labelled with the year) and 1 July. */
static sw_err x_ticks(struct sw_buf *b, const struct chart *c)
{
	const struct axes *a = &c->a;
	int y0;
	unsigned m0, d0;
	sw_time_civil_from_days(a->d0, &y0, &m0, &d0);
	sw_err e = SW_OK;
	for (int y = y0; !e; y++)
		for (unsigned m = 1; !e && m <= 7; m += 6) {
			int64_t d = sw_time_days_from_civil(y, m, 1);
			if (d < a->d0)
				continue;
			if (d > a->d1)
				return SW_OK;
			double x = px(a, d);
			e = sw_buf_printf(b, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"%s\"/>", x, x, MT,
					  H - MB, m == 1 ? "#cfcfcf" : "#efefef");
			if (!e)
				e = sw_buf_printf(b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#444\">%s%d</text>\n",
						  x, H - MB + 18, m == 1 ? "" : "Jul ", y);
		}
	return e;
}

/* The grid, the ticks and the two axes with their titles. */
static sw_err axes(struct sw_buf *b, const struct chart *c)
{
	sw_err e = y_grid(b, c);
	if (!e)
		e = x_ticks(b, c);
	if (!e)
		e = sw_buf_printf(b,
				  "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#333\"/>"
				  "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n"
				  "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#222\">release date</text>\n"
				  "<text transform=\"translate(18 %d) rotate(-90)\" text-anchor=\"middle\" fill=\"#222\">score</text>\n",
				  ML, W - MR, H - MB, H - MB, ML, ML, MT, H - MB, (ML + W - MR) / 2, H - MB + 38,
				  (MT + H - MB) / 2);
	return e;
}

/* The frontier step lines, drawn under the points. */
static sw_err frontier_lines(struct sw_buf *b, const struct chart *c)
{
	sw_err e = steps(b, &c->a, c->t[T_FRONTIER], 0, 5, c->a.d1 - 30,
			 "stroke=\"#222\" stroke-width=\"2\" opacity=\"0.8\"");
	if (!e)
		e = steps(b, &c->a, c->t[T_OPEN_LAG], 0, 4, c->a.d1 - 30,
			  "stroke=\"#1a9850\" stroke-width=\"2.2\" stroke-dasharray=\"7 4\" opacity=\"0.9\"");
	return e;
}

/* One model: its marker with a tooltip naming it. */
static sw_err point(struct sw_buf *b, const struct chart *c, const struct pt *p)
{
	sw_err e = sw_buf_puts(b, "<g><title>");
	if (!e)
		e = sw_buf_html(b, p->name);
	int yy;
	unsigned mm, dd;
	sw_time_civil_from_days(p->day, &yy, &mm, &dd);
	if (!e)
		e = sw_buf_printf(b, " %04d-%02u-%02u: %.3f, ", yy, mm, dd, p->score);
	if (!e)
		e = sw_buf_html(b, p->org[0] ? p->org : "organisation unknown");
	if (!e)
		e = sw_buf_puts(b, ", ");
	if (!e)
		e = sw_buf_html(b, p->access);
	if (!e)
		e = sw_buf_puts(b, "</title>");
	if (!e)
		e = marker(b, p->access, px(&c->a, p->day), py(&c->a, p->score),
			   p->colour < 0 ? OTHER : palette[p->colour]);
	if (!e)
		e = sw_buf_puts(b, "</g>\n");
	return e;
}

/* The points: others first so the coloured labs stay on top. */
static sw_err points(struct sw_buf *b, const struct chart *c)
{
	sw_err e = SW_OK;
	for (int pass = 0; !e && pass < 2; pass++)
		for (size_t i = 0; !e && i < c->np; i++)
			if ((c->p[i].colour < 0) == (pass == 0))
				e = point(b, c, &c->p[i]);
	return e;
}

/* Labels for the frontier records, placed where they overlap no earlier
 * label and stay inside the plot; a label that fits nowhere is left out
 * (the point's tooltip still names it). */
static sw_err labels(struct sw_buf *b, const struct chart *c)
{
	struct rect placed[128];
	size_t nlab = 0;
	sw_err e = SW_OK;
	for (int which = 0; !e && which < 2; which++) {
		const struct sw_table *t = which ? c->t[T_OPEN_LAG] : c->t[T_FRONTIER];
		size_t scol = which ? 4 : 5;
		for (size_t r = 0; !e && t && r < sw_table_rows(t); r++) {
			double x = px(&c->a, models_day(sw_table_cell_text(t, r, 0)));
			double y = py(&c->a, sw_table_cell_num(t, r, scol));
			e = label(b, placed, &nlab, 128, x, y, sw_table_cell_text(t, r, 1), which ? "#1a7a40" : "#222",
				  which);
		}
	}
	return e;
}

/* Legend: a swatch per coloured organisation (with its model count). */
static sw_err legend_orgs(struct sw_buf *b, const struct chart *c, int lx, int *ly)
{
	sw_err e = sw_buf_printf(b, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">Organisation</text>\n", lx, *ly);
	for (size_t k = 0; !e && k < c->norgs && k < NPAL; k++) {
		*ly += 18;
		e = sw_buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">",
				  lx, *ly - 10, palette[k], lx + 18, *ly);
		if (!e)
			e = sw_buf_html(b, c->orgs[c->rank[k]]);
		if (!e)
			e = sw_buf_printf(b, " (%zu)</text>\n", c->cnt[c->rank[k]]);
	}
	if (!e && c->others) {
		*ly += 18;
		e = sw_buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">other (%zu labs)</text>\n",
				  lx, *ly - 10, OTHER, lx + 18, *ly, c->norgs - NPAL);
	}
	return e;
}

/* Legend: the marker shapes of the three accessibility classes. */
static sw_err legend_weights(struct sw_buf *b, int lx, int *ly)
{
	static const char *const acc[] = {"open", "closed", "unknown"};
	static const char *const accl[] = {"open weights", "closed (API, hosted)", "accessibility unknown"};
	sw_err e = sw_buf_printf(b, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">Weights</text>\n", lx, *ly);
	for (int k = 0; !e && k < 3; k++) {
		*ly += 18;
		e = marker(b, acc[k], lx + 6, *ly - 4, "#555");
		if (!e)
			e = sw_buf_printf(b, "<text x=\"%d\" y=\"%d\">%s</text>\n", lx + 18, *ly, accl[k]);
	}
	return e;
}

/* Legend: the two running-best line styles. */
static sw_err legend_lines(struct sw_buf *b, int lx, int ly)
{
	return sw_buf_printf(b,
			     "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">Running best</text>\n"
			     "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#222\" stroke-width=\"2\"/>"
			     "<text x=\"%d\" y=\"%d\">overall frontier</text>\n"
			     "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#1a9850\" stroke-width=\"2.2\" stroke-dasharray=\"7 4\"/>"
			     "<text x=\"%d\" y=\"%d\">open-weights frontier</text>\n",
			     lx, ly, lx, lx + 14, ly + 14, ly + 14, lx + 20, ly + 18, lx, lx + 14, ly + 32, ly + 32,
			     lx + 20, ly + 36);
}

/* The legend, then the data credit closing the picture. */
static sw_err legend(struct sw_buf *b, const struct chart *c)
{
	int lx = W - MR + 20, ly = MT + 4;
	sw_err e = legend_orgs(b, c, lx, &ly);
	ly += 30;
	if (!e)
		e = legend_weights(b, lx, &ly);
	ly += 30;
	if (!e)
		e = legend_lines(b, lx, ly);
	if (!e)
		e = sw_buf_printf(b,
				  "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#555\">Data: Epoch AI, AI Benchmarking Hub"
				  " (CC BY 4.0), epoch.ai/benchmarks. Versions collapsed to each model's best score.</text>\n"
				  "</svg>\n",
				  ML, H - 10);
	return e;
}

/* The chart's layers, back to front. */
static sw_err (*const layers[])(struct sw_buf *, const struct chart *) = {
	svg_head, axes, frontier_lines, points, labels, legend,
};

sw_err sw_models_svg(const struct sw_models_frontier *f, struct sw_buf *b)
{
	struct chart c = {0};
	sw_err e = chart_tables(&c, f);
	if (!e)
		e = chart_points(&c);
	if (!e)
		e = chart_colours(&c);
	if (!e && !c.np)
		e = sw_buf_puts(b, "<p>No dated models to chart.</p>\n");
	else if (!e) {
		chart_scale(&c);
		for (size_t i = 0; !e && i < sizeof layers / sizeof layers[0]; i++)
			e = layers[i](b, &c);
	}
	chart_release(&c);
	return e;
}

/* The page's body rule apart, so the web app can use the rest unchanged. */
#define MODELS_BODY_CSS "body{font-family:sans-serif;margin:24px;color:#222;max-width:1100px}"
#define MODELS_CSS \
	"table.sw-table{border-collapse:collapse;margin:8px 0 4px;font-size:13px}" \
	".sw-table th,.sw-table td{border-bottom:1px solid #ddd;padding:3px 8px;text-align:left}" \
	".sw-table td.num,.sw-table th.num{text-align:right}" \
	"p.note{font-size:12px;color:#555;margin:2px 0}" \
	"svg.sw-models-chart{max-width:100%;height:auto}" \
	".sw-models table.sw-table{display:block;overflow-x:auto;max-width:100%}" \
	".sw-models h3.inline{display:inline}"
static const char page_css[] = MODELS_BODY_CSS MODELS_CSS;

const char *sw_models_css(void)
{
	return MODELS_CSS;
}

static sw_err fragment(const struct sw_models_frontier *f, struct sw_buf *b, struct sw_error *err)
{
	sw_err e = sw_buf_puts(b, "<section class=\"sw-models\">\n");
	if (!e)
		e = sw_models_svg(f, b);
	for (size_t i = 0; !e && i < sw_models_ntables; i++) {
		struct sw_table *t = NULL;
		if ((e = sw_models_table(f, sw_models_table_names[i], &t, err)))
			return e;
		bool fold = !strcmp(sw_table_name(t), "models") || !strcmp(sw_table_name(t), "org_best");
		e = sw_buf_puts(b, fold ? "<details><summary><h3 class=\"inline\">" : "<h3>");
		if (!e)
			e = sw_buf_html(b, sw_table_title(t));
		if (!e)
			e = sw_buf_puts(b, fold ? "</h3></summary>\n" : "</h3>\n");
		if (!e)
			e = sw_table_render(t, SW_FMT_HTML, 0, b);
		if (!e && fold)
			e = sw_buf_puts(b, "</details>\n");
		sw_table_free(t);
	}
	if (!e)
		e = sw_buf_puts(b, "</section>\n");
	return e ? sw_error_set(err, e, "rendering the models page: %s", sw_error_str(e)) : SW_OK;
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

/* One table of a text or Markdown answer under its heading; the closed
 * frontier as one sentence when it repeats the overall one. */
static sw_err text_table(const struct sw_models_frontier *f, const char *name, enum sw_fmt fmt, bool first,
			 struct sw_buf *out, struct sw_error *err)
{
	struct sw_table *t = NULL, *ov = NULL;
	sw_err e = sw_models_table(f, name, &t, err);
	if (!e && !strcmp(name, "closed_frontier"))
		e = sw_models_table(f, "frontier", &ov, err);
	if (e)
		return e;
	e = sw_buf_printf(out, "%s%s %s\n\n", first ? "" : "\n", fmt == SW_FMT_MD ? "##" : "==", sw_table_title(t));
	if (!e && ov && same_records(t, ov))
		e = sw_buf_puts(out, "The same records as the overall frontier: no open-weights model has held the"
				     " lead.\n");
	else if (!e) /* the summary's sentences are its point: never cut them */
		e = sw_table_render(t, fmt, fmt == SW_FMT_TABLE && strcmp(name, "summary") ? 48 : 0, out);
	sw_table_free(t);
	sw_table_free(ov);
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
			e = sw_buf_printf(out, "</title><style>%s</style></head><body>\n<h1>Open weights vs proprietary"
					       " models</h1>\n",
					  page_css);
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
