/* tracker.c: update passes (see github.h): one GraphQL query per batch of
 * due repos, stored as repo fields and a snapshot, with contributor counts
 * from REST within a budget, renamed repos followed, and READMEs fetched
 * once the snapshots are safe. JSON from GitHub is parsed with jansson;
 * every figure stored comes from a field GitHub returned. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "github_int.h"
#include "stackwatch/core.h"

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

/* Tracked, not deleted repos without a snapshot at taken_at. */
static sw_err list_due(struct sw_store *s, int64_t taken_at, struct github_due **out, size_t *n,
		       struct sw_error *err)
{
	return github_query_dues(s,
				 "SELECT r.id, r.owner, r.name, t.node_id FROM repos r"
				 " LEFT JOIN tracker_repos t ON t.repo_id=r.id"
				 " WHERE r.state='tracked' AND t.deleted_at IS NULL"
				 " AND NOT EXISTS(SELECT 1 FROM snapshots x WHERE x.repo_id=r.id AND x.taken_at=?1)"
				 " ORDER BY r.id",
				 taken_at, 0, out, n, err);
}

static int64_t jcount(const json_t *o, const char *k)
{
	return github_jint(json_object_get(o, k), "totalCount", SW_UNKNOWN);
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
		const char *login = github_jstr(x, "login");
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
	sw_err e = store_run(p->s,
			       "INSERT INTO tracker_repos(repo_id, deleted_at) VALUES(?,?) ON CONFLICT(repo_id)"
			       " DO UPDATE SET deleted_at=excluded.deleted_at",
			       STORE_VALS(STORE_INT(repo_id), STORE_INT(p->taken_at)),
			       "marking a deleted repo", err);
	p->res->deleted++;
	return e;
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
		if (!sw_array_grow(&p->pick, &cap, p->npick + 1, sizeof *p->pick)) {
			sqlite3_finalize(st);
			return sw_error_set(err, SW_ENOMEM, "out of memory");
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
static sw_err claim_row(struct pass *p, const struct github_due *d, int64_t gid, const char *owner, const char *name,
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

/* ---------------------------------------------------------------- one repo */

static const char *topic_name(const json_t *x)
{
	return github_jstr(json_object_get(x, "topic"), "name");
}

/* Downloads of the release assets GraphQL listed. */
static int64_t downloads(const json_t *r)
{
	int64_t n = 0;
	size_t i, j;
	json_t *x, *y;
	json_array_foreach(json_object_get(json_object_get(r, "releases"), "nodes"), i, x)
	{
		json_array_foreach(json_object_get(json_object_get(x, "releaseAssets"), "nodes"), j, y)
			n += github_jint(y, "downloadCount", 0);
	}
	return n;
}

/* The repo fields of a GraphQL repository object r, for owner/name as
 * GitHub names it now (strings point into r and the arguments). */
static void repo_fields(const json_t *r, int64_t dbid, const char *owner, const char *name, const char *topics,
			int64_t taken_at, struct sw_repo_update *u)
{
	const json_t *own = json_object_get(r, "owner");
	const char *loc = github_jstr(own, "location");
	u->github_id = dbid;
	u->owner = owner;
	u->name = name;
	u->description = github_jstr(r, "description");
	u->language = github_jstr(json_object_get(r, "primaryLanguage"), "name");
	u->license = github_jstr(json_object_get(r, "licenseInfo"), "spdxId");
	u->topics = topics;
	u->archived = json_is_true(json_object_get(r, "isArchived"));
	u->is_fork = json_is_true(json_object_get(r, "isFork"));
	u->created_at = github_jstr(r, "createdAt");
	u->pushed_at = github_jstr(r, "pushedAt");
	u->owner_type = github_owner_type(github_jstr(own, "__typename"));
	u->country = loc ? sw_github_country(loc) : NULL;
	u->as_of = taken_at;
}

/* A repo's contributor figure: when it was counted, the count, the top 3. */
struct contrib {
	int64_t at, count;
	char top3[256];
};

static sw_err contrib_stored(struct pass *p, int64_t id, struct contrib *c, struct sw_error *err)
{
	sqlite3_stmt *st;
	*c = (struct contrib){0, SW_UNKNOWN, ""};
	sw_err e = store_stmt(p->s, "SELECT contrib_at, contributors, top3 FROM tracker_repos WHERE repo_id=?", &st,
			      err);
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		c->at = sqlite3_column_int64(st, 0);
		c->count = store_col_i64(st, 1);
		const unsigned char *t = sqlite3_column_text(st, 2);
		snprintf(c->top3, sizeof c->top3, "%s", t ? (const char *)t : "");
	}
	sqlite3_reset(st);
	return SW_OK;
}

/* Count a picked repo's contributors now and store the figure. */
static sw_err contrib_refresh(struct pass *p, int64_t id, const char *owner, const char *name, struct contrib *c,
			      struct sw_error *err)
{
	int64_t n;
	char t3[256];
	sw_err e = fetch_contributors(p->o->gh, owner, name, &n, t3, err);
	if (e)
		return e;
	p->res->contributors++;
	c->count = n;
	c->at = p->taken_at;
	snprintf(c->top3, sizeof c->top3, "%s", t3);
	return store_run(p->s, "UPDATE tracker_repos SET contrib_at=?, contributors=?, top3=? WHERE repo_id=?",
			   STORE_VALS(STORE_INT(c->at), STORE_INT_OR_NULL(c->count),
						       STORE_TEXT_OR_NULL(c->top3), STORE_INT(id)),
			   "saving contributors", err);
}

/* The snapshot of r at the pass's time; contributors only while fresh.
 * Star gains are not stored: every reader gets them from the one rule in
 * the store (core's snapshot_view), from the snapshot series. */
static sw_err put_snapshot(struct pass *p, int64_t id, const json_t *r, struct contrib *c, struct sw_error *err)
{
	bool fresh = c->at && c->at >= p->taken_at - p->contrib_age;
	struct sw_snapshot sn = SW_SNAPSHOT_UNKNOWN_INIT;
	sn.taken_at = p->taken_at;
	sn.stars = github_jint(r, "stargazerCount", SW_UNKNOWN);
	sn.forks = github_jint(r, "forkCount", SW_UNKNOWN);
	sn.open_issues = jcount(r, "issues");
	sn.watchers = jcount(r, "watchers");
	sn.downloads = downloads(r);
	sn.contributors = fresh ? c->count : SW_UNKNOWN;
	sn.top_devs = fresh && *c->top3 ? c->top3 : NULL;
	sn.source = (char *)"github";
	sw_err e = sw_store_put_snapshot(p->s, id, &sn, err);
	if (!e)
		p->res->snapshots++;
	return e;
}

/* The repo row for r under GitHub's current owner/name: claimed for the
 * asked-about row d, its fields and node id written; *id is the row that
 * got the data. */
static sw_err put_repo(struct pass *p, const struct github_due *d, const json_t *r, int64_t dbid, const char *owner,
		       const char *name, int64_t *id, struct sw_error *err)
{
	struct sw_buf topics = SW_BUF_INIT;
	if (github_topics(json_object_get(json_object_get(r, "repositoryTopics"), "nodes"), topic_name, &topics)) {
		sw_buf_release(&topics);
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	}
	struct sw_repo_update u = SW_REPO_UPDATE_INIT;
	repo_fields(r, dbid, owner, name, topics.len ? topics.data : NULL, p->taken_at, &u);
	sw_err e = claim_row(p, d, dbid, owner, name, err);
	if (!e)
		e = sw_store_upsert_repo(p->s, &u, id, err);
	sw_buf_release(&topics);
	if (e)
		return e;
	if (*id != d->id) {
		/* stale duplicate, retired by claim_row: the data went to the row
		 * that owns the GitHub id */
	} else if (strcasecmp(owner, d->owner) || strcasecmp(name, d->name))
		p->res->renamed++;
	return github_set_node(p->s, *id, github_jstr(r, "id"), err);
}

/* Store one repository object from GraphQL as repo fields + snapshot. */
static sw_err store_repo(struct pass *p, const struct github_due *d, json_t *r, struct sw_error *err)
{
	const char *nwo = github_jstr(r, "nameWithOwner");
	const char *slash = nwo ? strchr(nwo, '/') : NULL;
	int64_t dbid = github_jint(r, "databaseId", 0);
	if (!slash || dbid <= 0)
		return sw_error_set(err, SW_EPARSE, "GraphQL: repository %s/%s lacks nameWithOwner or databaseId",
				    d->owner, d->name);
	char owner[128], name[128];
	snprintf(owner, sizeof owner, "%.*s", (int)(slash - nwo), nwo);
	snprintf(name, sizeof name, "%s", slash + 1);
	int64_t id;
	struct contrib c;
	sw_err e = put_repo(p, d, r, dbid, owner, name, &id, err);
	/* contributors: refresh if due and within this pass's REST budget */
	if (!e)
		e = contrib_stored(p, id, &c, err);
	if (!e && picked(p, id))
		e = contrib_refresh(p, id, owner, name, &c, err);
	if (!e)
		e = put_snapshot(p, id, r, &c, err);
	return e;
}

/* ---------------------------------------------------------------- batches */

/* The GraphQL query and its variables for the batch d[0..n): repos with a
 * node id go through nodes(ids:), in order; the rest by name as rN. */
static sw_err batch_query(const struct pass *p, const struct github_due *d, size_t n, struct sw_buf *q, char **vj)
{
	json_t *vars = json_object(), *ids = json_array();
	sw_err e = sw_buf_puts(q, "query($ids: [ID!]!");
	for (size_t i = 0; i < n && !e; i++) {
		if (d[i].node)
			json_array_append_new(ids, json_string(d[i].node));
		else
			e = sw_buf_printf(q, ", $o%zu: String!, $n%zu: String!", i, i);
	}
	if (!e)
		e = sw_buf_puts(q, ") { rateLimit { cost remaining resetAt } nodes(ids: $ids) { ...F }");
	for (size_t i = 0; i < n && !e; i++)
		if (!d[i].node) {
			e = sw_buf_printf(q, " r%zu: repository(owner: $o%zu, name: $n%zu) { ...F }", i, i, i);
			char k[32];
			snprintf(k, sizeof k, "o%zu", i);
			json_object_set_new(vars, k, json_string(d[i].owner));
			snprintf(k, sizeof k, "n%zu", i);
			json_object_set_new(vars, k, json_string(d[i].name));
		}
	if (!e)
		e = sw_buf_puts(q, " } ");
	if (!e)
		e = sw_buf_printf(q, FRAGMENT, p->o->releases > 0 ? p->o->releases : 3);
	json_object_set_new(vars, "ids", ids);
	*vj = json_dumps(vars, JSON_COMPACT);
	json_decref(vars);
	return e ? e : *vj ? SW_OK : SW_ENOMEM;
}

static sw_err apply_body(struct pass *p, struct github_due *d, size_t n, const char *body, size_t len,
			 struct sw_error *err);

/* One GraphQL query for up to 100 due repos, stored in one transaction. */
static sw_err run_batch(struct pass *p, struct github_due *d, size_t n, struct sw_error *err)
{
	struct sw_buf q = SW_BUF_INIT;
	char *vj = NULL;
	if (batch_query(p, d, n, &q, &vj)) {
		free(vj);
		sw_buf_release(&q);
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	}
	struct sw_github_resp r;
	sw_err e = sw_github_graphql(p->o->gh, q.data, vj, &r, err);
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

/* A repo not found under its stored name: ask REST, which answers a
 * renamed repo through a 301 to /repositories/ID. On 200, record the new
 * name, GitHub id and node id (the next round of the pass fetches it by node
 * id) and return 1; 2 if another row already holds that GitHub id (this
 * one is retired); 0 if GitHub does not know it; -1 on error. */
static int resolve_rename(struct pass *p, const struct github_due *d, struct sw_error *err)
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
	const char *owner = github_jstr(json_object_get(j, "owner"), "login"), *name = github_jstr(j, "name");
	const char *node = github_jstr(j, "node_id");
	int64_t gid = github_jint(j, "id", 0);
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
		const char *ty = github_jstr(x, "type");
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

/* Store a GraphQL answer for the batch d[0..n): nodes(ids:) answers in the
 * order of the repos with node ids, aliases rN for the others. */
static sw_err apply_body(struct pass *p, struct github_due *d, size_t n, const char *body, size_t len,
			 struct sw_error *err)
{
	sw_err e;
	json_error_t je;
	json_t *root = json_loadb(body, len, 0, &je);
	json_t *data = json_object_get(root, "data");
	if (!json_is_object(data)) {
		const char *m = github_jstr(json_array_get(json_object_get(root, "errors"), 0), "message");
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
		char key[32];
		snprintf(key, sizeof key, "r%zu", i);
		json_t *repo = d[i].node ? json_array_get(nodes, k++) : json_object_get(data, key);
		if (json_is_object(repo))
			e = store_repo(p, &d[i], repo, err);
		else if (not_found(root, d[i].node ? "nodes" : key, d[i].node ? (json_int_t)(k - 1) : -1)) {
			/* by name: the repo may have been renamed; REST follows the redirect */
			int r = d[i].node ? 0 : resolve_rename(p, &d[i], err);
			if (r < 0)
				e = err ? err->code : SW_EHTTP;
			else if (r == 0)
				e = mark_deleted(p, d[i].id, err);
		} else
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
	struct github_due *d = NULL;
	size_t n = 0;
	sw_err e = list_due(s, taken_at, &d, &n, err);
	if (!e)
		e = apply_body(&p, d, n < 100 ? n : 100, body, len, err);
	github_dues_free(d, n);
	return e;
}

/* ---------------------------------------------------------------- passes */

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

/* The pass to work on: the newest unfinished one if it is recent (older
 * ones are abandoned), else a new one taken now. */
static sw_err pass_open(struct sw_store *s, const struct sw_github_update_opts *o, int64_t now,
			struct sw_github_update_result *out, struct sw_error *err)
{
	int64_t window = o->resume_window > 0 ? o->resume_window : 6 * 3600;
	sqlite3_stmt *st;
	int64_t taken_at = 0;
	sw_err e = store_prepare(s, "SELECT max(taken_at) FROM tracker_passes WHERE finished IS NULL AND taken_at>=?",
				 &st, err);
	if (e)
		return e;
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
			return e;
	}
	out->taken_at = taken_at;
	return SW_OK;
}

/* The due repos in batches; round 2 only fetches repos that round 1 found
 * renamed (now known by node id). */
static sw_err pass_rounds(struct pass *p, struct sw_error *err)
{
	const struct sw_github_update_opts *o = p->o;
	size_t batch = o->batch > 0 && o->batch <= 100 ? (size_t)o->batch : 100;
	sw_err e = SW_OK;
	for (int round = 0; round < 2 && !e && (round == 0 || p->resolved); round++) {
		struct github_due *d = NULL;
		size_t n = 0;
		p->resolved = 0;
		if ((e = list_due(p->s, p->taken_at, &d, &n, err)))
			break;
		if (round == 0)
			p->res->due = n;
		for (size_t i = 0; i < n && !e; i += batch) {
			if (o->stop && *o->stop) {
				e = sw_error_set(err, SW_EINTERRUPTED,
						 "interrupted after %zu of %zu repos; rerun to finish this pass", i, n);
				break;
			}
			e = run_batch(p, d + i, n - i < batch ? n - i : batch, err);
			if (o->progress)
				o->progress(o->progress_ud, (uint64_t)(i + batch < n ? i + batch : n), n);
		}
		github_dues_free(d, n);
	}
	if (!e && p->resolved) /* renamed twice within one pass: leave it to the next run */
		p->res->failed += p->resolved;
	return e;
}

/* The pass's figures recorded; finished unless some repo could not be
 * answered (it stays open for the next run); then READMEs, once the
 * snapshots are safe: a rate limit or signal there leaves nothing
 * half-done (each README is stored as it arrives). */
static sw_err pass_close(struct pass *p, sw_err e, int64_t now, uint64_t pts0, uint64_t req0,
			 struct sw_error *err)
{
	const struct sw_github_update_opts *o = p->o;
	struct sw_github_update_result *out = p->res;
	out->points = sw_github_stats(o->gh)->graphql_points - pts0;
	out->requests = sw_github_stats(o->gh)->requests - req0;
	sw_err e2 = pass_row(p->s,
			     "UPDATE tracker_passes SET snapshots=snapshots+?2, points=points+?3, requests=requests+?4"
			     " WHERE taken_at=?1",
			     p->taken_at, (int64_t)out->snapshots, (int64_t)out->points, (int64_t)out->requests, NULL);
	if (!e && !e2 && !out->failed)
		e = pass_row(p->s, "UPDATE tracker_passes SET finished=?2 WHERE taken_at=?1 AND ?3=?4", p->taken_at,
			     (int64_t)time(NULL), 0, 0, err);
	if (!e && !e2 && o->readmes_limit) {
		uint64_t r0 = sw_github_stats(o->gh)->requests;
		e = github_fetch_readmes(p->s, o, now, out, err);
		out->requests += sw_github_stats(o->gh)->requests - r0;
	}
	return e;
}

sw_err sw_github_update(struct sw_store *s, const struct sw_github_update_opts *o, struct sw_github_update_result *out,
			 struct sw_error *err)
{
	memset(out, 0, sizeof *out);
	sw_err e = github_need_client(o, "update", err);
	if (e)
		return e;
	if (!sw_github_has_token(o->gh))
		return sw_error_set(err, SW_EAUTH,
				    "GitHub's GraphQL API needs a token: set GITHUB_TOKEN or use --token-file");
	int lock;
	if ((e = take_lock(s, &lock, err)))
		return e;
	int64_t now = o->now ? o->now : (int64_t)time(NULL);
	if (!(e = pass_open(s, o, now, out, err))) {
		struct pass p = {s, o, out->taken_at, o->contributors_limit, NULL, 0,
				 o->contributors_max_age > 0 ? o->contributors_max_age : 7 * 86400, out, 0};
		uint64_t pts0 = sw_github_stats(o->gh)->graphql_points, req0 = sw_github_stats(o->gh)->requests;
		if (!(e = pick_contributors(&p, err))) {
			e = pass_rounds(&p, err);
			e = pass_close(&p, e, now, pts0, req0, err);
		}
		free(p.pick);
	}
	if (lock >= 0)
		close(lock); /* releases the flock */
	return e;
}
