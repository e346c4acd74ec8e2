/* util.c: what every analysis of the report uses: adding its tables and
 * their notes, month arithmetic and the order of rankings. */
#include "report_int.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stackwatch/core.h"

sw_err report_add_table(struct sw_report *r, struct sw_table *t)
{
	if (!t)
		return SW_ENOMEM;
	struct sw_table **p = realloc(r->tables, (r->ntables + 1) * sizeof *p);
	if (!p) {
		sw_table_free(t);
		return SW_ENOMEM;
	}
	r->tables = p;
	r->tables[r->ntables++] = t;
	return SW_OK;
}

sw_err report_keep_table(struct sw_report *r, struct sw_table *t, sw_err e)
{
	if (e) {
		sw_table_free(t);
		return e;
	}
	return report_add_table(r, t);
}

/* Notes are one paragraph: the text rendering wraps them to the terminal. */
sw_err report_add_note(struct sw_table *t, const char *text)
{
	return sw_table_note(t, text);
}

sw_err report_add_notef(struct sw_table *t, const char *fmt, ...)
{
	char note[640];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(note, sizeof note, fmt, ap);
	va_end(ap);
	return report_add_note(t, note);
}

char *report_lower_dup(const char *s)
{
	char *d = sw_str_dup(s ? s : "");
	for (char *p = d; p && *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return d;
}

const char *report_layer_label(const struct sw_report *r, size_t l)
{
	return l == r->nlayers ? "all layers" : r->layer_names[l];
}

void report_month_label(int month, char out[16])
{
	snprintf(out, 16, "%04d-%02d", month / 12, month % 12 + 1);
}

int report_month_of_time(int64_t t)
{
	int y;
	unsigned m, d;
	sw_time_civil_from_days(t >= 0 ? t / 86400 : (t - 86399) / 86400, &y, &m, &d);
	return y * 12 + (int)m - 1;
}

int report_month_of_date(const char *s)
{
	int64_t t;
	if (!s || strlen(s) < 10)
		return -1;
	char d[11];
	memcpy(d, s, 10);
	d[10] = '\0';
	return sw_time_parse(d, &t) ? report_month_of_time(t) : -1;
}

int report_rank_cmp(const void *a, const void *b)
{
	const struct report_rank *x = a, *y = b;
	for (int k = 0; k < 2; k++)
		if (x->key[k] != y->key[k])
			return x->key[k] > y->key[k] ? -1 : 1;
	return strcmp(x->name, y->name);
}
