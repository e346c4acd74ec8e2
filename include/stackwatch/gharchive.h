/* gharchive.h: the GH Archive history engine.
 *
 * Reads hourly GH Archive files (YYYY-MM-DD-H.json.gz, gzip possibly
 * multi-member, or plain .json), pulls the few fields it needs from each
 * event line without building a DOM (sw_gha_json_extract), and keeps, per
 * GitHub repo id, the deduplicated counted events in the store (module
 * "gharchive": gha_hours, gha_events, gha_repos, gha_malformed). Daily
 * series (stars, forks, pushes, commits, PRs, issues, releases, distinct
 * contributors and stargazers) are aggregates of gha_events, so dedupe by
 * event id, rerun after a kill, and merging partial results are all exact
 * (set union). Each hour is committed in one transaction.
 *
 * Ownership: sw_gha_series and sw_gha_gaps hold heap arrays released by
 * their *_release (zeroed structs are fine). The extractor's string fields
 * point into the caller's line buffer. */
#ifndef STACKWATCH_GHARCHIVE_H
#define STACKWATCH_GHARCHIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stackwatch/core.h"

/* ---- field extractor (lib/gharchive/json.c) ---- */
enum sw_gha_type {
	SW_GHA_OTHER = 0, SW_GHA_WATCH, SW_GHA_FORK, SW_GHA_PUSH, SW_GHA_PULL_REQUEST,
	SW_GHA_ISSUES, SW_GHA_RELEASE,
};
/* payload.action values we care about. */
enum sw_gha_action {
	SW_GHA_ACT_NONE = 0, SW_GHA_ACT_OTHER, SW_GHA_ACT_STARTED, SW_GHA_ACT_OPENED,
	SW_GHA_ACT_CLOSED, SW_GHA_ACT_PUBLISHED, SW_GHA_ACT_CREATED,
};

struct sw_gha_event {
	uint64_t id;              /* 0 if absent */
	enum sw_gha_type type;
	const char *login;        /* actor.login (raw JSON string body), may be NULL */
	size_t login_len;
	int64_t actor_id;         /* 0 if absent */
	int64_t repo_id;          /* 0 if absent */
	const char *repo_name;    /* repo.name, or owner/name of 2012-14 "repository" */
	size_t repo_name_len;
	const char *repo_owner;   /* 2012-14 repository.owner (name then lacks the owner) */
	size_t repo_owner_len;
	int64_t created_at;       /* unix seconds; INT64_MIN if absent/unparsable */
	int64_t size, distinct_size; /* PushEvent; -1 if absent */
	enum sw_gha_action action;
	int merged;               /* pull_request.merged: 1, 0, -1 absent */
};

/* Extract the fields of one event line (a JSON object; bytes p[0..n)).
 * Returns true on success; false for a line that is not a well-formed
 * object (then *why, if given, names the problem). Never allocates; nesting
 * deeper than 256 levels is refused.
 *
 * sw_gha_json_extract_strict is a validator: it accepts exactly the lines
 * that are one JSON object by RFC 8259 (every byte checked: grammar,
 * numbers, escapes, no control bytes in strings, well-formed UTF-8, escaped
 * surrogates in pairs; nesting up to 256 levels; duplicate keys allowed).
 * sw_gha_json_extract first tries
 * a fast path for today's key order (id, type, actor, repo, payload, public,
 * created_at, org): it parses the head, the payload up to the fields it
 * needs, and the tail from ',"created_at":' to the end of the line, and
 * falls back to the strict walk for anything else. It accepts every line
 * the strict walk accepts; on GH Archive lines it gives the same fields
 * (payload fields only for the types that use them: size/distinct_size of
 * pushes, action of PRs/issues/releases/stars, merged of closed PRs). It may
 * also accept a line damaged only inside a payload part it skipped. */
bool sw_gha_json_extract(const char *p, size_t n, struct sw_gha_event *ev, const char **why);
bool sw_gha_json_extract_strict(const char *p, size_t n, struct sw_gha_event *ev, const char **why);

/* ---- reading hours (what scan and the ClickHouse load share) ---- */
/* A counted event as it is kept: kind 1 star, 2 fork, 3 push, 4 PR opened,
 * 5 PR merged, 6 other PR action, 7 issue opened, 8 release (stored: never
 * renumbered). id: the event id (a negative content hash when the line has
 * none), actor: a distinct-contributor key (0 for bots), n: a push's
 * commits, day: days since 1970-01-01 (UTC) of created_at. */
struct sw_gha_row {
	int64_t id, repo_id, actor, n;
	int32_t day, kind;
};
/* The newest name a repo had in an hour (from any kind of event), and when. */
struct sw_gha_name {
	int64_t repo_id, seen_at;
	const char *name;         /* not NUL-terminated; owned by the hour */
	size_t len;
};
/* What an hour file was: its name, hour key (hours since the epoch for
 * "YYYY-MM-DD-H.json[.gz]"), gzip CRC-32 of the file, bytes read and
 * inflated, lines that were events, malformed lines, truncated gzip. */
struct sw_gha_hour_info {
	const char *name;
	int64_t hkey;
	uint32_t crc;
	int64_t bytes, json_bytes, events, malformed;
	bool truncated;
};
/* One hour read into memory; reused from file to file (its buffers stay).
 * Free with sw_gha_hour_free (NULL ok). One thread at a time. */
struct sw_gha_hour;
sw_err sw_gha_hour_new(struct sw_gha_hour **out, struct sw_error *err) SW_MUST_CHECK;
void sw_gha_hour_free(struct sw_gha_hour *h);
/* How an hour is read: SW_GHA_READ_STRICT checks every byte (RFC 8259);
 * SW_GHA_READ_TWO_THREADS inflates on a second thread while this one
 * extracts (for a caller with a core to spare: sw_gha_thread_plan). */
enum { SW_GHA_READ_STRICT = 1u << 0, SW_GHA_READ_TWO_THREADS = 1u << 1 };
/* Read an hour file (gzip or plain JSON lines) into h: every repo's counted
 * events, names, malformed lines. A truncated gzip keeps what came before
 * the damage (info.truncated). flags: SW_GHA_READ_*. */
sw_err sw_gha_hour_read(struct sw_gha_hour *h, const char *path, unsigned flags, struct sw_error *err) SW_MUST_CHECK;
/* The CRC-32 of a file without reading its events (to skip a loaded hour). */
sw_err sw_gha_hour_crc(struct sw_gha_hour *h, const char *path, uint32_t *crc, struct sw_error *err) SW_MUST_CHECK;
void sw_gha_hour_info(const struct sw_gha_hour *h, struct sw_gha_hour_info *out);
/* The kept events (owned by h, valid until the next read). */
const struct sw_gha_row *sw_gha_hour_rows(const struct sw_gha_hour *h, size_t *n);
/* The names, one per repo: start with *i = 0, call while it returns true. */
bool sw_gha_hour_name(const struct sw_gha_hour *h, size_t *i, struct sw_gha_name *out);
/* Malformed line i (the first 1000 of an hour are kept); false past the end. */
bool sw_gha_hour_malformed(const struct sw_gha_hour *h, size_t i, int64_t *line, const char **why);
/* The hour files among paths (files, or directories' *.json / *.json.gz),
 * sorted and each once; with shard_n > 0 only hours whose key % shard_n ==
 * shard_i - 1. Free with sw_gha_hour_files_free. */
sw_err sw_gha_hour_files(const char *const *paths, size_t npaths, int shard_i, int shard_n, char ***files,
			 size_t *nfiles, struct sw_error *err) SW_MUST_CHECK;
void sw_gha_hour_files_free(char **files, size_t n);
/* How `threads` (<= 0: 1) are spent on nfiles hour files, the one rule of
 * scan and load: a worker per file (at most SW_THREAD_MAX), and when the
 * threads are at least twice the workers, a second thread inflating for
 * each (two_threads). The workers run with sw_thread_run and stop on
 * their first error with sw_thread_first_error_set (core). */
struct sw_gha_thread_plan {
	int workers;
	bool two_threads;
};
struct sw_gha_thread_plan sw_gha_thread_plan(int threads, size_t nfiles);

/* ---- scanning ---- */
struct sw_gha_scan_opts {
	bool all_repos;           /* keep every repo, not only those in the store */
	int threads;              /* threads (<= 0: 1): a worker per file, and when at least
				   * twice as many as the workers, a second one inflating for each */
	int shard_i, shard_n;     /* process only hours with hour % shard_n == shard_i - 1 (n 0: all) */
	struct sw_store *tracked_from; /* tracked repos come from here (NULL: the target store) */
	bool quiet;               /* no progress line */
	bool strict;              /* validate every byte of every line (sw_gha_json_extract_strict) */
};
struct sw_gha_scan_stats {
	uint64_t files, skipped, events, kept, malformed, truncated, bytes_in, bytes_out;
	uint64_t tracked;         /* tracked names + ids matched against (0 with all_repos) */
};
/* Scan paths (files, or directories whose *.json[.gz] files are scanned in
 * name order) into the store `s`. Files already ingested with the same name
 * and checksum are skipped. Each hour is one transaction. */
sw_err sw_gha_scan(struct sw_store *s, const char *const *paths, size_t npaths,
		   const struct sw_gha_scan_opts *opts, struct sw_gha_scan_stats *stats,
		   struct sw_error *err) SW_MUST_CHECK;

/* Merge partial result stores (written by a scan, e.g. with --shard) into s:
 * set union of events, hours, malformed lines; newest repo name wins. */
sw_err sw_gha_merge(struct sw_store *s, const char *partial_path, struct sw_error *err) SW_MUST_CHECK;

/* ---- series ---- */
/* A repo's dense daily series from its first to its last event day. */
struct sw_gha_series {
	int64_t repo_id;          /* GitHub repo id */
	char *name;               /* newest owner/name seen */
	size_t n;
	int64_t *day;             /* days since 1970-01-01 (UTC) */
	int64_t *stars, *forks, *pushes, *commits, *prs_opened, *prs_merged, *issues_opened,
		*releases, *contributors, *new_stargazers;
	/* Cumulative stars at the end of each day: the event count, anchored on
	 * the store's API snapshots when there are any (see docs/gharchive.md). */
	int64_t *cum_stars;
	bool anchored;            /* cum_stars uses snapshots */
	int64_t gap_hours;        /* missing/truncated/low hours inside the span */
};
void sw_gha_series_release(struct sw_gha_series *ser);
/* repo: "owner/name" (newest or a store alias) or a numeric GitHub id. */
/* True when the store holds events of at least one scanned hour (a cheap
 * test before asking for many repos' series). */
bool sw_gha_has_events(struct sw_store *s);
sw_err sw_gha_repo_series(struct sw_store *s, const char *repo, struct sw_gha_series *out,
			  struct sw_error *err) SW_MUST_CHECK;
/* A repo's dense series as a table: the export columns plus
 * stars_cumulative (anchored when ser->anchored), every day of the span,
 * with notes on anchoring and gap hours. Caller frees *out. */
sw_err sw_gha_series_table(const struct sw_gha_series *ser, struct sw_table **out,
			   struct sw_error *err) SW_MUST_CHECK;
/* The export table: repo,date,stars,forks,pushes,commits,prs_opened,
 * prs_merged,issues_opened,releases,contributors,new_stargazers; one row per
 * repo and day with events; repo NULL: all repos (sorted by name, date). */
sw_err sw_gha_export_series(struct sw_store *s, const char *repo, struct sw_table **out,
			    struct sw_error *err) SW_MUST_CHECK;

/* ---- series computed elsewhere (gharchive pull) ---- */
#define SW_GHA_NCOLS 10
/* One repo-day: the export columns stars, forks, pushes, commits,
 * prs_opened, prs_merged, issues_opened, releases, contributors,
 * new_stargazers, in that order. */
struct sw_gha_day {
	int64_t day;              /* days since 1970-01-01 */
	int64_t v[SW_GHA_NCOLS];
};
/* Store a repo's whole series as computed elsewhere: it replaces the
 * repo's pulled days and, from then on, what its scanned events would give
 * (series, export, report and anchoring read the pulled days). Joins the
 * caller's transaction. */
sw_err sw_gha_put_series(struct sw_store *s, int64_t repo_id, const struct sw_gha_day *days, size_t n,
			 const char *source, int64_t now, struct sw_error *err) SW_MUST_CHECK;
/* A repo name seen at seen_at (the newest one wins, ties to the larger name). */
sw_err sw_gha_put_name(struct sw_store *s, int64_t repo_id, const char *name, int64_t seen_at,
		       struct sw_error *err) SW_MUST_CHECK;
/* An hour known elsewhere and a malformed line of it, for gaps and hours;
 * an hour scanned here keeps its own row. */
sw_err sw_gha_put_hour(struct sw_store *s, const struct sw_gha_hour_info *h, const char *source,
		       struct sw_error *err) SW_MUST_CHECK;
sw_err sw_gha_put_malformed(struct sw_store *s, int64_t hkey, int64_t line, const char *reason,
			    struct sw_error *err) SW_MUST_CHECK;

/* ---- data quality ---- */
/* Table of problems: kind (missing, truncated, malformed, low, underreported),
 * hour, file, line, detail. A "low" hour has fewer than half the median
 * events of the up to 12 present hours on each side. */
sw_err sw_gha_gaps(struct sw_store *s, struct sw_table **out, struct sw_error *err) SW_MUST_CHECK;
/* Hours scanned: name, hour, events, malformed, status. */
sw_err sw_gha_hours(struct sw_store *s, struct sw_table **out, struct sw_error *err) SW_MUST_CHECK;

/* ---- generator (lib/gharchive/generate.c) ---- */
struct sw_gha_gen_opts {
	int hours;                /* number of hourly files */
	int64_t start;            /* unix time of the first hour (0: 2024-01-01T00) */
	uint64_t seed;
	int events_per_hour;      /* mean (0: 20000) */
	int repos;                /* repo population (0: 5000) */
	bool quirks;              /* renames, dups, bots, huge pushes, unicode, malformed, truncated */
	bool realistic;           /* kinds, payloads, sizes and text of the real 2021 archive
				   * (repos default to 1,000,000; the 2013 key order is left out) */
};
/* Write DIR/YYYY-MM-DD-H.json.gz files plus DIR/truth.tsv: one line per
 * counted event that a correct scan must keep
 * (id, repo_id, repo_name, created_at, type, action, merged, actor_id,
 * actor_login, size, distinct_size), deduplicated. */
sw_err sw_gha_generate(const char *dir, const struct sw_gha_gen_opts *opts, struct sw_error *err) SW_MUST_CHECK;

#endif
