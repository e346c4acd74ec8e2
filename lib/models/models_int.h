/* models_int.h: private pieces shared by models.c, models_frontier.c and
 * decide.c (the decision aid reads the current lag). */
#ifndef STACKWATCH_MODELS_INT_H
#define STACKWATCH_MODELS_INT_H

#include <stdbool.h>

#include "core/core_int.h"
#include "stackwatch/models.h"

/* The models tables (applied when a store is opened). */
extern const struct store_schema models_schema;

/* A real calendar date YYYY-MM-DD (rejects 2025-02-30). */
bool models_valid_date(const char *s);

#endif
