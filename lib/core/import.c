/* import.c: curated-list snapshot files -> repos, curated labels, snapshots. */
#include "stackwatch/core.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core_int.h"

/* FNV-1a of the content: identifies a file already imported. */
static uint64_t fnv1a(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static int64_t count_repos(struct sw_store *s)
{
	sqlite3_stmt *st;
	if (store_stmt(s, "SELECT COUNT(*) FROM repos", &st, NULL))
		return 0;
	int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return n;
}

static const char *base_name(const char *path)
{
	const char *b = strrchr(path, '/');
	return b ? b + 1 : path;
}

static sw_err import_one(struct sw_store *s, const char *path, const struct sw_import_opts *opts,
			 struct sw_import_result *res, struct sw_error *err)
{
	struct sw_buf b = SW_BUF_INIT;
	sw_buf_init(&b, (size_t)2 << 30);
	sw_err e = sw_buf_read_file(path, &b, err);
	struct sw_record_set set = {0};
	if (!e)
		e = sw_records_parse(path, b.data, b.len, &set, err);
	if (e) {
		sw_buf_release(&b);
		return e;
	}
	for (size_t i = 0; opts && opts->warn && i < set.nwarnings; i++)
		opts->warn(opts->ctx, set.warnings[i]);
	int64_t taken_at = opts && opts->taken_at ? opts->taken_at : set.newest_updated;
	if (!taken_at) {
		e = sw_error_set(err, SW_EINVAL,
				 "%s: no updated_at dates to date the snapshot; pass --taken-at YYYY-MM-DD", path);
		goto out;
	}
	if (opts && opts->file_done)
		opts->file_done(opts->ctx, path, set.n, taken_at, set.format);
	int64_t repos_before = count_repos(s);
	char source[300];
	snprintf(source, sizeof source, "import:%s", base_name(path));
	for (size_t i = 0; i < set.n && !e; i++) {
		const struct sw_record *r = &set.items[i];
		char owner[64];
		const char *slash = strchr(r->repo, '/');
		snprintf(owner, sizeof owner, "%.*s", (int)(slash - r->repo), r->repo);
		/* Check the label before touching the store, to name the spot. */
		if (r->category && !sw_store_layer_id(s, r->category)) {
			e = sw_error_set(err, SW_EPARSE, "%s:%zu:%zu: field 'category': unknown layer '%.80s'",
					 path, r->line, r->col[SW_F_CATEGORY] ? r->col[SW_F_CATEGORY] : 1,
					 r->category);
			break;
		}
		if (!r->category && r->subcat) {
			e = sw_error_set(err, SW_EPARSE, "%s:%zu: subcategory '%.80s' given without a category",
					 path, r->line, r->subcat);
			break;
		}
		struct sw_repo_update u = SW_REPO_UPDATE_INIT;
		u.owner = owner;
		u.name = slash + 1;
		u.description = r->description;
		u.created_at = r->created_at;
		u.updated_at = r->updated_at;
		u.as_of = taken_at;
		int64_t id = 0;
		if ((e = sw_store_upsert_repo(s, &u, &id, err)))
			break;
		if (r->category &&
		    (e = sw_store_set_class(s, id, SW_CLASS_CURATED, r->category, r->subcat, 1.0, taken_at, err)))
			break;
		struct sw_snapshot snap = SW_SNAPSHOT_UNKNOWN_INIT;
		snap.taken_at = taken_at;
		snap.source = source;
		snap.stars = r->stars;
		snap.forks = r->forks;
		snap.downloads = r->downloads;
		snap.contributors = r->contributors;
		snap.contributors_at_least = r->contributors_at_least;
		snap.star_1d = r->star_1d;
		snap.star_7d = r->star_7d;
		snap.star_1d_pct = r->star_1d_pct;
		snap.star_7d_pct = r->star_7d_pct;
		snap.top_devs = r->top_devs;
		if ((e = sw_store_put_snapshot(s, id, &snap, err)))
			break;
		res->rows++;
		if (opts && opts->progress)
			sw_progress_update(opts->progress, res->rows);
	}
	if (!e) {
		sqlite3_stmt *st;
		char hash[32];
		snprintf(hash, sizeof hash, "%016llx", (unsigned long long)fnv1a(b.data, b.len));
		if (!(e = store_prepare(s,
					   "INSERT INTO imports(hash, file, taken_at, rows, imported_at)"
					   " VALUES(?, ?, ?, ?, ?) ON CONFLICT(hash) DO NOTHING",
					   &st, err))) {
			sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, base_name(path), -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, 3, taken_at);
			sqlite3_bind_int64(st, 4, (int64_t)set.n);
			sqlite3_bind_int64(st, 5, (int64_t)time(NULL));
			if (sqlite3_step(st) != SQLITE_DONE)
				e = store_dberr(s, err, "recording import");
			sqlite3_finalize(st);
		}
		res->files++;
		res->new_repos += (size_t)(count_repos(s) - repos_before);
	}
out:
	sw_records_release(&set);
	sw_buf_release(&b);
	return e;
}

sw_err sw_import_files(struct sw_store *s, const char *const *paths, size_t n,
		       const struct sw_import_opts *opts, struct sw_import_result *res, struct sw_error *err)
{
	memset(res, 0, sizeof *res);
	sw_err e = sw_store_begin(s, err);
	if (e)
		return e;
	for (size_t i = 0; i < n && !e; i++)
		e = import_one(s, paths[i], opts, res, err);
	if (e)
		memset(res, 0, sizeof *res); /* nothing was imported */
	return sw_store_end(s, e, err);
}
