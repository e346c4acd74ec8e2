/* json.c: the streaming field extractor for GH Archive event lines.
 *
 * One pass over the bytes of a line, no DOM and no allocation: the known
 * paths (id, type, actor.{id,login}, repo.{id,name}, created_at and a few
 * payload fields) are decoded, every other value is skipped structurally
 * (strings 16 bytes at a time, containers 64 bytes at a time with SSE2
 * bitmasks of quotes, backslashes and brackets),
 * because most of an event's bytes are payload we never look at. A line
 * whose brackets do not balance or that has stray bytes is refused, which
 * is how truncated and garbage lines are detected. */
#include <stddef.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "gharchive_int.h"

#define MAX_DEPTH GHA_JSON_MAX_DEPTH

struct cur {
	const char *p, *e;
	const char *why;
	bool lazy;       /* may stop after the payload's needed fields (see extract) */
	bool strict;     /* every byte checked (valid.c) */
	bool jumped;     /* stopped early: the tail is parsed from the line's end */
	unsigned seen;   /* top-level keys met so far (SEEN_*) */
};
enum { SEEN_ID = 1, SEEN_TYPE = 2, SEEN_REPO = 4, SEEN_CREATED = 8 };

enum ctx { C_TOP, C_ACTOR, C_REPO, C_REPOSITORY, C_PAYLOAD, C_PAYLOAD_LAZY, C_PR };

static inline void ws(struct cur *c)
{
	while (c->p < c->e && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
		c->p++;
}

static inline bool fail(struct cur *c, const char *why)
{
	if (!c->why)
		c->why = why;
	return false;
}

/* --strict: a validator ended the value at q (NULL: refused, for why). */
static inline bool strict_to(struct cur *c, const char *q, const char *why)
{
	if (!q)
		return fail(c, why);
	c->p = q;
	return true;
}

/* At '"': set body/len (escapes left raw) and move past the closing quote.
 * A backslash always takes the next byte with it, so the scan only looks
 * for '"' and '\\' (16 bytes at a time with SSE2). */
static bool str(struct cur *c, const char **body, size_t *len)
{
	if (c->strict) {
		const char *s = c->p, *why = NULL, *q = gha_valid_string(s, c->e, &why);
		if (!strict_to(c, q, why))
			return false;
		*body = s + 1;
		*len = (size_t)(q - s - 2);
		return true;
	}
	const char *s = ++c->p, *q = s, *e = c->e;
	for (;;) {
#ifdef __SSE2__
		const __m128i dq = _mm_set1_epi8('"'), bs = _mm_set1_epi8('\\');
		while (q + 16 <= e) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)q);
			unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, dq), _mm_cmpeq_epi8(v, bs)));
			if (m) {
				q += __builtin_ctz(m);
				goto found;
			}
			q += 16;
		}
#endif
		while (q < e && *q != '"' && *q != '\\')
			q++;
		if (q >= e)
			return fail(c, "unterminated string");
#ifdef __SSE2__
found:
#endif
		if (*q == '"')
			break;
		q += 2; /* backslash + the escaped byte */
		if (q > e)
			return fail(c, "unterminated string");
	}
	*body = s;
	*len = (size_t)(q - s);
	c->p = q + 1;
	return true;
}

static bool skip_string(struct cur *c)
{
	const char *b;
	size_t n;
	return str(c, &b, &n);
}

static bool skip_number(struct cur *c)
{
	if (c->strict) {
		const char *why = NULL, *q = gha_valid_number(c->p, c->e, &why);
		return strict_to(c, q, why);
	}
	const char *s = c->p;
	if (c->p < c->e && *c->p == '-')
		c->p++;
	const char *d = c->p;
	while (c->p < c->e && ((*c->p >= '0' && *c->p <= '9') || *c->p == '.' || *c->p == 'e' ||
			       *c->p == 'E' || *c->p == '+' || *c->p == '-'))
		c->p++;
	if (c->p == d || c->p == s)
		return fail(c, "bad number");
	return true;
}

static bool literal(struct cur *c, const char *lit, size_t n)
{
	if ((size_t)(c->e - c->p) < n || memcmp(c->p, lit, n))
		return fail(c, "bad literal");
	c->p += n;
	return true;
}

#ifdef __SSE2__
/* Bitmasks of one 64-byte block: quotes, backslashes, opening and closing
 * brackets ((c | 0x20) maps '[' to '{' and ']' to '}'). */
static inline int popc(uint64_t x)
{
	x = x - ((x >> 1) & 0x5555555555555555ull);
	x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
	return (int)((x * 0x0101010101010101ull) >> 56);
}

struct block {
	uint64_t quote, bslash, open, close;
};
static inline void classify(const char *p, struct block *b)
{
	const __m128i dq = _mm_set1_epi8('"'), bs = _mm_set1_epi8('\\'), lo = _mm_set1_epi8(0x20),
		      op = _mm_set1_epi8(0x7B), cl = _mm_set1_epi8(0x7D);
	b->quote = b->bslash = b->open = b->close = 0;
	for (int k = 0; k < 4; k++) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
		__m128i f = _mm_or_si128(v, lo);
		b->quote |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, dq)) << (16 * k);
		b->bslash |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, bs)) << (16 * k);
		b->open |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(f, op)) << (16 * k);
		b->close |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(f, cl)) << (16 * k);
	}
}

/* Escapes: each unescaped backslash escapes the next byte. The bytes of
 * the block a backslash escapes; *carry: the first byte of the next block
 * is escaped (in and out). */
static inline uint64_t escaped_bits(uint64_t bslash, uint64_t *carry)
{
	uint64_t escaped = *carry, bsl = bslash & ~*carry;
	*carry = 0;
	while (bsl) {
		int i = __builtin_ctzll(bsl);
		if (i == 63)
			*carry = 1;
		else
			escaped |= 1ull << (i + 1);
		bsl &= ~(1ull << i);
		bsl &= ~escaped;
	}
	return escaped;
}

/* The bytes inside strings, by prefix XOR of the unescaped quotes q;
 * *carry: all ones when the block ends inside a string (in and out). */
static inline uint64_t string_bits(uint64_t q, uint64_t *carry)
{
	uint64_t x = q;
	x ^= x << 1;
	x ^= x << 2;
	x ^= x << 4;
	x ^= x << 8;
	x ^= x << 16;
	x ^= x << 32;
	uint64_t instr = x ^ *carry;
	*carry = (uint64_t)0 - (instr >> 63);
	return instr;
}

/* Skip a whole object/array 64 bytes at a time (the simdjson idea, in
 * SSE2): escaped bytes, then in-string regions by prefix XOR of the quotes,
 * then bracket depth from popcounts; bits are walked one by one only in the
 * block where the depth may return to zero. */
static bool skip_container(struct cur *c, int depth)
{
	const char *p = c->p, *e = c->e;
	uint64_t esc_carry = 0, instr_carry = 0;
	int d = 0;
	char pad[64];
	while (p < e) {
		struct block b;
		size_t avail = (size_t)(e - p);
		uint64_t valid = ~0ull;
		if (avail >= 64)
			classify(p, &b);
		else {
			memset(pad, ' ', sizeof pad);
			memcpy(pad, p, avail);
			classify(pad, &b);
			valid = (1ull << avail) - 1;
		}
		uint64_t escaped = escaped_bits(b.bslash, &esc_carry);
		uint64_t instr = string_bits(b.quote & ~escaped, &instr_carry);
		uint64_t op = b.open & ~instr & valid, cl = b.close & ~instr & valid;
		int no = popc(op), nc = popc(cl);
		if (nc < d && depth + d + no <= MAX_DEPTH) {
			d += no - nc;
		} else {
			uint64_t all = op | cl;
			while (all) {
				int i = __builtin_ctzll(all);
				all &= all - 1;
				if (op >> i & 1) {
					if (depth + ++d > MAX_DEPTH)
						return fail(c, "nesting too deep");
				} else if (--d == 0) {
					c->p = p + i + 1;
					return true;
				} else if (d < 0)
					return fail(c, "unbalanced bracket");
			}
		}
		p += avail >= 64 ? 64 : avail;
	}
	return fail(c, instr_carry ? "unterminated string" : "unterminated object or array");
}
#else
/* Skip a whole object/array: bracket depth plus strings. */
static bool skip_container(struct cur *c, int depth)
{
	int d = 0;
	while (c->p < c->e) {
		char ch = *c->p;
		if (ch == '"') {
			if (!skip_string(c))
				return false;
			continue;
		}
		if (ch == '{' || ch == '[') {
			if (depth + ++d > MAX_DEPTH)
				return fail(c, "nesting too deep");
		} else if (ch == '}' || ch == ']') {
			if (--d == 0) {
				c->p++;
				return true;
			}
			if (d < 0)
				return fail(c, "unbalanced bracket");
		}
		c->p++;
	}
	return fail(c, "unterminated object or array");
}
#endif

static bool skip_value(struct cur *c, int depth)
{
	if (c->strict) {
		const char *why = NULL, *q = gha_valid_value(c->p, c->e, depth, &why);
		return strict_to(c, q, why);
	}
	if (c->p >= c->e)
		return fail(c, "missing value");
	switch (*c->p) {
	case '"': return skip_string(c);
	case '{': case '[': return skip_container(c, depth);
	case 't': return literal(c, "true", 4);
	case 'f': return literal(c, "false", 5);
	case 'n': return literal(c, "null", 4);
	default: return skip_number(c);
	}
}

/* An integer, as a JSON number or a string of digits (event ids). Other
 * shapes are skipped and leave *out unchanged. */
static bool int_value(struct cur *c, int64_t *out)
{
	const char *s;
	size_t n;
	if (c->p < c->e && *c->p == '"') {
		if (!str(c, &s, &n))
			return false;
	} else if (c->p < c->e && (*c->p == '-' || (*c->p >= '0' && *c->p <= '9'))) {
		s = c->p;
		if (!skip_number(c))
			return false;
		n = (size_t)(c->p - s);
	} else
		return skip_value(c, 0);
	bool neg = n && *s == '-';
	size_t i = neg;
	uint64_t v = 0;
	for (; i < n && s[i] >= '0' && s[i] <= '9' && i < 19 + (size_t)neg; i++)
		v = v * 10 + (uint64_t)(s[i] - '0');
	if (i == (size_t)neg || i != n)
		return true; /* not a plain integer: leave as absent */
	*out = neg ? -(int64_t)v : (int64_t)v;
	return true;
}

static int dig2(const char *s) { return (s[0] - '0') * 10 + (s[1] - '0'); }
static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* "YYYY-MM-DDTHH:MM:SS" then Z, nothing, or +HH:MM / -HH:MM (2012 timeline). */
static int64_t parse_ts(const char *s, size_t n)
{
	if (n < 19 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' ||
	    !digits(s + 8, 2) || (s[10] != 'T' && s[10] != ' ') || !digits(s + 11, 2) ||
	    s[13] != ':' || !digits(s + 14, 2) || s[16] != ':' || !digits(s + 17, 2))
		return INT64_MIN;
	int y = dig2(s) * 100 + dig2(s + 2);
	int mo = dig2(s + 5), d = dig2(s + 8), h = dig2(s + 11), mi = dig2(s + 14), se = dig2(s + 17);
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
		return INT64_MIN;
	/* Events of an hour share their date: remember the last one per thread. */
	static _Thread_local char last_date[10];
	static _Thread_local int64_t last_days = INT64_MIN;
	int64_t days;
	if (last_days != INT64_MIN && !memcmp(last_date, s, 10))
		days = last_days;
	else {
		days = sw_time_days_from_civil(y, (unsigned)mo, (unsigned)d);
		memcpy(last_date, s, 10);
		last_days = days;
	}
	int64_t t = days * 86400 + h * 3600 + mi * 60 + se;
	size_t i = 19;
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
	if (i + 6 == n && (s[i] == '+' || s[i] == '-') && digits(s + i + 1, 2) && s[i + 3] == ':' &&
	    digits(s + i + 4, 2)) {
		int64_t off = dig2(s + i + 1) * 3600 + dig2(s + i + 4) * 60;
		t += s[i] == '+' ? -off : off;
	} else if (!(i == n || (i + 1 == n && s[i] == 'Z')))
		return INT64_MIN;
	return t;
}

#define KEY(lit) (klen == sizeof lit - 1 && !memcmp(key, lit, sizeof lit - 1))

static enum sw_gha_type type_of(const char *s, size_t n)
{
#define T(lit, v) if (n == sizeof lit - 1 && !memcmp(s, lit, n)) return v
	T("PushEvent", SW_GHA_PUSH);
	T("WatchEvent", SW_GHA_WATCH);
	T("ForkEvent", SW_GHA_FORK);
	T("PullRequestEvent", SW_GHA_PULL_REQUEST);
	T("IssuesEvent", SW_GHA_ISSUES);
	T("ReleaseEvent", SW_GHA_RELEASE);
#undef T
	return SW_GHA_OTHER;
}

static enum sw_gha_action action_of(const char *s, size_t n)
{
#define A(lit, v) if (n == sizeof lit - 1 && !memcmp(s, lit, n)) return v
	A("started", SW_GHA_ACT_STARTED);
	A("opened", SW_GHA_ACT_OPENED);
	A("closed", SW_GHA_ACT_CLOSED);
	A("published", SW_GHA_ACT_PUBLISHED);
	A("created", SW_GHA_ACT_CREATED);
#undef A
	return SW_GHA_ACT_OTHER;
}

static bool object(struct cur *c, enum ctx ctx, struct sw_gha_event *ev, int depth);

/* Are the payload fields this event type needs all known? (A PR's
 * "merged" is looked up from the tail when the action is "closed".) */
static bool payload_complete(const struct sw_gha_event *ev)
{
	switch (ev->type) {
	case SW_GHA_PUSH: return ev->size >= 0 && ev->distinct_size >= 0;
	case SW_GHA_PULL_REQUEST: case SW_GHA_ISSUES: case SW_GHA_RELEASE: case SW_GHA_WATCH:
		return ev->action != SW_GHA_ACT_NONE;
	default: return true;
	}
}

/* The string-valued fields we decode. */
enum text { V_TYPE, V_CREATED, V_ACTION };

/* At '"': a string value decoded into the event field `what` names. */
static bool text_value(struct cur *c, enum text what, struct sw_gha_event *ev)
{
	const char *s;
	size_t n;
	if (!str(c, &s, &n))
		return false;
	switch (what) {
	case V_TYPE: ev->type = type_of(s, n); break;
	case V_CREATED: ev->created_at = parse_ts(s, n); break;
	case V_ACTION: ev->action = action_of(s, n); break;
	}
	return true;
}

/* Top-level members: the event's id, type, time, actor, repo and payload. */
static bool top_field(struct cur *c, const char *key, size_t klen, struct sw_gha_event *ev, int depth)
{
	char ch = *c->p;
	if (KEY("id")) {
		c->seen |= SEEN_ID;
		return int_value(c, (int64_t *)&ev->id);
	}
	if (KEY("type") && ch == '"') {
		c->seen |= SEEN_TYPE;
		return text_value(c, V_TYPE, ev);
	}
	if (KEY("created_at") && ch == '"') {
		c->seen |= SEEN_CREATED;
		return text_value(c, V_CREATED, ev);
	}
	if (KEY("actor")) {
		if (ch == '{')
			return object(c, C_ACTOR, ev, depth + 1);
		if (ch == '"') /* 2012-14 timeline: actor is the login */
			return str(c, &ev->login, &ev->login_len);
	}
	if (KEY("repo") && ch == '{') {
		c->seen |= SEEN_REPO;
		return object(c, C_REPO, ev, depth + 1);
	}
	if (KEY("repository") && ch == '{' && !ev->repo_name)
		return object(c, C_REPOSITORY, ev, depth + 1);
	if (KEY("payload") && ch == '{')
		return object(c, c->lazy && (c->seen & (SEEN_ID | SEEN_TYPE | SEEN_REPO | SEEN_CREATED)) ==
						   (SEEN_ID | SEEN_TYPE | SEEN_REPO)
					  ? C_PAYLOAD_LAZY : C_PAYLOAD,
			      ev, depth + 1);
	return skip_value(c, depth);
}

static bool actor_field(struct cur *c, const char *key, size_t klen, struct sw_gha_event *ev, int depth)
{
	if (KEY("id"))
		return int_value(c, &ev->actor_id);
	if (KEY("login") && *c->p == '"')
		return str(c, &ev->login, &ev->login_len);
	return skip_value(c, depth);
}

/* "repo" ({id, name: "owner/name"}) or the 2012-14 timeline's "repository"
 * ({id, name, owner: "login"}). */
static bool repo_field(struct cur *c, enum ctx ctx, const char *key, size_t klen, struct sw_gha_event *ev,
		       int depth)
{
	char ch = *c->p;
	if (KEY("id"))
		return int_value(c, &ev->repo_id);
	if (KEY("name") && ch == '"') {
		if (ctx == C_REPO)
			ev->repo_owner = NULL;
		return str(c, &ev->repo_name, &ev->repo_name_len);
	}
	if (ctx == C_REPOSITORY && KEY("owner") && ch == '"')
		return str(c, &ev->repo_owner, &ev->repo_owner_len);
	return skip_value(c, depth);
}

static bool payload_field(struct cur *c, const char *key, size_t klen, struct sw_gha_event *ev, int depth)
{
	char ch = *c->p;
	if (KEY("size"))
		return int_value(c, &ev->size);
	if (KEY("distinct_size"))
		return int_value(c, &ev->distinct_size);
	if (KEY("action") && ch == '"')
		return text_value(c, V_ACTION, ev);
	if (KEY("pull_request") && ch == '{')
		return object(c, C_PR, ev, depth + 1);
	return skip_value(c, depth);
}

static bool pr_field(struct cur *c, const char *key, size_t klen, struct sw_gha_event *ev, int depth)
{
	if (KEY("merged")) {
		if (*c->p == 't') {
			ev->merged = 1;
			return literal(c, "true", 4);
		}
		if (*c->p == 'f') {
			ev->merged = 0;
			return literal(c, "false", 5);
		}
	}
	return skip_value(c, depth);
}

/* The value of key in ctx: decode what we need, skip the rest. */
static bool field(struct cur *c, enum ctx ctx, const char *key, size_t klen, struct sw_gha_event *ev,
		  int depth)
{
	switch (ctx) {
	case C_TOP: return top_field(c, key, klen, ev, depth);
	case C_ACTOR: return actor_field(c, key, klen, ev, depth);
	case C_REPO: case C_REPOSITORY: return repo_field(c, ctx, key, klen, ev, depth);
	case C_PAYLOAD_LAZY:
		/* As soon as every needed payload field is known, stop: the
		 * rest of the line is skipped and its tail parsed from the end. */
		if (payload_complete(ev)) {
			c->jumped = true;
			return true;
		}
		/* fall through */
	case C_PAYLOAD: return payload_field(c, key, klen, ev, depth);
	case C_PR: return pr_field(c, key, klen, ev, depth);
	}
	return skip_value(c, depth);
}

/* The members of an object from its first key to the closing '}'. */
static bool members(struct cur *c, enum ctx ctx, struct sw_gha_event *ev, int depth)
{
	for (;;) {
		const char *key;
		size_t klen;
		if (c->p >= c->e || *c->p != '"')
			return fail(c, c->p >= c->e ? "truncated object" : "expected a key");
		if (!str(c, &key, &klen))
			return false;
		ws(c);
		if (c->p >= c->e || *c->p != ':')
			return fail(c, "expected ':'");
		c->p++;
		ws(c);
		if (c->p >= c->e)
			return fail(c, "truncated object");
		if (!field(c, ctx, key, klen, ev, depth))
			return false;
		if (c->jumped)
			return true;
		ws(c);
		if (c->p >= c->e)
			return fail(c, "truncated object");
		if (*c->p == ',') {
			c->p++;
			ws(c);
			continue;
		}
		if (*c->p == '}') {
			c->p++;
			return true;
		}
		return fail(c, "expected ',' or '}'");
	}
}

static bool object(struct cur *c, enum ctx ctx, struct sw_gha_event *ev, int depth)
{
	if (depth > MAX_DEPTH)
		return fail(c, "nesting too deep");
	if (c->p >= c->e || *c->p != '{')
		return fail(c, "expected an object");
	c->p++;
	ws(c);
	if (c->p < c->e && *c->p == '}') {
		c->p++;
		return true;
	}
	return members(c, ctx, ev, depth);
}

/* Last occurrence of pat (starting with ',') in [lo, hi). */
static const char *rfind(const char *lo, const char *hi, const char *pat, size_t n)
{
	while (hi - lo >= (ptrdiff_t)n) {
		const char *q = memrchr(lo, ',', (size_t)(hi - lo - (ptrdiff_t)n + 1));
		if (!q)
			return NULL;
		if (q[1] == pat[1] && q[2] == pat[2] && !memcmp(q, pat, n))
			return q;
		hi = q + n - 1;
	}
	return NULL;
}

#define TAIL_WINDOW 8192    /* created_at (+ org) sit in the last few hundred bytes */
#define MERGED_WINDOW 32768 /* pull_request.merged: a few fields before its end */

/* A closed PR's ,"merged": among the pull_request's last fields, found
 * backwards from q (the tail's ,"created_at":); false if not there. */
static bool tail_merged(const char *from, const char *q, struct sw_gha_event *ev)
{
	static const char mg[] = ",\"merged\":";
	const char *mlo = q - from > MERGED_WINDOW ? q - MERGED_WINDOW : from;
	const char *m = rfind(mlo, q, mg, sizeof mg - 1);
	if (!m)
		return false;
	m += sizeof mg - 1;
	if (q - m >= 4 && !memcmp(m, "true", 4))
		ev->merged = 1;
	else if (q - m >= 5 && !memcmp(m, "false", 5))
		ev->merged = 0;
	else
		return false;
	return true;
}

/* The usual tails after the created_at string t..te: "} or ,"org":{...}}
 * up to the line's end e. false: parse the tail as members instead. */
static bool tail_usual(struct cur *c, struct sw_gha_event *ev, const char *t, const char *e)
{
	const char *te = memchr(t, '"', (size_t)(e - t));
	if (!te)
		return false;
	const char *r = te + 1;
	bool ok = e - r == 1 && *r == '}';
	static const char org[] = ",\"org\":{";
	if (!ok && e - r > (ptrdiff_t)sizeof org && !memcmp(r, org, sizeof org - 1)) {
		c->p = r + sizeof org - 2;
		ok = skip_container(c, 1) && e - c->p == 1 && *c->p == '}';
		if (!ok)
			c->why = NULL;
	}
	if (!ok)
		return false;
	ev->created_at = parse_ts(t, (size_t)(te - t));
	c->seen |= SEEN_CREATED;
	c->p = c->e;
	return true;
}

/* After a jump: parse the top-level object's tail from its ',"created_at":'
 * member to the end of the line, and for a closed PR find
 * ,"merged": in the pull_request's last fields. */
static bool tail(struct cur *c, struct sw_gha_event *ev)
{
	const char *from = c->p, *e = c->e;
	while (e > from && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
		e--;
	const char *lo = e - from > TAIL_WINDOW ? e - TAIL_WINDOW : from;
	static const char ca[] = ",\"created_at\":\"";
	const char *q = rfind(lo, e, ca, sizeof ca - 1);
	if (!q)
		return false;
	if (ev->type == SW_GHA_PULL_REQUEST && ev->action == SW_GHA_ACT_CLOSED && !tail_merged(from, q, ev))
		return false;
	c->jumped = false;
	if (tail_usual(c, ev, q + sizeof ca - 1, e))
		return true;
	c->p = q + 1;
	if (!members(c, C_TOP, ev, 1))
		return false;
	ws(c);
	return c->p == c->e && (c->seen & SEEN_CREATED);
}

/* An event with nothing known yet. */
static void event_init(struct sw_gha_event *ev)
{
	memset(ev, 0, sizeof *ev);
	ev->created_at = INT64_MIN;
	ev->size = ev->distinct_size = -1;
	ev->merged = -1;
}

static bool run(struct cur *c, struct sw_gha_event *ev)
{
	event_init(ev);
	ws(c);
	if (!object(c, C_TOP, ev, 1))
		return false;
	if (c->jumped)
		return tail(c, ev);
	ws(c);
	if (c->p != c->e)
		return fail(c, "trailing bytes after the object");
	return true;
}

/* Match literal lit at c->p and move past it. */
static inline bool lit(struct cur *c, const char *l, size_t n)
{
	if ((size_t)(c->e - c->p) < n || memcmp(c->p, l, n))
		return false;
	c->p += n;
	return true;
}
#define LIT(c, l) lit(c, l, sizeof l - 1)

/* A string without escapes (logins, repo names) up to the next quote. */
static inline bool plain_str(struct cur *c, const char **s, size_t *n, size_t max)
{
	const char *q = memchr(c->p, '"', (size_t)(c->e - c->p) < max ? (size_t)(c->e - c->p) : max);
	if (!q || memchr(c->p, '\\', (size_t)(q - c->p)))
		return false;
	*s = c->p;
	*n = (size_t)(q - c->p);
	c->p = q + 1;
	return true;
}

static inline bool digits_val(struct cur *c, int64_t *out)
{
	const char *s = c->p;
	uint64_t v = 0;
	while (c->p < c->e && *c->p >= '0' && *c->p <= '9' && c->p - s < 18)
		v = v * 10 + (uint64_t)(*c->p++ - '0');
	if (c->p == s || (c->p < c->e && *c->p >= '0' && *c->p <= '9'))
		return false;
	*out = (int64_t)v;
	return true;
}

/* Skip forward to just after the next occurrence of pat (which starts
 * with '}') within max bytes. pat contains raw quotes, so it cannot lie
 * inside a JSON string. */
static inline bool skip_to(struct cur *c, const char *pat, size_t n, size_t max)
{
	const char *lim = c->e - c->p > (ptrdiff_t)max ? c->p + max : c->e;
	const char *q = c->p;
	while ((q = memchr(q, '}', (size_t)(lim - q)))) {
		if (c->e - q >= (ptrdiff_t)n && q[1] == pat[1] && !memcmp(q, pat, n)) {
			c->p = q + n;
			return true;
		}
		q++;
	}
	return false;
}
#define SKIP_TO(c, pat, max) skip_to(c, pat, sizeof pat - 1, max)

/* Today's head as a template: {"id":"N","type":"T","actor":{"id":N,
 * "login":"L",...},"repo":{"id":N,"name":"R",...},"payload": */
static bool template_head(struct cur *c, struct sw_gha_event *ev)
{
	const char *s;
	size_t n;
	int64_t v;
	if (!LIT(c, "{\"id\":\"") || !digits_val(c, &v) || !LIT(c, "\",\"type\":\"") || !plain_str(c, &s, &n, 64))
		return false;
	ev->id = (uint64_t)v;
	ev->type = type_of(s, n);
	if (!LIT(c, ",\"actor\":{\"id\":") || !digits_val(c, &ev->actor_id) || !LIT(c, ",\"login\":\"") ||
	    !plain_str(c, &ev->login, &ev->login_len, 128) || !SKIP_TO(c, "},\"repo\":{\"id\":", 1024) ||
	    !digits_val(c, &ev->repo_id) || !LIT(c, ",\"name\":\"") ||
	    !plain_str(c, &ev->repo_name, &ev->repo_name_len, 256) || !SKIP_TO(c, "},\"payload\":", 1024))
		return false;
	c->seen = SEEN_ID | SEEN_TYPE | SEEN_REPO;
	return true;
}

/* The payload's usual opening for the event's type, matched directly:
 * true when it gave every needed field (the rest is skipped). */
static bool template_payload(struct cur *c, struct sw_gha_event *ev)
{
	const char *s;
	size_t n;
	int64_t v;
	switch (ev->type) {
	case SW_GHA_OTHER: case SW_GHA_FORK:
		return c->p < c->e && *c->p == '{';
	case SW_GHA_WATCH: case SW_GHA_PULL_REQUEST: case SW_GHA_ISSUES: case SW_GHA_RELEASE:
		if (LIT(c, "{\"action\":\"") && plain_str(c, &s, &n, 64)) {
			ev->action = action_of(s, n);
			return true;
		}
		return false;
	case SW_GHA_PUSH:
		return (LIT(c, "{\"repository_id\":") ? digits_val(c, &v) && LIT(c, ",\"push_id\":") : LIT(c, "{\"push_id\":")) &&
		       digits_val(c, &v) && LIT(c, ",\"size\":") && digits_val(c, &ev->size) &&
		       LIT(c, ",\"distinct_size\":") && digits_val(c, &ev->distinct_size);
	}
	return false;
}

/* Today's head matched as a template, then the payload up to its needed
 * fields, then the tail. false: use run(). */
static bool template_run(struct cur *c, struct sw_gha_event *ev)
{
	event_init(ev);
	if (!template_head(c, ev))
		return false;
	const char *pl = c->p;
	if (template_payload(c, ev)) {
		c->jumped = true;
		return tail(c, ev);
	}
	/* An unusual opening: the lazy walk from the payload's start. */
	c->p = pl;
	ev->size = ev->distinct_size = -1;
	ev->action = SW_GHA_ACT_NONE;
	if (!object(c, C_PAYLOAD_LAZY, ev, 2))
		return false;
	if (c->jumped)
		return tail(c, ev);
	/* Small payload parsed whole: the rest of the top-level object. */
	ws(c);
	if (c->p < c->e && *c->p == '}') {
		c->p++;
	} else {
		if (!LIT(c, ","))
			return false;
		ws(c);
		if (!members(c, C_TOP, ev, 1))
			return false;
	}
	ws(c);
	return c->p == c->e;
}

/* Fast path first: in today's key order (id, type, actor, repo, payload,
 * public, created_at, org) only the head, the needed payload fields and the
 * tail are parsed; anything unexpected falls back to the full parse, which
 * also decides what is malformed. */
bool sw_gha_json_extract(const char *p, size_t n, struct sw_gha_event *ev, const char **why)
{
	struct cur c = {p, p + n, NULL, true, false, false, 0};
	if (template_run(&c, ev))
		return true;
	c = (struct cur){p, p + n, NULL, true, false, false, 0};
	if (run(&c, ev))
		return true;
	return sw_gha_json_extract_strict(p, n, ev, why);
}

bool sw_gha_json_extract_strict(const char *p, size_t n, struct sw_gha_event *ev, const char **why)
{
	struct cur c = {p, p + n, NULL, false, true, false, 0};
	bool ok = run(&c, ev);
	if (!ok && why)
		*why = c.why ? c.why : "malformed";
	return ok;
}
