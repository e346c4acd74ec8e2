/* hour.c: reading one GH Archive hour file, what `gharchive scan` (into
 * the SQLite store) and `gharchive load` (into ClickHouse) share.
 *
 * Pipeline: read 1 MiB chunks -> ISA-L stateful inflate (member after
 * member) into 1 MiB blocks -> split each block's lines in place with
 * memchr (only a line cut by a block's end is copied, into the line
 * buffer) -> sw_gha_json_extract -> the counted event kinds as fixed-size
 * rows, the newest name of each repo (from every event kind), malformed
 * lines with their numbers. With a thread to spare, one thread inflates
 * blocks ahead (a ring of 4) while the caller's thread extracts. Memory per
 * hour object: 4 blocks, the line buffer (64 KiB, growing only for longer
 * lines, capped at 64 MiB) plus one hour's rows. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <isa-l/crc.h>
#include <isa-l/igzip_lib.h>

#include "gharchive_int.h"

#define IN_CHUNK (1u << 20)
#define BLOCK (1u << 20)     /* inflated data is split into lines a block at a time */
#define NBLOCKS 4            /* blocks in flight when one thread inflates for another */
#define LINE_BUF (64u << 10) /* the first size of the buffer for a line cut by a block's end */
#define LINE_MAX_BYTES (64u << 20)

/* ------------------------------------------------------------ small hash sets */
static uint64_t hash_bytes(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ull;
	return h;
}

uint64_t gha_mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ull;
	return x ^ (x >> 33);
}

/* ------------------------------------------------------------ per-hour batch */
static void hour_reset(struct sw_gha_hour *h)
{
	h->events = h->malformed = 0;
	h->truncated = h->reingest = false;
	h->nrows = 0;
	if (h->repos)
		memset(h->repos, 0, h->repo_slots * sizeof *h->repos);
	h->nrepos = 0;
	sw_buf_reset(&h->arena);
	h->nbad = 0;
	h->crc = 0;
	h->bytes = h->out_bytes = 0;
}

static void hour_release(struct sw_gha_hour *h)
{
	free(h->rows);
	free(h->repos);
	sw_buf_release(&h->arena);
	memset(h, 0, sizeof *h);
}

static bool hour_add_row(struct sw_gha_hour *h, const struct sw_gha_row *r)
{
	if (h->nrows == h->arows && !sw_array_grow(&h->rows, &h->arows, h->nrows + 1, sizeof *h->rows))
		return false;
	h->rows[h->nrows++] = *r;
	return true;
}

/* A malformed line: counted, and the first GHA_MALFORMED_KEEP kept with why. */
static void hour_bad(struct sw_gha_hour *h, int64_t line, const char *why)
{
	h->malformed++;
	if (h->nbad < GHA_MALFORMED_KEEP)
		h->bad[h->nbad++] = (struct gha_bad_line){line, why};
}

static bool repo_newer(int64_t at, const char *nm, size_t n, int64_t old_at, const char *old, size_t on)
{
	if (at != old_at)
		return at > old_at;
	int c = memcmp(nm, old, n < on ? n : on);
	return c > 0 || (c == 0 && n > on);
}

/* "owner/name", or name alone without an owner, into out[0..cap): false
 * when it does not fit. */
bool gha_full_name(const char *owner, size_t olen, const char *name, size_t nlen, char *out, size_t cap,
		      size_t *len)
{
	size_t n = owner ? olen + nlen + 1 : nlen;
	if (n >= cap)
		return false;
	size_t at = 0;
	if (owner) {
		memcpy(out, owner, olen);
		out[olen] = '/';
		at = olen + 1;
	}
	if (nlen)
		memcpy(out + at, name, nlen);
	*len = n;
	return true;
}

/* Double the repo slots (at least 1024), rehashing what is there. */
static bool hour_grow_repos(struct sw_gha_hour *h)
{
	size_t ns = h->repo_slots ? h->repo_slots * 2 : 1024;
	struct gha_repo_seen *nr = calloc(ns, sizeof *nr);
	if (!nr)
		return false;
	for (size_t i = 0; i < h->repo_slots; i++)
		if (h->repos[i].repo_id) {
			size_t j = gha_mix64((uint64_t)h->repos[i].repo_id) & (ns - 1);
			while (nr[j].repo_id)
				j = (j + 1) & (ns - 1);
			nr[j] = h->repos[i];
		}
	free(h->repos);
	h->repos = nr;
	h->repo_slots = ns;
	return true;
}

/* Remember the newest name of a repo within this hour. */
static bool hour_see_repo(struct sw_gha_hour *h, int64_t repo_id, const char *owner, size_t olen,
			  const char *name, size_t nlen, int64_t at)
{
	if (h->nrepos * 2 + 2 > h->repo_slots && !hour_grow_repos(h))
		return false;
	char full[512];
	size_t flen;
	if (!gha_full_name(owner, olen, name, nlen, full, sizeof full, &flen))
		return true;
	size_t i = gha_mix64((uint64_t)repo_id) & (h->repo_slots - 1);
	while (h->repos[i].repo_id && h->repos[i].repo_id != repo_id)
		i = (i + 1) & (h->repo_slots - 1);
	struct gha_repo_seen *r = &h->repos[i];
	if (r->repo_id && !repo_newer(at, full, flen, r->seen_at, h->arena.data + r->off, r->len))
		return true;
	if (!r->repo_id || r->len != flen || memcmp(h->arena.data + r->off, full, flen)) {
		size_t off = h->arena.len;
		if (sw_buf_append(&h->arena, full, flen))
			return false;
		r->off = (uint32_t)off;
		r->len = (uint32_t)flen;
	}
	if (!r->repo_id)
		h->nrepos++;
	r->repo_id = repo_id;
	r->seen_at = at;
	return true;
}

/* ------------------------------------------------------------ one event */
static bool is_bot(const char *login, size_t n)
{
	return n >= 5 && !memcmp(login + n - 5, "[bot]", 5);
}

/* Map an extracted event to a stored row; false if it is not counted. */
bool gha_event_row(const struct sw_gha_event *ev, const char *line, size_t len, int64_t *id,
		      int *kind, int64_t *actor, int64_t *n)
{
	switch (ev->type) {
	case SW_GHA_WATCH:
		if (ev->action != SW_GHA_ACT_STARTED && ev->action != SW_GHA_ACT_NONE)
			return false;
		*kind = GHA_STAR;
		break;
	case SW_GHA_FORK: *kind = GHA_FORK; break;
	case SW_GHA_PUSH: *kind = GHA_PUSH; break;
	case SW_GHA_PULL_REQUEST:
		*kind = ev->action == SW_GHA_ACT_OPENED ? GHA_PR_OPENED
		      : ev->action == SW_GHA_ACT_CLOSED && ev->merged == 1 ? GHA_PR_MERGED : GHA_PR_OTHER;
		break;
	case SW_GHA_ISSUES:
		if (ev->action != SW_GHA_ACT_OPENED)
			return false;
		*kind = GHA_ISSUE_OPENED;
		break;
	case SW_GHA_RELEASE:
		if (ev->action != SW_GHA_ACT_PUBLISHED && ev->action != SW_GHA_ACT_NONE)
			return false;
		*kind = GHA_RELEASE;
		break;
	default: return false;
	}
	/* Without an id, identical lines still dedupe: negative content hash. */
	*id = ev->id ? (int64_t)ev->id : -(int64_t)(hash_bytes(line, len) >> 1) - 1;
	if (ev->login && is_bot(ev->login, ev->login_len))
		*actor = 0;
	else if (ev->actor_id > 0)
		*actor = ev->actor_id;
	else if (ev->login)
		*actor = -(int64_t)(hash_bytes(ev->login, ev->login_len) >> 1) - 1;
	else
		*actor = 0;
	*n = 0;
	if (*kind == GHA_PUSH)
		*n = ev->distinct_size >= 0 ? ev->distinct_size : ev->size >= 0 ? ev->size : 0;
	return true;
}

static void line_event(const struct gha_read *rc, struct sw_gha_hour *h, const char *p, size_t n, int64_t lineno)
{
	while (n && (p[n - 1] == '\r' || p[n - 1] == ' '))
		n--;
	if (n == 0)
		return;
	struct sw_gha_event ev;
	const char *why = NULL;
	if (!(rc->strict ? sw_gha_json_extract_strict(p, n, &ev, &why) : sw_gha_json_extract(p, n, &ev, &why))) {
		hour_bad(h, lineno, why);
		return;
	}
	h->events++;
	if (ev.repo_id <= 0 || ev.created_at == INT64_MIN || (rc->keep && !rc->keep(rc->ud, &ev)))
		return;
	/* A repo's name is seen on every kind of event (a rename may show
	 * first on a comment), its counts only on the counted kinds. */
	if (ev.repo_name && !hour_see_repo(h, ev.repo_id, ev.repo_owner, ev.repo_owner_len, ev.repo_name,
					   ev.repo_name_len, ev.created_at))
		h->oom = true;
	int kind;
	int64_t id, actor, cnt;
	if (ev.type == SW_GHA_OTHER || !gha_event_row(&ev, p, n, &id, &kind, &actor, &cnt))
		return;
	int64_t day = ev.created_at >= 0 ? ev.created_at / 86400 : -((-ev.created_at + 86399) / 86400);
	struct sw_gha_row r = {id, ev.repo_id, actor, cnt, (int32_t)day, kind};
	if (!hour_add_row(h, &r))
		h->oom = true; /* fail the hour rather than keep a partial one */
}

/* ------------------------------------------------------------ reading */

/* The file side of a reading: the file, its inflater, and where it stands.
 * Owned by the thread that inflates; it alone writes h->crc, h->bytes,
 * h->out_bytes and h->truncated. */
struct input {
	struct sw_gha_hour *h;
	int fd;
	bool gz;              /* inflate (member after member), else copy */
	bool eof, fresh;      /* fresh: between gzip members */
	struct inflate_state st;
	sw_err e;             /* a read error */
	struct sw_error err;
};

/* The line side: the line cut by a block's end is kept in h->buf. */
struct lines {
	size_t carry;         /* bytes of it in h->buf */
	int64_t lineno;
	bool skipping;        /* inside a line too long to keep */
	bool nomem;
};

/* The next chunk of the file (checksummed, counted) as inflate input. */
static void read_chunk(struct input *in)
{
	struct sw_gha_hour *h = in->h;
	ssize_t r = read(in->fd, h->in, IN_CHUNK);
	if (r < 0) {
		in->e = sw_error_set(&in->err, SW_EIO, "%s: %s", h->path, strerror(errno));
		return;
	}
	if (r == 0)
		in->eof = true;
	h->crc = crc32_gzip_refl(h->crc, (unsigned char *)h->in, (uint64_t)r);
	h->bytes += r;
	in->st.next_in = (uint8_t *)h->in;
	in->st.avail_in = (uint32_t)r;
}

/* What to do after a step: go on, or stop (end of the file's data,
 * corrupt or cut data). */
enum step { STEP_MORE, STEP_STOP };

/* An uncompressed file: copy input into out[*len..cap). */
static enum step copy_some(struct input *in, char *out, size_t *len, size_t cap)
{
	size_t take = in->st.avail_in < cap - *len ? in->st.avail_in : cap - *len;
	memcpy(out + *len, in->st.next_in, take);
	in->st.next_in += take;
	in->st.avail_in -= (uint32_t)take;
	*len += take;
	in->h->out_bytes += (int64_t)take;
	return in->eof && in->st.avail_in == 0 ? STEP_STOP : STEP_MORE;
}

/* A gzip file: inflate into out[*len..cap); a member's end starts the
 * next one; corrupt or cut data marks the hour truncated. */
static enum step inflate_some(struct input *in, char *out, size_t *len, size_t cap)
{
	struct inflate_state *st = &in->st;
	if (in->eof && st->avail_in == 0 && in->fresh)
		return STEP_STOP; /* clean end after the last member */
	if (st->avail_in)
		in->fresh = false;
	st->next_out = (uint8_t *)out + *len;
	st->avail_out = (uint32_t)(cap - *len);
	int ret = isal_inflate(st);
	size_t produced = (size_t)((char *)st->next_out - (out + *len));
	*len += produced;
	in->h->out_bytes += (int64_t)produced;
	if (ret < 0) {
		in->h->truncated = true; /* corrupt data: keep what came before */
		return STEP_STOP;
	}
	if (st->block_state == ISAL_BLOCK_FINISH) {
		/* End of one gzip member; another may follow. */
		isal_inflate_reset(st);
		st->crc_flag = ISAL_GZIP;
		in->fresh = true;
	} else if (in->eof && st->avail_in == 0 && produced == 0) {
		in->h->truncated = true;
		return STEP_STOP;
	}
	return STEP_MORE;
}

/* Fill blk (BLOCK bytes) with the file's next data; false: the data ended
 * (blk may still hold its last bytes). */
static bool fill_block(struct input *in, char *blk, size_t *len)
{
	*len = 0;
	while (*len < BLOCK) {
		if (in->st.avail_in == 0 && !in->eof)
			read_chunk(in);
		if (in->e)
			return false;
		if ((in->gz ? inflate_some(in, blk, len, BLOCK) : copy_some(in, blk, len, BLOCK)) == STEP_STOP)
			return false;
	}
	return true;
}

/* Append p[0..n) to the cut line in h->buf; a line over 64 MiB is
 * counted malformed and skipped to its end. */
static void carry_add(struct sw_gha_hour *h, struct lines *ln, const char *p, size_t n)
{
	if (ln->skipping || !n)
		return;
	if (ln->carry + n > LINE_MAX_BYTES) {
		hour_bad(h, ln->lineno + 1, "line longer than 64 MiB");
		ln->skipping = true;
		ln->carry = 0;
		return;
	}
	if (ln->carry + n > h->cap && !sw_array_grow(&h->buf, &h->cap, ln->carry + n, 1)) {
		ln->nomem = true;
		return;
	}
	memcpy(h->buf + ln->carry, p, n);
	ln->carry += n;
}

/* One line ended: extracted, unless it was too long to keep. */
static void line_end(const struct gha_read *rc, struct sw_gha_hour *h, struct lines *ln, const char *p, size_t n)
{
	++ln->lineno;
	if (ln->skipping)
		ln->skipping = false;
	else
		line_event(rc, h, p, n, ln->lineno);
}

/* The lines of one block: the cut line of the blocks before completed
 * first, then every whole line in place, the block's cut end kept. */
static void take_block(const struct gha_read *rc, struct sw_gha_hour *h, struct lines *ln, const char *b, size_t n)
{
	const char *p = b, *end = b + n, *nl;
	if (ln->carry || ln->skipping) {
		nl = memchr(p, '\n', n);
		carry_add(h, ln, p, nl ? (size_t)(nl - p) : n);
		if (!nl)
			return;
		line_end(rc, h, ln, h->buf, ln->carry);
		ln->carry = 0;
		p = nl + 1;
	}
	while ((nl = memchr(p, '\n', (size_t)(end - p)))) {
		line_end(rc, h, ln, p, (size_t)(nl - p));
		p = nl + 1;
	}
	carry_add(h, ln, p, (size_t)(end - p));
}

static bool stopped(const struct gha_read *rc, const struct sw_gha_hour *h, const struct lines *ln)
{
	return (rc->stop && atomic_load(rc->stop)) || h->oom || ln->nomem;
}

/* One thread: fill a block, take its lines, again. */
static void read_serial(const struct gha_read *rc, struct input *in, struct lines *ln)
{
	struct sw_gha_hour *h = in->h;
	bool more = true;
	while (more && !stopped(rc, h, ln)) {
		size_t n;
		more = fill_block(in, h->blocks, &n);
		take_block(rc, h, ln, h->blocks, n);
	}
}

/* Two threads: this one takes the lines of blocks the other inflates,
 * through a ring of NBLOCKS blocks. */
struct ring {
	pthread_mutex_t mu;
	pthread_cond_t filled, freed;
	struct input *in;
	size_t len[NBLOCKS];
	size_t head, count;   /* next block to take, blocks filled */
	bool end, cancel;     /* the inflater is done / is told to stop */
};

static void *inflater(void *arg)
{
	struct ring *r = arg;
	char *blocks = r->in->h->blocks;
	for (size_t tail = 0;; tail = (tail + 1) % NBLOCKS) {
		pthread_mutex_lock(&r->mu);
		while (r->count == NBLOCKS && !r->cancel)
			pthread_cond_wait(&r->freed, &r->mu);
		bool cancel = r->cancel;
		pthread_mutex_unlock(&r->mu);
		size_t n = 0;
		bool more = !cancel && fill_block(r->in, blocks + tail * BLOCK, &n);
		pthread_mutex_lock(&r->mu);
		r->len[tail] = n;
		r->count++;
		r->end = !more;
		pthread_cond_signal(&r->filled);
		pthread_mutex_unlock(&r->mu);
		if (!more)
			return NULL;
	}
}

/* The next filled block's length, waiting for it; false after the last. */
static bool ring_take(struct ring *r, size_t *n)
{
	pthread_mutex_lock(&r->mu);
	while (!r->count)
		pthread_cond_wait(&r->filled, &r->mu);
	*n = r->len[r->head];
	bool last = r->end && r->count == 1;
	pthread_mutex_unlock(&r->mu);
	return !last;
}

/* The block taken is free again; cancel: the inflater stops. */
static void ring_free(struct ring *r, bool cancel)
{
	pthread_mutex_lock(&r->mu);
	r->head = (r->head + 1) % NBLOCKS;
	r->count--;
	r->cancel |= cancel;
	pthread_cond_signal(&r->freed);
	pthread_mutex_unlock(&r->mu);
}

/* false: no second thread could be started (read serially then). */
static bool read_parallel(const struct gha_read *rc, struct input *in, struct lines *ln)
{
	struct ring r = {.in = in};
	pthread_mutex_init(&r.mu, NULL);
	pthread_cond_init(&r.filled, NULL);
	pthread_cond_init(&r.freed, NULL);
	pthread_t th;
	bool started = pthread_create(&th, NULL, inflater, &r) == 0;
	for (bool more = started; more;) {
		size_t n;
		more = ring_take(&r, &n);
		take_block(rc, in->h, ln, in->h->blocks + r.head * BLOCK, n);
		bool stop = stopped(rc, in->h, ln);
		ring_free(&r, stop);
		more = more && !stop;
	}
	if (started)
		pthread_join(th, NULL);
	pthread_cond_destroy(&r.freed);
	pthread_cond_destroy(&r.filled);
	pthread_mutex_destroy(&r.mu);
	return started;
}

/* A last line without a newline: complete in an intact file, cut off in a
 * truncated one. */
static void last_line(const struct gha_read *rc, struct sw_gha_hour *h, const struct lines *ln)
{
	if (!ln->carry || ln->skipping)
		return;
	if (h->truncated)
		hour_bad(h, ln->lineno + 1, "cut off by the end of a truncated file");
	else
		line_event(rc, h, h->buf, ln->carry, ln->lineno + 1);
}

/* Read h->path into h: every line extracted, counted events kept (those
 * rc->keep accepts), names seen; stops early when rc->stop is set. */
static sw_err read_file(const struct gha_read *rc, struct sw_gha_hour *h, struct sw_error *err)
{
	struct input in = {.h = h, .fd = open(h->path, O_RDONLY), .fresh = true};
	if (in.fd < 0)
		return sw_error_set(err, SW_EIO, "%s: %s", h->path, strerror(errno));
	size_t plen = strlen(h->path);
	in.gz = plen > 3 && !strcmp(h->path + plen - 3, ".gz");
	isal_inflate_init(&in.st);
	in.st.crc_flag = ISAL_GZIP;
	in.st.avail_in = 0;
	struct lines ln = {0};
	if (!rc->two_threads || !read_parallel(rc, &in, &ln))
		read_serial(rc, &in, &ln);
	close(in.fd);
	sw_err e = in.e;
	if (e && err)
		*err = in.err;
	if (!e && ln.nomem)
		e = sw_error_set(err, SW_ENOMEM, "%s: out of memory for a long line", h->path);
	if (!e)
		last_line(rc, h, &ln);
	if (!e && h->oom)
		e = sw_error_set(err, SW_ENOMEM, "%s: out of memory for the hour's events", h->path);
	return e;
}

/* ------------------------------------------------------------ hours */
int64_t gha_hour_key(const char *base, bool *is_hour)
{
	int y, m, d, hh, used = 0;
	if (is_hour)
		*is_hour = false;
	if (sscanf(base, "%4d-%2d-%2d-%2d%n", &y, &m, &d, &hh, &used) == 4 && used >= 12 &&
	    (base[used] == '.' || !base[used]) && m >= 1 && m <= 12 && d >= 1 && d <= 31 && hh >= 0 &&
	    hh <= 23) {
		if (is_hour)
			*is_hour = true;
		return sw_time_days_from_civil(y, (unsigned)m, (unsigned)d) * 24 + hh;
	}
	return -(int64_t)(hash_bytes(base, strlen(base)) >> 2) - 1;
}

static const char *base_name(const char *path)
{
	const char *b = strrchr(path, '/');
	return b ? b + 1 : path;
}

sw_err gha_file_crc(const char *path, char *in, uint32_t *crc, struct sw_error *err)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return sw_error_set(err, SW_EIO, "%s: %s", path, strerror(errno));
	uint32_t c = 0;
	ssize_t r;
	while ((r = read(fd, in, IN_CHUNK)) > 0)
		c = crc32_gzip_refl(c, (unsigned char *)in, (uint64_t)r);
	close(fd);
	if (r < 0)
		return sw_error_set(err, SW_EIO, "%s: %s", path, strerror(errno));
	*crc = c;
	return SW_OK;
}

static bool hour_file(const char *name)
{
	size_t n = strlen(name);
	return (n > 5 && !strcmp(name + n - 5, ".json")) || (n > 8 && !strcmp(name + n - 8, ".json.gz"));
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The list being collected: paths, and the shard to keep. */
struct file_list {
	char **files;
	size_t n, alloc;
	int shard_i, shard_n;
};

static sw_err add_file(struct file_list *l, const char *path, struct sw_error *err)
{
	if (l->shard_n > 0) {
		int64_t k = gha_hour_key(base_name(path), NULL);
		uint64_t u = (uint64_t)(k < 0 ? -k : k);
		if ((int)(u % (uint64_t)l->shard_n) != l->shard_i - 1)
			return SW_OK;
	}
	if (!sw_array_grow(&l->files, &l->alloc, l->n + 1, sizeof *l->files) || !(l->files[l->n] = strdup(path)))
		return sw_error_set(err, SW_ENOMEM, "gharchive: out of memory listing hours");
	l->n++;
	return SW_OK;
}

/* A directory's hour files. */
static sw_err add_dir(struct file_list *l, const char *dir, struct sw_error *err)
{
	DIR *d = opendir(dir);
	if (!d)
		return sw_error_set(err, SW_EIO, "%s: %s", dir, strerror(errno));
	struct dirent *de;
	sw_err e = SW_OK;
	while (!e && (de = readdir(d))) {
		if (de->d_name[0] == '.' || !hour_file(de->d_name))
			continue;
		char full[4096];
		snprintf(full, sizeof full, "%s/%s", dir, de->d_name);
		e = add_file(l, full, err);
	}
	closedir(d);
	return e;
}

/* Sorted by path, each once (a file and its directory may both be given). */
static void sort_unique(struct file_list *l)
{
	if (l->n > 1)
		qsort(l->files, l->n, sizeof *l->files, cmp_str);
	size_t keep = 0;
	for (size_t i = 0; i < l->n; i++) {
		if (keep && !strcmp(l->files[keep - 1], l->files[i]))
			free(l->files[i]);
		else
			l->files[keep++] = l->files[i];
	}
	l->n = keep;
}

sw_err sw_gha_hour_files(const char *const *paths, size_t npaths, int shard_i, int shard_n, char ***files,
			 size_t *nfiles, struct sw_error *err)
{
	*files = NULL;
	*nfiles = 0;
	if (shard_n < 0 || (shard_n > 0 && (shard_i < 1 || shard_i > shard_n)))
		return sw_error_set(err, SW_EINVAL, "gharchive: shard must be I/N with 1 <= I <= N");
	struct file_list l = {.shard_i = shard_i, .shard_n = shard_n};
	sw_err e = SW_OK;
	for (size_t i = 0; !e && i < npaths; i++) {
		struct stat sb;
		if (stat(paths[i], &sb) != 0)
			e = sw_error_set(err, SW_ENOTFOUND, "%s: %s", paths[i], strerror(errno));
		else
			e = S_ISDIR(sb.st_mode) ? add_dir(&l, paths[i], err) : add_file(&l, paths[i], err);
	}
	if (e) {
		sw_gha_hour_files_free(l.files, l.n);
		return e;
	}
	sort_unique(&l);
	*files = l.files;
	*nfiles = l.n;
	return SW_OK;
}

void sw_gha_hour_files_free(char **files, size_t n)
{
	for (size_t i = 0; files && i < n; i++)
		free(files[i]);
	free(files);
}

/* ------------------------------------------------------------ the hour object */

sw_err sw_gha_hour_new(struct sw_gha_hour **out, struct sw_error *err)
{
	struct sw_gha_hour *h = calloc(1, sizeof *h);
	if (h) {
		h->in = malloc(IN_CHUNK);
		h->buf = malloc(LINE_BUF);
		h->cap = LINE_BUF;
		h->blocks = malloc((size_t)NBLOCKS * BLOCK);
		sw_buf_init(&h->arena, (size_t)256 << 20);
	}
	if (!h || !h->in || !h->buf || !h->blocks) {
		sw_gha_hour_free(h);
		return sw_error_set(err, SW_ENOMEM, "gharchive: out of memory for an hour");
	}
	*out = h;
	return SW_OK;
}

void sw_gha_hour_free(struct sw_gha_hour *h)
{
	if (!h)
		return;
	free(h->in);
	free(h->buf);
	free(h->blocks);
	hour_release(h);
	free(h);
}

void gha_hour_start(struct sw_gha_hour *h, const char *path)
{
	hour_reset(h);
	h->path = path;
	snprintf(h->name, sizeof h->name, "%s", base_name(path));
	h->hkey = gha_hour_key(h->name, NULL);
}

sw_err gha_hour_read(const struct gha_read *rc, struct sw_gha_hour *h, struct sw_error *err)
{
	return read_file(rc, h, err);
}

sw_err sw_gha_hour_read(struct sw_gha_hour *h, const char *path, unsigned flags, struct sw_error *err)
{
	gha_hour_start(h, path);
	struct gha_read rc = {.strict = flags & SW_GHA_READ_STRICT, .two_threads = flags & SW_GHA_READ_TWO_THREADS};
	return read_file(&rc, h, err);
}

struct sw_gha_thread_plan sw_gha_thread_plan(int threads, size_t nfiles)
{
	if (threads < 1)
		threads = 1;
	int w = threads;
	if ((size_t)w > nfiles)
		w = nfiles ? (int)nfiles : 1;
	if (w > SW_THREAD_MAX)
		w = SW_THREAD_MAX;
	return (struct sw_gha_thread_plan){w, threads >= 2 * w};
}

sw_err sw_gha_hour_crc(struct sw_gha_hour *h, const char *path, uint32_t *crc, struct sw_error *err)
{
	return gha_file_crc(path, h->in, crc, err);
}

void sw_gha_hour_info(const struct sw_gha_hour *h, struct sw_gha_hour_info *out)
{
	*out = (struct sw_gha_hour_info){h->name, h->hkey, h->crc, h->bytes, h->out_bytes, h->events,
					 h->malformed, h->truncated};
}

const struct sw_gha_row *sw_gha_hour_rows(const struct sw_gha_hour *h, size_t *n)
{
	*n = h->nrows;
	return h->rows;
}

static int cmp_repo_id(const void *a, const void *b)
{
	const struct gha_repo_seen *x = a, *y = b;
	return (x->repo_id > y->repo_id) - (x->repo_id < y->repo_id);
}

void gha_hour_sort_repos(struct sw_gha_hour *h)
{
	size_t n = 0;
	if (!h->nrepos)
		return;
	for (size_t i = 0; i < h->repo_slots; i++)
		if (h->repos[i].repo_id)
			h->repos[n++] = h->repos[i];
	if (n < h->repo_slots)
		memset(h->repos + n, 0, (h->repo_slots - n) * sizeof *h->repos);
	qsort(h->repos, n, sizeof *h->repos, cmp_repo_id);
}

bool sw_gha_hour_name(const struct sw_gha_hour *h, size_t *i, struct sw_gha_name *out)
{
	for (; *i < h->repo_slots; ++*i) {
		const struct gha_repo_seen *r = &h->repos[*i];
		if (r->repo_id) {
			*out = (struct sw_gha_name){r->repo_id, r->seen_at, h->arena.data + r->off, r->len};
			++*i;
			return true;
		}
	}
	return false;
}

bool sw_gha_hour_malformed(const struct sw_gha_hour *h, size_t i, int64_t *line, const char **why)
{
	if (i >= h->nbad)
		return false;
	*line = h->bad[i].line;
	*why = h->bad[i].why;
	return true;
}
