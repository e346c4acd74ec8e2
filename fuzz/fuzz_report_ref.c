/* fuzz_report_ref.c: libFuzzer target for the reference-figures parser
 * (sw_report_ref_parse): any bytes must parse or fail cleanly, and a
 * parsed set must answer lookups of every key it was given. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stackwatch/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sw_report_ref *r = NULL;
	struct sw_error err;
	if (sw_report_ref_parse("fuzz", (const char *)data, size, &r, &err) != SW_OK) {
		if (r)
			abort(); /* nothing returned on error */
		if (!memchr(err.msg, '\0', sizeof err.msg))
			abort();
		return 0;
	}
	/* Look up the first field of every line. */
	const char *p = (const char *)data, *end = p + size;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *tab = memchr(p, '\t', l);
		if (tab && p[0] != '#') {
			char key[80];
			size_t k = (size_t)(tab - p);
			if (k < sizeof key) {
				memcpy(key, p, k);
				key[k] = '\0';
				double v;
				(void)sw_report_ref_value(r, key, &v);
				(void)sw_report_ref_label(r, key);
			}
		}
		p += l + 1;
	}
	sw_report_ref_free(r);
	return 0;
}
