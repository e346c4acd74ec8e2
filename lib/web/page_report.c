/* page_report.c: the report (/report, /api/report: the same build as the
 * CLI's, made once per data generation) and the models page (/models). */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "stackwatch/models.h"
#include "web_int.h"

void web_page_report(struct sw_web *w, const struct web_request *in, struct web_resp *r, bool json)
{
	struct web_cache *c = web_cache_get(w);
	struct sw_error err = {0};
	if (!web_report_ensure(w, c, &err)) {
		web_error(w, r, in->path, 500, sw_error_text(&err));
		web_cache_unref(c);
		return;
	}
	struct web_out o = {&r->body, SW_OK};
	if (json) {
		r->ctype = "application/json";
		web_puts(&o, c->report_json);
	} else {
		web_page_head(&o, w, c, "Ecosystem report", "/report");
		/* The fragment carries its own h1. */
		web_puts(&o, "<div class=\"report\" id=\"report\">");
		web_puts(&o, c->report_html);
		web_puts(&o, "</div>\n<p class=\"muted\">Same numbers as <code>stackwatch report</code> and "
			   "<a href=\"/api/report\">/api/report</a>.</p>");
		web_page_foot(&o);
	}
	web_cache_unref(c);
	web_fail_oom(w, r, in->path, &o);
}

/* ---- models: the open-vs-closed frontier (models module), GPQA Diamond ---- */
void web_page_models(struct sw_web *w, const struct web_request *in, struct web_resp *r)
{
	struct web_cache *c = web_cache_get(w);
	struct sw_error err = {0};
	struct sw_store *s = web_thread_store(w, &err);
	struct sw_buf frag = SW_BUF_INIT;
	sw_err e = s ? sw_models_render_html_fragment(s, "gpqa_diamond", &frag, &err) : err.code;
	struct web_out o = {&r->body, SW_OK};
	web_page_head(&o, w, c, "Open weights vs proprietary", "/models");
	web_puts(&o, "<h1>Open weights vs proprietary models</h1>\n");
	if (e) {
		/* No benchmark data yet is a normal state, not a server error. */
		web_puts(&o, "<p class=\"notice\">No model benchmark data in this store yet: run "
			   "<code>stackwatch models import FILE...</code> (e.g. the Epoch AI Benchmarking Hub export).</p>"
			   "<p class=\"muted\">");
		web_html(&o, sw_error_text(&err));
		web_puts(&o, "</p>");
	} else {
		web_puts(&o, frag.data);
	}
	web_page_foot(&o);
	sw_buf_release(&frag);
	web_cache_unref(c);
	web_fail_oom(w, r, in->path, &o);
}
