/* scan.c: scanning GH Archive hours into the store.
 *
 * One worker thread per file at a time reads the hour (hour.c), keeping the
 * counted events of tracked repos, then writes it under the store mutex in
 * one transaction together with the hour's row, so an hour is either fully
 * ingested or not at all. Rows are keyed by (repo, day, event id) (INSERT
 * OR IGNORE), which makes duplicates across hours, reruns and merges exact.
 * Memory per worker: one hour object (hour.c). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "gharchive_int.h"
#include "stackwatch/gharchive.h"
#include "stackwatch/core.h"
#include "core/core_int.h"

/* The tracked repos: GitHub ids and lower-case names (current + aliases).
 * Read-only while workers run. Open addressing, power-of-two sizes. */
struct tracked {
	int64_t *ids;
	size_t nid_slots;
	char **names;        /* folded names, NUL-terminated */
	size_t nname_slots, nnames;
};

static void tracked_release(struct tracked *t)
{
	if (t->names)
		for (size_t i = 0; i < t->nname_slots; i++)
			free(t->names[i]);
	free(t->names);
	free(t->ids);
	memset(t, 0, sizeof *t);
}

/* Case folding for repo names: OR 0x20 into every byte. On GitHub's name
 * alphabet [A-Za-z0-9._-/] this maps A-Z to a-z, keeps the rest distinct
 * ('_' becomes 0x7f, which names cannot contain), and works 8 bytes at a
 * time. Hash and compare both use folded bytes. */
#define FOLD_MAX 256
static uint64_t fold_hash(const char *name, size_t n, char out[FOLD_MAX])
{
	uint64_t h = n * 0x9e3779b97f4a7c15ull;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, name + i, 8);
		w |= 0x2020202020202020ull;
		memcpy(out + i, &w, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
		h ^= h >> 29;
	}
	if (i < n) {
		uint64_t w = 0;
		for (size_t k = 0; i + k < n; k++)
			w |= (uint64_t)(unsigned char)(name[i + k] | 0x20) << (8 * k);
		memcpy(out + i, &w, n - i);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
		h ^= h >> 29;
	}
	return gha_mix64(h);
}

/* Table sizes for the tracked repos and their aliases: power-of-two slots,
 * at most half full. */
static sw_err tracked_alloc(struct sw_store *s, struct tracked *t, struct sw_error *err)
{
	int64_t nrows = 0;
	sqlite3_stmt *st;
	sw_err e = store_prepare(s, "SELECT (SELECT count(*) FROM repos) + (SELECT count(*) FROM repo_aliases)",
				    &st, err);
	if (e)
		return e;
	if (sqlite3_step(st) == SQLITE_ROW)
		nrows = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	size_t slots = 64;
	while (slots < (size_t)nrows * 2 + 2)
		slots <<= 1;
	t->nid_slots = t->nname_slots = slots;
	t->ids = calloc(slots, sizeof *t->ids);
	t->names = calloc(slots, sizeof *t->names);
	if (!t->ids || !t->names)
		return sw_error_set(err, SW_ENOMEM, "tracked repo set: out of memory");
	return SW_OK;
}

static void tracked_add_id(struct tracked *t, int64_t gid)
{
	size_t i = gha_mix64((uint64_t)gid) & (t->nid_slots - 1);
	while (t->ids[i] && t->ids[i] != gid)
		i = (i + 1) & (t->nid_slots - 1);
	t->ids[i] = gid;
}

/* A name (folded); false when out of memory. Names too long for a repo
 * are left out. */
static bool tracked_add_name(struct tracked *t, const char *nm)
{
	size_t nl = strlen(nm);
	if (nl >= FOLD_MAX)
		return true;
	char *l = calloc(1, FOLD_MAX);
	if (!l)
		return false;
	size_t i = fold_hash(nm, nl, l) & (t->nname_slots - 1);
	t->nnames++;
	while (t->names[i] && strcmp(t->names[i], l))
		i = (i + 1) & (t->nname_slots - 1);
	if (t->names[i])
		free(l);
	else
		t->names[i] = l;
	return true;
}

static sw_err tracked_load(struct sw_store *s, struct tracked *t, struct sw_error *err)
{
	sw_err e = tracked_alloc(s, t, err);
	if (e)
		return e;
	sqlite3_stmt *st;
	e = store_prepare(s, "SELECT github_id, owner || '/' || name FROM repos WHERE state = 'tracked'"
				" UNION ALL SELECT r.github_id, a.owner || '/' || a.name FROM repo_aliases a"
				" JOIN repos r ON r.id = a.repo_id WHERE r.state = 'tracked'",
			     &st, err);
	if (e) {
		/* Older core schema without aliases: fall back to current names. */
		e = store_prepare(s, "SELECT github_id, owner || '/' || name FROM repos WHERE state = 'tracked'",
				     &st, err);
		if (e)
			return e;
	}
	while (!e && sqlite3_step(st) == SQLITE_ROW) {
		int64_t gid = sqlite3_column_int64(st, 0);
		if (gid > 0)
			tracked_add_id(t, gid);
		const char *nm = (const char *)sqlite3_column_text(st, 1);
		if (nm && !tracked_add_name(t, nm))
			e = sw_error_set(err, SW_ENOMEM, "tracked repo set: out of memory");
	}
	sqlite3_finalize(st);
	return e;
}

static bool tracked_id(const struct tracked *t, int64_t id)
{
	if (!t->ids || id <= 0)
		return false;
	size_t i = gha_mix64((uint64_t)id) & (t->nid_slots - 1);
	while (t->ids[i]) {
		if (t->ids[i] == id)
			return true;
		i = (i + 1) & (t->nid_slots - 1);
	}
	return false;
}

static bool tracked_name(const struct tracked *t, const char *name, size_t n)
{
	char l[FOLD_MAX];
	if (!t->nnames || n == 0 || n >= FOLD_MAX)
		return false;
	size_t i = fold_hash(name, n, l) & (t->nname_slots - 1);
	while (t->names[i]) {
		if (!memcmp(t->names[i], l, n) && !t->names[i][n])
			return true;
		i = (i + 1) & (t->nname_slots - 1);
	}
	return false;
}

struct scan_ctx {
	struct sw_store *s;
	const struct sw_gha_scan_opts *opts;
	struct tracked tracked;
	char **files;
	size_t nfiles;
	atomic_size_t next;
	pthread_mutex_t mu;
	struct sw_gha_scan_stats stats;
	struct sw_progress prog;
	uint64_t done_files;
	bool two_threads;      /* each worker reads with a second thread inflating */
	struct sw_thread_first_error fail; /* the first error; its stop flag ends every worker */
};

/* Is the event's repo one we keep (by GitHub id, else by name)? */
static bool tracked_event(void *ud, const struct sw_gha_event *ev)
{
	const struct scan_ctx *cx = ud;
	if (tracked_id(&cx->tracked, ev->repo_id))
		return true;
	if (!ev->repo_owner)
		return tracked_name(&cx->tracked, ev->repo_name, ev->repo_name_len);
	char full[300];
	size_t n;
	return gha_full_name(ev->repo_owner, ev->repo_owner_len, ev->repo_name, ev->repo_name_len, full, sizeof full, &n) &&
	       tracked_name(&cx->tracked, full, n);
}

static int cmp_row(const void *a, const void *b)
{
	const struct sw_gha_row *x = a, *y = b;
	if (x->repo_id != y->repo_id)
		return x->repo_id < y->repo_id ? -1 : 1;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

/* ------------------------------------------------------------ workers */
/* Under cx->mu: one more file done (progress line). */
static void file_done(struct scan_ctx *cx)
{
	sw_progress_update(&cx->prog, ++cx->done_files);
}

/* Is file i already ingested with the same checksum? Then it is skipped
 * (1); with another checksum it is re-ingested (0, h->reingest); -1 on a
 * read error (err set). */
static int hour_unchanged(struct scan_ctx *cx, struct sw_gha_hour *h, struct sw_error *err)
{
	int64_t old_crc = 0;
	pthread_mutex_lock(&cx->mu);
	int known = gha_hour_known(cx->s, h->name, &old_crc);
	pthread_mutex_unlock(&cx->mu);
	if (!known)
		return 0;
	uint32_t crc = 0;
	sw_err e = gha_file_crc(h->path, h->in, &crc, err);
	if (e) {
		sw_thread_first_error_set(&cx->fail, e, err);
		return -1;
	}
	if (crc != (uint32_t)old_crc) {
		h->reingest = true;
		return 0;
	}
	pthread_mutex_lock(&cx->mu);
	cx->stats.skipped++;
	file_done(cx);
	pthread_mutex_unlock(&cx->mu);
	return 1;
}

/* The hour read: its rows and names in key order (outside the lock: B-tree
 * inserts walk the tree in order), then committed and counted under the lock. */
static sw_err hour_store(struct scan_ctx *cx, struct sw_gha_hour *h, struct sw_error *err)
{
	if (h->nrows > 1)
		qsort(h->rows, h->nrows, sizeof *h->rows, cmp_row);
	gha_hour_sort_repos(h);
	pthread_mutex_lock(&cx->mu);
	sw_err e = gha_hour_commit(cx->s, h, err);
	if (!e) {
		cx->stats.files++;
		cx->stats.events += (uint64_t)h->events;
		cx->stats.kept += h->nrows;
		cx->stats.malformed += (uint64_t)h->malformed;
		cx->stats.truncated += h->truncated;
		cx->stats.bytes_in += (uint64_t)h->bytes;
		cx->stats.bytes_out += (uint64_t)h->out_bytes;
		file_done(cx);
	}
	pthread_mutex_unlock(&cx->mu);
	return e;
}

/* One file: skipped when unchanged, else read and stored. false: stop. */
static bool scan_file(struct scan_ctx *cx, struct sw_gha_hour *h, const char *path, struct sw_error *err)
{
	gha_hour_start(h, path);
	int skip = hour_unchanged(cx, h, err);
	if (skip)
		return skip > 0;
	struct gha_read rc = {.strict = cx->opts->strict, .two_threads = cx->two_threads,
			      .keep = cx->opts->all_repos ? NULL : tracked_event, .ud = cx, .stop = &cx->fail.stop};
	sw_err e = gha_hour_read(&rc, h, err);
	if (!e && atomic_load(&cx->fail.stop))
		return false;
	if (!e)
		e = hour_store(cx, h, err);
	if (e) {
		sw_thread_first_error_set(&cx->fail, e, err);
		return false;
	}
	return true;
}

/* A worker takes the next file until none is left or the scan stops. */
static void *worker(void *arg)
{
	struct scan_ctx *cx = arg;
	struct sw_gha_hour *h = NULL;
	struct sw_error err = {0};
	sw_err e = sw_gha_hour_new(&h, &err);
	if (e)
		sw_thread_first_error_set(&cx->fail, e, &err);
	for (size_t i; !e && !atomic_load(&cx->fail.stop) && (i = atomic_fetch_add(&cx->next, 1)) < cx->nfiles;)
		if (!scan_file(cx, h, cx->files[i], &err))
			break;
	sw_gha_hour_free(h);
	return NULL;
}

/* The files over opts->threads workers (this thread one of them), with a
 * progress line; the first error any of them met. */
static sw_err run_workers(struct scan_ctx *cx, struct sw_error *err)
{
	const struct sw_gha_scan_opts *opts = cx->opts;
	/* A larger page cache keeps index inserts of big hours in memory. */
	if (store_exec(cx->s, "PRAGMA cache_size=-65536", NULL)) {
		/* only a speed hint */
	}
	struct sw_gha_thread_plan plan = sw_gha_thread_plan(opts->threads, cx->nfiles);
	cx->two_threads = plan.two_threads;
	sw_progress_init(&cx->prog, stderr, "hours", cx->nfiles);
	if (opts->quiet)
		cx->prog.enabled = false;
	sw_thread_run(plan.workers, worker, cx);
	sw_progress_finish(&cx->prog);
	if (cx->fail.code && err)
		*err = cx->fail.err;
	return cx->fail.code;
}

sw_err sw_gha_scan(struct sw_store *s, const char *const *paths, size_t npaths,
		   const struct sw_gha_scan_opts *opts, struct sw_gha_scan_stats *stats, struct sw_error *err)
{
	struct sw_gha_scan_opts def = {0};
	if (!opts)
		opts = &def;
	sw_err e = SW_OK;
	struct scan_ctx *cx = calloc(1, sizeof *cx);
	if (!cx)
		return sw_error_set(err, SW_ENOMEM, "gharchive scan: out of memory");
	cx->s = s;
	cx->opts = opts;
	pthread_mutex_init(&cx->mu, NULL);
	if (!opts->all_repos)
		e = tracked_load(opts->tracked_from ? opts->tracked_from : s, &cx->tracked, err);
	if (!e)
		e = sw_gha_hour_files(paths, npaths, opts->shard_i, opts->shard_n, &cx->files, &cx->nfiles, err);
	if (!e)
		e = run_workers(cx, err);
	if (stats) {
		*stats = cx->stats;
		stats->tracked = cx->tracked.nnames;
	}
	sw_gha_hour_files_free(cx->files, cx->nfiles);
	tracked_release(&cx->tracked);
	pthread_mutex_destroy(&cx->mu);
	free(cx);
	return e;
}
