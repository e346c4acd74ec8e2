/* growth.c: 2. Growth over time: repos per layer by creation month
 * (software layers get a column each; everything else is "other"), new
 * repos per month, a per-layer summary of where the rate peaked and
 * flattened, and stars per layer at sampled snapshot times. */
#include "report_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_int.h"
#include "stackwatch/core.h"

#define STAR_SAMPLES 8

/* New repos per creation month and layer. */
struct months {
	int lo, hi;      /* first and last month (y*12 + m-1) */
	size_t M, L;     /* months from lo to hi, layers */
	int64_t *nw;     /* new repos per month x layer; NULL when no repo has a date */
	int64_t undated; /* repos with no known creation date */
};

/* The months from the first creation month to the snapshot's (or the last
 * creation month, if later), with the repos created in each. */
static sw_err count_months(struct report_ctx *c, struct months *g)
{
	struct sw_report *r = c->r;
	int lo = -1, hi = -1;
	for (size_t i = 0; i < c->n; i++) {
		int m = c->rows[i].month;
		if (m < 0)
			continue;
		if (lo < 0 || m < lo) lo = m;
		if (m > hi) hi = m;
	}
	*g = (struct months){.lo = lo, .hi = hi, .L = r->nlayers};
	if (lo < 0)
		return SW_OK; /* no creation dates: nothing to chart */
	if (r->as_of && report_month_of_time(r->as_of) > hi)
		g->hi = report_month_of_time(r->as_of);
	g->M = (size_t)(g->hi - lo + 1);
	if (!(g->nw = calloc(g->M * g->L, sizeof *g->nw)))
		return SW_ENOMEM;
	for (size_t i = 0; i < c->n; i++) {
		if (c->rows[i].month < 0)
			g->undated++;
		else
			g->nw[(size_t)(c->rows[i].month - lo) * g->L + (size_t)c->rows[i].layer]++;
	}
	return SW_OK;
}

/* A row a month of both tables: the running total and the new repos of
 * each software layer and of all of them. */
static sw_err monthly_rows(struct report_ctx *c, const struct months *g, struct sw_table *cum, struct sw_table *nm)
{
	const struct sw_report *r = c->r;
	size_t L = g->L;
	int64_t *run = calloc(L, sizeof *run);
	sw_err e = run ? SW_OK : SW_ENOMEM;
	int64_t total_prev = 0;
	for (size_t m = 0; !e && m < g->M; m++) {
		char lab[16];
		report_month_label(g->lo + (int)m, lab);
		int64_t total = 0, total_new = 0;
		e = sw_table_add_row(cum);
		if (!e) e = sw_table_add_row(nm);
		if (!e) e = sw_table_str(cum, 0, lab);
		if (!e) e = sw_table_str(nm, 0, lab);
		size_t col = 1;
		for (size_t l = 0; !e && l < L; l++) {
			int64_t x = g->nw[m * L + l];
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
		if (!e) e = sw_table_num(nm, col + 1, report_pct((double)total_new, (double)total_prev), 1);
		total_prev = total;
	}
	free(run);
	return e;
}

/* Tables growth and new_per_month. Columns: month, each software layer, all
 * software (and for new repos the month-over-month growth of that total);
 * tutorials and lists are in growth_summary. */
static sw_err monthly_tables(struct report_ctx *c, const struct months *g)
{
	struct sw_report *r = c->r;
	size_t nsw = 0;
	for (size_t l = 0; l < g->L; l++)
		nsw += r->layer_software[l];
	size_t ncol = 1 + nsw + 1;
	const char **h = calloc(ncol + 2, sizeof *h);
	if (!h)
		return SW_ENOMEM;
	h[0] = "month";
	size_t k = 1;
	for (size_t l = 0; l < g->L; l++)
		if (r->layer_software[l])
			h[k++] = r->layer_names[l];
	h[k++] = "all";
	struct sw_table *cum = sw_table_new("growth", "Cumulative software repos per layer by creation month", ncol, h);
	h[ncol] = "mom_pct";
	struct sw_table *nm = sw_table_new("new_per_month", "New software repos per layer by creation month", ncol + 1, h);
	free(h);
	sw_err e = cum && nm ? SW_OK : SW_ENOMEM;
	if (!e)
		e = monthly_rows(c, g, cum, nm);
	if (!e)
		e = report_add_note(nm, "mom_pct: new repos of the month relative to all software repos before it.");
	if (!e && g->undated)
		e = report_add_notef(cum, "%lld repo(s) have no known creation date and are not counted here.",
				     (long long)g->undated);
	e = report_keep_table(r, cum, e);
	return report_keep_table(r, nm, e);
}

/* New repos of layer l (all layers when l == L) in month m. */
static int64_t new_in(const struct months *g, size_t l, int m)
{
	int64_t x = 0;
	for (size_t q = 0; q < g->L; q++)
		if (q == l || l == g->L)
			x += g->nw[(size_t)m * g->L + q];
	return x;
}

/* A layer's new repos: in all, in the 12 full months before the snapshot
 * and before those; the peak of the 3-month average rate and that rate in
 * the last full month. */
struct rates {
	int64_t repos, last12, before;
	double peak, recent;
	int peak_m; /* month index of the peak; -1 if none */
};

static struct rates layer_rates(const struct months *g, size_t l, int last_full)
{
	struct rates x = {0, 0, 0, -1, NAN, -1};
	for (int m = 0; m < (int)g->M; m++) {
		int64_t n = new_in(g, l, m);
		x.repos += n;
		if (m > last_full - 12 && m <= last_full)
			x.last12 += n;
		else if (m <= last_full - 12)
			x.before += n;
		if (m < 2 || m > last_full)
			continue;
		double avg = 0;
		for (int d = 0; d < 3; d++)
			avg += (double)new_in(g, l, m - d);
		avg /= 3;
		if (avg > x.peak) {
			x.peak = avg;
			x.peak_m = m;
		}
		if (m == last_full)
			x.recent = avg;
	}
	return x;
}

static sw_err summary_row(struct sw_table *t, const char *label, const struct rates *x, int lo)
{
	char pk[16] = "", fl[16] = "-";
	if (x->peak_m >= 0)
		report_month_label(lo + x->peak_m, pk);
	if (x->peak_m >= 0 && !isnan(x->recent) && x->recent < x->peak / 2)
		snprintf(fl, sizeof fl, "%s", pk);
	sw_err e = sw_table_add_row(t);
	if (!e) e = sw_table_str(t, 0, label);
	if (!e) e = sw_table_int(t, 1, x->repos);
	if (!e) e = sw_table_int(t, 2, x->last12);
	if (!e) e = sw_table_num(t, 3, report_pct((double)x->last12, (double)x->before), 1);
	if (!e) e = sw_table_str(t, 4, x->peak_m >= 0 ? pk : NULL);
	if (!e) e = sw_table_num(t, 5, x->peak >= 0 ? x->peak : NAN, 1);
	if (!e) e = sw_table_num(t, 6, x->recent, 1);
	if (!e) e = sw_table_str(t, 7, x->peak_m >= 0 ? fl : NULL);
	return e;
}

/* Summary: the peak of the 3-month average of new repos, the last 3 full
 * months' average, and "flattened" when that is under half the peak. */
static sw_err growth_summary(struct report_ctx *c, const struct months *g)
{
	struct sw_report *r = c->r;
	static const char *const h[] = {"layer", "repos", "new_12m", "growth_pct", "peak", "peak_rate",
					"recent_rate", "flat_since"};
	struct sw_table *t = sw_table_new("growth_summary", "New repos per layer: peak and flattening", 8, h);
	sw_err e = t ? SW_OK : SW_ENOMEM;
	int last_full = (r->as_of ? report_month_of_time(r->as_of) : g->hi + 1) - 1 - g->lo; /* index of last full month */
	for (size_t l = 0; !e && l <= g->L; l++) {
		if (l < g->L && !r->layer_repos[l])
			continue;
		struct rates x = layer_rates(g, l, last_full);
		e = summary_row(t, report_layer_label(r, l), &x, g->lo);
	}
	if (!e)
		e = report_add_note(t, "Repos counted by creation month (only repos tracked today: survivors)."
				       " new_12m: created in the 12 full months before the snapshot;"
				       " growth_pct: new_12m relative to the repos before them; rates: new repos per"
				       " month, 3-month average; peak: the month the rate peaked; flat_since: the peak"
				       " month when the recent rate (last 3 full months) is under half the peak.");
	return report_keep_table(r, t, e);
}

sw_err report_growth(struct report_ctx *c)
{
	struct months g;
	sw_err e = count_months(c, &g);
	if (!e && g.nw)
		e = monthly_tables(c, &g);
	if (!e && g.nw)
		e = growth_summary(c, &g);
	free(g.nw);
	return e;
}

/* ------------------------------------------------------ stars over time */

/* Up to STAR_SAMPLES snapshot times spread from the first snapshot to
 * as_of, newest first. */
static sw_err sample_times(struct report_ctx *c, int64_t times[STAR_SAMPLES], size_t *nt)
{
	int64_t as_of = c->r->as_of;
	sqlite3_stmt *st;
	*nt = 0;
	sw_err e = store_prepare(c->s, "SELECT MIN(taken_at) FROM snapshots", &st, c->err);
	if (e)
		return e;
	int64_t first = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	if (!first || first >= as_of)
		return SW_OK; /* one snapshot time: nothing over time */
	if ((e = store_prepare(c->s, "SELECT MAX(taken_at) FROM snapshots WHERE taken_at <= ?", &st, c->err)))
		return e;
	for (int k = STAR_SAMPLES - 1; k >= 0; k--) {
		int64_t target = first + (int64_t)((double)(as_of - first) * k / (STAR_SAMPLES - 1));
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, target);
		int64_t t = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		if (t && (!*nt || t < times[*nt - 1]))
			times[(*nt)++] = t;
	}
	sqlite3_finalize(st);
	return SW_OK;
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

/* The rows' layers by repo id, for bsearch. Caller frees; NULL when out of
 * memory. */
static struct idlayer *layer_map(const struct report_ctx *c)
{
	struct idlayer *map = malloc(c->n * sizeof *map);
	if (!map)
		return NULL;
	for (size_t i = 0; i < c->n; i++)
		map[i] = (struct idlayer){c->rows[i].id, c->rows[i].layer};
	qsort(map, c->n, sizeof *map, cmp_idlayer);
	return map;
}

/* Stars (sum) and repos (cnt) per layer at one time of the repos in the
 * panel (observed at every time compared), and all repos observed then
 * (seen). */
struct at_time {
	double *sum;
	int64_t *cnt, *seen;
};

/* Time k of the panel: its repos' stars per layer; then every repo with a
 * snapshot then (st: repo_id of the snapshots at ?1, from the index alone). */
static void stars_at(const struct report_ctx *c, sqlite3_stmt *st, const int64_t *times, size_t k,
		     const struct idlayer *map, const struct sw_snapshot_panel *p, struct at_time *a)
{
	size_t L = c->r->nlayers;
	memset(a->sum, 0, L * sizeof *a->sum);
	memset(a->cnt, 0, L * sizeof *a->cnt);
	memset(a->seen, 0, L * sizeof *a->seen);
	for (size_t i = 0; i < p->n; i++) {
		struct idlayer key = {p->ids[i], 0};
		const struct idlayer *hit = bsearch(&key, map, c->n, sizeof *map, cmp_idlayer);
		if (hit) {
			a->sum[hit->layer] += p->stars[i * p->ntimes + k];
			a->cnt[hit->layer]++;
		}
	}
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, times[k]);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct idlayer key = {sqlite3_column_int64(st, 0), 0};
		const struct idlayer *hit = bsearch(&key, map, c->n, sizeof *map, cmp_idlayer);
		if (hit)
			a->seen[hit->layer]++;
	}
}

static sw_err stars_rows(const struct sw_report *r, struct sw_table *t, int64_t time, const struct at_time *a)
{
	char d[32];
	sw_time_format_date(time, d);
	sw_err e = SW_OK;
	for (size_t l = 0; !e && l < r->nlayers; l++) {
		e = sw_table_add_row(t);
		if (!e) e = sw_table_str(t, 0, d);
		if (!e) e = sw_table_str(t, 1, r->layer_names[l]);
		if (!e) e = sw_table_int(t, 2, a->cnt[l]);
		if (!e) e = sw_table_int(t, 3, (int64_t)a->sum[l]);
		if (!e) e = sw_table_int(t, 4, a->seen[l]);
	}
	return e;
}

/* What the figures rest on, in words. */
static sw_err stars_note(const struct report_ctx *c, struct sw_table *t, const int64_t *times, size_t nt,
			 size_t npanel)
{
	char first[32], last[32];
	sw_time_format_date(times[nt - 1], first);
	sw_time_format_date(times[0], last);
	return report_add_notef(t, "Only the %zu repos (of %zu tracked) observed at every one of these %zu snapshot"
				   " times, %s to %s, are counted, so the change is growth of the same repos, not repos"
				   " joining the list; repos_observed counts every repo with a snapshot then.%s",
				npanel, c->n, nt, first, last,
				nt == 2 ? " Two times only: a straight line joins them; the path between is unknown." : "");
}

/* Stars per layer at the sampled snapshot times, over the repos observed
 * at all of them (core's comparison rule: sw_snapshot_panel). */
sw_err report_stars_over_time(struct report_ctx *c)
{
	struct sw_report *r = c->r;
	if (!r->as_of || !c->n)
		return SW_OK;
	int64_t times[STAR_SAMPLES];
	size_t nt;
	struct sw_snapshot_panel p = {0};
	sw_err e = sample_times(c, times, &nt);
	if (e || nt < 2)
		return e;
	if ((e = sw_snapshot_panel(c->s, times, nt, &p, c->err)))
		return e;
	sqlite3_stmt *st;
	if ((e = store_prepare(c->s, "SELECT repo_id FROM snapshots WHERE taken_at = ?", &st, c->err))) {
		sw_snapshot_panel_release(&p);
		return e;
	}
	struct idlayer *map = layer_map(c);
	struct at_time a = {calloc(r->nlayers, sizeof *a.sum), calloc(r->nlayers, sizeof *a.cnt),
			    calloc(r->nlayers, sizeof *a.seen)};
	static const char *const h[] = {"snapshot", "layer", "repos", "stars", "repos_observed"};
	struct sw_table *t = sw_table_new("stars_over_time", "Stars per layer over time (the same repos at every time)",
					  5, h);
	if (!map || !a.sum || !a.cnt || !a.seen || !t)
		e = SW_ENOMEM;
	for (size_t k = nt; !e && k-- > 0;) {
		stars_at(c, st, times, k, map, &p, &a);
		e = stars_rows(r, t, times[k], &a);
	}
	size_t compared = 0;
	for (size_t i = 0; map && i < p.n; i++) {
		struct idlayer key = {p.ids[i], 0};
		compared += bsearch(&key, map, c->n, sizeof *map, cmp_idlayer) != NULL;
	}
	if (!e)
		e = stars_note(c, t, times, nt, compared);
	sqlite3_finalize(st);
	free(a.seen);
	free(a.cnt);
	free(a.sum);
	free(map);
	sw_snapshot_panel_release(&p);
	return report_keep_table(r, t, e);
}
