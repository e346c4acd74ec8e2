/* assets.c: the static files: the app's CSS (data/web.css, compiled in)
 * and JS (an enhancement only: every page works without it) and the
 * report's and models' own CSS/JS. */
#include <stdio.h>
#include <string.h>

#include "core/core_int.h"
#include "stackwatch/models.h"
#include "stackwatch/report.h"
#include "web_int.h"


/* Enhancement only: the pages work without it. Changing a filter menu or
 * checkbox applies the filters at once. */
static const char app_js[] =
	"document.addEventListener('DOMContentLoaded', function () {\n"
	"  var f = document.getElementById('filters');\n"
	"  if (!f) return;\n"
	"  f.querySelectorAll('select, input[type=checkbox]:not(.toggle)').forEach(function (el) {\n"
	"    el.addEventListener('change', function () { f.submit(); });\n"
	"  });\n"
	"});\n";

static void send(struct web_resp *r, const char *ctype, const char *text)
{
	r->ctype = ctype;
	r->cache_control = "public, max-age=300";
	struct web_out o = {&r->body, SW_OK};
	web_puts(&o, text);
}

/* The files by path: a table, so adding one is one line. */
bool web_static(const char *path, struct web_resp *r)
{
	static const char css[] = "text/css; charset=utf-8", js[] = "text/javascript; charset=utf-8";
	const struct {
		const char *path, *ctype, *text;
	} files[] = {
		{"/static/style.css", css, core_embedded("web.css", NULL)},
		{"/static/report.css", css, sw_report_css()},
		{"/static/models.css", css, sw_models_css()},
		{"/static/report.js", js, sw_report_js()},
		{"/static/app.js", js, app_js},
	};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
		if (!strcmp(path, files[i].path)) {
			send(r, files[i].ctype, files[i].text);
			return true;
		}
	return false;
}
