/* predict.c: class probabilities of a repo's features, the hierarchical
 * decision (best layer by summed probability, then its best subcategory),
 * the calibration map of P(layer) (fitted by calibrate.c and evaluate.c)
 * and the evidence behind a prediction. */
#include "classify_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------ calibration map */

/* logit(p), p clamped away from 0 and 1. */
static double logit(double p)
{
	if (p < 1e-6)
		p = 1e-6;
	if (p > 1 - 1e-6)
		p = 1 - 1e-6;
	return log(p / (1 - p));
}

double classify_calibrated(double a, double b, double p)
{
	return 1 / (1 + exp(-(a * logit(p) + b)));
}

/* Newton's method on the mean logistic loss with a small ridge (keeps a
 * repo set where every answer is right, or wrong, finite); a fixed number
 * of steps from (1, 0), so the result is deterministic. */
void classify_platt_fit(const double *p, const bool *ok, size_t n, double *a, double *b)
{
	double pa = 1, pb = 0;
	const double ridge = 1e-3;
	for (int it = 0; it < 50 && n; it++) {
		double ga = ridge * (pa - 1), gb = ridge * pb, haa = ridge, hab = 0, hbb = ridge;
		for (size_t i = 0; i < n; i++) {
			double x = logit(p[i]), q = 1 / (1 + exp(-(pa * x + pb))), d = q - ok[i], h = q * (1 - q);
			ga += d * x / (double)n;
			gb += d / (double)n;
			haa += h * x * x / (double)n;
			hab += h * x / (double)n;
			hbb += h / (double)n;
		}
		double det = haa * hbb - hab * hab;
		if (!(det > 0))
			break;
		pa -= (hbb * ga - hab * gb) / det;
		pb -= (haa * gb - hab * ga) / det;
	}
	*a = pa;
	*b = pb;
}

/* r: the non-zero weights of m (r empty on failure). */
static sw_err rows_build(const struct sw_classify_model *m, struct classify_rows *r)
{
	size_t C = m->nclass, nz = 0;
	classify_rows_release(r);
	for (size_t k = 0; k < m->nfeat * C; k++)
		nz += m->w[k] != 0;
	if (nz > UINT32_MAX || C > UINT16_MAX + 1)
		return SW_ELIMIT;
	r->start = malloc((m->nfeat + 1) * sizeof *r->start);
	r->cls = malloc((nz + 1) * sizeof *r->cls);
	r->w = malloc((nz + 1) * sizeof *r->w);
	if (!r->start || !r->cls || !r->w) {
		classify_rows_release(r);
		return SW_ENOMEM;
	}
	nz = 0;
	for (size_t f = 0; f < m->nfeat; f++) {
		r->start[f] = (uint32_t)nz;
		for (size_t c = 0; c < C; c++)
			if (m->w[f * C + c] != 0) {
				r->cls[nz] = (uint16_t)c;
				r->w[nz++] = m->w[f * C + c];
			}
	}
	r->start[m->nfeat] = (uint32_t)nz;
	r->model = m;
	return SW_OK;
}

/* Class scores of bag b from the non-zero weights only: a weight of 0
 * adds +0 (feature values are positive), which changes no score, so the
 * sums are those of the dense weights, bit for bit, in the same order.
 * The next features' rows are fetched ahead (they are far apart). */
static void scores_rows(const struct classify_rows *r, const struct classify_fbag *b, double *p)
{
	enum { AHEAD = 4 };
	for (size_t i = 0; i < b->n; i++) {
		if (i + AHEAD < b->n) {
			size_t f = b->f[i + AHEAD].off;
			__builtin_prefetch(&r->w[r->start[f]]);
			__builtin_prefetch(&r->cls[r->start[f]]);
		}
		size_t f = b->f[i].off;
		double v = b->f[i].val;
		for (uint32_t k = r->start[f]; k < r->start[f + 1]; k++)
			p[r->cls[k]] += v * r->w[k];
	}
}

/* ------------------------------------------------------------- predict */

/* Class probabilities of a feature bag of the model's features (in the
 * order of their names); rows: m's, or NULL to read the dense weights. */
static void scores(const struct sw_classify_model *m, const struct classify_rows *rows,
		   const struct classify_fbag *b, double *p)
{
	size_t C = m->nclass;
	for (size_t c = 0; c < C; c++)
		p[c] = m->bias[c];
	for (size_t i = 0; i < b->n && !rows; i++) {
		const double *w = m->w + b->f[i].off * C;
		for (size_t c = 0; c < C; c++)
			p[c] += b->f[i].val * w[c];
	}
	if (rows)
		scores_rows(rows, b, p);
	double mx = p[0];
	for (size_t c = 1; c < C; c++)
		if (p[c] > mx)
			mx = p[c];
	double z = 0;
	for (size_t c = 0; c < C; c++)
		z += (p[c] = exp(p[c] - mx));
	for (size_t c = 0; c < C; c++)
		p[c] /= z;
}

/* Hierarchical decision; returns the chosen class, *runner the next best
 * class by probability; the probabilities of the chosen layer, the next
 * layer and the runner's layer. */
static size_t decide(const struct sw_classify_model *m, const double *p, size_t *runner, double *layer_p,
		     double *layer2_p, double *runner_layer_p)
{
	double lp[CLASSIFY_MAX_CLASSES] = {0};
	for (size_t c = 0; c < m->nclass; c++)
		lp[m->class_layer[c]] += p[c];
	size_t bl = 0;
	for (size_t l = 1; l < m->nlayer; l++)
		if (lp[l] > lp[bl])
			bl = l;
	size_t best = SIZE_MAX;
	for (size_t c = 0; c < m->nclass; c++)
		if (m->class_layer[c] == bl && (best == SIZE_MAX || p[c] > p[best]))
			best = c;
	size_t r = SIZE_MAX;
	for (size_t c = 0; c < m->nclass; c++)
		if (c != best && (r == SIZE_MAX || p[c] > p[r]))
			r = c;
	*runner = r;
	*runner_layer_p = r == SIZE_MAX ? 0 : lp[m->class_layer[r]];
	*layer_p = lp[bl];
	*layer2_p = 0;
	for (size_t l = 0; l < m->nlayer; l++)
		if (l != bl && lp[l] > *layer2_p)
			*layer2_p = lp[l];
	return best;
}

static sw_err predict_bag(const struct sw_classify_model *m, const struct classify_rows *rows,
			  const struct classify_fbag *b, struct sw_classify_result *out, double *p)
{
	scores(m, rows, b, p);
	size_t r, c;
	double lp, lp2, rlp;
	c = decide(m, p, &r, &lp, &lp2, &rlp);
	memset(out, 0, sizeof *out);
	out->layer = m->layer[c];
	out->subcat = m->subcat[c];
	double sub = lp > 0 ? p[c] / lp : 0; /* P(subcat | layer) */
	if (m->calibrated) {
		lp = classify_calibrated(m->calib_a, m->calib_b, lp);
		lp2 = classify_calibrated(m->calib_a, m->calib_b, lp2);
	}
	/* Clamped against rounding. */
	out->layer_confidence = lp < 0 ? 0 : lp > 1 ? 1 : lp;
	out->second_layer_confidence = lp2 < 0 ? 0 : lp2 > 1 ? 1 : lp2;
	double conf = m->calibrated ? out->layer_confidence * sub : p[c];
	out->confidence = conf < 0 ? 0 : conf > 1 ? 1 : conf;
	if (r != SIZE_MAX) {
		out->runner_layer = m->layer[r];
		out->runner_subcat = m->subcat[r];
		/* on the scale of the confidence: its layer's P calibrated */
		out->runner_confidence = m->calibrated && rlp > 0
						 ? classify_calibrated(m->calib_a, m->calib_b, rlp) * p[r] / rlp
						 : p[r];
	} else {
		out->runner_layer = out->runner_subcat = "";
	}
	return SW_OK;
}

sw_err sw_classify_predict(const struct sw_classify_model *m, const struct sw_classify_input *in,
			   struct sw_classify_result *out, struct sw_error *err)
{
	return classify_predict(m, in, NULL, out, err);
}

sw_err classify_predict(const struct sw_classify_model *m, const struct sw_classify_input *in,
			struct classify_memo *memo, struct sw_classify_result *out, struct sw_error *err)
{
	struct classify_fbag b = {.model = m};
	struct classify_rows *rows = memo ? classify_memo_rows(memo) : NULL;
	sw_err e = rows && rows->model != m ? rows_build(m, rows) : SW_OK;
	if (!e)
		e = classify_extract(&m->lex, in, memo, &b);
	double *p = NULL;
	if (!e && !(p = malloc(m->nclass * sizeof *p)))
		e = SW_ENOMEM;
	if (!e)
		e = predict_bag(m, rows, &b, out, p);
	free(p);
	classify_bag_release(&b);
	if (e)
		return sw_error_set(err, e, "classifying %s: %s", in->repo ? in->repo : "?", sw_error_str(e));
	return SW_OK;
}

/* ------------------------------------------------------------------ explain */

struct contrib {
	size_t i;
	double v, r;
};
static int cmp_contrib(const void *a, const void *b)
{
	const struct contrib *x = a, *y = b;
	if (x->v != y->v)
		return x->v > y->v ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

static size_t class_index(const struct sw_classify_model *m, const char *layer, const char *subcat)
{
	for (size_t c = 0; c < m->nclass; c++)
		if (m->layer[c] == layer && m->subcat[c] == subcat)
			return c;
	return 0;
}

/* The contributions of the features (all the model's) to class c and
 * runner r, strongest for c first, into cs; returns how many. */
static size_t contributions(const struct sw_classify_model *m, const struct classify_fbag *b, size_t c, size_t r,
			    struct contrib *cs)
{
	size_t k = 0;
	for (size_t i = 0; i < b->n; i++) {
		const double *w = m->w + b->f[i].off * m->nclass;
		cs[k].i = i;
		cs[k].v = b->f[i].val * w[c];
		cs[k].r = b->f[i].val * w[r];
		k++;
	}
	qsort(cs, k, sizeof *cs, cmp_contrib);
	return k;
}

/* Table "explain": the `limit` strongest contributions, then the class
 * prior. cs: room for every feature of b. */
static sw_err explain_table(const struct sw_classify_model *m, const struct classify_fbag *b,
			    const struct sw_classify_result *res, size_t limit, struct contrib *cs,
			    struct sw_table **out)
{
	size_t c = class_index(m, res->layer, res->subcat);
	size_t r = res->runner_layer && *res->runner_layer ? class_index(m, res->runner_layer, res->runner_subcat)
							   : c;
	size_t k = contributions(m, b, c, r, cs);
	static const char *const h[] = {"feature", "weight", "runner_up_weight"};
	struct sw_table *t = sw_table_new("explain", "Evidence (contribution to the predicted class)", 3, h);
	*out = t;
	if (!t)
		return SW_ENOMEM;
	sw_err e = SW_OK;
	for (size_t j = 0; j < k && j < limit && !e; j++) {
		e = sw_table_add_row(t);
		if (!e)
			e = sw_table_str(t, 0, classify_bag_name(b, cs[j].i));
		if (!e)
			e = sw_table_num(t, 1, cs[j].v, 3);
		if (!e)
			e = sw_table_num(t, 2, cs[j].r, 3);
	}
	if (!e)
		e = sw_table_add_row(t);
	if (!e)
		e = sw_table_str(t, 0, "(class prior)");
	if (!e)
		e = sw_table_num(t, 1, m->bias[c], 3);
	if (!e)
		e = sw_table_num(t, 2, m->bias[r], 3);
	return e;
}

sw_err sw_classify_explain(const struct sw_classify_model *m, const struct sw_classify_input *in, size_t limit,
			   struct sw_classify_result *res, struct sw_table **out, struct sw_error *err)
{
	*out = NULL;
	if (!limit)
		limit = 12;
	struct classify_fbag b = {.model = m};
	sw_err e = classify_extract(&m->lex, in, NULL, &b);
	double *p = NULL;
	struct contrib *cs = NULL;
	struct sw_table *t = NULL;
	if (!e) {
		p = malloc(m->nclass * sizeof *p);
		cs = malloc((b.n + 1) * sizeof *cs);
		if (!p || !cs)
			e = SW_ENOMEM;
	}
	if (!e)
		e = predict_bag(m, NULL, &b, res, p);
	if (!e)
		e = explain_table(m, &b, res, limit, cs, &t);
	free(p);
	free(cs);
	classify_bag_release(&b);
	if ((e = sw_table_give(t, e, out)))
		return sw_error_set(err, e, "explaining %s: %s", in->repo ? in->repo : "?", sw_error_str(e));
	return SW_OK;
}
