/* test_github.c: the GitHub client's pure parts: Link header parsing (on the
 * recorded real exchanges in shared/data/github-api), backoff, token files,
 * and the owner location gazetteer. Network behaviour is tested against the
 * fake server in tests/scripts/github_*.sh. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "stackwatch/github.h"
#include "testutil.h"

/* Each recorded page's Link rel="next" must be the next recorded request,
 * and rel="last" the page count (5) where GitHub sent it. */
static void link_on_recorded_pagination(void **state)
{
	(void)state;
	char *path = tu_shared("github-api/paginate-issues.json");
	json_error_t je;
	json_t *a = json_load_file(path, 0, &je);
	free(path);
	assert_non_null(a);
	size_t n = json_array_size(a), with_next = 0;
	assert_int_equal(n, 5);
	for (size_t i = 0; i < n; i++) {
		json_t *x = json_array_get(a, i);
		const char *link = json_string_value(json_object_get(json_object_get(x, "headers"), "link"));
		struct sw_github_links l;
		assert_int_equal(sw_github_parse_link(link, &l), SW_OK);
		if (i + 1 < n) {
			const char *want = json_string_value(json_object_get(json_array_get(a, i + 1), "path"));
			assert_non_null(l.next);
			assert_string_equal(l.next + strlen("https://api.github.com"), want);
			assert_int_equal(l.last_page, 5);
			with_next++;
		} else {
			assert_null(l.next); /* the last page has prev/first only */
			assert_int_equal(l.last_page, -1);
		}
		sw_github_links_release(&l);
	}
	assert_int_equal(with_next, 4);
	json_decref(a);
}

static void link_edge_cases(void **state)
{
	(void)state;
	struct sw_github_links l;
	assert_int_equal(sw_github_parse_link(NULL, &l), SW_OK);
	assert_null(l.next);
	assert_int_equal(sw_github_parse_link("", &l), SW_OK);
	assert_null(l.next);
	/* unquoted rel, extra params, odd spacing, relation lists */
	assert_int_equal(sw_github_parse_link("<http://x/a?page=2>;rel=next ,<http://x/a?per_page=3&page=17>; title=\"a,b\"; rel=\"prev last\"", &l), SW_OK);
	assert_string_equal(l.next, "http://x/a?page=2");
	assert_string_equal(l.last, "http://x/a?per_page=3&page=17");
	assert_int_equal(l.last_page, 17);
	sw_github_links_release(&l);
	/* both relations on one link */
	assert_int_equal(sw_github_parse_link("<http://x/?page=9>; rel=\"next last\"", &l), SW_OK);
	assert_string_equal(l.next, "http://x/?page=9");
	assert_string_equal(l.last, "http://x/?page=9");
	assert_int_equal(l.last_page, 9);
	sw_github_links_release(&l);
	/* garbage: no crash, nothing found */
	assert_int_equal(sw_github_parse_link("<unterminated; rel=\"next\"", &l), SW_OK);
	assert_null(l.next);
	assert_int_equal(sw_github_parse_link("rel=\"next\", , ,<>; rel=last", &l), SW_OK);
	assert_null(l.next);
	assert_non_null(l.last);
	assert_int_equal(l.last_page, -1); /* empty URL has no page */
	sw_github_links_release(&l);
	/* page=abc and pages= are not page numbers */
	assert_int_equal(sw_github_parse_link("<http://x/?pages=4&page=abc>; rel=\"last\"", &l), SW_OK);
	assert_int_equal(l.last_page, -1);
	sw_github_links_release(&l);
}

static void backoff(void **state)
{
	(void)state;
	/* 100, 200, 400, 800, then capped at 1000 */
	assert_int_equal(sw_github_backoff_ms(0, 100, 1000), 100);
	assert_int_equal(sw_github_backoff_ms(1, 100, 1000), 200);
	assert_int_equal(sw_github_backoff_ms(3, 100, 1000), 800);
	assert_int_equal(sw_github_backoff_ms(4, 100, 1000), 1000);
	assert_int_equal(sw_github_backoff_ms(60, 100, 1000), 1000);
	assert_int_equal(sw_github_backoff_ms(-1, 100, 1000), 100);
	assert_int_equal(sw_github_backoff_ms(40, 1000, 60000), 60000); /* no overflow */
}

static void token_file(void **state)
{
	(void)state;
	struct sw_error err = {0};
	char *tok = NULL;
	const char *secret = "ghp_unitTESTsecret42";
	char *p = tu_write("tok", "  ghp_unitTESTsecret42 \n");
	chmod(p, 0644);
	assert_int_equal(sw_github_token_file(p, &tok, &err), SW_EAUTH);
	assert_null(tok);
	assert_non_null(strstr(err.msg, "chmod 600"));
	assert_null(strstr(err.msg, secret));
	chmod(p, 0600);
	assert_int_equal(sw_github_token_file(p, &tok, &err), SW_OK);
	assert_string_equal(tok, secret);
	free(tok);
	free(p);
	p = tu_write("tok2", "\n");
	chmod(p, 0600);
	assert_int_equal(sw_github_token_file(p, &tok, &err), SW_EAUTH);
	free(p);
	p = tu_write("tok3", "two words\n");
	chmod(p, 0600);
	assert_int_equal(sw_github_token_file(p, &tok, &err), SW_EAUTH);
	assert_null(strstr(err.msg, "two words"));
	free(p);
	p = tu_path("missing");
	assert_int_equal(sw_github_token_file(p, &tok, &err), SW_EAUTH);
	free(p);
	/* a client refuses tokens with control characters, without echoing them */
	struct sw_github *gh = NULL;
	struct sw_github_opts o = {.api_url = "http://127.0.0.1:1", .token = "abc\r\nX-Evil: 1"};
	assert_int_equal(sw_github_open(&o, &gh, &err), SW_EAUTH);
	assert_null(strstr(err.msg, "Evil"));
	o.token = "fine";
	o.api_url = "ftp://x";
	assert_int_equal(sw_github_open(&o, &gh, &err), SW_EINVAL);
}

static void gazetteer(void **state)
{
	(void)state;
	static const struct { const char *loc, *country; } cases[] = {
		{"San Francisco, CA", "United States"},
		{"Hangzhou, China", "China"},
		{"beijing", "China"},
		{"北京市海淀区", "China"},
		{"東京", "Japan"},
		{"London", "United Kingdom"},
		{"Cambridge, UK", "United Kingdom"},
		{"Paris, Texas, USA", "United States"},   /* the last-named place wins */
		{"Sydney, Nova Scotia, Canada", "Canada"},
		{"Zürich", "Switzerland"},
		{"BERLIN / Remote", "Germany"},
		{"New York City", "United States"},
		{"Remote", NULL},
		{"the internet", NULL},
		{"Parisian", NULL},                       /* whole words only */
		{"usable", NULL},
		{"", NULL},
		{"   ,, ;", NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *got = sw_github_country(cases[i].loc);
		if (cases[i].country) {
			assert_non_null(got);
			assert_string_equal(got, cases[i].country);
		} else if (got)
			fail_msg("'%s' -> '%s', want unknown", cases[i].loc, got);
	}
	assert_null(sw_github_country(NULL));
	/* interned: the same pointer each time */
	assert_ptr_equal(sw_github_country("Berlin"), sw_github_country("Munich"));
	/* a custom table */
	const char tsv[] = "# c\nfoo bar\tFooland\nbar\tBarland\n";
	char out[16];
	assert_int_equal(sw_github_gazetteer_match(tsv, sizeof tsv - 1, "x foo bar", out, sizeof out), 1);
	assert_string_equal(out, "Fooland"); /* same end: longest wins */
	assert_int_equal(sw_github_gazetteer_match(tsv, sizeof tsv - 1, "foo", out, sizeof out), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(link_on_recorded_pagination),
		cmocka_unit_test(link_edge_cases),
		cmocka_unit_test(backoff),
		cmocka_unit_test(token_file),
		cmocka_unit_test(gazetteer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
