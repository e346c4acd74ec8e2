/* views.h: the standard tables built from store data, shared by the CLI
 * (list, show) and the web app (list page, CSV download, repo page), so
 * every front end shows the same columns and numbers.
 *
 * Each builder returns a new table in *out; the caller frees it with
 * sw_table_free(). */
#ifndef STACKWATCH_VIEWS_H
#define STACKWATCH_VIEWS_H

#include "stackwatch/store.h"
#include "stackwatch/table.h"

/* Columns: repo, layer, subcat, class_source, stars, star_1d, star_1d_pct,
 * star_7d, star_7d_pct, forks, contributors, top_devs, created_at,
 * updated_at, downloads, country, owner_type, description. */
sw_err sw_view_repo_list(const struct sw_repo_list *l, struct sw_table **out) SW_MUST_CHECK;
/* Two columns: field, value (every field of the repo and its latest snapshot). */
sw_err sw_view_repo_fields(const struct sw_repo *r, const struct sw_snapshot *latest,
			   struct sw_table **out) SW_MUST_CHECK;
/* One row per snapshot: taken_at, source, stars, star_1d, star_7d, forks,
 * contributors, open_issues, watchers, downloads, top_devs. */
sw_err sw_view_snapshots(const struct sw_snapshot_list *l, struct sw_table **out) SW_MUST_CHECK;

/* One repo as JSON, appended to out: {"repo": {FIELD: VALUE, ...},
 * "snapshots": [...]} from a field/value table (sw_view_repo_fields, maybe
 * with extra rows) and a snapshot table (sw_view_snapshots). Numbers stay
 * numbers, empty values are null. The CLI (`show --format json`) and the
 * web API (/api/repos/OWNER/REPO) both answer with it. */
sw_err sw_view_repo_json(const struct sw_table *fields, const struct sw_table *snapshots,
			 struct sw_buf *out) SW_MUST_CHECK;

/* "100+" or "57" or NULL (unknown) for a contributor count. buf >= 32. */
const char *sw_contributors_text(const struct sw_snapshot *s, char buf[32]);

#endif
