/* schema.c: stackwatch's tables on a ClickHouse server, and their
 * versions (a schema_version table of its own, as in the store).
 *
 * gha_events holds one row per counted event of one load of an hour,
 * ordered by (repo_id, day, id) so a batch of repos is a few ranges of the
 * primary key and duplicates sit side by side; it is partitioned by month.
 * gha_names keeps each repo's newest name per load, gha_malformed the
 * malformed lines, and gha_hours one row per finished load of an hour:
 * that row, written last, is what publishes the load (docs/scale.md).
 * Plain MergeTree everywhere: deduplication is done when reading, so it is
 * exact across parts, loads and shards whether merges ran or not. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clickhouse_int.h"

#define CH_MODULE "gharchive"

/* Each step: statements separated by ';' (the HTTP interface takes one at
 * a time). Never edit a released step: add one. {db} is the database. */
static const char *const steps[] = {
	/* v1 */
	"CREATE TABLE IF NOT EXISTS {db}.gha_events (load_id UInt64, hkey Int64, repo_id Int64, day Date,"
	" id Int64, kind UInt8, actor Int64, n UInt32)"
	" ENGINE = MergeTree() PARTITION BY toYYYYMM(day) ORDER BY (repo_id, day, id);"
	"CREATE TABLE IF NOT EXISTS {db}.gha_names (load_id UInt64, hkey Int64, repo_id Int64, name String,"
	" seen_at Int64) ENGINE = MergeTree() ORDER BY (repo_id, seen_at);"
	"CREATE TABLE IF NOT EXISTS {db}.gha_malformed (load_id UInt64, hkey Int64, line Int64, reason String)"
	" ENGINE = MergeTree() ORDER BY (hkey, line);"
	"CREATE TABLE IF NOT EXISTS {db}.gha_hours (name String, hkey Int64, crc UInt32, bytes Int64,"
	" json_bytes Int64, events Int64, malformed Int64, truncated UInt8, load_id UInt64, loaded_ms UInt64)"
	" ENGINE = MergeTree() ORDER BY (hkey, name)",
};

/* sql with {db} replaced by the database name. */
static sw_err with_db(const struct sw_ch *c, const char *sql, size_t n, struct sw_buf *out)
{
	sw_buf_reset(out);
	sw_err e = SW_OK;
	for (size_t i = 0; !e && i < n;) {
		if (!strncmp(sql + i, "{db}", 4) && i + 4 <= n) {
			e = sw_buf_puts(out, c->db);
			i += 4;
		} else
			e = sw_buf_putc(out, sql[i++]);
	}
	return e;
}

/* Run the ';'-separated statements of one step. */
static sw_err run_step(struct sw_ch *c, const char *step, struct sw_error *err)
{
	struct sw_buf sql = SW_BUF_INIT;
	sw_err e = SW_OK;
	for (const char *p = step; !e && *p;) {
		size_t n = strcspn(p, ";");
		if ((e = with_db(c, p, n, &sql)))
			e = sw_error_set(err, e, "out of memory");
		else
			e = ch_query(c->conn, sql.data, NULL, 0, false, NULL, err);
		p += n + (p[n] == ';');
	}
	sw_buf_release(&sql);
	return e;
}

static sw_err current_version(struct sw_ch *c, int *have, struct sw_error *err)
{
	struct sw_buf q = SW_BUF_INIT, a = SW_BUF_INIT;
	sw_err e = sw_buf_printf(&q, "SELECT max(version) FROM %s.schema_version WHERE module = '" CH_MODULE "'", c->db);
	if (e)
		return sw_error_set(err, e, "out of memory");
	e = ch_query(c->conn, q.data, NULL, 0, false, &a, err);
	*have = e ? 0 : atoi(a.data ? a.data : "0");
	sw_buf_release(&q);
	sw_buf_release(&a);
	return e;
}

/* A reader never creates: the database and its tables must be there. */
static sw_err check_existing(struct sw_ch *c, struct sw_error *err)
{
	struct sw_buf q = SW_BUF_INIT, a = SW_BUF_INIT;
	sw_err e = sw_buf_puts(&q, "SELECT count() FROM system.tables WHERE database = ");
	if (!e)
		e = ch_sql_str(&q, c->db, strlen(c->db));
	if (!e)
		e = sw_buf_puts(&q, " AND name = 'schema_version'");
	if (e)
		e = sw_error_set(err, e, "out of memory");
	else
		e = ch_query(c->conn, q.data, NULL, 0, false, &a, err);
	if (!e && atoi(a.data ? a.data : "0") != 1)
		e = sw_error_set(err, SW_ENOTFOUND,
				 "ClickHouse at %s: no stackwatch database there (load hours into it first)", c->where);
	sw_buf_release(&q);
	sw_buf_release(&a);
	return e;
}

sw_err ch_schema(struct sw_ch *c, bool existing, struct sw_error *err)
{
	if (existing) {
		int have = 0, newest = (int)(sizeof steps / sizeof steps[0]);
		sw_err e = check_existing(c, err);
		if (!e)
			e = current_version(c, &have, err);
		if (!e && have != newest)
			e = sw_error_set(err, SW_ESCHEMA,
					 "ClickHouse at %s: stackwatch's tables are at version %d, this stackwatch reads %d"
					 " (a load with this stackwatch migrates them)", c->where, have, newest);
		return e;
	}
	struct sw_buf q = SW_BUF_INIT;
	sw_err e = sw_buf_printf(&q, "CREATE DATABASE IF NOT EXISTS %s", c->db);
	if (!e)
		e = ch_query(c->conn, q.data, NULL, 0, false, NULL, err);
	static const char versions[] = "CREATE TABLE IF NOT EXISTS {db}.schema_version (module String, version UInt32)"
				       " ENGINE = MergeTree() ORDER BY module";
	if (!e && !(e = with_db(c, versions, sizeof versions - 1, &q)))
		e = ch_query(c->conn, q.data, NULL, 0, false, NULL, err);
	int have = 0, newest = (int)(sizeof steps / sizeof steps[0]);
	if (!e)
		e = current_version(c, &have, err);
	if (!e && have > newest)
		e = sw_error_set(err, SW_ESCHEMA,
				 "ClickHouse at %s: stackwatch's tables are at version %d but this stackwatch knows only up"
				 " to %d; use a newer stackwatch", c->where, have, newest);
	for (int v = have + 1; !e && v <= newest; v++) {
		e = run_step(c, steps[v - 1], err);
		sw_buf_reset(&q);
		if (!e && !(e = sw_buf_printf(&q, "INSERT INTO %s.schema_version VALUES ('" CH_MODULE "', %d)", c->db, v)))
			e = ch_query(c->conn, q.data, NULL, 0, false, NULL, err);
	}
	sw_buf_release(&q);
	return e;
}

sw_err ch_table(const struct sw_ch *c, const char *cluster, const char *name, struct sw_buf *out)
{
	sw_buf_reset(out);
	if (!cluster)
		return sw_buf_printf(out, "%s.%s", c->db, name);
	sw_err e = sw_buf_puts(out, "cluster(");
	if (!e)
		e = ch_sql_str(out, cluster, strlen(cluster));
	return e ? e : sw_buf_printf(out, ", %s, %s)", c->db, name);
}
