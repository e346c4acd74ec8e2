/* store.h: the embedded store (one SQLite file) and its typed access.
 *
 * A struct sw_store is an opaque handle to an open database whose schema
 * is migrated to the newest version on open. Repos have an internal id;
 * the GitHub id, when known, is the stable key, so a renamed repo keeps its
 * snapshots; old names stay resolvable as aliases.
 *
 * Threads: a handle is used by one thread at a time; open one per thread
 * (the file is in WAL mode, so readers never block the writer).
 *
 * Ownership: strings inside the structs filled by sw_store_* are owned by
 * the struct; release them with the matching *_release(), which accepts
 * zeroed structs. sw_store_free(NULL) is a no-op. */
#ifndef STACKWATCH_STORE_H
#define STACKWATCH_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stackwatch/error.h"

struct sw_store;

/* Unknown integer metric (GitHub never reports INT64_MIN). */
#define SW_UNKNOWN INT64_MIN

/* Path used when no --db is given: $STACKWATCH_DB, else "stackwatch.db". */
const char *sw_store_default_path(void);

/* Open (creating if needed) and migrate. *out is set only on success. */
sw_err sw_store_open(const char *path, struct sw_store **out, struct sw_error *err) SW_MUST_CHECK;
void sw_store_free(struct sw_store *s);

/* Schema version of a module ("core", "models", ...); 0 if never migrated. */
int sw_store_schema_version(struct sw_store *s, const char *module);

/* One schema step of a module. Modules keep their own ordered lists so
 * that no module edits another's migrations. */
struct sw_migration {
	int version;      /* 1, 2, ... consecutive */
	const char *sql;  /* one or more statements */
};
/* Apply the steps of `module` above its recorded version, each in its own
 * transaction. Fails with SW_ESCHEMA if the DB is newer than the list. */
sw_err sw_store_migrate(struct sw_store *s, const char *module, const struct sw_migration *steps,
			size_t n, struct sw_error *err) SW_MUST_CHECK;

/* Transactions (nestable via savepoints). Every write API below joins the
 * caller's transaction if one is open. */
sw_err sw_store_begin(struct sw_store *s, struct sw_error *err) SW_MUST_CHECK;
sw_err sw_store_commit(struct sw_store *s, struct sw_error *err) SW_MUST_CHECK;
void sw_store_rollback(struct sw_store *s);

/* ---- taxonomy ---- */
/* Layer id by name (case-insensitive); 0 if unknown. */
int64_t sw_store_layer_id(struct sw_store *s, const char *layer);
/* Subcategory id under a layer, creating it when `create`; 0 if absent. */
sw_err sw_store_subcat_id(struct sw_store *s, int64_t layer_id, const char *subcat, bool create,
			  int64_t *out, struct sw_error *err) SW_MUST_CHECK;
/* Load a taxonomy TSV (layer<TAB>software 0/1<TAB>subcat, '#' comments):
 * adds layers and subcategories; existing ones are kept. */
sw_err sw_store_load_taxonomy(struct sw_store *s, const char *path, struct sw_error *err) SW_MUST_CHECK;

/* ---- repositories ---- */
enum sw_class_source { SW_CLASS_NONE = 0, SW_CLASS_AUTOMATIC, SW_CLASS_CURATED, SW_CLASS_OVERRIDE };
const char *sw_class_source_name(enum sw_class_source src);

struct sw_repo {
	int64_t id;          /* internal id */
	int64_t github_id;   /* 0 when unknown */
	char *owner, *name;  /* current name */
	char *description, *language, *topics, *license; /* topics: comma-separated */
	int archived;        /* -1 unknown, 0, 1 */
	int is_fork;         /* -1 unknown, 0, 1 */
	char *created_at, *pushed_at, *updated_at;       /* ISO dates as given */
	char *owner_type;    /* "user", "organization" or NULL when unknown */
	char *country;       /* NULL when unknown */
	char *state;         /* "tracked", "pending", "rejected" */
	/* Effective classification: override > curated > automatic. */
	char *layer, *subcat;
	enum sw_class_source class_source;
	double confidence;   /* automatic only; 1 for curated/override */
};
void sw_repo_release(struct sw_repo *r);

/* Fields to write; NULL / -1 / 0 github_id mean "leave as is". */
struct sw_repo_update {
	int64_t github_id;
	const char *owner, *name;
	const char *description, *language, *topics, *license;
	int archived, is_fork;
	const char *created_at, *pushed_at, *updated_at;
	const char *owner_type, *country;
	const char *state;       /* NULL: "tracked" for new repos */
	int64_t as_of;           /* time the data describes; older data never overwrites newer */
};
#define SW_REPO_UPDATE_INIT { .archived = -1, .is_fork = -1 }

/* Insert or update a repo. Matched by github_id when given, else by
 * owner/name or a former name (case-insensitive). A known github_id under a
 * new owner/name renames the repo and keeps the old name as an alias. */
sw_err sw_store_upsert_repo(struct sw_store *s, const struct sw_repo_update *u, int64_t *repo_id,
			    struct sw_error *err) SW_MUST_CHECK;
/* Find by "owner/name" (current or former, case-insensitive). */
sw_err sw_store_find_repo(struct sw_store *s, const char *full_name, int64_t *repo_id,
			  struct sw_error *err) SW_MUST_CHECK;
sw_err sw_store_get_repo(struct sw_store *s, int64_t repo_id, struct sw_repo *out,
			 struct sw_error *err) SW_MUST_CHECK;

/* Set one classification source for a repo. layer must exist (SW_EINVAL
 * otherwise); subcat may be NULL/"" and is created under the layer if new. */
sw_err sw_store_set_class(struct sw_store *s, int64_t repo_id, enum sw_class_source src,
			  const char *layer, const char *subcat, double confidence, int64_t as_of,
			  struct sw_error *err) SW_MUST_CHECK;

/* ---- READMEs ---- */
/* At most this many bytes of a README are kept (what the classifier reads). */
#define SW_STORE_README_MAX ((size_t)16384)
struct sw_readme {
	char *text;          /* NUL-terminated (owned); NULL: the repo has no README */
	size_t len;          /* bytes in text (<= SW_STORE_README_MAX) */
	int64_t size;        /* size of the README as served */
	int64_t fetched_at;  /* unix seconds */
};
void sw_readme_release(struct sw_readme *r);
/* Record a repo's README: text[0..len) is cut to SW_STORE_README_MAX bytes,
 * at the first NUL and at a UTF-8 boundary; text NULL records "no README".
 * Replaces what was there. */
sw_err sw_store_put_readme(struct sw_store *s, int64_t repo_id, const char *text, size_t len, int64_t fetched_at,
			   struct sw_error *err) SW_MUST_CHECK;
/* SW_ENOTFOUND if the README was never fetched. Release with sw_readme_release. */
sw_err sw_store_get_readme(struct sw_store *s, int64_t repo_id, struct sw_readme *out,
			   struct sw_error *err) SW_MUST_CHECK;

/* ---- snapshots ---- */
struct sw_snapshot {
	int64_t taken_at;          /* unix seconds, UTC */
	int64_t stars, forks, open_issues, watchers, downloads;
	int64_t contributors;      /* SW_UNKNOWN when unknown */
	bool contributors_at_least;/* "100+": at least `contributors` */
	int64_t star_1d, star_7d;  /* as stated by the source; SW_UNKNOWN if not */
	double star_1d_pct, star_7d_pct; /* percent; NAN if not stated */
	char *source;              /* "import:<file>", "github", ... (owned) */
	char *top_devs;            /* comma-separated logins, rank order (owned) */
};
#define SW_SNAPSHOT_UNKNOWN_INIT                                                           \
	{ .stars = SW_UNKNOWN, .forks = SW_UNKNOWN, .open_issues = SW_UNKNOWN,             \
	  .watchers = SW_UNKNOWN, .downloads = SW_UNKNOWN, .contributors = SW_UNKNOWN,     \
	  .star_1d = SW_UNKNOWN, .star_7d = SW_UNKNOWN, .star_1d_pct = NAN, .star_7d_pct = NAN }
void sw_snapshot_release(struct sw_snapshot *snap);

/* Insert or replace the snapshot (repo, taken_at); writing the same values
 * again changes nothing. top_devs (comma-separated) replace that snapshot's. */
sw_err sw_store_put_snapshot(struct sw_store *s, int64_t repo_id, const struct sw_snapshot *snap,
			     struct sw_error *err) SW_MUST_CHECK;

struct sw_snapshot_list {
	struct sw_snapshot *items;
	size_t n;
};
void sw_snapshot_list_release(struct sw_snapshot_list *l);
/* All snapshots of a repo, oldest first. */
sw_err sw_store_snapshots(struct sw_store *s, int64_t repo_id, struct sw_snapshot_list *out,
			  struct sw_error *err) SW_MUST_CHECK;

/* Distinct snapshot times (oldest first) across all repos. Caller frees *out. */
sw_err sw_store_snapshot_times(struct sw_store *s, int64_t **out, size_t *n,
			       struct sw_error *err) SW_MUST_CHECK;

/* ---- listing ---- */
enum sw_sort {
	SW_SORT_STARS = 0, SW_SORT_STAR_1D, SW_SORT_STAR_1D_PCT, SW_SORT_STAR_7D, SW_SORT_STAR_7D_PCT,
	SW_SORT_FORKS, SW_SORT_CONTRIBUTORS, SW_SORT_DOWNLOADS, SW_SORT_NAME, SW_SORT_LAYER,
	SW_SORT_SUBCAT, SW_SORT_CREATED, SW_SORT_UPDATED, SW_SORT_COUNTRY, SW_SORT_COUNT_
};
/* "stars", "star_1d", ... -> enum; false if unknown. */
bool sw_sort_parse(const char *name, enum sw_sort *out);
const char *sw_sort_name(enum sw_sort s);

struct sw_query {
	const char *layer, *subcat, *owner, *country; /* exact, case-insensitive */
	const char *search;       /* substring of owner/name or description */
	const char *state;        /* NULL: "tracked" */
	bool new_this_week;       /* created within 7 days of the snapshot */
	bool quiet;               /* no star gain in the last 7 days */
	enum sw_sort sort;
	bool ascending;
	int64_t as_of;            /* 0: newest snapshot; else last snapshot <= as_of */
	size_t limit, offset;     /* limit 0: all */
};

/* A repo with its latest snapshot (as of the query). */
struct sw_repo_row {
	struct sw_repo repo;
	struct sw_snapshot snap;  /* taken_at 0 if the repo has no snapshot */
};
struct sw_repo_list {
	struct sw_repo_row *rows;
	size_t n;
	size_t total;             /* matches before limit/offset */
};
void sw_repo_list_release(struct sw_repo_list *l);
sw_err sw_store_list(struct sw_store *s, const struct sw_query *q, struct sw_repo_list *out,
		     struct sw_error *err) SW_MUST_CHECK;

/* ---- submissions (community proposals, reviewed before tracking) ---- */
/* Validate the name, refuse known repos, add the repo as "pending" with a
 * submission row (optional proposed layer/subcat, client id for rate limits). */
sw_err sw_store_submit(struct sw_store *s, const char *full_name, const char *layer, const char *subcat,
		       const char *client, int64_t when, int64_t *repo_id, struct sw_error *err) SW_MUST_CHECK;
/* Accept (repo becomes "tracked"; a proposed layer becomes an override label)
 * or reject (repo becomes "rejected"). SW_ENOTFOUND if nothing is pending. */
sw_err sw_store_review(struct sw_store *s, const char *full_name, bool accept, int64_t when,
		       struct sw_error *err) SW_MUST_CHECK;
/* Submissions since `since` (unix s) by client (NULL: by anyone); -1 on error. */
int64_t sw_store_pending_count(struct sw_store *s, const char *client, int64_t since);

#endif
