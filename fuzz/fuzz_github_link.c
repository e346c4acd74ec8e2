/* fuzz_github_link.c: the Link header parser on arbitrary bytes. */
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
	struct sw_github_links l;
	if (sw_github_parse_link(s, &l) == SW_OK) {
		/* what is found must be a substring of the input */
		if (l.next && !strstr(s, l.next))
			abort();
		if (l.last && !strstr(s, l.last))
			abort();
		sw_github_links_release(&l);
	}
	free(s);
	return 0;
}
