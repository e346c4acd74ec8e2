/* error.c: codes to text and the error-filling helpers. */
#include "stackwatch/core.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const sw_err_names[SW_ERR_COUNT_] = {
	[SW_OK] = "ok",
	[SW_ENOMEM] = "out of memory or buffer limit reached",
	[SW_EIO] = "input/output error",
	[SW_EPARSE] = "malformed input",
	[SW_EINVAL] = "invalid argument",
	[SW_ENOTFOUND] = "not found",
	[SW_EDB] = "database error",
	[SW_ESCHEMA] = "database written by a newer stackwatch",
	[SW_ELOCKED] = "locked by another process",
	[SW_ENET] = "network error",
	[SW_EHTTP] = "unexpected HTTP response",
	[SW_ERATELIMIT] = "rate limit exhausted",
	[SW_EAUTH] = "authentication failed",
	[SW_ELIMIT] = "input exceeds a limit",
	[SW_EUNSUPPORTED] = "not supported",
	[SW_EINTERRUPTED] = "interrupted",
};

const char *sw_error_str(sw_err code)
{
	if ((unsigned)code >= SW_ERR_COUNT_ || !sw_err_names[code])
		return "unknown error";
	return sw_err_names[code];
}

sw_err sw_error_set(struct sw_error *err, sw_err code, const char *fmt, ...)
{
	if (!err)
		return code;
	err->code = code;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	/* One line: messages never carry newlines into logs. */
	for (char *p = err->msg; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	return code;
}

void sw_error_clear(struct sw_error *err)
{
	if (!err)
		return;
	err->code = SW_OK;
	err->msg[0] = '\0';
}

const char *sw_error_text(const struct sw_error *err)
{
	if (!err)
		return "unknown error";
	return err->msg[0] ? err->msg : sw_error_str(err->code);
}
