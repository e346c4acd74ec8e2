/* models_int.h: private pieces shared by the models files: models.c (import;
 * dates and record freeing for the others), frontier.c, render.c and
 * decide.c (the decision aid reads the current lag). */
#ifndef STACKWATCH_MODELS_INT_H
#define STACKWATCH_MODELS_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/core_int.h"
#include "stackwatch/models.h"

/* The models tables (applied when a store is opened). */
extern const struct store_schema models_schema;

/* A real calendar date YYYY-MM-DD (rejects 2025-02-30). */
bool models_valid_date(const char *s);

/* Days since the epoch of a date shaped YYYY-MM-DD (digits and dashes; the
 * calendar is not checked), INT64_MIN for NULL or any other text. */
int64_t models_day(const char *s);

/* Free n records of `size` bytes at items: the char * members at the byte
 * offsets strings[0..nstrings), then the array itself. */
void models_free_records(void *items, size_t n, size_t size, const size_t *strings, size_t nstrings);

#endif
