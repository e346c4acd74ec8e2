/* csv.h: an RFC 4180 pull parser over an in-memory buffer.
 *
 * Handles a UTF-8 BOM, CRLF or LF, quoted fields with commas, doubled
 * quotes and newlines; reports the line and column of every field so
 * importers can name the exact spot of bad input. Fields point into the
 * parser's scratch space and stay valid until the next sw_csv_next() call. */
#ifndef STACKWATCH_CSV_H
#define STACKWATCH_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "stackwatch/error.h"
#include "stackwatch/util.h"

#define SW_CSV_MAX_FIELDS 512
#define SW_CSV_MAX_ROW_BYTES ((size_t)16 << 20)

struct sw_csv_field {
	const char *s;   /* NUL-terminated, unescaped */
	size_t len;
	size_t line;     /* 1-based line where the field starts */
	size_t col;      /* 1-based column (in characters) where it starts */
};

struct sw_csv {
	const char *name;   /* for messages */
	const char *p, *end;
	size_t line, col;
	struct sw_buf scratch;
	size_t offsets[SW_CSV_MAX_FIELDS];
	struct sw_csv_field fields[SW_CSV_MAX_FIELDS];
	size_t nfields;
	size_t row_line;    /* line where the current row starts */
};

/* `name` is used in error messages ("file.csv"). data must outlive p. */
void sw_csv_init(struct sw_csv *p, const char *name, const char *data, size_t len);
void sw_csv_release(struct sw_csv *p);
/* Next row into p->fields / p->nfields. Returns SW_OK with *done = true at
 * end of input. Blank lines are skipped. Errors: SW_EPARSE (unterminated
 * quote, stray quote) or SW_ELIMIT, message "name:line:col: ...". */
sw_err sw_csv_next(struct sw_csv *p, bool *done, struct sw_error *err) SW_MUST_CHECK;

#endif
