/* text.c: text laid out for people: the width terminal output fits (table.c
 * fits tables and wraps paragraphs to it), and numbers with thousands
 * separators. Machine formats (CSV, JSON) never come through here, so they
 * keep raw numbers. */
#include "stackwatch/core.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Set once by a front end before it renders anything (the CLI from COLUMNS
 * or its terminal); the library's default keeps text readable in 100. */
static size_t text_width = SW_TEXT_WIDTH_DEFAULT;

void sw_table_set_width(size_t columns)
{
	text_width = columns < SW_TEXT_WIDTH_MIN ? SW_TEXT_WIDTH_MIN
		   : columns > SW_TEXT_WIDTH_MAX ? SW_TEXT_WIDTH_MAX : columns;
}

size_t sw_table_width(void)
{
	return text_width;
}

bool sw_fmt_group(const char *text, char *out, size_t len)
{
	size_t n = strlen(text), sign = text[0] == '-' || text[0] == '+', digits = 0;
	while (sign + digits < n && text[sign + digits] >= '0' && text[sign + digits] <= '9')
		digits++;
	const char *rest = text + sign + digits;
	bool plain = digits && (!*rest || (rest[0] == '.' && strspn(rest + 1, "0123456789") == strlen(rest + 1)));
	if (!plain || digits < 4 || n + digits / 3 + 1 > len)
		return false;
	size_t o = 0;
	if (sign)
		out[o++] = text[0];
	for (size_t i = 0; i < digits; i++) {
		if (i && (digits - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = text[sign + i];
	}
	snprintf(out + o, len - o, "%s", rest);
	return true;
}

void sw_fmt_thousands(double v, char out[48])
{
	char raw[48];
	snprintf(raw, sizeof raw, "%.0f", isfinite(v) ? v : 0);
	if (!sw_fmt_group(raw, out, 48))
		snprintf(out, 48, "%s", raw);
}
