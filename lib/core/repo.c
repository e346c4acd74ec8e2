/* repo.c: the store's value types (repo, snapshot, lists, README) and
 * what releases them: below both the store, which fills them, and the list
 * index, which owns rows between a load and a query. */
#include <stdlib.h>
#include <string.h>

#include "core_int.h"

const char *sw_class_source_name(enum sw_class_source src)
{
	switch (src) {
	case SW_CLASS_AUTOMATIC: return "automatic";
	case SW_CLASS_CURATED: return "curated";
	case SW_CLASS_OVERRIDE: return "override";
	default: return "none";
	}
}

void sw_repo_release(struct sw_repo *r)
{
	if (!r)
		return;
	char **fields[] = {&r->owner, &r->name, &r->description, &r->language, &r->topics,
			   &r->license, &r->created_at, &r->pushed_at, &r->updated_at,
			   &r->owner_type, &r->country, &r->state, &r->layer, &r->subcat};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		free(*fields[i]);
		*fields[i] = NULL;
	}
}

void sw_snapshot_release(struct sw_snapshot *snap)
{
	if (!snap)
		return;
	free(snap->source);
	free(snap->top_devs);
	snap->source = snap->top_devs = NULL;
}

void sw_snapshot_list_release(struct sw_snapshot_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		sw_snapshot_release(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

void sw_repo_list_release(struct sw_repo_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++) {
		sw_repo_release(&l->rows[i].repo);
		sw_snapshot_release(&l->rows[i].snap);
	}
	free(l->rows);
	l->rows = NULL;
	l->n = l->total = 0;
}

void sw_readme_release(struct sw_readme *r)
{
	if (!r)
		return;
	free(r->text);
	memset(r, 0, sizeof *r);
}
