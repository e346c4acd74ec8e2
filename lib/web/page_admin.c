/* page_admin.c: admin review (/admin, only with an operator token): login
 * by token (cookie) or Bearer header, lockout after failed logins, accept
 * or reject pending submissions; the classifier's needs-review queue. */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/core_int.h"
#include "stackwatch/classify.h"
#include "web_int.h"

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

/* POST /admin/login: the token from the form (CSRF-checked) sets the cookie. */
static void admin_login(struct sw_web *w, const struct web_request *in, struct web_resp *r, int64_t now)
{
	const char *tok = sw_web_form_get(&in->form, "token");
	if (!web_csrf_ok(w, in)) {
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
}

/* An admin page's start: the frame, and a fresh CSRF token for its forms. */
static struct web_cache *admin_begin(struct sw_web *w, struct web_resp *r, struct web_out *o, char tok[64])
{
	struct web_cache *c = web_cache_get(w);
	web_csrf_set(w, r, tok);
	web_page_head(o, w, c, "Admin", "");
	return c;
}

/* GET /admin without a session: the login form. */
static void admin_login_form(struct sw_web *w, const struct web_request *in, struct web_resp *r)
{
	if (strcmp(in->path, "/admin")) {
		web_error(w, r, in->path, 403, "log in at /admin first");
		return;
	}
	struct web_out o = {&r->body, SW_OK};
	char tok[64];
	struct web_cache *c = admin_begin(w, r, &o, tok);
	web_printf(&o, "<h1>Review submissions</h1><div class=\"card narrow\"><form method=\"post\" "
		       "action=\"/admin/login\" class=\"stack\" id=\"login-form\"><input type=\"hidden\" name=\"csrf\" value=\"%s\">"
		       "<label>Admin token<input type=\"password\" name=\"token\" id=\"a-token\" autocomplete=\"off\"></label>"
		       "<button type=\"submit\">Log in</button></form></div>",
		   tok);
	web_page_foot(&o);
	web_cache_unref(c);
	web_fail_oom(w, r, in->path, &o);
}

/* POST /admin/review: accept or reject one pending repo. A Bearer client
 * (scripts) needs no CSRF token: it sends no cookie a browser could forge. */
static void admin_review(struct sw_web *w, const struct web_request *in, struct web_resp *r, bool bearer)
{
	struct sw_error err = {0};
	struct sw_store *s = web_thread_store(w, &err);
	const char *name = sw_web_form_get(&in->form, "repo");
	const char *action = sw_web_form_get(&in->form, "action");
	if (!bearer && !web_csrf_ok(w, in))
		web_error(w, r, in->path, 403, "expired form; reload /admin");
	else if (!name || !action || (strcmp(action, "accept") && strcmp(action, "reject")))
		web_error(w, r, in->path, 400, "need repo and action=accept|reject");
	else if (!s || sw_store_review(s, name, !strcmp(action, "accept"), time(NULL), &err))
		web_error(w, r, in->path, err.code == SW_ENOTFOUND ? 404 : err.code == SW_ELOCKED ? 503 : 400,
			  sw_error_text(&err));
	else {
		web_cache_changed(w);
		web_resp_header(r, "Location", "/admin");
		r->status = 303;
	}
}

/* One pending submission: what was proposed, and the two decisions. */
static void pending_row(struct web_out *o, sqlite3_stmt *st, const char *tok)
{
	const char *full = (const char *)sqlite3_column_text(st, 0);
	char when[40];
	web_when(sqlite3_column_int64(st, 4), when);
	web_puts(o, "<tr data-repo=\"");
	web_html(o, full);
	web_puts(o, "\"><td class=\"repo\"><a rel=\"noopener noreferrer\" href=\"https://github.com/");
	web_repo_path(o, full);
	web_puts(o, "\">");
	web_html(o, full);
	web_puts(o, "</a></td>");
	for (int col = 1; col <= 3; col++) {
		const char *v = (const char *)sqlite3_column_text(st, col);
		web_puts(o, v ? "<td>" : "<td class=\"na\">–");
		web_html(o, v);
		web_puts(o, "</td>");
	}
	web_printf(o, "<td class=\"date\">%s</td><td>", when);
	for (int k = 0; k < 2; k++) {
		web_printf(o, "<form method=\"post\" action=\"/admin/review\" class=\"inline\"><input type=\"hidden\" "
			      "name=\"csrf\" value=\"%s\"><input type=\"hidden\" name=\"repo\" value=\"",
			   tok);
		web_html(o, full);
		web_printf(o, "\"><button name=\"action\" value=\"%s\"%s>%s</button></form> ", k ? "reject" : "accept",
			   k ? " class=\"secondary\"" : "", k ? "Reject" : "Accept");
	}
	web_puts(o, "</td></tr>");
}

#define ADMIN_REVIEW_ROWS 50 /* of the classifier's review queue */

/* The repos the classifier left as "needs review", most uncertain first,
 * most-starred first among near-equals (sw_classify_review_queue). */
static void admin_labels(struct web_out *o, struct sw_store *s)
{
	struct sw_table *t = NULL;
	struct sw_error err = {0};
	web_puts(o, "<h2>Labels that need review</h2><div class=\"tablewrap\" id=\"needs-review\">");
	if (sw_classify_review_queue(s, ADMIN_REVIEW_ROWS, &t, &err))
		web_html(o, sw_error_text(&err));
	else if (!o->e)
		o->e = sw_table_render(t, SW_FMT_HTML, 0, o->b);
	web_printf(o, "</div><p class=\"muted\">The %d most useful to label first: the least certain, then the "
		      "most starred. A submission with a layer, once accepted, labels a repo.</p>",
		   ADMIN_REVIEW_ROWS);
	sw_table_free(t);
}

/* GET /admin with a session: pending submissions, oldest first. */
static void admin_pending(struct sw_web *w, const struct web_request *in, struct web_resp *r)
{
	struct sw_error err = {0};
	struct sw_store *s = web_thread_store(w, &err);
	sqlite3_stmt *st = NULL;
	if (!s || store_prepare(s,
				"SELECT r.owner || '/' || r.name, sb.layer, sb.subcat, sb.client, sb.submitted_at"
				" FROM submissions sb JOIN repos r ON r.id = sb.repo_id"
				" WHERE sb.status = 'pending' ORDER BY sb.submitted_at, sb.id",
				&st, &err)) {
		web_error(w, r, in->path, 500, sw_error_text(&err));
		return;
	}
	struct web_out o = {&r->body, SW_OK};
	char tok[64];
	struct web_cache *c = admin_begin(w, r, &o, tok);
	web_puts(&o, "<h1>Pending submissions</h1><div class=\"tablewrap\"><table class=\"repos\" id=\"pending\">"
		     "<thead><tr><th>Repository</th><th>Proposed layer</th><th>Subcategory</th><th>From</th>"
		     "<th>Submitted</th><th>Decision</th></tr></thead><tbody>");
	size_t n = 0;
	for (; sqlite3_step(st) == SQLITE_ROW; n++)
		pending_row(&o, st, tok);
	sqlite3_finalize(st);
	if (!n)
		web_puts(&o, "<tr><td colspan=\"6\" class=\"empty\">Nothing to review.</td></tr>");
	web_printf(&o, "</tbody></table></div><p class=\"muted\" id=\"pending-count\">%zu pending.</p>", n);
	admin_labels(&o, s);
	web_page_foot(&o);
	web_cache_unref(c);
	web_fail_oom(w, r, in->path, &o);
}

void web_page_admin(struct sw_web *w, const struct web_request *in, struct web_resp *r)
{
	int64_t now = time(NULL);
	if (admin_locked(w, in->client, now)) {
		web_error(w, r, in->path, 429, "too many failed admin logins from your address; try again later");
		web_resp_header(r, "Retry-After", "600");
		return;
	}
	bool authed = admin_authed(w, in);
	if (in->authorization && !authed)
		admin_failed(w, in->client, now);
	if (!strcmp(in->path, "/admin/login") && in->post)
		admin_login(w, in, r, now);
	else if (!authed)
		admin_login_form(w, in, r);
	else if (!strcmp(in->path, "/admin/review") && in->post)
		admin_review(w, in, r, in->authorization && !in->cookie_admin);
	else if (strcmp(in->path, "/admin") || in->post)
		web_error(w, r, in->path, 404, "no such admin page");
	else
		admin_pending(w, in, r);
}
