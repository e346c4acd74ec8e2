/* github.h: live tracking from GitHub: the API client (REST + GraphQL over
 * libcurl), update passes, discovery, submissions, star-history backfill,
 * README fetching, and location -> country. */
#ifndef STACKWATCH_GITHUB_H
#define STACKWATCH_GITHUB_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stackwatch/core.h"

/* ======================================================================
 * github: the GitHub API client (REST v3 + GraphQL v4) over libcurl.
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

/* ======================================================================
 * tracker: live tracking from GitHub: discovery (sw_discover_*), update
 * passes (sw_github_update), submissions and star-history backfill.
 *
 * Discovery searches repositories per keyword with a star floor and splits
 * every query whose total_count exceeds the search API's 1,000-result cap
 * by star range, then by creation-date range, until each slice is
 * complete; a slice that cannot be split further is reported.
 *
 * An update pass snapshots every tracked repo through GraphQL, up to 100
 * repos a query (nodes(ids:) for repos whose node id is known, aliased
 * repository(owner:,name:) otherwise). All snapshots of one pass share
 * taken_at = the pass start; the pass is recorded, so a pass stopped by a
 * crash, SIGKILL, signal or rate limit is resumed by the next run with the
 * same taken_at, filling in only the repos still missing (no duplicates).
 * Each batch is one transaction. Contributors come from REST
 * (/contributors?per_page=3: the top 3, then the Link "last" page for the
 * count), for at most opts.contributors_limit repos a pass, least recently
 * refreshed first; a snapshot carries a contributor figure at most
 * contributors_max_age old, else "unknown".
 *
 * After a finished pass, READMEs (the first SW_STORE_README_MAX bytes, raw
 * media type, ETag-revalidated) are fetched for opts.readmes_limit repos,
 * each stored as it arrives, for the classifier.
 *
 * The web server's --refresh calls sw_github_update() with its own store
 * and client; the function takes the pass lock itself.
 *
 * Ownership: results are caller structs; release with the *_release()
 * functions (NULL-safe). The client and store are borrowed. */

#define SW_GITHUB_DISCOVER_MIN_STARS 500
#define SW_GITHUB_SEARCH_CAP 1000 /* GitHub search returns at most 1,000 results per query */

struct sw_github_update_opts {
	struct sw_github *gh;            /* borrowed; required */
	/* discovery */
	const char *const *keywords;     /* NULL: "gpt", "llm", "generative ai" */
	size_t nkeywords;
	int64_t min_stars;               /* 0: 500 */
	/* update */
	int batch;                       /* repos per GraphQL query; 0: 100 (max 100) */
	int releases;                    /* latest releases summed for downloads; 0: 3 */
	long contributors_limit;         /* REST refreshes per pass; <0: no limit; 0: none */
	int64_t contributors_max_age;    /* seconds; 0: 7 days */
	long readmes_limit;              /* READMEs (REST, 1 request each) fetched after a
	                                  * finished pass, for at most this many repos:
	                                  * never fetched first, repos without a curated
	                                  * label before the rest; <0: no limit; 0: none */
	int64_t readme_max_age;          /* refetch READMEs older than this; 0: 30 days */
	int64_t resume_window;           /* resume an unfinished pass younger than this; 0: 6 h */
	int64_t now;                     /* 0: time(NULL) (tests pin it) */
	volatile sig_atomic_t *stop;     /* set by a signal handler: stop after the current batch */
	void (*progress)(void *ud, uint64_t done, uint64_t total); /* optional */
	void *progress_ud;
};

/* ---- discovery ---- */
struct sw_github_discover_result {
	size_t queries;          /* search requests made */
	size_t slices;           /* complete slices read */
	size_t found;            /* distinct repos seen */
	size_t new_repos;        /* of which new to the store */
	size_t forks, archived;  /* flagged among the found */
	char **incomplete;       /* descriptions of slices that stayed > 1,000 or incomplete_results */
	size_t nincomplete;
};
void sw_github_discover_result_release(struct sw_github_discover_result *r);
sw_err sw_github_discover(struct sw_store *s, const struct sw_github_update_opts *o, struct sw_github_discover_result *out,
		       struct sw_error *err) SW_MUST_CHECK;

/* ---- update passes ---- */
struct sw_github_update_result {
	int64_t taken_at;        /* the pass time shared by its snapshots */
	bool resumed;            /* continued an unfinished pass */
	size_t due;              /* repos that needed a snapshot at the start of this run */
	size_t snapshots;        /* written by this run */
	size_t renamed, deleted, contributors;
	size_t failed;           /* answered null without NOT_FOUND: left for the next run */
	size_t readmes;          /* READMEs stored (found or recorded as absent) */
	uint64_t requests, points;
};
/* Take the pass lock (flock on "<db>.lock"), run or resume one pass.
 * SW_ELOCKED if another pass holds the lock; SW_ERATELIMIT / SW_EINTERRUPTED
 * leave the pass unfinished for the next run to resume. */
sw_err sw_github_update(struct sw_store *s, const struct sw_github_update_opts *o, struct sw_github_update_result *out,
			 struct sw_error *err) SW_MUST_CHECK;

/* ---- submissions ---- */
/* Check OWNER/REPO exists on GitHub, then sw_store_submit() it (pending)
 * with its GitHub id. SW_ENOTFOUND if GitHub does not know it. */
sw_err sw_github_submit(struct sw_store *s, struct sw_github *gh, const char *full_name, const char *layer,
			 const char *subcat, int64_t *repo_id, struct sw_error *err) SW_MUST_CHECK;

/* ---- star history ---- */
enum sw_github_backfill_source { SW_GITHUB_BACKFILL_NONE = 0, SW_GITHUB_BACKFILL_HISTORY, SW_GITHUB_BACKFILL_STARGAZERS };
struct sw_github_backfill_result {
	enum sw_github_backfill_source source;
	size_t points;           /* days stored */
	bool sampled;            /* stargazer pages were sampled (> 400 pages) */
	size_t pages, pages_total;
};
#define SW_GITHUB_BACKFILL_MAX_PAGES 400
/* Fetch star history for a repo already in the store: the
 * /stargazers/history endpoint where it answers, else stargazer timestamps
 * (admin tokens; more than 400 pages are sampled evenly and the history is
 * marked sampled). SW_EUNSUPPORTED when neither is available (history then
 * comes only from snapshots and GH Archive). Points are stored in the
 * tracker_star_history table; nothing is invented. */
sw_err sw_github_backfill(struct sw_store *s, struct sw_github *gh, const char *full_name,
			   struct sw_github_backfill_result *out, struct sw_error *err) SW_MUST_CHECK;

/* ======================================================================
 * gazetteer: owner profile location -> country, from a small embedded
 * gazetteer (data/gazetteer.tsv: countries, their common other names, and
 * major cities/US states). Free-text locations like "Hangzhou, China",
 * "SF Bay Area" or "Remote" are matched on whole words (ASCII
 * case-insensitive; non-ASCII names like "北京" as plain substrings). When
 * several places match, the one ending last wins ("Paris, Texas, USA" ->
 * United States), then the longest. No match -> NULL ("unknown"). */

/* Country for a location string, or NULL. The returned string is static
 * (owned by the library; the table loads once, thread-safely). */
const char *sw_github_country(const char *location);

/* Same against a caller-supplied TSV table (tests, fuzzing): country is
 * copied into out (NUL-terminated, truncated to cap); returns 1 on a match. */
int sw_github_gazetteer_match(const char *tsv, size_t tsv_len, const char *location, char *out, size_t cap);

#endif
