/* evaluate.c: k-fold cross-validation. Folds come from a fixed-seed
 * shuffle; each fold's model is trained on the other folds only
 * (vocabulary too) and predicts the fold's repos. */
#include "classify_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FOLD_SEED 0x5357434cULL

void sw_classify_eval_release(struct sw_classify_eval *ev)
{
	if (!ev)
		return;
	sw_table_free(ev->summary);
	sw_table_free(ev->per_layer);
	sw_table_free(ev->confusion);
	memset(ev, 0, sizeof *ev);
}

/* Macro-F1 over the labels present in the truth. */
static double macro_f1(const char *const *truth, const char *const *pred, size_t n, const char **labels,
		       size_t nl, double *prec, double *rec, double *f1, size_t *support)
{
	double sum = 0;
	for (size_t l = 0; l < nl; l++) {
		size_t tp = 0, fp = 0, fn = 0;
		for (size_t i = 0; i < n; i++) {
			bool t = !strcmp(truth[i], labels[l]), p = !strcmp(pred[i], labels[l]);
			tp += t && p;
			fp += !t && p;
			fn += t && !p;
		}
		double pr = tp + fp ? (double)tp / (double)(tp + fp) : 0;
		double rc = tp + fn ? (double)tp / (double)(tp + fn) : 0;
		double f = pr + rc > 0 ? 2 * pr * rc / (pr + rc) : 0;
		if (prec)
			prec[l] = pr, rec[l] = rc, f1[l] = f, support[l] = tp + fn;
		sum += f;
	}
	return nl ? sum / (double)nl : 0;
}

static size_t distinct(const char **v, size_t n, const char **out)
{
	const char **tmp = malloc((n ? n : 1) * sizeof *tmp);
	if (!tmp)
		return 0;
	memcpy(tmp, v, n * sizeof *tmp);
	qsort(tmp, n, sizeof *tmp, classify_cmp_str);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!k || strcmp(out[k - 1], tmp[i]))
			out[k++] = tmp[i];
	free(tmp);
	return k;
}

sw_err sw_classify_evaluate(const struct sw_classify_example *ex, size_t n, size_t folds, const char *lexicon,
			    struct sw_classify_eval *out, struct sw_error *err)
{
	return sw_classify_evaluate_seeded(ex, n, folds, 0, lexicon, out, err);
}

sw_err sw_classify_evaluate_seeded(const struct sw_classify_example *ex, size_t n, size_t folds, uint64_t seed,
				   const char *lexicon, struct sw_classify_eval *out, struct sw_error *err)
{
	memset(out, 0, sizeof *out);
	if (folds < 2 || folds > n)
		return sw_error_set(err, SW_EINVAL, "--folds must be between 2 and the number of labelled repos (%zu)", n);
	size_t *fold = malloc(n * sizeof *fold), *perm = malloc(n * sizeof *perm);
	struct sw_classify_example *train = malloc(n * sizeof *train);
	char **pl = calloc(n, sizeof *pl), **ps = calloc(n, sizeof *ps); /* predicted layer/subcat */
	const char **tl = malloc(n * sizeof *tl), **tj = malloc(n * sizeof *tj);
	const char **pj = malloc(n * sizeof *pj), **labels = malloc(2 * n * sizeof *labels);
	char **jt = calloc(n, sizeof *jt), **jp = calloc(n, sizeof *jp);
	double *conf = calloc(n, sizeof *conf);
	double *prec = NULL, *rec = NULL, *f1 = NULL;
	size_t *sup = NULL;
	sw_err e = SW_OK;
	if (!fold || !perm || !train || !pl || !ps || !tl || !tj || !pj || !labels || !jt || !jp || !conf) {
		e = sw_error_set(err, SW_ENOMEM, "out of memory");
		goto done;
	}
	/* Fixed-seed Fisher-Yates (xorshift64), then round-robin folds. */
	/* Seed 0 keeps the historical folds; xorshift needs a nonzero state. */
	uint64_t st = FOLD_SEED + seed * 0x9e3779b97f4a7c15ULL;
	if (!st)
		st = FOLD_SEED;
	for (size_t i = 0; i < n; i++)
		perm[i] = i;
	for (size_t i = n; i > 1; i--) {
		st ^= st << 13;
		st ^= st >> 7;
		st ^= st << 17;
		size_t j = (size_t)(st % i);
		size_t t = perm[i - 1];
		perm[i - 1] = perm[j];
		perm[j] = t;
	}
	for (size_t i = 0; i < n; i++)
		fold[perm[i]] = i % folds;
	struct sw_progress prog;
	sw_progress_init(&prog, stderr, "cross-validating", folds);
	for (size_t f = 0; f < folds && !e; f++) {
		size_t k = 0;
		for (size_t i = 0; i < n; i++)
			if (fold[i] != f)
				train[k++] = ex[i];
		struct sw_classify_model *m = NULL;
		if ((e = sw_classify_train(train, k, lexicon, &m, err)))
			break;
		for (size_t i = 0; i < n && !e; i++) {
			if (fold[i] != f)
				continue;
			struct sw_classify_result r;
			if (!(e = sw_classify_predict(m, &ex[i].in, &r, err))) {
				pl[i] = sw_str_dup(r.layer);
				ps[i] = sw_str_dup(r.subcat);
				conf[i] = r.confidence;
				if (!pl[i] || !ps[i])
					e = sw_error_set(err, SW_ENOMEM, "out of memory");
			}
		}
		sw_classify_model_free(m);
		sw_progress_update(&prog, f + 1);
	}
	sw_progress_finish(&prog);
	if (e)
		goto done;
	size_t okl = 0, okj = 0, cov = 0, covl = 0, covj = 0;
	for (size_t i = 0; i < n; i++) {
		tl[i] = ex[i].layer;
		bool l = !strcmp(pl[i], ex[i].layer);
		bool j = l && !strcmp(ps[i], classify_nz(ex[i].subcat));
		okl += l;
		okj += j;
		/* How the default threshold would split automatic vs needs review. */
		if (conf[i] >= SW_CLASSIFY_DEFAULT_THRESHOLD) {
			cov++;
			covl += l;
			covj += j;
		}
		size_t a = strlen(ex[i].layer) + strlen(classify_nz(ex[i].subcat)) + 2;
		size_t b = strlen(pl[i]) + strlen(ps[i]) + 2;
		if (!(jt[i] = malloc(a)) || !(jp[i] = malloc(b))) {
			e = sw_error_set(err, SW_ENOMEM, "out of memory");
			goto done;
		}
		snprintf(jt[i], a, "%s/%s", ex[i].layer, classify_nz(ex[i].subcat));
		snprintf(jp[i], b, "%s/%s", pl[i], ps[i]);
		tj[i] = jt[i];
		pj[i] = jp[i];
	}
	out->n = n;
	out->folds = folds;
	out->layer_accuracy = (double)okl / (double)n;
	out->joint_accuracy = (double)okj / (double)n;
	size_t nj = distinct(tj, n, labels);
	out->joint_macro_f1 = macro_f1(tj, pj, n, labels, nj, NULL, NULL, NULL, NULL);
	size_t nl = distinct(tl, n, labels);
	prec = malloc((nl + 1) * sizeof *prec);
	rec = malloc((nl + 1) * sizeof *rec);
	f1 = malloc((nl + 1) * sizeof *f1);
	sup = malloc((nl + 1) * sizeof *sup);
	if (!prec || !rec || !f1 || !sup) {
		e = sw_error_set(err, SW_ENOMEM, "out of memory");
		goto done;
	}
	out->layer_macro_f1 = macro_f1(tl, (const char *const *)pl, n, labels, nl, prec, rec, f1, sup);

	static const char *const hs[] = {"metric", "value"};
	static const char *const hp[] = {"layer", "support", "precision", "recall", "f1"};
	out->summary = sw_table_new("evaluation", "Cross-validation", 2, hs);
	out->per_layer = sw_table_new("per_layer", "Per layer", 5, hp);
	const char **hc = malloc((nl + 1) * sizeof *hc);
	if (hc) {
		hc[0] = "actual \\ predicted";
		memcpy(hc + 1, labels, nl * sizeof *hc);
		out->confusion = sw_table_new("confusion", "Confusion matrix (layers)", nl + 1, hc);
		free(hc);
	}
	if (!out->summary || !out->per_layer || !out->confusion) {
		e = sw_error_set(err, SW_ENOMEM, "out of memory");
		goto done;
	}
	size_t with_topics = 0, with_readme = 0;
	for (size_t i = 0; i < n; i++) {
		with_topics += ex[i].in.topics && *ex[i].in.topics;
		with_readme += ex[i].in.readme && ex[i].in.readme_len;
	}
	struct {
		const char *name;
		double v;
	} rows[] = {{"repos", (double)n},
		    {"folds", (double)folds},
		    /* which optional inputs the figures rest on */
		    {"repos_with_topics", (double)with_topics},
		    {"repos_with_readme", (double)with_readme},
		    {"layer_accuracy", out->layer_accuracy},
		    {"layer_subcat_accuracy", out->joint_accuracy},
		    {"layer_macro_f1", out->layer_macro_f1},
		    {"layer_subcat_macro_f1", out->joint_macro_f1},
		    {"share_above_threshold", (double)cov / (double)n},
		    {"layer_accuracy_above_threshold", cov ? (double)covl / (double)cov : NAN},
		    {"layer_subcat_accuracy_above_threshold", cov ? (double)covj / (double)cov : NAN}};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0] && !e; i++) {
		e = sw_table_add_row(out->summary);
		if (!e)
			e = sw_table_str(out->summary, 0, rows[i].name);
		if (!e)
			e = i < 4 ? sw_table_int(out->summary, 1, (int64_t)rows[i].v)
				  : sw_table_num(out->summary, 1, rows[i].v, 3);
	}
	for (size_t l = 0; l < nl && !e; l++) {
		e = sw_table_add_row(out->per_layer);
		if (!e) e = sw_table_str(out->per_layer, 0, labels[l]);
		if (!e) e = sw_table_int(out->per_layer, 1, (int64_t)sup[l]);
		if (!e) e = sw_table_num(out->per_layer, 2, prec[l], 3);
		if (!e) e = sw_table_num(out->per_layer, 3, rec[l], 3);
		if (!e) e = sw_table_num(out->per_layer, 4, f1[l], 3);
		if (!e) e = sw_table_add_row(out->confusion);
		if (!e) e = sw_table_str(out->confusion, 0, labels[l]);
		for (size_t q = 0; q < nl && !e; q++) {
			int64_t cnt = 0;
			for (size_t i = 0; i < n; i++)
				cnt += !strcmp(tl[i], labels[l]) && !strcmp(pl[i], labels[q]);
			e = sw_table_int(out->confusion, q + 1, cnt);
		}
	}
	if (e)
		sw_error_set(err, e, "building the evaluation tables: %s", sw_error_str(e));
done:
	if (pl)
		for (size_t i = 0; i < n; i++) {
			free(pl[i]);
			free(ps[i]);
		}
	if (jt)
		for (size_t i = 0; i < n; i++) {
			free(jt[i]);
			free(jp[i]);
		}
	free(jt);
	free(jp);
	free(conf);
	free(fold);
	free(perm);
	free(train);
	free(pl);
	free(ps);
	free(tl);
	free(tj);
	free(pj);
	free(labels);
	free(prec);
	free(rec);
	free(f1);
	free(sup);
	if (e)
		sw_classify_eval_release(out);
	return e;
}
