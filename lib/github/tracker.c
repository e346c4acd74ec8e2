/* tracker.c: update passes, submissions and star-history backfill (see
 * tracker.h). Discovery lives in discover.c. JSON from GitHub is parsed
 * with jansson; every figure stored comes from a field GitHub returned. */
#include "stackwatch/github.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "stackwatch/core.h"
#include "core/core_int.h"
#include "github_int.h"

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

sw_err github_set_node(struct sw_store *s, int64_t repo_id, const char *node_id, struct sw_error *err)
{
	sqlite3_stmt *st;
	sw_err e = store_stmt(s,
				 "INSERT INTO tracker_repos(repo_id, node_id) VALUES(?,?) ON CONFLICT(repo_id)"
				 " DO UPDATE SET node_id=excluded.node_id, deleted_at=NULL",
				 &st, err);
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, repo_id);
	store_bind_text(st, 2, node_id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SW_OK : store_dberr(s, err, "saving a node id");
}

/* ---------------------------------------------------------------- lock */

static sw_err take_lock(struct sw_store *s, int *fd, struct sw_error *err)
{
	const char *db = sqlite3_db_filename(store_db(s), "main");
	*fd = -1;
	if (!db || !*db)
		return SW_OK; /* in-memory store: nothing to share */
	char path[4096];
	if ((size_t)snprintf(path, sizeof path, "%s.lock", db) >= sizeof path)
		return sw_error_set(err, SW_EINVAL, "database path too long");
	int f = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (f < 0)
		return sw_error_set(err, SW_EIO, "%s: cannot open lock file: %s", path, strerror(errno));
	if (flock(f, LOCK_EX | LOCK_NB)) {
		close(f);
		return sw_error_set(err, SW_ELOCKED,
				    "another update pass is running on this database (%s is locked); try later", path);
	}
	*fd = f;
	return SW_OK;
}

/* ---------------------------------------------------------------- query */

/* What GraphQL returns per repo. Costs (GitHub's formula: each connection
 * costs one request per parent object, its children multiply by first):
 * per 100 repos: watchers, issues, topics, releases 100 each, release
 * assets 100 * releases -> 7 points with 3 releases. */
static const char *const FRAGMENT =
	"fragment F on Repository { id databaseId nameWithOwner description createdAt pushedAt"
	" isArchived isFork stargazerCount forkCount watchers { totalCount }"
	" issues(states: OPEN) { totalCount } primaryLanguage { name } licenseInfo { spdxId }"
	" repositoryTopics(first: 20) { nodes { topic { name } } }"
	" owner { __typename login ... on User { location } ... on Organization { location } }"
	" releases(first: %d, orderBy: {field: CREATED_AT, direction: DESC})"
	" { nodes { releaseAssets(first: 20) { nodes { downloadCount } } } } }";

struct due {
	int64_t id;
	char *owner, *name, *node;
};

static void dues_free(struct due *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(d[i].owner);
		free(d[i].name);
		free(d[i].node);
	}
	free(d);
}

/* The rows (id, owner, name, node id) of a repo query whose parameters
 * ?1 and ?2, when present, are p1 and p2. */
static sw_err query_dues(struct sw_store *s, const char *sql, int64_t p1, int64_t p2, struct due **out, size_t *n,
			 struct sw_error *err)
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
		if (*n == cap) {
			size_t nc = cap ? cap * 2 : 256;
			struct due *g = realloc(*out, nc * sizeof *g);
			if (!g) {
				sqlite3_finalize(st);
				return sw_error_set(err, SW_ENOMEM, "out of memory");
			}
			*out = g;
			cap = nc;
		}
		struct due *d = &(*out)[(*n)++];
		d->id = sqlite3_column_int64(st, 0);
		d->owner = store_col_text(st, 1);
		d->name = store_col_text(st, 2);
		d->node = store_col_text(st, 3);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SW_OK : store_dberr(s, err, "listing repos");
}

/* Tracked, not deleted repos without a snapshot at taken_at. */
static sw_err list_due(struct sw_store *s, int64_t taken_at, struct due **out, size_t *n, struct sw_error *err)
{
	return query_dues(s,
			  "SELECT r.id, r.owner, r.name, t.node_id FROM repos r"
			  " LEFT JOIN tracker_repos t ON t.repo_id=r.id"
			  " WHERE r.state='tracked' AND t.deleted_at IS NULL"
			  " AND NOT EXISTS(SELECT 1 FROM snapshots x WHERE x.repo_id=r.id AND x.taken_at=?1)"
			  " ORDER BY r.id",
			  taken_at, 0, out, n, err);
}

static const char *jstr(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }
static int64_t jint(json_t *o, const char *k, int64_t dflt)
{
	json_t *v = json_object_get(o, k);
	return json_is_integer(v) ? (int64_t)json_integer_value(v) : dflt;
}
static int64_t jcount(json_t *o, const char *k)
{
	return jint(json_object_get(o, k), "totalCount", SW_UNKNOWN);
}

/* REST contributors: top 3 from page 1 (per_page=3), the count from the
 * last page's number and size. Costs 1-2 REST requests (304s are free). */
static sw_err fetch_contributors(struct sw_github *gh, const char *owner, const char *name, int64_t *count,
				 char top3[256], struct sw_error *err)
{
	char path[512];
	struct sw_github_resp r;
	*count = SW_UNKNOWN;
	top3[0] = '\0';
	snprintf(path, sizeof path, "%s/%s", owner, name);
	if (!sw_repo_name_valid(path))
		return SW_OK; /* never splice odd names into a URL */
	snprintf(path, sizeof path, "/repos/%s/%s/contributors?per_page=3&anon=0", owner, name);
	sw_err e = sw_github_get(gh, path, NULL, &r, err);
	if (e)
		return e;
	if (r.status == 204 || r.status == 404) { /* empty repo / gone */
		if (r.status == 204)
			*count = 0;
		sw_github_resp_release(&r);
		return SW_OK;
	}
	json_error_t je;
	json_t *a = json_loads(r.body, 0, &je);
	size_t i;
	json_t *x;
	size_t k = 0;
	json_array_foreach(a, i, x)
	{
		const char *login = jstr(x, "login");
		if (login && strlen(login) < 60 && i < 3)
			k += (size_t)snprintf(top3 + k, 256 - k, "%s%s", k ? "," : "", login);
	}
	size_t first = json_array_size(a);
	json_decref(a);
	int64_t last = r.last_page;
	sw_github_resp_release(&r);
	if (last <= 1) {
		*count = (int64_t)first;
		return SW_OK;
	}
	snprintf(path, sizeof path, "/repos/%s/%s/contributors?per_page=3&anon=0&page=%lld", owner, name,
		 (long long)last);
	if ((e = sw_github_get(gh, path, NULL, &r, err)))
		return e;
	a = r.status == 200 ? json_loads(r.body, 0, &je) : NULL;
	if (json_is_array(a))
		*count = (last - 1) * 3 + (int64_t)json_array_size(a);
	json_decref(a);
	sw_github_resp_release(&r);
	return SW_OK;
}

struct pass {
	struct sw_store *s;
	const struct sw_github_update_opts *o;
	int64_t taken_at;
	long contrib_left;
	int64_t *pick;    /* repo ids whose contributors this pass refreshes, sorted */
	size_t npick;
	int64_t contrib_age;
	struct sw_github_update_result *res;
	size_t resolved;  /* name lookups that REST resolved to a renamed repo */
};

static sw_err mark_deleted(struct pass *p, int64_t repo_id, struct sw_error *err)
{
	sqlite3_stmt *st;
	sw_err e = store_stmt(p->s,
				 "INSERT INTO tracker_repos(repo_id, deleted_at) VALUES(?,?) ON CONFLICT(repo_id)"
				 " DO UPDATE SET deleted_at=excluded.deleted_at",
				 &st, err);
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, repo_id);
	sqlite3_bind_int64(st, 2, p->taken_at);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	p->res->deleted++;
	return rc == SQLITE_DONE ? SW_OK : store_dberr(p->s, err, "marking a deleted repo");
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static bool picked(const struct pass *p, int64_t id)
{
	return p->npick && bsearch(&id, p->pick, p->npick, sizeof *p->pick, cmp_id);
}

/* Choose this pass's contributor refreshes: tracked repos whose figure is
 * older than half the max age, never-fetched first, then least recent, at
 * most contrib_left of them (<0: all). */
static sw_err pick_contributors(struct pass *p, struct sw_error *err)
{
	if (p->contrib_left == 0)
		return SW_OK;
	sqlite3_stmt *st;
	sw_err e = store_prepare(p->s,
				    "SELECT r.id FROM repos r LEFT JOIN tracker_repos t ON t.repo_id=r.id"
				    " WHERE r.state='tracked' AND t.deleted_at IS NULL"
				    " AND (t.contrib_at IS NULL OR t.contrib_at<?1)"
				    " ORDER BY t.contrib_at IS NOT NULL, t.contrib_at, r.id LIMIT ?2",
				    &st, err);
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, p->taken_at - p->contrib_age / 2);
	sqlite3_bind_int64(st, 2, p->contrib_left < 0 ? -1 : (int64_t)p->contrib_left);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (p->npick == cap) {
			size_t nc = cap ? cap * 2 : 256;
			int64_t *g = realloc(p->pick, nc * sizeof *g);
			if (!g) {
				sqlite3_finalize(st);
				return sw_error_set(err, SW_ENOMEM, "out of memory");
			}
			p->pick = g;
			cap = nc;
		}
		p->pick[p->npick++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_dberr(p->s, err, "choosing contributor refreshes");
	if (p->npick)
		qsort(p->pick, p->npick, sizeof *p->pick, cmp_id);
	return SW_OK;
}

/* Attach GitHub id gid to the row we asked about (matched by its stored
 * name) before writing the name GitHub now gives (owner/name), so that the
 * store renames that row instead of creating a second one. When another row
 * already holds gid or the new name, the asked-about row is a stale
 * duplicate (a list naming the repo under both names): it is retired
 * (marked deleted) and the other row gets the data. */
static sw_err claim_row(struct pass *p, const struct due *d, int64_t gid, const char *owner, const char *name,
			struct sw_error *err)
{
	sqlite3_stmt *st;
	sw_err e = store_stmt(p->s, "SELECT id FROM repos WHERE github_id=?", &st, err);
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, gid);
	int64_t other = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (!other) {
		char full[300];
		snprintf(full, sizeof full, "%s/%s", owner, name);
		if (sw_store_find_repo(p->s, full, &other, NULL))
			other = 0;
	}
	if (other && other != d->id)
		return mark_deleted(p, d->id, err);
	if (other == d->id)
		return SW_OK;
	struct sw_repo_update u = SW_REPO_UPDATE_INIT;
	int64_t id;
	u.github_id = gid;
	u.owner = d->owner;
	u.name = d->name;
	u.as_of = p->taken_at;
	return sw_store_upsert_repo(p->s, &u, &id, err);
}

/* Store one repository object from GraphQL as repo fields + snapshot. */
static sw_err store_repo(struct pass *p, const struct due *d, json_t *r, struct sw_error *err)
{
	const char *nwo = jstr(r, "nameWithOwner");
	const char *slash = nwo ? strchr(nwo, '/') : NULL;
	int64_t dbid = jint(r, "databaseId", 0);
	if (!slash || dbid <= 0)
		return sw_error_set(err, SW_EPARSE, "GraphQL: repository %s/%s lacks nameWithOwner or databaseId",
				    d->owner, d->name);
	char owner[128], name[128];
	snprintf(owner, sizeof owner, "%.*s", (int)(slash - nwo), nwo);
	snprintf(name, sizeof name, "%s", slash + 1);
	json_t *own = json_object_get(r, "owner");
	const char *ty = jstr(own, "__typename");
	const char *loc = jstr(own, "location");
	struct sw_buf topics = SW_BUF_INIT;
	size_t i, j;
	json_t *x, *y;
	json_array_foreach(json_object_get(json_object_get(r, "repositoryTopics"), "nodes"), i, x)
	{
		const char *t = jstr(json_object_get(x, "topic"), "name");
		if (t && (sw_buf_puts(&topics, topics.len ? "," : "") || sw_buf_puts(&topics, t))) {
			sw_buf_release(&topics);
			return sw_error_set(err, SW_ENOMEM, "out of memory");
		}
	}
	int64_t downloads = 0;
	json_array_foreach(json_object_get(json_object_get(r, "releases"), "nodes"), i, x)
	{
		json_array_foreach(json_object_get(json_object_get(x, "releaseAssets"), "nodes"), j, y)
			downloads += jint(y, "downloadCount", 0);
	}
	struct sw_repo_update u = SW_REPO_UPDATE_INIT;
	u.github_id = dbid;
	u.owner = owner;
	u.name = name;
	u.description = jstr(r, "description");
	u.language = jstr(json_object_get(r, "primaryLanguage"), "name");
	u.license = jstr(json_object_get(r, "licenseInfo"), "spdxId");
	u.topics = topics.len ? topics.data : NULL;
	u.archived = json_is_true(json_object_get(r, "isArchived"));
	u.is_fork = json_is_true(json_object_get(r, "isFork"));
	u.created_at = jstr(r, "createdAt");
	u.pushed_at = jstr(r, "pushedAt");
	u.owner_type = ty && !strcmp(ty, "Organization") ? "organization" : ty && !strcmp(ty, "User") ? "user" : NULL;
	u.country = loc ? sw_github_country(loc) : NULL;
	u.as_of = p->taken_at;
	int64_t id;
	sw_err e = claim_row(p, d, dbid, owner, name, err);
	if (!e)
		e = sw_store_upsert_repo(p->s, &u, &id, err);
	sw_buf_release(&topics);
	if (e)
		return e;
	if (id != d->id) {
		/* stale duplicate, retired by claim_row: the data went to the row
		 * that owns the GitHub id */
	} else if (strcasecmp(owner, d->owner) || strcasecmp(name, d->name))
		p->res->renamed++;
	if ((e = github_set_node(p->s, id, jstr(r, "id"), err)))
		return e;

	/* contributors: refresh if due and within this pass's REST budget */
	sqlite3_stmt *st;
	int64_t contrib = SW_UNKNOWN, cat = 0;
	char top3[256] = "";
	if ((e = store_stmt(p->s, "SELECT contrib_at, contributors, top3 FROM tracker_repos WHERE repo_id=?",
			       &st, err)))
		return e;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		cat = sqlite3_column_int64(st, 0);
		contrib = store_col_i64(st, 1);
		const unsigned char *t = sqlite3_column_text(st, 2);
		snprintf(top3, sizeof top3, "%s", t ? (const char *)t : "");
	}
	sqlite3_reset(st);
	if (picked(p, id)) {
		int64_t c;
		char t3[256];
		if ((e = fetch_contributors(p->o->gh, owner, name, &c, t3, err)))
			return e;
		p->res->contributors++;
		contrib = c;
		cat = p->taken_at;
		snprintf(top3, sizeof top3, "%s", t3);
		if ((e = store_stmt(p->s, "UPDATE tracker_repos SET contrib_at=?, contributors=?, top3=? WHERE repo_id=?",
				       &st, err)))
			return e;
		sqlite3_bind_int64(st, 1, cat);
		store_bind_i64(st, 2, contrib);
		store_bind_text(st, 3, top3);
		sqlite3_bind_int64(st, 4, id);
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return store_dberr(p->s, err, "saving contributors");
	}
	bool fresh = cat && cat >= p->taken_at - p->contrib_age;

	struct sw_snapshot sn = SW_SNAPSHOT_UNKNOWN_INIT;
	sn.taken_at = p->taken_at;
	sn.stars = jint(r, "stargazerCount", SW_UNKNOWN);
	sn.forks = jint(r, "forkCount", SW_UNKNOWN);
	sn.open_issues = jcount(r, "issues");
	sn.watchers = jcount(r, "watchers");
	sn.downloads = downloads;
	sn.contributors = fresh ? contrib : SW_UNKNOWN;
	sn.top_devs = fresh && *top3 ? top3 : NULL;
	sn.source = (char *)"github";
	/* Star gains are not stored: every reader gets them from the one rule
	 * in the store (core's snapshot_view), from the snapshot series. */
	if ((e = sw_store_put_snapshot(p->s, id, &sn, err)))
		return e;
	p->res->snapshots++;
	return SW_OK;
}

static sw_err apply_body(struct pass *p, struct due *d, size_t n, const char *body, size_t len,
			 struct sw_error *err);

/* One GraphQL query for up to 100 due repos, stored in one transaction. */
static sw_err run_batch(struct pass *p, struct due *d, size_t n, struct sw_error *err)
{
	struct sw_buf q = SW_BUF_INIT;
	json_t *vars = json_object(), *ids = json_array();
	size_t nnodes = 0;
	/* repos with a node id go through nodes(ids:), in order; the rest by name */
	sw_err e = sw_buf_puts(&q, "query($ids: [ID!]!");
	for (size_t i = 0; i < n && !e; i++) {
		if (d[i].node) {
			json_array_append_new(ids, json_string(d[i].node));
			nnodes++;
		} else
			e = sw_buf_printf(&q, ", $o%zu: String!, $n%zu: String!", i, i);
	}
	if (!e)
		e = sw_buf_puts(&q, ") { rateLimit { cost remaining resetAt } nodes(ids: $ids) { ...F }");
	for (size_t i = 0; i < n && !e; i++)
		if (!d[i].node) {
			e = sw_buf_printf(&q, " r%zu: repository(owner: $o%zu, name: $n%zu) { ...F }", i, i, i);
			char k[32];
			snprintf(k, sizeof k, "o%zu", i);
			json_object_set_new(vars, k, json_string(d[i].owner));
			snprintf(k, sizeof k, "n%zu", i);
			json_object_set_new(vars, k, json_string(d[i].name));
		}
	if (!e)
		e = sw_buf_puts(&q, " } ");
	if (!e)
		e = sw_buf_printf(&q, FRAGMENT, p->o->releases > 0 ? p->o->releases : 3);
	json_object_set_new(vars, "ids", ids);
	char *vj = json_dumps(vars, JSON_COMPACT);
	json_decref(vars);
	if (e || !vj) {
		free(vj);
		sw_buf_release(&q);
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	}
	struct sw_github_resp r;
	e = sw_github_graphql(p->o->gh, q.data, vj, &r, err);
	free(vj);
	sw_buf_release(&q);
	if (e)
		return e;
	e = apply_body(p, d, n, r.body, r.len, err);
	sw_github_resp_release(&r);
	if (e == SW_EHTTP && n > 1) {
		/* GitHub answers heavy queries with a timeout error and no data:
		 * retry the batch as two halves */
		size_t h = n / 2;
		e = run_batch(p, d, h, err);
		if (!e)
			e = run_batch(p, d + h, n - h, err);
	}
	return e;
}

/* Store a GraphQL answer for the batch d[0..n): nodes(ids:) answers in the
 * order of the repos with node ids, aliases rN for the others. */
/* A repo not found under its stored name: ask REST, which answers a
 * renamed repo through a 301 to /repositories/ID. On 200, record the new
 * name, GitHub id and node id (the next round of the pass fetches it by node
 * id) and return 1; 2 if another row already holds that GitHub id (this
 * one is retired); 0 if GitHub does not know it; -1 on error. */
static int resolve_rename(struct pass *p, const struct due *d, struct sw_error *err)
{
	if (!p->o->gh)
		return 0;
	char path[300];
	snprintf(path, sizeof path, "%s/%s", d->owner, d->name);
	if (!sw_repo_name_valid(path))
		return 0;
	snprintf(path, sizeof path, "/repos/%s/%s", d->owner, d->name);
	struct sw_github_resp r;
	if (sw_github_get(p->o->gh, path, NULL, &r, err))
		return -1;
	json_error_t je;
	json_t *j = r.status == 200 ? json_loads(r.body, 0, &je) : NULL;
	sw_github_resp_release(&r);
	const char *owner = jstr(json_object_get(j, "owner"), "login"), *name = jstr(j, "name");
	const char *node = jstr(j, "node_id");
	int64_t gid = jint(j, "id", 0);
	int rc = 0;
	if (owner && name && node && gid > 0) {
		struct sw_repo_update u = SW_REPO_UPDATE_INIT;
		int64_t id;
		u.github_id = gid;
		u.owner = owner;
		u.name = name;
		u.as_of = p->taken_at;
		if (claim_row(p, d, gid, owner, name, err) || sw_store_upsert_repo(p->s, &u, &id, err) ||
		    github_set_node(p->s, id, node, err))
			rc = -1;
		else if (id != d->id) {
			rc = 2; /* a stale duplicate, retired by claim_row */
		} else {
			rc = 1;
			p->resolved++;
			if (strcasecmp(owner, d->owner) || strcasecmp(name, d->name))
				p->res->renamed++;
		}
	}
	json_decref(j);
	return rc;
}

/* Did GitHub say NOT_FOUND for path [key] or [key, index]? */
static bool not_found(json_t *root, const char *key, json_int_t index)
{
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(root, "errors"), i, x)
	{
		const char *ty = jstr(x, "type");
		json_t *path = json_object_get(x, "path");
		const char *k0 = json_string_value(json_array_get(path, 0));
		if (!ty || strcmp(ty, "NOT_FOUND") || !k0 || strcmp(k0, key))
			continue;
		if (index < 0 || (json_is_integer(json_array_get(path, 1)) &&
				  json_integer_value(json_array_get(path, 1)) == index))
			return true;
	}
	return false;
}

static sw_err apply_body(struct pass *p, struct due *d, size_t n, const char *body, size_t len,
			 struct sw_error *err)
{
	sw_err e;
	json_error_t je;
	json_t *root = json_loadb(body, len, 0, &je);
	json_t *data = json_object_get(root, "data");
	if (!json_is_object(data)) {
		const char *m = jstr(json_array_get(json_object_get(root, "errors"), 0), "message");
		e = sw_error_set(err, SW_EHTTP, "GraphQL query failed: %.200s", m ? m : "no data in the answer");
		json_decref(root);
		return e;
	}
	json_t *nodes = json_object_get(data, "nodes");
	if ((e = sw_store_begin(p->s, err))) {
		json_decref(root);
		return e;
	}
	size_t k = 0;
	for (size_t i = 0; i < n && !e; i++) {
		json_t *repo;
		if (d[i].node)
			repo = json_array_get(nodes, k++);
		else {
			char key[32];
			snprintf(key, sizeof key, "r%zu", i);
			repo = json_object_get(data, key);
		}
		char key[32];
		snprintf(key, sizeof key, "r%zu", i);
		if (json_is_object(repo))
			e = store_repo(p, &d[i], repo, err);
		else if (not_found(root, d[i].node ? "nodes" : key, d[i].node ? (json_int_t)(k - 1) : -1)) {
			/* by name: the repo may have been renamed; REST follows the redirect */
			int r = d[i].node ? 0 : resolve_rename(p, &d[i], err);
			if (r < 0)
				e = err ? err->code : SW_EHTTP;
			else if (r == 0)
				e = mark_deleted(p, d[i].id, err);
		}
		else
			p->res->failed++; /* null for another reason (timeout, permissions): retried by the next run */
	}
	json_decref(root);
	if (e) {
		sw_store_rollback(p->s);
		return e;
	}
	return sw_store_commit(p->s, err);
}

sw_err github_apply_graphql(struct sw_store *s, int64_t taken_at, const char *body, size_t len,
				struct sw_error *err)
{
	struct sw_github_update_opts o = {0};
	struct sw_github_update_result res = {0};
	struct pass p = {s, &o, taken_at, 0, NULL, 0, 7 * 86400, &res, 0};
	struct due *d = NULL;
	size_t n = 0;
	sw_err e = list_due(s, taken_at, &d, &n, err);
	if (!e)
		e = apply_body(&p, d, n < 100 ? n : 100, body, len, err);
	dues_free(d, n);
	return e;
}

static sw_err pass_row(struct sw_store *s, const char *sql, int64_t a, int64_t b, int64_t c, int64_t d,
		       struct sw_error *err)
{
	sqlite3_stmt *st;
	sw_err e = store_prepare(s, sql, &st, err);
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, a);
	sqlite3_bind_int64(st, 2, b);
	sqlite3_bind_int64(st, 3, c);
	sqlite3_bind_int64(st, 4, d);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SW_OK : store_dberr(s, err, "recording the pass");
}

/* --------------------------------------------------------------- READMEs */

/* Standard base64 (whitespace ignored), in place; the decoded length, or
 * (size_t)-1 on a character outside the alphabet. GitHub answers README
 * requests as JSON with base64 content when the raw media type is not
 * honoured (older GitHub Enterprise). */
static size_t base64_decode(char *s, size_t n)
{
	uint32_t acc = 0;
	int bits = 0;
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		int v;
		if (c >= 'A' && c <= 'Z') v = c - 'A';
		else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
		else if (c >= '0' && c <= '9') v = c - '0' + 52;
		else if (c == '+') v = 62;
		else if (c == '/') v = 63;
		else if (c == '=' || c == '\n' || c == '\r' || c == ' ') continue;
		else return (size_t)-1;
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			s[o++] = (char)((acc >> bits) & 0xff);
		}
	}
	return o;
}

char *github_readme_text(const char *body, size_t blen, size_t *len)
{
	*len = 0;
	if (blen && body[0] == '{') {
		json_t *j = json_loadb(body, blen, 0, NULL);
		const char *c = jstr(j, "content"), *enc = jstr(j, "encoding");
		char *out = NULL;
		if (c && enc && !strcmp(enc, "base64") && (out = strdup(c))) {
			size_t n = base64_decode(out, strlen(out));
			if (n == (size_t)-1) {
				free(out);
				out = NULL;
			} else {
				out[n] = '\0';
				*len = n;
			}
		}
		json_decref(j);
		if (out || j) /* a JSON object that is not a content-file is no README text */
			return out;
	}
	char *out = malloc(blen + 1);
	if (out) {
		memcpy(out, body, blen);
		out[blen] = '\0';
		*len = blen;
	}
	return out;
}

static sw_err fetch_readmes(struct sw_store *s, const struct sw_github_update_opts *o, int64_t now,
			    struct sw_github_update_result *out, struct sw_error *err)
{
	int64_t age = o->readme_max_age > 0 ? o->readme_max_age : 30 * 86400;
	int64_t limit = o->readmes_limit < 0 ? INT64_MAX : o->readmes_limit;
	/* never fetched first, then the oldest; repos awaiting an automatic
	 * label (no curated one) before curated ones */
	struct due *d;
	size_t n;
	sw_err e = query_dues(s,
			      "SELECT r.id, r.owner, r.name, t.node_id FROM repos r"
			      " LEFT JOIN readmes m ON m.repo_id = r.id"
			      " LEFT JOIN tracker_repos t ON t.repo_id = r.id"
			      " WHERE r.state = 'tracked' AND t.deleted_at IS NULL"
			      " AND (m.repo_id IS NULL OR m.fetched_at < ?1)"
			      " ORDER BY m.repo_id IS NOT NULL, m.fetched_at,"
			      " COALESCE((SELECT c.source >= 2 FROM repo_class c WHERE c.repo_id = r.id), 0),"
			      " r.id LIMIT ?2",
			      now - age, limit, &d, &n, err);
	for (size_t i = 0; i < n && !e; i++) {
		if (o->stop && *o->stop) {
			e = sw_error_set(err, SW_EINTERRUPTED,
					 "interrupted after %zu of %zu READMEs; rerun to fetch the rest", i, n);
			break;
		}
		char path[600];
		snprintf(path, sizeof path, "/repos/%s/%s/readme", d[i].owner, d[i].name);
		struct sw_github_resp r = {0};
		if ((e = sw_github_get(o->gh, path, "application/vnd.github.raw+json", &r, err)))
			break;
		/* 404 (and an answer without usable text) is stored as "no README" */
		size_t len = 0;
		char *t = r.status == 404 ? NULL : github_readme_text(r.body, r.len, &len);
		e = sw_store_put_readme(s, d[i].id, t, len, now, err);
		free(t);
		out->readmes += !e;
		sw_github_resp_release(&r);
		if (o->progress)
			o->progress(o->progress_ud, (uint64_t)(i + 1), n);
	}
	dues_free(d, n);
	return e;
}

sw_err sw_github_update(struct sw_store *s, const struct sw_github_update_opts *o, struct sw_github_update_result *out,
			 struct sw_error *err)
{
	memset(out, 0, sizeof *out);
	if (!o || !o->gh)
		return sw_error_set(err, SW_EINVAL, "update needs a GitHub client");
	if (!sw_github_has_token(o->gh))
		return sw_error_set(err, SW_EAUTH,
				    "GitHub's GraphQL API needs a token: set GITHUB_TOKEN or use --token-file");
	sw_err e = SW_OK;
	int lock;
	if ((e = take_lock(s, &lock, err)))
		return e;
	int64_t now = o->now ? o->now : (int64_t)time(NULL);
	int64_t window = o->resume_window > 0 ? o->resume_window : 6 * 3600;
	/* resume the newest unfinished pass if it is recent; older ones are abandoned */
	sqlite3_stmt *st;
	int64_t taken_at = 0;
	if ((e = store_prepare(s, "SELECT max(taken_at) FROM tracker_passes WHERE finished IS NULL AND taken_at>=?",
				  &st, err)))
		goto out;
	sqlite3_bind_int64(st, 1, now - window);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		taken_at = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (taken_at) {
		out->resumed = true;
	} else {
		taken_at = now;
		if ((e = pass_row(s,
				  "INSERT INTO tracker_passes(taken_at, started) VALUES(?1,?2)"
				  " ON CONFLICT(taken_at) DO NOTHING",
				  taken_at, now, 0, 0, err)))
			goto out;
	}
	out->taken_at = taken_at;
	struct pass p = {s, o, taken_at, o->contributors_limit, NULL, 0,
			 o->contributors_max_age > 0 ? o->contributors_max_age : 7 * 86400, out, 0};
	if ((e = pick_contributors(&p, err))) {
		free(p.pick);
		goto out;
	}
	size_t batch = o->batch > 0 && o->batch <= 100 ? (size_t)o->batch : 100;
	uint64_t pts0 = sw_github_stats(o->gh)->graphql_points, req0 = sw_github_stats(o->gh)->requests;
	/* round 2 only fetches repos that round 1 found renamed (now known by node id) */
	for (int round = 0; round < 2 && !e && (round == 0 || p.resolved); round++) {
		struct due *d = NULL;
		size_t n = 0;
		p.resolved = 0;
		if ((e = list_due(s, taken_at, &d, &n, err)))
			break;
		if (round == 0)
			out->due = n;
		for (size_t i = 0; i < n && !e; i += batch) {
			if (o->stop && *o->stop) {
				e = sw_error_set(err, SW_EINTERRUPTED,
						 "interrupted after %zu of %zu repos; rerun to finish this pass", i, n);
				break;
			}
			e = run_batch(&p, d + i, n - i < batch ? n - i : batch, err);
			if (o->progress)
				o->progress(o->progress_ud, (uint64_t)(i + batch < n ? i + batch : n), n);
		}
		dues_free(d, n);
	}
	if (!e && p.resolved) /* renamed twice within one pass: leave it to the next run */
		out->failed += p.resolved;
	free(p.pick);
	out->points = sw_github_stats(o->gh)->graphql_points - pts0;
	out->requests = sw_github_stats(o->gh)->requests - req0;
	sw_err e2 = pass_row(s,
			     "UPDATE tracker_passes SET snapshots=snapshots+?2, points=points+?3, requests=requests+?4"
			     " WHERE taken_at=?1",
			     taken_at, (int64_t)out->snapshots, (int64_t)out->points, (int64_t)out->requests, NULL);
	/* a pass with repos GitHub could not answer stays open for the next run */
	if (!e && !e2 && !out->failed)
		e = pass_row(s, "UPDATE tracker_passes SET finished=?2 WHERE taken_at=?1 AND ?3=?4", taken_at,
			     (int64_t)time(NULL), 0, 0, err);
	/* READMEs once the snapshots are safe: a rate limit or signal here
	 * leaves nothing half-done (each README is stored as it arrives) */
	if (!e && !e2 && o->readmes_limit) {
		uint64_t r0 = sw_github_stats(o->gh)->requests;
		e = fetch_readmes(s, o, now, out, err);
		out->requests += sw_github_stats(o->gh)->requests - r0;
	}
out:
	if (lock >= 0)
		close(lock); /* releases the flock */
	return e;
}

/* ---------------------------------------------------------------- submit */

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
	const char *canon = jstr(j, "full_name");
	int64_t gid = jint(j, "id", 0);
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
		u.owner = jstr(json_object_get(j, "owner"), "login");
		u.name = jstr(j, "name");
		u.description = jstr(j, "description");
		u.is_fork = json_is_true(json_object_get(j, "fork"));
		u.archived = json_is_true(json_object_get(j, "archived"));
		u.created_at = jstr(j, "created_at");
		u.as_of = (int64_t)time(NULL);
		e = sw_store_upsert_repo(s, &u, repo_id, err);
	}
	if (!e)
		e = github_set_node(s, *repo_id, jstr(j, "node_id"), err);
	json_decref(j);
	if (e) {
		sw_store_rollback(s);
		return e;
	}
	return sw_store_commit(s, err);
}

/* ---------------------------------------------------------------- backfill */

static sw_err put_point(struct sw_store *s, int64_t repo_id, const char *day, const char *source, int64_t added,
			int64_t total, bool sampled, struct sw_error *err)
{
	sqlite3_stmt *st;
	sw_err e = store_stmt(s,
				 "INSERT OR REPLACE INTO tracker_star_history(repo_id, day, source, added, total, sampled)"
				 " VALUES(?,?,?,?,?,?)",
				 &st, err);
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, repo_id);
	sqlite3_bind_text(st, 2, day, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, source, -1, SQLITE_STATIC);
	store_bind_i64(st, 4, added);
	store_bind_i64(st, 5, total);
	sqlite3_bind_int(st, 6, sampled);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SW_OK : store_dberr(s, err, "saving star history");
}

/* /stargazers/history: [{"week": unix, "days": [7 counts], "total": n}] */
static sw_err backfill_history(struct sw_store *s, int64_t id, json_t *a, struct sw_github_backfill_result *out,
			       struct sw_error *err)
{
	size_t i, j;
	json_t *w, *c;
	json_array_foreach(a, i, w)
	{
		int64_t week = jint(w, "week", -1);
		json_t *days = json_object_get(w, "days");
		if (week < 0 || !json_is_array(days) || json_array_size(days) != 7)
			return sw_error_set(err, SW_EPARSE, "stargazers/history: week %zu lacks 'week' or 7 'days'", i);
		json_array_foreach(days, j, c)
		{
			if (!json_is_integer(c) || json_integer_value(c) < 0)
				return sw_error_set(err, SW_EPARSE, "stargazers/history: week %zu day %zu is not a count", i, j);
			char day[32];
			sw_time_format_date(week + (int64_t)j * 86400, day);
			sw_err e = put_point(s, id, day, "history", (int64_t)json_integer_value(c), SW_UNKNOWN, false, err);
			if (e)
				return e;
			out->points++;
		}
	}
	return SW_OK;
}

/* Stargazer timestamps: page p holds stars (p-1)*100+1 .. p*100, oldest
 * first, so every timestamp gives an exact cumulative count even when only
 * some pages are read. One point per day: the highest count seen that day. */
static sw_err backfill_pages(struct sw_store *s, struct sw_github *gh, int64_t id, const char *full,
			     json_t *first, int64_t last, struct sw_github_backfill_result *out, struct sw_error *err)
{
	const char *accept = "application/vnd.github.star+json";
	int64_t npages = last > 0 ? last : 1;
	out->pages_total = (size_t)npages;
	out->sampled = npages > SW_GITHUB_BACKFILL_MAX_PAGES;
	int64_t want = out->sampled ? SW_GITHUB_BACKFILL_MAX_PAGES : npages;
	sw_err e = SW_OK;
	char prev_day[32] = "";
	int64_t prev_total = -1;
	for (int64_t k = 0; k < want && !e; k++) {
		/* evenly spaced pages, always including the first and the last */
		int64_t page = want > 1 ? 1 + k * (npages - 1) / (want - 1) : 1;
		json_t *a = NULL;
		if (page == 1)
			a = json_incref(first);
		else {
			char path[400];
			snprintf(path, sizeof path, "/repos/%s/stargazers?per_page=100&page=%lld", full, (long long)page);
			struct sw_github_resp r;
			if ((e = sw_github_get(gh, path, accept, &r, err)))
				break;
			json_error_t je;
			a = r.status == 200 ? json_loads(r.body, 0, &je) : NULL;
			sw_github_resp_release(&r);
		}
		out->pages++;
		size_t i;
		json_t *x;
		json_array_foreach(a, i, x)
		{
			int64_t t;
			const char *at = jstr(x, "starred_at");
			if (!at || !sw_time_parse(at, &t))
				continue;
			char day[32];
			sw_time_format_date(t, day);
			int64_t total = (page - 1) * 100 + (int64_t)i + 1;
			if (*prev_day && strcmp(day, prev_day) && prev_total > 0) {
				if ((e = put_point(s, id, prev_day, "stargazers", SW_UNKNOWN, prev_total, out->sampled, err)))
					break;
				out->points++;
			}
			snprintf(prev_day, sizeof prev_day, "%s", day);
			prev_total = total;
		}
		json_decref(a);
	}
	if (!e && *prev_day && prev_total > 0) {
		e = put_point(s, id, prev_day, "stargazers", SW_UNKNOWN, prev_total, out->sampled, err);
		out->points++;
	}
	return e;
}

sw_err sw_github_backfill(struct sw_store *s, struct sw_github *gh, const char *full_name,
			   struct sw_github_backfill_result *out, struct sw_error *err)
{
	memset(out, 0, sizeof *out);
	int64_t id;
	sw_err e = sw_store_find_repo(s, full_name, &id, err);
	if (e)
		return e;
	struct sw_repo repo = {0};
	if ((e = sw_store_get_repo(s, id, &repo, err)))
		return e;
	char full[256];
	snprintf(full, sizeof full, "%s/%s", repo.owner, repo.name);
	sw_repo_release(&repo);
	if (!sw_repo_name_valid(full))
		return sw_error_set(err, SW_EINVAL, "'%s' is not a valid GitHub name", full);
	char path[400];
	snprintf(path, sizeof path, "/repos/%s/stargazers/history", full);
	struct sw_github_resp r;
	if ((e = sw_github_get(gh, path, NULL, &r, err)))
		return e;
	json_error_t je;
	if ((e = sw_store_begin(s, err))) {
		sw_github_resp_release(&r);
		return e;
	}
	if (r.status == 200) {
		json_t *a = json_loads(r.body, 0, &je);
		out->source = SW_GITHUB_BACKFILL_HISTORY;
		e = json_is_array(a) ? backfill_history(s, id, a, out, err)
				     : sw_error_set(err, SW_EPARSE, "GET %s: expected a JSON array", path);
		json_decref(a);
	} else {
		sw_github_resp_release(&r);
		snprintf(path, sizeof path, "/repos/%s/stargazers?per_page=100", full);
		/* admins and collaborators only since 2026: others get 403/404 */
		struct sw_error e2 = {0};
		e = sw_github_get(gh, path, "application/vnd.github.star+json", &r, &e2);
		if (e == SW_EAUTH || (!e && r.status == 404)) {
			e = sw_error_set(err, SW_EUNSUPPORTED,
					 "%s: GitHub offers no star history to this token; history comes from "
					 "stackwatch snapshots and the GH Archive engine",
					 full);
		} else if (e) {
			if (err)
				*err = e2;
		} else {
			json_t *a = json_loads(r.body, 0, &je);
			out->source = SW_GITHUB_BACKFILL_STARGAZERS;
			e = json_is_array(a) ? backfill_pages(s, gh, id, full, a, r.last_page, out, err)
					     : sw_error_set(err, SW_EPARSE, "GET %s: expected a JSON array", path);
			json_decref(a);
		}
	}
	sw_github_resp_release(&r);
	if (e) {
		sw_store_rollback(s);
		return e;
	}
	return sw_store_commit(s, err);
}
