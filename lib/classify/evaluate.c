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
	sw_table_free(ev->reliability);
	sw_table_free(ev->inputs);
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

/* One evaluation's working arrays, n entries each unless told: the n
 * scored examples come first, then nextra that are only ever trained on. */
struct work {
	size_t n, nextra;
	size_t *fold, *perm;
	struct sw_classify_example *train;
	char **pl, **ps;            /* predicted layer, subcat */
	double *conf;               /* predicted confidence */
	double *lconf;              /* predicted layer's probability */
	const char **tl;            /* true layer */
	char **jt, **jp;            /* "layer/subcat": true, predicted */
	const char **tj, **pj;      /* the same, as const */
	const char **labels;        /* distinct labels (2n) */
	double *prec, *rec, *f1;    /* per distinct layer */
	size_t *sup;
	size_t okl, okj;            /* correct layer, layer and subcat */
	size_t cov, covl, covj;     /* the same above the default threshold */
	size_t nl;                  /* distinct true layers */
};

static sw_err work_init(struct work *w, size_t n, size_t nextra, struct sw_error *err)
{
	*w = (struct work){.n = n, .nextra = nextra};
	w->fold = malloc(n * sizeof *w->fold);
	w->perm = malloc(n * sizeof *w->perm);
	w->train = malloc((n + nextra) * sizeof *w->train);
	w->pl = calloc(n, sizeof *w->pl);
	w->ps = calloc(n, sizeof *w->ps);
	w->tl = malloc(n * sizeof *w->tl);
	w->tj = malloc(n * sizeof *w->tj);
	w->pj = malloc(n * sizeof *w->pj);
	w->labels = malloc(2 * n * sizeof *w->labels);
	w->jt = calloc(n, sizeof *w->jt);
	w->jp = calloc(n, sizeof *w->jp);
	w->conf = calloc(n, sizeof *w->conf);
	w->lconf = calloc(n, sizeof *w->lconf);
	if (!w->lconf || !w->fold || !w->perm || !w->train || !w->pl || !w->ps || !w->tl || !w->tj || !w->pj || !w->labels ||
	    !w->jt || !w->jp || !w->conf)
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	return SW_OK;
}

static void work_release(struct work *w)
{
	for (size_t i = 0; i < w->n; i++) {
		if (w->pl && w->ps)
			free(w->pl[i]), free(w->ps[i]);
		if (w->jt && w->jp)
			free(w->jt[i]), free(w->jp[i]);
	}
	free(w->jt);
	free(w->jp);
	free(w->conf);
	free(w->lconf);
	free(w->fold);
	free(w->perm);
	free(w->train);
	free(w->pl);
	free(w->ps);
	free(w->tl);
	free(w->tj);
	free(w->pj);
	free(w->labels);
	free(w->prec);
	free(w->rec);
	free(w->f1);
	free(w->sup);
}

/* Fixed-seed Fisher-Yates (xorshift64), then round-robin folds. */
static void assign_folds(struct work *w, size_t folds, uint64_t seed)
{
	size_t n = w->n;
	/* Seed 0 keeps the historical folds; xorshift needs a nonzero state. */
	uint64_t st = FOLD_SEED + seed * 0x9e3779b97f4a7c15ULL;
	if (!st)
		st = FOLD_SEED;
	for (size_t i = 0; i < n; i++)
		w->perm[i] = i;
	for (size_t i = n; i > 1; i--) {
		st ^= st << 13;
		st ^= st >> 7;
		st ^= st << 17;
		size_t j = (size_t)(st % i);
		size_t t = w->perm[i - 1];
		w->perm[i - 1] = w->perm[j];
		w->perm[j] = t;
	}
	for (size_t i = 0; i < n; i++)
		w->fold[w->perm[i]] = i % folds;
}

/* A model trained on every fold but f, and on the extra examples. */
static sw_err train_fold(const struct sw_classify_example *ex, size_t f, const char *lexicon, struct work *w,
			 struct sw_classify_model **m, struct sw_error *err)
{
	size_t k = 0;
	for (size_t i = 0; i < w->n; i++)
		if (w->fold[i] != f)
			w->train[k++] = ex[i];
	for (size_t i = w->n; i < w->n + w->nextra; i++)
		w->train[k++] = ex[i];
	return sw_classify_train(w->train, k, lexicon, m, err);
}

/* m's predictions for the repos of fold f. */
static sw_err predict_fold(const struct sw_classify_example *ex, size_t f, const struct sw_classify_model *m,
			   struct work *w, struct sw_error *err)
{
	struct classify_memo *memo = classify_memo_new();
	sw_err e = memo ? SW_OK : sw_error_set(err, SW_ENOMEM, "out of memory");
	for (size_t i = 0; i < w->n && !e; i++) {
		if (w->fold[i] != f)
			continue;
		struct sw_classify_result r;
		if (!(e = classify_predict(m, &ex[i].in, memo, &r, err))) {
			w->pl[i] = sw_str_dup(r.layer);
			w->ps[i] = sw_str_dup(r.subcat);
			w->conf[i] = r.confidence;
			w->lconf[i] = r.layer_confidence;
			if (!w->pl[i] || !w->ps[i])
				e = sw_error_set(err, SW_ENOMEM, "out of memory");
		}
	}
	classify_memo_free(memo);
	return e;
}

/* The repos' P(layer) through one Platt map (calibrate.c) fitted on all
 * of them: out-of-fold scores, as the shipped model's map is fitted on
 * the out-of-fold scores of its training repos. One map keeps the order
 * of the repos, so the precision and coverage figures are those of the
 * raw P(layer); the joint confidence keeps its P(subcat | layer). */
static sw_err calibrate_pooled(const struct sw_classify_example *ex, struct work *w, struct sw_error *err)
{
	size_t n = w->n;
	bool *ok = malloc((n ? n : 1) * sizeof *ok);
	if (!ok)
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++)
		ok[i] = !strcmp(w->pl[i], ex[i].layer);
	double a, b;
	classify_platt_fit(w->lconf, ok, n, &a, &b);
	for (size_t i = 0; i < n; i++) {
		double q = classify_calibrated(a, b, w->lconf[i]);
		w->conf[i] = w->lconf[i] > 0 ? q * w->conf[i] / w->lconf[i] : 0;
		w->lconf[i] = q;
	}
	free(ok);
	return SW_OK;
}

static sw_err cross_validate(const struct sw_classify_example *ex, size_t folds, const char *lexicon,
			     struct work *w, struct sw_error *err)
{
	sw_err e = SW_OK;
	struct sw_progress prog;
	sw_progress_init(&prog, stderr, "cross-validating", folds);
	for (size_t f = 0; f < folds && !e; f++) {
		struct sw_classify_model *m = NULL;
		if ((e = train_fold(ex, f, lexicon, w, &m, err)))
			break;
		e = predict_fold(ex, f, m, w, err);
		sw_classify_model_free(m);
		sw_progress_update(&prog, f + 1);
	}
	sw_progress_finish(&prog);
	return e;
}

/* Hits, the "layer/subcat" labels, and the figures of out. */
static sw_err score(const struct sw_classify_example *ex, struct work *w, struct sw_classify_eval *out,
		    struct sw_error *err)
{
	size_t n = w->n;
	for (size_t i = 0; i < n; i++) {
		w->tl[i] = ex[i].layer;
		bool l = !strcmp(w->pl[i], ex[i].layer);
		bool j = l && !strcmp(w->ps[i], classify_nz(ex[i].subcat));
		w->okl += l;
		w->okj += j;
		/* How the default threshold would split automatic vs needs review. */
		if (w->lconf[i] >= SW_CLASSIFY_DEFAULT_THRESHOLD) {
			w->cov++;
			w->covl += l;
			w->covj += j;
		}
		size_t a = strlen(ex[i].layer) + strlen(classify_nz(ex[i].subcat)) + 2;
		size_t b = strlen(w->pl[i]) + strlen(w->ps[i]) + 2;
		if (!(w->jt[i] = malloc(a)) || !(w->jp[i] = malloc(b)))
			return sw_error_set(err, SW_ENOMEM, "out of memory");
		snprintf(w->jt[i], a, "%s/%s", ex[i].layer, classify_nz(ex[i].subcat));
		snprintf(w->jp[i], b, "%s/%s", w->pl[i], w->ps[i]);
		w->tj[i] = w->jt[i];
		w->pj[i] = w->jp[i];
	}
	out->layer_accuracy = (double)w->okl / (double)n;
	out->joint_accuracy = (double)w->okj / (double)n;
	size_t nj = distinct(w->tj, n, w->labels);
	out->joint_macro_f1 = macro_f1(w->tj, w->pj, n, w->labels, nj, NULL, NULL, NULL, NULL);
	size_t nl = w->nl = distinct(w->tl, n, w->labels);
	w->prec = malloc((nl + 1) * sizeof *w->prec);
	w->rec = malloc((nl + 1) * sizeof *w->rec);
	w->f1 = malloc((nl + 1) * sizeof *w->f1);
	w->sup = malloc((nl + 1) * sizeof *w->sup);
	if (!w->prec || !w->rec || !w->f1 || !w->sup)
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	out->layer_macro_f1 =
		macro_f1(w->tl, (const char *const *)w->pl, n, w->labels, nl, w->prec, w->rec, w->f1, w->sup);
	return SW_OK;
}

/* The three empty tables of out. */
static sw_err new_tables(const struct work *w, struct sw_classify_eval *out, struct sw_error *err)
{
	static const char *const hs[] = {"metric", "value"};
	static const char *const hp[] = {"layer", "support", "precision", "recall", "f1"};
	out->summary = sw_table_new("evaluation", "Cross-validation", 2, hs);
	out->per_layer = sw_table_new("per_layer", "Per layer", 5, hp);
	const char **hc = malloc((w->nl + 1) * sizeof *hc);
	if (hc) {
		hc[0] = "actual \\ predicted";
		memcpy(hc + 1, w->labels, w->nl * sizeof *hc);
		out->confusion = sw_table_new("confusion", "Confusion matrix (layers)", w->nl + 1, hc);
		free(hc);
	}
	if (!out->summary || !out->per_layer || !out->confusion)
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	return SW_OK;
}

/* Table "evaluation": metric, value. */
static sw_err summary_rows(const struct sw_classify_example *ex, const struct work *w,
			   struct sw_classify_eval *out)
{
	size_t n = w->n, with_topics = 0, with_readme = 0;
	for (size_t i = 0; i < n; i++) {
		with_topics += ex[i].in.topics && *ex[i].in.topics;
		with_readme += ex[i].in.readme && ex[i].in.readme_len;
	}
	struct {
		const char *name;
		double v;
	} rows[] = {{"repos", (double)n},
		    {"folds", (double)out->folds},
		    /* which optional inputs the figures rest on */
		    {"repos_with_topics", (double)with_topics},
		    {"repos_with_readme", (double)with_readme},
		    {"layer_accuracy", out->layer_accuracy},
		    {"layer_subcat_accuracy", out->joint_accuracy},
		    {"layer_macro_f1", out->layer_macro_f1},
		    {"layer_subcat_macro_f1", out->joint_macro_f1},
		    {"share_above_threshold", (double)w->cov / (double)n},
		    {"layer_accuracy_above_threshold", w->cov ? (double)w->covl / (double)w->cov : NAN},
		    {"layer_subcat_accuracy_above_threshold", w->cov ? (double)w->covj / (double)w->cov : NAN},
		    /* the lowest threshold meeting the trusted-label precision here */
		    {"trusted_threshold", out->trust_threshold},
		    {"coverage_at_trusted_threshold", out->trust_coverage},
		    {"layer_precision_at_trusted_threshold", out->trust_precision},
		    {"layer_subcat_precision_at_trusted_threshold", out->trust_joint_precision},
		    {"layer_precision_of_most_confident_half", out->half_precision}};
	sw_err e = SW_OK;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0] && !e; i++) {
		e = sw_table_add_row(out->summary);
		if (!e)
			e = sw_table_str(out->summary, 0, rows[i].name);
		if (!e)
			e = i < 4 ? sw_table_int(out->summary, 1, (int64_t)rows[i].v)
				  : sw_table_num(out->summary, 1, rows[i].v, 3);
	}
	return e;
}

/* Tables "per_layer" (layer, support, precision, recall, f1) and
 * "confusion" (actual layer x predicted layer counts). */
static sw_err layer_rows(const struct work *w, struct sw_classify_eval *out)
{
	sw_err e = SW_OK;
	for (size_t l = 0; l < w->nl && !e; l++) {
		e = sw_table_add_row(out->per_layer);
		if (!e) e = sw_table_str(out->per_layer, 0, w->labels[l]);
		if (!e) e = sw_table_int(out->per_layer, 1, (int64_t)w->sup[l]);
		if (!e) e = sw_table_num(out->per_layer, 2, w->prec[l], 3);
		if (!e) e = sw_table_num(out->per_layer, 3, w->rec[l], 3);
		if (!e) e = sw_table_num(out->per_layer, 4, w->f1[l], 3);
		if (!e) e = sw_table_add_row(out->confusion);
		if (!e) e = sw_table_str(out->confusion, 0, w->labels[l]);
		for (size_t q = 0; q < w->nl && !e; q++) {
			int64_t cnt = 0;
			for (size_t i = 0; i < w->n; i++)
				cnt += !strcmp(w->tl[i], w->labels[l]) && !strcmp(w->pl[i], w->labels[q]);
			e = sw_table_int(out->confusion, q + 1, cnt);
		}
	}
	return e;
}

/* A repo's place when ranked by layer confidence. */
struct ranked {
	double c;
	size_t i;
	bool ok, okj; /* layer right; layer and subcategory right */
};

static int cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->c != y->c)
		return x->c > y->c ? -1 : 1;
	return (x->i > y->i) - (x->i < y->i);
}

/* The repos, most confident layer first (index order among equals). */
static struct ranked *rank_repos(const struct sw_classify_example *ex, const struct work *w)
{
	struct ranked *r = malloc((w->n ? w->n : 1) * sizeof *r);
	if (!r)
		return NULL;
	for (size_t i = 0; i < w->n; i++) {
		r[i] = (struct ranked){.c = w->lconf[i], .i = i, .ok = !strcmp(w->pl[i], ex[i].layer)};
		r[i].okj = r[i].ok && !strcmp(w->ps[i], classify_nz(ex[i].subcat));
	}
	qsort(r, w->n, sizeof *r, cmp_ranked);
	return r;
}

/* The lowest layer confidence whose repos at or above it have a layer
 * precision of at least SW_CLASSIFY_TRUST_PRECISION (1 when none has), with
 * the coverage and precisions there; and the precision of the most
 * confident half (ties cut by index order, as the ranking is). */
static void trust_threshold(const struct ranked *r, size_t n, struct sw_classify_eval *out)
{
	size_t hits = 0, hitsj = 0, best = 0, besth = 0, besthj = 0;
	for (size_t k = 1; k <= n; k++) {
		hits += r[k - 1].ok;
		hitsj += r[k - 1].okj;
		bool edge = k == n || r[k].c < r[k - 1].c; /* equal confidences go together */
		if (edge && (double)hits >= SW_CLASSIFY_TRUST_PRECISION * (double)k)
			best = k, besth = hits, besthj = hitsj;
	}
	size_t half = (n + 1) / 2, hh = 0;
	for (size_t k = 0; k < half; k++)
		hh += r[k].ok;
	out->half_precision = half ? (double)hh / (double)half : NAN;
	out->trust_threshold = best ? r[best - 1].c : 1;
	out->trust_coverage = n ? (double)best / (double)n : 0;
	out->trust_precision = best ? (double)besth / (double)best : NAN;
	out->trust_joint_precision = best ? (double)besthj / (double)best : NAN;
}

/* Table "reliability": the repos in ten equal groups by layer confidence,
 * most confident first: the confidence range and mean against the layer
 * accuracy (a calibrated confidence matches it), and coverage and
 * precision from the top down to the group's end. */
static sw_err reliability_rows(const struct ranked *r, size_t n, struct sw_table *t)
{
	sw_err e = SW_OK;
	size_t hits = 0;
	for (size_t d = 0, from = 0; d < 10 && !e; d++) {
		size_t to = n * (d + 1) / 10, ok = 0;
		double sum = 0;
		for (size_t k = from; k < to; k++)
			ok += r[k].ok, sum += r[k].c;
		hits += ok;
		size_t m = to - from;
		if (!m)
			continue;
		e = sw_table_add_row(t);
		if (!e) e = sw_table_int(t, 0, (int64_t)d + 1);
		if (!e) e = sw_table_int(t, 1, (int64_t)m);
		if (!e) e = sw_table_num(t, 2, r[to - 1].c, 3);
		if (!e) e = sw_table_num(t, 3, sum / (double)m, 3);
		if (!e) e = sw_table_num(t, 4, (double)ok / (double)m, 3);
		if (!e) e = sw_table_num(t, 5, (double)to / (double)n, 3);
		if (!e) e = sw_table_num(t, 6, (double)hits / (double)to, 3);
		from = to;
	}
	return e;
}

/* The trusted-label threshold and table "reliability". */
static sw_err confidence_figures(const struct sw_classify_example *ex, const struct work *w,
				 struct sw_classify_eval *out)
{
	static const char *const h[] = {"decile",   "repos",         "min_confidence", "mean_confidence",
					"layer_accuracy", "coverage_to_here", "layer_precision_to_here"};
	struct ranked *r = rank_repos(ex, w);
	out->reliability = sw_table_new("reliability", "Reliability of the layer confidence (deciles, most confident first)", 7, h);
	sw_err e = r && out->reliability ? SW_OK : SW_ENOMEM;
	if (!e) {
		trust_threshold(r, w->n, out);
		e = reliability_rows(r, w->n, out->reliability);
	}
	free(r);
	return e;
}

sw_err sw_classify_evaluate(const struct sw_classify_example *ex, size_t n, size_t folds, const char *lexicon,
			    struct sw_classify_eval *out, struct sw_error *err)
{
	return sw_classify_evaluate_seeded(ex, n, folds, 0, lexicon, out, err);
}

/* One cross-validation of ex[0..n) into out (tables "inputs" aside);
 * ex[n..n + nextra) are in every fold's training set. */
static sw_err evaluate_once(const struct sw_classify_example *ex, size_t n, size_t nextra, size_t folds,
			    uint64_t seed, const char *lexicon, struct sw_classify_eval *out, struct sw_error *err)
{
	struct work w;
	sw_err e = work_init(&w, n, nextra, err);
	if (!e) {
		assign_folds(&w, folds, seed);
		e = cross_validate(ex, folds, lexicon, &w, err);
	}
	if (!e)
		e = calibrate_pooled(ex, &w, err);
	if (!e) {
		out->n = n;
		out->folds = folds;
		e = score(ex, &w, out, err);
	}
	if (!e)
		e = new_tables(&w, out, err);
	if (!e && ((e = confidence_figures(ex, &w, out)) || (e = summary_rows(ex, &w, out)) ||
		   (e = layer_rows(&w, out))))
		sw_error_set(err, e, "building the evaluation tables: %s", sw_error_str(e));
	work_release(&w);
	return e;
}

/* A row of table "inputs": what the model read and its figures. */
static sw_err inputs_row(struct sw_table *t, const char *what, const struct sw_classify_eval *ev)
{
	sw_err e = sw_table_add_row(t);
	if (!e) e = sw_table_str(t, 0, what);
	if (!e) e = sw_table_int(t, 1, (int64_t)ev->n);
	if (!e) e = sw_table_num(t, 2, ev->layer_accuracy, 3);
	if (!e) e = sw_table_num(t, 3, ev->joint_accuracy, 3);
	if (!e) e = sw_table_num(t, 4, ev->layer_macro_f1, 3);
	if (!e) e = sw_table_num(t, 5, ev->trust_threshold, 3);
	if (!e) e = sw_table_num(t, 6, ev->trust_coverage, 3);
	return e;
}

/* Table "inputs": the same folds with the READMEs left out, then as given,
 * side by side. */
static sw_err readme_comparison(const struct sw_classify_example *ex, size_t n, size_t nextra, size_t folds,
				uint64_t seed, const char *lexicon, struct sw_classify_eval *out, struct sw_error *err)
{
	static const char *const h[] = {"inputs", "repos", "layer_accuracy", "layer_subcat_accuracy",
					"layer_macro_f1", "trusted_threshold", "coverage_at_trusted_threshold"};
	struct sw_classify_example *bare = malloc((n + nextra) * sizeof *bare);
	if (!bare)
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	for (size_t i = 0; i < n + nextra; i++) {
		bare[i] = ex[i];
		bare[i].in.readme = NULL;
		bare[i].in.readme_len = 0;
	}
	struct sw_classify_eval without = {0};
	sw_err e = evaluate_once(bare, n, nextra, folds, seed, lexicon, &without, err);
	if (!e && !(out->inputs = sw_table_new("inputs", "With and without READMEs (same folds)", 7, h)))
		e = sw_error_set(err, SW_ENOMEM, "out of memory");
	if (!e && ((e = inputs_row(out->inputs, "name+description", &without)) ||
		   (e = inputs_row(out->inputs, "name+description+README", out))))
		sw_error_set(err, e, "building the evaluation tables: %s", sw_error_str(e));
	sw_classify_eval_release(&without);
	free(bare);
	return e;
}

sw_err sw_classify_evaluate_seeded(const struct sw_classify_example *ex, size_t n, size_t folds, uint64_t seed,
				   const char *lexicon, struct sw_classify_eval *out, struct sw_error *err)
{
	return sw_classify_evaluate_scored(ex, n, NULL, folds, seed, lexicon, out, err);
}

/* The scored examples of ex, in order, then the others, into out; how
 * many are scored. */
static size_t scored_first(const struct sw_classify_example *ex, size_t n, const bool *scored,
			   struct sw_classify_example *out)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!scored || scored[i])
			out[k++] = ex[i];
	for (size_t i = 0, j = k; i < n; i++)
		if (scored && !scored[i])
			out[j++] = ex[i];
	return k;
}

sw_err sw_classify_evaluate_scored(const struct sw_classify_example *ex, size_t n, const bool *scored,
				   size_t folds, uint64_t seed, const char *lexicon, struct sw_classify_eval *out,
				   struct sw_error *err)
{
	memset(out, 0, sizeof *out);
	struct sw_classify_example *all = malloc((n ? n : 1) * sizeof *all);
	if (!all)
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	size_t ns = scored_first(ex, n, scored, all);
	sw_err e = SW_OK;
	if (folds < 2 || folds > ns)
		e = sw_error_set(err, SW_EINVAL, "--folds must be between 2 and the number of repos scored (%zu)", ns);
	if (!e)
		e = evaluate_once(all, ns, n - ns, folds, seed, lexicon, out, err);
	bool readmes = false;
	for (size_t i = 0; i < n; i++)
		readmes |= ex[i].in.readme && ex[i].in.readme_len;
	if (!e && readmes)
		e = readme_comparison(all, ns, n - ns, folds, seed, lexicon, out, err);
	if (e)
		sw_classify_eval_release(out);
	free(all);
	return e;
}
