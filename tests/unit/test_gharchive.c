/* test_gharchive.c: the GH Archive extractor and engine on hand-made hours
 * (expected counts worked out by hand in the comments), on the real 2013
 * event sample (fields cross-checked against jansson), and on the JSON
 * conformance suite (never crashes; accepts every valid object). */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "gharchive/gharchive_int.h"
#include "stackwatch/gharchive.h"
#include "stackwatch/core.h"
#include "core/core_int.h"
#include "testutil.h"

static bool ex(const char *line, struct sw_gha_event *ev)
{
	return sw_gha_json_extract(line, strlen(line), ev, NULL);
}

static bool streq(const char *p, size_t n, const char *want)
{
	return p && n == strlen(want) && !memcmp(p, want, n);
}

static void extractor_basic(void **state)
{
	(void)state;
	struct sw_gha_event ev;
	assert_true(ex("{\"id\":\"35000000001\",\"type\":\"PullRequestEvent\",\"actor\":{\"id\":7,\"login\":\"ann\"},"
		       "\"repo\":{\"id\":42,\"name\":\"o/r\",\"url\":\"x\"},\"payload\":{\"action\":\"closed\",\"number\":1,"
		       "\"pull_request\":{\"id\":99,\"body\":\"says \\\"merged\\\": false\",\"head\":{\"repo\":{\"id\":5,"
		       "\"name\":\"z/z\"}},\"merged\":true}},\"public\":true,\"created_at\":\"2024-01-02T03:04:05Z\"}",
		       &ev));
	assert_int_equal(ev.id, 35000000001ull);
	assert_int_equal(ev.type, SW_GHA_PULL_REQUEST);
	assert_int_equal(ev.actor_id, 7);
	assert_true(streq(ev.login, ev.login_len, "ann"));
	assert_int_equal(ev.repo_id, 42); /* not the nested head.repo.id */
	assert_true(streq(ev.repo_name, ev.repo_name_len, "o/r"));
	assert_int_equal(ev.action, SW_GHA_ACT_CLOSED);
	assert_int_equal(ev.merged, 1);
	/* 2024-01-02T03:04:05Z = 19724 days * 86400 + 11045 */
	assert_int_equal(ev.created_at, 19724LL * 86400 + 3 * 3600 + 4 * 60 + 5);

	/* 2013 key order, numeric id, escaped backslash before a closing quote. */
	assert_true(ex(" {\"type\":\"PushEvent\",\"created_at\":\"2013-01-10T07:58:30Z\",\"actor\":{\"login\":\"a\\\\\","
		       "\"id\":3},\"repo\":{\"id\":6,\"name\":\"j/t\"},\"payload\":{\"commits\":[{\"message\":\"x\\\"}]\","
		       "\"distinct\":true}],\"distinct_size\":1,\"size\":2},\"id\":1652857722} \r",
		       &ev));
	assert_int_equal(ev.type, SW_GHA_PUSH);
	assert_int_equal(ev.id, 1652857722);
	assert_true(streq(ev.login, ev.login_len, "a\\\\"));
	assert_int_equal(ev.size, 2);
	assert_int_equal(ev.distinct_size, 1);
	assert_int_equal(ev.merged, -1);

	/* 2012 timeline shape: actor is a string, repository object, local time. */
	assert_true(ex("{\"type\":\"WatchEvent\",\"actor\":\"bob\",\"repository\":{\"id\":9,\"name\":\"proj\",\"owner\":\"acme\"},"
		       "\"payload\":{\"action\":\"started\"},\"created_at\":\"2012-03-10T07:00:02-08:00\"}",
		       &ev));
	assert_true(streq(ev.login, ev.login_len, "bob"));
	assert_true(streq(ev.repo_owner, ev.repo_owner_len, "acme"));
	assert_true(streq(ev.repo_name, ev.repo_name_len, "proj"));
	assert_int_equal(ev.repo_id, 9);
	assert_int_equal(ev.action, SW_GHA_ACT_STARTED);
	int64_t t;
	assert_true(sw_time_parse("2012-03-10T15:00:02Z", &t));
	assert_int_equal(ev.created_at, t);
	/* Fields of unexpected types are ignored, not fatal. */
	assert_true(ex("{\"id\":null,\"type\":7,\"actor\":[1,2],\"repo\":{\"id\":\"x\"},\"payload\":null}", &ev));
	assert_int_equal(ev.id, 0);
	assert_int_equal(ev.type, SW_GHA_OTHER);
	assert_int_equal(ev.repo_id, 0);
}

static void extractor_malformed(void **state)
{
	(void)state;
	struct sw_gha_event ev;
	const char *bad[] = {
		"", "   ", "not json", "[1,2]", "{", "{\"id\":\"1\"", "{\"id\":\"1\",}", "{\"id\" \"1\"}",
		"{\"a\":\"unterminated}", "{\"a\":[1,2}", "{\"a\":{\"b\":1}", "{\"a\":1} x", "{\"a\":tru}",
		"{\"id\":\"1\",\"type\":\"WatchEvent\",\"payload\":{\"action\":\"sta", "{\"a\":-}", "{\"a\":}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *why = NULL;
		if (sw_gha_json_extract(bad[i], strlen(bad[i]), &ev, &why))
			fail_msg("accepted malformed line %zu: %s", i, bad[i]);
		assert_non_null(why);
	}
	/* Nesting: 300 levels are refused, 200 accepted (no recursion blow-up). */
	char deep[1000];
	size_t n = 0;
	n += (size_t)sprintf(deep, "{\"a\":");
	for (int i = 0; i < 300; i++)
		deep[n++] = '[';
	for (int i = 0; i < 300; i++)
		deep[n++] = ']';
	deep[n++] = '}';
	assert_false(sw_gha_json_extract(deep, n, &ev, NULL));
	n = (size_t)sprintf(deep, "{\"payload\":");
	for (int i = 0; i < 200; i++)
		deep[n++] = '[';
	for (int i = 0; i < 200; i++)
		deep[n++] = ']';
	deep[n++] = '}';
	assert_true(sw_gha_json_extract(deep, n, &ev, NULL));
}

static void same_event(const struct sw_gha_event *a, const struct sw_gha_event *b, const char *line)
{
	/* Payload fields are compared where the event type uses them. */
	bool push = a->type == SW_GHA_PUSH, act = a->type != SW_GHA_PUSH && a->type != SW_GHA_FORK &&
						   a->type != SW_GHA_OTHER;
	if (a->id != b->id || a->type != b->type || a->repo_id != b->repo_id || a->actor_id != b->actor_id ||
	    a->created_at != b->created_at || (push && (a->size != b->size || a->distinct_size != b->distinct_size)) ||
	    (act && a->action != b->action) || a->login_len != b->login_len || a->repo_name_len != b->repo_name_len ||
	    (a->login && memcmp(a->login, b->login, a->login_len)) ||
	    (a->repo_name && memcmp(a->repo_name, b->repo_name, a->repo_name_len)) ||
	    (a->type == SW_GHA_PULL_REQUEST && a->action == SW_GHA_ACT_CLOSED && a->merged != b->merged))
		fail_msg("fast and strict extraction differ on: %.300s", line);
}

/* The real 2013 events: every field we extract equals jansson's reading. */
static void extractor_real_sample(void **state)
{
	(void)state;
	char *path = tu_shared("github-events-2013-sample.json");
	json_error_t je;
	json_t *arr = json_load_file(path, 0, &je);
	assert_non_null(arr);
	assert_int_equal(json_array_size(arr), 30);
	size_t i;
	json_t *o;
	int pushes = 0;
	json_array_foreach(arr, i, o) {
		char *line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
		struct sw_gha_event ev, st;
		assert_true(ex(line, &ev));
		assert_true(sw_gha_json_extract_strict(line, strlen(line), &st, NULL));
		same_event(&ev, &st, line);
		assert_int_equal(ev.id, strtoull(json_string_value(json_object_get(o, "id")), NULL, 10));
		json_t *actor = json_object_get(o, "actor"), *repo = json_object_get(o, "repo"),
		       *p = json_object_get(o, "payload");
		assert_int_equal(ev.actor_id, json_integer_value(json_object_get(actor, "id")));
		assert_true(streq(ev.login, ev.login_len, json_string_value(json_object_get(actor, "login"))));
		assert_int_equal(ev.repo_id, json_integer_value(json_object_get(repo, "id")));
		assert_true(streq(ev.repo_name, ev.repo_name_len, json_string_value(json_object_get(repo, "name"))));
		int64_t t;
		assert_true(sw_time_parse(json_string_value(json_object_get(o, "created_at")), &t));
		assert_int_equal(ev.created_at, t);
		const char *type = json_string_value(json_object_get(o, "type"));
		if (!strcmp(type, "PushEvent")) {
			pushes++;
			assert_int_equal(ev.type, SW_GHA_PUSH);
			assert_int_equal(ev.size, json_integer_value(json_object_get(p, "size")));
			assert_int_equal(ev.distinct_size, json_integer_value(json_object_get(p, "distinct_size")));
		} else if (!strcmp(type, "WatchEvent")) {
			assert_int_equal(ev.type, SW_GHA_WATCH);
			assert_int_equal(ev.action, SW_GHA_ACT_STARTED);
		} else if (!strcmp(type, "ForkEvent"))
			assert_int_equal(ev.type, SW_GHA_FORK);
		else if (!strcmp(type, "IssuesEvent"))
			assert_int_equal(ev.type, SW_GHA_ISSUES);
		else
			assert_int_equal(ev.type, SW_GHA_OTHER);
		/* pretty-printed (multi-line) form parses the same */
		char *pretty = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		struct sw_gha_event ev2;
		assert_true(ex(pretty, &ev2));
		assert_int_equal(ev2.id, ev.id);
		assert_int_equal(ev2.repo_id, ev.repo_id);
		free(pretty);
		free(line);
	}
	assert_int_equal(pushes, 13);
	json_decref(arr);
	free(path);
}

/* Every conformance file: no crash; every valid top-level object accepted. */
static void conformance_file(const char *name, const struct sw_buf *b, void *ud)
{
	int *objects = ud;
	struct sw_gha_event ev;
	bool ok = sw_gha_json_extract(b->data ? b->data : "", b->len, &ev, NULL);
	size_t k = 0;
	while (k < b->len && strchr(" \t\r\n", b->data[k]))
		k++;
	if (name[0] == 'y' && k < b->len && b->data[k] == '{') {
		++*objects;
		if (!ok)
			fail_msg("valid object refused: %s", name);
	}
}

static void extractor_conformance(void **state)
{
	(void)state;
	int objects = 0;
	assert_true(tu_each_shared_file("json-test-suite/test_parsing", conformance_file, &objects) > 300);
	assert_true(objects >= 10);
}

/* The fast path (template head, lazy payload, tail) agrees with the strict
 * walk on every line of generated hours with all quirks, classic and in the
 * realistic 2021 shape: same acceptance, same fields. */
static void fast_equals_strict(bool realistic)
{
	struct sw_gha_gen_opts o = {.hours = 3, .events_per_hour = 1500, .repos = 200, .seed = 42, .quirks = true,
				    .realistic = realistic};
	struct sw_error err = {0};
	char *dir = tu_path(realistic ? "gen-realistic" : "gen");
	if (sw_gha_generate(dir, &o, &err))
		fail_msg("generate: %s", sw_error_text(&err));
	int lines = 0, accepted = 0, prs_closed = 0;
	for (int h = 0; h < 3; h++) {
		char p[600];
		snprintf(p, sizeof p, "%s/2024-01-01-%d.json.gz", dir, h);
		gzFile f = gzopen(p, "rb");
		assert_non_null(f);
		struct sw_buf b = SW_BUF_INIT;
		char chunk[65536];
		int n;
		while ((n = gzread(f, chunk, sizeof chunk)) > 0)
			assert_int_equal(sw_buf_append(&b, chunk, (size_t)n), SW_OK);
		gzclose(f);
		char *q = b.data, *end = b.data + b.len;
		while (q < end) {
			char *nl = memchr(q, '\n', (size_t)(end - q));
			if (!nl)
				break; /* the cut tail of the truncated hour */
			struct sw_gha_event fast, strict;
			bool a = sw_gha_json_extract(q, (size_t)(nl - q), &fast, NULL);
			bool s2 = sw_gha_json_extract_strict(q, (size_t)(nl - q), &strict, NULL);
			if (a != s2)
				fail_msg("acceptance differs (fast %d strict %d) on: %.300s", a, s2, q);
			if (a) {
				same_event(&fast, &strict, q);
				accepted++;
				prs_closed += strict.type == SW_GHA_PULL_REQUEST && strict.action == SW_GHA_ACT_CLOSED;
			}
			lines++;
			q = nl + 1;
		}
		sw_buf_release(&b);
	}
	assert_true(lines > 4000);
	assert_int_equal(lines - accepted, 3); /* blank, garbage and cut line of hour 0 */
	assert_true(prs_closed > 50);
	free(dir);
}

static void extractor_fast_equals_strict(void **state)
{
	(void)state;
	fast_equals_strict(false);
	fast_equals_strict(true);
}

/* ---- engine on hand-made hours ---- */
static char line_buf[8192];
static const char *ev_line(uint64_t id, const char *type, int64_t repo_id, const char *name, const char *when,
			   int64_t actor, const char *login, const char *payload)
{
	snprintf(line_buf, sizeof line_buf,
		 "{\"id\":\"%llu\",\"type\":\"%s\",\"actor\":{\"id\":%lld,\"login\":\"%s\"},\"repo\":{\"id\":%lld,"
		 "\"name\":\"%s\"},\"payload\":%s,\"public\":true,\"created_at\":\"%s\"}\n",
		 (unsigned long long)id, type, (long long)actor, login, (long long)repo_id, name, payload, when);
	return line_buf;
}

static char *write_hour(const char *name, const char *text, bool gz)
{
	char *p = tu_path(name);
	if (gz) {
		gzFile f = gzopen(p, "wb");
		assert_non_null(f);
		gzwrite(f, text, (unsigned)strlen(text));
		gzclose(f);
	} else {
		FILE *f = fopen(p, "wb");
		fputs(text, f);
		fclose(f);
	}
	return p;
}

static char *export_csv(struct sw_store *s, const char *repo)
{
	struct sw_table *t = NULL;
	struct sw_error err = {0};
	if (sw_gha_export_series(s, repo, &t, &err))
		fail_msg("export: %s", sw_error_text(&err));
	struct sw_buf b = SW_BUF_INIT;
	assert_int_equal(sw_table_render(t, SW_FMT_CSV, 0, &b), SW_OK);
	sw_table_free(t);
	return sw_buf_detach(&b);
}

#define PUSH(sz, dsz) "{\"size\":" #sz ",\"distinct_size\":" #dsz ",\"commits\":[]}"
#define STAR "{\"action\":\"started\"}"

static void scan_tracked(void **state)
{
	(void)state;
	struct sw_store *s = tu_store("tracked.db");
	struct sw_error err = {0};
	int64_t rid;
	struct sw_repo_update u = SW_REPO_UPDATE_INIT;
	u.owner = "Acme";
	u.name = "Rocket"; /* no GitHub id: matched by name, case-insensitively */
	assert_int_equal(sw_store_upsert_repo(s, &u, &rid, &err), SW_OK);
	struct sw_repo_update u2 = SW_REPO_UPDATE_INIT;
	u2.owner = "x";
	u2.name = "y";
	u2.github_id = 500; /* matched by id, whatever the event's name */
	assert_int_equal(sw_store_upsert_repo(s, &u2, &rid, &err), SW_OK);

	struct sw_buf a = SW_BUF_INIT, b = SW_BUF_INIT;
	assert_int_equal(sw_buf_puts(&a, ev_line(1, "WatchEvent", 100, "acme/rocket", "2024-03-01T00:10:00Z", 7, "ann", STAR)), 0);
	assert_int_equal(sw_buf_puts(&a, ev_line(2, "WatchEvent", 100, "acme/rocket", "2024-03-01T00:20:00Z", 7, "ann", STAR)), 0);
	assert_int_equal(sw_buf_puts(&a, ev_line(3, "PushEvent", 100, "acme/rocket", "2024-03-01T00:30:00Z", 8, "bo", PUSH(5, 3))), 0);
	assert_int_equal(sw_buf_puts(&a, ev_line(4, "PushEvent", 100, "acme/rocket", "2024-03-01T00:40:00Z", 9,
						  "dependabot[bot]", PUSH(1, 1))), 0);
	assert_int_equal(sw_buf_puts(&a, ev_line(5, "WatchEvent", 999, "other/repo", "2024-03-01T00:50:00Z", 7, "ann", STAR)), 0);
	assert_int_equal(sw_buf_puts(&a, ev_line(6, "ForkEvent", 500, "old/name", "2024-03-01T00:55:00Z", 7, "ann", "{}")), 0);
	assert_int_equal(sw_buf_puts(&a, "{broken\n"), 0);
	/* Next hour: id 3 again (boundary duplicate), a PR merged, an issue. */
	assert_int_equal(sw_buf_puts(&b, ev_line(3, "PushEvent", 100, "acme/rocket", "2024-03-01T00:30:00Z", 8, "bo", PUSH(5, 3))), 0);
	assert_int_equal(sw_buf_puts(&b, ev_line(7, "PullRequestEvent", 100, "acme/rocket", "2024-03-01T01:00:00Z", 10, "cy",
						  "{\"action\":\"closed\",\"pull_request\":{\"merged\":true}}")), 0);
	assert_int_equal(sw_buf_puts(&b, ev_line(8, "IssuesEvent", 100, "acme/rocket", "2024-03-01T01:10:00Z", 8, "bo",
						  "{\"action\":\"opened\"}")), 0);
	assert_int_equal(sw_buf_puts(&b, ev_line(9, "IssuesEvent", 100, "acme/rocket", "2024-03-01T01:11:00Z", 8, "bo",
						  "{\"action\":\"closed\"}")), 0);
	assert_int_equal(sw_buf_puts(&b, ev_line(10, "WatchEvent", 500, "x/y", "2024-03-02T01:00:00Z", 11, "di", STAR)), 0);
	const char *paths[] = {write_hour("2024-03-01-0.json", a.data, false),
			       write_hour("2024-03-01-1.json.gz", b.data, true)};
	struct sw_gha_scan_opts o = {.threads = 2, .quiet = true};
	struct sw_gha_scan_stats st;
	if (sw_gha_scan(s, paths, 2, &o, &st, &err))
		fail_msg("scan: %s", sw_error_text(&err));
	assert_int_equal(st.files, 2);
	assert_int_equal(st.malformed, 1);
	assert_int_equal(st.events, 11);
	/* acme/rocket on 03-01: stars 2 (ids 1,2), pushes 2 (3 once, 4), commits 3+1,
	 * PR merged 1, issue opened 1; contributors bo (push), cy (PR), bot excluded
	 * = 2; stargazers ann = 1. repo 500 (name x/y newest): fork on 03-01 from
	 * "old/name", star on 03-02. Repo 999 untracked. */
	char *csv = export_csv(s, NULL);
	assert_string_equal(csv,
		"repo,date,stars,forks,pushes,commits,prs_opened,prs_merged,issues_opened,releases,contributors,new_stargazers\n"
		"acme/rocket,2024-03-01,2,0,2,4,0,1,1,0,2,1\n"
		"x/y,2024-03-01,0,1,0,0,0,0,0,0,0,0\n"
		"x/y,2024-03-02,1,0,0,0,0,0,0,0,0,1\n");
	free(csv);
	/* --repo by any known name or id */
	csv = export_csv(s, "Acme/Rocket");
	assert_non_null(strstr(csv, "acme/rocket,2024-03-01"));
	assert_null(strstr(csv, "x/y"));
	free(csv);
	csv = export_csv(s, "500");
	assert_non_null(strstr(csv, "x/y,2024-03-02"));
	free(csv);
	/* Rerun: both hours skipped, nothing changes. */
	uint64_t before = tu_store_digest(s);
	assert_int_equal(sw_gha_scan(s, paths, 2, &o, &st, &err), SW_OK);
	assert_int_equal(st.skipped, 2);
	assert_int_equal(st.files, 0);
	assert_true(tu_store_digest(s) == before);
	/* A changed file under the same name replaces that hour. */
	assert_int_equal(sw_buf_puts(&a, ev_line(11, "WatchEvent", 100, "acme/rocket", "2024-03-01T00:59:00Z", 12, "ed", STAR)), 0);
	free(write_hour("2024-03-01-0.json", a.data, false));
	assert_int_equal(sw_gha_scan(s, paths, 1, &o, &st, &err), SW_OK);
	assert_int_equal(st.files, 1);
	csv = export_csv(s, "acme/rocket");
	assert_non_null(strstr(csv, "acme/rocket,2024-03-01,3,0,2,4,0,1,1,0,2,2\n"));
	free(csv);
	sw_buf_release(&a);
	sw_buf_release(&b);
	free((char *)paths[0]);
	free((char *)paths[1]);
	sw_store_free(s);
}

static void gaps_and_low_hours(void **state)
{
	(void)state;
	struct sw_store *s = tu_store("gaps.db");
	int counts[] = {40, 40, 40, -1, 10, 40};
	const char *paths[6];
	size_t np = 0;
	uint64_t id = 1;
	for (int h = 0; h < 6; h++) {
		if (counts[h] < 0)
			continue;
		struct sw_buf b = SW_BUF_INIT;
		char when[32], name[64];
		snprintf(when, sizeof when, "2024-03-01T%02d:00:00Z", h);
		for (int i = 0; i < counts[h]; i++) {
			assert_int_equal(sw_buf_puts(&b, ev_line(id++, "CreateEvent", 1, "a/b", when, 1, "u", "{}")), 0);
			if (h == 1 && i == 0)
				assert_int_equal(sw_buf_puts(&b, "{\"id\":\"x\",\n"), 0); /* line 2 */
		}
		snprintf(name, sizeof name, "2024-03-01-%d.json.gz", h);
		paths[np++] = write_hour(name, b.data, true);
		sw_buf_release(&b);
	}
	struct sw_error err = {0};
	struct sw_gha_scan_opts o = {.all_repos = true, .quiet = true};
	assert_int_equal(sw_gha_scan(s, paths, np, &o, NULL, &err), SW_OK);
	struct sw_table *t = NULL;
	assert_int_equal(sw_gha_gaps(s, &t, &err), SW_OK);
	/* hour 3 missing; hour 4 (10 events) < half the median 40 of its
	 * neighbours 0,1,2,5; hour 1 line 2 malformed. Nothing else. */
	assert_int_equal(sw_table_rows(t), 3);
	assert_string_equal(sw_table_cell_text(t, 0, 0), "missing");
	assert_string_equal(sw_table_cell_text(t, 0, 1), "2024-03-01-3");
	assert_string_equal(sw_table_cell_text(t, 1, 0), "low");
	assert_string_equal(sw_table_cell_text(t, 1, 1), "2024-03-01-4");
	assert_string_equal(sw_table_cell_text(t, 2, 0), "malformed");
	assert_string_equal(sw_table_cell_text(t, 2, 2), "2024-03-01-1.json.gz");
	assert_string_equal(sw_table_cell_text(t, 2, 3), "2");
	sw_table_free(t);
	/* The series of a/b spans the day: 2 problem hours inside it. */
	struct sw_gha_series ser;
	/* CreateEvents are not counted, so a/b has no series at all. */
	assert_int_equal(sw_gha_repo_series(s, "a/b", &ser, &err), SW_ENOTFOUND);
	for (size_t i = 0; i < np; i++)
		free((char *)paths[i]);
	sw_store_free(s);
}

static void anchoring(void **state)
{
	(void)state;
	struct sw_store *s = tu_store("anchor.db");
	struct sw_error err = {0};
	int64_t rid;
	struct sw_repo_update u = SW_REPO_UPDATE_INIT;
	u.owner = "st";
	u.name = "ar";
	u.github_id = 77;
	assert_int_equal(sw_store_upsert_repo(s, &u, &rid, &err), SW_OK);
	/* Event stars per day 03-01..03-05: 2,0,3,1,4 (cumulative 2,2,5,6,10). */
	int per_day[] = {2, 0, 3, 1, 4};
	struct sw_buf b = SW_BUF_INIT;
	uint64_t id = 1;
	for (int d = 0; d < 5; d++)
		for (int i = 0; i < per_day[d]; i++) {
			char when[32];
			snprintf(when, sizeof when, "2024-03-0%dT12:00:%02dZ", d + 1, i);
			uint64_t this_id = id++;
			assert_int_equal(sw_buf_puts(&b, ev_line(this_id, "WatchEvent", 77, "st/ar", when, 100 + (int64_t)this_id, "u", STAR)), 0);
		}
	const char *p = write_hour("stars.json", b.data, false);
	sw_buf_release(&b);
	struct sw_gha_scan_opts o = {.quiet = true};
	assert_int_equal(sw_gha_scan(s, &p, 1, &o, NULL, &err), SW_OK);
	struct sw_gha_series ser;
	assert_int_equal(sw_gha_repo_series(s, "st/ar", &ser, &err), SW_OK);
	assert_false(ser.anchored);
	assert_int_equal(ser.n, 5);
	assert_int_equal(ser.cum_stars[4], 10);
	sw_gha_series_release(&ser);
	/* Snapshots: 100 stars on 03-02 (18:00), 110 on 03-04.
	 * 03-01: before the first: 100 - (E(03-02) - E(03-01)) = 100 - 0 = 100
	 * 03-02: 100; 03-03: 100 + (5-2)/(6-2) * 10 = 107.5 -> 108; 03-04: 110;
	 * 03-05: after the last: 110 + (10 - 6) = 114. */
	struct sw_snapshot snap = SW_SNAPSHOT_UNKNOWN_INIT;
	int64_t t;
	assert_true(sw_time_parse("2024-03-02T18:00:00Z", &t));
	snap.taken_at = t;
	snap.stars = 100;
	snap.source = "github";
	assert_int_equal(sw_store_put_snapshot(s, rid, &snap, &err), SW_OK);
	assert_true(sw_time_parse("2024-03-04T06:00:00Z", &t));
	snap.taken_at = t;
	snap.stars = 110;
	assert_int_equal(sw_store_put_snapshot(s, rid, &snap, &err), SW_OK);
	assert_int_equal(sw_gha_repo_series(s, "77", &ser, &err), SW_OK);
	assert_true(ser.anchored);
	int64_t want[] = {100, 100, 108, 110, 114};
	for (int i = 0; i < 5; i++)
		assert_int_equal(ser.cum_stars[i], want[i]);
	assert_int_equal(ser.stars[2], 3);
	assert_string_equal(ser.name, "st/ar");
	sw_gha_series_release(&ser);
	free((char *)p);
	sw_store_free(s);
}

static void merge_partials(void **state)
{
	(void)state;
	struct sw_error err = {0};
	/* Two hours with an overlapping event and a rename across them. */
	struct sw_buf a = SW_BUF_INIT, b = SW_BUF_INIT;
	assert_int_equal(sw_buf_puts(&a, ev_line(1, "WatchEvent", 5, "old/n", "2024-03-01T00:10:00Z", 1, "a", STAR)), 0);
	assert_int_equal(sw_buf_puts(&a, ev_line(2, "WatchEvent", 5, "old/n", "2024-03-01T00:59:59Z", 2, "b", STAR)), 0);
	assert_int_equal(sw_buf_puts(&b, ev_line(2, "WatchEvent", 5, "old/n", "2024-03-01T00:59:59Z", 2, "b", STAR)), 0);
	assert_int_equal(sw_buf_puts(&b, ev_line(3, "WatchEvent", 5, "new/n", "2024-03-01T01:00:00Z", 1, "a", STAR)), 0);
	const char *pa = write_hour("2024-03-01-0.json", a.data, false);
	const char *pb = write_hour("2024-03-01-1.json", b.data, false);
	sw_buf_release(&a);
	sw_buf_release(&b);
	struct sw_gha_scan_opts o = {.all_repos = true, .quiet = true};
	struct sw_store *sa = tu_store("pa.db"), *sb = tu_store("pb.db"), *all = tu_store("all.db");
	assert_int_equal(sw_gha_scan(sa, &pa, 1, &o, NULL, &err), SW_OK);
	assert_int_equal(sw_gha_scan(sb, &pb, 1, &o, NULL, &err), SW_OK);
	const char *both[] = {pa, pb};
	assert_int_equal(sw_gha_scan(all, both, 2, &o, NULL, &err), SW_OK);
	sw_store_free(sa);
	sw_store_free(sb);
	struct sw_store *m1 = tu_store("m1.db"), *m2 = tu_store("m2.db");
	char *a_db = tu_path("pa.db"), *b_db = tu_path("pb.db");
	assert_int_equal(sw_gha_merge(m1, a_db, &err), SW_OK);
	assert_int_equal(sw_gha_merge(m1, b_db, &err), SW_OK);
	assert_int_equal(sw_gha_merge(m2, b_db, &err), SW_OK);
	assert_int_equal(sw_gha_merge(m2, a_db, &err), SW_OK);
	assert_int_equal(sw_gha_merge(m2, a_db, &err), SW_OK); /* idempotent */
	char *c0 = export_csv(all, NULL), *c1 = export_csv(m1, NULL), *c2 = export_csv(m2, NULL);
	/* 3 distinct stars on 03-01 by 2 people, newest name new/n */
	assert_string_equal(c0, "repo,date,stars,forks,pushes,commits,prs_opened,prs_merged,issues_opened,releases,"
				"contributors,new_stargazers\nnew/n,2024-03-01,3,0,0,0,0,0,0,0,0,2\n");
	assert_string_equal(c1, c0);
	assert_string_equal(c2, c0);
	/* A non-partial file is refused with its name. */
	char *junk = tu_write("junk.db", "not sqlite");
	assert_int_not_equal(sw_gha_merge(m1, junk, &err), SW_OK);
	assert_non_null(strstr(err.msg, "junk.db"));
	free(c0), free(c1), free(c2), free(a_db), free(b_db), free(junk);
	free((char *)pa);
	free((char *)pb);
	sw_store_free(m1);
	sw_store_free(m2);
	sw_store_free(all);
}

/* A line over 64 MiB is counted malformed and skipped; the lines around it
 * are kept; the buffer does not grow past the cap. */
static void overlong_line(void **state)
{
	(void)state;
	char *p = tu_path("2024-03-05-0.json");
	FILE *f = fopen(p, "wb");
	assert_non_null(f);
	fputs(ev_line(1, "WatchEvent", 9, "a/b", "2024-03-05T00:00:00Z", 1, "u", STAR), f);
	static char chunk[1 << 20];
	memset(chunk, 'x', sizeof chunk);
	for (int i = 0; i < 70; i++)
		fwrite(chunk, 1, sizeof chunk, f);
	fputc('\n', f);
	fputs(ev_line(2, "WatchEvent", 9, "a/b", "2024-03-05T00:00:01Z", 2, "v", STAR), f);
	fclose(f);
	struct sw_store *s = tu_store("long.db");
	struct sw_error err = {0};
	struct sw_gha_scan_opts o = {.all_repos = true, .quiet = true};
	struct sw_gha_scan_stats st;
	const char *paths[] = {p};
	assert_int_equal(sw_gha_scan(s, paths, 1, &o, &st, &err), SW_OK);
	assert_int_equal(st.events, 2);
	assert_int_equal(st.malformed, 1);
	assert_int_equal(tu_sql_int(s, "SELECT line FROM gha_malformed"), 2);
	assert_int_equal(tu_sql_int(s, "SELECT count(*) FROM gha_malformed WHERE reason LIKE '%64 MiB%'"), 1);
	assert_int_equal(tu_sql_int(s, "SELECT count(*) FROM gha_events"), 2);
	sw_store_free(s);
	unlink(p);
	free(p);
}

static void hour_keys(void **state)
{
	(void)state;
	bool is_hour;
	/* 2024-03-01 = day 19783; hour 7 -> 19783*24+7 */
	assert_int_equal(gha_hour_key("2024-03-01-7.json.gz", &is_hour), 19783LL * 24 + 7);
	assert_true(is_hour);
	assert_int_equal(gha_hour_key("2015-01-01-15.json", &is_hour), 16436LL * 24 + 15);
	assert_true(gha_hour_key("events.json", &is_hour) < 0);
	assert_false(is_hour);
	assert_true(gha_hour_key("2024-03-01-24.json", &is_hour) < 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(extractor_basic),      cmocka_unit_test(extractor_malformed),
		cmocka_unit_test(extractor_real_sample), cmocka_unit_test(extractor_conformance),
		cmocka_unit_test(extractor_fast_equals_strict),
		cmocka_unit_test(scan_tracked),         cmocka_unit_test(gaps_and_low_hours),
		cmocka_unit_test(anchoring),            cmocka_unit_test(merge_partials),
		cmocka_unit_test(hour_keys),            cmocka_unit_test(overlong_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
