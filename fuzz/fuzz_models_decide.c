/* fuzz_models_decide.c: libFuzzer target for the decision-factor TSV parser
 * (data/decide_factors.tsv format) and evaluation of a loaded factor set. */
#include <stddef.h>
#include <stdint.h>

#include "stackwatch/models.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sw_models_decide *d = NULL;
	struct sw_error err;
	if (sw_models_decide_parse("fuzz.tsv", (const char *)data, size, &d, &err) != SW_OK)
		return 0;
	int lv[SW_MODELS_DECIDE_MAX_FACTORS];
	for (size_t i = 0; i < SW_MODELS_DECIDE_MAX_FACTORS; i++)
		lv[i] = (int)(i % 4) - 2; /* unset, low, medium, high */
	struct sw_models_decide_result r;
	struct sw_table *t = NULL;
	if (sw_models_decide_evaluate(d, lv, &r, &t, &err) == SW_OK)
		sw_table_free(t);
	sw_models_decide_free(d);
	return 0;
}
