/* headline.c: 8. the headline: our figures next to the reference (study)
 * figures, from the scalars the other analyses left in the report. */
#include "report_int.h"

#include <stdio.h>
#include <string.h>

#include "stackwatch/core.h"

/* A headline figure: key in the reference file, label, our value; share:
 * a fraction shown in percent. */
struct figure {
	const char *key, *label;
	double value;
	bool share;
};

static sw_err figure_row(const struct sw_report *r, struct sw_table *t, const struct figure *m)
{
	double ref = NAN;
	bool has = sw_report_ref_value(r->ref, m->key, &ref);
	if (has && m->share)
		ref *= 100;
	int dec = m->share ? 1 : !strcmp(m->key, "gini") ? 3 : 0;
	sw_err e = sw_table_add_row(t);
	if (!e) e = sw_table_str(t, 0, m->key);
	if (!e) e = sw_table_str(t, 1, m->label);
	if (!e) e = sw_table_num(t, 2, m->value, dec);
	if (!e) e = sw_table_num(t, 3, has ? ref : NAN, dec);
	if (!e) e = sw_table_str(t, 4, sw_report_ref_label(r->ref, m->key));
	if (!e) e = sw_table_num(t, 5, has && !isnan(m->value) ? m->value - ref : NAN, dec);
	return e;
}

static sw_err headline_rows(const struct sw_report *r, struct sw_table *t)
{
	const struct figure m[] = {
		{"repos", "repos", (double)r->repos, false},
		{"software_repos", "software repos", (double)r->software_repos, false},
		{"non_software_repos", "tutorials and lists", (double)r->non_software_repos, false},
		{"accounts", "owner accounts (software repos)", (double)r->accounts, false},
		{"top20_repos", "repos of the top 20 accounts", (double)r->top20_repos, false},
		{"top20_repo_share", "share of repos, top 20 accounts (%)", 100 * r->top20_repo_share, true},
		{"top20_stars", "stars of the top 20 accounts", r->top20_stars, false},
		{"top20_star_share", "share of stars, top 20 accounts (%)", 100 * r->top20_star_share, true},
		{"gini", "Gini of repos per account", r->gini, false},
		{"no_gain_1d", "no star gain in the last day", (double)r->no_gain_1d, false},
		{"no_gain_1d_share", "no star gain in the last day (%)", 100 * r->no_gain_1d_share, true},
		{"no_gain_7d", "no star gain in the last 7 days", (double)r->no_gain_7d, false},
		{"no_gain_7d_share", "no star gain in the last 7 days (%)", 100 * r->no_gain_7d_share, true},
		{"developers", "contributors, summed over repos (at least)", (double)r->contributors_sum, false},
		{"distinct_top_developers", "distinct top developers", (double)r->distinct_devs, false},
		{"commits", "commits", NAN, false},
		{"chinese_repos", "repos with Chinese descriptions", (double)r->chinese_repos, false},
		{"owner_type_unknown", "repos with unknown owner type", (double)r->owner_unknown, false},
	};
	sw_err e = SW_OK;
	for (size_t i = 0; !e && i < sizeof m / sizeof m[0]; i++)
		e = figure_row(r, t, &m[i]);
	return e;
}

sw_err report_headline(struct report_ctx *c)
{
	struct sw_report *r = c->r;
	static const char *const h[] = {"key", "metric", "value", "study", "study_stated", "change"};
	char title[160];
	const char *src = sw_report_ref_label(r->ref, "title");
	snprintf(title, sizeof title, "Headline figures vs the %s", src ? src : "reference");
	struct sw_table *t = sw_table_new("headline", title, 6, h);
	sw_err e = t ? headline_rows(r, t) : SW_ENOMEM;
	if (!e)
		e = report_add_note(t, "Software repos = every layer but Tutorials and Lists. Account, developer and"
				       " hype figures are over software repos, as in the study. Commits are not"
				       " tracked. Shares of no-gain repos are of repos whose gain is known.");
	if ((e = report_keep_table(r, t, e)))
		return e;
	/* The headline goes first. */
	memmove(r->tables + 1, r->tables, (r->ntables - 1) * sizeof *r->tables);
	r->tables[0] = t;
	return SW_OK;
}
