/* inventory.c: 1. Inventory: repos and stars per layer and per
 * subcategory, and the report's totals of repos. */
#include "report_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "stackwatch/core.h"

/* Count the repos per layer and the report's totals; stars[l]: stars per
 * layer, *all_stars: over every layer. */
static void count_layers(struct report_ctx *c, double *stars, double *all_stars)
{
	struct sw_report *r = c->r;
	for (size_t i = 0; i < c->n; i++) {
		struct report_row *w = &c->rows[i];
		r->layer_repos[w->layer]++;
		stars[w->layer] += report_stars0(w->stars);
		*all_stars += report_stars0(w->stars);
		r->repos++;
		if (w->software) {
			r->software_repos++;
			r->software_stars += report_stars0(w->stars);
		} else if (!strcmp(r->layer_names[w->layer], "(unclassified)"))
			r->unclassified++;
		else
			r->non_software_repos++;
		if (!w->last_at)
			r->no_snapshot++;
	}
}

static sw_err layers_table(struct report_ctx *c)
{
	struct sw_report *r = c->r;
	size_t L = r->nlayers;
	double all_stars = 0, *stars = calloc(L ? L : 1, sizeof *stars);
	if (!stars)
		return SW_ENOMEM;
	count_layers(c, stars, &all_stars);
	static const char *const h[] = {"layer", "software", "repos", "repo_share_pct", "stars", "star_share_pct"};
	struct sw_table *t = sw_table_new("layers", "Repos and stars per layer", 6, h);
	sw_err e = t ? SW_OK : SW_ENOMEM;
	for (size_t l = 0; !e && l < L; l++) {
		e = sw_table_add_row(t);
		if (!e) e = sw_table_str(t, 0, r->layer_names[l]);
		if (!e) e = sw_table_str(t, 1, r->layer_software[l] ? "yes" : "no");
		if (!e) e = sw_table_int(t, 2, r->layer_repos[l]);
		if (!e) e = sw_table_num(t, 3, report_pct((double)r->layer_repos[l], (double)r->repos), 1);
		if (!e) e = sw_table_int(t, 4, (int64_t)stars[l]);
		if (!e) e = sw_table_num(t, 5, report_pct(stars[l], all_stars), 1);
	}
	if (!e && r->no_snapshot)
		e = report_add_notef(t, "%lld repo(s) have no snapshot yet: counted as repos, with no stars.",
				     (long long)r->no_snapshot);
	if (!e && r->unclassified)
		e = report_add_notef(t, "%lld repo(s) have no layer yet: not counted as software repos.",
				     (long long)r->unclassified);
	free(stars);
	return report_keep_table(r, t, e);
}

/* The subcategory names of layer l (li: its taxonomy entry, or NULL): the
 * taxonomy's, then any others its repos have, then NULL for none. Caller
 * frees *out (the names are borrowed). */
static sw_err subcat_names(struct report_ctx *c, size_t l, const struct sw_layer_info *li, const char ***out,
			   size_t *nout)
{
	size_t n = li ? li->nsubcats : 0;
	const char **cand = malloc((n + c->n + 1) * sizeof *cand);
	if (!cand)
		return SW_ENOMEM;
	for (size_t k = 0; k < n; k++)
		cand[k] = li->subcats[k];
	for (size_t i = 0; i < c->n; i++) {
		if (c->rows[i].layer != (int)l || !c->rows[i].subcat)
			continue;
		bool seen = false;
		for (size_t k = 0; k < n && !seen; k++)
			seen = !strcasecmp(cand[k], c->rows[i].subcat);
		if (!seen)
			cand[n++] = c->rows[i].subcat;
	}
	cand[n++] = NULL;
	*out = cand;
	*nout = n;
	return SW_OK;
}

/* Rows of table t for layer l: repos and stars per subcategory that has any. */
static sw_err subcat_rows(struct report_ctx *c, struct sw_table *t, size_t l, const char **cand, size_t ncand)
{
	sw_err e = SW_OK;
	for (size_t k = 0; !e && k < ncand; k++) {
		int64_t n = 0;
		double st = 0;
		for (size_t i = 0; i < c->n; i++) {
			const struct report_row *w = &c->rows[i];
			if (w->layer != (int)l)
				continue;
			if (cand[k] ? (w->subcat && !strcasecmp(w->subcat, cand[k])) : !w->subcat) {
				n++;
				st += report_stars0(w->stars);
			}
		}
		if (!n)
			continue;
		e = sw_table_add_row(t);
		if (!e) e = sw_table_str(t, 0, c->r->layer_names[l]);
		if (!e) e = sw_table_str(t, 1, cand[k] ? cand[k] : "(none)");
		if (!e) e = sw_table_int(t, 2, n);
		if (!e) e = sw_table_int(t, 3, (int64_t)st);
	}
	return e;
}

/* Subcategories: taxonomy order within each layer; repos without one last. */
static sw_err subcats_table(struct report_ctx *c)
{
	struct sw_report *r = c->r;
	static const char *const hs[] = {"layer", "subcat", "repos", "stars"};
	struct sw_table *t = sw_table_new("subcats", "Repos and stars per subcategory", 4, hs);
	if (!t)
		return SW_ENOMEM;
	struct sw_taxonomy tx = {0};
	sw_err e = sw_taxonomy_get(c->s, &tx, NULL);
	for (size_t l = 0; !e && l < r->nlayers; l++) {
		const struct sw_layer_info *li = NULL;
		for (size_t k = 0; k < tx.n; k++)
			if (!strcmp(tx.layers[k].name, r->layer_names[l]))
				li = &tx.layers[k];
		const char **cand;
		size_t ncand;
		if ((e = subcat_names(c, l, li, &cand, &ncand)))
			break;
		e = subcat_rows(c, t, l, cand, ncand);
		free(cand);
	}
	sw_taxonomy_release(&tx);
	return report_keep_table(r, t, e);
}

sw_err report_inventory(struct report_ctx *c)
{
	sw_err e = layers_table(c);
	return e ? e : subcats_table(c);
}
