/* submit.c: a repo submitted by name: checked on GitHub, then stored as
 * a submission with GitHub's own name, id and node id. */
#include <stdio.h>
#include <time.h>

#include "github_int.h"
#include "stackwatch/core.h"

sw_err sw_github_submit(struct sw_store *s, struct sw_github *gh, const char *full_name, const char *layer,
			 const char *subcat, int64_t *repo_id, struct sw_error *err)
{
	if (!full_name || !sw_repo_name_valid(full_name))
		return sw_error_set(err, SW_EINVAL, "'%s' is not a valid OWNER/REPO name", full_name ? full_name : "");
	sw_err e = SW_OK;
	char path[300];
	snprintf(path, sizeof path, "/repos/%s", full_name);
	struct sw_github_resp r;
	if ((e = sw_github_get(gh, path, NULL, &r, err)))
		return e;
	if (r.status == 404) {
		sw_github_resp_release(&r);
		return sw_error_set(err, SW_ENOTFOUND, "%s: no such repository on GitHub (or it is private)", full_name);
	}
	json_error_t je;
	json_t *j = json_loads(r.body, 0, &je);
	sw_github_resp_release(&r);
	const char *canon = github_jstr(j, "full_name");
	int64_t gid = github_jint(j, "id", 0);
	if (!canon || gid <= 0) {
		json_decref(j);
		return sw_error_set(err, SW_EPARSE, "GET %s: answer lacks full_name or id", path);
	}
	if ((e = sw_store_begin(s, err))) {
		json_decref(j);
		return e;
	}
	e = sw_store_submit(s, canon, layer, subcat, "cli", (int64_t)time(NULL), repo_id, err);
	if (!e) {
		struct sw_repo_update u = SW_REPO_UPDATE_INIT;
		u.github_id = gid;
		github_rest_repo(j, &u);
		u.as_of = (int64_t)time(NULL);
		e = sw_store_upsert_repo(s, &u, repo_id, err);
	}
	if (!e)
		e = github_set_node(s, *repo_id, github_jstr(j, "node_id"), err);
	json_decref(j);
	if (e) {
		sw_store_rollback(s);
		return e;
	}
	return sw_store_commit(s, err);
}
