/* models_int.h: private pieces shared by models.c, models_frontier.c and
 * decide.c (the decision aid reads the current lag). */
#ifndef STACKWATCH_MODELS_INT_H
#define STACKWATCH_MODELS_INT_H

#include "stackwatch/models.h"

/* Create/upgrade the models tables (idempotent; every entry point calls it). */
sw_err sw_models_schema(struct sw_store *s, struct sw_error *err) SW_MUST_CHECK;

#endif
