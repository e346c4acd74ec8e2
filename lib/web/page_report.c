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

/* ---- models: the open-vs-closed frontier (models module) ---- */

/* The benchmark asked for (?benchmark=, default gpqa_diamond) when the
 * store has it, else NULL with the reply set; *t gets the benchmarks. */
static const char *models_benchmark(struct sw_web *w, const struct web_request *in, struct sw_store *s,
				    struct sw_table **t, struct web_resp *r)
{
	const char *want = sw_web_form_get(&in->args, "benchmark");
	struct sw_error err = {0};
	if (!s || sw_models_benchmarks(s, t, &err)) {
		web_error(w, r, in->path, 500, sw_error_text(&err));
		return NULL;
	}
	for (size_t i = 0; i < sw_table_rows(*t); i++)
		if (!strcmp(sw_table_cell_text(*t, i, 0), want ? want : "gpqa_diamond"))
			return sw_table_cell_text(*t, i, 0);
	if (!want && sw_table_rows(*t)) /* no GPQA Diamond: the first benchmark there is */
		return sw_table_cell_text(*t, 0, 0);
	if (want || sw_table_rows(*t)) {
		char msg[300];
		snprintf(msg, sizeof msg, "no scores for benchmark '%.80s' in this store; see the menu on /models", want);
		web_error(w, r, in->path, 404, msg);
		return NULL;
	}
	return "gpqa_diamond"; /* no benchmark at all: the page says how to import one */
}

/* The benchmark menu: a GET form, so it works without script. */
static void benchmark_form(struct web_out *o, const struct sw_table *t, const char *cur)
{
	web_puts(o, "<form class=\"bench\" method=\"get\" action=\"/models\" id=\"bench-form\"><label>Benchmark"
		    "<select name=\"benchmark\" id=\"b-bench\">");
	for (size_t i = 0; i < sw_table_rows(t); i++) {
		const char *b = sw_table_cell_text(t, i, 0);
		web_puts(o, "<option value=\"");
		web_html(o, b);
		web_printf(o, "\"%s>", strcmp(b, cur) ? "" : " selected");
		web_html(o, b);
		web_printf(o, " (%s scores)</option>", sw_table_cell_text(t, i, 1));
	}
	web_puts(o, "</select></label><button type=\"submit\" id=\"b-apply\">Show</button></form>\n");
}

/* /api/models: the finding and every table of one benchmark, as JSON. */
void web_api_models(struct sw_web *w, const struct web_request *in, struct web_resp *r)
{
	struct sw_error err = {0};
	struct sw_store *s = web_thread_store(w, &err);
	struct sw_table *bt = NULL;
	const char *bench = models_benchmark(w, in, s, &bt, r);
	struct sw_models_frontier *f = NULL;
	struct web_out o = {&r->body, SW_OK};
	if (bench && !sw_models_frontier_compute(s, bench, &f, &err)) {
		r->ctype = "application/json";
		o.e = sw_models_render(f, SW_FMT_JSON, NULL, o.b, &err);
		web_fail_oom(w, r, in->path, &o);
	} else if (bench)
		web_error(w, r, in->path, err.code == SW_ENOTFOUND ? 404 : 500, sw_error_text(&err));
	sw_models_frontier_free(f);
	sw_table_free(bt);
}

void web_page_models(struct sw_web *w, const struct web_request *in, struct web_resp *r)
{
	struct sw_error err = {0};
	struct sw_store *s = web_thread_store(w, &err);
	struct sw_table *bt = NULL;
	const char *bench = models_benchmark(w, in, s, &bt, r);
	if (!bench) {
		sw_table_free(bt);
		return;
	}
	struct sw_buf frag = SW_BUF_INIT;
	sw_err e = sw_models_render_html_fragment(s, bench, &frag, &err);
	if (e && e != SW_ENOTFOUND) {
		web_error(w, r, in->path, 500, sw_error_text(&err));
		sw_buf_release(&frag);
		sw_table_free(bt);
		return;
	}
	struct web_cache *c = web_cache_get(w);
	struct web_out o = {&r->body, SW_OK};
	web_page_head(&o, w, c, "Open weights vs proprietary", "/models");
	web_puts(&o, "<h1>Open weights vs proprietary models</h1>\n<div class=\"sw-models\">");
	if (sw_table_rows(bt) > 1)
		benchmark_form(&o, bt, bench);
	web_puts(&o, "</div>");
	if (e) {
		/* No benchmark data yet (SW_ENOTFOUND) is a normal state, not a server error. */
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
	sw_table_free(bt);
	web_cache_unref(c);
	web_fail_oom(w, r, in->path, &o);
}
