/* fuzz_gharchive_json.c: libFuzzer target for the GH Archive field extractor and
 * the event -> row mapping; the fast path must accept every line the
 * strict walk accepts. Seeds: fuzz/seeds/gharchive_json is a symlink to the
 * real JSON conformance suite in ../shared/data (referenced, not copied). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gharchive/gharchive_int.h"
#include "stackwatch/gharchive.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Exact-size heap copy so ASan catches any read past the line. */
	char *p = malloc(size ? size : 1);
	if (!p)
		return 0;
	memcpy(p, data, size);
	struct sw_gha_event ev, strict;
	const char *why = NULL, *why2 = NULL;
	bool ok_strict = sw_gha_json_extract_strict(p, size, &strict, &why2);
	bool ok = sw_gha_json_extract(p, size, &ev, &why);
	/* The fast path accepts everything the strict walk accepts. (Field
	 * equality is checked on realistic lines in test_gharchive: adversarial
	 * lines with duplicate keys or nested "created_at"/"merged" keys in
	 * skipped parts may legitimately differ.) */
	if (ok_strict && !ok)
		abort();
	if (!ok_strict && !why2)
		abort();
	if (ok) {
		/* Extracted strings must point inside the input. */
		if (ev.login && (ev.login < p || ev.login + ev.login_len > p + size))
			abort();
		if (ev.repo_name && (ev.repo_name < p || ev.repo_name + ev.repo_name_len > p + size))
			abort();
		int64_t id, actor, n;
		int kind;
		(void)gha_event_row(&ev, p, size, &id, &kind, &actor, &n);
	} else if (!why)
		abort(); /* a refusal always says why */
	free(p);
	return 0;
}
