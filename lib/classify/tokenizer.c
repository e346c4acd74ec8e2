/* tokenizer.c: a text as lowercase words (ASCII, accented Latin, Greek,
 * Cyrillic and other scripts written with spaces) and single characters of
 * scripts written without (Chinese, Japanese, Korean, Thai, ...),
 * with the light stemming, the " tok tok " form lexicon phrases are written
 * in, and the hash and string table that look words up. */
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

/* Whether b has room for extra more bytes (and its NUL) as it is, within
 * its limit: what sw_buf_reserve checks, without the call for every token. */
static inline bool buf_has_room(const struct sw_buf *b, size_t extra)
{
	size_t cap = b->cap ? b->cap : SW_BUF_DEFAULT_CAP;
	return extra <= cap && b->len <= cap - extra && b->len + extra + 1 <= b->alloc;
}

static sw_err toks_add(struct classify_toks *t, const char *s, size_t n, bool cjk)
{
	if (t->n == t->alloc && !sw_array_grow(&t->tok, &t->alloc, t->n + 1, sizeof *t->tok))
		return SW_ENOMEM;
	if (!buf_has_room(&t->text, n + 1) && sw_buf_reserve(&t->text, n + 1))
		return SW_ENOMEM;
	t->tok[t->n].off = t->text.len;
	t->tok[t->n].len = n;
	t->tok[t->n].cjk = cjk;
	t->tok[t->n].group = CLASSIFY_GROUP_UNKNOWN;
	memcpy(t->text.data + t->text.len, s, n);
	t->text.len += n;
	t->text.data[t->text.len++] = '\0';
	t->text.data[t->text.len] = '\0';
	t->n++;
	return SW_OK;
}

/* Scripts written without spaces between words: each character is a
 * token (and features pair neighbours), as for Chinese. */
static bool cp_is_cjk(uint32_t cp)
{
	return (cp >= 0x0e00 && cp <= 0x0eff) ||   /* Thai, Lao */
	       (cp >= 0x1000 && cp <= 0x109f) ||   /* Myanmar */
	       (cp >= 0x1780 && cp <= 0x17ff) ||   /* Khmer */
	       (cp >= 0x3040 && cp <= 0x30ff) ||   /* kana */
	       (cp >= 0x3400 && cp <= 0x9fff) ||   /* Han */
	       (cp >= 0xac00 && cp <= 0xd7af) ||   /* Hangul */
	       (cp >= 0xf900 && cp <= 0xfaff);
}

/* Letters of scripts written with spaces (accented Latin, Greek,
 * Cyrillic, Armenian, Hebrew, Arabic, Indic), as part of words. */
static bool cp_is_letter(uint32_t cp)
{
	return (cp >= 0xc0 && cp <= 0x24f && cp != 0xd7 && cp != 0xf7) || (cp >= 0x370 && cp <= 0x3ff && cp != 0x37e) ||
	       (cp >= 0x400 && cp <= 0x58f) || (cp >= 0x5d0 && cp <= 0x5ea) || (cp >= 0x620 && cp <= 0x6d3) ||
	       (cp >= 0x900 && cp <= 0xdff);
}

/* Lowercase of the common capitals (Latin-1, Latin Extended-A, Greek,
 * Cyrillic). */
static uint32_t cp_lower(uint32_t cp)
{
	if ((cp >= 0xc0 && cp <= 0xde) || (cp >= 0x391 && cp <= 0x3a9) || (cp >= 0x410 && cp <= 0x42f))
		return cp + 0x20;
	if (cp >= 0x400 && cp <= 0x40f)
		return cp + 0x50;
	if (cp >= 0x100 && cp <= 0x17f && !(cp & 1) && cp != 0x130 && cp != 0x138)
		return cp + 1;
	return cp;
}

/* Append code point cp to the word w[0..*wl) if it fits whole. */
static void word_put(char *w, size_t *wl, uint32_t cp)
{
	char u[4];
	size_t k;
	if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		k = 2;
	} else {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		k = 3;
	}
	if (*wl + k <= CLASSIFY_MAX_TOKEN) {
		memcpy(w + *wl, u, k);
		*wl += k;
	}
}

sw_err classify_tokenize(const char *s, size_t n, bool camel, struct classify_toks *out)
{
	char w[CLASSIFY_MAX_TOKEN];
	size_t wl = 0;
	sw_err e = SW_OK;
	size_t i = 0;
	while (i < n && !e) {
		unsigned char c = (unsigned char)s[i];
		if (!camel && classify_ascii_alnum(c)) {
			/* a run of ASCII letters and digits at once (prose is mostly these) */
			size_t j = i;
			while (j < n && classify_ascii_alnum((unsigned char)s[j]))
				j++;
			for (size_t k = i; k < j && wl < sizeof w; k++)
				w[wl++] = (char)((unsigned char)(s[k] - 'A') < 26 ? s[k] | 0x20 : s[k]);
			i = j;
			continue;
		}
		if (c < 0x80) {
			if (classify_ascii_alnum(c)) {
				bool upper = (unsigned char)(c - 'A') < 26;
				bool boundary = camel && wl > 0 && upper && i > 0 && (unsigned char)(s[i - 1] - 'a') < 26;
				if (boundary) {
					e = toks_add(out, w, wl, false);
					wl = 0;
				}
				if (wl < sizeof w)
					w[wl++] = (char)(upper ? c | 0x20 : c);
			} else if (wl) {
				e = toks_add(out, w, wl, false);
				wl = 0;
			}
			i++;
			continue;
		}
		uint32_t cp;
		size_t k = sw_utf8_decode(s + i, n - i, &cp);
		if (k && cp_is_letter(cp)) {
			word_put(w, &wl, cp_lower(cp));
			i += k;
			continue;
		}
		if (wl) {
			e = toks_add(out, w, wl, false);
			wl = 0;
			if (e)
				break;
		}
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

size_t classify_stem_len(const char *w)
{
	return classify_stem_n(w, strlen(w));
}

/* Plural -s (keeps "ss", "us", "is"). */
size_t classify_stem_n(const char *w, size_t n)
{
	if (n > 3 && w[n - 1] == 's' && w[n - 2] != 's' && w[n - 2] != 'u' && w[n - 2] != 'i')
		return n - 1;
	return n;
}

sw_err classify_joined(const struct classify_toks *t, struct sw_buf *out)
{
	sw_err e = sw_buf_putc(out, ' ');
	for (size_t i = 0; i < t->n && !e; i++) {
		e = sw_buf_append(out, classify_tok_at(t, i), classify_stem_n(classify_tok_at(t, i), t->tok[i].len));
		if (!e)
			e = sw_buf_putc(out, ' ');
	}
	return e;
}

void classify_strtab_release(struct classify_strtab *t)
{
	free(t->slot);
	memset(t, 0, sizeof *t);
}

/* Put key i (hash hv) into a free slot. */
static void strtab_put(struct classify_strtab *t, uint64_t hv, size_t i)
{
	size_t h = (size_t)hv & t->mask;
	while (t->slot[h].id1)
		h = (h + 1) & t->mask;
	t->slot[h].id1 = (uint32_t)(i + 1);
	t->slot[h].tag = (uint32_t)(hv >> 32);
}

/* Room for n keys at most half full, keys 0..have re-inserted. */
static sw_err strtab_size(struct classify_strtab *t, size_t n, size_t have, classify_strtab_key *key, const void *ctx)
{
	size_t ns = 16;
	while (ns < n * 2 + 16)
		ns *= 2;
	struct classify_slot *slot = calloc(ns, sizeof *slot);
	if (!slot)
		return SW_ENOMEM;
	free(t->slot);
	t->slot = slot;
	t->mask = ns - 1;
	for (size_t i = 0; i < have; i++) {
		const char *k;
		size_t kl;
		key(ctx, i, &k, &kl);
		strtab_put(t, classify_hash(k, kl), i);
	}
	return SW_OK;
}

sw_err classify_strtab_build(struct classify_strtab *t, size_t n, classify_strtab_key *key, const void *ctx)
{
	return strtab_size(t, n, n, key, ctx);
}

sw_err classify_strtab_add(struct classify_strtab *t, size_t i, uint64_t hv, classify_strtab_key *key,
			   const void *ctx)
{
	sw_err e = !t->slot || (i + 1) * 2 > t->mask ? strtab_size(t, (i + 1) * 2, i, key, ctx) : SW_OK;
	if (!e)
		strtab_put(t, hv, i);
	return e;
}

