/* decide.h: the build-on-open-source vs buy-proprietary decision aid.
 *
 * Factors, weights and reason texts are data (data/decide_factors.tsv,
 * embedded; another file can be loaded). Each answer is low, medium or high
 * (or unset = neutral); effect = weight * direction * answer (-1/0/+1), the
 * score is the sum of effects over the sum of all weights (-1 buy .. +1
 * build), and the verdict follows the file's threshold. The reasons list
 * the factors that drove the verdict, largest effect first.
 *
 * With a subcategory, sw_decide_options() ranks the tracked open-source
 * repos of it by a documented health score (docs/models.md): stars, 30-day
 * star trend from snapshots, contributors, last push, licence; archived
 * repos score 0. Missing data is "unknown" and left out of the score (the
 * coverage column says how much of the score had data).
 *
 * Ownership: sw_decide_free() frees a loaded factor set (NULL is fine);
 * tables returned are the caller's (sw_table_free). */
#ifndef STACKWATCH_DECIDE_H
#define STACKWATCH_DECIDE_H

#include <stddef.h>
#include <stdint.h>

#include "stackwatch/error.h"
#include "stackwatch/store.h"
#include "stackwatch/table.h"
#include "stackwatch/util.h"

#define SW_DECIDE_UNSET (-2) /* not answered: neutral */
#define SW_DECIDE_MAX_FACTORS 32

struct sw_decide_factor {
	const char *id, *flag, *question, *low_reason, *high_reason;
	double weight;
	int direction;   /* +1: high favours open source; -1: high favours proprietary */
};

struct sw_decide;

/* Load factors from a TSV file (path NULL: the embedded default).
 * Errors name file:line. */
sw_err sw_decide_load(const char *path, struct sw_decide **out, struct sw_error *err) SW_MUST_CHECK;
/* The same from text in memory (name for messages; len bytes, need not be
 * NUL-terminated). */
sw_err sw_decide_parse(const char *name, const char *text, size_t len, struct sw_decide **out,
		       struct sw_error *err) SW_MUST_CHECK;
void sw_decide_free(struct sw_decide *d);
size_t sw_decide_nfactors(const struct sw_decide *d);
const struct sw_decide_factor *sw_decide_factor(const struct sw_decide *d, size_t i);
/* Index of a factor by id ("lock_in") or flag ("--lock-in"); -1 if none. */
int sw_decide_find(const struct sw_decide *d, const char *name);
/* "low"/"medium"/"high" (any case; also l/m/h) -> -1/0/1; SW_EINVAL with a
 * message naming the factor and the accepted answers otherwise. */
sw_err sw_decide_parse_level(const struct sw_decide *d, size_t factor, const char *text, int *level,
			     struct sw_error *err) SW_MUST_CHECK;

struct sw_decide_result {
	double score;         /* -1 (buy) .. +1 (build) */
	double threshold;
	const char *verdict;  /* "build on open source", "buy proprietary", "hybrid" (static) */
	size_t answered;
};
/* Evaluate answers (levels[i] for factor i, SW_DECIDE_UNSET = neutral).
 * *factors (may be NULL) gets one row per factor, largest |effect| first:
 * factor, flag, answer, weight, effect, favours, reason. */
sw_err sw_decide_evaluate(const struct sw_decide *d, const int *levels, struct sw_decide_result *res,
			  struct sw_table **factors, struct sw_error *err) SW_MUST_CHECK;

/* Tracked repos of a subcategory ranked by health (SW_ENOTFOUND if none).
 * Columns: rank, repo, health, coverage, stars, star_trend_30d,
 * trend_pct_30d, contributors, top_dev_share, last_push, archived, license,
 * notes. */
sw_err sw_decide_options(struct sw_store *s, const char *subcat, struct sw_table **out,
			 struct sw_error *err) SW_MUST_CHECK;

/* The whole answer: verdict, reasons, the open-vs-closed lag (when the
 * store has benchmark scores; benchmark NULL = gpqa_diamond) and, with a
 * subcat, the ranked options. fmt: table, md or json; csv gives one table:
 * the options with a subcat, else the factors. store may be NULL (then no
 * lag and no options). */
sw_err sw_decide_render(const struct sw_decide *d, const int *levels, struct sw_store *s, const char *subcat,
			const char *benchmark, enum sw_fmt fmt, struct sw_buf *out,
			struct sw_error *err) SW_MUST_CHECK;

#endif
