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

struct sw_web_opts {
	const char *listen;       /* "HOST:PORT" / "[V6]:PORT"; NULL: SW_WEB_DEFAULT_LISTEN; port 0 = any */
	const char *db_path;      /* the store (required) */
	const char *admin_token;  /* NULL or "": the /admin pages do not exist */
	int64_t refresh;          /* seconds between update passes; 0: none */
	unsigned threads;         /* worker threads; 0: 2 */
	unsigned submit_limit;    /* submissions per client per hour; 0: 5 */
	unsigned timeout;         /* seconds a connection may stay idle / a request may dawdle; 0: 10 */
};

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

/* CSRF token for time `now` under a 16-byte secret: "<now>.<mac hex>", and
 * its check (valid for max_age seconds, never from the future). out >= 64. */
void sw_web_csrf_token(const uint8_t secret[16], int64_t now, char out[64]);
bool sw_web_csrf_check(const uint8_t secret[16], const char *token, int64_t now, int64_t max_age);

#endif
