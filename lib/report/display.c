/* display.c: what the report shows people, as opposed to the tables it
 * hands machines (CSV and JSON keep every row): how much history the
 * figures rest on, a sentence in place of a table that has nothing to
 * show, monthly series collapsed to quarters or years, and long rankings
 * and curves cut to what a reader takes in. Text and the HTML page share
 * these decisions. */
#include "report_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stackwatch/core.h"

sw_err report_history_text(const struct sw_report *r, struct sw_buf *b)
{
	int64_t one = r->history[0], two = r->history[1], more = r->history[2], seen = one + two + more;
	if (!seen)
		return sw_buf_puts(b, "No repo has a snapshot yet: every figure below is empty.");
	char first[32];
	sw_time_format_date(r->first_snapshot, first);
	sw_err e = sw_buf_printf(b, "History: of %lld repos with snapshots, %lld have one, %lld have two and %lld have"
				    " three or more (the first taken %s).",
				 (long long)seen, (long long)one, (long long)two, (long long)more, first);
	if (!e && one * 2 > seen)
		e = sw_buf_puts(b, " Most figures are therefore one snapshot's picture;");
	else if (!e)
		e = sw_buf_puts(b, " Figures are for the snapshot;");
	if (!e)
		e = sw_buf_puts(b, " changes over time compare only repos observed at both ends, and say how many.");
	return e;
}

const char *report_empty_text(const struct sw_report *r, const char *table, char buf[400])
{
	if (!strcmp(table, "owner_types") && !r->owner_known) {
		snprintf(buf, 400, "Owner types are unknown for all %lld repos: curated lists do not say. `stackwatch"
				   " update` fetches them from GitHub, and this section then compares individuals with"
				   " organisations per layer.",
			 (long long)r->repos);
		return buf;
	}
	if (!strcmp(table, "shapes") && !r->shaped) {
		snprintf(buf, 400, "No software repo has three or more snapshots or a GH Archive daily series yet, so"
				   " no star history has a shape. Update passes on a schedule (`stackwatch watch`) or"
				   " `stackwatch gharchive scan` give them one.");
		return buf;
	}
	return NULL;
}

/* ------------------------------------------- monthly series in periods */

/* Months per period for a series of M months: months up to 2 years,
 * quarters up to 6, else years. */
static int period_months(size_t M)
{
	return M <= 24 ? 1 : M <= 72 ? 3 : 12;
}

static void period_label(int month, int per, char out[16])
{
	int y = month / 12, m = month % 12;
	if (per == 12)
		snprintf(out, 16, "%04d", y);
	else if (per == 3)
		snprintf(out, 16, "%04d-Q%d", y, m / 3 + 1);
	else
		snprintf(out, 16, "%04d-%02d", y, m + 1);
}

/* The first row whose "all" column (cols - 1 of the cumulative table) is
 * above zero. */
static size_t first_nonzero(const struct sw_table *cum)
{
	size_t all = sw_table_cols(cum) - 1, r = 0;
	while (r < sw_table_rows(cum) && !(sw_table_cell_num(cum, r, all) > 0))
		r++;
	return r;
}

/* An empty table like monthly (growth or new_per_month) for periods of
 * per months: first column and title say the period, mom_pct becomes
 * growth_pct (new repos of the period relative to all before it). */
static struct sw_table *period_table(const struct sw_table *monthly, int per)
{
	static const char *const unit[] = {"", "month", "", "quarter", "", "", "", "", "", "", "", "", "year"};
	size_t n = sw_table_cols(monthly);
	const char *h[64];
	if (n > 64)
		return NULL;
	for (size_t c = 0; c < n; c++)
		h[c] = !c ? unit[per] : !strcmp(sw_table_header(monthly, c), "mom_pct") ? "growth_pct"
								     : sw_table_header(monthly, c);
	char title[200], *p;
	snprintf(title, sizeof title, "%s", sw_table_title(monthly));
	if ((p = strstr(title, "month")))
		snprintf(p, sizeof title - (size_t)(p - title), "%s", unit[per]);
	return sw_table_new(sw_table_name(monthly), title, n, h);
}

/* One period row of the cumulative table (values at its last month) or
 * of new repos (sums; growth over `before`, all repos before the period). */
static sw_err period_row(struct sw_table *t, const struct sw_table *m, size_t r0, size_t r1, bool cum, int per,
			 int month, double before)
{
	char lab[16];
	period_label(month, per, lab);
	size_t n = sw_table_cols(m), vals = cum ? n : n - 1;
	sw_err e = sw_table_add_row(t);
	if (!e)
		e = sw_table_str(t, 0, lab);
	for (size_t c = 1; !e && c < vals; c++) {
		double v = 0;
		for (size_t r = cum ? r1 - 1 : r0; r < r1; r++)
			v += sw_table_cell_num(m, r, c);
		e = sw_table_int(t, c, (int64_t)v);
		if (!e && !cum && c == vals - 1)
			e = sw_table_num(t, n - 1, report_pct(v, before), 1);
	}
	return e;
}

/* A monthly series (growth, new_per_month) in periods, from the first
 * month with a repo; cum: the cumulative table (to find that month and the
 * totals before each period). NULL when out of memory or not monthly. */
struct sw_table *report_periods(const struct sw_table *monthly, const struct sw_table *cum)
{
	size_t M = sw_table_rows(monthly), r0 = first_nonzero(cum), all = sw_table_cols(cum) - 1;
	int y = 0, m = 0, first = -1;
	if (r0 < M && sscanf(sw_table_cell_text(monthly, r0, 0), "%4d-%2d", &y, &m) == 2 && m >= 1 && m <= 12)
		first = y * 12 + m - 1;
	if (r0 >= M || first < 0 || sw_table_rows(cum) != M)
		return NULL;
	int per = period_months(M - r0);
	bool is_cum = monthly == cum;
	struct sw_table *t = period_table(monthly, per);
	sw_err e = t ? SW_OK : SW_ENOMEM;
	for (size_t r = r0; !e && r < M;) {
		int month = first + (int)(r - r0), start = month - month % per;
		size_t end = r + (size_t)(start + per - month);
		if (end > M)
			end = M;
		double before = r ? sw_table_cell_num(cum, r - 1, all) : 0;
		e = period_row(t, monthly, r, end, is_cum, per, start, before);
		r = end;
	}
	if (!e && per > 1)
		e = sw_table_note(t, per == 12 ? "Years (the last one up to the snapshot's month); csv and json have the"
						 " months."
					       : "Quarters (the last one up to the snapshot's month); csv and json have"
						 " the months.");
	if (!e && !is_cum)
		e = sw_table_note(t, "growth_pct: new repos of the period relative to all software repos before it.");
	for (size_t i = 0; !e && sw_table_note_text(monthly, i); i++) /* the monthly ones, but mom_pct's */
		if (strncmp(sw_table_note_text(monthly, i), "mom_pct", 7))
			e = sw_table_note(t, sw_table_note_text(monthly, i));
	return e ? (sw_table_free(t), NULL) : t;
}

/* The cumulative series in periods with the new repos of each period: the
 * two monthly tables as one (text). */
struct sw_table *report_growth_periods(const struct sw_table *cum, const struct sw_table *monthly_new)
{
	struct sw_table *p = report_periods(cum, cum), *n = report_periods(monthly_new, cum), *o = NULL;
	size_t pc = p ? sw_table_cols(p) : 0, nc = n ? sw_table_cols(n) : 0, rows = p ? sw_table_rows(p) : 0;
	const char *h[65];
	sw_err e = p && n && pc <= 64 && nc >= 2 && sw_table_rows(n) == rows ? SW_OK : SW_EINVAL;
	for (size_t c = 0; !e && c < pc; c++)
		h[c] = sw_table_header(p, c);
	h[pc] = "new";
	if (!e && !(o = sw_table_new(sw_table_name(cum), sw_table_title(p), pc + 1, h)))
		e = SW_ENOMEM;
	for (size_t r = 0; !e && r < rows; r++) {
		e = sw_table_add_row(o);
		if (!e) e = sw_table_str(o, 0, sw_table_cell_text(p, r, 0));
		for (size_t c = 1; !e && c < pc; c++)
			e = sw_table_int(o, c, (int64_t)sw_table_cell_num(p, r, c));
		if (!e) e = sw_table_int(o, pc, (int64_t)sw_table_cell_num(n, r, nc - 2));
	}
	for (size_t i = 0; !e && sw_table_note_text(p, i); i++)
		e = sw_table_note(o, sw_table_note_text(p, i));
	if (!e)
		e = sw_table_note(o, "new: software repos created in the period (new_per_month has them per layer).");
	sw_table_free(p);
	sw_table_free(n);
	return e ? (sw_table_free(o), NULL) : o;
}

/* Rows of t for people: every k-th (and the last) of a curve a chart
 * shows in full, or the first `limit` of a ranking; the title says so. */
struct sw_table *report_subset(const struct sw_table *t, size_t k, size_t limit)
{
	const char *h[64];
	size_t n = sw_table_cols(t), rows = sw_table_rows(t);
	if (n > 64 || !k || (limit && rows <= limit))
		return NULL;
	for (size_t c = 0; c < n; c++)
		h[c] = sw_table_header(t, c);
	char title[300];
	if (limit)
		snprintf(title, sizeof title, "%s (first %zu of %zu)", sw_table_title(t), limit, rows);
	else
		snprintf(title, sizeof title, "%s (every %zu%s of %zu points)", sw_table_title(t), k,
			 k == 2 ? "nd" : k == 3 ? "rd" : "th", rows);
	struct sw_table *o = sw_table_new(sw_table_name(t), title, n, h);
	sw_err e = o ? SW_OK : SW_ENOMEM;
	for (size_t r = 0; !e && r < rows && (!limit || r < limit); r++)
		if (r % k == 0 || r + 1 == rows)
			e = sw_table_add_copy(o, t, r);
	for (size_t i = 0; !e && sw_table_note_text(t, i); i++)
		e = sw_table_note(o, sw_table_note_text(t, i));
	return e ? (sw_table_free(o), NULL) : o;
}

/* Stars over time with few times, one row per layer: repos compared, the
 * stars at each time, the change, and all repos observed at the last. */
struct sw_table *report_stars_wide(const struct sw_report *r, const struct sw_table *t)
{
	size_t L = r->nlayers, rows = sw_table_rows(t), nt = L ? rows / L : 0;
	if (nt < 2 || nt > 4 || rows != nt * L)
		return NULL;
	const char *h[8] = {"layer", "repos"};
	for (size_t k = 0; k < nt; k++)
		h[2 + k] = sw_table_cell_text(t, k * L, 0);
	h[2 + nt] = "change_pct";
	h[3 + nt] = "repos_observed";
	struct sw_table *o = sw_table_new(sw_table_name(t), sw_table_title(t), nt + 4, h);
	sw_err e = o ? SW_OK : SW_ENOMEM;
	for (size_t l = 0; !e && l < L; l++) {
		double first = sw_table_cell_num(t, l, 3), last = sw_table_cell_num(t, (nt - 1) * L + l, 3);
		e = sw_table_add_row(o);
		if (!e) e = sw_table_str(o, 0, sw_table_cell_text(t, l, 1));
		if (!e) e = sw_table_int(o, 1, (int64_t)sw_table_cell_num(t, l, 2));
		for (size_t k = 0; !e && k < nt; k++)
			e = sw_table_int(o, 2 + k, (int64_t)sw_table_cell_num(t, k * L + l, 3));
		if (!e) e = sw_table_num(o, 2 + nt, report_pct(last - first, first), 1);
		if (!e) e = sw_table_int(o, 3 + nt, (int64_t)sw_table_cell_num(t, (nt - 1) * L + l, 4));
	}
	for (size_t i = 0; !e && sw_table_note_text(t, i); i++)
		e = sw_table_note(o, sw_table_note_text(t, i));
	return e ? (sw_table_free(o), NULL) : o;
}
