/* fuzz_core_records.c: libFuzzer target for the snapshot-file parsers (CSV and
 * JSON): what parses has records, valid names, no name twice, and CSV
 * fields without control characters (tab and line breaks aside). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "stackwatch/core.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sw_record_set set;
	struct sw_error err;
	if (sw_records_parse("fuzz", (const char *)data, size, &set, &err) == SW_OK) {
		/* At least one record, each with a valid name, no name twice. */
		if (!set.n)
			abort();
		for (size_t i = 0; i < set.n; i++) {
			if (!set.items[i].repo || !strchr(set.items[i].repo, '/'))
				abort();
			for (size_t j = 0; j < i && set.n <= 1000; j++)
				if (!strcasecmp(set.items[i].repo, set.items[j].repo))
					abort();
		}
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
		/* No field holds a control character but tab and line breaks. */
		for (size_t i = 0; i < csv.nfields; i++) {
			if (strlen(csv.fields[i].s) != csv.fields[i].len)
				abort();
			for (const unsigned char *c = (const unsigned char *)csv.fields[i].s; *c; c++)
				if ((*c < 0x20 && *c != '\t' && *c != '\n' && *c != '\r') || *c == 0x7f ||
				    (c[0] == 0xC2 && c[1] >= 0x80 && c[1] <= 0x9F))
					abort();
		}
	}
	sw_csv_release(&csv);
	return 0;
}
