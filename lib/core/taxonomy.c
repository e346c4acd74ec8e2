/* taxonomy.c: the layers and subcategories as stored (data, not code). */
#include "stackwatch/core.h"

#include <stdlib.h>
#include <string.h>

#include "core_int.h"

void sw_taxonomy_release(struct sw_taxonomy *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++) {
		free(t->layers[i].name);
		for (size_t k = 0; k < t->layers[i].nsubcats; k++)
			free(t->layers[i].subcats[k]);
		free(t->layers[i].subcats);
	}
	free(t->layers);
	t->layers = NULL;
	t->n = 0;
}

sw_err sw_taxonomy_get(struct sw_store *s, struct sw_taxonomy *out, struct sw_error *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st;
	sw_err e = store_prepare(s,
				    "SELECT l.name, l.software, sc.name FROM layers l"
				    " LEFT JOIN subcats sc ON sc.layer_id = l.id ORDER BY l.position, sc.position",
				    &st, err);
	if (e)
		return e;
	while (!e && sqlite3_step(st) == SQLITE_ROW) {
		const char *ln = (const char *)sqlite3_column_text(st, 0);
		if (!out->n || strcmp(out->layers[out->n - 1].name, ln)) {
			struct sw_layer_info *p = realloc(out->layers, (out->n + 1) * sizeof *p);
			if (!p) {
				e = sw_error_set(err, SW_ENOMEM, "out of memory");
				break;
			}
			out->layers = p;
			memset(&p[out->n], 0, sizeof *p);
			p[out->n].name = strdup(ln);
			p[out->n].software = sqlite3_column_int(st, 1) != 0;
			out->n++;
		}
		if (sqlite3_column_type(st, 2) != SQLITE_NULL) {
			struct sw_layer_info *L = &out->layers[out->n - 1];
			char **p = realloc(L->subcats, (L->nsubcats + 1) * sizeof *p);
			if (!p) {
				e = sw_error_set(err, SW_ENOMEM, "out of memory");
				break;
			}
			L->subcats = p;
			p[L->nsubcats++] = store_col_text(st, 2);
		}
	}
	sqlite3_finalize(st);
	if (e)
		sw_taxonomy_release(out);
	return e;
}

sw_err sw_taxonomy_table(struct sw_store *s, struct sw_table **out, struct sw_error *err)
{
	struct sw_taxonomy tx;
	sw_err e = sw_taxonomy_get(s, &tx, err);
	if (e)
		return e;
	static const char *const h[] = {"layer", "software", "subcat"};
	struct sw_table *t = sw_table_new("taxonomy", "Taxonomy", 3, h);
	if (!t)
		e = SW_ENOMEM;
	for (size_t i = 0; !e && i < tx.n; i++) {
		size_t rows = tx.layers[i].nsubcats ? tx.layers[i].nsubcats : 1;
		for (size_t k = 0; !e && k < rows; k++) {
			e = sw_table_add_row(t);
			if (!e) e = sw_table_str(t, 0, tx.layers[i].name);
			if (!e) e = sw_table_str(t, 1, tx.layers[i].software ? "yes" : "no");
			if (!e) e = sw_table_str(t, 2, tx.layers[i].nsubcats ? tx.layers[i].subcats[k] : NULL);
		}
	}
	sw_taxonomy_release(&tx);
	if ((e = sw_table_give(t, e, out)))
		return sw_error_set(err, e, "out of memory");
	return SW_OK;
}
