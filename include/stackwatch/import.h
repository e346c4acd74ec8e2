/* import.h: store curated-list snapshot files as snapshots.
 *
 * One file is one snapshot, taken at --taken-at or else at the newest
 * updated_at in the file. Importing is one transaction per call: any bad
 * record anywhere leaves the store exactly as before. Re-importing the same
 * file changes nothing. */
#ifndef STACKWATCH_IMPORT_H
#define STACKWATCH_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "stackwatch/error.h"
#include "stackwatch/store.h"

struct sw_import_opts {
	int64_t taken_at;   /* 0: derive from the file */
	/* Called once per warning (unknown column, ...); may be NULL. */
	void (*warn)(void *ctx, const char *msg);
	void *ctx;
	/* Called per file after parsing with the chosen snapshot time; may be NULL. */
	void (*file_done)(void *ctx, const char *path, size_t rows, int64_t taken_at, const char *format);
	struct sw_progress *progress; /* may be NULL */
};

struct sw_import_result {
	size_t files, rows, new_repos;
};

/* Import every file in one transaction. */
sw_err sw_import_files(struct sw_store *s, const char *const *paths, size_t n,
		       const struct sw_import_opts *opts, struct sw_import_result *res,
		       struct sw_error *err) SW_MUST_CHECK;

#endif
