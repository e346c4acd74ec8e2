/* fuzz_github_gazetteer.c: owner location -> country on arbitrary bytes,
 * with the embedded table and with the input split into table + location. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stackwatch/github.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	(void)sw_github_country(s);
	/* first line = location, the rest = a TSV table */
	char *nl = memchr(s, '\n', size);
	if (nl) {
		*nl = '\0';
		char out[64];
		if (sw_github_gazetteer_match(nl + 1, size - (size_t)(nl + 1 - s), s, out, sizeof out) &&
		    strlen(out) >= sizeof out)
			abort();
	}
	free(s);
	return 0;
}
