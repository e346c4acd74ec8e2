/* analysis.h: reusable computations behind the ecosystem report: the
 * hype-shape classifier of a cumulative star series, the Gini coefficient,
 * and the reference-figures file (the study's numbers, kept as data).
 *
 * Pure functions over caller-owned arrays; nothing here touches the store,
 * so the GH Archive engine can feed its own daily series.
 *
 * Ownership: sw_analysis_ref_parse() returns a set the caller frees with
 * sw_analysis_ref_free() (NULL ok); strings returned by the getters belong
 * to the set. */
#ifndef STACKWATCH_ANALYSIS_H
#define STACKWATCH_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stackwatch/error.h"

/* The shape of a star-history curve. */
enum sw_shape {
	SW_SHAPE_INSUFFICIENT = 0, /* fewer than 3 points, or no time span */
	SW_SHAPE_SUSTAINED,        /* grew >= 5% and the late half still grows >= 1/4 of the early rate */
	SW_SHAPE_SPIKE,            /* grew >= 5% but the late half grows < 1/4 of the early rate:
				      "live fast, die young" */
	SW_SHAPE_STEADY,           /* changed less than 5% either way: a stable repo */
	SW_SHAPE_DECLINING,        /* lost stars over the late half (beyond 1% or 1 star) */
	SW_SHAPE_COUNT_
};
/* "sustained growth", "spike then flat", "steady", "declining", "insufficient history". */
const char *sw_shape_name(enum sw_shape s);

/* Classify a cumulative star series. day[i]: any increasing time unit (days
 * or seconds; only ratios matter), cumulative_stars[i]: stars at day[i].
 * Points must be in increasing day order; NANs are skipped.
 * The early and late halves are split at the midpoint of the time span
 * (stars there linearly interpolated). */
enum sw_shape sw_hype_shape(const int64_t *day, const double *cumulative_stars, size_t n);

/* Gini coefficient of non-negative values (0 = equal, ->1 = concentrated).
 * Sorts v in place (ascending). 0 for n == 0 or an all-zero sum. */
double sw_gini(double *v, size_t n);

/* ---- reference figures: "key<TAB>value<TAB>label" lines, '#' comments.
 * value is a number, or empty for a text-only entry; label (optional) is how
 * the source stated it ("20,000+"). Keys are [a-z0-9_], unique. ---- */
struct sw_analysis_ref;
#define SW_ANALYSIS_REF_MAX_BYTES (1u << 20)
#define SW_ANALYSIS_REF_MAX_KEYS 1000

sw_err sw_analysis_ref_parse(const char *name, const char *text, size_t len,
			     struct sw_analysis_ref **out, struct sw_error *err) SW_MUST_CHECK;
void sw_analysis_ref_free(struct sw_analysis_ref *r);
/* True and *value set when key has a number. */
bool sw_analysis_ref_value(const struct sw_analysis_ref *r, const char *key, double *value);
/* The label of key (or NULL when absent / no label). */
const char *sw_analysis_ref_label(const struct sw_analysis_ref *r, const char *key);

#endif
