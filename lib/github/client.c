/* client.c: GitHub REST + GraphQL client over libcurl (see github.h).
 *
 * One easy handle per session so connections are reused (keep-alive) over
 * the thousands of requests of a pass. Every exchange goes through
 * exchange(), which fills a struct raw with status, body and the few
 * headers we act on; get/graphql wrap it in the retry/limit loop. The token
 * lives only in the curl header list; error messages name the method and
 * path, never headers. */
#include "stackwatch/github.h"

#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "stackwatch/core.h"
#include "core/core_int.h"

struct sw_github {
	CURL *curl;
	char *api;    /* base URL without trailing slash */
	char *auth;   /* "Authorization: Bearer ..." (never printed) */
	struct sw_store *cache;
	int max_retries;
	long base_ms, cap_ms, timeout_s, max_wait_s;
	volatile sig_atomic_t *stop;
	struct sw_github_stats st;
};

static const struct store_migration migrations[] = {
	/* v1: ETag cache: a 304 answer is served from here at no rate cost. */
	{1, "CREATE TABLE github_cache(key TEXT PRIMARY KEY, etag TEXT NOT NULL, body BLOB NOT NULL,"
	    " link TEXT, stored_at INTEGER NOT NULL);"},
};
const struct store_schema github_cache_schema = STORE_SCHEMA("github", migrations);

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static void curl_init_once(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

/* ---------------------------------------------------------------- links */

void sw_github_links_release(struct sw_github_links *l)
{
	if (!l)
		return;
	free(l->next);
	free(l->last);
	l->next = l->last = NULL;
	l->last_page = -1;
}

/* page=N from the query string of a URL; -1 if absent or not a number. */
static int64_t page_param(const char *url)
{
	const char *q = strchr(url, '?');
	while (q) {
		q++;
		if (!strncmp(q, "page=", 5)) {
			const char *p = q + 5;
			int64_t v = 0;
			int digits = 0;
			while (*p >= '0' && *p <= '9' && digits < 15) {
				v = v * 10 + (*p++ - '0');
				digits++;
			}
			return (digits && (*p == '&' || *p == '\0' || *p == '#')) ? v : -1;
		}
		q = strchr(q, '&');
	}
	return -1;
}

/* The relations a link's parameters p[0..end) name: 1 next, 2 last (a rel
 * value may list several space-separated relations). */
static int link_rels(const char *p, const char *end)
{
	int which = 0;
	for (const char *r = p; r < end;) {
		const char *rel = strstr(r, "rel=");
		if (!rel || rel >= end)
			break;
		rel += 4;
		bool q = *rel == '"';
		if (q)
			rel++;
		const char *ve = rel;
		while (ve < end && (q ? *ve != '"' : (*ve != ';' && *ve != ' ')))
			ve++;
		for (const char *t = rel; t < ve;) {
			const char *te = t;
			while (te < ve && *te != ' ')
				te++;
			if (te - t == 4 && !strncasecmp(t, "next", 4))
				which |= 1;
			else if (te - t == 4 && !strncasecmp(t, "last", 4))
				which |= 2;
			t = te;
			while (t < ve && *t == ' ')
				t++;
		}
		r = ve;
	}
	return which;
}

/* Keep url u[0..n) as out's next and/or last link (the first of each wins). */
static sw_err link_keep(struct sw_github_links *out, const char *u, size_t n, int which)
{
	char *url = sw_str_ndup(u, n);
	if (!url)
		return SW_ENOMEM;
	if ((which & 1) && !out->next) {
		out->next = url;
		url = (which & 2) ? sw_str_dup(out->next) : NULL;
		if ((which & 2) && !url)
			return SW_ENOMEM;
	}
	if (url && (which & 2) && !out->last) {
		out->last = url;
		out->last_page = page_param(url);
		url = NULL;
	}
	free(url);
	return SW_OK;
}

sw_err sw_github_parse_link(const char *value, struct sw_github_links *out)
{
	out->next = out->last = NULL;
	out->last_page = -1;
	if (!value)
		return SW_OK;
	const char *p = value;
	while (*p) {
		/* <url> ; param ; param , <url> ... */
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p != '<') {
			const char *c = strchr(p, ',');
			if (!c)
				break;
			p = c;
			continue;
		}
		const char *u = p + 1, *ue = strchr(u, '>');
		if (!ue)
			break;
		p = ue + 1;
		/* parameters up to the next ',' that starts a new link */
		const char *end = p;
		bool inq = false;
		while (*end && (inq || *end != ',')) {
			if (*end == '"')
				inq = !inq;
			end++;
		}
		int which = link_rels(p, end);
		if (which && link_keep(out, u, (size_t)(ue - u), which)) {
			sw_github_links_release(out);
			return SW_ENOMEM;
		}
		p = end;
	}
	return SW_OK;
}

long sw_github_backoff_ms(int attempt, long base_ms, long cap_ms)
{
	if (attempt < 0)
		attempt = 0;
	long d = base_ms;
	for (int i = 0; i < attempt && d < cap_ms; i++)
		d = d > cap_ms / 2 ? cap_ms : d * 2;
	return d < cap_ms ? d : cap_ms;
}

/* ---------------------------------------------------------------- setup */

sw_err sw_github_token_file(const char *path, char **token, struct sw_error *err)
{
	return sw_secret_file(path, 1, token, err);
}

/* "Authorization: Bearer TOKEN" for a non-empty token (*auth stays NULL
 * without one, and out of memory). */
static sw_err auth_header(const char *tok, char **auth, struct sw_error *err)
{
	*auth = NULL;
	if (!tok || !*tok)
		return SW_OK;
	for (const char *c = tok; *c; c++)
		if (!isgraph((unsigned char)*c))
			return sw_error_set(err, SW_EAUTH, "the GitHub token contains spaces or control characters");
	size_t n = strlen(tok) + 32;
	*auth = malloc(n);
	if (*auth)
		snprintf(*auth, n, "Authorization: Bearer %s", tok);
	return SW_OK;
}

/* ETag cache rows older than SW_GITHUB_CACHE_DAYS go. */
static sw_err cache_prune(struct sw_store *cache, struct sw_error *err)
{
	sqlite3_stmt *st;
	sw_err e = store_stmt(cache, "DELETE FROM github_cache WHERE stored_at<?", &st, err);
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)time(NULL) - SW_GITHUB_CACHE_DAYS * 86400);
	if (sqlite3_step(st) != SQLITE_DONE)
		e = store_dberr(cache, err, "pruning the ETag cache");
	sqlite3_reset(st);
	return e;
}

/* The options' limits, with defaults for what they leave unset. */
static void client_limits(struct sw_github *gh, const struct sw_github_opts *o)
{
	gh->cache = o->cache;
	gh->max_retries = o->max_retries > 0 ? o->max_retries : 5;
	gh->base_ms = o->retry_base_ms > 0 ? o->retry_base_ms : 1000;
	gh->cap_ms = o->retry_cap_ms > 0 ? o->retry_cap_ms : 60000;
	gh->timeout_s = o->timeout_s > 0 ? o->timeout_s : 60;
	gh->max_wait_s = o->max_wait_s >= 0 ? o->max_wait_s : 900;
	gh->stop = o->stop;
	gh->st.rest_remaining = gh->st.rest_reset = -1;
	gh->st.graphql_remaining = gh->st.graphql_reset = -1;
	gh->st.search_remaining = gh->st.search_reset = -1;
}

sw_err sw_github_open(const struct sw_github_opts *opts, struct sw_github **out, struct sw_error *err)
{
	*out = NULL;
	pthread_once(&curl_once, curl_init_once);
	struct sw_github_opts o = opts ? *opts : (struct sw_github_opts){0};
	const char *api = o.api_url;
	if (!api || !*api)
		api = getenv("STACKWATCH_GITHUB_API");
	if (!api || !*api)
		api = SW_GITHUB_DEFAULT_API;
	if (strncmp(api, "http://", 7) && strncmp(api, "https://", 8))
		return sw_error_set(err, SW_EINVAL, "API URL '%s' must start with http:// or https://", api);
	const char *tok = o.token;
	if (!tok)
		tok = getenv("GITHUB_TOKEN");
	struct sw_github *gh = calloc(1, sizeof *gh);
	if (!gh)
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	gh->api = sw_str_dup(api);
	if (gh->api) {
		size_t n = strlen(gh->api);
		while (n && gh->api[n - 1] == '/')
			gh->api[--n] = '\0';
	}
	sw_err e = auth_header(tok, &gh->auth, err);
	if (!e) {
		gh->curl = curl_easy_init();
		if (!gh->api || !gh->curl || (tok && *tok && !gh->auth))
			e = sw_error_set(err, SW_ENOMEM, "out of memory starting the HTTP client");
	}
	client_limits(gh, &o);
	if (!e && gh->cache)
		e = cache_prune(gh->cache, err);
	if (e) {
		sw_github_free(gh);
		return e;
	}
	*out = gh;
	return SW_OK;
}

void sw_github_free(struct sw_github *gh)
{
	if (!gh)
		return;
	if (gh->curl)
		curl_easy_cleanup(gh->curl);
	if (gh->auth) {
		memset(gh->auth, 0, strlen(gh->auth));
		free(gh->auth);
	}
	free(gh->api);
	free(gh);
}

bool sw_github_has_token(const struct sw_github *gh) { return gh && gh->auth; }
const char *sw_github_api_url(const struct sw_github *gh) { return gh ? gh->api : NULL; }
const struct sw_github_stats *sw_github_stats(const struct sw_github *gh) { return &gh->st; }

void sw_github_resp_release(struct sw_github_resp *r)
{
	if (!r)
		return;
	free(r->body);
	free(r->next);
	memset(r, 0, sizeof *r);
	r->last_page = -1;
}

/* ---------------------------------------------------------------- exchange */

struct raw {
	long status;
	CURLcode cc;
	struct sw_buf body;
	char *etag, *link;
	int64_t remaining, reset, retry_after;
	char resource[32];
};

static void raw_release(struct raw *r)
{
	sw_buf_release(&r->body);
	free(r->etag);
	free(r->link);
	r->etag = r->link = NULL;
}

static size_t on_body(char *p, size_t sz, size_t n, void *ud)
{
	struct raw *r = ud;
	return sw_buf_append(&r->body, p, sz * n) ? 0 : sz * n;
}

static size_t on_header(char *p, size_t sz, size_t n, void *ud)
{
	struct raw *r = ud;
	size_t len = sz * n;
	/* a new status line (after a redirect or 100-continue) resets headers */
	if (len >= 5 && !strncmp(p, "HTTP/", 5)) {
		free(r->etag);
		free(r->link);
		r->etag = r->link = NULL;
		r->remaining = r->reset = r->retry_after = -1;
		r->resource[0] = '\0';
		return len;
	}
	const char *colon = memchr(p, ':', len);
	if (!colon)
		return len;
	size_t klen = (size_t)(colon - p);
	const char *v = colon + 1, *end = p + len;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
		end--;
	size_t vlen = (size_t)(end - v);
	char val[2048];
	if (vlen >= sizeof val) {
		if (klen == 4 && !strncasecmp(p, "link", 4)) {
			free(r->link);
			r->link = sw_str_ndup(v, vlen);
		}
		return len;
	}
	memcpy(val, v, vlen);
	val[vlen] = '\0';
	int64_t num;
#define KEY(s) (klen == sizeof(s) - 1 && !strncasecmp(p, s, klen))
	if (KEY("etag")) {
		free(r->etag);
		r->etag = sw_str_dup(val);
	} else if (KEY("link")) {
		free(r->link);
		r->link = sw_str_dup(val);
	} else if (KEY("x-ratelimit-remaining") && sw_parse_i64(val, &num))
		r->remaining = num;
	else if (KEY("x-ratelimit-reset") && sw_parse_i64(val, &num))
		r->reset = num;
	else if (KEY("retry-after") && sw_parse_i64(val, &num) && num >= 0)
		r->retry_after = num;
	else if (KEY("x-ratelimit-resource"))
		snprintf(r->resource, sizeof r->resource, "%.31s", val);
#undef KEY
	return len;
}

/* One HTTP exchange; transport failures are reported in r->cc. */
static sw_err exchange(struct sw_github *gh, const char *url, const char *accept, const char *post,
		       const char *etag, struct raw *r)
{
	memset(r, 0, sizeof *r);
	sw_buf_init(&r->body, SW_GITHUB_MAX_BODY);
	r->remaining = r->reset = r->retry_after = -1;
	struct curl_slist *h = NULL, *t;
	char line[600];
	snprintf(line, sizeof line, "Accept: %s", accept ? accept : "application/vnd.github+json");
	t = curl_slist_append(h, line);
	if (t)
		h = t;
	t = curl_slist_append(h, "X-GitHub-Api-Version: 2022-11-28");
	if (t)
		h = t;
	if (gh->auth && (t = curl_slist_append(h, gh->auth)))
		h = t;
	if (etag && strlen(etag) < 500) {
		snprintf(line, sizeof line, "If-None-Match: %s", etag);
		if ((t = curl_slist_append(h, line)))
			h = t;
	}
	if (post && (t = curl_slist_append(h, "Content-Type: application/json")))
		h = t;
	CURL *c = gh->curl;
	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "stackwatch/1.0 (+https://github.com)");
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_TIMEOUT, gh->timeout_s);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
	if (post) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, post);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(post));
	}
	gh->st.requests++;
	r->cc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(h);
	if (r->body.len >= SW_GITHUB_MAX_BODY)
		return SW_ELIMIT;
	if (sw_buf_putc(&r->body, '\0'))
		return SW_ENOMEM;
	r->body.len--;
	return SW_OK;
}

/* Sleep ms, in slices, unless a stop was requested. */
static sw_err nap(struct sw_github *gh, long ms, struct sw_error *err)
{
	gh->st.waited_s += ms / 1000.0;
	while (ms > 0) {
		if (gh->stop && *gh->stop)
			return sw_error_set(err, SW_EINTERRUPTED, "interrupted while waiting; rerun to finish");
		long slice = ms < 100 ? ms : 100;
		struct timespec ts = {slice / 1000, (slice % 1000) * 1000000L};
		nanosleep(&ts, NULL);
		ms -= slice;
	}
	if (gh->stop && *gh->stop)
		return sw_error_set(err, SW_EINTERRUPTED, "interrupted; rerun to finish");
	return SW_OK;
}

static void hhmm(int64_t t, char out[32])
{
	char full[32];
	sw_time_format(t, full); /* YYYY-MM-DDTHH:MM:SSZ */
	snprintf(out, 32, "%.10s %.5s", full, full + 11);
}

/* The request path for messages: the URL without the API base. */
static const char *shown(const struct sw_github *gh, const char *url)
{
	size_t n = strlen(gh->api);
	return strncmp(url, gh->api, n) ? url : url + n;
}

/* Wait until the primary limit resets, or stop with a resume time. */
static sw_err wait_reset(struct sw_github *gh, int64_t reset, const char *what, struct sw_error *err)
{
	int64_t now = (int64_t)time(NULL);
	int64_t wait = reset > now ? reset - now + 1 : 1;
	if (wait > gh->max_wait_s) {
		char at[32];
		hhmm(reset > now ? reset : now, at);
		return sw_error_set(err, SW_ERATELIMIT,
				    "GitHub %s rate limit exhausted; resume after %s UTC (rerun then; work done so far is kept)",
				    what, at);
	}
	return nap(gh, (long)wait * 1000, err);
}

static bool is_json(const char *s, size_t n)
{
	json_error_t je;
	json_t *j = json_loadb(s, n, 0, &je);
	json_decref(j);
	return j != NULL;
}

/* GitHub's error message from a JSON body ({"message": ...}); copied into
 * out with control characters dropped. */
static void gh_message(const char *body, char *out, size_t cap)
{
	out[0] = '\0';
	json_error_t je;
	json_t *j = body ? json_loads(body, 0, &je) : NULL;
	const char *m = json_string_value(json_object_get(j, "message"));
	if (m) {
		size_t k = 0;
		for (; *m && k + 1 < cap; m++)
			out[k++] = (unsigned char)*m < 32 ? ' ' : *m;
		out[k] = '\0';
	}
	json_decref(j);
}

enum kind { K_REST, K_GRAPHQL };

/* One request through the retry/limit loop: what it asks, and how its
 * attempts went. */
struct req {
	struct sw_github *gh;
	enum kind kind;
	const char *url, *accept, *post, *etag;
	const char *what, *method;  /* "REST"/"GraphQL", "GET"/"POST" for messages */
	bool want_json, search;
	int attempt, limit_waits;
	char why[160];              /* what went wrong with a retried attempt */
};

/* What to do with an answer: take it (SW_OK or an error), send again at
 * once (after a limit wait), or retry after a backoff. */
enum next { N_DONE, N_AGAIN, N_RETRY };

/* The remaining/reset figures of the resource a request spends. */
static int64_t *limit_of(struct sw_github *gh, bool graphql, bool search, bool reset)
{
	struct sw_github_stats *s = &gh->st;
	if (graphql)
		return reset ? &s->graphql_reset : &s->graphql_remaining;
	if (search)
		return reset ? &s->search_reset : &s->search_remaining;
	return reset ? &s->rest_reset : &s->rest_remaining;
}

/* Pre-emptive: known exhaustion of this request's resource with a reset
 * ahead: wait (or stop) before sending, not after a 403. */
static sw_err limit_before(struct req *q, struct sw_error *err)
{
	int64_t *rem = limit_of(q->gh, q->kind == K_GRAPHQL, q->search, false);
	int64_t *rst = limit_of(q->gh, q->kind == K_GRAPHQL, q->search, true);
	if (*rem != 0 || *rst <= (int64_t)time(NULL))
		return SW_OK;
	sw_err e = wait_reset(q->gh, *rst, q->search ? "search" : q->what, err);
	if (!e)
		*rem = -1;
	return e;
}

/* Send once; file the answer's limit figures under the resource GitHub names. */
static sw_err send_once(struct req *q, struct raw *r, struct sw_error *err)
{
	sw_err e = exchange(q->gh, q->url, q->accept, q->post, q->etag, r);
	if (e == SW_ELIMIT)
		return sw_error_set(err, e, "%s %s: response larger than %zu MiB", q->method, shown(q->gh, q->url),
				    SW_GITHUB_MAX_BODY >> 20);
	if (e)
		return sw_error_set(err, e, "%s %s: out of memory", q->method, shown(q->gh, q->url));
	if (r->remaining >= 0) {
		const char *res = r->resource;
		bool g = !strcmp(res, "graphql") || (!*res && q->kind == K_GRAPHQL);
		bool sr = !strcmp(res, "search") || (!*res && q->search);
		*limit_of(q->gh, g, sr, false) = r->remaining;
		*limit_of(q->gh, g, sr, true) = r->reset;
	}
	return SW_OK;
}

/* 403/429: a secondary limit (wait as told, at least a minute), the
 * primary limit (wait for its reset), or a refusal. */
static enum next judge_forbidden(struct req *q, const struct raw *r, sw_err *e, struct sw_error *err)
{
	struct sw_github *gh = q->gh;
	char msg[200];
	gh_message(r->body.data, msg, sizeof msg);
	if (r->retry_after >= 0 || strstr(msg, "secondary rate limit")) {
		int64_t wait = r->retry_after >= 0 ? r->retry_after : 60;
		if (wait > gh->max_wait_s || ++q->limit_waits > 20) {
			char at[32];
			hhmm((int64_t)time(NULL) + wait, at);
			*e = sw_error_set(err, SW_ERATELIMIT, "GitHub secondary rate limit on %s %s; resume after %s UTC",
					  q->method, shown(gh, q->url), at);
			return N_DONE;
		}
		if ((*e = nap(gh, (long)wait * 1000, err)))
			return N_DONE;
		gh->st.retries++;
		return N_AGAIN;
	}
	if (r->remaining == 0) {
		if (++q->limit_waits > 20)
			*e = sw_error_set(err, SW_ERATELIMIT, "GitHub %s rate limit keeps failing", q->what);
		else
			*e = wait_reset(gh, r->reset, q->what, err);
		return *e ? N_DONE : N_AGAIN;
	}
	*e = sw_error_set(err, SW_EAUTH, "%s %s: forbidden (%ld%s%s); check the token's scopes", q->method,
			  shown(gh, q->url), r->status, *msg ? ": " : "", msg);
	return N_DONE;
}

/* GraphQL reports its own limit in the body with status 200; the points
 * an answer cost are counted. */
static enum next judge_graphql(struct req *q, const struct raw *r, sw_err *e, struct sw_error *err)
{
	json_error_t je;
	json_t *j = json_loads(r->body.data, 0, &je);
	bool limited = false;
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(j, "errors"), i, x)
	{
		const char *ty = json_string_value(json_object_get(x, "type"));
		if (ty && !strcmp(ty, "RATE_LIMITED"))
			limited = true;
	}
	json_t *cost = json_object_get(json_object_get(json_object_get(j, "data"), "rateLimit"), "cost");
	if (json_is_integer(cost) && !limited)
		q->gh->st.graphql_points += (uint64_t)json_integer_value(cost);
	json_decref(j);
	if (!limited)
		return N_DONE;
	if (++q->limit_waits > 20)
		*e = sw_error_set(err, SW_ERATELIMIT, "GitHub GraphQL rate limit keeps failing");
	else
		*e = wait_reset(q->gh, r->reset > 0 ? r->reset : (int64_t)time(NULL) + 60, q->what, err);
	return *e ? N_DONE : N_AGAIN;
}

/* What an answer means: taken (r holds it, or *e the error), or to send again. */
static enum next judge(struct req *q, const struct raw *r, sw_err *e, struct sw_error *err)
{
	const char *method = q->method, *path = shown(q->gh, q->url);
	char msg[200];
	*e = SW_OK;
	if (r->cc != CURLE_OK) {
		if (r->cc == CURLE_UNSUPPORTED_PROTOCOL || r->cc == CURLE_URL_MALFORMAT) {
			*e = sw_error_set(err, SW_EINVAL, "%s %s: bad URL (%s)", method, path, curl_easy_strerror(r->cc));
			return N_DONE;
		}
		snprintf(q->why, sizeof q->why, "%s", curl_easy_strerror(r->cc));
		return N_RETRY;
	}
	if (r->status == 401) {
		*e = sw_error_set(err, SW_EAUTH,
				  "%s %s: GitHub rejected the credentials (401); set a valid GITHUB_TOKEN or --token-file",
				  method, path);
		return N_DONE;
	}
	if (r->status == 403 || r->status == 429)
		return judge_forbidden(q, r, e, err);
	if (r->status >= 500) {
		snprintf(q->why, sizeof q->why, "HTTP %ld", r->status);
		return N_RETRY;
	}
	if (r->status == 304 || r->status == 404 || r->status == 204)
		return N_DONE;
	if (r->status < 200 || r->status >= 300) {
		gh_message(r->body.data, msg, sizeof msg);
		*e = sw_error_set(err, SW_EHTTP, "%s %s: HTTP %ld%s%s", method, path, r->status, *msg ? ": " : "", msg);
		return N_DONE;
	}
	if (q->want_json && !is_json(r->body.data, r->body.len)) {
		snprintf(q->why, sizeof q->why, "invalid or truncated JSON body (%zu bytes)", r->body.len);
		return N_RETRY;
	}
	return q->kind == K_GRAPHQL ? judge_graphql(q, r, e, err) : N_DONE;
}

/* A failed attempt: give up after max_retries, else back off. */
static sw_err backoff(struct req *q, struct raw *r, struct sw_error *err)
{
	struct sw_github *gh = q->gh;
	if (q->attempt >= gh->max_retries)
		return sw_error_set(err, SW_ENET, "%s %s: %s after %d attempts; try again later", q->method,
				    shown(gh, q->url), q->why, q->attempt + 1);
	long d = sw_github_backoff_ms(q->attempt, gh->base_ms, gh->cap_ms);
	q->attempt++;
	gh->st.retries++;
	raw_release(r);
	return nap(gh, d, err);
}

/* The retry/limit loop shared by GET and GraphQL. On SW_OK, r holds a 2xx
 * (or 304 / 404 for REST) answer with a body that parses as JSON. */
static sw_err request(struct sw_github *gh, enum kind kind, const char *url, const char *accept,
		      const char *post, const char *etag, struct raw *r, struct sw_error *err)
{
	struct req q = {.gh = gh, .kind = kind, .url = url, .accept = accept, .post = post, .etag = etag,
			.what = kind == K_GRAPHQL ? "GraphQL" : "REST", .method = post ? "POST" : "GET"};
	/* raw/html media types (a README) answer with the file itself, not JSON */
	q.want_json = !accept || (!strstr(accept, ".raw") && !strstr(accept, ".html"));
	q.search = kind == K_REST && strstr(url, "/search/") != NULL;
	for (;;) {
		if (gh->stop && *gh->stop)
			return sw_error_set(err, SW_EINTERRUPTED, "interrupted; rerun to finish");
		sw_err e = limit_before(&q, err);
		if (!e)
			e = send_once(&q, r, err);
		if (e)
			return e;
		enum next n = judge(&q, r, &e, err);
		if (n == N_DONE)
			return e;
		if (n == N_AGAIN)
			raw_release(r);
		else if ((e = backoff(&q, r, err)))
			return e;
	}
}

static char *make_url(const struct sw_github *gh, const char *path)
{
	if (!strncmp(path, "http://", 7) || !strncmp(path, "https://", 8))
		return sw_str_dup(path);
	size_t n = strlen(gh->api) + strlen(path) + 2;
	char *u = malloc(n);
	if (u)
		snprintf(u, n, "%s%s%s", gh->api, *path == '/' ? "" : "/", path);
	return u;
}

static sw_err fill_resp(struct raw *r, struct sw_github_resp *out, const char *link_override)
{
	out->status = r->status;
	out->len = r->body.len;
	out->body = sw_buf_detach(&r->body);
	struct sw_github_links l;
	if (sw_github_parse_link(link_override ? link_override : r->link, &l))
		return SW_ENOMEM;
	out->next = l.next;
	out->last_page = l.last_page;
	l.next = NULL;
	sw_github_links_release(&l);
	return out->body ? SW_OK : SW_ENOMEM;
}

/* The ETag cached for key, or NULL (caller frees). */
static char *cache_etag(struct sw_github *gh, const char *key)
{
	sqlite3_stmt *st;
	char *etag = NULL;
	if (!gh->cache || store_stmt(gh->cache, "SELECT etag FROM github_cache WHERE key=?", &st, NULL))
		return NULL;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		etag = store_col_text(st, 0);
	sqlite3_reset(st);
	return etag;
}

/* A 304: the cached body and link for key into out (*hit); no hit when
 * the row has vanished meanwhile. */
static sw_err cache_answer(struct sw_github *gh, const char *key, struct raw *r, struct sw_github_resp *out,
			   bool *hit, struct sw_error *err)
{
	sqlite3_stmt *st;
	*hit = false;
	sw_err e = store_stmt(gh->cache, "SELECT body, link FROM github_cache WHERE key=?", &st, err);
	if (e)
		return e;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return SW_OK;
	}
	*hit = true;
	sw_buf_reset(&r->body);
	const void *b = sqlite3_column_blob(st, 0);
	int n = sqlite3_column_bytes(st, 0);
	char *link = store_col_text(st, 1);
	/* copy the blob before the reset invalidates it */
	sw_err ce = (b && sw_buf_append(&r->body, b, (size_t)n)) || sw_buf_putc(&r->body, '\0');
	sqlite3_reset(st);
	if (ce) {
		free(link);
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	}
	r->body.len--;
	r->status = 200;
	gh->st.not_modified++;
	out->from_cache = true;
	e = fill_resp(r, out, link);
	free(link);
	return e ? sw_error_set(err, e, "out of memory") : SW_OK;
}

/* A 200 with an ETag and a body small enough: cached for the next ask. A
 * cache write failure only costs a future request. */
static void cache_store(struct sw_github *gh, const char *key, const struct raw *r)
{
	sqlite3_stmt *st;
	if (r->status != 200 || !r->etag || !gh->cache || r->body.len > SW_GITHUB_CACHE_MAX_BODY ||
	    store_stmt(gh->cache,
		       "INSERT OR REPLACE INTO github_cache(key, etag, body, link, stored_at) VALUES(?,?,?,?,?)", &st,
		       NULL))
		return;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, r->etag, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 3, r->body.data ? r->body.data : "", (int)r->body.len, SQLITE_STATIC);
	store_bind_text(st, 4, r->link);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)time(NULL));
	sqlite3_step(st);
	sqlite3_reset(st);
}

/* GET with the ETag cache: a 304 is answered from it, a fresh 200 stored. */
static sw_err get_cached(struct sw_github *gh, const char *url, const char *accept, const char *key,
			 struct raw *r, struct sw_github_resp *out, struct sw_error *err)
{
	char *etag = cache_etag(gh, key);
	sw_err e = request(gh, K_REST, url, accept, NULL, etag, r, err);
	free(etag);
	if (!e && r->status == 304 && gh->cache) {
		bool hit;
		if ((e = cache_answer(gh, key, r, out, &hit, err)) || hit)
			return e;
		/* cache row vanished: ask again unconditionally */
		raw_release(r);
		e = request(gh, K_REST, url, accept, NULL, NULL, r, err);
	}
	if (e)
		return e;
	cache_store(gh, key, r);
	return fill_resp(r, out, NULL) ? sw_error_set(err, SW_ENOMEM, "out of memory") : SW_OK;
}

sw_err sw_github_get(struct sw_github *gh, const char *path, const char *accept, struct sw_github_resp *out,
		     struct sw_error *err)
{
	memset(out, 0, sizeof *out);
	out->last_page = -1;
	char *url = make_url(gh, path);
	if (!url)
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	/* cache key: URL + media type (different Accept, different body) */
	struct sw_buf key = SW_BUF_INIT;
	struct raw r = {0};
	sw_err e = sw_buf_printf(&key, "%s %s", accept ? accept : "", url);
	if (e)
		e = sw_error_set(err, e, "out of memory");
	else
		e = get_cached(gh, url, accept, key.data, &r, out, err);
	raw_release(&r);
	sw_buf_release(&key);
	free(url);
	return e;
}

sw_err sw_github_graphql(struct sw_github *gh, const char *query, const char *variables_json,
			 struct sw_github_resp *out, struct sw_error *err)
{
	memset(out, 0, sizeof *out);
	out->last_page = -1;
	/* GitHub Enterprise serves GraphQL at /api/graphql next to /api/v3 */
	char *url;
	size_t n = strlen(gh->api);
	if (n > 7 && !strcmp(gh->api + n - 7, "/api/v3")) {
		url = malloc(n + 16);
		if (url)
			snprintf(url, n + 16, "%.*s/api/graphql", (int)(n - 7), gh->api);
	} else
		url = make_url(gh, "/graphql");
	json_t *body = json_object();
	json_t *vars = NULL;
	if (variables_json) {
		json_error_t je;
		vars = json_loads(variables_json, 0, &je);
		if (!vars) {
			free(url);
			json_decref(body);
			return sw_error_set(err, SW_EINVAL, "GraphQL variables are not valid JSON");
		}
	}
	char *post = NULL;
	if (body && !json_object_set_new(body, "query", json_string(query)) &&
	    (!vars || !json_object_set_new(body, "variables", vars)))
		post = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	struct raw r = {0};
	sw_err e;
	if (!url || !post)
		e = sw_error_set(err, SW_ENOMEM, "out of memory");
	else if (!(e = request(gh, K_GRAPHQL, url, "application/json", post, NULL, &r, err))) {
		if (r.status != 200)
			e = sw_error_set(err, SW_EHTTP, "POST /graphql: HTTP %ld", r.status);
		else if ((e = fill_resp(&r, out, NULL)))
			e = sw_error_set(err, e, "out of memory");
	}
	raw_release(&r);
	free(post);
	free(url);
	return e;
}
