/* records.h: reading curated-list snapshot files (the CSV dump and the JSON
 * array of the same records) into validated in-memory records.
 *
 * Used by import (to store them) and classify (to label them from their
 * text alone). Parsing checks everything that does not need the store:
 * UTF-8, column counts, quoting, numbers, dates, repo names. Whether a
 * layer name exists is checked by the importer against the taxonomy. */
#ifndef STACKWATCH_RECORDS_H
#define STACKWATCH_RECORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stackwatch/error.h"

enum sw_field {
	SW_F_REPO, SW_F_CATEGORY, SW_F_SUBCAT, SW_F_STARS, SW_F_STAR_1D, SW_F_STAR_1D_PCT,
	SW_F_STAR_7D, SW_F_STAR_7D_PCT, SW_F_FORKS, SW_F_DESCRIPTION, SW_F_TOP_DEVS,
	SW_F_CONTRIBUTORS, SW_F_CREATED_AT, SW_F_UPDATED_AT, SW_F_DOWNLOADS, SW_F_COUNT_
};
/* Column name as in the files ("downloads*" for SW_F_DOWNLOADS). */
const char *sw_field_name(enum sw_field f);

struct sw_record {
	size_t line;                    /* CSV: line of the row; JSON: line of the object */
	size_t col[SW_F_COUNT_];        /* CSV: column of each field; 0 if absent */
	char *repo;                     /* "owner/name" */
	char *category, *subcat;        /* NULL when empty */
	char *description, *top_devs;   /* NULL when empty */
	char *created_at, *updated_at;  /* "YYYY-MM-DD" or NULL (unknown/sentinel) */
	int64_t stars, forks, star_1d, star_7d, downloads, contributors; /* SW_UNKNOWN if empty */
	bool contributors_at_least;     /* "100+" */
	double star_1d_pct, star_7d_pct;/* percent, NAN if empty */
};

struct sw_record_set {
	struct sw_record *items;
	size_t n;
	char *format;        /* "csv" or "json" */
	int64_t newest_updated; /* newest updated_at (unix seconds), 0 if none */
	char **warnings;     /* one-line warnings (unknown columns, duplicates) */
	size_t nwarnings;
};

/* Parse a snapshot file held in memory; `name` appears in messages. The
 * format is JSON when the first non-blank byte is '[' or '{', else CSV. On error
 * nothing is returned (out is left empty). */
sw_err sw_records_parse(const char *name, const char *data, size_t len, struct sw_record_set *out,
			struct sw_error *err) SW_MUST_CHECK;
/* Read and parse a file. */
sw_err sw_records_load(const char *path, struct sw_record_set *out, struct sw_error *err) SW_MUST_CHECK;
void sw_record_set_release(struct sw_record_set *set);

#endif
