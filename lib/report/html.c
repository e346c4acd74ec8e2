/* html.c: the report as one self-contained HTML page: the history the
 * figures rest on, a table of contents, headline cards against the study,
 * inline SVG charts drawn here from the report's tables (no scripts or
 * fonts from the network), each drawn for wide screens and for phones with
 * CSS showing the one that fits, the tables folded under their charts,
 * repos and accounts linked, and a few lines of plain JS to sort tables by
 * a column. The fragment (body content) and the CSS (data/report.css) are
 * exported separately so the web app embeds the same page. Every text that
 * comes from data is HTML-escaped. */
#include "report_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_int.h"

#define PAL_N 8
static const char *const PAL[PAL_N] = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759",
				       "#76b7b2", "#edc948", "#b07aa1", "#9c755f"};
#define WIDE_W 1000   /* the drawing for wide screens */
#define NARROW_W 420  /* and for phones: shown at about its own size, so its text stays legible */

const char *sw_report_css(void)
{
	const char *css = core_embedded("report.css", NULL);
	return css ? css : "";
}

static const char JS[] =
	"document.querySelectorAll('.swr table.sw-table').forEach(function(t){"
	"t.querySelectorAll('th').forEach(function(th,i){th.title='sort';th.onclick=function(){"
	"var b=t.tBodies[0],rows=Array.prototype.slice.call(b.rows),d=th.dataset.d==='a'?'d':'a';th.dataset.d=d;"
	"rows.sort(function(x,y){var p=x.cells[i],q=y.cells[i],a=p.dataset.v,c=q.dataset.v,r;"
	"if(a!==undefined&&c!==undefined)r=parseFloat(a)-parseFloat(c);"
	"else r=p.textContent.localeCompare(q.textContent);return d==='a'?r:-r;});"
	"rows.forEach(function(r){b.appendChild(r);});};});});";

const char *sw_report_js(void)
{
	return JS;
}


/* ---------------------------------------------------------- chart pieces */

static double nice_step(double max, int ticks)
{
	if (max <= 0)
		return 1;
	double raw = max / ticks, p = pow(10, floor(log10(raw))), f = raw / p;
	return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

static void fmt_short(double v, char out[32])
{
	double a = fabs(v);
	if (a >= 1e6)
		snprintf(out, 32, "%.3gM", v / 1e6);
	else if (a >= 1e4)
		snprintf(out, 32, "%.3gk", v / 1e3);
	else
		snprintf(out, 32, "%.0f", v);
}

static sw_err text_el(struct sw_buf *b, double x, double y, const char *anchor, const char *extra, const char *s)
{
	sw_err e = sw_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s>", x, y, anchor, extra ? extra : "");
	if (!e) e = sw_buf_html(b, s);
	if (!e) e = sw_buf_puts(b, "</text>");
	return e;
}

/* Y axis with grid lines from 0 to max at left x0, plot box [x0,x1]x[y0,y1]. */
static sw_err y_axis(struct sw_buf *b, double x0, double x1, double y0, double y1, double max, double *top)
{
	double step = nice_step(max, 5);
	double m = step * ceil(max / step);
	if (m <= 0)
		m = step;
	*top = m;
	sw_err e = SW_OK;
	for (double v = 0; !e && v <= m + step / 2; v += step) {
		double y = y1 - (y1 - y0) * v / m;
		char lab[32];
		fmt_short(v, lab);
		e = sw_buf_printf(b, "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>", x0, x1, y, y);
		if (!e) e = text_el(b, x0 - 6, y + 4, "end", NULL, lab);
	}
	if (!e) e = sw_buf_printf(b, "<line class=\"axis\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>", x0, x0, y0, y1);
	if (!e) e = sw_buf_printf(b, "<line class=\"axis\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>", x0, x1, y1, y1);
	return e;
}

/* cls: "chart-wide", "chart-narrow" (CSS shows one of the two) or "compact". */
static sw_err svg_open(struct sw_buf *b, int w, int h, const char *label, const char *cls)
{
	sw_err e = sw_buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"%s\" viewBox=\"0 0 %d %d\""
				    " width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"", cls, w, h, w, h);
	if (!e) e = sw_buf_html(b, label);
	if (!e) e = sw_buf_puts(b, "\">");
	return e;
}

static sw_err legend(struct sw_buf *b, const char *const *names, size_t n)
{
	sw_err e = sw_buf_puts(b, "<div class=\"legend\">");
	for (size_t c = 0; !e && c < n; c++) {
		/* A class, not a style attribute: the web app's CSP forbids inline styles. */
		e = sw_buf_printf(b, "<span><i class=\"p%zu\"></i>", c % PAL_N);
		if (!e) e = sw_buf_html(b, names[c]);
		if (!e) e = sw_buf_puts(b, "</span>");
	}
	return e ? e : sw_buf_puts(b, "</div>");
}

static double cell(const struct sw_table *t, size_t r, size_t c)
{
	double v = sw_table_cell_num(t, r, c);
	return isnan(v) ? 0 : v;
}

/* What a chart is drawn from. */
struct chart_in {
	const struct sw_report *r;
	const struct sw_table *t;
};
/* Draw one SVG; narrow: the phone's drawing. */
typedef sw_err svg_fn(const struct chart_in *in, struct sw_buf *b, bool narrow);

/* A figure: the wide and the narrow drawing (or one compact drawing for
 * both), its legend and caption. */
static sw_err figure(struct sw_buf *b, svg_fn *fn, const struct chart_in *in, bool two, const char *const *names,
		     size_t nnames, const char *caption)
{
	sw_err e = sw_buf_puts(b, "<figure>");
	if (!e) e = fn(in, b, false);
	if (!e && two) e = fn(in, b, true);
	if (!e && nnames) e = legend(b, names, nnames);
	if (!e) e = sw_buf_puts(b, "<figcaption>");
	if (!e) e = sw_buf_html(b, caption);
	return e ? e : sw_buf_puts(b, "</figcaption></figure>\n");
}

/* ----------------------------------------------------------- the charts */

/* Stacked area: cumulative repos per software layer by month. */
static sw_err svg_growth(const struct chart_in *in, struct sw_buf *b, bool narrow)
{
	const struct sw_table *t = in->t;
	size_t M = sw_table_rows(t), K = sw_table_cols(t) - 2; /* month, software layers, all */
	const double W = narrow ? NARROW_W : WIDE_W, x0 = narrow ? 46 : 70, x1 = W - 16, y0 = 20,
		     y1 = narrow ? 250 : 330;
	double max = 0, top;
	for (size_t m = 0; m < M; m++) {
		double sum = 0;
		for (size_t c = 1; c <= K; c++)
			sum += cell(t, m, c);
		max = sum > max ? sum : max;
	}
	double *base = calloc(M, sizeof *base);
	sw_err e = base ? svg_open(b, (int)W, (int)y1 + 40, "Cumulative repos per layer by creation month",
				   narrow ? "chart-narrow" : "chart-wide")
			: SW_ENOMEM;
	if (!e) e = y_axis(b, x0, x1, y0, y1, max, &top);
	for (size_t c = 1; !e && c <= K; c++) {
		e = sw_buf_printf(b, "<path fill=\"%s\" fill-opacity=\"0.85\" stroke=\"#fff\" stroke-width=\"0.5\" d=\"",
				  PAL[(c - 1) % PAL_N]);
		for (size_t m = 0; !e && m < M; m++)
			e = sw_buf_printf(b, "%s%.1f %.1f", m ? " L" : "M", x0 + (x1 - x0) * (double)m / (double)(M - 1),
					  y1 - (y1 - y0) * (base[m] + cell(t, m, c)) / top);
		for (size_t m = M; !e && m-- > 0;)
			e = sw_buf_printf(b, " L%.1f %.1f", x0 + (x1 - x0) * (double)m / (double)(M - 1),
					  y1 - (y1 - y0) * base[m] / top);
		if (!e) e = sw_buf_puts(b, " Z\"/>");
		for (size_t m = 0; m < M; m++)
			base[m] += cell(t, m, c);
	}
	free(base);
	/* x labels: Januaries, as many as fit (a year label needs about 44 units) */
	size_t years = M / 12 + 1, every = (size_t)ceil(44.0 * (double)years / (x1 - x0)), seen = 0;
	for (size_t m = 0; !e && m < M; m++) {
		const char *lab = sw_table_cell_text(t, m, 0);
		if (strlen(lab) != 7 || strcmp(lab + 5, "01") || seen++ % (every ? every : 1))
			continue;
		char y[8];
		snprintf(y, sizeof y, "%.4s", lab);
		double x = x0 + (x1 - x0) * (double)m / (double)(M - 1);
		e = sw_buf_printf(b, "<line class=\"axis\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>", x, x, y1, y1 + 5);
		if (!e) e = text_el(b, x, y1 + 19, "middle", NULL, y);
	}
	if (!e && !narrow)
		e = text_el(b, 16, (y0 + y1) / 2, "middle", " transform=\"rotate(-90 16 175)\"", "repos (cumulative)");
	return e ? e : sw_buf_puts(b, "</svg>");
}

/* Horizontal bars: labels from column lc (cut to maxchars, 0: whole), values
 * from column vc. */
struct bars {
	size_t lc, vc, maxrows, maxchars;
	double x0, x1, ytop, rowh;
	const char *color; /* NULL: a palette colour per row */
};

static sw_err hbars(struct sw_buf *b, const struct sw_table *t, const struct bars *k)
{
	size_t n = sw_table_rows(t) < k->maxrows ? sw_table_rows(t) : k->maxrows;
	double max = 0;
	for (size_t i = 0; i < n; i++)
		max = cell(t, i, k->vc) > max ? cell(t, i, k->vc) : max;
	sw_err e = SW_OK;
	for (size_t i = 0; !e && i < n; i++) {
		double v = cell(t, i, k->vc), w = max > 0 ? (k->x1 - k->x0 - 70) * (v > 0 ? v : 0) / max : 0;
		double y = k->ytop + k->rowh * (double)i;
		char lab[32], name[160];
		const char *full = sw_table_cell_text(t, i, k->lc);
		fmt_short(v, lab);
		if (k->maxchars && sw_utf8_width(full) > k->maxchars)
			snprintf(name, sizeof name, "%.*s…", (int)k->maxchars - 1, full);
		else
			snprintf(name, sizeof name, "%s", full);
		e = sw_buf_puts(b, "<g><title>");
		if (!e) e = sw_buf_html(b, full);
		if (!e) e = sw_buf_puts(b, "</title>");
		if (!e) e = text_el(b, k->x0 - 8, y + k->rowh * 0.65, "end", NULL, name);
		if (!e) e = sw_buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"2\" fill=\"%s\"/>",
					  k->x0, y + k->rowh * 0.15, w, k->rowh * 0.7, k->color ? k->color : PAL[i % PAL_N]);
		if (!e) e = text_el(b, k->x0 + w + 6, y + k->rowh * 0.65, "start", NULL, lab);
		if (!e) e = sw_buf_puts(b, "</g>");
	}
	return e;
}

/* Repos and stars per layer: side by side, or one above the other on a phone. */
static sw_err svg_layers(const struct chart_in *in, struct sw_buf *b, bool narrow)
{
	size_t n = sw_table_rows(in->t);
	double rowh = 30, gap = narrow ? rowh * (double)n + 40 : 0;
	struct bars repos = {0, 2, n, 0, 170, 480, 30, rowh, NULL}, stars = {0, 4, n, 0, 640, WIDE_W - 10, 30, rowh, NULL};
	if (narrow) {
		repos.x0 = stars.x0 = 140;
		repos.x1 = stars.x1 = NARROW_W - 10;
		stars.ytop = 30 + gap;
	}
	sw_err e = svg_open(b, narrow ? NARROW_W : WIDE_W, (int)(40 + rowh * (double)n + gap),
			    "Repos and stars per layer", narrow ? "chart-narrow" : "chart-wide");
	if (!e) e = text_el(b, repos.x0, 20, "start", " font-weight=\"600\"", "repos");
	if (!e) e = text_el(b, stars.x0, stars.ytop - 10, "start", " font-weight=\"600\"", "stars");
	if (!e) e = hbars(b, in->t, &repos);
	if (!e) e = hbars(b, in->t, &stars);
	return e ? e : sw_buf_puts(b, "</svg>");
}

/* The fastest risers' 7-day gains, names cut short on a phone. */
static sw_err svg_risers(const struct chart_in *in, struct sw_buf *b, bool narrow)
{
	size_t n = sw_table_rows(in->t) < 20 ? sw_table_rows(in->t) : 20;
	struct bars k = {1, 4, 20, narrow ? 26 : 0, narrow ? 200 : 330, narrow ? NARROW_W - 6 : WIDE_W - 10, 10, 24,
			 PAL[2]};
	sw_err e = svg_open(b, narrow ? NARROW_W : WIDE_W, (int)(20 + 24 * (double)n), "Top risers by 7-day star gain",
			    narrow ? "chart-narrow" : "chart-wide");
	if (!e) e = hbars(b, in->t, &k);
	return e ? e : sw_buf_puts(b, "</svg>");
}

/* The Lorenz curve: one square drawing, legible at phone width. */
static sw_err svg_lorenz(const struct chart_in *in, struct sw_buf *b, bool narrow)
{
	(void)narrow;
	const struct sw_table *t = in->t;
	size_t n = sw_table_rows(t);
	const double x0 = 70, x1 = 450, y0 = 20, y1 = 400;
	sw_err e = svg_open(b, 470, 460, "Lorenz curve of repos per account", "compact");
	for (int k = 0; !e && k <= 4; k++) {
		double f = k / 4.0;
		char lab[8];
		snprintf(lab, sizeof lab, "%d%%", k * 25);
		e = sw_buf_printf(b, "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>"
				     "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>",
				  x0, x1, y1 - (y1 - y0) * f, y1 - (y1 - y0) * f, x0 + (x1 - x0) * f, x0 + (x1 - x0) * f, y0, y1);
		if (!e) e = text_el(b, x0 - 6, y1 - (y1 - y0) * f + 5, "end", NULL, lab);
		if (!e) e = text_el(b, x0 + (x1 - x0) * f, y1 + 19, k == 4 ? "end" : k ? "middle" : "start", NULL, lab);
	}
	if (!e) e = sw_buf_printf(b, "<line class=\"axis\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>"
				     "<line class=\"axis\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>",
				  x0, x0, y0, y1, x0, x1, y1, y1);
	if (!e) e = sw_buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#9aa5b1\""
				     " stroke-dasharray=\"5 4\"/>", x0, y1, x1, y0);
	if (!e) e = sw_buf_printf(b, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\" points=\"", PAL[0]);
	for (size_t i = 0; !e && i < n; i++)
		e = sw_buf_printf(b, "%s%.1f,%.1f", i ? " " : "", x0 + (x1 - x0) * cell(t, i, 0) / 100,
				  y1 - (y1 - y0) * cell(t, i, 1) / 100);
	char g[64];
	snprintf(g, sizeof g, "Gini = %.3f", in->r->gini);
	if (!e) e = sw_buf_puts(b, "\"/>");
	if (!e) e = text_el(b, x0 + 14, y0 + 20, "start", " font-weight=\"600\"", g);
	if (!e) e = text_el(b, x0 + 14, y0 + 40, "start", NULL, "dashed: every account equal");
	if (!e) e = text_el(b, (x0 + x1) / 2, y1 + 44, "middle", NULL, "share of accounts (fewest repos first)");
	if (!e) e = text_el(b, 16, (y0 + y1) / 2, "middle", " transform=\"rotate(-90 16 210)\"", "share of software repos");
	return e ? e : sw_buf_puts(b, "</svg>");
}

/* Vertical bars of a histogram (label column 0, values column 1): one
 * compact drawing; x labels too wide for their slot alternate rows. */
struct vbars {
	const char *label, *xlabel, *ylabel;
};

static sw_err svg_vbars(const struct chart_in *in, struct sw_buf *b, const struct vbars *v)
{
	const struct sw_table *t = in->t;
	size_t n = sw_table_rows(t);
	const double x0 = 74, x1 = 455, y0 = 24, y1 = 380;
	double max = 0, top, slot = (x1 - x0) / (double)(n ? n : 1);
	bool widest = false;
	for (size_t i = 0; i < n; i++) {
		max = cell(t, i, 1) > max ? cell(t, i, 1) : max;
		widest |= 8.5 * (double)strcspn(sw_table_cell_text(t, i, 0), "(") > slot * 0.9;
	}
	sw_err e = svg_open(b, 470, 470, v->label, "compact");
	if (!e) e = y_axis(b, x0, x1, y0, y1, max, &top);
	for (size_t i = 0; !e && i < n; i++) {
		double val = cell(t, i, 1), h = (y1 - y0) * val / top, x = x0 + slot * (double)i;
		char lab[32], xl[24];
		fmt_short(val, lab);
		/* axis labels stay short: "100+ (at least 100)" shows as "100+" */
		snprintf(xl, sizeof xl, "%.*s", (int)strcspn(sw_table_cell_text(t, i, 0), "("), sw_table_cell_text(t, i, 0));
		sw_str_trim(xl);
		e = sw_buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"2\" fill=\"%s\"/>",
				  x + slot * 0.15, y1 - h, slot * 0.7, h, PAL[1]);
		if (!e) e = text_el(b, x + slot / 2, y1 - h - 6, "middle", NULL, lab);
		if (!e) e = text_el(b, x + slot / 2, y1 + 20 + (widest && i % 2 ? 18 : 0), "middle", NULL, xl);
	}
	if (!e) e = text_el(b, (x0 + x1) / 2, y1 + 66, "middle", NULL, v->xlabel);
	if (!e) e = text_el(b, 16, (y0 + y1) / 2, "middle", " transform=\"rotate(-90 16 202)\"", v->ylabel);
	return e ? e : sw_buf_puts(b, "</svg>");
}

static sw_err svg_accounts(const struct chart_in *in, struct sw_buf *b, bool narrow)
{
	(void)narrow;
	static const struct vbars v = {"Accounts by number of repos", "software repos per account", "accounts"};
	return svg_vbars(in, b, &v);
}

static sw_err svg_contributors(const struct chart_in *in, struct sw_buf *b, bool narrow)
{
	(void)narrow;
	static const struct vbars v = {"Software repos by number of contributors", "contributors", "repos"};
	return svg_vbars(in, b, &v);
}

static sw_err svg_gains(const struct chart_in *in, struct sw_buf *b, bool narrow)
{
	(void)narrow;
	static const struct vbars v = {"Histogram of 7-day star gains", "stars gained in the last 7 days", "repos"};
	return svg_vbars(in, b, &v);
}

/* Day of a snapshot row ("YYYY-MM-DD" in column 0), in days. */
static double row_day(const struct sw_table *t, size_t row)
{
	int64_t s = 0;
	return sw_time_parse(sw_table_cell_text(t, row, 0), &s) ? (double)s / 86400 : 0;
}

/* Lines: stars per layer at the sampled snapshot times (long table:
 * snapshot, layer, repos, stars, ...; layers in report order at each
 * time), at their dates, each point marked: few points are few points. */
static sw_err svg_stars(const struct chart_in *in, struct sw_buf *b, bool narrow)
{
	const struct sw_table *t = in->t;
	size_t L = in->r->nlayers, rows = sw_table_rows(t), n = L ? rows / L : 0;
	const double W = narrow ? NARROW_W : WIDE_W, x0 = narrow ? 56 : 80, x1 = W - (narrow ? 40 : 50), y0 = 20,
		     y1 = narrow ? 240 : 300;
	double max = 0, top, d0 = row_day(t, 0), d1 = row_day(t, (n - 1) * L), last_label = -1e9;
	for (size_t i = 0; i < rows; i++)
		max = cell(t, i, 3) > max ? cell(t, i, 3) : max;
#define XD(i) (x0 + (x1 - x0) * (row_day(t, (i) * L) - d0) / (d1 > d0 ? d1 - d0 : 1))
	sw_err e = svg_open(b, (int)W, (int)y1 + 40, "Stars per layer over time", narrow ? "chart-narrow" : "chart-wide");
	if (!e) e = y_axis(b, x0, x1, y0, y1, max, &top);
	for (size_t l = 0; !e && l < L; l++) {
		e = sw_buf_printf(b, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"", PAL[l % PAL_N]);
		for (size_t i = 0; !e && i < n; i++)
			e = sw_buf_printf(b, "%s%.1f,%.1f", i ? " " : "", XD(i), y1 - (y1 - y0) * cell(t, i * L + l, 3) / top);
		if (!e) e = sw_buf_puts(b, "\"/>");
		for (size_t i = 0; !e && i < n; i++)
			e = sw_buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>", XD(i),
					  y1 - (y1 - y0) * cell(t, i * L + l, 3) / top, PAL[l % PAL_N]);
	}
	/* date labels (about 76 units each), the last one always */
	for (size_t i = 0; !e && i < n; i++) {
		bool last = i + 1 == n;
		if (XD(i) - last_label < 80 || (!last && XD(n - 1) - XD(i) < 80))
			continue;
		last_label = XD(i);
		e = text_el(b, XD(i), y1 + 18, i == 0 ? "start" : last ? "end" : "middle", NULL, sw_table_cell_text(t, i * L, 0));
	}
#undef XD
	if (!e && !narrow)
		e = text_el(b, 16, (y0 + y1) / 2, "middle", " transform=\"rotate(-90 16 160)\"", "stars");
	return e ? e : sw_buf_puts(b, "</svg>");
}


/* ------------------------------------------------------------- the page */

static sw_err cards(const struct sw_table *h, struct sw_buf *b)
{
	static const char *const keys[] = {"repos", "software_repos", "accounts", "top20_repo_share",
					   "top20_stars", "no_gain_1d_share", "no_gain_7d_share", "developers",
					   "chinese_repos", "gini"};
	sw_err e = sw_buf_puts(b, "<div class=\"cards\">");
	for (size_t k = 0; !e && k < sizeof keys / sizeof keys[0]; k++) {
		size_t i = 0;
		while (i < sw_table_rows(h) && strcmp(sw_table_cell_text(h, i, 0), keys[k]))
			i++;
		if (i == sw_table_rows(h))
			continue;
		bool share = strstr(keys[k], "share") != NULL, gini = !strcmp(keys[k], "gini");
		double v = sw_table_cell_num(h, i, 2), ch = sw_table_cell_num(h, i, 5);
		char val[48], chs[64] = "";
		if (isnan(v))
			snprintf(val, sizeof val, "n/a");
		else if (share)
			snprintf(val, sizeof val, "%.1f%%", v);
		else if (gini)
			snprintf(val, sizeof val, "%.3f", v);
		else
			sw_fmt_thousands(v, val);
		if (!isnan(ch)) {
			char g[48];
			sw_fmt_thousands(ch, g);
			if (share)
				snprintf(chs, sizeof chs, "%+.1f pp", ch);
			else
				snprintf(chs, sizeof chs, "%s%s", ch > 0 ? "+" : "", g);
		}
		e = sw_buf_puts(b, "<div class=\"card\"><div class=\"v\">");
		if (!e) e = sw_buf_html(b, val);
		if (!e) e = sw_buf_puts(b, "</div><div class=\"k\">");
		if (!e) e = sw_buf_html(b, sw_table_cell_text(h, i, 1));
		if (!e) e = sw_buf_puts(b, "</div><div class=\"ref\">");
		const char *stated = sw_table_cell_text(h, i, 4);
		if (!e && *stated) {
			e = sw_buf_puts(b, "study: ");
			if (!e) e = sw_buf_html(b, stated);
			if (!e && *chs) {
				e = sw_buf_puts(b, " &middot; <span class=\"chg\">");
				if (!e) e = sw_buf_html(b, chs);
				if (!e) e = sw_buf_puts(b, "</span>");
			}
		} else if (!e)
			e = sw_buf_puts(b, "no study figure");
		if (!e) e = sw_buf_puts(b, "</div></div>");
	}
	return e ? e : sw_buf_puts(b, "</div>\n");
}

/* The chart drawn above a table, if it has one (then its table is folded). */
static sw_err chart_for(const struct sw_report *r, const struct sw_table *t, struct sw_buf *b, bool *drawn)
{
	const char *n = sw_table_name(t);
	struct chart_in in = {r, t};
	size_t rows = sw_table_rows(t), L = r->nlayers;
	*drawn = true;
	if (!strcmp(n, "layers") && rows)
		return figure(b, svg_layers, &in, true, NULL, 0, "Repos (left, or above) and stars per layer at the snapshot.");
	if (!strcmp(n, "growth") && rows >= 2 && sw_table_cols(t) >= 3) {
		const char *names[64];
		size_t k = 0;
		for (size_t l = 0; l < L && k < 64; l++)
			if (r->layer_software[l])
				names[k++] = r->layer_names[l];
		return figure(b, svg_growth, &in, true, names, k, "Cumulative number of tracked software repos per layer by"
								  " the month they were created (x: creation month; y: repos).");
	}
	if (!strcmp(n, "stars_over_time") && L && rows >= 2 * L && rows % L == 0) {
		char cap[400];
		double repos = 0;
		for (size_t l = 0; l < L; l++)
			repos += cell(t, l, 2);
		snprintf(cap, sizeof cap, "Total stars per layer of the %.0f repos observed at every one of these %zu"
					  " snapshot times (x: snapshot date).%s", repos, rows / L,
			 rows == 2 * L ? " Two times only: a straight line joins them; the path between is unknown." : "");
		return figure(b, svg_stars, &in, true, (const char *const *)r->layer_names, L, cap);
	}
	if (!strcmp(n, "lorenz") && rows >= 2)
		return figure(b, svg_lorenz, &in, false, NULL, 0, "Lorenz curve of software repos per owner account.");
	if (!strcmp(n, "repos_per_account") && rows)
		return figure(b, svg_accounts, &in, false, NULL, 0, "Number of owner accounts by how many software repos they own.");
	if (!strcmp(n, "contributors") && rows)
		return figure(b, svg_contributors, &in, false, NULL, 0,
			      "Software repos by contributor count (\"100+\" means at least 100).");
	if (!strcmp(n, "gains_7d") && rows)
		return figure(b, svg_gains, &in, false, NULL, 0, "Software repos by stars gained in the last 7 days.");
	if (!strcmp(n, "risers_7d") && rows)
		return figure(b, svg_risers, &in, true, NULL, 0,
			      "Stars gained in the last 7 days by the fastest-rising software repos.");
	*drawn = false;
	return SW_OK;
}

/* The table as shown on the page: the headline without its machine
 * columns, no column without data, repos and accounts linked. NULL: out
 * of memory. */
static struct sw_table *page_table(const struct sw_table *t, const struct sw_report_links *links)
{
	static const char *const head[] = {"metric", "value", "study_stated", "change"};
	const char *keep[64];
	size_t k = 0, n = sw_table_cols(t);
	bool headline = !strcmp(sw_table_name(t), "headline");
	for (size_t c = 0; c < n && k < 64; c++) {
		bool any = false;
		for (size_t r = 0; r < sw_table_rows(t) && !any; r++)
			any = *sw_table_cell_text(t, r, c) != '\0';
		if (any || !sw_table_rows(t))
			keep[k++] = sw_table_header(t, c);
	}
	struct sw_table *o = headline ? sw_table_select(t, head, 4) : sw_table_select(t, keep, k);
	if (o && links && (sw_table_link(o, "repo", links->repo) || sw_table_link(o, "account", links->owner) ||
			   sw_table_link(o, "developer", links->user))) {
		sw_table_free(o);
		o = NULL;
	}
	return o;
}

/* One table of the page: its title, its chart, and the table (folded
 * under the chart, or when long), or the sentence that replaces it. */
static sw_err page_section(const struct sw_report *r, const struct sw_table *t, const struct sw_report_links *links,
			   struct sw_buf *b)
{
	const char *name = sw_table_name(t), *sec = sw_report_section(name);
	char empty[400];
	const char *why = report_empty_text(r, name, empty);
	bool drawn = false;
	sw_err e = SW_OK;
	if (sec) {
		e = sw_buf_printf(b, "<h2 id=\"%s\">", name);
		if (!e) e = sw_buf_html(b, sec);
		if (!e) e = sw_buf_puts(b, "</h2>\n");
	}
	if (!e && !strcmp(name, "headline"))
		e = cards(t, b);
	if (!e) e = sw_buf_printf(b, "<h3 id=\"t-%s\">", name);
	if (!e) e = sw_buf_html(b, sw_table_title(t));
	if (!e) e = sw_buf_puts(b, "</h3>\n");
	if (!e && why) {
		e = sw_buf_printf(b, "<p class=\"empty\" data-table=\"%s\">", name);
		if (!e) e = sw_buf_html(b, why);
		return e ? e : sw_buf_puts(b, "</p>\n");
	}
	if (!e) e = chart_for(r, t, b, &drawn);
	size_t rows = sw_table_rows(t);
	bool fold = drawn || rows > 25 || !strcmp(name, "headline");
	if (!e && fold)
		e = sw_buf_printf(b, "<details><summary>%s (%zu row%s)</summary>\n",
				  drawn ? "The figures as a table" : "Show the table", rows, rows == 1 ? "" : "s");
	struct sw_table *pt = e ? NULL : page_table(t, links);
	if (!e && !pt)
		e = SW_ENOMEM;
	if (!e) e = sw_buf_printf(b, "<div class=\"tw%s\">", rows > 25 ? " long" : "");
	if (!e) e = sw_table_render(pt, SW_FMT_HTML, 0, b);
	sw_table_free(pt);
	if (!e) e = sw_buf_puts(b, fold ? "</div></details>\n" : "</div>\n");
	return e;
}

/* The page's opening: title, what it compares with, the history the
 * figures rest on, and the contents. */
static sw_err page_head(const struct sw_report *r, struct sw_buf *out)
{
	char d[32] = "no snapshot yet", n1[48], n2[48];
	if (r->as_of)
		sw_time_format_date(r->as_of, d);
	sw_fmt_thousands((double)r->repos, n1);
	sw_fmt_thousands((double)r->software_repos, n2);
	sw_err e = sw_buf_puts(out, "<h1>The open-source AI ecosystem</h1>\n<p class=\"sub\">Snapshot ");
	if (!e) e = sw_buf_html(out, d);
	if (!e) e = sw_buf_printf(out, " &middot; %s repos, %s of them software &middot; compared with the ", n1, n2);
	const char *src = sw_report_ref_label(r->ref, "title");
	if (!e) e = sw_buf_html(out, src ? src : "reference figures");
	struct sw_buf h = SW_BUF_INIT;
	if (!e) e = report_history_text(r, &h);
	if (!e) e = sw_buf_puts(out, "</p>\n<p class=\"history\" id=\"history\">");
	if (!e) e = sw_buf_html(out, h.data);
	sw_buf_release(&h);
	if (!e) e = sw_buf_puts(out, "</p>\n<nav class=\"toc\" aria-label=\"Contents\"><ol>");
	for (size_t i = 0; !e && i < r->ntables; i++) {
		const char *name = sw_table_name(r->tables[i]), *sec = sw_report_section(name);
		if (!sec)
			continue;
		e = sw_buf_printf(out, "<li><a href=\"#%s\">", name);
		if (!e) e = sw_buf_html(out, sec);
		if (!e) e = sw_buf_puts(out, "</a></li>");
	}
	return e ? e : sw_buf_puts(out, "</ol></nav>\n");
}

sw_err sw_report_render_html_fragment(const struct sw_report *r, const struct sw_report_links *links,
				      struct sw_buf *out, struct sw_error *err)
{
	if (!r)
		return sw_error_set(err, SW_EINVAL, "no report");
	sw_err e = sw_buf_puts(out, "<div class=\"swr\">\n");
	if (!e) e = page_head(r, out);
	for (size_t i = 0; !e && i < r->ntables; i++)
		e = page_section(r, r->tables[i], links, out);
	/* No inline script here: the page adds it, the web app serves it as a file. */
	if (!e) e = sw_buf_puts(out, "</div>\n");
	return e ? sw_error_set(err, e, "rendering the report page: %s", sw_error_str(e)) : SW_OK;
}

sw_err report_html_page(const struct sw_report *r, struct sw_buf *out, struct sw_error *err)
{
	/* a file on its own: repos and people link to GitHub */
	static const struct sw_report_links gh = {"https://github.com/", "https://github.com/", "https://github.com/"};
	char d[32] = "";
	if (r && r->as_of)
		sw_time_format_date(r->as_of, d);
	sw_err e = sw_buf_printf(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
				      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
				      "<meta name=\"color-scheme\" content=\"light dark\">\n"
				      "<title>stackwatch report %s</title>\n<style>body{margin:0;background:Canvas}%s</style>\n"
				      "</head>\n<body>\n", d, sw_report_css());
	if (e)
		return sw_error_set(err, e, "rendering the report page: %s", sw_error_str(e));
	if ((e = sw_report_render_html_fragment(r, &gh, out, err)))
		return e;
	if ((e = sw_buf_printf(out, "<script>%s</script>\n</body>\n</html>\n", JS)))
		return sw_error_set(err, e, "rendering the report page: %s", sw_error_str(e));
	return SW_OK;
}
