/* load.c: GH Archive hours into ClickHouse (gharchive load).
 *
 * Workers take hour files in turn. An hour the server already holds with
 * the same checksum is skipped; else it is read exactly as scan reads it
 * (hour.c, every repo) and encoded as gzipped TabSeparated INSERTs, all
 * carrying one random load id: its events (in batches), the newest name of
 * each repo, its malformed lines, and last the hour's row in gha_hours,
 * which publishes the load. A load killed before that row is never read;
 * a rerun loads the hour again under a new id.
 *
 * Each worker has a sender thread: while the server inserts one hour, the
 * worker reads and encodes the next (two jobs, used in turn). Memory per
 * worker: one hour's rows (hour.c) and two hours' gzipped INSERT bodies. */
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
#define ROW_MAX 200 /* bytes an event row takes at most (8 numbers, a date) */

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
	struct sw_thread_first_error fail; /* the first error; its stop flag ends every worker */
	unsigned read_flags;     /* SW_GHA_READ_*: strict, and a thread inflating for each worker */
	pthread_mutex_t mu;      /* stats, progress */
	struct sw_ch_load_stats stats;
	struct sw_progress prog;
	uint64_t done;
};

enum { T_EVENTS, T_NAMES, T_MALFORMED, T_HOURS };
static const char *const table_names[] = {"gha_events", "gha_names", "gha_malformed", "gha_hours"};

/* One INSERT: its table and gzipped TSV body. */
struct part {
	int table;
	struct sw_buf gz;
};

/* One hour, encoded: its INSERTs in order (the hours row last) and what
 * it counts for the stats once sent. */
struct job {
	char name[128];
	struct part *parts;      /* parts[0..nparts) in use; buffers kept */
	size_t nparts, aparts;
	struct sw_ch_load_stats st;
};

/* A worker's sender thread: sends one job at a time. */
struct sender {
	pthread_t th;
	bool running;
	struct load_ctx *cx;
	struct ch_conn *k;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct job *job;         /* being sent; NULL: idle */
	bool quit;
	sw_err e;                /* the first failure, its message naming the hour */
	struct sw_error err;
	struct sw_ch_load_stats st; /* of the jobs sent */
};

/* What a worker keeps from hour to hour. */
struct worker {
	struct load_ctx *cx;
	struct sw_gha_hour *h;
	struct sw_buf tsv;
	struct job jobs[2];      /* used in turn: one encoded while the other is sent */
	int cur;
	uint64_t load_id;
	struct sender snd;
	uint64_t skipped;
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

/* ------------------------------------------------------------ encoding */

static void job_release(struct job *j)
{
	for (size_t i = 0; i < j->aparts; i++)
		sw_buf_release(&j->parts[i].gz);
	free(j->parts);
	memset(j, 0, sizeof *j);
}

/* The TSV in w->tsv, gzipped, as the job's next INSERT into table; w->tsv
 * is emptied. */
static sw_err add_part(struct worker *w, struct job *j, int table, struct sw_error *err)
{
	if (!w->tsv.len)
		return SW_OK;
	if (j->nparts == j->aparts) {
		size_t old = j->aparts;
		if (!sw_array_grow(&j->parts, &j->aparts, j->nparts + 1, sizeof *j->parts))
			return sw_error_set(err, SW_ENOMEM, "out of memory");
		for (size_t i = old; i < j->aparts; i++)
			sw_buf_init(&j->parts[i].gz, (size_t)1 << 30);
	}
	struct part *p = &j->parts[j->nparts++];
	p->table = table;
	sw_err e = ch_gzip(w->tsv.data, w->tsv.len, &p->gz, err);
	sw_buf_reset(&w->tsv);
	return e;
}

/* Decimal digits of u at p; returns the end. */
static char *put_u64(char *p, uint64_t u)
{
	char tmp[24];
	int n = 0;
	do
		tmp[n++] = (char)('0' + u % 10);
	while (u /= 10);
	while (n)
		*p++ = tmp[--n];
	return p;
}

static char *put_int(char *p, int64_t v)
{
	if (v >= 0)
		return put_u64(p, (uint64_t)v);
	*p++ = '-';
	return put_u64(p, 0 - (uint64_t)v);
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

/* One event row: load_id hkey repo_id day id kind actor n. Formatted by
 * hand: a load writes millions of these, and printf was a tenth of it. */
static sw_err event_row(struct worker *w, int64_t hkey, const struct sw_gha_row *r, const char *date)
{
	if (sw_buf_reserve(&w->tsv, ROW_MAX))
		return SW_ENOMEM;
	char *p = w->tsv.data + w->tsv.len, *start = p;
	p = put_u64(p, w->load_id);
	*p++ = '\t';
	p = put_int(p, hkey);
	*p++ = '\t';
	p = put_int(p, r->repo_id);
	*p++ = '\t';
	size_t dl = strlen(date);
	memcpy(p, date, dl);
	p += dl;
	*p++ = '\t';
	p = put_int(p, r->id);
	*p++ = '\t';
	p = put_int(p, r->kind);
	*p++ = '\t';
	p = put_int(p, r->actor);
	*p++ = '\t';
	p = put_int(p, r->n);
	*p++ = '\n';
	w->tsv.len += (size_t)(p - start);
	return SW_OK;
}

static sw_err encode_events(struct worker *w, struct job *j, const struct sw_gha_hour_info *hi,
			    struct sw_error *err)
{
	size_t n, batch = w->cx->o->batch_rows ? w->cx->o->batch_rows : BATCH_ROWS;
	const struct sw_gha_row *r = sw_gha_hour_rows(w->h, &n);
	int32_t last = INT32_MIN;
	char date[32];
	sw_err e = SW_OK;
	for (size_t i = 0; !e && i < n; i++) {
		if (r[i].day < 0 || r[i].day > 65535) /* outside ClickHouse's Date: no GH Archive event is */
			continue;
		if (event_row(w, hi->hkey, &r[i], day_text(r[i].day, &last, date)))
			e = sw_error_set(err, SW_ENOMEM, "out of memory");
		else if ((i + 1) % batch == 0)
			e = add_part(w, j, T_EVENTS, err);
	}
	return e ? e : add_part(w, j, T_EVENTS, err);
}

static sw_err encode_names(struct worker *w, struct job *j, const struct sw_gha_hour_info *hi, struct sw_error *err)
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
	return e ? sw_error_set(err, e, "out of memory") : add_part(w, j, T_NAMES, err);
}

static sw_err encode_malformed(struct worker *w, struct job *j, const struct sw_gha_hour_info *hi,
			       struct sw_error *err)
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
	return e ? sw_error_set(err, e, "out of memory") : add_part(w, j, T_MALFORMED, err);
}

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* The hour's row, last: once it is in, this load of the hour is read. */
static sw_err encode_hour_row(struct worker *w, struct job *j, const struct sw_gha_hour_info *hi,
			      struct sw_error *err)
{
	sw_err e = ch_tsv_str(&w->tsv, hi->name, strlen(hi->name));
	if (!e)
		e = sw_buf_printf(&w->tsv, "\t%lld\t%u\t%lld\t%lld\t%lld\t%lld\t%d\t%llu\t%llu\n", (long long)hi->hkey,
				  hi->crc, (long long)hi->bytes, (long long)hi->json_bytes, (long long)hi->events,
				  (long long)hi->malformed, hi->truncated ? 1 : 0, (unsigned long long)w->load_id,
				  (unsigned long long)now_ms());
	return e ? sw_error_set(err, e, "out of memory") : add_part(w, j, T_HOURS, err);
}

/* What the hour counts for once it is in. */
static void job_stats(struct worker *w, struct job *j, const struct sw_gha_hour_info *hi)
{
	size_t n;
	sw_gha_hour_rows(w->h, &n);
	j->st = (struct sw_ch_load_stats){
		.files = 1, .events = (uint64_t)hi->events, .kept = n, .malformed = (uint64_t)hi->malformed,
		.truncated = hi->truncated, .bytes_in = (uint64_t)hi->bytes, .bytes_out = (uint64_t)hi->json_bytes};
	snprintf(j->name, sizeof j->name, "%s", hi->name);
}

static sw_err encode_hour(struct worker *w, struct job *j, struct sw_error *err)
{
	struct sw_gha_hour_info hi;
	sw_gha_hour_info(w->h, &hi);
	j->nparts = 0;
	sw_buf_reset(&w->tsv);
	sw_err e = encode_events(w, j, &hi, err);
	if (!e)
		e = encode_names(w, j, &hi, err);
	if (!e)
		e = encode_malformed(w, j, &hi, err);
	if (!e)
		e = encode_hour_row(w, j, &hi, err);
	job_stats(w, j, &hi);
	return e;
}

/* ------------------------------------------------------------ the sender */

static void stats_add(struct sw_ch_load_stats *t, const struct sw_ch_load_stats *s)
{
	t->files += s->files;
	t->skipped += s->skipped;
	t->events += s->events;
	t->kept += s->kept;
	t->malformed += s->malformed;
	t->truncated += s->truncated;
	t->bytes_in += s->bytes_in;
	t->bytes_out += s->bytes_out;
	t->inserts += s->inserts;
	t->bytes_sent += s->bytes_sent;
}

/* Send a job's INSERTs in order; on failure the error names the hour. */
static sw_err send_job(struct sender *sd, struct job *j, struct sw_error *err)
{
	char sql[160];
	sw_err e = SW_OK;
	for (size_t i = 0; !e && i < j->nparts; i++) {
		const struct part *p = &j->parts[i];
		snprintf(sql, sizeof sql, "INSERT INTO %s.%s FORMAT TabSeparated", sd->cx->c->db, table_names[p->table]);
		e = ch_query(sd->k, sql, p->gz.data, p->gz.len, true, NULL, err);
		if (!e) {
			j->st.inserts++;
			j->st.bytes_sent += p->gz.len;
		}
	}
	if (e) {
		char msg[SW_ERRMSG_MAX];
		snprintf(msg, sizeof msg, "%s", err->msg);
		sw_error_set(err, e, "loading hour %s: %s", j->name, msg);
	}
	return e;
}

static void *run_sender(void *arg)
{
	struct sender *sd = arg;
	pthread_mutex_lock(&sd->mu);
	for (;;) {
		while (!sd->job && !sd->quit)
			pthread_cond_wait(&sd->cv, &sd->mu);
		if (!sd->job)
			break;
		struct job *j = sd->job;
		pthread_mutex_unlock(&sd->mu);
		struct sw_error err = {0};
		sw_err e = sd->e ? sd->e : send_job(sd, j, &err);
		pthread_mutex_lock(&sd->mu);
		if (e && !sd->e) {
			sd->e = e;
			sd->err = err;
		} else if (!e)
			stats_add(&sd->st, &j->st);
		sd->job = NULL;
		pthread_cond_broadcast(&sd->cv);
	}
	pthread_mutex_unlock(&sd->mu);
	return NULL;
}

static sw_err sender_start(struct sender *sd, struct load_ctx *cx, struct sw_error *err)
{
	sd->cx = cx;
	pthread_mutex_init(&sd->mu, NULL);
	pthread_cond_init(&sd->cv, NULL);
	sw_err e = ch_conn_open(cx->c, &sd->k, err);
	if (!e && pthread_create(&sd->th, NULL, run_sender, sd))
		e = sw_error_set(err, SW_ENOMEM, "cannot start a sender thread");
	sd->running = !e;
	return e;
}

/* Wait until the sender is idle; its first failure, if any. */
static sw_err sender_wait(struct sender *sd, struct sw_error *err)
{
	if (!sd->running)
		return SW_OK;
	pthread_mutex_lock(&sd->mu);
	while (sd->job)
		pthread_cond_wait(&sd->cv, &sd->mu);
	sw_err e = sd->e;
	if (e)
		*err = sd->err;
	pthread_mutex_unlock(&sd->mu);
	return e;
}

/* Hand j to the idle sender. */
static void sender_give(struct sender *sd, struct job *j)
{
	pthread_mutex_lock(&sd->mu);
	sd->job = j;
	pthread_cond_broadcast(&sd->cv);
	pthread_mutex_unlock(&sd->mu);
}

static void sender_stop(struct sender *sd)
{
	if (sd->running) {
		pthread_mutex_lock(&sd->mu);
		sd->quit = true;
		pthread_cond_broadcast(&sd->cv);
		pthread_mutex_unlock(&sd->mu);
		pthread_join(sd->th, NULL);
		sd->running = false;
	}
	ch_conn_free(sd->k);
	sd->k = NULL;
	pthread_cond_destroy(&sd->cv);
	pthread_mutex_destroy(&sd->mu);
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

/* Read and encode one hour, then hand it to the sender once the previous
 * hour is in. On failure the error names the hour. */
static sw_err load_hour(struct worker *w, const char *path, struct sw_error *err)
{
	bool skip;
	sw_err e = unchanged(w, path, &skip, err);
	if (!e && skip) {
		w->skipped++;
		return SW_OK;
	}
	struct job *j = &w->jobs[w->cur];
	if (!e)
		e = sw_gha_hour_read(w->h, path, w->cx->read_flags, err);
	if (!e)
		e = new_load_id(&w->load_id, err);
	if (!e)
		e = encode_hour(w, j, err);
	if (e) {
		const char *base = strrchr(path, '/');
		char msg[SW_ERRMSG_MAX];
		snprintf(msg, sizeof msg, "%s", err->msg);
		sw_error_set(err, e, "loading hour %s: %s", base ? base + 1 : path, msg);
		return e;
	}
	if ((e = sender_wait(&w->snd, err)))
		return e;
	sender_give(&w->snd, j);
	w->cur ^= 1;
	return SW_OK;
}

/* ------------------------------------------------------------ workers */

static bool stopping(struct load_ctx *cx)
{
	return atomic_load(&cx->fail.stop) || (cx->o->stop && *cx->o->stop);
}

static void worker_done(struct worker *w)
{
	struct load_ctx *cx = w->cx;
	sender_stop(&w->snd);
	pthread_mutex_lock(&cx->mu);
	stats_add(&cx->stats, &w->snd.st);
	cx->stats.skipped += w->skipped;
	pthread_mutex_unlock(&cx->mu);
	sw_gha_hour_free(w->h);
	sw_buf_release(&w->tsv);
	job_release(&w->jobs[0]);
	job_release(&w->jobs[1]);
}

static void *run_worker(void *arg)
{
	struct worker w = {.cx = arg};
	struct load_ctx *cx = w.cx;
	struct sw_error err = {0};
	sw_buf_init(&w.tsv, (size_t)1 << 30);
	sw_err e = sender_start(&w.snd, cx, &err);
	if (!e)
		e = sw_gha_hour_new(&w.h, &err);
	for (size_t i; !e && !stopping(cx) && (i = atomic_fetch_add(&cx->next, 1)) < cx->nfiles;) {
		e = load_hour(&w, cx->files[i], &err);
		pthread_mutex_lock(&cx->mu);
		if (!e)
			sw_progress_update(&cx->prog, ++cx->done);
		pthread_mutex_unlock(&cx->mu);
	}
	struct sw_error last = {0};
	sw_err e2 = sender_wait(&w.snd, &last); /* the last hour in flight */
	if (!e && e2) {
		e = e2;
		err = last;
	}
	if (e)
		sw_thread_first_error_set(&cx->fail, e, &err);
	worker_done(&w);
	return NULL;
}

static sw_err run_workers(struct load_ctx *cx, struct sw_error *err)
{
	struct sw_gha_thread_plan plan = sw_gha_thread_plan(cx->o->threads, cx->nfiles);
	cx->read_flags = (cx->o->strict ? SW_GHA_READ_STRICT : 0) | (plan.two_threads ? SW_GHA_READ_TWO_THREADS : 0);
	sw_progress_init(&cx->prog, stderr, "hours", cx->nfiles);
	if (cx->o->quiet)
		cx->prog.enabled = false;
	sw_thread_run(plan.workers, run_worker, cx);
	sw_progress_finish(&cx->prog);
	if (cx->fail.code) {
		*err = cx->fail.err;
		return cx->fail.code;
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
