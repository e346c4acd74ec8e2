/* repos.c: what the github files share about repos: the tracker's tables,
 * node ids, the JSON fields GitHub answers with,
 * topics and owner types, and lists of repos due for a fetch. */
#include <stdlib.h>
#include <string.h>

#include "github_int.h"
#include "stackwatch/core.h"

static const struct store_migration migrations[] = {
	/* v1: per-repo tracking state, passes, star history. */
	{1, "CREATE TABLE tracker_repos(repo_id INTEGER PRIMARY KEY REFERENCES repos(id) ON DELETE CASCADE,"
	    " node_id TEXT, deleted_at INTEGER, contrib_at INTEGER, contributors INTEGER,"
	    " contrib_at_least INTEGER NOT NULL DEFAULT 0, top3 TEXT);"
	    "CREATE TABLE tracker_passes(taken_at INTEGER PRIMARY KEY, started INTEGER NOT NULL,"
	    " finished INTEGER, snapshots INTEGER NOT NULL DEFAULT 0, points INTEGER NOT NULL DEFAULT 0,"
	    " requests INTEGER NOT NULL DEFAULT 0);"
	    "CREATE TABLE tracker_star_history(repo_id INTEGER NOT NULL REFERENCES repos(id) ON DELETE CASCADE,"
	    " day TEXT NOT NULL, source TEXT NOT NULL, added INTEGER, total INTEGER,"
	    " sampled INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(repo_id, day, source)) WITHOUT ROWID;"},
};

const struct store_schema github_tracker_schema = STORE_SCHEMA("tracker", migrations);

sw_err github_need_client(const struct sw_github_update_opts *o, const char *what, struct sw_error *err)
{
	return !o || !o->gh ? sw_error_set(err, SW_EINVAL, "%s needs a GitHub client", what) : SW_OK;
}

sw_err github_set_node(struct sw_store *s, int64_t repo_id, const char *node_id, struct sw_error *err)
{
	return store_run(s,
			   "INSERT INTO tracker_repos(repo_id, node_id) VALUES(?,?) ON CONFLICT(repo_id)"
			   " DO UPDATE SET node_id=excluded.node_id, deleted_at=NULL",
			   STORE_VALS(STORE_INT(repo_id), STORE_TEXT_OR_NULL(node_id)),
			   "saving a node id", err);
}

const char *github_jstr(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

int64_t github_jint(const json_t *o, const char *k, int64_t dflt)
{
	json_t *v = json_object_get(o, k);
	return json_is_integer(v) ? (int64_t)json_integer_value(v) : dflt;
}

sw_err github_topics(const json_t *list, const char *(*name)(const json_t *item), struct sw_buf *out)
{
	sw_err e = SW_OK;
	size_t i;
	json_t *x;
	json_array_foreach(list, i, x)
	{
		const char *t = name(x);
		if (t && ((e = sw_buf_puts(out, out->len ? "," : "")) || (e = sw_buf_puts(out, t))))
			break;
	}
	return e;
}

void github_rest_repo(const json_t *j, struct sw_repo_update *u)
{
	u->owner = github_jstr(json_object_get(j, "owner"), "login");
	u->name = github_jstr(j, "name");
	u->description = github_jstr(j, "description");
	u->is_fork = json_is_true(json_object_get(j, "fork"));
	u->archived = json_is_true(json_object_get(j, "archived"));
	u->created_at = github_jstr(j, "created_at");
}

const char *github_owner_type(const char *type)
{
	return type && !strcmp(type, "Organization") ? "organization" : type && !strcmp(type, "User") ? "user" : NULL;
}

void github_dues_free(struct github_due *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(d[i].owner);
		free(d[i].name);
		free(d[i].node);
	}
	free(d);
}

sw_err github_query_dues(struct sw_store *s, const char *sql, int64_t p1, int64_t p2, struct github_due **out,
			 size_t *n, struct sw_error *err)
{
	sqlite3_stmt *st;
	*out = NULL;
	*n = 0;
	sw_err e = store_prepare(s, sql, &st, err);
	if (e)
		return e;
	int np = sqlite3_bind_parameter_count(st);
	if (np >= 1)
		sqlite3_bind_int64(st, 1, p1);
	if (np >= 2)
		sqlite3_bind_int64(st, 2, p2);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!sw_array_grow(out, &cap, *n + 1, sizeof **out)) {
			sqlite3_finalize(st);
			return sw_error_set(err, SW_ENOMEM, "out of memory");
		}
		struct github_due *d = &(*out)[(*n)++];
		d->id = sqlite3_column_int64(st, 0);
		d->owner = store_col_text(st, 1);
		d->name = store_col_text(st, 2);
		d->node = store_col_text(st, 3);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SW_OK : store_dberr(s, err, "listing repos");
}
