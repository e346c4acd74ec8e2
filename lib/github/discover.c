/* discover.c: repository discovery through GitHub search (see github.h).
 *
 * The search API answers at most 1,000 results per query (10 pages of
 * 100) but reports the true total_count, so a slice whose total exceeds the
 * cap is split: first by star range (halving [lo, top], where top is the
 * most-starred result, the upper half staying open-ended so repos that gain
 * stars meanwhile are not lost), then, once a slice is a single star count,
 * by creation-date range. A slice of one star count and one day that still
 * has more than 1,000 results cannot be split and is reported. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "github_int.h"
#include "stackwatch/core.h"

static const char *const default_keywords[] = {"gpt", "llm", "generative ai"};

struct slice {
	int64_t lo, hi;   /* stars; hi -1 = open */
	int64_t dlo, dhi; /* days since epoch; -1 = no date qualifier */
};

struct ids {
	int64_t *v;
	size_t n, cap;
};

void sw_github_discover_result_release(struct sw_github_discover_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nincomplete; i++)
		free(r->incomplete[i]);
	free(r->incomplete);
	memset(r, 0, sizeof *r);
}

static sw_err urlenc(struct sw_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	sw_err e = SW_OK;
	for (; *s && !e; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || strchr("-_.~", c))
			e = sw_buf_putc(b, (char)c);
		else if (!(e = sw_buf_putc(b, '%')) && !(e = sw_buf_putc(b, hex[c >> 4])))
			e = sw_buf_putc(b, hex[c & 15]);
	}
	return e;
}

static sw_err describe(struct sw_buf *b, const char *kw, const struct slice *sl)
{
	sw_err e;
	if (sl->hi < 0)
		e = sw_buf_printf(b, "%s stars:>=%lld", kw, (long long)sl->lo);
	else if (sl->lo == sl->hi)
		e = sw_buf_printf(b, "%s stars:%lld", kw, (long long)sl->lo);
	else
		e = sw_buf_printf(b, "%s stars:%lld..%lld", kw, (long long)sl->lo, (long long)sl->hi);
	/* forks are left out of search results unless asked for; we flag them */
	if (!e)
		e = sw_buf_puts(b, " fork:true");
	if (!e && sl->dlo >= 0) {
		char a[32], z[32];
		sw_time_format_date(sl->dlo * 86400, a);
		sw_time_format_date(sl->dhi * 86400, z);
		e = sw_buf_printf(b, " created:%s..%s", a, z);
	}
	return e;
}

static sw_err add_incomplete(struct sw_github_discover_result *r, const char *kw, const struct slice *sl,
			     const char *why)
{
	struct sw_buf b = SW_BUF_INIT;
	sw_err e = describe(&b, kw, sl);
	if (!e)
		e = sw_buf_printf(&b, " (%s)", why);
	char **g = e ? NULL : realloc(r->incomplete, (r->nincomplete + 1) * sizeof *g);
	if (!g) {
		sw_buf_release(&b);
		return SW_ENOMEM;
	}
	r->incomplete = g;
	r->incomplete[r->nincomplete++] = sw_buf_detach(&b);
	return SW_OK;
}

/* Is the repo of GitHub id gid (or owner/name) in the store already? */
static sw_err known_repo(struct sw_store *s, int64_t gid, const char *owner, const char *name, bool *known,
			 struct sw_error *err)
{
	sqlite3_stmt *st;
	sw_err e = store_stmt(s, "SELECT 1 FROM repos WHERE github_id=?", &st, err);
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, gid);
	*known = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	if (!*known) {
		char full[300];
		int64_t rid;
		snprintf(full, sizeof full, "%s/%s", owner, name);
		*known = sw_store_find_repo(s, full, &rid, NULL) == SW_OK;
	}
	return SW_OK;
}

/* Store one search item as a tracked candidate (no classification). */
static sw_err store_item(struct sw_store *s, json_t *it, struct sw_github_discover_result *r, struct ids *seen,
			 struct sw_error *err)
{
	json_t *jid = json_object_get(it, "id");
	const char *name = github_jstr(it, "name");
	const char *owner = github_jstr(json_object_get(it, "owner"), "login");
	if (!json_is_integer(jid) || !name || !owner)
		return sw_error_set(err, SW_EPARSE, "search result lacks id, name or owner.login");
	int64_t gid = (int64_t)json_integer_value(jid);
	if (!sw_array_grow(&seen->v, &seen->cap, seen->n + 1, sizeof *seen->v))
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	seen->v[seen->n++] = gid;
	bool known;
	sw_err e = known_repo(s, gid, owner, name, &known, err);
	if (e)
		return e;
	struct sw_buf topics = SW_BUF_INIT;
	if (github_topics(json_object_get(it, "topics"), json_string_value, &topics)) {
		sw_buf_release(&topics);
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	}
	struct sw_repo_update u = SW_REPO_UPDATE_INIT;
	u.github_id = gid;
	github_rest_repo(it, &u);
	u.language = github_jstr(it, "language");
	u.license = github_jstr(json_object_get(it, "license"), "spdx_id");
	u.topics = topics.len ? topics.data : NULL;
	u.pushed_at = github_jstr(it, "pushed_at");
	u.owner_type = github_owner_type(github_jstr(json_object_get(it, "owner"), "type"));
	u.as_of = (int64_t)time(NULL);
	int64_t rid;
	e = sw_store_upsert_repo(s, &u, &rid, err);
	sw_buf_release(&topics);
	if (!e && github_jstr(it, "node_id"))
		e = github_set_node(s, rid, github_jstr(it, "node_id"), err);
	if (!e && !known)
		r->new_repos++;
	return e;
}

/* Store a page's items in one transaction. */
static sw_err store_items(struct sw_store *s, json_t *items, struct sw_github_discover_result *r, struct ids *seen,
			  struct sw_error *err)
{
	sw_err e = sw_store_begin(s, err);
	if (e)
		return e;
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		if ((e = store_item(s, it, r, seen, err)))
			break;
	}
	if (e) {
		sw_store_rollback(s);
		return e;
	}
	return sw_store_commit(s, err);
}

/* Fetch one search page (and store its items when `store`). */
static sw_err page(struct sw_store *s, const struct sw_github_update_opts *o, const char *path, json_t **root,
		   char **next, struct sw_github_discover_result *r, struct ids *seen, bool store, struct sw_error *err)
{
	struct sw_github_resp resp;
	*root = NULL;
	*next = NULL;
	sw_err e = sw_github_get(o->gh, path, NULL, &resp, err);
	r->queries++;
	if (e)
		return e;
	json_error_t je;
	*root = resp.status == 200 ? json_loads(resp.body, 0, &je) : NULL;
	*next = resp.next;
	resp.next = NULL;
	sw_github_resp_release(&resp);
	json_t *items = json_object_get(*root, "items");
	if (!json_is_array(items) || !json_is_integer(json_object_get(*root, "total_count")))
		return sw_error_set(err, SW_EPARSE, "GET %s: search answer lacks items or total_count", path);
	return store ? store_items(s, items, r, seen, err) : SW_OK;
}

static int cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* The search path of slice sl for keyword kw (q: its query text). */
static sw_err slice_path(const char *kw, const struct slice *sl, struct sw_buf *q, struct sw_buf *path)
{
	sw_err e;
	sw_buf_reset(q);
	sw_buf_reset(path);
	if ((e = describe(q, kw, sl)) || (e = sw_buf_puts(path, "/search/repositories?q=")) ||
	    (e = urlenc(path, q->data)))
		return e;
	return sw_buf_puts(path, "&sort=stars&order=desc&per_page=100");
}

/* A slice of more than the search cap split in two (*a, *b): by star
 * range (halving [lo, top], top the most-starred result of page 1), else,
 * at one star count, by creation date within [first_day, today]. false:
 * it cannot be split. */
static bool split_slice(const struct slice *sl, json_t *root, int64_t first_day, int64_t today, struct slice *a,
			struct slice *b)
{
	*a = *b = *sl;
	int64_t top = sl->hi;
	if (top < 0) {
		json_t *it0 = json_array_get(json_object_get(root, "items"), 0);
		json_t *sc = json_object_get(it0, "stargazers_count");
		top = json_is_integer(sc) ? (int64_t)json_integer_value(sc) : sl->lo;
	}
	if (top > sl->lo) {
		int64_t mid = sl->lo + (top - sl->lo) / 2;
		a->hi = mid;
		b->lo = mid + 1;
		return true;
	}
	a->hi = b->hi = sl->lo; /* one star count (an open slice closes at its top) */
	if (a->dlo < 0) {
		a->dlo = b->dlo = first_day;
		a->dhi = b->dhi = today;
	}
	if (a->dlo >= a->dhi)
		return false;
	int64_t mid = a->dlo + (a->dhi - a->dlo) / 2;
	a->dhi = mid;
	b->dlo = mid + 1;
	return true;
}

/* A slice that fits (or cannot be split): page 1 (root) stored, then the
 * pages Link rel="next" leads to (at most 10 exist); incomplete answers
 * are reported. Takes root and next. */
static sw_err slice_store(struct sw_store *s, const struct sw_github_update_opts *o, const char *kw,
			  const struct slice *sl, json_t *root, char *next, struct sw_github_discover_result *r,
			  struct ids *seen, struct sw_error *err)
{
	sw_err e = SW_OK;
	int64_t total = (int64_t)json_integer_value(json_object_get(root, "total_count"));
	if (total > SW_GITHUB_SEARCH_CAP &&
	    (e = add_incomplete(r, kw, sl, "more than 1,000 results in one star count and one day")))
		e = sw_error_set(err, e, "out of memory");
	bool incomplete = json_is_true(json_object_get(root, "incomplete_results"));
	if (!e)
		e = store_items(s, json_object_get(root, "items"), r, seen, err);
	json_decref(root);
	char *owned = next;
	const char *url = next;
	for (int pg = 1; !e && url && pg < 10; pg++) {
		e = page(s, o, url, &root, &next, r, seen, true, err);
		if (!e && json_is_true(json_object_get(root, "incomplete_results")))
			incomplete = true;
		json_decref(root);
		free(owned);
		url = owned = next;
	}
	free(owned);
	if (!e)
		r->slices++;
	if (!e && incomplete && add_incomplete(r, kw, sl, "GitHub reported incomplete_results; rerun later"))
		e = sw_error_set(err, SW_ENOMEM, "out of memory");
	return e;
}

/* All repos of keyword kw with at least min stars: slices taken from a
 * stack, each split until it fits under the search cap. */
static sw_err keyword(struct sw_store *s, const struct sw_github_update_opts *o, const char *kw, int64_t min,
		      struct sw_github_discover_result *r, struct ids *seen, struct sw_error *err)
{
	struct slice *stack = NULL;
	size_t n = 0, cap = 0;
	if (!sw_array_grow(&stack, &cap, 64, sizeof *stack))
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	stack[n++] = (struct slice){min, -1, -1, -1};
	int64_t today = (int64_t)time(NULL) / 86400 + 1;
	int64_t first_day = sw_time_days_from_civil(2007, 10, 1); /* before GitHub's first public repos */
	sw_err e = SW_OK;
	struct sw_buf q = SW_BUF_INIT, path = SW_BUF_INIT;
	while (n && !e) {
		if (o->stop && *o->stop) {
			e = sw_error_set(err, SW_EINTERRUPTED, "discovery interrupted; rerun to finish");
			break;
		}
		struct slice sl = stack[--n], a, b;
		if ((e = slice_path(kw, &sl, &q, &path))) {
			e = sw_error_set(err, e, "out of memory");
			break;
		}
		json_t *root;
		char *next;
		/* read page 1 without storing until we know the slice fits */
		if ((e = page(s, o, path.data, &root, &next, r, seen, false, err))) {
			json_decref(root);
			free(next);
			break;
		}
		int64_t total = (int64_t)json_integer_value(json_object_get(root, "total_count"));
		if (total <= SW_GITHUB_SEARCH_CAP || !split_slice(&sl, root, first_day, today, &a, &b)) {
			e = slice_store(s, o, kw, &sl, root, next, r, seen, err);
			continue;
		}
		json_decref(root);
		free(next);
		if (!sw_array_grow(&stack, &cap, n + 2, sizeof *stack)) {
			e = sw_error_set(err, SW_ENOMEM, "out of memory");
			break;
		}
		stack[n++] = b;
		stack[n++] = a;
	}
	sw_buf_release(&q);
	sw_buf_release(&path);
	free(stack);
	return e;
}

sw_err sw_github_discover(struct sw_store *s, const struct sw_github_update_opts *o, struct sw_github_discover_result *out,
		       struct sw_error *err)
{
	memset(out, 0, sizeof *out);
	sw_err e = github_need_client(o, "discovery", err);
	if (e)
		return e;
	const char *const *kw = o->keywords ? o->keywords : default_keywords;
	size_t nk = o->keywords ? o->nkeywords : sizeof default_keywords / sizeof default_keywords[0];
	int64_t min = o->min_stars > 0 ? o->min_stars : SW_GITHUB_DISCOVER_MIN_STARS;
	struct ids seen = {0};
	for (size_t i = 0; i < nk && !e; i++) {
		if (!kw[i] || !*kw[i] || strlen(kw[i]) > 200) {
			e = sw_error_set(err, SW_EINVAL, "keyword %zu is empty or longer than 200 bytes", i + 1);
			break;
		}
		e = keyword(s, o, kw[i], min, out, &seen, err);
	}
	if (seen.n) {
		qsort(seen.v, seen.n, sizeof *seen.v, cmp64);
		size_t d = 1;
		for (size_t i = 1; i < seen.n; i++)
			d += seen.v[i] != seen.v[i - 1];
		out->found = d;
	}
	free(seen.v);
	if (!e) {
		/* forks and archived among everything tracked that search found */
		sqlite3_stmt *st;
		if (!store_stmt(s, "SELECT count(*) FILTER (WHERE is_fork=1), count(*) FILTER (WHERE archived=1)"
				      " FROM repos WHERE github_id IS NOT NULL",
				   &st, NULL)) {
			if (sqlite3_step(st) == SQLITE_ROW) {
				out->forks = (size_t)sqlite3_column_int64(st, 0);
				out->archived = (size_t)sqlite3_column_int64(st, 1);
			}
			sqlite3_reset(st);
		}
	}
	return e;
}
