/* github_int.h: what the github files share (private). repos.c is the base
 * the others build on; tracker.c (update passes) also uses readme.c. */
#ifndef STACKWATCH_GITHUB_INT_H
#define STACKWATCH_GITHUB_INT_H

#include <jansson.h>

#include "core/core_int.h"
#include "stackwatch/github.h"

/* The tracker_* tables and the ETag cache (applied when a store is opened). */
extern const struct store_schema github_tracker_schema, github_cache_schema;

/* ---- repos.c: store writes, JSON fields, repo lists ---- */

/* One value bound to a statement parameter. */
/* SW_EINVAL unless the options hold a client ("WHAT needs a GitHub client"). */
sw_err github_need_client(const struct sw_github_update_opts *o, const char *what, struct sw_error *err);

/* Remember a repo's GraphQL node id (and clear a deleted mark). */
sw_err github_set_node(struct sw_store *s, int64_t repo_id, const char *node_id,
			   struct sw_error *err) SW_MUST_CHECK;

/* Member k of JSON object o as a string (NULL if absent or another type),
 * as an integer (dflt if absent or another type). */
const char *github_jstr(const json_t *o, const char *k);
int64_t github_jint(const json_t *o, const char *k, int64_t dflt);

/* The names an array of topics gives (name(item), NULL to skip an item)
 * appended to out, comma-separated. */
sw_err github_topics(const json_t *list, const char *(*name)(const json_t *item), struct sw_buf *out) SW_MUST_CHECK;

/* The fields every REST repository object gives (owner.login, name,
 * description, fork, archived, created_at) into u; u's strings point into j. */
void github_rest_repo(const json_t *j, struct sw_repo_update *u);

/* "organization" / "user" for GitHub's owner type names, else NULL. */
const char *github_owner_type(const char *type);

/* A repo to fetch: store id, name, GraphQL node id (may be NULL). */
struct github_due {
	int64_t id;
	char *owner, *name, *node;
};
void github_dues_free(struct github_due *d, size_t n);

/* The rows (id, owner, name, node id) of a repo query whose parameters ?1
 * and ?2, when present, are p1 and p2. */
sw_err github_query_dues(struct sw_store *s, const char *sql, int64_t p1, int64_t p2, struct github_due **out,
			     size_t *n, struct sw_error *err) SW_MUST_CHECK;

/* ---- readme.c ---- */

/* The README text of a /readme answer: the body itself (raw media type), or
 * the decoded "content" of a base64 content-file JSON object. Returns a
 * NUL-terminated copy (caller frees; *len bytes, may hold NULs) or NULL for
 * a JSON answer without usable content or out of memory. */
char *github_readme_text(const char *body, size_t blen, size_t *len);

/* Fetch the READMEs due at `now` (never fetched, or older than the
 * options' max age; at most readmes_limit), counted in out->readmes. */
sw_err github_fetch_readmes(struct sw_store *s, const struct sw_github_update_opts *o, int64_t now,
				struct sw_github_update_result *out, struct sw_error *err) SW_MUST_CHECK;

/* ---- tracker.c ---- */

/* Apply one GraphQL answer (body) to the first 100 repos due at taken_at,
 * as an update pass would, without contributors (fuzzing, tests). */
sw_err github_apply_graphql(struct sw_store *s, int64_t taken_at, const char *body, size_t len,
				struct sw_error *err) SW_MUST_CHECK;

#endif
