/* csv.c: RFC 4180 pull parser with line/column tracking. Fields may not
 * hold control characters (a NUL would cut the value where it is stored, an
 * escape sequence would reach a terminal): only tab, and line breaks inside
 * quotes. */
#include "stackwatch/core.h"

#include <string.h>

void sw_csv_init(struct sw_csv *p, const char *name, const char *data, size_t len)
{
	memset(p, 0, sizeof *p);
	p->name = name;
	p->p = data;
	p->end = data + len;
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		p->p += 3;
	p->line = 1;
	p->col = 1;
	sw_buf_init(&p->scratch, SW_CSV_MAX_ROW_BYTES);
}

void sw_csv_release(struct sw_csv *p)
{
	if (p)
		sw_buf_release(&p->scratch);
}

/* Advance one byte, keeping line/column (columns count characters, not
 * UTF-8 continuation bytes). */
static inline void step(struct sw_csv *p)
{
	unsigned char c = (unsigned char)*p->p++;
	if (c == '\n') {
		p->line++;
		p->col = 1;
	} else if ((c & 0xC0) != 0x80) {
		p->col++;
	}
}

/* The control character at s (C0 but tab, CR and LF; DEL; C1, which is
 * UTF-8 C2 80-9F): its code point, else -1. */
static int control_at(const char *s, const char *end)
{
	unsigned char c = (unsigned char)*s;
	if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
		return c;
	if (c == 0xC2 && s + 1 < end && (unsigned char)s[1] >= 0x80 && (unsigned char)s[1] <= 0x9F)
		return (unsigned char)s[1];
	return -1;
}

static sw_err control_error(const struct sw_csv *p, int cp, struct sw_error *err)
{
	return sw_error_set(err, SW_EPARSE,
			    "%s:%zu:%zu: control character U+%04X in field %zu (only tab, and line breaks inside "
			    "quotes, are allowed)",
			    p->name, p->line, p->col, (unsigned)cp, p->nfields + 1);
}

sw_err sw_csv_next(struct sw_csv *p, bool *done, struct sw_error *err)
{
	*done = false;
	p->nfields = 0;
	sw_buf_reset(&p->scratch);
	/* Skip blank lines between rows. */
	while (p->p < p->end && (*p->p == '\n' || *p->p == '\r'))
		step(p);
	if (p->p >= p->end) {
		*done = true;
		return SW_OK;
	}
	p->row_line = p->line;
	for (;;) {
		if (p->nfields == SW_CSV_MAX_FIELDS)
			return sw_error_set(err, SW_ELIMIT, "%s:%zu:%zu: more than %d fields in a row", p->name,
					    p->line, p->col, SW_CSV_MAX_FIELDS);
		struct sw_csv_field *f = &p->fields[p->nfields];
		f->line = p->line;
		f->col = p->col;
		p->offsets[p->nfields] = p->scratch.len;
		if (p->p < p->end && *p->p == '"') {
			size_t qline = p->line, qcol = p->col;
			step(p);
			for (;;) {
				if (p->p >= p->end)
					return sw_error_set(err, SW_EPARSE,
							    "%s:%zu:%zu: quoted field never closed (missing '\"')",
							    p->name, qline, qcol);
				if (*p->p == '"') {
					if (p->p + 1 < p->end && p->p[1] == '"') {
						if (sw_buf_putc(&p->scratch, '"'))
							goto toolong;
						step(p);
						step(p);
						continue;
					}
					step(p);
					break;
				}
				/* Copy a run of ordinary bytes at once. */
				const char *run = p->p;
				while (p->p < p->end && *p->p != '"') {
					int cp = control_at(p->p, p->end);
					if (cp >= 0)
						return control_error(p, cp, err);
					step(p);
				}
				if (sw_buf_append(&p->scratch, run, (size_t)(p->p - run)))
					goto toolong;
			}
			if (p->p < p->end && *p->p != ',' && *p->p != '\n' && *p->p != '\r')
				return sw_error_set(err, SW_EPARSE,
						    "%s:%zu:%zu: unexpected character after closing quote", p->name,
						    p->line, p->col);
		} else {
			const char *run = p->p;
			while (p->p < p->end && *p->p != ',' && *p->p != '\n' && *p->p != '\r') {
				if (*p->p == '"')
					return sw_error_set(err, SW_EPARSE,
							    "%s:%zu:%zu: quote inside an unquoted field", p->name,
							    p->line, p->col);
				int cp = control_at(p->p, p->end);
				if (cp >= 0)
					return control_error(p, cp, err);
				step(p);
			}
			if (sw_buf_append(&p->scratch, run, (size_t)(p->p - run)))
				goto toolong;
		}
		if (sw_buf_putc(&p->scratch, '\0'))
			goto toolong;
		p->nfields++;
		if (p->p < p->end && *p->p == ',') {
			step(p);
			continue;
		}
		if (p->p < p->end && *p->p == '\r')
			step(p);
		if (p->p < p->end && *p->p == '\n')
			step(p);
		break;
	}
	/* Scratch may have moved while growing: fix pointers now. */
	for (size_t i = 0; i < p->nfields; i++) {
		p->fields[i].s = p->scratch.data + p->offsets[i];
		size_t endoff = (i + 1 < p->nfields ? p->offsets[i + 1] : p->scratch.len) - 1;
		p->fields[i].len = endoff - p->offsets[i];
	}
	return SW_OK;
toolong:
	return sw_error_set(err, SW_ELIMIT, "%s:%zu: row longer than %zu bytes", p->name, p->row_line,
			    SW_CSV_MAX_ROW_BYTES);
}
