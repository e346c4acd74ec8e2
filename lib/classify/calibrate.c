/* calibrate.c: the map from a model's P(layer) to the probability that
 * the layer is right. The raw P(layer) of a model that nearly fits its
 * training repos is too sure of itself (by 0.05-0.09 in the upper deciles
 * in cross-validation), so a threshold on it means less than it says.
 * The map is Platt's: q = 1 / (1 + exp(-(a * logit(p) + b))), fitted on
 * out-of-fold P(layer) of models that never saw the repos they score
 * (k-fold within the training repos), so that it is honest for new repos.
 * It is monotone: it changes what a confidence means, not the order of
 * the repos by it. The map itself (fit and use) is in predict.c, which
 * applies it. */
#include "classify_int.h"

#include <stdlib.h>

/* The out-of-fold P(layer) of ex (fold of repo i: i % folds) into p, and
 * whether that layer is right into ok. */
static sw_err out_of_fold(const struct sw_classify_example *ex, size_t n, size_t folds, const char *lexicon,
			  double *p, bool *ok, struct sw_error *err)
{
	struct sw_classify_example *tr = malloc(n * sizeof *tr);
	if (!tr)
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	sw_err e = SW_OK;
	for (size_t f = 0; f < folds && !e; f++) {
		size_t k = 0;
		for (size_t i = 0; i < n; i++)
			if (i % folds != f)
				tr[k++] = ex[i];
		struct sw_classify_model *m = NULL;
		e = sw_classify_train(tr, k, lexicon, &m, err);
		for (size_t i = f; i < n && !e; i += folds) {
			struct sw_classify_result r;
			if (!(e = sw_classify_predict(m, &ex[i].in, &r, err))) {
				p[i] = r.layer_confidence;
				ok[i] = !strcmp(r.layer, ex[i].layer);
			}
		}
		sw_classify_model_free(m);
	}
	free(tr);
	return e;
}

sw_err sw_classify_calibrate(struct sw_classify_model *m, const struct sw_classify_example *ex, size_t n,
			     size_t folds, const char *lexicon, struct sw_error *err)
{
	if (folds < 2 || folds > n)
		return sw_error_set(err, SW_EINVAL, "calibration needs between 2 and %zu folds", n);
	double *p = malloc(n * sizeof *p);
	bool *ok = malloc(n * sizeof *ok);
	sw_err e = p && ok ? SW_OK : sw_error_set(err, SW_ENOMEM, "out of memory");
	if (!e)
		e = out_of_fold(ex, n, folds, lexicon, p, ok, err);
	if (!e) {
		classify_platt_fit(p, ok, n, &m->calib_a, &m->calib_b);
		m->calibrated = true;
	}
	free(p);
	free(ok);
	return e;
}
