/* page_submit.c: submit-a-repo (/submit): CSRF-protected, rate-limited per
 * client and overall; a submission is pending until reviewed. */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "web_int.h"

/* The form, with a notice (ok or an error) above it; link: a tracked repo
 * the notice names, linked to its page. */
struct notice {
	const char *text, *link;
	bool ok;
};

static void submit_form(struct sw_web *w, struct web_resp *r, const struct web_cache *c, const struct notice *n,
			const char *repo, const char *layer, const char *subcat)
{
	struct web_out o = {&r->body, SW_OK};
	char tok[64];
	web_csrf_set(w, r, tok);
	web_page_head(&o, w, c, "Submit a repository", "/submit");
	web_puts(&o, "<h1>Submit a repository</h1>\n");
	if (n && n->text) {
		web_printf(&o, "<p class=\"notice %s\" id=\"notice\">", n->ok ? "ok" : "err");
		web_html(&o, n->text);
		if (n->link) {
			web_puts(&o, " <a id=\"known-link\" href=\"/r/");
			web_repo_path(&o, n->link);
			web_puts(&o, "\">See its page.</a>");
		}
		web_puts(&o, "</p>");
	}
	web_puts(&o, "<div class=\"card narrow\"><p>Propose an open-source AI repository that stackwatch does not "
		   "track yet. Submissions are reviewed before anything is tracked.</p>"
		   "<form method=\"post\" action=\"/submit\" id=\"submit-form\" class=\"stack\">"
		   "<input type=\"hidden\" name=\"csrf\" value=\"");
	web_puts(&o, tok);
	web_puts(&o, "\"><label>Repository (OWNER/REPO or GitHub URL)<input type=\"text\" name=\"repo\" id=\"s-repo\" "
		   "required maxlength=\"200\" placeholder=\"e.g. ggerganov/llama.cpp\" value=\"");
	web_html(&o, repo);
	web_puts(&o, "\"></label><label>Layer (optional)<select name=\"layer\" id=\"s-layer\"><option value=\"\">Not sure</option>");
	for (size_t i = 0; c && i < c->nlayers; i++) {
		web_puts(&o, "<option value=\"");
		web_html(&o, c->layers[i]);
		web_puts(&o, layer && !strcasecmp(layer, c->layers[i]) ? "\" selected>" : "\">");
		web_html(&o, c->layers[i]);
		web_puts(&o, "</option>");
	}
	web_puts(&o, "</select></label>");
	web_subcat_select(&o, c, "s-subcat", "Subcategory (optional)", "Not sure", subcat);
	web_puts(&o, "<button type=\"submit\" id=\"s-submit\">Submit for review</button></form></div>\n");
	web_page_foot(&o);
	web_fail_oom(w, r, "/submit", &o);
}

/* Whether name is a tracked repo (a submission of it links to its page). */
static bool tracked(struct sw_store *s, const char *name)
{
	int64_t id = 0;
	struct sw_repo rp = {0};
	bool yes = sw_store_find_repo(s, name, &id, NULL) == SW_OK && sw_store_get_repo(s, id, &rp, NULL) == SW_OK &&
		   rp.state && !strcmp(rp.state, "tracked");
	sw_repo_release(&rp);
	return yes;
}

void web_page_submit(struct sw_web *w, const struct web_request *in, struct web_resp *r)
{
	struct web_cache *c = web_cache_get(w);
	if (!in->post) {
		const char *okname = sw_web_form_get(&in->args, "ok");
		char msg[300];
		if (okname)
			snprintf(msg, sizeof msg, "Thank you: %.200s is now pending review.", okname);
		struct notice n = {okname ? msg : NULL, NULL, true};
		submit_form(w, r, c, &n, NULL, NULL, NULL);
		web_cache_unref(c);
		return;
	}
	const char *repo = sw_web_form_get(&in->form, "repo");
	const char *layer = sw_web_form_get(&in->form, "layer");
	const char *subcat = sw_web_form_get(&in->form, "subcat");
	if (!web_csrf_ok(w, in)) {
		r->status = 403;
		struct notice n = {"The form expired or did not come from this site; please submit it again.", NULL, false};
		submit_form(w, r, c, &n, repo, layer, subcat);
		web_cache_unref(c);
		return;
	}
	struct sw_error err = {0};
	struct sw_store *s = web_thread_store(w, &err);
	char name[256];
	sw_repo_name_parse(repo, name); /* a bad name is refused, with its message, by sw_store_submit */
	int64_t now = time(NULL);
	int64_t recent = s ? sw_store_pending_count(s, in->client, now - 3600) : -1;
	if (recent < 0) {
		web_error(w, r, in->path, 500, s ? "cannot count submissions" : sw_error_text(&err));
	} else if (recent >= w->submit_limit) {
		r->status = 429;
		web_resp_header(r, "Retry-After", "3600");
		struct notice n = {"Too many submissions from your address in the last hour; please try again later.",
				   NULL, false};
		submit_form(w, r, c, &n, repo, layer, subcat);
	} else if (sw_store_pending_count(s, NULL, now - 3600) >= (int64_t)w->submit_limit * 20) {
		/* Many addresses at once (a flood): a global cap keeps the review queue sane. */
		r->status = 429;
		web_resp_header(r, "Retry-After", "3600");
		struct notice n = {"Too many submissions in the last hour; please try again later.", NULL, false};
		submit_form(w, r, c, &n, repo, layer, subcat);
	} else if (sw_store_submit(s, name, layer, subcat, in->client, now, NULL, &err)) {
		r->status = err.code == SW_EINVAL ? 400 : err.code == SW_ELOCKED ? 503 : 500;
		struct notice n = {sw_error_text(&err), tracked(s, name) ? name : NULL, false};
		submit_form(w, r, c, &n, repo, layer, subcat);
	} else {
		sw_buf_reset(&r->body);
		r->status = 303;
		struct sw_buf loc = SW_BUF_INIT;
		struct web_out o = {&loc, SW_OK};
		web_puts(&o, "/submit?ok=");
		web_urlenc(&o, name);
		web_resp_header(r, "Location", loc.data ? loc.data : "/submit");
		sw_buf_release(&loc); /* pending repos are not listed: the cache stays valid */
	}
	web_cache_unref(c);
}
