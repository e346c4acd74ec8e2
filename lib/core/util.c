/* util.c: capped buffers, escaping, UTF-8, token files, dates, the progress line and threads sharing a job. */
#include "stackwatch/core.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---------------------------------------------------------------- buffers */

void sw_buf_init(struct sw_buf *b, size_t cap)
{
	b->data = NULL;
	b->len = b->alloc = 0;
	b->cap = cap;
}

void sw_buf_release(struct sw_buf *b)
{
	if (!b)
		return;
	free(b->data);
	b->data = NULL;
	b->len = b->alloc = 0;
}

void sw_buf_reset(struct sw_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

bool sw_array_grow(void *items, size_t *alloc, size_t need, size_t size)
{
	if (need <= *alloc)
		return true;
	size_t n = *alloc ? *alloc : 16;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			return false;
		n *= 2;
	}
	if (size && n > SIZE_MAX / size)
		return false;
	void **p = items;
	void *q = realloc(*p, n * size);
	if (!q)
		return false;
	*p = q;
	*alloc = n;
	return true;
}

sw_err sw_buf_reserve(struct sw_buf *b, size_t extra)
{
	size_t cap = b->cap ? b->cap : SW_BUF_DEFAULT_CAP;
	if (extra > cap || b->len > cap - extra)
		return SW_ENOMEM;
	size_t need = b->len + extra + 1;
	if (need <= b->alloc)
		return SW_OK;
	size_t n = b->alloc ? b->alloc : 64;
	while (n < need)
		n = n > SIZE_MAX / 2 ? need : n * 2;
	char *p = realloc(b->data, n);
	if (!p)
		return SW_ENOMEM;
	b->data = p;
	b->alloc = n;
	return SW_OK;
}

sw_err sw_buf_append(struct sw_buf *b, const void *p, size_t n)
{
	sw_err e = sw_buf_reserve(b, n);
	if (e)
		return e;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return SW_OK;
}

sw_err sw_buf_puts(struct sw_buf *b, const char *s)
{
	return sw_buf_append(b, s ? s : "", s ? strlen(s) : 0);
}

sw_err sw_buf_putc(struct sw_buf *b, char c)
{
	return sw_buf_append(b, &c, 1);
}

/* Formatted apart, then appended: an argument may point into b itself. */
sw_err sw_buf_vprintf(struct sw_buf *b, const char *fmt, va_list ap)
{
	char tmp[512];
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	sw_err e = n < 0 ? SW_EINVAL : SW_OK;
	if (!e && (size_t)n < sizeof tmp) {
		e = sw_buf_append(b, tmp, (size_t)n);
	} else if (!e) {
		char *big = malloc((size_t)n + 1);
		if (!big)
			e = SW_ENOMEM;
		else {
			vsnprintf(big, (size_t)n + 1, fmt, ap2);
			e = sw_buf_append(b, big, (size_t)n);
			free(big);
		}
	}
	va_end(ap2);
	return e;
}

sw_err sw_buf_printf(struct sw_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sw_err e = sw_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return e;
}

char *sw_buf_detach(struct sw_buf *b)
{
	char *p = b->data;
	if (!p)
		p = calloc(1, 1);
	b->data = NULL;
	b->len = b->alloc = 0;
	return p;
}

sw_err sw_buf_html(struct sw_buf *b, const char *s)
{
	if (!s)
		return SW_OK;
	const char *run = s;
	for (const char *p = s;; p++) {
		const char *rep = NULL;
		switch (*p) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		case '\0': return sw_buf_append(b, run, (size_t)(p - run));
		default: continue;
		}
		sw_err e = sw_buf_append(b, run, (size_t)(p - run));
		if (!e)
			e = sw_buf_puts(b, rep);
		if (e)
			return e;
		run = p + 1;
	}
}

sw_err sw_buf_json_str(struct sw_buf *b, const char *s)
{
	if (!s)
		return SW_OK;
	const char *run = s;
	for (const unsigned char *p = (const unsigned char *)s;; p++) {
		char tmp[8];
		const char *rep = NULL;
		if (*p == '\0')
			return sw_buf_append(b, run, (size_t)((const char *)p - run));
		if (*p == '"')
			rep = "\\\"";
		else if (*p == '\\')
			rep = "\\\\";
		else if (*p == '\n')
			rep = "\\n";
		else if (*p == '\r')
			rep = "\\r";
		else if (*p == '\t')
			rep = "\\t";
		else if (*p < 0x20 || *p == '<' || *p == '>' || *p == '&') {
			/* < > & escaped so JSON is safe to embed inside HTML <script>. */
			snprintf(tmp, sizeof tmp, "\\u%04x", *p);
			rep = tmp;
		} else
			continue;
		sw_err e = sw_buf_append(b, run, (size_t)((const char *)p - run));
		if (!e)
			e = sw_buf_puts(b, rep);
		if (e)
			return e;
		run = (const char *)p + 1;
	}
}

/* Does s read as a plain number (-12, +3.5, -0.07%, 1e5)? A spreadsheet
 * takes that as a value, never as a formula. */
static bool plain_number(const char *s)
{
	const char *p = s + (*s == '-' || *s == '+');
	size_t digits = strspn(p, "0123456789");
	p += digits;
	if (*p == '.') {
		size_t frac = strspn(p + 1, "0123456789");
		digits += frac;
		p += 1 + frac;
	}
	if (!digits)
		return false;
	if (*p == 'e' || *p == 'E') {
		p += 1 + (p[1] == '-' || p[1] == '+');
		size_t exp = strspn(p, "0123456789");
		if (!exp)
			return false;
		p += exp;
	}
	return !p[*p == '%'];
}

sw_err sw_buf_csv_field(struct sw_buf *b, const char *s)
{
	if (!s)
		return SW_OK;
	/* CSV (formula) injection, OWASP's rule: a cell a spreadsheet would
	 * run as a formula gets a leading ' (numbers such as -12 excepted). */
	bool formula = *s && strchr("=+-@\t\r", *s) && !plain_number(s);
	bool quote = strpbrk(s, ",\"\r\n") != NULL || (s[0] == ' ') ||
		     (*s && s[strlen(s) - 1] == ' ');
	sw_err e = quote ? sw_buf_putc(b, '"') : SW_OK;
	if (!e && formula)
		e = sw_buf_putc(b, '\'');
	if (!quote)
		return e ? e : sw_buf_puts(b, s);
	for (const char *p = s; !e && *p; p++) {
		if (*p == '"')
			e = sw_buf_putc(b, '"');
		if (!e)
			e = sw_buf_putc(b, *p);
	}
	if (!e)
		e = sw_buf_putc(b, '"');
	return e;
}

sw_err sw_buf_read_file(const char *path, struct sw_buf *b, struct sw_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return sw_error_set(err, SW_EIO, "%s: %s", path, strerror(errno));
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (sw_buf_append(b, chunk, n)) {
			fclose(f);
			return sw_error_set(err, SW_ELIMIT, "%s: file larger than the %zu-byte limit", path,
					    b->cap ? b->cap : SW_BUF_DEFAULT_CAP);
		}
	}
	int bad = ferror(f);
	fclose(f);
	if (bad)
		return sw_error_set(err, SW_EIO, "%s: read error", path);
	if (!b->data && sw_buf_reserve(b, 0) == SW_OK)
		b->data[0] = '\0';
	return SW_OK;
}

/* ------------------------------------------------------------------- text */

size_t sw_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	if (n == 0)
		return 0;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	size_t len;
	uint32_t c, min;
	if ((u[0] & 0xE0) == 0xC0) {
		len = 2; c = u[0] & 0x1F; min = 0x80;
	} else if ((u[0] & 0xF0) == 0xE0) {
		len = 3; c = u[0] & 0x0F; min = 0x800;
	} else if ((u[0] & 0xF8) == 0xF0) {
		len = 4; c = u[0] & 0x07; min = 0x10000;
	} else
		return 0;
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (u[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

size_t sw_utf8_valid_prefix(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		size_t k = sw_utf8_decode(s + i, n - i, &cp);
		if (!k)
			return i;
		i += k;
	}
	return n;
}

bool sw_utf8_has_cjk(const char *s)
{
	if (!s)
		return false;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = sw_utf8_decode(s + i, n - i, &cp);
		if (!k) {
			i++;
			continue;
		}
		/* CJK Unified Ideographs, Extension A, Compatibility Ideographs, Ext B+ */
		if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
		    (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FA1F))
			return true;
		i += k;
	}
	return false;
}

char *sw_str_dup(const char *s)
{
	return s ? strdup(s) : NULL;
}

char *sw_str_ndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

sw_err sw_str_push(char ***items, size_t *n, const char *s)
{
	char **v = realloc(*items, (*n + 1) * sizeof *v);
	if (!v)
		return SW_ENOMEM;
	*items = v;
	if (!(v[*n] = strdup(s)))
		return SW_ENOMEM;
	(*n)++;
	return SW_OK;
}

char *sw_str_trim(char *s)
{
	if (!s)
		return s;
	char *start = s;
	while (*start == ' ' || *start == '\t')
		start++;
	size_t n = strlen(start);
	while (n && (start[n - 1] == ' ' || start[n - 1] == '\t'))
		n--;
	memmove(s, start, n);
	s[n] = '\0';
	return s;
}

bool sw_parse_i64(const char *s, int64_t *out)
{
	if (!s || !*s)
		return false;
	errno = 0;
	char *end;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || isspace((unsigned char)*s))
		return false;
	*out = v;
	return true;
}

bool sw_parse_double(const char *s, double *out)
{
	if (!s || !*s)
		return false;
	errno = 0;
	char *end;
	double v = strtod(s, &end);
	if (errno || *end || isspace((unsigned char)*s) || !isfinite(v))
		return false;
	*out = v;
	return true;
}

int sw_parse_hex4(const char *s)
{
	int v = 0;
	for (int i = 0; i < 4; i++) {
		char h = s[i];
		int d = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

static bool repo_part_ok(const char *p, size_t n, size_t max)
{
	if (n == 0 || n > max)
		return false;
	if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if (!(isalnum((unsigned char)c) || c == '-' || c == '_' || c == '.'))
			return false;
	}
	return true;
}

bool sw_repo_name_valid(const char *full)
{
	if (!full)
		return false;
	const char *slash = strchr(full, '/');
	if (!slash || strchr(slash + 1, '/'))
		return false;
	return repo_part_ok(full, (size_t)(slash - full), 39) &&
	       repo_part_ok(slash + 1, strlen(slash + 1), 100);
}

/* ---------------------------------------------------------------- secrets */

sw_err sw_secret_check(const char *token, size_t min_len, const char *from, struct sw_error *err)
{
	size_t len = strlen(token);
	for (size_t i = 0; i < len; i++)
		if (!isgraph((unsigned char)token[i]))
			return sw_error_set(err, SW_EAUTH, "%s: token contains spaces or control characters", from);
	if (!len)
		return sw_error_set(err, SW_EAUTH, "%s: token is empty", from);
	if (len < min_len)
		return sw_error_set(err, SW_EINVAL, "%s: token is %zu characters long; at least %zu are needed", from, len,
				    min_len);
	return SW_OK;
}

sw_err sw_secret_file(const char *path, size_t min_len, char **out, struct sw_error *err)
{
	*out = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return sw_error_set(err, SW_EAUTH, "%s: cannot open token file: %s", path, strerror(errno));
	struct stat sb;
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
		close(fd);
		return sw_error_set(err, SW_EAUTH, "%s: not a regular file", path);
	}
	if (sb.st_mode & (S_IRWXG | S_IRWXO)) {
		close(fd);
		return sw_error_set(err, SW_EAUTH, "%s: token file is readable by group or others; run 'chmod 600 %s'",
				    path, path);
	}
	char buf[1024];
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n < 0)
		return sw_error_set(err, SW_EAUTH, "%s: cannot read token file", path);
	buf[n] = '\0';
	char *t = buf;
	while (*t && isspace((unsigned char)*t))
		t++;
	size_t len = strcspn(t, "\r\n");
	while (len && isspace((unsigned char)t[len - 1]))
		len--;
	t[len] = '\0';
	sw_err e = sw_secret_check(t, min_len, path, err);
	if (!e && !(*out = sw_str_ndup(t, len)))
		e = sw_error_set(err, SW_ENOMEM, "out of memory");
	memset(buf, 0, sizeof buf);
	return e;
}

/* ------------------------------------------------------------------ dates */

/* Howard Hinnant's civil-date algorithms (public domain description). */
int64_t sw_time_days_from_civil(int y, unsigned m, unsigned d)
{
	y -= m <= 2;
	const int64_t era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = (unsigned)(y - era * 400);
	const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

void sw_time_civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
	z += 719468;
	const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	const unsigned doe = (unsigned)(z - era * 146097);
	const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const int64_t yy = (int64_t)yoe + era * 400;
	const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yy + (*m <= 2));
}

static bool digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

bool sw_time_parse_as_of(const char *s, int64_t *out)
{
	if (!sw_time_parse(s, out))
		return false;
	if (strlen(s) == 10)
		*out += 86399;
	return true;
}

bool sw_time_parse(const char *s, int64_t *out)
{
	int y, mo, d, h = 0, mi = 0, se = 0;
	if (!s || strlen(s) < 10)
		return false;
	if (!digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) || s[7] != '-' ||
	    !digits(s + 8, 2, &d))
		return false;
	if (mo < 1 || mo > 12 || d < 1 || d > 31)
		return false;
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (d > mdays[mo - 1] || (mo == 2 && d == 29 && !leap))
		return false;
	const char *p = s + 10;
	if (*p == 'T' || *p == ' ') {
		p++;
		if (!digits(p, 2, &h) || p[2] != ':' || !digits(p + 3, 2, &mi))
			return false;
		p += 5;
		if (*p == ':') {
			if (!digits(p + 1, 2, &se))
				return false;
			p += 3;
			if (*p == '.') { /* fractional seconds are dropped */
				p++;
				while (*p >= '0' && *p <= '9')
					p++;
			}
		}
		if (h > 23 || mi > 59 || se > 60)
			return false;
		if (*p == 'Z')
			p++;
		else if (!strcmp(p, "+00:00"))
			p += 6;
	}
	if (*p)
		return false;
	*out = sw_time_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + se;
	return true;
}

void sw_time_format(int64_t t, char out[32])
{
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int64_t rem = t - days * 86400;
	int y;
	unsigned m, d;
	sw_time_civil_from_days(days, &y, &m, &d);
	snprintf(out, 32, "%04d-%02u-%02uT%02d:%02d:%02dZ", y, m, d, (int)(rem / 3600),
		 (int)(rem / 60 % 60), (int)(rem % 60));
}

void sw_time_format_date(int64_t t, char out[32])
{
	sw_time_format(t, out);
	out[10] = '\0';
}

bool sw_time_parse_duration(const char *s, int64_t *out)
{
	if (!s || !*s)
		return false;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || v <= 0)
		return false;
	int64_t mul;
	if (!strcmp(end, "s") || !*end)
		mul = 1;
	else if (!strcmp(end, "m"))
		mul = 60;
	else if (!strcmp(end, "h"))
		mul = 3600;
	else if (!strcmp(end, "d"))
		mul = 86400;
	else
		return false;
	if (v > INT64_MAX / mul)
		return false;
	*out = v * mul;
	return true;
}

/* --------------------------------------------------------------- progress */

double sw_time_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void sw_progress_init(struct sw_progress *p, FILE *out, const char *what, uint64_t total)
{
	p->out = out;
	p->enabled = out && isatty(fileno(out)) && !getenv("SW_NO_PROGRESS");
	p->what = what;
	p->total = total;
	p->done = 0;
	p->started = p->last_draw = sw_time_now();
}

static void progress_draw(struct sw_progress *p, bool final)
{
	double el = sw_time_now() - p->started;
	double rate = el > 0 ? p->done / el : 0;
	if (p->total) {
		double eta = rate > 0 ? (p->total - p->done) / rate : 0;
		fprintf(p->out, "\r%s: %llu/%llu (%.0f%%) %.0f/s ETA %.0fs   ", p->what,
			(unsigned long long)p->done, (unsigned long long)p->total,
			100.0 * p->done / p->total, rate, final ? 0.0 : eta);
	} else {
		fprintf(p->out, "\r%s: %llu %.0f/s   ", p->what, (unsigned long long)p->done, rate);
	}
	if (final)
		fputc('\n', p->out);
	fflush(p->out);
}

void sw_progress_update(struct sw_progress *p, uint64_t done)
{
	p->done = done;
	if (!p->enabled)
		return;
	double now = sw_time_now();
	if (now - p->last_draw < 0.2)
		return;
	p->last_draw = now;
	progress_draw(p, false);
}

void sw_progress_finish(struct sw_progress *p)
{
	if (p->enabled)
		progress_draw(p, true);
}

/* ------------------------------------------------------------------ threads */

void sw_thread_run(int n, void *(*fn)(void *), void *arg)
{
	pthread_t th[SW_THREAD_MAX];
	int started = 0;
	if (n > SW_THREAD_MAX)
		n = SW_THREAD_MAX;
	while (started + 1 < n && !pthread_create(&th[started], NULL, fn, arg))
		started++;
	fn(arg);
	for (int i = 0; i < started; i++)
		pthread_join(th[i], NULL);
}

void sw_thread_first_error_set(struct sw_thread_first_error *f, sw_err e, const struct sw_error *err)
{
	int none = 0;
	if (atomic_compare_exchange_strong(&f->claimed, &none, 1)) {
		f->code = e;
		f->err = *err;
	}
	atomic_store(&f->stop, 1);
}
