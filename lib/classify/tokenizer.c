/* tokenizer.c: a text as lowercase ASCII words and single CJK characters,
 * with the light stemming and the " tok tok " form that lexicon phrases
 * are matched against. */
#include "classify_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void classify_toks_release(struct classify_toks *t)
{
	sw_buf_release(&t->text);
	free(t->tok);
	memset(t, 0, sizeof *t);
}

static sw_err toks_add(struct classify_toks *t, const char *s, size_t n, bool cjk)
{
	if (!sw_array_grow(&t->tok, &t->alloc, t->n + 1, sizeof *t->tok))
		return SW_ENOMEM;
	t->tok[t->n].off = t->text.len;
	t->tok[t->n].cjk = cjk;
	sw_err e = sw_buf_append(&t->text, s, n);
	if (!e)
		e = sw_buf_putc(&t->text, '\0');
	if (!e)
		t->n++;
	return e;
}

static bool cp_is_cjk(uint32_t cp)
{
	return (cp >= 0x3040 && cp <= 0x30ff) ||   /* kana */
	       (cp >= 0x3400 && cp <= 0x9fff) ||   /* Han */
	       (cp >= 0xac00 && cp <= 0xd7af) ||   /* Hangul */
	       (cp >= 0xf900 && cp <= 0xfaff);
}

sw_err classify_tokenize(const char *s, size_t n, bool camel, struct classify_toks *out)
{
	char w[CLASSIFY_MAX_TOKEN];
	size_t wl = 0;
	sw_err e = SW_OK;
	size_t i = 0;
	while (i < n && !e) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			if (isalnum(c)) {
				bool boundary = camel && wl > 0 && isupper(c) && i > 0 &&
						islower((unsigned char)s[i - 1]);
				if (boundary) {
					e = toks_add(out, w, wl, false);
					wl = 0;
				}
				if (wl < sizeof w)
					w[wl++] = (char)tolower(c);
			} else if (wl) {
				e = toks_add(out, w, wl, false);
				wl = 0;
			}
			i++;
			continue;
		}
		if (wl) {
			e = toks_add(out, w, wl, false);
			wl = 0;
			if (e)
				break;
		}
		uint32_t cp;
		size_t k = sw_utf8_decode(s + i, n - i, &cp);
		if (!k) {
			i++; /* invalid byte: skip */
			continue;
		}
		if (cp_is_cjk(cp))
			e = toks_add(out, s + i, k, true);
		i += k;
	}
	if (!e && wl)
		e = toks_add(out, w, wl, false);
	return e;
}

/* Plural -s (keeps "ss", "us", "is"). */
size_t classify_stem_len(const char *w)
{
	size_t n = strlen(w);
	if (n > 3 && w[n - 1] == 's' && w[n - 2] != 's' && w[n - 2] != 'u' && w[n - 2] != 'i')
		return n - 1;
	return n;
}

sw_err classify_joined(const struct classify_toks *t, struct sw_buf *out)
{
	sw_err e = sw_buf_putc(out, ' ');
	for (size_t i = 0; i < t->n && !e; i++) {
		e = sw_buf_append(out, classify_tok_at(t, i), classify_stem_len(classify_tok_at(t, i)));
		if (!e)
			e = sw_buf_putc(out, ' ');
	}
	return e;
}
