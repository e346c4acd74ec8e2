/* testutil.h: helpers shared by the cmocka unit tests. */
#ifndef SW_TESTUTIL_H
#define SW_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "stackwatch/core.h"

/* A fresh temporary directory for this process (removed at exit). */
const char *tu_tmpdir(void);
/* tmpdir/name; returns a static-lifetime string (leaked on purpose). */
char *tu_path(const char *name);
/* Write text to tmpdir/name and return the path. */
char *tu_write(const char *name, const char *text);
/* Path to ../shared/data/<name>; skips the test if it is missing. */
char *tu_shared(const char *name);
/* Remember a malloc'd path (tu_write/tu_shared) and return it; all are
 * freed by tu_free_kept() at the end of a test (LeakSanitizer). At most 64
 * are kept; more are leaked, never freed early. */
const char *tu_keep(char *p);
void tu_free_kept(void);
/* Open a fresh store at tmpdir/name (deleted first). */
struct sw_store *tu_store(const char *name);
/* A digest of every row of every table in the store (for "unchanged"). */
uint64_t tu_store_digest(struct sw_store *s);
/* Hex digest of a file's bytes (malloc'd; NULL if unreadable). */
char *tu_file_digest(const char *path);
/* Run a shell command; capture stdout (malloc'd, may be NULL) and return exit code. */
int tu_run(const char *cmd, char **out);
/* Scalar integer result of a SQL query on the store (-1 on error). */
int64_t tu_sql_int(struct sw_store *s, const char *sql);
/* Every file of ../shared/data/<dir> (dot files left out) read whole and
 * passed to fn with its name; returns how many (skips the test if the
 * folder is missing). */
int tu_each_shared_file(const char *dir, void (*fn)(const char *name, const struct sw_buf *b, void *ud), void *ud);

#endif
