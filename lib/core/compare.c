/* compare.c: the one rule every comparison over time follows (the report's
 * stars over time, the decision aid's 30-day trend): a change between two
 * times is measured only over repos observed at both, never by summing
 * whichever repos happened to be observed at each, and what a comparison
 * rests on is said in words. */
#include "stackwatch/core.h"

#include <stdio.h>
#include <stdlib.h>

#include "core_int.h"

#define COMMON_MAX_TIMES 64

sw_err sw_snapshot_common(struct sw_store *s, const int64_t *times, size_t n, int64_t **ids, size_t *nids,
			  struct sw_error *err)
{
	*ids = NULL;
	*nids = 0;
	if (!n || n > COMMON_MAX_TIMES)
		return n ? sw_error_set(err, SW_ELIMIT, "at most %d snapshot times", COMMON_MAX_TIMES) : SW_OK;
	/* Distinct times are the caller's promise; COUNT(*) per repo then
	 * counts the times it was seen at (one snapshot per repo and time). */
	char sql[80 + COMMON_MAX_TIMES * 2 + 160];
	int k = snprintf(sql, sizeof sql, "SELECT s.repo_id FROM snapshots s JOIN repos r ON r.id = s.repo_id"
					  " WHERE r.state = 'tracked' AND s.stars IS NOT NULL AND s.taken_at IN (");
	for (size_t i = 0; i < n; i++)
		k += snprintf(sql + k, sizeof sql - (size_t)k, "%s?", i ? "," : "");
	snprintf(sql + k, sizeof sql - (size_t)k, ") GROUP BY s.repo_id HAVING COUNT(*) = %zu ORDER BY s.repo_id", n);
	sqlite3_stmt *st;
	sw_err e = store_prepare(s, sql, &st, err);
	if (e)
		return e;
	for (size_t i = 0; i < n; i++)
		sqlite3_bind_int64(st, (int)i + 1, times[i]);
	size_t alloc = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*nids == alloc && !sw_array_grow(ids, &alloc, *nids + 1, sizeof **ids)) {
			e = sw_error_set(err, SW_ENOMEM, "out of memory");
			break;
		}
		(*ids)[(*nids)++] = sqlite3_column_int64(st, 0);
	}
	if (!e && rc != SQLITE_DONE)
		e = store_dberr(s, err, "finding the repos observed at every time");
	sqlite3_finalize(st);
	if (e) {
		free(*ids);
		*ids = NULL;
		*nids = 0;
	}
	return e;
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
