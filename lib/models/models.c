/* models.c: reading model-benchmark files (Epoch AI hub exports and the
 * simple CSV) and storing them in the models module's own tables.
 *
 * Storage keys on the model *version* because that is the only key both
 * Epoch files share; collapsing versions to models happens when the
 * frontier is computed (frontier.c), so importing the files in any
 * order gives the same result. */
#include "stackwatch/models.h"

#include <ctype.h>
#include <math.h>
#include <stddef.h>
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

void models_free_records(void *items, size_t n, size_t size, const size_t *strings, size_t nstrings)
{
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < nstrings; k++)
			free(*(char **)((char *)items + i * size + strings[k]));
	free(items);
}

/* The strings each row owns. */
static const size_t row_strings[] = {
	offsetof(struct sw_models_row, version),      offsetof(struct sw_models_row, model),
	offsetof(struct sw_models_row, display),      offsetof(struct sw_models_row, organisation),
	offsetof(struct sw_models_row, country),      offsetof(struct sw_models_row, access),
	offsetof(struct sw_models_row, release_date), offsetof(struct sw_models_row, benchmark),
};

void sw_models_rows_release(struct sw_models_rows *r)
{
	if (!r)
		return;
	models_free_records(r->items, r->n, sizeof *r->items, row_strings, sizeof row_strings / sizeof row_strings[0]);
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

int64_t models_day(const char *s)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return INT64_MIN;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return INT64_MIN;
	return sw_time_days_from_civil(atoi(s), (unsigned)atoi(s + 5), (unsigned)atoi(s + 8));
}

bool models_valid_date(const char *s)
{
	int64_t day = models_day(s);
	if (day == INT64_MIN)
		return false;
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	int yy;
	unsigned mm, dd;
	sw_time_civil_from_days(day, &yy, &mm, &dd);
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

/* Which column holds each role, under which header name (for messages). */
struct layout {
	int col[C_N];
	const char *hdr[C_N];
	bool simple;  /* the simple CSV; else an Epoch AI hub export */
	char *bench;  /* Epoch files: the benchmark every row scores */
};

#define MAX_ROWS ((size_t)1 << 22)

static void map_columns(const struct sw_csv *p, const char *const names[C_N], struct layout *l)
{
	for (int i = 0; i < C_N; i++)
		if (names[i]) {
			l->hdr[i] = names[i];
			l->col[i] = find_col(p, names[i]);
		}
}

/* An Epoch export: its score column names the kind, and the benchmark comes
 * from the file name (or is the capabilities index). */
static sw_err epoch_layout(const struct sw_csv *p, const char *name, struct layout *l, struct sw_models_rows *out,
			   struct sw_error *err)
{
	static const char *const eh[C_N] = {"Model version", "Model name", "Display name",
					    "Organization", "Country", "Model accessibility",
					    NULL, "Release date", NULL, NULL};
	static const char *const scores[] = {"Best score (across scorers)", "mean_score", "ECI Score"};
	map_columns(p, eh, l);
	for (size_t i = 0; i < 3 && l->col[C_SCORE] < 0; i++)
		if ((l->col[C_SCORE] = find_col(p, scores[i])) >= 0)
			l->hdr[C_SCORE] = scores[i];
	if (l->col[C_SCORE] < 0)
		return sw_error_set(err, SW_EPARSE,
				    "%s:1:1: Epoch file without a score column ('Best score (across scorers)',"
				    " 'mean_score' or 'ECI Score')", name);
	if (!strcmp(l->hdr[C_SCORE], "ECI Score")) {
		out->kind = "epoch-eci";
		l->bench = sw_str_dup("epoch_capabilities_index");
	} else {
		out->kind = "epoch-benchmark";
		l->bench = bench_from_name(name);
	}
	return l->bench ? SW_OK : sw_error_set(err, SW_ENOMEM, "out of memory");
}

static void simple_layout(const struct sw_csv *p, struct layout *l, struct sw_models_rows *out)
{
	static const char *const sh[C_N] = {"version", "model", NULL, "organisation", "country",
					    NULL, "open_weights", "release_date", "benchmark", "score"};
	map_columns(p, sh, l);
	if (l->col[C_ORG] < 0 && (l->col[C_ORG] = find_col(p, "organization")) >= 0)
		l->hdr[C_ORG] = "organization";
	l->simple = true;
	out->kind = "simple";
}

/* The header row: which of the two formats, and where its columns are. */
static sw_err read_header(struct sw_csv *p, const char *name, struct layout *l, struct sw_models_rows *out,
			  struct sw_error *err)
{
	for (int i = 0; i < C_N; i++)
		l->col[i] = -1;
	bool done = false;
	sw_err e = sw_csv_next(p, &done, err);
	if (!e && done)
		e = sw_error_set(err, SW_EPARSE, "%s:1:1: empty file: expected a header row", name);
	if (e)
		return e;
	if (find_col(p, "Model version") >= 0)
		return epoch_layout(p, name, l, out, err);
	if (find_col(p, "model") >= 0 && find_col(p, "benchmark") >= 0 && find_col(p, "score") >= 0) {
		simple_layout(p, l, out);
		return SW_OK;
	}
	return sw_error_set(err, SW_EPARSE,
			    "%s:1:1: unrecognised header: expected an Epoch AI hub export ('Model version', ...)"
			    " or model,organisation,country,release_date,open_weights,benchmark,score",
			    name);
}

/* A new zeroed row at the end of out, for the record on line `line`. */
static sw_err row_add(struct sw_models_rows *out, const char *name, size_t line, struct sw_models_row **r,
		      struct sw_error *err)
{
	if (out->n == out->alloc && out->n >= MAX_ROWS)
		return sw_error_set(err, SW_ELIMIT, "%s: more than %zu rows", name, out->alloc);
	if (!sw_array_grow(&out->items, &out->alloc, out->n + 1, sizeof *out->items))
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	*r = &out->items[out->n++];
	memset(*r, 0, sizeof **r);
	(*r)->line = line;
	return SW_OK;
}

/* The row's fields into r, open_weights and score into *open and *score
 * (caller frees both, also on error). */
static sw_err row_fields(const struct sw_csv *p, const struct layout *l, struct sw_models_row *r, char **open,
			 char **score, struct sw_error *err)
{
	/* in this order, so a file with several bad fields names the same one */
	static const int order[] = {C_VERSION, C_MODEL, C_DISPLAY, C_ORG, C_COUNTRY,
				    C_ACCESS, C_DATE, C_BENCH, C_OPEN, C_SCORE};
	char **dst[C_N];
	dst[C_VERSION] = &r->version;
	dst[C_MODEL] = &r->model;
	dst[C_DISPLAY] = &r->display;
	dst[C_ORG] = &r->organisation;
	dst[C_COUNTRY] = &r->country;
	dst[C_ACCESS] = &r->access;
	dst[C_OPEN] = open;
	dst[C_DATE] = &r->release_date;
	dst[C_BENCH] = &r->benchmark;
	dst[C_SCORE] = score;
	sw_err e = SW_OK;
	for (size_t i = 0; i < C_N && !e; i++)
		e = field(p, l->col, order[i], l->hdr, dst[order[i]], err);
	return e;
}

static sw_err empty_field(const struct sw_csv *p, const struct layout *l, int c, const char *what, size_t line,
			  struct sw_error *err)
{
	return sw_error_set(err, SW_EPARSE, "%s:%zu:%zu: field '%s' is empty", p->name, line,
			    p->fields[l->col[c]].col, what);
}

/* open_weights: yes/no/unknown (and true/false/1/0) as an accessibility. */
static sw_err open_weights(const struct sw_csv *p, const struct layout *l, struct sw_models_row *r, const char *open,
			   struct sw_error *err)
{
	const char *a = NULL;
	if (!strcasecmp(open, "yes") || !strcasecmp(open, "true") || !strcmp(open, "1"))
		a = "Open weights";
	else if (!strcasecmp(open, "no") || !strcasecmp(open, "false") || !strcmp(open, "0"))
		a = "Closed";
	else if (strcasecmp(open, "unknown"))
		return sw_error_set(err, SW_EPARSE, "%s:%zu:%zu: field 'open_weights': '%.40s' is not yes, no or unknown",
				    p->name, r->line, p->fields[l->col[C_OPEN]].col, open);
	if (a && !(r->access = sw_str_dup(a)))
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	return SW_OK;
}

/* The simple CSV: model, benchmark and score required; the version
 * defaults to the model. */
static sw_err simple_row(const struct sw_csv *p, const struct layout *l, struct sw_models_row *r, const char *open,
			 const char *score, struct sw_error *err)
{
	if (!r->model)
		return empty_field(p, l, C_MODEL, "model", r->line, err);
	if (!r->benchmark)
		return empty_field(p, l, C_BENCH, "benchmark", r->line, err);
	if (!score)
		return empty_field(p, l, C_SCORE, "score", r->line, err);
	if (!r->version && !(r->version = sw_str_dup(r->model)))
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	return open ? open_weights(p, l, r, open, err) : SW_OK;
}

/* An Epoch row: the version is required; a scored row scores the file's benchmark. */
static sw_err epoch_row(const struct sw_csv *p, const struct layout *l, struct sw_models_row *r, const char *score,
			struct sw_error *err)
{
	if (!r->version)
		return empty_field(p, l, C_VERSION, "Model version", r->line, err);
	if (score && !(r->benchmark = sw_str_dup(l->bench)))
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	return SW_OK;
}

/* The score a number, the release date a real date. */
static sw_err row_values(const struct sw_csv *p, const struct layout *l, struct sw_models_row *r, const char *score,
			 struct sw_error *err)
{
	if (score) {
		char *end;
		r->score = strtod(score, &end);
		if (*end || end == score || !isfinite(r->score))
			return sw_error_set(err, SW_EPARSE, "%s:%zu:%zu: field '%s': '%.40s' is not a number", p->name,
					    r->line, p->fields[l->col[C_SCORE]].col, l->hdr[C_SCORE], score);
	}
	if (r->release_date && !models_valid_date(r->release_date))
		return sw_error_set(err, SW_EPARSE, "%s:%zu:%zu: field '%s': '%.40s' is not a date YYYY-MM-DD",
				    p->name, r->line, p->fields[l->col[C_DATE]].col, l->hdr[C_DATE], r->release_date);
	return SW_OK;
}

/* The current record as a new row of out. */
static sw_err parse_row(const struct sw_csv *p, const struct layout *l, size_t ncols, struct sw_models_rows *out,
			struct sw_error *err)
{
	if (p->nfields != ncols)
		return sw_error_set(err, SW_EPARSE, "%s:%zu:1: expected %zu fields as in the header, got %zu", p->name,
				    p->row_line, ncols, p->nfields);
	struct sw_models_row *r = NULL;
	sw_err e = row_add(out, p->name, p->row_line, &r, err);
	if (e)
		return e;
	char *score = NULL, *open = NULL;
	e = row_fields(p, l, r, &open, &score, err);
	if (!e)
		e = l->simple ? simple_row(p, l, r, open, score, err) : epoch_row(p, l, r, score, err);
	if (!e)
		e = row_values(p, l, r, score, err);
	free(open);
	free(score);
	return e;
}

sw_err sw_models_parse(const char *name, const char *data, size_t len, struct sw_models_rows *out,
		       struct sw_error *err)
{
	memset(out, 0, sizeof *out);
	struct sw_csv p;
	sw_csv_init(&p, name, data, len);
	struct layout l = {.bench = NULL};
	sw_err e = read_header(&p, name, &l, out, err);
	size_t ncols = p.nfields;
	for (bool done = false; !e;) {
		if ((e = sw_csv_next(&p, &done, err)) || done)
			break;
		e = parse_row(&p, &l, ncols, out, err);
	}
	free(l.bench);
	sw_csv_release(&p);
	if (e)
		sw_models_rows_release(out);
	return e;
}

/* A version's fields; NULLs leave what another file gave. */
static sw_err store_version(struct sw_store *s, const struct sw_models_row *r, struct sw_error *err)
{
	return store_run(s,
			 "INSERT INTO models_versions(version, model, display, organisation, country,"
			 " release_date, access) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(version) DO UPDATE"
			 " SET model=COALESCE(excluded.model, model), display=COALESCE(excluded.display, display),"
			 " organisation=COALESCE(excluded.organisation, organisation),"
			 " country=COALESCE(excluded.country, country),"
			 " release_date=COALESCE(excluded.release_date, release_date),"
			 " access=COALESCE(excluded.access, access)",
			 STORE_VALS(STORE_TEXT(r->version), STORE_TEXT_OR_NULL(r->model), STORE_TEXT_OR_NULL(r->display),
				    STORE_TEXT_OR_NULL(r->organisation), STORE_TEXT_OR_NULL(r->country),
				    STORE_TEXT_OR_NULL(r->release_date), STORE_TEXT_OR_NULL(r->access)),
			 "storing a model version", err);
}

/* A version's score on its benchmark, with the file it came from. */
static sw_err store_score(struct sw_store *s, const struct sw_models_row *r, const char *source,
			  struct sw_error *err)
{
	return store_run(s,
			 "INSERT INTO models_scores(version, benchmark, score, source)"
			 " VALUES(?1, ?2, ?3, ?4) ON CONFLICT(benchmark, version) DO UPDATE"
			 " SET score=excluded.score, source=excluded.source",
			 STORE_VALS(STORE_TEXT(r->version), STORE_TEXT(r->benchmark), STORE_DOUBLE(r->score),
				    STORE_TEXT(source)),
			 "storing a score", err);
}

static sw_err store_rows(struct sw_store *s, const char *path, const struct sw_models_rows *rows,
			 struct sw_models_import_result *res, struct sw_error *err)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	for (size_t i = 0; i < rows->n; i++) {
		const struct sw_models_row *r = &rows->items[i];
		sw_err e = store_version(s, r, err);
		if (e)
			return e;
		res->versions++;
		if (!r->benchmark)
			continue;
		if ((e = store_score(s, r, base, err)))
			return e;
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
	return sw_table_give(t, e, out);
}
