/* web_int.h: private pieces shared by the web subsystem's files. From the
 * top down, each using only those below: server.c (libmicrohttpd, the
 * request path) -> guard.c, router.c -> page_api.c -> the other page_*.c ->
 * frame.c, form.c, cache.c, assets.c -> out.c. Not for other subsystems. */
#ifndef STACKWATCH_WEB_INT_H
#define STACKWATCH_WEB_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "stackwatch/core.h"
#include "stackwatch/web.h"

struct web_subcat {
	char *layer, *name;
};

struct web_cached {
	struct web_cached *next;
	char *key;
	unsigned status;
	void *mr;      /* struct MHD_Response *, one reference owned here */
	size_t len;
};

/* An immutable snapshot of the tracked list, shared by reference count. */
struct web_cache {
	int refs;
	struct list_index *list;               /* tracked repos, newest snapshot, every order */
	int64_t as_of;                         /* newest snapshot time (0: none) */
	char **layers;
	size_t nlayers;
	struct web_subcat *subcats;
	size_t nsubcats;
	char **countries;
	size_t ncountries;
	/* what the list knows for some repo: columns and filters of what no
	 * repo has are left out */
	bool any_fork, any_archived, any_downloads;
	/* Rendered GET responses of public, per-user-free views (list page,
	 * /api/repos), valid for this data generation. */
	pthread_rwlock_t rc_lock;
	struct web_cached *rc[256];
	size_t rc_count, rc_bytes;
	/* The report, built on first request for this cache. */
	pthread_mutex_t report_mu;
	bool report_built;
	char *report_html, *report_json;
};

struct sw_web {
	struct MHD_Daemon *daemon;
	struct web_guard *guard;   /* request deadlines (guard.c) */
	struct sw_web_hosts hosts; /* the Host / Origin names answered */
	char *db_path, *admin_token;
	sw_web_log_fn log;         /* the detail of 5xx answers (NULL: dropped) */
	void *log_ud;
	int64_t refresh;
	unsigned submit_limit;
	int64_t started;
	uint8_t secret[16];
	uint16_t port;
	pthread_mutex_t mu;        /* cache pointer, stores, refresh state */
	pthread_mutex_t build_mu;  /* the watch connection and rebuilds */
	pthread_cond_t cond;
	struct sw_store *watch;
	int64_t data_version;
	pthread_cond_t watch_cond; /* watcher wake-ups and finished checks */
	uint64_t check_req, check_done;
	pthread_t watch_thread;
	bool has_watch_thread;
	bool report_wanted;        /* /report was asked for: the watcher prebuilds it */
	struct {                   /* failed admin logins per client (under mu) */
		char client[64];
		int64_t since;
		unsigned fails;
	} admin_fails[32];
	struct web_cache *cache;
	struct web_kept {          /* per-thread objects (connections, compressors), freed at stop */
		void *obj;
		void (*release)(void *obj);
	} *kept;
	size_t nkept;
	pthread_t refresh_thread;
	bool has_refresh_thread, stopping;
	sw_web_refresh_fn refresh_fn;
	void *refresh_ud;
	int64_t last_refresh;
	unsigned refresh_runs;     /* part of response-cache keys (pages show the pass status) */
	char refresh_msg[256];
};

#define WEB_MAX_HEADERS 6
struct web_resp {
	unsigned status;
	const char *ctype;
	const char *cache_control;
	bool gzip;                 /* body is gzip-compressed */
	const char *csrf_cookie;   /* the client's sw_csrf cookie (its CSRF id), for pages with forms */
	struct sw_buf body;
	char *hname[WEB_MAX_HEADERS], *hval[WEB_MAX_HEADERS];
	size_t nhdr;
};
void web_resp_init(struct web_resp *r);
void web_resp_release(struct web_resp *r);
void web_resp_header(struct web_resp *r, const char *name, const char *val);

struct web_request {
	const char *path;
	bool post;
	struct sw_web_form args;   /* query string */
	struct sw_web_form form;   /* POST body */
	const char *cookie_csrf, *cookie_admin, *authorization;
	char client[64];
};

/* ---- guard.c: a deadline for every request (slowloris) ---- */
struct web_guard;
/* Watch up to nslots connections; each request must arrive whole within
 * deadline_s of its connection being ready. NULL when out of memory. */
struct web_guard *web_guard_start(size_t nslots, unsigned deadline_s);
void web_guard_stop(struct web_guard *g); /* NULL ok */
int web_guard_open(struct web_guard *g, int fd); /* a new connection: its slot, -1 if full (unwatched) */
void web_guard_request(struct web_guard *g, int slot);  /* its request line arrived (late: 408) */
void web_guard_received(struct web_guard *g, int slot); /* the whole request arrived: off the clock */
void web_guard_answered(struct web_guard *g, int slot); /* answered: the next request's clock starts */
void web_guard_close(struct web_guard *g, int slot);    /* before its socket is closed */

/* ---- out.c: responses and output helpers ---- */
/* Output into a buffer with a sticky error: write on, check o.e once. */
struct web_out {
	struct sw_buf *b;
	sw_err e;
};
void web_puts(struct web_out *o, const char *s);
void web_printf(struct web_out *o, const char *fmt, ...) SW_PRINTF(2, 3);
void web_html(struct web_out *o, const char *s);        /* HTML-escaped; NULL writes nothing */
void web_json(struct web_out *o, const char *s);        /* a JSON string, or null */
void web_urlenc(struct web_out *o, const char *s);      /* percent-encoded but unreserved */
void web_repo_path(struct web_out *o, const char *full); /* "owner/name" as a URL path */
void web_thousands(int64_t v, char out[32]);            /* 1473929 -> "1,473,929" */
void web_when(int64_t t, char out[40]);                 /* "YYYY-MM-DD HH:MM UTC" or "never" */

/* ---- cache.c: the data pages read ---- */
struct web_cache *web_cache_get(struct sw_web *w); /* referenced: unref when done */
void web_cache_unref(struct web_cache *c);
void web_cache_changed(struct sw_web *w);
sw_err web_cache_query(const struct web_cache *c, const struct sw_query *q, struct sw_repo_list *out,
		       struct sw_error *err); /* rows are shallow: free(out->rows) only */
/* Rebuild the cache if the store changed (or force); under w->build_mu. */
sw_err web_cache_refresh_locked(struct sw_web *w, bool force, struct sw_error *err);
void *web_watch_main(void *w); /* the watcher thread */
struct sw_store *web_thread_store(struct sw_web *w, struct sw_error *err);
/* Keep a worker thread's object until the server stops (then release(obj));
 * false when out of memory (the caller still owns obj). */
bool web_keep(struct sw_web *w, void *obj, void (*release)(void *obj));
void web_release_kept(struct sw_web *w);
void web_refresh_status(struct sw_web *w, int64_t *last, char *msg, size_t n);
struct MHD_Response;
/* A new reference to a cached rendered response, or NULL. */
struct MHD_Response *web_rc_lookup(struct web_cache *c, const char *key, unsigned *status);
/* Keep a response for later requests; true if stored (the cache then holds a reference). */
bool web_rc_store(struct web_cache *c, const char *key, unsigned status, struct MHD_Response *mr, size_t len);
/* Make sure c's report is built (on this thread if no one has yet). */
bool web_report_ensure(struct sw_web *w, struct web_cache *c, struct sw_error *err);

/* ---- frame.c: page frame and errors ---- */
void web_page_head(struct web_out *o, struct sw_web *w, const struct web_cache *c, const char *title,
		   const char *active);
void web_page_foot(struct web_out *o);
/* <label>label<select name="subcat" id=id>: the first option (value "")
 * says none, then each layer's subcategories in an <optgroup>. */
void web_subcat_select(struct web_out *o, const struct web_cache *c, const char *id, const char *label,
		       const char *none, const char *cur);
void web_error(struct sw_web *w, struct web_resp *r, const char *path, unsigned status, const char *msg);
/* After writing a page: a failed write becomes a 500. */
void web_fail_oom(struct sw_web *w, struct web_resp *r, const char *path, struct web_out *o);

/* ---- form.c: CSRF for forms ---- */
uint64_t web_mac(const uint8_t secret[16], const char *msg);
void web_csrf_set(struct sw_web *w, struct web_resp *r, char token[64]);
bool web_csrf_ok(struct sw_web *w, const struct web_request *in);

/* ---- the pages (page_*.c) and the router ---- */
void web_page_list(struct sw_web *w, const struct web_request *in, struct web_resp *r);
void web_api_repos(struct sw_web *w, const struct web_request *in, struct web_resp *r);
void web_page_repo(struct sw_web *w, const struct web_request *in, const char *name, struct web_resp *r);
void web_api_repo(struct sw_web *w, const struct web_request *in, const char *name, struct web_resp *r);
void web_page_report(struct sw_web *w, const struct web_request *in, struct web_resp *r, bool json);
void web_page_models(struct sw_web *w, const struct web_request *in, struct web_resp *r);
void web_api_models(struct sw_web *w, const struct web_request *in, struct web_resp *r);
/* /api: the endpoints documented, with live examples; and /api/models
 * (page_api.c). */
void web_page_api(struct sw_web *w, const struct web_request *in, struct web_resp *r);
void web_page_submit(struct sw_web *w, const struct web_request *in, struct web_resp *r);
void web_page_admin(struct sw_web *w, const struct web_request *in, struct web_resp *r);
/* A static file for path, if there is one (assets.c). */
bool web_static(const char *path, struct web_resp *r);
void web_dispatch(struct sw_web *w, const struct web_request *in, struct web_resp *r);

#endif
