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
	char **drop;        /* columns to leave out first in narrow text (sw_table_drop_order) */
	size_t ndrop;
	char *link_col, *link_prefix; /* HTML: cells of this column link to prefix + text */
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
	for (size_t i = 0; i < t->ndrop; i++)
		free(t->drop[i]);
	free(t->drop);
	free(t->link_col);
	free(t->link_prefix);
	free(t->name);
	free(t->title);
	free(t);
}

const char *sw_table_name(const struct sw_table *t) { return t->name; }
const char *sw_table_title(const struct sw_table *t) { return t->title; }
size_t sw_table_rows(const struct sw_table *t) { return t->nrows; }
size_t sw_table_cols(const struct sw_table *t) { return t->ncols; }
const char *sw_table_header(const struct sw_table *t, size_t col) { return col < t->ncols ? t->headers[col] : ""; }
const char *sw_table_note_text(const struct sw_table *t, size_t i) { return i < t->nnotes ? t->notes[i] : NULL; }

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
	if (sw_table_drop_order(o, (const char *const *)t->drop, t->ndrop) ||
	    (t->link_col && sw_table_link(o, t->link_col, t->link_prefix))) {
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

/* ------------------------------------------------ text that fits a width */

/* Bytes of the word at s (up to a space or newline). */
static size_t word_len(const char *s)
{
	size_t n = 0;
	while (s[n] && s[n] != ' ' && s[n] != '\n')
		n++;
	return n;
}

sw_err sw_buf_wrap(struct sw_buf *b, const char *prefix, const char *text, size_t indent, size_t width)
{
	if (!width)
		width = sw_table_width();
	sw_err e = sw_buf_puts(b, prefix);
	size_t start = sw_utf8_width(prefix), col = start;
	bool first = true;
	for (const char *p = text; !e && *p;) {
		while (*p == ' ' || *p == '\n')
			p++;
		size_t n = word_len(p);
		if (!n)
			break;
		char word[1024];
		snprintf(word, sizeof word, "%.*s", (int)(n < sizeof word ? n : sizeof word - 1), p);
		size_t w = sw_utf8_width(word);
		if (!first && col + 1 + w > width) {
			e = sw_buf_putc(b, '\n');
			for (size_t k = 0; !e && k < indent; k++)
				e = sw_buf_putc(b, ' ');
			col = indent;
		} else if (!first) {
			e = sw_buf_putc(b, ' ');
			col++;
		}
		if (!e)
			e = sw_buf_append(b, p, n);
		col += w;
		first = false;
		p += n;
	}
	return e ? e : sw_buf_putc(b, '\n');
}


sw_err sw_table_drop_order(struct sw_table *t, const char *const *cols, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t c = 0; c < t->ncols; c++)
			if (!strcmp(cols[i], t->headers[c]) && sw_str_push(&t->drop, &t->ndrop, cols[i]))
				return SW_ENOMEM;
	return SW_OK;
}

sw_err sw_table_link(struct sw_table *t, const char *col, const char *prefix)
{
	for (size_t c = 0; c < t->ncols; c++)
		if (!strcmp(col, t->headers[c])) {
			free(t->link_col);
			free(t->link_prefix);
			t->link_col = strdup(col);
			t->link_prefix = strdup(prefix);
			return t->link_col && t->link_prefix ? SW_OK : SW_ENOMEM;
		}
	return SW_OK;
}

sw_err sw_table_add_copy(struct sw_table *dst, const struct sw_table *src, size_t row)
{
	if (dst->ncols != src->ncols || row >= src->nrows)
		return SW_EINVAL;
	sw_err e = sw_table_add_row(dst);
	for (size_t c = 0; !e && c < src->ncols; c++) {
		const struct cell *x = &src->cells[row * src->ncols + c];
		struct cell *y = &dst->cells[(dst->nrows - 1) * dst->ncols + c];
		*y = *x;
		if (x->text && !(y->text = strdup(x->text)))
			e = SW_ENOMEM;
	}
	return e;
}

/* Numbers of a numeric column are grouped, unless they name things. */
static bool col_grouped(const struct sw_table *t, size_t col)
{
	const char *h = t->headers[col];
	size_t n = strlen(h);
	return col_numeric(t, col) && strcmp(h, "id") && strcmp(h, "year") && !(n > 3 && !strcmp(h + n - 3, "_id"));
}

/* A cell as people read it: grouped when grp (buf holds it). */
static const char *shown(const struct sw_table *t, size_t r, size_t c, bool grp, char buf[96])
{
	const struct cell *x = &t->cells[r * t->ncols + c];
	const char *s = x->text ? x->text : "";
	return grp && !x->textual && sw_fmt_group(s, buf, 96) ? buf : s;
}

/* col_grouped of every column (caller frees); NULL when out of memory. */
static bool *groupings(const struct sw_table *t)
{
	bool *g = calloc(t->ncols ? t->ncols : 1, sizeof *g);
	for (size_t c = 0; g && c < t->ncols; c++)
		g[c] = col_grouped(t, c);
	return g;
}

/* How a text table is laid out: each column's width (0: left out), its
 * alignment and grouping, the column that wraps, what was left out. */
struct layout {
	size_t n, *w, *nat, wrap;
	bool *num, *grp;
	char empty[256], narrow[256];
};

static void name_add(char *list, size_t len, const char *name)
{
	size_t u = strlen(list);
	snprintf(list + u, len - u, "%s%s", u ? ", " : "", name);
}

/* The width of shown columns with their separators. */
static size_t total_width(const struct layout *L, const size_t *w)
{
	size_t sum = 0, k = 0;
	for (size_t c = 0; c < L->n; c++)
		if (w[c]) {
			sum += w[c];
			k++;
		}
	return sum + (k ? 2 * (k - 1) : 0);
}

/* Natural widths (capped by max_width), alignment; columns without data
 * (every cell empty or "unknown") left out. */
static void measure(const struct sw_table *t, size_t max_width, struct layout *L)
{
	char buf[96];
	for (size_t c = 0; c < L->n; c++) {
		L->num[c] = col_numeric(t, c);
		L->grp[c] = col_grouped(t, c);
		size_t w = sw_utf8_width(t->headers[c]);
		bool any = false;
		for (size_t r = 0; r < t->nrows; r++) {
			const struct cell *x = &t->cells[r * t->ncols + c];
			size_t cw = sw_utf8_width(shown(t, r, c, L->grp[c], buf));
			any |= x->kind != CELL_NULL && x->text && *x->text && strcmp(x->text, "unknown");
			if (cw > w)
				w = cw;
		}
		if (max_width && w > max_width)
			w = max_width;
		L->nat[c] = L->w[c] = w ? w : 1;
		if (c && t->nrows && !any) {
			L->w[c] = 0;
			name_add(L->empty, sizeof L->empty, t->headers[c]);
		}
	}
}

/* The last shown column wraps when it is text; -1 (none) otherwise. */
static void find_wrap(struct layout *L)
{
	L->wrap = (size_t)-1;
	for (size_t c = L->n; c-- > 1;)
		if (L->w[c]) {
			if (!L->num[c])
				L->wrap = c;
			return;
		}
}

/* Column c is part of the key: no text column comes before it. */
static bool is_key(const struct layout *L, size_t c)
{
	for (size_t k = 0; k < c; k++)
		if (!L->num[k])
			return false;
	return true;
}

/* The narrowest a column goes before columns are left out: numbers and
 * the key (the columns up to the first text one: "repo", "rank, repo")
 * whole, other text down to 18 (a wrapping one to 30). */
static size_t soft_floor(const struct sw_table *t, const struct layout *L, size_t c)
{
	size_t h = sw_utf8_width(t->headers[c]), f = c == L->wrap ? 30 : 18;
	if (is_key(L, c) || L->num[c] || L->nat[c] <= f)
		return L->nat[c];
	return h > f ? h : f;
}

/* Next column the table says to leave out first; 0 when none is left. */
static size_t next_named(const struct sw_table *t, const struct layout *L)
{
	for (size_t i = 0; i < t->ndrop; i++)
		for (size_t c = 1; c < L->n; c++)
			if (L->w[c] && !strcmp(t->drop[i], t->headers[c]))
				return c;
	return 0;
}

/* Next column to leave out: the table's own order, then from the right. */
static size_t next_drop(const struct sw_table *t, const struct layout *L)
{
	size_t c = next_named(t, L);
	if (c)
		return c;
	for (c = L->n; c-- > 1;)
		if (L->w[c] && !is_key(L, c))
			return c;
	return 0;
}

/* Shorten the widest shortenable column by one until the row fits. */
static void squeeze(struct layout *L, size_t *w, size_t width, bool first_too)
{
	while (total_width(L, w) > width) {
		size_t best = 0;
		for (size_t c = first_too ? 0 : 1; c < L->n; c++)
			if (w[c] > 4 && (!L->num[c] || first_too) && (!best || w[c] > w[best]))
				best = c;
		if (!best && (!first_too || w[0] <= 4))
			return;
		w[best]--;
	}
}

/* Fit the shown columns into width: leave out the columns the table names
 * while it is too wide at full width; then shorten text to its floors and
 * leave out more columns; then give the room left back to shortened
 * columns (the wrapping one first). */
static void fit(const struct sw_table *t, size_t width, struct layout *L, size_t *fl)
{
	size_t named;
	while (total_width(L, L->w) > width && (named = next_named(t, L))) {
		L->w[named] = 0;
		name_add(L->narrow, sizeof L->narrow, t->headers[named]);
	}
	for (;;) {
		find_wrap(L);
		for (size_t c = 0; c < L->n; c++)
			fl[c] = L->w[c] ? soft_floor(t, L, c) : 0;
		size_t drop = total_width(L, fl) > width ? next_drop(t, L) : 0;
		if (!drop)
			break;
		L->w[drop] = 0;
		name_add(L->narrow, sizeof L->narrow, t->headers[drop]);
	}
	size_t used = total_width(L, fl);
	for (size_t pass = 0; pass < 2; pass++)
		for (size_t c = 0; c < L->n; c++) {
			if (!fl[c] || (pass == 0) != (c == L->wrap) || used >= width)
				continue;
			size_t give = L->nat[c] - fl[c] < width - used ? L->nat[c] - fl[c] : width - used;
			fl[c] += give;
			used += give;
		}
	squeeze(L, fl, width, false);
	squeeze(L, fl, width, true);
	memcpy(L->w, fl, L->n * sizeof *fl);
}

/* One line of cells; the wrapping column shows `wrapped` (one of its lines). */
static sw_err put_line(const struct sw_table *t, const struct layout *L, size_t r, const char *wrapped,
		       bool cont, struct sw_buf *b)
{
	char buf[96];
	size_t last = 0;
	for (size_t c = 0; c < L->n; c++)
		if (L->w[c])
			last = c;
	sw_err e = SW_OK;
	bool first = true;
	for (size_t c = 0; !e && c < L->n; c++) {
		if (!L->w[c])
			continue;
		if (!first)
			e = sw_buf_puts(b, "  ");
		first = false;
		const char *s = r == (size_t)-1 ? t->headers[c] : c == L->wrap ? wrapped
			      : cont ? "" : shown(t, r, c, L->grp[c], buf);
		if (!e)
			e = put_cell(b, s, L->w[c], L->num[c], c < last || L->num[c]);
	}
	return e ? e : sw_buf_putc(b, '\n');
}

/* A row; the wrapping column's text over as many lines as it takes. */
static sw_err put_row(const struct sw_table *t, const struct layout *L, size_t r, struct sw_buf *b)
{
	if (L->wrap == (size_t)-1)
		return put_line(t, L, r, NULL, false, b);
	struct sw_buf wb = SW_BUF_INIT;
	sw_err e = sw_buf_wrap(&wb, "", sw_table_cell_text(t, r, L->wrap), 0, L->w[L->wrap]);
	char *line = wb.data;
	for (bool cont = false; !e && line && *line; cont = true) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		e = put_line(t, L, r, line, cont, b);
		line = nl ? nl + 1 : NULL;
	}
	if (!e && !wb.len)
		e = put_line(t, L, r, "", false, b);
	sw_buf_release(&wb);
	return e;
}

/* The notes, and what was left out, wrapped to the width. */
static sw_err put_notes(const struct sw_table *t, const struct layout *L, size_t width, struct sw_buf *b)
{
	sw_err e = SW_OK;
	for (size_t i = 0; !e && i < t->nnotes; i++)
		e = sw_buf_wrap(b, "note: ", t->notes[i], 6, width);
	char msg[600];
	if (!e && L->empty[0]) {
		snprintf(msg, sizeof msg, "not shown, no data: %s.", L->empty);
		e = sw_buf_wrap(b, "note: ", msg, 6, width);
	}
	if (!e && L->narrow[0]) {
		snprintf(msg, sizeof msg, "not shown, to fit %zu columns: %s (csv and json have every column).", width,
			 L->narrow);
		e = sw_buf_wrap(b, "note: ", msg, 6, width);
	}
	return e;
}

static sw_err render_text(const struct sw_table *t, size_t max_width, struct sw_buf *b)
{
	size_t n = t->ncols ? t->ncols : 1, width = sw_table_width();
	struct layout L = {.n = t->ncols};
	L.w = calloc(n, sizeof *L.w);
	L.nat = calloc(n, sizeof *L.nat);
	size_t *fl = calloc(n, sizeof *fl);
	L.num = calloc(n, sizeof *L.num);
	L.grp = calloc(n, sizeof *L.grp);
	sw_err e = L.w && L.nat && fl && L.num && L.grp ? SW_OK : SW_ENOMEM;
	if (!e) {
		measure(t, max_width, &L);
		fit(t, width, &L, fl);
		e = put_line(t, &L, (size_t)-1, "", false, b);
	}
	for (size_t c = 0, first = 1; !e && c < L.n; c++) {
		if (!L.w[c])
			continue;
		e = first ? SW_OK : sw_buf_puts(b, "  ");
		first = 0;
		for (size_t k = 0; !e && k < L.w[c]; k++)
			e = sw_buf_putc(b, '-');
	}
	if (!e && t->ncols)
		e = sw_buf_putc(b, '\n');
	for (size_t r = 0; !e && r < t->nrows; r++)
		e = put_row(t, &L, r, b);
	if (!e)
		e = put_notes(t, &L, width, b);
	free(L.w);
	free(L.nat);
	free(fl);
	free(L.num);
	free(L.grp);
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
	char buf[96];
	bool *grp = groupings(t);
	if (!grp)
		e = SW_ENOMEM;
	for (size_t r = 0; !e && r < t->nrows; r++) {
		e = sw_buf_puts(b, "|");
		for (size_t c = 0; !e && c < t->ncols; c++) {
			e = sw_buf_putc(b, ' ');
			if (!e)
				e = md_text(b, shown(t, r, c, grp[c], buf));
			if (!e)
				e = sw_buf_puts(b, " |");
		}
		if (!e)
			e = sw_buf_putc(b, '\n');
	}
	free(grp);
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

/* <a href="prefix + text"> (both escaped) */
static sw_err html_link_open(struct sw_buf *b, const char *prefix, const char *text)
{
	sw_err e = sw_buf_puts(b, "<a href=\"");
	if (!e)
		e = sw_buf_html(b, prefix);
	if (!e)
		e = sw_buf_html(b, text);
	return e ? e : sw_buf_puts(b, "\">");
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
	char buf[96];
	bool *grp = groupings(t);
	if (!grp)
		e = SW_ENOMEM;
	for (size_t r = 0; !e && r < t->nrows; r++) {
		e = sw_buf_puts(b, "<tr>");
		for (size_t c = 0; !e && c < t->ncols; c++) {
			const struct cell *x = &t->cells[r * t->ncols + c];
			if (x->kind == CELL_INT || x->kind == CELL_NUM)
				e = sw_buf_printf(b, "<td class=\"num\" data-v=\"%.10g\">", x->num);
			else
				e = sw_buf_puts(b, "<td>");
			bool link = t->link_col && x->text && *x->text && !strcmp(t->link_col, t->headers[c]);
			if (!e && link)
				e = html_link_open(b, t->link_prefix, x->text);
			if (!e)
				e = sw_buf_html(b, shown(t, r, c, grp[c], buf));
			if (!e)
				e = sw_buf_puts(b, link ? "</a></td>" : "</td>");
		}
		if (!e)
			e = sw_buf_puts(b, "</tr>\n");
	}
	free(grp);
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
