/* gharchive_int.h: private pieces of the GH Archive engine shared between
 * its files and the unit tests: the RFC 8259 validator (valid.c, used by
 * json.c's strict walk), row kinds and event mapping (hour.c), one hour
 * read (hour.c builds it; scan.c and store.c use it). */
#ifndef STACKWATCH_GHARCHIVE_INT_H
#define STACKWATCH_GHARCHIVE_INT_H

#include "core/core_int.h"
#include <stdatomic.h>

#include "stackwatch/gharchive.h"

/* ---- RFC 8259 validation, every byte (valid.c) ---- */
#define GHA_JSON_MAX_DEPTH 256 /* deeper nesting is refused */
/* Each takes the bytes [p, e) from a value's first byte and returns the
 * byte after the value, or NULL with *why naming the problem. depth: the
 * nesting level of the container holding the value (0 at top level). */
const char *gha_valid_value(const char *p, const char *e, int depth, const char **why);
const char *gha_valid_string(const char *p, const char *e, const char **why); /* p at '"' */
const char *gha_valid_number(const char *p, const char *e, const char **why);

/* ---- realistic event payloads, the 2021 shape (shapes.c, for generate.c) ---- */
/* splitmix64: the generator's random numbers. */
static inline uint64_t gha_rnd(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}
/* Uniform in [0, 1), and in [0, n) (0 when n <= 0). */
static inline double gha_unif(uint64_t *s)
{
	return (double)(gha_rnd(s) >> 11) / 9007199254740992.0;
}
static inline int64_t gha_below(uint64_t *s, int64_t n)
{
	return n > 0 ? (int64_t)(gha_rnd(s) % (uint64_t)n) : 0;
}
/* One event to write: its kind (gha_shape_pick), repo and actor in; what
 * the payload says that a scan counts out. */
struct gha_shape {
	int kind;
	const char *repo, *login;  /* "owner/name", the actor's login */
	int64_t repo_id, actor_id, ts;
	const char *action;        /* out: "" when the kind has none */
	int merged;                /* out: -1 unless a pull request */
	int64_t size, dsize;       /* out: -1 unless a push */
};
/* A kind drawn with the sample's shares, and its "type" name. */
int gha_shape_pick(uint64_t *rng);
const char *gha_shape_type(int kind);
/* The payload object of ev appended to b. */
sw_err gha_shape_payload(uint64_t *rng, struct sw_buf *b, struct gha_shape *ev) SW_MUST_CHECK;

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

/* ---- one hour read (hour.c fills it; scan.c and store.c, or the
 * ClickHouse load through the public accessors, use it) ---- */

#define GHA_MALFORMED_KEEP 1000 /* malformed lines recorded per hour (all are counted) */

/* The newest name of a repo seen in the hour (open addressing by id). */
struct gha_repo_seen {
	int64_t repo_id;   /* 0 = empty slot */
	int64_t seen_at;
	uint32_t off, len; /* name in the arena */
};
/* A malformed line: its number and why. */
struct gha_bad_line {
	int64_t line;
	const char *why;   /* static string */
};
struct sw_gha_hour {
	char name[256];
	const char *path;
	int64_t hkey;
	uint32_t crc;
	int64_t bytes, out_bytes;
	int64_t events, malformed;
	bool truncated, reingest, oom;
	struct sw_gha_row *rows;
	size_t nrows, arows;
	struct gha_repo_seen *repos;
	size_t nrepos, repo_slots;
	struct sw_buf arena;
	struct gha_bad_line bad[GHA_MALFORMED_KEEP];
	size_t nbad;
	char *in, *buf;    /* read chunk and the buffer of a line cut by a block's end */
	size_t cap;        /* of buf */
	char *blocks;      /* inflated data, NBLOCKS blocks (hour.c) */
};

/* How an hour is read: every byte checked or the fast path, which repos'
 * events are kept (keep NULL: all), a flag that stops the reading, and
 * whether a second thread inflates while this one extracts. */
struct gha_read {
	bool strict;
	bool two_threads;
	bool (*keep)(void *ud, const struct sw_gha_event *ev);
	void *ud;
	atomic_int *stop;
};
/* Forget what h held and name it after path (its hour key too). */
void gha_hour_start(struct sw_gha_hour *h, const char *path);
/* Read h->path into h (after gha_hour_start). */
sw_err gha_hour_read(const struct gha_read *rc, struct sw_gha_hour *h, struct sw_error *err) SW_MUST_CHECK;
/* The hour's names in repo id order, for writing (its lookup by id is gone
 * until the next gha_hour_start). */
void gha_hour_sort_repos(struct sw_gha_hour *h);
/* The CRC-32 (gzip's) of a file, read through buf (1 MiB). */
sw_err gha_file_crc(const char *path, char *buf, uint32_t *crc, struct sw_error *err) SW_MUST_CHECK;
/* "owner/name" (or name alone without owner) into out[0..cap); false if it does not fit. */
bool gha_full_name(const char *owner, size_t olen, const char *name, size_t nlen, char *out, size_t cap,
		   size_t *len);
uint64_t gha_mix64(uint64_t x); /* a 64-bit hash finalizer for the hash sets */

/* The scan calls these two under its store mutex. */

/* Is the hour file `name` ingested? 1 with its checksum in *crc, else 0. */
int gha_hour_known(struct sw_store *s, const char *name, int64_t *crc);

/* Write hour h in one transaction: its kept events, repo names and
 * malformed lines, then its gha_hours row (a re-ingested hour first loses
 * what was kept of it). */
sw_err gha_hour_commit(struct sw_store *s, const struct sw_gha_hour *h, struct sw_error *err) SW_MUST_CHECK;

#endif
