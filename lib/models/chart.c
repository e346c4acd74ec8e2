/* chart.c: the models charts as inline SVG, each drawn for wide screens and
 * for phones (CSS shows the one that fits; classes, not style attributes,
 * so dark mode and the web's CSP work):
 *  - the frontier chart: every model a point (x = release date, y = score),
 *    coloured by its first-listed organisation, shaped by accessibility
 *    (circle open weights, square closed, hollow diamond unknown), with step
 *    lines for the overall and the open-weights running best; frontier
 *    records are labelled where a label overlaps no other (the rest are in
 *    the tooltips and the tables), never on a phone's drawing;
 *  - the lag chart: each step of the open-weights frontier and how many
 *    months a closed model had reached that score before, with the
 *    least-squares trend.
 * Hand-written SVG keeps the page self-contained (no JS, no fonts fetched).
 * The charts read the frontier through its tables ("models", "frontier",
 * "open_lag", "summary"), which carry everything shown, so the pictures
 * and the tables cannot disagree. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models_int.h"
#include "stackwatch/core.h"

static const char *const palette[] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
				      "#b6992d", "#b07aa1", "#ff9da7", "#9c755f", "#17becf"};
#define NPAL (sizeof palette / sizeof palette[0])
#define OTHER "#9a9a9a"
/* The running-best lines (CSS may recolour them for dark mode). */
#define OVERALL "stroke=\"#222\" stroke-width=\"2\" opacity=\"0.8\""
#define OPEN "stroke=\"#1a9850\" stroke-width=\"2.2\" stroke-dasharray=\"7 4\" opacity=\"0.9\""

/* A drawing's size and margins (the plot is what the margins leave). */
struct geom {
	double w, h, ml, mr, mt, mb;
	bool narrow;
};
static const struct geom FRONTIER_WIDE = {1000, 600, 64, 250, 48, 70, false};
static const struct geom FRONTIER_NARROW = {420, 380, 46, 14, 40, 48, true};
static const struct geom LAG_WIDE = {1000, 340, 64, 30, 40, 60, false};
static const struct geom LAG_NARROW = {420, 280, 46, 14, 36, 48, true};

/* The plot's data ranges. */
struct axes {
	int64_t d0, d1;
	double y0, y1, step;
};

static double px(const struct geom *g, const struct axes *a, int64_t d)
{
	return g->ml + (double)(d - a->d0) / (double)(a->d1 - a->d0) * (g->w - g->ml - g->mr);
}
static double py(const struct geom *g, const struct axes *a, double s)
{
	return g->h - g->mb - (s - a->y0) / (a->y1 - a->y0) * (g->h - g->mt - g->mb);
}

static double nice_step(double range)
{
	double raw = range / 6, p = pow(10, floor(log10(raw))), m = raw / p;
	return (m < 1.5 ? 1 : m < 3 ? 2 : m < 7 ? 5 : 10) * p;
}

/* ---- labels placed where they overlap no other ---- */

struct rect {
	double x0, y0, x1, y1;
	bool soft; /* a marker: a label may cover it when it fits nowhere else */
};
struct placer {
	const struct geom *g;
	struct rect r[400];
	size_t n;
};

/* Room taken: a rectangle no later label may overlap (a title), or that
 * one should not (soft: a marker). */
static void reserve(struct placer *p, double x0, double y0, double x1, double y1, bool soft)
{
	if (p->n < sizeof p->r / sizeof p->r[0])
		p->r[p->n++] = (struct rect){x0, y0, x1, y1, soft};
}

/* Text of font size fs near (x, y), inside the plot, at the first of the
 * candidate sides (dx, dy in -1..1) where it overlaps nothing placed, else
 * the first where it overlaps only markers; left out when there is none. The width is estimated generously (0.62 em a
 * character) so that the browser's font cannot make labels touch. */
static sw_err place(struct sw_buf *b, struct placer *p, double x, double y, double fs, const char *text,
		    const char *cls, const double (*cand)[2], size_t ncand)
{
	const struct geom *g = p->g;
	double w = 0.62 * fs * (double)sw_utf8_width(text) + 2, h = fs + 3;
	for (size_t k = 0; k < 2 * ncand && p->n < sizeof p->r / sizeof p->r[0]; k++) {
		size_t c = k % ncand;
		bool over_markers = k >= ncand; /* first try to keep clear of the markers too */
		double sx = cand[c][0], sy = cand[c][1];
		struct rect r;
		r.x0 = sx < 0 ? x - 7 - w : sx > 0 ? x + 7 : x - w / 2;
		r.x1 = r.x0 + w;
		r.y1 = sy < 0 ? y - 7 : sy > 0 ? y + 7 + h : y + h / 2;
		r.y0 = r.y1 - h;
		r.soft = false;
		if (r.x0 < g->ml + 2 || r.x1 > g->w - g->mr - 2 || r.y0 < g->mt || r.y1 > g->h - g->mb - 2)
			continue;
		bool clash = false;
		for (size_t i = 0; i < p->n && !clash; i++)
			clash = (!p->r[i].soft || !over_markers) && r.x0 < p->r[i].x1 && p->r[i].x0 < r.x1 &&
				r.y0 < p->r[i].y1 && p->r[i].y0 < r.y1;
		if (clash)
			continue;
		p->r[p->n++] = r;
		sw_err e = sw_buf_printf(b, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" font-size=\"%g\">", cls, r.x0 + 1,
					 r.y1 - 3, fs);
		if (!e) e = sw_buf_html(b, text);
		return e ? e : sw_buf_puts(b, "</text>\n");
	}
	return SW_OK;
}

/* ---- axes ---- */

static sw_err svg_open(struct sw_buf *b, const struct geom *g, const char *title)
{
	sw_err e = sw_buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sw-models-chart %s\""
				    " viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\""
				    " font-family=\"sans-serif\" font-size=\"12\">\n<title>",
				 g->narrow ? "chart-narrow" : "chart-wide", g->w, g->h, g->w, g->h);
	if (!e) e = sw_buf_html(b, title);
	return e ? e : sw_buf_printf(b, "</title>\n<rect class=\"bg\" width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>\n");
}

/* Horizontal grid lines with their values (decimals for small steps). */
static sw_err y_grid(struct sw_buf *b, const struct geom *g, const struct axes *a)
{
	sw_err e = SW_OK;
	int dec = a->step < 0.1 ? 2 : a->step < 1 ? 1 : 0;
	for (double y = a->y0; !e && y <= a->y1 + a->step / 2; y += a->step)
		e = sw_buf_printf(b, "<line class=\"grid\" x1=\"%.0f\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e4e4e4\"/>"
				     "<text class=\"tick\" x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\" fill=\"#444\">%.*f</text>\n",
				  g->ml, g->w - g->mr, py(g, a, y), py(g, a, y), g->ml - 6, py(g, a, y) + 4, dec, y);
	return e;
}

/* x ticks: each 1 January (labelled with the year) and, on wide drawings,
 * 1 July ("Jul YYYY"). */
static sw_err x_ticks(struct sw_buf *b, const struct geom *g, const struct axes *a)
{
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
			double x = px(g, a, d);
			e = sw_buf_printf(b, "<line class=\"%s\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.0f\" y2=\"%.0f\" stroke=\"%s\"/>",
					  m == 1 ? "year" : "grid", x, x, g->mt, g->h - g->mb, m == 1 ? "#cfcfcf" : "#efefef");
			if (!e && (m == 1 || !g->narrow))
				e = sw_buf_printf(b, "<text class=\"tick\" x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\" fill=\"#444\">"
						     "%s%d</text>\n", x, g->h - g->mb + 18, m == 1 ? "" : "Jul ", y);
		}
	return e;
}

/* The grid, the ticks, the axes and their titles (the y title only on
 * wide drawings: a phone's has no room beside its ticks). */
static sw_err frame(struct sw_buf *b, const struct geom *g, const struct axes *a, const char *xtitle,
		    const char *ytitle)
{
	sw_err e = y_grid(b, g, a);
	if (!e) e = x_ticks(b, g, a);
	if (!e)
		e = sw_buf_printf(b, "<line class=\"axis\" x1=\"%.0f\" x2=\"%.0f\" y1=\"%.0f\" y2=\"%.0f\" stroke=\"#333\"/>"
				     "<line class=\"axis\" x1=\"%.0f\" x2=\"%.0f\" y1=\"%.0f\" y2=\"%.0f\" stroke=\"#333\"/>\n"
				     "<text class=\"title\" x=\"%.0f\" y=\"%.0f\" text-anchor=\"middle\" fill=\"#222\">%s</text>\n",
				  g->ml, g->w - g->mr, g->h - g->mb, g->h - g->mb, g->ml, g->ml, g->mt, g->h - g->mb,
				  (g->ml + g->w - g->mr) / 2, g->h - g->mb + 38, xtitle);
	if (!e && !g->narrow)
		e = sw_buf_printf(b, "<text class=\"title\" transform=\"translate(18 %.0f) rotate(-90)\" text-anchor=\"middle\""
				     " fill=\"#222\">%s</text>\n", (g->mt + g->h - g->mb) / 2, ytitle);
	return e;
}

/* The heading inside the drawing, its room reserved. */
static sw_err heading(struct sw_buf *b, struct placer *p, const char *bench, const char *what)
{
	const struct geom *g = p->g;
	double fs = g->narrow ? 14 : 17;
	reserve(p, 0, 0, g->w, g->mt, false);
	sw_err e = sw_buf_printf(b, "<text class=\"head\" x=\"%.0f\" y=\"%.0f\" font-size=\"%.0f\" font-weight=\"bold\">",
				 g->narrow ? 8 : g->ml, g->mt - (g->narrow ? 16 : 20), fs);
	if (!e) e = sw_buf_html(b, bench);
	if (!e) e = sw_buf_printf(b, ": %s</text>\n", what);
	return e;
}

/* ====================================================== frontier chart */

struct pt {
	int64_t day;
	double score;
	const char *name, *org, *access;
	char first_org[128];
	int colour;       /* palette index, -1 = other */
};

/* The tables the chart shows (sw_models_table names), all of its data. */
enum { T_MODELS, T_FRONTIER, T_OPEN_LAG, T_SUMMARY, NTABLES };
static const char *const chart_table[NTABLES] = {"models", "frontier", "open_lag", "summary"};

/* What the frontier chart is drawn from: the tables, the dated points, the
 * organisations with their model counts and colour ranking, and the axes. */
struct chart {
	struct sw_table *t[NTABLES];
	struct pt *p;
	size_t np;
	char (*orgs)[128];
	size_t *cnt, *rank, norgs;          /* rank: organisations by count then name */
	bool others;                        /* some point has no palette colour */
	struct axes a;
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

/* The dated models as points, their organisations counted, the data range
 * with a month of margin either side and the score range widened to whole
 * grid steps. */
static sw_err chart_points(struct chart *c)
{
	size_t n = sw_table_rows(c->t[T_MODELS]);
	c->p = calloc(n + 1, sizeof *c->p);
	c->orgs = calloc(n + 1, sizeof *c->orgs);
	c->cnt = calloc(n + 1, sizeof *c->cnt);
	if (!c->p || !c->orgs || !c->cnt)
		return SW_ENOMEM;
	struct axes *a = &c->a;
	*a = (struct axes){INT64_MAX, INT64_MIN, INFINITY, -INFINITY, 1};
	for (size_t r = 0; r < n; r++) {
		struct pt *q = &c->p[c->np];
		if (!point_read(c->t[T_MODELS], r, q))
			continue;
		org_count(c, q->first_org);
		a->d0 = q->day < a->d0 ? q->day : a->d0;
		a->d1 = q->day > a->d1 ? q->day : a->d1;
		a->y0 = q->score < a->y0 ? q->score : a->y0;
		a->y1 = q->score > a->y1 ? q->score : a->y1;
		c->np++;
	}
	a->d0 -= 30;
	a->d1 += 30;
	a->step = nice_step(a->y1 - a->y0 > 0 ? a->y1 - a->y0 : 1);
	a->y0 = floor(a->y0 / a->step) * a->step;
	a->y1 = ceil(a->y1 / a->step) * a->step;
	if (a->y1 <= a->y0)
		a->y1 = a->y0 + a->step;
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

static sw_err marker(struct sw_buf *b, const char *access, double x, double y, const char *col)
{
	if (!strcmp(access, "open"))
		return sw_buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\" stroke=\"#fff\" stroke-width=\"0.8\"/>",
				     x, y, col);
	if (!strcmp(access, "closed"))
		return sw_buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"9\" height=\"9\" fill=\"%s\" stroke=\"#fff\""
				     " stroke-width=\"0.8\"/>", x - 4.5, y - 4.5, col);
	return sw_buf_printf(b, "<path class=\"hollow\" d=\"M%.1f %.1fl5.5 5.5l-5.5 5.5l-5.5 -5.5z\" fill=\"#fff\" stroke=\"%s\""
			     " stroke-width=\"1.8\"/>", x, y - 5.5, col);
}

/* Step line through the records of a frontier table, extended to d_end. */
static sw_err steps(struct sw_buf *b, const struct geom *g, const struct axes *a, const struct sw_table *t,
		    size_t scol, const char *cls)
{
	size_t n = sw_table_rows(t);
	sw_err e = n ? sw_buf_printf(b, "<path class=\"%s\" fill=\"none\" %s d=\"", cls,
				     !strcmp(cls, "open") ? OPEN : OVERALL) : SW_OK;
	for (size_t r = 0; !e && r < n; r++) {
		double x = px(g, a, models_day(sw_table_cell_text(t, r, 0))), y = py(g, a, sw_table_cell_num(t, r, scol));
		e = r ? sw_buf_printf(b, "H%.1fV%.1f", x, y) : sw_buf_printf(b, "M%.1f %.1f", x, y);
	}
	return e || !n ? e : sw_buf_printf(b, "H%.1f\"/>\n", px(g, a, a->d1 - 30));
}

/* One model: its marker with a tooltip naming it. */
static sw_err point(struct sw_buf *b, const struct geom *g, const struct chart *c, const struct pt *p)
{
	int yy;
	unsigned mm, dd;
	sw_time_civil_from_days(p->day, &yy, &mm, &dd);
	sw_err e = sw_buf_puts(b, "<g><title>");
	if (!e) e = sw_buf_html(b, p->name);
	if (!e) e = sw_buf_printf(b, " %04d-%02u-%02u: %.3f, ", yy, mm, dd, p->score);
	if (!e) e = sw_buf_html(b, p->org[0] ? p->org : "organisation unknown");
	if (!e) e = sw_buf_puts(b, ", ");
	if (!e) e = sw_buf_html(b, p->access);
	if (!e) e = sw_buf_puts(b, "</title>");
	if (!e) e = marker(b, p->access, px(g, &c->a, p->day), py(g, &c->a, p->score), p->colour < 0 ? OTHER : palette[p->colour]);
	return e ? e : sw_buf_puts(b, "</g>\n");
}

/* Labels for the frontier records (each model once), placed where they
 * overlap no other label and no marker; a label that fits nowhere is left
 * out (the point's tooltip and the tables still name it). */
static sw_err record_labels(struct sw_buf *b, struct placer *pl, const struct chart *c)
{
	static const double above[6][2] = {{-1, -1}, {1, 1}, {1, -1}, {-1, 1}, {0, -1}, {0, 1}},
			    below[6][2] = {{1, 1}, {-1, 1}, {1, -1}, {-1, -1}, {0, 1}, {0, -1}};
	sw_err e = SW_OK;
	/* the open-weights records first: they are what the page is about */
	for (int pass = 0; !e && pass < 2; pass++) {
		bool open = pass == 0;
		const struct sw_table *t = open ? c->t[T_OPEN_LAG] : c->t[T_FRONTIER], *other = c->t[T_OPEN_LAG];
		for (size_t r = 0; !e && r < sw_table_rows(t); r++) {
			const char *name = sw_table_cell_text(t, r, 1);
			bool seen = false;
			for (size_t q = 0; !open && q < sw_table_rows(other) && !seen; q++)
				seen = !strcmp(sw_table_cell_text(other, q, 1), name);
			if (seen)
				continue;
			double x = px(pl->g, &c->a, models_day(sw_table_cell_text(t, r, 0)));
			double y = py(pl->g, &c->a, sw_table_cell_num(t, r, open ? 4 : 5));
			e = place(b, pl, x, y, 10, name, open ? "lab-open" : "lab", open ? below : above, 6);
		}
	}
	return e;
}

/* Legend in the right margin of the wide drawing: organisations, marker
 * shapes, the two running bests. */
static sw_err legend(struct sw_buf *b, const struct chart *c, const struct geom *g)
{
	int lx = (int)(g->w - g->mr + 20), ly = (int)g->mt + 4;
	static const char *const acc[] = {"open", "closed", "unknown"};
	static const char *const accl[] = {"open weights", "closed (API, hosted)", "accessibility unknown"};
	sw_err e = sw_buf_printf(b, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">Organisation</text>\n", lx, ly);
	for (size_t k = 0; !e && k < c->norgs && k < NPAL; k++) {
		ly += 18;
		e = sw_buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">",
				  lx, ly - 10, palette[k], lx + 18, ly);
		if (!e) e = sw_buf_html(b, c->orgs[c->rank[k]]);
		if (!e) e = sw_buf_printf(b, " (%zu)</text>\n", c->cnt[c->rank[k]]);
	}
	if (!e && c->others) {
		ly += 18;
		e = sw_buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">"
				     "other (%zu labs)</text>\n", lx, ly - 10, OTHER, lx + 18, ly, c->norgs - NPAL);
	}
	ly += 30;
	if (!e) e = sw_buf_printf(b, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">Weights</text>\n", lx, ly);
	for (int k = 0; !e && k < 3; k++) {
		ly += 18;
		e = marker(b, acc[k], lx + 6, ly - 4, "#555");
		if (!e) e = sw_buf_printf(b, "<text x=\"%d\" y=\"%d\">%s</text>\n", lx + 18, ly, accl[k]);
	}
	ly += 30;
	return e ? e : sw_buf_printf(b, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">Running best</text>\n"
				     "<line class=\"overall\" x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" " OVERALL "/>"
				     "<text x=\"%d\" y=\"%d\">overall frontier</text>\n"
				     "<line class=\"open\" x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" " OPEN "/>"
				     "<text x=\"%d\" y=\"%d\">open-weights frontier</text>\n",
				     lx, ly, lx, lx + 14, ly + 14, ly + 14, lx + 20, ly + 18, lx, lx + 14, ly + 32, ly + 32,
				     lx + 20, ly + 36);
}

/* One drawing of the frontier chart. */
static sw_err frontier_svg(struct sw_buf *b, const struct chart *c, const struct geom *g)
{
	const char *bench = sw_table_cell_text(c->t[T_SUMMARY], 0, 1);
	char title[200];
	snprintf(title, sizeof title, "%s score by release date", bench);
	struct placer pl = {.g = g};
	sw_err e = svg_open(b, g, title);
	if (!e) e = heading(b, &pl, bench, g->narrow ? "best score by release date" : "best score by release date, open"
										     " weights vs closed");
	if (!e) e = frame(b, g, &c->a, "release date", "score");
	if (!e) e = steps(b, g, &c->a, c->t[T_FRONTIER], 5, "overall");
	if (!e) e = steps(b, g, &c->a, c->t[T_OPEN_LAG], 4, "open");
	for (int pass = 0; !e && pass < 2; pass++) /* others first, so the coloured labs stay on top */
		for (size_t i = 0; !e && i < c->np; i++)
			if ((c->p[i].colour < 0) == (pass == 0))
				e = point(b, g, c, &c->p[i]);
	for (size_t i = 0; i < c->np; i++) /* labels keep off the markers too */
		reserve(&pl, px(g, &c->a, c->p[i].day) - 5, py(g, &c->a, c->p[i].score) - 5, px(g, &c->a, c->p[i].day) + 5,
			py(g, &c->a, c->p[i].score) + 5, true);
	if (!e && !g->narrow) e = record_labels(b, &pl, c);
	if (!e && !g->narrow) e = legend(b, c, g);
	if (!e && !g->narrow)
		e = sw_buf_printf(b, "<text class=\"credit\" x=\"%.0f\" y=\"%.0f\" font-size=\"11\" fill=\"#555\">Data: Epoch AI,"
				     " AI Benchmarking Hub (CC BY 4.0), epoch.ai/benchmarks. Versions collapsed to each"
				     " model's best score.</text>\n", g->ml, g->h - 10);
	return e ? e : sw_buf_puts(b, "</svg>\n");
}

/* The phone's legend, as HTML under its drawing (classes, no styles). */
static sw_err legend_html(struct sw_buf *b, const struct chart *c)
{
	sw_err e = sw_buf_puts(b, "<div class=\"legend chart-narrow\">");
	for (size_t k = 0; !e && k < c->norgs && k < NPAL; k++) {
		e = sw_buf_printf(b, "<span><i class=\"c%zu\"></i>", k);
		if (!e) e = sw_buf_html(b, c->orgs[c->rank[k]]);
		if (!e) e = sw_buf_puts(b, "</span>");
	}
	if (!e && c->others)
		e = sw_buf_printf(b, "<span><i class=\"other\"></i>other (%zu labs)</span>", c->norgs - NPAL);
	return e ? e : sw_buf_puts(b, "<span>● open weights</span><span>■ closed</span><span>◇ unknown</span>"
				      "<span><i class=\"overall\"></i>overall frontier</span>"
				      "<span><i class=\"open\"></i>open-weights frontier</span></div>\n");
}

sw_err sw_models_svg(const struct sw_models_frontier *f, struct sw_buf *b)
{
	struct chart c = {0};
	struct sw_error err;
	sw_err e = SW_OK;
	for (int i = 0; !e && i < NTABLES; i++)
		e = sw_models_table(f, chart_table[i], &c.t[i], &err);
	if (!e) e = chart_points(&c);
	if (!e) e = chart_colours(&c);
	if (!e && !c.np)
		e = sw_buf_puts(b, "<p>No dated models to chart.</p>\n");
	else if (!e) {
		e = frontier_svg(b, &c, &FRONTIER_WIDE);
		if (!e) e = frontier_svg(b, &c, &FRONTIER_NARROW);
		if (!e) e = legend_html(b, &c);
	}
	chart_release(&c);
	return e;
}

/* =========================================================== lag chart */

/* One drawing of the lag chart from the open_lag table (date col 0, model
 * col 1, closed model col 5, lag_months col 8) and the fitted trend. */
static sw_err lag_svg(struct sw_buf *b, const struct sw_table *t, const struct sw_models_lag *l, const char *bench,
		      const struct geom *g)
{
	struct axes a = {INT64_MAX, INT64_MIN, 0, 1, 1};
	size_t n = sw_table_rows(t);
	for (size_t r = 0; r < n; r++) {
		int64_t d = models_day(sw_table_cell_text(t, r, 0));
		double v = sw_table_cell_num(t, r, 8);
		a.d0 = d < a.d0 ? d : a.d0;
		a.d1 = d > a.d1 ? d : a.d1;
		a.y1 = !isnan(v) && v > a.y1 ? v : a.y1;
	}
	a.d0 -= 45;
	a.d1 += 45;
	a.step = nice_step(a.y1);
	a.y1 = ceil(a.y1 / a.step) * a.step + a.step; /* headroom for the labels */
	struct placer pl = {.g = g};
	static const double up[3][2] = {{0, -1}, {1, -1}, {-1, -1}};
	sw_err e = svg_open(b, g, "Months open weights trailed closed models");
	if (!e) e = heading(b, &pl, bench, g->narrow ? "months behind, per step" : "how many months each step of the"
									  " open-weights frontier trailed closed models");
	if (!e) e = frame(b, g, &a, "open-weights model release date", "lag (months)");
	if (!e && !isnan(l->lag_trend_first))
		e = sw_buf_printf(b, "<line class=\"trend\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#888\""
				     " stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\n",
				  px(g, &a, models_day(sw_table_cell_text(t, 0, 0))), py(g, &a, l->lag_trend_first),
				  px(g, &a, models_day(sw_table_cell_text(t, n - 1, 0))), py(g, &a, l->lag_trend_last));
	for (size_t r = 0; !e && r < n; r++) {
		double v = sw_table_cell_num(t, r, 8), x = px(g, &a, models_day(sw_table_cell_text(t, r, 0)));
		if (isnan(v))
			continue; /* open weights lead: no closed model to trail */
		char lab[16];
		snprintf(lab, sizeof lab, "%.1f", v);
		e = sw_buf_printf(b, "<line class=\"stem\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#bbb\"/>"
				     "<g><title>",
				  x, x, py(g, &a, 0), py(g, &a, v));
		if (!e) e = sw_buf_html(b, sw_table_cell_text(t, r, 1));
		if (!e) e = sw_buf_printf(b, " (%s): %.1f months after ", sw_table_cell_text(t, r, 0), v);
		if (!e) e = sw_buf_html(b, sw_table_cell_text(t, r, 5));
		if (!e) e = sw_buf_printf(b, "</title><circle class=\"step\" cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"#1a9850\"/></g>\n", x,
					  py(g, &a, v));
		if (!e) e = place(b, &pl, x, py(g, &a, v), 11, lab, "lab", up, 3);
	}
	return e ? e : sw_buf_puts(b, "</svg>\n");
}

sw_err models_lag_svg(const struct sw_models_frontier *f, struct sw_buf *b)
{
	struct sw_table *t = NULL;
	struct sw_error err;
	struct sw_models_lag l;
	sw_models_current_lag(f, &l);
	sw_err e = sw_models_table(f, "open_lag", &t, &err);
	struct sw_table *s = NULL;
	if (!e) e = sw_models_table(f, "summary", &s, &err);
	if (!e && l.lag_steps >= 2) {
		const char *bench = sw_table_cell_text(s, 0, 1);
		e = lag_svg(b, t, &l, bench, &LAG_WIDE);
		if (!e) e = lag_svg(b, t, &l, bench, &LAG_NARROW);
	}
	sw_table_free(t);
	sw_table_free(s);
	return e;
}
