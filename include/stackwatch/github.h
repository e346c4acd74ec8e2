/* github.h: the GitHub API client (REST v3 + GraphQL v4) over libcurl.
 *
 * One struct sw_github is one authenticated session against one API base
 * (api.github.com, a GitHub Enterprise /api/v3, or the test fake). It
 * follows what GitHub asks of clients: pagination through Link headers,
 * the primary rate limit (X-RateLimit-Remaining/Reset: wait when the reset
 * is near, else stop with SW_ERATELIMIT and "resume after HH:MM UTC"),
 * secondary limits (403/429 with Retry-After), retries of 5xx, timeouts,
 * truncated and unparsable bodies with capped exponential backoff,
 * conditional requests (ETag / If-None-Match, answered from a cache table in
 * the store, because a 304 costs no rate limit) and gzip.
 *
 * The token is only ever placed in the Authorization header: it is never
 * copied into an error message, log line, or the store.
 *
 * Ownership: sw_github_open() returns a handle freed by sw_github_free()
 * (NULL ok). The store passed in opts is borrowed and must outlive the
 * handle. Response bodies are owned by struct sw_github_resp and freed by
 * sw_github_resp_release(). */
#ifndef STACKWATCH_GITHUB_H
#define STACKWATCH_GITHUB_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stackwatch/error.h"
#include "stackwatch/store.h"

#define SW_GITHUB_DEFAULT_API "https://api.github.com"
#define SW_GITHUB_MAX_BODY ((size_t)64 << 20) /* refuse responses over 64 MiB */
/* Bodies cached for ETag revalidation: at most this big (search pages of
 * ~500 KiB change too often to be worth keeping) and 30 days old. */
#define SW_GITHUB_CACHE_MAX_BODY ((size_t)64 << 10)
#define SW_GITHUB_CACHE_DAYS 30

struct sw_github_opts {
	const char *api_url;      /* NULL: $STACKWATCH_GITHUB_API, else the public API */
	const char *token;        /* NULL: $GITHUB_TOKEN; may stay NULL (anonymous) */
	struct sw_store *cache;   /* ETag cache; NULL: no conditional requests */
	int max_retries;          /* per request; 0 means default 5 */
	long retry_base_ms;       /* first backoff delay; 0 means 1000 */
	long retry_cap_ms;        /* backoff cap; 0 means 60000 */
	long timeout_s;           /* per request (transfer); 0 means 60 */
	long max_wait_s;          /* wait at most this long for a rate-limit reset
	                           * or Retry-After; longer means stop with
	                           * SW_ERATELIMIT. <0 means default 900 */
	volatile sig_atomic_t *stop; /* set by a signal handler: waits end, SW_EINTERRUPTED */
};

/* Counters a caller (and the tests) can read after work. */
struct sw_github_stats {
	uint64_t requests;        /* HTTP exchanges sent, retries included */
	uint64_t retries;
	uint64_t not_modified;    /* 304 answers served from the ETag cache */
	uint64_t graphql_points;  /* sum of rateLimit.cost reported by GraphQL */
	int64_t rest_remaining, rest_reset;       /* last seen; -1 unknown */
	int64_t graphql_remaining, graphql_reset; /* last seen; -1 unknown */
	int64_t search_remaining, search_reset;   /* search: 30/min, separate */
	double waited_s;          /* time spent waiting on limits and backoff */
};

struct sw_github;

/* Read a token file: refuses files readable by group or others (SW_EAUTH),
 * trims whitespace. Caller frees *token. The message never contains it. */
sw_err sw_github_token_file(const char *path, char **token, struct sw_error *err) SW_MUST_CHECK;

sw_err sw_github_open(const struct sw_github_opts *opts, struct sw_github **out,
		      struct sw_error *err) SW_MUST_CHECK;
void sw_github_free(struct sw_github *gh);
bool sw_github_has_token(const struct sw_github *gh);
const char *sw_github_api_url(const struct sw_github *gh);
const struct sw_github_stats *sw_github_stats(const struct sw_github *gh);

struct sw_github_resp {
	long status;            /* final HTTP status (200, 404 ...) */
	char *body;             /* NUL-terminated (owned) */
	size_t len;
	char *next;             /* Link rel="next" URL or NULL (owned) */
	int64_t last_page;      /* page=N of Link rel="last", or -1 */
	bool from_cache;        /* 304: body is the cached copy */
};
void sw_github_resp_release(struct sw_github_resp *r);

/* GET a REST path ("/repos/o/r", or a full URL from a Link header) with
 * retries, limits and the ETag cache. accept NULL = application/vnd.github+json.
 * 2xx and 404 return SW_OK with status set (404 is an answer, not a failure);
 * other statuses fail with SW_EHTTP / SW_EAUTH / SW_ERATELIMIT. A 2xx body
 * that is not JSON is retried as truncated, except for raw/html media types
 * (accept containing ".raw" or ".html"), whose bodies are files. */
sw_err sw_github_get(struct sw_github *gh, const char *path, const char *accept,
		     struct sw_github_resp *out, struct sw_error *err) SW_MUST_CHECK;

/* POST a GraphQL query (variables_json may be NULL) and return the whole
 * response body ({"data":..., "errors":...}) in out. RATE_LIMITED errors are
 * handled like the REST primary limit; rateLimit.cost, when queried, is
 * added to the stats. */
sw_err sw_github_graphql(struct sw_github *gh, const char *query, const char *variables_json,
			 struct sw_github_resp *out, struct sw_error *err) SW_MUST_CHECK;

/* ---- pieces exposed for tests and fuzzing ---- */
struct sw_github_links {
	char *next, *last;   /* owned; NULL if absent */
	int64_t last_page;   /* page= of last, or -1 */
};
void sw_github_links_release(struct sw_github_links *l);
/* Parse an RFC 8288 Link header value (as GitHub sends it). Unknown
 * relations are ignored; malformed parts are skipped. SW_ENOMEM only. */
sw_err sw_github_parse_link(const char *value, struct sw_github_links *out) SW_MUST_CHECK;
/* Backoff before retry number `attempt` (0-based): base * 2^attempt, capped. */
long sw_github_backoff_ms(int attempt, long base_ms, long cap_ms);

#endif
