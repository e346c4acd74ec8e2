/* records.c: parse curated-list snapshot files (CSV dump / JSON array). */
#include "stackwatch/core.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>


static const char *const field_names[SW_F_COUNT_] = {
	"repo", "category", "subcat", "stars", "star_1d", "star_1d_pct", "star_7d", "star_7d_pct",
	"forks", "description", "top_devs", "contributors", "created_at", "updated_at", "downloads*",
};

const char *sw_records_field_name(enum sw_field f)
{
	return (unsigned)f < SW_F_COUNT_ ? field_names[f] : "?";
}

static int field_by_name(const char *name)
{
	for (int i = 0; i < SW_F_COUNT_; i++)
		if (!strcasecmp(name, field_names[i]))
			return i;
	if (!strcasecmp(name, "downloads")) /* tolerate the name without '*' */
		return SW_F_DOWNLOADS;
	return -1;
}

static void record_release(struct sw_record *r)
{
	free(r->repo);
	free(r->category);
	free(r->subcat);
	free(r->description);
	free(r->top_devs);
	free(r->created_at);
	free(r->updated_at);
}

void sw_records_release(struct sw_record_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->n; i++)
		record_release(&set->items[i]);
	free(set->items);
	for (size_t i = 0; i < set->nwarnings; i++)
		free(set->warnings[i]);
	free(set->warnings);
	free(set->format);
	memset(set, 0, sizeof *set);
}

static void record_init(struct sw_record *r)
{
	memset(r, 0, sizeof *r);
	r->stars = r->forks = r->star_1d = r->star_7d = r->downloads = r->contributors = SW_UNKNOWN;
	r->star_1d_pct = r->star_7d_pct = NAN;
}

static sw_err add_warning(struct sw_record_set *set, const char *msg)
{
	return sw_str_push(&set->warnings, &set->nwarnings, msg);
}

/* Where a bad value sits, for messages: "file:line:col" or "file:line". */
static void where(char out[600], const char *name, const struct sw_record *r, enum sw_field f)
{
	if (r->col[f])
		snprintf(out, 600, "%s:%zu:%zu", name, r->line, r->col[f]);
	else
		snprintf(out, 600, "%s:%zu", name, r->line);
}

/* A percentage is stored as a double, which keeps 15 significant decimal
 * digits: more (trailing zeros aside) would be rounded, so they are refused.
 * num is a number sw_parse_double accepted. */
static bool exact_in_double(const char *num)
{
	size_t digits = 0, zeros = 0;
	bool started = false;
	for (const char *c = num; *c && *c != 'e' && *c != 'E'; c++) {
		if (*c < '0' || *c > '9')
			continue;
		started |= *c != '0';
		if (!started)
			continue;
		if (*c == '0') {
			zeros++; /* kept only if a non-zero digit follows */
		} else {
			digits += zeros + 1;
			zeros = 0;
		}
	}
	return digits <= 15;
}

/* Store one textual value into its field, validating it. */
static sw_err set_field(struct sw_record *r, enum sw_field f, const char *raw, const char *name,
			struct sw_error *err)
{
	char buf[128];
	char at[600];
	const char *v = raw;
	/* Names, numbers and dates tolerate surrounding blanks. A number or
	 * date this long is refused, never cut to fit. */
	bool text = f == SW_F_REPO || f == SW_F_CATEGORY || f == SW_F_SUBCAT;
	if (f != SW_F_DESCRIPTION && f != SW_F_TOP_DEVS && strlen(raw) < sizeof buf) {
		strcpy(buf, raw);
		v = sw_str_trim(buf);
	} else if (f != SW_F_DESCRIPTION && f != SW_F_TOP_DEVS && !text) {
		where(at, name, r, f);
		return sw_error_set(err, SW_EPARSE, "%s: field '%s': '%.40s...' is too long (%zu characters)", at,
				    field_names[f], raw, strlen(raw));
	}
	bool empty = !*v;
	switch (f) {
	case SW_F_REPO:
		if (!sw_repo_name_valid(v)) {
			where(at, name, r, f);
			return sw_error_set(err, SW_EPARSE, "%s: field 'repo': '%.100s' is not OWNER/REPO", at, raw);
		}
		return (r->repo = strdup(v)) ? SW_OK : SW_ENOMEM;
	case SW_F_CATEGORY:
		return empty || (r->category = strdup(v)) ? SW_OK : SW_ENOMEM;
	case SW_F_SUBCAT:
		return empty || (r->subcat = strdup(v)) ? SW_OK : SW_ENOMEM;
	case SW_F_DESCRIPTION:
		return !*raw || (r->description = strdup(raw)) ? SW_OK : SW_ENOMEM;
	case SW_F_TOP_DEVS:
		return !*raw || (r->top_devs = strdup(raw)) ? SW_OK : SW_ENOMEM;
	case SW_F_CREATED_AT:
	case SW_F_UPDATED_AT: {
		if (empty)
			return SW_OK;
		int64_t t;
		if (!sw_time_parse(v, &t)) {
			where(at, name, r, f);
			return sw_error_set(err, SW_EPARSE, "%s: field '%s': '%.60s' is not a date (YYYY-MM-DD)",
					    at, field_names[f], raw);
		}
		/* The dump writes 1000-01-01 when it does not know: keep unknown. */
		if (t < 0)
			return SW_OK;
		char **dst = f == SW_F_CREATED_AT ? &r->created_at : &r->updated_at;
		return (*dst = strdup(v)) ? SW_OK : SW_ENOMEM;
	}
	case SW_F_STAR_1D_PCT:
	case SW_F_STAR_7D_PCT: {
		if (empty)
			return SW_OK;
		size_t n = strlen(v);
		char num[128];
		snprintf(num, sizeof num, "%.*s", (int)(n && v[n - 1] == '%' ? n - 1 : n), v);
		double d;
		if (!sw_parse_double(num, &d)) {
			where(at, name, r, f);
			return sw_error_set(err, SW_EPARSE, "%s: field '%s': '%.60s' is not a percentage", at,
					    field_names[f], raw);
		}
		if (!exact_in_double(num)) {
			where(at, name, r, f);
			return sw_error_set(err, SW_EPARSE,
					    "%s: field '%s': '%.60s' has more than 15 significant digits and cannot be "
					    "stored exactly",
					    at, field_names[f], raw);
		}
		*(f == SW_F_STAR_1D_PCT ? &r->star_1d_pct : &r->star_7d_pct) = d;
		return SW_OK;
	}
	case SW_F_CONTRIBUTORS: {
		if (empty)
			return SW_OK;
		size_t n = strlen(v);
		char num[128];
		bool plus = n && v[n - 1] == '+';
		snprintf(num, sizeof num, "%.*s", (int)(plus ? n - 1 : n), v);
		int64_t x;
		if (!sw_parse_i64(num, &x) || x < 0) {
			where(at, name, r, f);
			return sw_error_set(err, SW_EPARSE,
					    "%s: field 'contributors': '%.60s' is not a count (N or N+)", at, raw);
		}
		r->contributors = x;
		r->contributors_at_least = plus;
		return SW_OK;
	}
	default: {
		if (empty)
			return SW_OK;
		int64_t x;
		bool gain = f == SW_F_STAR_1D || f == SW_F_STAR_7D;
		if (!sw_parse_i64(v, &x) || (!gain && x < 0)) {
			where(at, name, r, f);
			return sw_error_set(err, SW_EPARSE, "%s: field '%s': '%.60s' is not %s", at,
					    field_names[f], raw, gain ? "an integer" : "a non-negative integer");
		}
		int64_t *dst = f == SW_F_STARS ? &r->stars
			       : f == SW_F_FORKS ? &r->forks
			       : f == SW_F_STAR_1D ? &r->star_1d
			       : f == SW_F_STAR_7D ? &r->star_7d
						   : &r->downloads;
		*dst = x;
		return SW_OK;
	}
	}
}

/* Byte offset -> 1-based line and column (characters). */
static void line_col(const char *data, size_t off, size_t *line, size_t *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off; i++) {
		if (data[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)data[i] & 0xC0) != 0x80) {
			(*col)++;
		}
	}
}

/* Append a fresh record for `line`; NULL (with err set) when out of memory. */
static struct sw_record *new_record(struct sw_record_set *set, size_t *alloc, size_t line,
				   struct sw_error *err)
{
	if (set->n == *alloc) {
		size_t n = *alloc ? *alloc * 2 : 256;
		struct sw_record *p = realloc(set->items, n * sizeof *p);
		if (!p) {
			sw_error_set(err, SW_ENOMEM, "out of memory");
			return NULL;
		}
		set->items = p;
		*alloc = n;
	}
	struct sw_record *r = &set->items[set->n++];
	record_init(r);
	r->line = line;
	return r;
}

static sw_err parse_csv(const char *name, const char *data, size_t len, struct sw_record_set *set,
			struct sw_error *err)
{
	struct sw_csv csv;
	sw_csv_init(&csv, name, data, len);
	bool done;
	sw_err e = sw_csv_next(&csv, &done, err);
	if (!e && done)
		e = sw_error_set(err, SW_EPARSE, "%s: empty file (no header row)", name);
	int map[SW_CSV_MAX_FIELDS];
	size_t ncols = csv.nfields;
	bool seen[SW_F_COUNT_] = {0};
	for (size_t i = 0; !e && i < ncols; i++) {
		map[i] = field_by_name(csv.fields[i].s);
		if (map[i] >= 0 && seen[map[i]]) {
			e = sw_error_set(err, SW_EPARSE, "%s:%zu:%zu: column '%s' appears twice", name,
					 csv.fields[i].line, csv.fields[i].col, csv.fields[i].s);
		} else if (map[i] >= 0) {
			seen[map[i]] = true;
		} else {
			char msg[512];
			snprintf(msg, sizeof msg, "%s:%zu:%zu: unknown column '%.200s' ignored", name,
				 csv.fields[i].line, csv.fields[i].col, csv.fields[i].s);
			if (add_warning(set, msg))
				e = sw_error_set(err, SW_ENOMEM, "out of memory");
		}
	}
	if (!e && !seen[SW_F_REPO])
		e = sw_error_set(err, SW_EPARSE, "%s:1: no 'repo' column in the header", name);
	size_t alloc = 0;
	while (!e) {
		e = sw_csv_next(&csv, &done, err);
		if (e || done)
			break;
		if (csv.nfields != ncols) {
			e = sw_error_set(err, SW_EPARSE, "%s:%zu: expected %zu fields as in the header, found %zu",
					 name, csv.row_line, ncols, csv.nfields);
			break;
		}
		struct sw_record *r = new_record(set, &alloc, csv.row_line, err);
		if (!r) {
			e = SW_ENOMEM;
			break;
		}
		for (size_t i = 0; i < ncols; i++)
			if (map[i] >= 0)
				r->col[map[i]] = csv.fields[i].col;
		for (size_t i = 0; !e && i < ncols; i++)
			if (map[i] >= 0)
				e = set_field(r, (enum sw_field)map[i], csv.fields[i].s, name, err);
		if (e == SW_ENOMEM)
			sw_error_set(err, e, "out of memory");
	}
	sw_csv_release(&csv);
	return e;
}

/* Lines where each top-level array element starts (string-aware scan). */
static size_t *element_lines(const char *data, size_t len, size_t *count)
{
	size_t alloc = 64, n = 0, line = 1;
	size_t *lines = malloc(alloc * sizeof *lines);
	if (!lines)
		return NULL;
	int depth = 0;
	bool in_str = false, expect = false;
	for (size_t i = 0; i < len; i++) {
		char c = data[i];
		if (c == '\n')
			line++;
		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = false;
			continue;
		}
		if (depth == 1 && expect && c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != ']') {
			if (n == alloc) {
				size_t *p = realloc(lines, (alloc *= 2) * sizeof *p);
				if (!p) {
					free(lines);
					return NULL;
				}
				lines = p;
			}
			lines[n++] = line;
			expect = false;
		}
		if (c == '"')
			in_str = true;
		else if (c == '[' || c == '{') {
			depth++;
			if (depth == 1)
				expect = true;
		} else if (c == ']' || c == '}')
			depth--;
		else if (c == ',' && depth == 1)
			expect = true;
	}
	*count = n;
	return lines;
}

/* The shortest decimal that reads back as d (0.1 -> "0.1", not
 * "0.10000000000000001"), so that the digits checked are the number's. */
static void shortest_decimal(double d, char *out, size_t n)
{
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(out, n, "%.*g", prec, d);
		if (strtod(out, NULL) == d)
			return;
	}
}

static sw_err parse_json(const char *name, const char *data, size_t len, struct sw_record_set *set,
			 struct sw_error *err)
{
	json_error_t jerr;
	json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return sw_error_set(err, SW_EPARSE, "%s:%d:%d: %s", name, jerr.line, jerr.column, jerr.text);
	if (!json_is_array(root)) {
		json_decref(root);
		return sw_error_set(err, SW_EPARSE, "%s:1: expected a JSON array of records", name);
	}
	size_t nlines = 0;
	size_t *lines = element_lines(data, len, &nlines);
	size_t alloc = 0;
	sw_err e = SW_OK;
	size_t idx;
	json_t *obj;
	json_array_foreach(root, idx, obj)
	{
		size_t line = lines && idx < nlines ? lines[idx] : idx + 1;
		if (!json_is_object(obj)) {
			e = sw_error_set(err, SW_EPARSE, "%s:%zu: record %zu is not an object", name, line, idx + 1);
			break;
		}
		struct sw_record *r = new_record(set, &alloc, line, err);
		if (!r) {
			e = SW_ENOMEM;
			break;
		}
		const char *key;
		json_t *val;
		bool has_repo = false;
		json_object_foreach(obj, key, val)
		{
			int f = field_by_name(key);
			if (f < 0) {
				char msg[512];
				snprintf(msg, sizeof msg, "%s: unknown field '%.200s' ignored", name, key);
				bool dup = false;
				for (size_t w = 0; w < set->nwarnings && !dup; w++)
					dup = !strcmp(set->warnings[w], msg);
				if (!dup && add_warning(set, msg)) {
					e = sw_error_set(err, SW_ENOMEM, "out of memory");
					break;
				}
				continue;
			}
			char num[64];
			const char *text;
			if (json_is_string(val))
				text = json_string_value(val);
			else if (json_is_integer(val)) {
				snprintf(num, sizeof num, "%lld", (long long)json_integer_value(val));
				text = num;
			} else if (json_is_real(val) && (f == SW_F_STAR_1D_PCT || f == SW_F_STAR_7D_PCT)) {
				shortest_decimal(json_real_value(val), num, sizeof num);
				text = num;
			} else if (json_is_null(val))
				text = "";
			else {
				e = sw_error_set(err, SW_EPARSE, "%s:%zu: record %zu, field '%s': unexpected %s", name,
						 line, idx + 1, key,
						 json_is_real(val) ? "fractional number" : json_is_boolean(val) ? "boolean"
											    : "array or object");
				break;
			}
			if (f == SW_F_REPO)
				has_repo = true;
			if ((e = set_field(r, (enum sw_field)f, text, name, err))) {
				if (e == SW_ENOMEM)
					sw_error_set(err, e, "out of memory");
				break;
			}
		}
		if (e)
			break;
		if (!has_repo || !r->repo) {
			e = sw_error_set(err, SW_EPARSE, "%s:%zu: record %zu has no 'repo'", name, line, idx + 1);
			break;
		}
	}
	free(lines);
	json_decref(root);
	return e;
}

static int by_repo_then_line(const void *a, const void *b)
{
	const struct sw_record *x = *(const struct sw_record *const *)a, *y = *(const struct sw_record *const *)b;
	int c = strcasecmp(x->repo, y->repo); /* GitHub names ignore case, and so does the store */
	return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* One file is one snapshot: a repo twice in it is an error naming both
 * lines (the earliest second occurrence), never "last one wins". */
static sw_err no_duplicates(const char *name, const struct sw_record_set *set, struct sw_error *err)
{
	if (set->n < 2)
		return SW_OK;
	const struct sw_record **v = malloc(set->n * sizeof *v);
	if (!v)
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	for (size_t i = 0; i < set->n; i++)
		v[i] = &set->items[i];
	qsort(v, set->n, sizeof *v, by_repo_then_line);
	const struct sw_record *first = NULL, *second = NULL;
	for (size_t i = 1; i < set->n; i++)
		if (!strcasecmp(v[i - 1]->repo, v[i]->repo) && (i < 2 || strcasecmp(v[i - 2]->repo, v[i]->repo)) &&
		    (!second || v[i]->line < second->line)) {
			first = v[i - 1];
			second = v[i];
		}
	sw_err e = SW_OK;
	if (second) {
		char as[200] = "";
		if (strcmp(first->repo, second->repo))
			snprintf(as, sizeof as, " as '%s'", first->repo);
		e = sw_error_set(err, SW_EPARSE, "%s:%zu: repo '%s' appears twice in this file (first at line %zu%s)",
				 name, second->line, second->repo, first->line, as);
	}
	free(v);
	return e;
}

sw_err sw_records_parse(const char *name, const char *data, size_t len, struct sw_record_set *out,
			struct sw_error *err)
{
	memset(out, 0, sizeof *out);
	size_t valid = sw_utf8_valid_prefix(data, len);
	if (valid != len) {
		size_t line, col;
		line_col(data, valid, &line, &col);
		return sw_error_set(err, SW_EPARSE, "%s:%zu:%zu: invalid UTF-8 (byte 0x%02x)", name, line, col,
				    (unsigned char)data[valid]);
	}
	size_t bom = len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3) ? 3 : 0;
	size_t i = bom;
	while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
		i++;
	bool json = i < len && (data[i] == '[' || data[i] == '{');
	out->format = strdup(json ? "json" : "csv");
	if (!out->format)
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	sw_err e = json ? parse_json(name, data + bom, len - bom, out, err)
			: parse_csv(name, data, len, out, err);
	if (!e && !out->n)
		e = sw_error_set(err, SW_EPARSE, "%s: no records (%s)", name,
				 json ? "an empty array" : "only a header row");
	if (!e)
		e = no_duplicates(name, out, err);
	if (e) {
		if (e == SW_ENOMEM && err && !err->msg[0])
			sw_error_set(err, e, "out of memory");
		sw_records_release(out);
		return e;
	}
	/* The snapshot time defaults to the newest updated_at in the file. */
	for (size_t k = 0; k < out->n; k++) {
		int64_t t;
		if (out->items[k].updated_at && sw_time_parse(out->items[k].updated_at, &t) &&
		    t > out->newest_updated)
			out->newest_updated = t;
	}
	return SW_OK;
}

sw_err sw_records_load(const char *path, struct sw_record_set *out, struct sw_error *err)
{
	memset(out, 0, sizeof *out);
	struct sw_buf b = SW_BUF_INIT;
	sw_buf_init(&b, (size_t)2 << 30);
	sw_err e = sw_buf_read_file(path, &b, err);
	if (!e)
		e = sw_records_parse(path, b.data, b.len, out, err);
	sw_buf_release(&b);
	return e;
}
