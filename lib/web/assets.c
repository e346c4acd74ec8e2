/* assets.c: the static files: the app's CSS and JS (an enhancement only:
 * every page works without it) and the report's and models' own CSS/JS. */
#include <stdio.h>
#include <string.h>

#include "stackwatch/models.h"
#include "stackwatch/report.h"
#include "web_int.h"


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
		{"/static/style.css", css, app_css},
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
