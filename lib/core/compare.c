/* compare.c: the one rule every comparison over time follows (the report's
 * stars over time, the decision aid's 30-day trend): a change between two
 * times is measured only over repos observed at both, never by summing
 * whichever repos happened to be observed at each, and what a comparison
 * rests on is said in words. */
#include "stackwatch/core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core_int.h"

#define COMMON_MAX_TIMES 64

/* One repo's rows of the panel query, kept when they cover every time: its
 * id and its stars at each time (in times' order). alloc: the capacities
 * of ids and stars. */
static sw_err panel_keep(struct sw_snapshot_panel *p, int64_t id, const double *v, size_t seen, size_t alloc[2])
{
	if (seen != p->ntimes)
		return SW_OK;
	if (!sw_array_grow(&p->ids, &alloc[0], p->n + 1, sizeof *p->ids) ||
	    !sw_array_grow(&p->stars, &alloc[1], (p->n + 1) * p->ntimes, sizeof *p->stars))
		return SW_ENOMEM;
	p->ids[p->n] = id;
	memcpy(&p->stars[p->n * p->ntimes], v, p->ntimes * sizeof *v);
	p->n++;
	return SW_OK;
}

sw_err sw_snapshot_panel(struct sw_store *s, const int64_t *times, size_t n, struct sw_snapshot_panel *out,
			 struct sw_error *err)
{
	memset(out, 0, sizeof *out);
	out->ntimes = n;
	if (!n || n > COMMON_MAX_TIMES)
		return n ? sw_error_set(err, SW_ELIMIT, "at most %d snapshot times", COMMON_MAX_TIMES) : SW_OK;
	/* Repo by repo (rowid order), each time a seek on the snapshots' key:
	 * no sort, no second pass. */
	char sql[200 + COMMON_MAX_TIMES * 2];
	int k = snprintf(sql, sizeof sql, "SELECT r.id, s.taken_at, s.stars FROM repos r JOIN snapshots s ON s.repo_id = r.id"
					  " AND s.taken_at IN (");
	for (size_t i = 0; i < n; i++)
		k += snprintf(sql + k, sizeof sql - (size_t)k, "%s?", i ? "," : "");
	snprintf(sql + k, sizeof sql - (size_t)k, ") WHERE r.state = 'tracked' AND s.stars IS NOT NULL ORDER BY r.id");
	sqlite3_stmt *st;
	sw_err e = store_prepare(s, sql, &st, err);
	if (e)
		return e;
	for (size_t i = 0; i < n; i++)
		sqlite3_bind_int64(st, (int)i + 1, times[i]);
	double v[COMMON_MAX_TIMES];
	size_t alloc[2] = {0, 0}, seen = 0;
	int64_t cur = 0;
	int rc;
	while (!e && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0), t = sqlite3_column_int64(st, 1);
		if (id != cur) {
			e = panel_keep(out, cur, v, seen, alloc);
			cur = id;
			seen = 0;
		}
		for (size_t i = 0; i < n; i++)
			if (times[i] == t) {
				v[i] = sqlite3_column_double(st, 2);
				seen++;
			}
	}
	if (!e)
		e = panel_keep(out, cur, v, seen, alloc);
	if (e)
		sw_error_set(err, e, "out of memory");
	else if (rc != SQLITE_DONE)
		e = store_dberr(s, err, "finding the repos observed at every time");
	sqlite3_finalize(st);
	if (e)
		sw_snapshot_panel_release(out);
	return e;
}

void sw_snapshot_panel_release(struct sw_snapshot_panel *p)
{
	free(p->ids);
	free(p->stars);
	memset(p, 0, sizeof *p);
}

const struct sw_snapshot *sw_snapshot_baseline(const struct sw_snapshot_list *l, int64_t span, int64_t min_span,
					       char why[96])
{
	why[0] = '\0';
	size_t known = 0;
	for (size_t i = 0; i < l->n; i++)
		known += l->items[i].stars != SW_UNKNOWN;
	const struct sw_snapshot *last = l->n ? &l->items[l->n - 1] : NULL, *best = NULL;
	if (!last || last->stars == SW_UNKNOWN || known < 2) {
		snprintf(why, 96, "%s", known ? "one snapshot so far: no trend yet" : "no star counts yet");
		return NULL;
	}
	for (size_t i = 0; i + 1 < l->n; i++) {
		const struct sw_snapshot *p = &l->items[i];
		int64_t d = last->taken_at - p->taken_at;
		if (d < min_span || p->stars == SW_UNKNOWN)
			continue;
		if (!best || llabs(d - span) < llabs(last->taken_at - best->taken_at - span))
			best = p;
	}
	if (!best) {
		char d[32];
		sw_time_format_date(l->items[0].taken_at, d);
		snprintf(why, 96, "history starts %s: under %lld days, no trend yet", d, (long long)(min_span / 86400));
	}
	return best;
}
