/* hype.c: 6. China (descriptions with CJK (Han) text), 7. the hype curve
 * (software repos: no gain, risers, gains, went quiet, shapes of the star
 * history) and the GH Archive history that refines those shapes. */
#include "report_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if SW_HAVE_GHARCHIVE
#include "stackwatch/gharchive.h"
#endif
#include "stackwatch/core.h"

/* ------------------------------------------------------------------ China */

static sw_err chinese_by_layer(struct report_ctx *c)
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
			if (report_in_layer(&c->rows[i], l, r->nlayers)) {
				n++;
				k += c->rows[i].cjk;
			}
		if (l == r->nlayers)
			r->chinese_repos = k;
		e = sw_table_add_row(t);
		if (!e) e = sw_table_str(t, 0, report_layer_label(r, l));
		if (!e) e = sw_table_int(t, 1, n);
		if (!e) e = sw_table_int(t, 2, k);
		if (!e) e = sw_table_num(t, 3, report_pct((double)k, (double)n), 1);
	}
	return report_keep_table(r, t, e);
}

/* The 10 accounts (all repos) with the most Chinese-description repos. */
static sw_err chinese_accounts(struct report_ctx *c)
{
	struct report_account *a;
	size_t na;
	sw_err e = report_group_accounts(c, false, &a, &na);
	if (e)
		return e;
	static const char *const h[] = {"rank", "account", "chinese_repos", "stars"};
	struct sw_table *t = sw_table_new("chinese_accounts", "Accounts with the most Chinese-description repos", 4, h);
	e = t ? report_ranked_accounts(t, a, na, true, 10) : SW_ENOMEM;
	free(a);
	return report_keep_table(c->r, t, e);
}

sw_err report_china(struct report_ctx *c)
{
	sw_err e = chinese_by_layer(c);
	return e ? e : chinese_accounts(c);
}

/* ------------------------------------------------------- GH Archive history */

#if SW_HAVE_GHARCHIVE
/* A row of archive_history for row w from the first m days of its series
 * (those up to the report's snapshot; sum: their stars), whose shape becomes
 * w's where the snapshots gave none. */
static sw_err archive_row(struct sw_table *t, const struct sw_report *r, struct report_row *w,
			  const struct sw_gha_series *ser, size_t m, int64_t sum)
{
	double *y = malloc(m * sizeof *y);
	if (!y)
		return SW_ENOMEM;
	for (size_t k = 0; k < m; k++)
		y[k] = (double)ser->cum_stars[k];
	enum sw_report_shape sh = sw_report_hype_shape(ser->day, y, m);
	free(y);
	if (w->shape == SW_REPORT_SHAPE_INSUFFICIENT && sh != SW_REPORT_SHAPE_INSUFFICIENT) {
		w->shape = sh;
		w->shape_from_archive = true;
	}
	char d0[32], d1[32];
	sw_time_format_date(ser->day[0] * 86400, d0);
	sw_time_format_date(ser->day[m - 1] * 86400, d1);
	sw_err e = sw_table_add_row(t);
	if (!e) e = sw_table_str(t, 0, w->full);
	if (!e) e = sw_table_str(t, 1, r->layer_names[w->layer]);
	if (!e) e = sw_table_str(t, 2, d0);
	if (!e) e = sw_table_str(t, 3, d1);
	if (!e) e = sw_table_int(t, 4, (int64_t)m);
	if (!e) e = sw_table_int(t, 5, sum);
	if (!e) e = sw_table_str(t, 6, ser->anchored ? "yes" : "no");
	if (!e) e = sw_table_str(t, 7, sw_report_shape_name(sh));
	if (!e) e = sw_table_int(t, 8, ser->gap_hours);
	return e;
}
#endif

/* When `stackwatch gharchive scan` has run, a repo's anchored daily star
 * series gives its shape where snapshots are too few, and the repos whose
 * history crosses missing/truncated/low hours are listed so no reader takes
 * a gap for a stall. */
sw_err report_archive_history(struct report_ctx *c, struct sw_table **out)
{
	*out = NULL;
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
		struct sw_gha_series ser;
		if (sw_gha_repo_series(c->s, c->rows[i].full, &ser, NULL) != SW_OK)
			continue;
		size_t m = 0; /* days up to the report's snapshot */
		int64_t sum = 0;
		while (m < ser.n && ser.day[m] <= last_day)
			sum += ser.stars[m++];
		if (m) {
			crossing += ser.gap_hours > 0;
			e = archive_row(t, c->r, &c->rows[i], &ser, m, sum);
		}
		sw_gha_series_release(&ser);
	}
	if (!e && sw_table_rows(t)) {
		e = report_add_notef(t, "%zu of these histories cross GH Archive gaps (gap_hours > 0: missing, truncated"
				     " or abnormally small hours inside the span; event counts there are lower bounds;"
				     " see `stackwatch gharchive gaps`). Anchored: cumulative stars pinned to API"
				     " snapshots.", crossing);
		if (!e) {
			*out = t;
			t = NULL;
		}
	}
	sw_table_free(t);
	return e ? sw_error_set(c->err, e, "out of memory") : SW_OK;
#endif
}

/* ------------------------------------------------------------- hype curve */

/* Count the software repos with a known 1- and 7-day gain and those that
 * gained nothing. */
static sw_err no_gain_table(struct report_ctx *c)
{
	struct sw_report *r = c->r;
	for (size_t i = 0; i < c->n; i++) {
		const struct report_row *w = &c->rows[i];
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
	r->no_gain_1d_share = report_frac((double)r->no_gain_1d, (double)r->known_1d);
	r->no_gain_7d_share = report_frac((double)r->no_gain_7d, (double)r->known_7d);
	static const char *const h[] = {"window", "software_repos", "with_known_gain", "no_gain", "no_gain_share_pct"};
	struct sw_table *t = sw_table_new("no_gain", "Software repos that gained no stars (net gain <= 0)", 5, h);
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
		e = report_add_note(t, "Shares are of the software repos whose gain is known (stated by the source,"
				       " or computed from a snapshot 1 or 7 days earlier).");
	return report_keep_table(r, t, e);
}

/* Rankings of the software repos with a known 7-day gain; ties by name. */
enum repo_order {
	BY_GAIN,     /* most stars gained */
	BY_GAIN_PCT, /* highest gain in percent (where known), then most gained */
	QUIET,       /* no gain, most stars */
};

/* Fill v (room for every row) with the repos of that ranking, ranked;
 * returns how many. */
static size_t rank_repos(const struct report_ctx *c, enum repo_order by, struct report_rank *v)
{
	size_t m = 0;
	for (size_t i = 0; i < c->n; i++) {
		const struct report_row *w = &c->rows[i];
		if (!w->software || w->star_7d == SW_UNKNOWN || (by == BY_GAIN_PCT && isnan(w->star_7d_pct)) ||
		    (by == QUIET && w->star_7d > 0))
			continue;
		double k0 = by == BY_GAIN_PCT ? w->star_7d_pct : by == QUIET ? (double)w->stars : (double)w->star_7d;
		double k1 = by == BY_GAIN_PCT ? (double)w->star_7d : 0;
		v[m++] = (struct report_rank){{k0, k1}, w->full, w};
	}
	qsort(v, m, sizeof *v, report_rank_cmp);
	return m;
}

/* A table of the first REPORT_TOP_N repos of ranking v. */
static sw_err repo_table(struct sw_report *r, const char *name, const char *title, const struct report_rank *v,
			 size_t m, const char *note)
{
	static const char *const h[] = {"rank", "repo", "layer", "stars", "star_7d", "star_7d_pct", "shape"};
	struct sw_table *t = sw_table_new(name, title, 7, h);
	sw_err e = t ? SW_OK : SW_ENOMEM;
	for (size_t i = 0; !e && i < m && i < REPORT_TOP_N; i++) {
		const struct report_row *w = v[i].item;
		e = sw_table_add_row(t);
		if (!e) e = sw_table_int(t, 0, (int64_t)i + 1);
		if (!e) e = sw_table_str(t, 1, w->full);
		if (!e) e = sw_table_str(t, 2, r->layer_names[w->layer]);
		if (!e) e = sw_table_int(t, 3, w->stars);
		if (!e) e = sw_table_int(t, 4, w->star_7d);
		if (!e) e = sw_table_num(t, 5, w->star_7d_pct, 1);
		if (!e) e = sw_table_str(t, 6, w->shape == SW_REPORT_SHAPE_INSUFFICIENT ? NULL : sw_report_shape_name(w->shape));
	}
	if (!e && note)
		e = report_add_note(t, note);
	return report_keep_table(r, t, e);
}

/* Table name: the first REPORT_TOP_N repos of ranking by (went quiet: with
 * a note of how many). */
static sw_err ranked_table(struct report_ctx *c, enum repo_order by, const char *name, const char *title)
{
	struct report_rank *v = malloc((c->n ? c->n : 1) * sizeof *v);
	if (!v)
		return SW_ENOMEM;
	size_t m = rank_repos(c, by, v);
	char note[120];
	snprintf(note, sizeof note, "%zu software repos gained no stars in the last 7 days; the largest are shown.", m);
	sw_err e = repo_table(c->r, name, title, v, m, by == QUIET ? note : NULL);
	free(v);
	return e;
}

/* 7-day gain histogram over all software repos with a known gain. */
static sw_err gains_table(struct report_ctx *c)
{
	static const struct { int64_t lo, hi; const char *label; } bk[] = {
		{INT64_MIN + 1, -1, "< 0"}, {0, 0, "0"}, {1, 9, "1-9"}, {10, 99, "10-99"},
		{100, 999, "100-999"}, {1000, INT64_MAX, "1000+"}};
	static const char *const h[] = {"gain_7d", "repos", "share_pct"};
	struct sw_table *t = sw_table_new("gains_7d", "Software repos by stars gained in the last 7 days", 3, h);
	sw_err e = t ? SW_OK : SW_ENOMEM;
	for (size_t b = 0; !e && b < sizeof bk / sizeof bk[0]; b++) {
		int64_t n = 0;
		for (size_t i = 0; i < c->n; i++) {
			const struct report_row *w = &c->rows[i];
			if (w->software && w->star_7d != SW_UNKNOWN && w->star_7d >= bk[b].lo && w->star_7d <= bk[b].hi)
				n++;
		}
		e = sw_table_add_row(t);
		if (!e) e = sw_table_str(t, 0, bk[b].label);
		if (!e) e = sw_table_int(t, 1, n);
		if (!e) e = sw_table_num(t, 2, report_pct((double)n, (double)c->r->known_7d), 1);
	}
	return report_keep_table(c->r, t, e);
}

/* Shapes of the star history. */
static sw_err shapes_table(struct report_ctx *c)
{
	struct sw_report *r = c->r;
	int64_t n[SW_REPORT_SHAPE_COUNT_] = {0};
	for (size_t i = 0; i < c->n; i++)
		if (c->rows[i].software)
			n[c->rows[i].shape]++;
	r->shaped = r->software_repos - n[SW_REPORT_SHAPE_INSUFFICIENT];
	static const char *const h[] = {"shape", "repos", "share_pct"};
	struct sw_table *t = sw_table_new("shapes", "Shape of the star history (3+ snapshots, or a GH Archive daily series)", 3, h);
	sw_err e = t ? SW_OK : SW_ENOMEM;
	static const enum sw_report_shape order[] = {SW_REPORT_SHAPE_SUSTAINED, SW_REPORT_SHAPE_SPIKE, SW_REPORT_SHAPE_STEADY,
						     SW_REPORT_SHAPE_DECLINING, SW_REPORT_SHAPE_INSUFFICIENT};
	for (size_t k = 0; !e && k < 5; k++) {
		bool none = order[k] == SW_REPORT_SHAPE_INSUFFICIENT;
		e = sw_table_add_row(t);
		if (!e) e = sw_table_str(t, 0, sw_report_shape_name(order[k]));
		if (!e) e = sw_table_int(t, 1, n[order[k]]);
		if (!e) e = sw_table_num(t, 2, report_pct((double)n[order[k]], (double)(none ? r->software_repos : r->shaped)), 1);
	}
	if (!e)
		e = report_add_note(t, r->shaped ? "Shares of the repos with a shape (insufficient history: share of all"
						   " software repos). From each repo's first, middle and last snapshot,"
						   " else from its GH Archive daily series (table archive_history)."
						 : "insufficient history: no software repo has 3 or more snapshots yet.");
	return report_keep_table(r, t, e);
}

sw_err report_hype(struct report_ctx *c)
{
	sw_err e = no_gain_table(c);
	if (!e) e = ranked_table(c, BY_GAIN, "risers_7d", "Fastest risers: most stars gained in 7 days");
	if (!e) e = ranked_table(c, BY_GAIN_PCT, "risers_7d_pct",
				 "Fastest risers in percent: 7-day gain relative to stars a week ago");
	if (!e) e = gains_table(c);
	if (!e) e = ranked_table(c, QUIET, "quiet", "Went quiet: no star gain in the last 7 days");
	if (!e) e = shapes_table(c);
	return e;
}
