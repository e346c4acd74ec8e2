/* taxonomy.h: reading the AI-stack taxonomy kept in the store. */
#ifndef STACKWATCH_TAXONOMY_H
#define STACKWATCH_TAXONOMY_H

#include <stdbool.h>
#include <stddef.h>

#include "stackwatch/store.h"
#include "stackwatch/table.h"

struct sw_layer_info {
	char *name;
	bool software;     /* false for Tutorials and Lists */
	char **subcats;    /* display order */
	size_t nsubcats;
};
struct sw_taxonomy {
	struct sw_layer_info *layers; /* display order */
	size_t n;
};
sw_err sw_taxonomy_get(struct sw_store *s, struct sw_taxonomy *out, struct sw_error *err) SW_MUST_CHECK;
void sw_taxonomy_release(struct sw_taxonomy *t);
/* Table: layer, software, subcat (one row per subcategory, or per bare layer). */
sw_err sw_taxonomy_table(struct sw_store *s, struct sw_table **out, struct sw_error *err) SW_MUST_CHECK;

#endif
