/* store.c: classifying the records of a file (on one thread or several),
 * and every tracked repo of a store without a curated label (the classify_results table keeps each
 * verdict with its runner-up). */
#include "classify_int.h"

#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RECORDS_CHUNK 8    /* records a thread takes at a time */

/* One run of sw_classify_records, shared by its threads: they take the
 * records a chunk at a time, in order, and put each result at its
 * record's index, so the table is the same whatever the threads (a memo
 * only saves work, never changes a result). */
struct records_run {
	const struct sw_classify_model *m;
	const struct sw_record_set *set;
	const struct sw_classify_readmes *readmes;
	struct sw_classify_result *res;  /* one per record */
	atomic_size_t next;              /* first record not yet taken */
	struct sw_thread_first_error fail; /* its stop flag ends every thread */
};

static sw_err classify_record(struct records_run *run, struct classify_memo *memo, size_t i, struct sw_error *err)
{
	const struct sw_record *r = &run->set->items[i];
	struct sw_classify_input in = {.repo = r->repo, .description = r->description};
	const struct sw_classify_readme *rd = sw_classify_readmes_find(run->readmes, r->repo);
	if (rd) {
		in.readme = rd->text;
		in.readme_len = rd->len;
	}
	return classify_predict(run->m, &in, memo, &run->res[i], err);
}

/* A thread's share: chunks of records until none are left or one fails. */
static void *records_worker(void *arg)
{
	struct records_run *run = arg;
	struct sw_error err = {0};
	struct classify_memo *memo = classify_memo_new();
	sw_err e = memo ? SW_OK : sw_error_set(&err, SW_ENOMEM, "out of memory");
	while (!e && !atomic_load(&run->fail.stop)) {
		size_t i = atomic_fetch_add(&run->next, RECORDS_CHUNK);
		for (size_t end = i + RECORDS_CHUNK; i < end && i < run->set->n && !e; i++)
			e = classify_record(run, memo, i, &err);
		if (i >= run->set->n)
			break;
	}
	if (e)
		sw_thread_first_error_set(&run->fail, e, &err);
	classify_memo_free(memo);
	return NULL;
}

/* Classify every record on `threads` threads (this one among them). */
static sw_err records_predict(struct records_run *run, int threads)
{
	if ((size_t)threads > run->set->n / RECORDS_CHUNK + 1)
		threads = (int)(run->set->n / RECORDS_CHUNK + 1); /* a thread per chunk at most */
	sw_thread_run(threads, records_worker, run);
	return run->fail.code;
}

/* The table of the results, in the records' order. */
static sw_err records_table(const struct records_run *run, struct sw_table *t, struct sw_error *err)
{
	sw_err e = SW_OK;
	for (size_t i = 0; i < run->set->n && !e; i++) {
		const struct sw_classify_result *res = &run->res[i];
		e = sw_table_add_row(t);
		if (!e) e = sw_table_str(t, 0, run->set->items[i].repo);
		if (!e) e = sw_table_str(t, 1, res->layer);
		if (!e) e = sw_table_str(t, 2, res->subcat);
		/* Rounded so the CSV is stable and readable. */
		if (!e) e = sw_table_num(t, 3, round(res->confidence * 1000) / 1000, 3);
		if (e)
			sw_error_set(err, e, "building the table: %s", sw_error_str(e));
	}
	return e;
}

sw_err sw_classify_records(const struct sw_classify_model *m, const struct sw_record_set *set,
			   const struct sw_classify_readmes *readmes, int threads, struct sw_table **out,
			   struct sw_error *err)
{
	*out = NULL;
	static const char *const h[] = {"repo", "layer", "subcat", "confidence"};
	struct sw_table *t = sw_table_new("classify", "Automatic classification", 4, h);
	struct records_run run = {.m = m, .set = set, .readmes = readmes};
	run.res = malloc((set->n + 1) * sizeof *run.res);
	if (!t || !run.res) {
		free(run.res);
		sw_table_free(t);
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	}
	sw_err e = records_predict(&run, threads < 1 ? 1 : threads);
	if (e)
		*err = run.fail.err;
	else
		e = records_table(&run, t, err);
	free(run.res);
	return sw_table_give(t, e, out);
}

sw_err sw_classify_model_for_store(struct sw_store *s, struct sw_classify_model **out, bool *from_store,
				   struct sw_error *err)
{
	*out = NULL;
	*from_store = false;
	struct sw_classify_examples x;
	sw_err e = sw_classify_examples_from_store(s, &x, err);
	if (e)
		return e;
	size_t layers = 0;
	for (size_t i = 0; i < x.n && layers < 2; i++)
		if (i && strcmp(x.items[i].layer, x.items[0].layer))
			layers = 2;
	if (x.n >= SW_CLASSIFY_MIN_STORE_EXAMPLES && layers >= 2) {
		/* Calibrated as the shipped model is, so the threshold means the same. */
		e = sw_classify_train(x.items, x.n, NULL, out, err);
		if (!e)
			e = sw_classify_calibrate(*out, x.items, x.n, SW_CLASSIFY_CALIBRATION_FOLDS, NULL, err);
		if (e) {
			sw_classify_model_free(*out);
			*out = NULL;
		}
		*from_store = !e;
	} else
		e = sw_classify_model_default(out, err);
	sw_classify_examples_release(&x);
	return e;
}

static const struct store_migration classify_migrations[] = {
	{1, "CREATE TABLE classify_results(repo_id INTEGER PRIMARY KEY REFERENCES repos(id) ON DELETE CASCADE,"
	    " layer TEXT NOT NULL, subcat TEXT, confidence REAL NOT NULL, runner_layer TEXT, runner_subcat TEXT,"
	    " runner_confidence REAL,"
	    " status TEXT NOT NULL CHECK(status IN ('automatic','needs review')),"
	    " classified_at INTEGER NOT NULL);"},
	/* P(layer): what the threshold and the review order read */
	{2, "ALTER TABLE classify_results ADD COLUMN layer_confidence REAL;"},
};

const struct store_schema classify_schema = STORE_SCHEMA("classify", classify_migrations);

const char *sw_classify_status(struct sw_store *s, int64_t repo_id)
{
	sqlite3_stmt *st;
	if (store_stmt(s, "SELECT status FROM classify_results WHERE repo_id=?", &st, NULL))
		return NULL;
	sqlite3_bind_int64(st, 1, repo_id);
	const char *r = NULL;
	if (sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 0);
		r = t && !strcmp((const char *)t, "automatic") ? "automatic" : "needs review";
	}
	sqlite3_reset(st);
	return r;
}

static sw_err record_result(struct sw_store *s, int64_t id, const struct sw_classify_result *r, bool review,
			    int64_t now, struct sw_error *err)
{
	sw_err e;
	if (review) /* a stale automatic label must not outlive the new verdict */
		e = store_run(s, "DELETE FROM classifications WHERE repo_id=? AND source=1", STORE_VALS(STORE_INT(id)),
			      "clearing an automatic label", err);
	else
		e = sw_store_set_class(s, id, SW_CLASS_AUTOMATIC, r->layer, r->subcat, r->confidence, now, err);
	if (e)
		return e;
	return store_run(s,
			 "INSERT OR REPLACE INTO classify_results(repo_id, layer, subcat, confidence,"
			 " runner_layer, runner_subcat, runner_confidence, status, classified_at, layer_confidence)"
			 " VALUES(?,?,?,?,?,?,?,?,?,?)",
			 STORE_VALS(STORE_INT(id), STORE_TEXT(r->layer), STORE_TEXT_OR_NULL(r->subcat),
				    STORE_DOUBLE(r->confidence), STORE_TEXT_OR_NULL(r->runner_layer),
				    STORE_TEXT_OR_NULL(r->runner_subcat), STORE_DOUBLE(r->runner_confidence),
				    STORE_TEXT(review ? "needs review" : "automatic"), STORE_INT(now),
				    STORE_DOUBLE(r->layer_confidence)),
			 "recording a classification", err);
}

/* The tracked repos without a curated/override label, by id (those with
 * one are counted in stats). */
static sw_err unlabelled_repos(struct sw_store *s, struct sw_classify_run *stats, int64_t **ids, size_t *nids,
			       struct sw_error *err)
{
	sqlite3_stmt *st;
	sw_err e = store_stmt(s,
			      "SELECT r.id, COALESCE(c.source >= 2, 0) FROM repos r LEFT JOIN repo_class c ON c.repo_id = r.id"
			      " WHERE r.state = 'tracked' ORDER BY r.id",
			      &st, err);
	if (e)
		return e;
	size_t aids = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_int(st, 1)) {
			stats->skipped_curated++; /* curated/override labels always win */
			continue;
		}
		if (!sw_array_grow(ids, &aids, *nids + 1, sizeof **ids)) {
			e = sw_error_set(err, SW_ENOMEM, "out of memory");
			break;
		}
		(*ids)[(*nids)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (!e && rc != SQLITE_DONE)
		e = store_dberr(s, err, "listing repos to classify");
	return e;
}

/* A row of table "classify" (see sw_classify_store). */
static sw_err add_row(struct sw_table *t, const char *repo, const struct sw_classify_result *res, bool review,
		      struct sw_error *err)
{
	char ru[300];
	snprintf(ru, sizeof ru, "%s%s%s (%.2f)", res->runner_layer, *res->runner_subcat ? "/" : "",
		 res->runner_subcat, res->runner_confidence);
	sw_err te = sw_table_add_row(t);
	if (!te) te = sw_table_str(t, 0, repo);
	if (!te) te = sw_table_str(t, 1, res->layer);
	if (!te) te = sw_table_str(t, 2, res->subcat);
	if (!te) te = sw_table_num(t, 3, round(res->confidence * 1000) / 1000, 3);
	if (!te) te = sw_table_str(t, 4, review ? "needs review" : "automatic");
	if (!te) te = sw_table_str(t, 5, ru);
	if (te)
		return sw_error_set(err, te, "building the table: %s", sw_error_str(te));
	return SW_OK;
}

/* Classify one repo, record the verdict, add its row and count it. */
static sw_err classify_repo(struct sw_store *s, const struct sw_classify_model *m, int64_t id, double threshold,
			    int64_t now, struct sw_classify_run *stats, struct sw_table *t, struct sw_error *err)
{
	struct sw_repo r;
	sw_err e = sw_store_get_repo(s, id, &r, err);
	if (e)
		return e;
	char full[300];
	snprintf(full, sizeof full, "%s/%s", r.owner, r.name);
	struct sw_readme rd;
	struct sw_error rerr = {0};
	if (sw_store_get_readme(s, id, &rd, &rerr) != SW_OK)
		memset(&rd, 0, sizeof rd); /* never fetched: classify without it */
	struct sw_classify_input in = {.repo = full,
				       .description = r.description,
				       .topics = r.topics,
				       .language = r.language,
				       .readme = rd.text,
				       .readme_len = rd.len};
	struct sw_classify_result res;
	e = sw_classify_predict(m, &in, &res, err);
	bool review = !e && res.layer_confidence < threshold;
	if (!e)
		e = record_result(s, id, &res, review, now, err);
	if (!e) {
		e = add_row(t, full, &res, review, err);
		stats->classified += !review;
		stats->needs_review += review;
		stats->with_topics += r.topics && *r.topics;
		stats->with_readme += rd.text && rd.len;
	}
	sw_readme_release(&rd);
	sw_repo_release(&r);
	return e;
}

sw_err sw_classify_store(struct sw_store *s, const struct sw_classify_model *m, double threshold, int64_t now,
			 struct sw_classify_run *stats, struct sw_table **out, struct sw_error *err)
{
	*out = NULL;
	memset(stats, 0, sizeof *stats);
	if (!(threshold >= 0 && threshold <= 1))
		return sw_error_set(err, SW_EINVAL, "the confidence threshold must be between 0 and 1");
	static const char *const h[] = {"repo", "layer", "subcat", "confidence", "status", "runner_up"};
	struct sw_table *t = sw_table_new("classify", "Automatic classification", 6, h);
	int64_t *ids = NULL;
	size_t nids = 0;
	if (!t)
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	sw_err e = unlabelled_repos(s, stats, &ids, &nids, err);
	if (!e && !(e = sw_store_begin(s, err))) {
		for (size_t i = 0; i < nids && !e; i++)
			e = classify_repo(s, m, ids[i], threshold, now, stats, t, err);
		if (e)
			sw_store_rollback(s);
		else
			e = sw_store_commit(s, err);
	}
	free(ids);
	if (e) {
		sw_table_free(t);
		memset(stats, 0, sizeof *stats);
		return e;
	}
	*out = t;
	return SW_OK;
}

/* The order of the review queue: most uncertain layer first, in bands of
 * REVIEW_BAND of confidence so that among near-equals the most-starred
 * repo (the one a label helps most) comes first. */
#define REVIEW_BAND 0.05
static const char review_sql[] =
	"SELECT r.owner || '/' || r.name, cr.layer, cr.subcat, COALESCE(cr.layer_confidence, cr.confidence),"
	" cr.runner_layer, (SELECT stars FROM snapshots WHERE repo_id = r.id AND stars IS NOT NULL"
	"  ORDER BY taken_at DESC LIMIT 1) AS stars"
	" FROM classify_results cr JOIN repos r ON r.id = cr.repo_id"
	" LEFT JOIN repo_class c ON c.repo_id = r.id"
	" WHERE cr.status = 'needs review' AND COALESCE(c.source, 0) < 2"
	" ORDER BY CAST(COALESCE(cr.layer_confidence, cr.confidence) / ?1 AS INTEGER), stars IS NULL, stars DESC,"
	" r.owner, r.name LIMIT ?2";

/* One row of table "needs_review" from the statement's row. */
static sw_err review_row(sqlite3_stmt *st, struct sw_table *t)
{
	sw_err e = sw_table_add_row(t);
	for (int c = 0; c < 3 && !e; c++)
		e = sw_table_str(t, (size_t)c, (const char *)sqlite3_column_text(st, c));
	if (!e) e = sw_table_num(t, 3, store_col_double(st, 3), 3);
	if (!e) e = sw_table_str(t, 4, (const char *)sqlite3_column_text(st, 4));
	if (!e) e = sw_table_int(t, 5, store_col_i64(st, 5));
	return e;
}

sw_err sw_classify_review_queue(struct sw_store *s, size_t limit, struct sw_table **out, struct sw_error *err)
{
	static const char *const h[] = {"repo", "suggested_layer", "suggested_subcat", "layer_confidence",
					"runner_up_layer", "stars"};
	*out = NULL;
	sqlite3_stmt *st;
	sw_err e = store_prepare(s, review_sql, &st, err);
	if (e)
		return e;
	sqlite3_bind_double(st, 1, REVIEW_BAND);
	sqlite3_bind_int64(st, 2, limit ? (int64_t)limit : -1);
	struct sw_table *t = sw_table_new("needs_review", "Automatic labels that need review", 6, h);
	e = t ? SW_OK : SW_ENOMEM;
	int rc = SQLITE_DONE;
	while (!e && (rc = sqlite3_step(st)) == SQLITE_ROW)
		e = review_row(st, t);
	if (!e && rc != SQLITE_DONE)
		e = store_dberr(s, err, "listing the repos that need review");
	else if (e)
		sw_error_set(err, e, "out of memory");
	sqlite3_finalize(st);
	return sw_table_give(t, e, out);
}
