/* scan.c: scanning GH Archive hours into the store.
 *
 * Pipeline per file (one worker thread per file at a time): read 1 MiB
 * chunks -> ISA-L stateful inflate (member after member) straight into a
 * line buffer -> split lines with memchr -> sw_gha_json_extract -> keep the
 * counted event kinds of tracked repos as fixed-size rows in a per-hour
 * batch. The batch is then written under the store mutex in one
 * transaction together with the hour's row, so an hour is either fully
 * ingested or not at all. Rows are keyed by (repo, day, event id) (INSERT OR IGNORE),
 * which makes duplicates across hours, reruns and merges exact.
 * Memory per worker: the line buffer (4 MiB, growing only for longer
 * lines, capped at 64 MiB) plus one hour's kept rows. */
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
#include "stackwatch/gharchive.h"
#include "stackwatch/core.h"
#include "core/core_int.h"

#define IN_CHUNK (1u << 20)
#define LINE_BUF (4u << 20)
#define LINE_MAX_BYTES (64u << 20)
#define GHA_MALFORMED_KEEP 1000 /* malformed lines recorded per hour (all are counted) */

/* ------------------------------------------------------------ small hash sets */
static uint64_t hash_bytes(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ull;
	return h;
}
static uint64_t mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ull;
	return x ^ (x >> 33);
}

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
	return mix64(h);
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
	size_t i = mix64((uint64_t)gid) & (t->nid_slots - 1);
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
	size_t i = mix64((uint64_t)id) & (t->nid_slots - 1);
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

/* ------------------------------------------------------------ per-hour batch */
static void hour_reset(struct gha_hour *h)
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

static void hour_release(struct gha_hour *h)
{
	free(h->rows);
	free(h->repos);
	sw_buf_release(&h->arena);
	memset(h, 0, sizeof *h);
}

static bool hour_add_row(struct gha_hour *h, const struct gha_row *r)
{
	if (h->nrows == h->arows && !sw_array_grow(&h->rows, &h->arows, h->nrows + 1, sizeof *h->rows))
		return false;
	h->rows[h->nrows++] = *r;
	return true;
}

/* A malformed line: counted, and the first GHA_MALFORMED_KEEP kept with why. */
static void hour_bad(struct gha_hour *h, int64_t line, const char *why)
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
static bool full_name(const char *owner, size_t olen, const char *name, size_t nlen, char *out, size_t cap,
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
static bool hour_grow_repos(struct gha_hour *h)
{
	size_t ns = h->repo_slots ? h->repo_slots * 2 : 1024;
	struct gha_repo_seen *nr = calloc(ns, sizeof *nr);
	if (!nr)
		return false;
	for (size_t i = 0; i < h->repo_slots; i++)
		if (h->repos[i].repo_id) {
			size_t j = mix64((uint64_t)h->repos[i].repo_id) & (ns - 1);
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
static bool hour_see_repo(struct gha_hour *h, int64_t repo_id, const char *owner, size_t olen,
			  const char *name, size_t nlen, int64_t at)
{
	if (h->nrepos * 2 + 2 > h->repo_slots && !hour_grow_repos(h))
		return false;
	char full[512];
	size_t flen;
	if (!full_name(owner, olen, name, nlen, full, sizeof full, &flen))
		return true;
	size_t i = mix64((uint64_t)repo_id) & (h->repo_slots - 1);
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
	sw_err first_err;
	struct sw_error err;
	atomic_int stop;
};

/* Is the event's repo one we keep (by GitHub id, else by name)? */
static bool tracked_event(const struct scan_ctx *cx, const struct sw_gha_event *ev)
{
	if (cx->opts->all_repos || tracked_id(&cx->tracked, ev->repo_id))
		return true;
	if (!ev->repo_owner)
		return tracked_name(&cx->tracked, ev->repo_name, ev->repo_name_len);
	char full[300];
	size_t n;
	return full_name(ev->repo_owner, ev->repo_owner_len, ev->repo_name, ev->repo_name_len, full, sizeof full, &n) &&
	       tracked_name(&cx->tracked, full, n);
}

static void line_event(struct scan_ctx *cx, struct gha_hour *h, const char *p, size_t n, int64_t lineno)
{
	while (n && (p[n - 1] == '\r' || p[n - 1] == ' '))
		n--;
	if (n == 0)
		return;
	struct sw_gha_event ev;
	const char *why = NULL;
	if (!(cx->opts->strict ? sw_gha_json_extract_strict(p, n, &ev, &why) : sw_gha_json_extract(p, n, &ev, &why))) {
		hour_bad(h, lineno, why);
		return;
	}
	h->events++;
	if (ev.type == SW_GHA_OTHER || ev.repo_id <= 0 || ev.created_at == INT64_MIN)
		return;
	int kind;
	int64_t id, actor, cnt;
	if (!gha_event_row(&ev, p, n, &id, &kind, &actor, &cnt))
		return;
	if (!tracked_event(cx, &ev))
		return;
	int64_t day = ev.created_at >= 0 ? ev.created_at / 86400 : -((-ev.created_at + 86399) / 86400);
	struct gha_row r = {id, ev.repo_id, actor, cnt, (int32_t)day, kind};
	if (!hour_add_row(h, &r) ||
	    (ev.repo_name && !hour_see_repo(h, ev.repo_id, ev.repo_owner, ev.repo_owner_len, ev.repo_name,
					     ev.repo_name_len, ev.created_at))) {
		/* Out of memory: fail the hour rather than commit a partial one. */
		atomic_store(&cx->stop, 1);
	}
}

/* ------------------------------------------------------------ reading */
struct reader {
	char *in;
	char *buf;
	size_t cap;
};

/* Where the reading of one file stands. */
struct input {
	int fd;
	bool gz;              /* inflate (member after member), else copy */
	bool eof, fresh;      /* fresh: between gzip members */
	bool skipping;        /* inside a line too long to keep */
	size_t len;           /* bytes in the line buffer */
	int64_t lineno;
	struct inflate_state st;
};

/* Split buf[0..*len) into lines, keep the incomplete tail at the front. */
static void split_lines(struct scan_ctx *cx, struct gha_hour *h, struct reader *rd, size_t *len,
			int64_t *lineno, bool *skipping)
{
	char *p = rd->buf, *end = rd->buf + *len;
	for (;;) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			break;
		++*lineno;
		if (*skipping) {
			*skipping = false;
		} else
			line_event(cx, h, p, (size_t)(nl - p), *lineno);
		p = nl + 1;
	}
	size_t rest = (size_t)(end - p);
	if (p != rd->buf && rest)
		memmove(rd->buf, p, rest);
	*len = rest;
}

/* Make room when a line fills the buffer: grow, or give up on the line. */
static bool make_room(struct gha_hour *h, struct reader *rd, size_t *len, int64_t lineno, bool *skipping)
{
	if (*len < rd->cap)
		return true;
	if (rd->cap < LINE_MAX_BYTES && !*skipping)
		return sw_array_grow(&rd->buf, &rd->cap, rd->cap + 1, 1);
	if (!*skipping)
		hour_bad(h, lineno + 1, "line longer than 64 MiB");
	*skipping = true;
	*len = 0;
	return true;
}

/* The next chunk of the file (checksummed, counted) as inflate input. */
static sw_err read_chunk(struct gha_hour *h, struct reader *rd, struct input *in, struct sw_error *err)
{
	ssize_t r = read(in->fd, rd->in, IN_CHUNK);
	if (r < 0)
		return sw_error_set(err, SW_EIO, "%s: %s", h->path, strerror(errno));
	if (r == 0)
		in->eof = true;
	h->crc = crc32_gzip_refl(h->crc, (unsigned char *)rd->in, (uint64_t)r);
	h->bytes += r;
	in->st.next_in = (uint8_t *)rd->in;
	in->st.avail_in = (uint32_t)r;
	return SW_OK;
}

/* What to do after a step: split the lines and read on, split them and
 * stop (end of file), or stop at once (end of data, corrupt data). */
enum step { STEP_MORE, STEP_LAST, STEP_STOP };

/* An uncompressed file: copy input to the line buffer. */
static enum step copy_some(struct gha_hour *h, struct reader *rd, struct input *in)
{
	size_t take = in->st.avail_in < rd->cap - in->len ? in->st.avail_in : rd->cap - in->len;
	memcpy(rd->buf + in->len, in->st.next_in, take);
	in->st.next_in += take;
	in->st.avail_in -= (uint32_t)take;
	in->len += take;
	h->out_bytes += (int64_t)take;
	return in->eof && in->st.avail_in == 0 ? STEP_LAST : STEP_MORE;
}

/* A gzip file: inflate into the line buffer; a member's end starts the
 * next one; corrupt or cut data marks the hour truncated. */
static enum step inflate_some(struct gha_hour *h, struct reader *rd, struct input *in)
{
	struct inflate_state *st = &in->st;
	if (in->eof && st->avail_in == 0 && in->fresh)
		return STEP_STOP; /* clean end after the last member */
	if (st->avail_in)
		in->fresh = false;
	st->next_out = (uint8_t *)rd->buf + in->len;
	st->avail_out = (uint32_t)(rd->cap - in->len);
	int ret = isal_inflate(st);
	size_t produced = (size_t)((char *)st->next_out - (rd->buf + in->len));
	in->len += produced;
	h->out_bytes += (int64_t)produced;
	if (ret < 0) {
		h->truncated = true; /* corrupt data: keep what came before */
		return STEP_STOP;
	}
	if (st->block_state == ISAL_BLOCK_FINISH) {
		/* End of one gzip member; another may follow. */
		isal_inflate_reset(st);
		st->crc_flag = ISAL_GZIP;
		in->fresh = true;
	} else if (in->eof && st->avail_in == 0 && produced == 0) {
		h->truncated = true;
		return STEP_STOP;
	}
	return STEP_MORE;
}

/* A last line without a newline: complete in an intact file, cut off in a
 * truncated one. */
static void last_line(struct scan_ctx *cx, struct gha_hour *h, struct reader *rd, const struct input *in)
{
	if (!in->len || in->skipping)
		return;
	if (h->truncated)
		hour_bad(h, in->lineno + 1, "cut off by the end of a truncated file");
	else
		line_event(cx, h, rd->buf, in->len, in->lineno + 1);
}

static sw_err read_file(struct scan_ctx *cx, struct gha_hour *h, struct reader *rd, struct sw_error *err)
{
	struct input in = {.fd = open(h->path, O_RDONLY), .fresh = true};
	if (in.fd < 0)
		return sw_error_set(err, SW_EIO, "%s: %s", h->path, strerror(errno));
	size_t plen = strlen(h->path);
	in.gz = plen > 3 && !strcmp(h->path + plen - 3, ".gz");
	isal_inflate_init(&in.st);
	in.st.crc_flag = ISAL_GZIP;
	in.st.avail_in = 0;
	sw_err e = SW_OK;
	while (!atomic_load(&cx->stop)) {
		if (in.st.avail_in == 0 && !in.eof && (e = read_chunk(h, rd, &in, err)))
			break;
		if (!make_room(h, rd, &in.len, in.lineno, &in.skipping)) {
			e = sw_error_set(err, SW_ENOMEM, "%s: out of memory for a long line", h->path);
			break;
		}
		enum step s = in.gz ? inflate_some(h, rd, &in) : copy_some(h, rd, &in);
		if (s == STEP_STOP)
			break;
		split_lines(cx, h, rd, &in.len, &in.lineno, &in.skipping);
		if (s == STEP_LAST)
			break;
	}
	close(in.fd);
	if (!e)
		last_line(cx, h, rd, &in);
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

static sw_err file_crc(const char *path, char *in, uint32_t *crc, struct sw_error *err)
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

static int cmp_row(const void *a, const void *b)
{
	const struct gha_row *x = a, *y = b;
	if (x->repo_id != y->repo_id)
		return x->repo_id < y->repo_id ? -1 : 1;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

/* ------------------------------------------------------------ workers */
static void set_error(struct scan_ctx *cx, sw_err e, const struct sw_error *err)
{
	pthread_mutex_lock(&cx->mu);
	if (!cx->first_err) {
		cx->first_err = e;
		cx->err = *err;
	}
	pthread_mutex_unlock(&cx->mu);
	atomic_store(&cx->stop, 1);
}

/* Under cx->mu: one more file done (progress line). */
static void file_done(struct scan_ctx *cx)
{
	sw_progress_update(&cx->prog, ++cx->done_files);
}

/* Is file i already ingested with the same checksum? Then it is skipped
 * (1); with another checksum it is re-ingested (0, h->reingest); -1 on a
 * read error (err set). */
static int hour_unchanged(struct scan_ctx *cx, struct gha_hour *h, char *in, struct sw_error *err)
{
	int64_t old_crc = 0;
	pthread_mutex_lock(&cx->mu);
	int known = gha_hour_known(cx->s, h->name, &old_crc);
	pthread_mutex_unlock(&cx->mu);
	if (!known)
		return 0;
	uint32_t crc = 0;
	sw_err e = file_crc(h->path, in, &crc, err);
	if (e) {
		set_error(cx, e, err);
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

/* The hour read: its rows in key order (outside the lock: B-tree inserts
 * become mostly appends), then committed and counted under the lock. */
static sw_err hour_store(struct scan_ctx *cx, struct gha_hour *h, struct sw_error *err)
{
	if (h->nrows > 1)
		qsort(h->rows, h->nrows, sizeof *h->rows, cmp_row);
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
static bool scan_file(struct scan_ctx *cx, struct gha_hour *h, struct reader *rd, const char *path,
		      struct sw_error *err)
{
	hour_reset(h);
	h->path = path;
	snprintf(h->name, sizeof h->name, "%s", base_name(h->path));
	h->hkey = gha_hour_key(h->name, NULL);
	int skip = hour_unchanged(cx, h, rd->in, err);
	if (skip)
		return skip > 0;
	sw_err e = read_file(cx, h, rd, err);
	if (!e && atomic_load(&cx->stop))
		return false;
	if (!e)
		e = hour_store(cx, h, err);
	if (e) {
		set_error(cx, e, err);
		return false;
	}
	return true;
}

/* A worker takes the next file until none is left or the scan stops. */
static void *worker(void *arg)
{
	struct scan_ctx *cx = arg;
	struct reader rd = {malloc(IN_CHUNK), malloc(LINE_BUF), LINE_BUF};
	struct gha_hour *h = calloc(1, sizeof *h);
	struct sw_error err = {0};
	if (!rd.in || !rd.buf || !h) {
		sw_error_set(&err, SW_ENOMEM, "gharchive scan: out of memory");
		set_error(cx, SW_ENOMEM, &err);
	} else {
		sw_buf_init(&h->arena, (size_t)256 << 20);
		for (size_t i; !atomic_load(&cx->stop) && (i = atomic_fetch_add(&cx->next, 1)) < cx->nfiles;)
			if (!scan_file(cx, h, &rd, cx->files[i], &err))
				break;
	}
	free(rd.in);
	free(rd.buf);
	if (h)
		hour_release(h);
	free(h);
	return NULL;
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

static sw_err add_file(struct scan_ctx *cx, size_t *alloc, const char *path, struct sw_error *err)
{
	if (cx->opts->shard_n > 0) {
		int64_t k = gha_hour_key(base_name(path), NULL);
		uint64_t u = (uint64_t)(k < 0 ? -k : k);
		if ((int)(u % (uint64_t)cx->opts->shard_n) != cx->opts->shard_i - 1)
			return SW_OK;
	}
	if (!sw_array_grow(&cx->files, alloc, cx->nfiles + 1, sizeof *cx->files) ||
	    !(cx->files[cx->nfiles] = strdup(path)))
		return sw_error_set(err, SW_ENOMEM, "gharchive scan: out of memory");
	cx->nfiles++;
	return SW_OK;
}

static sw_err collect(struct scan_ctx *cx, const char *const *paths, size_t npaths, struct sw_error *err)
{
	size_t alloc = 0;
	for (size_t i = 0; i < npaths; i++) {
		struct stat sb;
		if (stat(paths[i], &sb) != 0)
			return sw_error_set(err, SW_ENOTFOUND, "%s: %s", paths[i], strerror(errno));
		if (!S_ISDIR(sb.st_mode)) {
			sw_err e = add_file(cx, &alloc, paths[i], err);
			if (e)
				return e;
			continue;
		}
		DIR *d = opendir(paths[i]);
		if (!d)
			return sw_error_set(err, SW_EIO, "%s: %s", paths[i], strerror(errno));
		size_t first = cx->nfiles;
		struct dirent *de;
		sw_err e = SW_OK;
		while (!e && (de = readdir(d))) {
			if (de->d_name[0] == '.' || !hour_file(de->d_name))
				continue;
			char full[4096];
			snprintf(full, sizeof full, "%s/%s", paths[i], de->d_name);
			e = add_file(cx, &alloc, full, err);
		}
		closedir(d);
		if (e)
			return e;
		if (cx->nfiles - first > 1)
			qsort(cx->files + first, cx->nfiles - first, sizeof *cx->files, cmp_str);
	}
	/* The same path given twice (a file and its directory) is scanned once. */
	if (cx->nfiles > 1)
		qsort(cx->files, cx->nfiles, sizeof *cx->files, cmp_str);
	size_t keep = 0;
	for (size_t i = 0; i < cx->nfiles; i++) {
		if (keep && !strcmp(cx->files[keep - 1], cx->files[i]))
			free(cx->files[i]);
		else
			cx->files[keep++] = cx->files[i];
	}
	cx->nfiles = keep;
	return SW_OK;
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
	int nt = opts->threads > 0 ? opts->threads : 1;
	if ((size_t)nt > cx->nfiles)
		nt = cx->nfiles ? (int)cx->nfiles : 1;
	sw_progress_init(&cx->prog, stderr, "hours", cx->nfiles);
	if (opts->quiet)
		cx->prog.enabled = false;
	pthread_t th[64];
	if (nt > 64)
		nt = 64;
	int started = 0;
	for (int i = 1; i < nt; i++) {
		if (pthread_create(&th[i], NULL, worker, cx) != 0)
			break;
		started = i;
	}
	worker(cx);
	for (int i = 1; i <= started; i++)
		pthread_join(th[i], NULL);
	sw_progress_finish(&cx->prog);
	if (cx->first_err && err)
		*err = cx->err;
	return cx->first_err;
}

sw_err sw_gha_scan(struct sw_store *s, const char *const *paths, size_t npaths,
		   const struct sw_gha_scan_opts *opts, struct sw_gha_scan_stats *stats, struct sw_error *err)
{
	struct sw_gha_scan_opts def = {0};
	if (!opts)
		opts = &def;
	if (opts->shard_n < 0 || (opts->shard_n > 0 && (opts->shard_i < 1 || opts->shard_i > opts->shard_n)))
		return sw_error_set(err, SW_EINVAL, "gharchive scan: shard must be I/N with 1 <= I <= N");
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
		e = collect(cx, paths, npaths, err);
	if (!e)
		e = run_workers(cx, err);
	if (stats) {
		*stats = cx->stats;
		stats->tracked = cx->tracked.nnames;
	}
	for (size_t i = 0; i < cx->nfiles; i++)
		free(cx->files[i]);
	free(cx->files);
	tracked_release(&cx->tracked);
	pthread_mutex_destroy(&cx->mu);
	free(cx);
	return e;
}
