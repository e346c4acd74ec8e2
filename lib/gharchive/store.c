/* store.c: the gha_* tables: their schema, one scanned hour written in one
 * transaction, and a shard's partial store merged in. */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gharchive_int.h"
#include "stackwatch/core.h"

static const struct store_migration gha_steps[] = {
	{1, "CREATE TABLE gha_hours(name TEXT PRIMARY KEY, hkey INTEGER NOT NULL, checksum INTEGER NOT NULL,"
	    " bytes INTEGER NOT NULL, events INTEGER NOT NULL, malformed INTEGER NOT NULL,"
	    " status TEXT NOT NULL, scanned_at INTEGER NOT NULL);"
	    "CREATE INDEX gha_hours_hkey ON gha_hours(hkey);"
	    /* kind: see enum gha_kind; actor 0 = bot (not counted as distinct).
	     * Clustered by (repo, day): a repo's series is one range scan and no
	     * second index is kept. A duplicate event has the same repo, day and
	     * id, so the key still dedupes it. */
	    "CREATE TABLE gha_events(repo_id INTEGER NOT NULL, day INTEGER NOT NULL, id INTEGER NOT NULL,"
	    " kind INTEGER NOT NULL, actor INTEGER NOT NULL, n INTEGER NOT NULL, hkey INTEGER NOT NULL,"
	    " PRIMARY KEY(repo_id, day, id)) WITHOUT ROWID;"
	    "CREATE TABLE gha_repos(repo_id INTEGER PRIMARY KEY, name TEXT NOT NULL, seen_at INTEGER NOT NULL);"
	    "CREATE INDEX gha_repos_name ON gha_repos(name COLLATE NOCASE);"
	    "CREATE TABLE gha_malformed(hkey INTEGER NOT NULL, line INTEGER NOT NULL, reason TEXT NOT NULL,"
	    " PRIMARY KEY(hkey, line));"},
	/* v2: series pulled from ClickHouse (gharchive pull). A pulled repo's
	 * days replace what its local events would give (the archive there is
	 * the larger truth); gha_days is the one place series are read from.
	 * An hour copied from ClickHouse (for gaps) is marked so, and a local
	 * scan of the same hour is not skipped because of it. */
	{2, "CREATE TABLE gha_daily(repo_id INTEGER NOT NULL, day INTEGER NOT NULL, stars INTEGER NOT NULL,"
	    " forks INTEGER NOT NULL, pushes INTEGER NOT NULL, commits INTEGER NOT NULL,"
	    " prs_opened INTEGER NOT NULL, prs_merged INTEGER NOT NULL, issues_opened INTEGER NOT NULL,"
	    " releases INTEGER NOT NULL, contributors INTEGER NOT NULL, new_stargazers INTEGER NOT NULL,"
	    " PRIMARY KEY(repo_id, day)) WITHOUT ROWID;"
	    "CREATE TABLE gha_pulled(repo_id INTEGER PRIMARY KEY, pulled_at INTEGER NOT NULL, source TEXT NOT NULL);"
	    "ALTER TABLE gha_hours ADD COLUMN source TEXT NOT NULL DEFAULT 'scan';"
	    "CREATE VIEW gha_days AS SELECT repo_id, day, sum(kind = 1) AS stars, sum(kind = 2) AS forks,"
	    " sum(kind = 3) AS pushes, coalesce(sum(CASE WHEN kind = 3 THEN n END), 0) AS commits,"
	    " sum(kind = 4) AS prs_opened, sum(kind = 5) AS prs_merged, sum(kind = 7) AS issues_opened,"
	    " sum(kind = 8) AS releases,"
	    " count(DISTINCT CASE WHEN kind IN (3, 4, 5, 6) AND actor <> 0 THEN actor END) AS contributors,"
	    " count(DISTINCT CASE WHEN kind = 1 AND actor <> 0 THEN actor END) AS new_stargazers"
	    " FROM gha_events WHERE repo_id NOT IN (SELECT repo_id FROM gha_pulled) GROUP BY repo_id, day"
	    " UNION ALL SELECT repo_id, day, stars, forks, pushes, commits, prs_opened, prs_merged, issues_opened,"
	    " releases, contributors, new_stargazers FROM gha_daily;"},
};

const struct store_schema gha_schema = STORE_SCHEMA("gharchive", gha_steps);

/* ------------------------------------------------------------ one hour */
int gha_hour_known(struct sw_store *s, const char *name, int64_t *crc_out)
{
	static const char sql[] = "SELECT checksum FROM gha_hours WHERE name = ? AND source = 'scan'";
	sqlite3_stmt *st;
	if (store_stmt(s, sql, &st, NULL))
		return 0;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	int found = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		found = 1;
		*crc_out = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	return found;
}

/* One statement on gha_repos with (repo_id, name, seen_at) bound. */
static sw_err repo_stmt(struct sw_store *s, const char *sql, int64_t repo_id, const char *name, int len, int64_t at,
			struct sw_error *err)
{
	sqlite3_stmt *st;
	sw_err e = store_stmt(s, sql, &st, err);
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, repo_id);
	sqlite3_bind_text(st, 2, name, len, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, at);
	return store_step_done(s, st, "gharchive: saving a repo name", err);
}

/* The newest name by event time (ties: the greater name) wins. */
static sw_err upsert_repo(struct sw_store *s, int64_t repo_id, const char *name, int len, int64_t at,
			  struct sw_error *err)
{
	static const char sql[] =
		"INSERT INTO gha_repos(repo_id, name, seen_at) VALUES (?, ?, ?)"
		" ON CONFLICT(repo_id) DO UPDATE SET name = excluded.name, seen_at = excluded.seen_at"
		" WHERE excluded.seen_at > gha_repos.seen_at"
		" OR (excluded.seen_at = gha_repos.seen_at AND excluded.name > gha_repos.name)";
	return repo_stmt(s, sql, repo_id, name, len, at, err);
}

/* A re-ingested hour: what was kept of it goes first. */
static sw_err hour_forget(struct sw_store *s, const struct sw_gha_hour *h, struct sw_error *err)
{
	static const struct {
		const char *sql;
		bool by_name;
	} del[] = {
		{"DELETE FROM gha_events WHERE hkey = ?", false},
		{"DELETE FROM gha_malformed WHERE hkey = ?", false},
		{"DELETE FROM gha_hours WHERE name = ?", true},
	};
	sw_err e = SW_OK;
	for (size_t i = 0; !e && i < sizeof del / sizeof del[0]; i++) {
		sqlite3_stmt *st;
		if ((e = store_stmt(s, del[i].sql, &st, err)))
			break;
		if (del[i].by_name)
			sqlite3_bind_text(st, 1, h->name, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_int64(st, 1, h->hkey);
		e = store_step_done(s, st, "gharchive: replacing an hour", err);
	}
	return e;
}

static sw_err hour_events(struct sw_store *s, const struct sw_gha_hour *h, struct sw_error *err)
{
	static const char ins[] =
		"INSERT OR IGNORE INTO gha_events(id, repo_id, day, kind, actor, n, hkey) VALUES (?,?,?,?,?,?,?)";
	sqlite3_stmt *st;
	sw_err e = store_stmt(s, ins, &st, err);
	for (size_t i = 0; !e && i < h->nrows; i++) {
		const struct sw_gha_row *r = &h->rows[i];
		sqlite3_bind_int64(st, 1, r->id);
		sqlite3_bind_int64(st, 2, r->repo_id);
		sqlite3_bind_int64(st, 3, r->day);
		sqlite3_bind_int64(st, 4, r->kind);
		sqlite3_bind_int64(st, 5, r->actor);
		sqlite3_bind_int64(st, 6, r->n);
		sqlite3_bind_int64(st, 7, h->hkey);
		e = store_step_done(s, st, "gharchive: saving events", err);
	}
	return e;
}

/* A repo new to the store, or seen again under the name it has there:
 * one statement that leaves the name index alone unless the repo is new.
 * *done false: the store has it under another name (upsert_repo decides). */
static sw_err new_or_same_name(struct sw_store *s, const struct gha_repo_seen *r, const char *name, bool *done,
			       struct sw_error *err)
{
	static const char sql[] = "INSERT INTO gha_repos(repo_id, name, seen_at) VALUES (?, ?, ?)"
				  " ON CONFLICT(repo_id) DO UPDATE SET seen_at = max(seen_at, excluded.seen_at)"
				  " WHERE name = excluded.name";
	sw_err e = repo_stmt(s, sql, r->repo_id, name, (int)r->len, r->seen_at, err);
	*done = !e && sqlite3_changes(store_db(s)) > 0;
	return e;
}

/* The hour's names, in repo id order when the reader sorted them. */
static sw_err hour_repos(struct sw_store *s, const struct sw_gha_hour *h, struct sw_error *err)
{
	sw_err e = SW_OK;
	for (size_t i = 0; !e && i < h->repo_slots; i++) {
		const struct gha_repo_seen *r = &h->repos[i];
		const char *name = h->arena.data + r->off;
		bool done = false;
		if (r->repo_id && !(e = new_or_same_name(s, r, name, &done, err)) && !done)
			e = upsert_repo(s, r->repo_id, name, (int)r->len, r->seen_at, err);
	}
	return e;
}

static sw_err hour_malformed(struct sw_store *s, const struct sw_gha_hour *h, struct sw_error *err)
{
	static const char bad[] = "INSERT OR IGNORE INTO gha_malformed(hkey, line, reason) VALUES (?,?,?)";
	sqlite3_stmt *st;
	sw_err e = store_stmt(s, bad, &st, err);
	for (size_t i = 0; !e && i < h->nbad; i++) {
		sqlite3_bind_int64(st, 1, h->hkey);
		sqlite3_bind_int64(st, 2, h->bad[i].line);
		sqlite3_bind_text(st, 3, h->bad[i].why, -1, SQLITE_STATIC);
		e = store_step_done(s, st, "gharchive: saving malformed lines", err);
	}
	return e;
}

/* The hour's own row: it is ingested (with its checksum) once this is in. */
static sw_err hour_row(struct sw_store *s, const struct sw_gha_hour *h, struct sw_error *err)
{
	return store_run(s,
			 "INSERT OR REPLACE INTO gha_hours(name, hkey, checksum, bytes, events, malformed,"
			 " status, scanned_at) VALUES (?,?,?,?,?,?,?,?)",
			 STORE_VALS(STORE_TEXT(h->name), STORE_INT(h->hkey), STORE_INT((int64_t)h->crc),
				    STORE_INT((int64_t)h->bytes), STORE_INT((int64_t)h->events),
				    STORE_INT((int64_t)h->malformed), STORE_TEXT(h->truncated ? "truncated" : "ok"),
				    STORE_INT((int64_t)time(NULL))),
			 "gharchive: saving the hour", err);
}

/* What an hour writes, in order; its own row last. */
static sw_err (*const hour_parts[])(struct sw_store *, const struct sw_gha_hour *, struct sw_error *) = {
	hour_events, hour_repos, hour_malformed, hour_row,
};

sw_err gha_hour_commit(struct sw_store *s, const struct sw_gha_hour *h, struct sw_error *err)
{
	sw_err e = sw_store_begin(s, err);
	if (e)
		return e;
	if (h->reingest)
		e = hour_forget(s, h, err);
	for (size_t i = 0; !e && i < sizeof hour_parts / sizeof hour_parts[0]; i++)
		e = hour_parts[i](s, h, err);
	if (e) {
		sw_store_rollback(s);
		return e;
	}
	return sw_store_commit(s, err);
}

/* ------------------------------------------------------------ pulled series */
sw_err sw_gha_put_series(struct sw_store *s, int64_t repo_id, const struct sw_gha_day *days, size_t n,
			 const char *source, int64_t now, struct sw_error *err)
{
	sw_err e = store_run(s, "DELETE FROM gha_daily WHERE repo_id = ?", STORE_VALS(STORE_INT(repo_id)),
			     "gharchive: replacing a pulled series", err);
	if (!e)
		e = store_run(s, "INSERT OR REPLACE INTO gha_pulled(repo_id, pulled_at, source) VALUES (?, ?, ?)",
			      STORE_VALS(STORE_INT(repo_id), STORE_INT(now), STORE_TEXT(source)),
			      "gharchive: recording a pulled repo", err);
	sqlite3_stmt *st;
	if (!e)
		e = store_stmt(s, "INSERT INTO gha_daily VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", &st, err);
	for (size_t i = 0; !e && i < n; i++) {
		sqlite3_bind_int64(st, 1, repo_id);
		sqlite3_bind_int64(st, 2, days[i].day);
		for (int k = 0; k < SW_GHA_NCOLS; k++)
			sqlite3_bind_int64(st, 3 + k, days[i].v[k]);
		e = store_step_done(s, st, "gharchive: saving a pulled day", err);
	}
	return e;
}

sw_err sw_gha_put_name(struct sw_store *s, int64_t repo_id, const char *name, int64_t seen_at, struct sw_error *err)
{
	return upsert_repo(s, repo_id, name, (int)strlen(name), seen_at, err);
}

sw_err sw_gha_put_hour(struct sw_store *s, const struct sw_gha_hour_info *h, const char *source, struct sw_error *err)
{
	/* A scanned hour stays as scanned: it is what a local rescan compares to. */
	return store_run(s,
			 "INSERT INTO gha_hours(name, hkey, checksum, bytes, events, malformed, status, scanned_at, source)"
			 " VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(name) DO UPDATE SET hkey = excluded.hkey,"
			 " checksum = excluded.checksum, bytes = excluded.bytes, events = excluded.events,"
			 " malformed = excluded.malformed, status = excluded.status, scanned_at = excluded.scanned_at"
			 " WHERE gha_hours.source <> 'scan'",
			 STORE_VALS(STORE_TEXT(h->name), STORE_INT(h->hkey), STORE_INT((int64_t)h->crc),
				    STORE_INT(h->bytes), STORE_INT(h->events), STORE_INT(h->malformed),
				    STORE_TEXT(h->truncated ? "truncated" : "ok"), STORE_INT((int64_t)time(NULL)),
				    STORE_TEXT(source)),
			 "gharchive: saving a pulled hour", err);
}

sw_err sw_gha_put_malformed(struct sw_store *s, int64_t hkey, int64_t line, const char *reason, struct sw_error *err)
{
	return store_run(s, "INSERT OR IGNORE INTO gha_malformed(hkey, line, reason) VALUES (?,?,?)",
			 STORE_VALS(STORE_INT(hkey), STORE_INT(line), STORE_TEXT(reason)),
			 "gharchive: saving a pulled malformed line", err);
}

/* ------------------------------------------------------------ merging a shard */
sw_err sw_gha_merge(struct sw_store *s, const char *partial_path, struct sw_error *err)
{
	sw_err e = SW_OK;
	if (access(partial_path, R_OK) != 0)
		return sw_error_set(err, SW_ENOTFOUND, "%s: %s", partial_path, strerror(errno));
	sqlite3 *db = store_db(s);
	sqlite3_stmt *st;
	if ((e = store_prepare(s, "ATTACH DATABASE ? AS part", &st, err)))
		return e;
	sqlite3_bind_text(st, 1, partial_path, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return sw_error_set(err, SW_EDB, "%s: cannot open: %s", partial_path, sqlite3_errmsg(db));
	if ((e = store_prepare(s, "SELECT count(*) FROM part.sqlite_master WHERE name = 'gha_events'", &st, err)))
		goto detach;
	rc = sqlite3_step(st);
	int have = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	if (!have) {
		e = sw_error_set(err, SW_EPARSE, "%s: not a stackwatch gharchive partial (no gha_events table)",
				 partial_path);
		goto detach;
	}
	if ((e = sw_store_begin(s, err)))
		goto detach;
	e = store_exec(s,
		"INSERT OR IGNORE INTO gha_events(repo_id, day, id, kind, actor, n, hkey)"
		" SELECT repo_id, day, id, kind, actor, n, hkey FROM part.gha_events;"
		"INSERT OR IGNORE INTO gha_hours(name, hkey, checksum, bytes, events, malformed, status, scanned_at)"
		" SELECT name, hkey, checksum, bytes, events, malformed, status, scanned_at FROM part.gha_hours;"
		"INSERT OR IGNORE INTO gha_malformed SELECT hkey, line, reason FROM part.gha_malformed;"
		"INSERT INTO gha_repos(repo_id, name, seen_at) SELECT repo_id, name, seen_at FROM part.gha_repos WHERE true"
		" ON CONFLICT(repo_id) DO UPDATE SET name = excluded.name, seen_at = excluded.seen_at"
		" WHERE excluded.seen_at > gha_repos.seen_at"
		" OR (excluded.seen_at = gha_repos.seen_at AND excluded.name > gha_repos.name);",
		err);
	if (e)
		sw_store_rollback(s);
	else
		e = sw_store_commit(s, err);
detach:
	if (store_exec(s, "DETACH DATABASE part", NULL)) {
		/* nothing left to undo */
	}
	return e;
}
