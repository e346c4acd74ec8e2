/* web.h: the stackwatch web app (`stackwatch serve`): the live list, repo
 * pages, the report dashboard, submit-a-repo with admin review, and a JSON /
 * CSV API, served by libmicrohttpd from the store.
 *
 * The server runs its own threads (libmicrohttpd thread pool). Each worker
 * thread opens its own store connection (SQLite handles are not shared);
 * list requests are answered from an in-memory cache of the newest-snapshot
 * rows that a watcher thread rebuilds when the database changes (PRAGMA data_version), so
 * filtering, sorting and paging never touch SQLite.
 *
 * Ownership: sw_web_start() returns a server the caller stops and frees
 * with sw_web_stop() (NULL ok). Strings in the options are copied. A struct
 * sw_web_form owns its keys and values; sw_web_form_release() frees them
 * (zeroed struct ok). */
#ifndef STACKWATCH_WEB_H
#define STACKWATCH_WEB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stackwatch/core.h"

#define SW_WEB_DEFAULT_LISTEN "127.0.0.1:8080"
#define SW_WEB_ADMIN_TOKEN_MIN 16 /* characters an admin token needs, wherever it comes from */

/* Where the server reports what it does not tell clients: the detail of an
 * answer of 500 or more (an SQLite error, the store's file name), which the
 * page itself replaces by a fixed sentence. Called from server threads, one
 * line at a time, without a newline. */
typedef void (*sw_web_log_fn)(void *userdata, const char *line);

struct sw_web_opts {
	const char *listen;       /* "HOST:PORT" / "[V6]:PORT"; NULL: SW_WEB_DEFAULT_LISTEN; port 0 = any */
	const char *public_url;   /* NULL, or the URL users reach it by (a proxy): its host is answered too */
	const char *db_path;      /* the store (required) */
	const char *admin_token;  /* NULL or "": the /admin pages do not exist; else >= SW_WEB_ADMIN_TOKEN_MIN */
	int64_t refresh;          /* seconds between update passes; 0: none */
	unsigned threads;         /* worker threads; 0: 2 */
	unsigned submit_limit;    /* submissions per client per hour; 0: 5 */
	unsigned timeout;         /* seconds a request may take to arrive whole (from the connection
				     opening or the previous answer) and a connection may stay idle; 0: 10 */
	unsigned max_connections; /* open connections in all; 0: SW_WEB_MAX_CONNECTIONS */
	unsigned max_per_ip;      /* open connections from one address; 0: SW_WEB_MAX_PER_IP */
	sw_web_log_fn log;        /* NULL: the detail of a 5xx answer is dropped */
	void *log_userdata;
};
#define SW_WEB_MAX_CONNECTIONS 1024
#define SW_WEB_MAX_PER_IP 128

struct sw_web;

/* Start serving. Binding a non-loopback address needs it spelled out in
 * opts->listen (the default is loopback). *out is set only on success. */
sw_err sw_web_start(const struct sw_web_opts *opts, struct sw_web **out, struct sw_error *err) SW_MUST_CHECK;
/* The bound port (useful with port 0). */
uint16_t sw_web_port(const struct sw_web *w);
/* Stop serving, join every thread, close every connection, free w. */
void sw_web_stop(struct sw_web *w);

/* The update pass run every opts->refresh seconds in a background thread,
 * with a store connection of its own. Until one is set (live tracking
 * connects its pass here) the schedule runs but does nothing. Pages show
 * the newest snapshot time ("last refreshed") and the last pass's outcome. */
typedef sw_err (*sw_web_refresh_fn)(struct sw_store *s, void *userdata, struct sw_error *err);
void sw_web_set_refresh_fn(struct sw_web *w, sw_web_refresh_fn fn, void *userdata);

/* ---- helpers exposed for tests and fuzzing ---- */

/* Parse "HOST:PORT" / "[V6]:PORT" (HOST may be a name like "localhost"
 * only when it is "localhost"). host gets the literal address. */
sw_err sw_web_parse_listen(const char *s, char host[64], uint16_t *port, bool *loopback,
			   struct sw_error *err) SW_MUST_CHECK;

/* An application/x-www-form-urlencoded body or query string: key=value
 * pairs split on '&', '+' = space, %XX decoded. Limits: SW_WEB_FORM_MAX_FIELDS
 * pairs, SW_WEB_FORM_MAX_VALUE bytes per decoded key/value. Rejects bad
 * %-escapes, NUL bytes and invalid UTF-8 (SW_EPARSE naming the field). */
#define SW_WEB_FORM_MAX_FIELDS 64
#define SW_WEB_FORM_MAX_VALUE 2048
struct sw_web_form {
	size_t n;
	char *keys[SW_WEB_FORM_MAX_FIELDS];
	char *vals[SW_WEB_FORM_MAX_FIELDS];
};
sw_err sw_web_form_parse(const char *s, size_t len, struct sw_web_form *out, struct sw_error *err) SW_MUST_CHECK;
/* Append one already-decoded pair (copied), with the same checks. */
sw_err sw_web_form_add(struct sw_web_form *f, const char *key, const char *val, struct sw_error *err) SW_MUST_CHECK;
/* First value of key; NULL if absent. Empty values count as absent. */
const char *sw_web_form_get(const struct sw_web_form *f, const char *key);
void sw_web_form_release(struct sw_web_form *f);

/* List-view state carried in the URL: filters, sort, page. */
struct sw_web_listq {
	struct sw_query q;        /* strings point into the form */
	size_t page;              /* 1-based */
	size_t per;               /* rows per page */
};
#define SW_WEB_PER_DEFAULT 50
#define SW_WEB_PER_MAX 1000
/* Fill from query parameters layer, subcat, country, owner, q, new, quiet,
 * sort, dir, page, per, as_of. SW_EINVAL naming the parameter if bad. */
sw_err sw_web_listq_parse(const struct sw_web_form *f, struct sw_web_listq *out,
			  struct sw_error *err) SW_MUST_CHECK;

/* A request path the server will consider: absolute, valid UTF-8, no
 * control bytes or backslashes, no "." or ".." segment, at most 1024 bytes. */
bool sw_web_path_ok(const char *path);

/* The Host names answered (anything else gets 421, so a DNS-rebinding page
 * cannot read the site) and the origins a POST may come from: the --listen
 * address, localhost when it is loopback, any IP address when it is a
 * wildcard (0.0.0.0, ::), and the host of --public-url. Ports are not
 * compared (a proxy may change them). */
struct sw_web_hosts {
	char listen[64];
	bool loopback, wildcard;
	char public_host[256];
};
sw_err sw_web_hosts_init(struct sw_web_hosts *h, const char *listen, const char *public_url,
			 struct sw_error *err) SW_MUST_CHECK;
/* A Host header value ("name[:port]", "[v6][:port]"). */
bool sw_web_host_ok(const struct sw_web_hosts *h, const char *host);
/* An Origin ("http(s)://name[:port]") or a Referer (the same, then a path). */
bool sw_web_origin_ok(const struct sw_web_hosts *h, const char *origin);

/* CSRF: each client has a random session id (SW_WEB_CSRF_SID_LEN lower-case
 * hex digits, in its sw_csrf cookie); a form's token is "<now>.<mac hex>",
 * a MAC of that id and the time under a 16-byte secret, valid for max_age
 * seconds, never from the future, and only with that id. out >= 64. */
#define SW_WEB_CSRF_SID_LEN 32
bool sw_web_csrf_sid_ok(const char *sid);
void sw_web_csrf_token(const uint8_t secret[16], const char *sid, int64_t now, char out[64]);
bool sw_web_csrf_check(const uint8_t secret[16], const char *sid, const char *token, int64_t now, int64_t max_age);

#endif
