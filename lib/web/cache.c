/* cache.c: the data the pages read, kept off the request path: per-thread
 * store connections, the list cache (core's list index with every order
 * presorted, plus the filter menus) rebuilt by a watcher thread when
 * PRAGMA data_version says another connection committed, the rendered
 * responses of cacheable views, and the report built once per data
 * generation.
 *
 * Why a cache: a list query over 20,000 repos costs tens of milliseconds
 * from the store; the list page must answer in well under that at p99. */
#include <errno.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/core_int.h"
#include "stackwatch/report.h"
#include "web_int.h"

static void web_report_fill(struct sw_store *s, struct web_cache *c);

/* ------------------------------------------------------------ cache */

void web_cache_unref(struct web_cache *c)
{
	if (!c)
		return;
	if (__atomic_sub_fetch(&c->refs, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	list_free(c->list);
	for (size_t i = 0; i < c->nlayers; i++)
		free(c->layers[i]);
	free(c->layers);
	for (size_t i = 0; i < c->nsubcats; i++) {
		free(c->subcats[i].layer);
		free(c->subcats[i].name);
	}
	free(c->subcats);
	for (size_t i = 0; i < c->ncountries; i++)
		free(c->countries[i]);
	free(c->countries);
	for (size_t i = 0; i < 256; i++)
		for (struct web_cached *e = c->rc[i], *nx; e; e = nx) {
			nx = e->next;
			MHD_destroy_response(e->mr);
			free(e->key);
			free(e);
		}
	pthread_rwlock_destroy(&c->rc_lock);
	pthread_mutex_destroy(&c->report_mu);
	free(c->report_html);
	free(c->report_json);
	free(c);
}

static int cmp_str(const void *a, const void *b)
{
	return strcasecmp(*(char *const *)a, *(char *const *)b);
}

/* Layers in taxonomy order and subcategories, for the filter menus. */
static sw_err load_taxonomy(struct sw_store *s, struct web_cache *c, struct sw_error *err)
{
	sqlite3_stmt *st;
	sw_err e = store_stmt(s, "SELECT name FROM layers ORDER BY position, id", &st, err);
	for (size_t alloc = 0; !e && sqlite3_step(st) == SQLITE_ROW;) {
		if (c->nlayers == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			char **p = realloc(c->layers, alloc * sizeof *p);
			if (!p)
				break;
			c->layers = p;
		}
		c->layers[c->nlayers++] = store_col_text(st, 0);
	}
	if (!e)
		sqlite3_reset(st);
	if (!e)
		e = store_stmt(s,
			       "SELECT l.name, sc.name FROM subcats sc JOIN layers l ON l.id = sc.layer_id"
			       " ORDER BY l.position, lower(sc.name)",
			       &st, err);
	for (size_t alloc = 0; !e && sqlite3_step(st) == SQLITE_ROW;) {
		if (c->nsubcats == alloc) {
			alloc = alloc ? alloc * 2 : 64;
			struct web_subcat *p = realloc(c->subcats, alloc * sizeof *p);
			if (!p)
				break;
			c->subcats = p;
		}
		c->subcats[c->nsubcats].layer = store_col_text(st, 0);
		c->subcats[c->nsubcats].name = store_col_text(st, 1);
		c->nsubcats++;
	}
	if (!e)
		sqlite3_reset(st);
	return e;
}

/* Distinct countries of the listed repos, for the filter menu, and which
 * other facts some repo has. */
static sw_err load_countries(struct web_cache *c, struct sw_error *err)
{
	size_t n = list_size(c->list);
	if (!n)
		return SW_OK;
	if (!(c->countries = calloc(n, sizeof *c->countries)))
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		const struct sw_repo_row *row = list_row(c->list, i);
		c->any_fork |= row->repo.is_fork >= 0;
		c->any_archived |= row->repo.archived >= 0;
		c->any_downloads |= row->snap.downloads > 0 && row->snap.downloads != SW_UNKNOWN;
		const char *k = row->repo.country;
		if (!k || !*k)
			continue;
		bool seen = false;
		for (size_t j = 0; j < c->ncountries && !seen; j++)
			seen = !strcasecmp(c->countries[j], k);
		if (!seen && c->ncountries < 500 && !(c->countries[c->ncountries++] = strdup(k)))
			return sw_error_set(err, SW_ENOMEM, "out of memory");
	}
	qsort(c->countries, c->ncountries, sizeof *c->countries, cmp_str);
	return SW_OK;
}

/* Build a fresh cache from the store `s` (the watch connection): the list
 * index with every order presorted (read-only from then on, shared by the
 * worker threads), and the menus. */
static sw_err cache_build(struct sw_store *s, struct web_cache **out, struct sw_error *err)
{
	struct web_cache *c = calloc(1, sizeof *c);
	if (!c)
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	c->refs = 1;
	pthread_mutex_init(&c->report_mu, NULL);
	pthread_rwlock_init(&c->rc_lock, NULL);
	sw_err e = store_list_load(s, NULL, 0, true, &c->list, err);
	if (!e)
		e = load_taxonomy(s, c, err);
	if (!e)
		e = load_countries(c, err);
	if (e) {
		web_cache_unref(c);
		return e;
	}
	c->as_of = list_now(c->list);
	*out = c;
	return SW_OK;
}

sw_err web_cache_query(const struct web_cache *c, const struct sw_query *q, struct sw_repo_list *out,
		       struct sw_error *err)
{
	memset(out, 0, sizeof *out);
	uint32_t *pos = NULL;
	size_t n = 0;
	/* The index has every order already, so selecting never writes to it. */
	sw_err e = list_select(c->list, q, &pos, &n, &out->total, err);
	if (!e && !(out->rows = malloc((n ? n : 1) * sizeof *out->rows)))
		e = sw_error_set(err, SW_ENOMEM, "out of memory");
	for (size_t i = 0; !e && i < n; i++)
		out->rows[out->n++] = *list_row(c->list, pos[i]); /* shallow: the index owns the strings */
	free(pos);
	return e;
}

/* ---- response cache ---- */
#define RC_MAX_ENTRIES 2048
#define RC_MAX_BYTES ((size_t)64 << 20)

static unsigned rc_hash(const char *k)
{
	uint32_t h = 2166136261u;
	for (; *k; k++)
		h = (h ^ (unsigned char)*k) * 16777619u;
	return h & 255;
}

/* A new reference to the cached response for key, or NULL. */
struct MHD_Response *web_rc_lookup(struct web_cache *c, const char *key, unsigned *status)
{
	struct MHD_Response *mr = NULL;
	pthread_rwlock_rdlock(&c->rc_lock);
	for (struct web_cached *e = c->rc[rc_hash(key)]; e; e = e->next)
		if (!strcmp(e->key, key)) {
			mr = e->mr;
			*status = e->status;
			break;
		}
	pthread_rwlock_unlock(&c->rc_lock);
	return mr;
}

/* Keep mr (a response the caller also queues) for later requests; takes
 * no ownership unless stored, in which case the cache holds one reference.
 * Returns true if stored. libmicrohttpd responses are reference-counted
 * and may be queued on many connections at once. */
bool web_rc_store(struct web_cache *c, const char *key, unsigned status, struct MHD_Response *mr, size_t len)
{
	struct web_cached *e = calloc(1, sizeof *e);
	if (!e)
		return false;
	e->key = strdup(key);
	if (!e->key) {
		free(e);
		return false;
	}
	e->mr = mr;
	e->len = len;
	e->status = status;
	unsigned h = rc_hash(key);
	pthread_rwlock_wrlock(&c->rc_lock);
	bool dup = false;
	for (struct web_cached *x = c->rc[h]; x && !dup; x = x->next)
		dup = !strcmp(x->key, key);
	bool stored = !dup && c->rc_count < RC_MAX_ENTRIES && c->rc_bytes + len <= RC_MAX_BYTES;
	if (stored) {
		e->next = c->rc[h];
		c->rc[h] = e;
		c->rc_count++;
		c->rc_bytes += len;
	}
	pthread_rwlock_unlock(&c->rc_lock);
	if (!stored) {
		free(e->key);
		free(e);
	}
	return stored;
}

/* ------------------------------------------------------------ server */

bool web_keep(struct sw_web *w, void *obj, void (*release)(void *obj))
{
	pthread_mutex_lock(&w->mu);
	struct web_kept *p = realloc(w->kept, (w->nkept + 1) * sizeof *p);
	if (p) {
		w->kept = p;
		w->kept[w->nkept++] = (struct web_kept){obj, release};
	}
	pthread_mutex_unlock(&w->mu);
	return p != NULL;
}

void web_release_kept(struct sw_web *w)
{
	for (size_t i = 0; i < w->nkept; i++)
		w->kept[i].release(w->kept[i].obj);
	free(w->kept);
	w->kept = NULL;
	w->nkept = 0;
}

static _Thread_local struct sw_store *tl_store;
static _Thread_local const struct sw_web *tl_owner;

static void store_release(void *s)
{
	sw_store_free(s);
}

/* SQLite handles are never shared between threads: one per worker. */
struct sw_store *web_thread_store(struct sw_web *w, struct sw_error *err)
{
	if (tl_owner == w && tl_store)
		return tl_store;
	struct sw_store *s = NULL;
	if (sw_store_open(w->db_path, &s, err))
		return NULL;
	/* Pages only read (WAL: never blocked); a submission or review that
	 * finds another process writing waits this long, then gets 503,
	 * rather than stall every connection of its thread. */
	sw_store_busy_timeout(s, 1000);
	if (!web_keep(w, s, store_release)) {
		sw_store_free(s);
		sw_error_set(err, SW_ENOMEM, "out of memory");
		return NULL;
	}
	tl_store = s;
	tl_owner = w;
	return s;
}

static int64_t data_version(struct sw_store *s)
{
	sqlite3_stmt *st;
	if (store_stmt(s, "PRAGMA data_version", &st, NULL))
		return -1;
	int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return v;
}

/* Rebuild the cache if the database changed; called under build_mu. */
sw_err web_cache_refresh_locked(struct sw_web *w, bool force, struct sw_error *err)
{
	int64_t v = data_version(w->watch);
	if (!force && w->cache && v == w->data_version)
		return SW_OK;
	struct web_cache *c = NULL;
	sw_err e = cache_build(w->watch, &c, err);
	if (e)
		return e;
	pthread_mutex_lock(&w->mu);
	bool report = w->report_wanted;
	pthread_mutex_unlock(&w->mu);
	if (report)
		web_report_fill(w->watch, c); /* before publishing: /report never waits again */
	pthread_mutex_lock(&w->mu);
	struct web_cache *old = w->cache;
	w->cache = c;
	w->data_version = v;
	pthread_mutex_unlock(&w->mu);
	web_cache_unref(old);
	return SW_OK;
}

struct web_cache *web_cache_get(struct sw_web *w)
{
	pthread_mutex_lock(&w->mu);
	struct web_cache *c = w->cache;
	__atomic_add_fetch(&c->refs, 1, __ATOMIC_ACQ_REL);
	pthread_mutex_unlock(&w->mu);
	return c;
}

/* The watcher: once a second (or when asked) compare data_version and
 * rebuild the cache off the request path, so no request ever waits for a
 * rebuild (about 0.5 s for 20,000 repos). */
void *web_watch_main(void *arg)
{
	struct sw_web *w = arg;
	pthread_mutex_lock(&w->mu);
	while (!w->stopping) {
		if (w->check_done == w->check_req) {
			struct timespec ts;
			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_sec += 1;
			pthread_cond_timedwait(&w->watch_cond, &w->mu, &ts);
		}
		if (w->stopping)
			break;
		uint64_t serving = w->check_req;
		pthread_mutex_unlock(&w->mu);
		pthread_mutex_lock(&w->build_mu);
		(void)web_cache_refresh_locked(w, false, NULL); /* on failure keep serving the old cache */
		pthread_mutex_unlock(&w->build_mu);
		pthread_mutex_lock(&w->mu);
		w->check_done = serving;
		pthread_cond_broadcast(&w->watch_cond);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

/* After this server's own write: have the watcher check now, and wait (at
 * most 5 s) for a check that started after the write, so the writer's next
 * page already shows it. */
void web_cache_changed(struct sw_web *w)
{
	pthread_mutex_lock(&w->mu);
	uint64_t ticket = ++w->check_req;
	pthread_cond_broadcast(&w->watch_cond);
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 5;
	while (!w->stopping && w->check_done < ticket)
		if (pthread_cond_timedwait(&w->watch_cond, &w->mu, &ts) == ETIMEDOUT)
			break;
	pthread_mutex_unlock(&w->mu);
}

void web_refresh_status(struct sw_web *w, int64_t *last, char *msg, size_t n)
{
	pthread_mutex_lock(&w->mu);
	*last = w->last_refresh;
	snprintf(msg, n, "%s", w->refresh_msg);
	pthread_mutex_unlock(&w->mu);
}

/* ---- report (built once per cache generation, one code path with the CLI) ---- */
/* Build the report for cache c from store s, unless done; under c->report_mu. */
static bool report_fill_locked(struct sw_store *s, struct web_cache *c, struct sw_error *err)
{
	if (c->report_built)
		return true;
	struct sw_report *rep = NULL;
	struct sw_report_opts ro = {.as_of = c->as_of};
	struct sw_buf h = SW_BUF_INIT, j = SW_BUF_INIT;
	/* repos link to their pages here, owners to the list of their repos */
	static const struct sw_report_links links = {"/r/", "/?owner=", "https://github.com/"};
	if (s && !sw_report_build(s, &ro, &rep, err) && !sw_report_render_html_fragment(rep, &links, &h, err) &&
	    !sw_report_render(rep, SW_FMT_JSON, NULL, &j, err)) {
		c->report_html = sw_buf_detach(&h);
		c->report_json = sw_buf_detach(&j);
		c->report_built = true;
	}
	sw_buf_release(&h);
	sw_buf_release(&j);
	sw_report_free(rep);
	return c->report_built;
}

static void web_report_fill(struct sw_store *s, struct web_cache *c)
{
	pthread_mutex_lock(&c->report_mu);
	(void)report_fill_locked(s, c, NULL);
	pthread_mutex_unlock(&c->report_mu);
}

/* The first /report builds on the request's thread; from then on the
 * watcher builds it with each new cache, off the request path. */
bool web_report_ensure(struct sw_web *w, struct web_cache *c, struct sw_error *err)
{
	pthread_mutex_lock(&w->mu);
	w->report_wanted = true;
	pthread_mutex_unlock(&w->mu);
	pthread_mutex_lock(&c->report_mu);
	bool ok = c->report_built || report_fill_locked(web_thread_store(w, err), c, err);
	pthread_mutex_unlock(&c->report_mu);
	return ok;
}
