/* readmes.c: README files for classify FILE, --train and --evaluate: JSON
 * Lines, one object a line with "repo" ("owner/name") and "readme" (the
 * text, "" for none), what `update --readmes` stores from the API. Other
 * fields are ignored. Each README is kept up to the classifier's budget;
 * a repo given again (in the same file or a later one) takes the later
 * text. Lookups are by repo, ASCII case-insensitively, as GitHub names.
 * The usual line is read by jsonline.c, any other by the JSON library. */
#include "classify_int.h"

#include <errno.h>
#include <jansson.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#define LINE_MAX_BYTES ((size_t)8 << 20) /* 16 KiB of text is far less, even \u-escaped */
#define REPO_MAX 200
#define READMES_PARALLEL_MIN ((off_t)4 << 20) /* smaller files: one thread, a line at a time */
#define READMES_MAX_THREADS 8
#define READMES_SLICE ((size_t)8 << 20) /* a part's bytes read before their pages are dropped */

void sw_classify_readmes_release(struct sw_classify_readmes *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++) {
		free(r->items[i].repo);
		free(r->items[i].text);
	}
	free(r->items);
	memset(r, 0, sizeof *r);
}

/* owner/name: one slash, both sides non-empty, no spaces or controls. */
static bool repo_ok(const char *s)
{
	const char *slash = strchr(s, '/');
	if (!slash || slash == s || !slash[1] || strchr(slash + 1, '/') || strlen(s) > REPO_MAX)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= ' ' || *p == 0x7f)
			return false;
	return true;
}

/* The README text of one record, cut to the budget at a UTF-8 boundary
 * and at a NUL. */
static char *readme_text(const char *s, size_t n, size_t *len)
{
	const char *nul = memchr(s, '\0', n);
	if (nul)
		n = (size_t)(nul - s);
	if (n > SW_CLASSIFY_README_BUDGET) {
		n = SW_CLASSIFY_README_BUDGET;
		while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	*len = n;
	return sw_str_ndup(s, n);
}

static sw_err add(struct sw_classify_readmes *r, const char *repo, const char *text, size_t tlen, size_t seq)
{
	if (!sw_array_grow(&r->items, &r->alloc_, r->n + 1, sizeof *r->items))
		return SW_ENOMEM;
	struct sw_classify_readme *it = &r->items[r->n];
	it->repo = sw_str_dup(repo);
	it->text = readme_text(text, tlen, &it->len);
	it->seq = seq;
	if (!it->repo || !it->text) {
		free(it->repo);
		free(it->text);
		return SW_ENOMEM;
	}
	r->n++;
	return SW_OK;
}

/* A line of the usual shape (jsonline.c): added, *done set. */
static sw_err usual_line(const char *name, size_t ln, const char *s, size_t n, struct sw_classify_readmes *r,
			 struct sw_buf *text, bool *done, struct sw_error *err)
{
	struct classify_jsonline j;
	char repo[REPO_MAX + 1];
	*done = classify_jsonline(s, n, SW_CLASSIFY_README_BUDGET + 1, text, &j) && j.repo_len <= REPO_MAX;
	if (!*done)
		return SW_OK;
	memcpy(repo, j.repo, j.repo_len);
	repo[j.repo_len] = '\0';
	if (!repo_ok(repo))
		return sw_error_set(err, SW_EPARSE, "%s:%zu: \"repo\" must be a string owner/name", name, ln);
	sw_err e = add(r, repo, text->data ? text->data : "", text->len, r->n);
	return e ? sw_error_set(err, e, "%s:%zu: out of memory", name, ln) : SW_OK;
}

/* One line (not empty): a JSON object with string "repo" and "readme".
 * text: scratch for the usual shape's readme. */
static sw_err parse_line(const char *name, size_t ln, const char *s, size_t n, struct sw_classify_readmes *r,
			 struct sw_buf *text, struct sw_error *err)
{
	bool done;
	sw_err e = usual_line(name, ln, s, n, r, text, &done, err);
	if (done || e)
		return e;
	json_error_t je;
	json_t *j = json_loadb(s, n, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
	if (!j)
		return sw_error_set(err, SW_EPARSE, "%s:%zu: not JSON: %s", name, ln, je.text);
	json_t *repo = json_object_get(j, "repo"), *readme = json_object_get(j, "readme");
	if (!json_is_object(j))
		e = sw_error_set(err, SW_EPARSE, "%s:%zu: expected a JSON object", name, ln);
	else if (!json_is_string(repo) || !repo_ok(json_string_value(repo)))
		e = sw_error_set(err, SW_EPARSE, "%s:%zu: \"repo\" must be a string owner/name", name, ln);
	else if (!json_is_string(readme) && !json_is_null(readme))
		e = sw_error_set(err, SW_EPARSE, "%s:%zu: \"readme\" must be a string (\"\" for none)", name, ln);
	else if ((e = add(r, json_string_value(repo), json_is_string(readme) ? json_string_value(readme) : "",
			  json_is_string(readme) ? json_string_length(readme) : 0, r->n)))
		sw_error_set(err, e, "%s:%zu: out of memory", name, ln);
	json_decref(j);
	return e;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct sw_classify_readme *x = a, *y = b;
	int c = strcasecmp(x->repo, y->repo);
	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

/* Sorted by repo, the last of each repo kept; seq renumbered so a later
 * file's entries come after. */
static void finish(struct sw_classify_readmes *r)
{
	qsort(r->items, r->n, sizeof *r->items, cmp_entry);
	size_t k = 0;
	for (size_t i = 0; i < r->n; i++) {
		if (i + 1 < r->n && !strcasecmp(r->items[i].repo, r->items[i + 1].repo)) {
			free(r->items[i].repo);
			free(r->items[i].text);
			continue;
		}
		r->items[k] = r->items[i];
		r->items[k].seq = k;
		k++;
	}
	r->n = k;
}

/* Line ln (its newline cut): skipped when blank, else parse_line. */
static sw_err one_line(const char *name, size_t ln, const char *s, size_t l, struct sw_classify_readmes *r,
		       struct sw_buf *text, struct sw_error *err)
{
	while (l && (s[l - 1] == '\r' || s[l - 1] == ' ' || s[l - 1] == '\t'))
		l--;
	if (l > LINE_MAX_BYTES)
		return sw_error_set(err, SW_ELIMIT, "%s:%zu: line longer than %zu bytes", name, ln, LINE_MAX_BYTES);
	return l ? parse_line(name, ln, s, l, r, text, err) : SW_OK;
}

/* Each line of data[0..len); lines counted from 1. */
static sw_err parse_lines(const char *name, const char *data, size_t len, struct sw_classify_readmes *r,
			  struct sw_error *err)
{
	sw_err e = SW_OK;
	size_t ln = 0;
	struct sw_buf text = SW_BUF_INIT;
	for (size_t pos = 0; pos < len && !e;) {
		const char *eol = memchr(data + pos, '\n', len - pos);
		size_t l = eol ? (size_t)(eol - (data + pos)) : len - pos;
		e = one_line(name, ++ln, data + pos, l, r, &text, err);
		pos += l + 1;
	}
	sw_buf_release(&text);
	return e;
}

/* The lines of an open file, one at a time (memory: one line). */
static sw_err read_lines(const char *name, FILE *f, struct sw_classify_readmes *r, struct sw_error *err)
{
	char *buf = NULL;
	size_t cap = 0, ln = 0;
	ssize_t got;
	sw_err e = SW_OK;
	struct sw_buf text = SW_BUF_INIT;
	while (!e && (got = getline(&buf, &cap, f)) >= 0) {
		size_t l = (size_t)got;
		if (l && buf[l - 1] == '\n')
			l--;
		e = one_line(name, ++ln, buf, l, r, &text, err);
	}
	sw_buf_release(&text);
	if (!e && ferror(f))
		e = sw_error_set(err, SW_EIO, "%s: read error: %s", name, strerror(errno));
	free(buf);
	return e;
}

/* Entries from index `before` on are dropped: a failed read adds nothing. */
static void drop_from(struct sw_classify_readmes *r, size_t before)
{
	for (size_t i = before; i < r->n; i++) {
		free(r->items[i].repo);
		free(r->items[i].text);
	}
	r->n = before;
}

sw_err sw_classify_readmes_parse(const char *name, const char *data, size_t len, struct sw_classify_readmes *r,
				 struct sw_error *err)
{
	size_t before = r->n;
	sw_err e = parse_lines(name, data, len, r, err);
	if (e)
		drop_from(r, before);
	else
		finish(r);
	return e;
}

/* A part of a file's lines, parsed by one thread into a list of its own. */
struct lines_part {
	const char *data;
	size_t len;
	struct sw_classify_readmes r;
	sw_err e;
};

/* The mapped pages wholly inside data[0..len), read and not needed again,
 * dropped: the texts are copied, so the map need not stay resident. */
static void drop_pages(const char *data, size_t len)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t a = ((uintptr_t)data + page - 1) / page * page, b = ((uintptr_t)data + len) / page * page;
	if (page && b > a)
		madvise((void *)a, b - a, MADV_DONTNEED);
}

/* The part's lines, a slice of about READMES_SLICE bytes (cut at a line's
 * end) at a time, each slice's pages dropped once read. */
static void part_parse(struct lines_part *p)
{
	struct sw_error err = {0};
	for (size_t at = 0; at < p->len && !p->e;) {
		size_t end = p->len;
		if (p->len - at > READMES_SLICE) {
			const char *nl = memchr(p->data + at + READMES_SLICE, '\n', p->len - at - READMES_SLICE);
			end = nl ? (size_t)(nl - p->data) + 1 : p->len;
		}
		p->e = parse_lines("", p->data + at, end - at, &p->r, &err);
		drop_pages(p->data + at, end - at);
		at = end;
	}
}

/* The parts' entries after r's, in the parts' order (seq: as read). */
static sw_err merge_parts(struct lines_part *part, int n, struct sw_classify_readmes *r)
{
	size_t total = r->n;
	for (int k = 0; k < n; k++)
		total += part[k].r.n;
	if (!sw_array_grow(&r->items, &r->alloc_, total + 1, sizeof *r->items))
		return SW_ENOMEM;
	for (int k = 0; k < n; k++)
		for (size_t i = 0; i < part[k].r.n; i++) {
			r->items[r->n] = part[k].r.items[i];
			r->items[r->n].seq = r->n;
			r->n++;
		}
	for (int k = 0; k < n; k++) {
		free(part[k].r.items); /* the entries moved to r */
		part[k].r = (struct sw_classify_readmes){0};
	}
	return SW_OK;
}

/* The parts of a file, taken by the threads one at a time. */
struct lines_job {
	struct lines_part part[READMES_MAX_THREADS];
	int n;
	atomic_int next;
};

static void *parts_worker(void *arg)
{
	struct lines_job *job = arg;
	for (int k; (k = atomic_fetch_add(&job->next, 1)) < job->n;)
		part_parse(&job->part[k]);
	return NULL;
}

/* The lines of data[0..len) on n threads, each part cut at a line's end;
 * true if every part was read (false: r as it was, and the caller reads
 * the lines in one pass, for the first error's line number). */
static bool parse_parallel(const char *data, size_t len, int n, struct sw_classify_readmes *r)
{
	struct lines_job job = {.n = n};
	struct lines_part *part = job.part;
	size_t at = 0;
	for (int k = 0; k < n; k++) {
		size_t end = len;
		if (k + 1 < n) { /* after the first newline from the k + 1'th n-th on */
			size_t cut = len / (size_t)n * (size_t)(k + 1);
			const char *nl = cut < at ? data + at - 1 : memchr(data + cut, '\n', len - cut);
			end = nl ? (size_t)(nl - data) + 1 : len;
		}
		part[k] = (struct lines_part){data + at, end - at, {0}, SW_OK};
		at = end;
	}
	sw_thread_run(n, parts_worker, &job);
	bool ok = true;
	for (int k = 0; k < n; k++)
		ok = ok && !part[k].e;
	if (ok && merge_parts(part, n, r))
		ok = false;
	for (int k = 0; k < n; k++)
		sw_classify_readmes_release(&part[k].r);
	return ok;
}

/* A large regular file mapped and read on `threads` threads; *done false:
 * not mapped, or a part failed (nothing added), for read_lines. The map
 * is private and read-only; a file truncated meanwhile would fault, as
 * for any mapped file. */
static void load_mapped(int fd, int threads, struct sw_classify_readmes *r, bool *done)
{
	struct stat st;
	*done = false;
	if (threads < 2 || fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size < READMES_PARALLEL_MIN ||
	    (uint64_t)st.st_size > SIZE_MAX)
		return;
	size_t len = (size_t)st.st_size;
	void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED)
		return;
	*done = parse_parallel(map, len, threads > READMES_MAX_THREADS ? READMES_MAX_THREADS : threads, r);
	munmap(map, len);
}

sw_err sw_classify_readmes_load_threads(const char *path, int threads, struct sw_classify_readmes *r,
					struct sw_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return sw_error_set(err, SW_EIO, "%s: %s", path, strerror(errno));
	size_t before = r->n;
	bool done;
	load_mapped(fileno(f), threads, r, &done);
	sw_err e = done ? SW_OK : read_lines(path, f, r, err);
	fclose(f);
	if (e)
		drop_from(r, before);
	else
		finish(r);
	return e;
}

sw_err sw_classify_readmes_load(const char *path, struct sw_classify_readmes *r, struct sw_error *err)
{
	return sw_classify_readmes_load_threads(path, 1, r, err);
}

const struct sw_classify_readme *sw_classify_readmes_find(const struct sw_classify_readmes *r, const char *repo)
{
	if (!r || !repo || !r->n)
		return NULL;
	size_t lo = 0, hi = r->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcasecmp(r->items[mid].repo, repo);
		if (!c)
			return &r->items[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void sw_classify_examples_add_readmes(struct sw_classify_examples *x, const struct sw_classify_readmes *r)
{
	for (size_t i = 0; i < x->n; i++) {
		const struct sw_classify_readme *m = sw_classify_readmes_find(r, x->items[i].in.repo);
		if (m) {
			x->items[i].in.readme = m->text;
			x->items[i].in.readme_len = m->len;
		}
	}
}

void sw_classify_examples_keep_readme(struct sw_classify_examples *x)
{
	size_t k = 0;
	for (size_t i = 0; i < x->n; i++)
		if (x->items[i].in.readme && x->items[i].in.readme_len)
			x->items[k++] = x->items[i];
	x->n = k;
}
