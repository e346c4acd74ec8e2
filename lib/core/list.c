/* list.c: the list rule, in one place: which repos a list query (struct
 * sw_query) keeps and in which order. sw_store_list answers through it, and
 * the web app keeps one index per data generation for its list pages, so
 * the CLI, the JSON/CSV API and the list page can never disagree.
 *
 * The index holds the rows (one repo each, with its snapshot as of the
 * list's moment) plus what every query needs again: owner/name and
 * description ASCII-lowercased into one search text, creation days, and one
 * presorted order per sort key and direction. A query is then one pass over
 * a presorted array. Orders are built when the index is built
 * (all_orders: the index is read-only afterwards and may be shared by
 * threads) or on first use. */
#include "core_int.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct list_index {
	struct sw_repo_list rows;     /* owned; rows taken out are zeroed */
	int64_t *layer_pos;           /* per row: taxonomy position of its layer, or -1 */
	int64_t now;                  /* the moment "new this week" counts back from */
	char **lname, **ldesc;        /* per row, lowercased (pointers into hay) */
	char *hay;                    /* every row's "owner/name\0description\0" */
	size_t hay_len;
	uint32_t *hay_off;            /* row -> offset of its text in hay */
	int64_t *created;             /* per row: creation day (unix s), or INT64_MIN */
	uint32_t *order[SW_SORT_COUNT_][2]; /* [key][0 descending, 1 ascending] */
};

/* ---- sort keys ---- */

static const char *const sort_names[SW_SORT_COUNT_] = {
	[SW_SORT_STARS] = "stars",           [SW_SORT_STAR_1D] = "star_1d",   [SW_SORT_STAR_1D_PCT] = "star_1d_pct",
	[SW_SORT_STAR_7D] = "star_7d",       [SW_SORT_STAR_7D_PCT] = "star_7d_pct", [SW_SORT_FORKS] = "forks",
	[SW_SORT_CONTRIBUTORS] = "contributors", [SW_SORT_DOWNLOADS] = "downloads", [SW_SORT_NAME] = "name",
	[SW_SORT_LAYER] = "layer",           [SW_SORT_SUBCAT] = "subcat",     [SW_SORT_CREATED] = "created",
	[SW_SORT_UPDATED] = "updated",       [SW_SORT_COUNTRY] = "country",
};

bool sw_list_choice(const char *word, int *out)
{
	*out = !word || !*word || !strcmp(word, "all") ? 0 : !strcmp(word, "only") ? 1 : !strcmp(word, "hide") ? -1 : 2;
	return *out != 2;
}

bool sw_sort_parse(const char *name, enum sw_sort *out)
{
	for (int i = 0; i < SW_SORT_COUNT_; i++)
		if (name && !strcmp(name, sort_names[i])) {
			*out = (enum sw_sort)i;
			return true;
		}
	return false;
}

const char *sw_sort_name(enum sw_sort s)
{
	return (unsigned)s < SW_SORT_COUNT_ ? sort_names[s] : "stars";
}

/* True when row i has no value for key k: such rows sort last either way. */
static bool key_unknown(const struct list_index *x, size_t i, enum sw_sort k)
{
	const struct sw_repo *r = &x->rows.rows[i].repo;
	const struct sw_snapshot *s = &x->rows.rows[i].snap;
	bool snap = s->taken_at != 0;
	switch (k) {
	case SW_SORT_STARS: return !snap || s->stars == SW_UNKNOWN;
	case SW_SORT_STAR_1D: return !snap || s->star_1d == SW_UNKNOWN;
	case SW_SORT_STAR_1D_PCT: return !snap || isnan(s->star_1d_pct);
	case SW_SORT_STAR_7D: return !snap || s->star_7d == SW_UNKNOWN;
	case SW_SORT_STAR_7D_PCT: return !snap || isnan(s->star_7d_pct);
	case SW_SORT_FORKS: return !snap || s->forks == SW_UNKNOWN;
	case SW_SORT_CONTRIBUTORS: return !snap || s->contributors == SW_UNKNOWN;
	case SW_SORT_DOWNLOADS: return !snap || s->downloads == SW_UNKNOWN;
	case SW_SORT_NAME: return false;
	case SW_SORT_LAYER: return x->layer_pos[i] < 0;
	case SW_SORT_SUBCAT: return !r->subcat;
	case SW_SORT_CREATED: return !r->created_at;
	case SW_SORT_UPDATED: return !r->updated_at;
	case SW_SORT_COUNTRY: return !r->country;
	default: return true;
	}
}

static int cmp_i64(int64_t a, int64_t b)
{
	return (a > b) - (a < b);
}

static int cmp_dbl(double a, double b)
{
	return (a > b) - (a < b);
}

/* Compare rows a and b on key k (both known); text keys ignore ASCII case. */
static int key_cmp(const struct list_index *x, size_t a, size_t b, enum sw_sort k)
{
	const struct sw_repo *ra = &x->rows.rows[a].repo, *rb = &x->rows.rows[b].repo;
	const struct sw_snapshot *sa = &x->rows.rows[a].snap, *sb = &x->rows.rows[b].snap;
	switch (k) {
	case SW_SORT_STARS: return cmp_i64(sa->stars, sb->stars);
	case SW_SORT_STAR_1D: return cmp_i64(sa->star_1d, sb->star_1d);
	case SW_SORT_STAR_1D_PCT: return cmp_dbl(sa->star_1d_pct, sb->star_1d_pct);
	case SW_SORT_STAR_7D: return cmp_i64(sa->star_7d, sb->star_7d);
	case SW_SORT_STAR_7D_PCT: return cmp_dbl(sa->star_7d_pct, sb->star_7d_pct);
	case SW_SORT_FORKS: return cmp_i64(sa->forks, sb->forks);
	case SW_SORT_CONTRIBUTORS: return cmp_i64(sa->contributors, sb->contributors);
	case SW_SORT_DOWNLOADS: return cmp_i64(sa->downloads, sb->downloads);
	case SW_SORT_NAME: return strcmp(x->lname[a], x->lname[b]);
	case SW_SORT_LAYER: return cmp_i64(x->layer_pos[a], x->layer_pos[b]);
	case SW_SORT_SUBCAT: return strcasecmp(ra->subcat, rb->subcat);
	case SW_SORT_CREATED: return strcmp(ra->created_at, rb->created_at);
	case SW_SORT_UPDATED: return strcmp(ra->updated_at, rb->updated_at);
	case SW_SORT_COUNTRY: return strcasecmp(ra->country, rb->country);
	default: return 0;
	}
}

struct sort_ctx {
	const struct list_index *x;
	enum sw_sort key;
	bool asc;
};

/* The order: known values first in either direction, then the key, then
 * owner/name ascending (unique, so the order is total). */
static int sort_cmp(const void *pa, const void *pb, void *arg)
{
	const struct sort_ctx *c = arg;
	size_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
	bool na = key_unknown(c->x, a, c->key), nb = key_unknown(c->x, b, c->key);
	if (na != nb)
		return na - nb;
	if (!na) {
		int r = key_cmp(c->x, a, b, c->key);
		if (r)
			return c->asc ? r : -r;
	}
	int r = strcmp(c->x->lname[a], c->x->lname[b]);
	return r ? r : (a > b) - (a < b);
}

static sw_err build_order(struct list_index *x, enum sw_sort k, bool asc)
{
	size_t n = x->rows.n;
	uint32_t *o = malloc((n ? n : 1) * sizeof *o);
	if (!o)
		return SW_ENOMEM;
	for (size_t i = 0; i < n; i++)
		o[i] = (uint32_t)i;
	struct sort_ctx c = {x, k, asc};
	qsort_r(o, n, sizeof *o, sort_cmp, &c);
	x->order[k][asc] = o;
	return SW_OK;
}

/* ---- building ---- */

/* Every row's lowercased "owner/name\0description\0" in one buffer. */
static sw_err build_text(struct list_index *x)
{
	size_t n = x->rows.n, len = 0;
	for (size_t i = 0; i < n; i++) {
		const struct sw_repo *r = &x->rows.rows[i].repo;
		len += strlen(r->owner) + strlen(r->name) + strlen(r->description ? r->description : "") + 3;
	}
	x->hay = malloc(len + 1);
	x->hay_off = malloc((n ? n : 1) * sizeof *x->hay_off);
	x->lname = malloc((n ? n : 1) * sizeof *x->lname);
	x->ldesc = malloc((n ? n : 1) * sizeof *x->ldesc);
	if (!x->hay || !x->hay_off || !x->lname || !x->ldesc || len > UINT32_MAX)
		return SW_ENOMEM;
	char *p = x->hay;
	for (size_t i = 0; i < n; i++) {
		const struct sw_repo *r = &x->rows.rows[i].repo;
		x->hay_off[i] = (uint32_t)(p - x->hay);
		x->lname[i] = p;
		p += sprintf(p, "%s/%s", r->owner, r->name) + 1;
		x->ldesc[i] = p;
		p += sprintf(p, "%s", r->description ? r->description : "") + 1;
	}
	x->hay_len = (size_t)(p - x->hay);
	for (size_t i = 0; i < x->hay_len; i++)
		x->hay[i] = (char)tolower((unsigned char)x->hay[i]);
	return SW_OK;
}

static int64_t created_day(const char *created_at)
{
	char day[11];
	int64_t t;
	if (!created_at || strlen(created_at) < 10)
		return INT64_MIN;
	memcpy(day, created_at, 10);
	day[10] = '\0';
	return sw_time_parse(day, &t) ? t : INT64_MIN;
}

sw_err list_build(struct sw_repo_list *rows, const int64_t *layer_pos, int64_t now, bool all_orders,
		  struct list_index **out, struct sw_error *err)
{
	*out = NULL;
	struct list_index *x = calloc(1, sizeof *x);
	if (!x)
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	x->rows = *rows;
	memset(rows, 0, sizeof *rows);
	x->now = now;
	size_t n = x->rows.n;
	x->layer_pos = malloc((n ? n : 1) * sizeof *x->layer_pos);
	x->created = malloc((n ? n : 1) * sizeof *x->created);
	sw_err e = x->layer_pos && x->created ? build_text(x) : SW_ENOMEM;
	for (size_t i = 0; !e && i < n; i++) {
		x->layer_pos[i] = layer_pos ? layer_pos[i] : -1;
		x->created[i] = created_day(x->rows.rows[i].repo.created_at);
	}
	for (int k = 0; !e && all_orders && k < SW_SORT_COUNT_; k++)
		for (int asc = 0; !e && asc < 2; asc++)
			e = build_order(x, (enum sw_sort)k, asc);
	if (e) {
		list_free(x);
		return sw_error_set(err, e, "out of memory");
	}
	*out = x;
	return SW_OK;
}

void list_free(struct list_index *x)
{
	if (!x)
		return;
	sw_repo_list_release(&x->rows);
	free(x->layer_pos);
	free(x->created);
	free(x->hay);
	free(x->hay_off);
	free(x->lname);
	free(x->ldesc);
	for (int k = 0; k < SW_SORT_COUNT_; k++)
		for (int d = 0; d < 2; d++)
			free(x->order[k][d]);
	free(x);
}

size_t list_size(const struct list_index *x)
{
	return x ? x->rows.n : 0;
}

int64_t list_now(const struct list_index *x)
{
	return x ? x->now : 0;
}

const struct sw_repo_row *list_row(const struct list_index *x, size_t pos)
{
	return &x->rows.rows[pos];
}

void list_take(struct list_index *x, size_t pos, struct sw_repo_row *out)
{
	*out = x->rows.rows[pos];
	memset(&x->rows.rows[pos], 0, sizeof *out);
}

/* ---- matching ---- */

/* Mark the rows whose lowercased owner/name or description contains the
 * lowercased needle: one memmem pass over the search text (fields are
 * NUL-separated and a needle has no NUL, so no match spans two fields). */
static void search_rows(const struct list_index *x, const char *needle, uint8_t *hit)
{
	size_t nl = strlen(needle), pos = 0, n = x->rows.n;
	if (!nl) {
		memset(hit, 1, n);
		return;
	}
	while (pos < x->hay_len) {
		const char *m = memmem(x->hay + pos, x->hay_len - pos, needle, nl);
		if (!m)
			break;
		size_t at = (size_t)(m - x->hay), lo = 0, hi = n;
		while (hi - lo > 1) { /* the row whose text holds `at` */
			size_t mid = (lo + hi) / 2;
			if (x->hay_off[mid] <= at)
				lo = mid;
			else
				hi = mid;
		}
		hit[lo] = 1;
		pos = lo + 1 < n ? x->hay_off[lo + 1] : x->hay_len;
	}
}

static bool same(const char *want, const char *have)
{
	return !want || (have && !strcasecmp(want, have));
}

/* The filters of a query: every given one must hold (text compared without
 * ASCII case; "new" = created in the 7 days before the list's moment;
 * "quiet" = a known 7-day gain of zero or less; forks and archived: see
 * struct sw_query). */
static bool row_match(const struct list_index *x, size_t i, const struct sw_query *q, const uint8_t *hit)
{
	const struct sw_repo_row *r = &x->rows.rows[i];
	if (!same(q->layer, r->repo.layer) || !same(q->subcat, r->repo.subcat) || !same(q->owner, r->repo.owner) ||
	    !same(q->country, r->repo.country))
		return false;
	if (q->quiet && (r->snap.taken_at == 0 || r->snap.star_7d == SW_UNKNOWN || r->snap.star_7d > 0))
		return false;
	if (q->new_this_week && (x->created[i] == INT64_MIN || x->created[i] < x->now - 7 * 86400))
		return false;
	/* "only" keeps what is known to be so; "hide" keeps the rest, unknown included */
	if ((q->forks > 0 && r->repo.is_fork != 1) || (q->forks < 0 && r->repo.is_fork == 1) ||
	    (q->archived > 0 && r->repo.archived != 1) || (q->archived < 0 && r->repo.archived == 1))
		return false;
	return !hit || hit[i];
}

static char *lower_dup(const char *s)
{
	char *d = strdup(s);
	for (char *p = d; p && *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return d;
}

sw_err list_select(struct list_index *x, const struct sw_query *q, uint32_t **pos, size_t *n, size_t *total,
		   struct sw_error *err)
{
	*pos = NULL;
	*n = *total = 0;
	if ((unsigned)q->sort >= SW_SORT_COUNT_)
		return sw_error_set(err, SW_EINVAL, "unknown sort key");
	int asc = q->ascending ? 1 : 0;
	if (!x->order[q->sort][asc] && build_order(x, q->sort, asc))
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	size_t rows = x->rows.n, want = q->limit ? q->limit : rows;
	uint8_t *hit = NULL;
	char *needle = NULL;
	if (q->search && (!(hit = calloc(rows + 1, 1)) || !(needle = lower_dup(q->search)))) {
		free(hit);
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	}
	if (needle)
		search_rows(x, needle, hit);
	free(needle);
	*pos = malloc((want < rows ? want : rows) * sizeof **pos + 1);
	if (!*pos) {
		free(hit);
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	}
	const uint32_t *o = x->order[q->sort][asc];
	for (size_t k = 0; k < rows; k++) {
		if (!row_match(x, o[k], q, hit))
			continue;
		if (*total >= q->offset && *n < want)
			(*pos)[(*n)++] = o[k];
		(*total)++;
	}
	free(hit);
	return SW_OK;
}
