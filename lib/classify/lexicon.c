/* lexicon.c: the hand-written lexicon of generic domain knowledge
 * (data/classifier_lexicon.tsv): stop words, and owner, name-prefix and
 * text-phrase rules that each point at a label. One rule a line:
 * kind<TAB>pattern<TAB>label, kind one of owner, prefix, text, stop. */
#include "classify_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

int classify_cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void classify_lexicon_release(struct classify_lexicon *lx)
{
	for (size_t i = 0; i < lx->n; i++) {
		free(lx->e[i].pattern);
		free(lx->e[i].label);
	}
	for (size_t i = 0; i < lx->nstop; i++)
		free(lx->stop[i]);
	free(lx->e);
	free(lx->stop);
	free(lx->source);
	memset(lx, 0, sizeof *lx);
}

bool classify_lexicon_is_stop(const struct classify_lexicon *lx, const char *w)
{
	return lx->nstop && bsearch(&w, lx->stop, lx->nstop, sizeof *lx->stop, classify_cmp_str) != NULL;
}

const char *classify_lexicon_default(void)
{
	const char *t = core_embedded("classifier_lexicon.tsv", NULL);
	return t ? t : "";
}

/* The lexicon being read, with the line it is at. */
struct reader {
	struct classify_lexicon *lx;
	const char *name;
	size_t ln;
	size_t ae, as; /* allocated entries, stop words */
	struct sw_error *err;
};

static void lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

static sw_err add_stop(struct reader *r, char *pat)
{
	struct classify_lexicon *lx = r->lx;
	if (!sw_array_grow(&lx->stop, &r->as, lx->nstop + 1, sizeof *lx->stop))
		return SW_ENOMEM;
	lower(pat);
	if (!(lx->stop[lx->nstop] = sw_str_dup(pat)))
		return SW_ENOMEM;
	lx->nstop++;
	return SW_OK;
}

/* The kind of a rule other than stop; false if unknown. */
static bool entry_kind(const char *kind, enum classify_lex_kind *k)
{
	if (!strcmp(kind, "owner"))
		*k = CLASSIFY_LEX_OWNER;
	else if (!strcmp(kind, "prefix"))
		*k = CLASSIFY_LEX_PREFIX;
	else if (!strcmp(kind, "text"))
		*k = CLASSIFY_LEX_TEXT;
	else
		return false;
	return true;
}

/* The stored pattern of a rule: lowercase for owner and prefix, the
 * " tok tok " form for a text phrase. NULL *out without an error: out of
 * memory (told when the entry is added). */
static sw_err entry_pattern(struct reader *r, enum classify_lex_kind k, char *pat, char **out)
{
	*out = NULL;
	if (k != CLASSIFY_LEX_TEXT) {
		lower(pat);
		*out = sw_str_dup(pat);
		return SW_OK;
	}
	struct classify_toks t = {0};
	struct sw_buf j = SW_BUF_INIT;
	sw_err e = classify_tokenize(pat, strlen(pat), false, &t);
	if (!e && t.n == 0)
		e = sw_error_set(r->err, SW_EPARSE, "%s:%zu: pattern '%s' has no words", r->name, r->ln, pat);
	if (!e)
		e = classify_joined(&t, &j);
	classify_toks_release(&t);
	if (!e)
		*out = sw_buf_detach(&j);
	sw_buf_release(&j);
	return e;
}

/* Takes pattern (freed on failure). */
static sw_err add_entry(struct reader *r, enum classify_lex_kind k, char *pattern, const char *label)
{
	struct classify_lexicon *lx = r->lx;
	if (!sw_array_grow(&lx->e, &r->ae, lx->n + 1, sizeof *lx->e)) {
		free(pattern);
		return SW_ENOMEM;
	}
	lx->e[lx->n].kind = k;
	lx->e[lx->n].pattern = pattern;
	lx->e[lx->n].label = sw_str_dup(label);
	lx->n++;
	if (!pattern || !lx->e[lx->n - 1].label)
		return SW_ENOMEM;
	return SW_OK;
}

/* One rule (a line that is neither empty nor a comment). */
static sw_err read_rule(struct reader *r, char *line)
{
	char *kind = line, *pat = strchr(line, '\t'), *label = NULL;
	if (pat) {
		*pat++ = '\0';
		label = strchr(pat, '\t');
		if (label)
			*label++ = '\0';
	}
	if (!pat || !*pat)
		return sw_error_set(r->err, SW_EPARSE, "%s:%zu: expected kind<TAB>pattern<TAB>label", r->name, r->ln);
	if (!strcmp(kind, "stop"))
		return add_stop(r, pat);
	enum classify_lex_kind k;
	if (!entry_kind(kind, &k))
		return sw_error_set(r->err, SW_EPARSE, "%s:%zu: unknown kind '%s' (owner, prefix, text, stop)",
				    r->name, r->ln, kind);
	if (!label || !*label || strchr(label, '\t'))
		return sw_error_set(r->err, SW_EPARSE, "%s:%zu: missing label (Layer or Layer/Subcategory)",
				    r->name, r->ln);
	char *pattern;
	sw_err e = entry_pattern(r, k, pat, &pattern);
	if (e)
		return e;
	return add_entry(r, k, pattern, label);
}

sw_err classify_lexicon_parse(const char *name, const char *text, struct classify_lexicon *lx,
			      struct sw_error *err)
{
	memset(lx, 0, sizeof *lx);
	if (!(lx->source = sw_str_dup(text)))
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	struct reader r = {.lx = lx, .name = name, .err = err};
	sw_err e = SW_OK;
	for (const char *p = text; *p && !e;) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		r.ln++;
		char line[512];
		if (len >= sizeof line) {
			e = sw_error_set(err, SW_EPARSE, "%s:%zu: line longer than %zu bytes", name, r.ln,
					 sizeof line - 1);
			break;
		}
		memcpy(line, p, len);
		line[len] = '\0';
		p = eol ? eol + 1 : p + len; /* before the '\r' is cut: a last line "x\r" must move p to its end */
		if (len && line[len - 1] == '\r')
			line[--len] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		e = read_rule(&r, line);
	}
	if (!e && lx->nstop)
		qsort(lx->stop, lx->nstop, sizeof *lx->stop, classify_cmp_str);
	if (e) {
		if (e == SW_ENOMEM)
			sw_error_set(err, e, "%s: out of memory", name);
		classify_lexicon_release(lx);
	}
	return e;
}

sw_err sw_classify_lexicon_check(const char *name, const char *text, struct sw_error *err)
{
	struct classify_lexicon lx;
	sw_err e = classify_lexicon_parse(name, text, &lx, err);
	if (!e)
		classify_lexicon_release(&lx);
	return e;
}
