/* fuzz_models.c: libFuzzer target for the models file parser (Epoch AI hub
 * exports and the simple CSV): any input must parse or fail cleanly. */
#include <stddef.h>
#include <stdint.h>

#include "stackwatch/models.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sw_models_rows rows;
	struct sw_error err;
	/* The name decides the benchmark of Epoch benchmark files. */
	if (sw_models_parse("fuzz/epoch-hub-x.csv", (const char *)data, size, &rows, &err) == SW_OK)
		sw_models_rows_release(&rows);
	return 0;
}
