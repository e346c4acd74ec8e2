/* train.c: training. Classes are the distinct (layer, subcategory) pairs
 * of the examples, sorted; the vocabulary is every feature seen in at
 * least 2 examples plus every lexicon label. Each weight is a class part
 * plus a part shared by the layer's subcategories; lexicon hits are
 * regularised towards a positive prior on their label. Training is
 * full-batch Adam on the mean cross-entropy with L2, in a fixed order from
 * fixed starting weights, so it is deterministic. */
#include "classify_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Training settings, chosen by 10-fold CV on the curated list (docs/classify.md). */
#define TRAIN_ITERS 250
#define TRAIN_LR 0.05
#define TRAIN_L2 3e-3        /* pull of class weights towards their prior */
#define TRAIN_L2_LAYER 3e-3  /* pull of shared layer weights towards 0 */
#define LEX_PRIOR 2.0        /* prior weight of a lexicon hit on its label */

struct sparse {
	size_t *id;
	double *val;
	size_t n;
};

static int cmp_class(const void *a, const void *b)
{
	const char *const *x = a, *const *y = b;
	int c = strcmp(x[0], y[0]);
	return c ? c : strcmp(x[1], y[1]);
}

sw_err sw_classify_train(const struct sw_classify_example *ex, size_t n, const char *lexicon,
			 struct sw_classify_model **out, struct sw_error *err)
{
	*out = NULL;
	if (n < 2)
		return sw_error_set(err, SW_EINVAL, "training needs at least 2 labelled repos, got %zu", n);
	struct sw_classify_model *m = calloc(1, sizeof *m);
	struct classify_fbag *bags = calloc(n, sizeof *bags);
	const char **pairs = malloc(2 * n * sizeof *pairs);
	struct sparse *xs = calloc(n, sizeof *xs);
	size_t *y = malloc(n * sizeof *y);
	const char **all = NULL;
	double *w0 = NULL, *g = NULL, *gb = NULL, *mw = NULL, *vw = NULL, *mb = NULL, *vb = NULL, *p = NULL;
	sw_err e = SW_OK;
	if (!m || !bags || !pairs || !xs || !y) {
		e = sw_error_set(err, SW_ENOMEM, "out of memory");
		goto done;
	}
	if ((e = classify_lexicon_parse("classifier lexicon", lexicon ? lexicon : classify_lexicon_default(), &m->lex, err)))
		goto done;
	m->nexamples = n;
	/* Classes: distinct (layer, subcat), sorted. */
	for (size_t i = 0; i < n; i++) {
		if (!ex[i].layer || !*ex[i].layer) {
			e = sw_error_set(err, SW_EINVAL, "training example %s has no layer", classify_nz(ex[i].in.repo));
			goto done;
		}
		pairs[2 * i] = ex[i].layer;
		pairs[2 * i + 1] = classify_nz(ex[i].subcat);
	}
	qsort(pairs, n, 2 * sizeof *pairs, cmp_class);
	size_t C = 0;
	for (size_t i = 0; i < n; i++)
		if (!i || cmp_class(&pairs[2 * i], &pairs[2 * (i - 1)]))
			pairs[2 * C] = pairs[2 * i], pairs[2 * C + 1] = pairs[2 * i + 1], C++;
	if (C < 2 || C > CLASSIFY_MAX_CLASSES) {
		e = sw_error_set(err, SW_EINVAL, "training needs between 2 and %d classes, got %zu", CLASSIFY_MAX_CLASSES, C);
		goto done;
	}
	m->layer = calloc(C, sizeof *m->layer);
	m->subcat = calloc(C, sizeof *m->subcat);
	if (!m->layer || !m->subcat) {
		e = sw_error_set(err, SW_ENOMEM, "out of memory");
		goto done;
	}
	m->nclass = C;
	for (size_t c = 0; c < C; c++)
		if (!(m->layer[c] = sw_str_dup(pairs[2 * c])) || !(m->subcat[c] = sw_str_dup(pairs[2 * c + 1]))) {
			e = sw_error_set(err, SW_ENOMEM, "out of memory");
			goto done;
		}
	if ((e = classify_build_layers(m))) {
		sw_error_set(err, e, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		const char *key[2] = {ex[i].layer, classify_nz(ex[i].subcat)};
		const char **hit = bsearch(key, pairs, C, 2 * sizeof *pairs, cmp_class);
		y[i] = (size_t)(hit - pairs) / 2;
	}
	/* Features and vocabulary: those seen in at least 2 training repos
	 * (a feature of one repo only would just memorise it). */
	size_t total = 0;
	for (size_t i = 0; i < n; i++) {
		if ((e = classify_extract(&m->lex, &ex[i].in, &bags[i]))) {
			sw_error_set(err, e, "features of %s: %s", classify_nz(ex[i].in.repo), sw_error_str(e));
			goto done;
		}
		total += bags[i].n;
	}
	all = malloc((total ? total : 1) * sizeof *all);
	if (!all) {
		e = sw_error_set(err, SW_ENOMEM, "out of memory");
		goto done;
	}
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < bags[i].n; j++)
			all[k++] = classify_bag_name(&bags[i], j);
	qsort(all, total, sizeof *all, classify_cmp_str);
	m->feat = malloc((total ? total : 1) * sizeof *m->feat);
	if (!m->feat) {
		e = sw_error_set(err, SW_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < total;) {
		size_t j = i + 1;
		while (j < total && !strcmp(all[i], all[j]))
			j++;
		if (j - i >= 2) {
			if (!(m->feat[m->nfeat] = sw_str_dup(all[i]))) {
				e = sw_error_set(err, SW_ENOMEM, "out of memory");
				goto done;
			}
			m->nfeat++;
		}
		i = j;
	}
	/* Every lexicon label is a feature even if rare in training: its
	 * prior weight (below) carries the domain knowledge to new repos. */
	if (m->lex.n) {
		char **nf = realloc(m->feat, (m->nfeat + m->lex.n + 1) * sizeof *nf);
		if (!nf) {
			e = sw_error_set(err, SW_ENOMEM, "out of memory");
			goto done;
		}
		m->feat = nf;
		size_t before = m->nfeat;
		for (size_t l = 0; l < m->lex.n; l++) {
			size_t ln = strlen(m->lex.e[l].label) + 9;
			char *f = malloc(ln);
			if (!f) {
				e = sw_error_set(err, SW_ENOMEM, "out of memory");
				goto done;
			}
			snprintf(f, ln, "lexicon:%s", m->lex.e[l].label);
			bool dup = false;
			for (size_t q = 0; q < m->nfeat && !dup; q++)
				dup = !strcmp(m->feat[q], f);
			if (dup)
				free(f);
			else
				m->feat[m->nfeat++] = f;
		}
		if (m->nfeat != before)
			qsort(m->feat, m->nfeat, sizeof *m->feat, classify_cmp_str);
	}
	if ((e = classify_build_index(m))) {
		sw_error_set(err, e, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		xs[i].id = malloc((bags[i].n ? bags[i].n : 1) * sizeof *xs[i].id);
		xs[i].val = malloc((bags[i].n ? bags[i].n : 1) * sizeof *xs[i].val);
		if (!xs[i].id || !xs[i].val) {
			e = sw_error_set(err, SW_ENOMEM, "out of memory");
			goto done;
		}
		for (size_t j = 0; j < bags[i].n; j++) {
			long id = classify_find_feat(m, classify_bag_name(&bags[i], j));
			if (id >= 0) {
				xs[i].id[xs[i].n] = (size_t)id;
				xs[i].val[xs[i].n++] = bags[i].f[j].val;
			}
		}
	}
	/* Full-batch Adam on mean cross-entropy + L2/2 |W|^2 (bias not decayed). */
	size_t W = m->nfeat * C;
	m->w = calloc(W ? W : 1, sizeof *m->w);
	m->bias = calloc(C, sizeof *m->bias);
	g = malloc((W ? W : 1) * sizeof *g);
	mw = calloc(W ? W : 1, sizeof *mw);
	vw = calloc(W ? W : 1, sizeof *vw);
	gb = malloc(C * sizeof *gb);
	mb = calloc(C, sizeof *mb);
	vb = calloc(C, sizeof *vb);
	p = malloc(C * sizeof *p);
	if (!m->w || !m->bias || !g || !mw || !vw || !gb || !mb || !vb || !p) {
		e = sw_error_set(err, SW_ENOMEM, "out of memory");
		goto done;
	}
	/* Prior: a lexicon hit for "Layer[/Subcat]" starts at (and is pulled
	 * towards) +LEX_PRIOR on the matching classes. */
	w0 = calloc(W ? W : 1, sizeof *w0);
	if (!w0) {
		e = sw_error_set(err, SW_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t f = 0; f < m->nfeat; f++) {
		if (strncmp(m->feat[f], "lexicon:", 8))
			continue;
		const char *lab = m->feat[f] + 8, *sl = strchr(lab, '/');
		size_t ll = sl ? (size_t)(sl - lab) : strlen(lab);
		for (size_t c = 0; c < C; c++)
			if (strlen(m->layer[c]) == ll && !strncmp(m->layer[c], lab, ll) &&
			    (!sl || !strcmp(m->subcat[c], sl + 1)))
				m->w[f * C + c] = w0[f * C + c] = LEX_PRIOR;
	}
	const double b1 = 0.9, b2 = 0.999, eps = 1e-8;
	double b1t = 1, b2t = 1;
	/* Weights are parametrised as W[f][c] = U[f][c] + V[f][layer(c)]: the
	 * shared layer part V lets subcategories of one layer pool their
	 * evidence, which matters with few examples per subcategory. */
	size_t L = m->nlayer, WV = m->nfeat * L;
	double *u = m->w, *v = calloc(WV ? WV : 1, sizeof *v), *gv = malloc((WV ? WV : 1) * sizeof *gv);
	double *mv = calloc(WV ? WV : 1, sizeof *mv), *vv = calloc(WV ? WV : 1, sizeof *vv);
	double *eff = malloc((W ? W : 1) * sizeof *eff);
	if (!v || !gv || !mv || !vv || !eff) {
		free(v), free(gv), free(mv), free(vv), free(eff);
		e = sw_error_set(err, SW_ENOMEM, "out of memory");
		goto done;
	}
	for (int it = 0; it < TRAIN_ITERS; it++) {
		for (size_t f = 0; f < m->nfeat; f++)
			for (size_t c = 0; c < C; c++)
				eff[f * C + c] = u[f * C + c] + v[f * L + m->class_layer[c]];
		memset(g, 0, W * sizeof *g);
		memset(gb, 0, C * sizeof *gb);
		for (size_t i = 0; i < n; i++) {
			for (size_t c = 0; c < C; c++)
				p[c] = m->bias[c];
			for (size_t j = 0; j < xs[i].n; j++) {
				const double *w = eff + xs[i].id[j] * C;
				for (size_t c = 0; c < C; c++)
					p[c] += xs[i].val[j] * w[c];
			}
			double mx = p[0], z = 0;
			for (size_t c = 1; c < C; c++)
				if (p[c] > mx)
					mx = p[c];
			for (size_t c = 0; c < C; c++)
				z += (p[c] = exp(p[c] - mx));
			for (size_t c = 0; c < C; c++)
				p[c] = (p[c] / z - (c == y[i])) / (double)n;
			for (size_t c = 0; c < C; c++)
				gb[c] += p[c];
			for (size_t j = 0; j < xs[i].n; j++) {
				double *gg = g + xs[i].id[j] * C;
				for (size_t c = 0; c < C; c++)
					gg[c] += xs[i].val[j] * p[c];
			}
		}
		for (size_t q = 0; q < WV; q++)
			gv[q] = TRAIN_L2_LAYER * v[q];
		for (size_t f = 0; f < m->nfeat; f++)
			for (size_t c = 0; c < C; c++)
				gv[f * L + m->class_layer[c]] += g[f * C + c];
		for (size_t q = 0; q < W; q++)
			g[q] += TRAIN_L2 * (u[q] - w0[q]);
		b1t *= b1;
		b2t *= b2;
		double lr = TRAIN_LR * sqrt(1 - b2t) / (1 - b1t);
		for (size_t q = 0; q < W; q++) {
			mw[q] = b1 * mw[q] + (1 - b1) * g[q];
			vw[q] = b2 * vw[q] + (1 - b2) * g[q] * g[q];
			u[q] -= lr * mw[q] / (sqrt(vw[q]) + eps);
		}
		for (size_t q = 0; q < WV; q++) {
			mv[q] = b1 * mv[q] + (1 - b1) * gv[q];
			vv[q] = b2 * vv[q] + (1 - b2) * gv[q] * gv[q];
			v[q] -= lr * mv[q] / (sqrt(vv[q]) + eps);
		}
		for (size_t c = 0; c < C; c++) {
			mb[c] = b1 * mb[c] + (1 - b1) * gb[c];
			vb[c] = b2 * vb[c] + (1 - b2) * gb[c] * gb[c];
			m->bias[c] -= lr * mb[c] / (sqrt(vb[c]) + eps);
		}
	}
	for (size_t f = 0; f < m->nfeat; f++)
		for (size_t c = 0; c < C; c++)
			u[f * C + c] += v[f * L + m->class_layer[c]];
	free(v), free(gv), free(mv), free(vv), free(eff);
done:
	if (bags)
		for (size_t i = 0; i < n; i++)
			classify_bag_release(&bags[i]);
	if (xs)
		for (size_t i = 0; i < n; i++) {
			free(xs[i].id);
			free(xs[i].val);
		}
	free(bags);
	free(xs);
	free(pairs);
	free(y);
	free(all);
	free(w0);
	free(g);
	free(gb);
	free(mw);
	free(vw);
	free(mb);
	free(vb);
	free(p);
	if (e) {
		sw_classify_model_free(m);
		return e;
	}
	*out = m;
	return SW_OK;
}
