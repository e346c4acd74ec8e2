/* load.c: GH Archive hours into ClickHouse (gharchive load).
 *
 * Workers take hour files in turn. An hour the server already holds with
 * the same checksum is skipped; else it is read exactly as scan reads it
 * (hour.c, every repo) and sent as gzipped TabSeparated INSERTs, all
 * carrying one random load id: its events (in batches), the newest name of
 * each repo, its malformed lines, and last the hour's row in gha_hours,
 * which publishes the load. A load killed before that row is never read;
 * a rerun loads the hour again under a new id. Memory per worker: one hour
 * (hour.c) and one batch of TSV and its gzip. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "clickhouse_int.h"
#include "stackwatch/gharchive.h"

#define BATCH_ROWS 200000

/* An hour the server holds: name and the checksum of its newest load. */
struct held {
	char *name;
	uint32_t crc;
};

struct load_ctx {
	struct sw_ch *c;
	const struct sw_ch_load_opts *o;
	char **files;
	size_t nfiles;
	struct held *held;       /* sorted by name */
	size_t nheld;
	atomic_size_t next;
	atomic_int stop;
	pthread_mutex_t mu;      /* stats, progress, first error */
	struct sw_ch_load_stats stats;
	struct sw_progress prog;
	uint64_t done;
	sw_err first_err;
	struct sw_error err;
};

/* What a worker keeps from hour to hour. */
struct worker {
	struct load_ctx *cx;
	struct ch_conn *k;
	struct sw_gha_hour *h;
	struct sw_buf tsv, gz;
	uint64_t load_id;
	struct sw_ch_load_stats st; /* this worker's share, added at the end */
};

/* ------------------------------------------------------------ held hours */

static int cmp_held(const void *a, const void *b)
{
	return strcmp(((const struct held *)a)->name, ((const struct held *)b)->name);
}

static void held_free(struct load_ctx *cx)
{
	for (size_t i = 0; i < cx->nheld; i++)
		free(cx->held[i].name);
	free(cx->held);
	cx->held = NULL;
	cx->nheld = 0;
}

/* One "name<TAB>crc" line of the answer into the list. */
static sw_err held_line(struct load_ctx *cx, char *line, size_t *alloc)
{
	char *tab = strchr(line, '\t');
	if (!tab)
		return SW_OK;
	*tab = '\0';
	if (!sw_array_grow(&cx->held, alloc, cx->nheld + 1, sizeof *cx->held) ||
	    !(cx->held[cx->nheld].name = strdup(line)))
		return SW_ENOMEM;
	cx->held[cx->nheld++].crc = (uint32_t)strtoul(tab + 1, NULL, 10);
	return SW_OK;
}

/* The hours this server holds, each with the checksum of its newest load. */
static sw_err held_load(struct load_ctx *cx, struct sw_error *err)
{
	struct sw_buf q = SW_BUF_INIT, a = SW_BUF_INIT;
	sw_err e = sw_buf_printf(&q, "SELECT name, argMax(crc, (loaded_ms, load_id)) FROM %s.gha_hours GROUP BY name"
				     " FORMAT TabSeparated", cx->c->db);
	if (!e)
		e = ch_query(cx->c->conn, q.data, NULL, 0, false, &a, err);
	size_t alloc = 0;
	for (char *p = a.data, *nl; !e && p && *p; p = nl + 1) {
		if (!(nl = strchr(p, '\n')))
			break;
		*nl = '\0';
		if ((e = held_line(cx, p, &alloc)))
			e = sw_error_set(err, e, "out of memory");
	}
	sw_buf_release(&q);
	sw_buf_release(&a);
	if (!e && cx->nheld > 1)
		qsort(cx->held, cx->nheld, sizeof *cx->held, cmp_held);
	return e;
}

static const struct held *held_find(const struct load_ctx *cx, const char *name)
{
	struct held key = {(char *)name, 0};
	return cx->nheld ? bsearch(&key, cx->held, cx->nheld, sizeof *cx->held, cmp_held) : NULL;
}

/* ------------------------------------------------------------ sending */

/* INSERT the TSV in w->tsv into table (gzipped), then empty it. */
static sw_err send_tsv(struct worker *w, const char *table, struct sw_error *err)
{
	if (!w->tsv.len)
		return SW_OK;
	char sql[160];
	snprintf(sql, sizeof sql, "INSERT INTO %s.%s FORMAT TabSeparated", w->cx->c->db, table);
	sw_err e = ch_gzip(w->tsv.data, w->tsv.len, &w->gz, err);
	if (!e)
		e = ch_query(w->k, sql, w->gz.data, w->gz.len, true, NULL, err);
	if (!e) {
		w->st.inserts++;
		w->st.bytes_sent += w->gz.len;
	}
	sw_buf_reset(&w->tsv);
	return e;
}

/* "YYYY-MM-DD" of a day number, remembered: an hour's events share a day. */
static const char *day_text(int32_t day, int32_t *last, char text[32])
{
	if (day != *last) {
		sw_time_format_date((int64_t)day * 86400, text);
		*last = day;
	}
	return text;
}

static sw_err send_events(struct worker *w, const struct sw_gha_hour_info *hi, struct sw_error *err)
{
	size_t n, batch = w->cx->o->batch_rows ? w->cx->o->batch_rows : BATCH_ROWS;
	const struct sw_gha_row *r = sw_gha_hour_rows(w->h, &n);
	int32_t last = INT32_MIN;
	char date[32];
	sw_err e = SW_OK;
	for (size_t i = 0; !e && i < n; i++) {
		if (r[i].day < 0 || r[i].day > 65535) /* outside ClickHouse's Date: no GH Archive event is */
			continue;
		e = sw_buf_printf(&w->tsv, "%llu\t%lld\t%lld\t%s\t%lld\t%d\t%lld\t%lld\n", (unsigned long long)w->load_id,
				  (long long)hi->hkey, (long long)r[i].repo_id, day_text(r[i].day, &last, date),
				  (long long)r[i].id, (int)r[i].kind, (long long)r[i].actor, (long long)r[i].n);
		if (e)
			e = sw_error_set(err, e, "out of memory");
		else if ((i + 1) % batch == 0)
			e = send_tsv(w, "gha_events", err);
	}
	return e ? e : send_tsv(w, "gha_events", err);
}

static sw_err send_names(struct worker *w, const struct sw_gha_hour_info *hi, struct sw_error *err)
{
	struct sw_gha_name nm;
	sw_err e = SW_OK;
	for (size_t it = 0; !e && sw_gha_hour_name(w->h, &it, &nm);) {
		e = sw_buf_printf(&w->tsv, "%llu\t%lld\t%lld\t", (unsigned long long)w->load_id, (long long)hi->hkey,
				  (long long)nm.repo_id);
		if (!e)
			e = ch_tsv_str(&w->tsv, nm.name, nm.len);
		if (!e)
			e = sw_buf_printf(&w->tsv, "\t%lld\n", (long long)nm.seen_at);
	}
	return e ? sw_error_set(err, e, "out of memory") : send_tsv(w, "gha_names", err);
}

static sw_err send_malformed(struct worker *w, const struct sw_gha_hour_info *hi, struct sw_error *err)
{
	int64_t line;
	const char *why;
	sw_err e = SW_OK;
	for (size_t i = 0; !e && sw_gha_hour_malformed(w->h, i, &line, &why); i++) {
		e = sw_buf_printf(&w->tsv, "%llu\t%lld\t%lld\t", (unsigned long long)w->load_id, (long long)hi->hkey,
				  (long long)line);
		if (!e)
			e = ch_tsv_str(&w->tsv, why, strlen(why));
		if (!e)
			e = sw_buf_putc(&w->tsv, '\n');
	}
	return e ? sw_error_set(err, e, "out of memory") : send_tsv(w, "gha_malformed", err);
}

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* The hour's row, last: from now on this load of the hour is read. */
static sw_err publish(struct worker *w, const struct sw_gha_hour_info *hi, struct sw_error *err)
{
	sw_err e = ch_tsv_str(&w->tsv, hi->name, strlen(hi->name));
	if (!e)
		e = sw_buf_printf(&w->tsv, "\t%lld\t%u\t%lld\t%lld\t%lld\t%lld\t%d\t%llu\t%llu\n", (long long)hi->hkey,
				  hi->crc, (long long)hi->bytes, (long long)hi->json_bytes, (long long)hi->events,
				  (long long)hi->malformed, hi->truncated ? 1 : 0, (unsigned long long)w->load_id,
				  (unsigned long long)now_ms());
	return e ? sw_error_set(err, e, "out of memory") : send_tsv(w, "gha_hours", err);
}

/* ------------------------------------------------------------ one hour */

static sw_err new_load_id(uint64_t *id, struct sw_error *err)
{
	do {
		if (getrandom(id, sizeof *id, 0) != (ssize_t)sizeof *id)
			return sw_error_set(err, SW_EIO, "cannot read random bytes for a load id");
	} while (!*id);
	return SW_OK;
}

/* Is the hour held with the same checksum? Then it is skipped. */
static sw_err unchanged(struct worker *w, const char *path, bool *skip, struct sw_error *err)
{
	const char *base = strrchr(path, '/');
	const struct held *hd = held_find(w->cx, base ? base + 1 : path);
	*skip = false;
	if (!hd)
		return SW_OK;
	uint32_t crc;
	sw_err e = sw_gha_hour_crc(w->h, path, &crc, err);
	*skip = !e && crc == hd->crc;
	return e;
}

static void count_hour(struct worker *w, const struct sw_gha_hour_info *hi)
{
	size_t n;
	sw_gha_hour_rows(w->h, &n);
	w->st.files++;
	w->st.events += (uint64_t)hi->events;
	w->st.kept += n;
	w->st.malformed += (uint64_t)hi->malformed;
	w->st.truncated += hi->truncated;
	w->st.bytes_in += (uint64_t)hi->bytes;
	w->st.bytes_out += (uint64_t)hi->json_bytes;
}

/* Load one hour file; on failure the error names the hour. */
static sw_err load_hour(struct worker *w, const char *path, struct sw_error *err)
{
	bool skip;
	sw_err e = unchanged(w, path, &skip, err);
	if (!e && skip) {
		w->st.skipped++;
		return SW_OK;
	}
	struct sw_gha_hour_info hi;
	if (!e)
		e = sw_gha_hour_read(w->h, path, w->cx->o->strict, err);
	sw_gha_hour_info(w->h, &hi);
	if (!e)
		e = new_load_id(&w->load_id, err);
	sw_buf_reset(&w->tsv);
	if (!e)
		e = send_events(w, &hi, err);
	if (!e)
		e = send_names(w, &hi, err);
	if (!e)
		e = send_malformed(w, &hi, err);
	if (!e)
		e = publish(w, &hi, err);
	if (e && err) {
		char msg[SW_ERRMSG_MAX];
		snprintf(msg, sizeof msg, "%s", err->msg);
		sw_error_set(err, e, "loading hour %s: %s", hi.name[0] ? hi.name : path, msg);
	}
	if (!e)
		count_hour(w, &hi);
	return e;
}

/* ------------------------------------------------------------ workers */

static void fail(struct load_ctx *cx, sw_err e, const struct sw_error *err)
{
	pthread_mutex_lock(&cx->mu);
	if (!cx->first_err) {
		cx->first_err = e;
		cx->err = *err;
	}
	pthread_mutex_unlock(&cx->mu);
	atomic_store(&cx->stop, 1);
}

static bool stopping(struct load_ctx *cx)
{
	return atomic_load(&cx->stop) || (cx->o->stop && *cx->o->stop);
}

static void worker_done(struct worker *w)
{
	struct load_ctx *cx = w->cx;
	pthread_mutex_lock(&cx->mu);
	struct sw_ch_load_stats *t = &cx->stats;
	t->files += w->st.files;
	t->skipped += w->st.skipped;
	t->events += w->st.events;
	t->kept += w->st.kept;
	t->malformed += w->st.malformed;
	t->truncated += w->st.truncated;
	t->bytes_in += w->st.bytes_in;
	t->bytes_out += w->st.bytes_out;
	t->inserts += w->st.inserts;
	t->bytes_sent += w->st.bytes_sent;
	pthread_mutex_unlock(&cx->mu);
	ch_conn_free(w->k);
	sw_gha_hour_free(w->h);
	sw_buf_release(&w->tsv);
	sw_buf_release(&w->gz);
}

static void *run_worker(void *arg)
{
	struct worker w = {.cx = arg};
	struct load_ctx *cx = w.cx;
	struct sw_error err = {0};
	sw_buf_init(&w.tsv, (size_t)1 << 30);
	sw_buf_init(&w.gz, (size_t)1 << 30);
	sw_err e = ch_conn_open(cx->c, &w.k, &err);
	if (!e)
		e = sw_gha_hour_new(&w.h, &err);
	for (size_t i; !e && !stopping(cx) && (i = atomic_fetch_add(&cx->next, 1)) < cx->nfiles;) {
		e = load_hour(&w, cx->files[i], &err);
		pthread_mutex_lock(&cx->mu);
		if (!e)
			sw_progress_update(&cx->prog, ++cx->done);
		pthread_mutex_unlock(&cx->mu);
	}
	if (e)
		fail(cx, e, &err);
	worker_done(&w);
	return NULL;
}

static sw_err run_workers(struct load_ctx *cx, struct sw_error *err)
{
	int nt = cx->o->threads > 0 ? cx->o->threads : 1;
	if (nt > 64)
		nt = 64;
	if ((size_t)nt > cx->nfiles)
		nt = cx->nfiles ? (int)cx->nfiles : 1;
	sw_progress_init(&cx->prog, stderr, "hours", cx->nfiles);
	if (cx->o->quiet)
		cx->prog.enabled = false;
	pthread_t th[64];
	int started = 0;
	for (int i = 1; i < nt && !pthread_create(&th[i], NULL, run_worker, cx); i++)
		started = i;
	run_worker(cx);
	for (int i = 1; i <= started; i++)
		pthread_join(th[i], NULL);
	sw_progress_finish(&cx->prog);
	if (cx->first_err) {
		*err = cx->err;
		return cx->first_err;
	}
	if (cx->o->stop && *cx->o->stop && atomic_load(&cx->next) < cx->nfiles)
		return sw_error_set(err, SW_EINTERRUPTED, "gharchive load interrupted: %llu hour(s) loaded; rerun to finish",
				    (unsigned long long)cx->stats.files);
	return SW_OK;
}

sw_err sw_ch_load(struct sw_ch *c, const char *const *paths, size_t npaths, const struct sw_ch_load_opts *o,
		  struct sw_ch_load_stats *stats, struct sw_error *err)
{
	struct sw_ch_load_opts def = {0};
	struct load_ctx *cx = calloc(1, sizeof *cx);
	if (!cx)
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	cx->c = c;
	cx->o = o ? o : &def;
	pthread_mutex_init(&cx->mu, NULL);
	sw_err e = sw_gha_hour_files(paths, npaths, cx->o->shard_i, cx->o->shard_n, &cx->files, &cx->nfiles, err);
	if (!e)
		e = held_load(cx, err);
	if (!e)
		e = run_workers(cx, err);
	if (stats)
		*stats = cx->stats;
	sw_gha_hour_files_free(cx->files, cx->nfiles);
	held_free(cx);
	pthread_mutex_destroy(&cx->mu);
	free(cx);
	return e;
}
