/* ghjson.c: the streaming field extractor for GH Archive event lines.
 *
 * One pass over the bytes of a line, no DOM and no allocation: the known
 * paths (id, type, actor.{id,login}, repo.{id,name}, created_at and a few
 * payload fields) are decoded, every other value is skipped structurally
 * (strings via memchr to the next quote, containers by bracket depth),
 * because most of an event's bytes are payload we never look at. A line
 * whose brackets do not balance or that has stray bytes is refused, which
 * is how truncated and garbage lines are detected. */
#include <string.h>

#include "stackwatch/gharchive.h"
#include "stackwatch/util.h"

#define MAX_DEPTH 256

struct cur {
	const char *p, *e;
	const char *why;
};

enum ctx { C_TOP, C_ACTOR, C_REPO, C_REPOSITORY, C_PAYLOAD, C_PR };

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

/* At '"': set body/len (escapes left raw) and move past the closing quote. */
static bool str(struct cur *c, const char **body, size_t *len)
{
	const char *s = ++c->p;
	const char *q = s;
	for (;;) {
		q = memchr(q, '"', (size_t)(c->e - q));
		if (!q)
			return fail(c, "unterminated string");
		/* An odd run of backslashes before the quote escapes it. */
		const char *b = q;
		while (b > s && b[-1] == '\\')
			b--;
		if (((q - b) & 1) == 0)
			break;
		q++;
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

/* Skip a whole object/array: bracket depth plus strings. Structure inside
 * skipped values is only checked for balance; that is enough to tell a
 * complete line from a cut one, and keeps the skip at memchr speed. */
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

static bool skip_value(struct cur *c, int depth)
{
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
	int64_t t = sw_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + se;
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

/* The value of key in ctx: decode what we need, skip the rest. */
static bool field(struct cur *c, enum ctx ctx, const char *key, size_t klen, struct sw_gha_event *ev,
		  int depth)
{
	char ch = *c->p;
	const char *s;
	size_t n;
	switch (ctx) {
	case C_TOP:
		if (KEY("id"))
			return int_value(c, (int64_t *)&ev->id);
		if (KEY("type") && ch == '"') {
			if (!str(c, &s, &n))
				return false;
			ev->type = type_of(s, n);
			return true;
		}
		if (KEY("created_at") && ch == '"') {
			if (!str(c, &s, &n))
				return false;
			ev->created_at = parse_ts(s, n);
			return true;
		}
		if (KEY("actor")) {
			if (ch == '{')
				return object(c, C_ACTOR, ev, depth + 1);
			if (ch == '"') /* 2012-14 timeline: actor is the login */
				return str(c, &ev->login, &ev->login_len);
		}
		if (KEY("repo") && ch == '{')
			return object(c, C_REPO, ev, depth + 1);
		if (KEY("repository") && ch == '{' && !ev->repo_name)
			return object(c, C_REPOSITORY, ev, depth + 1);
		if (KEY("payload") && ch == '{')
			return object(c, C_PAYLOAD, ev, depth + 1);
		break;
	case C_ACTOR:
		if (KEY("id"))
			return int_value(c, &ev->actor_id);
		if (KEY("login") && ch == '"')
			return str(c, &ev->login, &ev->login_len);
		break;
	case C_REPO:
		if (KEY("id"))
			return int_value(c, &ev->repo_id);
		if (KEY("name") && ch == '"') {
			ev->repo_owner = NULL;
			return str(c, &ev->repo_name, &ev->repo_name_len);
		}
		break;
	case C_REPOSITORY:
		if (KEY("id"))
			return int_value(c, &ev->repo_id);
		if (KEY("name") && ch == '"')
			return str(c, &ev->repo_name, &ev->repo_name_len);
		if (KEY("owner") && ch == '"')
			return str(c, &ev->repo_owner, &ev->repo_owner_len);
		break;
	case C_PAYLOAD:
		if (KEY("size"))
			return int_value(c, &ev->size);
		if (KEY("distinct_size"))
			return int_value(c, &ev->distinct_size);
		if (KEY("action") && ch == '"') {
			if (!str(c, &s, &n))
				return false;
			ev->action = action_of(s, n);
			return true;
		}
		if (KEY("pull_request") && ch == '{')
			return object(c, C_PR, ev, depth + 1);
		break;
	case C_PR:
		if (KEY("merged")) {
			if (ch == 't') {
				ev->merged = 1;
				return literal(c, "true", 4);
			}
			if (ch == 'f') {
				ev->merged = 0;
				return literal(c, "false", 5);
			}
		}
		break;
	}
	return skip_value(c, depth);
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

bool sw_ghjson_extract(const char *p, size_t n, struct sw_gha_event *ev, const char **why)
{
	memset(ev, 0, sizeof *ev);
	ev->created_at = INT64_MIN;
	ev->size = ev->distinct_size = -1;
	ev->merged = -1;
	struct cur c = {p, p + n, NULL};
	ws(&c);
	bool ok = object(&c, C_TOP, ev, 1);
	if (ok) {
		ws(&c);
		if (c.p != c.e)
			ok = fail(&c, "trailing bytes after the object");
	}
	if (!ok && why)
		*why = c.why ? c.why : "malformed";
	return ok;
}
