/* jsonline.c: the usual line of a README file read in one pass without
 * building a JSON tree: an object whose members are strings, null or small
 * integers, with distinct plain keys, "repo" a string and "readme" a string
 * or null. It accepts only lines a full JSON
 * parser accepts, and gives the same values; any other line (escaped keys,
 * nested values, floats, an error of any kind) is left to readmes.c's JSON
 * library, which also words the errors. */
#include "classify_int.h"

#include <string.h>

#define MAX_KEYS 16

/* The line being read. */
struct cursor {
	const char *p, *end;
	struct sw_buf *out; /* the decoded readme, up to `keep` bytes */
	size_t keep;
};

static void skip_ws(struct cursor *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
		c->p++;
}

/* A \u escape at c->p (after the backslash and 'u'), a surrogate pair as one
 * code point; false if malformed. */
static bool unicode_escape(struct cursor *c, uint32_t *cp)
{
	int hi = c->end - c->p >= 4 ? sw_parse_hex4(c->p) : -1;
	if (hi < 0 || (hi >= 0xDC00 && hi <= 0xDFFF))
		return false;
	c->p += 4;
	*cp = (uint32_t)hi;
	if (hi < 0xD800 || hi > 0xDBFF)
		return true;
	int lo = c->end - c->p >= 6 && c->p[0] == '\\' && c->p[1] == 'u' ? sw_parse_hex4(c->p + 2) : -1;
	if (lo < 0xDC00 || lo > 0xDFFF)
		return false;
	c->p += 6;
	*cp = 0x10000 + (((uint32_t)hi - 0xD800) << 10) + ((uint32_t)lo - 0xDC00);
	return true;
}

/* Append code point cp as UTF-8 while under the budget. */
static bool put_cp(struct cursor *c, uint32_t cp)
{
	if (!c->out || c->out->len >= c->keep)
		return true;
	char u[4];
	size_t k = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
	if (k == 1)
		u[0] = (char)cp;
	else {
		for (size_t i = k - 1; i > 0; i--, cp >>= 6)
			u[i] = (char)(0x80 | (cp & 0x3f));
		u[0] = (char)((0xF00 >> k) | cp);
	}
	return !sw_buf_append(c->out, u, k);
}

/* One escape after the backslash. */
static bool escape(struct cursor *c)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	if (c->p >= c->end)
		return false;
	const char *e = strchr(from, *c->p);
	if (*c->p == 'u') {
		uint32_t cp;
		c->p++;
		return unicode_escape(c, &cp) && put_cp(c, cp);
	}
	if (!e || !*c->p)
		return false;
	c->p++;
	return put_cp(c, (unsigned char)to[e - from]);
}

/* Whether none of the 8 bytes of x is a control character, a quote, a
 * backslash or non-ASCII (the bytes copied as they are). */
static bool plain8(uint64_t x)
{
	const uint64_t lo = 0x0101010101010101ULL, hi = 0x8080808080808080ULL;
	if (x & hi)
		return false;
	/* all bytes < 0x80 now, so a borrow marks a byte below the bound */
	return !(((x - lo * 0x20) | ((x ^ lo * '"') - lo) | ((x ^ lo * '\\') - lo)) & hi);
}

/* The plain ASCII bytes from c->p on, eight at a time then one by one. */
static void skip_plain(struct cursor *c)
{
	uint64_t x;
	while (c->end - c->p >= 8 && (memcpy(&x, c->p, 8), plain8(x)))
		c->p += 8;
	while (c->p < c->end && (unsigned char)*c->p >= 0x20 && *c->p != '"' && *c->p != '\\' &&
	       (unsigned char)*c->p < 0x80)
		c->p++;
}

/* The bytes copied as they are (plain ASCII, valid UTF-8) from c->p on;
 * false at invalid UTF-8. */
static bool skip_text(struct cursor *c)
{
	for (;;) {
		skip_plain(c);
		uint32_t cp;
		size_t k;
		if (c->p >= c->end || (unsigned char)*c->p < 0x80)
			return true;
		if (!(k = sw_utf8_decode(c->p, (size_t)(c->end - c->p), &cp)))
			return false;
		c->p += k;
	}
}

/* A string at c->p (its opening quote), valid UTF-8 without control
 * characters; decoded into c->out when set. *plain: no escapes. */
static bool string(struct cursor *c, const char **s, size_t *n, bool *plain)
{
	c->p++;
	*s = c->p;
	*plain = true;
	while (c->p < c->end) {
		const char *run = c->p;
		if (!skip_text(c))
			return false;
		if (c->out && c->out->len < c->keep &&
		    sw_buf_append(c->out, run, (size_t)(c->p - run)))
			return false;
		if (c->p >= c->end || (unsigned char)*c->p < 0x20)
			return false;
		if (*c->p == '"') {
			*n = (size_t)(c->p - *s);
			c->p++;
			return true;
		}
		if (*c->p == '\\') {
			*plain = false;
			c->p++;
			if (!escape(c))
				return false;
			continue;
		}
	}
	return false;
}

/* A value other than a string: null or an integer of at most 18 digits
 * (the JSON library's integers hold it) without leading zeros. */
static bool scalar(struct cursor *c, bool *null)
{
	*null = c->end - c->p >= 4 && !memcmp(c->p, "null", 4);
	if (*null) {
		c->p += 4;
		return true;
	}
	const char *d = c->p + (c->p < c->end && *c->p == '-');
	const char *q = d;
	while (q < c->end && *q >= '0' && *q <= '9')
		q++;
	if (q == d || q - d > 18 || (*d == '0' && q - d > 1))
		return false;
	c->p = q;
	return true;
}

/* Key k (plain, s[0..n)) not among the earlier keys. */
static bool new_key(const char **keys, size_t *lens, size_t k, const char *s, size_t n)
{
	for (size_t i = 0; i < k; i++)
		if (lens[i] == n && !memcmp(keys[i], s, n))
			return false;
	keys[k] = s;
	lens[k] = n;
	return true;
}

/* One member's value; "repo" and "readme" kept. */
static bool member_value(struct cursor *c, const char *key, size_t kl, struct classify_jsonline *out)
{
	bool is_readme = kl == 6 && !memcmp(key, "readme", 6), is_repo = kl == 4 && !memcmp(key, "repo", 4);
	if (c->p < c->end && *c->p == '"') {
		const char *s;
		size_t n;
		bool plain;
		struct sw_buf *keep = c->out;
		c->out = is_readme ? keep : NULL;
		bool ok = string(c, &s, &n, &plain);
		c->out = keep;
		if (is_repo) {
			out->repo = s;
			out->repo_len = n;
		}
		out->readme_set |= is_readme;
		return ok && (plain || !is_repo);
	}
	bool null;
	if (!scalar(c, &null) || is_repo || (is_readme && !null))
		return false;
	out->readme_set |= is_readme;
	return true;
}

bool classify_jsonline(const char *s, size_t n, size_t keep, struct sw_buf *readme, struct classify_jsonline *out)
{
	struct cursor c = {.p = s, .end = s + n, .out = readme, .keep = keep};
	const char *keys[MAX_KEYS];
	size_t lens[MAX_KEYS], k = 0;
	memset(out, 0, sizeof *out);
	sw_buf_reset(readme);
	skip_ws(&c);
	if (c.p >= c.end || *c.p++ != '{')
		return false;
	skip_ws(&c);
	bool more = c.p < c.end && *c.p != '}';
	while (more) {
		const char *key;
		size_t kl;
		bool plain;
		if (k == MAX_KEYS || c.p >= c.end || *c.p != '"')
			return false;
		struct sw_buf *keep_out = c.out;
		c.out = NULL;
		bool ok = string(&c, &key, &kl, &plain) && plain && new_key(keys, lens, k++, key, kl);
		c.out = keep_out;
		skip_ws(&c);
		if (!ok || c.p >= c.end || *c.p++ != ':')
			return false;
		skip_ws(&c);
		if (!member_value(&c, key, kl, out))
			return false;
		skip_ws(&c);
		more = c.p < c.end && *c.p == ',';
		if (more) {
			c.p++;
			skip_ws(&c);
		}
	}
	if (c.p >= c.end || *c.p++ != '}')
		return false;
	skip_ws(&c);
	return c.p == c.end && out->repo && out->readme_set;
}
