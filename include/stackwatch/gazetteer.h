/* gazetteer.h: owner profile location -> country, from a small embedded
 * gazetteer (data/gazetteer.tsv: countries, their common other names, and
 * major cities/US states). Free-text locations like "Hangzhou, China",
 * "SF Bay Area" or "Remote" are matched on whole words (ASCII
 * case-insensitive; non-ASCII names like "北京" as plain substrings). When
 * several places match, the one ending last wins ("Paris, Texas, USA" ->
 * United States), then the longest. No match -> NULL ("unknown"). */
#ifndef STACKWATCH_GAZETTEER_H
#define STACKWATCH_GAZETTEER_H

#include <stddef.h>

/* Country for a location string, or NULL. The returned string is static
 * (owned by the library; the table loads once, thread-safely). */
const char *sw_gazetteer_country(const char *location);

/* Same against a caller-supplied TSV table (tests, fuzzing): country is
 * copied into out (NUL-terminated, truncated to cap); returns 1 on a match. */
int sw_gazetteer_match(const char *tsv, size_t tsv_len, const char *location, char *out, size_t cap);

#endif
