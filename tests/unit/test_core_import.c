/* test_core_import.c: the snapshot importer on the real shared files and on
 * hand-made bad files. Expected figures on the real CSV were computed
 * independently with Python's csv module:
 *   rows = list(csv.DictReader(open(f, encoding='utf-8-sig')))
 *   sum(int(r['stars'])) = 6114342; '100+' contributors: 100;
 *   negative star_1d: 22; updated_at 1000-01-01: 33; empty description: 25;
 *   top_devs logins: 1986; JSON file: 53 rows, sum(stars) = 1958389. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stackwatch/core.h"

static sw_err import1(struct sw_store *s, const char *path, int64_t taken_at, struct sw_error *err)
{
	struct sw_import_opts o = {.taken_at = taken_at};
	struct sw_import_result r;
	const char *files[] = {path};
	return sw_import_files(s, files, 1, &o, &r, err);
}

static void real_csv_and_json(void **state)
{
	(void)state;
	char *csv = tu_shared("llama-police-2024-11-05.csv");
	char *json = tu_shared("llama-police-2024-09-30.json");
	struct sw_store *s = tu_store("real.db");
	struct sw_import_opts o = {0};
	struct sw_import_result r;
	struct sw_error err = {0};
	const char *files[] = {csv, json};
	assert_int_equal(sw_import_files(s, files, 2, &o, &r, &err), SW_OK);
	assert_int_equal(r.rows, 733);
	assert_int_equal(r.files, 2);
	assert_int_equal(r.new_repos, 680);
	assert_int_equal(tu_sql_int(s, "SELECT COUNT(*) FROM repos"), 680);
	assert_int_equal(tu_sql_int(s, "SELECT COUNT(*) FROM snapshots"), 733);
	assert_int_equal(tu_sql_int(s, "SELECT SUM(stars) FROM snapshots WHERE taken_at = unixepoch('2024-11-05')"),
			 6114342);
	assert_int_equal(tu_sql_int(s, "SELECT SUM(stars) FROM snapshots WHERE taken_at = unixepoch('2024-09-30')"),
			 1958389);
	assert_int_equal(tu_sql_int(s, "SELECT COUNT(*) FROM snapshots WHERE contributors_at_least = 1"
				       " AND taken_at = unixepoch('2024-11-05')"), 100);
	assert_int_equal(tu_sql_int(s, "SELECT COUNT(*) FROM snapshots WHERE star_1d < 0"
				       " AND taken_at = unixepoch('2024-11-05')"), 22);
	assert_int_equal(tu_sql_int(s, "SELECT COUNT(*) FROM repos WHERE updated_at IS NULL"), 33);
	assert_int_equal(tu_sql_int(s, "SELECT COUNT(*) FROM repos WHERE description IS NULL"), 25);
	assert_int_equal(tu_sql_int(s, "SELECT COUNT(*) FROM top_devs WHERE taken_at = unixepoch('2024-11-05')"), 1986);
	/* Every repo carries its curated label. */
	assert_int_equal(tu_sql_int(s, "SELECT COUNT(*) FROM classifications WHERE source = 2"), 680);

	/* ollama: two snapshots with the values of each file. */
	int64_t id;
	assert_int_equal(sw_store_find_repo(s, "JMORGANCA/Ollama", &id, &err), SW_OK);
	struct sw_snapshot_list l;
	assert_int_equal(sw_store_snapshots(s, id, &l, &err), SW_OK);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.items[0].stars, 91412);
	assert_int_equal(l.items[1].stars, 96361);
	assert_true(l.items[1].contributors_at_least);
	assert_int_equal(l.items[1].contributors, 100);
	assert_string_equal(l.items[1].top_devs, "mxyng, jmorganca, dhiltgen");
	sw_snapshot_list_release(&l);

	/* Percent, Chinese text and quoted commas survive. */
	assert_int_equal(sw_store_find_repo(s, "Deeptrain-Community/chatnio", &id, &err), SW_OK);
	struct sw_repo repo;
	assert_int_equal(sw_store_get_repo(s, id, &repo, &err), SW_OK);
	assert_non_null(strstr(repo.description, "下一代 AI 一站式"));
	assert_string_equal(repo.layer, "AI engineering");
	assert_string_equal(repo.subcat, "AIE framework");
	assert_int_equal(repo.class_source, SW_CLASS_CURATED);
	sw_repo_release(&repo);
	assert_int_equal(sw_store_snapshots(s, id, &l, &err), SW_OK);
	assert_true(fabs(l.items[0].star_1d_pct - 13.47) < 1e-9);
	sw_snapshot_list_release(&l);

	/* Re-importing both files changes nothing at all. */
	uint64_t before = tu_store_digest(s);
	assert_int_equal(sw_import_files(s, files, 2, &o, &r, &err), SW_OK);
	assert_int_equal(r.new_repos, 0);
	assert_int_equal(tu_store_digest(s), before);
	/* Importing the older file after the newer keeps the newer description. */
	assert_int_equal(tu_sql_int(s, "SELECT info_as_of FROM repos WHERE name='ollama'"), 1730764800);
	sw_store_free(s);
	free(csv);
	free(json);
}

/* Each malformed file: the error names the spot, and the store is unchanged. */
struct bad_case {
	const char *name, *text, *expect;
};

static void bad_files(void **state)
{
	(void)state;
	static const char hdr[] = "repo,category,subcat,stars,star_1d,star_1d_pct,star_7d,star_7d_pct,forks,"
				  "description,top_devs,contributors,created_at,updated_at,downloads*\n";
	static const char good[] = "a/b,Applications,Coding,10,1,1.00%,2,2.00%,3,\"x, y\",\"u, v\",5,2024-01-01,2024-02-01,0\n";
	char buf[2048];
	const struct bad_case cases[] = {
		{"utf8.csv", "\xEF\xBB\xBF" "repo,stars\nok/one,1\nbad/two\xff,2\n", "utf8.csv:3:8: invalid UTF-8"},
		{"cols.csv", "repo,stars,forks\nok/one,1,2\nok/two,3\n", "cols.csv:3: expected 3 fields as in the header, found 2"},
		{"stars.csv", "repo,stars\nok/one,12\nok/two,lots\n", "stars.csv:3:8: field 'stars': 'lots' is not a non-negative integer"},
		{"layer.csv", "repo,category,stars\nok/one,Applications,1\nok/two,Gadgets,2\n",
		 "layer.csv:3:8: field 'category': unknown layer 'Gadgets'"},
		{"quote.csv", "repo,description,stars\nok/one,\"fine\",1\nok/two,\"never closed,2\n",
		 "quote.csv:3:8: quoted field never closed"},
		{"name.csv", "repo,stars\nnot a repo,1\n", "name.csv:2:1: field 'repo': 'not a repo' is not OWNER/REPO"},
		{"date.csv", "repo,created_at\nok/one,2024-13-01\n", "date.csv:2:8: field 'created_at': '2024-13-01' is not a date"},
		{"contrib.csv", "repo,contributors\nok/one,many\n", "contrib.csv:2:8: field 'contributors': 'many' is not a count"},
		{"norepo.csv", "name,stars\nok/one,1\n", "norepo.csv:1: no 'repo' column"},
		{"trunc.json", "[\n {\"repo\": \"ok/one\", \"stars\": 1},\n {\"repo\": \"ok/two\", \"stars\": 2\n", "trunc.json:4:"},
		{"type.json", "[\n {\"repo\": \"ok/one\",\n  \"stars\": true}\n]\n", "type.json:2: record 1, field 'stars': unexpected boolean"},
		{"notarr.json", "{\"repo\": \"ok/one\"}", "notarr.json:1: expected a JSON array of records"},
		{"jlayer.json", "[{\"repo\": \"ok/one\", \"category\": \"Nope\"}]", "jlayer.json:1:1: field 'category': unknown layer 'Nope'"},
	};
	struct sw_store *s = tu_store("bad.db");
	struct sw_error err = {0};
	snprintf(buf, sizeof buf, "%s%s", hdr, good);
	char *gp = tu_write("good.csv", buf);
	assert_int_equal(import1(s, gp, 0, &err), SW_OK);
	uint64_t digest = tu_store_digest(s);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *p = tu_write(cases[i].name, cases[i].text);
		sw_error_clear(&err);
		sw_err e = import1(s, p, 1700000000, &err);
		if (e == SW_OK)
			fail_msg("%s: imported without error", cases[i].name);
		if (!strstr(err.msg, cases[i].expect))
			fail_msg("%s: message '%s' lacks '%s'", cases[i].name, err.msg, cases[i].expect);
		assert_int_equal(tu_store_digest(s), digest);
		free(p);
	}
	/* A good file before a bad one in the same call: both roll back. */
	char *bad = tu_write("late.csv", "repo,stars\nok/zzz,1\nok/yyy,x\n");
	const char *files[] = {gp, bad};
	struct sw_import_opts o = {.taken_at = 1800000000};
	struct sw_import_result r;
	assert_int_equal(sw_import_files(s, files, 2, &o, &r, &err), SW_EPARSE);
	assert_int_equal(tu_store_digest(s), digest);
	free(bad);
	free(gp);
	sw_store_free(s);
}

static void edge_values(void **state)
{
	(void)state;
	/* Quoted newlines and quotes, CRLF, "100+", negative gains, blanks,
	 * 1000-01-01 as unknown, an unknown column (warning, not error). */
	const char *text =
		"\xEF\xBB\xBF" "repo,category,subcat,stars,star_1d,star_1d_pct,description,contributors,updated_at,extra\r\n"
		"o/one,Lists,,100,-3,-0.00%,\"line1\nline2, \"\"quoted\"\"\",100+,1000-01-01,zzz\r\n"
		"o/two,,,,,,,,2024-05-06,\r\n";
	struct sw_record_set set;
	struct sw_error err = {0};
	assert_int_equal(sw_records_parse("edge.csv", text, strlen(text), &set, &err), SW_OK);
	assert_int_equal(set.n, 2);
	assert_int_equal(set.nwarnings, 1);
	assert_non_null(strstr(set.warnings[0], "edge.csv:1:84: unknown column 'extra' ignored"));
	assert_string_equal(set.items[0].description, "line1\nline2, \"quoted\"");
	assert_int_equal(set.items[0].star_1d, -3);
	assert_true(set.items[0].star_1d_pct == 0.0);
	assert_int_equal(set.items[0].contributors, 100);
	assert_true(set.items[0].contributors_at_least);
	assert_null(set.items[0].updated_at);
	assert_null(set.items[0].subcat);
	assert_int_equal(set.items[1].line, 4);
	assert_true(set.items[1].stars == SW_UNKNOWN);
	assert_null(set.items[1].category);
	/* newest updated_at dates the snapshot: 2024-05-06 */
	assert_int_equal(set.newest_updated, 1714953600);
	sw_records_release(&set);
	/* No dates at all and no --taken-at: refused with advice. */
	struct sw_store *s = tu_store("nodate.db");
	char *p = tu_write("nodate.csv", "repo,stars\na/b,1\n");
	assert_int_equal(import1(s, p, 0, &err), SW_EINVAL);
	assert_non_null(strstr(err.msg, "--taken-at"));
	assert_int_equal(import1(s, p, 1700000000, &err), SW_OK);
	free(p);
	sw_store_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(real_csv_and_json),
		cmocka_unit_test(bad_files),
		cmocka_unit_test(edge_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
