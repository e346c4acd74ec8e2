/* web_int.h: private pieces shared by web.c (server, cache) and
 * web_pages.c (routing and rendering). Not for other modules. */
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
	char *db_path, *admin_token;
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
	struct sw_store **stores;  /* per-thread connections, freed at stop */
	struct libdeflate_compressor **comps; /* per-thread gzip compressors, freed at stop */
	size_t ncomps;
	size_t nstores;
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

/* web.c */
struct web_cache *web_cache_get(struct sw_web *w); /* referenced: unref when done */
void web_cache_unref(struct web_cache *c);
void web_cache_changed(struct sw_web *w);
sw_err web_cache_query(const struct web_cache *c, const struct sw_query *q, struct sw_repo_list *out,
		       struct sw_error *err); /* rows are shallow: free(out->rows) only */
struct sw_store *web_thread_store(struct sw_web *w, struct sw_error *err);
void web_refresh_status(struct sw_web *w, int64_t *last, char *msg, size_t n);
uint64_t web_mac(const uint8_t secret[16], const char *msg);

/* web_pages.c */
void web_dispatch(struct sw_web *w, const struct web_request *in, struct web_resp *r);
void web_report_fill(struct sw_store *s, struct web_cache *c); /* build c's report now */
void web_error(struct sw_web *w, struct web_resp *r, const char *path, unsigned status, const char *msg);

#endif
