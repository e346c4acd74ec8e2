/* page_list.c: the repo list (/) and its API twin (/api/repos, JSON or
 * CSV): the list rule is core's (list index), the columns are the standard
 * view (views.c), so the page, CSV and JSON always agree. The list state
 * lives in the URL, so every view works without JavaScript. */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/core_int.h"
#include "web_int.h"

/* ---- URL state of the list view ---- */
static const char *const state_keys[] = {"q", "layer", "subcat", "country", "owner", "new", "quiet",
					 "forks", "archived", "sort", "dir", "per", "as_of", "page"};
#define NSTATE (sizeof state_keys / sizeof state_keys[0])
struct ustate {
	const char *v[NSTATE];
};

static void ustate_from(const struct sw_web_form *f, struct ustate *u)
{
	for (size_t i = 0; i < NSTATE; i++)
		u->v[i] = sw_web_form_get(f, state_keys[i]);
}

static void ustate_set(struct ustate *u, const char *key, const char *val)
{
	for (size_t i = 0; i < NSTATE; i++)
		if (!strcmp(state_keys[i], key))
			u->v[i] = val && *val ? val : NULL;
}

/* path?k=v&amp;k=v for the set keys (plus an optional extra pair). */
static void o_href(struct web_out *o, const char *path, const struct ustate *u, const char *xk, const char *xv)
{
	web_puts(o, path);
	char sep = '?';
	for (size_t i = 0; i < NSTATE; i++) {
		if (!u->v[i])
			continue;
		web_puts(o, sep == '?' ? "?" : "&amp;");
		sep = '&';
		web_puts(o, state_keys[i]);
		web_puts(o, "=");
		web_urlenc(o, u->v[i]);
	}
	if (xk) {
		web_puts(o, sep == '?' ? "?" : "&amp;");
		web_puts(o, xk);
		web_puts(o, "=");
		web_urlenc(o, xv);
	}
}


/* ---- list query (cache, or the store for a past as_of) ---- */
/* The rows of a list view and their standard table (views.c). */
struct listing {
	struct sw_repo_list l;
	bool owned;
	struct sw_table *t;
};

static sw_err find_rows(struct sw_web *w, const struct web_cache *c, const struct sw_query *q,
			struct listing *out, struct sw_error *err)
{
	if (q->as_of) {
		struct sw_store *s = web_thread_store(w, err);
		if (!s)
			return err->code ? err->code : SW_EDB;
		out->owned = true;
		return sw_store_list(s, q, &out->l, err);
	}
	return web_cache_query(c, q, &out->l, err);
}

static sw_err get_listing(struct sw_web *w, const struct web_cache *c, const struct sw_query *q,
			  struct listing *out, struct sw_error *err)
{
	memset(out, 0, sizeof *out);
	sw_err e = find_rows(w, c, q, out, err);
	if (!e && (e = sw_view_repo_list(&out->l, &out->t)))
		sw_error_set(err, e, "building the list");
	return e;
}

static void listing_release(struct listing *l)
{
	if (l->owned)
		sw_repo_list_release(&l->l);
	else
		free(l->l.rows);
	sw_table_free(l->t);
	memset(l, 0, sizeof *l);
}

/* ---- list page ---- */
enum ckind { K_REPO, K_TEXT, K_INT, K_DELTA, K_PCT, K_CONTRIB, K_DEVS, K_DATE, K_SPARK, K_DOWNLOADS };
/* When a column is shown: always, or when some repo of the list has its fact. */
enum cwhen { W_ALWAYS, W_COUNTRY, W_FORK, W_ARCHIVED, W_DOWNLOADS, W_SPARK };
static const struct col {
	const char *head, *sort;
	size_t cell;       /* column of the standard view (views.c) */
	enum ckind kind;
	enum cwhen when;
	bool phone;        /* shown on a phone's card (labelled), else only in the wide table */
	bool bare;         /* on the card without a label (the repo, its layer and subcategory) */
} cols[] = {
	{"Repository", "name", 0, K_REPO, W_ALWAYS, true, true}, {"Layer", "layer", 1, K_TEXT, W_ALWAYS, true, true},
	{"Subcategory", "subcat", 2, K_TEXT, W_ALWAYS, true, true}, {"Stars", "stars", 4, K_INT, W_ALWAYS, true, false},
	{"30 days", NULL, 0, K_SPARK, W_SPARK, true, false}, {"+1d", "star_1d", 5, K_DELTA, W_ALWAYS, true, false},
	{"1d %", "star_1d_pct", 6, K_PCT, W_ALWAYS, false, false}, {"+7d", "star_7d", 7, K_DELTA, W_ALWAYS, true, false},
	{"7d %", "star_7d_pct", 8, K_PCT, W_ALWAYS, true, false}, {"Forks", "forks", 9, K_INT, W_ALWAYS, true, false},
	{"Contributors", "contributors", 10, K_CONTRIB, W_ALWAYS, true, false}, {"Top developers", NULL, 11, K_DEVS, W_ALWAYS, false, false},
	{"Created", "created", 12, K_DATE, W_ALWAYS, false, false}, {"Updated", "updated", 13, K_DATE, W_ALWAYS, false, false},
	{"Downloads", "downloads", 14, K_DOWNLOADS, W_DOWNLOADS, false, false}, {"Country", "country", 15, K_TEXT, W_COUNTRY, false, false},
	{"Archived", NULL, 18, K_TEXT, W_ARCHIVED, true, false}, {"Fork", NULL, 19, K_TEXT, W_FORK, true, false},
};
#define NCOLS (sizeof cols / sizeof cols[0])

/* Stars over the 30 days before the view's moment, per row of the page. */
#define SPARK_MAX 64
struct spark {
	size_t n;
	int64_t t[SPARK_MAX];
	double v[SPARK_MAX];
};

/* What the page shows: the listing, its sparklines, the columns shown. */
struct view {
	const struct listing *L;
	struct spark *sp;
	bool show[NCOLS];
};

static bool col_shown(const struct web_cache *c, const struct spark *sp, size_t nrows, enum cwhen when)
{
	bool any = false;
	switch (when) {
	case W_ALWAYS: return true;
	case W_COUNTRY: return c->ncountries > 0;
	case W_FORK: return c->any_fork;
	case W_ARCHIVED: return c->any_archived;
	case W_DOWNLOADS: return c->any_downloads;
	case W_SPARK:
		for (size_t i = 0; i < nrows && !any; i++)
			any = sp[i].n >= 2;
		return any;
	}
	return true;
}

/* The snapshots of each row's last 30 days up to `until`, the last of each
 * SPARK_MAX-th of the window when there are more. Failure leaves the
 * sparklines empty: the list itself does not depend on them. */
static void load_sparks(struct sw_web *w, const struct sw_repo_list *l, int64_t until, struct spark *sp)
{
	struct sw_error err = {0};
	struct sw_store *s = web_thread_store(w, &err);
	sqlite3_stmt *st;
	const int64_t from = until - 30 * 86400;
	if (!s || store_stmt(s, "SELECT taken_at, stars FROM snapshots WHERE repo_id = ?1 AND taken_at > ?2"
				" AND taken_at <= ?3 AND stars IS NOT NULL ORDER BY taken_at", &st, &err))
		return;
	for (size_t i = 0; i < l->n; i++) {
		sqlite3_bind_int64(st, 1, l->rows[i].repo.id);
		sqlite3_bind_int64(st, 2, from);
		sqlite3_bind_int64(st, 3, until);
		int64_t last_bucket = -1;
		while (sqlite3_step(st) == SQLITE_ROW) {
			int64_t t = sqlite3_column_int64(st, 0), bucket = (t - from) * (SPARK_MAX - 1) / (until - from);
			size_t k = bucket == last_bucket ? sp[i].n - 1 : sp[i].n++;
			last_bucket = bucket;
			sp[i].t[k] = t;
			sp[i].v[k] = sqlite3_column_double(st, 1);
		}
		sqlite3_reset(st);
	}
}

/* A sparkline: the line through the row's snapshots, scaled to its own
 * range; one snapshot is a dot, and says so. */
static void o_spark(struct web_out *o, const struct spark *s)
{
	if (!s->n) {
		web_puts(o, "<td class=\"spark na\" data-label=\"30 days\">no snapshot</td>");
		return;
	}
	double lo = s->v[0], hi = s->v[0];
	for (size_t i = 1; i < s->n; i++) {
		lo = s->v[i] < lo ? s->v[i] : lo;
		hi = s->v[i] > hi ? s->v[i] : hi;
	}
	char a[32], b[32];
	web_thousands((int64_t)(s->v[s->n - 1] - s->v[0]), a);
	if (s->n == 1)
		web_puts(o, "<td class=\"spark\" data-label=\"30 days\"><svg class=\"spark\" viewBox=\"0 0 72 22\" role=\"img\">"
			    "<title>one snapshot in the last 30 days: no trend yet</title><circle cx=\"68\" cy=\"11\" r=\"2.5\"/></svg></td>");
	else {
		snprintf(b, sizeof b, "%zu", s->n);
		web_printf(o, "<td class=\"spark\" data-label=\"30 days\"><svg class=\"spark\" viewBox=\"0 0 72 22\" role=\"img\">"
			      "<title>%s snapshots in the last 30 days: %s%s stars%s</title><polyline points=\"", b,
			   s->v[s->n - 1] >= s->v[0] ? "+" : "", a, s->n == 2 ? " (two points: a straight line)" : "");
		for (size_t i = 0; i < s->n; i++)
			web_printf(o, "%.1f,%.1f ", 4 + 64.0 * (double)(s->t[i] - s->t[0]) / (double)(s->t[s->n - 1] - s->t[0] + !(s->t[s->n - 1] - s->t[0])),
				   hi > lo ? 19 - 16 * (s->v[i] - lo) / (hi - lo) : 11);
		web_puts(o, "\"/></svg></td>");
	}
}

static bool default_asc(const char *sort)
{
	return !strcmp(sort, "name") || !strcmp(sort, "layer") || !strcmp(sort, "subcat") || !strcmp(sort, "country");
}

/* <td> with the column's classes and, on a phone's card, its label. */
static void td_open(struct web_out *o, const struct col *col, const char *cls)
{
	if (*cls || !col->phone)
		web_printf(o, "<td class=\"%s%s%s\"", cls, *cls && !col->phone ? " " : "", col->phone ? "" : "opt");
	else
		web_puts(o, "<td");
	if (col->phone && !col->bare)
		web_printf(o, " data-label=\"%s\"", col->head);
	web_puts(o, ">");
}

static void o_repo(struct web_out *o, const struct sw_table *t, size_t row, const struct col *col)
{
	const char *txt = sw_table_cell_text(t, row, col->cell);
	td_open(o, col, "repo");
	web_puts(o, "<a class=\"name\" href=\"/r/");
	web_repo_path(o, txt);
	web_puts(o, "\">");
	web_html(o, txt);
	web_puts(o, "</a><a class=\"gh\" rel=\"noopener noreferrer\" title=\"on GitHub\" href=\"https://github.com/");
	web_repo_path(o, txt);
	web_puts(o, "\">GitHub ↗</a>");
	const char *d = sw_table_cell_text(t, row, 17);
	if (d && *d) {
		web_puts(o, "<div class=\"desc\">");
		web_html(o, d);
		web_puts(o, "</div>");
	}
	web_puts(o, "</td>");
}

/* Text: the layer of an unreviewed automatic label is tagged "auto". */
static void o_text(struct web_out *o, const struct sw_table *t, size_t row, const struct col *col)
{
	const char *txt = sw_table_cell_text(t, row, col->cell);
	bool none = !txt || !*txt;
	td_open(o, col, col->cell == 2 ? (none ? "subcat na" : "subcat") : none ? "na" : "");
	web_html(o, none ? "–" : txt);
	if (!none && col->cell == 1 && !strcmp(sw_table_cell_text(t, row, 3), "automatic"))
		web_puts(o, " <span class=\"tag auto\" title=\"automatic classification, not reviewed\">auto</span>");
	web_puts(o, "</td>");
}

/* The first three logins; the full list is on the repo page. */
static void o_devs(struct web_out *o, const char *txt, const struct col *col)
{
	td_open(o, col, "devs");
	char tmp[256];
	snprintf(tmp, sizeof tmp, "%s", txt ? txt : "");
	int k = 0;
	for (char *save = NULL, *p = strtok_r(tmp, ",", &save); p && k < 3; p = strtok_r(NULL, ",", &save), k++) {
		if (k)
			web_puts(o, ", ");
		web_html(o, sw_str_trim(p));
	}
	web_puts(o, "</td>");
}

/* Numbers: grouped, gains signed and coloured; unknown is a dash, and so
 * are zero downloads (a repo that publishes no release files). */
static void o_number(struct web_out *o, const struct sw_table *t, size_t row, const struct col *col)
{
	const char *txt = sw_table_cell_text(t, row, col->cell);
	double v = sw_table_cell_num(t, row, col->cell);
	char buf[40];
	if (col->kind == K_CONTRIB && txt && *txt) {
		td_open(o, col, "num");
		web_html(o, txt);
		web_puts(o, "</td>");
		return;
	}
	if (isnan(v) || (col->kind == K_DOWNLOADS && v == 0)) {
		td_open(o, col, "num na");
		web_puts(o, col->kind == K_DOWNLOADS && v == 0 ? "<span title=\"no release downloads published\">–</span></td>"
							      : "–</td>");
		return;
	}
	const char *cls = col->kind == K_INT || col->kind == K_DOWNLOADS || v == 0 ? "num" : v > 0 ? "num pos" : "num neg";
	td_open(o, col, cls);
	if (col->kind == K_PCT)
		web_printf(o, "%s%.2f%%</td>", v > 0 ? "+" : "", v);
	else {
		web_thousands((int64_t)v, buf);
		web_printf(o, "%s%s</td>", col->kind == K_DELTA && v > 0 ? "+" : "", buf);
	}
}

static void o_cell(struct web_out *o, const struct view *vw, size_t row, const struct col *col)
{
	const struct sw_table *t = vw->L->t;
	char day[11];
	switch (col->kind) {
	case K_REPO: o_repo(o, t, row, col); return;
	case K_TEXT: o_text(o, t, row, col); return;
	case K_DEVS: o_devs(o, sw_table_cell_text(t, row, col->cell), col); return;
	case K_SPARK: o_spark(o, &vw->sp[row]); return;
	case K_DATE:
		/* the day part; dates come from data, so escaped like the rest */
		snprintf(day, sizeof day, "%s", sw_table_cell_text(t, row, col->cell));
		td_open(o, col, "date");
		web_html(o, day);
		web_puts(o, "</td>");
		return;
	default: o_number(o, t, row, col); return;
	}
}

static void o_select(struct web_out *o, const char *name, const char *label, const char *cur, char **opts, size_t n)
{
	web_printf(o, "<label>%s<select name=\"%s\" id=\"f-%s\"><option value=\"\">All</option>", label, name, name);
	for (size_t i = 0; i < n; i++) {
		web_puts(o, "<option value=\"");
		web_html(o, opts[i]);
		web_puts(o, cur && !strcasecmp(cur, opts[i]) ? "\" selected>" : "\">");
		web_html(o, opts[i]);
		web_puts(o, "</option>");
	}
	web_puts(o, "</select></label>");
}

/* A filter of three choices: all, only, hide. */
static void o_choice(struct web_out *o, const char *name, const char *label, int cur, const char *only,
		     const char *hide)
{
	web_printf(o, "<label>%s<select name=\"%s\" id=\"f-%s\"><option value=\"\">All</option>"
		      "<option value=\"only\"%s>%s</option><option value=\"hide\"%s>%s</option></select></label>",
		   label, name, name, cur > 0 ? " selected" : "", only, cur < 0 ? " selected" : "", hide);
}

/* The sort menu (the columns shown): on a phone the cards have no
 * headers to click. */
static void sort_select(struct web_out *o, const struct view *vw, const struct sw_query *q)
{
	web_puts(o, "<label>Sort by<select name=\"sort\" id=\"f-sort\">");
	for (size_t i = 0; i < NCOLS; i++)
		if (cols[i].sort && vw->show[i])
			web_printf(o, "<option value=\"%s\"%s>%s</option>", cols[i].sort,
				   !strcmp(cols[i].sort, sw_sort_name(q->sort)) ? " selected" : "", cols[i].head);
	web_puts(o, "</select></label>");
}

static void per_select(struct web_out *o, const struct sw_web_listq *lq)
{
	web_puts(o, "<label>Per page<select name=\"per\" id=\"f-per\">");
	static const size_t pers[] = {25, 50, 100, 200};
	bool standard = false;
	for (size_t i = 0; i < 4; i++) {
		if (!standard && lq->per < pers[i]) /* keep a page size given in the URL */
			web_printf(o, "<option selected>%zu</option>", lq->per);
		standard |= lq->per <= pers[i];
		web_printf(o, "<option%s>%zu</option>", lq->per == pers[i] ? " selected" : "", pers[i]);
	}
	if (!standard)
		web_printf(o, "<option selected>%zu</option>", lq->per);
	web_puts(o, "</select></label>");
}

/* Search and Apply always; the other filters in .more, which a phone
 * folds behind a "More filters" toggle (a checkbox, so no script). */
static void filter_form(struct web_out *o, const struct web_cache *c, const struct view *vw,
			const struct sw_web_listq *lq, const struct ustate *u)
{
	const struct sw_query *q = &lq->q;
	bool active = q->layer || q->subcat || q->country || q->owner || q->new_this_week || q->quiet || q->forks ||
		      q->archived;
	web_puts(o, "<form class=\"filters\" id=\"filters\" method=\"get\" action=\"/\">"
		  "<label class=\"grow\">Search name or description<input type=\"search\" name=\"q\" id=\"f-q\" value=\"");
	web_html(o, q->search);
	web_printf(o, "\" placeholder=\"e.g. llama, agent, 推理\"></label>"
		      "<input type=\"checkbox\" class=\"toggle\" id=\"f-more\"%s><label class=\"toggle\" for=\"f-more\">"
		      "More filters%s</label><div class=\"more\">", active ? " checked" : "", active ? " (on)" : "");
	o_select(o, "layer", "Layer", q->layer, c->layers, c->nlayers);
	web_subcat_select(o, c, "f-subcat", "Subcategory", "All", q->subcat);
	if (c->ncountries)
		o_select(o, "country", "Country", q->country, c->countries, c->ncountries);
	web_puts(o, "<label>Owner<input type=\"text\" name=\"owner\" id=\"f-owner\" size=\"12\" value=\"");
	web_html(o, q->owner);
	web_puts(o, "\"></label>");
	if (c->any_fork)
		o_choice(o, "forks", "Forks", q->forks, "Only forks", "Hide forks");
	if (c->any_archived)
		o_choice(o, "archived", "Archived", q->archived, "Only archived", "Hide archived");
	web_printf(o, "<label class=\"check\"><input type=\"checkbox\" name=\"new\" id=\"f-new\" value=\"1\"%s>New this week</label>",
		 q->new_this_week ? " checked" : "");
	web_printf(o, "<label class=\"check\"><input type=\"checkbox\" name=\"quiet\" id=\"f-quiet\" value=\"1\"%s>Quiet (no 7-day gain)</label>",
		 q->quiet ? " checked" : "");
	sort_select(o, vw, q);
	per_select(o, lq);
	web_puts(o, "</div>");
	for (size_t i = 0; i < NSTATE; i++)
		if (u->v[i] && (!strcmp(state_keys[i], "dir") || !strcmp(state_keys[i], "as_of"))) {
			web_printf(o, "<input type=\"hidden\" name=\"%s\" value=\"", state_keys[i]);
			web_html(o, u->v[i]);
			web_puts(o, "\">");
		}
	web_puts(o, "<button type=\"submit\" id=\"f-apply\">Apply</button><a class=\"reset\" href=\"/\">Reset</a></form>\n");
}

/* "Showing 1-50 of 680 repos" (or that the page is past the end) and the
 * download links of this view. */
static void list_summary(struct web_out *o, const struct sw_web_listq *lq, const struct sw_repo_list *l,
			 const struct ustate *u)
{
	size_t first = (size_t)lq->q.offset + 1, last = (size_t)lq->q.offset + l->n;
	size_t pages = l->total ? (l->total + lq->per - 1) / lq->per : 1;
	web_printf(o, "<div class=\"summary\"><span id=\"count\" data-total=\"%zu\">", l->total);
	if (l->n)
		web_printf(o, "Showing %zu–%zu of %zu repos", first, last, l->total);
	else if (l->total)
		web_printf(o, "Page %zu is past the end: %zu repos fill %zu page%s", lq->page, l->total, pages,
			   pages == 1 ? "" : "s");
	else
		web_puts(o, "No repos match");
	if (lq->q.as_of) {
		char d[32];
		sw_time_format_date(lq->q.as_of, d);
		web_printf(o, " as of %s", d);
	}
	web_puts(o, "</span><span class=\"downloads\">Download this view: <a id=\"dl-csv\" href=\"");
	struct ustate ud = *u;
	ustate_set(&ud, "page", NULL);
	ustate_set(&ud, "per", NULL);
	o_href(o, "/api/repos", &ud, "format", "csv");
	web_puts(o, "\">CSV</a> · <a id=\"dl-json\" href=\"");
	o_href(o, "/api/repos", u, NULL, NULL);
	web_puts(o, "\">JSON</a> · <a href=\"/api\">API</a></span></div>\n");
}

/* The header row: each sortable column links to its sort; clicking the
 * sorted column flips it, another column starts in its natural order. */
static void list_head(struct web_out *o, const struct view *vw, const struct sw_query *q, const struct ustate *u)
{
	web_puts(o, "<div class=\"tablewrap\"><table class=\"repos\" id=\"repos\"><thead><tr><th class=\"num\">#</th>");
	const char *cur = sw_sort_name(q->sort);
	for (size_t i = 0; i < NCOLS; i++) {
		const struct col *k = &cols[i];
		bool num = k->kind != K_REPO && k->kind != K_TEXT && k->kind != K_DEVS && k->kind != K_DATE &&
			   k->kind != K_SPARK;
		if (!vw->show[i])
			continue;
		if (!k->sort) {
			web_printf(o, "<th>%s</th>", k->head);
			continue;
		}
		bool on = !strcmp(cur, k->sort);
		struct ustate us = *u;
		ustate_set(&us, "page", NULL);
		ustate_set(&us, "sort", k->sort);
		bool asc = on ? !q->ascending : default_asc(k->sort);
		ustate_set(&us, "dir", asc == default_asc(k->sort) ? NULL : asc ? "asc" : "desc");
		web_printf(o, "<th%s data-sort=\"%s\"%s><a href=\"",
			   num ? (on ? " class=\"num sorted\"" : " class=\"num\"") : (on ? " class=\"sorted\"" : ""), k->sort,
			   on ? (q->ascending ? " aria-sort=\"ascending\"" : " aria-sort=\"descending\"") : "");
		o_href(o, "/", &us, NULL, NULL);
		web_printf(o, "\">%s%s</a></th>", k->head, on ? (q->ascending ? " ▲" : " ▼") : "");
	}
	web_puts(o, "</tr></thead>\n<tbody>\n");
}

static void list_rows(struct web_out *o, const struct view *vw, size_t offset)
{
	const struct sw_table *t = vw->L->t;
	size_t ncol = 1;
	for (size_t row = 0; row < sw_table_rows(t); row++) {
		web_puts(o, "<tr data-repo=\"");
		web_html(o, sw_table_cell_text(t, row, 0));
		web_printf(o, "\"><td class=\"num rank opt\">%zu</td>", offset + row + 1);
		for (size_t i = 0; i < NCOLS; i++)
			if (vw->show[i])
				o_cell(o, vw, row, &cols[i]);
		web_puts(o, "</tr>\n");
	}
	for (size_t i = 0; i < NCOLS; i++)
		ncol += vw->show[i];
	if (!sw_table_rows(t))
		web_printf(o, "<tr><td colspan=\"%zu\" class=\"empty\">%s</td></tr>\n", ncol,
			   vw->L->l.total ? "This page is past the end of the list: the pager below leads back."
					  : "No repository matches these filters.");
	web_puts(o, "</tbody></table></div>\n");
}

/* A link to page p of this view (page 1 has no page parameter). */
static void page_link(struct web_out *o, const struct ustate *u, size_t p, const char *attrs, const char *text)
{
	char pb[24];
	struct ustate up = *u;
	snprintf(pb, sizeof pb, "%zu", p);
	ustate_set(&up, "page", p > 1 ? pb : NULL);
	web_printf(o, "<a%s href=\"", attrs);
	o_href(o, "/", &up, NULL, NULL);
	web_printf(o, "\">%s</a>", text);
}

static void list_pager(struct web_out *o, const struct sw_web_listq *lq, size_t total, const struct ustate *u)
{
	size_t pages = total ? (total + lq->per - 1) / lq->per : 1;
	if (pages <= 1 && lq->page <= 1)
		return;
	web_puts(o, "<nav class=\"pager\" id=\"pager\">");
	if (lq->page > 1) {
		page_link(o, u, 1, "", "« First");
		page_link(o, u, (lq->page > pages ? pages + 1 : lq->page) - 1, " rel=\"prev\" id=\"prev\"", "‹ Previous");
	}
	web_printf(o, "<span>Page %zu of %zu</span>", lq->page, pages);
	if (lq->page < pages) {
		page_link(o, u, lq->page + 1, " rel=\"next\" id=\"next\"", "Next ›");
		page_link(o, u, pages, "", "Last »");
	}
	web_puts(o, "</nav>\n");
}

void web_page_list(struct sw_web *w, const struct web_request *in, struct web_resp *r)
{
	struct sw_web_listq lq;
	struct sw_error err = {0};
	if (sw_web_listq_parse(&in->args, &lq, &err)) {
		web_error(w, r, in->path, 400, sw_error_text(&err));
		return;
	}
	struct web_cache *c = web_cache_get(w);
	struct listing L;
	sw_err e = get_listing(w, c, &lq.q, &L, &err);
	struct view vw = {&L, e ? NULL : calloc(L.l.n + 1, sizeof *vw.sp), {false}};
	if (!e && !vw.sp)
		e = sw_error_set(&err, SW_ENOMEM, "out of memory");
	if (e) {
		web_error(w, r, in->path, e == SW_EINVAL ? 400 : 500, sw_error_text(&err));
		listing_release(&L);
		web_cache_unref(c);
		return;
	}
	load_sparks(w, &L.l, lq.q.as_of ? lq.q.as_of : c->as_of, vw.sp);
	for (size_t i = 0; i < NCOLS; i++)
		vw.show[i] = col_shown(c, vw.sp, L.l.n, cols[i].when);
	struct ustate u;
	ustate_from(&in->args, &u);
	struct web_out o = {&r->body, SW_OK};
	web_page_head(&o, w, c, "AI repositories", "/");
	web_puts(&o, "<h1>Open-source AI repositories</h1>\n");
	filter_form(&o, c, &vw, &lq, &u);
	list_summary(&o, &lq, &L.l, &u);
	list_head(&o, &vw, &lq.q, &u);
	list_rows(&o, &vw, (size_t)lq.q.offset);
	list_pager(&o, &lq, L.l.total, &u);
	if (L.l.n && !vw.show[4])
		web_puts(&o, "<p class=\"muted\" id=\"no-trend\">No 30-day trend column: no repo on this page has two"
			     " snapshots in the 30 days up to the data's time yet.</p>\n");
	web_page_foot(&o);
	free(vw.sp);
	listing_release(&L);
	web_cache_unref(c);
	web_fail_oom(w, r, in->path, &o);
}

/* ---- /api/repos ---- */
void web_api_repos(struct sw_web *w, const struct web_request *in, struct web_resp *r)
{
	struct sw_web_listq lq;
	struct sw_error err = {0};
	const char *fmt = sw_web_form_get(&in->args, "format");
	if (fmt && strcmp(fmt, "json") && strcmp(fmt, "csv")) {
		web_error(w, r, in->path, 400, "parameter 'format' must be json or csv");
		return;
	}
	bool csv = fmt && !strcmp(fmt, "csv");
	if (sw_web_listq_parse(&in->args, &lq, &err)) {
		web_error(w, r, in->path, 400, sw_error_text(&err));
		return;
	}
	/* A CSV download is the whole view unless a page size is asked for. */
	if (csv && !sw_web_form_get(&in->args, "per")) {
		lq.q.limit = 0;
		lq.q.offset = 0;
	}
	struct web_cache *c = web_cache_get(w);
	struct listing L;
	sw_err e = get_listing(w, c, &lq.q, &L, &err);
	const struct sw_table *t = L.t;
	struct web_out o = {&r->body, SW_OK};
	if (!e) {
		if (csv) {
			r->ctype = "text/csv; charset=utf-8";
			web_resp_header(r, "Content-Disposition", "attachment; filename=\"stackwatch-repos.csv\"");
			o.e = sw_table_render(t, SW_FMT_CSV, 0, o.b);
		} else {
			r->ctype = "application/json";
			char when[32];
			sw_time_format(lq.q.as_of ? lq.q.as_of : c->as_of, when);
			web_printf(&o, "{\"as_of\": \"%s\", \"total\": %zu, \"page\": %zu, \"per\": %zu, \"sort\": \"%s\","
				     " \"dir\": \"%s\", \"repos\": ",
				 when, L.l.total, lq.page, lq.per, sw_sort_name(lq.q.sort), lq.q.ascending ? "asc" : "desc");
			if (!o.e)
				o.e = sw_table_render(t, SW_FMT_JSON, 0, o.b);
			web_puts(&o, "}\n");
		}
	}
	listing_release(&L);
	web_cache_unref(c);
	if (e)
		web_error(w, r, in->path, e == SW_EINVAL ? 400 : 500, sw_error_text(&err));
	else
		web_fail_oom(w, r, in->path, &o);
}
