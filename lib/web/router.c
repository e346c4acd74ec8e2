/* router.c: which page answers a path, and which methods each accepts. */
#include <string.h>

#include "web_int.h"


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
		web_page_list(w, in, r);
	else if (!strcmp(p, "/api/repos"))
		web_api_repos(w, in, r);
	else if (!strncmp(p, "/api/repos/", 11))
		web_api_repo(w, in, p + 11, r);
	else if (!strcmp(p, "/api/report"))
		web_page_report(w, in, r, true);
	else if (!strcmp(p, "/api") || !strcmp(p, "/api/") || !strcmp(p, "/api/models"))
		web_page_api(w, in, r);
	else if (!strncmp(p, "/r/", 3))
		web_page_repo(w, in, p + 3, r);
	else if (!strcmp(p, "/report"))
		web_page_report(w, in, r, false);
	else if (!strcmp(p, "/models"))
		web_page_models(w, in, r);
	else if (!strcmp(p, "/submit"))
		web_page_submit(w, in, r);
	else if (admin)
		web_page_admin(w, in, r);
	else if (!web_static(p, r))
		web_error(w, r, p, 404, "no such page");
}
