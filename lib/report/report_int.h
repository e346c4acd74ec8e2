/* report_int.h: the computed report shared by report.c (analyses, text,
 * Markdown, JSON, CSV) and report_html.c (the page with SVG charts). */
#ifndef STACKWATCH_REPORT_INT_H
#define STACKWATCH_REPORT_INT_H

#include "stackwatch/report.h"

struct sw_report {
	int64_t as_of;
	struct sw_report_ref *ref;
	/* headline scalars (software repos = every layer marked software) */
	int64_t repos, software_repos, non_software_repos, unclassified, no_snapshot;
	int64_t accounts, top20_repos;
	double software_stars, top20_stars;
	double top20_repo_share, top20_star_share; /* fractions; NAN if no repos */
	double gini;
	int64_t known_1d, no_gain_1d, known_7d, no_gain_7d;
	double no_gain_1d_share, no_gain_7d_share; /* fractions; NAN if nothing known */
	int64_t chinese_repos;
	int64_t distinct_devs, contributors_sum, contributors_known;
	int64_t owner_known, owner_unknown;
	int64_t shaped; /* repos with a classified shape */
	/* layers in display order, plus "(unclassified)" when present */
	size_t nlayers;
	char **layer_names;
	bool *layer_software;
	int64_t *layer_repos;
	/* tables, in report order */
	struct sw_table **tables;
	size_t ntables;
};

/* The whole self-contained page (report_html.c). */
sw_err report_html_page(const struct sw_report *r, struct sw_buf *out, struct sw_error *err);
#endif
