/* models.c: reading model-benchmark files (Epoch AI hub exports and the
 * simple CSV) and storing them in the models module's own tables.
 *
 * Storage keys on the model *version* because that is the only key both
 * Epoch files share; collapsing versions to models happens when the
 * frontier is computed (models_frontier.c), so importing the files in any
 * order gives the same result. */
#include "stackwatch/models.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "stackwatch/core.h"
#include "models_int.h"
#include "core/core_int.h"

/* Fields longer than this are refused: no real model name comes close, and
 * it keeps one bad file from bloating the store. */
#define MAX_FIELD 1000

static const struct store_migration migrations[] = {
	{1,
	 /* NULL columns mean "no file said": a later file fills them in, an
	  * empty value never erases what another file gave. */
	 "CREATE TABLE models_versions(version TEXT PRIMARY KEY, model TEXT, display TEXT,"
	 " organisation TEXT, country TEXT, release_date TEXT, access TEXT);"
	 "CREATE TABLE models_scores(version TEXT NOT NULL REFERENCES models_versions(version),"
	 " benchmark TEXT NOT NULL, score REAL NOT NULL, source TEXT,"
	 " PRIMARY KEY(benchmark, version)) WITHOUT ROWID;"},
};

const struct store_schema models_schema = STORE_SCHEMA("models", migrations);

int sw_models_access_class(const char *a)
{
	if (!a)
		return -1;
	while (isspace((unsigned char)*a))
		a++;
	if (!strncasecmp(a, "open weights", 12) || !strcasecmp(a, "open"))
		return 1;
	if (!strncasecmp(a, "api access", 10) || !strncasecmp(a, "hosted access", 13) ||
	    !strncasecmp(a, "unreleased", 10) || !strcasecmp(a, "closed") || !strcasecmp(a, "proprietary"))
		return 0;
	return -1;
}

static void row_release(struct sw_models_row *r)
{
	free(r->version);
	free(r->model);
	free(r->display);
	free(r->organisation);
	free(r->country);
	free(r->access);
	free(r->release_date);
	free(r->benchmark);
}

void sw_models_rows_release(struct sw_models_rows *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		row_release(&r->items[i]);
	free(r->items);
	memset(r, 0, sizeof *r);
}

/* Column roles; -1 = absent. */
enum { C_VERSION, C_MODEL, C_DISPLAY, C_ORG, C_COUNTRY, C_ACCESS, C_OPEN, C_DATE, C_BENCH, C_SCORE, C_N };

static int find_col(const struct sw_csv *p, const char *name)
{
	for (size_t i = 0; i < p->nfields; i++)
		if (!strcasecmp(p->fields[i].s, name))
			return (int)i;
	return -1;
}

bool models_valid_date(const char *s)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return false;
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	int yy;
	unsigned mm, dd;
	sw_time_civil_from_days(sw_time_days_from_civil(y, (unsigned)m, (unsigned)d), &yy, &mm, &dd);
	return yy == y && (int)mm == m && (int)dd == d; /* rejects 2025-02-30 */
}

/* The benchmark an Epoch file scores: epoch-hub-NAME.csv -> NAME. */
static char *bench_from_name(const char *path)
{
	const char *b = strrchr(path, '/');
	b = b ? b + 1 : path;
	if (!strncmp(b, "epoch-hub-", 10))
		b += 10;
	size_t n = strlen(b);
	if (n > 4 && !strcasecmp(b + n - 4, ".csv"))
		n -= 4;
	if (!n)
		return NULL;
	return sw_str_ndup(b, n);
}

/* A trimmed copy of field c of the current row, NULL when absent/empty. */
static sw_err field(const struct sw_csv *p, const int *col, int c, const char *const *hdr, char **out,
		    struct sw_error *err)
{
	*out = NULL;
	if (col[c] < 0)
		return SW_OK;
	const struct sw_csv_field *f = &p->fields[col[c]];
	if (f->len > MAX_FIELD)
		return sw_error_set(err, SW_ELIMIT, "%s:%zu:%zu: field '%s' is longer than %d bytes", p->name,
				    f->line, f->col, hdr[c], MAX_FIELD);
	if (memchr(f->s, '\0', f->len) || sw_utf8_valid_prefix(f->s, f->len) != f->len)
		return sw_error_set(err, SW_EPARSE, "%s:%zu:%zu: field '%s' is not valid UTF-8 text", p->name,
				    f->line, f->col, hdr[c]);
	char *s = sw_str_dup(f->s);
	if (!s)
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	char *t = sw_str_trim(s);
	if (!*t) {
		free(s);
		return SW_OK;
	}
	if (t != s)
		memmove(s, t, strlen(t) + 1);
	*out = s;
	return SW_OK;
}

sw_err sw_models_parse(const char *name, const char *data, size_t len, struct sw_models_rows *out,
		       struct sw_error *err)
{
	memset(out, 0, sizeof *out);
	struct sw_csv p;
	sw_csv_init(&p, name, data, len);
	bool done = false;
	sw_err e = sw_csv_next(&p, &done, err);
	if (!e && done)
		e = sw_error_set(err, SW_EPARSE, "%s:1:1: empty file: expected a header row", name);
	if (e) {
		sw_csv_release(&p);
		return e;
	}
	int col[C_N];
	const char *hdr[C_N] = {0};
	for (int i = 0; i < C_N; i++)
		col[i] = -1;
	size_t ncols = p.nfields;
	char *bench = NULL;
	bool simple = false;
	if (find_col(&p, "Model version") >= 0) {
		static const char *const eh[C_N] = {"Model version", "Model name", "Display name",
						    "Organization", "Country", "Model accessibility",
						    NULL, "Release date", NULL, NULL};
		for (int i = 0; i < C_N; i++)
			if (eh[i]) {
				hdr[i] = eh[i];
				col[i] = find_col(&p, eh[i]);
			}
		static const char *const scores[] = {"Best score (across scorers)", "mean_score", "ECI Score"};
		for (size_t i = 0; i < 3 && col[C_SCORE] < 0; i++)
			if ((col[C_SCORE] = find_col(&p, scores[i])) >= 0)
				hdr[C_SCORE] = scores[i];
		if (col[C_SCORE] < 0)
			e = sw_error_set(err, SW_EPARSE,
					 "%s:1:1: Epoch file without a score column ('Best score (across scorers)',"
					 " 'mean_score' or 'ECI Score')", name);
		else if (!strcmp(hdr[C_SCORE], "ECI Score")) {
			out->kind = "epoch-eci";
			bench = sw_str_dup("epoch_capabilities_index");
		} else {
			out->kind = "epoch-benchmark";
			bench = bench_from_name(name);
		}
		if (!e && !bench)
			e = sw_error_set(err, SW_ENOMEM, "out of memory");
	} else if (find_col(&p, "model") >= 0 && find_col(&p, "benchmark") >= 0 && find_col(&p, "score") >= 0) {
		static const char *const sh[C_N] = {"version", "model", NULL, "organisation", "country",
						    NULL, "open_weights", "release_date", "benchmark", "score"};
		for (int i = 0; i < C_N; i++)
			if (sh[i]) {
				hdr[i] = sh[i];
				col[i] = find_col(&p, sh[i]);
			}
		if (col[C_ORG] < 0 && (col[C_ORG] = find_col(&p, "organization")) >= 0)
			hdr[C_ORG] = "organization";
		simple = true;
		out->kind = "simple";
	} else
		e = sw_error_set(err, SW_EPARSE,
				 "%s:1:1: unrecognised header: expected an Epoch AI hub export ('Model version', ...)"
				 " or model,organisation,country,release_date,open_weights,benchmark,score",
				 name);
	while (!e) {
		if ((e = sw_csv_next(&p, &done, err)) || done)
			break;
		if (p.nfields != ncols) {
			e = sw_error_set(err, SW_EPARSE, "%s:%zu:1: expected %zu fields as in the header, got %zu",
					 name, p.row_line, ncols, p.nfields);
			break;
		}
		if (out->n == out->alloc) {
			size_t na = out->alloc ? out->alloc * 2 : 64;
			if (na > ((size_t)1 << 22)) {
				e = sw_error_set(err, SW_ELIMIT, "%s: more than %zu rows", name, out->alloc);
				break;
			}
			void *ni = realloc(out->items, na * sizeof *out->items);
			if (!ni) {
				e = sw_error_set(err, SW_ENOMEM, "out of memory");
				break;
			}
			out->items = ni;
			out->alloc = na;
		}
		struct sw_models_row *r = &out->items[out->n];
		memset(r, 0, sizeof *r);
		r->line = p.row_line;
		out->n++;
		char *score = NULL, *open = NULL;
		if ((e = field(&p, col, C_VERSION, hdr, &r->version, err)) ||
		    (e = field(&p, col, C_MODEL, hdr, &r->model, err)) ||
		    (e = field(&p, col, C_DISPLAY, hdr, &r->display, err)) ||
		    (e = field(&p, col, C_ORG, hdr, &r->organisation, err)) ||
		    (e = field(&p, col, C_COUNTRY, hdr, &r->country, err)) ||
		    (e = field(&p, col, C_ACCESS, hdr, &r->access, err)) ||
		    (e = field(&p, col, C_DATE, hdr, &r->release_date, err)) ||
		    (e = field(&p, col, C_BENCH, hdr, &r->benchmark, err)) ||
		    (e = field(&p, col, C_OPEN, hdr, &open, err)) ||
		    (e = field(&p, col, C_SCORE, hdr, &score, err))) {
			free(open);
			free(score);
			break;
		}
		const struct sw_csv_field *fs = &p.fields[col[C_SCORE]];
		if (simple) {
			if (!r->model)
				e = sw_error_set(err, SW_EPARSE, "%s:%zu:%zu: field 'model' is empty", name, r->line,
						 p.fields[col[C_MODEL]].col);
			else if (!r->benchmark)
				e = sw_error_set(err, SW_EPARSE, "%s:%zu:%zu: field 'benchmark' is empty", name,
						 r->line, p.fields[col[C_BENCH]].col);
			else if (!score)
				e = sw_error_set(err, SW_EPARSE, "%s:%zu:%zu: field 'score' is empty", name, r->line,
						 fs->col);
			else if (!r->version && !(r->version = sw_str_dup(r->model)))
				e = sw_error_set(err, SW_ENOMEM, "out of memory");
			if (!e && open) {
				const char *a = NULL;
				if (!strcasecmp(open, "yes") || !strcasecmp(open, "true") || !strcmp(open, "1"))
					a = "Open weights";
				else if (!strcasecmp(open, "no") || !strcasecmp(open, "false") || !strcmp(open, "0"))
					a = "Closed";
				else if (strcasecmp(open, "unknown"))
					e = sw_error_set(err, SW_EPARSE,
							 "%s:%zu:%zu: field 'open_weights': '%.40s' is not yes, no or unknown",
							 name, r->line, p.fields[col[C_OPEN]].col, open);
				if (a && !(r->access = sw_str_dup(a)))
					e = sw_error_set(err, SW_ENOMEM, "out of memory");
			}
		} else {
			if (!r->version)
				e = sw_error_set(err, SW_EPARSE, "%s:%zu:%zu: field 'Model version' is empty", name,
						 r->line, p.fields[col[C_VERSION]].col);
			else if (score && !(r->benchmark = sw_str_dup(bench)))
				e = sw_error_set(err, SW_ENOMEM, "out of memory");
		}
		if (!e && score) {
			char *end;
			r->score = strtod(score, &end);
			if (*end || end == score || !isfinite(r->score))
				e = sw_error_set(err, SW_EPARSE, "%s:%zu:%zu: field '%s': '%.40s' is not a number", name,
						 r->line, fs->col, hdr[C_SCORE], score);
		}
		if (!e && r->release_date && !models_valid_date(r->release_date))
			e = sw_error_set(err, SW_EPARSE, "%s:%zu:%zu: field '%s': '%.40s' is not a date YYYY-MM-DD",
					 name, r->line, p.fields[col[C_DATE]].col, hdr[C_DATE], r->release_date);
		free(open);
		free(score);
	}
	free(bench);
	sw_csv_release(&p);
	if (e)
		sw_models_rows_release(out);
	return e;
}

static sw_err store_rows(struct sw_store *s, const char *path, const struct sw_models_rows *rows,
			 struct sw_models_import_result *res, struct sw_error *err)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	for (size_t i = 0; i < rows->n; i++) {
		const struct sw_models_row *r = &rows->items[i];
		sqlite3_stmt *st;
		sw_err e = store_stmt(
			s,
			"INSERT INTO models_versions(version, model, display, organisation, country,"
			" release_date, access) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(version) DO UPDATE"
			" SET model=COALESCE(excluded.model, model), display=COALESCE(excluded.display, display),"
			" organisation=COALESCE(excluded.organisation, organisation),"
			" country=COALESCE(excluded.country, country),"
			" release_date=COALESCE(excluded.release_date, release_date),"
			" access=COALESCE(excluded.access, access)",
			&st, err);
		if (e)
			return e;
		sqlite3_bind_text(st, 1, r->version, -1, SQLITE_STATIC);
		store_bind_text(st, 2, r->model);
		store_bind_text(st, 3, r->display);
		store_bind_text(st, 4, r->organisation);
		store_bind_text(st, 5, r->country);
		store_bind_text(st, 6, r->release_date);
		store_bind_text(st, 7, r->access);
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return store_dberr(s, err, "storing a model version");
		res->versions++;
		if (!r->benchmark)
			continue;
		if ((e = store_stmt(s,
				       "INSERT INTO models_scores(version, benchmark, score, source)"
				       " VALUES(?1, ?2, ?3, ?4) ON CONFLICT(benchmark, version) DO UPDATE"
				       " SET score=excluded.score, source=excluded.source",
				       &st, err)))
			return e;
		sqlite3_bind_text(st, 1, r->version, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, r->benchmark, -1, SQLITE_STATIC);
		sqlite3_bind_double(st, 3, r->score);
		sqlite3_bind_text(st, 4, base, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return store_dberr(s, err, "storing a score");
		res->scores++;
	}
	return SW_OK;
}

sw_err sw_models_import_files(struct sw_store *s, const char *const *paths, size_t n,
			      struct sw_models_import_result *res, struct sw_error *err)
{
	memset(res, 0, sizeof *res);
	sw_err e = sw_store_begin(s, err);
	if (e)
		return e;
	for (size_t i = 0; i < n && !e; i++) {
		struct sw_buf b = SW_BUF_INIT;
		sw_buf_init(&b, (size_t)256 << 20);
		struct sw_models_rows rows = {0};
		e = sw_buf_read_file(paths[i], &b, err);
		if (!e)
			e = sw_models_parse(paths[i], b.data ? b.data : "", b.len, &rows, err);
		if (!e)
			e = store_rows(s, paths[i], &rows, res, err);
		if (!e)
			res->files++;
		sw_models_rows_release(&rows);
		sw_buf_release(&b);
	}
	if (e) {
		sw_store_rollback(s);
		memset(res, 0, sizeof *res);
		return e;
	}
	return sw_store_commit(s, err);
}

sw_err sw_models_benchmarks(struct sw_store *s, struct sw_table **out, struct sw_error *err)
{
	*out = NULL;
	sw_err e = SW_OK;
	static const char *const h[] = {"benchmark", "scores", "first_release", "last_release"};
	struct sw_table *t = sw_table_new("benchmarks", "Benchmarks", 4, h);
	if (!t)
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	sqlite3_stmt *st;
	if ((e = store_stmt(s,
			       "SELECT sc.benchmark, COUNT(*), MIN(v.release_date), MAX(v.release_date)"
			       " FROM models_scores sc JOIN models_versions v USING(version)"
			       " GROUP BY sc.benchmark ORDER BY sc.benchmark",
			       &st, err))) {
		sw_table_free(t);
		return e;
	}
	int rc;
	while (!e && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((e = sw_table_add_row(t)) || (e = sw_table_str(t, 0, (const char *)sqlite3_column_text(st, 0))) ||
		    (e = sw_table_int(t, 1, sqlite3_column_int64(st, 1))) ||
		    (e = sw_table_str(t, 2, (const char *)sqlite3_column_text(st, 2))) ||
		    (e = sw_table_str(t, 3, (const char *)sqlite3_column_text(st, 3))))
			sw_error_set(err, e, "building the benchmark table");
	}
	sqlite3_reset(st);
	if (e) {
		sw_table_free(t);
		return e;
	}
	*out = t;
	return SW_OK;
}
