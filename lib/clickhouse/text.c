/* text.c: the text spoken with ClickHouse: TSV fields sent (escaped) and
 * read back (split and unescaped in place), SQL string literals, and an
 * exception's text made one line. Pure functions on bytes, fuzzed by
 * fuzz/fuzz_clickhouse_text.c. */
#include <stdio.h>
#include <string.h>

#include "clickhouse_int.h"

sw_err ch_tsv_str(struct sw_buf *b, const char *s, size_t n)
{
	sw_err e = SW_OK;
	for (size_t i = 0; !e && i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		static const char esc[] = {['\t'] = 't', ['\n'] = 'n', ['\r'] = 'r', ['\\'] = '\\', ['\b'] = 'b',
					   ['\f'] = 'f', [0] = '0'};
		if (c < sizeof esc && (esc[c] || c == 0)) {
			char two[2] = {'\\', esc[c]};
			e = sw_buf_append(b, two, 2);
		} else
			e = sw_buf_putc(b, (char)c);
	}
	return e;
}

sw_err ch_sql_str(struct sw_buf *b, const char *s, size_t n)
{
	sw_err e = sw_buf_putc(b, '\'');
	for (size_t i = 0; !e && i < n; i++) {
		if (s[i] == '\'' || s[i] == '\\')
			e = sw_buf_putc(b, '\\');
		if (!e)
			e = sw_buf_putc(b, s[i]);
	}
	return e ? e : sw_buf_putc(b, '\'');
}

size_t ch_tsv_fields(char *line, char **f, size_t max)
{
	size_t n = 0;
	for (char *p = line; n < max;) {
		f[n++] = p;
		char *tab = strchr(p, '\t');
		if (!tab)
			break;
		*tab = '\0';
		p = tab + 1;
	}
	return n;
}

void ch_tsv_unescape(char *s)
{
	char *o = s;
	for (char *p = s; *p; p++) {
		if (*p != '\\' || !p[1]) {
			*o++ = *p;
			continue;
		}
		switch (*++p) {
		case 't': *o++ = '\t'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case '0': *o++ = '\0'; break;
		default: *o++ = *p; break;
		}
	}
	*o = '\0';
}

void ch_exception_text(const char *body, size_t n, char *out, size_t cap)
{
	char line[600];
	size_t l = n < sizeof line - 1 ? n : sizeof line - 1;
	memcpy(line, body ? body : "", l);
	line[l] = '\0';
	for (char *p = line; *p; p++)
		if (*p == '\n' || *p == '\r' || (unsigned char)*p < 0x20)
			*p = ' ';
	int code = 0;
	const char *msg = line, *m;
	if (sscanf(line, "Code: %d", &code) == 1 && (m = strstr(line, "DB::Exception: ")))
		msg = m + strlen("DB::Exception: ");
	char *cut = strstr(msg, ", e.what()");
	if (cut)
		*cut = '\0';
	if (code)
		snprintf(out, cap, "Code %d: %s", code, msg);
	else
		snprintf(out, cap, "%s", msg);
	size_t ol = strlen(out);
	while (ol && out[ol - 1] == ' ')
		out[--ol] = '\0';
}
