/* core.h: the core of libstackwatch: the one error type, buffers and text,
 * the CSV reader, tables and their renderings, the embedded store (SQLite)
 * and its typed access, curated-list records and their import, the
 * taxonomy, and the standard views shared by CLI and web.
 *
 * Every other subsystem builds on this header; it needs SQLite and jansson
 * only. Sections below keep each component's own ownership notes. */
#ifndef STACKWATCH_CORE_H
#define STACKWATCH_CORE_H

#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>


/* ======================================================================
 * error: the one error type of libstackwatch (like CURLcode / SQLITE_OK).
 *
 * Every fallible function returns sw_err (0 = SW_OK) and, when given a
 * non-NULL `struct sw_error *`, fills it with a one-line human message that
 * names the file/line/field or request at fault. Only front ends print. */

#if defined(__GNUC__)
#define SW_MUST_CHECK __attribute__((warn_unused_result))
#define SW_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define SW_MUST_CHECK
#define SW_PRINTF(a, b)
#endif

typedef enum sw_err {
	SW_OK = 0,
	SW_ENOMEM,      /* allocation failed or a buffer cap was reached */
	SW_EIO,         /* reading or writing a file failed */
	SW_EPARSE,      /* malformed input (file, line, column in the message) */
	SW_EINVAL,      /* invalid argument or value */
	SW_ENOTFOUND,   /* no such repo, file, snapshot ... */
	SW_EDB,         /* the store (SQLite) reported an error */
	SW_ESCHEMA,     /* the store was written by a newer stackwatch */
	SW_ELOCKED,     /* another process holds the lock */
	SW_ENET,        /* network / transport failure */
	SW_EHTTP,       /* unexpected HTTP status */
	SW_ERATELIMIT,  /* rate limit exhausted; message says when to resume */
	SW_EAUTH,       /* missing or rejected credentials */
	SW_ELIMIT,      /* an input exceeds a documented limit */
	SW_EUNSUPPORTED,/* feature not available in this build */
	SW_EINTERRUPTED,/* stopped by a signal; rerun to finish */
	SW_ERR_COUNT_
} sw_err;

#define SW_ERRMSG_MAX 512

/* A filled-in error: code plus one line of text (no trailing newline). */
struct sw_error {
	sw_err code;
	char msg[SW_ERRMSG_MAX];
};

/* Short fixed description of a code ("malformed input"); never NULL. */
const char *sw_error_str(sw_err code);

/* Record code and a printf-style message into err (err may be NULL).
 * Returns code, so callers can write `return sw_error_set(err, ...)`. */
sw_err sw_error_set(struct sw_error *err, sw_err code, const char *fmt, ...) SW_PRINTF(3, 4);

/* Clear err to SW_OK with an empty message (err may be NULL). */
void sw_error_clear(struct sw_error *err);

/* The message if one was set, else sw_error_str(err->code). */
const char *sw_error_text(const struct sw_error *err);

/* ======================================================================
 * util: small shared pieces used by every module: a capped growable
 * buffer, UTF-8 and text helpers, dates, and the terminal progress line.
 *
 * Ownership: a struct sw_buf owns its data; sw_buf_release() frees it and
 * leaves the struct reusable. sw_buf_detach() hands the bytes to the caller
 * (free() them). Every function that allocates documents who frees. */

/* ---- growable byte buffer, always NUL-terminated, never past `cap` ---- */
#define SW_BUF_DEFAULT_CAP ((size_t)1 << 30) /* 1 GiB unless told otherwise */

struct sw_buf {
	char *data;   /* NUL-terminated when len > 0 or after any append */
	size_t len;
	size_t alloc;
	size_t cap;   /* hard limit on len; 0 means SW_BUF_DEFAULT_CAP */
};
#define SW_BUF_INIT { NULL, 0, 0, 0 }

void sw_buf_init(struct sw_buf *b, size_t cap);
void sw_buf_release(struct sw_buf *b);           /* frees data, keeps cap */
void sw_buf_reset(struct sw_buf *b);             /* len = 0, keeps memory */
sw_err sw_buf_reserve(struct sw_buf *b, size_t extra) SW_MUST_CHECK;
sw_err sw_buf_append(struct sw_buf *b, const void *p, size_t n) SW_MUST_CHECK;
sw_err sw_buf_puts(struct sw_buf *b, const char *s) SW_MUST_CHECK;
sw_err sw_buf_putc(struct sw_buf *b, char c) SW_MUST_CHECK;
sw_err sw_buf_printf(struct sw_buf *b, const char *fmt, ...) SW_PRINTF(2, 3) SW_MUST_CHECK;
/* printf into b; an argument may point into b itself. */
sw_err sw_buf_vprintf(struct sw_buf *b, const char *fmt, va_list ap) SW_PRINTF(2, 0) SW_MUST_CHECK;
/* Returns the bytes (caller frees) and empties b; "" if b was empty. */
char *sw_buf_detach(struct sw_buf *b);
/* Text escapers append to b: HTML (&<>"'), JSON string body (no quotes),
 * CSV field (quoted when needed; a cell starting with = + - @ tab or CR
 * that is not a plain number such as -12 or -0.07% gets a leading ' so
 * that spreadsheets do not run it as a formula: OWASP's CSV-injection rule). */
sw_err sw_buf_html(struct sw_buf *b, const char *s) SW_MUST_CHECK;
sw_err sw_buf_json_str(struct sw_buf *b, const char *s) SW_MUST_CHECK;
sw_err sw_buf_csv_field(struct sw_buf *b, const char *s) SW_MUST_CHECK;

/* Read a whole file into b (appending), refusing files over b's cap. */
sw_err sw_buf_read_file(const char *path, struct sw_buf *b, struct sw_error *err) SW_MUST_CHECK;

/* ---- growable arrays ---- */
/* Make room for at least `need` items of `size` bytes in the array *items
 * points to, whose capacity is *alloc (doubled, at least 16). Returns false
 * when out of memory or the size overflows; *items and *alloc are then
 * unchanged (still owned by the caller). Usage:
 *     if (n == alloc && !sw_array_grow(&rows, &alloc, n + 1, sizeof *rows)) ... */
bool sw_array_grow(void *items, size_t *alloc, size_t need, size_t size);

/* ---- text ---- */
/* Length of the valid UTF-8 prefix of s[0..n); == n when all valid
 * (rejects overlongs, surrogates and code points past U+10FFFF). */
size_t sw_utf8_valid_prefix(const char *s, size_t n);
/* Decode one code point at s (n bytes left); returns bytes used, 0 if invalid. */
size_t sw_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* True if s contains Han (CJK unified ideograph) text. */
bool sw_utf8_has_cjk(const char *s);
/* strdup that returns NULL for NULL. Caller frees. */
char *sw_str_dup(const char *s);
char *sw_str_ndup(const char *s, size_t n);
/* Append a copy of s to the string array *items of *n entries (the caller
 * owns the array and its strings). SW_ENOMEM leaves both as they were. */
sw_err sw_str_push(char ***items, size_t *n, const char *s) SW_MUST_CHECK;
/* In-place ASCII trim of leading/trailing spaces and tabs; returns s. */
char *sw_str_trim(char *s);
/* Parse a whole string as a signed integer / double; false if not. */
bool sw_parse_i64(const char *s, int64_t *out);
bool sw_parse_double(const char *s, double *out);
/* The value of the 4 hex digits at s (a JSON \u escape's), -1 if any is not one. */
int sw_parse_hex4(const char *s);
/* "GitHub-like" owner/name check: both parts non-empty, [A-Za-z0-9._-],
 * owner <= 39, name <= 100, not "." or "..". */
bool sw_repo_name_valid(const char *full);
/* OWNER/REPO from what people paste: the name itself or a GitHub URL
 * ("https://github.com/o/r", "github.com/o/r.git", ".../o/r/tree/main"),
 * into out; true when the result is a valid name (out holds it either way). */
bool sw_repo_name_parse(const char *text, char out[256]);

/* ---- secrets (tokens): never echoed in messages ---- */
/* A token is at least min_len printable characters without spaces; the
 * message names `from` (a file or variable), never the token. SW_EINVAL
 * when too short, SW_EAUTH otherwise. */
sw_err sw_secret_check(const char *token, size_t min_len, const char *from, struct sw_error *err) SW_MUST_CHECK;
/* Read a token from the first line of path (blanks around it dropped),
 * refusing a file that group or others may read or write (SW_EAUTH, with
 * the chmod to run), then sw_secret_check it. *out: the caller frees (and
 * should clear) it. */
sw_err sw_secret_file(const char *path, size_t min_len, char **out, struct sw_error *err) SW_MUST_CHECK;

/* ---- dates (UTC) ---- */
/* Parse "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS][Z|+00:00]" or "YYYY-MM-DD HH:MM:SS"
 * into seconds since the epoch. false on anything else. */
bool sw_time_parse(const char *s, int64_t *out);
/* An "as of" moment (--as-of, ?as_of=): as sw_time_parse, except that a bare
 * date means the end of that day (23:59:59), so that a day's snapshots are
 * all included. The one place this rule lives. */
bool sw_time_parse_as_of(const char *s, int64_t *out);
/* Days since 1970-01-01 for a civil date, and back. */
int64_t sw_time_days_from_civil(int y, unsigned m, unsigned d);
void sw_time_civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d);
/* Format t as "YYYY-MM-DDTHH:MM:SSZ" / "YYYY-MM-DD" into out (>= 21 bytes). */
void sw_time_format(int64_t t, char out[32]);
void sw_time_format_date(int64_t t, char out[32]);
/* Parse a duration like "6h", "30m", "90s", "1d" into seconds. */
bool sw_time_parse_duration(const char *s, int64_t *out);

/* ---- progress line: shown only when the stream is a terminal ---- */
struct sw_progress {
	FILE *out;
	bool enabled;
	const char *what;
	uint64_t total;      /* 0 if unknown */
	uint64_t done;
	double started;
	double last_draw;
};
void sw_progress_init(struct sw_progress *p, FILE *out, const char *what, uint64_t total);
void sw_progress_update(struct sw_progress *p, uint64_t done);
void sw_progress_finish(struct sw_progress *p);
double sw_time_now(void); /* monotonic seconds */

/* ---- threads sharing one job ---- */
#define SW_THREAD_MAX 64
/* Run fn(arg) on n threads (at most SW_THREAD_MAX), this one among them,
 * and join them. A thread the system does not give is not started: the
 * others take its share (fn takes its work from a shared counter). */
void sw_thread_run(int n, void *(*fn)(void *), void *arg);
/* The first error of threads sharing one job: kept once (later ones are
 * dropped) and every thread told to stop (the flag their loops watch).
 * Zero-initialised; read code and err once the threads are joined. */
struct sw_thread_first_error {
	atomic_int claimed, stop;
	sw_err code;
	struct sw_error err;
};
void sw_thread_first_error_set(struct sw_thread_first_error *f, sw_err e, const struct sw_error *err);

/* ======================================================================
 * csv: an RFC 4180 pull parser over an in-memory buffer.
 *
 * Handles a UTF-8 BOM, CRLF or LF, quoted fields with commas, doubled
 * quotes and newlines; reports the line and column of every field so
 * importers can name the exact spot of bad input. Fields point into the
 * parser's scratch space and stay valid until the next sw_csv_next() call. */

#define SW_CSV_MAX_FIELDS 512
#define SW_CSV_MAX_ROW_BYTES ((size_t)16 << 20)

struct sw_csv_field {
	const char *s;   /* NUL-terminated, unescaped */
	size_t len;
	size_t line;     /* 1-based line where the field starts */
	size_t col;      /* 1-based column (in characters) where it starts */
};

struct sw_csv {
	const char *name;   /* for messages */
	const char *p, *end;
	size_t line, col;
	struct sw_buf scratch;
	size_t offsets[SW_CSV_MAX_FIELDS];
	struct sw_csv_field fields[SW_CSV_MAX_FIELDS];
	size_t nfields;
	size_t row_line;    /* line where the current row starts */
};

/* `name` is used in error messages ("file.csv"). data must outlive p. */
void sw_csv_init(struct sw_csv *p, const char *name, const char *data, size_t len);
void sw_csv_release(struct sw_csv *p);
/* Next row into p->fields / p->nfields. Returns SW_OK with *done = true at
 * end of input. Blank lines are skipped. Errors: SW_EPARSE (unterminated
 * quote, stray quote, a control character other than tab, or CR/LF inside
 * quotes: C0, DEL, C1) or SW_ELIMIT, message "name:line:col: ...". */
sw_err sw_csv_next(struct sw_csv *p, bool *done, struct sw_error *err) SW_MUST_CHECK;

/* ======================================================================
 * table: typed tables rendered as text, Markdown, CSV, JSON or HTML.
 *
 * Every tabular output (list, report, models, classify) builds a struct
 * sw_table and renders it here, so all formats show the same numbers.
 * The table owns copies of every string put into it. */

enum sw_fmt { SW_FMT_TABLE, SW_FMT_CSV, SW_FMT_JSON, SW_FMT_MD, SW_FMT_HTML };
/* "table"/"text", "csv", "json", "md", "html" -> enum; false if unknown. */
bool sw_fmt_parse(const char *name, enum sw_fmt *out);

struct sw_table;

/* name: machine name (csv --table NAME, JSON key); title: human heading. */
struct sw_table *sw_table_new(const char *name, const char *title, size_t ncols,
			      const char *const *headers);
void sw_table_free(struct sw_table *t);
/* Hand over a table built while collecting errors in e: on SW_OK *out = t,
 * otherwise t is freed. Returns e. */
sw_err sw_table_give(struct sw_table *t, sw_err e, struct sw_table **out);
const char *sw_table_name(const struct sw_table *t);
const char *sw_table_title(const struct sw_table *t);
size_t sw_table_rows(const struct sw_table *t);
size_t sw_table_cols(const struct sw_table *t);
const char *sw_table_header(const struct sw_table *t, size_t col); /* "" past the last */
const char *sw_table_note_text(const struct sw_table *t, size_t i); /* NULL past the last note */
/* Start a new row (cells default to null). */
sw_err sw_table_add_row(struct sw_table *t) SW_MUST_CHECK;
/* Set a cell of the last row. */
sw_err sw_table_str(struct sw_table *t, size_t col, const char *s) SW_MUST_CHECK; /* NULL -> null */
sw_err sw_table_int(struct sw_table *t, size_t col, int64_t v) SW_MUST_CHECK;     /* SW_UNKNOWN -> null */
/* decimals: digits shown in text formats; JSON/CSV keep full precision. */
sw_err sw_table_num(struct sw_table *t, size_t col, double v, int decimals) SW_MUST_CHECK; /* NAN -> null */
/* A cell shown as "`text`" in text formats but holding number v in JSON
 * (e.g. "100+" with v = 100). */
sw_err sw_table_numtext(struct sw_table *t, size_t col, double v, const char *text) SW_MUST_CHECK;
/* A note printed under the table in text/md/html (e.g. data-quality caveats). */
sw_err sw_table_note(struct sw_table *t, const char *note) SW_MUST_CHECK;

/* Append a copy of row `row` of src (same number of columns) to dst. */
sw_err sw_table_add_copy(struct sw_table *dst, const struct sw_table *src, size_t row) SW_MUST_CHECK;
/* HTML only: the non-empty cells of column col link to prefix + cell text
 * (both HTML-escaped; the text should be URL-safe, e.g. OWNER/REPO). */
sw_err sw_table_link(struct sw_table *t, const char *col, const char *prefix) SW_MUST_CHECK;

/* A new table with only the named columns of t, in that order (unknown
 * names are skipped). Caller frees. NULL on allocation failure. */
struct sw_table *sw_table_select(const struct sw_table *t, const char *const *cols, size_t n);

/* Cell access for code that needs values back (web, tests). */
const char *sw_table_cell_text(const struct sw_table *t, size_t row, size_t col); /* "" for null */
double sw_table_cell_num(const struct sw_table *t, size_t row, size_t col);       /* NAN if not numeric */

/* Render appending to out. max_width: text cell truncation (0 = none).
 * JSON renders an array of objects keyed by header. */
sw_err sw_table_render(const struct sw_table *t, enum sw_fmt fmt, size_t max_width,
		       struct sw_buf *out) SW_MUST_CHECK;

/* Display width of UTF-8 text in terminal cells (wide CJK = 2). */
size_t sw_utf8_width(const char *s);

/* ---- text laid out for people (text.c) ----
 * The text format fits a width: a table wider than it first leaves out
 * columns with no data, then shortens text columns (the last one wraps
 * instead), then leaves out columns (those named by sw_table_drop_order
 * first, then from the right, never the first); a note names what it left
 * out. Text, Markdown and HTML show numbers of 4+ digits with thousands
 * separators (except in columns named id, *_id or year); CSV and JSON keep
 * them raw. The width is process-wide: a front end sets it once, before
 * rendering (the CLI: $COLUMNS, else its terminal, else 100). */
#define SW_TEXT_WIDTH_DEFAULT 100
#define SW_TEXT_WIDTH_MIN 40
#define SW_TEXT_WIDTH_MAX 1000
void sw_table_set_width(size_t columns); /* clamped to [MIN, MAX] */
size_t sw_table_width(void);
/* Columns to leave out first, in this order, when the text is too wide
 * (copied; sw_table_select keeps those it selects). */
sw_err sw_table_drop_order(struct sw_table *t, const char *const *cols, size_t n) SW_MUST_CHECK;
/* "1473929" -> "1,473,929", "-12345.6" -> "-12,345.6": true and out set
 * when text is a plain number of 4+ integer digits that fits in len. */
bool sw_fmt_group(const char *text, char *out, size_t len);
/* v rounded to an integer, grouped ("1,473,929"). */
void sw_fmt_thousands(double v, char out[48]);
/* Append prefix and text wrapped at width (0: sw_table_width()) columns,
 * lines after the first indented by indent spaces, and a newline. Words
 * are split at spaces; '\n' counts as a space. */
sw_err sw_buf_wrap(struct sw_buf *b, const char *prefix, const char *text, size_t indent,
		   size_t width) SW_MUST_CHECK;

/* ======================================================================
 * store: the embedded store (one SQLite file) and its typed access.
 *
 * A struct sw_store is an opaque handle to an open database whose schema
 * is migrated to the newest version on open. Repos have an internal id;
 * the GitHub id, when known, is the stable key, so a renamed repo keeps its
 * snapshots; old names stay resolvable as aliases.
 *
 * Threads: a handle is used by one thread at a time; open one per thread
 * (the file is in WAL mode, so readers never block the writer).
 *
 * Ownership: strings inside the structs filled by sw_store_* are owned by
 * the struct; release them with the matching *_release(), which accepts
 * zeroed structs. sw_store_free(NULL) is a no-op. */

struct sw_store;

/* Unknown integer metric (GitHub never reports INT64_MIN). */
#define SW_UNKNOWN INT64_MIN

/* Path used when no --db is given: $STACKWATCH_DB, else "stackwatch.db". */
const char *sw_store_default_path(void);

/* Open (creating if needed) and bring every module's schema this build has
 * (core, classify, models, gharchive, github, ...) to its newest version,
 * each step in its own transaction; nothing migrates later, so reading never
 * writes. SW_ESCHEMA when a module was written by a newer stackwatch;
 * modules this build lacks are left as they are. *out is set only on
 * success. */
sw_err sw_store_open(const char *path, struct sw_store **out, struct sw_error *err) SW_MUST_CHECK;
void sw_store_free(struct sw_store *s);
/* How long a statement waits while another process holds the store's lock
 * (default SW_STORE_BUSY_MS) before failing with SW_ELOCKED, "store is
 * busy: rerun later" (exit 5). A server's request threads wait less. */
#define SW_STORE_BUSY_MS 5000
void sw_store_busy_timeout(struct sw_store *s, int ms);

/* Schema version of a module ("core", "models", ...); 0 if never migrated. */
int sw_store_schema_version(struct sw_store *s, const char *module);

/* Transactions (nestable via savepoints). Every write API below joins the
 * caller's transaction if one is open. */
sw_err sw_store_begin(struct sw_store *s, struct sw_error *err) SW_MUST_CHECK;
sw_err sw_store_commit(struct sw_store *s, struct sw_error *err) SW_MUST_CHECK;
void sw_store_rollback(struct sw_store *s);
/* End what sw_store_begin started: commit when e is SW_OK, else roll back.
 * Returns e, or the commit's error. */
sw_err sw_store_end(struct sw_store *s, sw_err e, struct sw_error *err) SW_MUST_CHECK;

/* ---- taxonomy ---- */
/* Layer id by name (case-insensitive); 0 if unknown. */
int64_t sw_store_layer_id(struct sw_store *s, const char *layer);
/* Subcategory id under a layer, creating it when `create`; 0 if absent. */
sw_err sw_store_subcat_id(struct sw_store *s, int64_t layer_id, const char *subcat, bool create,
			  int64_t *out, struct sw_error *err) SW_MUST_CHECK;
/* Load a taxonomy TSV (layer<TAB>software 0/1<TAB>subcat, '#' comments):
 * adds layers and subcategories; existing ones are kept. */
sw_err sw_store_load_taxonomy(struct sw_store *s, const char *path, struct sw_error *err) SW_MUST_CHECK;

/* ---- repositories ---- */
enum sw_class_source { SW_CLASS_NONE = 0, SW_CLASS_AUTOMATIC, SW_CLASS_CURATED, SW_CLASS_OVERRIDE };
const char *sw_class_source_name(enum sw_class_source src);

struct sw_repo {
	int64_t id;          /* internal id */
	int64_t github_id;   /* 0 when unknown */
	char *owner, *name;  /* current name */
	char *description, *language, *topics, *license; /* topics: comma-separated */
	int archived;        /* -1 unknown, 0, 1 */
	int is_fork;         /* -1 unknown, 0, 1 */
	char *created_at, *pushed_at, *updated_at;       /* ISO dates as given */
	char *owner_type;    /* "user", "organization" or NULL when unknown */
	char *country;       /* NULL when unknown */
	char *state;         /* "tracked", "pending", "rejected" */
	/* Effective classification: override > curated > automatic. */
	char *layer, *subcat;
	enum sw_class_source class_source;
	double confidence;   /* automatic only; 1 for curated/override */
};
void sw_repo_release(struct sw_repo *r);

/* Fields to write; NULL / -1 / 0 github_id mean "leave as is". */
struct sw_repo_update {
	int64_t github_id;
	const char *owner, *name;
	const char *description, *language, *topics, *license;
	int archived, is_fork;
	const char *created_at, *pushed_at, *updated_at;
	const char *owner_type, *country;
	const char *state;       /* NULL: "tracked" for new repos */
	int64_t as_of;           /* time the data describes; older data never overwrites newer */
};
#define SW_REPO_UPDATE_INIT { .archived = -1, .is_fork = -1 }

/* Insert or update a repo. Matched by github_id when given, else by
 * owner/name or a former name (case-insensitive). A known github_id under a
 * new owner/name renames the repo and keeps the old name as an alias. */
sw_err sw_store_upsert_repo(struct sw_store *s, const struct sw_repo_update *u, int64_t *repo_id,
			    struct sw_error *err) SW_MUST_CHECK;
/* Find by "owner/name" (current or former, case-insensitive). */
sw_err sw_store_find_repo(struct sw_store *s, const char *full_name, int64_t *repo_id,
			  struct sw_error *err) SW_MUST_CHECK;
sw_err sw_store_get_repo(struct sw_store *s, int64_t repo_id, struct sw_repo *out,
			 struct sw_error *err) SW_MUST_CHECK;

/* Set one classification source for a repo. layer must exist (SW_EINVAL
 * otherwise); subcat may be NULL/"" and is created under the layer if new. */
sw_err sw_store_set_class(struct sw_store *s, int64_t repo_id, enum sw_class_source src,
			  const char *layer, const char *subcat, double confidence, int64_t as_of,
			  struct sw_error *err) SW_MUST_CHECK;

/* ---- READMEs ---- */
/* At most this many bytes of a README are kept (what the classifier reads). */
#define SW_STORE_README_MAX ((size_t)16384)
struct sw_readme {
	char *text;          /* NUL-terminated (owned); NULL: the repo has no README */
	size_t len;          /* bytes in text (<= SW_STORE_README_MAX) */
	int64_t size;        /* size of the README as served */
	int64_t fetched_at;  /* unix seconds */
};
void sw_readme_release(struct sw_readme *r);
/* Record a repo's README: text[0..len) is cut to SW_STORE_README_MAX bytes,
 * at the first NUL and at a UTF-8 boundary; text NULL records "no README".
 * Replaces what was there. */
sw_err sw_store_put_readme(struct sw_store *s, int64_t repo_id, const char *text, size_t len, int64_t fetched_at,
			   struct sw_error *err) SW_MUST_CHECK;
/* SW_ENOTFOUND if the README was never fetched. Release with sw_readme_release. */
sw_err sw_store_get_readme(struct sw_store *s, int64_t repo_id, struct sw_readme *out,
			   struct sw_error *err) SW_MUST_CHECK;

/* ---- snapshots ---- */
struct sw_snapshot {
	int64_t taken_at;          /* unix seconds, UTC */
	int64_t stars, forks, open_issues, watchers, downloads;
	int64_t contributors;      /* SW_UNKNOWN when unknown */
	bool contributors_at_least;/* "100+": at least `contributors` */
	int64_t star_1d, star_7d;  /* as stated by the source; SW_UNKNOWN if not */
	double star_1d_pct, star_7d_pct; /* percent; NAN if not stated */
	char *source;              /* "import:<file>", "github", ... (owned) */
	char *top_devs;            /* comma-separated logins, rank order (owned) */
};
#define SW_SNAPSHOT_UNKNOWN_INIT                                                           \
	{ .stars = SW_UNKNOWN, .forks = SW_UNKNOWN, .open_issues = SW_UNKNOWN,             \
	  .watchers = SW_UNKNOWN, .downloads = SW_UNKNOWN, .contributors = SW_UNKNOWN,     \
	  .star_1d = SW_UNKNOWN, .star_7d = SW_UNKNOWN, .star_1d_pct = NAN, .star_7d_pct = NAN }
void sw_snapshot_release(struct sw_snapshot *snap);

/* Insert or replace the snapshot (repo, taken_at); writing the same values
 * again changes nothing. top_devs (comma-separated) replace that snapshot's. */
sw_err sw_store_put_snapshot(struct sw_store *s, int64_t repo_id, const struct sw_snapshot *snap,
			     struct sw_error *err) SW_MUST_CHECK;

struct sw_snapshot_list {
	struct sw_snapshot *items;
	size_t n;
};
void sw_snapshot_list_release(struct sw_snapshot_list *l);
/* All snapshots of a repo, oldest first. */
sw_err sw_store_snapshots(struct sw_store *s, int64_t repo_id, struct sw_snapshot_list *out,
			  struct sw_error *err) SW_MUST_CHECK;

/* Distinct snapshot times (oldest first) across all repos. Caller frees *out. */
sw_err sw_store_snapshot_times(struct sw_store *s, int64_t **out, size_t *n,
			       struct sw_error *err) SW_MUST_CHECK;

/* ---- comparing over time (compare.c): the one rule every comparison
 * over time follows. A change between times is measured only over repos
 * observed at each of them (never over whichever repos each time happened
 * to have), and the figure says how many that is. ---- */
/* The panel of distinct times[0..n) (n <= 64): the tracked repos with a
 * star count at every one of them, ids ascending, and those counts:
 * stars[i * ntimes + k] is repo i's at times[k]. Release with
 * sw_snapshot_panel_release (a zeroed struct is fine). */
struct sw_snapshot_panel {
	size_t n, ntimes;
	int64_t *ids;
	double *stars;
};
sw_err sw_snapshot_panel(struct sw_store *s, const int64_t *times, size_t n, struct sw_snapshot_panel *out,
			 struct sw_error *err) SW_MUST_CHECK;
void sw_snapshot_panel_release(struct sw_snapshot_panel *p);
/* One repo's trend: the snapshot to compare its latest one with, the one
 * whose distance to it is nearest `span` seconds and at least min_span.
 * NULL when there is none, with why (one line) saying what the history
 * lacks: "one snapshot so far: no trend yet", "history starts ...". */
const struct sw_snapshot *sw_snapshot_baseline(const struct sw_snapshot_list *l, int64_t span, int64_t min_span,
					       char why[96]);

/* ---- listing ---- */
enum sw_sort {
	SW_SORT_STARS = 0, SW_SORT_STAR_1D, SW_SORT_STAR_1D_PCT, SW_SORT_STAR_7D, SW_SORT_STAR_7D_PCT,
	SW_SORT_FORKS, SW_SORT_CONTRIBUTORS, SW_SORT_DOWNLOADS, SW_SORT_NAME, SW_SORT_LAYER,
	SW_SORT_SUBCAT, SW_SORT_CREATED, SW_SORT_UPDATED, SW_SORT_COUNTRY, SW_SORT_COUNT_
};
/* "stars", "star_1d", ... -> enum; false if unknown. */
bool sw_sort_parse(const char *name, enum sw_sort *out);
/* The words of the forks and archived filters: NULL, "" or "all" -> 0,
 * "only" -> 1, "hide" -> -1; false for anything else. */
bool sw_list_choice(const char *word, int *out);
const char *sw_sort_name(enum sw_sort s);

struct sw_query {
	const char *layer, *subcat, *owner, *country; /* exact, case-insensitive */
	const char *search;       /* substring of owner/name or description */
	const char *state;        /* NULL: "tracked" */
	bool new_this_week;       /* created within 7 days of the snapshot */
	bool quiet;               /* no star gain in the last 7 days */
	int forks, archived;      /* 0 any; 1 only those known to be forks / archived; -1 hide those */
	enum sw_sort sort;
	bool ascending;
	int64_t as_of;            /* 0: newest snapshot; else last snapshot <= as_of */
	size_t limit, offset;     /* limit 0: all */
};

/* A repo with its latest snapshot (as of the query). */
struct sw_repo_row {
	struct sw_repo repo;
	struct sw_snapshot snap;  /* taken_at 0 if the repo has no snapshot */
};
struct sw_repo_list {
	struct sw_repo_row *rows;
	size_t n;
	size_t total;             /* matches before limit/offset */
};
void sw_repo_list_release(struct sw_repo_list *l);
sw_err sw_store_list(struct sw_store *s, const struct sw_query *q, struct sw_repo_list *out,
		     struct sw_error *err) SW_MUST_CHECK;

/* ---- submissions (community proposals, reviewed before tracking) ---- */
/* Validate the name, refuse known repos, add the repo as "pending" with a
 * submission row (optional proposed layer/subcat, client id for rate limits). */
sw_err sw_store_submit(struct sw_store *s, const char *full_name, const char *layer, const char *subcat,
		       const char *client, int64_t when, int64_t *repo_id, struct sw_error *err) SW_MUST_CHECK;
/* Accept (repo becomes "tracked"; a proposed layer becomes an override label)
 * or reject (repo becomes "rejected"). SW_ENOTFOUND if nothing is pending. */
sw_err sw_store_review(struct sw_store *s, const char *full_name, bool accept, int64_t when,
		       struct sw_error *err) SW_MUST_CHECK;
/* Submissions since `since` (unix s) by client (NULL: by anyone); -1 on error. */
int64_t sw_store_pending_count(struct sw_store *s, const char *client, int64_t since);
/* The pending submissions, oldest first, with what they propose: table
 * "pending" (repo, proposed_layer, proposed_subcat, submitted_at). */
sw_err sw_store_pending(struct sw_store *s, struct sw_table **out, struct sw_error *err) SW_MUST_CHECK;

/* ======================================================================
 * records: reading curated-list snapshot files (the CSV dump and the JSON
 * array of the same records) into validated in-memory records.
 *
 * Used by import (to store them) and classify (to label them from their
 * text alone). Parsing checks everything that does not need the store:
 * UTF-8, column counts, quoting, numbers, dates, repo names. Whether a
 * layer name exists is checked by the importer against the taxonomy. */

enum sw_field {
	SW_F_REPO, SW_F_CATEGORY, SW_F_SUBCAT, SW_F_STARS, SW_F_STAR_1D, SW_F_STAR_1D_PCT,
	SW_F_STAR_7D, SW_F_STAR_7D_PCT, SW_F_FORKS, SW_F_DESCRIPTION, SW_F_TOP_DEVS,
	SW_F_CONTRIBUTORS, SW_F_CREATED_AT, SW_F_UPDATED_AT, SW_F_DOWNLOADS, SW_F_COUNT_
};
/* Column name as in the files ("downloads*" for SW_F_DOWNLOADS). */
const char *sw_records_field_name(enum sw_field f);

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
 * nothing is returned (out is left empty). Bad data (SW_EPARSE): a file
 * without records, a repo twice (case aside), a number that is too long or
 * has more significant digits than a double keeps (15), besides malformed
 * fields and CSV syntax. */
sw_err sw_records_parse(const char *name, const char *data, size_t len, struct sw_record_set *out,
			struct sw_error *err) SW_MUST_CHECK;
/* Read and parse a file. */
sw_err sw_records_load(const char *path, struct sw_record_set *out, struct sw_error *err) SW_MUST_CHECK;
void sw_records_release(struct sw_record_set *set);

/* ======================================================================
 * import: store curated-list snapshot files as snapshots.
 *
 * One file is one snapshot, taken at --taken-at or else at the newest
 * updated_at in the file. Importing is one transaction per call: any bad
 * record anywhere leaves the store exactly as before. Re-importing the same
 * file changes nothing. */

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

/* ======================================================================
 * taxonomy: reading the AI-stack taxonomy kept in the store. */

struct sw_layer_info {
	char *name;
	bool software;     /* false for Tutorials and Lists */
	char **subcats;    /* display order */
	size_t nsubcats;
};
struct sw_taxonomy {
	struct sw_layer_info *layers; /* display order */
	size_t n;
};
sw_err sw_taxonomy_get(struct sw_store *s, struct sw_taxonomy *out, struct sw_error *err) SW_MUST_CHECK;
void sw_taxonomy_release(struct sw_taxonomy *t);
/* Table: layer, software, subcat (one row per subcategory, or per bare layer). */
sw_err sw_taxonomy_table(struct sw_store *s, struct sw_table **out, struct sw_error *err) SW_MUST_CHECK;

/* ======================================================================
 * views: the standard tables built from store data, shared by the CLI
 * (list, show) and the web app (list page, CSV download, repo page), so
 * every front end shows the same columns and numbers.
 *
 * Each builder returns a new table in *out; the caller frees it with
 * sw_table_free(). */

/* Columns: repo, layer, subcat, class_source, stars, star_1d, star_1d_pct,
 * star_7d, star_7d_pct, forks, contributors, top_devs, created_at,
 * updated_at, downloads, country, owner_type, description. */
sw_err sw_view_repo_list(const struct sw_repo_list *l, struct sw_table **out) SW_MUST_CHECK;
/* Two columns: field, value (every field of the repo and its latest snapshot). */
sw_err sw_view_repo_fields(const struct sw_repo *r, const struct sw_snapshot *latest,
			   struct sw_table **out) SW_MUST_CHECK;
/* One row per snapshot: taken_at, source, stars, star_1d, star_7d, forks,
 * contributors, open_issues, watchers, downloads, top_devs. */
sw_err sw_view_snapshots(const struct sw_snapshot_list *l, struct sw_table **out) SW_MUST_CHECK;

/* One repo as JSON, appended to out: {"repo": {FIELD: VALUE, ...},
 * "snapshots": [...]} from a field/value table (sw_view_repo_fields, maybe
 * with extra rows) and a snapshot table (sw_view_snapshots). Numbers stay
 * numbers, empty values are null. The CLI (`show --format json`) and the
 * web API (/api/repos/OWNER/REPO) both answer with it. */
sw_err sw_view_repo_json(const struct sw_table *fields, const struct sw_table *snapshots,
			 struct sw_buf *out) SW_MUST_CHECK;

/* "100+" or "57" or NULL (unknown) for a contributor count. buf >= 32. */
const char *sw_view_contributors_text(const struct sw_snapshot *s, char buf[32]);

#endif
