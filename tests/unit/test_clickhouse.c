/* test_clickhouse.c: the clickhouse subsystem's text and URL rules, table
 * driven (no server needed; tests/scripts/clickhouse_*.sh run the rest
 * against real local servers). Exception texts are 18.16's own answers. */
#include <stdlib.h>
#include <string.h>

#include "clickhouse/clickhouse_int.h"
#include "testutil.h"

static void test_url(void **state)
{
	(void)state;
	static const struct {
		const char *url, *where; /* where NULL: refused with msg */
		const char *msg;
	} cases[] = {
		{"http://127.0.0.1:8123", "http://127.0.0.1:8123/stackwatch", NULL},
		{"http://127.0.0.1:8123/", "http://127.0.0.1:8123/stackwatch", NULL},
		{"http://h:1/gha_2024", "http://h:1/gha_2024", NULL},
		{"https://ch.example:8443/db/", "https://ch.example:8443/db", NULL},
		{"http://user:secret@h:1/db", NULL, "must not hold credentials"},
		{"http://h:1/db/x", NULL, "only a database may follow the port"},
		{"http://h:1/9db", NULL, "database names are letters, digits and _"},
		{"http://h:1/db?x=1", NULL, "database names are letters, digits and _"},
		{"http://h 1:2/db", NULL, "must look like http://HOST:PORT"},
		{"ftp://h:1/db", NULL, "must look like http://HOST:PORT"},
		{"h:8123", NULL, "must look like http://HOST:PORT"},
		{"http:///db", NULL, "must look like http://HOST:PORT"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct sw_ch c = {0};
		struct sw_error err = {0};
		sw_err e = ch_parse_url(&c, cases[i].url, &err);
		if (cases[i].where) {
			assert_int_equal(e, SW_OK);
			assert_string_equal(c.where, cases[i].where);
		} else {
			assert_int_equal(e, SW_EINVAL);
			assert_non_null(strstr(err.msg, cases[i].msg));
			assert_null(strstr(err.msg, "secret"));
		}
		free(c.base);
		free(c.db);
		free(c.where);
	}
}

static void test_exception_text(void **state)
{
	(void)state;
	static const struct {
		const char *body, *want;
	} cases[] = {
		{"Code: 170, e.displayText() = DB::Exception: Requested cluster 'nope' not found, e.what() = DB::Exception\n",
		 "Code 170: Requested cluster 'nope' not found"},
		{"Code: 193, e.displayText() = DB::Exception: Wrong password for user sw, e.what() = DB::Exception\n",
		 "Code 193: Wrong password for user sw"},
		{"Code: 62, e.displayText() = DB::Exception: Syntax error: failed at position 1:\nline two\r\n, e.what() = DB::Exception",
		 "Code 62: Syntax error: failed at position 1: line two"},
		{"plain\ttext\n", "plain text"},
		{"", ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char out[200];
		ch_exception_text(cases[i].body, strlen(cases[i].body), out, sizeof out);
		assert_string_equal(out, cases[i].want);
	}
	char tiny[8]; /* cut, never overrun */
	ch_exception_text(cases[0].body, strlen(cases[0].body), tiny, sizeof tiny);
	assert_string_equal(tiny, "Code 17");
}

static void test_tsv(void **state)
{
	(void)state;
	/* every byte from 1 to 255 survives escaping and reading back */
	char all[256];
	for (int i = 1; i < 256; i++)
		all[i - 1] = (char)i;
	all[255] = '\0';
	struct sw_buf b = SW_BUF_INIT;
	assert_int_equal(ch_tsv_str(&b, "a\tb\\c\nd\re", 9), SW_OK);
	assert_int_equal(sw_buf_puts(&b, "\t"), SW_OK);
	assert_int_equal(ch_tsv_str(&b, all, 255), SW_OK);
	assert_int_equal(sw_buf_putc(&b, '\0'), SW_OK);
	assert_memory_equal(b.data, "a\\tb\\\\c\\nd\\re\t", 14);
	char *f[4];
	assert_int_equal(ch_tsv_fields(b.data, f, 4), 2);
	ch_tsv_unescape(f[0]);
	ch_tsv_unescape(f[1]);
	assert_string_equal(f[0], "a\tb\\c\nd\re");
	assert_string_equal(f[1], all);
	sw_buf_release(&b);
	/* SQL literal: quotes and backslashes escaped */
	assert_int_equal(ch_sql_str(&b, "it's a \\ name", 13), SW_OK);
	assert_int_equal(sw_buf_putc(&b, '\0'), SW_OK);
	assert_string_equal(b.data, "'it\\'s a \\\\ name'");
	sw_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url),
		cmocka_unit_test(test_exception_text),
		cmocka_unit_test(test_tsv),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
