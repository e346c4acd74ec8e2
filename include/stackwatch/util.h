/* util.h: small shared pieces used by every module: a capped growable
 * buffer, UTF-8 and text helpers, dates, and the terminal progress line.
 *
 * Ownership: a struct sw_buf owns its data; sw_buf_release() frees it and
 * leaves the struct reusable. sw_buf_detach() hands the bytes to the caller
 * (free() them). Every function that allocates documents who frees. */
#ifndef STACKWATCH_UTIL_H
#define STACKWATCH_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "stackwatch/error.h"

/* ---- growable byte buffer, always NUL-terminated, never past `cap` ---- */
#define SW_BUF_DEFAULT_CAP ((size_t)1 << 30) /* 1 GiB unless told otherwise */

struct sw_buf {
	char *data;   /* NUL-terminated when len > 0 or after any append */
	size_t len;
	size_t alloc;
	size_t cap;   /* hard limit on len; 0 means SW_BUF_DEFAULT_CAP */
};
#define SW_BUF_INIT { NULL, 0, 0, 0 }

void sw_buf_init(struct sw_buf *b, size_t cap);
void sw_buf_release(struct sw_buf *b);           /* frees data, keeps cap */
void sw_buf_reset(struct sw_buf *b);             /* len = 0, keeps memory */
sw_err sw_buf_reserve(struct sw_buf *b, size_t extra) SW_MUST_CHECK;
sw_err sw_buf_append(struct sw_buf *b, const void *p, size_t n) SW_MUST_CHECK;
sw_err sw_buf_puts(struct sw_buf *b, const char *s) SW_MUST_CHECK;
sw_err sw_buf_putc(struct sw_buf *b, char c) SW_MUST_CHECK;
sw_err sw_buf_printf(struct sw_buf *b, const char *fmt, ...) SW_PRINTF(2, 3) SW_MUST_CHECK;
/* Returns the bytes (caller frees) and empties b; "" if b was empty. */
char *sw_buf_detach(struct sw_buf *b);
/* Text escapers append to b: HTML (&<>"'), JSON string body (no quotes),
 * CSV field (quoted when needed). */
sw_err sw_buf_html(struct sw_buf *b, const char *s) SW_MUST_CHECK;
sw_err sw_buf_json_str(struct sw_buf *b, const char *s) SW_MUST_CHECK;
sw_err sw_buf_csv_field(struct sw_buf *b, const char *s) SW_MUST_CHECK;

/* Read a whole file into b (appending), refusing files over b's cap. */
sw_err sw_read_file(const char *path, struct sw_buf *b, struct sw_error *err) SW_MUST_CHECK;

/* ---- text ---- */
/* Length of the valid UTF-8 prefix of s[0..n); == n when all valid
 * (rejects overlongs, surrogates and code points past U+10FFFF). */
size_t sw_utf8_valid_prefix(const char *s, size_t n);
/* Decode one code point at s (n bytes left); returns bytes used, 0 if invalid. */
size_t sw_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* True if s contains Han (CJK unified ideograph) text. */
bool sw_has_cjk(const char *s);
/* strdup that returns NULL for NULL. Caller frees. */
char *sw_strdup(const char *s);
char *sw_strndup(const char *s, size_t n);
/* In-place ASCII trim of leading/trailing spaces and tabs; returns s. */
char *sw_trim(char *s);
/* Parse a whole string as a signed integer / double; false if not. */
bool sw_parse_i64(const char *s, int64_t *out);
bool sw_parse_double(const char *s, double *out);
/* "GitHub-like" owner/name check: both parts non-empty, [A-Za-z0-9._-],
 * owner <= 39, name <= 100, not "." or "..". */
bool sw_valid_repo_name(const char *full);

/* ---- dates (UTC) ---- */
/* Parse "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS][Z|+00:00]" or "YYYY-MM-DD HH:MM:SS"
 * into seconds since the epoch. false on anything else. */
bool sw_parse_time(const char *s, int64_t *out);
/* Days since 1970-01-01 for a civil date, and back. */
int64_t sw_days_from_civil(int y, unsigned m, unsigned d);
void sw_civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d);
/* Format t as "YYYY-MM-DDTHH:MM:SSZ" / "YYYY-MM-DD" into out (>= 21 bytes). */
void sw_format_time(int64_t t, char out[32]);
void sw_format_date(int64_t t, char out[32]);
/* Parse a duration like "6h", "30m", "90s", "1d" into seconds. */
bool sw_parse_duration(const char *s, int64_t *out);

/* ---- progress line: shown only when the stream is a terminal ---- */
struct sw_progress {
	FILE *out;
	bool enabled;
	const char *what;
	uint64_t total;      /* 0 if unknown */
	uint64_t done;
	double started;
	double last_draw;
};
void sw_progress_init(struct sw_progress *p, FILE *out, const char *what, uint64_t total);
void sw_progress_update(struct sw_progress *p, uint64_t done);
void sw_progress_finish(struct sw_progress *p);
double sw_now(void); /* monotonic seconds */

#endif
