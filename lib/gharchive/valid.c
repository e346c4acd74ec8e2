/* valid.c: RFC 8259 validation of JSON values, every byte, for `scan
 * --strict`: the strict walk of json.c decodes the fields it needs and
 * hands every other value, and every string and number, to these.
 *
 * What is checked: the grammar of RFC 8259 sections 2-7 (structure,
 * ':' and ',' exactly where they belong, no trailing commas, whitespace
 * only space, tab, CR and LF, the three literals); numbers exactly as the
 * grammar says (no leading zero, digits after '.' and after the exponent;
 * their size is not limited); strings with no byte below 0x20, only the
 * escapes of section 7, well-formed UTF-8 (RFC 3629: no overlong forms,
 * no encoded surrogates, nothing above U+10FFFF; section 8.1 makes UTF-8
 * the encoding) and every escaped surrogate one half of a pair (section
 * 8.2 calls unpaired ones unpredictable; jansson and most decoders refuse
 * them). Duplicate keys are allowed (the RFC says SHOULD be unique).
 * Nesting deeper than GHA_JSON_MAX_DEPTH is refused. Strings are scanned
 * 16 bytes at a time: one compare finds quotes, backslashes, control
 * bytes and non-ASCII bytes together, so plain ASCII text costs little. */
#include <stddef.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "gharchive_int.h"

static inline const char *bad(const char **why, const char *what)
{
	*why = what;
	return NULL;
}

static inline const char *skip_ws(const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* At a backslash: one escape, a surrogate pair counting as one. */
static const char *escape(const char *p, const char *e, const char **why)
{
	if (e - p < 2)
		return bad(why, "unterminated string");
	switch (p[1]) {
	case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
		return p + 2;
	case 'u':
		break;
	default:
		return bad(why, "bad escape");
	}
	int u = e - p < 6 ? -1 : sw_parse_hex4(p + 2);
	if (u < 0)
		return bad(why, "bad \\u escape");
	p += 6;
	if (u >= 0xDC00 && u <= 0xDFFF)
		return bad(why, "unpaired surrogate escape");
	if (u >= 0xD800 && u <= 0xDBFF) {
		int lo = e - p < 6 || p[0] != '\\' || p[1] != 'u' ? -1 : sw_parse_hex4(p + 2);
		if (lo < 0xDC00 || lo > 0xDFFF)
			return bad(why, "unpaired surrogate escape");
		p += 6;
	}
	return p;
}

/* At a byte >= 0x80: one well-formed UTF-8 sequence (RFC 3629: no
 * overlong forms, no surrogates, nothing above U+10FFFF), as the core
 * decodes them. */
static const char *utf8(const char *p, const char *e, const char **why)
{
	uint32_t cp;
	size_t n = sw_utf8_decode(p, (size_t)(e - p), &cp);
	return n ? p + n : bad(why, "invalid UTF-8");
}

/* The next byte at or after p that is a quote, a backslash, below 0x20 or
 * above 0x7f; e when there is none. */
static inline const char *special(const char *p, const char *e)
{
#ifdef __SSE2__
	/* Signed: bytes >= 0x80 are negative, so "< 0x20" catches them too. */
	const __m128i dq = _mm_set1_epi8('"'), bs = _mm_set1_epi8('\\'), sp = _mm_set1_epi8(0x20);
	while (e - p >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
		__m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, dq), _mm_cmpeq_epi8(v, bs)),
					 _mm_cmplt_epi8(v, sp));
		unsigned bits = (unsigned)_mm_movemask_epi8(m);
		if (bits)
			return p + __builtin_ctz(bits);
		p += 16;
	}
#endif
	while (p < e && *p != '"' && *p != '\\' && (unsigned char)*p >= 0x20 && (unsigned char)*p < 0x80)
		p++;
	return p;
}

const char *gha_valid_string(const char *p, const char *e, const char **why)
{
	p++; /* the opening quote */
	for (;;) {
		p = special(p, e);
		if (p >= e)
			return bad(why, "unterminated string");
		unsigned char ch = (unsigned char)*p;
		if (ch == '"')
			return p + 1;
		if (ch == '\\')
			p = escape(p, e, why);
		else if (ch < 0x20)
			return bad(why, "control byte in a string");
		else
			p = utf8(p, e, why);
		if (!p)
			return NULL;
	}
}

static inline bool digit(const char *p, const char *e)
{
	return p < e && *p >= '0' && *p <= '9';
}

const char *gha_valid_number(const char *p, const char *e, const char **why)
{
	if (p < e && *p == '-')
		p++;
	if (p < e && *p == '0')
		p++;
	else if (digit(p, e))
		while (digit(p, e))
			p++;
	else
		return bad(why, "bad number");
	if (p < e && *p == '.') {
		if (!digit(++p, e))
			return bad(why, "bad number");
		while (digit(p, e))
			p++;
	}
	if (p < e && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < e && (*p == '+' || *p == '-'))
			p++;
		if (!digit(p, e))
			return bad(why, "bad number");
		while (digit(p, e))
			p++;
	}
	return p;
}

static const char *literal(const char *p, const char *e, const char *lit, ptrdiff_t n, const char **why)
{
	for (ptrdiff_t i = 0; i < n; i++)
		if (p + i >= e || p[i] != lit[i])
			return bad(why, "bad literal");
	return p + n;
}

/* An object or array at level depth: members until the closing bracket. */
static const char *container(const char *p, const char *e, int depth, const char **why)
{
	if (depth > GHA_JSON_MAX_DEPTH)
		return bad(why, "nesting too deep");
	bool obj = *p == '{';
	char close = obj ? '}' : ']';
	p = skip_ws(p + 1, e);
	if (p < e && *p == close)
		return p + 1;
	for (;;) {
		if (obj) {
			if (p >= e || *p != '"')
				return bad(why, p >= e ? "truncated object" : "expected a key");
			if (!(p = gha_valid_string(p, e, why)))
				return NULL;
			p = skip_ws(p, e);
			if (p >= e || *p != ':')
				return bad(why, "expected ':'");
			p = skip_ws(p + 1, e);
		}
		if (!(p = gha_valid_value(p, e, depth, why)))
			return NULL;
		p = skip_ws(p, e);
		if (p < e && *p == ',') {
			p = skip_ws(p + 1, e);
			continue;
		}
		if (p < e && *p == close)
			return p + 1;
		if (p >= e)
			return bad(why, obj ? "truncated object" : "truncated array");
		return bad(why, obj ? "expected ',' or '}'" : "expected ',' or ']'");
	}
}

const char *gha_valid_value(const char *p, const char *e, int depth, const char **why)
{
	if (p >= e)
		return bad(why, "missing value");
	switch (*p) {
	case '"': return gha_valid_string(p, e, why);
	case '{': case '[': return container(p, e, depth + 1, why);
	case 't': return literal(p, e, "true", 4, why);
	case 'f': return literal(p, e, "false", 5, why);
	case 'n': return literal(p, e, "null", 4, why);
	default: return gha_valid_number(p, e, why);
	}
}
