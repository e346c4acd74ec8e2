/* server.c: the stackwatch web server: libmicrohttpd glue (limits: memory,
 * connections in all and per address, request deadlines; methods, Host and
 * Origin, security headers, gzip), the request -> router -> response path
 * with the response cache, the refresh schedule, start and stop. Pages are
 * in page_*.c, the data they read in cache.c. */
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
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>

#include "core/core_int.h"
#include "web_int.h"

#define MAX_BODY 16384          /* POST bodies: forms only */
#define CONN_MEMORY (32 * 1024) /* per-connection header memory: bigger headers get 431 */
#define CONN_TIMEOUT 10         /* default seconds of idle before a connection is closed */

/* ---- responses: built by the pages, sent by libmicrohttpd ---- */

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

static void comp_release(void *c)
{
	libdeflate_free_compressor(c);
}

static struct libdeflate_compressor *thread_comp(struct sw_web *w)
{
	if (tl_comp_owner == w && tl_comp)
		return tl_comp;
	struct libdeflate_compressor *c = libdeflate_alloc_compressor(6);
	if (c && !web_keep(w, c, comp_release)) {
		libdeflate_free_compressor(c);
		return NULL;
	}
	if (!c)
		return NULL;
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
	bool begun;          /* begin() ran */
	const char *bad_uri; /* why the raw URI is refused (a 400), or NULL */
};

/* The connection's slot in the request-deadline guard (-1: unwatched). */
static int slot_of(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? (int)(intptr_t)ci->socket_context - 1 : -1;
}

/* Connections open and close: watched by the guard while they are open. */
static void conn_event(void *cls, struct MHD_Connection *conn, void **socket_context,
		       enum MHD_ConnectionNotificationCode code)
{
	struct sw_web *w = cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		*socket_context = (void *)(intptr_t)((ci ? web_guard_open(w->guard, ci->connect_fd) : -1) + 1);
	} else {
		web_guard_close(w->guard, (int)(intptr_t)*socket_context - 1);
	}
}

/* The raw request target, before libmicrohttpd decodes it: a %00 would cut
 * the path or a value where it stands, and more query parameters than a
 * form may have would, past its memory pool, leave libmicrohttpd 0.9.75
 * holding the connection without an answer; such a query is cut here
 * (in libmicrohttpd's own buffer, before it splits it) and answered 400. */
static const char *check_uri(char *uri)
{
	char *q = strchr(uri, '?');
	size_t params = 0;
	for (char *p = q; p && *p; p++)
		params += *p == '&' || p == q;
	if (strstr(uri, "%00"))
		return "NUL byte (%00) in the URL";
	if (params > SW_WEB_FORM_MAX_FIELDS) {
		q[1] = '\0';
		return "more than 64 query parameters";
	}
	return NULL;
}

/* The request line arrived: the request's state, and its clock in the guard. */
static void *uri_start(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct sw_web *w = cls;
	web_guard_request(w->guard, slot_of(conn));
	struct req *rq = calloc(1, sizeof *rq);
	if (!rq)
		return NULL; /* begin() tries again */
	sw_buf_init(&rq->body, MAX_BODY);
	/* uri points into libmicrohttpd's writable request buffer, which it
	 * parses after this call ("log callback before we modify URI or args"). */
	rq->bad_uri = uri ? check_uri((char *)(uintptr_t)uri) : NULL;
	return rq;
}

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

static enum MHD_Result fail(struct sw_web *w, struct MHD_Connection *conn, const char *url, unsigned status,
			   const char *msg)
{
	struct web_resp r;
	web_resp_init(&r);
	web_error(w, &r, url, status, msg);
	if (status == 405)
		web_resp_header(&r, "Allow", "GET, HEAD, POST");
	return send_resp(conn, &r);
}

/* The first call for a request: its state, and the refusals that need no
 * body (method, declared size). Answers come on the next call, once the
 * request is complete: a response queued on the first call makes
 * libmicrohttpd close the connection (it cannot know whether a body
 * follows), which kills keep-alive. */
static enum MHD_Result begin(struct sw_web *w, struct MHD_Connection *conn, const char *url, bool get, bool post,
			     void **con_cls)
{
	struct req *rq = *con_cls;
	if (!rq && !(rq = calloc(1, sizeof *rq)))
		return MHD_NO;
	if (!*con_cls)
		sw_buf_init(&rq->body, MAX_BODY);
	*con_cls = rq;
	rq->begun = true;
	if (!get && !post)
		return fail(w, conn, url, 405, "method not allowed: only GET, HEAD and POST");
	const char *cl = post ? MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length") : NULL;
	int64_t n;
	if (cl && sw_parse_i64(cl, &n) && n > MAX_BODY)
		return fail(w, conn, url, 413, "request body too large");
	return MHD_YES;
}

/* The request as the pages see it: query arguments, form body, cookies,
 * the client's address. false (err set) for arguments or a body that do
 * not parse; in->args and in->form are then released. */
static bool read_request(struct MHD_Connection *conn, const char *url, bool post, const struct req *rq,
			 struct web_request *in, struct sw_error *err)
{
	memset(in, 0, sizeof *in);
	struct args_ctx a = {&in->args, SW_OK, err};
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_arg, &a);
	if (a.e || (post && sw_web_form_parse(rq->body.data ? rq->body.data : "", rq->body.len, &in->form, err))) {
		sw_web_form_release(&in->args);
		return false;
	}
	in->path = url;
	in->post = post;
	in->cookie_csrf = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, "sw_csrf");
	in->cookie_admin = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, "sw_admin");
	in->authorization = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
	client_id(conn, in->client, sizeof in->client);
	return true;
}

/* The list page and /api/repos depend only on the data generation, the
 * refresh status shown, the encoding and the query: their key in the
 * response cache. false: not cacheable. */
static bool cache_key(struct sw_web *w, const struct web_request *in, bool gz, struct sw_buf *key)
{
	if (in->post || (strcmp(in->path, "/") && strcmp(in->path, "/api/repos")) || in->args.n > 16)
		return false;
	pthread_mutex_lock(&w->mu);
	unsigned runs = w->refresh_runs;
	pthread_mutex_unlock(&w->mu);
	sw_err e = sw_buf_printf(key, "%c%u|%s", gz ? 'g' : 'p', runs, in->path);
	for (size_t i = 0; !e && i < in->args.n; i++)
		e = sw_buf_printf(key, "\x1f%s\x1e%s", in->args.keys[i], in->args.vals[i]);
	return !e;
}

/* Answer a cacheable request: from the response cache, or render it and
 * keep it there when it is a plain 200. */
static enum MHD_Result answer_cached(struct sw_web *w, struct MHD_Connection *conn, const struct web_request *in,
				     bool gz, const char *key, struct web_resp *r)
{
	struct web_cache *c = web_cache_get(w); /* keeps cached responses alive while queued */
	unsigned status;
	enum MHD_Result ok;
	struct MHD_Response *mr = web_rc_lookup(c, key, &status);
	if (mr) {
		ok = MHD_queue_response(conn, status, mr); /* MHD takes its own reference */
		web_resp_release(r);
		web_cache_unref(c);
		return ok;
	}
	web_dispatch(w, in, r);
	if (gz)
		gzip_body(w, r);
	if (r->status != 200 || r->nhdr) {
		web_cache_unref(c);
		return send_resp(conn, r);
	}
	size_t len = r->body.len;
	status = r->status;
	mr = make_resp(r);
	web_resp_release(r);
	ok = mr ? MHD_queue_response(conn, status, mr) : MHD_NO;
	if (mr && !web_rc_store(c, key, status, mr, len))
		MHD_destroy_response(mr);
	web_cache_unref(c);
	return ok;
}

/* Refusals once the request is in: an unknown Host (DNS rebinding: 421),
 * none in HTTP/1.1 (400), a POST whose Origin (else Referer) names another
 * site (403; a client sending neither, such as a script, is let through:
 * forms still need their CSRF token). NULL: go on. */
static const char *refusal(struct sw_web *w, struct MHD_Connection *conn, const char *version, bool post,
			   unsigned *status)
{
	const char *host = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Host");
	*status = 400;
	if (!host)
		return strcmp(version, "HTTP/1.0") ? "missing Host header" : NULL;
	*status = 421;
	if (!sw_web_host_ok(&w->hosts, host))
		return "this server does not answer for that host name";
	const char *origin = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Origin");
	if (!origin)
		origin = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Referer");
	*status = 403;
	return post && origin && !sw_web_origin_ok(&w->hosts, origin) ? "cross-site request refused" : NULL;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
			       const char *version, const char *upload_data, size_t *upload_data_size,
			       void **con_cls)
{
	struct sw_web *w = cls;
	struct req *rq = *con_cls;
	bool get = !strcmp(method, "GET") || !strcmp(method, "HEAD");
	bool post = !strcmp(method, "POST");
	if (!rq || !rq->begun)
		return begin(w, conn, url, get, post, con_cls);
	if (post && *upload_data_size) {
		if (!rq->too_big && sw_buf_append(&rq->body, upload_data, *upload_data_size))
			rq->too_big = true;
		*upload_data_size = 0;
		return MHD_YES;
	}
	web_guard_received(w->guard, slot_of(conn));
	unsigned status;
	const char *no = refusal(w, conn, version, post, &status);
	if (rq->too_big)
		return fail(w, conn, url, 413, "request body too large");
	if (rq->bad_uri)
		return fail(w, conn, "/", 400, rq->bad_uri);
	if (no)
		return fail(w, conn, "/", status, no);
	if (!sw_web_path_ok(url))
		return fail(w, conn, "/", 400, "bad request path");
	struct web_request in;
	struct sw_error err = {0};
	if (!read_request(conn, url, post, rq, &in, &err))
		return fail(w, conn, url, 400, sw_error_text(&err));
	bool gz = accepts_gzip(MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept-Encoding"));
	struct web_resp r;
	web_resp_init(&r);
	r.csrf_cookie = in.cookie_csrf;
	struct sw_buf key = SW_BUF_INIT;
	enum MHD_Result ok;
	if (cache_key(w, &in, gz, &key)) {
		ok = answer_cached(w, conn, &in, gz, key.data, &r);
	} else {
		web_dispatch(w, &in, &r);
		if (gz)
			gzip_body(w, &r);
		ok = send_resp(conn, &r);
	}
	sw_buf_release(&key);
	sw_web_form_release(&in.args);
	sw_web_form_release(&in.form);
	return ok;
}

static void completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct sw_web *w = cls;
	web_guard_answered(w->guard, slot_of(conn));
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
	web_guard_stop(w->guard);
	pthread_mutex_lock(&w->mu);
	w->stopping = true;
	pthread_cond_broadcast(&w->cond);
	pthread_cond_broadcast(&w->watch_cond);
	pthread_mutex_unlock(&w->mu);
	if (w->has_refresh_thread)
		pthread_join(w->refresh_thread, NULL);
	if (w->has_watch_thread)
		pthread_join(w->watch_thread, NULL);
	web_release_kept(w);
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

/* Connections the process can hold: what was asked, within the open-file
 * limit (less what the store, the threads and the listener need). */
static unsigned conn_budget(unsigned want)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) || rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= (rlim_t)want + 64)
		return want;
	return rl.rlim_cur > 96 ? (unsigned)rl.rlim_cur - 64 : 32;
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
	if (o->admin_token && *o->admin_token &&
	    (e = sw_secret_check(o->admin_token, SW_WEB_ADMIN_TOKEN_MIN, "admin token", err)))
		return e;
	struct sw_web_hosts hosts;
	if ((e = sw_web_hosts_init(&hosts, o->listen, o->public_url, err)))
		return e;
	struct sw_web *w = calloc(1, sizeof *w);
	if (!w)
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	w->hosts = hosts;
	pthread_mutex_init(&w->mu, NULL);
	pthread_mutex_init(&w->build_mu, NULL);
	pthread_cond_init(&w->cond, NULL);
	pthread_cond_init(&w->watch_cond, NULL);
	w->db_path = strdup(o->db_path);
	w->admin_token = o->admin_token && *o->admin_token ? strdup(o->admin_token) : NULL;
	w->refresh = o->refresh;
	w->submit_limit = o->submit_limit ? o->submit_limit : 5;
	w->log = o->log;
	w->log_ud = o->log_userdata;
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
	if ((e = web_cache_refresh_locked(w, true, err))) {
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
	unsigned timeout = o->timeout ? o->timeout : (unsigned)CONN_TIMEOUT;
	unsigned max_conns = conn_budget(o->max_connections ? o->max_connections : SW_WEB_MAX_CONNECTIONS);
	if (!(w->guard = web_guard_start(max_conns, timeout))) {
		sw_web_stop(w);
		return sw_error_set(err, SW_ENOMEM, "cannot start the request-deadline thread");
	}
	w->daemon = MHD_start_daemon(flags, port, NULL, NULL, handler, w,
				     MHD_OPTION_SOCK_ADDR, sa,
				     MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(o->threads ? o->threads : 2),
				     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONN_MEMORY,
				     /* the guard cuts off slow requests and idle connections at `timeout`;
				      * this (idle) one is for clients that read answers too slowly */
				     MHD_OPTION_CONNECTION_TIMEOUT, timeout + 1,
				     MHD_OPTION_CONNECTION_LIMIT, max_conns,
				     MHD_OPTION_PER_IP_CONNECTION_LIMIT, o->max_per_ip ? o->max_per_ip : (unsigned)SW_WEB_MAX_PER_IP,
				     MHD_OPTION_NOTIFY_CONNECTION, conn_event, w,
				     MHD_OPTION_URI_LOG_CALLBACK, uri_start, w,
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
	if (pthread_create(&w->watch_thread, NULL, web_watch_main, w)) {
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
