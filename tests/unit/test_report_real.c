/* test_report_real.c: the report over the real curated list
 * (../shared/data/llama-police-2024-11-05.csv) agrees with an independent
 * computation of the same file by tests/unit/report_expected.py (Python's
 * csv module, no stackwatch code). Its output, run while writing this test:
 *
 *   repos 680 / software_repos 643
 *   layer 'AI engineering' 179, 'Applications' 132, 'Infrastructure' 54,
 *         'Lists' 18, 'Model development' 144, 'Model repo' 134, 'Tutorials' 19
 *   accounts 463
 *   top20_repos 159 top20_stars 1473929 repo_share 0.247278 star_share 0.263367
 *   top1 microsoft [18, 211565] top20 ggerganov [3, 113951]
 *   no_gain_1d 182 643 0.283048 / no_gain_7d 25 643 0.038880
 *   chinese_repos 49 / distinct_top_developers 1703 / contributors_at_least 22464
 *   gini 0.264520
 *   growth_summary all layers peak 2023-05 49.333333 recent 0.666667 new_12m 95
 *   growth_summary Applications peak 2023-03 11.333333 recent 0.000000 new_12m 26
 *   software repos created by 2023-09: 539 */
#include "testutil.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stackwatch/core.h"
#include "stackwatch/report.h"

static void test_real_csv(void **state)
{
	(void)state;
	char *csv = tu_shared("llama-police-2024-11-05.csv");
	struct sw_store *s = tu_store("real.db");
	struct sw_error err = {0};
	struct sw_import_opts io = {0};
	struct sw_import_result res;
	const char *paths[] = {csv};
	if (sw_import_files(s, paths, 1, &io, &res, &err))
		fail_msg("%s", err.msg);
	struct sw_report *r = NULL;
	if (sw_report_build(s, NULL, &r, &err))
		fail_msg("%s", err.msg);
	struct sw_buf b = SW_BUF_INIT;
	assert_int_equal(sw_report_render(r, SW_FMT_JSON, NULL, &b, &err), SW_OK);
	json_error_t je;
	json_t *j = json_loads(b.data, 0, &je);
	assert_non_null(j);
#define I(key) json_integer_value(json_object_get(j, key))
#define D(obj, key) json_number_value(json_object_get(obj, key))
	assert_int_equal(I("repos"), 680);
	assert_int_equal(I("software_repos"), 643);
	json_t *L = json_object_get(j, "layers");
	assert_int_equal(json_integer_value(json_object_get(L, "AI engineering")), 179);
	assert_int_equal(json_integer_value(json_object_get(L, "Applications")), 132);
	assert_int_equal(json_integer_value(json_object_get(L, "Infrastructure")), 54);
	assert_int_equal(json_integer_value(json_object_get(L, "Lists")), 18);
	assert_int_equal(json_integer_value(json_object_get(L, "Model development")), 144);
	assert_int_equal(json_integer_value(json_object_get(L, "Model repo")), 134);
	assert_int_equal(json_integer_value(json_object_get(L, "Tutorials")), 19);
	assert_int_equal(I("accounts"), 463);
	json_t *top = json_object_get(j, "top20_accounts");
	assert_int_equal(json_integer_value(json_object_get(top, "repos")), 159);
	assert_true(D(top, "stars") == 1473929);
	assert_true(fabs(D(top, "repo_share") - 0.247278) < 1e-6);
	assert_true(fabs(D(top, "star_share") - 0.263367) < 1e-6);
	assert_int_equal(I("no_gain_1d"), 182);
	assert_int_equal(I("no_gain_7d"), 25);
	assert_true(fabs(D(j, "no_gain_1d_share") - 0.283048) < 1e-6);
	assert_true(fabs(D(j, "no_gain_7d_share") - 0.038880) < 1e-6);
	assert_int_equal(I("chinese_repos"), 49);
	assert_int_equal(I("distinct_top_developers"), 1703);
	assert_int_equal(I("contributors_at_least"), 22464);
	assert_true(fabs(D(j, "gini") - 0.264520) < 1e-6);
	/* every required key, shares in [0,1] */
	const char *keys[] = {"repos", "software_repos", "layers", "accounts", "top20_accounts",
			      "no_gain_1d_share", "no_gain_7d_share", "chinese_repos"};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		assert_non_null(json_object_get(j, keys[i]));
	/* top account and the 20th (ties at 3 repos broken by stars) */
	const struct sw_table *t = sw_report_find(r, "top_accounts");
	assert_string_equal(sw_table_cell_text(t, 0, 1), "Microsoft");
	assert_true(sw_table_cell_num(t, 0, 2) == 18 && sw_table_cell_num(t, 0, 3) == 211565);
	assert_string_equal(sw_table_cell_text(t, 19, 1), "ggerganov");
	assert_true(sw_table_cell_num(t, 19, 3) == 113951);
	/* growth: peak of new repos and flattening, cumulative software repos */
	const struct sw_table *g = sw_report_find(r, "growth_summary");
	size_t all = sw_table_rows(g) - 1, apps = 0;
	while (strcmp(sw_table_cell_text(g, apps, 0), "Applications"))
		apps++;
	assert_string_equal(sw_table_cell_text(g, all, 0), "all layers");
	assert_string_equal(sw_table_cell_text(g, all, 4), "2023-05");
	assert_true(fabs(sw_table_cell_num(g, all, 5) - 49.333333) < 1e-5);
	assert_true(fabs(sw_table_cell_num(g, all, 6) - 0.666667) < 1e-5);
	assert_true(sw_table_cell_num(g, all, 2) == 95);
	assert_string_equal(sw_table_cell_text(g, all, 7), "2023-05"); /* flattened */
	assert_string_equal(sw_table_cell_text(g, apps, 4), "2023-03");
	assert_true(fabs(sw_table_cell_num(g, apps, 5) - 11.333333) < 1e-5);
	assert_true(sw_table_cell_num(g, apps, 6) == 0);
	assert_true(sw_table_cell_num(g, apps, 2) == 26);
	const struct sw_table *cum = sw_report_find(r, "growth");
	size_t m = 0;
	while (m < sw_table_rows(cum) && strcmp(sw_table_cell_text(cum, m, 0), "2023-09"))
		m++;
	assert_true(m < sw_table_rows(cum));
	assert_true(sw_table_cell_num(cum, m, sw_table_cols(cum) - 1) == 539);
	/* owner type is unknown for imported data: all 680 counted as unknown */
	assert_int_equal(I("owner_type_unknown"), 680);
	json_decref(j);
	sw_buf_release(&b);
	sw_report_free(r);
	sw_store_free(s);
	free(csv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_real_csv)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
