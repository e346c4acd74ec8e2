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
	free(lx->phrase);
	free(lx->group);
	classify_strtab_release(&lx->stop_index);
	classify_strtab_release(&lx->group_index);
	free(lx->source);
	memset(lx, 0, sizeof *lx);
}

static void stop_key(const void *ctx, size_t i, const char **s, size_t *len)
{
	const struct classify_lexicon *lx = ctx;
	*s = lx->stop[i];
	*len = strlen(lx->stop[i]);
}

bool classify_lexicon_is_stop(const struct classify_lexicon *lx, const char *w, size_t n)
{
	return classify_strtab_find(&lx->stop_index, w, n, stop_key, lx) >= 0;
}

/* The first word of text entry k's " tok tok " pattern. */
static void first_word(const struct classify_lexicon *lx, size_t k, const char **s, size_t *len)
{
	*s = lx->e[k].pattern + 1;
	*len = strcspn(*s, " ");
}

/* Group g's first word (the phrases starting with it). */
static void group_key(const void *ctx, size_t g, const char **s, size_t *len)
{
	const struct classify_lexicon *lx = ctx;
	first_word(lx, lx->phrase[lx->group[g]], s, len);
}

/* Whether " tok tok " pattern p is the stemmed tokens of t from i on. */
static bool phrase_at(const char *p, const struct classify_toks *t, size_t i)
{
	for (p++; *p; i++) {
		size_t wl = strcspn(p, " ");
		if (i >= t->n || classify_stem_n(classify_tok_at(t, i), t->tok[i].len) != wl ||
		    memcmp(p, classify_tok_at(t, i), wl))
			return false;
		p += wl + 1;
	}
	return true;
}

long classify_lexicon_group(const struct classify_lexicon *lx, const char *w, size_t n)
{
	return classify_strtab_find(&lx->group_index, w, n, group_key, lx);
}

void classify_lexicon_phrases(const struct classify_lexicon *lx, const struct classify_toks *t, bool *hit)
{
	for (size_t i = 0; i < t->n && lx->ngroup; i++) {
		const char *w = classify_tok_at(t, i);
		long g = t->tok[i].group != CLASSIFY_GROUP_UNKNOWN
				 ? t->tok[i].group
				 : classify_lexicon_group(lx, w, classify_stem_n(w, t->tok[i].len));
		for (size_t j = g < 0 ? 0 : lx->group[g]; g >= 0 && j < lx->group[g + 1]; j++)
			if (!hit[lx->phrase[j]] && phrase_at(lx->e[lx->phrase[j]].pattern, t, i))
				hit[lx->phrase[j]] = true;
	}
}

/* A text entry and its first word, to group the entries by it. */
struct first {
	const char *s;
	size_t len, k;
};
static int cmp_first(const void *a, const void *b)
{
	const struct first *x = a, *y = b;
	int c = memcmp(x->s, y->s, x->len < y->len ? x->len : y->len);
	if (!c)
		c = (x->len > y->len) - (x->len < y->len);
	return c ? c : (x->k > y->k) - (x->k < y->k);
}

/* lx->phrase: the text entries grouped by first word; lx->group[g] where
 * group g starts in it (group[ngroup] = the end); the tables of the
 * groups' first words and of the stop words. */
static sw_err build_indexes(struct classify_lexicon *lx)
{
	struct first *f = malloc((lx->n + 1) * sizeof *f);
	lx->phrase = malloc((lx->n + 1) * sizeof *lx->phrase);
	lx->group = malloc((lx->n + 1) * sizeof *lx->group);
	if (!f || !lx->phrase || !lx->group) {
		free(f);
		return SW_ENOMEM;
	}
	size_t n = 0;
	for (size_t k = 0; k < lx->n; k++)
		if (lx->e[k].kind == CLASSIFY_LEX_TEXT) {
			f[n].k = k;
			first_word(lx, k, &f[n].s, &f[n].len);
			n++;
		}
	qsort(f, n, sizeof *f, cmp_first);
	for (size_t i = 0; i < n; i++) {
		lx->phrase[i] = f[i].k;
		if (!i || f[i].len != f[i - 1].len || memcmp(f[i].s, f[i - 1].s, f[i].len))
			lx->group[lx->ngroup++] = i;
	}
	lx->group[lx->ngroup] = n;
	free(f);
	sw_err e = classify_strtab_build(&lx->group_index, lx->ngroup, group_key, lx);
	return e ? e : classify_strtab_build(&lx->stop_index, lx->nstop, stop_key, lx);
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
	if (!e)
		e = build_indexes(lx);
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
