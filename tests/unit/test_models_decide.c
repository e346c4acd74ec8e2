/* test_models_decide.c: the build-vs-buy decision aid: each factor's effect, the
 * verdict thresholds, answer validation, the factor file format and the
 * health ranking of options on a hand-made store. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stackwatch/models.h"
#include "testutil.h"

/* The documented factors: flag, weight and which way a "high" answer
 * pushes (+1 open source, -1 proprietary), written from the intent
 * (a tight budget, customisation, expertise, lock-in worry, transparency
 * and maintenance capacity favour open source; guarantees, compliance
 * burden, time pressure and vendor ties favour buying). Total weight 20. */
static const struct {
	const char *flag;
	double weight;
	int dir;
} spec[] = {
	{"--budget", 2, -1},         {"--customisation", 3, 1}, {"--expertise", 3, 1},
	{"--lock-in", 2, 1},         {"--transparency", 2, 1},  {"--mission-critical", 2, -1},
	{"--maintenance", 2, 1},     {"--compliance", 1, -1},   {"--time-to-market", 2, -1},
	{"--vendor-ecosystem", 1, -1},
};
#define NSPEC (sizeof spec / sizeof spec[0])

static struct sw_models_decide *load(void)
{
	struct sw_models_decide *d = NULL;
	struct sw_error err = {0};
	if (sw_models_decide_load(NULL, &d, &err))
		fail_msg("%s", sw_error_text(&err));
	return d;
}

static void unset(int *lv)
{
	for (size_t i = 0; i < SW_MODELS_DECIDE_MAX_FACTORS; i++)
		lv[i] = SW_MODELS_DECIDE_UNSET;
}

static void test_each_factor_effect(void **state)
{
	(void)state;
	struct sw_models_decide *d = load();
	assert_int_equal(sw_models_decide_nfactors(d), NSPEC);
	struct sw_error err = {0};
	for (size_t k = 0; k < NSPEC; k++) {
		int i = sw_models_decide_find(d, spec[k].flag);
		assert_true(i >= 0);
		for (int level = -1; level <= 1; level++) {
			int lv[SW_MODELS_DECIDE_MAX_FACTORS];
			unset(lv);
			lv[i] = level;
			struct sw_models_decide_result r;
			struct sw_table *t = NULL;
			assert_int_equal(sw_models_decide_evaluate(d, lv, &r, &t, &err), SW_OK);
			double want = spec[k].weight * spec[k].dir * level / 20.0;
			if (fabs(r.score - want) > 1e-12)
				fail_msg("%s=%d: score %g, want %g", spec[k].flag, level, r.score, want);
			assert_int_equal(r.answered, 1);
			/* a factor with an effect leads the table (medium: no effect,
			 * file order); check its effect and side */
			size_t row = 0;
			while (row < sw_table_rows(t) && strcmp(sw_table_cell_text(t, row, 1), spec[k].flag))
				row++;
			assert_true(level == 0 ? row < NSPEC : row == 0);
			assert_string_equal(sw_table_cell_text(t, row, 2), level < 0 ? "low" : level ? "high" : "medium");
			assert_true(sw_table_cell_num(t, row, 4) == spec[k].weight * spec[k].dir * level);
			const char *fav = sw_table_cell_text(t, row, 5);
			if (level == 0)
				assert_string_equal(fav, "neutral");
			else
				assert_string_equal(fav, spec[k].dir * level > 0 ? "open source" : "proprietary");
			sw_table_free(t);
		}
	}
	sw_models_decide_free(d);
	tu_free_kept();
}

static void test_verdicts(void **state)
{
	(void)state;
	struct sw_models_decide *d = load();
	struct sw_error err = {0};
	struct sw_models_decide_result r;
	int lv[SW_MODELS_DECIDE_MAX_FACTORS];
	/* nothing answered: hybrid at 0 */
	unset(lv);
	assert_int_equal(sw_models_decide_evaluate(d, lv, &r, NULL, &err), SW_OK);
	assert_string_equal(r.verdict, "hybrid");
	assert_true(r.score == 0);
	/* every answer towards open source: +1 */
	for (size_t k = 0; k < NSPEC; k++)
		lv[sw_models_decide_find(d, spec[k].flag)] = spec[k].dir;
	assert_int_equal(sw_models_decide_evaluate(d, lv, &r, NULL, &err), SW_OK);
	assert_string_equal(r.verdict, "build on open source");
	assert_true(fabs(r.score - 1) < 1e-12);
	for (size_t k = 0; k < NSPEC; k++)
		lv[sw_models_decide_find(d, spec[k].flag)] = -spec[k].dir;
	assert_int_equal(sw_models_decide_evaluate(d, lv, &r, NULL, &err), SW_OK);
	assert_string_equal(r.verdict, "buy proprietary");
	/* the threshold (0.2 = 4 of 20 weight): customisation + expertise high
	 * = +6, time-to-market high = -2 -> +4/20 = 0.2 exactly: build */
	unset(lv);
	lv[sw_models_decide_find(d, "--customisation")] = 1;
	lv[sw_models_decide_find(d, "--expertise")] = 1;
	lv[sw_models_decide_find(d, "--time-to-market")] = 1;
	assert_int_equal(sw_models_decide_evaluate(d, lv, &r, NULL, &err), SW_OK);
	assert_true(fabs(r.score - 0.2) < 1e-12);
	assert_string_equal(r.verdict, "build on open source");
	lv[sw_models_decide_find(d, "--compliance")] = 1; /* -1 more: 3/20 = 0.15 -> hybrid */
	assert_int_equal(sw_models_decide_evaluate(d, lv, &r, NULL, &err), SW_OK);
	assert_string_equal(r.verdict, "hybrid");
	sw_models_decide_free(d);
	tu_free_kept();
}

static void test_answers_and_reasons_text(void **state)
{
	(void)state;
	struct sw_models_decide *d = load();
	struct sw_error err = {0};
	int level = 9;
	int i = sw_models_decide_find(d, "budget");
	assert_true(i >= 0);
	assert_int_equal(sw_models_decide_parse_level(d, (size_t)i, "HIGH", &level, &err), SW_OK);
	assert_int_equal(level, 1);
	assert_int_equal(sw_models_decide_parse_level(d, (size_t)i, "m", &level, &err), SW_OK);
	assert_int_equal(level, 0);
	assert_int_equal(sw_models_decide_parse_level(d, (size_t)i, "huge", &level, &err), SW_EINVAL);
	assert_string_equal(sw_error_text(&err),
			    "--budget: unknown answer 'huge' (expected low, medium or high)");
	/* the rendered answer names the factors that drove it */
	int lv[SW_MODELS_DECIDE_MAX_FACTORS];
	unset(lv);
	lv[sw_models_decide_find(d, "--mission-critical")] = 1;
	lv[sw_models_decide_find(d, "--time-to-market")] = 1;
	lv[sw_models_decide_find(d, "--expertise")] = -1;
	lv[sw_models_decide_find(d, "--lock-in")] = 1; /* +2, against the verdict */
	struct sw_buf b = SW_BUF_INIT;
	assert_int_equal(sw_models_decide_render(d, lv, NULL, NULL, NULL, SW_FMT_TABLE, &b, &err), SW_OK);
	/* -2 -2 -3 +2 = -5/20 = -0.25 */
	assert_non_null(strstr(b.data, "Recommendation: buy proprietary (score -0.25"));
	assert_non_null(strstr(b.data, "Driven by: expertise=low (-3), mission-critical=high (-2), time-to-market=high (-2)\n"));
	assert_non_null(strstr(b.data, "Open vs closed: unknown"));
	sw_buf_reset(&b);
	assert_int_equal(sw_models_decide_render(d, lv, NULL, NULL, NULL, SW_FMT_JSON, &b, &err), SW_OK);
	assert_non_null(strstr(b.data, "{\"recommendation\":\"buy proprietary\",\"score\":-0.2500"));
	sw_buf_release(&b);
	sw_models_decide_free(d);
	tu_free_kept();
}

static void test_factor_file_errors(void **state)
{
	(void)state;
	struct sw_models_decide *d = NULL;
	struct sw_error err = {0};
	const char *p = tu_keep(tu_write("f1.tsv", "threshold\t0.2\nx\t--x\tabc\t1\tq\tlo\thi\n"));
	assert_int_equal(sw_models_decide_load(p, &d, &err), SW_EPARSE);
	assert_non_null(strstr(sw_error_text(&err), "f1.tsv:2:3: weight 'abc'"));
	p = tu_keep(tu_write("f2.tsv", "threshold\t0.2\nx\t--x\t1\t0\tq\tlo\thi\n"));
	assert_int_equal(sw_models_decide_load(p, &d, &err), SW_EPARSE);
	assert_non_null(strstr(sw_error_text(&err), "f2.tsv:2:4: direction '0'"));
	p = tu_keep(tu_write("f3.tsv", "x\t--x\t1\t1\tq\tlo\thi\n"));
	assert_int_equal(sw_models_decide_load(p, &d, &err), SW_EPARSE);
	assert_non_null(strstr(sw_error_text(&err), "no threshold line"));
	p = tu_keep(tu_write("f4.tsv", "threshold\t0.2\nx\t--x\t1\t1\tq\tlo\n"));
	assert_int_equal(sw_models_decide_load(p, &d, &err), SW_EPARSE);
	assert_non_null(strstr(sw_error_text(&err), "f4.tsv:2: expected 7 TAB-separated columns, got 6"));
	assert_null(d);
	/* a custom file works and defines its own flags */
	p = tu_keep(tu_write("ok.tsv", "# c\nthreshold\t0.5\nspeed\t--speed\t1\t-1\tFast?\tslow ok\tfast needed\n"));
	assert_int_equal(sw_models_decide_load(p, &d, &err), SW_OK);
	assert_int_equal(sw_models_decide_nfactors(d), 1);
	int lv[SW_MODELS_DECIDE_MAX_FACTORS] = {1};
	struct sw_models_decide_result r;
	assert_int_equal(sw_models_decide_evaluate(d, lv, &r, NULL, &err), SW_OK);
	assert_string_equal(r.verdict, "buy proprietary");
	sw_models_decide_free(d);
	tu_free_kept();
}

static int64_t add_repo(struct sw_store *s, const char *owner, const char *name, int archived,
			const char *pushed, const char *license)
{
	struct sw_error err = {0};
	struct sw_repo_update u = SW_REPO_UPDATE_INIT;
	u.owner = owner;
	u.name = name;
	u.archived = archived;
	u.pushed_at = pushed;
	u.license = license;
	u.as_of = 1;
	int64_t id = 0;
	if (sw_store_upsert_repo(s, &u, &id, &err) ||
	    sw_store_set_class(s, id, SW_CLASS_CURATED, "Infrastructure", "Serving", 1, 1, &err))
		fail_msg("%s", sw_error_text(&err));
	return id;
}

static void add_snap(struct sw_store *s, int64_t id, int64_t t, int64_t stars, int64_t contributors)
{
	struct sw_error err = {0};
	struct sw_snapshot sn = SW_SNAPSHOT_UNKNOWN_INIT;
	sn.taken_at = t;
	sn.stars = stars;
	sn.contributors = contributors;
	sn.source = (char *)"test";
	if (sw_store_put_snapshot(s, id, &sn, &err))
		fail_msg("%s", sw_error_text(&err));
}

/* Expected health by hand (python3):
 *   X: 30*log10(1101)/5 + 25*min(1,10/5) + 20*log10(51)/log10(501)
 *      + 15*(1-(60-30)/335) + 10  = 79.557 (all parts known: coverage 1)
 *   Z: stars only: 100*(30*log10(501)/5)/30 = 53.997, coverage 0.30
 *   Y: archived -> 0 */
static void test_options_health(void **state)
{
	(void)state;
	struct sw_store *s = tu_store("opt.db");
	int64_t t1 = sw_time_days_from_civil(2024, 11, 5) * 86400, t0 = t1 - 30 * 86400;
	int64_t x = add_repo(s, "ox", "xserve", 0, "2024-09-06T00:00:00Z", "MIT");
	int64_t y = add_repo(s, "oy", "yserve", 1, NULL, NULL);
	int64_t z = add_repo(s, "oz", "zserve", -1, NULL, NULL);
	add_snap(s, x, t0, 1000, 45);
	add_snap(s, x, t1, 1100, 50);
	add_snap(s, y, t1, 50000, SW_UNKNOWN);
	add_snap(s, z, t1, 500, SW_UNKNOWN);
	struct sw_table *t = NULL;
	struct sw_error err = {0};
	if (sw_models_decide_options(s, "serving", &t, &err))
		fail_msg("%s", sw_error_text(&err));
	assert_int_equal(sw_table_rows(t), 3);
	/* rank repo health coverage stars star_trend_30d trend_pct_30d contributors
	 * top_dev_share last_push archived license notes */
	assert_string_equal(sw_table_cell_text(t, 0, 1), "ox/xserve");
	assert_true(fabs(sw_table_cell_num(t, 0, 2) - 79.55686855) < 1e-6);
	assert_true(sw_table_cell_num(t, 0, 3) == 1);
	assert_true(sw_table_cell_num(t, 0, 5) == 100);
	assert_true(fabs(sw_table_cell_num(t, 0, 6) - 10) < 1e-9);
	assert_string_equal(sw_table_cell_text(t, 0, 8), "unknown"); /* no commit shares: never invented */
	assert_string_equal(sw_table_cell_text(t, 1, 1), "oz/zserve");
	assert_true(fabs(sw_table_cell_num(t, 1, 2) - 53.99675452) < 1e-6);
	assert_true(fabs(sw_table_cell_num(t, 1, 3) - 0.30) < 1e-9);
	assert_string_equal(sw_table_cell_text(t, 1, 7), "unknown");
	assert_string_equal(sw_table_cell_text(t, 1, 10), "unknown");
	assert_string_equal(sw_table_cell_text(t, 2, 1), "oy/yserve");
	assert_true(sw_table_cell_num(t, 2, 2) == 0);
	assert_string_equal(sw_table_cell_text(t, 2, 10), "yes");
	sw_table_free(t);
	assert_int_equal(sw_models_decide_options(s, "No such", &t, &err), SW_ENOTFOUND);
	sw_store_free(s);
	tu_free_kept();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_factor_effect),
		cmocka_unit_test(test_verdicts),
		cmocka_unit_test(test_answers_and_reasons_text),
		cmocka_unit_test(test_factor_file_errors),
		cmocka_unit_test(test_options_health),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
