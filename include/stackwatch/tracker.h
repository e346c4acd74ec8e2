/* tracker.h: live tracking from GitHub: discovery (sw_discover_*), update
 * passes (sw_tracker_update), submissions and star-history backfill.
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
 * The web server's --refresh calls sw_tracker_update() with its own store
 * and client; the function takes the pass lock itself.
 *
 * Ownership: results are caller structs; release with the *_release()
 * functions (NULL-safe). The client and store are borrowed. */
#ifndef STACKWATCH_TRACKER_H
#define STACKWATCH_TRACKER_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stackwatch/error.h"
#include "stackwatch/github.h"
#include "stackwatch/store.h"

#define SW_DISCOVER_MIN_STARS 500
#define SW_SEARCH_CAP 1000 /* GitHub search returns at most 1,000 results per query */

struct sw_tracker_opts {
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
struct sw_discover_result {
	size_t queries;          /* search requests made */
	size_t slices;           /* complete slices read */
	size_t found;            /* distinct repos seen */
	size_t new_repos;        /* of which new to the store */
	size_t forks, archived;  /* flagged among the found */
	char **incomplete;       /* descriptions of slices that stayed > 1,000 or incomplete_results */
	size_t nincomplete;
};
void sw_discover_result_release(struct sw_discover_result *r);
sw_err sw_discover_run(struct sw_store *s, const struct sw_tracker_opts *o, struct sw_discover_result *out,
		       struct sw_error *err) SW_MUST_CHECK;

/* ---- update passes ---- */
struct sw_tracker_result {
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
sw_err sw_tracker_update(struct sw_store *s, const struct sw_tracker_opts *o, struct sw_tracker_result *out,
			 struct sw_error *err) SW_MUST_CHECK;

/* ---- submissions ---- */
/* Check OWNER/REPO exists on GitHub, then sw_store_submit() it (pending)
 * with its GitHub id. SW_ENOTFOUND if GitHub does not know it. */
sw_err sw_tracker_submit(struct sw_store *s, struct sw_github *gh, const char *full_name, const char *layer,
			 const char *subcat, int64_t *repo_id, struct sw_error *err) SW_MUST_CHECK;

/* ---- star history ---- */
enum sw_backfill_source { SW_BACKFILL_NONE = 0, SW_BACKFILL_HISTORY, SW_BACKFILL_STARGAZERS };
struct sw_backfill_result {
	enum sw_backfill_source source;
	size_t points;           /* days stored */
	bool sampled;            /* stargazer pages were sampled (> 400 pages) */
	size_t pages, pages_total;
};
#define SW_BACKFILL_MAX_PAGES 400
/* Fetch star history for a repo already in the store: the
 * /stargazers/history endpoint where it answers, else stargazer timestamps
 * (admin tokens; more than 400 pages are sampled evenly and the history is
 * marked sampled). SW_EUNSUPPORTED when neither is available (history then
 * comes only from snapshots and GH Archive). Points are stored in the
 * tracker_star_history table; nothing is invented. */
sw_err sw_tracker_backfill(struct sw_store *s, struct sw_github *gh, const char *full_name,
			   struct sw_backfill_result *out, struct sw_error *err) SW_MUST_CHECK;

#endif
