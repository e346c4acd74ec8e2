/* html.c: the report as one self-contained HTML page: headline
 * cards against the study, inline SVG charts drawn here from the report's
 * tables (no scripts or fonts from the network), every table, and a few
 * lines of plain JS to sort tables by a column. The fragment (body content)
 * and the CSS are exported separately so the web app embeds the same page.
 * Every text that comes from data is HTML-escaped. */
#include "report_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHART_W 1000
#define PAL_N 8
static const char *const PAL[PAL_N] = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759",
				       "#76b7b2", "#edc948", "#b07aa1", "#9c755f"};

static const char CSS[] =
	/* legend swatches, one class per palette entry (same order as PAL) */
	".swr .legend i.p0{background:#4e79a7}.swr .legend i.p1{background:#f28e2b}"
	".swr .legend i.p2{background:#59a14f}.swr .legend i.p3{background:#e15759}"
	".swr .legend i.p4{background:#76b7b2}.swr .legend i.p5{background:#edc948}"
	".swr .legend i.p6{background:#b07aa1}.swr .legend i.p7{background:#9c755f}"
	".swr{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1f2933;"
	"max-width:1100px;margin:0 auto;padding:24px;line-height:1.45}"
	".swr h1{font-size:26px;margin:0 0 4px}.swr .sub{color:#52606d;margin:0 0 20px}"
	".swr h2{font-size:20px;margin:36px 0 8px;padding-bottom:4px;border-bottom:2px solid #e4e7eb}"
	".swr h3{font-size:15px;margin:20px 0 6px;color:#323f4b}"
	".swr .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:12px;margin:12px 0}"
	".swr .card{border:1px solid #e4e7eb;border-radius:8px;padding:12px 14px;background:#f8fafc}"
	".swr .card .v{font-size:26px;font-weight:650}.swr .card .k{font-size:13px;color:#52606d}"
	".swr .card .ref{font-size:12px;color:#616e7c;margin-top:4px}"
	".swr .chg{color:#323f4b;font-weight:600}"
	".swr figure{margin:12px 0 20px}.swr figcaption{font-size:13px;color:#52606d;margin-top:4px}"
	".swr svg{max-width:100%;height:auto;font-size:12px}"
	".swr svg text{fill:#3e4c59}.swr svg .axis{stroke:#9aa5b1;stroke-width:1}"
	".swr svg .grid{stroke:#e4e7eb;stroke-width:1}"
	".swr .tw{overflow:auto;margin:6px 0 4px;max-width:100%;width:fit-content}"
	".swr .tw.long{max-height:420px;border:1px solid #e4e7eb}"
	".swr table.sw-table{border-collapse:collapse;font-size:13px;min-width:50%}"
	".swr table.sw-table th{background:#f0f4f8;text-align:left;padding:5px 8px;cursor:pointer;"
	"position:sticky;top:0;white-space:nowrap;user-select:none}"
	".swr table.sw-table th:hover{background:#d9e2ec}"
	".swr table.sw-table td{padding:4px 8px;border-top:1px solid #e4e7eb}"
	".swr table.sw-table tr:nth-child(even) td{background:#fafbfc}"
	".swr .num{text-align:right;font-variant-numeric:tabular-nums}"
	".swr p.note{font-size:12.5px;color:#52606d;margin:4px 0 10px}"
	".swr .legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12.5px;margin:4px 0}"
	".swr .legend i{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:5px;"
	"vertical-align:-1px}"
	".swr .row{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}.swr .row figure{flex:1 1 420px}";

const char *sw_report_css(void)
{
	return CSS;
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
static sw_err y_axis(struct sw_buf *b, double x0, double x1, double y0, double y1, double max, const char *suffix,
		     double *top)
{
	double step = nice_step(max, 5);
	double m = step * ceil(max / step);
	if (m <= 0)
		m = step;
	*top = m;
	sw_err e = SW_OK;
	for (double v = 0; !e && v <= m + step / 2; v += step) {
		double y = y1 - (y1 - y0) * v / m;
		char lab[40], s[32];
		fmt_short(v, s);
		snprintf(lab, sizeof lab, "%s%s", s, suffix ? suffix : "");
		e = sw_buf_printf(b, "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>", x0, x1, y, y);
		if (!e) e = text_el(b, x0 - 6, y + 4, "end", NULL, lab);
	}
	if (!e) e = sw_buf_printf(b, "<line class=\"axis\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>", x0, x0, y0, y1);
	if (!e) e = sw_buf_printf(b, "<line class=\"axis\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>", x0, x1, y1, y1);
	return e;
}

static sw_err svg_open(struct sw_buf *b, int w, int h, const char *label)
{
	sw_err e = sw_buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\""
				 " role=\"img\" aria-label=\"", w, h, w, h);
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

/* Stacked area: cumulative repos per software layer (+ other) by month. */
static sw_err chart_growth(const struct sw_report *r, const struct sw_table *t, struct sw_buf *b)
{
	size_t M = sw_table_rows(t), K = sw_table_cols(t) - 2; /* month, software layers, all */
	if (M < 2 || K < 1)
		return SW_OK;
	const char *names[64];
	size_t k = 0;
	for (size_t l = 0; l < r->nlayers && k < K && k < 64; l++)
		if (r->layer_software[l])
			names[k++] = r->layer_names[l];
	const double x0 = 70, x1 = CHART_W - 20, y0 = 20, y1 = 330;
	double max = 0;
	for (size_t m = 0; m < M; m++) {
		double s = 0;
		for (size_t c = 1; c <= K; c++)
			s += cell(t, m, c);
		if (s > max)
			max = s;
	}
	sw_err e = sw_buf_puts(b, "<figure>");
	if (!e) e = svg_open(b, CHART_W, 370, "Cumulative repos per layer by creation month");
	double top;
	if (!e) e = y_axis(b, x0, x1, y0, y1, max, NULL, &top);
	double *base = calloc(M, sizeof *base);
	if (!base)
		return SW_ENOMEM;
	for (size_t c = 1; !e && c <= K; c++) {
		e = sw_buf_printf(b, "<path fill=\"%s\" fill-opacity=\"0.85\" stroke=\"#fff\" stroke-width=\"0.5\" d=\"",
				  PAL[(c - 1) % PAL_N]);
		for (size_t m = 0; !e && m < M; m++) {
			double x = x0 + (x1 - x0) * (double)m / (double)(M - 1);
			double y = y1 - (y1 - y0) * (base[m] + cell(t, m, c)) / top;
			e = sw_buf_printf(b, "%s%.1f %.1f", m ? " L" : "M", x, y);
		}
		for (size_t m = M; !e && m-- > 0;) {
			double x = x0 + (x1 - x0) * (double)m / (double)(M - 1);
			double y = y1 - (y1 - y0) * base[m] / top;
			e = sw_buf_printf(b, " L%.1f %.1f", x, y);
		}
		if (!e) e = sw_buf_puts(b, " Z\"/>");
		for (size_t m = 0; m < M; m++)
			base[m] += cell(t, m, c);
	}
	free(base);
	/* X labels: each January (every 2nd year on long spans). */
	size_t years = M / 12 + 1, every = years > 14 ? 2 : 1, seen = 0;
	for (size_t m = 0; !e && m < M; m++) {
		const char *lab = sw_table_cell_text(t, m, 0);
		if (strlen(lab) != 7 || strcmp(lab + 5, "01"))
			continue;
		if (seen++ % every)
			continue;
		char y[8];
		memcpy(y, lab, 4);
		y[4] = '\0';
		double x = x0 + (x1 - x0) * (double)m / (double)(M - 1);
		e = sw_buf_printf(b, "<line class=\"axis\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>", x, x, y1, y1 + 5);
		if (!e) e = text_el(b, x, y1 + 19, "middle", NULL, y);
	}
	if (!e) e = text_el(b, 16, (y0 + y1) / 2, "middle", " transform=\"rotate(-90 16 175)\"", "repos (cumulative)");
	if (!e) e = sw_buf_puts(b, "</svg>");
	if (!e) e = legend(b, names, k);
	if (!e) e = sw_buf_puts(b, "<figcaption>Cumulative number of tracked software repos per layer by the month they were"
				   " created (x: creation month; y: repos).</figcaption></figure>\n");
	return e;
}

/* Horizontal bars: labels from column lc, values from column vc. */
static sw_err hbars(struct sw_buf *b, const struct sw_table *t, size_t lc, size_t vc, size_t maxrows,
		    double x0, double x1, double ytop, double rowh, const char *color, bool per_row_color)
{
	size_t n = sw_table_rows(t);
	if (n > maxrows)
		n = maxrows;
	double max = 0;
	for (size_t i = 0; i < n; i++)
		if (cell(t, i, vc) > max)
			max = cell(t, i, vc);
	sw_err e = SW_OK;
	for (size_t i = 0; !e && i < n; i++) {
		double v = cell(t, i, vc), w = max > 0 ? (x1 - x0 - 70) * (v > 0 ? v : 0) / max : 0;
		double y = ytop + rowh * (double)i;
		char lab[32];
		fmt_short(v, lab);
		e = text_el(b, x0 - 8, y + rowh * 0.65, "end", NULL, sw_table_cell_text(t, i, lc));
		if (!e) e = sw_buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"2\" fill=\"%s\"/>",
					  x0, y + rowh * 0.15, w, rowh * 0.7, per_row_color ? PAL[i % PAL_N] : color);
		if (!e) e = text_el(b, x0 + w + 6, y + rowh * 0.65, "start", NULL, lab);
	}
	return e;
}

static sw_err chart_layers(const struct sw_table *t, struct sw_buf *b)
{
	size_t n = sw_table_rows(t);
	if (!n)
		return SW_OK;
	double rowh = 30, h = 40 + rowh * (double)n;
	sw_err e = sw_buf_puts(b, "<figure>");
	if (!e) e = svg_open(b, CHART_W, (int)h, "Repos and stars per layer");
	if (!e) e = text_el(b, 170, 20, "start", " font-weight=\"600\"", "repos");
	if (!e) e = text_el(b, 640, 20, "start", " font-weight=\"600\"", "stars");
	if (!e) e = hbars(b, t, 0, 2, n, 170, 480, 30, rowh, NULL, true);
	if (!e) e = hbars(b, t, 0, 4, n, 640, CHART_W - 10, 30, rowh, NULL, true);
	if (!e) e = sw_buf_puts(b, "</svg><figcaption>Repos (left) and stars (right) per layer at the snapshot.</figcaption></figure>\n");
	return e;
}

static sw_err chart_lorenz(const struct sw_report *r, const struct sw_table *t, struct sw_buf *b)
{
	size_t n = sw_table_rows(t);
	if (n < 2)
		return SW_OK;
	const double x0 = 60, x1 = 440, y0 = 20, y1 = 400;
	sw_err e = sw_buf_puts(b, "<figure>");
	if (!e) e = svg_open(b, 470, 450, "Lorenz curve of repos per account");
	for (int k = 0; !e && k <= 4; k++) {
		double f = k / 4.0;
		char lab[8];
		snprintf(lab, sizeof lab, "%d%%", k * 25);
		e = sw_buf_printf(b, "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>"
				     "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>",
				  x0, x1, y1 - (y1 - y0) * f, y1 - (y1 - y0) * f, x0 + (x1 - x0) * f, x0 + (x1 - x0) * f, y0, y1);
		if (!e) e = text_el(b, x0 - 6, y1 - (y1 - y0) * f + 4, "end", NULL, lab);
		if (!e) e = text_el(b, x0 + (x1 - x0) * f, y1 + 17, "middle", NULL, lab);
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
	snprintf(g, sizeof g, "Gini = %.3f", r->gini);
	if (!e) e = sw_buf_puts(b, "\"/>");
	if (!e) e = text_el(b, x0 + 14, y0 + 18, "start", " font-weight=\"600\"", g);
	if (!e) e = text_el(b, x0 + 14, y0 + 36, "start", NULL, "dashed: every account equal");
	if (!e) e = text_el(b, (x0 + x1) / 2, y1 + 38, "middle", NULL, "share of accounts (fewest repos first)");
	if (!e) e = text_el(b, 14, (y0 + y1) / 2, "middle", " transform=\"rotate(-90 14 210)\"", "share of software repos");
	if (!e) e = sw_buf_puts(b, "</svg><figcaption>Lorenz curve of software repos per owner account.</figcaption></figure>\n");
	return e;
}

/* Vertical bars: labels column lc, values column vc. */
static sw_err chart_vbars(const struct sw_table *t, size_t lc, size_t vc, const char *label, const char *xlabel,
			  const char *ylabel, const char *caption, struct sw_buf *b)
{
	size_t n = sw_table_rows(t);
	if (!n)
		return SW_OK;
	const double x0 = 60, x1 = 450, y0 = 20, y1 = 380;
	double max = 0;
	for (size_t i = 0; i < n; i++)
		if (cell(t, i, vc) > max)
			max = cell(t, i, vc);
	double top;
	sw_err e = sw_buf_puts(b, "<figure>");
	if (!e) e = svg_open(b, 470, 450, label);
	if (!e) e = y_axis(b, x0, x1, y0, y1, max, NULL, &top);
	double slot = (x1 - x0) / (double)n;
	for (size_t i = 0; !e && i < n; i++) {
		double v = cell(t, i, vc), h = (y1 - y0) * v / top, x = x0 + slot * (double)i;
		char lab[32];
		fmt_short(v, lab);
		e = sw_buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"2\" fill=\"%s\"/>",
				  x + slot * 0.15, y1 - h, slot * 0.7, h, PAL[1]);
		if (!e) e = text_el(b, x + slot / 2, y1 - h - 5, "middle", NULL, lab);
		/* Axis labels stay short: "100+ (at least 100)" shows as "100+". */
		char xl[24];
		snprintf(xl, sizeof xl, "%s", sw_table_cell_text(t, i, lc));
		char *paren = strstr(xl, " (");
		if (paren)
			*paren = '\0';
		if (!e) e = text_el(b, x + slot / 2, y1 + 17, "middle", NULL, xl);
	}
	if (!e) e = text_el(b, (x0 + x1) / 2, y1 + 40, "middle", NULL, xlabel);
	if (!e) e = text_el(b, 14, (y0 + y1) / 2, "middle", " transform=\"rotate(-90 14 200)\"", ylabel);
	if (!e) e = sw_buf_puts(b, "</svg><figcaption>");
	if (!e) e = sw_buf_html(b, caption);
	if (!e) e = sw_buf_puts(b, "</figcaption></figure>\n");
	return e;
}

static sw_err chart_risers(const struct sw_table *t, struct sw_buf *b)
{
	size_t n = sw_table_rows(t);
	if (!n)
		return SW_OK;
	double rowh = 24;
	sw_err e = sw_buf_puts(b, "<figure>");
	if (!e) e = svg_open(b, CHART_W, (int)(20 + rowh * (double)n), "Top risers by 7-day star gain");
	if (!e) e = hbars(b, t, 1, 4, 20, 330, CHART_W - 10, 10, rowh, PAL[2], false);
	if (!e) e = sw_buf_puts(b, "</svg><figcaption>Stars gained in the last 7 days by the fastest-rising software"
				   " repos.</figcaption></figure>\n");
	return e;
}

/* Lines: stars per layer at sampled snapshot times (long table: snapshot,
 * layer, repos, stars; layers in the report's order within each snapshot). */
static sw_err chart_stars_time(const struct sw_report *r, const struct sw_table *t, struct sw_buf *b)
{
	size_t L = r->nlayers, rows = sw_table_rows(t);
	size_t n = L ? rows / L : 0;
	if (n < 2 || rows != n * L)
		return SW_OK;
	const double x0 = 80, x1 = CHART_W - 40, y0 = 20, y1 = 300;
	double max = 0;
	for (size_t i = 0; i < rows; i++)
		if (cell(t, i, 3) > max)
			max = cell(t, i, 3);
	double top;
	sw_err e = sw_buf_puts(b, "<figure>");
	if (!e) e = svg_open(b, CHART_W, 340, "Stars per layer over time");
	if (!e) e = y_axis(b, x0, x1, y0, y1, max, NULL, &top);
	for (size_t l = 0; !e && l < L; l++) {
		e = sw_buf_printf(b, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"", PAL[l % PAL_N]);
		for (size_t i = 0; !e && i < n; i++)
			e = sw_buf_printf(b, "%s%.1f,%.1f", i ? " " : "", x0 + (x1 - x0) * (double)i / (double)(n - 1),
					  y1 - (y1 - y0) * cell(t, i * L + l, 3) / top);
		if (!e) e = sw_buf_puts(b, "\"/>");
	}
	for (size_t i = 0; !e && i < n; i++)
		if (n <= 7 || i % 2 == 0 || i == n - 1)
			e = text_el(b, x0 + (x1 - x0) * (double)i / (double)(n - 1), y1 + 18, "middle", NULL,
				    sw_table_cell_text(t, i * L, 0));
	if (!e) e = text_el(b, 16, (y0 + y1) / 2, "middle", " transform=\"rotate(-90 16 160)\"", "stars");
	if (!e) e = sw_buf_puts(b, "</svg>");
	if (!e) e = legend(b, (const char *const *)r->layer_names, L);
	if (!e) e = sw_buf_puts(b, "<figcaption>Total stars per layer at sampled snapshot times (repos observed at"
				   " each; x: snapshot date).</figcaption></figure>\n");
	return e;
}

/* ------------------------------------------------------------- the page */

static void fmt_group(double v, char out[48])
{
	char tmp[48];
	snprintf(tmp, sizeof tmp, "%.0f", fabs(v));
	size_t n = strlen(tmp), o = 0;
	if (v < 0)
		out[o++] = '-';
	for (size_t i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = tmp[i];
	}
	out[o] = '\0';
}

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
			fmt_group(v, val);
		if (!isnan(ch)) {
			char g[48];
			fmt_group(ch, g);
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

static sw_err charts_for(const struct sw_report *r, const char *table, struct sw_buf *b)
{
	const struct sw_table *t;
	sw_err e = SW_OK;
	if (!strcmp(table, "layers"))
		e = chart_layers(sw_report_find(r, "layers"), b);
	else if (!strcmp(table, "growth") && (t = sw_report_find(r, "growth")))
		e = chart_growth(r, t, b);
	else if (!strcmp(table, "stars_over_time") && (t = sw_report_find(r, "stars_over_time")))
		e = chart_stars_time(r, t, b);
	else if (!strcmp(table, "top_accounts")) {
		e = sw_buf_puts(b, "<div class=\"row\">");
		if (!e && (t = sw_report_find(r, "lorenz")))
			e = chart_lorenz(r, t, b);
		if (!e && (t = sw_report_find(r, "repos_per_account")))
			e = chart_vbars(t, 0, 1, "Accounts by number of repos", "software repos per account", "accounts",
					"Number of owner accounts by how many software repos they own.", b);
		if (!e) e = sw_buf_puts(b, "</div>\n");
	} else if (!strcmp(table, "top_developers") && (t = sw_report_find(r, "contributors")))
		e = chart_vbars(t, 0, 1, "Software repos by number of contributors", "contributors", "repos",
				"Software repos by contributor count (\"100+\" means at least 100).", b);
	else if (!strcmp(table, "no_gain")) {
		if ((t = sw_report_find(r, "gains_7d")))
			e = chart_vbars(t, 0, 1, "Histogram of 7-day star gains", "stars gained in the last 7 days", "repos",
					"Software repos by stars gained in the last 7 days.", b);
		if (!e && (t = sw_report_find(r, "risers_7d")))
			e = chart_risers(t, b);
	}
	return e;
}

sw_err sw_report_render_html_fragment(const struct sw_report *r, struct sw_buf *out, struct sw_error *err)
{
	if (!r)
		return sw_error_set(err, SW_EINVAL, "no report");
	char d[32] = "no snapshot yet";
	if (r->as_of)
		sw_time_format_date(r->as_of, d);
	char n1[48], n2[48];
	fmt_group((double)r->repos, n1);
	fmt_group((double)r->software_repos, n2);
	sw_err e = sw_buf_puts(out, "<div class=\"swr\">\n<h1>The open-source AI ecosystem</h1>\n<p class=\"sub\">Snapshot ");
	if (!e) e = sw_buf_html(out, d);
	if (!e) e = sw_buf_printf(out, " &middot; %s repos, %s of them software &middot; compared with the ", n1, n2);
	const char *src = sw_report_ref_label(r->ref, "title");
	if (!e) e = sw_buf_html(out, src ? src : "reference figures");
	if (!e) e = sw_buf_puts(out, "</p>\n");
	for (size_t i = 0; !e && i < r->ntables; i++) {
		const struct sw_table *t = r->tables[i];
		const char *name = sw_table_name(t), *sec = sw_report_section(name);
		if (sec) {
			e = sw_buf_printf(out, "<h2 id=\"%s\">", name);
			if (!e) e = sw_buf_html(out, sec);
			if (!e) e = sw_buf_puts(out, "</h2>\n");
		}
		if (!e && !strcmp(name, "headline"))
			e = cards(t, out);
		if (!e) e = charts_for(r, name, out);
		if (!e) e = sw_buf_puts(out, "<h3>");
		if (!e) e = sw_buf_html(out, sw_table_title(t));
		if (!e) e = sw_buf_printf(out, "</h3>\n<div class=\"tw%s\">", sw_table_rows(t) > 25 ? " long" : "");
		if (!e) {
			static const char *const cols[] = {"metric", "value", "study_stated", "change"};
			struct sw_table *dt = !strcmp(name, "headline") ? sw_table_select(t, cols, 4) : NULL;
			e = sw_table_render(dt ? dt : t, SW_FMT_HTML, 0, out);
			sw_table_free(dt);
		}
		if (!e) e = sw_buf_puts(out, "</div>\n");
	}
	/* No inline script here: the page adds it, the web app serves it as a file. */
	if (!e) e = sw_buf_puts(out, "</div>\n");
	return e ? sw_error_set(err, e, "rendering the report page: %s", sw_error_str(e)) : SW_OK;
}

sw_err report_html_page(const struct sw_report *r, struct sw_buf *out, struct sw_error *err)
{
	char d[32] = "";
	if (r && r->as_of)
		sw_time_format_date(r->as_of, d);
	sw_err e = sw_buf_printf(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
				      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
				      "<title>stackwatch report %s</title>\n<style>body{margin:0;background:#fff}%s</style>\n"
				      "</head>\n<body>\n", d, CSS);
	if (e)
		return sw_error_set(err, e, "rendering the report page: %s", sw_error_str(e));
	if ((e = sw_report_render_html_fragment(r, out, err)))
		return e;
	if ((e = sw_buf_printf(out, "<script>%s</script>\n</body>\n</html>\n", JS)))
		return sw_error_set(err, e, "rendering the report page: %s", sw_error_str(e));
	return SW_OK;
}
