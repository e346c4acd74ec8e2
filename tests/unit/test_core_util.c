/* test_core_util.c: buffers (cap, escaping), UTF-8, dates, CSV parser, tables. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stackwatch/core.h"

static void buffer_cap_and_escapes(void **state)
{
	(void)state;
	struct sw_buf b;
	sw_buf_init(&b, 8);
	assert_int_equal(sw_buf_puts(&b, "12345678"), SW_OK);
	assert_int_equal(sw_buf_putc(&b, '9'), SW_ENOMEM); /* cap reached, content kept */
	assert_string_equal(b.data, "12345678");
	sw_buf_release(&b);
	sw_buf_release(NULL);

	struct sw_buf h = SW_BUF_INIT;
	assert_int_equal(sw_buf_html(&h, "<a href=\"x\">Tom & 'Jerry'</a> 中文 🚀"), SW_OK);
	assert_string_equal(h.data, "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt; 中文 🚀");
	sw_buf_release(&h);
	struct sw_buf j = SW_BUF_INIT;
	assert_int_equal(sw_buf_json_str(&j, "a\"b\\c\nd\x01</script>"), SW_OK);
	assert_string_equal(j.data, "a\\\"b\\\\c\\nd\\u0001\\u003c/script\\u003e");
	sw_buf_release(&j);
	struct sw_buf c = SW_BUF_INIT;
	assert_int_equal(sw_buf_csv_field(&c, "plain"), SW_OK);
	assert_int_equal(sw_buf_putc(&c, ','), SW_OK);
	assert_int_equal(sw_buf_csv_field(&c, "a, \"b\"\nc"), SW_OK);
	assert_string_equal(c.data, "plain,\"a, \"\"b\"\"\nc\"");
	sw_buf_release(&c);
}

static void array_grow(void **state)
{
	(void)state;
	int *v = NULL;
	size_t alloc = 0;
	for (size_t n = 0; n < 1000; n++) {
		if (n == alloc)
			assert_true(sw_array_grow(&v, &alloc, n + 1, sizeof *v));
		v[n] = (int)n;
	}
	assert_int_equal(alloc, 1024); /* 16 doubled six times */
	assert_int_equal(v[999], 999);
	assert_true(sw_array_grow(&v, &alloc, 10, sizeof *v)); /* enough room: unchanged */
	assert_int_equal(alloc, 1024);
	/* An impossible size fails and leaves the array as it was. */
	assert_false(sw_array_grow(&v, &alloc, SIZE_MAX / 2, sizeof *v));
	assert_int_equal(alloc, 1024);
	assert_int_equal(v[500], 500);
	free(v);
}

static void utf8_and_text(void **state)
{
	(void)state;
	const char ok[] = "abc 中文 🚀";
	assert_int_equal(sw_utf8_valid_prefix(ok, strlen(ok)), strlen(ok));
	assert_int_equal(sw_utf8_valid_prefix("ab\xc0\xafz", 5), 2);      /* overlong */
	assert_int_equal(sw_utf8_valid_prefix("ab\xed\xa0\x80", 5), 2);   /* surrogate */
	assert_int_equal(sw_utf8_valid_prefix("ab\xf4\x90\x80\x80", 6), 2); /* > U+10FFFF */
	assert_int_equal(sw_utf8_valid_prefix("ab\xe4\xb8", 4), 2);       /* truncated */
	assert_true(sw_utf8_has_cjk("下一代 AI"));
	assert_false(sw_utf8_has_cjk("ひらがな カタカナ"));
	assert_false(sw_utf8_has_cjk("🚀 Next Generation"));
	assert_false(sw_utf8_has_cjk(NULL));
	assert_true(sw_repo_name_valid("jmorganca/ollama"));
	assert_true(sw_repo_name_valid("a.b-c_d/e.f"));
	assert_false(sw_repo_name_valid("noslash"));
	assert_false(sw_repo_name_valid("a/b/c"));
	assert_false(sw_repo_name_valid("../etc"));
	assert_false(sw_repo_name_valid("a/<script>"));
	assert_false(sw_repo_name_valid("/x"));
	assert_int_equal(sw_utf8_width("ab中文🚀"), 8);
	int64_t v;
	assert_true(sw_parse_i64("-12", &v) && v == -12);
	assert_false(sw_parse_i64("12a", &v));
	assert_false(sw_parse_i64(" 1", &v));
	assert_false(sw_parse_i64("99999999999999999999", &v));
}

static void dates(void **state)
{
	(void)state;
	int64_t t;
	assert_true(sw_time_parse("1970-01-01", &t) && t == 0);
	/* date -u -d 2024-11-05 +%s = 1730764800 */
	assert_true(sw_time_parse("2024-11-05", &t) && t == 1730764800);
	assert_true(sw_time_parse("2024-11-05T01:02:03Z", &t) && t == 1730764800 + 3723);
	/* as of a date: the end of that day; a time stays as given */
	assert_true(sw_time_parse_as_of("2024-11-05", &t) && t == 1730764800 + 86399);
	assert_true(sw_time_parse_as_of("2024-11-05T01:02:03Z", &t) && t == 1730764800 + 3723);
	assert_false(sw_time_parse_as_of("2024-11-5", &t));
	assert_true(sw_time_parse("2024-02-29 00:00:00", &t));
	assert_false(sw_time_parse("2023-02-29", &t));
	assert_false(sw_time_parse("2024-13-01", &t));
	assert_false(sw_time_parse("2024-11-05x", &t));
	assert_true(sw_time_parse("1000-01-01", &t) && t < 0);
	char out[32];
	sw_time_format(1730764800 + 3723, out);
	assert_string_equal(out, "2024-11-05T01:02:03Z");
	sw_time_format_date(-1, out);
	assert_string_equal(out, "1969-12-31");
	int64_t d;
	assert_true(sw_time_parse_duration("6h", &d) && d == 21600);
	assert_true(sw_time_parse_duration("1d", &d) && d == 86400);
	assert_false(sw_time_parse_duration("6x", &d));
	assert_false(sw_time_parse_duration("-1h", &d));
	/* civil <-> days round trip over four centuries */
	for (int64_t z = -200000; z < 200000; z += 37) {
		int y;
		unsigned m, dd;
		sw_time_civil_from_days(z, &y, &m, &dd);
		assert_int_equal(sw_time_days_from_civil(y, m, dd), z);
	}
}

static void csv_parser(void **state)
{
	(void)state;
	const char *text = "\xEF\xBB\xBF" "a,b,c\r\n\"x,1\",\"he said \"\"hi\"\"\",\"multi\nline\"\n\n,,\nlast,row,";
	struct sw_csv p;
	struct sw_error err;
	bool done;
	sw_csv_init(&p, "t.csv", text, strlen(text));
	assert_int_equal(sw_csv_next(&p, &done, &err), SW_OK);
	assert_int_equal(p.nfields, 3);
	assert_string_equal(p.fields[0].s, "a");
	assert_int_equal(sw_csv_next(&p, &done, &err), SW_OK);
	assert_string_equal(p.fields[0].s, "x,1");
	assert_string_equal(p.fields[1].s, "he said \"hi\"");
	assert_string_equal(p.fields[2].s, "multi\nline");
	assert_int_equal(p.fields[2].line, 2);
	assert_int_equal(p.fields[2].col, 24);
	assert_int_equal(sw_csv_next(&p, &done, &err), SW_OK);
	assert_int_equal(p.nfields, 3);
	assert_int_equal(p.row_line, 5);
	assert_string_equal(p.fields[1].s, "");
	assert_int_equal(sw_csv_next(&p, &done, &err), SW_OK);
	assert_int_equal(p.nfields, 3);
	assert_string_equal(p.fields[2].s, "");
	assert_int_equal(sw_csv_next(&p, &done, &err), SW_OK);
	assert_true(done);
	sw_csv_release(&p);

	sw_csv_init(&p, "bad.csv", "a\n\"oops", 7);
	assert_int_equal(sw_csv_next(&p, &done, &err), SW_OK);
	assert_int_equal(sw_csv_next(&p, &done, &err), SW_EPARSE);
	assert_string_equal(err.msg, "bad.csv:2:1: quoted field never closed (missing '\"')");
	sw_csv_release(&p);
	sw_csv_init(&p, "bad.csv", "ab\"c\n", 5);
	assert_int_equal(sw_csv_next(&p, &done, &err), SW_EPARSE);
	assert_string_equal(err.msg, "bad.csv:1:3: quote inside an unquoted field");
	sw_csv_release(&p);
	sw_csv_init(&p, "bad.csv", "\"a\"b\n", 5);
	assert_int_equal(sw_csv_next(&p, &done, &err), SW_EPARSE);
	assert_string_equal(err.msg, "bad.csv:1:4: unexpected character after closing quote");
	sw_csv_release(&p);
}

static void tables(void **state)
{
	(void)state;
	const char *h[] = {"name", "n", "share"};
	struct sw_table *t = sw_table_new("demo", "Demo", 3, h);
	assert_non_null(t);
	assert_int_equal(sw_table_add_row(t), SW_OK);
	assert_int_equal(sw_table_str(t, 0, "a|<b>,\"c\""), SW_OK);
	assert_int_equal(sw_table_int(t, 1, 42), SW_OK);
	assert_int_equal(sw_table_num(t, 2, 0.23456, 2), SW_OK);
	assert_int_equal(sw_table_add_row(t), SW_OK);
	assert_int_equal(sw_table_str(t, 0, "中文"), SW_OK);
	assert_int_equal(sw_table_numtext(t, 1, 100, "100+"), SW_OK);
	/* share left null */
	struct sw_buf b = SW_BUF_INIT;
	assert_int_equal(sw_table_render(t, SW_FMT_CSV, 0, &b), SW_OK);
	assert_string_equal(b.data, "name,n,share\n\"a|<b>,\"\"c\"\"\",42,0.23456\n中文,100+,\n");
	sw_buf_reset(&b);
	assert_int_equal(sw_table_render(t, SW_FMT_JSON, 0, &b), SW_OK);
	assert_string_equal(b.data, "[\n {\"name\": \"a|\\u003cb\\u003e,\\\"c\\\"\", \"n\": 42, \"share\": 0.23456},\n"
				    " {\"name\": \"中文\", \"n\": \"100+\", \"share\": null}\n]");
	sw_buf_reset(&b);
	assert_int_equal(sw_table_render(t, SW_FMT_MD, 0, &b), SW_OK);
	assert_non_null(strstr(b.data, "| a\\|<b>,\"c\" | 42 | 0.23 |"));
	sw_buf_reset(&b);
	assert_int_equal(sw_table_render(t, SW_FMT_HTML, 0, &b), SW_OK);
	assert_non_null(strstr(b.data, "<td>a|&lt;b&gt;,&quot;c&quot;</td>"));
	assert_null(strstr(b.data, "<b>"));
	sw_buf_reset(&b);
	assert_int_equal(sw_table_render(t, SW_FMT_TABLE, 0, &b), SW_OK);
	/* numbers right-aligned; the CJK name takes 4 cells */
	assert_non_null(strstr(b.data, "中文       100+"));
	sw_buf_release(&b);
	const char *pick[] = {"share", "name", "nope"};
	struct sw_table *s = sw_table_select(t, pick, 3);
	assert_int_equal(sw_table_cols(s), 2);
	assert_string_equal(sw_table_cell_text(s, 0, 1), "a|<b>,\"c\"");
	assert_true(fabs(sw_table_cell_num(s, 0, 0) - 0.23456) < 1e-12);
	assert_true(isnan(sw_table_cell_num(s, 1, 0)));
	sw_table_free(s);
	sw_table_free(t);
	sw_table_free(NULL);
	enum sw_fmt f;
	assert_true(sw_fmt_parse("json", &f) && f == SW_FMT_JSON);
	assert_false(sw_fmt_parse("xml", &f));
}

/* Numbers for people: grouped when plain and 4+ digits, else left alone. */
static void number_groups(void **state)
{
	(void)state;
	char out[48];
	assert_true(sw_fmt_group("1473929", out, sizeof out));
	assert_string_equal(out, "1,473,929");
	assert_true(sw_fmt_group("-12345.6", out, sizeof out));
	assert_string_equal(out, "-12,345.6");
	assert_true(sw_fmt_group("1000", out, sizeof out));
	assert_string_equal(out, "1,000");
	assert_false(sw_fmt_group("999", out, sizeof out));
	assert_false(sw_fmt_group("100+", out, sizeof out));
	assert_false(sw_fmt_group("2024-11-05", out, sizeof out));
	assert_false(sw_fmt_group("1234567", out, 6)); /* does not fit */
	sw_fmt_thousands(-176071, out);
	assert_string_equal(out, "-176,071");
}

/* A text table fits the width: columns without data go, then the ones
 * the table names, then from the right; the last text column wraps; a
 * note says what is not shown. CSV keeps everything, ungrouped. */
static void table_fits_width(void **state)
{
	(void)state;
	static const char *const h[] = {"repo", "id", "stars", "empty", "extra", "why"};
	struct sw_table *t = sw_table_new("t", "T", 6, h);
	assert_int_equal(sw_table_add_row(t), SW_OK);
	assert_int_equal(sw_table_str(t, 0, "owner/a-rather-long-repo"), SW_OK);
	assert_int_equal(sw_table_int(t, 1, 123456), SW_OK);
	assert_int_equal(sw_table_int(t, 2, 98765), SW_OK);
	assert_int_equal(sw_table_str(t, 4, "xxxxxxxxxxxxxxxxxxxx"), SW_OK);
	assert_int_equal(sw_table_str(t, 5, "a reason long enough that it has to wrap onto a second line at forty"), SW_OK);
	static const char *const drop[] = {"extra"};
	assert_int_equal(sw_table_drop_order(t, drop, 1), SW_OK);
	struct sw_buf b = SW_BUF_INIT;
	sw_table_set_width(80);
	assert_int_equal(sw_table_render(t, SW_FMT_TABLE, 0, &b), SW_OK);
	sw_table_set_width(SW_TEXT_WIDTH_DEFAULT);
	for (const char *p = b.data; *p;) { /* every line fits */
		size_t n = strcspn(p, "\n");
		char line[256];
		snprintf(line, sizeof line, "%.*s", (int)n, p);
		if (sw_utf8_width(line) > 80)
			fail_msg("line over 80 columns: %s", line);
		p += n + (p[n] == '\n');
	}
	assert_non_null(strstr(b.data, "123456"));   /* an id is not grouped */
	assert_non_null(strstr(b.data, "98,765"));   /* a count is */
	assert_null(strstr(b.data, "xxxx"));         /* named to go first */
	assert_non_null(strstr(b.data, "wrap onto")); /* wrapped, not cut */
	assert_non_null(strstr(b.data, "note: not shown, no data: empty."));
	assert_non_null(strstr(b.data, "note: not shown, to fit 80 columns: extra (csv"));
	sw_buf_reset(&b);
	assert_int_equal(sw_table_render(t, SW_FMT_CSV, 0, &b), SW_OK);
	assert_non_null(strstr(b.data, "owner/a-rather-long-repo,123456,98765,,xxxxxxxxxxxxxxxxxxxx,"));
	sw_buf_release(&b);
	sw_table_free(t);
}

/* What people paste for a repo: the name, or a GitHub URL of it or of a page in it. */
static void repo_names_from_urls(void **state)
{
	(void)state;
	char out[256];
	assert_true(sw_repo_name_parse(" ggerganov/llama.cpp ", out));
	assert_string_equal(out, "ggerganov/llama.cpp");
	assert_true(sw_repo_name_parse("https://github.com/ggerganov/llama.cpp.git", out));
	assert_string_equal(out, "ggerganov/llama.cpp");
	assert_true(sw_repo_name_parse("HTTP://GitHub.com/o/r/tree/main/docs?x=1#y", out));
	assert_string_equal(out, "o/r");
	assert_true(sw_repo_name_parse("www.github.com/o/r/", out));
	assert_string_equal(out, "o/r");
	assert_false(sw_repo_name_parse("https://github.com/o", out));
	assert_false(sw_repo_name_parse("https://gitlab.com/o/r", out));
	assert_false(sw_repo_name_parse(NULL, out));
}

/* One repo's trend: the snapshot to compare with, or why there is none. */
static void trend_baseline(void **state)
{
	(void)state;
	const int64_t D = 86400;
	struct sw_snapshot sn[4] = {SW_SNAPSHOT_UNKNOWN_INIT, SW_SNAPSHOT_UNKNOWN_INIT, SW_SNAPSHOT_UNKNOWN_INIT,
				    SW_SNAPSHOT_UNKNOWN_INIT};
	int64_t days[4] = {0, 20, 33, 36}, stars[4] = {10, 20, 30, 40};
	for (int i = 0; i < 4; i++) {
		sn[i].taken_at = 1700000000 + days[i] * D;
		sn[i].stars = stars[i];
	}
	char why[96];
	struct sw_snapshot_list one = {&sn[3], 1}, close = {&sn[2], 2}, all = {sn, 4};
	assert_null(sw_snapshot_baseline(&one, 30 * D, 7 * D, why));
	assert_string_equal(why, "one snapshot so far: no trend yet");
	assert_null(sw_snapshot_baseline(&close, 30 * D, 7 * D, why)); /* 3 days apart */
	assert_non_null(strstr(why, "under 7 days, no trend yet"));
	/* 36 and 16 days back: 36 is nearest to 30 */
	assert_ptr_equal(sw_snapshot_baseline(&all, 30 * D, 7 * D, why), &sn[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(buffer_cap_and_escapes), cmocka_unit_test(array_grow), cmocka_unit_test(utf8_and_text), cmocka_unit_test(dates),
		cmocka_unit_test(csv_parser), cmocka_unit_test(tables), cmocka_unit_test(number_groups),
		cmocka_unit_test(table_fits_width), cmocka_unit_test(repo_names_from_urls), cmocka_unit_test(trend_baseline),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
