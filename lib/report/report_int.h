/* report_int.h: the report subsystem's internals.
 *
 * Files, each calling only the ones below it (never back up):
 *   render.c     the report as text, Markdown, JSON and CSV;
 *   html.c       the page with SVG charts (render.c's html format);
 *   display.c    what people are shown (text and page): the history the
 *                figures rest on, sentences for empty tables, monthly
 *                series in periods, long curves thinned;
 *   report.c     the accessors of the finished report, and the build: the
 *                reference figures, the snapshot, the analyses in order;
 *   load.c       the layers and one row per tracked repo (report_row);
 *   inventory.c, growth.c, accounts.c, hype.c, headline.c  the analyses of
 *                the study, each adding its tables (hype.c ranks accounts
 *                with accounts.c's grouping and ranking);
 *   util.c       tables, notes, months and rankings, for all of the above;
 *   analysis.c   the hype shape, Gini, median and the reference figures. */
#ifndef STACKWATCH_REPORT_INT_H
#define STACKWATCH_REPORT_INT_H

#include <math.h>

#include "stackwatch/report.h"

struct sw_report {
	int64_t as_of;
	struct sw_report_ref *ref;
	/* headline scalars (software repos = every layer marked software) */
	int64_t repos, software_repos, non_software_repos, unclassified, no_snapshot;
	int64_t accounts, top20_repos;
	double software_stars, top20_stars;
	double top20_repo_share, top20_star_share; /* fractions; NAN if no repos */
	double gini;
	int64_t known_1d, no_gain_1d, known_7d, no_gain_7d;
	double no_gain_1d_share, no_gain_7d_share; /* fractions; NAN if nothing known */
	int64_t chinese_repos;
	int64_t distinct_devs, contributors_sum, contributors_known;
	int64_t owner_known, owner_unknown;
	int64_t shaped; /* repos with a classified shape */
	/* what the figures over time rest on: repos by how many snapshots
	 * they have up to as_of (1, 2, 3 or more), and the first snapshot */
	int64_t history[3];
	int64_t first_snapshot;
	/* layers in display order, plus "(unclassified)" when present */
	size_t nlayers;
	char **layer_names;
	bool *layer_software;
	int64_t *layer_repos;
	/* tables, in report order */
	struct sw_table **tables;
	size_t ntables;
};

/* The whole self-contained page (html.c). */
sw_err report_html_page(const struct sw_report *r, struct sw_buf *out, struct sw_error *err);

/* ------------------------------------------- what people see (display.c) */

/* One paragraph (no newline): how many repos have one, two, three or more
 * snapshots, and the rule time comparisons follow. */
sw_err report_history_text(const struct sw_report *r, struct sw_buf *b);
/* The sentence shown instead of table (by name) when it has nothing to
 * show (and says what data would fill it), in buf; NULL otherwise. */
const char *report_empty_text(const struct sw_report *r, const char *table, char buf[400]);
/* A monthly series (growth or new_per_month, by cum = the growth table) in
 * quarters or years from its first month with a repo; caller frees; NULL
 * when out of memory or not a monthly series. */
struct sw_table *report_periods(const struct sw_table *monthly, const struct sw_table *cum);
/* The growth series in periods with each period's new repos
 * (text shows the two monthly tables as this one); caller frees. */
struct sw_table *report_growth_periods(const struct sw_table *cum, const struct sw_table *monthly_new);
/* Every k-th row of t and its last, or (limit > 0) its first `limit` rows,
 * the title saying so (csv and json keep them all); caller frees; NULL out
 * of memory or when t has no more than limit rows. */
struct sw_table *report_subset(const struct sw_table *t, size_t k, size_t limit);
/* stars_over_time with 2-4 times as one row per layer (a column per time);
 * caller frees; NULL otherwise. */
struct sw_table *report_stars_wide(const struct sw_report *r, const struct sw_table *t);

/* ------------------------------------------------------ the data (load.c) */

/* Rows of the top-N tables (accounts, developers, risers, ...). */
#define REPORT_TOP_N 20

/* One tracked repo as the report sees it. */
struct report_row {
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
	int points;                /* snapshots up to as_of: 0, 1, 2, or 3 for 3 or more */
};

/* What the analyses work on: the store, the report they fill and the rows. */
struct report_ctx {
	struct sw_store *s;
	struct sw_report *r;
	struct report_row *rows;
	size_t n, alloc;
	struct sw_error *err;
};

/* The taxonomy's layers, in its order. */
sw_err report_load_layers(struct report_ctx *c);
/* One row per tracked repo with its snapshot at as_of (0: the newest). */
sw_err report_load_rows(struct report_ctx *c, int64_t as_of);
/* Each row's hype shape from its first, middle and last snapshot, and how
 * many snapshots it has (1, 2, 3+; counted into r->history). */
sw_err report_load_shapes(struct report_ctx *c);
/* Free the rows. */
void report_rows_release(struct report_ctx *c);

/* ------------------------------------------------------------ the analyses */

sw_err report_inventory(struct report_ctx *c);       /* 1. inventory.c */
sw_err report_growth(struct report_ctx *c);          /* 2. growth.c */
sw_err report_stars_over_time(struct report_ctx *c); /*    growth.c */
sw_err report_accounts(struct report_ctx *c);        /* 3. accounts.c */
sw_err report_developers(struct report_ctx *c);      /* 4. accounts.c */
sw_err report_owner_types(struct report_ctx *c);     /* 5. accounts.c */
sw_err report_china(struct report_ctx *c);           /* 6. hype.c */
sw_err report_hype(struct report_ctx *c);            /* 7. hype.c */
/* GH Archive history (hype.c): refines the rows' shapes, so it runs before
 * report_hype; its table, if any, goes to *out (caller frees) and is shown
 * after the hype tables. */
sw_err report_archive_history(struct report_ctx *c, struct sw_table **out);
/* 8. headline.c: our figures next to the reference; the first table. */
sw_err report_headline(struct report_ctx *c);

/* Owners (compared case-insensitively) with their repos and stars, all and
 * with Chinese descriptions (accounts.c). */
struct report_account {
	const char *owner;  /* display name: first spelling met */
	const char *key;    /* lower-case */
	int64_t repos, cjk;
	double stars, cjk_stars;
};
/* Group the rows (software only, or all) by owner. Caller frees *out. */
sw_err report_group_accounts(struct report_ctx *c, bool software_only, struct report_account **out,
			     size_t *nout);
/* Rows rank, account, repos (cjk: Chinese-description repos) and their
 * stars of table t: the first `limit` accounts of a that have any, by that
 * count, then stars, then name. */
sw_err report_ranked_accounts(struct sw_table *t, const struct report_account *a, size_t na, bool cjk,
			      size_t limit);

/* ------------------------------------------------------ helpers (util.c) */

/* Append t to r's tables (t is freed on failure; NULL means out of memory). */
sw_err report_add_table(struct sw_report *r, struct sw_table *t);
/* End of an analysis: add t to the report if e is SW_OK, else free it and
 * pass e on. */
sw_err report_keep_table(struct sw_report *r, struct sw_table *t, sw_err e);
/* A note under a table (the text rendering wraps it to the terminal). */
sw_err report_add_note(struct sw_table *t, const char *text);
/* The same, printf-style (up to 640 bytes). */
sw_err report_add_notef(struct sw_table *t, const char *fmt, ...) SW_PRINTF(2, 3);
/* Lower-case copy (ASCII); caller frees; NULL when out of memory. */
char *report_lower_dup(const char *s);
/* Layer l's name, "all layers" for l == r->nlayers. */
const char *report_layer_label(const struct sw_report *r, size_t l);

/* Months as y*12 + m-1: "YYYY-MM", of a time, of a "YYYY-MM-DD..." date
 * (-1 if none). */
void report_month_label(int month, char out[16]);
int report_month_of_time(int64_t t);
int report_month_of_date(const char *s);

/* One entry of a ranking: key[0] descending, then key[1] descending, then
 * name ascending, by report_rank_cmp (for qsort). Counts are exact in a
 * double. */
struct report_rank {
	double key[2];
	const char *name;
	const void *item;
};
int report_rank_cmp(const void *a, const void *b);

/* Median of v[0..n) (sorts v; NAN if n is 0) (analysis.c). */
double report_median(double *v, size_t n);

static inline double report_pct(double part, double whole) { return whole > 0 ? 100.0 * part / whole : NAN; }
static inline double report_frac(double part, double whole) { return whole > 0 ? part / whole : NAN; }
/* Stars for sums: unknown counts as 0. */
static inline double report_stars0(int64_t v) { return v == SW_UNKNOWN ? 0 : (double)v; }
/* Row w is in layer l, or l is past the last layer ("all layers"). */
static inline bool report_in_layer(const struct report_row *w, size_t l, size_t nlayers)
{
	return l == nlayers || w->layer == (int)l;
}

#endif
