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

sw_err classify_lexicon_parse(const char *name, const char *text, struct classify_lexicon *lx,
			      struct sw_error *err)
{
	memset(lx, 0, sizeof *lx);
	if (!(lx->source = sw_str_dup(text)))
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	size_t ln = 0, ae = 0, as = 0;
	sw_err e = SW_OK;
	for (const char *p = text; *p && !e;) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		ln++;
		char line[512];
		if (len >= sizeof line) {
			e = sw_error_set(err, SW_EPARSE, "%s:%zu: line longer than %zu bytes", name, ln, sizeof line - 1);
			break;
		}
		memcpy(line, p, len);
		line[len] = '\0';
		if (len && line[len - 1] == '\r')
			line[--len] = '\0';
		p = eol ? eol + 1 : p + len;
		if (!line[0] || line[0] == '#')
			continue;
		char *kind = line, *pat = strchr(line, '\t'), *label = NULL;
		if (pat) {
			*pat++ = '\0';
			label = strchr(pat, '\t');
			if (label)
				*label++ = '\0';
		}
		if (!pat || !*pat) {
			e = sw_error_set(err, SW_EPARSE, "%s:%zu: expected kind<TAB>pattern<TAB>label", name, ln);
			break;
		}
		if (!strcmp(kind, "stop")) {
			if (!sw_array_grow(&lx->stop, &as, lx->nstop + 1, sizeof *lx->stop)) {
				e = SW_ENOMEM;
				break;
			}
			for (char *q = pat; *q; q++)
				*q = (char)tolower((unsigned char)*q);
			if (!(lx->stop[lx->nstop] = sw_str_dup(pat))) {
				e = SW_ENOMEM;
				break;
			}
			lx->nstop++;
			continue;
		}
		enum classify_lex_kind k;
		if (!strcmp(kind, "owner"))
			k = CLASSIFY_LEX_OWNER;
		else if (!strcmp(kind, "prefix"))
			k = CLASSIFY_LEX_PREFIX;
		else if (!strcmp(kind, "text"))
			k = CLASSIFY_LEX_TEXT;
		else {
			e = sw_error_set(err, SW_EPARSE, "%s:%zu: unknown kind '%s' (owner, prefix, text, stop)",
					 name, ln, kind);
			break;
		}
		if (!label || !*label || strchr(label, '\t')) {
			e = sw_error_set(err, SW_EPARSE, "%s:%zu: missing label (Layer or Layer/Subcategory)", name, ln);
			break;
		}
		char *pattern = NULL;
		if (k == CLASSIFY_LEX_TEXT) {
			struct classify_toks t = {0};
			struct sw_buf j = SW_BUF_INIT;
			e = classify_tokenize(pat, strlen(pat), false, &t);
			if (!e && t.n == 0)
				e = sw_error_set(err, SW_EPARSE, "%s:%zu: pattern '%s' has no words", name, ln, pat);
			if (!e)
				e = classify_joined(&t, &j);
			classify_toks_release(&t);
			if (!e)
				pattern = sw_buf_detach(&j);
			sw_buf_release(&j);
			if (e)
				break;
		} else {
			for (char *q = pat; *q; q++)
				*q = (char)tolower((unsigned char)*q);
			pattern = sw_str_dup(pat);
		}
		if (!sw_array_grow(&lx->e, &ae, lx->n + 1, sizeof *lx->e)) {
			free(pattern);
			e = SW_ENOMEM;
			break;
		}
		lx->e[lx->n].kind = k;
		lx->e[lx->n].pattern = pattern;
		lx->e[lx->n].label = sw_str_dup(label);
		lx->n++;
		if (!pattern || !lx->e[lx->n - 1].label)
			e = SW_ENOMEM;
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
