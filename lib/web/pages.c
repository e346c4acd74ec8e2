/* web_pages.c: routing and rendering of the web app: the list page, repo
 * pages, the report dashboard, submit-a-repo, admin review, the JSON/CSV
 * API and the static CSS/JS. Every piece of data goes through
 * sw_buf_html / sw_buf_json_str / URL encoding; the pages need no inline
 * script or style, so the CSP can forbid both. The numbers come from the
 * standard views (views.h) so the page, CSV and JSON always agree. */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "stackwatch/classify.h"
#include "stackwatch/models.h"
#include "stackwatch/report.h"
#include "stackwatch/core.h"
#include "core/core_int.h"
#include "web_int.h"

#define CSRF_MAX_AGE (4 * 3600)

/* ---- output with a sticky error ---- */
struct out {
	struct sw_buf *b;
	sw_err e;
};

static void o_puts(struct out *o, const char *s)
{
	if (!o->e)
		o->e = sw_buf_puts(o->b, s);
}

static void SW_PRINTF(2, 3) o_printf(struct out *o, const char *fmt, ...)
{
	if (o->e)
		return;
	char tmp[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof tmp)
		n = sizeof tmp - 1;
	o->e = sw_buf_append(o->b, tmp, (size_t)n);
}

static void o_html(struct out *o, const char *s)
{
	if (!o->e && s)
		o->e = sw_buf_html(o->b, s);
}

static void o_json(struct out *o, const char *s)
{
	if (o->e)
		return;
	if (!s) {
		o->e = sw_buf_puts(o->b, "null");
		return;
	}
	o->e = sw_buf_putc(o->b, '"');
	if (!o->e)
		o->e = sw_buf_json_str(o->b, s);
	if (!o->e)
		o->e = sw_buf_putc(o->b, '"');
}

/* Percent-encode everything but unreserved characters (safe in HTML too). */
static void o_urlenc(struct out *o, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; s && *s && !o->e; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
		    c == '_' || c == '.' || c == '~')
			o->e = sw_buf_putc(o->b, (char)c);
		else {
			char t[3] = {'%', hex[c >> 4], hex[c & 15]};
			o->e = sw_buf_append(o->b, t, 3);
		}
	}
}

/* "owner/name" as a URL path: each segment percent-encoded, '/' kept.
 * Names are validated to [A-Za-z0-9._-] on the way in; this keeps links
 * right even if one is not. */
static void o_repo_path(struct out *o, const char *full)
{
	const char *slash = full ? strchr(full, '/') : NULL;
	if (!slash) {
		o_urlenc(o, full);
		return;
	}
	char owner[128];
	snprintf(owner, sizeof owner, "%.*s", (int)(slash - full), full);
	o_urlenc(o, owner);
	o_puts(o, "/");
	o_urlenc(o, slash + 1);
}

static void fmt_thousands(int64_t v, char out[32])
{
	char tmp[32];
	snprintf(tmp, sizeof tmp, "%" PRId64, v < 0 ? -v : v);
	size_t n = strlen(tmp), j = 0;
	if (v < 0)
		out[j++] = '-';
	for (size_t i = 0; i < n; i++) {
		out[j++] = tmp[i];
		if ((n - i - 1) % 3 == 0 && i + 1 < n)
			out[j++] = ',';
	}
	out[j] = 0;
}

static void when_text(int64_t t, char out[40])
{
	if (t <= 0) {
		snprintf(out, 40, "never");
		return;
	}
	char buf[32];
	sw_time_format(t, buf);
	/* "YYYY-MM-DDTHH:MM:SSZ" -> "YYYY-MM-DD HH:MM UTC" */
	snprintf(out, 40, "%.10s %.5s UTC", buf, buf + 11);
}

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
static void o_href(struct out *o, const char *path, const struct ustate *u, const char *xk, const char *xv)
{
	o_puts(o, path);
	char sep = '?';
	for (size_t i = 0; i < NSTATE; i++) {
		if (!u->v[i])
			continue;
		o_puts(o, sep == '?' ? "?" : "&amp;");
		sep = '&';
		o_puts(o, state_keys[i]);
		o_puts(o, "=");
		o_urlenc(o, u->v[i]);
	}
	if (xk) {
		o_puts(o, sep == '?' ? "?" : "&amp;");
		o_puts(o, xk);
		o_puts(o, "=");
		o_urlenc(o, xv);
	}
}

/* ---- page frame ---- */
static void page_head(struct out *o, struct sw_web *w, const struct web_cache *c, const char *title,
		      const char *active)
{
	o_puts(o, "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>");
	o_html(o, title);
	o_puts(o, " · stackwatch</title><link rel=\"stylesheet\" href=\"/static/style.css\">");
	/* The report's own CSS only on the report page, so it cannot restyle the others. */
	if (!strcmp(active, "/models"))
		o_puts(o, "<link rel=\"stylesheet\" href=\"/static/models.css\">");
	if (!strcmp(active, "/report"))
		o_puts(o, "<link rel=\"stylesheet\" href=\"/static/report.css\">"
			  "<script src=\"/static/report.js\" defer></script>");
	o_puts(o, "<script src=\"/static/app.js\" defer></script></head>\n<body>\n"
		  "<header class=\"top\"><a class=\"brand\" href=\"/\">stackwatch</a><nav>");
	static const char *const nav[][2] = {{"/", "Repositories"}, {"/report", "Report"}, {"/models", "Models"},
					     {"/submit", "Submit a repo"}, {"/api/repos", "API"}};
	for (size_t i = 0; i < sizeof nav / sizeof nav[0]; i++)
		o_printf(o, "<a href=\"%s\"%s>%s</a>", nav[i][0], !strcmp(active, nav[i][0]) ? " class=\"on\"" : "",
			 nav[i][1]);
	o_puts(o, "</nav>");
	if (!c) { /* error pages: no data shown, no data time */
		o_puts(o, "</header>\n<main>\n");
		return;
	}
	char when[40];
	when_text(c->as_of, when);
	o_printf(o, "<div class=\"refreshed\" id=\"refreshed\">Last refreshed: <time>%s</time>", when);
	if (w->refresh > 0) {
		int64_t last;
		char msg[256], lw[40];
		web_refresh_status(w, &last, msg, sizeof msg);
		when_text(last, lw);
		int64_t every = w->refresh;
		const char *unit = "s";
		if (every % 3600 == 0) {
			every /= 3600;
			unit = "h";
		} else if (every % 60 == 0) {
			every /= 60;
			unit = "m";
		}
		o_printf(o, " · update pass every %" PRId64 "%s, last run %s (", every, unit, lw);
		o_html(o, msg);
		o_puts(o, ")");
	}
	o_puts(o, "</div></header>\n<main>\n");
}

static void page_foot(struct out *o)
{
	o_puts(o, "</main>\n<footer>stackwatch · an observatory of the open-source AI ecosystem · "
		  "data: curated list snapshots and GitHub · <a href=\"/api/repos\">JSON API</a></footer>\n"
		  "</body></html>\n");
}

static bool is_api(const char *path)
{
	return !strncmp(path, "/api/", 5) || !strcmp(path, "/api");
}

void web_error(struct sw_web *w, struct web_resp *r, const char *path, unsigned status, const char *msg)
{
	sw_buf_reset(&r->body);
	r->status = status;
	struct out o = {&r->body, SW_OK};
	if (path && is_api(path)) {
		r->ctype = "application/json";
		o_printf(&o, "{\"error\": {\"status\": %u, \"message\": ", status);
		o_json(&o, msg);
		o_puts(&o, "}}\n");
		return;
	}
	r->ctype = "text/html; charset=utf-8";
	char title[32];
	snprintf(title, sizeof title, "Error %u", status);
	page_head(&o, w, NULL, title, "");
	o_printf(&o, "<h1>%s</h1><p class=\"notice err\" id=\"error\">", title);
	o_html(&o, msg);
	o_puts(&o, "</p><p><a href=\"/\">Back to the list</a></p>");
	page_foot(&o);
}

static void fail_oom(struct sw_web *w, struct web_resp *r, const char *path, struct out *o)
{
	if (o->e)
		web_error(w, r, path, 500, "response too large or out of memory");
}

/* ---- list query (cache, or the store for a past as_of) ---- */
struct listing {
	struct sw_repo_list l;
	bool owned;
};

static sw_err get_listing(struct sw_web *w, const struct web_cache *c, const struct sw_query *q,
			  struct listing *out, struct sw_error *err)
{
	memset(out, 0, sizeof *out);
	if (q->as_of) {
		struct sw_store *s = web_thread_store(w, err);
		if (!s)
			return err->code ? err->code : SW_EDB;
		out->owned = true;
		return sw_store_list(s, q, &out->l, err);
	}
	return web_cache_query(c, q, &out->l, err);
}

static void listing_release(struct listing *l)
{
	if (l->owned)
		sw_repo_list_release(&l->l);
	else
		free(l->l.rows);
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

static void o_cell(struct out *o, const struct sw_table *t, size_t row, const struct col *col)
{
	const char *txt = sw_table_cell_text(t, row, col->cell);
	double v = sw_table_cell_num(t, row, col->cell);
	char buf[40];
	switch (col->kind) {
	case K_REPO: {
		o_puts(o, "<td class=\"repo\"><a href=\"/r/");
		o_repo_path(o, txt);
		o_puts(o, "\">");
		o_html(o, txt);
		o_puts(o, "</a>");
		const char *d = sw_table_cell_text(t, row, 17);
		if (d && *d) {
			o_puts(o, "<div class=\"desc\">");
			o_html(o, d);
			o_puts(o, "</div>");
		}
		o_puts(o, "</td>");
		return;
	}
	case K_TEXT:
		if (col->cell == 1 && txt && *txt && !strcmp(sw_table_cell_text(t, row, 3), "automatic")) {
			o_puts(o, "<td>");
			o_html(o, txt);
			o_puts(o, " <span class=\"tag auto\" title=\"automatic classification, not reviewed\">auto</span></td>");
			return;
		}
		if (!txt || !*txt) {
			o_puts(o, "<td class=\"na\">–</td>");
			return;
		}
		o_puts(o, "<td>");
		o_html(o, txt);
		o_puts(o, "</td>");
		return;
	case K_DATE: {
		/* The day part; dates come from data, so escaped like the rest. */
		char day[11];
		snprintf(day, sizeof day, "%s", txt ? txt : "");
		o_puts(o, "<td class=\"date\">");
		o_html(o, day);
		o_puts(o, "</td>");
		return;
	}
	case K_DEVS: {
		/* The first three logins; the full list is on the repo page. */
		o_puts(o, "<td class=\"devs\">");
		char tmp[256];
		snprintf(tmp, sizeof tmp, "%s", txt ? txt : "");
		int k = 0;
		for (char *save = NULL, *p = strtok_r(tmp, ",", &save); p && k < 3; p = strtok_r(NULL, ",", &save), k++) {
			if (k)
				o_puts(o, ", ");
			o_html(o, sw_str_trim(p));
		}
		o_puts(o, "</td>");
		return;
	}
	case K_CONTRIB:
		o_puts(o, "<td class=\"num\">");
		o_html(o, txt && *txt ? txt : "–");
		o_puts(o, "</td>");
		return;
	case K_INT:
	case K_DELTA:
		if (isnan(v)) {
			o_puts(o, "<td class=\"num na\">–</td>");
			return;
		}
		fmt_thousands((int64_t)v, buf);
		o_printf(o, "<td class=\"num%s\">%s%s</td>",
			 col->kind == K_DELTA ? (v > 0 ? " pos" : v < 0 ? " neg" : "") : "",
			 col->kind == K_DELTA && v > 0 ? "+" : "", buf);
		return;
	case K_PCT:
		if (isnan(v)) {
			o_puts(o, "<td class=\"num na\">–</td>");
			return;
		}
		o_printf(o, "<td class=\"num%s\">%s%.2f%%</td>", v > 0 ? " pos" : v < 0 ? " neg" : "",
			 v > 0 ? "+" : "", v);
		return;
	}
}

static void o_select(struct out *o, const char *name, const char *label, const char *cur, char **opts, size_t n)
{
	o_printf(o, "<label>%s<select name=\"%s\" id=\"f-%s\"><option value=\"\">All</option>", label, name, name);
	for (size_t i = 0; i < n; i++) {
		o_puts(o, "<option value=\"");
		o_html(o, opts[i]);
		o_puts(o, cur && !strcasecmp(cur, opts[i]) ? "\" selected>" : "\">");
		o_html(o, opts[i]);
		o_puts(o, "</option>");
	}
	o_puts(o, "</select></label>");
}

static void filter_form(struct out *o, const struct web_cache *c, const struct sw_web_listq *lq,
			const struct ustate *u)
{
	const struct sw_query *q = &lq->q;
	o_puts(o, "<form class=\"filters\" id=\"filters\" method=\"get\" action=\"/\">"
		  "<label class=\"grow\">Search name or description<input type=\"search\" name=\"q\" id=\"f-q\" value=\"");
	o_html(o, q->search);
	o_puts(o, "\" placeholder=\"e.g. llama, agent, 推理\"></label>");
	o_select(o, "layer", "Layer", q->layer, c->layers, c->nlayers);
	o_puts(o, "<label>Subcategory<select name=\"subcat\" id=\"f-subcat\"><option value=\"\">All</option>");
	const char *group = NULL;
	for (size_t i = 0; i < c->nsubcats; i++) {
		const struct web_subcat *s = &c->subcats[i];
		if (!group || strcmp(group, s->layer)) {
			if (group)
				o_puts(o, "</optgroup>");
			o_puts(o, "<optgroup label=\"");
			o_html(o, s->layer);
			o_puts(o, "\">");
			group = s->layer;
		}
		o_puts(o, "<option value=\"");
		o_html(o, s->name);
		o_puts(o, q->subcat && !strcasecmp(q->subcat, s->name) ? "\" selected>" : "\">");
		o_html(o, s->name);
		o_puts(o, "</option>");
	}
	if (group)
		o_puts(o, "</optgroup>");
	o_puts(o, "</select></label>");
	o_select(o, "country", "Country", q->country, c->countries, c->ncountries);
	o_puts(o, "<label>Owner<input type=\"text\" name=\"owner\" id=\"f-owner\" size=\"12\" value=\"");
	o_html(o, q->owner);
	o_puts(o, "\"></label>");
	o_printf(o, "<label class=\"check\"><input type=\"checkbox\" name=\"new\" id=\"f-new\" value=\"1\"%s>New this week</label>",
		 q->new_this_week ? " checked" : "");
	o_printf(o, "<label class=\"check\"><input type=\"checkbox\" name=\"quiet\" id=\"f-quiet\" value=\"1\"%s>Quiet (no 7-day gain)</label>",
		 q->quiet ? " checked" : "");
	o_puts(o, "<label>Per page<select name=\"per\" id=\"f-per\">");
	static const size_t pers[] = {25, 50, 100, 200};
	bool standard = false;
	for (size_t i = 0; i < 4; i++) {
		if (!standard && lq->per < pers[i]) /* keep a page size given in the URL */
			o_printf(o, "<option selected>%zu</option>", lq->per);
		standard |= lq->per <= pers[i];
		o_printf(o, "<option%s>%zu</option>", lq->per == pers[i] ? " selected" : "", pers[i]);
	}
	if (!standard)
		o_printf(o, "<option selected>%zu</option>", lq->per);
	o_puts(o, "</select></label>");
	for (size_t i = 0; i < NSTATE; i++)
		if (u->v[i] && (!strcmp(state_keys[i], "sort") || !strcmp(state_keys[i], "dir") ||
				!strcmp(state_keys[i], "as_of"))) {
			o_printf(o, "<input type=\"hidden\" name=\"%s\" value=\"", state_keys[i]);
			o_html(o, u->v[i]);
			o_puts(o, "\">");
		}
	o_puts(o, "<button type=\"submit\" id=\"f-apply\">Apply</button><a class=\"reset\" href=\"/\">Reset</a></form>\n");
}

static void page_list(struct sw_web *w, const struct web_request *in, struct web_resp *r)
{
	struct sw_web_listq lq;
	struct sw_error err = {0};
	if (sw_web_listq_parse(&in->args, &lq, &err)) {
		web_error(w, r, in->path, 400, sw_error_text(&err));
		return;
	}
	struct web_cache *c = web_cache_get(w);
	struct listing L;
	struct sw_table *t = NULL;
	sw_err e = get_listing(w, c, &lq.q, &L, &err);
	if (!e && (e = sw_view_repo_list(&L.l, &t)))
		sw_error_set(&err, e, "building the list");
	if (e) {
		web_error(w, r, in->path, e == SW_EINVAL ? 400 : 500, sw_error_text(&err));
		listing_release(&L);
		web_cache_unref(c);
		return;
	}
	struct ustate u;
	ustate_from(&in->args, &u);
	struct out o = {&r->body, SW_OK};
	page_head(&o, w, c, "AI repositories", "/");
	o_puts(&o, "<h1>Open-source AI repositories</h1>\n");
	filter_form(&o, c, &lq, &u);
	size_t first = L.l.n ? (size_t)lq.q.offset + 1 : 0, last = (size_t)lq.q.offset + L.l.n;
	o_printf(&o, "<div class=\"summary\"><span id=\"count\" data-total=\"%zu\">Showing %zu–%zu of %zu repos",
		 L.l.total, first, last, L.l.total);
	if (lq.q.as_of) {
		char d[32];
		sw_time_format_date(lq.q.as_of, d);
		o_printf(&o, " as of %s", d);
	}
	o_puts(&o, "</span><span class=\"downloads\">Download this view: <a id=\"dl-csv\" href=\"");
	struct ustate ud = u;
	ustate_set(&ud, "page", NULL);
	ustate_set(&ud, "per", NULL);
	o_href(&o, "/api/repos", &ud, "format", "csv");
	o_puts(&o, "\">CSV</a> · <a id=\"dl-json\" href=\"");
	o_href(&o, "/api/repos", &u, NULL, NULL);
	o_puts(&o, "\">JSON</a></span></div>\n");
	o_puts(&o, "<div class=\"tablewrap\"><table class=\"repos\" id=\"repos\"><thead><tr><th class=\"num\">#</th>");
	const char *cur = sw_sort_name(lq.q.sort);
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
		const struct col *k = &cols[i];
		bool num = k->kind != K_REPO && k->kind != K_TEXT && k->kind != K_DEVS && k->kind != K_DATE;
		if (!k->sort) {
			o_printf(&o, "<th>%s</th>", k->head);
			continue;
		}
		bool on = !strcmp(cur, k->sort);
		struct ustate us = u;
		ustate_set(&us, "page", NULL);
		ustate_set(&us, "sort", k->sort);
		/* Clicking the sorted column flips it; another column starts in its natural order. */
		bool asc = on ? !lq.q.ascending : default_asc(k->sort);
		ustate_set(&us, "dir", asc == default_asc(k->sort) ? NULL : asc ? "asc" : "desc");
		o_printf(&o, "<th%s data-sort=\"%s\"%s><a href=\"",
			 num ? (on ? " class=\"num sorted\"" : " class=\"num\"") : (on ? " class=\"sorted\"" : ""), k->sort,
			 on ? (lq.q.ascending ? " aria-sort=\"ascending\"" : " aria-sort=\"descending\"") : "");
		o_href(&o, "/", &us, NULL, NULL);
		o_printf(&o, "\">%s%s</a></th>", k->head, on ? (lq.q.ascending ? " ▲" : " ▼") : "");
	}
	o_puts(&o, "</tr></thead>\n<tbody>\n");
	for (size_t row = 0; row < sw_table_rows(t); row++) {
		o_puts(&o, "<tr data-repo=\"");
		o_html(&o, sw_table_cell_text(t, row, 0));
		o_printf(&o, "\"><td class=\"num rank\">%zu</td>", (size_t)lq.q.offset + row + 1);
		for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
			o_cell(&o, t, row, &cols[i]);
		o_puts(&o, "</tr>\n");
	}
	if (!sw_table_rows(t))
		o_puts(&o, "<tr><td colspan=\"16\" class=\"empty\">No repository matches these filters.</td></tr>\n");
	o_puts(&o, "</tbody></table></div>\n");
	size_t pages = L.l.total ? (L.l.total + lq.per - 1) / lq.per : 1;
	if (pages > 1) {
		o_puts(&o, "<nav class=\"pager\" id=\"pager\">");
		char pb[24];
		struct ustate up = u;
		if (lq.page > 1) {
			ustate_set(&up, "page", NULL);
			o_puts(&o, "<a href=\"");
			o_href(&o, "/", &up, NULL, NULL);
			o_puts(&o, "\">« First</a><a rel=\"prev\" id=\"prev\" href=\"");
			snprintf(pb, sizeof pb, "%zu", lq.page - 1);
			ustate_set(&up, "page", lq.page - 1 > 1 ? pb : NULL);
			o_href(&o, "/", &up, NULL, NULL);
			o_puts(&o, "\">‹ Previous</a>");
		}
		o_printf(&o, "<span>Page %zu of %zu</span>", lq.page, pages);
		if (lq.page < pages) {
			snprintf(pb, sizeof pb, "%zu", lq.page + 1);
			ustate_set(&up, "page", pb);
			o_puts(&o, "<a rel=\"next\" id=\"next\" href=\"");
			o_href(&o, "/", &up, NULL, NULL);
			o_puts(&o, "\">Next ›</a><a href=\"");
			snprintf(pb, sizeof pb, "%zu", pages);
			ustate_set(&up, "page", pb);
			o_href(&o, "/", &up, NULL, NULL);
			o_puts(&o, "\">Last »</a>");
		}
		o_puts(&o, "</nav>\n");
	}
	page_foot(&o);
	sw_table_free(t);
	listing_release(&L);
	web_cache_unref(c);
	fail_oom(w, r, in->path, &o);
}

/* ---- /api/repos ---- */
static void api_repos(struct sw_web *w, const struct web_request *in, struct web_resp *r)
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
	struct sw_table *t = NULL;
	sw_err e = get_listing(w, c, &lq.q, &L, &err);
	if (!e && (e = sw_view_repo_list(&L.l, &t)))
		sw_error_set(&err, e, "building the list");
	struct out o = {&r->body, SW_OK};
	if (!e) {
		if (csv) {
			r->ctype = "text/csv; charset=utf-8";
			web_resp_header(r, "Content-Disposition", "attachment; filename=\"stackwatch-repos.csv\"");
			o.e = sw_table_render(t, SW_FMT_CSV, 0, o.b);
		} else {
			r->ctype = "application/json";
			char when[32];
			sw_time_format(lq.q.as_of ? lq.q.as_of : c->as_of, when);
			o_printf(&o, "{\"as_of\": \"%s\", \"total\": %zu, \"page\": %zu, \"per\": %zu, \"sort\": \"%s\","
				     " \"dir\": \"%s\", \"repos\": ",
				 when, L.l.total, lq.page, lq.per, sw_sort_name(lq.q.sort), lq.q.ascending ? "asc" : "desc");
			if (!o.e)
				o.e = sw_table_render(t, SW_FMT_JSON, 0, o.b);
			o_puts(&o, "}\n");
		}
	}
	sw_table_free(t);
	listing_release(&L);
	web_cache_unref(c);
	if (e)
		web_error(w, r, in->path, e == SW_EINVAL ? 400 : 500, sw_error_text(&err));
	else
		fail_oom(w, r, in->path, &o);
}

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

/* Star history as an inline SVG (no script, presentation attributes only). */
static void star_chart(struct out *o, const struct sw_snapshot_list *l)
{
	size_t n = 0;
	int64_t t0 = 0, t1 = 0, s0 = 0, s1 = 0;
	for (size_t i = 0; i < l->n; i++) {
		const struct sw_snapshot *s = &l->items[i];
		if (s->stars == SW_UNKNOWN)
			continue;
		if (!n || s->taken_at < t0) t0 = s->taken_at;
		if (!n || s->taken_at > t1) t1 = s->taken_at;
		if (!n || s->stars < s0) s0 = s->stars;
		if (!n || s->stars > s1) s1 = s->stars;
		n++;
	}
	if (!n) {
		o_puts(o, "<p class=\"muted\">No star counts recorded yet.</p>");
		return;
	}
	const double W = 760, H = 240, L = 70, R = 20, T = 16, B = 34;
	if (s1 == s0) {
		s0 = s0 > 10 ? s0 - s0 / 10 : 0;
		s1 = s1 + (s1 / 10 > 0 ? s1 / 10 : 1);
	}
	double tspan = t1 > t0 ? (double)(t1 - t0) : 1;
#define X(t) (n > 1 ? L + (W - L - R) * (double)((t) - t0) / tspan : L + (W - L - R) / 2)
#define Y(v) (T + (H - T - B) * (1 - (double)((v) - s0) / (double)(s1 - s0)))
	o_printf(o, "<svg class=\"chart\" id=\"star-chart\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\""
		    " role=\"img\" aria-label=\"Star history\">",
		 W, H, W, H);
	char a[32], b[32];
	for (int g = 0; g <= 4; g++) {
		int64_t v = s0 + (s1 - s0) * g / 4;
		double y = Y(v);
		fmt_thousands(v, a);
		o_printf(o, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e7ee\"/>"
			    "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
			 L, W - R, y, y, L - 6, y + 4, a);
	}
	o_puts(o, "<polyline fill=\"none\" stroke=\"#2456d3\" stroke-width=\"2\" points=\"");
	for (size_t i = 0; i < l->n; i++)
		if (l->items[i].stars != SW_UNKNOWN)
			o_printf(o, "%.1f,%.1f ", X(l->items[i].taken_at), Y(l->items[i].stars));
	o_puts(o, "\"/>");
	for (size_t i = 0; i < l->n; i++)
		if (l->items[i].stars != SW_UNKNOWN) {
			sw_time_format_date(l->items[i].taken_at, a);
			fmt_thousands(l->items[i].stars, b);
			o_printf(o, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#2456d3\"><title>%s: %s stars</title></circle>",
				 X(l->items[i].taken_at), Y(l->items[i].stars), a, b);
		}
	sw_time_format_date(t0, a);
	sw_time_format_date(t1, b);
	o_printf(o, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"start\">%s</text>", L, H - 10, a);
	if (n > 1 && t1 != t0)
		o_printf(o, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>", W - R, H - 10, b);
	o_puts(o, "</svg>");
#undef X
#undef Y
}

static void page_repo(struct sw_web *w, const struct web_request *in, const char *name, struct web_resp *r)
{
	struct repo_data d;
	if (!load_repo(w, in, name, r, &d))
		return;
	char full[256];
	snprintf(full, sizeof full, "%s/%s", d.repo.owner, d.repo.name);
	if (strcmp(full, name)) {
		/* A former name or other letter case: send to the canonical page. */
		struct sw_buf loc = SW_BUF_INIT;
		struct out lo = {&loc, SW_OK};
		o_puts(&lo, "/r/");
		o_repo_path(&lo, full);
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
	struct out o = {&r->body, SW_OK};
	page_head(&o, w, c, full, "");
	o_puts(&o, "<p class=\"crumbs\"><a href=\"/\">Repositories</a> ›</p><h1 id=\"repo-name\">");
	o_html(&o, full);
	o_puts(&o, "</h1>\n<div class=\"card\">");
	if (d.repo.description) {
		o_puts(&o, "<p class=\"lead\" id=\"repo-desc\">");
		o_html(&o, d.repo.description);
		o_puts(&o, "</p>");
	}
	o_puts(&o, "<p><span class=\"badge");
	o_puts(&o, d.repo.class_source == SW_CLASS_AUTOMATIC ? " auto" : "");
	o_puts(&o, "\" id=\"classification\">");
	if (d.repo.layer) {
		o_html(&o, d.repo.layer);
		if (d.repo.subcat) {
			o_puts(&o, " › ");
			o_html(&o, d.repo.subcat);
		}
	} else
		o_puts(&o, "unclassified");
	o_puts(&o, "</span> <span class=\"muted\" id=\"class-source\">classification: ");
	if (d.repo.class_source == SW_CLASS_AUTOMATIC)
		o_printf(&o, "automatic guess, confidence %.2f — not reviewed", d.repo.confidence);
	else if (d.repo.class_source == SW_CLASS_NONE && d.class_status && !strcmp(d.class_status, "needs review"))
		o_puts(&o, "needs review (the automatic classifier was not confident enough to guess)");
	else
		o_puts(&o, sw_class_source_name(d.repo.class_source));
	o_puts(&o, "</span></p><p><a class=\"gh\" id=\"gh-link\" rel=\"noopener noreferrer\" href=\"https://github.com/");
	o_repo_path(&o, full);
	o_puts(&o, "\">View on GitHub ↗</a> · <a href=\"/api/repos/");
	o_repo_path(&o, full);
	o_puts(&o, "\">JSON</a></p></div>\n");
	o_puts(&o, "<h2>Star history</h2><div class=\"card\">");
	star_chart(&o, &d.snaps);
	o_puts(&o, "</div>\n<h2>All fields</h2><div class=\"card\"><dl class=\"fields\" id=\"fields\">");
	struct sw_table *t = NULL;
	if (!o.e && !(o.e = sw_view_repo_fields(&d.repo, d.latest, &t)))
		for (size_t i = 0; i < sw_table_rows(t); i++) {
			const char *k = sw_table_cell_text(t, i, 0), *v = sw_table_cell_text(t, i, 1);
			double num = sw_table_cell_num(t, i, 1);
			char nb[32];
			if (!isnan(num) && (!v || !*v)) {
				fmt_thousands((int64_t)num, nb);
				v = nb;
			}
			o_puts(&o, "<div><dt>");
			o_html(&o, k);
			o_puts(&o, "</dt><dd>");
			o_html(&o, v && *v ? v : "–");
			o_puts(&o, "</dd></div>");
		}
	sw_table_free(t);
	t = NULL;
	o_puts(&o, "</dl></div>\n<h2>Snapshots</h2><div class=\"card tablewrap\">");
	if (!o.e && !(o.e = sw_view_snapshots(&d.snaps, &t)))
		o.e = sw_table_render(t, SW_FMT_HTML, 0, o.b);
	sw_table_free(t);
	o_puts(&o, "</div>\n");
	page_foot(&o);
	web_cache_unref(c);
	repo_data_release(&d);
	fail_oom(w, r, in->path, &o);
}

static void api_repo(struct sw_web *w, const struct web_request *in, const char *name, struct web_resp *r)
{
	struct repo_data d;
	if (!load_repo(w, in, name, r, &d))
		return;
	r->ctype = "application/json";
	struct out o = {&r->body, SW_OK};
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
	fail_oom(w, r, in->path, &o);
}

/* ---- report (built once per cache generation, one code path with the CLI) ---- */
/* Build the report for cache c from store s, unless done; under c->report_mu. */
static bool report_fill_locked(struct sw_store *s, struct web_cache *c, struct sw_error *err)
{
	if (c->report_built)
		return true;
	struct sw_report *rep = NULL;
	struct sw_report_opts ro = {.as_of = c->as_of};
	struct sw_buf h = SW_BUF_INIT, j = SW_BUF_INIT;
	if (s && !sw_report_build(s, &ro, &rep, err) && !sw_report_render_html_fragment(rep, &h, err) &&
	    !sw_report_render(rep, SW_FMT_JSON, NULL, &j, err)) {
		c->report_html = sw_buf_detach(&h);
		c->report_json = sw_buf_detach(&j);
		c->report_built = true;
	}
	sw_buf_release(&h);
	sw_buf_release(&j);
	sw_report_free(rep);
	return c->report_built;
}

void web_report_fill(struct sw_store *s, struct web_cache *c)
{
	pthread_mutex_lock(&c->report_mu);
	(void)report_fill_locked(s, c, NULL);
	pthread_mutex_unlock(&c->report_mu);
}

/* The first /report builds on the request's thread; from then on the
 * watcher builds it with each new cache, off the request path. */
static bool ensure_report(struct sw_web *w, struct web_cache *c, struct sw_error *err)
{
	pthread_mutex_lock(&w->mu);
	w->report_wanted = true;
	pthread_mutex_unlock(&w->mu);
	pthread_mutex_lock(&c->report_mu);
	bool ok = c->report_built || report_fill_locked(web_thread_store(w, err), c, err);
	pthread_mutex_unlock(&c->report_mu);
	return ok;
}

static void page_report(struct sw_web *w, const struct web_request *in, struct web_resp *r, bool json)
{
	struct web_cache *c = web_cache_get(w);
	struct sw_error err = {0};
	if (!ensure_report(w, c, &err)) {
		web_error(w, r, in->path, 500, sw_error_text(&err));
		web_cache_unref(c);
		return;
	}
	struct out o = {&r->body, SW_OK};
	if (json) {
		r->ctype = "application/json";
		o_puts(&o, c->report_json);
	} else {
		page_head(&o, w, c, "Ecosystem report", "/report");
		/* The fragment carries its own h1. */
		o_puts(&o, "<div class=\"report\" id=\"report\">");
		o_puts(&o, c->report_html);
		o_puts(&o, "</div>\n<p class=\"muted\">Same numbers as <code>stackwatch report</code> and "
			   "<a href=\"/api/report\">/api/report</a>.</p>");
		page_foot(&o);
	}
	web_cache_unref(c);
	fail_oom(w, r, in->path, &o);
}

/* ---- models: the open-vs-closed frontier (models module), GPQA Diamond ---- */
static void page_models(struct sw_web *w, const struct web_request *in, struct web_resp *r)
{
	struct web_cache *c = web_cache_get(w);
	struct sw_error err = {0};
	struct sw_store *s = web_thread_store(w, &err);
	struct sw_buf frag = SW_BUF_INIT;
	sw_err e = s ? sw_models_render_html_fragment(s, "gpqa_diamond", &frag, &err) : err.code;
	struct out o = {&r->body, SW_OK};
	page_head(&o, w, c, "Open weights vs proprietary", "/models");
	o_puts(&o, "<h1>Open weights vs proprietary models</h1>\n");
	if (e) {
		/* No benchmark data yet is a normal state, not a server error. */
		o_puts(&o, "<p class=\"notice\">No model benchmark data in this store yet: run "
			   "<code>stackwatch models import FILE...</code> (e.g. the Epoch AI Benchmarking Hub export).</p>"
			   "<p class=\"muted\">");
		o_html(&o, sw_error_text(&err));
		o_puts(&o, "</p>");
	} else {
		o_puts(&o, frag.data);
	}
	page_foot(&o);
	sw_buf_release(&frag);
	web_cache_unref(c);
	fail_oom(w, r, in->path, &o);
}

/* ---- submit ---- */
static void set_csrf(struct sw_web *w, struct web_resp *r, char token[64])
{
	sw_web_csrf_token(w->secret, time(NULL), token);
	char cookie[160];
	snprintf(cookie, sizeof cookie, "sw_csrf=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d", token,
		 CSRF_MAX_AGE);
	web_resp_header(r, "Set-Cookie", cookie);
}

static bool csrf_ok(struct sw_web *w, const struct web_request *in)
{
	const char *t = sw_web_form_get(&in->form, "csrf");
	return t && in->cookie_csrf && !strcmp(t, in->cookie_csrf) &&
	       sw_web_csrf_check(w->secret, t, time(NULL), CSRF_MAX_AGE);
}

static void submit_form(struct sw_web *w, struct web_resp *r, const struct web_cache *c, const char *notice,
			bool ok, const char *repo, const char *layer, const char *subcat)
{
	struct out o = {&r->body, SW_OK};
	char tok[64];
	set_csrf(w, r, tok);
	page_head(&o, w, c, "Submit a repository", "/submit");
	o_puts(&o, "<h1>Submit a repository</h1>\n");
	if (notice) {
		o_printf(&o, "<p class=\"notice %s\" id=\"notice\">", ok ? "ok" : "err");
		o_html(&o, notice);
		o_puts(&o, "</p>");
	}
	o_puts(&o, "<div class=\"card narrow\"><p>Propose an open-source AI repository that stackwatch does not "
		   "track yet. Submissions are reviewed before anything is tracked.</p>"
		   "<form method=\"post\" action=\"/submit\" id=\"submit-form\" class=\"stack\">"
		   "<input type=\"hidden\" name=\"csrf\" value=\"");
	o_puts(&o, tok);
	o_puts(&o, "\"><label>Repository (OWNER/REPO or GitHub URL)<input type=\"text\" name=\"repo\" id=\"s-repo\" "
		   "required maxlength=\"200\" placeholder=\"e.g. ggerganov/llama.cpp\" value=\"");
	o_html(&o, repo);
	o_puts(&o, "\"></label><label>Layer (optional)<select name=\"layer\" id=\"s-layer\"><option value=\"\">Not sure</option>");
	for (size_t i = 0; c && i < c->nlayers; i++) {
		o_puts(&o, "<option value=\"");
		o_html(&o, c->layers[i]);
		o_puts(&o, layer && !strcasecmp(layer, c->layers[i]) ? "\" selected>" : "\">");
		o_html(&o, c->layers[i]);
		o_puts(&o, "</option>");
	}
	o_puts(&o, "</select></label><label>Subcategory (optional)<input type=\"text\" name=\"subcat\" id=\"s-subcat\" "
		   "maxlength=\"80\" value=\"");
	o_html(&o, subcat);
	o_puts(&o, "\"></label><button type=\"submit\" id=\"s-submit\">Submit for review</button></form></div>\n");
	page_foot(&o);
	fail_oom(w, r, "/submit", &o);
}

/* "https://github.com/o/r(.git)(/)" or "o/r" -> "o/r" in out. */
static void normalize_repo(const char *in, char *out, size_t n)
{
	char tmp[256];
	snprintf(tmp, sizeof tmp, "%s", in ? in : "");
	char *s = sw_str_trim(tmp);
	static const char *const prefixes[] = {"https://github.com/", "http://github.com/", "github.com/"};
	for (size_t i = 0; i < 3; i++)
		if (!strncasecmp(s, prefixes[i], strlen(prefixes[i]))) {
			s += strlen(prefixes[i]);
			break;
		}
	size_t l = strlen(s);
	while (l && s[l - 1] == '/')
		s[--l] = 0;
	if (l > 4 && !strcmp(s + l - 4, ".git"))
		s[l - 4] = 0;
	snprintf(out, n, "%s", s);
}

static void page_submit(struct sw_web *w, const struct web_request *in, struct web_resp *r)
{
	struct web_cache *c = web_cache_get(w);
	if (!in->post) {
		const char *okname = sw_web_form_get(&in->args, "ok");
		char msg[300];
		if (okname)
			snprintf(msg, sizeof msg, "Thank you: %.200s is now pending review.", okname);
		submit_form(w, r, c, okname ? msg : NULL, true, NULL, NULL, NULL);
		web_cache_unref(c);
		return;
	}
	const char *repo = sw_web_form_get(&in->form, "repo");
	const char *layer = sw_web_form_get(&in->form, "layer");
	const char *subcat = sw_web_form_get(&in->form, "subcat");
	if (!csrf_ok(w, in)) {
		r->status = 403;
		submit_form(w, r, c, "The form expired or did not come from this site; please submit it again.", false,
			    repo, layer, subcat);
		web_cache_unref(c);
		return;
	}
	struct sw_error err = {0};
	struct sw_store *s = web_thread_store(w, &err);
	char name[256];
	normalize_repo(repo, name, sizeof name);
	int64_t now = time(NULL);
	int64_t recent = s ? sw_store_pending_count(s, in->client, now - 3600) : -1;
	if (recent < 0) {
		web_error(w, r, in->path, 500, s ? "cannot count submissions" : sw_error_text(&err));
	} else if (recent >= w->submit_limit) {
		r->status = 429;
		web_resp_header(r, "Retry-After", "3600");
		submit_form(w, r, c, "Too many submissions from your address in the last hour; please try again later.",
			    false, repo, layer, subcat);
	} else if (sw_store_pending_count(s, NULL, now - 3600) >= (int64_t)w->submit_limit * 20) {
		/* Many addresses at once (a flood): a global cap keeps the review queue sane. */
		r->status = 429;
		web_resp_header(r, "Retry-After", "3600");
		submit_form(w, r, c, "Too many submissions in the last hour; please try again later.", false, repo, layer,
			    subcat);
	} else if (sw_store_submit(s, name, layer, subcat, in->client, now, NULL, &err)) {
		r->status = err.code == SW_EINVAL ? 400 : 500;
		submit_form(w, r, c, sw_error_text(&err), false, repo, layer, subcat);
	} else {
		sw_buf_reset(&r->body);
		r->status = 303;
		struct sw_buf loc = SW_BUF_INIT;
		struct out o = {&loc, SW_OK};
		o_puts(&o, "/submit?ok=");
		o_urlenc(&o, name);
		web_resp_header(r, "Location", loc.data ? loc.data : "/submit");
		sw_buf_release(&loc); /* pending repos are not listed: the cache stays valid */
	}
	web_cache_unref(c);
}

/* ---- admin (only when the operator set a token) ---- */
static void admin_cookie_value(struct sw_web *w, char out[40])
{
	char msg[300];
	snprintf(msg, sizeof msg, "admin|%s", w->admin_token);
	snprintf(out, 40, "%016" PRIx64, web_mac(w->secret, msg));
}

static bool ct_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned char d = la != lb;
	for (size_t i = 0; i < la && i < lb; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return d == 0;
}

/* Failed admin logins: ADMIN_MAX_FAILS per client per ADMIN_FAIL_WINDOW,
 * then every /admin request from it gets 429 until the window ends. */
#define ADMIN_MAX_FAILS 5
#define ADMIN_FAIL_WINDOW 600

static bool admin_locked(struct sw_web *w, const char *client, int64_t now)
{
	bool locked = false;
	pthread_mutex_lock(&w->mu);
	for (size_t i = 0; i < sizeof w->admin_fails / sizeof w->admin_fails[0]; i++)
		if (!strcmp(w->admin_fails[i].client, client) && now - w->admin_fails[i].since < ADMIN_FAIL_WINDOW)
			locked = w->admin_fails[i].fails >= ADMIN_MAX_FAILS;
	pthread_mutex_unlock(&w->mu);
	return locked;
}

static void admin_failed(struct sw_web *w, const char *client, int64_t now)
{
	pthread_mutex_lock(&w->mu);
	size_t n = sizeof w->admin_fails / sizeof w->admin_fails[0], slot = 0;
	bool found = false;
	for (size_t i = 0; i < n && !found; i++)
		if (!strcmp(w->admin_fails[i].client, client)) {
			slot = i;
			found = true;
		}
	if (!found) /* reuse the oldest slot */
		for (size_t i = 1; i < n; i++)
			if (w->admin_fails[i].since < w->admin_fails[slot].since)
				slot = i;
	if (!found || now - w->admin_fails[slot].since >= ADMIN_FAIL_WINDOW) {
		snprintf(w->admin_fails[slot].client, sizeof w->admin_fails[slot].client, "%s", client);
		w->admin_fails[slot].since = now;
		w->admin_fails[slot].fails = 0;
	}
	w->admin_fails[slot].fails++;
	pthread_mutex_unlock(&w->mu);
}

static bool admin_authed(struct sw_web *w, const struct web_request *in)
{
	char want[40];
	admin_cookie_value(w, want);
	if (in->cookie_admin && ct_equal(in->cookie_admin, want))
		return true;
	return in->authorization && !strncmp(in->authorization, "Bearer ", 7) &&
	       ct_equal(in->authorization + 7, w->admin_token);
}

static void page_admin(struct sw_web *w, const struct web_request *in, struct web_resp *r)
{
	int64_t now = time(NULL);
	if (admin_locked(w, in->client, now)) {
		web_error(w, r, in->path, 429, "too many failed admin logins from your address; try again later");
		web_resp_header(r, "Retry-After", "600");
		return;
	}
	struct web_cache *c = web_cache_get(w);
	struct out o = {&r->body, SW_OK};
	bool authed = admin_authed(w, in);
	bool bearer = in->authorization && authed && !(in->cookie_admin);
	if (in->authorization && !authed)
		admin_failed(w, in->client, now);
	if (!strcmp(in->path, "/admin/login") && in->post) {
		const char *tok = sw_web_form_get(&in->form, "token");
		if (!csrf_ok(w, in)) {
			web_error(w, r, in->path, 403, "expired form; reload /admin");
		} else if (!tok || !ct_equal(tok, w->admin_token)) {
			admin_failed(w, in->client, now);
			web_error(w, r, in->path, 403, "wrong token");
		} else {
			char v[40], cookie[160];
			admin_cookie_value(w, v);
			snprintf(cookie, sizeof cookie, "sw_admin=%s; Path=/admin; HttpOnly; SameSite=Strict", v);
			web_resp_header(r, "Set-Cookie", cookie);
			web_resp_header(r, "Location", "/admin");
			r->status = 303;
		}
		web_cache_unref(c);
		return;
	}
	if (!authed) {
		if (strcmp(in->path, "/admin")) {
			web_error(w, r, in->path, 403, "log in at /admin first");
			web_cache_unref(c);
			return;
		}
		char tok[64];
		set_csrf(w, r, tok);
		page_head(&o, w, c, "Admin", "");
		o_printf(&o, "<h1>Review submissions</h1><div class=\"card narrow\"><form method=\"post\" "
			     "action=\"/admin/login\" class=\"stack\" id=\"login-form\"><input type=\"hidden\" name=\"csrf\" value=\"%s\">"
			     "<label>Admin token<input type=\"password\" name=\"token\" id=\"a-token\" autocomplete=\"off\"></label>"
			     "<button type=\"submit\">Log in</button></form></div>",
			 tok);
		page_foot(&o);
		web_cache_unref(c);
		fail_oom(w, r, in->path, &o);
		return;
	}
	struct sw_error err = {0};
	struct sw_store *s = web_thread_store(w, &err);
	if (!strcmp(in->path, "/admin/review") && in->post) {
		const char *name = sw_web_form_get(&in->form, "repo");
		const char *action = sw_web_form_get(&in->form, "action");
		if (!bearer && !csrf_ok(w, in))
			web_error(w, r, in->path, 403, "expired form; reload /admin");
		else if (!name || !action || (strcmp(action, "accept") && strcmp(action, "reject")))
			web_error(w, r, in->path, 400, "need repo and action=accept|reject");
		else if (!s || sw_store_review(s, name, !strcmp(action, "accept"), time(NULL), &err))
			web_error(w, r, in->path, err.code == SW_ENOTFOUND ? 404 : 400, sw_error_text(&err));
		else {
			web_cache_changed(w);
			web_resp_header(r, "Location", "/admin");
			r->status = 303;
		}
		web_cache_unref(c);
		return;
	}
	if (strcmp(in->path, "/admin") || in->post) {
		web_error(w, r, in->path, 404, "no such admin page");
		web_cache_unref(c);
		return;
	}
	/* Pending submissions with what was proposed, oldest first. */
	sqlite3_stmt *st = NULL;
	if (!s || store_prepare(s,
				   "SELECT r.owner || '/' || r.name, sb.layer, sb.subcat, sb.client, sb.submitted_at"
				   " FROM submissions sb JOIN repos r ON r.id = sb.repo_id"
				   " WHERE sb.status = 'pending' ORDER BY sb.submitted_at, sb.id",
				   &st, &err)) {
		web_error(w, r, in->path, 500, sw_error_text(&err));
		web_cache_unref(c);
		return;
	}
	char tok[64];
	set_csrf(w, r, tok);
	page_head(&o, w, c, "Admin", "");
	o_puts(&o, "<h1>Pending submissions</h1><div class=\"tablewrap\"><table class=\"repos\" id=\"pending\">"
		   "<thead><tr><th>Repository</th><th>Proposed layer</th><th>Subcategory</th><th>From</th>"
		   "<th>Submitted</th><th>Decision</th></tr></thead><tbody>");
	size_t n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *full = (const char *)sqlite3_column_text(st, 0);
		char when[40];
		when_text(sqlite3_column_int64(st, 4), when);
		n++;
		o_puts(&o, "<tr data-repo=\"");
		o_html(&o, full);
		o_puts(&o, "\"><td class=\"repo\"><a rel=\"noopener noreferrer\" href=\"https://github.com/");
		o_repo_path(&o, full);
		o_puts(&o, "\">");
		o_html(&o, full);
		o_puts(&o, "</a></td>");
		for (int col = 1; col <= 3; col++) {
			const char *v = (const char *)sqlite3_column_text(st, col);
			o_puts(&o, v ? "<td>" : "<td class=\"na\">–");
			o_html(&o, v);
			o_puts(&o, "</td>");
		}
		o_printf(&o, "<td class=\"date\">%s</td><td>", when);
		for (int k = 0; k < 2; k++) {
			o_printf(&o, "<form method=\"post\" action=\"/admin/review\" class=\"inline\"><input type=\"hidden\" "
				     "name=\"csrf\" value=\"%s\"><input type=\"hidden\" name=\"repo\" value=\"",
				 tok);
			o_html(&o, full);
			o_printf(&o, "\"><button name=\"action\" value=\"%s\"%s>%s</button></form> ", k ? "reject" : "accept",
				 k ? " class=\"secondary\"" : "", k ? "Reject" : "Accept");
		}
		o_puts(&o, "</td></tr>");
	}
	sqlite3_finalize(st);
	if (!n)
		o_puts(&o, "<tr><td colspan=\"6\" class=\"empty\">Nothing to review.</td></tr>");
	o_printf(&o, "</tbody></table></div><p class=\"muted\" id=\"pending-count\">%zu pending.</p>", n);
	page_foot(&o);
	web_cache_unref(c);
	fail_oom(w, r, in->path, &o);
}

/* ---- static files ---- */
static const char app_css[] =
	":root{--fg:#1d2330;--muted:#5b6474;--line:#e3e7ee;--accent:#2456d3;--bg:#f6f7fa}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0;font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','Noto Sans CJK SC',sans-serif;"
	"color:var(--fg);background:var(--bg)}\n"
	"a{color:var(--accent)}\n"
	"header.top{background:#101828;color:#fff;padding:10px 24px;display:flex;align-items:center;gap:28px;flex-wrap:wrap}\n"
	"header.top a{color:#c9d3e6;text-decoration:none}\n"
	"header.top a.brand{color:#fff;font-weight:700;font-size:18px;letter-spacing:.3px}\n"
	"header.top nav a{margin-right:18px;padding:4px 0}\n"
	"header.top nav a.on{color:#fff;border-bottom:2px solid #7aa2ff}\n"
	".refreshed{margin-left:auto;font-size:12px;color:#aab4c8}\n"
	"main{padding:16px 24px;max-width:1680px;margin:0 auto}\n"
	"h1{font-size:22px;margin:6px 0 14px}h2{font-size:17px;margin:18px 0 8px}\n"
	"form.filters{display:flex;flex-wrap:wrap;gap:10px 14px;align-items:flex-end;background:#fff;"
	"border:1px solid var(--line);border-radius:10px;padding:12px 14px;margin-bottom:10px}\n"
	"form label{display:flex;flex-direction:column;font-size:12px;color:var(--muted);gap:3px}\n"
	"form label.grow{flex:1 1 240px}\n"
	"form label.check{flex-direction:row;align-items:center;gap:5px;font-size:13px;color:var(--fg);padding-bottom:6px}\n"
	"input,select,button{font:inherit;padding:5px 8px;border:1px solid #c4ccd9;border-radius:6px;background:#fff;color:var(--fg)}\n"
	"select{max-width:230px}\n"
	"button{background:var(--accent);color:#fff;border-color:var(--accent);cursor:pointer;padding:6px 14px}\n"
	"button.secondary{background:#fff;color:#a50e0e;border-color:#e3b4b0}\n"
	"a.reset{padding-bottom:6px}\n"
	".summary{display:flex;justify-content:space-between;flex-wrap:wrap;gap:8px;margin:8px 2px;color:var(--muted)}\n"
	".tablewrap{overflow-x:auto;background:#fff;border:1px solid var(--line);border-radius:10px}\n"
	"table.repos{border-collapse:collapse;width:100%;font-size:12.5px}\n"
	"table.repos th,table.repos td{padding:6px 7px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}\n"
	"table.repos th{background:#eef2f8;white-space:nowrap;font-weight:600}\n"
	"table.repos th a{color:var(--fg);text-decoration:none}table.repos th.sorted a{color:var(--accent)}\n"
	"table.repos tbody tr:hover{background:#f7f9fd}\n"
	".num{text-align:right!important;white-space:nowrap;font-variant-numeric:tabular-nums}\n"
	"td.rank{color:var(--muted)}td.date{white-space:nowrap}td.na{color:#b0b6c2}\n"
	"td.repo{min-width:190px;max-width:300px}\n"
	"td.repo a{font-weight:600;text-decoration:none;word-break:break-all}\n"
	"td.repo .desc{color:var(--muted);font-size:12px;display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden}\n"
	"td.devs{max-width:140px;color:var(--muted);font-size:12px}\n"
	"td.empty{text-align:center;padding:30px;color:var(--muted)}\n"
	".pos{color:#137333}.neg{color:#b3261e}\n"
	".pager{display:flex;gap:8px;align-items:center;margin:14px 0;flex-wrap:wrap}\n"
	".pager a{padding:4px 10px;border:1px solid var(--line);border-radius:6px;background:#fff;text-decoration:none}\n"
	".badge{display:inline-block;padding:2px 10px;border-radius:12px;font-size:13px;background:#e8eefc;color:#1f3f99}\n"
	".badge.auto{background:#fff4e0;color:#8a5300}\n"
	".tag{display:inline-block;padding:0 5px;border-radius:8px;font-size:11px}.tag.auto{background:#fff4e0;color:#8a5300}\n"
	".muted{color:var(--muted)}.crumbs{margin:0;font-size:13px}\n"
	".card{background:#fff;border:1px solid var(--line);border-radius:10px;padding:14px 16px;margin-bottom:14px}\n"
	".card.narrow{max-width:620px}.lead{font-size:15px;margin-top:0}\n"
	"form.stack{display:flex;flex-direction:column;gap:12px}form.stack button{align-self:flex-start}\n"
	"form.inline{display:inline}\n"
	"dl.fields{display:grid;grid-template-columns:repeat(auto-fill,minmax(330px,1fr));gap:0 24px;margin:0}\n"
	"dl.fields div{display:flex;gap:10px;padding:5px 0;border-bottom:1px solid var(--line)}\n"
	"dl.fields dt{flex:0 0 110px;color:var(--muted)}dl.fields dd{margin:0;word-break:break-word}\n"
	"table.sw-table{border-collapse:collapse;font-size:13px;width:100%}\n"
	"table.sw-table th,table.sw-table td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}\n"
	"table.sw-table th{background:#eef2f8}\n"
	".notice{padding:10px 14px;border-radius:8px;margin:0 0 12px}.notice.ok{background:#e6f4ea;color:#0d652d}"
	".notice.err{background:#fce8e6;color:#a50e0e}\n"
	"svg.chart{max-width:100%;height:auto}svg.chart text{font-size:11px;fill:#5b6474}\n"
	"footer{padding:18px 24px;color:var(--muted);font-size:12px;text-align:center}\n"
	".report table{margin-bottom:16px}\n";

/* Enhancement only: the pages work without it. Changing a filter menu or
 * checkbox applies the filters at once. */
static const char app_js[] =
	"document.addEventListener('DOMContentLoaded', function () {\n"
	"  var f = document.getElementById('filters');\n"
	"  if (!f) return;\n"
	"  f.querySelectorAll('select, input[type=checkbox]').forEach(function (el) {\n"
	"    el.addEventListener('change', function () { f.submit(); });\n"
	"  });\n"
	"});\n";

static void static_file(struct web_resp *r, const char *ctype, const char *a, const char *b)
{
	r->ctype = ctype;
	r->cache_control = "public, max-age=300";
	struct out o = {&r->body, SW_OK};
	o_puts(&o, a);
	if (b)
		o_puts(&o, b);
}

/* ---- routing ---- */
void web_dispatch(struct sw_web *w, const struct web_request *in, struct web_resp *r)
{
	const char *p = in->path;
	bool admin = w->admin_token && (!strcmp(p, "/admin") || !strncmp(p, "/admin/", 7));
	bool post_ok = !strcmp(p, "/submit") || admin;
	if (in->post && !post_ok) {
		web_error(w, r, p, 405, "method not allowed here");
		web_resp_header(r, "Allow", "GET, HEAD");
		return;
	}
	if (!strcmp(p, "/"))
		page_list(w, in, r);
	else if (!strcmp(p, "/api/repos"))
		api_repos(w, in, r);
	else if (!strncmp(p, "/api/repos/", 11))
		api_repo(w, in, p + 11, r);
	else if (!strcmp(p, "/api/report"))
		page_report(w, in, r, true);
	else if (!strncmp(p, "/r/", 3))
		page_repo(w, in, p + 3, r);
	else if (!strcmp(p, "/report"))
		page_report(w, in, r, false);
	else if (!strcmp(p, "/models"))
		page_models(w, in, r);
	else if (!strcmp(p, "/submit"))
		page_submit(w, in, r);
	else if (admin)
		page_admin(w, in, r);
	else if (!strcmp(p, "/static/style.css"))
		static_file(r, "text/css; charset=utf-8", app_css, NULL);
	else if (!strcmp(p, "/static/report.css"))
		static_file(r, "text/css; charset=utf-8", sw_report_css(), NULL);
	else if (!strcmp(p, "/static/models.css"))
		static_file(r, "text/css; charset=utf-8", sw_models_css(), NULL);
	else if (!strcmp(p, "/static/report.js"))
		static_file(r, "text/javascript; charset=utf-8", sw_report_js(), NULL);
	else if (!strcmp(p, "/static/app.js"))
		static_file(r, "text/javascript; charset=utf-8", app_js, NULL);
	else
		web_error(w, r, p, 404, "no such page");
}
