/* frontier.c: frontiers, lags, leadership periods and fallen-back
 * labs computed from stored benchmark scores, and their tables.
 *
 * Definitions (docs/models.md repeats them):
 *  - A model is its "Model name"; its versions (reasoning efforts, dated
 *    snapshots) collapse to the version with the best score; ties go to
 *    the earliest release. The model's date, organisation, country and
 *    accessibility are those of that best version.
 *  - A model sets a frontier record when its score is above every score
 *    released on earlier days and is the best of its own day; same-day ties
 *    both set the record.
 *  - Lag of an open model = its release day minus the first day a closed
 *    model scored at least as much, in months of 30.4375 days.
 *  - A model listing several organisations (or countries) counts fully for
 *    each of them; the chart colours it by the first one listed.
 *  - "Now" (as_of) is the newest release date in the data, so results do
 *    not depend on the day the command runs. */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "models_int.h"
#include "core/core_int.h"

#define MAX_NAMES 16

struct model {
	char *key, *name, *version, *orgs, *country, *access;
	int open;          /* 1 open, 0 closed, -1 unknown */
	int64_t day;       /* INT64_MIN: undated */
	double score;
	int nversions;
	bool on_overall, on_open, on_closed;
};

struct segment {       /* the overall frontier from day to the next segment */
	int64_t day;
	size_t first, n;   /* frontier entries f->ov[first..first+n) set on this day */
};

struct sw_models_frontier {
	char *benchmark;
	struct model *m;
	size_t n, nversions, undated;
	size_t *ord, nd;              /* dated models by (day, -score, name) */
	size_t *ov, nov, *op, nop, *cl, ncl;
	struct segment *seg;
	size_t nseg;
	char **orgs;                  /* distinct organisations, sorted */
	size_t norgs;
	int64_t as_of;
	bool as_of_given;             /* --as-of: else the newest release */
};

/* The strings each model owns. */
static const size_t model_strings[] = {
	offsetof(struct model, key),  offsetof(struct model, name),    offsetof(struct model, version),
	offsetof(struct model, orgs), offsetof(struct model, country), offsetof(struct model, access),
};

void sw_models_frontier_free(struct sw_models_frontier *f)
{
	if (!f)
		return;
	models_free_records(f->m, f->n, sizeof *f->m, model_strings, sizeof model_strings / sizeof model_strings[0]);
	for (size_t i = 0; i < f->norgs; i++)
		free(f->orgs[i]);
	free(f->orgs);
	free(f->ord);
	free(f->ov);
	free(f->op);
	free(f->cl);
	free(f->seg);
	free(f->benchmark);
	free(f);
}

/* Split a comma-separated list into trimmed names (truncated to 127 bytes). */
static size_t split(const char *s, char out[MAX_NAMES][128])
{
	size_t n = 0;
	while (s && *s && n < MAX_NAMES) {
		const char *c = strchr(s, ',');
		size_t len = c ? (size_t)(c - s) : strlen(s);
		while (len && (*s == ' ' || *s == '\t'))
			s++, len--;
		while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
			len--;
		if (len) {
			if (len > 127)
				len = 127;
			memcpy(out[n], s, len);
			out[n][len] = '\0';
			n++;
		}
		s = c ? c + 1 : s + strlen(s);
	}
	return n;
}

static bool has_name(const char *list, const char *name)
{
	char v[MAX_NAMES][128];
	size_t n = split(list, v);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], name))
			return true;
	return false;
}

/* Sort keys copied out of the models, so qsort needs no global context
 * (the web server may compute frontiers on several threads). */
struct ord_key {
	int64_t day;
	double score;
	const char *name;
	size_t idx;
};
static int cmp_ord(const void *a, const void *b)
{
	const struct ord_key *x = a, *y = b;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return strcmp(x->name, y->name);
}
static int cmp_name(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void fmt_day(int64_t day, char out[16])
{
	int y;
	unsigned m, d;
	sw_time_civil_from_days(day, &y, &m, &d);
	snprintf(out, 16, "%04d-%02u-%02u", y, m, d);
}

static double months(int64_t days)
{
	return (double)days / SW_MODELS_DAYS_PER_MONTH;
}

/* filter: 2 = every model, 1 = open, 0 = closed. */
static bool match(const struct model *m, int filter)
{
	return filter == 2 || m->open == filter;
}

/* Frontier records among models passing filter (see the file comment). */
static size_t frontier(struct sw_models_frontier *f, int filter, size_t *out)
{
	double best = -INFINITY;
	size_t n = 0;
	for (size_t i = 0; i < f->nd;) {
		int64_t day = f->m[f->ord[i]].day;
		double dbest = -INFINITY;
		size_t j;
		for (j = i; j < f->nd && f->m[f->ord[j]].day == day; j++)
			if (match(&f->m[f->ord[j]], filter) && f->m[f->ord[j]].score > dbest)
				dbest = f->m[f->ord[j]].score;
		if (dbest > best) {
			for (size_t k = i; k < j; k++)
				if (match(&f->m[f->ord[k]], filter) && f->m[f->ord[k]].score == dbest)
					out[n++] = f->ord[k];
			best = dbest;
		}
		i = j;
	}
	return n;
}

/* The first model (earliest day, then best score) passing filter that
 * scored at least `score`; SIZE_MAX if none. */
static size_t first_reach(const struct sw_models_frontier *f, int filter, double score)
{
	for (size_t i = 0; i < f->nd; i++) {
		const struct model *m = &f->m[f->ord[i]];
		if (match(m, filter) && m->score >= score)
			return f->ord[i];
	}
	return SIZE_MAX;
}

/* The model of the current row (its best version), or NULL out of memory. */
static struct model *model_read(sqlite3_stmt *st, struct model *m)
{
	memset(m, 0, sizeof *m);
	m->key = store_col_text(st, 0);
	m->name = store_col_text(st, 1);
	m->version = store_col_text(st, 2);
	m->orgs = store_col_text(st, 3);
	m->country = store_col_text(st, 4);
	m->access = store_col_text(st, 5);
	m->open = sw_models_access_class(m->access);
	m->day = models_day((const char *)sqlite3_column_text(st, 6));
	m->score = sqlite3_column_double(st, 7);
	m->nversions = 1;
	return m->key && m->name && m->version ? m : NULL;
}

static sw_err load(struct sw_store *s, struct sw_models_frontier *f, const char *as_of, struct sw_error *err)
{
	sqlite3_stmt *st;
	sw_err e = store_stmt(s,
				 "SELECT COALESCE(v.model, v.version), COALESCE(v.model, v.display, v.version),"
				 " v.version, v.organisation, v.country, v.access, v.release_date, sc.score"
				 " FROM models_scores sc JOIN models_versions v USING(version)"
				 " WHERE sc.benchmark = ?1 AND (?2 IS NULL OR v.release_date IS NULL OR v.release_date <= ?2)"
				 " ORDER BY 1, sc.score DESC, COALESCE(v.release_date, '9999'), v.version",
				 &st, err);
	if (e)
		return e;
	sqlite3_bind_text(st, 1, f->benchmark, -1, SQLITE_STATIC);
	if (as_of)
		sqlite3_bind_text(st, 2, as_of, -1, SQLITE_STATIC);
	size_t alloc = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		f->nversions++;
		const char *key = (const char *)sqlite3_column_text(st, 0);
		/* Rows come grouped by model, best version first: it is the model. */
		if (f->n && !strcmp(f->m[f->n - 1].key, key)) {
			f->m[f->n - 1].nversions++;
			continue;
		}
		if (!sw_array_grow(&f->m, &alloc, f->n + 1, sizeof *f->m) || !model_read(st, &f->m[f->n++])) {
			e = sw_error_set(err, SW_ENOMEM, "out of memory");
			break;
		}
	}
	if (!e && rc != SQLITE_DONE && rc != SQLITE_ROW)
		e = store_dberr(s, err, "reading model scores");
	sqlite3_reset(st);
	return e;
}

/* The dated models in f->ord by (day, -score, name); the newest day is "now". */
static sw_err order_dated(struct sw_models_frontier *f, struct sw_error *err)
{
	f->as_of = INT64_MIN;
	for (size_t i = 0; i < f->n; i++) {
		if (f->m[i].day == INT64_MIN) {
			f->undated++;
			continue;
		}
		f->ord[f->nd++] = i;
		if (f->m[i].day > f->as_of)
			f->as_of = f->m[i].day;
	}
	struct ord_key *keys = malloc((f->nd ? f->nd : 1) * sizeof *keys);
	if (!keys)
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	for (size_t i = 0; i < f->nd; i++)
		keys[i] = (struct ord_key){f->m[f->ord[i]].day, f->m[f->ord[i]].score, f->m[f->ord[i]].name, f->ord[i]};
	qsort(keys, f->nd, sizeof *keys, cmp_ord);
	for (size_t i = 0; i < f->nd; i++)
		f->ord[i] = keys[i].idx;
	free(keys);
	return SW_OK;
}

/* The three frontiers, each model's marks, and the overall frontier's
 * segments (one per record day). */
static void frontiers(struct sw_models_frontier *f)
{
	f->nov = frontier(f, 2, f->ov);
	f->nop = frontier(f, 1, f->op);
	f->ncl = frontier(f, 0, f->cl);
	for (size_t i = 0; i < f->nov; i++)
		f->m[f->ov[i]].on_overall = true;
	for (size_t i = 0; i < f->nop; i++)
		f->m[f->op[i]].on_open = true;
	for (size_t i = 0; i < f->ncl; i++)
		f->m[f->cl[i]].on_closed = true;
	for (size_t i = 0; i < f->nov; i++) {
		if (!f->nseg || f->seg[f->nseg - 1].day != f->m[f->ov[i]].day)
			f->seg[f->nseg++] = (struct segment){f->m[f->ov[i]].day, i, 0};
		f->seg[f->nseg - 1].n++;
	}
}

/* The distinct organisations of all models, sorted. */
static sw_err distinct_orgs(struct sw_models_frontier *f, struct sw_error *err)
{
	size_t alloc = 0;
	for (size_t i = 0; i < f->n; i++) {
		char v[MAX_NAMES][128];
		size_t k = split(f->m[i].orgs, v);
		for (size_t j = 0; j < k; j++) {
			bool seen = false;
			for (size_t q = 0; q < f->norgs && !seen; q++)
				seen = !strcmp(f->orgs[q], v[j]);
			if (seen)
				continue;
			if (!sw_array_grow(&f->orgs, &alloc, f->norgs + 1, sizeof *f->orgs) ||
			    !(f->orgs[f->norgs] = sw_str_dup(v[j])))
				return sw_error_set(err, SW_ENOMEM, "out of memory");
			f->norgs++;
		}
	}
	if (f->norgs)
		qsort(f->orgs, f->norgs, sizeof *f->orgs, cmp_str);
	return SW_OK;
}

static sw_err analyse(struct sw_models_frontier *f, struct sw_error *err)
{
	size_t n = f->n ? f->n : 1;
	f->ord = malloc(n * sizeof *f->ord);
	f->ov = malloc(n * sizeof *f->ov);
	f->op = malloc(n * sizeof *f->op);
	f->cl = malloc(n * sizeof *f->cl);
	f->seg = malloc(n * sizeof *f->seg);
	if (!f->ord || !f->ov || !f->op || !f->cl || !f->seg)
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	sw_err e = order_dated(f, err);
	if (e)
		return e;
	frontiers(f);
	return distinct_orgs(f, err);
}

sw_err sw_models_frontier_compute_as_of(struct sw_store *s, const char *benchmark, const char *as_of,
					struct sw_models_frontier **out, struct sw_error *err)
{
	*out = NULL;
	if (as_of && !models_valid_date(as_of))
		return sw_error_set(err, SW_EINVAL, "as-of date '%.40s' is not YYYY-MM-DD", as_of);
	sw_err e = SW_OK;
	struct sw_models_frontier *f = calloc(1, sizeof *f);
	if (!f || !(f->benchmark = sw_str_dup(benchmark ? benchmark : "gpqa_diamond"))) {
		free(f);
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	}
	e = load(s, f, as_of, err);
	if (!e && !f->n)
		e = sw_error_set(err, SW_ENOTFOUND,
				 "no scores for benchmark '%s'%s%s; import some with 'stackwatch models import'",
				 f->benchmark, as_of ? " released by " : "", as_of ? as_of : "");
	if (!e)
		e = analyse(f, err);
	if (e) {
		sw_models_frontier_free(f);
		return e;
	}
	if (as_of) { /* "now" is the day asked about */
		f->as_of = models_day(as_of);
		f->as_of_given = true;
	}
	*out = f;
	return SW_OK;
}

sw_err sw_models_frontier_compute(struct sw_store *s, const char *benchmark, struct sw_models_frontier **out,
				  struct sw_error *err)
{
	return sw_models_frontier_compute_as_of(s, benchmark, NULL, out, err);
}

/* The best open model released up to day: the last open record then
 * (first of a same-day tie); NULL when there is none. */
static const struct model *best_open_upto(const struct sw_models_frontier *f, int64_t day)
{
	size_t k = f->nop;
	while (k > 0 && f->m[f->op[k - 1]].day > day)
		k--;
	if (!k)
		return NULL;
	size_t last = k - 1;
	while (last > 0 && f->m[f->op[last - 1]].day == f->m[f->op[last]].day &&
	       f->m[f->op[last - 1]].score == f->m[f->op[last]].score)
		last--;
	return &f->m[f->op[last]];
}

/* The least-squares line through the open records' lags against their
 * release days: its slope in months of lag per year, and its value at the
 * first and last of them (NAN under 3 records with a lag). */
static void lag_trend(const struct sw_models_frontier *f, struct sw_models_lag *out)
{
	double sx = 0, sy = 0, sxx = 0, sxy = 0, first = NAN, last = NAN;
	size_t n = 0;
	for (size_t i = 0; i < f->nop; i++) {
		const struct model *m = &f->m[f->op[i]];
		size_t c = first_reach(f, 0, m->score);
		if (c == SIZE_MAX)
			continue;
		double x = (double)m->day / 365.25, y = months(m->day - f->m[c].day);
		sx += x, sy += y, sxx += x * x, sxy += x * y;
		first = n ? first : x;
		last = x;
		n++;
	}
	out->lag_steps = n;
	double den = (double)n * sxx - sx * sx;
	out->lag_trend_per_year = out->lag_trend_first = out->lag_trend_last = NAN;
	if (n < 3 || den <= 0)
		return;
	double b = ((double)n * sxy - sx * sy) / den, a = (sy - b * sx) / (double)n;
	out->lag_trend_per_year = b;
	out->lag_trend_first = a + b * first;
	out->lag_trend_last = a + b * last;
}

void sw_models_current_lag(const struct sw_models_frontier *f, struct sw_models_lag *out)
{
	memset(out, 0, sizeof *out);
	out->lag_months = out->behind_months = out->best_closed_score = out->open_score = NAN;
	out->year_ago_lag_months = NAN;
	out->as_of_day = f->as_of;
	lag_trend(f, out);
	if (f->ncl)
		out->best_closed_score = f->m[f->cl[f->ncl - 1]].score;
	const struct model *y = f->as_of == INT64_MIN ? NULL : best_open_upto(f, f->as_of - 365);
	size_t yc = y ? first_reach(f, 0, y->score) : SIZE_MAX;
	if (yc != SIZE_MAX) {
		out->year_ago_open_model = y->name;
		out->year_ago_closed_model = f->m[yc].name;
		out->year_ago_lag_months = months(y->day - f->m[yc].day);
	}
	const struct model *o = best_open_upto(f, INT64_MAX);
	if (!o)
		return;
	out->open_model = o->name;
	out->open_score = o->score;
	out->open_day = o->day;
	size_t c = first_reach(f, 0, o->score);
	if (c == SIZE_MAX)
		return;
	out->closed_model = f->m[c].name;
	out->closed_day = f->m[c].day;
	out->lag_months = months(o->day - f->m[c].day);
	out->behind_months = months(f->as_of - f->m[c].day);
}

/* ---- tables ---- */

const char *const sw_models_table_names[] = {"summary", "models", "frontier", "open_lag", "closed_frontier",
					     "countries", "org_best", "periods", "fallen_back"};
const size_t sw_models_ntables = sizeof sw_models_table_names / sizeof sw_models_table_names[0];

static const char *access_word(int open)
{
	return open == 1 ? "open" : open == 0 ? "closed" : "unknown";
}

/* Cell setters that turn the first failure into e. */
struct tb {
	struct sw_table *t;
	sw_err e;
};
static void row(struct tb *b)
{
	if (!b->e)
		b->e = sw_table_add_row(b->t);
}
static void str(struct tb *b, size_t c, const char *s)
{
	if (!b->e)
		b->e = sw_table_str(b->t, c, s);
}
static void num(struct tb *b, size_t c, double v, int dec)
{
	if (!b->e)
		b->e = sw_table_num(b->t, c, v, dec);
}
static void inum(struct tb *b, size_t c, int64_t v)
{
	if (!b->e)
		b->e = sw_table_int(b->t, c, v);
}
static void day(struct tb *b, size_t c, int64_t d)
{
	char s[16];
	if (d == INT64_MIN)
		return;
	fmt_day(d, s);
	str(b, c, s);
}
static void note(struct tb *b, const char *s)
{
	if (!b->e)
		b->e = sw_table_note(b->t, s);
}

/* The per-model columns the tables share, in the order a table lists them. */
enum cell { K_DAY, K_NAME, K_VERSION, K_NVERSIONS, K_ORGS, K_COUNTRY, K_OPEN, K_ACCESS, K_SCORE, K_ON_FRONTIER,
	    K_END };

/* Model m's cells kinds[0..K_END) into columns col, col + 1, ... */
static void model_cells(struct tb *b, size_t col, const struct model *m, const enum cell *kinds)
{
	for (; *kinds != K_END; kinds++, col++)
		switch (*kinds) {
		case K_DAY: day(b, col, m->day); break;
		case K_NAME: str(b, col, m->name); break;
		case K_VERSION: str(b, col, m->version); break;
		case K_NVERSIONS: inum(b, col, m->nversions); break;
		case K_ORGS: str(b, col, m->orgs); break;
		case K_COUNTRY: str(b, col, m->country); break;
		case K_OPEN: str(b, col, access_word(m->open)); break;
		case K_ACCESS: str(b, col, m->access); break;
		case K_SCORE: num(b, col, m->score, 3); break;
		case K_ON_FRONTIER: str(b, col, m->on_overall ? "yes" : "no"); break;
		case K_END: break;
		}
}

sw_err sw_models_finding(const struct sw_models_frontier *f, struct sw_buf *out)
{
	struct sw_models_lag l;
	sw_models_current_lag(f, &l);
	char d[16], c[16], y[16];
	if (!l.open_model)
		return sw_buf_printf(out, "No open-weights model has a %s score yet.", f->benchmark);
	fmt_day(l.open_day, d);
	if (!l.closed_model)
		return sw_buf_printf(out, "Open weights lead on %s: no closed model has reached %s's %.3f (%s).",
				     f->benchmark, l.open_model, l.open_score, d);
	fmt_day(l.closed_day, c);
	fmt_day(f->as_of - 365, y);
	sw_err e = sw_buf_printf(out, "Open weights trail closed models by %.1f months on %s: %s (%s) scores %.3f, a"
				      " level %s first reached on %s.",
				 l.lag_months, f->benchmark, l.open_model, d, l.open_score, l.closed_model, c);
	if (!e && !isnan(l.year_ago_lag_months))
		e = sw_buf_printf(out, " A year earlier (%s) the gap was %.1f months (%s vs %s).", y,
				  l.year_ago_lag_months, l.year_ago_open_model, l.year_ago_closed_model);
	if (!e && !isnan(l.lag_trend_per_year))
		e = sw_buf_printf(out, " Over the %zu steps of the open-weights frontier the gap has %s by %.1f months a"
				       " year (least-squares trend).",
				  l.lag_steps, l.lag_trend_per_year < 0 ? "narrowed" : "widened", fabs(l.lag_trend_per_year));
	return e;
}

static void t_summary(const struct sw_models_frontier *f, struct tb *b)
{
	size_t open = 0, closed = 0, unknown = 0;
	for (size_t i = 0; i < f->n; i++)
		f->m[i].open == 1 ? open++ : f->m[i].open == 0 ? closed++ : unknown++;
	struct sw_models_lag l;
	sw_models_current_lag(f, &l);
	char v[256];
#define KV(k, ...) (snprintf(v, sizeof v, __VA_ARGS__), row(b), str(b, 0, k), str(b, 1, v))
	KV("benchmark", "%s", f->benchmark);
	KV("models", "%zu (from %zu versions; %zu undated, left out of the frontier)", f->n, f->nversions,
	   f->undated);
	KV("accessibility", "%zu open weights, %zu closed, %zu unknown (unknown is neither)", open, closed,
	   unknown);
	if (f->as_of != INT64_MIN) {
		char d[16];
		fmt_day(f->as_of, d);
		KV("as_of", "%s (%s)", d, f->as_of_given ? "as asked: later releases left out" : "newest release in the data");
	}
	if (f->nov) {
		const struct model *m = &f->m[f->ov[f->nov - 1]];
		char d[16];
		fmt_day(m->day, d);
		KV("frontier", "%.3f by %s (%s, %s)", m->score, m->name, m->orgs ? m->orgs : "unknown", d);
	}
	if (f->ncl) {
		const struct model *m = &f->m[f->cl[f->ncl - 1]];
		char d[16];
		fmt_day(m->day, d);
		KV("best_closed", "%.3f by %s (%s)", m->score, m->name, d);
	}
	if (l.open_model) {
		char d[16];
		fmt_day(l.open_day, d);
		KV("best_open", "%.3f by %s (%s)", l.open_score, l.open_model, d);
		if (l.closed_model) {
			char c[16];
			fmt_day(l.closed_day, c);
			KV("current_lag", "%.1f months: %s first reached %.3f on %s", l.lag_months, l.closed_model,
			   l.open_score, c);
			KV("closed_level_age", "%.1f months: open weights now match what closed models had on %s",
			   l.behind_months, c);
		} else
			KV("current_lag", "none: no closed model has reached %.3f (open weights lead)", l.open_score);
		if (!isnan(l.best_closed_score))
			KV("score_gap", "%.3f (best closed minus best open)", l.best_closed_score - l.open_score);
	} else
		KV("best_open", "none: no model with open weights has a score");
	KV("credit", "Data: Epoch AI, AI Benchmarking Hub (CC BY 4.0), epoch.ai/benchmarks");
#undef KV
}

static void t_models(const struct sw_models_frontier *f, struct tb *b)
{
	for (size_t k = 0; k < f->nd + f->undated; k++) {
		size_t i = k;
		if (k < f->nd)
			i = f->ord[k];
		else { /* undated ones last, in name order */
			size_t seen = 0;
			for (i = 0; i < f->n; i++)
				if (f->m[i].day == INT64_MIN && seen++ == k - f->nd)
					break;
		}
		static const enum cell cols[] = {K_DAY, K_NAME, K_VERSION, K_NVERSIONS, K_ORGS, K_COUNTRY,
						 K_OPEN, K_ACCESS, K_SCORE, K_ON_FRONTIER, K_END};
		row(b);
		model_cells(b, 0, &f->m[i], cols);
	}
}

static void frontier_rows(const struct sw_models_frontier *f, const size_t *idx, size_t n, struct tb *b)
{
	double prev = NAN;
	for (size_t i = 0; i < n; i++) {
		static const enum cell cols[] = {K_DAY, K_NAME, K_ORGS, K_COUNTRY, K_OPEN, K_SCORE, K_END};
		const struct model *m = &f->m[idx[i]];
		row(b);
		model_cells(b, 0, m, cols);
		num(b, 6, isnan(prev) ? NAN : m->score - prev, 3);
		if (i + 1 == n || f->m[idx[i + 1]].day != m->day)
			prev = m->score;
	}
}

static void t_open_lag(const struct sw_models_frontier *f, struct tb *b)
{
	bool leads = false;
	for (size_t i = 0; i < f->nop; i++) {
		const struct model *m = &f->m[f->op[i]];
		static const enum cell cols[] = {K_DAY, K_NAME, K_ORGS, K_COUNTRY, K_SCORE, K_END};
		size_t c = first_reach(f, 0, m->score);
		row(b);
		model_cells(b, 0, m, cols);
		if (c == SIZE_MAX) {
			leads = true;
			continue;
		}
		str(b, 5, f->m[c].name);
		day(b, 6, f->m[c].day);
		inum(b, 7, m->day - f->m[c].day);
		num(b, 8, months(m->day - f->m[c].day), 1);
	}
	note(b, "lag = release day minus the first day a closed model scored at least as much; months of 30.4375 days");
	if (leads)
		note(b, "an empty lag: no closed model has reached that score (open weights lead)");
}

/* Distinct countries of all models (empty = "unknown"), sorted; their count. */
static size_t countries(const struct sw_models_frontier *f, char (*names)[128])
{
	size_t nn = 0;
	for (size_t i = 0; i < f->n; i++) {
		char v[MAX_NAMES][128];
		size_t k = split(f->m[i].country, v);
		if (!k)
			k = 1, strcpy(v[0], "unknown");
		for (size_t j = 0; j < k; j++) {
			size_t q;
			for (q = 0; q < nn && strcmp(names[q], v[j]); q++)
				;
			if (q == nn)
				strcpy(names[nn++], v[j]);
		}
	}
	qsort(names, nn, sizeof *names, cmp_name);
	return nn;
}

/* The open model o of a country against the first model (overall, then
 * closed) that reached its score, in columns 7..13. */
static void country_open(const struct sw_models_frontier *f, struct tb *b, const struct model *o)
{
	str(b, 7, o->name);
	num(b, 8, o->score, 3);
	day(b, 9, o->day);
	size_t a = first_reach(f, 2, o->score);
	str(b, 10, f->m[a].name);
	day(b, 11, f->m[a].day);
	num(b, 12, months(o->day - f->m[a].day), 1);
	size_t cl = first_reach(f, 0, o->score);
	if (cl != SIZE_MAX)
		num(b, 13, months(o->day - f->m[cl].day), 1);
}

/* One country's row: its dated models by accessibility, its best and its best open model. */
static void country_row(const struct sw_models_frontier *f, struct tb *b, const char *name)
{
	size_t cnt[3] = {0}, best = SIZE_MAX, bopen = SIZE_MAX;
	for (size_t k = 0; k < f->nd; k++) {
		const struct model *m = &f->m[f->ord[k]];
		bool in = strcmp(name, "unknown") ? has_name(m->country, name) : !m->country || !*m->country;
		if (!in)
			continue;
		cnt[m->open + 1]++;
		if (best == SIZE_MAX || m->score > f->m[best].score)
			best = f->ord[k];
		if (m->open == 1 && (bopen == SIZE_MAX || m->score > f->m[bopen].score))
			bopen = f->ord[k];
	}
	row(b);
	str(b, 0, name);
	inum(b, 1, (int64_t)(cnt[0] + cnt[1] + cnt[2]));
	inum(b, 2, (int64_t)cnt[2]);
	inum(b, 3, (int64_t)cnt[1]);
	inum(b, 4, (int64_t)cnt[0]);
	if (best != SIZE_MAX) {
		str(b, 5, f->m[best].name);
		num(b, 6, f->m[best].score, 3);
	}
	if (bopen != SIZE_MAX)
		country_open(f, b, &f->m[bopen]);
}

static void t_countries(const struct sw_models_frontier *f, struct tb *b)
{
	char (*names)[128] = calloc(f->n * MAX_NAMES + 1, sizeof *names);
	if (!names) {
		b->e = SW_ENOMEM;
		return;
	}
	size_t nn = countries(f, names);
	for (size_t c = 0; c < nn; c++)
		country_row(f, b, names[c]);
	free(names);
	note(b, "a model listing several countries counts for each; undated models are left out");
	note(b, "open_lag: best open model's release minus the first day any model (overall) / a closed model reached its score");
}

static void t_org_best(const struct sw_models_frontier *f, struct tb *b)
{
	for (size_t o = 0; o < f->norgs; o++) {
		double best = -INFINITY;
		for (size_t k = 0; k < f->nd; k++) {
			const struct model *m = &f->m[f->ord[k]];
			if (!has_name(m->orgs, f->orgs[o]) || m->score <= best)
				continue;
			static const enum cell cols[] = {K_DAY, K_NAME, K_OPEN, K_SCORE, K_ON_FRONTIER, K_END};
			best = m->score;
			row(b);
			str(b, 0, f->orgs[o]);
			model_cells(b, 1, m, cols);
		}
	}
	note(b, "each organisation's best-so-far: the models that beat its own previous best");
}

static bool seg_has(const struct sw_models_frontier *f, size_t s, const char *org)
{
	for (size_t i = 0; i < f->seg[s].n; i++)
		if (has_name(f->m[f->ov[f->seg[s].first + i]].orgs, org))
			return true;
	return false;
}

/* Calls fn for each maximal run of segments [a, b) held by org. */
struct run {
	size_t a, b;
};
static size_t runs(const struct sw_models_frontier *f, const char *org, struct run *out)
{
	size_t n = 0;
	for (size_t s = 0; s < f->nseg; s++) {
		if (!seg_has(f, s, org))
			continue;
		if (n && out[n - 1].b == s)
			out[n - 1].b = s + 1;
		else
			out[n++] = (struct run){s, s + 1};
	}
	return n;
}

static int64_t run_end(const struct sw_models_frontier *f, const struct run *r)
{
	return r->b < f->nseg ? f->seg[r->b].day : f->as_of;
}

static void t_periods(const struct sw_models_frontier *f, struct tb *b)
{
	struct run *r = malloc((f->nseg + 1) * sizeof *r);
	if (!r) {
		b->e = SW_ENOMEM;
		return;
	}
	/* Chronological: collect (start, org) pairs by walking segments. */
	for (size_t s = 0; s < f->nseg; s++)
		for (size_t o = 0; o < f->norgs; o++) {
			size_t n = runs(f, f->orgs[o], r);
			for (size_t i = 0; i < n; i++) {
				if (r[i].a != s)
					continue;
				struct sw_buf names = SW_BUF_INIT;
				sw_buf_init(&names, 4096);
				for (size_t q = r[i].a; q < r[i].b; q++)
					for (size_t j = 0; j < f->seg[q].n; j++) {
						const struct model *m = &f->m[f->ov[f->seg[q].first + j]];
						if (has_name(m->orgs, f->orgs[o]) && !b->e)
							b->e = sw_buf_printf(&names, "%s%s", names.len ? ", " : "",
									     m->name);
					}
				row(b);
				str(b, 0, f->orgs[o]);
				day(b, 1, f->seg[r[i].a].day);
				if (r[i].b < f->nseg)
					day(b, 2, f->seg[r[i].b].day);
				else
					str(b, 2, "now");
				inum(b, 3, run_end(f, &r[i]) - f->seg[r[i].a].day);
				str(b, 4, names.data);
				sw_buf_release(&names);
			}
		}
	free(r);
	note(b, "an organisation holds the frontier from the day one of its models sets the record until a model of"
		" another organisation sets a higher one; 'now' = still holding at the newest release date");
}

static void t_fallen(const struct sw_models_frontier *f, struct tb *b)
{
	struct run *r = malloc((f->nseg + 1) * sizeof *r);
	if (!r) {
		b->e = SW_ENOMEM;
		return;
	}
	double top = f->nov ? f->m[f->ov[f->nov - 1]].score : NAN;
	for (size_t o = 0; o < f->norgs; o++) {
		size_t n = runs(f, f->orgs[o], r);
		if (!n || r[n - 1].b == f->nseg)
			continue; /* never held it, or holds it now */
		int64_t held = 0;
		for (size_t i = 0; i < n; i++)
			held += run_end(f, &r[i]) - f->seg[r[i].a].day;
		const struct segment *lost = &f->seg[r[n - 1].b];
		size_t best = SIZE_MAX;
		for (size_t k = 0; k < f->nd; k++) {
			const struct model *m = &f->m[f->ord[k]];
			if (has_name(m->orgs, f->orgs[o]) && (best == SIZE_MAX || m->score > f->m[best].score))
				best = f->ord[k];
		}
		row(b);
		str(b, 0, f->orgs[o]);
		day(b, 1, f->seg[r[0].a].day);
		day(b, 2, lost->day);
		str(b, 3, f->m[f->ov[lost->first]].orgs);
		inum(b, 4, held);
		str(b, 5, f->m[best].name);
		num(b, 6, f->m[best].score, 3);
		num(b, 7, top - f->m[best].score, 3);
		num(b, 8, months(f->as_of - lost->day), 1);
	}
	free(r);
	note(b, "fallen back: held the overall frontier at some time and does not hold it at the newest release date");
}

sw_err sw_models_table(const struct sw_models_frontier *f, const char *name, struct sw_table **out,
		       struct sw_error *err)
{
	static const char *const h_sum[] = {"field", "value"};
	static const char *const h_models[] = {"date", "model", "best_version", "versions", "organisation",
					       "country", "access", "accessibility", "score", "on_frontier"};
	static const char *const h_front[] = {"date", "model", "organisation", "country", "access", "score",
					      "gain"};
	static const char *const h_lag[] = {"date", "open_model", "organisation", "country", "score",
					    "closed_first", "closed_date", "lag_days", "lag_months"};
	static const char *const h_cty[] = {"country", "models", "open", "closed", "unknown", "best_model",
					    "best_score", "best_open_model", "open_score", "open_date",
					    "first_to_reach", "first_date", "open_lag_months",
					    "open_lag_vs_closed_months"};
	static const char *const h_org[] = {"organisation", "date", "model", "access", "score", "frontier"};
	static const char *const h_per[] = {"organisation", "from", "to", "days", "frontier_models"};
	static const char *const h_fall[] = {"organisation", "first_held", "lost_on", "overtaken_by", "days_held",
					     "best_model", "best_score", "gap_to_frontier", "months_since_lost"};
	/* What a narrow terminal leaves out first (core's table fitting). */
	static const char *const d_models[] = {"best_version", "versions", "accessibility", "country", NULL};
	static const char *const d_front[] = {"country", "gain", NULL};
	static const char *const d_lag[] = {"country", "organisation", "lag_days", "closed_date", NULL};
	static const char *const d_cty[] = {"unknown", "closed", "open", "best_model", "best_score", "open_date",
					    "first_date", "open_lag_vs_closed_months", NULL};
	static const char *const d_fall[] = {"first_held", "days_held", "gap_to_frontier", NULL};
	static const char *const d_none[] = {NULL};
	static const struct {
		const char *name, *title;
		const char *const *h;
		size_t n;
		void (*fn)(const struct sw_models_frontier *, struct tb *);
		const char *const *drop;
	} defs[] = {
		{"summary", "Summary", h_sum, 2, t_summary, d_none},
		{"models", "Models (versions collapsed to each model's best)", h_models, 10, t_models, d_models},
		{"frontier", "Overall frontier (running best)", h_front, 7, NULL, d_front},
		{"open_lag", "Open-weights frontier and its lag behind closed models", h_lag, 9, t_open_lag, d_lag},
		{"closed_frontier", "Closed frontier", h_front, 7, NULL, d_front},
		{"countries", "By country: best open model vs the overall frontier", h_cty, 14, t_countries, d_cty},
		{"org_best", "Best-so-far per organisation", h_org, 6, t_org_best, d_none},
		{"periods", "Periods holding the overall frontier", h_per, 5, t_periods, d_none},
		{"fallen_back", "Labs that fell back", h_fall, 9, t_fallen, d_fall},
	};
	*out = NULL;
	for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++) {
		if (strcmp(defs[i].name, name))
			continue;
		struct tb b = {sw_table_new(defs[i].name, defs[i].title, defs[i].n, defs[i].h), SW_OK};
		if (!b.t)
			return sw_error_set(err, SW_ENOMEM, "out of memory");
		if (defs[i].fn)
			defs[i].fn(f, &b);
		else if (!strcmp(name, "frontier"))
			frontier_rows(f, f->ov, f->nov, &b);
		else
			frontier_rows(f, f->cl, f->ncl, &b);
		size_t nd = 0;
		while (defs[i].drop[nd])
			nd++;
		if (!b.e)
			b.e = sw_table_drop_order(b.t, defs[i].drop, nd);
		if (b.e) {
			sw_table_free(b.t);
			return sw_error_set(err, b.e, "building the %s table: %s", name, sw_error_str(b.e));
		}
		*out = b.t;
		return SW_OK;
	}
	return sw_error_set(err, SW_ENOTFOUND, "no models table named '%s' (summary, models, frontier, open_lag,"
			    " closed_frontier, countries, org_best, periods, fallen_back)", name);
}
