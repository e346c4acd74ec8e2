/* test_gharchive_strict.c: `scan --strict` is a real validator. The strict
 * extractor is compared with jansson (an independent RFC 8259 parser) on
 * the real 2021 events of the shared sample, each mutated in the ways a
 * lenient skipper lets through (a missing ':', a missing ',', "tru", a raw
 * 0x01 byte in a string, a \q escape, 75614-14800 as a number) at positions
 * all along the line, payload included, and by random byte edits; on the
 * JSON conformance suite; and on the unmutated lines field by field. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gharchive/gharchive_int.h"
#include "stackwatch/gharchive.h"
#include "stackwatch/core.h"
#include "testutil.h"

/* jansson's verdict: 1 one JSON object, 0 not, -1 jansson cannot say (a
 * number beyond its integer or double range, a NUL byte in a key: limits
 * of jansson, not of the RFC; a raw NUL byte jansson let through). */
static int jansson_object(const char *p, size_t n)
{
	json_error_t je;
	json_t *j = json_loadb(p, n, JSON_ALLOW_NUL, &je);
	if (!j) {
		enum json_error_code code = json_error_code(&je);
		return code == json_error_numeric_overflow || code == json_error_null_byte_in_key ? -1 : 0;
	}
	int obj = json_is_object(j);
	json_decref(j);
	/* jansson lets a raw NUL byte through after some tokens: never valid */
	if (memchr(p, 0, n))
		return -1;
	return obj;
}

struct tally {
	int compared, refused, unsure;
};

/* Strict and jansson agree on p[0..n); the fast path accepts whatever the
 * strict walk accepts; a refusal says why. */
static void agree(const char *p, size_t n, const char *what, struct tally *t)
{
	/* exact-size copy: ASan sees any read past the line */
	char *q = malloc(n ? n : 1);
	assert_non_null(q);
	memcpy(q, p, n);
	struct sw_gha_event ev;
	const char *why = NULL;
	bool ours = sw_gha_json_extract_strict(q, n, &ev, &why);
	int theirs = jansson_object(q, n);
	if (theirs < 0) {
		t->unsure++;
	} else {
		if (ours != (theirs == 1))
			fail_msg("%s: strict %s, jansson %s (%s): %.200s", what, ours ? "accepts" : "refuses",
				 theirs ? "accepts" : "refuses", why ? why : "", q);
		t->compared++;
		t->refused += !ours;
	}
	if (ours && !sw_gha_json_extract(q, n, &ev, NULL))
		fail_msg("%s: the fast path refuses a valid line", what);
	if (!ours && !why)
		fail_msg("%s: refused without a reason", what);
	free(q);
}

/* The lines of the shared 2021 sample (one buffer, lines NUL-split). */
struct lines {
	struct sw_buf b;
	char **l;
	size_t n;
};
static void load_lines(struct lines *ls)
{
	char *path = tu_shared("gharchive-real/2021-07-21-6.json");
	memset(ls, 0, sizeof *ls);
	assert_int_equal(sw_buf_read_file(path, &ls->b, NULL), SW_OK);
	free(path);
	ls->l = calloc(ls->b.len / 2 + 1, sizeof *ls->l);
	assert_non_null(ls->l);
	for (char *p = ls->b.data, *e = p + ls->b.len; p < e;) {
		char *nl = memchr(p, '\n', (size_t)(e - p));
		if (nl)
			*nl = 0;
		ls->l[ls->n++] = p;
		p = nl ? nl + 1 : e;
	}
}
static void free_lines(struct lines *ls)
{
	free(ls->l);
	sw_buf_release(&ls->b);
}

/* Structural positions of a line: colons, commas, starts of true, ends of
 * numbers, and string bytes (not inside an escape). */
struct spots {
	size_t colon[4096], comma[4096], tru[512], numend[2048], instr[8192];
	size_t ncolon, ncomma, ntru, nnumend, ninstr;
};
#define ADD(arr, cnt, v) do { if ((cnt) < sizeof(arr) / sizeof(arr)[0]) (arr)[(cnt)++] = (v); } while (0)
static void find_spots(const char *p, size_t n, struct spots *s)
{
	memset(s, 0, sizeof *s);
	bool in = false;
	for (size_t i = 0; i < n; i++) {
		char ch = p[i];
		if (in) {
			if (ch == '\\') {
				i += p[i + 1] == 'u' ? 5 : 1;
				continue;
			}
			if (ch == '"')
				in = false;
			else
				ADD(s->instr, s->ninstr, i);
			continue;
		}
		if (ch == '"')
			in = true;
		else if (ch == ':')
			ADD(s->colon, s->ncolon, i);
		else if (ch == ',')
			ADD(s->comma, s->ncomma, i);
		else if (ch == 't' && !strncmp(p + i, "true", 4))
			ADD(s->tru, s->ntru, i);
		else if (ch >= '0' && ch <= '9' && i + 1 < n && strchr(",}]", p[i + 1]))
			ADD(s->numend, s->nnumend, i + 1);
	}
}

/* line with bytes [at, at + del) replaced by ins, into out. */
static size_t splice(const char *line, size_t n, size_t at, size_t del, const char *ins, size_t nins, char *out)
{
	memcpy(out, line, at);
	memcpy(out + at, ins, nins);
	memcpy(out + at + nins, line + at + del, n - at - del);
	return n - del + nins;
}

/* Up to k positions spread evenly over pos[0..np) (the head, the payload
 * and the tail all get some). */
static size_t pick(size_t np, size_t k, size_t j)
{
	return np <= k ? j : j * (np - 1) / (k - 1);
}

struct mutation {
	const char *name, *ins;
	size_t del;
};

/* Every mutation of the issue at up to 6 spots of each line. */
static void listed_mutations(const char *line, char *buf, struct spots *s, struct tally *t, int counts[6])
{
	size_t n = strlen(line);
	static const struct mutation m[] = {
		{"missing ':'", "", 1}, {"missing ','", "", 1}, {"tru", "tru", 4},
		{"raw 0x01 in a string", "\x01", 0}, {"\\q escape", "\\q", 0}, {"75614-14800", "-14800", 0},
	};
	const size_t *pos[] = {s->colon, s->comma, s->tru, s->instr, s->instr, s->numend};
	size_t np[] = {s->ncolon, s->ncomma, s->ntru, s->ninstr, s->ninstr, s->nnumend};
	for (int k = 0; k < 6; k++)
		for (size_t j = 0; j < 6 && j < np[k]; j++) {
			size_t at = pos[k][pick(np[k], 6, j)];
			size_t len = splice(line, n, at, m[k].del, m[k].ins, strlen(m[k].ins), buf);
			int before = t->refused;
			agree(buf, len, m[k].name, t);
			counts[k] += t->refused > before;
		}
}

static uint64_t next(uint64_t *r)
{
	*r ^= *r << 13;
	*r ^= *r >> 7;
	*r ^= *r << 17;
	return *r;
}

/* Random edits: delete, insert or replace a byte (from bytes that matter
 * to JSON), or cut the line. */
static void random_mutations(const char *line, char *buf, uint64_t *r, struct tally *t)
{
	static const char bytes[] = "\"\\,:{}[]01-+.eEtfnu \t\x01\x7f\x80\xbf\xc3\xe2\xed\xf0\xf4\xff/";
	size_t n = strlen(line);
	for (int k = 0; k < 24; k++) {
		size_t at = (size_t)(next(r) % n);
		char b = bytes[next(r) % (sizeof bytes - 1)];
		size_t len;
		switch (next(r) % 4) {
		case 0: len = splice(line, n, at, 1, "", 0, buf); break;
		case 1: len = splice(line, n, at, 0, &b, 1, buf); break;
		case 2: len = splice(line, n, at, 1, &b, 1, buf); break;
		default: len = splice(line, n, at, n - at, "", 0, buf); break;
		}
		agree(buf, len, "random edit", t);
	}
}

static void strict_vs_jansson_mutated_real(void **state)
{
	(void)state;
	struct lines ls;
	load_lines(&ls);
	assert_int_equal(ls.n, 800);
	char *buf = malloc(ls.b.len + 64);
	struct spots *s = malloc(sizeof *s);
	assert_true(buf && s);
	struct tally t = {0};
	int counts[6] = {0};
	uint64_t r = 0x9e3779b97f4a7c15ull;
	for (size_t i = 0; i < ls.n; i++) {
		agree(ls.l[i], strlen(ls.l[i]), "real line", &t);
		find_spots(ls.l[i], strlen(ls.l[i]), s);
		listed_mutations(ls.l[i], buf, s, &t, counts);
		random_mutations(ls.l[i], buf, &r, &t);
	}
	/* Every listed mutation was made and refused many times over. */
	for (int k = 0; k < 6; k++)
		if (counts[k] < 500)
			fail_msg("mutation %d refused only %d times", k, counts[k]);
	assert_true(t.compared > 40000);
	assert_true(t.refused > 30000);
	assert_true(t.unsure < t.compared / 100);
	print_message("strict vs jansson: %d lines compared (%d refused), %d beyond jansson's limits\n",
		      t.compared, t.refused, t.unsure);
	free(s);
	free(buf);
	free_lines(&ls);
}

/* Hand-made lines at the edges of the grammar, each against jansson. */
static void strict_edges(void **state)
{
	(void)state;
	static const char *const lines[] = {
		"{\"a\":\"\\ud83d\\ude00\"}", "{\"a\":\"\\ud83d\"}", "{\"a\":\"\\ude00\"}", "{\"a\":\"\\ud83dx\"}",
		"{\"a\":\"\\u00e9\\u0000\"}", "{\"a\":\"\\u00g9\"}", "{\"a\":\"\xc3\xa9\"}", "{\"a\":\"\xc3\"}",
		"{\"a\":\"\xe0\x80\xaf\"}", "{\"a\":\"\xed\xa0\x80\"}", "{\"a\":\"\xf4\x90\x80\x80\"}",
		"{\"a\":\"\xf0\x9f\x98\x80\"}", "{\"a\":\"\x7f\"}", "{\"a\":\"\t\"}", "{\"a\":-0}", "{\"a\":-01}",
		"{\"a\":1.}", "{\"a\":.5}", "{\"a\":1e}", "{\"a\":1e+5}", "{\"a\":1E-5}", "{\"a\":+1}",
		"{\"a\":[1,2,]}", "{\"a\":[,1]}", "{\"a\":{\"b\":1,}}", "{\"a\":[1 2]}", "{\"a\":truefalse}",
		"{\"a\":nul}", "{\"a\":[true,false,null]}", " {\"a\" : [ ] , \"b\" : { } } ", "{\"a\":1}\x0b",
		"{\"a\":1}{}", "{\"a\":\"x\"\"y\"}", "{\"a\":\"\\/\\b\\f\\n\\r\\t\\\\\\\"\"}", "{\"a\":\"\\a\"}",
		"{\"id\":\"1\",\"payload\":{\"size\":2 \"distinct_size\":1}}", "{\"a\":1,\"a\":2}", "{1:2}",
		"{\"a\":12345678901234567890123}", "{\"a\":1e400}",
	};
	struct tally t = {0};
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
		agree(lines[i], strlen(lines[i]), lines[i], &t);
	/* Beyond jansson's number range, still valid RFC 8259. */
	struct sw_gha_event ev;
	assert_true(sw_gha_json_extract_strict("{\"a\":1e400}", 11, &ev, NULL));
	assert_int_equal(t.unsure, 2);
}

/* The conformance suite: every y_ object accepted, every n_ file refused,
 * and on i_ files the same verdict as jansson where jansson can say. */
struct verdicts {
	int yes, no;
	struct tally t;
};

static void conformance_file(const char *name, const struct sw_buf *b, void *ud)
{
	struct verdicts *v = ud;
	const char *data = b->data ? b->data : "";
	size_t k = strspn(data, " \t\r\n");
	struct sw_gha_event ev;
	bool ok = sw_gha_json_extract_strict(data, b->len, &ev, NULL);
	bool object = k < b->len && data[k] == '{';
	if (name[0] == 'y' && object && !ok)
		fail_msg("valid object refused: %s", name);
	if ((name[0] == 'n' || !object) && ok)
		fail_msg("accepted: %s", name);
	if (name[0] == 'i' && object)
		agree(data, b->len, name, &v->t);
	v->yes += name[0] == 'y' && object;
	v->no += name[0] == 'n';
}

static void strict_conformance(void **state)
{
	(void)state;
	struct verdicts v = {0};
	tu_each_shared_file("json-test-suite/test_parsing", conformance_file, &v);
	assert_true(v.yes >= 10);
	assert_true(v.no > 150);
}

static bool streq(const char *p, size_t n, const char *want)
{
	return p && want && n == strlen(want) && !memcmp(p, want, n);
}

static enum sw_gha_action action_of(const char *a)
{
	static const char *const names[] = {"started", "opened", "closed", "published", "created"};
	static const enum sw_gha_action v[] = {SW_GHA_ACT_STARTED, SW_GHA_ACT_OPENED, SW_GHA_ACT_CLOSED,
					       SW_GHA_ACT_PUBLISHED, SW_GHA_ACT_CREATED};
	if (!a)
		return SW_GHA_ACT_NONE;
	for (size_t i = 0; i < 5; i++)
		if (!strcmp(a, names[i]))
			return v[i];
	return SW_GHA_ACT_OTHER;
}

/* One real event: the fields the extractor gives equal jansson's reading. */
static void same_as_jansson(const struct sw_gha_event *ev, json_t *o, const char *line)
{
	json_t *actor = json_object_get(o, "actor"), *repo = json_object_get(o, "repo"),
	       *p = json_object_get(o, "payload"), *pr = json_object_get(p, "pull_request");
	const char *type = json_string_value(json_object_get(o, "type"));
	int64_t t;
	bool ok = sw_time_parse(json_string_value(json_object_get(o, "created_at")), &t) &&
		  ev->id == strtoull(json_string_value(json_object_get(o, "id")), NULL, 10) &&
		  ev->actor_id == json_integer_value(json_object_get(actor, "id")) &&
		  streq(ev->login, ev->login_len, json_string_value(json_object_get(actor, "login"))) &&
		  ev->repo_id == json_integer_value(json_object_get(repo, "id")) &&
		  streq(ev->repo_name, ev->repo_name_len, json_string_value(json_object_get(repo, "name"))) &&
		  ev->created_at == t;
	if (ok && !strcmp(type, "PushEvent"))
		ok = ev->type == SW_GHA_PUSH && ev->size == json_integer_value(json_object_get(p, "size")) &&
		     ev->distinct_size == json_integer_value(json_object_get(p, "distinct_size"));
	else if (ok && (!strcmp(type, "PullRequestEvent") || !strcmp(type, "IssuesEvent") ||
			!strcmp(type, "WatchEvent") || !strcmp(type, "ReleaseEvent")))
		ok = ev->action == action_of(json_string_value(json_object_get(p, "action")));
	if (ok && !strcmp(type, "PullRequestEvent") && ev->action == SW_GHA_ACT_CLOSED)
		ok = ev->merged == json_is_true(json_object_get(pr, "merged"));
	if (!ok)
		fail_msg("fields differ from jansson's on: %.300s", line);
}

/* The unmutated real lines: fast and strict give jansson's fields. */
static void real_2021_fields(void **state)
{
	(void)state;
	struct lines ls;
	load_lines(&ls);
	int merged = 0;
	for (size_t i = 0; i < ls.n; i++) {
		json_error_t je;
		json_t *o = json_loads(ls.l[i], 0, &je);
		assert_non_null(o);
		struct sw_gha_event fast, strict;
		assert_true(sw_gha_json_extract(ls.l[i], strlen(ls.l[i]), &fast, NULL));
		assert_true(sw_gha_json_extract_strict(ls.l[i], strlen(ls.l[i]), &strict, NULL));
		same_as_jansson(&fast, o, ls.l[i]);
		same_as_jansson(&strict, o, ls.l[i]);
		merged += fast.merged == 1;
		json_decref(o);
	}
	assert_true(merged > 5);
	free_lines(&ls);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(strict_edges),
		cmocka_unit_test(strict_conformance),
		cmocka_unit_test(real_2021_fields),
		cmocka_unit_test(strict_vs_jansson_mutated_real),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
