/* test_report_analysis.c: the hype-shape classifier, the Gini coefficient
 * and the reference-figures parser, on hand-made inputs. */
#include "testutil.h"

#include <math.h>
#include <string.h>

#include "core/core_int.h"
#include "stackwatch/report.h"

static enum sw_report_shape shape(const double *y, size_t n)
{
	int64_t d[16];
	for (size_t i = 0; i < n; i++)
		d[i] = (int64_t)i * 10;
	return sw_report_hype_shape(d, y, n);
}

static void test_shapes(void **state)
{
	(void)state;
	/* linear growth 100 -> 200: both halves gain 50 */
	double lin[] = {100, 125, 150, 175, 200};
	assert_int_equal(shape(lin, 5), SW_REPORT_SHAPE_SUSTAINED);
	/* accelerating growth is sustained too */
	double acc[] = {100, 101, 105, 150, 300};
	assert_int_equal(shape(acc, 5), SW_REPORT_SHAPE_SUSTAINED);
	/* all gain in the first half, then flat: early 900, late 10 < 225 */
	double spike[] = {100, 900, 1000, 1005, 1010};
	assert_int_equal(shape(spike, 5), SW_REPORT_SHAPE_SPIKE);
	/* late gain exactly a quarter of the early gain is still sustained:
	 * early 400 (100 -> 500), late 100 (500 -> 600) */
	double quarter[] = {100, 300, 500, 550, 600};
	assert_int_equal(shape(quarter, 5), SW_REPORT_SHAPE_SUSTAINED);
	/* under 5% change: steady */
	double flat[] = {1000, 1010, 1020, 1030, 1040};
	assert_int_equal(shape(flat, 5), SW_REPORT_SHAPE_STEADY);
	/* losing stars in the late half beyond 1%: declining */
	double down[] = {1000, 1100, 1200, 1150, 1100};
	assert_int_equal(shape(down, 5), SW_REPORT_SHAPE_DECLINING);
	/* a 1-star dip on a flat repo is noise, not a decline */
	double dip[] = {50, 50, 50, 50, 49};
	assert_int_equal(shape(dip, 5), SW_REPORT_SHAPE_STEADY);
	/* too short, or NANs leave fewer than 3 points */
	assert_int_equal(shape(lin, 2), SW_REPORT_SHAPE_INSUFFICIENT);
	double gaps[] = {NAN, 5, NAN, NAN, 9};
	assert_int_equal(shape(gaps, 5), SW_REPORT_SHAPE_INSUFFICIENT);
	/* uneven spacing: interpolated midpoint. days 0, 10, 100: stars 0, 90, 100:
	 * midpoint day 50 -> 90 + 10*40/90 = 94.4; early 94.4, late 5.6 -> spike */
	int64_t d[] = {0, 10, 100};
	double y[] = {0, 90, 100};
	assert_int_equal(sw_report_hype_shape(d, y, 3), SW_REPORT_SHAPE_SPIKE);
	/* out-of-order days are skipped (2 valid points left) */
	int64_t bad[] = {0, 20, 10};
	assert_int_equal(sw_report_hype_shape(bad, y, 3), SW_REPORT_SHAPE_INSUFFICIENT);
	assert_int_equal(sw_report_hype_shape(NULL, NULL, 0), SW_REPORT_SHAPE_INSUFFICIENT);
	assert_string_equal(sw_report_shape_name(SW_REPORT_SHAPE_SPIKE), "spike then flat");
}

static void test_gini(void **state)
{
	(void)state;
	double eq[] = {3, 3, 3, 3};
	assert_true(fabs(sw_report_gini(eq, 4)) < 1e-12);
	/* one holds all of 4: 2*(4*1)/(4*1) - 5/4 = 0.75 */
	double one[] = {0, 1, 0, 0};
	assert_true(fabs(sw_report_gini(one, 4) - 0.75) < 1e-12);
	/* [1,2,3]: 2*(1+4+9)/(3*6) - 4/3 = 28/18 - 24/18 = 2/9 */
	double v[] = {3, 1, 2};
	assert_true(fabs(sw_report_gini(v, 3) - 2.0 / 9) < 1e-12);
	assert_true(sw_report_gini(NULL, 0) == 0);
}

static void test_reference(void **state)
{
	(void)state;
	struct sw_report_ref *r = NULL;
	struct sw_error err = {0};
	const char *ok = "# comment\n\ntitle\t\tMy study\nrepos\t896\t896\nshare\t0.188\t18.8%\r\nbare\t5\n";
	assert_int_equal(sw_report_ref_parse("x.tsv", ok, strlen(ok), &r, &err), SW_OK);
	double v;
	assert_true(sw_report_ref_value(r, "repos", &v) && v == 896);
	assert_true(sw_report_ref_value(r, "share", &v) && v == 0.188);
	assert_string_equal(sw_report_ref_label(r, "share"), "18.8%");
	assert_false(sw_report_ref_value(r, "title", &v));
	assert_string_equal(sw_report_ref_label(r, "title"), "My study");
	assert_null(sw_report_ref_label(r, "bare"));
	assert_false(sw_report_ref_value(r, "missing", &v));
	sw_report_ref_free(r);
	sw_report_ref_free(NULL);
	struct {
		const char *text, *msg;
	} bad[] = {
		{"a\t1\nrepos\tmany\tx\n", "x.tsv:2: field 'value': 'many' is not a number"},
		{"Repos\t1\n", "x.tsv:1: field 'key': 'Repos' is not [a-z0-9_]{1,64}"},
		{"a\t1\na\t2\n", "x.tsv:2: field 'key': duplicate key 'a'"},
		{"\n\nnovalue\n", "x.tsv:3: expected 'key<TAB>value<TAB>label'"},
		{"a\tinf\n", "x.tsv:1: field 'value': 'inf' is not a number"},
		{"a\t1\t\xff\n", "x.tsv: not valid UTF-8 at byte 4"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		r = (struct sw_report_ref *)1;
		assert_int_equal(sw_report_ref_parse("x.tsv", bad[i].text, strlen(bad[i].text), &r, &err), SW_EPARSE);
		assert_null(r);
		assert_string_equal(err.msg, bad[i].msg);
	}
	/* the embedded study figures parse and hold the numbers */
	size_t len;
	const char *study = core_embedded("study-2024-03.tsv", &len);
	assert_non_null(study);
	assert_int_equal(sw_report_ref_parse("study", study, len, &r, &err), SW_OK);
	assert_true(sw_report_ref_value(r, "repos", &v) && v == 896);
	assert_true(sw_report_ref_value(r, "software_repos", &v) && v == 845);
	assert_true(sw_report_ref_value(r, "accounts", &v) && v == 594);
	assert_true(sw_report_ref_value(r, "top20_repos", &v) && v == 195);
	assert_true(sw_report_ref_value(r, "no_gain_1d", &v) && v == 158);
	assert_true(sw_report_ref_value(r, "no_gain_7d_share", &v) && v == 0.045);
	sw_report_ref_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_gini),
		cmocka_unit_test(test_reference),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
