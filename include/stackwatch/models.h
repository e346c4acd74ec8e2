/* models.h: open weights vs proprietary (benchmark frontiers and lag) and
 * the build-vs-buy decision aid built on them. */
#ifndef STACKWATCH_MODELS_H
#define STACKWATCH_MODELS_H

#include <stddef.h>
#include <stdint.h>

#include "stackwatch/core.h"

/* ======================================================================
 * models: open weights vs proprietary: benchmark scores of AI models over
 * time, the running-best frontiers and how far open weights lag behind.
 *
 * Input files (sw_models_parse / sw_models_import_files):
 *  - Epoch AI Benchmarking Hub exports (CC BY 4.0): a benchmark file such
 *    as epoch-hub-gpqa_diamond.csv ("Model version", "Best score (across
 *    scorers)", "Release date", "Organization", "Country"; the benchmark is
 *    named after the file: epoch-hub-NAME.csv -> NAME) and the capabilities
 *    file epoch-hub-epoch_capabilities_index.csv ("Model version", "ECI
 *    Score", "Model accessibility", "Model name", ...). Rows join on
 *    "Model version"; import both so versions collapse to models and
 *    accessibility is known.
 *  - the simple CSV, header (any order, extra columns ignored):
 *    model,organisation,country,release_date,open_weights,benchmark,score
 *    with optional `version`; open_weights is yes/no/unknown/empty.
 *
 * Accessibility: "Open weights (...)" is open; "API access", "Hosted
 * access", "Unreleased", "closed", "proprietary" are closed; anything else
 * (including empty) is unknown and is never counted as open or closed.
 *
 * Ownership: sw_models_rows_release() frees a parsed row set;
 * sw_models_frontier_free() frees a computed frontier (NULL is fine);
 * every table returned is the caller's (sw_table_free). */

/* Days in the month used for every lag figure: 365.25 / 12. */
#define SW_MODELS_DAYS_PER_MONTH 30.4375

/* One parsed input row: what a file says about a model version, and (when
 * benchmark != NULL) one score. NULL strings = not given by the file. */
struct sw_models_row {
	char *version, *model, *display, *organisation, *country, *access;
	char *release_date;        /* YYYY-MM-DD or NULL */
	char *benchmark;           /* NULL: row carries no score */
	double score;
	size_t line;               /* 1-based line in the file */
};
struct sw_models_rows {
	struct sw_models_row *items;
	size_t n, alloc;
	const char *kind;          /* "epoch-benchmark", "epoch-eci", "simple" (static) */
};
void sw_models_rows_release(struct sw_models_rows *r);

/* Parse one file held in memory. name: file path, for messages and the
 * benchmark name of Epoch benchmark files. Errors name file:line:col. */
sw_err sw_models_parse(const char *name, const char *data, size_t len, struct sw_models_rows *out,
		       struct sw_error *err) SW_MUST_CHECK;

/* 1 open weights, 0 closed, -1 unknown. */
int sw_models_access_class(const char *access);

struct sw_models_import_result {
	size_t files, versions, scores;
};
/* Parse and store every file in one transaction: on any error nothing is
 * written. Re-importing the same files changes nothing. */
sw_err sw_models_import_files(struct sw_store *s, const char *const *paths, size_t n,
			      struct sw_models_import_result *res, struct sw_error *err) SW_MUST_CHECK;

/* Benchmarks present in the store, with their score counts. */
sw_err sw_models_benchmarks(struct sw_store *s, struct sw_table **out, struct sw_error *err) SW_MUST_CHECK;

/* ---- the frontier ---- */
struct sw_models_frontier;

/* Compute everything for one benchmark (SW_ENOTFOUND if it has no scores). */
sw_err sw_models_frontier_compute(struct sw_store *s, const char *benchmark,
				  struct sw_models_frontier **out, struct sw_error *err) SW_MUST_CHECK;
/* The same as it stood on a past day: versions released after as_of
 * (YYYY-MM-DD; NULL = no limit) are left out before versions collapse, so
 * "now" becomes the newest release up to that day. SW_EINVAL for a bad date. */
sw_err sw_models_frontier_compute_as_of(struct sw_store *s, const char *benchmark, const char *as_of,
					struct sw_models_frontier **out, struct sw_error *err) SW_MUST_CHECK;
void sw_models_frontier_free(struct sw_models_frontier *f);

/* The headline figures (months = days / SW_MODELS_DAYS_PER_MONTH). */
struct sw_models_lag {
	const char *open_model;    /* best open model (NULL: none); owned by f */
	double open_score;
	int64_t open_day;          /* days since 1970-01-01 */
	const char *closed_model;  /* first closed model reaching open_score (NULL: none yet) */
	int64_t closed_day;
	double lag_months;         /* open_day - closed_day in months; NAN if no closed model */
	double behind_months;      /* as_of - closed_day: how old the closed level is today */
	double best_closed_score;  /* NAN if no closed model */
	int64_t as_of_day;         /* newest release date in the data, or the as_of day asked */
	/* the same a year (365 days) before as_of_day: NAN / NULL when no open
	 * model had been matched by a closed one then */
	double year_ago_lag_months;
	const char *year_ago_open_model, *year_ago_closed_model;
	/* the lag of each open-weights frontier step against its release day:
	 * least-squares slope in months of lag per year, and the fitted lag at
	 * the first and the last step (NAN under 3 steps) */
	double lag_trend_per_year, lag_trend_first, lag_trend_last;
	size_t lag_steps;
};
void sw_models_current_lag(const struct sw_models_frontier *f, struct sw_models_lag *out);

/* The key finding as one paragraph (no newline): by how many months open
 * weights trail closed models on the benchmark, the gap a year earlier,
 * and its trend over the open-weights frontier's steps. */
sw_err sw_models_finding(const struct sw_models_frontier *f, struct sw_buf *out) SW_MUST_CHECK;

/* Table names, in display order:
 *  summary       field, value
 *  models        every model (versions collapsed) with its best score
 *  frontier      the overall frontier (records of the running best)
 *  open_lag      the open-weights frontier with each model's lag behind closed
 *  closed_frontier  the closed frontier
 *  countries     per country: best open model and its lag vs the overall frontier
 *  org_best      per organisation: its best-so-far records
 *  periods       periods when an organisation held the overall frontier
 *  fallen_back   organisations that held the frontier and no longer do */
extern const char *const sw_models_table_names[];
extern const size_t sw_models_ntables;
/* Build one table by name (SW_ENOTFOUND for an unknown name). */
sw_err sw_models_table(const struct sw_models_frontier *f, const char *name, struct sw_table **out,
		       struct sw_error *err) SW_MUST_CHECK;

/* The chart as an inline <svg> element (with the Epoch AI credit). */
sw_err sw_models_svg(const struct sw_models_frontier *f, struct sw_buf *out) SW_MUST_CHECK;

/* Render all tables: SW_FMT_TABLE/MD (titled sections), SW_FMT_JSON (one
 * object keyed by table name), SW_FMT_HTML (a self-contained page with the
 * chart). For SW_FMT_CSV pass one table name in `table`. */
sw_err sw_models_render(const struct sw_models_frontier *f, enum sw_fmt fmt, const char *table,
			struct sw_buf *out, struct sw_error *err) SW_MUST_CHECK;

/* Chart + tables as an HTML fragment (no <html> wrapper), for the web app
 * (/models) and the report page. benchmark NULL = "gpqa_diamond". */
/* CSS of the models page (the fragment has no inline styles or scripts). */
const char *sw_models_css(void);
sw_err sw_models_render_html_fragment(struct sw_store *s, const char *benchmark, struct sw_buf *out,
				      struct sw_error *err) SW_MUST_CHECK;

/* ======================================================================
 * decide: the build-on-open-source vs buy-proprietary decision aid.
 *
 * Factors, weights and reason texts are data (data/decide_factors.tsv,
 * embedded; another file can be loaded). Each answer is low, medium or high
 * (or unset = neutral); effect = weight * direction * answer (-1/0/+1), the
 * score is the sum of effects over the sum of all weights (-1 buy .. +1
 * build), and the verdict follows the file's threshold. The reasons list
 * the factors that drove the verdict, largest effect first.
 *
 * With a subcategory, sw_models_decide_options() ranks the tracked open-source
 * repos of it by a documented health score (docs/models.md): stars, 30-day
 * star trend from snapshots, contributors, last push, licence; archived
 * repos score 0. Missing data is "unknown" and left out of the score (the
 * coverage column says how much of the score had data).
 *
 * Ownership: sw_models_decide_free() frees a loaded factor set (NULL is fine);
 * tables returned are the caller's (sw_table_free). */

#define SW_MODELS_DECIDE_UNSET (-2) /* not answered: neutral */
#define SW_MODELS_DECIDE_MAX_FACTORS 32

struct sw_models_decide_factor {
	const char *id, *flag, *question, *low_reason, *high_reason;
	double weight;
	int direction;   /* +1: high favours open source; -1: high favours proprietary */
};

struct sw_models_decide;

/* Load factors from a TSV file (path NULL: the embedded default).
 * Errors name file:line. */
sw_err sw_models_decide_load(const char *path, struct sw_models_decide **out, struct sw_error *err) SW_MUST_CHECK;
/* The same from text in memory (name for messages; len bytes, need not be
 * NUL-terminated). */
sw_err sw_models_decide_parse(const char *name, const char *text, size_t len, struct sw_models_decide **out,
		       struct sw_error *err) SW_MUST_CHECK;
void sw_models_decide_free(struct sw_models_decide *d);
size_t sw_models_decide_nfactors(const struct sw_models_decide *d);
const struct sw_models_decide_factor *sw_models_decide_factor(const struct sw_models_decide *d, size_t i);
/* Index of a factor by id ("lock_in") or flag ("--lock-in"); -1 if none. */
int sw_models_decide_find(const struct sw_models_decide *d, const char *name);
/* "low"/"medium"/"high" (any case; also l/m/h) -> -1/0/1; SW_EINVAL with a
 * message naming the factor and the accepted answers otherwise. */
sw_err sw_models_decide_parse_level(const struct sw_models_decide *d, size_t factor, const char *text, int *level,
			     struct sw_error *err) SW_MUST_CHECK;

struct sw_models_decide_result {
	double score;         /* -1 (buy) .. +1 (build) */
	double threshold;
	const char *verdict;  /* "build on open source", "buy proprietary", "hybrid" (static) */
	size_t answered;
};
/* Evaluate answers (levels[i] for factor i, SW_MODELS_DECIDE_UNSET = neutral).
 * *factors (may be NULL) gets one row per factor, largest |effect| first:
 * factor, flag, answer, weight, effect, favours, reason. */
sw_err sw_models_decide_evaluate(const struct sw_models_decide *d, const int *levels, struct sw_models_decide_result *res,
			  struct sw_table **factors, struct sw_error *err) SW_MUST_CHECK;

/* Tracked repos of a subcategory ranked by health (SW_ENOTFOUND if none).
 * Columns: rank, repo, health, coverage, stars, star_trend_30d,
 * trend_pct_30d, contributors, top_dev_share, last_push, archived, license,
 * notes. */
sw_err sw_models_decide_options(struct sw_store *s, const char *subcat, struct sw_table **out,
			 struct sw_error *err) SW_MUST_CHECK;

/* The whole answer: verdict, reasons, the open-vs-closed lag (when the
 * store has benchmark scores; benchmark NULL = gpqa_diamond) and, with a
 * subcat, the ranked options. fmt: table, md or json; csv gives one table:
 * the options with a subcat, else the factors. store may be NULL (then no
 * lag and no options). */
sw_err sw_models_decide_render(const struct sw_models_decide *d, const int *levels, struct sw_store *s, const char *subcat,
			const char *benchmark, enum sw_fmt fmt, struct sw_buf *out,
			struct sw_error *err) SW_MUST_CHECK;

#endif
