/* report.c: the ecosystem report: every analysis of the AI-stack study
 * computed from the store for one snapshot (render.c writes it as text,
 * Markdown, JSON and CSV, html.c as the page with charts). The build here
 * loads the rows (load.c) and runs the analyses in report order; the
 * accessors read the finished report.
 *
 * Speed: the load reads each tracked repo once with its latest snapshot;
 * stars over time read a dozen sampled snapshot times. Everything else is
 * computed in memory in one pass plus a few sorts. */
#include "report_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_int.h"
#include "stackwatch/core.h"

/* ------------------------------------------------------------- accessors */

void sw_report_free(struct sw_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->ntables; i++)
		sw_table_free(r->tables[i]);
	free(r->tables);
	for (size_t i = 0; i < r->nlayers; i++)
		free(r->layer_names[i]);
	free(r->layer_names);
	free(r->layer_software);
	free(r->layer_repos);
	sw_report_ref_free(r->ref);
	free(r);
}

int64_t sw_report_as_of(const struct sw_report *r) { return r ? r->as_of : 0; }
size_t sw_report_ntables(const struct sw_report *r) { return r ? r->ntables : 0; }
const struct sw_table *sw_report_table(const struct sw_report *r, size_t i)
{
	return r && i < r->ntables ? r->tables[i] : NULL;
}

const struct sw_table *sw_report_find(const struct sw_report *r, const char *name)
{
	for (size_t i = 0; r && name && i < r->ntables; i++)
		if (!strcmp(sw_table_name(r->tables[i]), name))
			return r->tables[i];
	return NULL;
}

/* Section title of a table that starts a report section, else NULL. */
const char *sw_report_section(const char *table)
{
	static const struct { const char *table, *title; } sec[] = {
		{"headline", "Headline"},
		{"layers", "1. Inventory"},
		{"growth", "2. Growth over time"},
		{"top_accounts", "3. Power law of accounts"},
		{"top_developers", "4. Developers"},
		{"owner_types", "5. Individuals vs organisations"},
		{"chinese_by_layer", "6. China"},
		{"no_gain", "7. Hype curve"},
	};
	for (size_t i = 0; table && i < sizeof sec / sizeof sec[0]; i++)
		if (!strcmp(sec[i].table, table))
			return sec[i].title;
	return NULL;
}

/* ------------------------------------------------------------------ build */

/* Reference figures: the embedded study unless a file is named. */
static sw_err load_reference(const struct sw_report_opts *opts, struct sw_report_ref **ref, struct sw_error *err)
{
	if (!opts || !opts->reference) {
		size_t len = 0;
		const char *text = core_embedded("study-2024-03.tsv", &len);
		return sw_report_ref_parse("study-2024-03.tsv", text ? text : "", text ? len : 0, ref, err);
	}
	struct sw_buf b = SW_BUF_INIT;
	sw_buf_init(&b, SW_REPORT_REF_MAX_BYTES);
	sw_err e = sw_buf_read_file(opts->reference, &b, err);
	if (!e)
		e = sw_report_ref_parse(opts->reference, b.data ? b.data : "", b.len, ref, err);
	sw_buf_release(&b);
	return e;
}

/* The snapshot the report describes: the last at or before want (> 0), else
 * the newest; 0 when the store has none. */
static sw_err find_snapshot(struct sw_store *s, int64_t want, int64_t *as_of, struct sw_error *err)
{
	sqlite3_stmt *st;
	/* Two statements, not "?1 <= 0 OR taken_at <= ?1": the OR would scan
	 * every snapshot instead of seeking the index. */
	sw_err e = store_prepare(s, want > 0 ? "SELECT COALESCE(MAX(taken_at), 0) FROM snapshots WHERE taken_at <= ?1"
					     : "SELECT COALESCE(MAX(taken_at), 0) FROM snapshots",
				 &st, err);
	if (e)
		return e;
	if (want > 0)
		sqlite3_bind_int64(st, 1, want);
	if (sqlite3_step(st) == SQLITE_ROW)
		*as_of = sqlite3_column_int64(st, 0);
	else
		e = store_dberr(s, err, "finding the snapshot");
	sqlite3_finalize(st);
	if (!e && want > 0 && !*as_of) {
		char d[32];
		sw_time_format(want, d);
		e = sw_error_set(err, SW_ENOTFOUND, "no snapshot at or before %s", d);
	}
	return e;
}

static bool pragma_get(struct sw_store *s, const char *name, int64_t *v)
{
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA %s", name);
	sqlite3_stmt *st;
	if (store_prepare(s, sql, &st, NULL))
		return false;
	bool ok = sqlite3_step(st) == SQLITE_ROW;
	if (ok)
		*v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return ok;
}

static void pragma_set(struct sw_store *s, const char *name, int64_t v)
{
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA %s = %lld", name, (long long)v);
	sqlite3_exec(store_db(s), sql, NULL, NULL, NULL);
}

/* The connection's settings the build raises, to restore after. */
struct settings {
	int64_t cache, mmap;
	bool cache_raised, mmap_raised;
};

/* The report touches each repo's few snapshot pages in several passes: a
 * 64 MiB page cache for the build (SQLite's default is 2 MiB) keeps them
 * from being re-read from the OS. Memory-mapped reads spare a copy of every
 * page read (a third of the time on a year of daily snapshots). */
static void settings_raise(struct sw_store *s, struct settings *was)
{
	was->cache_raised = pragma_get(s, "cache_size", &was->cache) && was->cache && was->cache > -65536;
	if (was->cache_raised)
		pragma_set(s, "cache_size", -65536);
	was->mmap_raised = pragma_get(s, "mmap_size", &was->mmap) && was->mmap >= 0 && was->mmap < ((int64_t)1 << 30);
	if (was->mmap_raised)
		pragma_set(s, "mmap_size", (int64_t)1 << 30);
}

static void settings_restore(struct sw_store *s, const struct settings *was)
{
	if (was->cache_raised)
		pragma_set(s, "cache_size", was->cache);
	if (was->mmap_raised)
		pragma_set(s, "mmap_size", was->mmap);
}

/* The rows, then every analysis in report order; the headline goes first. */
static sw_err analyse(struct report_ctx *c)
{
	struct sw_table *archive = NULL;
	sw_err e = report_load_rows(c, c->r->as_of);
	if (!e) e = report_load_shapes(c);
	if (!e) e = report_inventory(c);
	if (!e) e = report_growth(c);
	if (!e) e = report_stars_over_time(c);
	if (!e) e = report_accounts(c);
	if (!e) e = report_developers(c);
	if (!e) e = report_owner_types(c);
	if (!e) e = report_china(c);
	if (!e) e = report_archive_history(c, &archive);
	if (!e) e = report_hype(c);
	if (!e && archive) {
		e = report_add_table(c->r, archive);
		archive = NULL;
	}
	sw_table_free(archive);
	if (!e) e = report_headline(c);
	return e;
}

sw_err sw_report_build(struct sw_store *s, const struct sw_report_opts *opts, struct sw_report **out,
		       struct sw_error *err)
{
	*out = NULL;
	struct sw_error local = {0};
	struct sw_report *r = calloc(1, sizeof *r);
	if (!r)
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	struct report_ctx c = {.s = s, .r = r, .err = &local};
	struct settings was = {0};
	sw_err e = load_reference(opts, &r->ref, &local);
	if (!e) e = find_snapshot(s, opts ? opts->as_of : 0, &r->as_of, &local);
	if (!e) e = report_load_layers(&c);
	if (!e) {
		settings_raise(s, &was);
		e = analyse(&c);
		settings_restore(s, &was);
	}
	report_rows_release(&c);
	if (e) {
		if (local.code != e)
			sw_error_set(&local, e, "building the report: %s", sw_error_str(e));
		if (err)
			*err = local;
		sw_report_free(r);
		return e;
	}
	*out = r;
	return SW_OK;
}
