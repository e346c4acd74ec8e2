/* store.c: the SQLite store: open and migrate every module's schema, the
 * core schema with its two rule views (effective classification, star
 * gains), taxonomy, repos (with renames), classifications, snapshots, the
 * rows a list is answered from (list.c holds the list rule), submissions
 * and READMEs. */
#include "core_int.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "stackwatch/core.h"

#define STMT_CACHE 64
#define TAX_MEMO 256

struct sw_store {
	sqlite3 *db;
	char *path;
	int tx_depth;
	int busy_ms; /* sw_store_busy_timeout */
	/* Prepared statements keyed by the address of their SQL literal:
	 * preparing costs more than running, and imports run a few statements
	 * per row. */
	struct {
		const char *sql;
		sqlite3_stmt *st;
	} cache[STMT_CACHE];
	/* Taxonomy ids by name: imports label every row, and the taxonomy is
	 * tiny; cleared whenever the taxonomy changes. */
	struct tax_memo {
		int64_t layer_id;
		char *name;
		int64_t id;
	} memo[TAX_MEMO];
	size_t nmemo;
};

/* Core schema. Never edit a released step: add a new one. */
static const struct store_migration core_steps[] = {
	{1,
	 "CREATE TABLE layers(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	 " position INTEGER NOT NULL, software INTEGER NOT NULL DEFAULT 1);"
	 "CREATE TABLE subcats(id INTEGER PRIMARY KEY, layer_id INTEGER NOT NULL REFERENCES layers(id),"
	 " name TEXT NOT NULL COLLATE NOCASE, position INTEGER NOT NULL DEFAULT 0, UNIQUE(layer_id, name));"
	 "CREATE TABLE repos(id INTEGER PRIMARY KEY, github_id INTEGER UNIQUE, owner TEXT NOT NULL,"
	 " name TEXT NOT NULL, description TEXT, language TEXT, topics TEXT, license TEXT,"
	 " archived INTEGER, is_fork INTEGER, created_at TEXT, pushed_at TEXT, updated_at TEXT,"
	 " owner_type TEXT CHECK(owner_type IN ('user','organization')), country TEXT,"
	 " state TEXT NOT NULL DEFAULT 'tracked' CHECK(state IN ('tracked','pending','rejected')),"
	 " info_as_of INTEGER NOT NULL DEFAULT 0, added_at INTEGER);"
	 "CREATE UNIQUE INDEX repos_full_name ON repos(owner COLLATE NOCASE, name COLLATE NOCASE);"
	 "CREATE TABLE classifications(repo_id INTEGER NOT NULL REFERENCES repos(id) ON DELETE CASCADE,"
	 " source INTEGER NOT NULL, layer_id INTEGER NOT NULL REFERENCES layers(id),"
	 " subcat_id INTEGER REFERENCES subcats(id), confidence REAL NOT NULL, as_of INTEGER NOT NULL,"
	 " PRIMARY KEY(repo_id, source)) WITHOUT ROWID;"
	 "CREATE TABLE snapshots(repo_id INTEGER NOT NULL REFERENCES repos(id) ON DELETE CASCADE,"
	 " taken_at INTEGER NOT NULL, source TEXT, stars INTEGER, forks INTEGER, open_issues INTEGER,"
	 " watchers INTEGER, downloads INTEGER, contributors INTEGER,"
	 " contributors_at_least INTEGER NOT NULL DEFAULT 0, star_1d INTEGER, star_7d INTEGER,"
	 " star_1d_pct REAL, star_7d_pct REAL, PRIMARY KEY(repo_id, taken_at)) WITHOUT ROWID;"
	 "CREATE INDEX snapshots_time ON snapshots(taken_at);"
	 "CREATE TABLE top_devs(repo_id INTEGER NOT NULL REFERENCES repos(id) ON DELETE CASCADE,"
	 " taken_at INTEGER NOT NULL, rank INTEGER NOT NULL, login TEXT NOT NULL,"
	 " PRIMARY KEY(repo_id, taken_at, rank)) WITHOUT ROWID;"
	 "CREATE TABLE imports(hash TEXT PRIMARY KEY, file TEXT NOT NULL, taken_at INTEGER NOT NULL,"
	 " rows INTEGER NOT NULL, imported_at INTEGER NOT NULL);"},
	/* v2: former names, so a renamed repo is found under either name. */
	{2,
	 "CREATE TABLE repo_aliases(owner TEXT NOT NULL COLLATE NOCASE, name TEXT NOT NULL COLLATE NOCASE,"
	 " repo_id INTEGER NOT NULL REFERENCES repos(id) ON DELETE CASCADE, until INTEGER,"
	 " PRIMARY KEY(owner, name)) WITHOUT ROWID;"},
	/* v3: community submissions awaiting review. */
	{3,
	 "CREATE TABLE submissions(id INTEGER PRIMARY KEY, repo_id INTEGER NOT NULL REFERENCES repos(id)"
	 " ON DELETE CASCADE, layer TEXT, subcat TEXT, client TEXT, submitted_at INTEGER NOT NULL,"
	 " status TEXT NOT NULL DEFAULT 'pending' CHECK(status IN ('pending','accepted','rejected')),"
	 " reviewed_at INTEGER);"
	 "CREATE INDEX submissions_status ON submissions(status);"},
	/* v4: README text (the first SW_STORE_README_MAX bytes) for the
	 * classifier; text NULL records "no README" so it is not asked again. */
	{4,
	 "CREATE TABLE readmes(repo_id INTEGER PRIMARY KEY REFERENCES repos(id) ON DELETE CASCADE,"
	 " text TEXT, size INTEGER NOT NULL DEFAULT 0, fetched_at INTEGER NOT NULL);"},
	/* v5: two rules, each in one place, as views every reader goes through.
	 * repo_class: the effective classification, override > curated >
	 * automatic (the highest source). snapshot_view: snapshots with the star
	 * gains: what the source stated (the curated list's own figures), else
	 * stars now minus stars at the snapshot nearest to one day (within 6 h)
	 * or seven days (within one day) before, the older of two equally near;
	 * a percentage is the gain over the stars at that earlier moment. The
	 * update pass stopped storing gains it computed itself: those are
	 * cleared, the view computes them with the same rule.
	 * Both views read one table (names by scalar subqueries, not joins):
	 * SQLite flattens such a view into a LEFT JOIN, so a lookup of one
	 * repo costs index seeks, never a pass over every classification.
	 * SQLite cannot ORDER BY an outer column inside a subquery, so "the
	 * nearest snapshot" is a min() over a packed key: (distance * 2 + 1 if
	 * after the target) * 2^32 + stars; the remainder is that row's stars. */
	{5,
	 "CREATE VIEW repo_class AS SELECT c.repo_id, c.source, c.confidence, c.layer_id, c.subcat_id,"
	 " (SELECT name FROM layers WHERE id = c.layer_id) AS layer,"
	 " (SELECT position FROM layers WHERE id = c.layer_id) AS layer_position,"
	 " (SELECT software FROM layers WHERE id = c.layer_id) AS software,"
	 " (SELECT name FROM subcats WHERE id = c.subcat_id) AS subcat"
	 " FROM classifications c"
	 " WHERE c.source = (SELECT MAX(source) FROM classifications x WHERE x.repo_id = c.repo_id);"
	 "CREATE VIEW snapshot_view AS SELECT repo_id, taken_at, source, stars, forks, open_issues, watchers,"
	 " downloads, contributors, contributors_at_least, star_1d, star_7d,"
	 " COALESCE(pct_1d, CASE WHEN stars - star_1d > 0 THEN 100.0 * star_1d / (stars - star_1d) END) AS star_1d_pct,"
	 " COALESCE(pct_7d, CASE WHEN stars - star_7d > 0 THEN 100.0 * star_7d / (stars - star_7d) END) AS star_7d_pct"
	 " FROM (SELECT s.repo_id, s.taken_at, s.source, s.stars, s.forks, s.open_issues, s.watchers, s.downloads,"
	 " s.contributors, s.contributors_at_least, s.star_1d_pct AS pct_1d, s.star_7d_pct AS pct_7d,"
	 " COALESCE(s.star_1d, s.stars - (SELECT min((abs(p.taken_at - (s.taken_at - 86400)) * 2"
	 "  + (p.taken_at > s.taken_at - 86400)) * 4294967296 + p.stars) % 4294967296 FROM snapshots p"
	 "  WHERE p.repo_id = s.repo_id AND p.stars IS NOT NULL"
	 "  AND p.taken_at BETWEEN s.taken_at - 108000 AND s.taken_at - 64800)) AS star_1d,"
	 " COALESCE(s.star_7d, s.stars - (SELECT min((abs(p.taken_at - (s.taken_at - 604800)) * 2"
	 "  + (p.taken_at > s.taken_at - 604800)) * 4294967296 + p.stars) % 4294967296 FROM snapshots p"
	 "  WHERE p.repo_id = s.repo_id AND p.stars IS NOT NULL"
	 "  AND p.taken_at BETWEEN s.taken_at - 691200 AND s.taken_at - 518400)) AS star_7d"
	 " FROM snapshots s);"
	 "UPDATE snapshots SET star_1d = NULL, star_7d = NULL, star_1d_pct = NULL, star_7d_pct = NULL"
	 " WHERE source = 'github';"},
};

const struct store_schema core_schema = STORE_SCHEMA("core", core_steps);

sqlite3 *store_db(struct sw_store *s)
{
	return s->db;
}

const char *sw_store_default_path(void)
{
	const char *p = getenv("STACKWATCH_DB");
	return p && *p ? p : "stackwatch.db";
}

/* Another connection holds the lock past the busy timeout: SW_ELOCKED
 * (exit 5, "rerun later") with one wording for every command. */
static sw_err busy_err(struct sw_store *s, int rc, const char *what, struct sw_error *err)
{
	if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
		return SW_OK;
	return sw_error_set(err, SW_ELOCKED, "%s: store is busy: rerun later (another process held its lock for %g s%s%s)",
			    s->path, s->busy_ms / 1000.0, what ? " while " : "", what ? what : "");
}

sw_err store_dberr(struct sw_store *s, struct sw_error *err, const char *what)
{
	sw_err e = busy_err(s, sqlite3_extended_errcode(s->db), what, err);
	return e ? e : sw_error_set(err, SW_EDB, "%s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
}

sw_err store_prepare(struct sw_store *s, const char *sql, sqlite3_stmt **st, struct sw_error *err)
{
	if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK)
		return store_dberr(s, err, "prepare");
	return SW_OK;
}

sw_err store_stmt(struct sw_store *s, const char *sql, sqlite3_stmt **st, struct sw_error *err)
{
	size_t h = ((uintptr_t)sql >> 3) % STMT_CACHE;
	for (size_t k = 0; k < STMT_CACHE; k++) {
		size_t i = (h + k) % STMT_CACHE;
		if (s->cache[i].sql == sql) {
			*st = s->cache[i].st;
			sqlite3_reset(*st);
			sqlite3_clear_bindings(*st);
			return SW_OK;
		}
		if (!s->cache[i].sql) {
			sw_err e = store_prepare(s, sql, st, err);
			if (e)
				return e;
			s->cache[i].sql = sql;
			s->cache[i].st = *st;
			return SW_OK;
		}
	}
	/* Cache full: hand out an uncached statement would leak; refuse loudly. */
	return sw_error_set(err, SW_ELIMIT, "statement cache full (raise STMT_CACHE)");
}

sw_err store_step_done(struct sw_store *s, sqlite3_stmt *st, const char *what, struct sw_error *err)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? SW_OK : store_dberr(s, err, what);
}

static void bind_val(sqlite3_stmt *st, int i, const struct store_val *v)
{
	switch (v->kind) {
	case STORE_V_INT: sqlite3_bind_int64(st, i, v->i); break;
	case STORE_V_INT_OR_NULL: store_bind_i64(st, i, v->i); break;
	case STORE_V_TEXT:
		if (v->s)
			sqlite3_bind_text(st, i, v->s, -1, SQLITE_STATIC);
		break;
	case STORE_V_TEXT_OR_NULL: store_bind_text(st, i, v->s); break;
	case STORE_V_DOUBLE:
		if (!isnan(v->d))
			sqlite3_bind_double(st, i, v->d);
		break;
	case STORE_V_END: break;
	}
}

sw_err store_run(struct sw_store *s, const char *sql, const struct store_val *vals, const char *what,
		 struct sw_error *err)
{
	sqlite3_stmt *st;
	sw_err e = store_stmt(s, sql, &st, err);
	if (e)
		return e;
	for (int i = 1; vals->kind != STORE_V_END; vals++, i++)
		bind_val(st, i, vals);
	return store_step_done(s, st, what, err);
}

sw_err store_exec(struct sw_store *s, const char *sql, struct sw_error *err)
{
	char *msg = NULL;
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		sw_err e = busy_err(s, rc, NULL, err);
		if (!e)
			e = sw_error_set(err, SW_EDB, "%s: %s", s->path, msg ? msg : sqlite3_errmsg(s->db));
		sqlite3_free(msg);
		return e;
	}
	return SW_OK;
}

char *store_col_text(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	return t ? strdup((const char *)t) : NULL;
}

int64_t store_col_i64(sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL ? SW_UNKNOWN : sqlite3_column_int64(st, col);
}

double store_col_double(sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL ? NAN : sqlite3_column_double(st, col);
}

void store_bind_i64(sqlite3_stmt *st, int idx, int64_t v)
{
	if (v == SW_UNKNOWN)
		sqlite3_bind_null(st, idx);
	else
		sqlite3_bind_int64(st, idx, v);
}

void store_bind_text(sqlite3_stmt *st, int idx, const char *v)
{
	if (!v || !*v)
		sqlite3_bind_null(st, idx);
	else
		sqlite3_bind_text(st, idx, v, -1, SQLITE_TRANSIENT);
}

/* ------------------------------------------------------------ transactions */

sw_err sw_store_begin(struct sw_store *s, struct sw_error *err)
{
	char sql[64];
	snprintf(sql, sizeof sql, s->tx_depth ? "SAVEPOINT sp%d" : "BEGIN IMMEDIATE", s->tx_depth);
	sw_err e = store_exec(s, sql, err);
	if (!e)
		s->tx_depth++;
	return e;
}

sw_err sw_store_commit(struct sw_store *s, struct sw_error *err)
{
	if (!s->tx_depth)
		return sw_error_set(err, SW_EINVAL, "commit without a transaction");
	char sql[64];
	s->tx_depth--;
	snprintf(sql, sizeof sql, s->tx_depth ? "RELEASE sp%d" : "COMMIT", s->tx_depth);
	sw_err e = store_exec(s, sql, err);
	if (e)
		s->tx_depth++;
	return e;
}

static void memo_clear(struct sw_store *s);

void sw_store_rollback(struct sw_store *s)
{
	if (!s->tx_depth)
		return;
	memo_clear(s); /* ids learnt inside the transaction may be undone */
	s->tx_depth--;
	char sql[96];
	if (s->tx_depth)
		snprintf(sql, sizeof sql, "ROLLBACK TO sp%d; RELEASE sp%d", s->tx_depth, s->tx_depth);
	else
		snprintf(sql, sizeof sql, "ROLLBACK");
	sqlite3_exec(s->db, sql, NULL, NULL, NULL);
}

sw_err sw_store_end(struct sw_store *s, sw_err e, struct sw_error *err)
{
	if (!e)
		return sw_store_commit(s, err);
	sw_store_rollback(s);
	return e;
}

/* -------------------------------------------------------------- migrations */

int sw_store_schema_version(struct sw_store *s, const char *module)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, "SELECT version FROM schema_version WHERE module=?", -1, &st,
			       NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, module, -1, SQLITE_STATIC);
	int v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	return v;
}

sw_err store_migrate(struct sw_store *s, const struct store_schema *schema, int upto, struct sw_error *err)
{
	const char *module = schema->module;
	const struct store_migration *steps = schema->steps;
	size_t n = schema->n;
	sw_err e = SW_OK;
	int have = sw_store_schema_version(s, module);
	int newest = n ? steps[n - 1].version : 0;
	if (have > newest)
		return sw_error_set(err, SW_ESCHEMA,
				    "%s: schema '%s' is at version %d but this stackwatch knows only up to %d;"
				    " use a newer stackwatch",
				    s->path, module, have, newest);
	for (size_t i = 0; i < n; i++) {
		if (steps[i].version <= have || steps[i].version > upto)
			continue;
		if ((e = sw_store_begin(s, err)))
			return e;
		e = store_exec(s, steps[i].sql, err);
		if (!e)
			e = store_run(s,
				      "INSERT INTO schema_version(module, version) VALUES(?, ?)"
				      " ON CONFLICT(module) DO UPDATE SET version=excluded.version",
				      STORE_VALS(STORE_TEXT(module), STORE_INT(steps[i].version)), "recording schema version",
				      err);
		if ((e = sw_store_end(s, e, err)))
			return e;
	}
	return SW_OK;
}

/* ---------------------------------------------------------------- taxonomy */

static void memo_clear(struct sw_store *s)
{
	for (size_t i = 0; i < s->nmemo; i++)
		free(s->memo[i].name);
	s->nmemo = 0;
}

/* layer_id 0 = a layer name; else a subcategory under that layer. */
static int64_t memo_get(struct sw_store *s, int64_t layer_id, const char *name)
{
	for (size_t i = 0; i < s->nmemo; i++)
		if (s->memo[i].layer_id == layer_id && !strcasecmp(s->memo[i].name, name))
			return s->memo[i].id;
	return 0;
}

static void memo_put(struct sw_store *s, int64_t layer_id, const char *name, int64_t id)
{
	if (!id || s->nmemo == TAX_MEMO)
		return;
	char *n = strdup(name);
	if (!n)
		return;
	s->memo[s->nmemo++] = (struct tax_memo){layer_id, n, id};
}

static sw_err taxonomy_from_text(struct sw_store *s, const char *text, const char *origin,
				 struct sw_error *err)
{
	memo_clear(s);
	sw_err e = sw_store_begin(s, err);
	if (e)
		return e;
	sqlite3_stmt *ins_layer = NULL, *max_pos = NULL;
	e = store_stmt(s,
			     "INSERT INTO layers(name, position, software) VALUES(?, ?, ?)"
			     " ON CONFLICT(name) DO NOTHING",
			     &ins_layer, err);
	if (!e)
		e = store_stmt(s, "SELECT COALESCE(MAX(position), 0) FROM layers", &max_pos, err);
	int lineno = 0;
	const char *p = text;
	while (!e && *p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		char *line = sw_str_ndup(p, len);
		p += len + (eol ? 1 : 0);
		lineno++;
		if (!line) {
			e = sw_error_set(err, SW_ENOMEM, "out of memory");
			break;
		}
		if (len && line[len - 1] == '\r')
			line[len - 1] = '\0';
		if (!line[0] || line[0] == '#') {
			free(line);
			continue;
		}
		char *f[3] = {line, NULL, NULL};
		for (int k = 1; k < 3; k++) {
			char *tab = f[k - 1] ? strchr(f[k - 1], '\t') : NULL;
			if (tab) {
				*tab = '\0';
				f[k] = tab + 1;
			}
		}
		if (!f[1] || (strcmp(f[1], "0") && strcmp(f[1], "1")) || !*sw_str_trim(f[0])) {
			e = sw_error_set(err, SW_EPARSE,
					 "%s:%d: expected 'layer<TAB>0|1<TAB>subcategory'", origin, lineno);
			free(line);
			break;
		}
		sqlite3_reset(max_pos);
		sqlite3_step(max_pos);
		int pos = sqlite3_column_int(max_pos, 0) + 1;
		sqlite3_reset(ins_layer);
		sqlite3_bind_text(ins_layer, 1, f[0], -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(ins_layer, 2, pos);
		sqlite3_bind_int(ins_layer, 3, f[1][0] == '1');
		if (sqlite3_step(ins_layer) != SQLITE_DONE)
			e = store_dberr(s, err, "adding layer");
		int64_t lid = e ? 0 : sw_store_layer_id(s, f[0]);
		if (!e && f[2] && *sw_str_trim(f[2])) {
			int64_t sid;
			e = sw_store_subcat_id(s, lid, f[2], true, &sid, err);
		}
		free(line);
	}
	sqlite3_reset(ins_layer);
	sqlite3_reset(max_pos);
	return sw_store_end(s, e, err);
}

sw_err sw_store_load_taxonomy(struct sw_store *s, const char *path, struct sw_error *err)
{
	struct sw_buf b = SW_BUF_INIT;
	sw_buf_init(&b, 16u << 20);
	sw_err e = sw_buf_read_file(path, &b, err);
	if (!e)
		e = taxonomy_from_text(s, b.data, path, err);
	sw_buf_release(&b);
	return e;
}

int64_t sw_store_layer_id(struct sw_store *s, const char *layer)
{
	if (!layer || !*layer)
		return 0;
	int64_t known = memo_get(s, 0, layer);
	if (known)
		return known;
	sqlite3_stmt *st;
	if (store_stmt(s, "SELECT id FROM layers WHERE name = ?", &st, NULL) != SW_OK)
		return 0;
	sqlite3_bind_text(st, 1, layer, -1, SQLITE_STATIC);
	int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	memo_put(s, 0, layer, id);
	return id;
}

sw_err sw_store_subcat_id(struct sw_store *s, int64_t layer_id, const char *subcat, bool create,
			  int64_t *out, struct sw_error *err)
{
	*out = 0;
	if (!subcat || !*subcat)
		return SW_OK;
	if ((*out = memo_get(s, layer_id, subcat)))
		return SW_OK;
	sqlite3_stmt *st;
	sw_err e = store_stmt(s, "SELECT id FROM subcats WHERE layer_id=? AND name=?", &st, err);
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, layer_id);
	sqlite3_bind_text(st, 2, subcat, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (*out)
		memo_put(s, layer_id, subcat, *out);
	if (*out || !create)
		return SW_OK;
	e = store_stmt(s,
			     "INSERT INTO subcats(layer_id, name, position) VALUES(?1, ?2,"
			     " (SELECT COALESCE(MAX(position), 0) + 1 FROM subcats WHERE layer_id=?1))",
			     &st, err);
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, layer_id);
	sqlite3_bind_text(st, 2, subcat, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		e = store_dberr(s, err, "adding subcategory");
	else
		*out = sqlite3_last_insert_rowid(s->db);
	/* Not memoised: a rollback could undo the insert. */
	sqlite3_reset(st);
	return e;
}

/* -------------------------------------------------------------------- open */

static bool have_table(struct sw_store *s, const char *name)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", -1, &st, NULL) !=
	    SQLITE_OK)
		return false;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	bool have = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return have;
}

sw_err store_open_at(const char *path, int max_core_version, struct sw_store **out,
			struct sw_error *err)
{
	struct sw_store *s = calloc(1, sizeof *s);
	if (!s)
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	s->path = strdup(path);
	if (!s->path) {
		free(s);
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	}
	/* NOMUTEX: a store handle belongs to one thread at a time (documented). */
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
			    NULL) !=
	    SQLITE_OK) {
		sw_error_set(err, SW_EDB, "%s: cannot open database: %s", path,
			     s->db ? sqlite3_errmsg(s->db) : "out of memory");
		sw_store_free(s);
		return SW_EDB;
	}
	sw_store_busy_timeout(s, SW_STORE_BUSY_MS);
	sqlite3_extended_result_codes(s->db, 1);
	/* WAL: readers (the web server) never block the updater; NORMAL sync is
	 * still crash-safe in WAL mode (a crash may lose the last commit only). */
	sw_err e = store_exec(s,
				 "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
				 " PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
				 " PRAGMA cache_size=-65536;",
				 err);
	/* Only a new store writes here: an up-to-date one is just read. */
	if (!e && !have_table(s, "schema_version"))
		e = store_exec(s, "CREATE TABLE schema_version(module TEXT PRIMARY KEY, version INTEGER NOT NULL)", err);
	if (!e)
		e = store_migrate(s, &core_schema, max_core_version, err);
	if (!e) {
		sqlite3_stmt *st;
		int have_layers = 0;
		if (sqlite3_prepare_v2(s->db, "SELECT COUNT(*) FROM layers", -1, &st, NULL) == SQLITE_OK) {
			if (sqlite3_step(st) == SQLITE_ROW)
				have_layers = sqlite3_column_int(st, 0);
			sqlite3_finalize(st);
		}
		if (!have_layers) {
			const char *tax = core_embedded("taxonomy.tsv", NULL);
			if (tax)
				e = taxonomy_from_text(s, tax, "taxonomy.tsv", err);
		}
	}
	if (e) {
		sw_store_free(s);
		return e;
	}
	*out = s;
	return SW_OK;
}

sw_err sw_store_open(const char *path, struct sw_store **out, struct sw_error *err)
{
	struct sw_store *s = NULL;
	sw_err e = store_open_at(path, 1 << 30, &s, err);
	/* Every other module at open, never lazily on a read. */
	for (size_t i = 0; !e && store_schemas[i]; i++)
		if (store_schemas[i] != &core_schema)
			e = store_migrate(s, store_schemas[i], 1 << 30, err);
	if (e) {
		sw_store_free(s);
		return e;
	}
	*out = s;
	return SW_OK;
}

void sw_store_busy_timeout(struct sw_store *s, int ms)
{
	s->busy_ms = ms;
	sqlite3_busy_timeout(s->db, ms);
}

void sw_store_free(struct sw_store *s)
{
	if (!s)
		return;
	while (s->tx_depth)
		sw_store_rollback(s);
	for (size_t i = 0; i < STMT_CACHE; i++)
		sqlite3_finalize(s->cache[i].st);
	memo_clear(s);
	sqlite3_close_v2(s->db);
	free(s->path);
	free(s);
}

/* ------------------------------------------------------------------- repos */

static int64_t lookup_id(struct sw_store *s, const char *sql, const char *a, const char *b, int64_t n)
{
	sqlite3_stmt *st;
	if (store_stmt(s, sql, &st, NULL) != SW_OK)
		return 0;
	if (a)
		sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 1, n);
	if (b)
		sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
	int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return id;
}

static int64_t find_by_name(struct sw_store *s, const char *owner, const char *name)
{
	int64_t id = lookup_id(s, "SELECT id FROM repos WHERE owner=?1 COLLATE NOCASE AND name=?2 COLLATE NOCASE",
			       owner, name, 0);
	if (!id)
		id = lookup_id(s, "SELECT repo_id FROM repo_aliases WHERE owner=?1 AND name=?2", owner, name, 0);
	return id;
}

sw_err sw_store_find_repo(struct sw_store *s, const char *full_name, int64_t *repo_id,
			  struct sw_error *err)
{
	*repo_id = 0;
	const char *slash = full_name ? strchr(full_name, '/') : NULL;
	if (!slash)
		return sw_error_set(err, SW_EINVAL, "'%s' is not OWNER/REPO", full_name ? full_name : "");
	char *owner = sw_str_ndup(full_name, (size_t)(slash - full_name));
	if (!owner)
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	*repo_id = find_by_name(s, owner, slash + 1);
	free(owner);
	if (!*repo_id)
		return sw_error_set(err, SW_ENOTFOUND, "no tracked repo named '%s'", full_name);
	return SW_OK;
}

/* Move a repo to a new current name; the old name becomes an alias. */
static sw_err rename_repo(struct sw_store *s, int64_t id, const char *owner, const char *name,
			  int64_t when, struct sw_error *err)
{
	sw_err e = store_run(s,
			     "INSERT OR REPLACE INTO repo_aliases(owner, name, repo_id, until)"
			     " SELECT owner, name, id, ?2 FROM repos WHERE id=?1",
			     STORE_VALS(STORE_INT(id), STORE_INT(when)), "recording former name", err);
	if (e)
		return e;
	/* Another row holding the new name is a stale entry for the same repo
	 * (imported by name before its id was known): fold it in. */
	int64_t other = lookup_id(s, "SELECT id FROM repos WHERE owner=?1 COLLATE NOCASE AND name=?2 COLLATE NOCASE",
				  owner, name, 0);
	if (other && other != id) {
		static const char *const fold[] = {
			("INSERT OR IGNORE INTO snapshots SELECT ?1, taken_at, source, stars, forks, open_issues,"
			 " watchers, downloads, contributors, contributors_at_least, star_1d, star_7d,"
			 " star_1d_pct, star_7d_pct FROM snapshots WHERE repo_id=?2"),
			"INSERT OR IGNORE INTO top_devs SELECT ?1, taken_at, rank, login FROM top_devs WHERE repo_id=?2",
			("INSERT OR IGNORE INTO classifications SELECT ?1, source, layer_id, subcat_id, confidence,"
			 " as_of FROM classifications WHERE repo_id=?2"),
			"UPDATE repo_aliases SET repo_id=?1 WHERE repo_id=?2",
			"DELETE FROM repos WHERE id=?2",
		};
		for (size_t i = 0; !e && i < sizeof fold / sizeof fold[0]; i++)
			e = store_run(s, fold[i], STORE_VALS(STORE_INT(id), STORE_INT(other)), "merging renamed repo", err);
	}
	if (!e)
		e = store_run(s, "UPDATE repos SET owner=?2, name=?3 WHERE id=?1",
			      STORE_VALS(STORE_INT(id), STORE_TEXT(owner), STORE_TEXT(name)), "renaming repo", err);
	/* The new name must not stay an alias of itself. */
	if (!e)
		e = store_run(s, "DELETE FROM repo_aliases WHERE owner=?1 AND name=?2",
			      STORE_VALS(STORE_TEXT(owner), STORE_TEXT(name)), "renaming repo", err);
	return e;
}

/* Parameters ?1 id (NULL for a new row), ?2 github_id, ?3..?13 descriptive
 * fields, ?14 state, ?15 as_of, ?16 owner, ?17 name; unset = NULL. The
 * UPDATE uses only ?1..?15: binding past a statement's last parameter is a
 * harmless SQLITE_RANGE. */
static void bind_repo_update(sqlite3_stmt *st, const struct sw_repo_update *u, int64_t id)
{
	if (id)
		sqlite3_bind_int64(st, 1, id);
	if (u->github_id > 0)
		sqlite3_bind_int64(st, 2, u->github_id);
	store_bind_text(st, 3, u->description);
	store_bind_text(st, 4, u->language);
	store_bind_text(st, 5, u->topics);
	store_bind_text(st, 6, u->license);
	if (u->archived >= 0)
		sqlite3_bind_int(st, 7, u->archived);
	if (u->is_fork >= 0)
		sqlite3_bind_int(st, 8, u->is_fork);
	store_bind_text(st, 9, u->created_at);
	store_bind_text(st, 10, u->pushed_at);
	store_bind_text(st, 11, u->updated_at);
	store_bind_text(st, 12, u->owner_type);
	store_bind_text(st, 13, u->country);
	store_bind_text(st, 14, u->state);
	sqlite3_bind_int64(st, 15, u->as_of);
	sqlite3_bind_text(st, 16, u->owner, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 17, u->name, -1, SQLITE_STATIC);
}

sw_err sw_store_upsert_repo(struct sw_store *s, const struct sw_repo_update *u, int64_t *repo_id,
			    struct sw_error *err)
{
	*repo_id = 0;
	if (!u->owner || !u->name || !*u->owner || !*u->name)
		return sw_error_set(err, SW_EINVAL, "repo needs an owner and a name");
	if (u->owner_type && strcmp(u->owner_type, "user") && strcmp(u->owner_type, "organization"))
		return sw_error_set(err, SW_EINVAL, "%s/%s: owner type '%s' is not user or organization",
				    u->owner, u->name, u->owner_type);
	int64_t id = 0;
	sw_err e;
	if (u->github_id > 0)
		id = lookup_id(s, "SELECT id FROM repos WHERE github_id=?", NULL, NULL, u->github_id);
	if (id) {
		sqlite3_stmt *st;
		if ((e = store_stmt(s, "SELECT owner, name FROM repos WHERE id=?", &st, err)))
			return e;
		sqlite3_bind_int64(st, 1, id);
		bool same = false;
		if (sqlite3_step(st) == SQLITE_ROW)
			same = !strcasecmp((const char *)sqlite3_column_text(st, 0), u->owner) &&
			       !strcasecmp((const char *)sqlite3_column_text(st, 1), u->name);
		sqlite3_reset(st);
		if (!same && (e = rename_repo(s, id, u->owner, u->name, u->as_of, err)))
			return e;
	} else {
		id = find_by_name(s, u->owner, u->name);
		if (id && u->github_id > 0) {
			/* Known by name; if the name now points at a different GitHub id
			 * the old repo was deleted and the name reused: keep both apart. */
			int64_t old_gid = lookup_id(s, "SELECT COALESCE(github_id, 0) FROM repos WHERE id=?",
						    NULL, NULL, id);
			if (old_gid && old_gid != u->github_id) {
				sqlite3_stmt *st;
				if ((e = store_stmt(s,
							  "UPDATE repos SET name = name || '~deleted-' || github_id,"
							  " state='rejected' WHERE id=?", &st, err)))
					return e;
				sqlite3_bind_int64(st, 1, id);
				sqlite3_step(st);
				sqlite3_reset(st);
				id = 0;
			}
		}
	}
	/* One parameter numbering for both statements (see bind_repo_update). */
	sqlite3_stmt *st;
	if (!id) {
		/* New repo: one INSERT with every field. */
		if ((e = store_stmt(s,
				       "INSERT INTO repos(id, github_id, description, language, topics, license,"
				       " archived, is_fork, created_at, pushed_at, updated_at, owner_type, country,"
				       " state, info_as_of, added_at, owner, name)"
				       " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
				       " COALESCE(?14, 'tracked'), ?15, ?15, ?16, ?17)",
				       &st, err)))
			return e;
		bind_repo_update(st, u, 0);
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return store_dberr(s, err, "adding repo");
		*repo_id = sqlite3_last_insert_rowid(s->db);
		return SW_OK;
	}
	/* Descriptive fields: newer data wins; equal age refreshes (idempotent). */
	if ((e = store_stmt(s,
				  "UPDATE repos SET"
				  " github_id=COALESCE(?2, github_id),"
				  " description=CASE WHEN ?15 >= info_as_of THEN COALESCE(?3, description) ELSE description END,"
				  " language=CASE WHEN ?15 >= info_as_of THEN COALESCE(?4, language) ELSE language END,"
				  " topics=CASE WHEN ?15 >= info_as_of THEN COALESCE(?5, topics) ELSE topics END,"
				  " license=CASE WHEN ?15 >= info_as_of THEN COALESCE(?6, license) ELSE license END,"
				  " archived=CASE WHEN ?15 >= info_as_of THEN COALESCE(?7, archived) ELSE archived END,"
				  " is_fork=COALESCE(?8, is_fork),"
				  " created_at=COALESCE(?9, created_at),"
				  " pushed_at=CASE WHEN ?15 >= info_as_of THEN COALESCE(?10, pushed_at) ELSE pushed_at END,"
				  " updated_at=CASE WHEN ?15 >= info_as_of THEN COALESCE(?11, updated_at) ELSE updated_at END,"
				  " owner_type=COALESCE(?12, owner_type),"
				  " country=CASE WHEN ?15 >= info_as_of THEN COALESCE(?13, country) ELSE country END,"
				  " state=COALESCE(?14, state),"
				  " info_as_of=MAX(info_as_of, ?15)"
				  " WHERE id=?1",
				  &st, err)))
		return e;
	bind_repo_update(st, u, id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_dberr(s, err, "updating repo");
	*repo_id = id;
	return SW_OK;
}

/* Columns shared by get_repo and the list query: repo + effective class. */
#define REPO_COLS                                                                              \
	"r.id, r.github_id, r.owner, r.name, r.description, r.language, r.topics, r.license,"  \
	" r.archived, r.is_fork, r.created_at, r.pushed_at, r.updated_at, r.owner_type,"       \
	" r.country, r.state, c.layer, c.subcat, c.source, c.confidence"
#define REPO_NCOLS 20
#define REPO_JOINS " LEFT JOIN repo_class c ON c.repo_id = r.id"

/* How a column becomes a struct field: the column lists (REPO_COLS,
 * SNAP_COLS) and these maps are in the same order, read by one loop. */
enum col_kind {
	COL_I64,      /* int64_t; NULL -> 0 */
	COL_I64_UNK,  /* int64_t; NULL -> SW_UNKNOWN */
	COL_TRISTATE, /* int; NULL -> -1 */
	COL_BOOL,     /* bool */
	COL_TEXT,     /* char *, owned; NULL stays NULL */
	COL_DOUBLE,   /* double; NULL -> 0 */
	COL_PCT,      /* double; NULL -> NAN */
	COL_SOURCE,   /* enum sw_class_source; NULL -> SW_CLASS_NONE */
};
struct col_map {
	size_t off;
	enum col_kind kind;
};

static void read_cols(sqlite3_stmt *st, int c, void *obj, const struct col_map *m, size_t n)
{
	for (size_t i = 0; i < n; i++, c++) {
		void *f = (char *)obj + m[i].off;
		bool null = sqlite3_column_type(st, c) == SQLITE_NULL;
		switch (m[i].kind) {
		case COL_I64: *(int64_t *)f = sqlite3_column_int64(st, c); break;
		case COL_I64_UNK: *(int64_t *)f = store_col_i64(st, c); break;
		case COL_TRISTATE: *(int *)f = null ? -1 : sqlite3_column_int(st, c); break;
		case COL_BOOL: *(bool *)f = sqlite3_column_int(st, c) != 0; break;
		case COL_TEXT: *(char **)f = store_col_text(st, c); break;
		case COL_DOUBLE: *(double *)f = null ? 0 : sqlite3_column_double(st, c); break;
		case COL_PCT: *(double *)f = store_col_double(st, c); break;
		case COL_SOURCE:
			*(enum sw_class_source *)f = null ? SW_CLASS_NONE : (enum sw_class_source)sqlite3_column_int(st, c);
			break;
		}
	}
}

#define REPO_FIELD(f, k) {offsetof(struct sw_repo, f), k}
static const struct col_map repo_map[REPO_NCOLS] = {
	REPO_FIELD(id, COL_I64),           REPO_FIELD(github_id, COL_I64),     REPO_FIELD(owner, COL_TEXT),
	REPO_FIELD(name, COL_TEXT),        REPO_FIELD(description, COL_TEXT),  REPO_FIELD(language, COL_TEXT),
	REPO_FIELD(topics, COL_TEXT),      REPO_FIELD(license, COL_TEXT),      REPO_FIELD(archived, COL_TRISTATE),
	REPO_FIELD(is_fork, COL_TRISTATE), REPO_FIELD(created_at, COL_TEXT),   REPO_FIELD(pushed_at, COL_TEXT),
	REPO_FIELD(updated_at, COL_TEXT),  REPO_FIELD(owner_type, COL_TEXT),   REPO_FIELD(country, COL_TEXT),
	REPO_FIELD(state, COL_TEXT),       REPO_FIELD(layer, COL_TEXT),        REPO_FIELD(subcat, COL_TEXT),
	REPO_FIELD(class_source, COL_SOURCE), REPO_FIELD(confidence, COL_DOUBLE),
};

static void read_repo(sqlite3_stmt *st, int c, struct sw_repo *r)
{
	memset(r, 0, sizeof *r);
	read_cols(st, c, r, repo_map, REPO_NCOLS);
}

sw_err sw_store_get_repo(struct sw_store *s, int64_t repo_id, struct sw_repo *out, struct sw_error *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st;
	sw_err e = store_stmt(s, "SELECT " REPO_COLS " FROM repos r" REPO_JOINS " WHERE r.id=?", &st, err);
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, repo_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		read_repo(st, 0, out);
	else
		e = sw_error_set(err, SW_ENOTFOUND, "no repo with id %lld", (long long)repo_id);
	sqlite3_reset(st);
	return e;
}

sw_err sw_store_set_class(struct sw_store *s, int64_t repo_id, enum sw_class_source src,
			  const char *layer, const char *subcat, double confidence, int64_t as_of,
			  struct sw_error *err)
{
	int64_t lid = sw_store_layer_id(s, layer);
	if (!lid)
		return sw_error_set(err, SW_EINVAL, "unknown layer '%s'", layer ? layer : "");
	int64_t sid = 0;
	sw_err e = sw_store_subcat_id(s, lid, subcat, true, &sid, err);
	if (e)
		return e;
	return store_run(s,
			 "INSERT INTO classifications(repo_id, source, layer_id, subcat_id, confidence, as_of)"
			 " VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(repo_id, source) DO UPDATE SET"
			 " layer_id=excluded.layer_id, subcat_id=excluded.subcat_id,"
			 " confidence=excluded.confidence, as_of=excluded.as_of"
			 " WHERE excluded.as_of >= classifications.as_of",
			 STORE_VALS(STORE_INT(repo_id), STORE_INT(src), STORE_INT(lid),
				    STORE_INT_OR_NULL(sid ? sid : SW_UNKNOWN), STORE_DOUBLE(confidence), STORE_INT(as_of)),
			 "setting classification", err);
}

/* --------------------------------------------------------------- snapshots */

sw_err sw_store_put_snapshot(struct sw_store *s, int64_t repo_id, const struct sw_snapshot *snap,
			     struct sw_error *err)
{
	/* Try a plain insert first: a new snapshot (the common case) then needs
	 * no clean-up of an older copy's top developers. */
	static const char *const sql[2] = {
		"INSERT OR IGNORE INTO snapshots(repo_id, taken_at, source, stars, forks,"
		" open_issues, watchers, downloads, contributors, contributors_at_least,"
		" star_1d, star_7d, star_1d_pct, star_7d_pct)"
		" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
		"INSERT OR REPLACE INTO snapshots(repo_id, taken_at, source, stars, forks,"
		" open_issues, watchers, downloads, contributors, contributors_at_least,"
		" star_1d, star_7d, star_1d_pct, star_7d_pct)"
		" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
	};
	sqlite3_stmt *st;
	sw_err e = SW_OK;
	bool replaced = false;
	for (int pass = 0; pass < 2; pass++) {
		if ((e = store_stmt(s, sql[pass], &st, err)))
			return e;
		sqlite3_bind_int64(st, 1, repo_id);
		sqlite3_bind_int64(st, 2, snap->taken_at);
		store_bind_text(st, 3, snap->source);
		store_bind_i64(st, 4, snap->stars);
		store_bind_i64(st, 5, snap->forks);
		store_bind_i64(st, 6, snap->open_issues);
		store_bind_i64(st, 7, snap->watchers);
		store_bind_i64(st, 8, snap->downloads);
		store_bind_i64(st, 9, snap->contributors);
		sqlite3_bind_int(st, 10, snap->contributors_at_least);
		store_bind_i64(st, 11, snap->star_1d);
		store_bind_i64(st, 12, snap->star_7d);
		if (!isnan(snap->star_1d_pct))
			sqlite3_bind_double(st, 13, snap->star_1d_pct);
		if (!isnan(snap->star_7d_pct))
			sqlite3_bind_double(st, 14, snap->star_7d_pct);
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return store_dberr(s, err, "writing snapshot");
		if (sqlite3_changes(s->db) > 0)
			break;
		replaced = true;
	}
	if (!snap->top_devs)
		return SW_OK;
	if (replaced) {
		if ((e = store_stmt(s, "DELETE FROM top_devs WHERE repo_id=? AND taken_at=?", &st, err)))
			return e;
		sqlite3_bind_int64(st, 1, repo_id);
		sqlite3_bind_int64(st, 2, snap->taken_at);
		sqlite3_step(st);
		sqlite3_reset(st);
	}
	if ((e = store_stmt(s, "INSERT OR REPLACE INTO top_devs(repo_id, taken_at, rank, login) VALUES(?, ?, ?, ?)",
				  &st, err)))
		return e;
	int rank = 0;
	const char *p = snap->top_devs;
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		const char *q = p;
		while (*q && *q != ',')
			q++;
		size_t n = (size_t)(q - p);
		while (n && p[n - 1] == ' ')
			n--;
		if (n) {
			sqlite3_reset(st);
			sqlite3_bind_int64(st, 1, repo_id);
			sqlite3_bind_int64(st, 2, snap->taken_at);
			sqlite3_bind_int(st, 3, ++rank);
			sqlite3_bind_text(st, 4, p, (int)n, SQLITE_TRANSIENT);
			if (sqlite3_step(st) != SQLITE_DONE) {
				e = store_dberr(s, err, "writing top developers");
				break;
			}
		}
		p = q;
	}
	sqlite3_reset(st);
	return e;
}

#define SNAP_COLS                                                                              \
	"s.taken_at, s.source, s.stars, s.forks, s.open_issues, s.watchers, s.downloads,"      \
	" s.contributors, s.contributors_at_least, s.star_1d, s.star_7d, s.star_1d_pct,"      \
	" s.star_7d_pct, (SELECT group_concat(login, ', ') FROM (SELECT login FROM top_devs t" \
	" WHERE t.repo_id = s.repo_id AND t.taken_at = s.taken_at ORDER BY rank))"
#define SNAP_NCOLS 14

#define SNAP_FIELD(f, k) {offsetof(struct sw_snapshot, f), k}
static const struct col_map snap_map[SNAP_NCOLS] = {
	SNAP_FIELD(taken_at, COL_I64),       SNAP_FIELD(source, COL_TEXT),         SNAP_FIELD(stars, COL_I64_UNK),
	SNAP_FIELD(forks, COL_I64_UNK),      SNAP_FIELD(open_issues, COL_I64_UNK), SNAP_FIELD(watchers, COL_I64_UNK),
	SNAP_FIELD(downloads, COL_I64_UNK),  SNAP_FIELD(contributors, COL_I64_UNK),
	SNAP_FIELD(contributors_at_least, COL_BOOL),
	SNAP_FIELD(star_1d, COL_I64_UNK),    SNAP_FIELD(star_7d, COL_I64_UNK),     SNAP_FIELD(star_1d_pct, COL_PCT),
	SNAP_FIELD(star_7d_pct, COL_PCT),    SNAP_FIELD(top_devs, COL_TEXT),
};

static void read_snapshot(sqlite3_stmt *st, int c, struct sw_snapshot *x)
{
	memset(x, 0, sizeof *x);
	read_cols(st, c, x, snap_map, SNAP_NCOLS);
}

sw_err sw_store_snapshots(struct sw_store *s, int64_t repo_id, struct sw_snapshot_list *out,
			  struct sw_error *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st;
	sw_err e = store_stmt(s, "SELECT " SNAP_COLS " FROM snapshot_view s WHERE s.repo_id=? ORDER BY s.taken_at",
				    &st, err);
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, repo_id);
	size_t alloc = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (out->n == alloc) {
			alloc = alloc ? alloc * 2 : 8;
			struct sw_snapshot *p = realloc(out->items, alloc * sizeof *p);
			if (!p) {
				e = sw_error_set(err, SW_ENOMEM, "out of memory");
				break;
			}
			out->items = p;
		}
		read_snapshot(st, 0, &out->items[out->n++]);
	}
	sqlite3_reset(st);
	if (e)
		sw_snapshot_list_release(out);
	return e;
}

sw_err sw_store_snapshot_times(struct sw_store *s, int64_t **out, size_t *n, struct sw_error *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st;
	sw_err e = store_stmt(s, "SELECT DISTINCT taken_at FROM snapshots ORDER BY taken_at", &st, err);
	if (e)
		return e;
	size_t alloc = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (*n == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			int64_t *p = realloc(*out, alloc * sizeof *p);
			if (!p) {
				free(*out);
				*out = NULL;
				*n = 0;
				sqlite3_reset(st);
				return sw_error_set(err, SW_ENOMEM, "out of memory");
			}
			*out = p;
		}
		(*out)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	return SW_OK;
}

/* ----------------------------------------------------------------- listing */

/* Load the repos in `state` with their snapshot as of `as_of` (0: each
 * repo's newest) and index them by the list rule (list.c). The index's
 * moment is as_of, or the newest snapshot time of the store. */
sw_err store_list_load(struct sw_store *s, const char *state, int64_t as_of, bool all_orders,
		       struct list_index **out, struct sw_error *err)
{
	*out = NULL;
	sqlite3_stmt *st;
	sw_err e = store_prepare(s,
				 "WITH asof(t) AS (SELECT CASE WHEN ?1 > 0 THEN ?1 ELSE"
				 " (SELECT COALESCE(MAX(taken_at), 0) FROM snapshots) END)"
				 " SELECT " REPO_COLS ", " SNAP_COLS ", c.layer_position, (SELECT t FROM asof)"
				 " FROM repos r" REPO_JOINS
				 " LEFT JOIN snapshot_view s ON s.repo_id = r.id AND s.taken_at = (SELECT MAX(taken_at)"
				 " FROM snapshots WHERE repo_id = r.id AND taken_at <= (SELECT t FROM asof))"
				 " WHERE r.state = ?2 ORDER BY r.id",
				 &st, err);
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, as_of);
	sqlite3_bind_text(st, 2, state ? state : "tracked", -1, SQLITE_STATIC);
	struct sw_repo_list rows = {0};
	int64_t *layer_pos = NULL, now = as_of;
	size_t alloc = 0, lalloc = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!sw_array_grow(&rows.rows, &alloc, rows.n + 1, sizeof *rows.rows) ||
		    !sw_array_grow(&layer_pos, &lalloc, rows.n + 1, sizeof *layer_pos)) {
			e = sw_error_set(err, SW_ENOMEM, "out of memory");
			break;
		}
		read_repo(st, 0, &rows.rows[rows.n].repo);
		read_snapshot(st, REPO_NCOLS, &rows.rows[rows.n].snap);
		int64_t lp = store_col_i64(st, REPO_NCOLS + SNAP_NCOLS);
		layer_pos[rows.n++] = lp == SW_UNKNOWN ? -1 : lp;
		now = sqlite3_column_int64(st, REPO_NCOLS + SNAP_NCOLS + 1);
	}
	if (!e && rc != SQLITE_DONE)
		e = store_dberr(s, err, "listing repos");
	sqlite3_finalize(st);
	rows.total = rows.n;
	if (!e)
		e = list_build(&rows, layer_pos, now, all_orders, out, err);
	sw_repo_list_release(&rows);
	free(layer_pos);
	return e;
}

sw_err sw_store_list(struct sw_store *s, const struct sw_query *q, struct sw_repo_list *out,
		     struct sw_error *err)
{
	memset(out, 0, sizeof *out);
	if ((unsigned)q->sort >= SW_SORT_COUNT_)
		return sw_error_set(err, SW_EINVAL, "unknown sort key");
	struct list_index *x = NULL;
	uint32_t *pos = NULL;
	size_t n = 0, total = 0;
	sw_err e = store_list_load(s, q->state, q->as_of, false, &x, err);
	if (!e)
		e = list_select(x, q, &pos, &n, &total, err);
	if (!e && !(out->rows = malloc((n ? n : 1) * sizeof *out->rows)))
		e = sw_error_set(err, SW_ENOMEM, "out of memory");
	for (size_t i = 0; !e && i < n; i++)
		list_take(x, pos[i], &out->rows[out->n++]);
	out->total = total;
	free(pos);
	list_free(x);
	if (e)
		sw_repo_list_release(out);
	return e;
}

/* ------------------------------------------------------------- submissions */

/* A repo submitted again: say what became of it (the web links a tracked one). */
static sw_err known_error(struct sw_store *s, int64_t id, const char *full_name, struct sw_error *err)
{
	struct sw_repo r = {0};
	const char *state = sw_store_get_repo(s, id, &r, NULL) == SW_OK && r.state ? r.state : "";
	sw_err e = sw_error_set(err, SW_EINVAL, "'%s' is already %s", full_name,
				!strcmp(state, "tracked")    ? "tracked"
				: !strcmp(state, "pending")  ? "submitted and pending review"
				: !strcmp(state, "rejected") ? "known: it was reviewed and rejected"
							     : "known");
	sw_repo_release(&r);
	return e;
}

sw_err sw_store_submit(struct sw_store *s, const char *full_name, const char *layer, const char *subcat,
		       const char *client, int64_t when, int64_t *repo_id, struct sw_error *err)
{
	if (!sw_repo_name_valid(full_name))
		return sw_error_set(err, SW_EINVAL, "'%.120s' is not a valid OWNER/REPO name", full_name ? full_name : "");
	if (layer && *layer && !sw_store_layer_id(s, layer))
		return sw_error_set(err, SW_EINVAL, "unknown layer '%.80s'", layer);
	int64_t existing = 0;
	if (sw_store_find_repo(s, full_name, &existing, NULL) == SW_OK && existing)
		return known_error(s, existing, full_name, err);
	const char *slash = strchr(full_name, '/');
	char owner[64];
	snprintf(owner, sizeof owner, "%.*s", (int)(slash - full_name), full_name);
	sw_err e = sw_store_begin(s, err);
	if (e)
		return e;
	struct sw_repo_update u = SW_REPO_UPDATE_INIT;
	u.owner = owner;
	u.name = slash + 1;
	u.state = "pending";
	u.as_of = when;
	int64_t id = 0;
	e = sw_store_upsert_repo(s, &u, &id, err);
	if (!e)
		e = store_run(s, "INSERT INTO submissions(repo_id, layer, subcat, client, submitted_at) VALUES(?, ?, ?, ?, ?)",
			      STORE_VALS(STORE_INT(id), STORE_TEXT_OR_NULL(layer),
					 STORE_TEXT_OR_NULL(layer && *layer ? subcat : NULL), STORE_TEXT_OR_NULL(client),
					 STORE_INT(when)),
			      "recording submission", err);
	if (!e && repo_id)
		*repo_id = id;
	return sw_store_end(s, e, err);
}

sw_err sw_store_review(struct sw_store *s, const char *full_name, bool accept, int64_t when,
		       struct sw_error *err)
{
	int64_t id;
	sw_err e = sw_store_find_repo(s, full_name, &id, err);
	if (e)
		return e;
	if ((e = sw_store_begin(s, err)))
		return e;
	sqlite3_stmt *st;
	int64_t pending = lookup_id(s, "SELECT COUNT(*) FROM submissions WHERE repo_id=? AND status='pending'",
				    NULL, NULL, id);
	if (!pending) {
		sw_store_rollback(s);
		return sw_error_set(err, SW_ENOTFOUND, "'%s' has no pending submission", full_name);
	}
	e = store_run(s, "UPDATE submissions SET status=?2, reviewed_at=?3 WHERE repo_id=?1 AND status='pending'",
		      STORE_VALS(STORE_INT(id), STORE_TEXT(accept ? "accepted" : "rejected"), STORE_INT(when)),
		      "reviewing submission", err);
	if (!e)
		e = store_run(s, "UPDATE repos SET state=?2 WHERE id=?1",
			      STORE_VALS(STORE_INT(id), STORE_TEXT(accept ? "tracked" : "rejected")), "updating repo state",
			      err);
	/* An accepted submission's proposed layer becomes a user override label. */
	if (!e && accept) {
		if (!(e = store_stmt(s,
					"SELECT layer, subcat FROM submissions WHERE repo_id=? AND status='accepted'"
					" ORDER BY id DESC LIMIT 1",
					&st, err))) {
			sqlite3_bind_int64(st, 1, id);
			char *layer = NULL, *subcat = NULL;
			if (sqlite3_step(st) == SQLITE_ROW) {
				layer = store_col_text(st, 0);
				subcat = store_col_text(st, 1);
			}
			sqlite3_reset(st);
			if (layer)
				e = sw_store_set_class(s, id, SW_CLASS_OVERRIDE, layer, subcat, 1.0, when, err);
			free(layer);
			free(subcat);
		}
	}
	return sw_store_end(s, e, err);
}

int64_t sw_store_pending_count(struct sw_store *s, const char *client, int64_t since)
{
	sqlite3_stmt *st;
	if (store_stmt(s,
			  "SELECT COUNT(*) FROM submissions WHERE (?1 IS NULL OR client = ?1) AND submitted_at >= ?2",
			  &st, NULL))
		return -1;
	store_bind_text(st, 1, client);
	sqlite3_bind_int64(st, 2, since);
	int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return n;
}

sw_err sw_store_pending(struct sw_store *s, struct sw_table **out, struct sw_error *err)
{
	static const char *const h[] = {"repo", "proposed_layer", "proposed_subcat", "submitted_at"};
	*out = NULL;
	sqlite3_stmt *st;
	sw_err e = store_prepare(s, "SELECT r.owner || '/' || r.name, sb.layer, sb.subcat, sb.submitted_at"
				    " FROM submissions sb JOIN repos r ON r.id = sb.repo_id"
				    " WHERE sb.status = 'pending' ORDER BY sb.submitted_at, sb.id", &st, err);
	if (e)
		return e;
	struct sw_table *t = sw_table_new("pending", "Pending submissions", 4, h);
	e = t ? SW_OK : SW_ENOMEM;
	int rc = SQLITE_DONE;
	while (!e && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		char when[32];
		sw_time_format(sqlite3_column_int64(st, 3), when);
		e = sw_table_add_row(t);
		for (int c = 0; !e && c < 3; c++)
			e = sw_table_str(t, (size_t)c, (const char *)sqlite3_column_text(st, c));
		if (!e) e = sw_table_str(t, 3, when);
	}
	if (!e && rc != SQLITE_DONE)
		e = store_dberr(s, err, "listing pending submissions");
	else if (e)
		sw_error_set(err, e, "out of memory");
	sqlite3_finalize(st);
	return sw_table_give(t, e, out);
}

/* ------------------------------------------------------------------ readmes */

sw_err sw_store_put_readme(struct sw_store *s, int64_t repo_id, const char *text, size_t len, int64_t fetched_at,
			   struct sw_error *err)
{
	size_t keep = 0;
	if (text) {
		/* Keep a valid UTF-8 prefix within the budget, up to a NUL (binary
		 * files are not text the classifier could use). */
		keep = len < SW_STORE_README_MAX ? len : SW_STORE_README_MAX;
		const char *nul = memchr(text, '\0', keep);
		if (nul)
			keep = (size_t)(nul - text);
		keep = sw_utf8_valid_prefix(text, keep);
	}
	sqlite3_stmt *st;
	sw_err e = store_stmt(s, "INSERT OR REPLACE INTO readmes(repo_id, text, size, fetched_at) VALUES(?,?,?,?)",
				 &st, err);
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, repo_id);
	if (text)
		sqlite3_bind_text(st, 2, text, (int)keep, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 2);
	sqlite3_bind_int64(st, 3, text ? (int64_t)len : 0);
	sqlite3_bind_int64(st, 4, fetched_at);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return store_dberr(s, err, "saving a README");
	return SW_OK;
}

sw_err sw_store_get_readme(struct sw_store *s, int64_t repo_id, struct sw_readme *out, struct sw_error *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st;
	sw_err e = store_stmt(s, "SELECT text, size, fetched_at FROM readmes WHERE repo_id=?", &st, err);
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, repo_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		size_t n = (size_t)sqlite3_column_bytes(st, 0);
		out->size = sqlite3_column_int64(st, 1);
		out->fetched_at = sqlite3_column_int64(st, 2);
		if (t) {
			out->text = malloc(n + 1);
			if (!out->text)
				e = sw_error_set(err, SW_ENOMEM, "out of memory");
			else {
				memcpy(out->text, t, n);
				out->text[n] = '\0';
				out->len = n;
			}
		}
	} else if (rc == SQLITE_DONE)
		e = sw_error_set(err, SW_ENOTFOUND, "no README fetched for repo %lld", (long long)repo_id);
	else
		e = store_dberr(s, err, "reading a README");
	sqlite3_reset(st);
	return e;
}
