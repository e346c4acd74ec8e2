/* table.c: one table model, five renderings (text, md, csv, json, html). */
#include "stackwatch/core.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>


enum cell_kind { CELL_NULL = 0, CELL_STR, CELL_INT, CELL_NUM };

struct cell {
	enum cell_kind kind;
	char *text;     /* display text (owned) */
	double num;     /* numeric value for INT/NUM */
	int64_t i;
	bool textual;   /* numtext: CSV and JSON keep the text ("100+") */
};

struct sw_table {
	char *name, *title;
	size_t ncols, nrows, alloc;
	char **headers;
	struct cell *cells; /* nrows * ncols */
	char **notes;
	size_t nnotes;
};

bool sw_fmt_parse(const char *name, enum sw_fmt *out)
{
	static const struct { const char *n; enum sw_fmt f; } map[] = {
		{"table", SW_FMT_TABLE}, {"text", SW_FMT_TABLE}, {"csv", SW_FMT_CSV},
		{"json", SW_FMT_JSON}, {"md", SW_FMT_MD}, {"markdown", SW_FMT_MD}, {"html", SW_FMT_HTML},
	};
	for (size_t i = 0; name && i < sizeof map / sizeof map[0]; i++)
		if (!strcmp(name, map[i].n)) {
			*out = map[i].f;
			return true;
		}
	return false;
}

struct sw_table *sw_table_new(const char *name, const char *title, size_t ncols, const char *const *headers)
{
	struct sw_table *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->name = strdup(name ? name : "table");
	t->title = strdup(title ? title : (name ? name : "table"));
	t->ncols = ncols;
	t->headers = calloc(ncols ? ncols : 1, sizeof *t->headers);
	if (!t->name || !t->title || !t->headers) {
		sw_table_free(t);
		return NULL;
	}
	for (size_t i = 0; i < ncols; i++)
		if (!(t->headers[i] = strdup(headers[i]))) {
			sw_table_free(t);
			return NULL;
		}
	return t;
}

sw_err sw_table_give(struct sw_table *t, sw_err e, struct sw_table **out)
{
	if (e)
		sw_table_free(t);
	else
		*out = t;
	return e;
}

void sw_table_free(struct sw_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i].text);
	free(t->cells);
	for (size_t i = 0; t->headers && i < t->ncols; i++)
		free(t->headers[i]);
	free(t->headers);
	for (size_t i = 0; i < t->nnotes; i++)
		free(t->notes[i]);
	free(t->notes);
	free(t->name);
	free(t->title);
	free(t);
}

const char *sw_table_name(const struct sw_table *t) { return t->name; }
const char *sw_table_title(const struct sw_table *t) { return t->title; }
size_t sw_table_rows(const struct sw_table *t) { return t->nrows; }
size_t sw_table_cols(const struct sw_table *t) { return t->ncols; }

sw_err sw_table_add_row(struct sw_table *t)
{
	if (t->nrows == t->alloc) {
		size_t n = t->alloc ? t->alloc * 2 : 16;
		struct cell *c = realloc(t->cells, n * t->ncols * sizeof *c);
		if (!c)
			return SW_ENOMEM;
		t->cells = c;
		t->alloc = n;
	}
	memset(&t->cells[t->nrows * t->ncols], 0, t->ncols * sizeof *t->cells);
	t->nrows++;
	return SW_OK;
}

static struct cell *last(struct sw_table *t, size_t col)
{
	if (!t->nrows || col >= t->ncols)
		return NULL;
	struct cell *c = &t->cells[(t->nrows - 1) * t->ncols + col];
	free(c->text);
	memset(c, 0, sizeof *c);
	return c;
}

sw_err sw_table_str(struct sw_table *t, size_t col, const char *s)
{
	struct cell *c = last(t, col);
	if (!c)
		return SW_EINVAL;
	if (!s)
		return SW_OK;
	c->kind = CELL_STR;
	return (c->text = strdup(s)) ? SW_OK : SW_ENOMEM;
}

sw_err sw_table_int(struct sw_table *t, size_t col, int64_t v)
{
	struct cell *c = last(t, col);
	if (!c)
		return SW_EINVAL;
	if (v == SW_UNKNOWN)
		return SW_OK;
	char buf[32];
	snprintf(buf, sizeof buf, "%lld", (long long)v);
	c->kind = CELL_INT;
	c->i = v;
	c->num = (double)v;
	return (c->text = strdup(buf)) ? SW_OK : SW_ENOMEM;
}

sw_err sw_table_num(struct sw_table *t, size_t col, double v, int decimals)
{
	struct cell *c = last(t, col);
	if (!c)
		return SW_EINVAL;
	if (isnan(v) || isinf(v))
		return SW_OK;
	char buf[64];
	snprintf(buf, sizeof buf, "%.*f", decimals, v);
	c->kind = CELL_NUM;
	c->num = v;
	return (c->text = strdup(buf)) ? SW_OK : SW_ENOMEM;
}

sw_err sw_table_numtext(struct sw_table *t, size_t col, double v, const char *text)
{
	struct cell *c = last(t, col);
	if (!c)
		return SW_EINVAL;
	c->kind = CELL_NUM;
	c->num = v;
	c->textual = true;
	return (c->text = strdup(text)) ? SW_OK : SW_ENOMEM;
}

sw_err sw_table_note(struct sw_table *t, const char *note)
{
	return sw_str_push(&t->notes, &t->nnotes, note);
}

struct sw_table *sw_table_select(const struct sw_table *t, const char *const *cols, size_t n)
{
	size_t idx[64], k = 0;
	for (size_t i = 0; i < n && k < 64; i++)
		for (size_t c = 0; c < t->ncols; c++)
			if (!strcmp(cols[i], t->headers[c])) {
				idx[k++] = c;
				break;
			}
	const char *h[64];
	for (size_t i = 0; i < k; i++)
		h[i] = t->headers[idx[i]];
	struct sw_table *o = sw_table_new(t->name, t->title, k, h);
	if (!o)
		return NULL;
	for (size_t r = 0; r < t->nrows; r++) {
		if (sw_table_add_row(o)) {
			sw_table_free(o);
			return NULL;
		}
		for (size_t i = 0; i < k; i++) {
			const struct cell *src = &t->cells[r * t->ncols + idx[i]];
			struct cell *dst = &o->cells[r * o->ncols + i];
			*dst = *src;
			if (src->text && !(dst->text = strdup(src->text))) {
				sw_table_free(o);
				return NULL;
			}
		}
	}
	for (size_t i = 0; i < t->nnotes; i++)
		if (sw_table_note(o, t->notes[i])) {
			sw_table_free(o);
			return NULL;
		}
	return o;
}

const char *sw_table_cell_text(const struct sw_table *t, size_t row, size_t col)
{
	if (row >= t->nrows || col >= t->ncols)
		return "";
	const struct cell *c = &t->cells[row * t->ncols + col];
	return c->text ? c->text : "";
}

double sw_table_cell_num(const struct sw_table *t, size_t row, size_t col)
{
	if (row >= t->nrows || col >= t->ncols)
		return NAN;
	const struct cell *c = &t->cells[row * t->ncols + col];
	return c->kind == CELL_INT || c->kind == CELL_NUM ? c->num : NAN;
}

/* ---------------------------------------------------------------- widths */

/* ---------------------------------------------------------- terminal text */

/* Stored text may hold control characters (C0, DEL, C1) that a terminal
 * would obey: clear the screen, retitle the window, fake other output.
 * Text and Markdown renderings show tab and line breaks as a space and the
 * others as \xNN (4 cells); the stored data is never changed. */
static bool is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

/* Write s[0..n) as a terminal may see it (bytes that are not UTF-8 as '?'). */
static sw_err put_term_text(struct sw_buf *b, const char *s, size_t n)
{
	sw_err e = SW_OK;
	for (size_t i = 0, k; !e && i < n; i += k ? k : 1) {
		uint32_t cp;
		k = sw_utf8_decode(s + i, n - i, &cp);
		if (!k)
			e = sw_buf_putc(b, '?');
		else if (cp == '\t' || cp == '\n' || cp == '\r')
			e = sw_buf_putc(b, ' ');
		else if (is_control(cp))
			e = sw_buf_printf(b, "\\x%02x", (unsigned)cp);
		else
			e = sw_buf_append(b, s + i, k);
	}
	return e;
}

static int cp_width(uint32_t cp)
{
	if (cp == 0)
		return 0;
	if (is_control(cp))
		return cp == '\t' || cp == '\n' || cp == '\r' ? 1 : 4;
	if ((cp >= 0x300 && cp <= 0x36F) || (cp >= 0x200B && cp <= 0x200F) || cp == 0xFE0F ||
	    (cp >= 0xFE00 && cp <= 0xFE0E))
		return 0;
	if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
	    (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	    (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
	    (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF) ||
	    (cp >= 0x20000 && cp <= 0x3FFFD))
		return 2;
	return 1;
}

size_t sw_utf8_width(const char *s)
{
	size_t w = 0, n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = sw_utf8_decode(s + i, n - i, &cp);
		if (!k) {
			i++;
			w++;
			continue;
		}
		w += (size_t)cp_width(cp);
		i += k;
	}
	return w;
}

/* Append s cut to at most `width` cells (with an ellipsis), padded when pad. */
static sw_err put_cell(struct sw_buf *b, const char *s, size_t width, bool right, bool pad)
{
	size_t n = strlen(s), w = 0, i = 0;
	size_t full = sw_utf8_width(s);
	bool cut = full > width;
	size_t limit = cut ? width - 1 : width;
	while (i < n) {
		uint32_t cp;
		size_t k = sw_utf8_decode(s + i, n - i, &cp);
		if (!k) {
			k = 1;
			cp = '?';
		}
		size_t cw = (size_t)cp_width(cp);
		if (w + cw > limit)
			break;
		w += cw;
		i += k;
	}
	sw_err e = SW_OK;
	size_t padn = pad ? width - w - (cut ? 1 : 0) : 0;
	if (right)
		for (size_t k = 0; !e && k < padn; k++)
			e = sw_buf_putc(b, ' ');
	if (!e)
		e = put_term_text(b, s, i);
	if (!e && cut)
		e = sw_buf_puts(b, "…");
	if (!right)
		for (size_t k = 0; !e && k < padn; k++)
			e = sw_buf_putc(b, ' ');
	return e;
}

static bool col_numeric(const struct sw_table *t, size_t col)
{
	bool any = false;
	for (size_t r = 0; r < t->nrows; r++) {
		enum cell_kind k = t->cells[r * t->ncols + col].kind;
		if (k == CELL_STR)
			return false;
		any |= k != CELL_NULL;
	}
	return any;
}

static sw_err render_text(const struct sw_table *t, size_t max_width, struct sw_buf *b)
{
	size_t *w = calloc(t->ncols ? t->ncols : 1, sizeof *w);
	if (!w)
		return SW_ENOMEM;
	for (size_t c = 0; c < t->ncols; c++) {
		w[c] = sw_utf8_width(t->headers[c]);
		for (size_t r = 0; r < t->nrows; r++) {
			size_t x = sw_utf8_width(sw_table_cell_text(t, r, c));
			if (x > w[c])
				w[c] = x;
		}
		if (max_width && w[c] > max_width)
			w[c] = max_width;
	}
	sw_err e = SW_OK;
	for (size_t c = 0; !e && c < t->ncols; c++) {
		bool num = col_numeric(t, c);
		e = put_cell(b, t->headers[c], w[c], num, c + 1 < t->ncols || num);
		if (!e && c + 1 < t->ncols)
			e = sw_buf_puts(b, "  ");
	}
	if (!e)
		e = sw_buf_putc(b, '\n');
	for (size_t c = 0; !e && c < t->ncols; c++) {
		for (size_t k = 0; !e && k < w[c]; k++)
			e = sw_buf_puts(b, "-");
		if (!e && c + 1 < t->ncols)
			e = sw_buf_puts(b, "  ");
	}
	if (!e)
		e = sw_buf_putc(b, '\n');
	for (size_t r = 0; !e && r < t->nrows; r++) {
		for (size_t c = 0; !e && c < t->ncols; c++) {
			bool num = col_numeric(t, c);
			e = put_cell(b, sw_table_cell_text(t, r, c), w[c], num, c + 1 < t->ncols || num);
			if (!e && c + 1 < t->ncols)
				e = sw_buf_puts(b, "  ");
		}
		if (!e)
			e = sw_buf_putc(b, '\n');
	}
	for (size_t i = 0; !e && i < t->nnotes; i++)
		e = sw_buf_printf(b, "note: %s\n", t->notes[i]);
	free(w);
	return e;
}

static sw_err md_text(struct sw_buf *b, const char *s)
{
	for (;;) {
		size_t n = strcspn(s, "|");
		sw_err e = put_term_text(b, s, n);
		if (e || !s[n])
			return e;
		if ((e = sw_buf_puts(b, "\\|")))
			return e;
		s += n + 1;
	}
}

static sw_err render_md(const struct sw_table *t, struct sw_buf *b)
{
	sw_err e = sw_buf_puts(b, "|");
	for (size_t c = 0; !e && c < t->ncols; c++) {
		e = sw_buf_putc(b, ' ');
		if (!e)
			e = md_text(b, t->headers[c]);
		if (!e)
			e = sw_buf_puts(b, " |");
	}
	if (!e)
		e = sw_buf_puts(b, "\n|");
	for (size_t c = 0; !e && c < t->ncols; c++)
		e = sw_buf_puts(b, col_numeric(t, c) ? " ---: |" : " --- |");
	if (!e)
		e = sw_buf_putc(b, '\n');
	for (size_t r = 0; !e && r < t->nrows; r++) {
		e = sw_buf_puts(b, "|");
		for (size_t c = 0; !e && c < t->ncols; c++) {
			e = sw_buf_putc(b, ' ');
			if (!e)
				e = md_text(b, sw_table_cell_text(t, r, c));
			if (!e)
				e = sw_buf_puts(b, " |");
		}
		if (!e)
			e = sw_buf_putc(b, '\n');
	}
	for (size_t i = 0; !e && i < t->nnotes; i++)
		e = sw_buf_printf(b, "\n*Note: %s*\n", t->notes[i]);
	return e;
}

static sw_err render_csv(const struct sw_table *t, struct sw_buf *b)
{
	sw_err e = SW_OK;
	for (size_t c = 0; !e && c < t->ncols; c++) {
		if (c)
			e = sw_buf_putc(b, ',');
		if (!e)
			e = sw_buf_csv_field(b, t->headers[c]);
	}
	if (!e)
		e = sw_buf_putc(b, '\n');
	for (size_t r = 0; !e && r < t->nrows; r++) {
		for (size_t c = 0; !e && c < t->ncols; c++) {
			const struct cell *x = &t->cells[r * t->ncols + c];
			if (c)
				e = sw_buf_putc(b, ',');
			if (e || x->kind == CELL_NULL)
				continue;
			if (x->kind == CELL_NUM && !x->textual)
				e = sw_buf_printf(b, "%.10g", x->num);
			else
				e = sw_buf_csv_field(b, x->text);
		}
		if (!e)
			e = sw_buf_putc(b, '\n');
	}
	return e;
}

static sw_err render_json(const struct sw_table *t, struct sw_buf *b)
{
	sw_err e = sw_buf_putc(b, '[');
	for (size_t r = 0; !e && r < t->nrows; r++) {
		e = sw_buf_puts(b, r ? ",\n {" : "\n {");
		for (size_t c = 0; !e && c < t->ncols; c++) {
			const struct cell *x = &t->cells[r * t->ncols + c];
			e = sw_buf_puts(b, c ? ", \"" : "\"");
			if (!e)
				e = sw_buf_json_str(b, t->headers[c]);
			if (!e)
				e = sw_buf_puts(b, "\": ");
			if (e)
				break;
			switch (x->kind) {
			case CELL_NULL: e = sw_buf_puts(b, "null"); break;
			case CELL_INT: e = sw_buf_printf(b, "%lld", (long long)x->i); break;
			case CELL_NUM:
				if (!x->textual) {
					e = sw_buf_printf(b, "%.10g", x->num);
					break;
				}
				/* fall through */
			case CELL_STR:
				e = sw_buf_putc(b, '"');
				if (!e)
					e = sw_buf_json_str(b, x->text);
				if (!e)
					e = sw_buf_putc(b, '"');
				break;
			}
		}
		if (!e)
			e = sw_buf_putc(b, '}');
	}
	if (!e)
		e = sw_buf_puts(b, t->nrows ? "\n]" : "]");
	return e;
}

static sw_err render_html(const struct sw_table *t, struct sw_buf *b)
{
	sw_err e = sw_buf_puts(b, "<table class=\"sw-table\" data-table=\"");
	if (!e)
		e = sw_buf_html(b, t->name);
	if (!e)
		e = sw_buf_puts(b, "\">\n<thead><tr>");
	for (size_t c = 0; !e && c < t->ncols; c++) {
		e = sw_buf_puts(b, col_numeric(t, c) ? "<th class=\"num\">" : "<th>");
		if (!e)
			e = sw_buf_html(b, t->headers[c]);
		if (!e)
			e = sw_buf_puts(b, "</th>");
	}
	if (!e)
		e = sw_buf_puts(b, "</tr></thead>\n<tbody>\n");
	for (size_t r = 0; !e && r < t->nrows; r++) {
		e = sw_buf_puts(b, "<tr>");
		for (size_t c = 0; !e && c < t->ncols; c++) {
			const struct cell *x = &t->cells[r * t->ncols + c];
			if (x->kind == CELL_INT || x->kind == CELL_NUM)
				e = sw_buf_printf(b, "<td class=\"num\" data-v=\"%.10g\">", x->num);
			else
				e = sw_buf_puts(b, "<td>");
			if (!e)
				e = sw_buf_html(b, x->text);
			if (!e)
				e = sw_buf_puts(b, "</td>");
		}
		if (!e)
			e = sw_buf_puts(b, "</tr>\n");
	}
	if (!e)
		e = sw_buf_puts(b, "</tbody></table>\n");
	for (size_t i = 0; !e && i < t->nnotes; i++) {
		e = sw_buf_puts(b, "<p class=\"note\">");
		if (!e)
			e = sw_buf_html(b, t->notes[i]);
		if (!e)
			e = sw_buf_puts(b, "</p>\n");
	}
	return e;
}

sw_err sw_table_render(const struct sw_table *t, enum sw_fmt fmt, size_t max_width, struct sw_buf *out)
{
	switch (fmt) {
	case SW_FMT_TABLE: return render_text(t, max_width, out);
	case SW_FMT_MD: return render_md(t, out);
	case SW_FMT_CSV: return render_csv(t, out);
	case SW_FMT_JSON: return render_json(t, out);
	case SW_FMT_HTML: return render_html(t, out);
	}
	return SW_EINVAL;
}
