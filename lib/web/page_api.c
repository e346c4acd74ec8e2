/* page_api.c: /api, the API's documentation: each endpoint with its
 * parameters, a request to copy and its answer, made live by the same
 * handlers on this server's data (cut short), so the examples cannot
 * drift from what the endpoints return. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web_int.h"

/* One parameter of an endpoint: its name and what it does. */
struct param {
	const char *name, *doc;
};

static const struct param repos_params[] = {
	{"q", "substring of OWNER/REPO or the description (any case)"},
	{"layer, subcat", "one layer, one subcategory (exact, any case)"},
	{"owner, country", "one owner account, one owner country"},
	{"new=1", "created in the 7 days before the snapshot"},
	{"quiet=1", "no star gain in the last 7 days"},
	{"forks, archived", "only or hide: only the repos known to be forks / archived, or leave them out"},
	{"sort", "stars (default), star_1d, star_1d_pct, star_7d, star_7d_pct, forks, contributors, downloads, name, "
		 "layer, subcat, created, updated, country"},
	{"dir", "asc or desc (default: names ascending, numbers descending)"},
	{"page, per", "page number from 1; rows per page, 1 to 1000 (default 50)"},
	{"as_of", "a date (YYYY-MM-DD): each repo's last snapshot up to the end of that day"},
	{"format", "json (default) or csv (csv: the whole view unless per is given)"},
	{NULL, NULL},
};
static const struct param models_params[] = {
	{"benchmark", "a benchmark with imported scores (default gpqa_diamond; the /models menu lists them)"},
	{NULL, NULL},
};

/* An endpoint: its path, what it answers, its parameters, and the request
 * shown as the example (path and query). */
struct endpoint {
	const char *id, *path, *doc;
	const struct param *params;
	const char *ex_path, *ex_query;
};

/* The answer of path?query from this server, HTML-escaped, cut to about
 * max bytes (at a line end). */
static void example(struct sw_web *w, const char *path, const char *query, size_t max, struct web_out *o)
{
	struct web_request rq = {.path = path};
	struct sw_error err = {0};
	struct web_resp r;
	web_resp_init(&r);
	snprintf(rq.client, sizeof rq.client, "api-docs");
	if (sw_web_form_parse(query, strlen(query), &rq.args, &err)) {
		web_html(o, sw_error_text(&err));
		web_resp_release(&r);
		return;
	}
	if (!strcmp(path, "/api/repos"))
		web_api_repos(w, &rq, &r);
	else if (!strncmp(path, "/api/repos/", 11))
		web_api_repo(w, &rq, path + 11, &r);
	else if (!strcmp(path, "/api/report"))
		web_page_report(w, &rq, &r, true);
	else
		web_api_models(w, &rq, &r);
	size_t n = r.body.len;
	if (n > max) {
		n = max;
		while (n > max / 2 && r.body.data[n - 1] != '\n')
			n--;
	}
	char *text = sw_str_ndup(r.body.data ? r.body.data : "", n);
	web_html(o, text);
	if (n < r.body.len)
		web_printf(o, "… (%zu more bytes)", r.body.len - n);
	free(text);
	sw_web_form_release(&rq.args);
	web_resp_release(&r);
}

static void endpoint_doc(struct sw_web *w, const struct endpoint *ep, struct web_out *o)
{
	web_printf(o, "<dt id=\"%s\">GET %s</dt><dd><p>%s</p>", ep->id, ep->path, ep->doc);
	if (ep->params) {
		web_puts(o, "<table class=\"sw-table\"><thead><tr><th>parameter</th><th>meaning</th></tr></thead><tbody>");
		for (const struct param *p = ep->params; p->name; p++)
			web_printf(o, "<tr><td><code>%s</code></td><td>%s</td></tr>", p->name, p->doc);
		web_puts(o, "</tbody></table>");
	}
	web_puts(o, "<p>Example:</p><pre><code>curl -s 'http://HOST");
	web_html(o, ep->ex_path);
	if (*ep->ex_query) {
		web_puts(o, "?");
		web_html(o, ep->ex_query);
	}
	web_puts(o, "'</code></pre><p>Its answer from this server now:</p><pre><code>");
	example(w, ep->ex_path, ep->ex_query, 1400, o);
	web_puts(o, "</code></pre></dd>\n");
}

void web_page_api(struct sw_web *w, const struct web_request *in, struct web_resp *r)
{
	if (!strcmp(in->path, "/api/models")) {
		web_api_models(w, in, r);
		return;
	}
	struct web_cache *c = web_cache_get(w);
	/* a repo that is surely there, for the one-repo example */
	char repo_path[300] = "/api/repos/OWNER/REPO";
	struct sw_query q = {.limit = 1};
	struct sw_repo_list top = {0};
	struct sw_error err = {0};
	if (!web_cache_query(c, &q, &top, &err) && top.n)
		snprintf(repo_path, sizeof repo_path, "/api/repos/%s/%s", top.rows[0].repo.owner, top.rows[0].repo.name);
	free(top.rows);
	const struct endpoint eps[] = {
		{"repos", "/api/repos", "The tracked repos at their newest snapshot (or <code>as_of</code>), filtered, sorted "
		 "and paged exactly like the list page: JSON with <code>total</code>, <code>page</code>, <code>per</code>, "
		 "<code>sort</code>, <code>dir</code> and <code>repos</code> (every column of <code>stackwatch list "
		 "--format json</code>), or CSV.", repos_params, "/api/repos", "layer=AI engineering&sort=star_7d&per=2"},
		{"repo", "/api/repos/OWNER/REPO", "One repo: every field (as <code>stackwatch show</code>) and its "
		 "snapshot series, oldest first. A former name answers too.", NULL, repo_path, ""},
		{"report", "/api/report", "The ecosystem report as JSON: the headline figures, the history they rest on and "
		 "every table of <code>stackwatch report --format json</code>.", NULL, "/api/report", ""},
		{"models", "/api/models", "Open weights vs proprietary on one benchmark: the finding in words and every table "
		 "of <code>stackwatch models frontier --format json</code>.", models_params, "/api/models",
		 "benchmark=gpqa_diamond"},
	};
	struct web_out o = {&r->body, SW_OK};
	web_page_head(&o, w, c, "API", "/api");
	web_puts(&o, "<h1>API</h1><div class=\"card\"><p class=\"lead\">Read-only JSON and CSV over HTTP GET: no key, "
		     "the same figures as the pages and the <code>stackwatch</code> commands. Errors are JSON "
		     "<code>{\"error\": {\"status\": 400, \"message\": \"...\"}}</code> with a 4xx status; answers are "
		     "gzip-compressed when asked.</p><dl class=\"api\">");
	for (size_t i = 0; i < sizeof eps / sizeof eps[0]; i++)
		endpoint_doc(w, &eps[i], &o);
	web_puts(&o, "</dl></div>");
	web_page_foot(&o);
	web_cache_unref(c);
	web_fail_oom(w, r, in->path, &o);
}
