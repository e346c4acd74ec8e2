/* clickhouse_int.h: private pieces of the clickhouse subsystem. From the
 * bottom up, each file using only those below it: text.c (TSV, SQL
 * literals, exception text) -> http.c (connections, one query) ->
 * schema.c (stackwatch's tables there) -> handle.c (the URL, credentials,
 * opening) -> load.c (hours in), pull.c (series out). */
#ifndef STACKWATCH_CLICKHOUSE_INT_H
#define STACKWATCH_CLICKHOUSE_INT_H

#include "core/core_int.h"
#include "stackwatch/clickhouse.h"

/* Answers longer than this are refused (a pull batch is far smaller). */
#define CH_MAX_ANSWER ((size_t)1 << 30)

struct sw_ch {
	char *base;     /* scheme://host:port */
	char *db;       /* database name: [A-Za-z_][A-Za-z0-9_]* */
	char *where;    /* base/db, for messages */
	char *user, *password;
	long timeout_s, connect_timeout_s;
	struct ch_conn *conn; /* the handle's own connection */
};

/* ---- text.c ---- */
/* TSV escaping of a string field (\t, \n, \\ and control bytes), appended to b. */
sw_err ch_tsv_str(struct sw_buf *b, const char *s, size_t n) SW_MUST_CHECK;
/* A SQL string literal ('...' with \ and ' escaped), appended to b. */
sw_err ch_sql_str(struct sw_buf *b, const char *s, size_t n) SW_MUST_CHECK;
/* Split one answer line (NUL-terminated, no newline) at TABs, in place:
 * f[0..returned) point into line; at most max fields. */
size_t ch_tsv_fields(char *line, char **f, size_t max);
/* Undo ch_tsv_str in place (a string without NUL bytes comes back whole). */
void ch_tsv_unescape(char *s);
/* "Code: N, e.displayText() = DB::Exception: MSG, e.what() = ..." (any
 * bytes, body[0..n)) as one printable line "Code N: MSG" in out[0..cap). */
void ch_exception_text(const char *body, size_t n, char *out, size_t cap);

/* ---- handle.c ---- */
/* Split url (http(s)://HOST:PORT[/DATABASE][/]) into c->base, c->db and
 * c->where; credentials in the URL are refused (they would reach messages
 * and logs), as are a bad database name and anything after it. */
sw_err ch_parse_url(struct sw_ch *c, const char *url, struct sw_error *err) SW_MUST_CHECK;

/* ---- http.c ---- */
/* One connection (a libcurl handle, kept alive between queries); one
 * thread at a time. */
struct ch_conn;
sw_err ch_conn_open(const struct sw_ch *c, struct ch_conn **out, struct sw_error *err) SW_MUST_CHECK;
void ch_conn_free(struct ch_conn *k);

/* Run one statement. Without data, sql is the request body; with data
 * (already gzip-compressed when gzip), sql goes in the URL and data is the
 * body (INSERT ... FORMAT TabSeparated). The answer goes to out (may be
 * NULL). Errors: SW_ENET (the server cannot be reached, the connection
 * broke or timed out), SW_EAUTH (user or password refused), SW_EHTTP (an
 * exception, its text in one line), SW_ELIMIT (answer too large). */
sw_err ch_query(struct ch_conn *k, const char *sql, const void *data, size_t len, bool gzip, struct sw_buf *out,
		struct sw_error *err) SW_MUST_CHECK;

/* gzip data[0..n) into out (replacing its contents). */
sw_err ch_gzip(const void *data, size_t n, struct sw_buf *out, struct sw_error *err) SW_MUST_CHECK;


/* ---- schema.c ---- */
/* Create the database if missing and migrate stackwatch's tables; with
 * existing, only check that they are there at the newest version. */
sw_err ch_schema(struct sw_ch *c, bool existing, struct sw_error *err) SW_MUST_CHECK;
/* The table to read: db.name on this server, or cluster('C', db, name). */
sw_err ch_table(const struct sw_ch *c, const char *cluster, const char *name, struct sw_buf *out) SW_MUST_CHECK;

#endif
