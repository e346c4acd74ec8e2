/* error.h: the one error type of libstackwatch (like CURLcode / SQLITE_OK).
 *
 * Every fallible function returns sw_err (0 = SW_OK) and, when given a
 * non-NULL `struct sw_error *`, fills it with a one-line human message that
 * names the file/line/field or request at fault. Only front ends print. */
#ifndef STACKWATCH_ERROR_H
#define STACKWATCH_ERROR_H

#include <stddef.h>

#if defined(__GNUC__)
#define SW_MUST_CHECK __attribute__((warn_unused_result))
#define SW_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define SW_MUST_CHECK
#define SW_PRINTF(a, b)
#endif

typedef enum sw_err {
	SW_OK = 0,
	SW_ENOMEM,      /* allocation failed or a buffer cap was reached */
	SW_EIO,         /* reading or writing a file failed */
	SW_EPARSE,      /* malformed input (file, line, column in the message) */
	SW_EINVAL,      /* invalid argument or value */
	SW_ENOTFOUND,   /* no such repo, file, snapshot ... */
	SW_EDB,         /* the store (SQLite) reported an error */
	SW_ESCHEMA,     /* the store was written by a newer stackwatch */
	SW_ELOCKED,     /* another process holds the lock */
	SW_ENET,        /* network / transport failure */
	SW_EHTTP,       /* unexpected HTTP status */
	SW_ERATELIMIT,  /* rate limit exhausted; message says when to resume */
	SW_EAUTH,       /* missing or rejected credentials */
	SW_ELIMIT,      /* an input exceeds a documented limit */
	SW_EUNSUPPORTED,/* feature not available in this build */
	SW_EINTERRUPTED,/* stopped by a signal; rerun to finish */
	SW_ERR_COUNT_
} sw_err;

#define SW_ERRMSG_MAX 512

/* A filled-in error: code plus one line of text (no trailing newline). */
struct sw_error {
	sw_err code;
	char msg[SW_ERRMSG_MAX];
};

/* Short fixed description of a code ("malformed input"); never NULL. */
const char *sw_strerror(sw_err code);

/* Record code and a printf-style message into err (err may be NULL).
 * Returns code, so callers can write `return sw_error_set(err, ...)`. */
sw_err sw_error_set(struct sw_error *err, sw_err code, const char *fmt, ...) SW_PRINTF(3, 4);

/* Clear err to SW_OK with an empty message (err may be NULL). */
void sw_error_clear(struct sw_error *err);

/* The message if one was set, else sw_strerror(err->code). */
const char *sw_error_text(const struct sw_error *err);

#endif
