/* model.c: the model object (classes, layers, features with their index,
 * weights, the lexicon it was trained with) and its file format: plain
 * text, the classes, the lexicon, the bias and the non-negligible weights
 * of each feature, features sorted by name. */
#include "classify_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MODEL_MAGIC "stackwatch-classifier 1"
#define WRITE_MIN_WEIGHT 0.01 /* weights smaller than this are not written */

void sw_classify_model_free(struct sw_classify_model *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->nclass; i++) {
		free(m->layer[i]);
		free(m->subcat[i]);
	}
	for (size_t i = 0; i < m->nfeat; i++)
		free(m->feat[i]);
	free(m->layer);
	free(m->subcat);
	free(m->class_layer);
	free(m->layers); /* entries alias m->layer[] */
	free(m->feat);
	free(m->w);
	free(m->bias);
	classify_strtab_release(&m->index);
	free(m->featlen);
	classify_strtab_release(&m->bword_index);
	free(m->bword);
	free(m->bword_len);
	free(m->bpair);
	classify_lexicon_release(&m->lex);
	free(m);
}

size_t sw_classify_model_examples(const struct sw_classify_model *m)
{
	return m ? m->nexamples : 0;
}

static void feat_key(const void *ctx, size_t i, const char **s, size_t *len)
{
	const struct sw_classify_model *m = ctx;
	*s = m->feat[i];
	*len = m->featlen[i];
}

static void bword_key(const void *ctx, size_t i, const char **s, size_t *len)
{
	const struct sw_classify_model *m = ctx;
	*s = m->bword[i];
	*len = m->bword_len[i];
}

/* The slot of bigram (a, b) in m->bpair: where it is, or the empty slot
 * where it would go. One slot holds the key and the feature, so a lookup
 * reads one place in memory. */
static size_t bpair_slot(const struct sw_classify_model *m, uint32_t a, uint32_t b)
{
	uint64_t k = (uint64_t)a << 32 | b;
	size_t h = (size_t)classify_hash((const char *)&k, sizeof k) & m->bpair_mask;
	while (m->bpair[h].feat1 && (m->bpair[h].a != a || m->bpair[h].b != b))
		h = (h + 1) & m->bpair_mask;
	return h;
}

/* The id of bigram word s[0..n), added if new. */
static sw_err bword_id(struct sw_classify_model *m, const char *s, size_t n, uint32_t *id)
{
	long i = classify_strtab_find(&m->bword_index, s, n, bword_key, m);
	if (i >= 0) {
		*id = (uint32_t)i;
		return SW_OK;
	}
	m->bword[m->nbword] = s;
	m->bword_len[m->nbword] = n;
	*id = (uint32_t)m->nbword;
	return classify_strtab_add(&m->bword_index, m->nbword++, classify_hash(s, n), bword_key, m);
}

/* Room for n bigram features, the table at most half full. */
static sw_err bpair_alloc(struct sw_classify_model *m, size_t n)
{
	size_t ns = 16;
	while (ns < 2 * n + 16)
		ns *= 2;
	m->bpair = calloc(ns, sizeof *m->bpair);
	m->bpair_mask = ns - 1;
	return m->bpair ? SW_OK : SW_ENOMEM;
}

/* The bigram features ("bigram:A B") as pairs of word ids, so a text's
 * bigrams are looked up without building their names. */
static sw_err build_bigrams(struct sw_classify_model *m)
{
	size_t nb = 0;
	for (size_t i = 0; i < m->nfeat; i++)
		nb += !strncmp(m->feat[i], "bigram:", 7);
	free(m->bword);
	free(m->bword_len);
	free(m->bpair);
	classify_strtab_release(&m->bword_index);
	m->nbword = 0;
	m->bword = malloc((2 * nb + 1) * sizeof *m->bword);
	m->bword_len = malloc((2 * nb + 1) * sizeof *m->bword_len);
	if (!m->bword || !m->bword_len || m->nfeat >= UINT32_MAX || bpair_alloc(m, nb))
		return SW_ENOMEM;
	sw_err e = SW_OK;
	for (size_t i = 0; i < m->nfeat && !e; i++) {
		const char *a = m->feat[i], *sp;
		if (strncmp(a, "bigram:", 7) || !(sp = strchr(a + 7, ' ')))
			continue;
		uint32_t pa, pb;
		e = bword_id(m, a + 7, (size_t)(sp - a - 7), &pa);
		if (!e)
			e = bword_id(m, sp + 1, m->featlen[i] - (size_t)(sp + 1 - a), &pb);
		if (!e) { /* features are distinct: the pair is new */
			size_t h = bpair_slot(m, pa, pb);
			m->bpair[h] = (struct classify_bpair){pa, pb, (uint32_t)i + 1};
		}
	}
	return e;
}

long classify_find_bigram_word(const struct sw_classify_model *m, const char *w, size_t n)
{
	return classify_strtab_find(&m->bword_index, w, n, bword_key, m);
}

long classify_find_bigram(const struct sw_classify_model *m, long a, long b)
{
	if (a < 0 || b < 0 || !m->bpair)
		return -1;
	return (long)m->bpair[bpair_slot(m, (uint32_t)a, (uint32_t)b)].feat1 - 1;
}

void classify_prefetch_bigram(const struct sw_classify_model *m, long a, long b)
{
	if (a < 0 || b < 0 || !m->bpair)
		return;
	uint64_t k = (uint64_t)a << 32 | (uint32_t)b;
	__builtin_prefetch(&m->bpair[(size_t)classify_hash((const char *)&k, sizeof k) & m->bpair_mask]);
}

sw_err classify_build_index(struct sw_classify_model *m)
{
	free(m->featlen);
	if (!(m->featlen = malloc((m->nfeat + 1) * sizeof *m->featlen)))
		return SW_ENOMEM;
	for (size_t i = 0; i < m->nfeat; i++)
		m->featlen[i] = strlen(m->feat[i]);
	sw_err e = classify_strtab_build(&m->index, m->nfeat, feat_key, m);
	return e ? e : build_bigrams(m);
}

long classify_find_feat(const struct sw_classify_model *m, const char *f, size_t n)
{
	return classify_strtab_find(&m->index, f, n, feat_key, m);
}

sw_err classify_build_layers(struct sw_classify_model *m)
{
	m->class_layer = calloc(m->nclass ? m->nclass : 1, sizeof *m->class_layer);
	m->layers = calloc(m->nclass ? m->nclass : 1, sizeof *m->layers);
	if (!m->class_layer || !m->layers)
		return SW_ENOMEM;
	for (size_t c = 0; c < m->nclass; c++) {
		size_t l = 0;
		while (l < m->nlayer && strcmp(m->layers[l], m->layer[c]))
			l++;
		if (l == m->nlayer)
			m->layers[m->nlayer++] = m->layer[c];
		m->class_layer[c] = l;
	}
	return SW_OK;
}

/* ------------------------------------------------------------------ writing */

static sw_err put_field(struct sw_buf *b, const char *s)
{
	/* Fields never hold tabs or newlines (checked on parse); be safe. */
	sw_err e = SW_OK;
	for (; *s && !e; s++)
		e = sw_buf_putc(b, (*s == '\t' || *s == '\n' || *s == '\r') ? ' ' : *s);
	return e;
}

static sw_err write_classes(const struct sw_classify_model *m, struct sw_buf *out)
{
	sw_err e = SW_OK;
	for (size_t c = 0; c < m->nclass && !e; c++) {
		e = sw_buf_puts(out, "class\t");
		if (!e)
			e = put_field(out, m->layer[c]);
		if (!e)
			e = sw_buf_putc(out, '\t');
		if (!e)
			e = put_field(out, m->subcat[c]);
		if (!e)
			e = sw_buf_putc(out, '\n');
	}
	return e;
}

/* The lexicon travels with the model: features must match. */
static sw_err write_lexicon(const struct sw_classify_model *m, struct sw_buf *out)
{
	sw_err e = SW_OK;
	for (const char *p = m->lex.source; p && *p && !e;) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		if (len && p[0] != '#') {
			e = sw_buf_puts(out, "lexicon\t");
			if (!e)
				e = sw_buf_append(out, p, len);
			if (!e)
				e = sw_buf_putc(out, '\n');
		}
		p = eol ? eol + 1 : p + len;
	}
	return e;
}

static sw_err write_weights(const struct sw_classify_model *m, struct sw_buf *out)
{
	sw_err e = sw_buf_puts(out, "bias");
	for (size_t c = 0; c < m->nclass && !e; c++)
		e = sw_buf_printf(out, "\t%.5g", m->bias[c]);
	if (!e)
		e = sw_buf_putc(out, '\n');
	for (size_t f = 0; f < m->nfeat && !e; f++) {
		const double *w = m->w + f * m->nclass;
		bool any = false;
		for (size_t c = 0; c < m->nclass; c++)
			any |= fabs(w[c]) >= WRITE_MIN_WEIGHT;
		if (!any)
			continue;
		e = sw_buf_puts(out, "f\t");
		if (!e)
			e = put_field(out, m->feat[f]);
		for (size_t c = 0; c < m->nclass && !e; c++)
			if (fabs(w[c]) >= WRITE_MIN_WEIGHT)
				e = sw_buf_printf(out, "\t%zu:%.3g", c, w[c]);
		if (!e)
			e = sw_buf_putc(out, '\n');
	}
	return e;
}

sw_err sw_classify_model_write(const struct sw_classify_model *m, struct sw_buf *out, struct sw_error *err)
{
	/* The comment line is kept as it is (the shipped model is checked byte
	 * for byte), though the code now lives in lib/classify/model.c. */
	sw_err e = sw_buf_printf(out,
				 MODEL_MAGIC "\n# Written by `stackwatch classify --train`; text format, see lib/classify.c.\n"
					     "examples\t%zu\n",
				 m->nexamples);
	if (!e && m->calibrated)
		e = sw_buf_printf(out, "calibration\t%.9g\t%.9g\n", m->calib_a, m->calib_b);
	if (!e)
		e = write_classes(m, out);
	if (!e)
		e = write_lexicon(m, out);
	if (!e)
		e = write_weights(m, out);
	if (e)
		return sw_error_set(err, e, "writing the model: %s", sw_error_str(e));
	return SW_OK;
}

/* ------------------------------------------------------------------ reading */

/* A model file being read, with the line it is at. */
struct parser {
	struct sw_classify_model *m;
	const char *name;
	size_t ln;
	size_t la, sa;        /* allocated layer, subcat (classes) */
	size_t fa, wa;        /* allocated feat, w */
	bool have_bias;
	struct sw_buf lex;    /* the lexicon records' text */
	struct sw_error *err;
};

#define BAD(p, ...) sw_error_set((p)->err, SW_EPARSE, __VA_ARGS__)
#define OOM(p) sw_error_set((p)->err, SW_ENOMEM, "%s: out of memory", (p)->name)

/* class<TAB>layer<TAB>subcat (rest: after the first tab). */
static sw_err parse_class(struct parser *p, char *rest)
{
	struct sw_classify_model *m = p->m;
	if (m->nfeat || p->have_bias)
		return BAD(p, "%s:%zu: class after weights", p->name, p->ln);
	char *t2 = strchr(rest, '\t');
	if (!t2 || strchr(t2 + 1, '\t') || !*rest || t2 == rest)
		return BAD(p, "%s:%zu: expected class<TAB>layer<TAB>subcat", p->name, p->ln);
	*t2 = '\0';
	if (m->nclass >= CLASSIFY_MAX_CLASSES)
		return BAD(p, "%s:%zu: more than %d classes", p->name, p->ln, CLASSIFY_MAX_CLASSES);
	if (!sw_array_grow(&m->layer, &p->la, m->nclass + 1, sizeof *m->layer) ||
	    !sw_array_grow(&m->subcat, &p->sa, m->nclass + 1, sizeof *m->subcat))
		return OOM(p);
	m->layer[m->nclass] = sw_str_dup(rest);
	m->subcat[m->nclass] = sw_str_dup(t2 + 1);
	m->nclass++;
	if (!m->layer[m->nclass - 1] || !m->subcat[m->nclass - 1])
		return OOM(p);
	for (size_t c = 0; c + 1 < m->nclass; c++)
		if (!strcmp(m->layer[c], rest) && !strcmp(m->subcat[c], t2 + 1))
			return BAD(p, "%s:%zu: duplicate class '%s/%s'", p->name, p->ln, rest, t2 + 1);
	return SW_OK;
}

/* bias<TAB>v0<TAB>v1...: one value per class. */
static sw_err parse_bias(struct parser *p, char *rest)
{
	struct sw_classify_model *m = p->m;
	if (!m->nclass || p->have_bias)
		return BAD(p, "%s:%zu: bias must follow the classes, once", p->name, p->ln);
	if (!(m->bias = calloc(m->nclass, sizeof *m->bias)))
		return OOM(p);
	char *s = rest;
	for (size_t c = 0; c < m->nclass; c++) {
		char *t2 = strchr(s, '\t');
		if (t2)
			*t2 = '\0';
		if (!sw_parse_double(s, &m->bias[c]) || !isfinite(m->bias[c]))
			return BAD(p, "%s:%zu: bad bias value '%s'", p->name, p->ln, s);
		if (!t2 && c + 1 < m->nclass)
			return BAD(p, "%s:%zu: %zu bias values for %zu classes", p->name, p->ln, c + 1, m->nclass);
		if (t2 && c + 1 == m->nclass)
			return BAD(p, "%s:%zu: more bias values than classes", p->name, p->ln);
		s = t2 ? t2 + 1 : s;
	}
	p->have_bias = true;
	return SW_OK;
}

/* A new feature named name with all weights 0: its weights, or NULL
 * (out of memory). */
static double *add_feature(struct parser *p, const char *name)
{
	struct sw_classify_model *m = p->m;
	if (!sw_array_grow(&m->feat, &p->fa, m->nfeat + 1, sizeof *m->feat) ||
	    !sw_array_grow(&m->w, &p->wa, (m->nfeat + 1) * m->nclass, sizeof *m->w))
		return NULL;
	if (!(m->feat[m->nfeat] = sw_str_dup(name)))
		return NULL;
	double *w = m->w + m->nfeat * m->nclass;
	memset(w, 0, m->nclass * sizeof *w);
	m->nfeat++;
	return w;
}

/* f<TAB>feature<TAB>class:weight...: the weights written for a feature. */
static sw_err parse_feature(struct parser *p, char *rest)
{
	struct sw_classify_model *m = p->m;
	if (!p->have_bias)
		return BAD(p, "%s:%zu: weights before the bias line", p->name, p->ln);
	char *t2 = strchr(rest, '\t');
	if (t2)
		*t2 = '\0';
	if (!*rest)
		return BAD(p, "%s:%zu: empty feature name", p->name, p->ln);
	if (m->nfeat && strcmp(m->feat[m->nfeat - 1], rest) >= 0)
		return BAD(p, "%s:%zu: features must be sorted and unique ('%s')", p->name, p->ln, rest);
	double *w = add_feature(p, rest);
	if (!w)
		return OOM(p);
	for (char *s = t2 ? t2 + 1 : NULL; s;) {
		char *t3 = strchr(s, '\t');
		if (t3)
			*t3 = '\0';
		char *colon = strchr(s, ':');
		int64_t c;
		double v;
		if (!colon)
			return BAD(p, "%s:%zu: expected CLASS:WEIGHT, got '%s'", p->name, p->ln, s);
		*colon = '\0';
		if (!sw_parse_i64(s, &c) || c < 0 || (size_t)c >= m->nclass)
			return BAD(p, "%s:%zu: bad class index '%s'", p->name, p->ln, s);
		if (!sw_parse_double(colon + 1, &v) || !isfinite(v))
			return BAD(p, "%s:%zu: bad weight '%s'", p->name, p->ln, colon + 1);
		w[c] = v;
		s = t3 ? t3 + 1 : NULL;
	}
	return SW_OK;
}

/* calibration<TAB>a<TAB>b: the Platt map of P(layer) (calibrate.c). */
static sw_err parse_calibration(struct parser *p, char *rest)
{
	struct sw_classify_model *m = p->m;
	char *tab = strchr(rest, '\t');
	if (tab)
		*tab = '\0';
	if (m->calibrated || !tab || !sw_parse_double(rest, &m->calib_a) || !sw_parse_double(tab + 1, &m->calib_b) ||
	    !(m->calib_a > 0) || !isfinite(m->calib_a) || !isfinite(m->calib_b))
		return BAD(p, "%s:%zu: calibration needs two numbers, the first positive, once", p->name, p->ln);
	m->calibrated = true;
	return SW_OK;
}

/* One line (the first is the magic; empty lines and comments skipped). */
static sw_err parse_line(struct parser *p, char *line, size_t l)
{
	if (p->ln == 1) {
		if (strcmp(line, MODEL_MAGIC))
			return BAD(p, "%s:1: not a stackwatch classifier model (expected '%s')", p->name, MODEL_MAGIC);
		return SW_OK;
	}
	if (!l || line[0] == '#')
		return SW_OK;
	for (size_t k = 0; k < l; k++)
		if ((unsigned char)line[k] < 0x20 && line[k] != '\t')
			return BAD(p, "%s:%zu: control character in the line", p->name, p->ln);
	char *tab = strchr(line, '\t');
	if (!tab)
		return BAD(p, "%s:%zu: expected a tab-separated record", p->name, p->ln);
	*tab = '\0';
	char *rest = tab + 1;
	if (!strcmp(line, "examples")) {
		int64_t v;
		if (!sw_parse_i64(rest, &v) || v < 0)
			return BAD(p, "%s:%zu: bad example count '%s'", p->name, p->ln, rest);
		p->m->nexamples = (size_t)v;
		return SW_OK;
	}
	if (!strcmp(line, "calibration"))
		return parse_calibration(p, rest);
	if (!strcmp(line, "class"))
		return parse_class(p, rest);
	if (!strcmp(line, "lexicon")) {
		if (sw_buf_puts(&p->lex, rest) || sw_buf_putc(&p->lex, '\n'))
			return OOM(p);
		return SW_OK;
	}
	if (!strcmp(line, "bias"))
		return parse_bias(p, rest);
	if (!strcmp(line, "f"))
		return parse_feature(p, rest);
	return BAD(p, "%s:%zu: unknown record '%s'", p->name, p->ln, line);
}

/* Every line of the file, then the lexicon, layers and index. */
static sw_err parse_model(struct parser *p, const char *data, size_t len)
{
	sw_err e = SW_OK;
	char *line = NULL;
	for (size_t pos = 0; pos < len && !e;) {
		const char *eol = memchr(data + pos, '\n', len - pos);
		size_t l = eol ? (size_t)(eol - (data + pos)) : len - pos;
		p->ln++;
		free(line);
		if (!(line = sw_str_ndup(data + pos, l))) {
			e = OOM(p);
			break;
		}
		pos += l + (eol ? 1 : 0);
		if (l && line[l - 1] == '\r')
			line[--l] = '\0';
		e = parse_line(p, line, l);
	}
	free(line);
	if (e)
		return e;
	if (p->ln == 0)
		return BAD(p, "%s:1: not a stackwatch classifier model (empty file)", p->name);
	if (!p->have_bias || p->m->nclass < 2)
		return BAD(p, "%s: incomplete model (needs 2+ classes and a bias line)", p->name);
	if ((e = classify_lexicon_parse(p->name, p->lex.data ? p->lex.data : "", &p->m->lex, p->err)))
		return e;
	if (classify_build_layers(p->m) || classify_build_index(p->m))
		return OOM(p);
	return SW_OK;
}

#undef BAD
#undef OOM

sw_err sw_classify_model_parse(const char *name, const char *data, size_t len, struct sw_classify_model **out,
			       struct sw_error *err)
{
	*out = NULL;
	if (len > SW_CLASSIFY_MODEL_MAX)
		return sw_error_set(err, SW_ELIMIT, "%s: model larger than %zu bytes", name, SW_CLASSIFY_MODEL_MAX);
	if (sw_utf8_valid_prefix(data, len) != len || memchr(data, '\0', len))
		return sw_error_set(err, SW_EPARSE, "%s: not UTF-8 text", name);
	struct sw_classify_model *m = calloc(1, sizeof *m);
	if (!m)
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	struct parser p = {.m = m, .name = name, .lex = SW_BUF_INIT, .err = err};
	sw_err e = parse_model(&p, data, len);
	sw_buf_release(&p.lex);
	if (e) {
		sw_classify_model_free(m);
		return e;
	}
	*out = m;
	return SW_OK;
}

sw_err sw_classify_model_load(const char *path, struct sw_classify_model **out, struct sw_error *err)
{
	*out = NULL;
	struct sw_buf b = SW_BUF_INIT;
	sw_buf_init(&b, SW_CLASSIFY_MODEL_MAX);
	sw_err e = sw_buf_read_file(path, &b, err);
	if (!e)
		e = sw_classify_model_parse(path, b.data ? b.data : "", b.len, out, err);
	sw_buf_release(&b);
	return e;
}

sw_err sw_classify_model_default(struct sw_classify_model **out, struct sw_error *err)
{
	size_t len = 0;
	const char *d = core_embedded("classifier.model", &len);
	if (!d)
		return sw_error_set(err, SW_ENOTFOUND, "no classifier model was built into this stackwatch");
	return sw_classify_model_parse("data/classifier.model", d, len, out, err);
}
