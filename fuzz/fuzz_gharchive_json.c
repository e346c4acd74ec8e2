/* fuzz_gharchive_json.c: libFuzzer target for the GH Archive field extractor and
 * the event -> row mapping. Checks: the strict walk (a RFC 8259 validator)
 * gives jansson's verdict on every input jansson can judge; the fast path
 * accepts every line the strict walk accepts; refusals say why; extracted
 * strings lie inside the line. Seeds: fuzz/seeds/gharchive_json is a
 * symlink to the real JSON conformance suite in ../shared/data
 * (referenced, not copied). With FUZZ_LINES defined (fuzz_gharchive_events)
 * the input is a file of lines, each checked. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gharchive/gharchive_int.h"
#include "stackwatch/gharchive.h"

/* jansson's verdict: 1 one JSON object, 0 not, -1 beyond its limits (number
 * range, NUL in a key, nesting deeper than ours or its own, a raw NUL
 * byte it let through). */
static int jansson_object(const char *p, size_t n, const char *why)
{
	json_error_t je;
	json_t *j = json_loadb(p, n, JSON_ALLOW_NUL, &je);
	if (!j) {
		enum json_error_code code = json_error_code(&je);
		return code == json_error_numeric_overflow || code == json_error_null_byte_in_key ||
				       code == json_error_stack_overflow
			       ? -1 : 0;
	}
	int obj = json_is_object(j);
	json_decref(j);
	/* jansson lets a raw NUL byte through after some tokens: never valid */
	if (memchr(p, 0, n))
		return -1;
	/* jansson nests up to 2048 levels, we refuse more than 256 */
	return obj && why && !strcmp(why, "nesting too deep") ? -1 : obj;
}

static void check_line(const char *data, size_t size)
{
	/* Exact-size heap copy so ASan catches any read past the line. */
	char *p = malloc(size ? size : 1);
	if (!p)
		return;
	memcpy(p, data, size);
	struct sw_gha_event ev, strict;
	const char *why = NULL, *why2 = NULL;
	bool ok_strict = sw_gha_json_extract_strict(p, size, &strict, &why2);
	bool ok = sw_gha_json_extract(p, size, &ev, &why);
	int judge = jansson_object(p, size, why2);
	if (judge >= 0 && ok_strict != (judge == 1))
		abort(); /* the validator and jansson disagree */
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
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
#ifdef FUZZ_LINES
	const char *s = (const char *)data, *e = s + size;
	while (s < e) {
		const char *nl = memchr(s, '\n', (size_t)(e - s));
		check_line(s, (size_t)((nl ? nl : e) - s));
		s = nl ? nl + 1 : e;
	}
#else
	check_line((const char *)data, size);
#endif
	return 0;
}
