/* test_core_store.c: migrations, renames, classification precedence,
 * submissions, and the list query. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stackwatch/core.h"
#include "core/core_int.h"

static int64_t add_repo(struct sw_store *s, int64_t gid, const char *owner, const char *name, int64_t when)
{
	struct sw_repo_update u = SW_REPO_UPDATE_INIT;
	u.github_id = gid;
	u.owner = owner;
	u.name = name;
	u.as_of = when;
	int64_t id = 0;
	struct sw_error err = {0};
	if (sw_store_upsert_repo(s, &u, &id, &err))
		fail_msg("upsert: %s", err.msg);
	return id;
}

static void snap(struct sw_store *s, int64_t id, int64_t t, int64_t stars, int64_t gain7)
{
	struct sw_snapshot x = SW_SNAPSHOT_UNKNOWN_INIT;
	x.taken_at = t;
	x.stars = stars;
	x.star_7d = gain7;
	struct sw_error err = {0};
	if (sw_store_put_snapshot(s, id, &x, &err))
		fail_msg("snapshot: %s", err.msg);
}

static void migrations_upgrade_old_db(void **state)
{
	(void)state;
	char *p = tu_path("old.db");
	unlink(p);
	struct sw_store *s = NULL;
	struct sw_error err = {0};
	/* A version-1 database, as the first release wrote it. */
	assert_int_equal(store_open_at(p, 1, &s, &err), SW_OK);
	assert_int_equal(sw_store_schema_version(s, "core"), 1);
	assert_int_equal(tu_sql_int(s, "SELECT COUNT(*) FROM sqlite_master WHERE name='repo_aliases'"), 0);
	int64_t id = add_repo(s, 0, "old", "repo", 100);
	(void)id;
	assert_int_equal(store_exec(s, "INSERT INTO snapshots(repo_id, taken_at, stars) VALUES(1, 100, 7)", &err),
			 SW_OK);
	sw_store_free(s);
	/* Opening it with this stackwatch upgrades it and keeps the data. */
	assert_int_equal(sw_store_open(p, &s, &err), SW_OK);
	assert_int_equal(sw_store_schema_version(s, "core"), 5);
	assert_int_equal(tu_sql_int(s, "SELECT COUNT(*) FROM sqlite_master WHERE name='readmes'"), 1);
	assert_int_equal(tu_sql_int(s, "SELECT COUNT(*) FROM sqlite_master WHERE name='repo_aliases'"), 1);
	assert_int_equal(tu_sql_int(s, "SELECT COUNT(*) FROM sqlite_master WHERE name='submissions'"), 1);
	assert_int_equal(tu_sql_int(s, "SELECT stars FROM snapshots WHERE repo_id=1"), 7);
	/* A database from a newer stackwatch is refused, not damaged. */
	assert_int_equal(store_exec(s, "UPDATE schema_version SET version=99 WHERE module='core'", &err), SW_OK);
	sw_store_free(s);
	s = NULL;
	assert_int_equal(sw_store_open(p, &s, &err), SW_ESCHEMA);
	assert_null(s);
	assert_non_null(strstr(err.msg, "use a newer stackwatch"));
	free(p);
}

static void module_migrations(void **state)
{
	(void)state;
	struct sw_store *s = tu_store("mod.db");
	struct sw_error err = {0};
	static const struct store_migration steps[] = {{1, "CREATE TABLE x(a)"}, {2, "ALTER TABLE x ADD COLUMN b"}};
	static const struct store_schema demo = STORE_SCHEMA("demo", steps);
	assert_int_equal(store_migrate(s, &demo, 1, &err), SW_OK);
	assert_int_equal(sw_store_schema_version(s, "demo"), 1);
	assert_int_equal(store_migrate(s, &demo, 2, &err), SW_OK);
	assert_int_equal(sw_store_schema_version(s, "demo"), 2);
	assert_int_equal(store_migrate(s, &demo, 2, &err), SW_OK); /* idempotent */
	/* A failing step rolls back and leaves the version where it was. */
	static const struct store_migration bad_steps[] = {{1, ""}, {2, ""}, {3, "CREATE TABLE y(a); SELECT nope FROM nowhere"}};
	static const struct store_schema bad = STORE_SCHEMA("demo", bad_steps);
	assert_int_equal(store_migrate(s, &bad, 3, &err), SW_EDB);
	assert_int_equal(sw_store_schema_version(s, "demo"), 2);
	assert_int_equal(tu_sql_int(s, "SELECT COUNT(*) FROM sqlite_master WHERE name='y'"), 0);
	sw_store_free(s);
}

/* Every module of this build is migrated when the store is opened, so a
 * later read finds its tables and never writes; a module written by a newer
 * stackwatch is refused like the core. */
static void migrations_at_open(void **state)
{
	(void)state;
	char *p = tu_path("open.db");
	unlink(p);
	struct sw_store *s = NULL;
	struct sw_error err = {0};
	assert_int_equal(sw_store_open(p, &s, &err), SW_OK);
	size_t modules = 0;
	for (size_t i = 0; store_schemas[i]; i++, modules++)
		assert_int_equal(sw_store_schema_version(s, store_schemas[i]->module),
				 store_schemas[i]->steps[store_schemas[i]->n - 1].version);
	assert_true(modules >= 3); /* core, classify, models in every build */
	assert_int_equal(tu_sql_int(s, "SELECT COUNT(*) FROM schema_version"), (int64_t)modules);
	sw_store_free(s);
	/* Reopen and read: the file is not written. */
	char *before = tu_file_digest(p);
	assert_int_equal(sw_store_open(p, &s, &err), SW_OK);
	struct sw_query q = {0};
	struct sw_repo_list l = {0};
	assert_int_equal(sw_store_list(s, &q, &l, &err), SW_OK);
	sw_repo_list_release(&l);
	sw_store_free(s);
	char *after = tu_file_digest(p);
	assert_string_equal(before, after);
	free(before);
	free(after);
	/* A newer module is refused. */
	assert_int_equal(sw_store_open(p, &s, &err), SW_OK);
	assert_int_equal(store_exec(s, "UPDATE schema_version SET version=99 WHERE module='models'", &err), SW_OK);
	sw_store_free(s);
	s = NULL;
	assert_int_equal(sw_store_open(p, &s, &err), SW_ESCHEMA);
	assert_null(s);
	assert_non_null(strstr(err.msg, "schema 'models' is at version 99"));
	free(p);
}

/* The star-gain rule (core schema v5, snapshot_view): a stated gain wins;
 * else stars now minus stars at the snapshot nearest to 1 day (within 6 h)
 * or 7 days (within 1 day) before, the older of two equally near; percent
 * over that earlier count. Expected figures worked out by hand below. */
static void star_gain_rule(void **state)
{
	(void)state;
	struct sw_store *s = tu_store("gain.db");
	struct sw_error err = {0};
	const int64_t H = 3600, D = 86400, T = 1730764800; /* 2024-11-05 */
	int64_t a = add_repo(s, 0, "gain", "a", T);
	snap(s, a, T - 7 * D - 3 * H, 100, SW_UNKNOWN); /* 3 h before T-7d */
	snap(s, a, T - 7 * D + 3 * H, 110, SW_UNKNOWN); /* 3 h after: as near, newer: loses */
	snap(s, a, T - D - 7 * H, 180, SW_UNKNOWN);     /* 7 h off T-1d: outside 6 h */
	snap(s, a, T - D + 5 * H, 190, SW_UNKNOWN);     /* 5 h after T-1d: the 1-day base */
	snap(s, a, T, 200, SW_UNKNOWN);
	int64_t b = add_repo(s, 0, "gain", "b", T);
	snap(s, b, T - 7 * D, 50, SW_UNKNOWN);
	snap(s, b, T, 60, 42);                          /* stated by the source: kept */
	int64_t c = add_repo(s, 0, "gain", "c", T);
	snap(s, c, T - 9 * D, 10, SW_UNKNOWN);          /* too old for either window */
	snap(s, c, T, 20, SW_UNKNOWN);
	struct sw_snapshot_list l;
	assert_int_equal(sw_store_snapshots(s, a, &l, &err), SW_OK);
	const struct sw_snapshot *now = &l.items[l.n - 1];
	assert_int_equal(now->star_7d, 200 - 100);
	assert_true(fabs(now->star_7d_pct - 100.0) < 1e-9);        /* 100 over 100 */
	assert_int_equal(now->star_1d, 200 - 190);
	assert_true(fabs(now->star_1d_pct - 100.0 * 10 / 190) < 1e-9);
	sw_snapshot_list_release(&l);
	assert_int_equal(sw_store_snapshots(s, b, &l, &err), SW_OK);
	assert_int_equal(l.items[1].star_7d, 42);
	assert_true(fabs(l.items[1].star_7d_pct - 100.0 * 42 / (60 - 42)) < 1e-9);
	assert_int_equal(l.items[1].star_1d, SW_UNKNOWN);
	sw_snapshot_list_release(&l);
	assert_int_equal(sw_store_snapshots(s, c, &l, &err), SW_OK);
	assert_int_equal(l.items[1].star_7d, SW_UNKNOWN);
	assert_true(isnan(l.items[1].star_7d_pct));
	sw_snapshot_list_release(&l);
	/* The list (and so --quiet, the web and the report) reads the same rule. */
	struct sw_query q = {.quiet = true};
	struct sw_repo_list rl;
	snap(s, c, T + 7 * D, 20, SW_UNKNOWN); /* c: no gain over the week */
	assert_int_equal(sw_store_list(s, &q, &rl, &err), SW_OK);
	assert_int_equal(rl.n, 1);
	assert_string_equal(rl.rows[0].repo.name, "c");
	assert_int_equal(rl.rows[0].snap.star_7d, 0);
	sw_repo_list_release(&rl);
	sw_store_free(s);
}

static void renames_keep_history(void **state)
{
	(void)state;
	struct sw_store *s = tu_store("rename.db");
	struct sw_error err = {0};
	int64_t id = add_repo(s, 4242, "jmorganca", "ollama", 100);
	snap(s, id, 100, 10, SW_UNKNOWN);
	/* Same GitHub id under a new owner: same repo, history kept. */
	int64_t id2 = add_repo(s, 4242, "ollama", "ollama", 200);
	assert_int_equal(id2, id);
	snap(s, id, 200, 20, SW_UNKNOWN);
	struct sw_repo r;
	assert_int_equal(sw_store_get_repo(s, id, &r, &err), SW_OK);
	assert_string_equal(r.owner, "ollama");
	sw_repo_release(&r);
	int64_t found;
	assert_int_equal(sw_store_find_repo(s, "jmorganca/ollama", &found, &err), SW_OK);
	assert_int_equal(found, id);
	assert_int_equal(sw_store_find_repo(s, "Ollama/Ollama", &found, &err), SW_OK);
	assert_int_equal(found, id);
	struct sw_snapshot_list l;
	assert_int_equal(sw_store_snapshots(s, id, &l, &err), SW_OK);
	assert_int_equal(l.n, 2);
	sw_snapshot_list_release(&l);
	/* Importing by the old name (no id) still lands on the same repo. */
	assert_int_equal(add_repo(s, 0, "jmorganca", "ollama", 300), id);
	assert_int_equal(tu_sql_int(s, "SELECT COUNT(*) FROM repos"), 1);

	/* A repo first known by name only, then seen with its id after a rename:
	 * the two rows fold into one with the union of snapshots. */
	int64_t a = add_repo(s, 0, "newowner", "tool", 100); /* imported under the new name */
	snap(s, a, 100, 5, SW_UNKNOWN);
	int64_t b = add_repo(s, 777, "oldowner", "tool", 150); /* tracker knew the old name */
	snap(s, b, 150, 6, SW_UNKNOWN);
	int64_t c = add_repo(s, 777, "newowner", "tool", 200); /* renamed on GitHub */
	assert_int_equal(c, b);
	assert_int_equal(tu_sql_int(s, "SELECT COUNT(*) FROM repos WHERE name='tool'"), 1);
	assert_int_equal(sw_store_snapshots(s, b, &l, &err), SW_OK);
	assert_int_equal(l.n, 2);
	sw_snapshot_list_release(&l);

	/* A name reused by a different repo (old one deleted) stays apart. */
	int64_t d = add_repo(s, 888, "same", "name", 100);
	int64_t e = add_repo(s, 999, "same", "name", 200);
	assert_true(d != e);
	assert_int_equal(sw_store_find_repo(s, "same/name", &found, &err), SW_OK);
	assert_int_equal(found, e);
	sw_store_free(s);
}

static void classification_precedence(void **state)
{
	(void)state;
	struct sw_store *s = tu_store("class.db");
	struct sw_error err = {0};
	int64_t id = add_repo(s, 0, "a", "b", 1);
	struct sw_repo r;
	assert_int_equal(sw_store_set_class(s, id, SW_CLASS_AUTOMATIC, "Applications", "Bots", 0.4, 1, &err), SW_OK);
	assert_int_equal(sw_store_get_repo(s, id, &r, &err), SW_OK);
	assert_int_equal(r.class_source, SW_CLASS_AUTOMATIC);
	assert_true(fabs(r.confidence - 0.4) < 1e-9);
	sw_repo_release(&r);
	assert_int_equal(sw_store_set_class(s, id, SW_CLASS_CURATED, "infrastructure", "Serving", 1, 1, &err), SW_OK);
	/* A later automatic label never beats the curated one. */
	assert_int_equal(sw_store_set_class(s, id, SW_CLASS_AUTOMATIC, "Lists", NULL, 0.9, 2, &err), SW_OK);
	assert_int_equal(sw_store_get_repo(s, id, &r, &err), SW_OK);
	assert_string_equal(r.layer, "Infrastructure");
	assert_string_equal(r.subcat, "Serving");
	assert_int_equal(r.class_source, SW_CLASS_CURATED);
	sw_repo_release(&r);
	assert_int_equal(sw_store_set_class(s, id, SW_CLASS_OVERRIDE, "Tutorials", "", 1, 3, &err), SW_OK);
	assert_int_equal(sw_store_get_repo(s, id, &r, &err), SW_OK);
	assert_string_equal(r.layer, "Tutorials");
	assert_null(r.subcat);
	sw_repo_release(&r);
	assert_int_equal(sw_store_set_class(s, id, SW_CLASS_CURATED, "Gadgets", NULL, 1, 4, &err), SW_EINVAL);
	assert_non_null(strstr(err.msg, "unknown layer 'Gadgets'"));
	sw_store_free(s);
}

static void submissions(void **state)
{
	(void)state;
	struct sw_store *s = tu_store("submit.db");
	struct sw_error err = {0};
	int64_t id;
	assert_int_equal(sw_store_submit(s, "<script>/x", NULL, NULL, "1.2.3.4", 10, &id, &err), SW_EINVAL);
	assert_int_equal(sw_store_submit(s, "new/repo", "Nope", NULL, "1.2.3.4", 10, &id, &err), SW_EINVAL);
	assert_int_equal(sw_store_submit(s, "new/repo", "Applications", "Coding", "1.2.3.4", 10, &id, &err), SW_OK);
	assert_int_equal(sw_store_submit(s, "NEW/repo", NULL, NULL, "5.6.7.8", 11, &id, &err), SW_EINVAL);
	assert_non_null(strstr(err.msg, "'NEW/repo' is already submitted and pending review"));
	/* what review lists: the proposal as it was submitted */
	struct sw_table *p = NULL;
	assert_int_equal(sw_store_pending(s, &p, &err), SW_OK);
	assert_int_equal(sw_table_rows(p), 1);
	assert_string_equal(sw_table_cell_text(p, 0, 0), "new/repo");
	assert_string_equal(sw_table_cell_text(p, 0, 1), "Applications");
	assert_string_equal(sw_table_cell_text(p, 0, 2), "Coding");
	assert_string_equal(sw_table_cell_text(p, 0, 3), "1970-01-01T00:00:10Z");
	sw_table_free(p);
	assert_int_equal(sw_store_pending_count(s, "1.2.3.4", 0), 1);
	assert_int_equal(sw_store_pending_count(s, "1.2.3.4", 11), 0);
	/* Pending repos are not tracked until reviewed. */
	struct sw_query q = {0};
	struct sw_repo_list l;
	assert_int_equal(sw_store_list(s, &q, &l, &err), SW_OK);
	assert_int_equal(l.n, 0);
	sw_repo_list_release(&l);
	assert_int_equal(sw_store_review(s, "new/repo", true, 20, &err), SW_OK);
	assert_int_equal(sw_store_list(s, &q, &l, &err), SW_OK);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.rows[0].repo.layer, "Applications");
	assert_int_equal(l.rows[0].repo.class_source, SW_CLASS_OVERRIDE);
	sw_repo_list_release(&l);
	assert_int_equal(sw_store_review(s, "new/repo", false, 21, &err), SW_ENOTFOUND);
	assert_int_equal(sw_store_submit(s, "new/repo", NULL, NULL, "1.2.3.4", 30, &id, &err), SW_EINVAL);
	assert_non_null(strstr(err.msg, "'new/repo' is already tracked"));
	sw_store_free(s);
}

static void list_query(void **state)
{
	(void)state;
	struct sw_store *s = tu_store("list.db");
	struct sw_error err = {0};
	int64_t a = add_repo(s, 0, "alpha", "one", 1), b = add_repo(s, 0, "beta", "two", 1),
		c = add_repo(s, 0, "gamma", "three", 1);
	assert_int_equal(sw_store_set_class(s, a, SW_CLASS_CURATED, "Applications", "Coding", 1, 1, &err), SW_OK);
	assert_int_equal(sw_store_set_class(s, b, SW_CLASS_CURATED, "Lists", NULL, 1, 1, &err), SW_OK);
	snap(s, a, 1000, 50, 0);
	snap(s, b, 1000, 70, 5);
	snap(s, a, 2000, 60, 10);
	snap(s, b, 2000, 65, -5);
	(void)c; /* no snapshot: listed last when sorting by stars */
	struct sw_query q = {0};
	struct sw_repo_list l;
	assert_int_equal(sw_store_list(s, &q, &l, &err), SW_OK);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.rows[0].repo.owner, "beta");
	assert_int_equal(l.rows[0].snap.stars, 65);
	assert_string_equal(l.rows[2].repo.owner, "gamma");
	assert_int_equal(l.rows[2].snap.taken_at, 0);
	sw_repo_list_release(&l);
	q.as_of = 1500; /* the earlier snapshot */
	assert_int_equal(sw_store_list(s, &q, &l, &err), SW_OK);
	assert_int_equal(l.rows[0].snap.stars, 70);
	sw_repo_list_release(&l);
	struct sw_query q2 = {.quiet = true};
	assert_int_equal(sw_store_list(s, &q2, &l, &err), SW_OK);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.rows[0].repo.owner, "beta");
	sw_repo_list_release(&l);
	struct sw_query q3 = {.layer = "applications", .sort = SW_SORT_NAME, .ascending = true};
	assert_int_equal(sw_store_list(s, &q3, &l, &err), SW_OK);
	assert_int_equal(l.n, 1);
	sw_repo_list_release(&l);
	struct sw_query q4 = {.search = "TWO", .limit = 1};
	assert_int_equal(sw_store_list(s, &q4, &l, &err), SW_OK);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.total, 1);
	sw_repo_list_release(&l);
	struct sw_query q5 = {.limit = 1, .offset = 10};
	assert_int_equal(sw_store_list(s, &q5, &l, &err), SW_OK);
	assert_int_equal(l.n, 0);
	assert_int_equal(l.total, 3);
	sw_repo_list_release(&l);
	sw_store_free(s);
}

/* READMEs: cut to the budget at a UTF-8 boundary and at a NUL, "none"
 * recorded as NULL, never-fetched reported as not found, replaced on refetch. */
static void readmes(void **state)
{
	(void)state;
	struct sw_store *s = tu_store("readme.db");
	struct sw_error err = {0};
	int64_t a = add_repo(s, 0, "o", "a", 100), b = add_repo(s, 0, "o", "b", 100);
	struct sw_readme r;
	assert_int_equal(sw_store_get_readme(s, a, &r, &err), SW_ENOTFOUND);
	assert_null(r.text);
	/* "x" + 9000 two-byte characters: byte 16384 falls inside a character */
	size_t n = 1 + 2 * 9000;
	char *big = malloc(n);
	assert_non_null(big);
	big[0] = 'x';
	for (size_t i = 1; i < n; i += 2)
		big[i] = (char)0xc3, big[i + 1] = (char)0xa9; /* é */
	assert_int_equal(sw_store_put_readme(s, a, big, n, 1000, &err), SW_OK);
	assert_int_equal(sw_store_get_readme(s, a, &r, &err), SW_OK);
	assert_int_equal(r.len, SW_STORE_README_MAX - 1);
	assert_int_equal(strlen(r.text), r.len);
	assert_int_equal(sw_utf8_valid_prefix(r.text, r.len), r.len);
	assert_int_equal(r.size, (int64_t)n);
	assert_int_equal(r.fetched_at, 1000);
	sw_readme_release(&r);
	sw_readme_release(&r); /* twice is harmless */
	/* a NUL ends the text; a refetch replaces the row */
	assert_int_equal(sw_store_put_readme(s, a, "# t\0binary", 10, 2000, &err), SW_OK);
	assert_int_equal(sw_store_get_readme(s, a, &r, &err), SW_OK);
	assert_string_equal(r.text, "# t");
	assert_int_equal(r.size, 10);
	sw_readme_release(&r);
	/* no README */
	assert_int_equal(sw_store_put_readme(s, b, NULL, 0, 3000, &err), SW_OK);
	assert_int_equal(sw_store_get_readme(s, b, &r, &err), SW_OK);
	assert_null(r.text);
	assert_int_equal(r.len, 0);
	assert_int_equal(r.fetched_at, 3000);
	assert_int_equal(tu_sql_int(s, "SELECT COUNT(*) FROM readmes"), 2);
	free(big);
	sw_store_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(migrations_upgrade_old_db), cmocka_unit_test(module_migrations),
		cmocka_unit_test(migrations_at_open),        cmocka_unit_test(star_gain_rule),
		cmocka_unit_test(renames_keep_history),      cmocka_unit_test(classification_precedence),
		cmocka_unit_test(submissions),               cmocka_unit_test(list_query),
		cmocka_unit_test(readmes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
