/* fuzz_clickhouse_text.c: libFuzzer target for the text spoken with
 * ClickHouse (lib/clickhouse/text.c, handle.c): the first byte picks a
 * parser, the rest is its input.
 *   0: a field escaped by ch_tsv_str holds no raw TAB or newline, stays one
 *      field, and ch_tsv_unescape gives it back (up to its first NUL);
 *   1: an answer split into lines and fields, each unescaped, in bounds;
 *   2: an exception's text is one printable line within its buffer;
 *   3: a URL either fails with a message or gives a database of letters,
 *      digits and _ and a `where` with no credentials or spaces;
 *   4: a SQL literal from ch_sql_str is quoted with no bare quote inside. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "clickhouse/clickhouse_int.h"

static void roundtrip(const char *s, size_t n)
{
	n = strnlen(s, n);
	struct sw_buf b = SW_BUF_INIT;
	if (ch_tsv_str(&b, s, n) || sw_buf_putc(&b, '\0')) {
		sw_buf_release(&b);
		return;
	}
	if (strchr(b.data, '\t') || strchr(b.data, '\n'))
		abort();
	char *f[4];
	if (ch_tsv_fields(b.data, f, 4) != 1)
		abort();
	ch_tsv_unescape(f[0]);
	if (strlen(f[0]) != n || memcmp(f[0], s, n))
		abort();
	sw_buf_release(&b);
}

static void answer(char *s)
{
	char *f[16];
	for (char *line = s, *nl; line && *line; line = nl ? nl + 1 : NULL) {
		if ((nl = strchr(line, '\n')))
			*nl = '\0';
		size_t n = ch_tsv_fields(line, f, 16);
		if (n < 1 || n > 16)
			abort();
		for (size_t i = 0; i < n; i++)
			ch_tsv_unescape(f[i]);
	}
}

static void exception(const char *s, size_t n)
{
	char out[96];
	memset(out, 'x', sizeof out);
	ch_exception_text(s, n, out, sizeof out);
	size_t l = strnlen(out, sizeof out);
	if (l == sizeof out)
		abort();
	for (size_t i = 0; i < l; i++)
		if ((unsigned char)out[i] < 0x20)
			abort();
}

static void url(const char *s)
{
	struct sw_ch c = {0};
	struct sw_error err = {0};
	if (ch_parse_url(&c, s, &err)) {
		if (!err.msg[0])
			abort();
	} else {
		if (strchr(c.where, '@') || strchr(c.where, ' ') || !c.db[0])
			abort();
		for (const char *p = c.db; *p; p++)
			if (!isalnum((unsigned char)*p) && *p != '_')
				abort();
	}
	free(c.base);
	free(c.db);
	free(c.where);
}

static void literal(const char *s, size_t n)
{
	struct sw_buf b = SW_BUF_INIT;
	if (!ch_sql_str(&b, s, n)) {
		if (b.len < 2 || b.data[0] != '\'' || b.data[b.len - 1] != '\'')
			abort();
		for (size_t i = 1; i + 1 < b.len; i++) {
			if (b.data[i] == '\\')
				i++; /* the escaped byte */
			else if (b.data[i] == '\'')
				abort();
		}
	}
	sw_buf_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t n = size - 1;
	char *s = malloc(n + 1); /* exact size + NUL: ASan sees any overread */
	if (!s)
		return 0;
	memcpy(s, data + 1, n);
	s[n] = '\0';
	switch (data[0] % 5) {
	case 0: roundtrip(s, n); break;
	case 1: answer(s); break;
	case 2: exception(s, n); break;
	case 3: url(s); break;
	default: literal(s, n); break;
	}
	free(s);
	return 0;
}
