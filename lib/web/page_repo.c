/* page_repo.c: one repo (/r/OWNER/REPO, a former name redirects) with its
 * star history as inline SVG, and /api/repos/OWNER/REPO. */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "stackwatch/classify.h"
#include "web_int.h"

/* ---- one repo ---- */
struct repo_data {
	struct sw_repo repo;
	struct sw_snapshot_list snaps;
	const struct sw_snapshot *latest;
	const char *class_status; /* "needs review" etc. from the classifier; static */
};

/* Resolve "/prefix/OWNER/REPO"; sets the error response itself. */
static bool load_repo(struct sw_web *w, const struct web_request *in, const char *name, struct web_resp *r,
		      struct repo_data *d)
{
	memset(d, 0, sizeof *d);
	struct sw_error err = {0};
	if (!sw_repo_name_valid(name)) {
		web_error(w, r, in->path, 404, "no such repository (expected OWNER/REPO)");
		return false;
	}
	struct sw_store *s = web_thread_store(w, &err);
	int64_t id;
	sw_err e = s ? sw_store_find_repo(s, name, &id, &err) : SW_EDB;
	if (!e)
		e = sw_store_get_repo(s, id, &d->repo, &err);
	if (!e)
		e = sw_store_snapshots(s, id, &d->snaps, &err);
	if (!e)
		d->class_status = sw_classify_status(s, id);
	if (!e && (!d->repo.state || strcmp(d->repo.state, "tracked")))
		e = sw_error_set(&err, SW_ENOTFOUND, "'%s' is not tracked", name);
	if (e) {
		web_error(w, r, in->path, e == SW_ENOTFOUND ? 404 : 500, sw_error_text(&err));
		sw_repo_release(&d->repo);
		sw_snapshot_list_release(&d->snaps);
		return false;
	}
	d->latest = d->snaps.n ? &d->snaps.items[d->snaps.n - 1] : NULL;
	return true;
}

static void repo_data_release(struct repo_data *d)
{
	sw_repo_release(&d->repo);
	sw_snapshot_list_release(&d->snaps);
}

/* The star counts of a repo's snapshots: how many, and their span. */
struct span {
	size_t n;
	int64_t t0, t1, s0, s1;
};

static struct span star_span(const struct sw_snapshot_list *l)
{
	struct span sp = {0};
	for (size_t i = 0; i < l->n; i++) {
		const struct sw_snapshot *s = &l->items[i];
		if (s->stars == SW_UNKNOWN)
			continue;
		if (!sp.n || s->taken_at < sp.t0) sp.t0 = s->taken_at;
		if (!sp.n || s->taken_at > sp.t1) sp.t1 = s->taken_at;
		if (!sp.n || s->stars < sp.s0) sp.s0 = s->stars;
		if (!sp.n || s->stars > sp.s1) sp.s1 = s->stars;
		sp.n++;
	}
	if (sp.s1 == sp.s0) { /* one level: a band around it */
		sp.s0 = sp.s0 > 10 ? sp.s0 - sp.s0 / 10 : 0;
		sp.s1 = sp.s1 + (sp.s1 / 10 > 0 ? sp.s1 / 10 : 1);
	}
	return sp;
}

/* The star history as an inline SVG W units wide (presentation attributes
 * and classes only: no script, no style attribute). */
static void star_svg(struct web_out *o, const struct sw_snapshot_list *l, const struct span *sp, double W,
		     const char *id, const char *cls)
{
	const double H = W > 600 ? 240 : 220, L = W > 600 ? 70 : 62, R = 16, T = 14, B = 30;
	double tspan = sp->t1 > sp->t0 ? (double)(sp->t1 - sp->t0) : 1;
#define X(t) (sp->n > 1 ? L + (W - L - R) * (double)((t) - sp->t0) / tspan : L + (W - L - R) / 2)
#define Y(v) (T + (H - T - B) * (1 - (double)((v) - sp->s0) / (double)(sp->s1 - sp->s0)))
	web_printf(o, "<svg class=\"chart %s\" id=\"%s\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\""
		      " role=\"img\" aria-label=\"Star history\">", cls, id, W, H, W, H);
	char a[32], b[32];
	for (int g = 0; g <= 4; g++) {
		int64_t v = sp->s0 + (sp->s1 - sp->s0) * g / 4;
		web_thousands(v, a);
		web_printf(o, "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e7ee\"/>"
			      "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
			   L, W - R, Y(v), Y(v), L - 6, Y(v) + 4, a);
	}
	web_puts(o, "<polyline class=\"series\" fill=\"none\" stroke=\"#2456d3\" stroke-width=\"2\" points=\"");
	for (size_t i = 0; i < l->n; i++)
		if (l->items[i].stars != SW_UNKNOWN)
			web_printf(o, "%.1f,%.1f ", X(l->items[i].taken_at), Y(l->items[i].stars));
	web_puts(o, "\"/>");
	for (size_t i = 0; i < l->n; i++)
		if (l->items[i].stars != SW_UNKNOWN) {
			sw_time_format_date(l->items[i].taken_at, a);
			web_thousands(l->items[i].stars, b);
			web_printf(o, "<circle class=\"dot\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#2456d3\"><title>%s: %s stars</title>"
				      "</circle>", X(l->items[i].taken_at), Y(l->items[i].stars), a, b);
		}
	sw_time_format_date(sp->t0, a);
	sw_time_format_date(sp->t1, b);
	web_printf(o, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>", sp->n > 1 ? L : X(sp->t0), H - 8,
		   sp->n > 1 ? "start" : "middle", a);
	if (sp->n > 1)
		web_printf(o, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>", W - R, H - 8, b);
	web_puts(o, "</svg>");
#undef X
#undef Y
}

/* The star history: a drawing for wide screens and one for phones, and in
 * words how much history there is (one point, or two joined by a line,
 * is all there is, not a trend). */
static void star_chart(struct web_out *o, const struct sw_snapshot_list *l)
{
	struct span sp = star_span(l);
	if (!sp.n) {
		web_puts(o, "<p class=\"muted\">No star counts recorded yet.</p>");
		return;
	}
	star_svg(o, l, &sp, 760, "star-chart", "chart-wide");
	star_svg(o, l, &sp, 400, "star-chart-narrow", "chart-narrow");
	char a[32], b[32];
	sw_time_format_date(sp.t0, a);
	sw_time_format_date(sp.t1, b);
	web_puts(o, "<p class=\"chart-note\" id=\"history-note\">");
	if (sp.n == 1)
		web_printf(o, "One snapshot so far (%s): this is all the history there is, not a trend.", a);
	else if (sp.n == 2)
		web_printf(o, "Two snapshots, %s and %s (%lld days apart): the straight line joins them; the path"
			      " between is unknown.", a, b, (long long)((sp.t1 - sp.t0) / 86400));
	else
		web_printf(o, "%zu snapshots from %s to %s.", sp.n, a, b);
	web_puts(o, "</p>");
}

void web_page_repo(struct sw_web *w, const struct web_request *in, const char *name, struct web_resp *r)
{
	struct repo_data d;
	if (!load_repo(w, in, name, r, &d))
		return;
	char full[256];
	snprintf(full, sizeof full, "%s/%s", d.repo.owner, d.repo.name);
	if (strcmp(full, name)) {
		/* A former name or other letter case: send to the canonical page. */
		struct sw_buf loc = SW_BUF_INIT;
		struct web_out lo = {&loc, SW_OK};
		web_puts(&lo, "/r/");
		web_repo_path(&lo, full);
		if (!lo.e) {
			r->status = 301;
			web_resp_header(r, "Location", loc.data);
			r->cache_control = "no-cache";
		}
		sw_buf_release(&loc);
		repo_data_release(&d);
		if (!lo.e)
			return;
		web_error(w, r, in->path, 500, "out of memory");
		return;
	}
	struct web_cache *c = web_cache_get(w);
	struct web_out o = {&r->body, SW_OK};
	web_page_head(&o, w, c, full, "");
	web_puts(&o, "<p class=\"crumbs\"><a href=\"/\">Repositories</a> ›</p><h1 id=\"repo-name\">");
	web_html(&o, full);
	web_puts(&o, "</h1>\n<div class=\"card\">");
	if (d.repo.description) {
		web_puts(&o, "<p class=\"lead\" id=\"repo-desc\">");
		web_html(&o, d.repo.description);
		web_puts(&o, "</p>");
	}
	web_puts(&o, "<p><span class=\"badge");
	web_puts(&o, d.repo.class_source == SW_CLASS_AUTOMATIC ? " auto" : "");
	web_puts(&o, "\" id=\"classification\">");
	if (d.repo.layer) {
		web_html(&o, d.repo.layer);
		if (d.repo.subcat) {
			web_puts(&o, " › ");
			web_html(&o, d.repo.subcat);
		}
	} else
		web_puts(&o, "unclassified");
	web_puts(&o, "</span> <span class=\"muted\" id=\"class-source\">classification: ");
	if (d.repo.class_source == SW_CLASS_AUTOMATIC)
		web_printf(&o, "automatic guess, confidence %.2f — not reviewed", d.repo.confidence);
	else if (d.repo.class_source == SW_CLASS_NONE && d.class_status && !strcmp(d.class_status, "needs review"))
		web_puts(&o, "needs review (the automatic classifier was not confident enough to guess)");
	else
		web_puts(&o, sw_class_source_name(d.repo.class_source));
	web_puts(&o, "</span></p><p><a class=\"gh\" id=\"gh-link\" rel=\"noopener noreferrer\" href=\"https://github.com/");
	web_repo_path(&o, full);
	web_puts(&o, "\">View on GitHub ↗</a> · <a href=\"/api/repos/");
	web_repo_path(&o, full);
	web_puts(&o, "\">JSON</a></p></div>\n");
	web_puts(&o, "<h2>Star history</h2><div class=\"card\">");
	star_chart(&o, &d.snaps);
	web_puts(&o, "</div>\n<h2>All fields</h2><div class=\"card\"><dl class=\"fields\" id=\"fields\">");
	struct sw_table *t = NULL;
	if (!o.e && !(o.e = sw_view_repo_fields(&d.repo, d.latest, &t)))
		for (size_t i = 0; i < sw_table_rows(t); i++) {
			const char *k = sw_table_cell_text(t, i, 0), *v = sw_table_cell_text(t, i, 1);
			double num = sw_table_cell_num(t, i, 1);
			char nb[32];
			if (!isnan(num) && (!v || !*v)) {
				web_thousands((int64_t)num, nb);
				v = nb;
			}
			web_puts(&o, "<div><dt>");
			web_html(&o, k);
			web_puts(&o, "</dt><dd>");
			web_html(&o, v && *v ? v : "–");
			web_puts(&o, "</dd></div>");
		}
	sw_table_free(t);
	t = NULL;
	web_puts(&o, "</dl></div>\n<h2>Snapshots</h2><div class=\"card tablewrap\">");
	if (!o.e && !(o.e = sw_view_snapshots(&d.snaps, &t)))
		o.e = sw_table_render(t, SW_FMT_HTML, 0, o.b);
	sw_table_free(t);
	web_puts(&o, "</div>\n");
	web_page_foot(&o);
	web_cache_unref(c);
	repo_data_release(&d);
	web_fail_oom(w, r, in->path, &o);
}

void web_api_repo(struct sw_web *w, const struct web_request *in, const char *name, struct web_resp *r)
{
	struct repo_data d;
	if (!load_repo(w, in, name, r, &d))
		return;
	r->ctype = "application/json";
	struct web_out o = {&r->body, SW_OK};
	struct sw_table *fields = NULL, *series = NULL;
	if (!o.e)
		o.e = sw_view_repo_fields(&d.repo, d.latest, &fields);
	if (!o.e)
		o.e = sw_view_snapshots(&d.snaps, &series);
	if (!o.e)
		o.e = sw_view_repo_json(fields, series, o.b);
	sw_table_free(fields);
	sw_table_free(series);
	repo_data_release(&d);
	web_fail_oom(w, r, in->path, &o);
}
