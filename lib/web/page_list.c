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

#include "web_int.h"

/* ---- URL state of the list view ---- */
static const char *const state_keys[] = {"q", "layer", "subcat", "country", "owner", "new",
					 "quiet", "sort", "dir", "per", "as_of", "page"};
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
enum ckind { K_REPO, K_TEXT, K_INT, K_DELTA, K_PCT, K_CONTRIB, K_DEVS, K_DATE };
static const struct col {
	const char *head, *sort;
	size_t cell;
	enum ckind kind;
} cols[] = {
	{"Repository", "name", 0, K_REPO},       {"Layer", "layer", 1, K_TEXT},
	{"Subcategory", "subcat", 2, K_TEXT},    {"Stars", "stars", 4, K_INT},
	{"+1d", "star_1d", 5, K_DELTA},          {"1d %", "star_1d_pct", 6, K_PCT},
	{"+7d", "star_7d", 7, K_DELTA},          {"7d %", "star_7d_pct", 8, K_PCT},
	{"Forks", "forks", 9, K_INT},            {"Contributors", "contributors", 10, K_CONTRIB},
	{"Top developers", NULL, 11, K_DEVS},    {"Created", "created", 12, K_DATE},
	{"Updated", "updated", 13, K_DATE},      {"Downloads", "downloads", 14, K_INT},
	{"Country", "country", 15, K_TEXT},
};

static bool default_asc(const char *sort)
{
	return !strcmp(sort, "name") || !strcmp(sort, "layer") || !strcmp(sort, "subcat") || !strcmp(sort, "country");
}

static void o_cell(struct web_out *o, const struct sw_table *t, size_t row, const struct col *col)
{
	const char *txt = sw_table_cell_text(t, row, col->cell);
	double v = sw_table_cell_num(t, row, col->cell);
	char buf[40];
	switch (col->kind) {
	case K_REPO: {
		web_puts(o, "<td class=\"repo\"><a href=\"/r/");
		web_repo_path(o, txt);
		web_puts(o, "\">");
		web_html(o, txt);
		web_puts(o, "</a>");
		const char *d = sw_table_cell_text(t, row, 17);
		if (d && *d) {
			web_puts(o, "<div class=\"desc\">");
			web_html(o, d);
			web_puts(o, "</div>");
		}
		web_puts(o, "</td>");
		return;
	}
	case K_TEXT:
		if (col->cell == 1 && txt && *txt && !strcmp(sw_table_cell_text(t, row, 3), "automatic")) {
			web_puts(o, "<td>");
			web_html(o, txt);
			web_puts(o, " <span class=\"tag auto\" title=\"automatic classification, not reviewed\">auto</span></td>");
			return;
		}
		if (!txt || !*txt) {
			web_puts(o, "<td class=\"na\">–</td>");
			return;
		}
		web_puts(o, "<td>");
		web_html(o, txt);
		web_puts(o, "</td>");
		return;
	case K_DATE: {
		/* The day part; dates come from data, so escaped like the rest. */
		char day[11];
		snprintf(day, sizeof day, "%s", txt ? txt : "");
		web_puts(o, "<td class=\"date\">");
		web_html(o, day);
		web_puts(o, "</td>");
		return;
	}
	case K_DEVS: {
		/* The first three logins; the full list is on the repo page. */
		web_puts(o, "<td class=\"devs\">");
		char tmp[256];
		snprintf(tmp, sizeof tmp, "%s", txt ? txt : "");
		int k = 0;
		for (char *save = NULL, *p = strtok_r(tmp, ",", &save); p && k < 3; p = strtok_r(NULL, ",", &save), k++) {
			if (k)
				web_puts(o, ", ");
			web_html(o, sw_str_trim(p));
		}
		web_puts(o, "</td>");
		return;
	}
	case K_CONTRIB:
		web_puts(o, "<td class=\"num\">");
		web_html(o, txt && *txt ? txt : "–");
		web_puts(o, "</td>");
		return;
	case K_INT:
	case K_DELTA:
		if (isnan(v)) {
			web_puts(o, "<td class=\"num na\">–</td>");
			return;
		}
		web_thousands((int64_t)v, buf);
		web_printf(o, "<td class=\"num%s\">%s%s</td>",
			 col->kind == K_DELTA ? (v > 0 ? " pos" : v < 0 ? " neg" : "") : "",
			 col->kind == K_DELTA && v > 0 ? "+" : "", buf);
		return;
	case K_PCT:
		if (isnan(v)) {
			web_puts(o, "<td class=\"num na\">–</td>");
			return;
		}
		web_printf(o, "<td class=\"num%s\">%s%.2f%%</td>", v > 0 ? " pos" : v < 0 ? " neg" : "",
			 v > 0 ? "+" : "", v);
		return;
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

static void filter_form(struct web_out *o, const struct web_cache *c, const struct sw_web_listq *lq,
			const struct ustate *u)
{
	const struct sw_query *q = &lq->q;
	web_puts(o, "<form class=\"filters\" id=\"filters\" method=\"get\" action=\"/\">"
		  "<label class=\"grow\">Search name or description<input type=\"search\" name=\"q\" id=\"f-q\" value=\"");
	web_html(o, q->search);
	web_puts(o, "\" placeholder=\"e.g. llama, agent, 推理\"></label>");
	o_select(o, "layer", "Layer", q->layer, c->layers, c->nlayers);
	web_puts(o, "<label>Subcategory<select name=\"subcat\" id=\"f-subcat\"><option value=\"\">All</option>");
	const char *group = NULL;
	for (size_t i = 0; i < c->nsubcats; i++) {
		const struct web_subcat *s = &c->subcats[i];
		if (!group || strcmp(group, s->layer)) {
			if (group)
				web_puts(o, "</optgroup>");
			web_puts(o, "<optgroup label=\"");
			web_html(o, s->layer);
			web_puts(o, "\">");
			group = s->layer;
		}
		web_puts(o, "<option value=\"");
		web_html(o, s->name);
		web_puts(o, q->subcat && !strcasecmp(q->subcat, s->name) ? "\" selected>" : "\">");
		web_html(o, s->name);
		web_puts(o, "</option>");
	}
	if (group)
		web_puts(o, "</optgroup>");
	web_puts(o, "</select></label>");
	o_select(o, "country", "Country", q->country, c->countries, c->ncountries);
	web_puts(o, "<label>Owner<input type=\"text\" name=\"owner\" id=\"f-owner\" size=\"12\" value=\"");
	web_html(o, q->owner);
	web_puts(o, "\"></label>");
	web_printf(o, "<label class=\"check\"><input type=\"checkbox\" name=\"new\" id=\"f-new\" value=\"1\"%s>New this week</label>",
		 q->new_this_week ? " checked" : "");
	web_printf(o, "<label class=\"check\"><input type=\"checkbox\" name=\"quiet\" id=\"f-quiet\" value=\"1\"%s>Quiet (no 7-day gain)</label>",
		 q->quiet ? " checked" : "");
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
	for (size_t i = 0; i < NSTATE; i++)
		if (u->v[i] && (!strcmp(state_keys[i], "sort") || !strcmp(state_keys[i], "dir") ||
				!strcmp(state_keys[i], "as_of"))) {
			web_printf(o, "<input type=\"hidden\" name=\"%s\" value=\"", state_keys[i]);
			web_html(o, u->v[i]);
			web_puts(o, "\">");
		}
	web_puts(o, "<button type=\"submit\" id=\"f-apply\">Apply</button><a class=\"reset\" href=\"/\">Reset</a></form>\n");
}

/* "Showing 1-50 of 680 repos" and the download links of this view. */
static void list_summary(struct web_out *o, const struct sw_web_listq *lq, const struct sw_repo_list *l,
			 const struct ustate *u)
{
	size_t first = l->n ? (size_t)lq->q.offset + 1 : 0, last = (size_t)lq->q.offset + l->n;
	web_printf(o, "<div class=\"summary\"><span id=\"count\" data-total=\"%zu\">Showing %zu–%zu of %zu repos",
		   l->total, first, last, l->total);
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
	web_puts(o, "\">JSON</a></span></div>\n");
}

/* The header row: each sortable column links to its sort; clicking the
 * sorted column flips it, another column starts in its natural order. */
static void list_head(struct web_out *o, const struct sw_query *q, const struct ustate *u)
{
	web_puts(o, "<div class=\"tablewrap\"><table class=\"repos\" id=\"repos\"><thead><tr><th class=\"num\">#</th>");
	const char *cur = sw_sort_name(q->sort);
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
		const struct col *k = &cols[i];
		bool num = k->kind != K_REPO && k->kind != K_TEXT && k->kind != K_DEVS && k->kind != K_DATE;
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

static void list_rows(struct web_out *o, const struct sw_table *t, size_t offset)
{
	for (size_t row = 0; row < sw_table_rows(t); row++) {
		web_puts(o, "<tr data-repo=\"");
		web_html(o, sw_table_cell_text(t, row, 0));
		web_printf(o, "\"><td class=\"num rank\">%zu</td>", offset + row + 1);
		for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
			o_cell(o, t, row, &cols[i]);
		web_puts(o, "</tr>\n");
	}
	if (!sw_table_rows(t))
		web_puts(o, "<tr><td colspan=\"16\" class=\"empty\">No repository matches these filters.</td></tr>\n");
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
	if (pages <= 1)
		return;
	web_puts(o, "<nav class=\"pager\" id=\"pager\">");
	if (lq->page > 1) {
		page_link(o, u, 1, "", "« First");
		page_link(o, u, lq->page - 1, " rel=\"prev\" id=\"prev\"", "‹ Previous");
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
	const struct sw_table *t = L.t;
	if (e) {
		web_error(w, r, in->path, e == SW_EINVAL ? 400 : 500, sw_error_text(&err));
		listing_release(&L);
		web_cache_unref(c);
		return;
	}
	struct ustate u;
	ustate_from(&in->args, &u);
	struct web_out o = {&r->body, SW_OK};
	web_page_head(&o, w, c, "AI repositories", "/");
	web_puts(&o, "<h1>Open-source AI repositories</h1>\n");
	filter_form(&o, c, &lq, &u);
	list_summary(&o, &lq, &L.l, &u);
	list_head(&o, &lq.q, &u);
	list_rows(&o, t, (size_t)lq.q.offset);
	list_pager(&o, &lq, L.l.total, &u);
	web_page_foot(&o);
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
