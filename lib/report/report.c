/* report.c: the ecosystem report: every analysis of the AI-stack study
 * computed from the store for one snapshot (render.c writes it as text,
 * Markdown, JSON and CSV, html.c as the page with charts).
 *
 * Speed: one query reads each tracked repo with its latest snapshot (index
 * seeks on snapshots' primary key, never a scan of the whole history); the
 * hype shape reads 2 more rows per repo with history (first and middle),
 * and stars over time read a dozen sampled snapshot times. Everything else
 * is computed in memory in one pass plus a few sorts. */
#include "report_int.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_int.h"
#if SW_HAVE_GHARCHIVE
#include "stackwatch/gharchive.h"
#endif
#include "stackwatch/core.h"

#define TOP_N 20
#define STAR_SAMPLES 8

/* One tracked repo as the report sees it. */
struct row {
	int64_t id;
	char *owner, *name, *full, *owner_lc, *subcat, *top_devs;
	int layer;      /* index into layer arrays */
	bool software, cjk;
	int month;      /* y*12 + m-1 of created_at; -1 unknown */
	int otype;      /* 0 unknown, 1 user, 2 organization */
	int64_t stars, star_1d, star_7d, contributors;
	bool contrib_at_least;
	double star_7d_pct;
	int64_t first_at, last_at;
	double first_stars;
	enum sw_report_shape shape;
	bool shape_from_archive;   /* shape from the GH Archive daily series */
};

struct ctx {
	struct sw_store *s;
	struct sw_report *r;
	struct row *rows;
	size_t n, alloc;
	struct sw_error *err;
	struct sw_table *archive; /* archive_history, shown after the hype tables */
};

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

/* --------------------------------------------------------------- helpers */

static sw_err add_table(struct sw_report *r, struct sw_table *t)
{
	if (!t)
		return SW_ENOMEM;
	struct sw_table **p = realloc(r->tables, (r->ntables + 1) * sizeof *p);
	if (!p) {
		sw_table_free(t);
		return SW_ENOMEM;
	}
	r->tables = p;
	r->tables[r->ntables++] = t;
	return SW_OK;
}

/* End of an analysis: add t to the report if e is SW_OK, else free it and
 * pass e on. */
static sw_err keep_table(struct sw_report *r, struct sw_table *t, sw_err e)
{
	if (e) {
		sw_table_free(t);
		return e;
	}
	return add_table(r, t);
}

static char *lower_dup(const char *s)
{
	char *d = sw_str_dup(s ? s : "");
	for (char *p = d; p && *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return d;
}

static double pct(double part, double whole) { return whole > 0 ? 100.0 * part / whole : NAN; }
static double frac(double part, double whole) { return whole > 0 ? part / whole : NAN; }
static double stars0(int64_t v) { return v == SW_UNKNOWN ? 0 : (double)v; }

static void month_label(int month, char out[16])
{
	snprintf(out, 16, "%04d-%02d", month / 12, month % 12 + 1);
}

static int month_of_time(int64_t t)
{
	int y;
	unsigned m, d;
	sw_time_civil_from_days(t >= 0 ? t / 86400 : (t - 86399) / 86400, &y, &m, &d);
	return y * 12 + (int)m - 1;
}

static int month_of_date(const char *s)
{
	int64_t t;
	if (!s || strlen(s) < 10)
		return -1;
	char d[11];
	memcpy(d, s, 10);
	d[10] = '\0';
	return sw_time_parse(d, &t) ? month_of_time(t) : -1;
}

static int cmp_double_asc(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
	if (!n)
		return NAN;
	qsort(v, n, sizeof *v, cmp_double_asc);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* A note under a table, wrapped to fit 100 columns after "note: " in the
 * terminal (HTML collapses the line breaks; Markdown keeps one paragraph). */
static sw_err add_note(struct sw_table *t, const char *text)
{
	struct sw_buf b = SW_BUF_INIT;
	size_t col = 0;
	sw_err e = SW_OK;
	for (const char *p = text; !e && *p;) {
		const char *sp = strchr(p, ' ');
		size_t w = sp ? (size_t)(sp - p) : strlen(p);
		if (col && col + 1 + w > 92) {
			e = sw_buf_puts(&b, "\n      ");
			col = 0;
		} else if (col) {
			e = sw_buf_putc(&b, ' ');
			col++;
		}
		if (!e)
			e = sw_buf_append(&b, p, w);
		col += w;
		p += w;
		while (*p == ' ')
			p++;
	}
	if (!e)
		e = sw_table_note(t, b.data ? b.data : "");
	sw_buf_release(&b);
	return e;
}

/* ------------------------------------------------------------ data load */

static const char *const LOAD_SQL =
	"WITH asof(t) AS (SELECT CASE WHEN ?1 > 0 THEN ?1 ELSE"
	" (SELECT COALESCE(MAX(taken_at), 0) FROM snapshots) END),"
	" b AS MATERIALIZED (SELECT r.id, r.owner, r.name, r.description, r.created_at, r.owner_type, c.layer,"
	" c.subcat,"
	" (SELECT MAX(taken_at) FROM snapshots WHERE repo_id = r.id AND taken_at <= (SELECT t FROM asof)) AS last_at,"
	" (SELECT MIN(taken_at) FROM snapshots WHERE repo_id = r.id) AS first_at"
	" FROM repos r LEFT JOIN repo_class c ON c.repo_id = r.id"
	" WHERE r.state = 'tracked')"
	" SELECT b.id, b.owner, b.name, b.description, b.created_at, b.owner_type, b.layer, b.subcat,"
	" b.last_at, b.first_at, s.stars, s.star_1d, s.star_7d, s.star_7d_pct, s.contributors, s.contributors_at_least,"
	" (SELECT group_concat(login, ',') FROM (SELECT login FROM top_devs t WHERE t.repo_id = b.id"
	"  AND t.taken_at = b.last_at ORDER BY rank)),"
	" (SELECT p.stars FROM snapshots p WHERE p.repo_id = b.id AND p.taken_at = b.first_at)"
	" FROM b LEFT JOIN snapshot_view s ON s.repo_id = b.id AND s.taken_at = b.last_at"
	" WHERE NOT (b.last_at IS NULL AND b.first_at IS NOT NULL)";

static int layer_index(struct sw_report *r, const char *name)
{
	for (size_t i = 0; i < r->nlayers; i++)
		if (!strcmp(r->layer_names[i], name ? name : "(unclassified)"))
			return (int)i;
	return -1;
}

static sw_err add_layer(struct sw_report *r, const char *name, bool software)
{
	size_t n = r->nlayers + 1;
	char **names = realloc(r->layer_names, n * sizeof *names);
	if (!names)
		return SW_ENOMEM;
	r->layer_names = names;
	bool *sw = realloc(r->layer_software, n * sizeof *sw);
	if (!sw)
		return SW_ENOMEM;
	r->layer_software = sw;
	int64_t *cnt = realloc(r->layer_repos, n * sizeof *cnt);
	if (!cnt)
		return SW_ENOMEM;
	r->layer_repos = cnt;
	if (!(names[r->nlayers] = strdup(name)))
		return SW_ENOMEM;
	sw[r->nlayers] = software;
	cnt[r->nlayers] = 0;
	r->nlayers++;
	return SW_OK;
}

static void row_release(struct row *w)
{
	free(w->owner);
	free(w->name);
	free(w->full);
	free(w->owner_lc);
	free(w->subcat);
	free(w->top_devs);
}

static sw_err load_rows(struct ctx *c, int64_t as_of)
{
	struct sw_report *r = c->r;
	sqlite3_stmt *st;
	/* Statements here are prepared and finalized, not cached: the store's
	 * statement cache is shared by every module of a long-running server. */
	sw_err e = store_prepare(c->s, LOAD_SQL, &st, c->err);
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, as_of);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (c->n == c->alloc) {
			size_t na = c->alloc ? c->alloc * 2 : 256;
			struct row *p = realloc(c->rows, na * sizeof *p);
			if (!p) {
				e = SW_ENOMEM;
				break;
			}
			c->rows = p;
			c->alloc = na;
		}
		struct row *w = &c->rows[c->n++];
		memset(w, 0, sizeof *w);
		w->id = sqlite3_column_int64(st, 0);
		w->owner = store_col_text(st, 1);
		w->name = store_col_text(st, 2);
		const char *desc = (const char *)sqlite3_column_text(st, 3);
		w->cjk = desc && sw_utf8_has_cjk(desc);
		w->month = month_of_date((const char *)sqlite3_column_text(st, 4));
		const char *ot = (const char *)sqlite3_column_text(st, 5);
		w->otype = !ot ? 0 : !strcmp(ot, "user") ? 1 : !strcmp(ot, "organization") ? 2 : 0;
		const char *layer = (const char *)sqlite3_column_text(st, 6);
		w->layer = layer_index(r, layer);
		if (w->layer < 0) {
			/* Layers missing from the taxonomy (or none): shown after it, not software. */
			if ((e = add_layer(r, layer ? layer : "(unclassified)", false)))
				break;
			w->layer = (int)r->nlayers - 1;
		}
		w->software = r->layer_software[w->layer];
		w->subcat = store_col_text(st, 7);
		w->last_at = sqlite3_column_type(st, 8) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 8);
		w->first_at = sqlite3_column_type(st, 9) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 9);
		w->stars = store_col_i64(st, 10);
		w->star_1d = store_col_i64(st, 11);
		w->star_7d = store_col_i64(st, 12);
		w->star_7d_pct = store_col_double(st, 13); /* the gain rule: core's snapshot_view */
		w->contributors = store_col_i64(st, 14);
		w->contrib_at_least = sqlite3_column_int(st, 15) != 0;
		w->top_devs = store_col_text(st, 16);
		w->first_stars = store_col_double(st, 17);
		w->owner_lc = lower_dup(w->owner);
		size_t fl = strlen(w->owner ? w->owner : "") + strlen(w->name ? w->name : "") + 2;
		w->full = malloc(fl);
		if (w->full)
			snprintf(w->full, fl, "%s/%s", w->owner ? w->owner : "", w->name ? w->name : "");
		if (!w->owner || !w->name || !w->owner_lc || !w->full) {
			e = SW_ENOMEM;
			break;
		}
	}
	if (!e && rc != SQLITE_DONE)
		e = store_dberr(c->s, c->err, "reading repos for the report");
	else if (e)
		e = sw_error_set(c->err, e, "out of memory");
	sqlite3_finalize(st);
	return e;
}

/* The hype shape from each repo's first, middle and last snapshot (up to
 * as_of): 2 index seeks per repo instead of reading its whole history. */
static sw_err load_shapes(struct ctx *c)
{
	static const char *const MID_BEFORE =
		"SELECT taken_at, stars FROM snapshots WHERE repo_id = ?1 AND taken_at > ?2 AND taken_at <= ?3"
		" AND stars IS NOT NULL ORDER BY taken_at DESC LIMIT 1";
	static const char *const MID_AFTER =
		"SELECT taken_at, stars FROM snapshots WHERE repo_id = ?1 AND taken_at > ?2 AND taken_at < ?3"
		" AND stars IS NOT NULL ORDER BY taken_at LIMIT 1";
	sqlite3_stmt *q[2] = {NULL, NULL};
	sw_err e = store_prepare(c->s, MID_BEFORE, &q[0], c->err);
	if (!e)
		e = store_prepare(c->s, MID_AFTER, &q[1], c->err);
	for (size_t i = 0; !e && i < c->n; i++) {
		struct row *w = &c->rows[i];
		w->shape = SW_REPORT_SHAPE_INSUFFICIENT;
		if (!w->first_at || w->last_at <= w->first_at || w->stars == SW_UNKNOWN || isnan(w->first_stars))
			continue;
		int64_t mid = w->first_at + (w->last_at - w->first_at) / 2;
		int64_t t[3] = {w->first_at, 0, w->last_at};
		double y[3] = {w->first_stars, NAN, (double)w->stars};
		for (int pass = 0; pass < 2 && isnan(y[1]); pass++) {
			sqlite3_stmt *st = q[pass];
			sqlite3_bind_int64(st, 1, w->id);
			sqlite3_bind_int64(st, 2, pass ? mid : w->first_at);
			sqlite3_bind_int64(st, 3, pass ? w->last_at : mid);
			if (sqlite3_step(st) == SQLITE_ROW) {
				t[1] = sqlite3_column_int64(st, 0);
				y[1] = sqlite3_column_double(st, 1);
			}
			sqlite3_reset(st);
		}
		if (!isnan(y[1]))
			w->shape = sw_report_hype_shape(t, y, 3);
	}
	sqlite3_finalize(q[0]);
	sqlite3_finalize(q[1]);
	return e;
}

/* ------------------------------------------------------------- analyses */

static const char *lname(const struct sw_report *r, int i) { return r->layer_names[i]; }

/* GH Archive history (when `stackwatch gharchive scan` has run): a repo's
 * anchored daily star series gives its shape where snapshots are too few,
 * and the repos whose history crosses missing/truncated/low hours are
 * listed so no reader takes a gap for a stall. */
static sw_err archive_history(struct ctx *c)
{
#if !SW_HAVE_GHARCHIVE
	(void)c; /* this build has no GH Archive subsystem: snapshots only */
	return SW_OK;
#else
	if (!sw_gha_has_events(c->s))
		return SW_OK;
	static const char *const h[] = {"repo", "layer", "first_day", "last_day", "days", "stars_in_archive",
					"anchored", "shape", "gap_hours"};
	struct sw_table *t = sw_table_new("archive_history",
					  "Star history from GH Archive (repos with events in the scanned hours)",
					  sizeof h / sizeof h[0], h);
	if (!t)
		return sw_error_set(c->err, SW_ENOMEM, "out of memory");
	sw_err e = SW_OK;
	size_t crossing = 0;
	int64_t last_day = c->r->as_of ? c->r->as_of / 86400 : INT64_MAX;
	for (size_t i = 0; !e && i < c->n; i++) {
		struct row *w = &c->rows[i];
		struct sw_gha_series ser;
		if (sw_gha_repo_series(c->s, w->full, &ser, NULL) != SW_OK)
			continue;
		size_t m = 0; /* days up to the report's snapshot */
		int64_t sum = 0;
		while (m < ser.n && ser.day[m] <= last_day)
			sum += ser.stars[m++];
		if (m) {
			double *y = malloc(m * sizeof *y);
			if (!y) {
				sw_gha_series_release(&ser);
				e = SW_ENOMEM;
				break;
			}
			for (size_t k = 0; k < m; k++)
				y[k] = (double)ser.cum_stars[k];
			enum sw_report_shape sh = sw_report_hype_shape(ser.day, y, m);
			free(y);
			if (w->shape == SW_REPORT_SHAPE_INSUFFICIENT && sh != SW_REPORT_SHAPE_INSUFFICIENT) {
				w->shape = sh;
				w->shape_from_archive = true;
			}
			char d0[32], d1[32];
			sw_time_format_date(ser.day[0] * 86400, d0);
			sw_time_format_date(ser.day[m - 1] * 86400, d1);
			crossing += ser.gap_hours > 0;
			e = sw_table_add_row(t);
			if (!e) e = sw_table_str(t, 0, w->full);
			if (!e) e = sw_table_str(t, 1, lname(c->r, w->layer));
			if (!e) e = sw_table_str(t, 2, d0);
			if (!e) e = sw_table_str(t, 3, d1);
			if (!e) e = sw_table_int(t, 4, (int64_t)m);
			if (!e) e = sw_table_int(t, 5, sum);
			if (!e) e = sw_table_str(t, 6, ser.anchored ? "yes" : "no");
			if (!e) e = sw_table_str(t, 7, sw_report_shape_name(sh));
			if (!e) e = sw_table_int(t, 8, ser.gap_hours);
		}
		sw_gha_series_release(&ser);
	}
	if (!e && sw_table_rows(t)) {
		char note[300];
		snprintf(note, sizeof note,
			 "%zu of these histories cross GH Archive gaps (gap_hours > 0: missing, truncated or abnormally"
			 " small hours inside the span; event counts there are lower bounds; see `stackwatch gharchive"
			 " gaps`). Anchored: cumulative stars pinned to API snapshots.",
			 crossing);
		e = add_note(t, note);
		if (!e) {
			c->archive = t;
			t = NULL;
		}
	}
	sw_table_free(t);
	return e ? sw_error_set(c->err, e, "out of memory") : SW_OK;
#endif
}

/* 1. Inventory: layers and subcategories. */
static sw_err inventory(struct ctx *c)
{
	struct sw_report *r = c->r;
	size_t L = r->nlayers;
	double *stars = calloc(L ? L : 1, sizeof *stars);
	if (!stars)
		return SW_ENOMEM;
	double all_stars = 0;
	for (size_t i = 0; i < c->n; i++) {
		struct row *w = &c->rows[i];
		r->layer_repos[w->layer]++;
		stars[w->layer] += stars0(w->stars);
		all_stars += stars0(w->stars);
		r->repos++;
		if (w->software) {
			r->software_repos++;
			r->software_stars += stars0(w->stars);
		} else if (!strcmp(lname(r, w->layer), "(unclassified)"))
			r->unclassified++;
		else
			r->non_software_repos++;
		if (!w->last_at)
			r->no_snapshot++;
	}
	static const char *const h[] = {"layer", "software", "repos", "repo_share_pct", "stars", "star_share_pct"};
	struct sw_table *t = sw_table_new("layers", "Repos and stars per layer", 6, h);
	sw_err e = t ? SW_OK : SW_ENOMEM;
	for (size_t l = 0; !e && l < L; l++) {
		e = sw_table_add_row(t);
		if (!e) e = sw_table_str(t, 0, r->layer_names[l]);
		if (!e) e = sw_table_str(t, 1, r->layer_software[l] ? "yes" : "no");
		if (!e) e = sw_table_int(t, 2, r->layer_repos[l]);
		if (!e) e = sw_table_num(t, 3, pct((double)r->layer_repos[l], (double)r->repos), 1);
		if (!e) e = sw_table_int(t, 4, (int64_t)stars[l]);
		if (!e) e = sw_table_num(t, 5, pct(stars[l], all_stars), 1);
	}
	if (!e && r->no_snapshot) {
		char note[160];
		snprintf(note, sizeof note, "%lld repo(s) have no snapshot yet: counted as repos, with no stars.",
			 (long long)r->no_snapshot);
		e = add_note(t, note);
	}
	if (!e && r->unclassified) {
		char note[160];
		snprintf(note, sizeof note, "%lld repo(s) have no layer yet: not counted as software repos.",
			 (long long)r->unclassified);
		e = add_note(t, note);
	}
	free(stars);
	if (e) {
		sw_table_free(t);
		return e;
	}
	if ((e = add_table(r, t)))
		return e;

	/* Subcategories: taxonomy order within each layer; repos without one last. */
	static const char *const hs[] = {"layer", "subcat", "repos", "stars"};
	t = sw_table_new("subcats", "Repos and stars per subcategory", 4, hs);
	if (!t)
		return SW_ENOMEM;
	struct sw_taxonomy tx = {0};
	e = sw_taxonomy_get(c->s, &tx, NULL);
	for (size_t l = 0; !e && l < L; l++) {
		const struct sw_layer_info *li = NULL;
		for (size_t k = 0; k < tx.n; k++)
			if (!strcmp(tx.layers[k].name, r->layer_names[l]))
				li = &tx.layers[k];
		/* Candidate names: the taxonomy's, then any others seen, then none. */
		size_t ncand = (li ? li->nsubcats : 0);
		const char **cand = malloc((ncand + c->n + 1) * sizeof *cand);
		if (!cand) {
			e = SW_ENOMEM;
			break;
		}
		for (size_t k = 0; k < ncand; k++)
			cand[k] = li->subcats[k];
		for (size_t i = 0; i < c->n; i++) {
			if (c->rows[i].layer != (int)l || !c->rows[i].subcat)
				continue;
			bool seen = false;
			for (size_t k = 0; k < ncand && !seen; k++)
				seen = !strcasecmp(cand[k], c->rows[i].subcat);
			if (!seen)
				cand[ncand++] = c->rows[i].subcat;
		}
		cand[ncand++] = NULL;
		for (size_t k = 0; !e && k < ncand; k++) {
			int64_t n = 0;
			double st = 0;
			for (size_t i = 0; i < c->n; i++) {
				const struct row *w = &c->rows[i];
				if (w->layer != (int)l)
					continue;
				if (cand[k] ? (w->subcat && !strcasecmp(w->subcat, cand[k])) : !w->subcat) {
					n++;
					st += stars0(w->stars);
				}
			}
			if (!n)
				continue;
			e = sw_table_add_row(t);
			if (!e) e = sw_table_str(t, 0, r->layer_names[l]);
			if (!e) e = sw_table_str(t, 1, cand[k] ? cand[k] : "(none)");
			if (!e) e = sw_table_int(t, 2, n);
			if (!e) e = sw_table_int(t, 3, (int64_t)st);
		}
		free(cand);
	}
	sw_taxonomy_release(&tx);
	return keep_table(r, t, e);
}

/* 2. Growth: repos per layer by creation month (software layers get a
 * column each; everything else is "other"), new repos per month, a
 * per-layer summary of where the rate peaked and flattened, and stars per
 * layer at sampled snapshot times. */
static sw_err growth(struct ctx *c)
{
	struct sw_report *r = c->r;
	size_t L = r->nlayers;
	int lo = -1, hi = -1;
	for (size_t i = 0; i < c->n; i++) {
		int m = c->rows[i].month;
		if (m < 0)
			continue;
		if (lo < 0 || m < lo) lo = m;
		if (m > hi) hi = m;
	}
	if (lo < 0)
		return SW_OK; /* no creation dates: nothing to chart */
	if (r->as_of && month_of_time(r->as_of) > hi)
		hi = month_of_time(r->as_of);
	size_t M = (size_t)(hi - lo + 1);
	int64_t *nw = calloc(M * L, sizeof *nw); /* new repos per month x layer */
	if (!nw)
		return SW_ENOMEM;
	int64_t undated = 0;
	for (size_t i = 0; i < c->n; i++) {
		if (c->rows[i].month < 0)
			undated++;
		else
			nw[(size_t)(c->rows[i].month - lo) * L + (size_t)c->rows[i].layer]++;
	}
	/* columns: month, each software layer, all software (and for new repos
	 * the month-over-month growth of that total); tutorials and lists are
	 * in growth_summary. */
	size_t nsw = 0;
	for (size_t l = 0; l < L; l++)
		nsw += r->layer_software[l];
	size_t ncol = 1 + nsw + 1;
	const char **h = calloc(ncol + 2, sizeof *h);
	if (!h) {
		free(nw);
		return SW_ENOMEM;
	}
	h[0] = "month";
	size_t k = 1;
	for (size_t l = 0; l < L; l++)
		if (r->layer_software[l])
			h[k++] = r->layer_names[l];
	h[k++] = "all";
	struct sw_table *cum = sw_table_new("growth", "Cumulative software repos per layer by creation month", ncol, h);
	h[ncol] = "mom_pct";
	struct sw_table *nm = sw_table_new("new_per_month", "New software repos per layer by creation month", ncol + 1, h);
	free(h);
	sw_err e = cum && nm ? SW_OK : SW_ENOMEM;
	int64_t *run = calloc(L, sizeof *run);
	if (!run)
		e = SW_ENOMEM;
	int64_t total_prev = 0;
	for (size_t m = 0; !e && m < M; m++) {
		char lab[16];
		month_label(lo + (int)m, lab);
		int64_t total = 0, total_new = 0;
		e = sw_table_add_row(cum);
		if (!e) e = sw_table_add_row(nm);
		if (!e) e = sw_table_str(cum, 0, lab);
		if (!e) e = sw_table_str(nm, 0, lab);
		size_t col = 1;
		for (size_t l = 0; !e && l < L; l++) {
			int64_t x = nw[m * L + l];
			run[l] += x;
			if (!r->layer_software[l])
				continue;
			total += run[l];
			total_new += x;
			e = sw_table_int(cum, col, run[l]);
			if (!e) e = sw_table_int(nm, col, x);
			col++;
		}
		if (!e) e = sw_table_int(cum, col, total);
		if (!e) e = sw_table_int(nm, col, total_new);
		if (!e) e = sw_table_num(nm, col + 1, pct((double)total_new, (double)total_prev), 1);
		total_prev = total;
	}
	if (!e)
		e = add_note(nm, "mom_pct: new repos of the month relative to all software repos before it.");
	if (!e && undated) {
		char note[120];
		snprintf(note, sizeof note, "%lld repo(s) have no known creation date and are not counted here.",
			 (long long)undated);
		e = add_note(cum, note);
	}
	if (!e) {
		e = add_table(r, cum);
		cum = NULL;
	}
	if (!e) {
		e = add_table(r, nm);
		nm = NULL;
	}

	/* Summary: the peak of the 3-month average of new repos, the last 3 full
	 * months' average, and "flattened" when that is under half the peak. */
	static const char *const hg[] = {"layer", "repos", "new_12m", "growth_pct", "peak", "peak_rate",
					 "recent_rate", "flat_since"};
	struct sw_table *g = e ? NULL : sw_table_new("growth_summary", "New repos per layer: peak and flattening", 8, hg);
	if (!e && !g)
		e = SW_ENOMEM;
	int last_full = (r->as_of ? month_of_time(r->as_of) : hi + 1) - 1 - lo; /* index of last full month */
	for (size_t l = 0; !e && l <= L; l++) {
		/* l == L: all layers together */
		if (l < L && !r->layer_repos[l])
			continue;
		int64_t repos = 0, last12 = 0, before = 0;
		double peak = -1, recent = NAN;
		int peak_m = -1;
		for (int m = 0; m < (int)M; m++) {
			int64_t x = 0;
			for (size_t q = 0; q < L; q++)
				if (q == l || l == L)
					x += nw[(size_t)m * L + q];
			repos += x;
			if (m > last_full - 12 && m <= last_full)
				last12 += x;
			else if (m <= last_full - 12)
				before += x;
			if (m >= 2 && m <= last_full) {
				double avg = 0;
				for (int d = 0; d < 3; d++)
					for (size_t q = 0; q < L; q++)
						if (q == l || l == L)
							avg += (double)nw[(size_t)(m - d) * L + q];
				avg /= 3;
				if (avg > peak) {
					peak = avg;
					peak_m = m;
				}
				if (m == last_full)
					recent = avg;
			}
		}
		char pk[16] = "", fl[16] = "-";
		if (peak_m >= 0)
			month_label(lo + peak_m, pk);
		if (peak_m >= 0 && !isnan(recent) && recent < peak / 2)
			snprintf(fl, sizeof fl, "%s", pk);
		e = sw_table_add_row(g);
		if (!e) e = sw_table_str(g, 0, l == L ? "all layers" : r->layer_names[l]);
		if (!e) e = sw_table_int(g, 1, repos);
		if (!e) e = sw_table_int(g, 2, last12);
		if (!e) e = sw_table_num(g, 3, pct((double)last12, (double)before), 1);
		if (!e) e = sw_table_str(g, 4, peak_m >= 0 ? pk : NULL);
		if (!e) e = sw_table_num(g, 5, peak >= 0 ? peak : NAN, 1);
		if (!e) e = sw_table_num(g, 6, recent, 1);
		if (!e) e = sw_table_str(g, 7, peak_m >= 0 ? fl : NULL);
	}
	if (!e)
		e = add_note(g, "Repos counted by creation month (only repos tracked today: survivors)."
				     " new_12m: created in the 12 full months before the snapshot;"
				     " growth_pct: new_12m relative to the repos before them; rates: new repos per"
				     " month, 3-month average; peak: the month the rate peaked; flat_since: the peak"
				     " month when the recent rate (last 3 full months) is under half the peak.");
	if (!e) {
		e = add_table(r, g);
		g = NULL;
	}
	sw_table_free(g);
	sw_table_free(cum);
	sw_table_free(nm);
	free(run);
	free(nw);
	return e;
}

struct idlayer {
	int64_t id;
	int layer;
};
static int cmp_idlayer(const void *a, const void *b)
{
	int64_t x = ((const struct idlayer *)a)->id, y = ((const struct idlayer *)b)->id;
	return (x > y) - (x < y);
}

/* Stars per layer at up to STAR_SAMPLES snapshot times spread from the
 * first snapshot to as_of (repos observed at that time). */
static sw_err stars_over_time(struct ctx *c)
{
	struct sw_report *r = c->r;
	if (!r->as_of || !c->n)
		return SW_OK;
	sqlite3_stmt *st;
	sw_err e = store_prepare(c->s, "SELECT MIN(taken_at) FROM snapshots", &st, c->err);
	if (e)
		return e;
	int64_t first = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	if (!first || first >= r->as_of)
		return SW_OK; /* one snapshot time: nothing over time */
	int64_t times[STAR_SAMPLES];
	size_t nt = 0;
	if ((e = store_prepare(c->s, "SELECT MAX(taken_at) FROM snapshots WHERE taken_at <= ?", &st, c->err)))
		return e;
	for (int k = STAR_SAMPLES - 1; k >= 0; k--) {
		int64_t target = first + (int64_t)((double)(r->as_of - first) * k / (STAR_SAMPLES - 1));
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, target);
		int64_t t = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		if (t && (!nt || t < times[nt - 1]))
			times[nt++] = t;
	}
	sqlite3_finalize(st);
	if (nt < 2)
		return SW_OK;
	if ((e = store_prepare(c->s, "SELECT repo_id, stars FROM snapshots WHERE taken_at = ? AND stars IS NOT NULL",
				  &st, c->err)))
		return e;
	struct idlayer *map = malloc(c->n * sizeof *map);
	if (!map) {
		sqlite3_finalize(st);
		return SW_ENOMEM;
	}
	for (size_t i = 0; i < c->n; i++)
		map[i] = (struct idlayer){c->rows[i].id, c->rows[i].layer};
	qsort(map, c->n, sizeof *map, cmp_idlayer);
	size_t L = r->nlayers;
	double *sum = calloc(L, sizeof *sum);
	int64_t *cnt = calloc(L, sizeof *cnt);
	static const char *const h[] = {"snapshot", "layer", "repos", "stars"};
	struct sw_table *t = sw_table_new("stars_over_time", "Stars per layer over time (repos observed at each snapshot)", 4, h);
	if (!sum || !cnt || !t)
		e = SW_ENOMEM;
	for (size_t k = nt; !e && k-- > 0;) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, times[k]);
		memset(sum, 0, L * sizeof *sum);
		memset(cnt, 0, L * sizeof *cnt);
		while (sqlite3_step(st) == SQLITE_ROW) {
			struct idlayer key = {sqlite3_column_int64(st, 0), 0};
			struct idlayer *hit = bsearch(&key, map, c->n, sizeof *map, cmp_idlayer);
			if (!hit)
				continue;
			sum[hit->layer] += sqlite3_column_double(st, 1);
			cnt[hit->layer]++;
		}
		char d[32];
		sw_time_format_date(times[k], d);
		for (size_t l = 0; !e && l < L; l++) {
			e = sw_table_add_row(t);
			if (!e) e = sw_table_str(t, 0, d);
			if (!e) e = sw_table_str(t, 1, r->layer_names[l]);
			if (!e) e = sw_table_int(t, 2, cnt[l]);
			if (!e) e = sw_table_int(t, 3, (int64_t)sum[l]);
		}
	}
	sqlite3_finalize(st);
	free(cnt);
	free(sum);
	free(map);
	return keep_table(r, t, e);
}

/* ---- 3. accounts (software repos; owners compared case-insensitively) ---- */

struct account {
	const char *owner;  /* display name: first spelling met */
	const char *key;    /* lower-case */
	int64_t repos, cjk;
	double stars, cjk_stars;
};

static int cmp_row_owner(const void *a, const void *b)
{
	const struct row *x = *(struct row *const *)a, *y = *(struct row *const *)b;
	int c = strcmp(x->owner_lc, y->owner_lc);
	return c ? c : strcmp(x->full, y->full);
}

static int cmp_account_top(const void *a, const void *b)
{
	const struct account *x = a, *y = b;
	if (x->repos != y->repos)
		return x->repos > y->repos ? -1 : 1;
	if (x->stars != y->stars)
		return x->stars > y->stars ? -1 : 1;
	return strcmp(x->key, y->key);
}

static int cmp_account_cjk(const void *a, const void *b)
{
	const struct account *x = a, *y = b;
	if (x->cjk != y->cjk)
		return x->cjk > y->cjk ? -1 : 1;
	if (x->cjk_stars != y->cjk_stars)
		return x->cjk_stars > y->cjk_stars ? -1 : 1;
	return strcmp(x->key, y->key);
}

/* Group rows (software only, or all) by owner. Caller frees *out. */
static sw_err group_accounts(struct ctx *c, bool software_only, struct account **out, size_t *nout)
{
	*out = NULL;
	*nout = 0;
	struct row **v = malloc((c->n ? c->n : 1) * sizeof *v);
	struct account *a = malloc((c->n ? c->n : 1) * sizeof *a);
	if (!v || !a) {
		free(v);
		free(a);
		return SW_ENOMEM;
	}
	size_t m = 0, na = 0;
	for (size_t i = 0; i < c->n; i++)
		if (!software_only || c->rows[i].software)
			v[m++] = &c->rows[i];
	qsort(v, m, sizeof *v, cmp_row_owner);
	for (size_t i = 0; i < m; i++) {
		if (!na || strcmp(a[na - 1].key, v[i]->owner_lc))
			a[na++] = (struct account){v[i]->owner, v[i]->owner_lc, 0, 0, 0, 0};
		struct account *x = &a[na - 1];
		x->repos++;
		x->stars += stars0(v[i]->stars);
		if (v[i]->cjk) {
			x->cjk++;
			x->cjk_stars += stars0(v[i]->stars);
		}
	}
	free(v);
	*out = a;
	*nout = na;
	return SW_OK;
}

static sw_err accounts(struct ctx *c)
{
	struct sw_report *r = c->r;
	struct account *a;
	size_t na;
	sw_err e = group_accounts(c, true, &a, &na);
	if (e)
		return e;
	r->accounts = (int64_t)na;
	qsort(a, na, sizeof *a, cmp_account_top);
	static const char *const h[] = {"rank", "account", "repos", "stars", "repo_share_pct", "star_share_pct"};
	struct sw_table *t = sw_table_new("top_accounts", "Top 20 accounts by software repos (ties: more stars)", 6, h);
	if (!t)
		e = SW_ENOMEM;
	for (size_t i = 0; !e && i < na && i < TOP_N; i++) {
		r->top20_repos += a[i].repos;
		r->top20_stars += a[i].stars;
		e = sw_table_add_row(t);
		if (!e) e = sw_table_int(t, 0, (int64_t)i + 1);
		if (!e) e = sw_table_str(t, 1, a[i].owner);
		if (!e) e = sw_table_int(t, 2, a[i].repos);
		if (!e) e = sw_table_int(t, 3, (int64_t)a[i].stars);
		if (!e) e = sw_table_num(t, 4, pct((double)a[i].repos, (double)r->software_repos), 1);
		if (!e) e = sw_table_num(t, 5, pct(a[i].stars, r->software_stars), 1);
	}
	r->top20_repo_share = frac((double)r->top20_repos, (double)r->software_repos);
	r->top20_star_share = frac(r->top20_stars, r->software_stars);
	if (!e) {
		char note[200];
		snprintf(note, sizeof note, "Together: %lld repos (%.1f%%) and %.0f stars (%.1f%%) of %lld software repos"
			 " on %zu accounts.", (long long)r->top20_repos, 100 * r->top20_repo_share, r->top20_stars,
			 100 * r->top20_star_share, (long long)r->software_repos, na);
		e = add_note(t, note);
	}
	if (!e) {
		e = add_table(r, t);
		t = NULL;
	}
	sw_table_free(t);

	/* Repos per account distribution and the Lorenz curve / Gini. */
	static const char *const hd[] = {"repos_per_account", "accounts", "account_share_pct", "repos", "repo_share_pct"};
	t = e ? NULL : sw_table_new("repos_per_account", "Accounts by number of software repos", 5, hd);
	if (!e && !t)
		e = SW_ENOMEM;
	static const struct { int lo, hi; const char *label; } bk[] = {
		{1, 1, "1"}, {2, 2, "2"}, {3, 3, "3"}, {4, 4, "4"}, {5, 9, "5-9"}, {10, 1 << 30, "10+"}};
	for (size_t b = 0; !e && b < sizeof bk / sizeof bk[0]; b++) {
		int64_t accs = 0, repos = 0;
		for (size_t i = 0; i < na; i++)
			if (a[i].repos >= bk[b].lo && a[i].repos <= bk[b].hi) {
				accs++;
				repos += a[i].repos;
			}
		e = sw_table_add_row(t);
		if (!e) e = sw_table_str(t, 0, bk[b].label);
		if (!e) e = sw_table_int(t, 1, accs);
		if (!e) e = sw_table_num(t, 2, pct((double)accs, (double)na), 1);
		if (!e) e = sw_table_int(t, 3, repos);
		if (!e) e = sw_table_num(t, 4, pct((double)repos, (double)r->software_repos), 1);
	}
	double *v = e ? NULL : malloc((na ? na : 1) * sizeof *v);
	if (!e && !v)
		e = SW_ENOMEM;
	for (size_t i = 0; !e && i < na; i++)
		v[i] = (double)a[i].repos;
	if (!e)
		r->gini = sw_report_gini(v, na); /* sorts v ascending */
	if (!e) {
		char note[120];
		snprintf(note, sizeof note, "Gini coefficient of repos per account: %.3f", r->gini);
		e = add_note(t, note);
	}
	if (!e) {
		e = add_table(r, t);
		t = NULL;
	}
	static const char *const hl[] = {"account_share_pct", "repo_share_pct"};
	t = e ? NULL : sw_table_new("lorenz", "Lorenz curve of repos per account (accounts from fewest repos)", 2, hl);
	if (!e && !t)
		e = SW_ENOMEM;
	size_t pts = na < 20 ? na : 20;
	double cum = 0, total = (double)r->software_repos;
	size_t done = 0;
	if (!e && na) {
		e = sw_table_add_row(t);
		if (!e) e = sw_table_num(t, 0, 0, 1);
		if (!e) e = sw_table_num(t, 1, 0, 1);
	}
	for (size_t p = 1; !e && p <= pts; p++) {
		size_t upto = (size_t)((double)na * (double)p / (double)pts + 0.5);
		while (done < upto)
			cum += v[done++];
		e = sw_table_add_row(t);
		if (!e) e = sw_table_num(t, 0, pct((double)upto, (double)na), 1);
		if (!e) e = sw_table_num(t, 1, pct(cum, total), 1);
	}
	if (!e) {
		e = add_table(r, t);
		t = NULL;
	}
	sw_table_free(t);
	free(v);
	free(a);
	return e;
}

/* ---- 4. developers ---- */

struct dev {
	char *key;
	const char *login;
	int64_t repo;  /* index of the repo it came from, to count each repo once */
};
static int cmp_dev(const void *a, const void *b)
{
	const struct dev *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x->repo > y->repo) - (x->repo < y->repo);
}
struct devcount {
	const char *login;
	int64_t repos;
	double stars;
};
static int cmp_devcount(const void *a, const void *b)
{
	const struct devcount *x = a, *y = b;
	if (x->repos != y->repos)
		return x->repos > y->repos ? -1 : 1;
	if (x->stars != y->stars)
		return x->stars > y->stars ? -1 : 1;
	return strcasecmp(x->login, y->login);
}

static sw_err developers(struct ctx *c)
{
	struct sw_report *r = c->r;
	size_t nd = 0, alloc = 0;
	struct dev *d = NULL;
	char **parts = NULL; /* login copies, freed at the end */
	size_t np = 0, palloc = 0;
	sw_err e = SW_OK;
	for (size_t i = 0; !e && i < c->n; i++) {
		const struct row *w = &c->rows[i];
		if (!w->software || !w->top_devs)
			continue;
		const char *p = w->top_devs;
		while (!e && *p) {
			const char *q = strchr(p, ',');
			size_t l = q ? (size_t)(q - p) : strlen(p);
			char *login = sw_str_ndup(p, l);
			p += l + (q ? 1 : 0);
			if (!login) {
				e = SW_ENOMEM;
				break;
			}
			sw_str_trim(login);
			if (!*login) {
				free(login);
				continue;
			}
			if (np == palloc) {
				palloc = palloc ? palloc * 2 : 256;
				char **pp = realloc(parts, palloc * 2 * sizeof *pp);
				if (!pp) {
					free(login);
					e = SW_ENOMEM;
					break;
				}
				parts = pp;
			}
			char *key = lower_dup(login);
			if (!key) {
				free(login);
				e = SW_ENOMEM;
				break;
			}
			parts[np * 2] = login;
			parts[np * 2 + 1] = key;
			np++;
			if (nd == alloc) {
				alloc = alloc ? alloc * 2 : 256;
				struct dev *dd = realloc(d, alloc * sizeof *dd);
				if (!dd) {
					e = SW_ENOMEM;
					break;
				}
				d = dd;
			}
			d[nd++] = (struct dev){key, login, (int64_t)i};
		}
	}
	if (!e && nd)
		qsort(d, nd, sizeof *d, cmp_dev);
	struct devcount *dc = e ? NULL : malloc((nd ? nd : 1) * sizeof *dc);
	if (!e && !dc)
		e = SW_ENOMEM;
	size_t ndc = 0;
	for (size_t i = 0; !e && i < nd; i++) {
		bool new_dev = !i || strcmp(d[i].key, d[i - 1].key);
		bool new_repo = new_dev || d[i].repo != d[i - 1].repo;
		if (new_dev)
			dc[ndc++] = (struct devcount){d[i].login, 0, 0};
		if (new_repo) {
			dc[ndc - 1].repos++;
			dc[ndc - 1].stars += stars0(c->rows[d[i].repo].stars);
		}
	}
	r->distinct_devs = (int64_t)ndc;
	if (!e && ndc)
		qsort(dc, ndc, sizeof *dc, cmp_devcount);
	static const char *const h[] = {"rank", "developer", "repos", "stars"};
	struct sw_table *t = e ? NULL : sw_table_new("top_developers", "Developers who are a top developer of the most software repos", 4, h);
	if (!e && !t)
		e = SW_ENOMEM;
	for (size_t i = 0; !e && i < ndc && i < TOP_N; i++) {
		e = sw_table_add_row(t);
		if (!e) e = sw_table_int(t, 0, (int64_t)i + 1);
		if (!e) e = sw_table_str(t, 1, dc[i].login);
		if (!e) e = sw_table_int(t, 2, dc[i].repos);
		if (!e) e = sw_table_int(t, 3, (int64_t)dc[i].stars);
	}
	if (!e) {
		char note[160];
		snprintf(note, sizeof note, "%zu distinct top developers (case-insensitive) over %lld software repos"
			 " (ties: more stars, then name).", ndc, (long long)r->software_repos);
		e = add_note(t, note);
	}
	if (!e) {
		e = add_table(r, t);
		t = NULL;
	}
	sw_table_free(t);
	free(dc);
	free(d);
	for (size_t i = 0; i < np * 2; i++)
		free(parts[i]);
	free(parts);
	if (e)
		return e;

	/* Contributor counts: "100+" stays "at least 100". */
	static const struct { int64_t lo, hi; const char *label; } bk[] = {
		{1, 1, "1"}, {2, 4, "2-4"}, {5, 9, "5-9"}, {10, 19, "10-19"}, {20, 49, "20-49"}, {50, 99, "50-99"}};
	static const char *const hc[] = {"contributors", "repos", "share_pct"};
	t = sw_table_new("contributors", "Software repos by number of contributors", 3, hc);
	if (!t)
		return SW_ENOMEM;
	int64_t cnt[9] = {0}; /* 6 buckets, 100+, 0, unknown */
	for (size_t i = 0; i < c->n; i++) {
		const struct row *w = &c->rows[i];
		if (!w->software)
			continue;
		int64_t x = w->contributors;
		if (x == SW_UNKNOWN) {
			cnt[8]++;
			continue;
		}
		r->contributors_sum += x;
		r->contributors_known++;
		if (x >= 100) {
			cnt[6]++;
			continue;
		}
		if (x <= 0) {
			cnt[7]++;
			continue;
		}
		for (size_t b = 0; b < 6; b++)
			if (x >= bk[b].lo && x <= bk[b].hi)
				cnt[b]++;
	}
	static const char *const extra[] = {"100+ (at least 100)", "0", "unknown"};
	for (size_t b = 0; !e && b < 9; b++) {
		if (b == 7 && !cnt[7])
			continue;
		e = sw_table_add_row(t);
		if (!e) e = sw_table_str(t, 0, b < 6 ? bk[b].label : extra[b - 6]);
		if (!e) e = sw_table_int(t, 1, cnt[b]);
		if (!e) e = sw_table_num(t, 2, pct((double)cnt[b], (double)r->software_repos), 1);
	}
	if (!e) {
		char note[200];
		snprintf(note, sizeof note, "Sum of contributors over %lld repos with a count: at least %lld"
			 " (\"100+\" counts as 100; people in several repos count once per repo).",
			 (long long)r->contributors_known, (long long)r->contributors_sum);
		e = add_note(t, note);
	}
	return keep_table(r, t, e);
}

/* ---- 5. individuals vs organisations (never guessed) ---- */
static sw_err owner_types(struct ctx *c)
{
	struct sw_report *r = c->r;
	size_t L = r->nlayers;
	static const char *const h[] = {"layer", "indiv", "org", "unknown", "indiv_pct",
					"mean_indiv", "median_indiv", "mean_org", "median_org"};
	struct sw_table *t = sw_table_new("owner_types", "Individual vs organisation owners per layer (stars: mean and median)", 9, h);
	double *buf = malloc((c->n ? c->n : 1) * sizeof *buf);
	sw_err e = t && buf ? SW_OK : SW_ENOMEM;
	for (size_t l = 0; !e && l <= L; l++) {
		if (l < L && !r->layer_repos[l])
			continue;
		int64_t n[3] = {0};
		double mean[3] = {0}, med[3] = {NAN, NAN, NAN};
		for (int ty = 1; ty <= 2; ty++) {
			size_t m = 0;
			for (size_t i = 0; i < c->n; i++) {
				const struct row *w = &c->rows[i];
				if ((l == L || w->layer == (int)l) && w->otype == ty && w->stars != SW_UNKNOWN)
					buf[m++] = (double)w->stars;
			}
			double s = 0;
			for (size_t k = 0; k < m; k++)
				s += buf[k];
			mean[ty] = m ? s / (double)m : NAN;
			med[ty] = median(buf, m);
		}
		for (size_t i = 0; i < c->n; i++)
			if (l == L || c->rows[i].layer == (int)l)
				n[c->rows[i].otype]++;
		if (l == L) {
			r->owner_unknown = n[0];
			r->owner_known = n[1] + n[2];
		}
		e = sw_table_add_row(t);
		if (!e) e = sw_table_str(t, 0, l == L ? "all layers" : r->layer_names[l]);
		if (!e) e = sw_table_int(t, 1, n[1]);
		if (!e) e = sw_table_int(t, 2, n[2]);
		if (!e) e = sw_table_int(t, 3, n[0]);
		if (!e) e = sw_table_num(t, 4, pct((double)n[1], (double)(n[1] + n[2])), 1);
		if (!e) e = sw_table_num(t, 5, mean[1], 0);
		if (!e) e = sw_table_num(t, 6, med[1], 0);
		if (!e) e = sw_table_num(t, 7, mean[2], 0);
		if (!e) e = sw_table_num(t, 8, med[2], 0);
	}
	if (!e && r->owner_unknown) {
		char note[240];
		snprintf(note, sizeof note, "Owner type is unknown for %lld of %lld repos (curated lists do not say);"
			 " they are counted as unknown, not guessed. Shares and star figures use known owners only.",
			 (long long)r->owner_unknown, (long long)r->repos);
		e = add_note(t, note);
	}
	free(buf);
	return keep_table(r, t, e);
}

/* ---- 6. China: descriptions with CJK (Han) text ---- */
static sw_err china(struct ctx *c)
{
	struct sw_report *r = c->r;
	static const char *const h[] = {"layer", "repos", "chinese_repos", "share_pct"};
	struct sw_table *t = sw_table_new("chinese_by_layer", "Repos with Chinese (CJK) text in the description, per layer", 4, h);
	sw_err e = t ? SW_OK : SW_ENOMEM;
	for (size_t l = 0; !e && l <= r->nlayers; l++) {
		if (l < r->nlayers && !r->layer_repos[l])
			continue;
		int64_t n = 0, k = 0;
		for (size_t i = 0; i < c->n; i++)
			if (l == r->nlayers || c->rows[i].layer == (int)l) {
				n++;
				k += c->rows[i].cjk;
			}
		if (l == r->nlayers)
			r->chinese_repos = k;
		e = sw_table_add_row(t);
		if (!e) e = sw_table_str(t, 0, l == r->nlayers ? "all layers" : r->layer_names[l]);
		if (!e) e = sw_table_int(t, 1, n);
		if (!e) e = sw_table_int(t, 2, k);
		if (!e) e = sw_table_num(t, 3, pct((double)k, (double)n), 1);
	}
	if (!e) {
		e = add_table(r, t);
		t = NULL;
	}
	sw_table_free(t);
	if (e)
		return e;
	struct account *a;
	size_t na;
	if ((e = group_accounts(c, false, &a, &na)))
		return e;
	qsort(a, na, sizeof *a, cmp_account_cjk);
	static const char *const ha[] = {"rank", "account", "chinese_repos", "stars"};
	t = sw_table_new("chinese_accounts", "Accounts with the most Chinese-description repos", 4, ha);
	if (!t)
		e = SW_ENOMEM;
	for (size_t i = 0; !e && i < na && i < 10 && a[i].cjk; i++) {
		e = sw_table_add_row(t);
		if (!e) e = sw_table_int(t, 0, (int64_t)i + 1);
		if (!e) e = sw_table_str(t, 1, a[i].owner);
		if (!e) e = sw_table_int(t, 2, a[i].cjk);
		if (!e) e = sw_table_int(t, 3, (int64_t)a[i].cjk_stars);
	}
	free(a);
	return keep_table(r, t, e);
}

/* ---- 7. hype (software repos) ---- */

static int cmp_gain7(const void *a, const void *b)
{
	const struct row *x = *(struct row *const *)a, *y = *(struct row *const *)b;
	if (x->star_7d != y->star_7d)
		return x->star_7d > y->star_7d ? -1 : 1;
	return strcmp(x->full, y->full);
}
static int cmp_pct7(const void *a, const void *b)
{
	const struct row *x = *(struct row *const *)a, *y = *(struct row *const *)b;
	if (x->star_7d_pct != y->star_7d_pct)
		return x->star_7d_pct > y->star_7d_pct ? -1 : 1;
	if (x->star_7d != y->star_7d)
		return x->star_7d > y->star_7d ? -1 : 1;
	return strcmp(x->full, y->full);
}
static int cmp_stars(const void *a, const void *b)
{
	const struct row *x = *(struct row *const *)a, *y = *(struct row *const *)b;
	if (x->stars != y->stars)
		return x->stars > y->stars ? -1 : 1;
	return strcmp(x->full, y->full);
}

static sw_err repo_table(struct sw_report *r, const char *name, const char *title, struct row **v, size_t m,
			 const char *note)
{
	static const char *const h[] = {"rank", "repo", "layer", "stars", "star_7d", "star_7d_pct", "shape"};
	struct sw_table *t = sw_table_new(name, title, 7, h);
	sw_err e = t ? SW_OK : SW_ENOMEM;
	for (size_t i = 0; !e && i < m && i < TOP_N; i++) {
		e = sw_table_add_row(t);
		if (!e) e = sw_table_int(t, 0, (int64_t)i + 1);
		if (!e) e = sw_table_str(t, 1, v[i]->full);
		if (!e) e = sw_table_str(t, 2, r->layer_names[v[i]->layer]);
		if (!e) e = sw_table_int(t, 3, v[i]->stars);
		if (!e) e = sw_table_int(t, 4, v[i]->star_7d);
		if (!e) e = sw_table_num(t, 5, v[i]->star_7d_pct, 1);
		if (!e) e = sw_table_str(t, 6, v[i]->shape == SW_REPORT_SHAPE_INSUFFICIENT ? NULL : sw_report_shape_name(v[i]->shape));
	}
	if (!e && note)
		e = add_note(t, note);
	return keep_table(r, t, e);
}

static sw_err hype(struct ctx *c)
{
	struct sw_report *r = c->r;
	for (size_t i = 0; i < c->n; i++) {
		const struct row *w = &c->rows[i];
		if (!w->software)
			continue;
		if (w->star_1d != SW_UNKNOWN) {
			r->known_1d++;
			r->no_gain_1d += w->star_1d <= 0;
		}
		if (w->star_7d != SW_UNKNOWN) {
			r->known_7d++;
			r->no_gain_7d += w->star_7d <= 0;
		}
	}
	r->no_gain_1d_share = frac((double)r->no_gain_1d, (double)r->known_1d);
	r->no_gain_7d_share = frac((double)r->no_gain_7d, (double)r->known_7d);
	static const char *const hn[] = {"window", "software_repos", "with_known_gain", "no_gain", "no_gain_share_pct"};
	struct sw_table *t = sw_table_new("no_gain", "Software repos that gained no stars (net gain <= 0)", 5, hn);
	sw_err e = t ? SW_OK : SW_ENOMEM;
	for (int k = 0; !e && k < 2; k++) {
		e = sw_table_add_row(t);
		if (!e) e = sw_table_str(t, 0, k ? "last 7 days" : "last day");
		if (!e) e = sw_table_int(t, 1, r->software_repos);
		if (!e) e = sw_table_int(t, 2, k ? r->known_7d : r->known_1d);
		if (!e) e = sw_table_int(t, 3, k ? r->no_gain_7d : r->no_gain_1d);
		if (!e) e = sw_table_num(t, 4, 100 * (k ? r->no_gain_7d_share : r->no_gain_1d_share), 1);
	}
	if (!e)
		e = add_note(t, "Shares are of the software repos whose gain is known (stated by the source,"
				     " or computed from a snapshot 1 or 7 days earlier).");
	if (!e) {
		e = add_table(r, t);
		t = NULL;
	}
	sw_table_free(t);
	if (e)
		return e;

	struct row **v = malloc((c->n ? c->n : 1) * sizeof *v);
	if (!v)
		return SW_ENOMEM;
	size_t m = 0;
	for (size_t i = 0; i < c->n; i++)
		if (c->rows[i].software && c->rows[i].star_7d != SW_UNKNOWN)
			v[m++] = &c->rows[i];
	qsort(v, m, sizeof *v, cmp_gain7);
	e = repo_table(r, "risers_7d", "Fastest risers: most stars gained in 7 days", v, m, NULL);
	if (!e) {
		size_t k = 0;
		for (size_t i = 0; i < m; i++)
			if (!isnan(v[i]->star_7d_pct))
				v[k++] = v[i];
		qsort(v, k, sizeof *v, cmp_pct7);
		e = repo_table(r, "risers_7d_pct", "Fastest risers in percent: 7-day gain relative to stars a week ago",
			       v, k, NULL);
	}
	/* 7-day gain histogram over all software repos with a known gain. */
	static const struct { int64_t lo, hi; const char *label; } bk[] = {
		{INT64_MIN + 1, -1, "< 0"}, {0, 0, "0"}, {1, 9, "1-9"}, {10, 99, "10-99"},
		{100, 999, "100-999"}, {1000, INT64_MAX, "1000+"}};
	static const char *const hh[] = {"gain_7d", "repos", "share_pct"};
	t = e ? NULL : sw_table_new("gains_7d", "Software repos by stars gained in the last 7 days", 3, hh);
	if (!e && !t)
		e = SW_ENOMEM;
	for (size_t b = 0; !e && b < sizeof bk / sizeof bk[0]; b++) {
		int64_t n = 0;
		for (size_t i = 0; i < c->n; i++) {
			const struct row *w = &c->rows[i];
			if (w->software && w->star_7d != SW_UNKNOWN && w->star_7d >= bk[b].lo && w->star_7d <= bk[b].hi)
				n++;
		}
		e = sw_table_add_row(t);
		if (!e) e = sw_table_str(t, 0, bk[b].label);
		if (!e) e = sw_table_int(t, 1, n);
		if (!e) e = sw_table_num(t, 2, pct((double)n, (double)r->known_7d), 1);
	}
	if (!e) {
		e = add_table(r, t);
		t = NULL;
	}
	sw_table_free(t);
	/* Went quiet: no gain in 7 days, largest first. */
	if (!e) {
		size_t k = 0;
		for (size_t i = 0; i < c->n; i++)
			if (c->rows[i].software && c->rows[i].star_7d != SW_UNKNOWN && c->rows[i].star_7d <= 0)
				v[k++] = &c->rows[i];
		qsort(v, k, sizeof *v, cmp_stars);
		char note[120];
		snprintf(note, sizeof note, "%zu software repos gained no stars in the last 7 days; the largest are shown.", k);
		e = repo_table(r, "quiet", "Went quiet: no star gain in the last 7 days", v, k, note);
	}
	/* Shapes of the star history. */
	int64_t shape_n[SW_REPORT_SHAPE_COUNT_] = {0};
	for (size_t i = 0; i < c->n; i++)
		if (c->rows[i].software)
			shape_n[c->rows[i].shape]++;
	r->shaped = r->software_repos - shape_n[SW_REPORT_SHAPE_INSUFFICIENT];
	static const char *const hs[] = {"shape", "repos", "share_pct"};
	t = e ? NULL : sw_table_new("shapes", "Shape of the star history (3+ snapshots, or a GH Archive daily series)", 3, hs);
	if (!e && !t)
		e = SW_ENOMEM;
	static const enum sw_report_shape order[] = {SW_REPORT_SHAPE_SUSTAINED, SW_REPORT_SHAPE_SPIKE, SW_REPORT_SHAPE_STEADY,
					      SW_REPORT_SHAPE_DECLINING, SW_REPORT_SHAPE_INSUFFICIENT};
	for (size_t k = 0; !e && k < 5; k++) {
		e = sw_table_add_row(t);
		if (!e) e = sw_table_str(t, 0, sw_report_shape_name(order[k]));
		if (!e) e = sw_table_int(t, 1, shape_n[order[k]]);
		if (!e) e = sw_table_num(t, 2, order[k] == SW_REPORT_SHAPE_INSUFFICIENT
						   ? pct((double)shape_n[order[k]], (double)r->software_repos)
						   : pct((double)shape_n[order[k]], (double)r->shaped), 1);
	}
	if (!e)
		e = add_note(t, r->shaped ? "Shares of the repos with a shape (insufficient history: share of all software repos)."
						 " From each repo's first, middle and last snapshot, else from its GH Archive"
						 " daily series (table archive_history)."
					       : "insufficient history: no software repo has 3 or more snapshots yet.");
	if (!e) {
		e = add_table(r, t);
		t = NULL;
	}
	sw_table_free(t);
	free(v);
	return e;
}

/* ---- 8. headline: our figures next to the reference (study) figures ---- */
static sw_err headline(struct ctx *c)
{
	struct sw_report *r = c->r;
	struct {
		const char *key, *label;
		double value;
		bool share;
	} m[] = {
		{"repos", "repos", (double)r->repos, false},
		{"software_repos", "software repos", (double)r->software_repos, false},
		{"non_software_repos", "tutorials and lists", (double)r->non_software_repos, false},
		{"accounts", "owner accounts (software repos)", (double)r->accounts, false},
		{"top20_repos", "repos of the top 20 accounts", (double)r->top20_repos, false},
		{"top20_repo_share", "share of repos, top 20 accounts (%)", 100 * r->top20_repo_share, true},
		{"top20_stars", "stars of the top 20 accounts", r->top20_stars, false},
		{"top20_star_share", "share of stars, top 20 accounts (%)", 100 * r->top20_star_share, true},
		{"gini", "Gini of repos per account", r->gini, false},
		{"no_gain_1d", "no star gain in the last day", (double)r->no_gain_1d, false},
		{"no_gain_1d_share", "no star gain in the last day (%)", 100 * r->no_gain_1d_share, true},
		{"no_gain_7d", "no star gain in the last 7 days", (double)r->no_gain_7d, false},
		{"no_gain_7d_share", "no star gain in the last 7 days (%)", 100 * r->no_gain_7d_share, true},
		{"developers", "contributors, summed over repos (at least)", (double)r->contributors_sum, false},
		{"distinct_top_developers", "distinct top developers", (double)r->distinct_devs, false},
		{"commits", "commits", NAN, false},
		{"chinese_repos", "repos with Chinese descriptions", (double)r->chinese_repos, false},
		{"owner_type_unknown", "repos with unknown owner type", (double)r->owner_unknown, false},
	};
	static const char *const h[] = {"key", "metric", "value", "study", "study_stated", "change"};
	char title[160];
	const char *src = sw_report_ref_label(r->ref, "title");
	snprintf(title, sizeof title, "Headline figures vs the %s", src ? src : "reference");
	struct sw_table *t = sw_table_new("headline", title, 6, h);
	sw_err e = t ? SW_OK : SW_ENOMEM;
	for (size_t i = 0; !e && i < sizeof m / sizeof m[0]; i++) {
		double ref = NAN;
		bool has = sw_report_ref_value(r->ref, m[i].key, &ref);
		if (has && m[i].share)
			ref *= 100;
		int dec = m[i].share ? 1 : !strcmp(m[i].key, "gini") ? 3 : 0;
		e = sw_table_add_row(t);
		if (!e) e = sw_table_str(t, 0, m[i].key);
		if (!e) e = sw_table_str(t, 1, m[i].label);
		if (!e) e = sw_table_num(t, 2, m[i].value, dec);
		if (!e) e = sw_table_num(t, 3, has ? ref : NAN, dec);
		if (!e) e = sw_table_str(t, 4, sw_report_ref_label(r->ref, m[i].key));
		if (!e) e = sw_table_num(t, 5, has && !isnan(m[i].value) ? m[i].value - ref : NAN, dec);
	}
	if (!e)
		e = add_note(t, "Software repos = every layer but Tutorials and Lists. Account, developer and"
				     " hype figures are over software repos, as in the study. Commits are not"
				     " tracked. Shares of no-gain repos are of repos whose gain is known.");
	if (e) {
		sw_table_free(t);
		return e;
	}
	/* The headline goes first. */
	if ((e = add_table(r, t)))
		return e;
	memmove(r->tables + 1, r->tables, (r->ntables - 1) * sizeof *r->tables);
	r->tables[0] = t;
	return SW_OK;
}

/* ------------------------------------------------------------------ build */

sw_err sw_report_build(struct sw_store *s, const struct sw_report_opts *opts, struct sw_report **out,
		       struct sw_error *err)
{
	*out = NULL;
	struct sw_error local = {0};
	struct sw_report *r = calloc(1, sizeof *r);
	if (!r)
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	struct ctx c = {.s = s, .r = r, .err = &local};
	sw_err e = SW_OK;

	/* Reference figures: the embedded study unless a file is named. */
	if (opts && opts->reference) {
		struct sw_buf b = SW_BUF_INIT;
		sw_buf_init(&b, SW_REPORT_REF_MAX_BYTES);
		e = sw_buf_read_file(opts->reference, &b, &local);
		if (!e)
			e = sw_report_ref_parse(opts->reference, b.data ? b.data : "", b.len, &r->ref, &local);
		sw_buf_release(&b);
	} else {
		size_t len = 0;
		const char *text = core_embedded("study-2024-03.tsv", &len);
		e = sw_report_ref_parse("study-2024-03.tsv", text ? text : "", text ? len : 0, &r->ref, &local);
	}

	/* The snapshot the report describes. */
	int64_t want = opts ? opts->as_of : 0;
	sqlite3_stmt *st;
	/* Two statements, not "?1 <= 0 OR taken_at <= ?1": the OR would scan
	 * every snapshot instead of seeking the index. */
	if (!e)
		e = store_prepare(s, want > 0 ? "SELECT COALESCE(MAX(taken_at), 0) FROM snapshots WHERE taken_at <= ?1"
						 : "SELECT COALESCE(MAX(taken_at), 0) FROM snapshots",
				     &st, &local);
	if (!e) {
		if (want > 0)
			sqlite3_bind_int64(st, 1, want);
		if (sqlite3_step(st) == SQLITE_ROW)
			r->as_of = sqlite3_column_int64(st, 0);
		else
			e = store_dberr(s, &local, "finding the snapshot");
		sqlite3_finalize(st);
		if (!e && want > 0 && !r->as_of) {
			char d[32];
			sw_time_format(want, d);
			e = sw_error_set(&local, SW_ENOTFOUND, "no snapshot at or before %s", d);
		}
	}
	/* Layers in taxonomy order. */
	struct sw_taxonomy tx = {0};
	if (!e)
		e = sw_taxonomy_get(s, &tx, &local);
	for (size_t i = 0; !e && i < tx.n; i++)
		e = add_layer(r, tx.layers[i].name, tx.layers[i].software);
	sw_taxonomy_release(&tx);

	/* The report touches each repo's few snapshot pages in several passes:
	 * a 64 MiB page cache for the build (SQLite's default is 2 MiB) keeps
	 * them from being re-read from the OS; the connection's setting is
	 * restored after. */
	int64_t cache = 0;
	if (!e && !store_prepare(s, "PRAGMA cache_size", &st, NULL)) {
		if (sqlite3_step(st) == SQLITE_ROW)
			cache = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		if (cache && cache > -65536)
			sqlite3_exec(store_db(s), "PRAGMA cache_size = -65536", NULL, NULL, NULL);
	}
	/* Memory-mapped reads spare a copy of every page read (a third of the
	 * time on a year of daily snapshots); also restored after. */
	int64_t mmap_was = -1;
	if (!e && !store_prepare(s, "PRAGMA mmap_size", &st, NULL)) {
		if (sqlite3_step(st) == SQLITE_ROW)
			mmap_was = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		if (mmap_was >= 0 && mmap_was < ((int64_t)1 << 30))
			sqlite3_exec(store_db(s), "PRAGMA mmap_size = 1073741824", NULL, NULL, NULL);
	}
	if (!e) e = load_rows(&c, r->as_of);
	if (!e) e = load_shapes(&c);
	if (!e) e = inventory(&c);
	if (!e) e = growth(&c);
	if (!e) e = stars_over_time(&c);
	if (!e) e = accounts(&c);
	if (!e) e = developers(&c);
	if (!e) e = owner_types(&c);
	if (!e) e = china(&c);
	if (!e) e = archive_history(&c);
	if (!e) e = hype(&c);
	if (!e && c.archive) {
		e = add_table(r, c.archive);
		c.archive = NULL;
	}
	sw_table_free(c.archive);
	if (!e) e = headline(&c);
	if (cache && cache > -65536) {
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA cache_size = %lld", (long long)cache);
		sqlite3_exec(store_db(s), sql, NULL, NULL, NULL);
	}
	if (mmap_was >= 0 && mmap_was < ((int64_t)1 << 30)) {
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA mmap_size = %lld", (long long)mmap_was);
		sqlite3_exec(store_db(s), sql, NULL, NULL, NULL);
	}

	for (size_t i = 0; i < c.n; i++)
		row_release(&c.rows[i]);
	free(c.rows);
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
