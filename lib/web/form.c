/* web_form.c: the web app's input parsing, kept apart from the server so it
 * can be unit-tested and fuzzed: urlencoded forms / query strings, the
 * list-view URL state, the --listen address, the Host and Origin names
 * the server answers, and CSRF tokens (SipHash-2-4 MAC of a random
 * per-client id and the issue time under a per-process secret). */
#include "stackwatch/web.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>

#include "stackwatch/core.h"
#include "web_int.h"

void sw_web_form_release(struct sw_web_form *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++) {
		free(f->keys[i]);
		free(f->vals[i]);
	}
	memset(f, 0, sizeof *f);
}

static sw_err check_text(const char *what, const char *s, size_t n, struct sw_error *err)
{
	if (n > SW_WEB_FORM_MAX_VALUE)
		return sw_error_set(err, SW_ELIMIT, "parameter '%.40s': over %d bytes", what, SW_WEB_FORM_MAX_VALUE);
	if (memchr(s, 0, n))
		return sw_error_set(err, SW_EPARSE, "parameter '%.40s': NUL byte", what);
	if (sw_utf8_valid_prefix(s, n) != n)
		return sw_error_set(err, SW_EPARSE, "parameter '%.40s': invalid UTF-8", what);
	return SW_OK;
}

sw_err sw_web_form_add(struct sw_web_form *f, const char *key, const char *val, struct sw_error *err)
{
	if (!val)
		val = "";
	if (f->n >= SW_WEB_FORM_MAX_FIELDS)
		return sw_error_set(err, SW_ELIMIT, "more than %d parameters", SW_WEB_FORM_MAX_FIELDS);
	sw_err e = check_text("name", key, strlen(key), err);
	if (!e)
		e = check_text(key, val, strlen(val), err);
	if (e)
		return e;
	char *k = strdup(key), *v = strdup(val);
	if (!k || !v) {
		free(k);
		free(v);
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	}
	f->keys[f->n] = k;
	f->vals[f->n] = v;
	f->n++;
	return SW_OK;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode s[0..n) into a new NUL-terminated string (*len bytes). */
static sw_err decode(const char *s, size_t n, char **out, size_t *len, struct sw_error *err)
{
	char *d = malloc(n + 1);
	if (!d)
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+')
			d[j++] = ' ';
		else if (s[i] == '%') {
			int hi = i + 2 < n ? hexval(s[i + 1]) : -1;
			int lo = i + 2 < n ? hexval(s[i + 2]) : -1;
			if (hi < 0 || lo < 0) {
				free(d);
				return sw_error_set(err, SW_EPARSE, "bad %%-escape at byte %zu", i + 1);
			}
			d[j++] = (char)(hi * 16 + lo);
			i += 2;
		} else
			d[j++] = s[i];
	}
	d[j] = 0;
	*out = d;
	*len = j;
	return SW_OK;
}

sw_err sw_web_form_parse(const char *s, size_t len, struct sw_web_form *out, struct sw_error *err)
{
	memset(out, 0, sizeof *out);
	size_t i = 0;
	while (i < len) {
		size_t end = i;
		while (end < len && s[end] != '&')
			end++;
		if (end > i) {
			size_t eq = i;
			while (eq < end && s[eq] != '=')
				eq++;
			char *k = NULL, *v = NULL;
			size_t kl = 0, vl = 0;
			sw_err e = decode(s + i, eq - i, &k, &kl, err);
			if (!e)
				e = decode(s + (eq < end ? eq + 1 : end), eq < end ? end - eq - 1 : 0, &v, &vl, err);
			if (!e && kl == 0)
				e = sw_error_set(err, SW_EPARSE, "empty parameter name at byte %zu", i + 1);
			if (!e && out->n >= SW_WEB_FORM_MAX_FIELDS)
				e = sw_error_set(err, SW_ELIMIT, "more than %d parameters", SW_WEB_FORM_MAX_FIELDS);
			if (!e)
				e = check_text("name", k, kl, err);
			if (!e)
				e = check_text(k, v, vl, err);
			if (e) {
				free(k);
				free(v);
				sw_web_form_release(out);
				return e;
			}
			out->keys[out->n] = k;
			out->vals[out->n] = v;
			out->n++;
		}
		i = end + 1;
	}
	return SW_OK;
}

const char *sw_web_form_get(const struct sw_web_form *f, const char *key)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->keys[i], key))
			return f->vals[i][0] ? f->vals[i] : NULL;
	return NULL;
}

static bool flag(const struct sw_web_form *f, const char *key)
{
	const char *v = sw_web_form_get(f, key);
	return v && strcmp(v, "0") && strcasecmp(v, "false") && strcasecmp(v, "off");
}

static sw_err positive(const struct sw_web_form *f, const char *key, size_t max, size_t *out,
		       struct sw_error *err)
{
	const char *v = sw_web_form_get(f, key);
	if (!v)
		return SW_OK;
	int64_t n;
	if (!sw_parse_i64(v, &n) || n < 1 || (uint64_t)n > max)
		return sw_error_set(err, SW_EINVAL, "parameter '%s' must be a number from 1 to %zu", key, max);
	*out = (size_t)n;
	return SW_OK;
}

sw_err sw_web_listq_parse(const struct sw_web_form *f, struct sw_web_listq *out, struct sw_error *err)
{
	memset(out, 0, sizeof *out);
	out->page = 1;
	out->per = SW_WEB_PER_DEFAULT;
	struct sw_query *q = &out->q;
	q->layer = sw_web_form_get(f, "layer");
	q->subcat = sw_web_form_get(f, "subcat");
	q->country = sw_web_form_get(f, "country");
	q->owner = sw_web_form_get(f, "owner");
	q->search = sw_web_form_get(f, "q");
	q->new_this_week = flag(f, "new");
	q->quiet = flag(f, "quiet");
	if (!sw_list_choice(sw_web_form_get(f, "forks"), &q->forks) ||
	    !sw_list_choice(sw_web_form_get(f, "archived"), &q->archived))
		return sw_error_set(err, SW_EINVAL, "parameters 'forks' and 'archived' take all, only or hide");
	const char *v = sw_web_form_get(f, "sort");
	if (v && !sw_sort_parse(v, &q->sort))
		return sw_error_set(err, SW_EINVAL, "parameter 'sort': unknown key '%.40s'", v);
	v = sw_web_form_get(f, "dir");
	if (v && strcmp(v, "asc") && strcmp(v, "desc"))
		return sw_error_set(err, SW_EINVAL, "parameter 'dir' must be asc or desc");
	/* Names read best A-Z by default, numbers biggest first. */
	q->ascending = v ? !strcmp(v, "asc")
			 : (q->sort == SW_SORT_NAME || q->sort == SW_SORT_LAYER || q->sort == SW_SORT_SUBCAT ||
			    q->sort == SW_SORT_COUNTRY);
	sw_err e = positive(f, "page", 1000000, &out->page, err);
	if (!e)
		e = positive(f, "per", SW_WEB_PER_MAX, &out->per, err);
	if (e)
		return e;
	v = sw_web_form_get(f, "as_of");
	if (v) {
		if (!sw_time_parse_as_of(v, &q->as_of))
			return sw_error_set(err, SW_EINVAL, "parameter 'as_of' must be a date like 2024-11-05");
	}
	q->limit = out->per;
	q->offset = (out->page - 1) * out->per;
	return SW_OK;
}

sw_err sw_web_parse_listen(const char *s, char host[64], uint16_t *port, bool *loopback, struct sw_error *err)
{
	if (!s || !*s)
		s = SW_WEB_DEFAULT_LISTEN;
	const char *colon;
	size_t hl;
	const char *h = s;
	if (*s == '[') {
		const char *close = strchr(s, ']');
		if (!close || close[1] != ':')
			return sw_error_set(err, SW_EINVAL, "--listen '%.80s': expected [ADDRESS]:PORT", s);
		h = s + 1;
		hl = (size_t)(close - h);
		colon = close + 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon)
			return sw_error_set(err, SW_EINVAL, "--listen '%.80s': expected HOST:PORT", s);
		hl = (size_t)(colon - s);
	}
	if (hl == 0 || hl >= 64)
		return sw_error_set(err, SW_EINVAL, "--listen '%.80s': bad host", s);
	int64_t p;
	if (!sw_parse_i64(colon + 1, &p) || p < 0 || p > 65535)
		return sw_error_set(err, SW_EINVAL, "--listen '%.80s': port must be 0-65535", s);
	memcpy(host, h, hl);
	host[hl] = 0;
	if (!strcmp(host, "localhost"))
		strcpy(host, "127.0.0.1");
	unsigned char buf[16];
	if (inet_pton(AF_INET, host, buf) == 1)
		*loopback = buf[0] == 127;
	else if (inet_pton(AF_INET6, host, buf) == 1) {
		static const unsigned char one[16] = {[15] = 1};
		*loopback = !memcmp(buf, one, 16);
	} else
		return sw_error_set(err, SW_EINVAL, "--listen '%.80s': host must be an IP address or localhost", s);
	*port = (uint16_t)p;
	return SW_OK;
}

/* ---- the names the server answers to (DNS rebinding, cross-site POSTs) ---- */

/* "name", "name:port", "[v6]" or "[v6]:port" -> the name (brackets off,
 * lower case) in out (256 bytes); false if malformed. */
static bool host_name(const char *hostport, char out[256])
{
	const char *end;
	const char *h = hostport;
	if (*h == '[') {
		end = strchr(++h, ']');
		if (!end || (end[1] && end[1] != ':'))
			return false;
	} else {
		end = strchr(h, ':');
		end = end ? end : h + strlen(h);
	}
	const char *port = *end == ']' ? end + 1 : end;
	size_t n = (size_t)(end - h);
	if (!n || n >= 256 || (*port && (port[1] == 0 || strspn(port + 1, "0123456789") != strlen(port + 1) ||
					  strlen(port + 1) > 5)))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)h[i];
		if (!(isalnum(c) || c == '-' || c == '.' || c == ':' || c == '_'))
			return false;
		out[i] = (char)tolower(c);
	}
	out[n] = 0;
	return true;
}

/* The "host[:port]" of an http(s) URL into out; false if it has another
 * scheme or the part is too long. */
static bool url_authority(const char *url, char *out, size_t n)
{
	const char *p = url;
	if (!strncasecmp(p, "https://", 8))
		p += 8;
	else if (!strncasecmp(p, "http://", 7))
		p += 7;
	else
		return false;
	size_t len = strcspn(p, "/?#");
	if (len >= n)
		return false;
	memcpy(out, p, len);
	out[len] = 0;
	return true;
}

sw_err sw_web_hosts_init(struct sw_web_hosts *h, const char *listen, const char *public_url, struct sw_error *err)
{
	memset(h, 0, sizeof *h);
	uint16_t port;
	sw_err e = sw_web_parse_listen(listen, h->listen, &port, &h->loopback, err);
	if (e)
		return e;
	h->wildcard = !strcmp(h->listen, "0.0.0.0") || !strcmp(h->listen, "::");
	char auth[300];
	if (public_url && *public_url &&
	    (!url_authority(public_url, auth, sizeof auth) || !host_name(auth, h->public_host)))
		return sw_error_set(err, SW_EINVAL, "--public-url '%.80s': expected http(s)://HOST[:PORT][/...]",
				    public_url);
	return SW_OK;
}

bool sw_web_host_ok(const struct sw_web_hosts *h, const char *hostport)
{
	char name[256];
	if (!hostport || !host_name(hostport, name))
		return false;
	if (!strcmp(name, h->listen) || (h->public_host[0] && !strcmp(name, h->public_host)) ||
	    (h->loopback && !strcmp(name, "localhost")))
		return true;
	unsigned char ip[16];
	return h->wildcard && (inet_pton(AF_INET, name, ip) == 1 || inet_pton(AF_INET6, name, ip) == 1);
}

bool sw_web_origin_ok(const struct sw_web_hosts *h, const char *origin)
{
	char auth[300];
	return origin && url_authority(origin, auth, sizeof auth) && sw_web_host_ok(h, auth);
}

/* ---- SipHash-2-4 (Aumasson & Bernstein), a keyed MAC for short inputs ---- */
#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND                                                                                   \
	do {                                                                                       \
		v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32);                          \
		v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2;                                             \
		v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0;                                             \
		v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32);                          \
	} while (0)

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static uint64_t siphash(const uint8_t key[16], const uint8_t *in, size_t n)
{
	uint64_t k0 = le64(key), k1 = le64(key + 8);
	uint64_t v0 = 0x736f6d6570736575ULL ^ k0, v1 = 0x646f72616e646f6dULL ^ k1;
	uint64_t v2 = 0x6c7967656e657261ULL ^ k0, v3 = 0x7465646279746573ULL ^ k1;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t m = le64(in + i);
		v3 ^= m;
		SIPROUND;
		SIPROUND;
		v0 ^= m;
	}
	uint64_t b = (uint64_t)n << 56;
	for (size_t j = 0; i + j < n; j++)
		b |= (uint64_t)in[i + j] << (8 * j);
	v3 ^= b;
	SIPROUND;
	SIPROUND;
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	return v0 ^ v1 ^ v2 ^ v3;
}

bool sw_web_csrf_sid_ok(const char *sid)
{
	size_t n = sid ? strspn(sid, "0123456789abcdef") : 0;
	return n == SW_WEB_CSRF_SID_LEN && !sid[n];
}

void sw_web_csrf_token(const uint8_t secret[16], const char *sid, int64_t now, char out[64])
{
	char msg[80];
	int n = snprintf(msg, sizeof msg, "csrf|%.32s|%" PRId64, sid, now);
	snprintf(out, 64, "%" PRId64 ".%016" PRIx64, now, siphash(secret, (const uint8_t *)msg, (size_t)n));
}

bool sw_web_csrf_check(const uint8_t secret[16], const char *sid, const char *token, int64_t now, int64_t max_age)
{
	if (!sw_web_csrf_sid_ok(sid) || !token || strlen(token) > 60)
		return false;
	const char *dot = strchr(token, '.');
	if (!dot || dot == token)
		return false;
	char ts[24];
	size_t tl = (size_t)(dot - token);
	if (tl >= sizeof ts)
		return false;
	memcpy(ts, token, tl);
	ts[tl] = 0;
	int64_t t;
	if (!sw_parse_i64(ts, &t) || t > now || now - t > max_age)
		return false;
	char want[64];
	sw_web_csrf_token(secret, sid, t, want);
	/* Constant-time compare of equal-length strings. */
	size_t wl = strlen(want);
	if (strlen(token) != wl)
		return false;
	unsigned char diff = 0;
	for (size_t i = 0; i < wl; i++)
		diff |= (unsigned char)(want[i] ^ token[i]);
	return diff == 0;
}

/* Keyed digest used by the server for the admin session cookie. */
uint64_t web_mac(const uint8_t secret[16], const char *msg)
{
	return siphash(secret, (const uint8_t *)msg, strlen(msg));
}

/* ---- CSRF for forms: a random session id in a cookie, and in each form
 * a token that is a MAC of that id and the time under the server's secret.
 * Another client's token, or a cookie set to some valid token, does not
 * pass: the token must be made for this client's own random id. ---- */
#define CSRF_MAX_AGE (4 * 3600)

void web_csrf_set(struct sw_web *w, struct web_resp *r, char token[64])
{
	char sid[SW_WEB_CSRF_SID_LEN + 1];
	if (sw_web_csrf_sid_ok(r->csrf_cookie)) {
		memcpy(sid, r->csrf_cookie, sizeof sid);
	} else {
		uint8_t raw[SW_WEB_CSRF_SID_LEN / 2];
		while (getrandom(raw, sizeof raw, 0) != (ssize_t)sizeof raw)
			; /* only EINTR: the kernel's pool is ready once the server runs */
		for (size_t i = 0; i < sizeof raw; i++)
			snprintf(sid + 2 * i, 3, "%02x", raw[i]);
	}
	sw_web_csrf_token(w->secret, sid, time(NULL), token);
	char cookie[160];
	snprintf(cookie, sizeof cookie, "sw_csrf=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d", sid, CSRF_MAX_AGE);
	web_resp_header(r, "Set-Cookie", cookie);
}

bool web_csrf_ok(struct sw_web *w, const struct web_request *in)
{
	return sw_web_csrf_check(w->secret, in->cookie_csrf, sw_web_form_get(&in->form, "csrf"), time(NULL),
				 CSRF_MAX_AGE);
}
