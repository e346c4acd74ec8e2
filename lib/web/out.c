/* out.c: what every page writes with: a response (status, type, headers,
 * body) and output helpers with a sticky error, so a page writes on and
 * checks once. Every piece of data goes through web_html / web_json / URL
 * encoding: the pages need no inline script or style, so the CSP can forbid
 * both. */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "web_int.h"

/* ---- responses ---- */

void web_resp_init(struct web_resp *r)
{
	memset(r, 0, sizeof *r);
	r->status = 200;
	r->ctype = "text/html; charset=utf-8";
	sw_buf_init(&r->body, 64u << 20);
}

void web_resp_release(struct web_resp *r)
{
	sw_buf_release(&r->body);
	for (size_t i = 0; i < r->nhdr; i++) {
		free(r->hname[i]);
		free(r->hval[i]);
	}
	r->nhdr = 0;
}

void web_resp_header(struct web_resp *r, const char *name, const char *val)
{
	if (r->nhdr >= WEB_MAX_HEADERS)
		return;
	r->hname[r->nhdr] = strdup(name);
	r->hval[r->nhdr] = strdup(val);
	r->nhdr++;
}

/* ---- output with a sticky error ---- */
void web_puts(struct web_out *o, const char *s)
{
	if (!o->e)
		o->e = sw_buf_puts(o->b, s);
}

void SW_PRINTF(2, 3) web_printf(struct web_out *o, const char *fmt, ...)
{
	if (o->e)
		return;
	char tmp[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof tmp)
		n = sizeof tmp - 1;
	o->e = sw_buf_append(o->b, tmp, (size_t)n);
}

void web_html(struct web_out *o, const char *s)
{
	if (!o->e && s)
		o->e = sw_buf_html(o->b, s);
}

void web_json(struct web_out *o, const char *s)
{
	if (o->e)
		return;
	if (!s) {
		o->e = sw_buf_puts(o->b, "null");
		return;
	}
	o->e = sw_buf_putc(o->b, '"');
	if (!o->e)
		o->e = sw_buf_json_str(o->b, s);
	if (!o->e)
		o->e = sw_buf_putc(o->b, '"');
}

/* Percent-encode everything but unreserved characters (safe in HTML too). */
void web_urlenc(struct web_out *o, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; s && *s && !o->e; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
		    c == '_' || c == '.' || c == '~')
			o->e = sw_buf_putc(o->b, (char)c);
		else {
			char t[3] = {'%', hex[c >> 4], hex[c & 15]};
			o->e = sw_buf_append(o->b, t, 3);
		}
	}
}

/* "owner/name" as a URL path: each segment percent-encoded, '/' kept.
 * Names are validated to [A-Za-z0-9._-] on the way in; this keeps links
 * right even if one is not. */
void web_repo_path(struct web_out *o, const char *full)
{
	const char *slash = full ? strchr(full, '/') : NULL;
	if (!slash) {
		web_urlenc(o, full);
		return;
	}
	char owner[128];
	snprintf(owner, sizeof owner, "%.*s", (int)(slash - full), full);
	web_urlenc(o, owner);
	web_puts(o, "/");
	web_urlenc(o, slash + 1);
}

void web_thousands(int64_t v, char out[32])
{
	char raw[32];
	snprintf(raw, sizeof raw, "%" PRId64, v);
	if (!sw_fmt_group(raw, out, 32))
		snprintf(out, 32, "%s", raw);
}

void web_when(int64_t t, char out[40])
{
	if (t <= 0) {
		snprintf(out, 40, "never");
		return;
	}
	char buf[32];
	sw_time_format(t, buf);
	/* "YYYY-MM-DDTHH:MM:SSZ" -> "YYYY-MM-DD HH:MM UTC" */
	snprintf(out, 40, "%.10s %.5s UTC", buf, buf + 11);
}
