/* examples.c: labelled examples for training and evaluation, from a
 * record set (strings borrowed) or from the store's curated labels
 * (strings owned by the examples). */
#include "classify_int.h"

#include <stdlib.h>
#include <string.h>

struct owned {
	char **s;
	size_t n, alloc;
};

void sw_classify_examples_release(struct sw_classify_examples *x)
{
	if (!x)
		return;
	struct owned *o = x->owned_;
	if (o) {
		for (size_t i = 0; i < o->n; i++)
			free(o->s[i]);
		free(o->s);
		free(o);
	}
	free(x->items);
	memset(x, 0, sizeof *x);
}

sw_err sw_classify_examples_from_records(const struct sw_record_set *set, struct sw_classify_examples *out,
					 struct sw_error *err)
{
	memset(out, 0, sizeof *out);
	out->items = calloc(set->n ? set->n : 1, sizeof *out->items);
	if (!out->items)
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	for (size_t i = 0; i < set->n; i++) {
		const struct sw_record *r = &set->items[i];
		if (!r->category || !*r->category)
			continue;
		struct sw_classify_example *x = &out->items[out->n++];
		x->in.repo = r->repo;
		x->in.description = r->description;
		x->layer = r->category;
		x->subcat = r->subcat;
	}
	return SW_OK;
}

static sw_err own(struct owned *o, char *s, const char **dst)
{
	*dst = s;
	if (!s)
		return SW_OK;
	if (!sw_array_grow(&o->s, &o->alloc, o->n + 1, sizeof *o->s)) {
		free(s);
		*dst = NULL;
		return SW_ENOMEM;
	}
	o->s[o->n++] = s;
	return SW_OK;
}

sw_err sw_classify_examples_from_store(struct sw_store *s, struct sw_classify_examples *out, struct sw_error *err)
{
	memset(out, 0, sizeof *out);
	struct owned *o = calloc(1, sizeof *o);
	if (!o)
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	out->owned_ = o;
	sqlite3_stmt *st;
	sw_err e = store_stmt(s,
				 "SELECT r.owner || '/' || r.name, r.description, r.topics, r.language, c.layer, c.subcat,"
				 " m.text FROM repos r LEFT JOIN readmes m ON m.repo_id = r.id"
				 " JOIN repo_class c ON c.repo_id = r.id"
				 " WHERE r.state = 'tracked' AND c.source >= 2 ORDER BY r.id",
				 &st, err);
	if (e)
		return e;
	size_t alloc = 0;
	int rc;
	while (!e && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!sw_array_grow(&out->items, &alloc, out->n + 1, sizeof *out->items)) {
			e = SW_ENOMEM;
			break;
		}
		struct sw_classify_example *x = &out->items[out->n];
		memset(x, 0, sizeof *x);
		if ((e = own(o, store_col_text(st, 0), &x->in.repo)) || (e = own(o, store_col_text(st, 1), &x->in.description)) ||
		    (e = own(o, store_col_text(st, 2), &x->in.topics)) || (e = own(o, store_col_text(st, 3), &x->in.language)) ||
		    (e = own(o, store_col_text(st, 4), &x->layer)) || (e = own(o, store_col_text(st, 5), &x->subcat)) ||
		    (e = own(o, store_col_text(st, 6), &x->in.readme)))
			break;
		x->in.readme_len = x->in.readme ? strlen(x->in.readme) : 0;
		if (!x->in.repo || !x->layer) {
			e = SW_ENOMEM;
			break;
		}
		out->n++;
	}
	sqlite3_reset(st);
	if (!e && rc != SQLITE_DONE)
		e = store_dberr(s, err, "reading curated labels");
	else if (e)
		sw_error_set(err, e, "reading curated labels: %s", sw_error_str(e));
	if (e)
		sw_classify_examples_release(out);
	return e;
}
