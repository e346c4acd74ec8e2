/* views.c: standard tables over store data (list, repo fields, snapshots). */
#include "stackwatch/core.h"

#include <math.h>
#include <stdio.h>
#include <string.h>


const char *sw_view_contributors_text(const struct sw_snapshot *s, char buf[32])
{
	if (s->contributors == SW_UNKNOWN)
		return NULL;
	snprintf(buf, 32, "%lld%s", (long long)s->contributors, s->contributors_at_least ? "+" : "");
	return buf;
}

static sw_err put_contrib(struct sw_table *t, size_t col, const struct sw_snapshot *s)
{
	char buf[32];
	const char *txt = sw_view_contributors_text(s, buf);
	if (!txt)
		return SW_OK;
	return s->contributors_at_least ? sw_table_numtext(t, col, (double)s->contributors, txt)
					: sw_table_int(t, col, s->contributors);
}

static const char *class_label(const struct sw_repo *r)
{
	return r->class_source == SW_CLASS_NONE ? NULL : sw_class_source_name(r->class_source);
}

/* -1 unknown, 0, 1 -> NULL, "no", "yes" */
static const char *yes_no(int v)
{
	return v < 0 ? NULL : v ? "yes" : "no";
}

sw_err sw_view_repo_list(const struct sw_repo_list *l, struct sw_table **out)
{
	static const char *const h[] = {"repo", "layer", "subcat", "class_source", "stars", "star_1d",
					"star_1d_pct", "star_7d", "star_7d_pct", "forks", "contributors",
					"top_devs", "created_at", "updated_at", "downloads", "country",
					"owner_type", "description", "archived", "fork"};
	struct sw_table *t = sw_table_new("repos", "Repositories", sizeof h / sizeof h[0], h);
	if (!t)
		return SW_ENOMEM;
	sw_err e = SW_OK;
	for (size_t i = 0; !e && i < l->n; i++) {
		const struct sw_repo *r = &l->rows[i].repo;
		const struct sw_snapshot *s = &l->rows[i].snap;
		char full[256];
		snprintf(full, sizeof full, "%s/%s", r->owner, r->name);
		bool has = s->taken_at != 0;
		e = sw_table_add_row(t);
		if (!e) e = sw_table_str(t, 0, full);
		if (!e) e = sw_table_str(t, 1, r->layer);
		if (!e) e = sw_table_str(t, 2, r->subcat);
		if (!e) e = sw_table_str(t, 3, class_label(r));
		if (!e && has) e = sw_table_int(t, 4, s->stars);
		if (!e && has) e = sw_table_int(t, 5, s->star_1d);
		if (!e && has) e = sw_table_num(t, 6, s->star_1d_pct, 2);
		if (!e && has) e = sw_table_int(t, 7, s->star_7d);
		if (!e && has) e = sw_table_num(t, 8, s->star_7d_pct, 2);
		if (!e && has) e = sw_table_int(t, 9, s->forks);
		if (!e && has) e = put_contrib(t, 10, s);
		if (!e && has) e = sw_table_str(t, 11, s->top_devs);
		if (!e) e = sw_table_str(t, 12, r->created_at);
		if (!e) e = sw_table_str(t, 13, r->updated_at);
		if (!e && has) e = sw_table_int(t, 14, s->downloads);
		if (!e) e = sw_table_str(t, 15, r->country);
		if (!e) e = sw_table_str(t, 16, r->owner_type);
		if (!e) e = sw_table_str(t, 17, r->description);
		if (!e) e = sw_table_str(t, 18, yes_no(r->archived));
		if (!e) e = sw_table_str(t, 19, yes_no(r->is_fork));
	}
	return sw_table_give(t, e, out);
}

static sw_err kv(struct sw_table *t, const char *k, const char *v)
{
	sw_err e = sw_table_add_row(t);
	if (!e)
		e = sw_table_str(t, 0, k);
	if (!e)
		e = sw_table_str(t, 1, v);
	return e;
}

static sw_err kv_int(struct sw_table *t, const char *k, int64_t v)
{
	sw_err e = sw_table_add_row(t);
	if (!e)
		e = sw_table_str(t, 0, k);
	if (!e)
		e = sw_table_int(t, 1, v);
	return e;
}

sw_err sw_view_repo_fields(const struct sw_repo *r, const struct sw_snapshot *latest, struct sw_table **out)
{
	static const char *const h[] = {"field", "value"};
	struct sw_table *t = sw_table_new("repo", "Repository", 2, h);
	if (!t)
		return SW_ENOMEM;
	char full[256], buf[300];
	snprintf(full, sizeof full, "%s/%s", r->owner, r->name);
	sw_err e = kv(t, "repo", full);
	if (!e) {
		snprintf(buf, sizeof buf, "https://github.com/%s", full);
		e = kv(t, "url", buf);
	}
	if (!e) e = kv_int(t, "github_id", r->github_id ? r->github_id : SW_UNKNOWN);
	if (!e) e = kv(t, "layer", r->layer);
	if (!e) e = kv(t, "subcat", r->subcat);
	if (!e) e = kv(t, "class_source", class_label(r));
	if (!e && r->class_source == SW_CLASS_AUTOMATIC) {
		snprintf(buf, sizeof buf, "%.2f", r->confidence);
		e = kv(t, "confidence", buf);
	}
	if (!e) e = kv(t, "description", r->description);
	if (!e) e = kv(t, "language", r->language);
	if (!e) e = kv(t, "topics", r->topics);
	if (!e) e = kv(t, "license", r->license);
	if (!e) e = kv(t, "archived", yes_no(r->archived));
	if (!e) e = kv(t, "fork", yes_no(r->is_fork));
	if (!e) e = kv(t, "created_at", r->created_at);
	if (!e) e = kv(t, "updated_at", r->updated_at);
	if (!e) e = kv(t, "pushed_at", r->pushed_at);
	if (!e) e = kv(t, "owner_type", r->owner_type ? r->owner_type : "unknown");
	if (!e) e = kv(t, "country", r->country ? r->country : "unknown");
	if (!e) e = kv(t, "state", r->state);
	if (!e && latest && latest->taken_at) {
		sw_time_format(latest->taken_at, buf);
		e = kv(t, "snapshot", buf);
		if (!e) e = kv_int(t, "stars", latest->stars);
		if (!e) e = kv_int(t, "star_1d", latest->star_1d);
		if (!e) e = kv_int(t, "star_7d", latest->star_7d);
		if (!e) e = kv_int(t, "forks", latest->forks);
		char cb[32];
		if (!e) e = kv(t, "contributors", sw_view_contributors_text(latest, cb));
		if (!e) e = kv(t, "top_devs", latest->top_devs);
		if (!e) e = kv_int(t, "open_issues", latest->open_issues);
		if (!e) e = kv_int(t, "downloads", latest->downloads);
	}
	return sw_table_give(t, e, out);
}

sw_err sw_view_snapshots(const struct sw_snapshot_list *l, struct sw_table **out)
{
	static const char *const h[] = {"taken_at", "source", "stars", "star_1d", "star_7d", "forks",
					"contributors", "open_issues", "watchers", "downloads", "top_devs"};
	struct sw_table *t = sw_table_new("snapshots", "Snapshots", sizeof h / sizeof h[0], h);
	if (!t)
		return SW_ENOMEM;
	sw_err e = SW_OK;
	for (size_t i = 0; !e && i < l->n; i++) {
		const struct sw_snapshot *s = &l->items[i];
		char when[32];
		sw_time_format(s->taken_at, when);
		e = sw_table_add_row(t);
		if (!e) e = sw_table_str(t, 0, when);
		if (!e) e = sw_table_str(t, 1, s->source);
		if (!e) e = sw_table_int(t, 2, s->stars);
		if (!e) e = sw_table_int(t, 3, s->star_1d);
		if (!e) e = sw_table_int(t, 4, s->star_7d);
		if (!e) e = sw_table_int(t, 5, s->forks);
		if (!e) e = put_contrib(t, 6, s);
		if (!e) e = sw_table_int(t, 7, s->open_issues);
		if (!e) e = sw_table_int(t, 8, s->watchers);
		if (!e) e = sw_table_int(t, 9, s->downloads);
		if (!e) e = sw_table_str(t, 10, s->top_devs);
	}
	/* the repo's own fields show the latest of these; the source says where each came from */
	static const char *const drop[] = {"top_devs", "downloads", "contributors"};
	if (!e)
		e = sw_table_drop_order(t, drop, sizeof drop / sizeof drop[0]);
	return sw_table_give(t, e, out);
}

sw_err sw_view_repo_json(const struct sw_table *fields, const struct sw_table *snapshots, struct sw_buf *out)
{
	sw_err e = sw_buf_puts(out, "{\"repo\": {");
	for (size_t i = 0; !e && i < sw_table_rows(fields); i++) {
		double v = sw_table_cell_num(fields, i, 1);
		const char *txt = sw_table_cell_text(fields, i, 1);
		e = sw_buf_puts(out, i ? ", \"" : "\"");
		if (!e) e = sw_buf_json_str(out, sw_table_cell_text(fields, i, 0));
		if (!e) e = sw_buf_puts(out, "\": ");
		if (e)
			break;
		if (!isnan(v))
			e = sw_buf_printf(out, "%.17g", v);
		else if (!*txt)
			e = sw_buf_puts(out, "null");
		else {
			e = sw_buf_putc(out, '"');
			if (!e) e = sw_buf_json_str(out, txt);
			if (!e) e = sw_buf_putc(out, '"');
		}
	}
	if (!e) e = sw_buf_puts(out, "}, \"snapshots\": ");
	if (!e) e = sw_table_render(snapshots, SW_FMT_JSON, 0, out);
	if (!e) e = sw_buf_puts(out, "}\n");
	return e;
}
