/* classify_int.h: private pieces of the classify subsystem. */
#ifndef STACKWATCH_CLASSIFY_INT_H
#define STACKWATCH_CLASSIFY_INT_H

#include "core/core_int.h"
#include "stackwatch/classify.h"

/* The classify_results table (stackwatch classify on the store). */
extern const struct store_schema classify_schema;

#endif
