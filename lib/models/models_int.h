/* models_int.h: private pieces shared by models.c, models_frontier.c and
 * decide.c (the decision aid reads the current lag). */
#ifndef STACKWATCH_MODELS_INT_H
#define STACKWATCH_MODELS_INT_H

#include <stdbool.h>

#include "stackwatch/models.h"

/* Create/upgrade the models tables (idempotent; every entry point calls it). */
sw_err sw_models_schema(struct sw_store *s, struct sw_error *err) SW_MUST_CHECK;

/* A real calendar date YYYY-MM-DD (rejects 2025-02-30). */
bool sw_models_valid_date(const char *s);

#endif
