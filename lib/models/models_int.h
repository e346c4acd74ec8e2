/* models_int.h: private pieces shared by the models files: models.c (import;
 * dates and record freeing for the others), frontier.c, chart.c (the SVG
 * charts), render.c (the renderings, with chart.c's charts) and decide.c
 * (the decision aid reads the current lag). */
#ifndef STACKWATCH_MODELS_INT_H
#define STACKWATCH_MODELS_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/core_int.h"
#include "stackwatch/models.h"

/* The models tables (applied when a store is opened). */
extern const struct store_schema models_schema;

/* The lag chart (chart.c): each step of the open-weights frontier and its
 * lag, with the trend, drawn for wide screens and for phones; nothing
 * when there are fewer than 2 steps with a lag. */
sw_err models_lag_svg(const struct sw_models_frontier *f, struct sw_buf *b);

/* A real calendar date YYYY-MM-DD (rejects 2025-02-30). */
bool models_valid_date(const char *s);

/* Days since the epoch of a date shaped YYYY-MM-DD (digits and dashes; the
 * calendar is not checked), INT64_MIN for NULL or any other text. */
int64_t models_day(const char *s);

/* Free n records of `size` bytes at items: the char * members at the byte
 * offsets strings[0..nstrings), then the array itself. */
void models_free_records(void *items, size_t n, size_t size, const size_t *strings, size_t nstrings);

#endif
