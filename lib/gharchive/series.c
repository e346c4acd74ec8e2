/* series.c: daily series, the export table, anchoring on API
 * snapshots, and the data-quality (gaps) table.
 *
 * Series are computed from gha_events at read time (GROUP BY repo, day with
 * exact COUNT(DISTINCT actor)), so there is no second copy of the truth to
 * keep consistent after reruns or merges. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gharchive_int.h"
#include "stackwatch/gharchive.h"
#include "stackwatch/core.h"
#include "core/core_int.h"

/* The columns of a day, as the view gha_days (store.c, schema v2) gives
 * them: aggregated from scanned events, or pulled from ClickHouse. */
#define AGG_COLS                                                                                    \
	"stars, forks, pushes, commits, prs_opened, prs_merged, issues_opened, releases, contributors,"  \
	" new_stargazers"
#define NAGG 10

static const char *const export_cols[] = {"repo", "date", "stars", "forks", "pushes", "commits",
					  "prs_opened", "prs_merged", "issues_opened", "releases",
					  "contributors", "new_stargazers"};

void sw_gha_series_release(struct sw_gha_series *ser)
{
	if (!ser)
		return;
	free(ser->name);
	free(ser->day);
	/* All metric arrays live in one block starting at stars. */
	free(ser->stars);
	memset(ser, 0, sizeof *ser);
}

static sw_err resolve(struct sw_store *s, const char *repo, int64_t *repo_id, int64_t *store_id,
		      struct sw_error *err)
{
	int64_t v;
	*repo_id = 0;
	*store_id = 0;
	sqlite3_stmt *st;
	sw_err e;
	if (sw_parse_i64(repo, &v) && v > 0) {
		*repo_id = v;
	} else {
		static const char sql[] = "SELECT repo_id FROM gha_repos WHERE name = ? COLLATE NOCASE"
					  " ORDER BY seen_at DESC LIMIT 1";
		if ((e = store_stmt(s, sql, &st, err)))
			return e;
		sqlite3_bind_text(st, 1, repo, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) == SQLITE_ROW)
			*repo_id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		int64_t sid = 0;
		if (sw_store_find_repo(s, repo, &sid, NULL) == SW_OK) {
			*store_id = sid;
			if (!*repo_id) {
				struct sw_repo r = {0};
				if (sw_store_get_repo(s, sid, &r, NULL) == SW_OK)
					*repo_id = r.github_id;
				sw_repo_release(&r);
			}
		}
		if (!*repo_id)
			return sw_error_set(err, SW_ENOTFOUND, "no GH Archive history for repo '%s'", repo);
	}
	if (!*store_id) {
		static const char q2[] = "SELECT id FROM repos WHERE github_id = ?";
		if ((e = store_stmt(s, q2, &st, err)))
			return e;
		sqlite3_bind_int64(st, 1, *repo_id);
		if (sqlite3_step(st) == SQLITE_ROW)
			*store_id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
	return SW_OK;
}

/* ---- problem hours (shared by gaps and series) ---- */
enum prob_kind { P_MISSING, P_TRUNCATED, P_LOW };
struct prob {
	int64_t hkey;   /* first hour */
	int64_t count;  /* hours (missing runs) */
	enum prob_kind kind;
	int64_t events; /* low: events; */
	double median;  /* low: neighbours' median */
};
struct hrow {
	int64_t hkey, events;
	bool truncated;
};

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* Per hour key (hourly files only): events and whether any file of the
 * hour was truncated, in hour order; caller frees *out. */
static sw_err hour_rows(struct sw_store *s, struct hrow **out, size_t *n, struct sw_error *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st;
	sw_err e = store_prepare(s, "SELECT hkey, sum(events), max(status = 'truncated') FROM gha_hours"
				       " WHERE hkey >= 0 GROUP BY hkey ORDER BY hkey", &st, err);
	if (e)
		return e;
	size_t a = 0;
	while (!e && sqlite3_step(st) == SQLITE_ROW) {
		if (!sw_array_grow(out, &a, *n + 1, sizeof **out))
			e = sw_error_set(err, SW_ENOMEM, "gaps: out of memory");
		else
			(*out)[(*n)++] = (struct hrow){sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
						       sqlite3_column_int(st, 2) != 0};
	}
	sqlite3_finalize(st);
	return e;
}

/* A growing list of problems. */
struct probs {
	struct prob *p;
	size_t n, alloc;
};

static bool prob_add(struct probs *l, struct prob p)
{
	if (!sw_array_grow(&l->p, &l->alloc, l->n + 1, sizeof *l->p))
		return false;
	l->p[l->n++] = p;
	return true;
}

/* Is hour i under half the median of its up to 24 neighbours (12 each
 * side)? *med is that median. */
static bool low_hour(const struct hrow *h, size_t n, size_t i, double *med)
{
	int64_t nb[24];
	size_t k = 0;
	for (size_t j = i >= 12 ? i - 12 : 0; j < i; j++)
		nb[k++] = h[j].events;
	for (size_t j = i + 1; j < n && j <= i + 12; j++)
		nb[k++] = h[j].events;
	if (k < 2)
		return false;
	qsort(nb, k, sizeof nb[0], cmp_i64);
	*med = k % 2 ? (double)nb[k / 2] : (nb[k / 2 - 1] + nb[k / 2]) / 2.0;
	return (double)h[i].events < *med / 2;
}

/* Problems among hourly files (names YYYY-MM-DD-H); caller frees *out. */
static sw_err problems(struct sw_store *s, struct prob **out, size_t *nout, struct sw_error *err)
{
	*out = NULL;
	*nout = 0;
	struct hrow *h;
	size_t n;
	sw_err e = hour_rows(s, &h, &n, err);
	struct probs l = {0};
	bool ok = true;
	for (size_t i = 0; !e && ok && i < n; i++) {
		double med;
		if (i > 0 && h[i].hkey > h[i - 1].hkey + 1)
			ok = prob_add(&l, (struct prob){.hkey = h[i - 1].hkey + 1,
							.count = h[i].hkey - h[i - 1].hkey - 1, .kind = P_MISSING});
		if (ok && h[i].truncated)
			ok = prob_add(&l, (struct prob){.hkey = h[i].hkey, .count = 1, .kind = P_TRUNCATED});
		if (ok && low_hour(h, n, i, &med))
			ok = prob_add(&l, (struct prob){.hkey = h[i].hkey, .count = 1, .kind = P_LOW,
							.events = h[i].events, .median = med});
	}
	free(h);
	if (!e && !ok)
		e = sw_error_set(err, SW_ENOMEM, "gaps: out of memory");
	if (e) {
		free(l.p);
		return e;
	}
	*out = l.p;
	*nout = l.n;
	return SW_OK;
}

static void hour_label(int64_t hkey, char out[32])
{
	int y;
	unsigned m, d;
	sw_time_civil_from_days(hkey >= 0 ? hkey / 24 : 0, &y, &m, &d);
	snprintf(out, 32, "%04d-%02u-%02u-%d", y, m, d, (int)(hkey % 24));
}

#define UNDERREPORT_HKEY (20209 * 24) /* 2025-05-01T00 UTC: days_from_civil(2025,5,1) = 20209 */

/* The file of a truncated hour into column 2 (SW_OK when none is found). */
static sw_err gaps_truncated_file(struct sw_store *s, struct sw_table *t, int64_t hkey)
{
	static const char q[] = "SELECT name FROM gha_hours WHERE hkey = ? AND status = 'truncated'";
	sqlite3_stmt *st;
	sw_err e = SW_OK;
	if (store_stmt(s, q, &st, NULL) == SW_OK) {
		sqlite3_bind_int64(st, 1, hkey);
		if (sqlite3_step(st) == SQLITE_ROW)
			e = sw_table_str(t, 2, (const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
	}
	return e;
}

/* One problem hour (or run of missing hours) as a row. */
static sw_err gaps_problem(struct sw_store *s, struct sw_table *t, const struct prob *p)
{
	char lab[32], lab2[32], detail[160];
	hour_label(p->hkey, lab);
	if (p->kind == P_MISSING) {
		hour_label(p->hkey + p->count - 1, lab2);
		snprintf(detail, sizeof detail, "%lld hour(s) missing, %s to %s", (long long)p->count, lab, lab2);
	} else if (p->kind == P_TRUNCATED)
		snprintf(detail, sizeof detail, "gzip stream ends early; events before the cut were kept");
	else
		snprintf(detail, sizeof detail, "%lld events, under half the median %.0f of neighbouring hours",
			 (long long)p->events, p->median);
	const char *kind = p->kind == P_MISSING ? "missing" : p->kind == P_TRUNCATED ? "truncated" : "low";
	sw_err e;
	if ((e = sw_table_add_row(t)) || (e = sw_table_str(t, 0, kind)) || (e = sw_table_str(t, 1, lab)) ||
	    (e = sw_table_str(t, 4, detail)))
		return e;
	return p->kind == P_TRUNCATED ? gaps_truncated_file(s, t, p->hkey) : SW_OK;
}

static sw_err gaps_problems(struct sw_store *s, struct sw_table *t, struct sw_error *err)
{
	struct prob *p = NULL;
	size_t np = 0;
	sw_err e = problems(s, &p, &np, err);
	for (size_t i = 0; i < np && !e; i++)
		e = gaps_problem(s, t, &p[i]);
	free(p);
	return e;
}

/* Malformed lines, with file and line. */
static sw_err gaps_malformed(struct sw_store *s, struct sw_table *t, struct sw_error *err)
{
	sqlite3_stmt *st = NULL;
	sw_err e = store_prepare(s, "SELECT h.name, h.hkey, m.line, m.reason FROM gha_malformed m"
				       " JOIN gha_hours h ON h.hkey = m.hkey ORDER BY h.name, m.line", &st, err);
	char lab[32];
	while (!e && sqlite3_step(st) == SQLITE_ROW) {
		int64_t hk = sqlite3_column_int64(st, 1);
		if (hk >= 0)
			hour_label(hk, lab);
		if ((e = sw_table_add_row(t)) || (e = sw_table_str(t, 0, "malformed")) ||
		    (e = sw_table_str(t, 1, hk >= 0 ? lab : NULL)) ||
		    (e = sw_table_str(t, 2, (const char *)sqlite3_column_text(st, 0))) ||
		    (e = sw_table_int(t, 3, sqlite3_column_int64(st, 2))) ||
		    (e = sw_table_str(t, 4, (const char *)sqlite3_column_text(st, 3))))
			break;
	}
	sqlite3_finalize(st);
	return e;
}

/* GitHub's event feed under-reports from May 2025: one row for the span. */
static sw_err gaps_underreported(struct sw_store *s, struct sw_table *t, struct sw_error *err)
{
	sqlite3_stmt *st;
	sw_err e = store_prepare(s, "SELECT count(*), min(hkey), max(hkey) FROM gha_hours WHERE hkey >= ?", &st, err);
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, UNDERREPORT_HKEY);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 0) > 0) {
		char lab[32], lab2[32], detail[160];
		hour_label(sqlite3_column_int64(st, 1), lab);
		hour_label(sqlite3_column_int64(st, 2), lab2);
		snprintf(detail, sizeof detail,
			 "%lld hour(s) %s to %s: GitHub's event feed under-reports from May 2025;"
			 " counts are lower bounds", (long long)sqlite3_column_int64(st, 0), lab, lab2);
		if (!(e = sw_table_add_row(t)) && !(e = sw_table_str(t, 0, "underreported")) &&
		    !(e = sw_table_str(t, 1, lab)))
			e = sw_table_str(t, 4, detail);
	}
	sqlite3_finalize(st);
	return e;
}

/* The sections of the gaps table, in order. */
static sw_err (*const gaps_parts[])(struct sw_store *, struct sw_table *, struct sw_error *) = {
	gaps_problems, gaps_malformed, gaps_underreported,
};

sw_err sw_gha_gaps(struct sw_store *s, struct sw_table **out, struct sw_error *err)
{
	*out = NULL;
	static const char *const cols[] = {"kind", "hour", "file", "line", "detail"};
	struct sw_table *t = sw_table_new("gaps", "GH Archive data quality", 5, cols);
	if (!t)
		return sw_error_set(err, SW_ENOMEM, "gaps: out of memory");
	sw_err e = SW_OK;
	for (size_t i = 0; !e && i < sizeof gaps_parts / sizeof gaps_parts[0]; i++)
		e = gaps_parts[i](s, t, err);
	if ((e = sw_table_give(t, e, out)))
		return err && err->code ? e : sw_error_set(err, e, "gaps: %s", sw_error_str(e));
	return SW_OK;
}

sw_err sw_gha_hours(struct sw_store *s, struct sw_table **out, struct sw_error *err)
{
	*out = NULL;
	sw_err e = SW_OK;
	static const char *const cols[] = {"name", "hour", "events", "malformed", "status", "bytes"};
	struct sw_table *t = sw_table_new("hours", "GH Archive hours scanned", 6, cols);
	if (!t)
		return sw_error_set(err, SW_ENOMEM, "hours: out of memory");
	sqlite3_stmt *st;
	if ((e = store_prepare(s, "SELECT name, hkey, events, malformed, status, bytes FROM gha_hours ORDER BY name",
				  &st, err))) {
		sw_table_free(t);
		return e;
	}
	char lab[32];
	while (!e && sqlite3_step(st) == SQLITE_ROW) {
		int64_t hk = sqlite3_column_int64(st, 1);
		if (hk >= 0)
			hour_label(hk, lab);
		if ((e = sw_table_add_row(t)) || (e = sw_table_str(t, 0, (const char *)sqlite3_column_text(st, 0))) ||
		    (e = sw_table_str(t, 1, hk >= 0 ? lab : NULL)) || (e = sw_table_int(t, 2, sqlite3_column_int64(st, 2))) ||
		    (e = sw_table_int(t, 3, sqlite3_column_int64(st, 3))) ||
		    (e = sw_table_str(t, 4, (const char *)sqlite3_column_text(st, 4))) ||
		    (e = sw_table_int(t, 5, sqlite3_column_int64(st, 5))))
			break;
	}
	sqlite3_finalize(st);
	if ((e = sw_table_give(t, e, out)))
		return sw_error_set(err, e, "hours: %s", sw_error_str(e));
	return SW_OK;
}

/* ---- series ---- */
static int64_t cum_at(const struct sw_gha_series *ser, const int64_t *ev_cum, int64_t day)
{
	if (ser->n == 0 || day < ser->day[0])
		return 0;
	int64_t i = day - ser->day[0];
	if (i >= (int64_t)ser->n)
		i = (int64_t)ser->n - 1;
	return ev_cum[i];
}

/* Anchoring (docs/gharchive.md): snapshot at t = truth at the end of the UTC
 * day holding t - 1 s;
 * between two snapshots the event curve is rescaled to join them; before the
 * first, event deltas are subtracted; after the last, they are added. */
static sw_err anchor(struct sw_store *s, int64_t store_id, struct sw_gha_series *ser, struct sw_error *err)
{
	int64_t *ev = malloc((ser->n ? ser->n : 1) * sizeof *ev);
	if (!ev)
		return sw_error_set(err, SW_ENOMEM, "series: out of memory");
	int64_t c = 0;
	for (size_t i = 0; i < ser->n; i++)
		ev[i] = (c += ser->stars[i]);
	struct sw_snapshot_list sl = {0};
	int64_t *sd = NULL, *sv = NULL;
	size_t ns = 0;
	if (store_id && sw_store_snapshots(s, store_id, &sl, NULL) == SW_OK && sl.n) {
		sd = malloc(sl.n * sizeof *sd);
		sv = malloc(sl.n * sizeof *sv);
		if (!sd || !sv) {
			free(sd), free(sv), free(ev);
			sw_snapshot_list_release(&sl);
			return sw_error_set(err, SW_ENOMEM, "series: out of memory");
		}
		for (size_t i = 0; i < sl.n; i++) { /* oldest first; same day: the later one wins */
			if (sl.items[i].stars == SW_UNKNOWN)
				continue;
			/* truth at time t = end of the day holding t - 1 s (midnight closes the day before) */
			int64_t d = (sl.items[i].taken_at - 1) / 86400;
			if (ns && sd[ns - 1] == d)
				ns--;
			sd[ns] = d;
			sv[ns++] = sl.items[i].stars;
		}
	}
	sw_snapshot_list_release(&sl);
	ser->anchored = ns > 0;
	for (size_t i = 0; i < ser->n; i++) {
		int64_t d = ser->day[i];
		if (!ns) {
			ser->cum_stars[i] = ev[i];
			continue;
		}
		size_t k = 0; /* first snapshot after d */
		while (k < ns && sd[k] <= d)
			k++;
		int64_t v;
		if (k == 0) {
			v = sv[0] - (cum_at(ser, ev, sd[0]) - ev[i]);
			if (v < 0)
				v = 0;
		} else if (k == ns) {
			v = sv[ns - 1] + (ev[i] - cum_at(ser, ev, sd[ns - 1]));
		} else {
			int64_t e0 = cum_at(ser, ev, sd[k - 1]), e1 = cum_at(ser, ev, sd[k]);
			double frac = e1 > e0 ? (double)(ev[i] - e0) / (double)(e1 - e0)
					      : (double)(d - sd[k - 1]) / (double)(sd[k] - sd[k - 1]);
			v = sv[k - 1] + llround(frac * (double)(sv[k] - sv[k - 1]));
		}
		ser->cum_stars[i] = v;
	}
	free(sd), free(sv), free(ev);
	return SW_OK;
}

bool sw_gha_has_events(struct sw_store *s)
{
	sqlite3_stmt *st;
	if (store_stmt(s, "SELECT EXISTS(SELECT 1 FROM gha_repos)", &st, NULL))
		return false;
	bool have = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return have;
}

/* A repo's active days: day then the NAGG aggregates, in day order;
 * caller frees *out. */
typedef int64_t day_row[NAGG + 1];
static sw_err day_rows(struct sw_store *s, const char *repo, int64_t repo_id, day_row **out, size_t *n,
		       struct sw_error *err)
{
	static const char q[] = "SELECT day, " AGG_COLS " FROM gha_days WHERE repo_id = ? ORDER BY day";
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st;
	sw_err e = store_stmt(s, q, &st, err);
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, repo_id);
	size_t a = 0;
	while (!e && sqlite3_step(st) == SQLITE_ROW) {
		if (!sw_array_grow(out, &a, *n + 1, sizeof **out)) {
			e = sw_error_set(err, SW_ENOMEM, "series: out of memory");
			break;
		}
		for (int c = 0; c <= NAGG; c++)
			(*out)[*n][c] = sqlite3_column_int64(st, c);
		++*n;
	}
	sqlite3_reset(st);
	if (!e && !*n)
		e = sw_error_set(err, SW_ENOTFOUND, "no GH Archive events for repo '%s'", repo);
	return e;
}

/* The series over every day from the first active one to the last (days
 * without events are zero); its metric arrays share one block. */
static sw_err series_fill(struct sw_gha_series *out, const day_row *rows, size_t nr, struct sw_error *err)
{
	size_t n = (size_t)(rows[nr - 1][0] - rows[0][0] + 1);
	out->n = n;
	out->day = calloc(n, sizeof *out->day);
	int64_t *blk = calloc(n * (NAGG + 1), sizeof *blk);
	if (!out->day || !blk) {
		free(blk);
		return sw_error_set(err, SW_ENOMEM, "series: out of memory");
	}
	int64_t **cols[NAGG + 1] = {&out->stars, &out->forks, &out->pushes, &out->commits, &out->prs_opened,
				    &out->prs_merged, &out->issues_opened, &out->releases, &out->contributors,
				    &out->new_stargazers, &out->cum_stars};
	for (int c = 0; c <= NAGG; c++)
		*cols[c] = blk + (size_t)c * n;
	for (size_t i = 0; i < n; i++)
		out->day[i] = rows[0][0] + (int64_t)i;
	for (size_t r = 0; r < nr; r++) {
		size_t i = (size_t)(rows[r][0] - rows[0][0]);
		for (int c = 0; c < NAGG; c++)
			(*cols[c])[i] = rows[r][c + 1];
	}
	return SW_OK;
}

/* The repo's newest name seen in the archive (left NULL if none). */
static sw_err series_name(struct sw_store *s, struct sw_gha_series *out, struct sw_error *err)
{
	static const char qn[] = "SELECT name FROM gha_repos WHERE repo_id = ?";
	sqlite3_stmt *st;
	sw_err e = store_stmt(s, qn, &st, err);
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, out->repo_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		out->name = sw_str_dup((const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return SW_OK;
}

/* Problem hours (missing, truncated, low) within the series' days. */
static sw_err series_gaps(struct sw_store *s, struct sw_gha_series *out, struct sw_error *err)
{
	struct prob *p = NULL;
	size_t np = 0;
	sw_err e = problems(s, &p, &np, err);
	if (e)
		return e;
	int64_t lo = out->day[0] * 24, hi = (out->day[out->n - 1] + 1) * 24;
	for (size_t i = 0; i < np; i++) {
		int64_t a = p[i].hkey, b = p[i].hkey + p[i].count;
		if (a < lo)
			a = lo;
		if (b > hi)
			b = hi;
		if (b > a)
			out->gap_hours += b - a;
	}
	free(p);
	return SW_OK;
}

sw_err sw_gha_repo_series(struct sw_store *s, const char *repo, struct sw_gha_series *out, struct sw_error *err)
{
	memset(out, 0, sizeof *out);
	int64_t repo_id, store_id;
	day_row *rows = NULL;
	size_t nr = 0;
	sw_err e = resolve(s, repo, &repo_id, &store_id, err);
	if (e)
		return e;
	/* First pass: span. Rows are few (one per active day). */
	e = day_rows(s, repo, repo_id, &rows, &nr, err);
	if (!e) {
		out->repo_id = repo_id;
		e = series_fill(out, rows, nr, err);
	}
	free(rows);
	if (!e)
		e = series_name(s, out, err);
	if (!e)
		e = anchor(s, store_id, out, err);
	if (!e)
		e = series_gaps(s, out, err);
	if (e)
		sw_gha_series_release(out);
	return e;
}

sw_err sw_gha_export_series(struct sw_store *s, const char *repo, struct sw_table **out, struct sw_error *err)
{
	*out = NULL;
	sw_err e = SW_OK;
	int64_t repo_id = 0, store_id;
	if (repo && (e = resolve(s, repo, &repo_id, &store_id, err)))
		return e;
	struct sw_table *t = sw_table_new("series", "GH Archive daily series", 12, export_cols);
	if (!t)
		return sw_error_set(err, SW_ENOMEM, "export: out of memory");
	sqlite3_stmt *st;
	e = store_prepare(s,
		"SELECT coalesce(r.name, '#' || a.repo_id), a.* FROM (SELECT repo_id, day, " AGG_COLS
		" FROM gha_days WHERE ?1 = 0 OR repo_id = ?1) a"
		" LEFT JOIN gha_repos r ON r.repo_id = a.repo_id ORDER BY 1, a.repo_id, a.day", &st, err);
	if (e) {
		sw_table_free(t);
		return e;
	}
	sqlite3_bind_int64(st, 1, repo_id);
	char date[32];
	int rc;
	while (!e && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		sw_time_format_date(sqlite3_column_int64(st, 2) * 86400, date);
		if ((e = sw_table_add_row(t)) || (e = sw_table_str(t, 0, (const char *)sqlite3_column_text(st, 0))) ||
		    (e = sw_table_str(t, 1, date)))
			break;
		for (int c = 0; c < NAGG && !e; c++)
			e = sw_table_int(t, (size_t)c + 2, sqlite3_column_int64(st, c + 3));
	}
	sqlite3_finalize(st);
	if ((e = sw_table_give(t, e, out)))
		return sw_error_set(err, e, "export: %s", sw_error_str(e));
	return SW_OK;
}

sw_err sw_gha_series_table(const struct sw_gha_series *ser, struct sw_table **out, struct sw_error *err)
{
	*out = NULL;
	const char *cols[13];
	for (int i = 0; i < 12; i++)
		cols[i] = export_cols[i];
	cols[12] = "stars_cumulative";
	struct sw_table *t = sw_table_new("series", "GH Archive daily series", 13, cols);
	if (!t)
		return sw_error_set(err, SW_ENOMEM, "series: out of memory");
	const int64_t *v[10] = {ser->stars, ser->forks, ser->pushes, ser->commits, ser->prs_opened,
				ser->prs_merged, ser->issues_opened, ser->releases, ser->contributors,
				ser->new_stargazers};
	char date[32], note[200];
	sw_err e = SW_OK;
	for (size_t i = 0; i < ser->n && !e; i++) {
		sw_time_format_date(ser->day[i] * 86400, date);
		if ((e = sw_table_add_row(t)) || (e = sw_table_str(t, 0, ser->name)) || (e = sw_table_str(t, 1, date)))
			break;
		for (int c = 0; c < 10 && !e; c++)
			e = sw_table_int(t, (size_t)c + 2, v[c][i]);
		if (!e)
			e = sw_table_int(t, 12, ser->cum_stars[i]);
	}
	if (!e) {
		snprintf(note, sizeof note, ser->anchored ? "stars_cumulative is anchored on the store's API snapshots"
							  : "stars_cumulative counts star events only (no API snapshot to anchor on)");
		e = sw_table_note(t, note);
	}
	if (!e && ser->gap_hours) {
		snprintf(note, sizeof note, "history crosses %lld missing, truncated or low hour(s): see gharchive gaps",
			 (long long)ser->gap_hours);
		e = sw_table_note(t, note);
	}
	if ((e = sw_table_give(t, e, out)))
		return sw_error_set(err, e, "series: %s", sw_error_str(e));
	return SW_OK;
}
