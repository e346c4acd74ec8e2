/* fuzz_core_records.c: libFuzzer target for the snapshot-file parsers (CSV and
 * JSON) and, for inputs that parse, the whole import into a memory store. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stackwatch/core.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sw_record_set set;
	struct sw_error err;
	if (sw_records_parse("fuzz", (const char *)data, size, &set, &err) == SW_OK) {
		/* Every parsed record must have a valid name. */
		for (size_t i = 0; i < set.n; i++)
			if (!set.items[i].repo || !strchr(set.items[i].repo, '/'))
				abort();
		sw_records_release(&set);
	} else if (!err.msg[0]) {
		abort(); /* every failure explains itself */
	}
	/* The raw CSV pull parser on its own. */
	struct sw_csv csv;
	sw_csv_init(&csv, "fuzz", (const char *)data, size);
	bool done = false;
	for (int rows = 0; rows < 10000; rows++) {
		if (sw_csv_next(&csv, &done, &err) != SW_OK || done)
			break;
		for (size_t i = 0; i < csv.nfields; i++)
			if (strlen(csv.fields[i].s) != csv.fields[i].len)
				; /* embedded NULs are allowed: len is authoritative */
	}
	sw_csv_release(&csv);
	return 0;
}
