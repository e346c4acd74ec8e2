/* test_web.c: the web app: form/query parsing, listen addresses, CSRF
 * tokens, and a real server on a free loopback port over the real curated
 * snapshot, spoken to with raw sockets (so malformed requests can be sent):
 * the cached list must equal the store's SQL list query for every filter and
 * sort; figures computed independently (Python over the CSV); escaping;
 * every class of bad request gets a 4xx and the server keeps serving;
 * submit with CSRF, validation and rate limit; admin review. */
#include <arpa/inet.h>
#include <jansson.h>
#include <libdeflate.h>
#include <math.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "stackwatch/core.h"
#include "stackwatch/web.h"
#include "testutil.h"

/* ---------------------------------------------------------------- parsers */

static void test_form_parse(void **state)
{
	struct sw_web_form f;
	const char *s = "a=1&b=x+y&c=%41%42&&d&e=%E4%B8%AD";
	assert_int_equal(sw_web_form_parse(s, strlen(s), &f, NULL), SW_OK);
	assert_int_equal(f.n, 5);
	assert_string_equal(sw_web_form_get(&f, "a"), "1");
	assert_string_equal(sw_web_form_get(&f, "b"), "x y");
	assert_string_equal(sw_web_form_get(&f, "c"), "AB");
	assert_null(sw_web_form_get(&f, "d")); /* present but empty */
	assert_string_equal(sw_web_form_get(&f, "e"), "中");
	assert_null(sw_web_form_get(&f, "zz"));
	sw_web_form_release(&f);

	static const char *const bad[] = {"q=%zz", "q=%4", "q=%", "q=%ff%fe", "q=a%00b", "=x", "q=%C0%AF"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct sw_error err = {0};
		assert_int_not_equal(sw_web_form_parse(bad[i], strlen(bad[i]), &f, &err), SW_OK);
		assert_int_equal(f.n, 0);
		assert_true(strlen(err.msg) > 0);
	}
	/* Too many fields, too long a value. */
	char many[1024] = "";
	for (int i = 0; i < SW_WEB_FORM_MAX_FIELDS + 1; i++)
		strcat(many, "k=v&");
	assert_int_equal(sw_web_form_parse(many, strlen(many), &f, NULL), SW_ELIMIT);
	char *big = malloc(SW_WEB_FORM_MAX_VALUE + 10);
	memset(big, 'x', SW_WEB_FORM_MAX_VALUE + 9);
	big[0] = 'q';
	big[1] = '=';
	big[SW_WEB_FORM_MAX_VALUE + 9] = 0;
	assert_int_equal(sw_web_form_parse(big, strlen(big), &f, NULL), SW_ELIMIT);
	free(big);
	/* Added pairs get the same checks. */
	struct sw_web_form g = {0};
	assert_int_equal(sw_web_form_add(&g, "q", "ok", NULL), SW_OK);
	assert_int_equal(sw_web_form_add(&g, "q", "\xff", NULL), SW_EPARSE);
	assert_int_equal(g.n, 1);
	sw_web_form_release(&g);
}

static void test_listq(void **state)
{
	struct sw_web_form f;
	struct sw_web_listq lq;
	const char *s = "sort=name&page=3&per=20&layer=AI+engineering&new=1&quiet=0";
	assert_int_equal(sw_web_form_parse(s, strlen(s), &f, NULL), SW_OK);
	assert_int_equal(sw_web_listq_parse(&f, &lq, NULL), SW_OK);
	assert_int_equal(lq.q.sort, SW_SORT_NAME);
	assert_true(lq.q.ascending); /* names default to A-Z */
	assert_int_equal(lq.q.offset, 40);
	assert_int_equal(lq.q.limit, 20);
	assert_string_equal(lq.q.layer, "AI engineering");
	assert_true(lq.q.new_this_week);
	assert_false(lq.q.quiet);
	sw_web_form_release(&f);

	s = "";
	assert_int_equal(sw_web_form_parse(s, 0, &f, NULL), SW_OK);
	assert_int_equal(sw_web_listq_parse(&f, &lq, NULL), SW_OK);
	assert_int_equal(lq.q.sort, SW_SORT_STARS);
	assert_false(lq.q.ascending);
	assert_int_equal(lq.q.limit, SW_WEB_PER_DEFAULT);
	assert_int_equal(lq.q.offset, 0);
	sw_web_form_release(&f);

	static const char *const bad[] = {"sort=bogus", "dir=up", "page=0", "page=-1", "per=100000", "per=x",
					  "as_of=yesterday"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct sw_error err = {0};
		assert_int_equal(sw_web_form_parse(bad[i], strlen(bad[i]), &f, NULL), SW_OK);
		assert_int_equal(sw_web_listq_parse(&f, &lq, &err), SW_EINVAL);
		assert_non_null(strstr(err.msg, "parameter"));
		sw_web_form_release(&f);
	}
}

static void test_listen(void **state)
{
	char host[64];
	uint16_t port;
	bool lo;
	assert_int_equal(sw_web_parse_listen(NULL, host, &port, &lo, NULL), SW_OK);
	assert_string_equal(host, "127.0.0.1");
	assert_int_equal(port, 8080);
	assert_true(lo);
	assert_int_equal(sw_web_parse_listen("0.0.0.0:80", host, &port, &lo, NULL), SW_OK);
	assert_false(lo);
	assert_int_equal(sw_web_parse_listen("[::1]:0", host, &port, &lo, NULL), SW_OK);
	assert_string_equal(host, "::1");
	assert_true(lo);
	assert_int_equal(sw_web_parse_listen("localhost:9", host, &port, &lo, NULL), SW_OK);
	assert_true(lo);
	assert_int_equal(sw_web_parse_listen("192.168.1.5:9", host, &port, &lo, NULL), SW_OK);
	assert_false(lo);
	static const char *const bad[] = {"example.com:80", "1.2.3.4:70000", "nohost", ":80", "[::1]80", "1.2.3.4:"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(sw_web_parse_listen(bad[i], host, &port, &lo, NULL), SW_EINVAL);
}

static void test_path_ok(void **state)
{
	static const char *const good[] = {"/", "/r/a/b", "/r/a.b/c..d", "/api/repos", "/r/中文/x", "/.well-known"};
	static const char *const bad[] = {"", "r/a", "/..", "/../x", "/a/../b", "/a/..", "/./a", "/a/.", "/a\\b",
					  "/a\x01", "/\xff", "/a\x7f"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_true(sw_web_path_ok(good[i]));
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (sw_web_path_ok(bad[i]))
			fail_msg("accepted bad path #%zu", i);
	char longp[1100];
	memset(longp, 'a', sizeof longp - 1);
	longp[0] = '/';
	longp[sizeof longp - 1] = 0;
	assert_false(sw_web_path_ok(longp));
}

static void test_csrf(void **state)
{
	uint8_t k[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, k2[16] = {0};
	const char *sid = "0123456789abcdef0123456789abcdef", *sid2 = "fedcba9876543210fedcba9876543210";
	char t[64], t2[64];
	sw_web_csrf_token(k, sid, 1000000, t);
	assert_true(sw_web_csrf_check(k, sid, t, 1000000, 60));
	assert_true(sw_web_csrf_check(k, sid, t, 1000060, 60));
	assert_false(sw_web_csrf_check(k, sid, t, 1000061, 60)); /* expired */
	assert_false(sw_web_csrf_check(k, sid, t, 999999, 60));  /* from the future */
	assert_false(sw_web_csrf_check(k2, sid, t, 1000000, 60)); /* other secret */
	/* Bound to the client's own id: two clients in the same second get two
	 * tokens, and neither passes with the other's id (or a token as id). */
	sw_web_csrf_token(k, sid2, 1000000, t2);
	assert_string_not_equal(t, t2);
	assert_false(sw_web_csrf_check(k, sid2, t, 1000000, 60));
	assert_false(sw_web_csrf_check(k, t, t, 1000000, 60));
	assert_false(sw_web_csrf_check(k, NULL, t, 1000000, 60));
	assert_false(sw_web_csrf_check(k, "0123456789ABCDEF0123456789ABCDEF", t, 1000000, 60));
	assert_false(sw_web_csrf_sid_ok("0123456789abcdef0123456789abcde"));
	assert_false(sw_web_csrf_sid_ok("0123456789abcdef0123456789abcdef0"));
	char bad[64];
	strcpy(bad, t);
	bad[strlen(bad) - 1] ^= 1;
	assert_false(sw_web_csrf_check(k, sid, bad, 1000000, 60));
	strcpy(bad, t);
	bad[0] = '2'; /* claims another time under the same MAC */
	assert_false(sw_web_csrf_check(k, sid, bad, 2000000, 2000000));
	assert_false(sw_web_csrf_check(k, sid, "", 1000000, 60));
	assert_false(sw_web_csrf_check(k, sid, NULL, 1000000, 60));
	assert_false(sw_web_csrf_check(k, sid, "1000000.", 1000000, 60));
}

/* Host and Origin: the listen address, localhost on loopback, any IP on a
 * wildcard bind, the --public-url host; ports are not compared. */
static void test_hosts(void **state)
{
	(void)state;
	struct sw_web_hosts h;
	assert_int_equal(sw_web_hosts_init(&h, "127.0.0.1:8080", NULL, NULL), SW_OK);
	assert_true(sw_web_host_ok(&h, "127.0.0.1:8080"));
	assert_true(sw_web_host_ok(&h, "LOCALHOST:8080"));
	assert_true(sw_web_host_ok(&h, "127.0.0.1"));
	assert_false(sw_web_host_ok(&h, "evil.example:8080"));
	assert_false(sw_web_host_ok(&h, "127.0.0.1.evil.example"));
	assert_false(sw_web_host_ok(&h, "127.0.0.2"));
	assert_false(sw_web_host_ok(&h, "127.0.0.1:80x"));
	assert_false(sw_web_host_ok(&h, "127.0.0.1:"));
	assert_false(sw_web_host_ok(&h, ""));
	assert_false(sw_web_host_ok(&h, NULL));
	assert_true(sw_web_origin_ok(&h, "http://127.0.0.1:8080"));
	assert_true(sw_web_origin_ok(&h, "http://localhost:8080/submit?x=1"));
	assert_false(sw_web_origin_ok(&h, "null"));
	assert_false(sw_web_origin_ok(&h, "http://evil.example"));
	assert_false(sw_web_origin_ok(&h, "http://127.0.0.1@evil.example/"));
	assert_false(sw_web_origin_ok(&h, "ftp://127.0.0.1"));
	assert_int_equal(sw_web_hosts_init(&h, "0.0.0.0:80", "https://Watch.Example.org/sw/", NULL), SW_OK);
	assert_true(sw_web_host_ok(&h, "192.0.2.7"));
	assert_true(sw_web_host_ok(&h, "[2001:db8::1]:80"));
	assert_true(sw_web_host_ok(&h, "watch.example.org"));
	assert_false(sw_web_host_ok(&h, "localhost")); /* not a loopback bind */
	assert_false(sw_web_host_ok(&h, "other.example.org"));
	assert_true(sw_web_origin_ok(&h, "https://watch.example.org"));
	assert_int_equal(sw_web_hosts_init(&h, "[::1]:0", NULL, NULL), SW_OK);
	assert_true(sw_web_host_ok(&h, "[::1]:4000"));
	assert_true(sw_web_host_ok(&h, "localhost:4000"));
	assert_int_equal(sw_web_hosts_init(&h, "127.0.0.1:0", "watch.example.org", NULL), SW_EINVAL);
}

/* ---------------------------------------------------------------- HTTP */

struct http {
	int status;
	char *raw;   /* whole response */
	char *body;  /* into raw */
};

static void http_release(struct http *h)
{
	free(h->raw);
	memset(h, 0, sizeof *h);
}

/* Send raw bytes, read the response until the server closes. */
static int http_raw(uint16_t port, const char *req, size_t len, struct http *out)
{
	memset(out, 0, sizeof *out);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	struct timeval tv = {10, 0};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	if (connect(fd, (struct sockaddr *)&a, sizeof a)) {
		close(fd);
		return -1;
	}
	size_t off = 0;
	while (off < len) {
		ssize_t n = send(fd, req + off, len - off, MSG_NOSIGNAL);
		if (n <= 0)
			break; /* the server may answer and close early (e.g. 413) */
		off += (size_t)n;
	}
	size_t cap = 1 << 16, got = 0;
	char *buf = malloc(cap + 1);
	for (;;) {
		if (got == cap) {
			cap *= 2;
			buf = realloc(buf, cap + 1);
		}
		ssize_t n = recv(fd, buf + got, cap - got, 0);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	buf[got] = 0;
	out->raw = buf;
	if (sscanf(buf, "HTTP/1.%*d %d", &out->status) != 1)
		out->status = 0;
	char *b = strstr(buf, "\r\n\r\n");
	out->body = b ? b + 4 : buf + got;
	return out->status;
}

static int http_get(uint16_t port, const char *path, struct http *out)
{
	char req[4096];
	int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", path);
	return http_raw(port, req, (size_t)n, out);
}

static int http_post(uint16_t port, const char *path, const char *cookie, const char *extra, const char *body,
		     struct http *out)
{
	char req[8192];
	int n = snprintf(req, sizeof req,
			 "POST %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n%s%s%s%s"
			 "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %zu\r\n\r\n%s",
			 path, cookie ? "Cookie: " : "", cookie ? cookie : "", cookie ? "\r\n" : "", extra ? extra : "",
			 strlen(body), body);
	return http_raw(port, req, (size_t)n, out);
}

static const char *header(const struct http *h, const char *name, char *out, size_t n)
{
	char want[64];
	snprintf(want, sizeof want, "\r\n%s: ", name);
	const char *p = strcasestr(h->raw, want);
	if (!p || p > h->body)
		return NULL;
	p += strlen(want);
	size_t l = strcspn(p, "\r\n");
	snprintf(out, n, "%.*s", (int)(l < n - 1 ? l : n - 1), p);
	return out;
}

/* ---------------------------------------------------------------- server */

struct fixture {
	char *db;
	struct sw_web *w;
	uint16_t port;
	struct sw_store *s;
};

static char *import_real(const char *name)
{
	char *csv = tu_shared("llama-police-2024-11-05.csv");
	char *json = tu_shared("llama-police-2024-09-30.json");
	char *db = tu_path(name);
	char cmd[2048];
	snprintf(cmd, sizeof cmd, "rm -f '%s'; '%s' --db '%s' import '%s' '%s' 2>/dev/null", db, SW_CLI, db, json, csv);
	assert_int_equal(tu_run(cmd, NULL), 0);
	free(csv);
	free(json);
	return db;
}

static int setup_server(void **state)
{
	static struct fixture f;
	f.db = import_real("web.db");
	struct sw_web_opts o = {.listen = "127.0.0.1:0", .db_path = f.db, .admin_token = "test-admin-token-123",
				.submit_limit = 3};
	struct sw_error err = {0};
	assert_int_equal(sw_web_start(&o, &f.w, &err), SW_OK);
	f.port = sw_web_port(f.w);
	assert_true(f.port > 0);
	assert_int_equal(sw_store_open(f.db, &f.s, NULL), SW_OK);
	*state = &f;
	return 0;
}

static int teardown_server(void **state)
{
	struct fixture *f = *state;
	sw_web_stop(f->w);
	sw_store_free(f->s);
	return 0;
}

/* The repo names of an /api/repos answer, in order; total in *total. */
static json_t *api_list(uint16_t port, const char *qs, size_t *total)
{
	char path[1024];
	snprintf(path, sizeof path, "/api/repos?per=1000&%s", qs);
	struct http h;
	assert_int_equal(http_get(port, path, &h), 200);
	json_error_t je;
	json_t *j = json_loads(h.body, 0, &je);
	if (!j)
		fail_msg("bad JSON for %s: %s", qs, je.text);
	*total = (size_t)json_integer_value(json_object_get(j, "total"));
	http_release(&h);
	return j;
}

static void test_cache_matches_store(void **state)
{
	struct fixture *f = *state;
	static const struct {
		const char *qs;
		struct sw_query q;
	} cases[] = {
		{"", {.sort = SW_SORT_STARS}},
		{"sort=star_7d", {.sort = SW_SORT_STAR_7D}},
		{"sort=star_1d_pct&dir=asc", {.sort = SW_SORT_STAR_1D_PCT, .ascending = true}},
		{"sort=name", {.sort = SW_SORT_NAME, .ascending = true}},
		{"sort=name&dir=desc", {.sort = SW_SORT_NAME}},
		{"sort=layer", {.sort = SW_SORT_LAYER, .ascending = true}},
		{"sort=subcat&dir=desc", {.sort = SW_SORT_SUBCAT}},
		{"sort=created", {.sort = SW_SORT_CREATED}},
		{"sort=updated&dir=asc", {.sort = SW_SORT_UPDATED, .ascending = true}},
		{"sort=contributors", {.sort = SW_SORT_CONTRIBUTORS}},
		{"sort=downloads&dir=asc", {.sort = SW_SORT_DOWNLOADS, .ascending = true}},
		{"sort=forks", {.sort = SW_SORT_FORKS}},
		{"sort=country", {.sort = SW_SORT_COUNTRY, .ascending = true}},
		{"layer=ai+engineering", {.layer = "ai engineering"}},
		{"layer=AI+engineering&subcat=AIE+framework&sort=star_7d_pct", {.layer = "AI engineering", .subcat = "AIE framework", .sort = SW_SORT_STAR_7D_PCT}},
		{"q=LLaMA", {.search = "LLaMA"}},
		{"q=%E4%B8%AD%E6%96%87", {.search = "中文"}},
		{"quiet=1&sort=name", {.quiet = true, .sort = SW_SORT_NAME, .ascending = true}},
		{"new=1", {.new_this_week = true}},
		{"owner=OpenAI", {.owner = "OpenAI"}},
		{"q=a&sort=name", {.search = "a", .sort = SW_SORT_NAME, .ascending = true}},
		{"q=%26", {.search = "&"}},
		{"q=TensorFlow%2Ftensorflow", {.search = "TensorFlow/tensorflow"}},
		{"q=e.&layer=model+repo&sort=forks&dir=asc", {.search = "e.", .layer = "model repo", .sort = SW_SORT_FORKS, .ascending = true}},
		{"subcat=agent&quiet=1", {.subcat = "agent", .quiet = true}},
		{"layer=No+such+layer", {.layer = "No such layer"}},
		{"country=nowhere", {.country = "nowhere"}},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t total;
		json_t *j = api_list(f->port, cases[i].qs, &total);
		struct sw_repo_list l;
		assert_int_equal(sw_store_list(f->s, &cases[i].q, &l, NULL), SW_OK);
		if (total != l.n)
			fail_msg("%s: web total %zu, store %zu", cases[i].qs, total, l.n);
		json_t *arr = json_object_get(j, "repos");
		size_t shown = json_array_size(arr);
		assert_int_equal(shown, total < 1000 ? total : 1000);
		for (size_t k = 0; k < shown; k++) {
			char full[256];
			snprintf(full, sizeof full, "%s/%s", l.rows[k].repo.owner, l.rows[k].repo.name);
			const char *got = json_string_value(json_object_get(json_array_get(arr, k), "repo"));
			if (strcmp(full, got))
				fail_msg("%s: row %zu is %s, store says %s", cases[i].qs, k, got, full);
		}
		sw_repo_list_release(&l);
		json_decref(j);
	}
}

/* Figures computed independently with Python's csv module over
 * llama-police-2024-11-05.csv (see docs/web.md). */
static void test_figures(void **state)
{
	struct fixture *f = *state;
	size_t total;
	json_t *j = api_list(f->port, "", &total);
	assert_int_equal(total, 680);
	json_decref(j);
	j = api_list(f->port, "layer=AI+engineering", &total);
	assert_int_equal(total, 179);
	json_decref(j);
	j = api_list(f->port, "layer=AI+engineering&subcat=AIE+framework", &total);
	assert_int_equal(total, 46);
	json_decref(j);
	j = api_list(f->port, "q=llama", &total);
	assert_int_equal(total, 49);
	json_decref(j);
	j = api_list(f->port, "quiet=1", &total);
	assert_int_equal(total, 25);
	json_decref(j);
	j = api_list(f->port, "sort=star_7d", &total);
	json_t *arr = json_object_get(j, "repos");
	assert_string_equal(json_string_value(json_object_get(json_array_get(arr, 0), "repo")), "abi/screenshot-to-code");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(arr, 0), "star_7d")), 1634);
	assert_string_equal(json_string_value(json_object_get(json_array_get(arr, 1), "repo")), "Microsoft/genaiscript");
	json_decref(j);

	/* A past snapshot comes from the store: the 2024-09-30 JSON file holds
	 * 53 repos, the only ones with metrics then (the list, like the CLI's,
	 * keeps every tracked repo). */
	j = api_list(f->port, "as_of=2024-09-30", &total);
	assert_int_equal(total, 680);
	size_t with = 0;
	for (size_t i = 0; i < json_array_size(json_object_get(j, "repos")); i++)
		with += !json_is_null(json_object_get(json_array_get(json_object_get(j, "repos"), i), "stars"));
	assert_int_equal(with, 53);
	assert_string_equal(json_string_value(json_object_get(j, "as_of")), "2024-09-30T23:59:59Z");
	json_decref(j);

	/* Paging: page 2 of 50 starts at rank 51 and the HTML says so. */
	struct http h;
	assert_int_equal(http_get(f->port, "/?page=2", &h), 200);
	assert_non_null(strstr(h.body, "Showing 51–100 of 680 repos"));
	assert_non_null(strstr(h.body, "<td class=\"num rank opt\">51</td>"));
	http_release(&h);
	/* Past the last page: said so, not "Showing 0-4900 of 680". */
	assert_int_equal(http_get(f->port, "/?page=99", &h), 200);
	assert_non_null(strstr(h.body, "Page 99 is past the end: 680 repos fill 14 pages"));
	assert_null(strstr(h.body, "Showing"));
	http_release(&h);
	/* CSV of a view: header + every matching row. */
	assert_int_equal(http_get(f->port, "/api/repos?format=csv&layer=Tutorials", &h), 200);
	int lines = 0;
	for (const char *p = h.body; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 1 + 19);
	assert_non_null(strstr(h.raw, "Content-Type: text/csv"));
	http_release(&h);
}

static void test_pages_escape(void **state)
{
	struct fixture *f = *state;
	struct http h;
	char v[512];
	/* "... in <1000 LOC of python." */
	assert_int_equal(http_get(f->port, "/r/pytorch-labs/gpt-fast", &h), 200);
	assert_non_null(strstr(h.body, "in &lt;1000 LOC"));
	assert_null(strstr(h.body, "<1000"));
	assert_non_null(strstr(h.body, "href=\"https://github.com/pytorch-labs/gpt-fast\""));
	assert_non_null(strstr(h.body, "<svg class=\"chart chart-wide\" id=\"star-chart\""));
	assert_non_null(strstr(h.body, "<svg class=\"chart chart-narrow\""));
	/* one snapshot: said in words, not left to a lone dot */
	assert_non_null(strstr(h.body, "One snapshot so far (2024-11-05): this is all the history there is"));
	assert_non_null(strstr(h.body, "classification: curated"));
	http_release(&h);
	/* Other letter case (or a former name): redirected to the canonical page. */
	assert_int_equal(http_get(f->port, "/r/GGERGANOV/LLAMA.CPP", &h), 301);
	assert_string_equal(header(&h, "Location", v, sizeof v), "/r/ggerganov/llama.cpp");
	http_release(&h);
	/* Quotes, & and Chinese in the list page. */
	assert_int_equal(http_get(f->port, "/?q=Qwen&per=200", &h), 200);
	assert_non_null(strstr(h.body, "(通义千问) chat &amp; pretrained"));
	http_release(&h);
	assert_int_equal(http_get(f->port, "/?q=%22Resistance", &h), 200);
	assert_non_null(strstr(h.body, "&quot;Resistance is futile!&quot;"));
	assert_non_null(strstr(h.body, "value=\"&quot;Resistance\"")); /* echoed search box */
	http_release(&h);
	/* Security headers on every response. */
	assert_int_equal(http_get(f->port, "/report", &h), 200);
	assert_non_null(header(&h, "Content-Security-Policy", v, sizeof v));
	assert_non_null(strstr(v, "script-src 'self'"));
	assert_non_null(strstr(v, "frame-ancestors 'none'"));
	assert_string_equal(header(&h, "X-Content-Type-Options", v, sizeof v), "nosniff");
	assert_non_null(header(&h, "Referrer-Policy", v, sizeof v));
	assert_null(strstr(h.body, "<script>")); /* no inline script */
	assert_non_null(strstr(h.body, "/models"));
	assert_non_null(strstr(h.body, "Last refreshed: <time>2024-11-05 00:00 UTC</time>"));
	http_release(&h);
	/* JSON repo endpoint and report. */
	assert_int_equal(http_get(f->port, "/api/repos/ggerganov/llama.cpp", &h), 200);
	json_t *j = json_loads(h.body, 0, NULL);
	assert_non_null(j);
	assert_int_equal(json_array_size(json_object_get(j, "snapshots")), 2);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "repo"), "stars")), 67340);
	json_decref(j);
	http_release(&h);
	assert_int_equal(http_get(f->port, "/api/report", &h), 200);
	j = json_loads(h.body, 0, NULL);
	assert_non_null(j);
	assert_int_equal(json_integer_value(json_object_get(j, "repos")), 680);
	json_decref(j);
	http_release(&h);
	assert_int_equal(http_get(f->port, "/api/repos/nobody/nothing", &h), 404);
	assert_non_null(strstr(h.body, "\"error\""));
	http_release(&h);
	assert_int_equal(http_get(f->port, "/static/app.js", &h), 200);
	http_release(&h);
	assert_int_equal(http_get(f->port, "/static/report.css", &h), 200);
	assert_non_null(strstr(h.raw, "Content-Type: text/css"));
	http_release(&h);
	assert_int_equal(http_get(f->port, "/static/../web.db", &h), 400);
	http_release(&h);
}

static void test_bad_requests(void **state)
{
	struct fixture *f = *state;
	struct http h;
	static const struct {
		const char *req;
		int lo, hi;
	} cases[] = {
		{"BREW / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 405, 405},
		{"PUT / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", 405, 405},
		{"DELETE /r/ggerganov/llama.cpp HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 405, 405},
		{"POST / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", 405, 405},
		{"GET /../../etc/passwd HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 400, 404},
		{"GET /static/../../../etc/passwd HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 400, 404},
		{"GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 400, 404},
		{"GET /r/..%2f..%2fetc/passwd HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 400, 404},
		{"GET /?q=%ff%fe HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 400, 400},
		{"GET /api/repos?q=%C0%AF HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 400, 400},
		{"GET /%ff HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 400, 404},
		{"GET /?sort=bogus HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 400, 400},
		{"GET /?page=abc HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 400, 400},
		{"GET nothing HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 400, 404},
		{"GET / HTTP/1.1\r\nbad header line\r\n\r\n", 400, 400},
		{"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nCookie: sw_csrf=\xff\xfe\r\n\r\n", 200, 200},
		{"GET / HTTP/9.9\r\nHost: localhost\r\nConnection: close\r\n\r\n", 400, 505},
		{"GET /nope HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 404, 404},
		{"GET /admin/../submit HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 400, 404},
		{"POST /submit HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 99999999\r\n\r\nabc", 413, 413},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int st = http_raw(f->port, cases[i].req, strlen(cases[i].req), &h);
		if (st < cases[i].lo || st > cases[i].hi)
			fail_msg("request %zu (%.40s): status %d, want %d-%d", i, cases[i].req, st, cases[i].lo, cases[i].hi);
		http_release(&h);
		assert_int_equal(http_get(f->port, "/api/repos?per=1", &h), 200); /* still serving */
		http_release(&h);
	}
	/* No URI at all: libmicrohttpd closes the connection without an answer. */
	assert_int_equal(http_raw(f->port, "GARBAGE\r\n\r\n", 11, &h), 0);
	http_release(&h);
	/* A header bigger than the per-connection memory limit. */
	size_t n = 200 * 1024;
	char *big = malloc(n + 256);
	int k = snprintf(big, 256, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nX-Big: ");
	memset(big + k, 'a', n);
	strcpy(big + k + n, "\r\n\r\n");
	int st = http_raw(f->port, big, strlen(big), &h);
	assert_true(st >= 400 && st < 500);
	http_release(&h);
	/* A chunked body over the limit (no Content-Length to refuse early). */
	struct sw_buf b = SW_BUF_INIT;
	assert_int_equal(sw_buf_puts(&b, "POST /submit HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
					 "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n"),
			 SW_OK);
	for (int i = 0; i < 40; i++) {
		assert_int_equal(sw_buf_printf(&b, "400\r\n"), SW_OK);
		for (int j = 0; j < 1024; j++)
			assert_int_equal(sw_buf_putc(&b, 'a'), SW_OK);
		assert_int_equal(sw_buf_puts(&b, "\r\n"), SW_OK);
	}
	assert_int_equal(sw_buf_puts(&b, "0\r\n\r\n"), SW_OK);
	assert_int_equal(http_raw(f->port, b.data, b.len, &h), 413);
	http_release(&h);
	sw_buf_release(&b);
	free(big);
	/* HEAD: headers only. */
	const char *head = "HEAD / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
	assert_int_equal(http_raw(f->port, head, strlen(head), &h), 200);
	assert_int_equal(strlen(h.body), 0);
	http_release(&h);
	assert_int_equal(http_get(f->port, "/", &h), 200);
	http_release(&h);
}

/* Read one response (headers + Content-Length body) from fd; its status. */
static int read_one(int fd, bool *close_hdr)
{
	char buf[1 << 16];
	size_t got = 0;
	char *end = NULL;
	while (!end && got < sizeof buf - 1) {
		ssize_t n = recv(fd, buf + got, sizeof buf - 1 - got, 0);
		if (n <= 0)
			return -1;
		got += (size_t)n;
		buf[got] = 0;
		end = strstr(buf, "\r\n\r\n");
	}
	if (!end)
		return -1;
	const char *cl = strcasestr(buf, "\r\nContent-Length: ");
	size_t len = cl ? strtoul(cl + 18, NULL, 10) : 0;
	*close_hdr = strcasestr(buf, "\r\nConnection: close") != NULL;
	size_t have = got - (size_t)(end + 4 - buf);
	while (have < len) {
		ssize_t n = recv(fd, buf, sizeof buf, 0);
		if (n <= 0)
			return -1;
		have += (size_t)n;
	}
	int st = 0;
	sscanf(buf, "HTTP/1.1 %d", &st);
	return st;
}

/* Keep-alive: several requests on one connection (the load-test figures
 * depend on it; libmicrohttpd closes if the answer comes too early). */
static void test_keep_alive(void **state)
{
	struct fixture *f = *state;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(f->port)};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	struct timeval tv = {10, 0};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
	static const char *const paths[] = {"/", "/api/repos?per=3", "/", "/r/ggerganov/llama.cpp", "/nope", "/"};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		char req[256];
		int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: localhost\r\n\r\n", paths[i]);
		assert_int_equal(send(fd, req, (size_t)n, MSG_NOSIGNAL), n);
		bool closing = true;
		assert_int_equal(read_one(fd, &closing), i == 4 ? 404 : 200);
		assert_false(closing);
	}
	close(fd);
}

/* gzip when the client accepts it (cached and uncached pages), identical
 * content once decompressed, plain otherwise. */
static void test_gzip(void **state)
{
	struct fixture *f = *state;
	static const char *const paths[] = {"/?sort=name&per=100", "/api/repos?q=llama", "/r/QwenLM/Qwen"};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		struct http plain, gz, q0;
		char req[512], v[128];
		assert_int_equal(http_get(f->port, paths[i], &plain), 200);
		assert_null(header(&plain, "Content-Encoding", v, sizeof v));
		for (int round = 0; round < 2; round++) { /* the second one comes from the response cache */
			int n = snprintf(req, sizeof req,
					 "GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAccept-Encoding: gzip, deflate, br\r\n\r\n",
					 paths[i]);
			assert_int_equal(http_raw(f->port, req, (size_t)n, &gz), 200);
			assert_string_equal(header(&gz, "Content-Encoding", v, sizeof v), "gzip");
			assert_string_equal(header(&gz, "Vary", v, sizeof v), "Accept-Encoding");
			assert_non_null(header(&gz, "Content-Length", v, sizeof v));
			size_t clen = strtoul(v, NULL, 10);
			size_t plen = strlen(plain.body);
			assert_true(clen < plen / 2);
			char *out = malloc(plen + 1);
			size_t got = 0;
			struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
			assert_int_equal(libdeflate_gzip_decompress(d, gz.body, clen, out, plen + 1, &got), LIBDEFLATE_SUCCESS);
			libdeflate_free_decompressor(d);
			assert_int_equal(got, plen);
			assert_memory_equal(out, plain.body, plen);
			free(out);
			http_release(&gz);
		}
		int n = snprintf(req, sizeof req,
				 "GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAccept-Encoding: gzip;q=0, identity\r\n\r\n",
				 paths[i]);
		assert_int_equal(http_raw(f->port, req, (size_t)n, &q0), 200);
		assert_null(header(&q0, "Content-Encoding", v, sizeof v));
		assert_string_equal(q0.body, plain.body);
		http_release(&q0);
		http_release(&plain);
	}
}

/* GET /submit: the CSRF cookie and the form's token. */
static void csrf_pair(uint16_t port, char cookie[128], char token[64])
{
	struct http h;
	assert_int_equal(http_get(port, "/submit", &h), 200);
	char v[256];
	assert_non_null(header(&h, "Set-Cookie", v, sizeof v));
	assert_int_equal(strncmp(v, "sw_csrf=", 8), 0);
	assert_non_null(strstr(v, "HttpOnly"));
	assert_non_null(strstr(v, "SameSite=Strict"));
	snprintf(cookie, 128, "%.*s", (int)strcspn(v, ";"), v);
	const char *p = strstr(h.body, "name=\"csrf\" value=\"");
	assert_non_null(p);
	p += strlen("name=\"csrf\" value=\"");
	snprintf(token, 64, "%.*s", (int)strcspn(p, "\""), p);
	assert_true(sw_web_csrf_sid_ok(cookie + 8)); /* a random id, not the token */
	assert_string_not_equal(token, cookie + 8);
	http_release(&h);
}

static void test_submit_and_admin(void **state)
{
	struct fixture *f = *state;
	struct http h;
	char cookie[128], tok[64], body[512], v[256];
	csrf_pair(f->port, cookie, tok);
	/* No token / no cookie / mismatched: 403, nothing stored. */
	assert_int_equal(http_post(f->port, "/submit", NULL, NULL, "repo=aa%2Fbb", &h), 403);
	http_release(&h);
	snprintf(body, sizeof body, "csrf=%s&repo=aa%%2Fbb", tok);
	assert_int_equal(http_post(f->port, "/submit", NULL, NULL, body, &h), 403);
	http_release(&h);
	assert_int_equal(http_post(f->port, "/submit", "sw_csrf=1.00", NULL, body, &h), 403);
	http_release(&h);
	assert_int_equal(tu_sql_int(f->s, "SELECT COUNT(*) FROM submissions"), 0);
	/* Script in the name: 400, shown escaped, nothing stored. */
	snprintf(body, sizeof body, "csrf=%s&repo=%%3Cscript%%3Ealert(1)%%3C%%2Fscript%%3E%%2Fx", tok);
	assert_int_equal(http_post(f->port, "/submit", cookie, NULL, body, &h), 400);
	assert_null(strstr(h.body, "<script>alert"));
	assert_non_null(strstr(h.body, "&lt;script&gt;alert(1)"));
	http_release(&h);
	/* Already tracked. */
	snprintf(body, sizeof body, "csrf=%s&repo=ggerganov%%2Fllama.cpp", tok);
	assert_int_equal(http_post(f->port, "/submit", cookie, NULL, body, &h), 400);
	assert_non_null(strstr(h.body, "&#39;ggerganov/llama.cpp&#39; is already tracked"));
	assert_non_null(strstr(h.body, "<a id=\"known-link\" href=\"/r/ggerganov/llama.cpp\">"));
	http_release(&h);
	/* Valid (as a GitHub URL, with a layer): 303 to the thank-you page. */
	snprintf(body, sizeof body, "csrf=%s&repo=https%%3A%%2F%%2Fgithub.com%%2Fnew-owner%%2Fnew.repo%%2F&layer=Applications",
		 tok);
	assert_int_equal(http_post(f->port, "/submit", cookie, NULL, body, &h), 303);
	assert_string_equal(header(&h, "Location", v, sizeof v), "/submit?ok=new-owner%2Fnew.repo");
	http_release(&h);
	assert_int_equal(tu_sql_int(f->s, "SELECT COUNT(*) FROM repos WHERE owner='new-owner' AND state='pending'"), 1);
	assert_int_equal(http_get(f->port, "/r/new-owner/new.repo", &h), 404); /* not tracked until reviewed */
	http_release(&h);
	/* Rate limit 3 per hour per client. */
	for (int i = 0; i < 2; i++) {
		snprintf(body, sizeof body, "csrf=%s&repo=rate%d%%2Flimit", tok, i);
		assert_int_equal(http_post(f->port, "/submit", cookie, NULL, body, &h), 303);
		http_release(&h);
	}
	snprintf(body, sizeof body, "csrf=%s&repo=rate9%%2Flimit", tok);
	assert_int_equal(http_post(f->port, "/submit", cookie, NULL, body, &h), 429);
	http_release(&h);
	assert_int_equal(tu_sql_int(f->s, "SELECT COUNT(*) FROM submissions"), 3);

	/* Admin: login page without credentials, 403 for actions, review with the token. */
	assert_int_equal(http_get(f->port, "/admin", &h), 200);
	assert_non_null(strstr(h.body, "login-form"));
	http_release(&h);
	snprintf(body, sizeof body, "repo=new-owner%%2Fnew.repo&action=accept");
	assert_int_equal(http_post(f->port, "/admin/review", NULL, NULL, body, &h), 403);
	http_release(&h);
	assert_int_equal(http_post(f->port, "/admin/review", NULL, "Authorization: Bearer wrong-token-xxxxx\r\n", body, &h), 403);
	http_release(&h);
	/* Cookie login. */
	csrf_pair(f->port, cookie, tok);
	snprintf(body, sizeof body, "csrf=%s&token=wrong", tok);
	assert_int_equal(http_post(f->port, "/admin/login", cookie, NULL, body, &h), 403);
	http_release(&h);
	snprintf(body, sizeof body, "csrf=%s&token=test-admin-token-123", tok);
	assert_int_equal(http_post(f->port, "/admin/login", cookie, NULL, body, &h), 303);
	assert_non_null(header(&h, "Set-Cookie", v, sizeof v));
	char admin[512];
	snprintf(admin, sizeof admin, "%.*s; %s", (int)strcspn(v, ";"), v, cookie);
	http_release(&h);
	char req[1024];
	int n = snprintf(req, sizeof req, "GET /admin HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nCookie: %s\r\n\r\n", admin);
	assert_int_equal(http_raw(f->port, req, (size_t)n, &h), 200);
	assert_non_null(strstr(h.body, "3 pending."));
	assert_non_null(strstr(h.body, "<td>Applications</td>")); /* the proposed layer */
	assert_non_null(strstr(h.body, "new-owner/new.repo"));
	http_release(&h);
	snprintf(body, sizeof body, "csrf=%s&repo=new-owner%%2Fnew.repo&action=accept", tok);
	assert_int_equal(http_post(f->port, "/admin/review", admin, NULL, body, &h), 303);
	http_release(&h);
	snprintf(body, sizeof body, "repo=rate0%%2Flimit&action=reject");
	assert_int_equal(http_post(f->port, "/admin/review", NULL, "Authorization: Bearer test-admin-token-123\r\n", body, &h), 303);
	http_release(&h);
	assert_int_equal(tu_sql_int(f->s, "SELECT COUNT(*) FROM repos WHERE state='rejected'"), 1);
	/* Accepted: tracked, with the proposed layer, visible at once (cache invalidated). */
	assert_int_equal(http_get(f->port, "/r/new-owner/new.repo", &h), 200);
	assert_non_null(strstr(h.body, "classification: override"));
	http_release(&h);
	size_t total;
	json_t *j = api_list(f->port, "owner=new-owner", &total);
	assert_int_equal(total, 1);
	json_decref(j);
}

/* A repo classified automatically (by another connection, as the
 * classifier would): the repo page marks the guess, and the list picks the
 * repo up once the watcher sees the commit. */
static void test_automatic_class(void **state)
{
	struct fixture *f = *state;
	struct sw_repo_update u = SW_REPO_UPDATE_INIT;
	u.owner = "auto-owner";
	u.name = "guessed";
	u.description = "classified by a model <b>";
	u.created_at = "<i>24</i>x"; /* hostile "dates" are text like any other */
	u.updated_at = "\"2024\"";
	u.as_of = 1730764800;
	int64_t id;
	assert_int_equal(sw_store_upsert_repo(f->s, &u, &id, NULL), SW_OK);
	assert_int_equal(sw_store_set_class(f->s, id, SW_CLASS_AUTOMATIC, "Infrastructure", "Serving", 0.73, u.as_of, NULL),
			 SW_OK);
	struct http h;
	assert_int_equal(http_get(f->port, "/r/auto-owner/guessed", &h), 200);
	assert_non_null(strstr(h.body, "class=\"badge auto\""));
	assert_non_null(strstr(h.body, "classification: automatic guess, confidence 0.73"));
	assert_non_null(strstr(h.body, "classified by a model &lt;b&gt;"));
	http_release(&h);
	bool listed = false;
	for (int i = 0; i < 50 && !listed; i++) {
		size_t total;
		json_t *j = api_list(f->port, "owner=auto-owner", &total);
		listed = total == 1;
		json_decref(j);
		if (listed) {
			assert_int_equal(http_get(f->port, "/?owner=auto-owner", &h), 200);
			assert_non_null(strstr(h.body, "<td>Infrastructure <span class=\"tag auto\""));
			assert_non_null(strstr(h.body, "<td class=\"date opt\">&lt;i&gt;24&lt;/i&gt;x</td>"));
			assert_non_null(strstr(h.body, "<td class=\"date opt\">&quot;2024&quot;</td>"));
			assert_null(strstr(h.body, "<i>24"));
			http_release(&h);
		}
		if (!listed)
			usleep(100 * 1000);
	}
	assert_true(listed);
}

/* Without a token the admin pages do not exist. */
static void test_no_admin(void **state)
{
	struct fixture *f = *state;
	struct sw_web *w2 = NULL;
	struct sw_web_opts o = {.listen = "127.0.0.1:0", .db_path = f->db, .timeout = 1};
	assert_int_equal(sw_web_start(&o, &w2, NULL), SW_OK);
	struct http h;
	/* A client that never finishes its request is cut off after the timeout
	 * (slowloris), and the server keeps serving. */
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(sw_web_port(w2))};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	struct timeval tv = {8, 0};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
	const char *part = "GET / HTTP/1.1\r\nHost: localhost\r\n";
	assert_true(send(fd, part, strlen(part), MSG_NOSIGNAL) == (ssize_t)strlen(part));
	double t0 = sw_time_now();
	char tmp[256];
	ssize_t got = recv(fd, tmp, sizeof tmp - 1, 0); /* the server's 408 */
	double waited = sw_time_now() - t0;
	close(fd);
	assert_true(got > 12);
	tmp[got] = 0;
	assert_int_equal(strncmp(tmp, "HTTP/1.1 408 ", 13), 0);
	assert_true(waited < 7.5); /* answered by the server, not our receive timeout */
	assert_int_equal(http_get(sw_web_port(w2), "/", &h), 200);
	http_release(&h);
	assert_int_equal(http_get(sw_web_port(w2), "/admin", &h), 404);
	http_release(&h);
	assert_int_equal(http_post(sw_web_port(w2), "/admin/review", NULL,
				   "Authorization: Bearer test-admin-token-123\r\n", "repo=a%2Fb&action=accept", &h),
			 405);
	http_release(&h);
	sw_web_stop(w2);
	/* Guessing the admin token: locked out after 5 failures, even with the right one then. */
	o.admin_token = "right-token-0123456789";
	o.timeout = 0;
	assert_int_equal(sw_web_start(&o, &w2, NULL), SW_OK);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(http_post(sw_web_port(w2), "/admin/review", NULL, "Authorization: Bearer guess\r\n",
					   "repo=a%2Fb&action=accept", &h),
				 403);
		http_release(&h);
	}
	assert_int_equal(http_post(sw_web_port(w2), "/admin/review", NULL,
				   "Authorization: Bearer right-token-0123456789\r\n", "repo=a%2Fb&action=accept", &h),
			 429);
	http_release(&h);
	assert_int_equal(http_get(sw_web_port(w2), "/", &h), 200); /* the public site is unaffected */
	http_release(&h);
	sw_web_stop(w2);
	o.admin_token = NULL;
	w2 = NULL;
	/* Non-loopback needs an explicit address; a bad one is refused. */
	struct sw_error err = {0};
	w2 = NULL;
	/* The port is taken: a clear error, nothing started. */
	char taken[32];
	snprintf(taken, sizeof taken, "127.0.0.1:%u", f->port);
	o.listen = taken;
	assert_int_equal(sw_web_start(&o, &w2, &err), SW_EIO);
	assert_non_null(strstr(err.msg, "cannot listen"));
	assert_null(w2);
	o.listen = "example.com:80";
	assert_int_equal(sw_web_start(&o, &w2, &err), SW_EINVAL);
	assert_null(w2);
}

/* The update-pass hook: runs on its schedule with its own connection; a
 * change it commits shows up in the pages (cache rebuilt on data_version). */
static int refresh_calls;
static sw_err fake_pass(struct sw_store *s, void *ud, struct sw_error *err)
{
	int64_t id;
	sw_err e = sw_store_find_repo(s, "ggerganov/llama.cpp", &id, err);
	if (e)
		return e;
	struct sw_snapshot snap = SW_SNAPSHOT_UNKNOWN_INIT;
	snap.taken_at = 1730851200; /* 2024-11-06 */
	snap.stars = 70000;
	snap.source = "test-pass";
	e = sw_store_put_snapshot(s, id, &snap, err);
	__atomic_add_fetch(&refresh_calls, 1, __ATOMIC_SEQ_CST);
	return e;
}

static void test_refresh_hook(void **state)
{
	char *db = import_real("refresh.db");
	struct sw_web *w = NULL;
	struct sw_web_opts o = {.listen = "127.0.0.1:0", .db_path = db, .refresh = 1};
	assert_int_equal(sw_web_start(&o, &w, NULL), SW_OK);
	struct http h;
	assert_int_equal(http_get(sw_web_port(w), "/", &h), 200);
	assert_non_null(strstr(h.body, "Last refreshed: <time>2024-11-05 00:00 UTC</time>"));
	assert_non_null(strstr(h.body, "last run never (not run yet)"));
	http_release(&h);
	sw_web_set_refresh_fn(w, fake_pass, NULL);
	/* Wait (bounded) for one pass, then for the page to reflect it. */
	bool seen = false;
	for (int i = 0; i < 100 && !seen; i++) {
		usleep(100 * 1000);
		if (__atomic_load_n(&refresh_calls, __ATOMIC_SEQ_CST) == 0)
			continue;
		assert_int_equal(http_get(sw_web_port(w), "/?q=llama.cpp", &h), 200);
		seen = strstr(h.body, "Last refreshed: <time>2024-11-06 00:00 UTC</time>") && strstr(h.body, ">70,000<") &&
		       strstr(h.body, " (ok)");
		http_release(&h);
	}
	assert_true(seen);
	sw_web_stop(w);
	free(db); /* tu_path's string */
}

/* ---- the list's facts: fork and archived columns and filters, 30-day
 * sparklines, columns of what no repo has left out (a hand-made store) ---- */
#define FACTS_T 1730764800 /* 2024-11-05 */
static void facts_repo(struct sw_store *s, const char *name, int fork, int archived, const int64_t *days,
		       const int64_t *stars, size_t n)
{
	struct sw_repo_update u = SW_REPO_UPDATE_INIT;
	u.owner = "facts";
	u.name = name;
	u.is_fork = fork;
	u.archived = archived;
	u.as_of = FACTS_T;
	int64_t id;
	assert_int_equal(sw_store_upsert_repo(s, &u, &id, NULL), SW_OK);
	assert_int_equal(sw_store_set_class(s, id, SW_CLASS_CURATED, "Applications", NULL, 1, FACTS_T, NULL), SW_OK);
	for (size_t i = 0; i < n; i++) {
		struct sw_snapshot sn = SW_SNAPSHOT_UNKNOWN_INIT;
		sn.taken_at = FACTS_T - days[i] * 86400;
		sn.stars = stars[i];
		sn.downloads = 0; /* published none: no downloads column */
		assert_int_equal(sw_store_put_snapshot(s, id, &sn, NULL), SW_OK);
	}
}

static int setup_facts(void **state)
{
	static struct fixture f;
	f.db = tu_path("facts.db");
	remove(f.db);
	struct sw_store *s = tu_store("facts.db");
	facts_repo(s, "forked", 1, 0, (const int64_t[]){20, 10, 0}, (const int64_t[]){100, 150, 200}, 3);
	facts_repo(s, "old", 0, 1, (const int64_t[]){0}, (const int64_t[]){50}, 1);
	facts_repo(s, "plain", -1, -1, (const int64_t[]){40, 0}, (const int64_t[]){10, 20}, 2);
	sw_store_free(s);
	struct sw_web_opts o = {.listen = "127.0.0.1:0", .db_path = f.db};
	assert_int_equal(sw_web_start(&o, &f.w, NULL), SW_OK);
	f.port = sw_web_port(f.w);
	*state = &f;
	return 0;
}

static int teardown_facts(void **state)
{
	struct fixture *f = *state;
	sw_web_stop(f->w);
	free(f->db);
	return 0;
}

static void test_list_facts(void **state)
{
	struct fixture *f = *state;
	struct http h;
	assert_int_equal(http_get(f->port, "/", &h), 200);
	/* known for some repo: shown; known for none (country, downloads): left out */
	assert_non_null(strstr(h.body, ">Archived</th>"));
	assert_non_null(strstr(h.body, ">Fork</th>"));
	assert_non_null(strstr(h.body, ">30 days</th>"));
	assert_null(strstr(h.body, "Country"));
	assert_null(strstr(h.body, "Downloads"));
	assert_non_null(strstr(h.body, "id=\"f-forks\""));
	/* 3 snapshots in 30 days: a line; 1 in 30 days (the other is 40 days old): a dot, said so */
	assert_non_null(strstr(h.body, "<title>3 snapshots in the last 30 days: +100 stars</title><polyline"));
	assert_non_null(strstr(h.body, "<title>one snapshot in the last 30 days: no trend yet</title>"));
	http_release(&h);
	/* only: known to be so; hide: all but those (unknown kept) */
	static const struct {
		const char *q;
		size_t total;
		const char *first;
	} cases[] = {{"forks=only", 1, "facts/forked"}, {"forks=hide", 2, "facts/old"},
		     {"archived=only", 1, "facts/old"},  {"archived=hide", 2, "facts/forked"},
		     {"forks=hide&archived=hide", 1, "facts/plain"}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t total;
		json_t *j = api_list(f->port, cases[i].q, &total);
		assert_int_equal(total, cases[i].total);
		assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(j, "repos"), 0), "repo")),
				    cases[i].first);
		json_decref(j);
	}
	assert_int_equal(http_get(f->port, "/api/repos?forks=maybe", &h), 400);
	http_release(&h);
}

int main(void)
{
	const struct CMUnitTest unit[] = {
		cmocka_unit_test(test_form_parse),
		cmocka_unit_test(test_listq),
		cmocka_unit_test(test_listen),
		cmocka_unit_test(test_csrf),
		cmocka_unit_test(test_hosts),
		cmocka_unit_test(test_path_ok),
	};
	const struct CMUnitTest server[] = {
		cmocka_unit_test(test_cache_matches_store),
		cmocka_unit_test(test_figures),
		cmocka_unit_test(test_pages_escape),
		cmocka_unit_test(test_bad_requests),
		cmocka_unit_test(test_keep_alive),
		cmocka_unit_test(test_gzip),
		cmocka_unit_test(test_submit_and_admin),
		cmocka_unit_test(test_automatic_class),
		cmocka_unit_test(test_no_admin),
		cmocka_unit_test(test_refresh_hook),
	};
	const struct CMUnitTest facts[] = {
		cmocka_unit_test(test_list_facts),
	};
	int rc = cmocka_run_group_tests_name("web_parsers", unit, NULL, NULL);
	rc |= cmocka_run_group_tests_name("web_facts", facts, setup_facts, teardown_facts);
	return rc | cmocka_run_group_tests_name("web_server", server, setup_server, teardown_server);
}
