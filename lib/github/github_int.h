/* tracker_int.h: what tracker.c shares with discover.c (private). */
#ifndef STACKWATCH_TRACKER_INT_H
#define STACKWATCH_TRACKER_INT_H

#include "core/core_int.h"
#include "stackwatch/github.h"

/* The tracker_* tables and the ETag cache (applied when a store is opened). */
extern const struct store_schema github_tracker_schema, github_cache_schema;
/* Remember a repo's GraphQL node id (and clear a deleted mark). */
sw_err github_set_node(struct sw_store *s, int64_t repo_id, const char *node_id,
			   struct sw_error *err) SW_MUST_CHECK;

/* Apply one GraphQL answer (body) to the first 100 repos due at taken_at,
 * as an update pass would, without contributors (fuzzing, tests). */
sw_err github_apply_graphql(struct sw_store *s, int64_t taken_at, const char *body, size_t len,
				struct sw_error *err) SW_MUST_CHECK;

/* The README text of a /readme answer: the body itself (raw media type), or
 * the decoded "content" of a base64 content-file JSON object. Returns a
 * NUL-terminated copy (caller frees; *len bytes, may hold NULs) or NULL for
 * a JSON answer without usable content or out of memory. */
char *github_readme_text(const char *body, size_t blen, size_t *len);

#endif
