/* core_int.h: the private face of the core for the library's subsystems
 * (report, classify, gharchive, ...): the store's SQLite connection and
 * statement helpers, and the files of data/ compiled into the library.
 * Front ends never include this. */
#ifndef STACKWATCH_CORE_INT_H
#define STACKWATCH_CORE_INT_H

#include <sqlite3.h>

#include "stackwatch/core.h"

/* The underlying connection; owned by the store. */
sqlite3 *sw_store_db(struct sw_store *s);

/* Prepare sql, reporting failures as SW_EDB with the SQL error text. */
sw_err sw_store_prepare(struct sw_store *s, const char *sql, sqlite3_stmt **st,
			struct sw_error *err) SW_MUST_CHECK;
/* A cached prepared statement for a SQL string literal (keyed by its
 * address; never pass a computed string). Reset and unbound on return;
 * owned by the store: reset it when done, never finalize it. */
sw_err sw_store_stmt(struct sw_store *s, const char *sql, sqlite3_stmt **st,
		     struct sw_error *err) SW_MUST_CHECK;
/* Execute one or more statements with no results. */
sw_err sw_store_exec(struct sw_store *s, const char *sql, struct sw_error *err) SW_MUST_CHECK;
/* Fill err from the connection's last error, with a context prefix. */
sw_err sw_store_dberr(struct sw_store *s, struct sw_error *err, const char *what);

/* Open at most up to `max_core_version` of the core schema (tests only: they
 * build an old database to check that opening it upgrades it). */
sw_err sw_store_open_at(const char *path, int max_core_version, struct sw_store **out,
			struct sw_error *err) SW_MUST_CHECK;

/* Column helpers: NULL-safe text copy and integer with SW_UNKNOWN for NULL. */
char *sw_col_text(sqlite3_stmt *st, int col);
int64_t sw_col_i64(sqlite3_stmt *st, int col);
double sw_col_double(sqlite3_stmt *st, int col); /* NAN for NULL */
void sw_bind_i64_or_null(sqlite3_stmt *st, int idx, int64_t v);      /* SW_UNKNOWN -> NULL */
void sw_bind_text_or_null(sqlite3_stmt *st, int idx, const char *v); /* NULL/"" -> NULL */

/* NUL-terminated contents of data/<name> (compiled in by cmake/embed.cmake),
 * or NULL; *len gets its size. */
const char *sw_embedded(const char *name, size_t *len);

#endif
