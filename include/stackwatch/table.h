/* table.h: typed tables rendered as text, Markdown, CSV, JSON or HTML.
 *
 * Every tabular output (list, report, models, classify) builds a struct
 * sw_table and renders it here, so all formats show the same numbers.
 * The table owns copies of every string put into it. */
#ifndef STACKWATCH_TABLE_H
#define STACKWATCH_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "stackwatch/error.h"
#include "stackwatch/util.h"

enum sw_fmt { SW_FMT_TABLE, SW_FMT_CSV, SW_FMT_JSON, SW_FMT_MD, SW_FMT_HTML };
/* "table"/"text", "csv", "json", "md", "html" -> enum; false if unknown. */
bool sw_fmt_parse(const char *name, enum sw_fmt *out);

struct sw_table;

/* name: machine name (csv --table NAME, JSON key); title: human heading. */
struct sw_table *sw_table_new(const char *name, const char *title, size_t ncols,
			      const char *const *headers);
void sw_table_free(struct sw_table *t);
const char *sw_table_name(const struct sw_table *t);
const char *sw_table_title(const struct sw_table *t);
size_t sw_table_rows(const struct sw_table *t);
size_t sw_table_cols(const struct sw_table *t);
/* Start a new row (cells default to null). */
sw_err sw_table_add_row(struct sw_table *t) SW_MUST_CHECK;
/* Set a cell of the last row. */
sw_err sw_table_str(struct sw_table *t, size_t col, const char *s) SW_MUST_CHECK; /* NULL -> null */
sw_err sw_table_int(struct sw_table *t, size_t col, int64_t v) SW_MUST_CHECK;     /* SW_UNKNOWN -> null */
/* decimals: digits shown in text formats; JSON/CSV keep full precision. */
sw_err sw_table_num(struct sw_table *t, size_t col, double v, int decimals) SW_MUST_CHECK; /* NAN -> null */
/* A cell shown as "`text`" in text formats but holding number v in JSON
 * (e.g. "100+" with v = 100). */
sw_err sw_table_numtext(struct sw_table *t, size_t col, double v, const char *text) SW_MUST_CHECK;
/* A note printed under the table in text/md/html (e.g. data-quality caveats). */
sw_err sw_table_note(struct sw_table *t, const char *note) SW_MUST_CHECK;

/* A new table with only the named columns of t, in that order (unknown
 * names are skipped). Caller frees. NULL on allocation failure. */
struct sw_table *sw_table_select(const struct sw_table *t, const char *const *cols, size_t n);

/* Cell access for code that needs values back (web, tests). */
const char *sw_table_cell_text(const struct sw_table *t, size_t row, size_t col); /* "" for null */
double sw_table_cell_num(const struct sw_table *t, size_t row, size_t col);       /* NAN if not numeric */

/* Render appending to out. max_width: text cell truncation (0 = none).
 * JSON renders an array of objects keyed by header. */
sw_err sw_table_render(const struct sw_table *t, enum sw_fmt fmt, size_t max_width,
		       struct sw_buf *out) SW_MUST_CHECK;

/* Display width of UTF-8 text in terminal cells (wide CJK = 2). */
size_t sw_text_width(const char *s);

#endif
