/* fuzz_classify_readmes.c: libFuzzer target for the README file reader
 * (sw_classify_readmes_parse, JSON Lines) and, through the classifier,
 * the README markup reducer. What parses is sorted by repo, one entry a
 * repo, each text within the budget and found again by its repo; every
 * text classifies to a confidence in [0,1]. A failed parse leaves the set
 * as it was. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "stackwatch/classify.h"

static const char tiny[] = "stackwatch-classifier 1\nexamples\t2\nclass\tLists\t\nclass\tTutorials\t\n"
			   "lexicon\ttext\tcourse\tTutorials\nbias\t0\t0.5\nf\tword:cours\t1:1\nf\tword:list\t0:1\n";

static void check(const struct sw_classify_readmes *r, const struct sw_classify_model *m)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct sw_classify_readme *it = &r->items[i];
		if (it->len > SW_CLASSIFY_README_BUDGET || strlen(it->text) != it->len)
			abort();
		if (i && strcasecmp(r->items[i - 1].repo, it->repo) >= 0)
			abort(); /* sorted, one entry a repo */
		if (sw_classify_readmes_find(r, it->repo) != it)
			abort();
		struct sw_classify_input in = {.repo = it->repo, .readme = it->text, .readme_len = it->len};
		struct sw_classify_result res;
		if (m && sw_classify_predict(m, &in, &res, NULL) == SW_OK && !(res.confidence >= 0 && res.confidence <= 1))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sw_classify_model *m = NULL;
	if (sw_classify_model_parse("tiny", tiny, sizeof tiny - 1, &m, NULL) != SW_OK)
		abort();
	struct sw_classify_readmes r = {0};
	static const char first[] = "{\"repo\":\"a/b\",\"readme\":\"# B\\nA course.\"}\n";
	if (sw_classify_readmes_parse("first", first, sizeof first - 1, &r, NULL) != SW_OK || r.n != 1)
		abort();
	if (sw_classify_readmes_parse("fuzz", (const char *)data, size, &r, NULL) != SW_OK && r.n != 1)
		abort(); /* a failed parse adds nothing */
	check(&r, m);
	sw_classify_readmes_release(&r);
	sw_classify_model_free(m);
	return 0;
}
