/* analysis.c: hype-shape classifier, Gini coefficient, median and the
 * parser of the reference-figures file (the study's numbers live in data/,
 * not in code). */
#include "report_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stackwatch/core.h"

const char *sw_report_shape_name(enum sw_report_shape s)
{
	switch (s) {
	case SW_REPORT_SHAPE_SUSTAINED: return "sustained growth";
	case SW_REPORT_SHAPE_SPIKE: return "spike then flat";
	case SW_REPORT_SHAPE_STEADY: return "steady";
	case SW_REPORT_SHAPE_DECLINING: return "declining";
	default: return "insufficient history";
	}
}

/* Stars at time t by linear interpolation over the valid points. */
static double interp(const int64_t *day, const double *y, const size_t *idx, size_t m, double t)
{
	for (size_t k = 1; k < m; k++) {
		double t0 = (double)day[idx[k - 1]], t1 = (double)day[idx[k]];
		if (t <= t1) {
			if (t1 <= t0)
				return y[idx[k]];
			return y[idx[k - 1]] + (y[idx[k]] - y[idx[k - 1]]) * (t - t0) / (t1 - t0);
		}
	}
	return y[idx[m - 1]];
}

enum sw_report_shape sw_report_hype_shape(const int64_t *day, const double *cumulative_stars, size_t n)
{
	if (!day || !cumulative_stars || n < 3)
		return SW_REPORT_SHAPE_INSUFFICIENT;
	/* Keep the valid points in increasing time order (a small fixed-size
	 * selection would lose data; the series is at most a few thousand). */
	size_t *idx = malloc(n * sizeof *idx);
	if (!idx)
		return SW_REPORT_SHAPE_INSUFFICIENT;
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (isnan(cumulative_stars[i]) || (m && day[i] <= day[idx[m - 1]]))
			continue;
		idx[m++] = i;
	}
	enum sw_report_shape shape = SW_REPORT_SHAPE_INSUFFICIENT;
	if (m >= 3) {
		double t0 = (double)day[idx[0]], t2 = (double)day[idx[m - 1]];
		double tm = t0 + (t2 - t0) / 2;
		double s0 = cumulative_stars[idx[0]], s2 = cumulative_stars[idx[m - 1]];
		double sm = interp(day, cumulative_stars, idx, m, tm);
		double early = sm - s0, late = s2 - sm; /* gains over equal time halves */
		double base = s0 > 1 ? s0 : 1;
		double tol = sm * 0.01 > 1 ? sm * 0.01 : 1;
		if (late < -tol || s2 - s0 < -(base * 0.01 > 1 ? base * 0.01 : 1))
			shape = SW_REPORT_SHAPE_DECLINING;
		else if ((s2 - s0) < 0.05 * base)
			shape = SW_REPORT_SHAPE_STEADY;
		else if (early > 0 && late < 0.25 * early)
			shape = SW_REPORT_SHAPE_SPIKE;
		else
			shape = SW_REPORT_SHAPE_SUSTAINED;
	}
	free(idx);
	return shape;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

double sw_report_gini(double *v, size_t n)
{
	if (!n)
		return 0;
	qsort(v, n, sizeof *v, cmp_double);
	double sum = 0, weighted = 0;
	for (size_t i = 0; i < n; i++) {
		sum += v[i];
		weighted += (double)(i + 1) * v[i];
	}
	if (sum <= 0)
		return 0;
	return 2 * weighted / ((double)n * sum) - ((double)n + 1) / (double)n;
}

double report_median(double *v, size_t n)
{
	if (!n)
		return NAN;
	qsort(v, n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* ------------------------------------------------------ reference figures */

struct ref_item {
	char *key;
	bool has_value;
	double value;
	char *label;
};

struct sw_report_ref {
	struct ref_item *items;
	size_t n;
};

void sw_report_ref_free(struct sw_report_ref *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++) {
		free(r->items[i].key);
		free(r->items[i].label);
	}
	free(r->items);
	free(r);
}

static const struct ref_item *ref_find(const struct sw_report_ref *r, const char *key)
{
	for (size_t i = 0; r && key && i < r->n; i++)
		if (!strcmp(r->items[i].key, key))
			return &r->items[i];
	return NULL;
}

bool sw_report_ref_value(const struct sw_report_ref *r, const char *key, double *value)
{
	const struct ref_item *it = ref_find(r, key);
	if (!it || !it->has_value)
		return false;
	*value = it->value;
	return true;
}

const char *sw_report_ref_label(const struct sw_report_ref *r, const char *key)
{
	const struct ref_item *it = ref_find(r, key);
	return it && it->label && *it->label ? it->label : NULL;
}

static bool valid_key(const char *k)
{
	if (!*k || strlen(k) > 64)
		return false;
	for (; *k; k++)
		if (!((*k >= 'a' && *k <= 'z') || (*k >= '0' && *k <= '9') || *k == '_'))
			return false;
	return true;
}

/* Append a reference item for fields f[0..nf) (key, value, label) of line
 * lineno, when valid. */
static sw_err ref_add(struct sw_report_ref *r, const char *name, size_t lineno, char *const f[3], int nf,
		      struct sw_error *err)
{
	double v = 0;
	if (nf < 2)
		return sw_error_set(err, SW_EPARSE, "%s:%zu: expected 'key<TAB>value<TAB>label'", name, lineno);
	if (!valid_key(f[0]))
		return sw_error_set(err, SW_EPARSE, "%s:%zu: field 'key': '%.40s' is not [a-z0-9_]{1,64}",
				    name, lineno, f[0]);
	if (ref_find(r, f[0]))
		return sw_error_set(err, SW_EPARSE, "%s:%zu: field 'key': duplicate key '%s'", name, lineno, f[0]);
	if (*f[1] && (!sw_parse_double(f[1], &v) || !isfinite(v)))
		return sw_error_set(err, SW_EPARSE, "%s:%zu: field 'value': '%.40s' is not a number", name,
				    lineno, f[1]);
	if (r->n >= SW_REPORT_REF_MAX_KEYS)
		return sw_error_set(err, SW_ELIMIT, "%s:%zu: more than %d keys", name, lineno,
				    SW_REPORT_REF_MAX_KEYS);
	struct ref_item *it = realloc(r->items, (r->n + 1) * sizeof *it);
	if (!it)
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	r->items = it;
	it = &r->items[r->n];
	it->key = strdup(f[0]);
	it->label = sw_str_dup(nf > 2 ? f[2] : NULL);
	it->has_value = *f[1] != '\0';
	it->value = v;
	r->n++;
	if (!it->key || (nf > 2 && !it->label))
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	return SW_OK;
}

/* Line lineno, p[0..l) (no newline; not blank, not a comment). */
static sw_err ref_line(struct sw_report_ref *r, const char *name, size_t lineno, const char *p, size_t l,
		       struct sw_error *err)
{
	if (memchr(p, '\0', l))
		return sw_error_set(err, SW_EPARSE, "%s:%zu: NUL byte in line", name, lineno);
	char *line = sw_str_ndup(p, l);
	if (!line)
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	char *f[3] = {line, NULL, NULL};
	int nf = 1;
	for (char *c = line; *c && nf < 3; c++)
		if (*c == '\t') {
			*c = '\0';
			f[nf++] = c + 1;
		}
	sw_err e = ref_add(r, name, lineno, f, nf, err);
	free(line);
	return e;
}

sw_err sw_report_ref_parse(const char *name, const char *text, size_t len, struct sw_report_ref **out,
			     struct sw_error *err)
{
	*out = NULL;
	if (!name)
		name = "reference";
	if (len > SW_REPORT_REF_MAX_BYTES)
		return sw_error_set(err, SW_ELIMIT, "%s: larger than %u bytes", name, SW_REPORT_REF_MAX_BYTES);
	if (sw_utf8_valid_prefix(text, len) != len)
		return sw_error_set(err, SW_EPARSE, "%s: not valid UTF-8 at byte %zu", name,
				    sw_utf8_valid_prefix(text, len));
	struct sw_report_ref *r = calloc(1, sizeof *r);
	if (!r)
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	sw_err e = SW_OK;
	size_t pos = 0, lineno = 0;
	while (!e && pos < len) {
		const char *p = text + pos;
		const char *nl = memchr(p, '\n', len - pos);
		size_t l = nl ? (size_t)(nl - p) : len - pos;
		pos += l + (nl ? 1 : 0);
		lineno++;
		if (l && p[l - 1] == '\r')
			l--;
		if (l && p[0] != '#')
			e = ref_line(r, name, lineno, p, l, err);
	}
	if (e) {
		sw_report_ref_free(r);
		return e;
	}
	*out = r;
	return SW_OK;
}
