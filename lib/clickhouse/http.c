/* http.c: ClickHouse's HTTP interface through libcurl: the handle (URL,
 * database, credentials, time limits), connections kept alive between
 * queries, one query with its errors in one line, and the encodings a
 * query needs (gzip bodies, TSV fields, SQL string literals).
 *
 * The handle itself (URL, credentials, the server check) is handle.c.
 *
 * Only HTTP and SQL that newer servers also accept are used, so the same
 * code runs against Debian's 18.16 and current releases. */
#include <ctype.h>
#include <libdeflate.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "clickhouse_int.h"

struct ch_conn {
	const struct sw_ch *ch;
	CURL *curl;
};

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static void curl_init_once(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

/* ------------------------------------------------------------ encodings */

sw_err ch_gzip(const void *data, size_t n, struct sw_buf *out, struct sw_error *err)
{
	/* Level 1: the network, not the ratio, is what is short; libdeflate is
	 * fast enough that compressing costs less than sending plain. */
	struct libdeflate_compressor *c = libdeflate_alloc_compressor(1);
	if (!c)
		return sw_error_set(err, SW_ENOMEM, "out of memory compressing a ClickHouse request");
	size_t bound = libdeflate_gzip_compress_bound(c, n);
	sw_buf_reset(out);
	sw_err e = sw_buf_reserve(out, bound + 1);
	size_t got = e ? 0 : libdeflate_gzip_compress(c, data, n, out->data, bound);
	libdeflate_free_compressor(c);
	if (e || !got)
		return sw_error_set(err, SW_ENOMEM, "out of memory compressing a ClickHouse request");
	out->len = got;
	return SW_OK;
}

/* ------------------------------------------------------------ connections */

sw_err ch_conn_open(const struct sw_ch *c, struct ch_conn **out, struct sw_error *err)
{
	pthread_once(&curl_once, curl_init_once);
	struct ch_conn *k = calloc(1, sizeof *k);
	if (!k || !(k->curl = curl_easy_init())) {
		free(k);
		return sw_error_set(err, SW_ENOMEM, "out of memory starting the ClickHouse client");
	}
	k->ch = c;
	*out = k;
	return SW_OK;
}

void ch_conn_free(struct ch_conn *k)
{
	if (!k)
		return;
	curl_easy_cleanup(k->curl);
	free(k);
}

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
	struct sw_buf *b = ud;
	size_t len = size * n;
	if (b->len + len > CH_MAX_ANSWER || sw_buf_append(b, p, len))
		return 0; /* curl then fails the transfer: reported as too large */
	return len;
}

/* The request URL: base/[?query=SQL] (SQL percent-encoded). Statements
 * name their tables with the database, which may not exist yet. */
static sw_err request_url(struct ch_conn *k, const char *sql, bool in_url, struct sw_buf *url)
{
	sw_err e = sw_buf_printf(url, "%s/", k->ch->base);
	if (!e && in_url) {
		char *q = curl_easy_escape(k->curl, sql, 0);
		e = q ? sw_buf_printf(url, "?query=%s", q) : SW_ENOMEM;
		curl_free(q);
	}
	return e;
}

/* ClickHouse's errors begin "Code: N"; anything else came from something
 * else (another web server, a proxy): say so rather than echo its page. A
 * proxy's 502/503/504 means the server behind it is away: rerun later. */
static sw_err answer_error(struct ch_conn *k, long status, const struct sw_buf *body, struct sw_error *err)
{
	int code = 0;
	if (!body->data || sscanf(body->data, "Code: %d", &code) != 1) {
		sw_err e = status == 401 || status == 403 ? SW_EAUTH
			   : status == 502 || status == 503 || status == 504 ? SW_ENET : SW_EHTTP;
		return sw_error_set(err, e, "ClickHouse at %s: answered HTTP %ld with a page that is not ClickHouse's",
				    k->ch->where, status);
	}
	char text[640];
	ch_exception_text(body->data, body->len, text, sizeof text);
	/* 192 unknown user, 193 wrong password, 516 authentication failed */
	sw_err e = code == 192 || code == 193 || code == 516 || status == 401 || status == 403 ? SW_EAUTH : SW_EHTTP;
	return sw_error_set(err, e, "ClickHouse at %s: %s", k->ch->where, text);
}

static void set_transfer(struct ch_conn *k, const char *url, struct curl_slist *hdr, struct sw_buf *answer)
{
	CURL *h = k->curl;
	curl_easy_reset(h);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "stackwatch");
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, k->ch->timeout_s);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, k->ch->connect_timeout_s);
	/* A server that stops talking mid-answer is a failure, not a hang. */
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, k->ch->timeout_s);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, answer);
	if (k->ch->user || k->ch->password) {
		curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(h, CURLOPT_USERNAME, k->ch->user ? k->ch->user : "default");
		curl_easy_setopt(h, CURLOPT_PASSWORD, k->ch->password ? k->ch->password : "");
	}
}

sw_err ch_query(struct ch_conn *k, const char *sql, const void *data, size_t len, bool gzip, struct sw_buf *out,
		struct sw_error *err)
{
	struct sw_buf url = SW_BUF_INIT, answer = SW_BUF_INIT;
	sw_buf_init(&answer, CH_MAX_ANSWER);
	struct curl_slist *hdr = NULL;
	sw_err e = request_url(k, sql, data != NULL, &url);
	if (!e && gzip && !(hdr = curl_slist_append(hdr, "Content-Encoding: gzip")))
		e = SW_ENOMEM;
	if (!e && !(hdr = curl_slist_append(hdr, "Content-Type: text/plain; charset=utf-8")))
		e = SW_ENOMEM;
	if (e) {
		curl_slist_free_all(hdr);
		sw_buf_release(&url);
		return sw_error_set(err, SW_ENOMEM, "out of memory building a ClickHouse request");
	}
	set_transfer(k, url.data, hdr, &answer);
	curl_easy_setopt(k->curl, CURLOPT_POSTFIELDS, data ? data : (const void *)sql);
	curl_easy_setopt(k->curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(data ? len : strlen(sql)));
	CURLcode rc = curl_easy_perform(k->curl);
	long status = 0;
	curl_easy_getinfo(k->curl, CURLINFO_RESPONSE_CODE, &status);
	if (rc == CURLE_WRITE_ERROR)
		e = sw_error_set(err, SW_ELIMIT, "ClickHouse at %s: answer larger than %zu bytes", k->ch->where,
				 (size_t)CH_MAX_ANSWER);
	else if (rc != CURLE_OK)
		e = sw_error_set(err, SW_ENET, "ClickHouse at %s: %s", k->ch->where, curl_easy_strerror(rc));
	else if (status != 200)
		e = answer_error(k, status, &answer, err);
	curl_slist_free_all(hdr);
	sw_buf_release(&url);
	if (!e && out) {
		sw_buf_release(out);
		*out = answer; /* taken over: the caller releases it */
	} else
		sw_buf_release(&answer);
	return e;
}
