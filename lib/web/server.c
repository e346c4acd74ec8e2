/* web.c: the stackwatch web server: libmicrohttpd glue (limits, methods,
 * security headers), per-thread store connections, the in-memory list cache
 * and the refresh schedule. Pages are rendered by web_pages.c.
 *
 * Why a cache: sw_store_list over 20,000 repos costs tens of milliseconds
 * per request (correlated subquery per repo); the list page must answer in
 * well under that at p99. The cache holds the newest-snapshot row of every
 * tracked repo plus a precomputed order per sort key, so a request is one
 * linear filter pass over a presorted array. A watcher thread rebuilds it
 * (off to the side, then swapped) when PRAGMA data_version on its own
 * connection says another connection committed, checked once a second. */
#include "stackwatch/web.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <libdeflate.h>
#include <math.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>

#include "core/core_int.h"
#include "web_int.h"

#define MAX_BODY 16384          /* POST bodies: forms only */
#define CONN_MEMORY (32 * 1024) /* per-connection header memory: bigger headers get 431 */
#define CONN_TIMEOUT 10         /* default seconds of idle before a connection is closed */

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

/* Distinct countries of the listed repos, for the filter menu. */
static sw_err load_countries(struct web_cache *c, struct sw_error *err)
{
	size_t n = list_size(c->list);
	if (!n)
		return SW_OK;
	if (!(c->countries = calloc(n, sizeof *c->countries)))
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		const char *k = list_row(c->list, i)->repo.country;
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
static struct MHD_Response *rc_lookup(struct web_cache *c, const char *key, unsigned *status)
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
static bool rc_store(struct web_cache *c, const char *key, unsigned status, struct MHD_Response *mr, size_t len)
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

static _Thread_local struct sw_store *tl_store;
static _Thread_local const struct sw_web *tl_owner;

struct sw_store *web_thread_store(struct sw_web *w, struct sw_error *err)
{
	if (tl_owner == w && tl_store)
		return tl_store;
	struct sw_store *s = NULL;
	if (sw_store_open(w->db_path, &s, err))
		return NULL;
	pthread_mutex_lock(&w->mu);
	struct sw_store **p = realloc(w->stores, (w->nstores + 1) * sizeof *p);
	if (p) {
		w->stores = p;
		w->stores[w->nstores++] = s;
	}
	pthread_mutex_unlock(&w->mu);
	if (!p) {
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
static sw_err refresh_cache_locked(struct sw_web *w, bool force, struct sw_error *err)
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
static void *watch_main(void *arg)
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
		(void)refresh_cache_locked(w, false, NULL); /* on failure keep serving the old cache */
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

/* ---- responses ---- */

void web_resp_init(struct web_resp *r)
{
	memset(r, 0, sizeof *r);
	r->status = 200;
	r->ctype = "text/html; charset=utf-8";
	sw_buf_init(&r->body, 64u << 20);
}

void web_resp_release(struct web_resp *r)
{
	sw_buf_release(&r->body);
	for (size_t i = 0; i < r->nhdr; i++) {
		free(r->hname[i]);
		free(r->hval[i]);
	}
	r->nhdr = 0;
}

void web_resp_header(struct web_resp *r, const char *name, const char *val)
{
	if (r->nhdr >= WEB_MAX_HEADERS)
		return;
	r->hname[r->nhdr] = strdup(name);
	r->hval[r->nhdr] = strdup(val);
	r->nhdr++;
}

static struct MHD_Response *make_resp(struct web_resp *r)
{
	size_t len = r->body.len;
	char *data = sw_buf_detach(&r->body);
	struct MHD_Response *mr = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
	if (!mr) {
		free(data);
		web_resp_release(r);
		return NULL;
	}
	MHD_add_response_header(mr, "Content-Type", r->ctype);
	MHD_add_response_header(mr, "Content-Security-Policy",
				"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
				" object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
	MHD_add_response_header(mr, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(mr, "Referrer-Policy", "same-origin");
	MHD_add_response_header(mr, "X-Frame-Options", "DENY");
	MHD_add_response_header(mr, "Cache-Control", r->cache_control ? r->cache_control : "no-store");
	MHD_add_response_header(mr, "Vary", "Accept-Encoding");
	if (r->gzip)
		MHD_add_response_header(mr, "Content-Encoding", "gzip");
	for (size_t i = 0; i < r->nhdr; i++)
		if (r->hname[i] && r->hval[i])
			MHD_add_response_header(mr, r->hname[i], r->hval[i]);
	return mr;
}

static enum MHD_Result send_resp(struct MHD_Connection *conn, struct web_resp *r)
{
	struct MHD_Response *mr = make_resp(r);
	if (!mr)
		return MHD_NO;
	enum MHD_Result ok = MHD_queue_response(conn, r->status, mr);
	MHD_destroy_response(mr);
	web_resp_release(r);
	return ok;
}

/* ---- gzip (libdeflate; compressors are per thread, they are not thread-safe) ---- */
static _Thread_local struct libdeflate_compressor *tl_comp;
static _Thread_local const struct sw_web *tl_comp_owner;

static struct libdeflate_compressor *thread_comp(struct sw_web *w)
{
	if (tl_comp_owner == w && tl_comp)
		return tl_comp;
	struct libdeflate_compressor *c = libdeflate_alloc_compressor(6);
	if (!c)
		return NULL;
	pthread_mutex_lock(&w->mu);
	struct libdeflate_compressor **p = realloc(w->comps, (w->ncomps + 1) * sizeof *p);
	if (p) {
		w->comps = p;
		w->comps[w->ncomps++] = c;
	}
	pthread_mutex_unlock(&w->mu);
	if (!p) {
		libdeflate_free_compressor(c);
		return NULL;
	}
	tl_comp = c;
	tl_comp_owner = w;
	return c;
}

/* Does Accept-Encoding allow gzip? ("gzip;q=0" says no.) */
static bool accepts_gzip(const char *ae)
{
	const char *g = ae ? strcasestr(ae, "gzip") : NULL;
	if (!g)
		return false;
	g += 4;
	while (*g == ' ')
		g++;
	if (*g != ';')
		return true;
	const char *q = strstr(g, "q=");
	const char *end = strchr(g, ',');
	if (!q || (end && q > end))
		return true;
	return strtod(q + 2, NULL) > 0;
}

/* Compress r's body in place when worth it; on any failure leave it plain. */
static void gzip_body(struct sw_web *w, struct web_resp *r)
{
	if (r->body.len < 1024 || r->gzip)
		return;
	struct libdeflate_compressor *c = thread_comp(w);
	if (!c)
		return;
	size_t bound = libdeflate_gzip_compress_bound(c, r->body.len);
	char *out = malloc(bound);
	size_t n = out ? libdeflate_gzip_compress(c, r->body.data, r->body.len, out, bound) : 0;
	if (n) {
		sw_buf_reset(&r->body);
		if (sw_buf_append(&r->body, out, n) == SW_OK)
			r->gzip = true;
	}
	free(out);
}

/* ---- request handling ---- */

struct req {
	struct sw_buf body;
	bool too_big;
};

struct args_ctx {
	struct sw_web_form *f;
	sw_err e;
	struct sw_error *err;
};

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct args_ctx *a = cls;
	if (a->e)
		return MHD_NO;
	a->e = sw_web_form_add(a->f, key, value, a->err);
	return a->e ? MHD_NO : MHD_YES;
}

/* A path is acceptable if it is absolute, valid UTF-8, free of control
 * bytes and backslashes, and has no "." or ".." segment. */
bool sw_web_path_ok(const char *p)
{
	size_t n = strlen(p);
	if (n == 0 || p[0] != '/' || n > 1024 || sw_utf8_valid_prefix(p, n) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f || p[i] == '\\')
			return false;
	for (const char *s = p; s;) {
		s++; /* past '/' */
		const char *e = strchr(s, '/');
		size_t l = e ? (size_t)(e - s) : strlen(s);
		if ((l == 1 && s[0] == '.') || (l == 2 && s[0] == '.' && s[1] == '.'))
			return false;
		s = e;
	}
	return true;
}

static void client_id(struct MHD_Connection *conn, char *out, size_t n)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(out, n, "unknown");
	if (!ci || !ci->client_addr)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out, (socklen_t)n);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out, (socklen_t)n);
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
			       const char *version, const char *upload_data, size_t *upload_data_size,
			       void **con_cls)
{
	struct sw_web *w = cls;
	struct req *rq = *con_cls;
	bool get = !strcmp(method, "GET") || !strcmp(method, "HEAD");
	bool post = !strcmp(method, "POST");
	struct web_resp r;
	if (!rq) {
		rq = calloc(1, sizeof *rq);
		if (!rq)
			return MHD_NO;
		sw_buf_init(&rq->body, MAX_BODY);
		*con_cls = rq;
		if (!get && !post) {
			web_resp_init(&r);
			web_error(w, &r, url, 405, "method not allowed: only GET, HEAD and POST");
			web_resp_header(&r, "Allow", "GET, HEAD, POST");
			return send_resp(conn, &r);
		}
		if (post) {
			const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
			int64_t n;
			if (cl && sw_parse_i64(cl, &n) && n > MAX_BODY) {
				web_resp_init(&r);
				web_error(w, &r, url, 413, "request body too large");
				return send_resp(conn, &r);
			}
		}
		/* Answer on the next call, once the request is complete: a response
		 * queued on the first call makes libmicrohttpd close the connection
		 * (it cannot know whether a body follows), which kills keep-alive. */
		return MHD_YES;
	}
	if (post && *upload_data_size) {
		if (!rq->too_big && sw_buf_append(&rq->body, upload_data, *upload_data_size))
			rq->too_big = true;
		*upload_data_size = 0;
		return MHD_YES;
	}
	web_resp_init(&r);
	if (rq->too_big) {
		web_error(w, &r, url, 413, "request body too large");
		return send_resp(conn, &r);
	}
	if (!sw_web_path_ok(url)) {
		web_error(w, &r, "/", 400, "bad request path");
		return send_resp(conn, &r);
	}
	struct web_request in = {0};
	struct sw_error err = {0};
	struct args_ctx a = {&in.args, SW_OK, &err};
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_arg, &a);
	if (a.e) {
		web_error(w, &r, url, 400, sw_error_text(&err));
		sw_web_form_release(&in.args);
		return send_resp(conn, &r);
	}
	if (post && sw_web_form_parse(rq->body.data ? rq->body.data : "", rq->body.len, &in.form, &err)) {
		web_error(w, &r, url, 400, sw_error_text(&err));
		sw_web_form_release(&in.args);
		return send_resp(conn, &r);
	}
	in.path = url;
	in.post = post;
	in.cookie_csrf = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, "sw_csrf");
	in.cookie_admin = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, "sw_admin");
	in.authorization = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
	client_id(conn, in.client, sizeof in.client);
	bool gz = accepts_gzip(MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept-Encoding"));
	/* The list page and /api/repos depend only on the data generation and
	 * the query: serve repeats from the response cache. */
	bool cacheable = !post && (!strcmp(url, "/") || !strcmp(url, "/api/repos")) && in.args.n <= 16;
	struct web_cache *c = NULL;
	struct sw_buf key = SW_BUF_INIT;
	if (cacheable) {
		pthread_mutex_lock(&w->mu);
		unsigned runs = w->refresh_runs;
		pthread_mutex_unlock(&w->mu);
		sw_err ke = sw_buf_printf(&key, "%c%u|%s", gz ? 'g' : 'p', runs, url);
		for (size_t i = 0; !ke && i < in.args.n; i++)
			ke = sw_buf_printf(&key, "\x1f%s\x1e%s", in.args.keys[i], in.args.vals[i]);
		cacheable = !ke;
	}
	enum MHD_Result ok;
	if (cacheable) {
		c = web_cache_get(w);
		unsigned status;
		struct MHD_Response *hit = rc_lookup(c, key.data, &status);
		if (hit) {
			/* Queue while the cache (and so the response) is referenced;
			 * MHD takes its own reference. */
			ok = MHD_queue_response(conn, status, hit);
			web_cache_unref(c);
			sw_buf_release(&key);
			sw_web_form_release(&in.args);
			web_resp_release(&r);
			return ok;
		}
	}
	web_dispatch(w, &in, &r);
	sw_web_form_release(&in.args);
	sw_web_form_release(&in.form);
	if (gz)
		gzip_body(w, &r);
	if (!cacheable || r.status != 200 || r.nhdr) {
		web_cache_unref(c);
		sw_buf_release(&key);
		return send_resp(conn, &r);
	}
	size_t len = r.body.len;
	unsigned status = r.status;
	struct MHD_Response *mr = make_resp(&r);
	web_resp_release(&r);
	if (!mr) {
		web_cache_unref(c);
		sw_buf_release(&key);
		return MHD_NO;
	}
	ok = MHD_queue_response(conn, status, mr);
	if (!rc_store(c, key.data, status, mr, len))
		MHD_destroy_response(mr);
	web_cache_unref(c);
	sw_buf_release(&key);
	return ok;
}

static void completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct req *rq = *con_cls;
	if (rq) {
		sw_buf_release(&rq->body);
		free(rq);
		*con_cls = NULL;
	}
}

/* ---- refresh schedule ---- */

static void *refresh_main(void *arg)
{
	struct sw_web *w = arg;
	struct sw_store *s = NULL;
	pthread_mutex_lock(&w->mu);
	while (!w->stopping) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += (time_t)w->refresh;
		while (!w->stopping && pthread_cond_timedwait(&w->cond, &w->mu, &ts) != ETIMEDOUT)
			;
		if (w->stopping)
			break;
		sw_web_refresh_fn fn = w->refresh_fn;
		void *ud = w->refresh_ud;
		pthread_mutex_unlock(&w->mu);
		struct sw_error err = {0};
		sw_err e = SW_OK;
		char msg[sizeof w->refresh_msg];
		if (!fn)
			snprintf(msg, sizeof msg, "no update pass connected");
		else {
			if (!s)
				e = sw_store_open(w->db_path, &s, &err);
			if (!e)
				e = fn(s, ud, &err);
			snprintf(msg, sizeof msg, "%s", e ? sw_error_text(&err) : "ok");
		}
		pthread_mutex_lock(&w->mu);
		w->last_refresh = time(NULL);
		w->refresh_runs++;
		snprintf(w->refresh_msg, sizeof w->refresh_msg, "%s", msg);
		w->check_req++; /* let the watcher look at once */
		pthread_cond_broadcast(&w->watch_cond);
	}
	pthread_mutex_unlock(&w->mu);
	sw_store_free(s);
	return NULL;
}

void sw_web_set_refresh_fn(struct sw_web *w, sw_web_refresh_fn fn, void *userdata)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	w->refresh_fn = fn;
	w->refresh_ud = userdata;
	pthread_mutex_unlock(&w->mu);
}

uint16_t sw_web_port(const struct sw_web *w)
{
	return w ? w->port : 0;
}

void sw_web_stop(struct sw_web *w)
{
	if (!w)
		return;
	if (w->daemon)
		MHD_stop_daemon(w->daemon);
	pthread_mutex_lock(&w->mu);
	w->stopping = true;
	pthread_cond_broadcast(&w->cond);
	pthread_cond_broadcast(&w->watch_cond);
	pthread_mutex_unlock(&w->mu);
	if (w->has_refresh_thread)
		pthread_join(w->refresh_thread, NULL);
	if (w->has_watch_thread)
		pthread_join(w->watch_thread, NULL);
	for (size_t i = 0; i < w->nstores; i++)
		sw_store_free(w->stores[i]);
	free(w->stores);
	for (size_t i = 0; i < w->ncomps; i++)
		libdeflate_free_compressor(w->comps[i]);
	free(w->comps);
	web_cache_unref(w->cache);
	sw_store_free(w->watch);
	pthread_mutex_destroy(&w->mu);
	pthread_mutex_destroy(&w->build_mu);
	pthread_cond_destroy(&w->cond);
	pthread_cond_destroy(&w->watch_cond);
	free(w->db_path);
	free(w->admin_token);
	free(w);
}

sw_err sw_web_start(const struct sw_web_opts *o, struct sw_web **out, struct sw_error *err)
{
	char host[64];
	uint16_t port;
	bool loopback;
	sw_err e = sw_web_parse_listen(o->listen, host, &port, &loopback, err);
	if (e)
		return e;
	if (!o->db_path)
		return sw_error_set(err, SW_EINVAL, "no database given");
	struct sw_web *w = calloc(1, sizeof *w);
	if (!w)
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	pthread_mutex_init(&w->mu, NULL);
	pthread_mutex_init(&w->build_mu, NULL);
	pthread_cond_init(&w->cond, NULL);
	pthread_cond_init(&w->watch_cond, NULL);
	w->db_path = strdup(o->db_path);
	w->admin_token = o->admin_token && *o->admin_token ? strdup(o->admin_token) : NULL;
	w->refresh = o->refresh;
	w->submit_limit = o->submit_limit ? o->submit_limit : 5;
	w->started = time(NULL);
	snprintf(w->refresh_msg, sizeof w->refresh_msg, "not run yet");
	if (getrandom(w->secret, sizeof w->secret, 0) != (ssize_t)sizeof w->secret) {
		sw_web_stop(w);
		return sw_error_set(err, SW_EIO, "cannot read random bytes for the CSRF secret");
	}
	if ((e = sw_store_open(w->db_path, &w->watch, err))) {
		sw_web_stop(w);
		return e;
	}
	if ((e = refresh_cache_locked(w, true, err))) {
		sw_web_stop(w);
		return e;
	}
	struct sockaddr_in sin = {0};
	struct sockaddr_in6 sin6 = {0};
	struct sockaddr *sa;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO;
	if (inet_pton(AF_INET, host, &sin.sin_addr) == 1) {
		sin.sin_family = AF_INET;
		sin.sin_port = htons(port);
		sa = (struct sockaddr *)&sin;
	} else {
		inet_pton(AF_INET6, host, &sin6.sin6_addr);
		sin6.sin6_family = AF_INET6;
		sin6.sin6_port = htons(port);
		sa = (struct sockaddr *)&sin6;
		flags |= MHD_USE_IPv6;
	}
	w->daemon = MHD_start_daemon(flags, port, NULL, NULL, handler, w,
				     MHD_OPTION_SOCK_ADDR, sa,
				     MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(o->threads ? o->threads : 2),
				     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONN_MEMORY,
				     MHD_OPTION_CONNECTION_TIMEOUT, o->timeout ? o->timeout : (unsigned)CONN_TIMEOUT,
				     MHD_OPTION_CONNECTION_LIMIT, (unsigned)512,
				     MHD_OPTION_NOTIFY_COMPLETED, completed, w,
				     MHD_OPTION_END);
	if (!w->daemon) {
		char lst[96];
		snprintf(lst, sizeof lst, "%s", o->listen ? o->listen : SW_WEB_DEFAULT_LISTEN);
		sw_web_stop(w);
		return sw_error_set(err, SW_EIO, "cannot listen on %s (address in use or not available)", lst);
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(w->daemon, MHD_DAEMON_INFO_BIND_PORT);
	w->port = di ? di->port : port;
	if (pthread_create(&w->watch_thread, NULL, watch_main, w)) {
		sw_web_stop(w);
		return sw_error_set(err, SW_ENOMEM, "cannot start the cache watcher thread");
	}
	w->has_watch_thread = true;
	if (w->refresh > 0) {
		if (pthread_create(&w->refresh_thread, NULL, refresh_main, w)) {
			sw_web_stop(w);
			return sw_error_set(err, SW_ENOMEM, "cannot start the refresh thread");
		}
		w->has_refresh_thread = true;
	}
	(void)loopback; /* non-loopback is allowed because the operator spelled it out */
	*out = w;
	return SW_OK;
}
