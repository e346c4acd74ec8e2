/* gharchive_int.h: private pieces of the GH Archive engine shared between
 * lib/gharchive*.c files and the unit tests (row kinds, event mapping). */
#ifndef STACKWATCH_GHARCHIVE_INT_H
#define STACKWATCH_GHARCHIVE_INT_H

#include "core/core_int.h"
#include "stackwatch/gharchive.h"

/* The gha_* tables (applied when a store is opened). */
extern const struct store_schema gha_schema;

/* gha_events.kind values (stored: never renumber). */
enum gha_kind {
	GHA_STAR = 1, GHA_FORK, GHA_PUSH, GHA_PR_OPENED, GHA_PR_MERGED, GHA_PR_OTHER,
	GHA_ISSUE_OPENED, GHA_RELEASE,
};

/* Map an extracted event (line = its bytes) to a stored row: event id
 * (content hash when absent), kind, distinct-actor key (0 for bots) and n
 * (commits of a push). false if the event is not counted. */
bool gha_event_row(const struct sw_gha_event *ev, const char *line, size_t len, int64_t *id,
		      int *kind, int64_t *actor, int64_t *n);

/* Hour key of a file name "YYYY-MM-DD-H.json[.gz]" (hours since the epoch),
 * or a negative hash of the name for other names. */
int64_t gha_hour_key(const char *basename, bool *is_hour);

#endif
