/* clickhouse.h: the GH Archive on ClickHouse, the scale-out path.
 *
 * sw_ch_load reads hour files exactly as `gharchive scan` does (every repo)
 * and streams their counted events, repo names, malformed lines and the
 * hour's own row into one server's tables over HTTP (gzip-compressed
 * TabSeparated). Many loads may run at once, on many machines, into one
 * server or several. sw_ch_pull computes repos' daily series inside
 * ClickHouse (one aggregation per batch of repos, over a whole cluster when
 * one is named) and stores them in the local store, where export series,
 * the report, anchoring, gaps and the web read them as if scanned.
 *
 * Exactness (docs/scale.md): each load of an hour has a random load id; the
 * hour's row in gha_hours, written last, publishes it. Reads count only
 * the newest published load of each hour, and an event seen twice (GH
 * Archive repeats events across hour boundaries; two shards may each hold
 * one) counts once: rows are deduplicated by (repo, day, event id).
 *
 * Credentials: the user and password come from the options (never from
 * the URL, which is refused when it holds them); they are sent as HTTP
 * basic authentication and never appear in messages.
 *
 * Ownership: sw_ch_open returns a handle freed by sw_ch_free (NULL ok);
 * one handle may be used by one thread at a time (a load's workers open
 * their own connections from it). */
#ifndef STACKWATCH_CLICKHOUSE_H
#define STACKWATCH_CLICKHOUSE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stackwatch/core.h"

#define SW_CH_DEFAULT_DATABASE "stackwatch"

struct sw_ch_opts {
	const char *url;        /* http://HOST:PORT[/DATABASE] (https too) */
	const char *user;       /* NULL: the server's default user */
	const char *password;   /* NULL: none */
	long timeout_s;         /* one query at most this long (0: 600) */
	long connect_timeout_s; /* 0: 10 */
	bool existing;          /* only read: the database must exist with stackwatch's tables (pull) */
};

struct sw_ch;
/* Check the URL, reach the server (it must answer as ClickHouse), create the
 * database when missing and bring stackwatch's tables there to their newest
 * version (a schema_version table of its own; a newer one is refused).
 * With o->existing nothing is created: a missing database or tables older
 * than this stackwatch is an error (SW_ENOTFOUND / SW_ESCHEMA). */
sw_err sw_ch_open(const struct sw_ch_opts *o, struct sw_ch **out, struct sw_error *err) SW_MUST_CHECK;
void sw_ch_free(struct sw_ch *c);
/* "http://HOST:PORT/DATABASE" of the handle (no credentials), for messages. */
const char *sw_ch_where(const struct sw_ch *c);

/* ---- load ---- */
struct sw_ch_load_opts {
	int threads;              /* hours read at once (<= 0: 1); sw_gha_thread_plan spends them */
	int shard_i, shard_n;     /* only hours whose key % shard_n == shard_i - 1 (n 0: all) */
	bool strict;              /* every byte of every line checked */
	bool quiet;               /* no progress line */
	size_t batch_rows;        /* events per INSERT (0: 200,000) */
	volatile sig_atomic_t *stop; /* set (by a signal): stop after the current hours; rerun to finish */
};
struct sw_ch_load_stats {
	uint64_t files, skipped, events, kept, malformed, truncated, bytes_in, bytes_out;
	uint64_t inserts;         /* INSERT requests sent */
	uint64_t bytes_sent;      /* compressed request bytes */
};
/* Load the hour files among paths (files or directories, as for scan) that
 * the server does not hold yet with the same checksum. An hour is published
 * only after all its rows are in; a failure names the hour, and a rerun
 * loads what is missing (no duplicate, no missing event). */
sw_err sw_ch_load(struct sw_ch *c, const char *const *paths, size_t npaths, const struct sw_ch_load_opts *o,
		  struct sw_ch_load_stats *stats, struct sw_error *err) SW_MUST_CHECK;

/* ---- pull ---- */
struct sw_ch_pull_opts {
	const char *cluster;      /* read the whole cluster of this name (server config), NULL: this server */
	bool all_repos;           /* every repo the archive holds */
	const char *const *repos; /* these (OWNER/NAME or numeric GitHub id); with neither: the store's tracked repos */
	size_t nrepos;
	size_t batch;             /* repos per aggregation (0: 500) */
	bool quiet;
	volatile sig_atomic_t *stop;
};
struct sw_ch_pull_stats {
	uint64_t asked;           /* repos asked for (tracked repos, --repo items; all: as found) */
	uint64_t found;           /* of those, repo ids the archive knows (by name or id) */
	uint64_t repos;           /* repos with counted events, stored */
	uint64_t days;            /* repo-days stored */
	uint64_t hours;           /* published hours copied (data quality) */
	uint64_t queries;
};
/* Compute the daily series of the repos (the columns and rules of export
 * series) in ClickHouse and store them in s, replacing the series those
 * repos had there, with their newest names and the published hours and
 * malformed lines (for gaps). One transaction per batch. */
sw_err sw_ch_pull(struct sw_ch *c, struct sw_store *s, const struct sw_ch_pull_opts *o,
		  struct sw_ch_pull_stats *stats, struct sw_error *err) SW_MUST_CHECK;

#endif
