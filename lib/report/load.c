/* load.c: the data the analyses read: the layers in taxonomy order, one
 * row per tracked repo with its snapshot at the report's time, and each
 * row's hype shape.
 *
 * Speed: one query reads each tracked repo with its latest snapshot (index
 * seeks on snapshots' primary key, never a scan of the whole history); the
 * hype shape reads 2 more rows per repo with history (first and middle). */
#include "report_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_int.h"
#include "stackwatch/core.h"

static const char *const LOAD_SQL =
	"WITH asof(t) AS (SELECT CASE WHEN ?1 > 0 THEN ?1 ELSE"
	" (SELECT COALESCE(MAX(taken_at), 0) FROM snapshots) END),"
	" b AS MATERIALIZED (SELECT r.id, r.owner, r.name, r.description, r.created_at, r.owner_type, c.layer,"
	" c.subcat,"
	" (SELECT MAX(taken_at) FROM snapshots WHERE repo_id = r.id AND taken_at <= (SELECT t FROM asof)) AS last_at,"
	" (SELECT MIN(taken_at) FROM snapshots WHERE repo_id = r.id) AS first_at"
	" FROM repos r LEFT JOIN repo_class c ON c.repo_id = r.id"
	" WHERE r.state = 'tracked')"
	" SELECT b.id, b.owner, b.name, b.description, b.created_at, b.owner_type, b.layer, b.subcat,"
	" b.last_at, b.first_at, s.stars, s.star_1d, s.star_7d, s.star_7d_pct, s.contributors, s.contributors_at_least,"
	" (SELECT group_concat(login, ',') FROM (SELECT login FROM top_devs t WHERE t.repo_id = b.id"
	"  AND t.taken_at = b.last_at ORDER BY rank)),"
	" (SELECT p.stars FROM snapshots p WHERE p.repo_id = b.id AND p.taken_at = b.first_at)"
	" FROM b LEFT JOIN snapshot_view s ON s.repo_id = b.id AND s.taken_at = b.last_at"
	" WHERE NOT (b.last_at IS NULL AND b.first_at IS NOT NULL)";

static int layer_index(struct sw_report *r, const char *name)
{
	for (size_t i = 0; i < r->nlayers; i++)
		if (!strcmp(r->layer_names[i], name ? name : "(unclassified)"))
			return (int)i;
	return -1;
}

/* Append layer name to r's layer arrays. */
static sw_err add_layer(struct sw_report *r, const char *name, bool software)
{
	size_t n = r->nlayers + 1;
	char **names = realloc(r->layer_names, n * sizeof *names);
	if (!names)
		return SW_ENOMEM;
	r->layer_names = names;
	bool *sw = realloc(r->layer_software, n * sizeof *sw);
	if (!sw)
		return SW_ENOMEM;
	r->layer_software = sw;
	int64_t *cnt = realloc(r->layer_repos, n * sizeof *cnt);
	if (!cnt)
		return SW_ENOMEM;
	r->layer_repos = cnt;
	if (!(names[r->nlayers] = strdup(name)))
		return SW_ENOMEM;
	sw[r->nlayers] = software;
	cnt[r->nlayers] = 0;
	r->nlayers++;
	return SW_OK;
}

sw_err report_load_layers(struct report_ctx *c)
{
	struct sw_taxonomy tx = {0};
	sw_err e = sw_taxonomy_get(c->s, &tx, c->err);
	for (size_t i = 0; !e && i < tx.n; i++)
		e = add_layer(c->r, tx.layers[i].name, tx.layers[i].software);
	sw_taxonomy_release(&tx);
	return e;
}

/* The layer of a row: the taxonomy's, else one added after it (layers
 * missing from the taxonomy, or none: not software). -1 when out of memory. */
static int row_layer(struct sw_report *r, const char *layer)
{
	int l = layer_index(r, layer);
	if (l >= 0)
		return l;
	if (add_layer(r, layer ? layer : "(unclassified)", false))
		return -1;
	return (int)r->nlayers - 1;
}

/* Fill w (zeroed) from a row of LOAD_SQL. */
static sw_err read_row(struct sw_report *r, sqlite3_stmt *st, struct report_row *w)
{
	w->id = sqlite3_column_int64(st, 0);
	w->owner = store_col_text(st, 1);
	w->name = store_col_text(st, 2);
	const char *desc = (const char *)sqlite3_column_text(st, 3);
	w->cjk = desc && sw_utf8_has_cjk(desc);
	w->month = report_month_of_date((const char *)sqlite3_column_text(st, 4));
	const char *ot = (const char *)sqlite3_column_text(st, 5);
	w->otype = !ot ? 0 : !strcmp(ot, "user") ? 1 : !strcmp(ot, "organization") ? 2 : 0;
	if ((w->layer = row_layer(r, (const char *)sqlite3_column_text(st, 6))) < 0)
		return SW_ENOMEM;
	w->software = r->layer_software[w->layer];
	w->subcat = store_col_text(st, 7);
	w->last_at = sqlite3_column_type(st, 8) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 8);
	w->first_at = sqlite3_column_type(st, 9) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 9);
	w->stars = store_col_i64(st, 10);
	w->star_1d = store_col_i64(st, 11);
	w->star_7d = store_col_i64(st, 12);
	w->star_7d_pct = store_col_double(st, 13); /* the gain rule: core's snapshot_view */
	w->contributors = store_col_i64(st, 14);
	w->contrib_at_least = sqlite3_column_int(st, 15) != 0;
	w->top_devs = store_col_text(st, 16);
	w->first_stars = store_col_double(st, 17);
	w->owner_lc = report_lower_dup(w->owner);
	size_t fl = strlen(w->owner ? w->owner : "") + strlen(w->name ? w->name : "") + 2;
	w->full = malloc(fl);
	if (w->full)
		snprintf(w->full, fl, "%s/%s", w->owner ? w->owner : "", w->name ? w->name : "");
	return !w->owner || !w->name || !w->owner_lc || !w->full ? SW_ENOMEM : SW_OK;
}

sw_err report_load_rows(struct report_ctx *c, int64_t as_of)
{
	sqlite3_stmt *st;
	/* Statements here are prepared and finalized, not cached: the store's
	 * statement cache is shared by every module of a long-running server. */
	sw_err e = store_prepare(c->s, LOAD_SQL, &st, c->err);
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, as_of);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (c->n == c->alloc && !sw_array_grow(&c->rows, &c->alloc, c->n + 1, sizeof *c->rows)) {
			e = SW_ENOMEM;
			break;
		}
		struct report_row *w = &c->rows[c->n++];
		memset(w, 0, sizeof *w);
		if ((e = read_row(c->r, st, w)))
			break;
	}
	if (!e && rc != SQLITE_DONE)
		e = store_dberr(c->s, c->err, "reading repos for the report");
	else if (e)
		e = sw_error_set(c->err, e, "out of memory");
	sqlite3_finalize(st);
	return e;
}

/* The middle snapshot of row w: the last one up to the middle of its
 * history, else the first one after it. */
static bool middle_point(struct report_row *w, sqlite3_stmt *q[2], int64_t *t, double *y)
{
	int64_t mid = w->first_at + (w->last_at - w->first_at) / 2;
	for (int pass = 0; pass < 2; pass++) {
		sqlite3_stmt *st = q[pass];
		sqlite3_bind_int64(st, 1, w->id);
		sqlite3_bind_int64(st, 2, pass ? mid : w->first_at);
		sqlite3_bind_int64(st, 3, pass ? w->last_at : mid);
		bool found = sqlite3_step(st) == SQLITE_ROW;
		if (found) {
			*t = sqlite3_column_int64(st, 0);
			*y = sqlite3_column_double(st, 1);
		}
		sqlite3_reset(st);
		if (found && !isnan(*y))
			return true;
	}
	return false;
}

/* From each repo's first, middle and last snapshot (up to as_of): 2 index
 * seeks per repo instead of reading its whole history. */
sw_err report_load_shapes(struct report_ctx *c)
{
	static const char *const MID_BEFORE =
		"SELECT taken_at, stars FROM snapshots WHERE repo_id = ?1 AND taken_at > ?2 AND taken_at <= ?3"
		" AND stars IS NOT NULL ORDER BY taken_at DESC LIMIT 1";
	static const char *const MID_AFTER =
		"SELECT taken_at, stars FROM snapshots WHERE repo_id = ?1 AND taken_at > ?2 AND taken_at < ?3"
		" AND stars IS NOT NULL ORDER BY taken_at LIMIT 1";
	sqlite3_stmt *q[2] = {NULL, NULL};
	sw_err e = store_prepare(c->s, MID_BEFORE, &q[0], c->err);
	if (!e)
		e = store_prepare(c->s, MID_AFTER, &q[1], c->err);
	for (size_t i = 0; !e && i < c->n; i++) {
		struct report_row *w = &c->rows[i];
		w->shape = SW_REPORT_SHAPE_INSUFFICIENT;
		w->points = !w->last_at ? 0 : w->last_at <= w->first_at ? 1 : 2;
		if (w->points == 2 && w->stars != SW_UNKNOWN && !isnan(w->first_stars)) {
			int64_t t[3] = {w->first_at, 0, w->last_at};
			double y[3] = {w->first_stars, NAN, (double)w->stars};
			if (middle_point(w, q, &t[1], &y[1])) {
				w->points = 3;
				w->shape = sw_report_hype_shape(t, y, 3);
			}
		}
		if (w->points)
			c->r->history[w->points - 1]++;
		if (w->first_at && (!c->r->first_snapshot || w->first_at < c->r->first_snapshot))
			c->r->first_snapshot = w->first_at;
	}
	sqlite3_finalize(q[0]);
	sqlite3_finalize(q[1]);
	return e;
}

void report_rows_release(struct report_ctx *c)
{
	for (size_t i = 0; i < c->n; i++) {
		struct report_row *w = &c->rows[i];
		free(w->owner);
		free(w->name);
		free(w->full);
		free(w->owner_lc);
		free(w->subcat);
		free(w->top_devs);
	}
	free(c->rows);
	c->rows = NULL;
	c->n = c->alloc = 0;
}
