/* frame.c: the page frame (head with navigation and data time, foot),
 * the subcategory menu the forms share, and error pages, HTML or JSON by
 * path. */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "web_int.h"

/* ---- page frame ---- */
void web_page_head(struct web_out *o, struct sw_web *w, const struct web_cache *c, const char *title,
		      const char *active)
{
	web_puts(o, "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>");
	web_html(o, title);
	/* no icon: an empty data: one keeps browsers from asking /favicon.ico for a 404 */
	web_puts(o, " · stackwatch</title><link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" href=\"/static/style.css\">");
	/* The report's own CSS only on the report page, so it cannot restyle the others. */
	if (!strcmp(active, "/models"))
		web_puts(o, "<link rel=\"stylesheet\" href=\"/static/models.css\">");
	if (!strcmp(active, "/report"))
		web_puts(o, "<link rel=\"stylesheet\" href=\"/static/report.css\">"
			  "<script src=\"/static/report.js\" defer></script>");
	web_puts(o, "<script src=\"/static/app.js\" defer></script></head>\n<body>\n"
		  "<header class=\"top\"><a class=\"brand\" href=\"/\">stackwatch</a><nav>");
	static const char *const nav[][2] = {{"/", "Repositories"}, {"/report", "Report"}, {"/models", "Models"},
					     {"/submit", "Submit a repo"}, {"/api", "API"}};
	for (size_t i = 0; i < sizeof nav / sizeof nav[0]; i++)
		web_printf(o, "<a href=\"%s\"%s>%s</a>", nav[i][0], !strcmp(active, nav[i][0]) ? " class=\"on\"" : "",
			 nav[i][1]);
	web_puts(o, "</nav>");
	if (!c) { /* error pages: no data shown, no data time */
		web_puts(o, "</header>\n<main>\n");
		return;
	}
	char when[40];
	web_when(c->as_of, when);
	web_printf(o, "<div class=\"refreshed\" id=\"refreshed\">Last refreshed: <time>%s</time>", when);
	if (w->refresh > 0) {
		int64_t last;
		char msg[256], lw[40];
		web_refresh_status(w, &last, msg, sizeof msg);
		web_when(last, lw);
		int64_t every = w->refresh;
		const char *unit = "s";
		if (every % 3600 == 0) {
			every /= 3600;
			unit = "h";
		} else if (every % 60 == 0) {
			every /= 60;
			unit = "m";
		}
		web_printf(o, " · update pass every %" PRId64 "%s, last run %s (", every, unit, lw);
		web_html(o, msg);
		web_puts(o, ")");
	}
	web_puts(o, "</div></header>\n<main>\n");
}

void web_page_foot(struct web_out *o)
{
	web_puts(o, "</main>\n<footer>stackwatch · an observatory of the open-source AI ecosystem · "
		  "data: curated list snapshots and GitHub · <a href=\"/api\">JSON and CSV API</a></footer>\n"
		  "</body></html>\n");
}

void web_subcat_select(struct web_out *o, const struct web_cache *c, const char *id, const char *label,
		       const char *none, const char *cur)
{
	web_printf(o, "<label>%s<select name=\"subcat\" id=\"%s\"><option value=\"\">%s</option>", label, id, none);
	const char *group = NULL;
	for (size_t i = 0; c && i < c->nsubcats; i++) {
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
		web_puts(o, cur && !strcasecmp(cur, s->name) ? "\" selected>" : "\">");
		web_html(o, s->name);
		web_puts(o, "</option>");
	}
	web_puts(o, group ? "</optgroup></select></label>" : "</select></label>");
}

static bool is_api(const char *path)
{
	return !strncmp(path, "/api/", 5) || !strcmp(path, "/api");
}

/* A server error's detail can name the store's file or quote SQLite: it goes
 * to the operator's log, and the client gets one fixed sentence. */
static const char *server_error(struct sw_web *w, const char *path, unsigned status, const char *msg)
{
	if (status < 500)
		return msg;
	if (w && w->log) {
		char line[1024];
		snprintf(line, sizeof line, "%u %s: %s", status, path ? path : "-", msg ? msg : "");
		w->log(w->log_ud, line);
	}
	return "the server could not answer this request; its log says why";
}

void web_error(struct sw_web *w, struct web_resp *r, const char *path, unsigned status, const char *msg)
{
	msg = server_error(w, path, status, msg);
	sw_buf_reset(&r->body);
	r->status = status;
	struct web_out o = {&r->body, SW_OK};
	if (path && is_api(path)) {
		r->ctype = "application/json";
		web_printf(&o, "{\"error\": {\"status\": %u, \"message\": ", status);
		web_json(&o, msg);
		web_puts(&o, "}}\n");
		return;
	}
	r->ctype = "text/html; charset=utf-8";
	char title[32];
	snprintf(title, sizeof title, "Error %u", status);
	web_page_head(&o, w, NULL, title, "");
	web_printf(&o, "<h1>%s</h1><p class=\"notice err\" id=\"error\">", title);
	web_html(&o, msg);
	web_puts(&o, "</p><p><a href=\"/\">Back to the list</a></p>");
	web_page_foot(&o);
}

void web_fail_oom(struct sw_web *w, struct web_resp *r, const char *path, struct web_out *o)
{
	if (o->e)
		web_error(w, r, path, 500, "response too large or out of memory");
}
