/* test_report.c: the report's analyses on a hand-made store whose expected
 * figures were worked out by hand (see the comments at each assertion):
 * ties, an empty layer (Lists), unknown owner types, "100+", negative
 * gains, a repo with no snapshot, an undated repo, and star histories of
 * each shape. */
#include "testutil.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stackwatch/report.h"

#define DAY 86400
/* T = 2023-04-10T00:00:00Z */
#define T ((int64_t)1681084800)

static int64_t add(struct sw_store *s, const char *full, const char *layer, const char *otype, const char *created,
		   const char *desc)
{
	char owner[64];
	const char *slash = strchr(full, '/');
	snprintf(owner, sizeof owner, "%.*s", (int)(slash - full), full);
	struct sw_repo_update u = SW_REPO_UPDATE_INIT;
	u.owner = owner;
	u.name = slash + 1;
	u.owner_type = otype;
	u.created_at = created;
	u.description = desc;
	u.as_of = T;
	int64_t id = 0;
	struct sw_error err = {0};
	if (sw_store_upsert_repo(s, &u, &id, &err))
		fail_msg("%s", err.msg);
	if (sw_store_set_class(s, id, SW_CLASS_CURATED, layer, NULL, 1, T, &err))
		fail_msg("%s", err.msg);
	return id;
}

static void snap(struct sw_store *s, int64_t id, int64_t t, int64_t stars, int64_t d1, int64_t d7, int64_t contrib,
		 bool at_least, char *devs)
{
	struct sw_snapshot x = SW_SNAPSHOT_UNKNOWN_INIT;
	x.taken_at = t;
	x.stars = stars;
	x.star_1d = d1;
	x.star_7d = d7;
	x.contributors = contrib;
	x.contributors_at_least = at_least;
	x.top_devs = devs;
	struct sw_error err = {0};
	if (sw_store_put_snapshot(s, id, &x, &err))
		fail_msg("%s", err.msg);
}

#define U SW_UNKNOWN

static struct sw_store *fixture(void)
{
	struct sw_store *s = tu_store("report.db");
	int64_t a1 = add(s, "alice/a1", "Applications", "user", "2023-01-10", "chat bot");
	int64_t a2 = add(s, "Alice/a2", "Applications", "user", "2023-02-05", "中文 bot");
	int64_t x1 = add(s, "bigorg/x1", "Infrastructure", "organization", "2023-01-20", "serving");
	int64_t x2 = add(s, "bigorg/x2", "AI engineering", "organization", "2023-03-01", NULL);
	int64_t x3 = add(s, "bigorg/x3", "Applications", "organization", "2023-03-15", NULL);
	int64_t tut = add(s, "dave/tut", "Tutorials", NULL, "2022-12-01", "教程");
	add(s, "erin/new", "Model repo", NULL, "2023-03-20", NULL); /* no snapshot */
	int64_t f1 = add(s, "frank/f1", "Model development", "user", "2023-02-10", NULL);
	int64_t g1 = add(s, "gina/g1", "Model development", "user", "2023-02-20", NULL);
	int64_t g2 = add(s, "gina/g2", "Model development", "user", NULL, NULL); /* undated */
	/* histories: a1 sustained, x1 spike then flat, x2 declining, a2 two points */
	snap(s, a1, T - 20 * DAY, 50, U, U, U, false, NULL);
	snap(s, a1, T - 10 * DAY, 75, U, U, U, false, NULL);
	snap(s, a1, T, 100, 0, 4, 3, false, "alice,bob");
	snap(s, a2, T - 10 * DAY, 290, U, U, U, false, NULL);
	snap(s, a2, T, 300, 2, -1, 100, true, "Alice");
	snap(s, x1, T - 20 * DAY, 800, U, U, U, false, NULL);
	snap(s, x1, T - 10 * DAY, 990, U, U, U, false, NULL);
	snap(s, x1, T, 1000, 10, 50, 20, false, "bob, carol");
	snap(s, x2, T - 20 * DAY, 520, U, U, U, false, NULL);
	snap(s, x2, T - 10 * DAY, 530, U, U, U, false, NULL);
	snap(s, x2, T, 500, -3, 0, U, false, "carol");
	snap(s, x3, T, 210, 1, 10, 1, false, NULL);
	snap(s, tut, T, 50, 0, 0, U, false, NULL);
	snap(s, f1, T, 400, 0, 3, 7, false, NULL);
	snap(s, g1, T, 10, 1, 2, U, false, NULL);
	snap(s, g2, T, 20, 0, 0, U, false, NULL);
	return s;
}

static struct sw_report *build(struct sw_store *s, int64_t as_of)
{
	struct sw_report_opts o = {.as_of = as_of};
	struct sw_report *r = NULL;
	struct sw_error err = {0};
	if (sw_report_build(s, &o, &r, &err))
		fail_msg("%s", err.msg);
	return r;
}

/* Cell of the row whose first column is key. */
static double num(const struct sw_report *r, const char *table, const char *key, size_t col)
{
	const struct sw_table *t = sw_report_find(r, table);
	assert_non_null(t);
	for (size_t i = 0; i < sw_table_rows(t); i++)
		if (!strcmp(sw_table_cell_text(t, i, 0), key))
			return sw_table_cell_num(t, i, col);
	fail_msg("%s: no row %s", table, key);
	return NAN;
}

static const char *text(const struct sw_report *r, const char *table, size_t row, size_t col)
{
	const struct sw_table *t = sw_report_find(r, table);
	assert_non_null(t);
	assert_true(row < sw_table_rows(t));
	return sw_table_cell_text(t, row, col);
}

static json_t *as_json(const struct sw_report *r)
{
	struct sw_buf b = SW_BUF_INIT;
	struct sw_error err = {0};
	assert_int_equal(sw_report_render(r, SW_FMT_JSON, NULL, &b, &err), SW_OK);
	json_error_t je;
	json_t *j = json_loads(b.data, 0, &je);
	if (!j)
		fail_msg("invalid JSON at line %d: %s", je.line, je.text);
	sw_buf_release(&b);
	return j;
}

static void test_inventory_and_accounts(void **state)
{
	(void)state;
	struct sw_store *s = fixture();
	struct sw_report *r = build(s, 0);
	assert_int_equal(sw_report_as_of(r), T);
	json_t *j = as_json(r);
	/* 10 repos; software = all but dave/tut (Tutorials) = 9 */
	assert_int_equal(json_integer_value(json_object_get(j, "repos")), 10);
	assert_int_equal(json_integer_value(json_object_get(j, "software_repos")), 9);
	assert_int_equal(json_integer_value(json_object_get(j, "repos_without_snapshot")), 1);
	json_t *layers = json_object_get(j, "layers");
	assert_int_equal(json_integer_value(json_object_get(layers, "Applications")), 3);
	assert_int_equal(json_integer_value(json_object_get(layers, "Model development")), 3);
	assert_int_equal(json_integer_value(json_object_get(layers, "Model repo")), 1);
	assert_int_equal(json_integer_value(json_object_get(layers, "Lists")), 0); /* empty layer kept */
	/* Applications stars 100 + 300 + 210; Model repo has only the snapshot-less repo */
	assert_true(num(r, "layers", "Applications", 4) == 610);
	assert_true(num(r, "layers", "Model repo", 4) == 0);
	/* accounts (case-insensitive: alice = Alice): bigorg 3, alice 2, gina 2, frank 1, erin 1 */
	assert_int_equal(json_integer_value(json_object_get(j, "accounts")), 5);
	json_t *top = json_object_get(j, "top20_accounts");
	assert_int_equal(json_integer_value(json_object_get(top, "repos")), 9);
	assert_true(fabs(json_number_value(json_object_get(top, "repo_share")) - 1.0) < 1e-12);
	/* tie at 2 repos: alice (400 stars) before gina (30 stars) */
	assert_string_equal(text(r, "top_accounts", 0, 1), "bigorg");
	/* shown under its first spelling in byte order: "Alice/a2" < "alice/a1" */
	assert_string_equal(text(r, "top_accounts", 1, 1), "Alice");
	assert_string_equal(text(r, "top_accounts", 2, 1), "gina");
	assert_string_equal(text(r, "top_accounts", 3, 1), "frank");
	/* Gini of [1,1,2,2,3]: 2*32/(5*9) - 6/5 = 0.2222... */
	assert_true(fabs(json_number_value(json_object_get(j, "gini")) - (64.0 / 45 - 1.2)) < 1e-9);
	/* repos per account: 2 accounts with 1, 2 with 2, 1 with 3 */
	assert_true(num(r, "repos_per_account", "1", 1) == 2);
	assert_true(num(r, "repos_per_account", "2", 1) == 2);
	assert_true(num(r, "repos_per_account", "3", 1) == 1);
	/* China: a2 and the tutorial */
	assert_int_equal(json_integer_value(json_object_get(j, "chinese_repos")), 2);
	assert_true(num(r, "chinese_by_layer", "Applications", 2) == 1);
	assert_string_equal(text(r, "chinese_accounts", 0, 1), "Alice");
	json_decref(j);
	sw_report_free(r);
	sw_store_free(s);
}

static void test_developers_and_owner_types(void **state)
{
	(void)state;
	struct sw_store *s = fixture();
	struct sw_report *r = build(s, 0);
	/* top devs alice (a1, a2), bob (a1, x1), carol (x1, x2): 2 repos each;
	 * ties by stars: carol 1500, bob 1100, alice 400 */
	json_t *j = as_json(r);
	assert_int_equal(json_integer_value(json_object_get(j, "distinct_top_developers")), 3);
	assert_string_equal(text(r, "top_developers", 0, 1), "carol");
	assert_string_equal(text(r, "top_developers", 1, 1), "bob");
	assert_string_equal(text(r, "top_developers", 2, 1), "alice");
	assert_true(num(r, "top_developers", "3", 2) == 2);
	/* contributors: 3 + 100 ("100+") + 20 + 1 + 7 = 131 over 5 known repos */
	assert_int_equal(json_integer_value(json_object_get(j, "contributors_at_least")), 131);
	assert_true(num(r, "contributors", "100+ (at least 100)", 1) == 1);
	assert_true(num(r, "contributors", "2-4", 1) == 1);
	assert_true(num(r, "contributors", "unknown", 1) == 4); /* x2, g1, g2, erin/new */
	/* owner types: 2 unknown (tut, new), never guessed */
	assert_int_equal(json_integer_value(json_object_get(j, "owner_type_unknown")), 2);
	/* Applications: a1, a2 users (100, 300), x3 org (210) */
	assert_true(num(r, "owner_types", "Applications", 1) == 2);
	assert_true(num(r, "owner_types", "Applications", 2) == 1);
	assert_true(fabs(num(r, "owner_types", "Applications", 4) - 200.0 / 3) < 1e-9);
	assert_true(num(r, "owner_types", "Applications", 5) == 200);
	assert_true(num(r, "owner_types", "Applications", 6) == 200);
	assert_true(num(r, "owner_types", "Applications", 7) == 210);
	/* Model development: 400, 10, 20 all users: mean 143.33, median 20; no org */
	assert_true(fabs(num(r, "owner_types", "Model development", 5) - 430.0 / 3) < 1e-9);
	assert_true(num(r, "owner_types", "Model development", 6) == 20);
	assert_true(isnan(num(r, "owner_types", "Model development", 7)));
	assert_true(num(r, "owner_types", "Tutorials", 3) == 1);
	json_decref(j);
	sw_report_free(r);
	sw_store_free(s);
}

static void test_hype_and_growth(void **state)
{
	(void)state;
	struct sw_store *s = fixture();
	struct sw_report *r = build(s, 0);
	json_t *j = as_json(r);
	/* 1 day, known for 8 software repos: a1 0, x2 -3, f1 0, g2 0 gained none */
	assert_int_equal(json_integer_value(json_object_get(j, "no_gain_1d")), 4);
	assert_true(fabs(json_number_value(json_object_get(j, "no_gain_1d_share")) - 0.5) < 1e-12);
	/* 7 days: a2 -1, x2 0, g2 0 */
	assert_int_equal(json_integer_value(json_object_get(j, "no_gain_7d")), 3);
	assert_true(fabs(json_number_value(json_object_get(j, "no_gain_7d_share")) - 0.375) < 1e-12);
	/* risers: x1 50, x3 10, a1 4; ties at 0 by name: bigorg/x2 before gina/g2 */
	assert_string_equal(text(r, "risers_7d", 0, 1), "bigorg/x1");
	assert_string_equal(text(r, "risers_7d", 1, 1), "bigorg/x3");
	assert_string_equal(text(r, "risers_7d", 5, 1), "bigorg/x2");
	assert_string_equal(text(r, "risers_7d", 6, 1), "gina/g2");
	assert_string_equal(text(r, "risers_7d", 7, 1), "Alice/a2");
	/* in percent: g1 2/8 = 25%, x1 50/950, x3 10/200, a1 4/96 */
	assert_string_equal(text(r, "risers_7d_pct", 0, 1), "gina/g1");
	assert_string_equal(text(r, "risers_7d_pct", 1, 1), "bigorg/x1");
	assert_string_equal(text(r, "risers_7d_pct", 2, 1), "bigorg/x3");
	assert_string_equal(text(r, "risers_7d_pct", 3, 1), "alice/a1");
	/* quiet, largest first: x2 500, a2 300, g2 20 */
	assert_int_equal(sw_table_rows(sw_report_find(r, "quiet")), 3);
	assert_string_equal(text(r, "quiet", 0, 1), "bigorg/x2");
	assert_string_equal(text(r, "quiet", 2, 1), "gina/g2");
	/* histogram: <0: 1, 0: 2, 1-9: 3, 10-99: 2 */
	assert_true(num(r, "gains_7d", "< 0", 1) == 1);
	assert_true(num(r, "gains_7d", "0", 1) == 2);
	assert_true(num(r, "gains_7d", "1-9", 1) == 3);
	assert_true(num(r, "gains_7d", "10-99", 1) == 2);
	assert_true(num(r, "gains_7d", "1000+", 1) == 0);
	/* shapes: a1 50->75->100 sustained, x1 800->990->1000 spike, x2 520->530->500 declining */
	assert_true(num(r, "shapes", "sustained growth", 1) == 1);
	assert_true(num(r, "shapes", "spike then flat", 1) == 1);
	assert_true(num(r, "shapes", "declining", 1) == 1);
	assert_true(num(r, "shapes", "insufficient history", 1) == 6);
	assert_string_equal(text(r, "risers_7d", 0, 6), "spike then flat");
	/* growth (software only, by creation month, through the snapshot's month):
	 * 2022-12 0 (the tutorial is not software), 2023-01 2, 2023-02 5, 2023-03 8, 2023-04 8 */
	const struct sw_table *g = sw_report_find(r, "growth");
	assert_int_equal(sw_table_rows(g), 5);
	size_t all = sw_table_cols(g) - 1;
	assert_string_equal(sw_table_cell_text(g, 0, 0), "2022-12");
	assert_true(sw_table_cell_num(g, 0, all) == 0);
	assert_true(sw_table_cell_num(g, 1, all) == 2);
	assert_true(sw_table_cell_num(g, 2, all) == 5);
	assert_true(sw_table_cell_num(g, 3, all) == 8);
	assert_true(sw_table_cell_num(g, 4, all) == 8);
	/* month-over-month of new repos: Feb 3 new on 2 before = 150% */
	const struct sw_table *nm = sw_report_find(r, "new_per_month");
	assert_true(fabs(sw_table_cell_num(nm, 2, sw_table_cols(nm) - 1) - 150) < 1e-9);
	/* growth summary, Applications: new a1 2023-01, a2 2023-02, x3 2023-03;
	 * 3-month averages 2023-02: 2/3, 2023-03 (last full month): 1 = peak,
	 * not flattened; all 9 dated repos are within 12 months: growth % null */
	assert_true(num(r, "growth_summary", "Applications", 1) == 3);
	assert_true(num(r, "growth_summary", "Applications", 2) == 3);
	assert_true(fabs(num(r, "growth_summary", "Applications", 5) - 1) < 1e-12);
	assert_true(fabs(num(r, "growth_summary", "Applications", 6) - 1) < 1e-12);
	assert_true(isnan(num(r, "growth_summary", "all layers", 3)));
	assert_true(num(r, "growth_summary", "all layers", 1) == 9);
	{
		const struct sw_table *gs = sw_report_find(r, "growth_summary");
		size_t row = 0;
		while (strcmp(sw_table_cell_text(gs, row, 0), "Applications"))
			row++;
		assert_string_equal(sw_table_cell_text(gs, row, 4), "2023-03");
		assert_string_equal(sw_table_cell_text(gs, row, 7), "-");
	}
	/* stars over time: 3 snapshot times; at T-20d Applications = a1's 50 */
	assert_true(num(r, "stars_over_time", "2023-03-21", 3) == 800); /* Infrastructure row comes first */
	json_decref(j);
	sw_report_free(r);
	sw_store_free(s);
}

/* The value in column col of stars_over_time's row (snapshot date, layer). */
static double stars_at(const struct sw_report *r, const char *date, const char *layer, size_t col)
{
	const struct sw_table *t = sw_report_find(r, "stars_over_time");
	assert_non_null(t);
	for (size_t i = 0; i < sw_table_rows(t); i++)
		if (!strcmp(sw_table_cell_text(t, i, 0), date) && !strcmp(sw_table_cell_text(t, i, 1), layer))
			return sw_table_cell_num(t, i, col);
	fail_msg("stars_over_time: no row %s %s", date, layer);
	return NAN;
}

/* Stars over time compare only repos observed at both times: a (100 ->
 * 150) is counted; b, first seen at T (1000), and c, last seen at T-30d
 * (500), are not, though they were observed then (repos_observed). Summed
 * over whatever was observed, Applications would read 600 -> 1150 (+92%)
 * where the same repo grew 50%. */
static void test_stars_same_repos(void **state)
{
	(void)state;
	struct sw_store *s = tu_store("same_repos.db");
	int64_t a = add(s, "o/a", "Applications", NULL, "2022-01-01", "a"), b = add(s, "o/b", "Applications", NULL, "2022-01-01", "b"),
		c = add(s, "o/c", "Applications", NULL, "2022-01-01", "c"), d = add(s, "o/d", "Infrastructure", NULL, "2022-01-01", "d");
	snap(s, a, T - 30 * DAY, 100, U, U, U, false, NULL);
	snap(s, a, T, 150, U, U, U, false, NULL);
	snap(s, b, T, 1000, U, U, U, false, NULL);
	snap(s, c, T - 30 * DAY, 500, U, U, U, false, NULL);
	snap(s, d, T - 30 * DAY, 10, U, U, U, false, NULL);
	snap(s, d, T, 20, U, U, U, false, NULL);
	struct sw_report *r = build(s, 0);
	/* columns: snapshot, layer, repos, stars, repos_observed */
	assert_true(stars_at(r, "2023-03-11", "Applications", 2) == 1);
	assert_true(stars_at(r, "2023-03-11", "Applications", 3) == 100);
	assert_true(stars_at(r, "2023-03-11", "Applications", 4) == 2);
	assert_true(stars_at(r, "2023-04-10", "Applications", 2) == 1);
	assert_true(stars_at(r, "2023-04-10", "Applications", 3) == 150);
	assert_true(stars_at(r, "2023-04-10", "Applications", 4) == 2);
	assert_true(stars_at(r, "2023-04-10", "Infrastructure", 3) == 20);
	assert_non_null(strstr(sw_table_note_text(sw_report_find(r, "stars_over_time"), 0),
			       "Only the 2 repos (of 4 tracked) observed at every one of these 2 snapshot times"));
	/* the history the report rests on: a and d have two snapshots, b and c one */
	json_t *j = as_json(r);
	json_t *h = json_object_get(j, "history");
	assert_int_equal(json_integer_value(json_object_get(h, "one_snapshot")), 2);
	assert_int_equal(json_integer_value(json_object_get(h, "two_snapshots")), 2);
	assert_int_equal(json_integer_value(json_object_get(h, "three_or_more")), 0);
	json_decref(j);
	sw_report_free(r);
	sw_store_free(s);
}

static void test_as_of(void **state)
{
	(void)state;
	struct sw_store *s = fixture();
	/* at T-10d: a1, a2, x1, x2 had been observed, erin/new never is: 5 repos */
	struct sw_report *r = build(s, T - 10 * DAY);
	assert_int_equal(sw_report_as_of(r), T - 10 * DAY);
	json_t *j = as_json(r);
	assert_int_equal(json_integer_value(json_object_get(j, "repos")), 5);
	assert_true(num(r, "layers", "Applications", 4) == 75 + 290);
	json_decref(j);
	sw_report_free(r);
	/* before the first snapshot: a clear error */
	struct sw_report_opts o = {.as_of = T - 30 * DAY};
	struct sw_error err = {0};
	r = NULL;
	assert_int_equal(sw_report_build(s, &o, &r, &err), SW_ENOTFOUND);
	assert_null(r);
	assert_non_null(strstr(err.msg, "no snapshot at or before 2023-03-11"));
	sw_store_free(s);
}

static void test_formats(void **state)
{
	(void)state;
	struct sw_store *s = fixture();
	struct sw_report *r = build(s, 0);
	struct sw_error err = {0};
	struct sw_buf b = SW_BUF_INIT;
	/* CSV of one table, exactly (layers in taxonomy order, empty Lists kept) */
	assert_int_equal(sw_report_render(r, SW_FMT_CSV, "gains_7d", &b, &err), SW_OK);
	assert_string_equal(b.data, "gain_7d,repos,share_pct\n< 0,1,12.5\n0,2,25\n1-9,3,37.5\n10-99,2,25\n"
				    "100-999,0,0\n1000+,0,0\n");
	sw_buf_reset(&b);
	assert_int_equal(sw_report_render(r, SW_FMT_CSV, "nope", &b, &err), SW_ENOTFOUND);
	assert_non_null(strstr(err.msg, "no report table named 'nope'"));
	/* text: every section present and no line over 100 columns (notes wrap) */
	sw_buf_reset(&b);
	assert_int_equal(sw_report_render(r, SW_FMT_TABLE, NULL, &b, &err), SW_OK);
	const char *secs[] = {"## Headline", "## 1. Inventory", "## 2. Growth over time", "## 3. Power law of accounts",
			      "## 4. Developers", "## 5. Individuals vs organisations", "## 6. China", "## 7. Hype curve"};
	for (size_t i = 0; i < sizeof secs / sizeof secs[0]; i++)
		assert_non_null(strstr(b.data, secs[i]));
	for (const char *p = b.data; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char line[2048];
		snprintf(line, sizeof line, "%.*s", (int)(len < 2000 ? len : 2000), p);
		if (sw_utf8_width(line) > 100)
			fail_msg("line over 100 columns: %s", line);
		p += len + (nl ? 1 : 0);
	}
	/* HTML: escaped, self-contained, with charts */
	sw_buf_reset(&b);
	assert_int_equal(sw_report_render(r, SW_FMT_HTML, NULL, &b, &err), SW_OK);
	assert_non_null(strstr(b.data, "<!DOCTYPE html>"));
	/* nothing loaded from the network (links to GitHub are fine) */
	assert_null(strstr(b.data, "src=\"http"));
	assert_null(strstr(b.data, "<link"));
	assert_null(strstr(b.data, "url("));
	assert_non_null(strstr(b.data, "<svg"));
	sw_buf_release(&b);
	sw_report_free(r);
	sw_store_free(s);
}

static void test_html_escapes(void **state)
{
	(void)state;
	struct sw_store *s = tu_store("escape.db");
	int64_t id = add(s, "evil/x", "Applications", NULL, "2023-01-01", "d");
	snap(s, id, T, 5, 1, 1, 1, false, "<script>alert(1)</script>");
	struct sw_report *r = build(s, 0);
	struct sw_buf b = SW_BUF_INIT;
	struct sw_error err = {0};
	assert_int_equal(sw_report_render_html_fragment(r, NULL, &b, &err), SW_OK);
	assert_null(strstr(b.data, "<script>alert"));
	assert_non_null(strstr(b.data, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	sw_buf_release(&b);
	sw_report_free(r);
	sw_store_free(s);
}

static void test_empty_store(void **state)
{
	(void)state;
	struct sw_store *s = tu_store("empty.db");
	struct sw_report *r = build(s, 0);
	assert_int_equal(sw_report_as_of(r), 0);
	json_t *j = as_json(r);
	assert_int_equal(json_integer_value(json_object_get(j, "repos")), 0);
	assert_true(json_is_null(json_object_get(j, "no_gain_1d_share")));
	assert_true(json_is_null(json_object_get(json_object_get(j, "top20_accounts"), "repo_share")));
	json_decref(j);
	struct sw_buf b = SW_BUF_INIT;
	struct sw_error err = {0};
	assert_int_equal(sw_report_render(r, SW_FMT_HTML, NULL, &b, &err), SW_OK);
	assert_int_equal(sw_report_render(r, SW_FMT_MD, NULL, &b, &err), SW_OK);
	sw_buf_release(&b);
	sw_report_free(r);
	sw_store_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inventory_and_accounts),
		cmocka_unit_test(test_developers_and_owner_types),
		cmocka_unit_test(test_hype_and_growth),
		cmocka_unit_test(test_as_of),
		cmocka_unit_test(test_stars_same_repos),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_html_escapes),
		cmocka_unit_test(test_empty_store),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
