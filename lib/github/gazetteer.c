/* gazetteer.c: location -> country by whole-word place matching (see
 * github.h). The table is tiny (a few hundred rows) and locations are
 * short, so a linear scan per location is fast enough for 20,000 owners. */
#include "stackwatch/github.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_int.h"

#define LOC_MAX 256 /* GitHub caps profile locations well below this */

/* Lowercase ASCII, map ASCII punctuation to single spaces, keep UTF-8. */
static size_t normalize(const char *s, size_t n, char *out, size_t cap)
{
	size_t k = 0;
	bool space = true;
	for (size_t i = 0; i < n && k + 1 < cap; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		bool word = c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '\'';
		if (!word) {
			if (!space)
				out[k++] = ' ';
			space = true;
			continue;
		}
		out[k++] = (char)c;
		space = false;
	}
	while (k && out[k - 1] == ' ')
		k--;
	out[k] = '\0';
	return k;
}

static bool ascii_word(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '\''; }

/* Best (end, length) occurrence of place p in loc; false if none. */
static bool find(const char *loc, size_t ln, const char *p, size_t pn, size_t *end)
{
	bool found = false;
	if (!pn || pn > ln)
		return false;
	bool ascii = true;
	for (size_t i = 0; i < pn; i++)
		if ((unsigned char)p[i] >= 0x80)
			ascii = false;
	for (size_t i = 0; i + pn <= ln; i++) {
		if (memcmp(loc + i, p, pn))
			continue;
		if (ascii && ((i > 0 && ascii_word(loc[i - 1])) || (i + pn < ln && ascii_word(loc[i + pn]))))
			continue;
		if (ascii && ((i > 0 && (unsigned char)loc[i - 1] >= 0x80) ||
			      (i + pn < ln && (unsigned char)loc[i + pn] >= 0x80)))
			continue;
		*end = i + pn;
		found = true;
	}
	return found;
}

int sw_github_gazetteer_match(const char *tsv, size_t tsv_len, const char *location, char *out, size_t cap)
{
	if (cap)
		out[0] = '\0';
	if (!tsv || !location)
		return 0;
	char loc[LOC_MAX * 2];
	size_t llen = strnlen(location, LOC_MAX);
	size_t ln = normalize(location, llen, loc, sizeof loc);
	if (!ln)
		return 0;
	size_t best_end = 0, best_len = 0;
	const char *best = NULL;
	size_t best_clen = 0;
	const char *p = tsv, *end = tsv + tsv_len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *tab = memchr(p, '\t', (size_t)(le - p));
		if (*p != '#' && tab && tab > p) {
			char place[LOC_MAX];
			size_t pn = normalize(p, (size_t)(tab - p), place, sizeof place);
			size_t at;
			if (find(loc, ln, place, pn, &at) &&
			    (at > best_end || (at == best_end && pn > best_len))) {
				best_end = at;
				best_len = pn;
				best = tab + 1;
				best_clen = (size_t)(le - best);
				while (best_clen && (best[best_clen - 1] == '\r' || best[best_clen - 1] == ' '))
					best_clen--;
			}
		}
		p = le + 1;
	}
	if (!best || !best_clen || !cap)
		return 0;
	size_t n = best_clen < cap - 1 ? best_clen : cap - 1;
	memcpy(out, best, n);
	out[n] = '\0';
	return 1;
}

/* Interned country names (the distinct right-hand sides of the table), so
 * callers get a static string; at most a few hundred, kept for the process. */
static char **names;
static size_t nnames;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

const char *sw_github_country(const char *location)
{
	size_t len = 0;
	const char *tsv = core_embedded("gazetteer.tsv", &len);
	char c[128];
	if (!sw_github_gazetteer_match(tsv, len, location, c, sizeof c))
		return NULL;
	pthread_mutex_lock(&mu);
	const char *r = NULL;
	for (size_t i = 0; i < nnames && !r; i++)
		if (!strcmp(names[i], c))
			r = names[i];
	if (!r) {
		char **g = realloc(names, (nnames + 1) * sizeof *names);
		char *d = g ? strdup(c) : NULL;
		if (g)
			names = g;
		if (d)
			r = names[nnames++] = d;
	}
	pthread_mutex_unlock(&mu);
	return r;
}
