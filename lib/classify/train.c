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
#define ADAM_B1 0.9
#define ADAM_B2 0.999
#define ADAM_EPS 1e-8

/* The examples as the model sees them. */
struct sparse {
	size_t *id;   /* feature indexes */
	double *val;
	size_t n;
};
struct trainset {
	size_t n;
	struct classify_fbag *bags; /* features by name */
	struct sparse *xs;          /* the same by index, those the model has */
	size_t *y;                  /* class of each example */
};

static void trainset_release(struct trainset *ts)
{
	if (ts->bags)
		for (size_t i = 0; i < ts->n; i++)
			classify_bag_release(&ts->bags[i]);
	if (ts->xs)
		for (size_t i = 0; i < ts->n; i++) {
			free(ts->xs[i].id);
			free(ts->xs[i].val);
		}
	free(ts->bags);
	free(ts->xs);
	free(ts->y);
}

/* ------------------------------------------------------------------ classes */

/* Compares (layer, subcat) pairs. */
static int cmp_class(const void *a, const void *b)
{
	const char *const *x = a, *const *y = b;
	int c = strcmp(x[0], y[0]);
	return c ? c : strcmp(x[1], y[1]);
}

/* The distinct (layer, subcat) pairs of the examples, sorted, into
 * pairs[0..2 * *nclass). */
static sw_err distinct_classes(const struct sw_classify_example *ex, size_t n, const char **pairs,
			       size_t *nclass, struct sw_error *err)
{
	for (size_t i = 0; i < n; i++) {
		if (!ex[i].layer || !*ex[i].layer)
			return sw_error_set(err, SW_EINVAL, "training example %s has no layer",
					    classify_nz(ex[i].in.repo));
		pairs[2 * i] = ex[i].layer;
		pairs[2 * i + 1] = classify_nz(ex[i].subcat);
	}
	qsort(pairs, n, 2 * sizeof *pairs, cmp_class);
	size_t C = 0;
	for (size_t i = 0; i < n; i++)
		if (!i || cmp_class(&pairs[2 * i], &pairs[2 * (i - 1)]))
			pairs[2 * C] = pairs[2 * i], pairs[2 * C + 1] = pairs[2 * i + 1], C++;
	if (C < 2 || C > CLASSIFY_MAX_CLASSES)
		return sw_error_set(err, SW_EINVAL, "training needs between 2 and %d classes, got %zu",
				    CLASSIFY_MAX_CLASSES, C);
	*nclass = C;
	return SW_OK;
}

static sw_err set_classes(struct sw_classify_model *m, const char **pairs, size_t C, struct sw_error *err)
{
	m->layer = calloc(C, sizeof *m->layer);
	m->subcat = calloc(C, sizeof *m->subcat);
	if (!m->layer || !m->subcat)
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	m->nclass = C;
	for (size_t c = 0; c < C; c++)
		if (!(m->layer[c] = sw_str_dup(pairs[2 * c])) || !(m->subcat[c] = sw_str_dup(pairs[2 * c + 1])))
			return sw_error_set(err, SW_ENOMEM, "out of memory");
	sw_err e = classify_build_layers(m);
	if (e)
		return sw_error_set(err, e, "out of memory");
	return SW_OK;
}

/* The model's classes and layers, and the class of each example. */
static sw_err train_classes(struct sw_classify_model *m, const struct sw_classify_example *ex,
			    struct trainset *ts, struct sw_error *err)
{
	size_t n = ts->n, C = 0;
	const char **pairs = malloc(2 * n * sizeof *pairs);
	if (!pairs)
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	sw_err e = distinct_classes(ex, n, pairs, &C, err);
	if (!e)
		e = set_classes(m, pairs, C, err);
	for (size_t i = 0; i < n && !e; i++) {
		const char *key[2] = {ex[i].layer, classify_nz(ex[i].subcat)};
		const char **hit = bsearch(key, pairs, C, 2 * sizeof *pairs, cmp_class);
		ts->y[i] = (size_t)(hit - pairs) / 2;
	}
	free(pairs);
	return e;
}

/* --------------------------------------------------------------- vocabulary */

/* Features seen in at least 2 training repos (a feature of one repo only
 * would just memorise it), sorted. */
static sw_err frequent_features(struct sw_classify_model *m, const struct trainset *ts, size_t total,
				struct sw_error *err)
{
	const char **all = malloc((total ? total : 1) * sizeof *all);
	if (!all)
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	size_t k = 0;
	for (size_t i = 0; i < ts->n; i++)
		for (size_t j = 0; j < ts->bags[i].n; j++)
			all[k++] = classify_bag_name(&ts->bags[i], j);
	qsort(all, total, sizeof *all, classify_cmp_str);
	sw_err e = SW_OK;
	m->feat = malloc((total ? total : 1) * sizeof *m->feat);
	if (!m->feat)
		e = sw_error_set(err, SW_ENOMEM, "out of memory");
	for (size_t i = 0; i < total && !e;) {
		size_t j = i + 1;
		while (j < total && !strcmp(all[i], all[j]))
			j++;
		if (j - i >= 2) {
			if (!(m->feat[m->nfeat] = sw_str_dup(all[i])))
				e = sw_error_set(err, SW_ENOMEM, "out of memory");
			else
				m->nfeat++;
		}
		i = j;
	}
	free(all);
	return e;
}

/* Every lexicon label is a feature even if rare in training: its prior
 * weight (see set_prior) carries the domain knowledge to new repos. */
static sw_err lexicon_features(struct sw_classify_model *m, struct sw_error *err)
{
	if (!m->lex.n)
		return SW_OK;
	char **nf = realloc(m->feat, (m->nfeat + m->lex.n + 1) * sizeof *nf);
	if (!nf)
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	m->feat = nf;
	size_t before = m->nfeat;
	for (size_t l = 0; l < m->lex.n; l++) {
		size_t ln = strlen(m->lex.e[l].label) + 9;
		char *f = malloc(ln);
		if (!f)
			return sw_error_set(err, SW_ENOMEM, "out of memory");
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
	return SW_OK;
}

/* Each example's features as model indexes. */
static sw_err sparse_rows(const struct sw_classify_model *m, struct trainset *ts, struct sw_error *err)
{
	for (size_t i = 0; i < ts->n; i++) {
		const struct classify_fbag *b = &ts->bags[i];
		struct sparse *x = &ts->xs[i];
		x->id = malloc((b->n ? b->n : 1) * sizeof *x->id);
		x->val = malloc((b->n ? b->n : 1) * sizeof *x->val);
		if (!x->id || !x->val)
			return sw_error_set(err, SW_ENOMEM, "out of memory");
		for (size_t j = 0; j < b->n; j++) {
			const char *f = classify_bag_name(b, j);
			long id = classify_find_feat(m, f, strlen(f));
			if (id >= 0) {
				x->id[x->n] = (size_t)id;
				x->val[x->n++] = b->f[j].val;
			}
		}
	}
	return SW_OK;
}

/* The examples' features, the model's vocabulary and index, and the
 * examples in terms of it. */
static sw_err train_features(struct sw_classify_model *m, const struct sw_classify_example *ex,
			     struct trainset *ts, struct sw_error *err)
{
	size_t total = 0;
	sw_err e;
	for (size_t i = 0; i < ts->n; i++) {
		if ((e = classify_extract(&m->lex, &ex[i].in, NULL, &ts->bags[i])))
			return sw_error_set(err, e, "features of %s: %s", classify_nz(ex[i].in.repo), sw_error_str(e));
		total += ts->bags[i].n;
	}
	if ((e = frequent_features(m, ts, total, err)) || (e = lexicon_features(m, err)))
		return e;
	if ((e = classify_build_index(m)))
		return sw_error_set(err, e, "out of memory");
	return sparse_rows(m, ts, err);
}

/* ------------------------------------------------------------------ fitting */

/* Full-batch Adam on mean cross-entropy + L2/2 |W|^2 (bias not decayed).
 * Weights are parametrised as W[f][c] = U[f][c] + V[f][layer(c)]: the
 * shared layer part V lets subcategories of one layer pool their evidence,
 * which matters with few examples per subcategory. U is the model's w
 * and the bias the model's bias; V is folded into w at the end. */

/* Parameters with their gradient and Adam moments. */
struct param {
	double *x, *g, *m, *v;
	size_t n;
};
struct fit {
	size_t C, L;          /* classes, layers */
	struct param u, v, b; /* U, V, bias */
	double *w0;           /* the prior U is pulled towards */
	double *eff;          /* U + V by class */
	double *p;            /* per class, one example at a time */
	double b1t, b2t;      /* ADAM_B1^t, ADAM_B2^t */
};

/* n zeroed parameters (room for at least one); false if out of memory. */
static bool param_init(struct param *p, size_t n)
{
	size_t room = n ? n : 1;
	p->n = n;
	p->x = calloc(room, sizeof *p->x);
	p->g = calloc(room, sizeof *p->g);
	p->m = calloc(room, sizeof *p->m);
	p->v = calloc(room, sizeof *p->v);
	return p->x && p->g && p->m && p->v;
}

/* All but the values. */
static void param_release(struct param *p)
{
	free(p->g);
	free(p->m);
	free(p->v);
}

static void adam(struct param *p, double lr)
{
	for (size_t q = 0; q < p->n; q++) {
		p->m[q] = ADAM_B1 * p->m[q] + (1 - ADAM_B1) * p->g[q];
		p->v[q] = ADAM_B2 * p->v[q] + (1 - ADAM_B2) * p->g[q] * p->g[q];
		p->x[q] -= lr * p->m[q] / (sqrt(p->v[q]) + ADAM_EPS);
	}
}

static void fit_release(struct fit *f)
{
	param_release(&f->u);
	param_release(&f->v);
	param_release(&f->b);
	free(f->v.x);
	free(f->w0);
	free(f->eff);
	free(f->p);
}

/* Zeroed weights, bias and state; the model owns U's and the bias's values. */
static sw_err fit_init(struct sw_classify_model *m, struct fit *f)
{
	size_t C = m->nclass, W = m->nfeat * C;
	*f = (struct fit){.C = C, .L = m->nlayer, .b1t = 1, .b2t = 1};
	bool ok = param_init(&f->u, W);
	ok &= param_init(&f->v, m->nfeat * m->nlayer);
	ok &= param_init(&f->b, C);
	m->w = f->u.x;
	m->bias = f->b.x;
	f->w0 = calloc(W ? W : 1, sizeof *f->w0);
	f->eff = calloc(W ? W : 1, sizeof *f->eff);
	f->p = calloc(C, sizeof *f->p);
	return ok && f->w0 && f->eff && f->p ? SW_OK : SW_ENOMEM;
}

/* Prior: a lexicon hit for "Layer[/Subcat]" starts at (and is pulled
 * towards) +LEX_PRIOR on the matching classes. */
static void set_prior(struct sw_classify_model *m, struct fit *f)
{
	size_t C = f->C;
	for (size_t j = 0; j < m->nfeat; j++) {
		if (strncmp(m->feat[j], "lexicon:", 8))
			continue;
		const char *lab = m->feat[j] + 8, *sl = strchr(lab, '/');
		size_t ll = sl ? (size_t)(sl - lab) : strlen(lab);
		for (size_t c = 0; c < C; c++)
			if (strlen(m->layer[c]) == ll && !strncmp(m->layer[c], lab, ll) &&
			    (!sl || !strcmp(m->subcat[c], sl + 1)))
				m->w[j * C + c] = f->w0[j * C + c] = LEX_PRIOR;
	}
}

/* The gradient of the mean cross-entropy with respect to the effective
 * weights (into U's) and the bias. */
static void loss_gradient(const struct sw_classify_model *m, const struct trainset *ts, struct fit *f)
{
	size_t C = f->C, n = ts->n;
	double *p = f->p, *g = f->u.g, *gb = f->b.g;
	memset(g, 0, f->u.n * sizeof *g);
	memset(gb, 0, C * sizeof *gb);
	for (size_t i = 0; i < n; i++) {
		const struct sparse *x = &ts->xs[i];
		for (size_t c = 0; c < C; c++)
			p[c] = m->bias[c];
		for (size_t j = 0; j < x->n; j++) {
			const double *w = f->eff + x->id[j] * C;
			for (size_t c = 0; c < C; c++)
				p[c] += x->val[j] * w[c];
		}
		double mx = p[0], z = 0;
		for (size_t c = 1; c < C; c++)
			if (p[c] > mx)
				mx = p[c];
		for (size_t c = 0; c < C; c++)
			z += (p[c] = exp(p[c] - mx));
		for (size_t c = 0; c < C; c++)
			p[c] = (p[c] / z - (c == ts->y[i])) / (double)n;
		for (size_t c = 0; c < C; c++)
			gb[c] += p[c];
		for (size_t j = 0; j < x->n; j++) {
			double *gg = g + x->id[j] * C;
			for (size_t c = 0; c < C; c++)
				gg[c] += x->val[j] * p[c];
		}
	}
}

/* From the effective weights' gradient to those of V and U, with L2. */
static void split_gradient(const struct sw_classify_model *m, struct fit *f)
{
	size_t C = f->C, L = f->L;
	struct param *u = &f->u, *v = &f->v;
	for (size_t q = 0; q < v->n; q++)
		v->g[q] = TRAIN_L2_LAYER * v->x[q];
	for (size_t j = 0; j < m->nfeat; j++)
		for (size_t c = 0; c < C; c++)
			v->g[j * L + m->class_layer[c]] += u->g[j * C + c];
	for (size_t q = 0; q < u->n; q++)
		u->g[q] += TRAIN_L2 * (u->x[q] - f->w0[q]);
}

/* W[f][c] = U[f][c] + V[f][layer(c)] into out. */
static void add_layer_part(const struct sw_classify_model *m, const struct fit *f, double *out)
{
	size_t C = f->C, L = f->L;
	for (size_t j = 0; j < m->nfeat; j++)
		for (size_t c = 0; c < C; c++)
			out[j * C + c] = f->u.x[j * C + c] + f->v.x[j * L + m->class_layer[c]];
}

static void fit_step(struct sw_classify_model *m, const struct trainset *ts, struct fit *f)
{
	add_layer_part(m, f, f->eff);
	loss_gradient(m, ts, f);
	split_gradient(m, f);
	f->b1t *= ADAM_B1;
	f->b2t *= ADAM_B2;
	double lr = TRAIN_LR * sqrt(1 - f->b2t) / (1 - f->b1t);
	adam(&f->u, lr);
	adam(&f->v, lr);
	adam(&f->b, lr);
}

/* The model's weights and bias. */
static sw_err train_weights(struct sw_classify_model *m, const struct trainset *ts, struct sw_error *err)
{
	struct fit f;
	sw_err e = fit_init(m, &f);
	if (e) {
		fit_release(&f);
		return sw_error_set(err, e, "out of memory");
	}
	set_prior(m, &f);
	for (int it = 0; it < TRAIN_ITERS; it++)
		fit_step(m, ts, &f);
	add_layer_part(m, &f, m->w);
	fit_release(&f);
	return SW_OK;
}

sw_err sw_classify_train(const struct sw_classify_example *ex, size_t n, const char *lexicon,
			 struct sw_classify_model **out, struct sw_error *err)
{
	*out = NULL;
	if (n < 2)
		return sw_error_set(err, SW_EINVAL, "training needs at least 2 labelled repos, got %zu", n);
	struct sw_classify_model *m = calloc(1, sizeof *m);
	struct trainset ts = {.n = n};
	ts.bags = calloc(n, sizeof *ts.bags);
	ts.xs = calloc(n, sizeof *ts.xs);
	ts.y = malloc(n * sizeof *ts.y);
	sw_err e;
	if (!m || !ts.bags || !ts.xs || !ts.y)
		e = sw_error_set(err, SW_ENOMEM, "out of memory");
	else
		e = classify_lexicon_parse("classifier lexicon", lexicon ? lexicon : classify_lexicon_default(),
					   &m->lex, err);
	if (!e) {
		m->nexamples = n;
		e = train_classes(m, ex, &ts, err);
	}
	if (!e)
		e = train_features(m, ex, &ts, err);
	if (!e)
		e = train_weights(m, &ts, err);
	trainset_release(&ts);
	if (e) {
		sw_classify_model_free(m);
		return e;
	}
	*out = m;
	return SW_OK;
}
