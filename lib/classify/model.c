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
	free(m->slots);
	classify_lexicon_release(&m->lex);
	free(m);
}

size_t sw_classify_model_examples(const struct sw_classify_model *m)
{
	return m ? m->nexamples : 0;
}

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

sw_err classify_build_index(struct sw_classify_model *m)
{
	size_t ns = 16;
	while (ns < m->nfeat * 2 + 16)
		ns *= 2;
	m->slots = calloc(ns, sizeof *m->slots);
	if (!m->slots)
		return SW_ENOMEM;
	m->nslots = ns;
	for (size_t i = 0; i < m->nfeat; i++) {
		size_t h = (size_t)hash_str(m->feat[i]) & (ns - 1);
		while (m->slots[h])
			h = (h + 1) & (ns - 1);
		m->slots[h] = i + 1;
	}
	return SW_OK;
}

long classify_find_feat(const struct sw_classify_model *m, const char *f)
{
	if (!m->nslots)
		return -1;
	size_t h = (size_t)hash_str(f) & (m->nslots - 1);
	while (m->slots[h]) {
		if (!strcmp(m->feat[m->slots[h] - 1], f))
			return (long)(m->slots[h] - 1);
		h = (h + 1) & (m->nslots - 1);
	}
	return -1;
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

/* ---------------------------------------------------------------- model I/O */

static sw_err put_field(struct sw_buf *b, const char *s)
{
	/* Fields never hold tabs or newlines (checked on parse); be safe. */
	sw_err e = SW_OK;
	for (; *s && !e; s++)
		e = sw_buf_putc(b, (*s == '\t' || *s == '\n' || *s == '\r') ? ' ' : *s);
	return e;
}

sw_err sw_classify_model_write(const struct sw_classify_model *m, struct sw_buf *out, struct sw_error *err)
{
	sw_err e = sw_buf_printf(out,
				 MODEL_MAGIC "\n# Written by `stackwatch classify --train`; text format, see lib/classify.c.\n"
					     "examples\t%zu\n",
				 m->nexamples);
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
	/* The lexicon travels with the model: features must match. */
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
	if (!e)
		e = sw_buf_puts(out, "bias");
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
	if (e)
		return sw_error_set(err, e, "writing the model: %s", sw_error_str(e));
	return SW_OK;
}

sw_err sw_classify_model_parse(const char *name, const char *data, size_t len, struct sw_classify_model **out,
			       struct sw_error *err)
{
	*out = NULL;
	if (len > SW_CLASSIFY_MODEL_MAX)
		return sw_error_set(err, SW_ELIMIT, "%s: model larger than %zu bytes", name, SW_CLASSIFY_MODEL_MAX);
	if (sw_utf8_valid_prefix(data, len) != len || memchr(data, '\0', len))
		return sw_error_set(err, SW_EPARSE, "%s: not UTF-8 text", name);
	struct sw_classify_model *m = calloc(1, sizeof *m);
	struct sw_buf lex = SW_BUF_INIT;
	char *line = NULL;
	size_t la = 0, sa = 0, fa = 0, wa = 0, ln = 0; /* allocated layer, subcat, feat, w */
	bool have_bias = false;
	sw_err e = SW_OK;
	if (!m)
		return sw_error_set(err, SW_ENOMEM, "out of memory");
#define BAD(...) do { e = sw_error_set(err, SW_EPARSE, __VA_ARGS__); goto done; } while (0)
#define OOM() do { e = sw_error_set(err, SW_ENOMEM, "%s: out of memory", name); goto done; } while (0)
	for (size_t pos = 0; pos < len;) {
		const char *eol = memchr(data + pos, '\n', len - pos);
		size_t l = eol ? (size_t)(eol - (data + pos)) : len - pos;
		ln++;
		free(line);
		if (!(line = sw_str_ndup(data + pos, l)))
			OOM();
		pos += l + (eol ? 1 : 0);
		if (l && line[l - 1] == '\r')
			line[--l] = '\0';
		if (ln == 1) {
			if (strcmp(line, MODEL_MAGIC))
				BAD("%s:1: not a stackwatch classifier model (expected '%s')", name, MODEL_MAGIC);
			continue;
		}
		if (!l || line[0] == '#')
			continue;
		for (size_t k = 0; k < l; k++)
			if ((unsigned char)line[k] < 0x20 && line[k] != '\t')
				BAD("%s:%zu: control character in the line", name, ln);
		char *tab = strchr(line, '\t');
		if (!tab)
			BAD("%s:%zu: expected a tab-separated record", name, ln);
		*tab = '\0';
		char *rest = tab + 1;
		if (!strcmp(line, "examples")) {
			int64_t v;
			if (!sw_parse_i64(rest, &v) || v < 0)
				BAD("%s:%zu: bad example count '%s'", name, ln, rest);
			m->nexamples = (size_t)v;
		} else if (!strcmp(line, "class")) {
			if (m->nfeat || have_bias)
				BAD("%s:%zu: class after weights", name, ln);
			char *t2 = strchr(rest, '\t');
			if (!t2 || strchr(t2 + 1, '\t') || !*rest || t2 == rest)
				BAD("%s:%zu: expected class<TAB>layer<TAB>subcat", name, ln);
			*t2 = '\0';
			if (m->nclass >= CLASSIFY_MAX_CLASSES)
				BAD("%s:%zu: more than %d classes", name, ln, CLASSIFY_MAX_CLASSES);
			if (!sw_array_grow(&m->layer, &la, m->nclass + 1, sizeof *m->layer) ||
			    !sw_array_grow(&m->subcat, &sa, m->nclass + 1, sizeof *m->subcat))
				OOM();
			m->layer[m->nclass] = sw_str_dup(rest);
			m->subcat[m->nclass] = sw_str_dup(t2 + 1);
			m->nclass++;
			if (!m->layer[m->nclass - 1] || !m->subcat[m->nclass - 1])
				OOM();
			for (size_t c = 0; c + 1 < m->nclass; c++)
				if (!strcmp(m->layer[c], rest) && !strcmp(m->subcat[c], t2 + 1))
					BAD("%s:%zu: duplicate class '%s/%s'", name, ln, rest, t2 + 1);
		} else if (!strcmp(line, "lexicon")) {
			if ((e = sw_buf_puts(&lex, rest)) || (e = sw_buf_putc(&lex, '\n')))
				OOM();
		} else if (!strcmp(line, "bias")) {
			if (!m->nclass || have_bias)
				BAD("%s:%zu: bias must follow the classes, once", name, ln);
			if (!(m->bias = calloc(m->nclass, sizeof *m->bias)))
				OOM();
			char *s = rest;
			for (size_t c = 0; c < m->nclass; c++) {
				char *t2 = strchr(s, '\t');
				if (t2)
					*t2 = '\0';
				if (!sw_parse_double(s, &m->bias[c]) || !isfinite(m->bias[c]))
					BAD("%s:%zu: bad bias value '%s'", name, ln, s);
				if (!t2 && c + 1 < m->nclass)
					BAD("%s:%zu: %zu bias values for %zu classes", name, ln, c + 1, m->nclass);
				if (t2 && c + 1 == m->nclass)
					BAD("%s:%zu: more bias values than classes", name, ln);
				s = t2 ? t2 + 1 : s;
			}
			have_bias = true;
		} else if (!strcmp(line, "f")) {
			if (!have_bias)
				BAD("%s:%zu: weights before the bias line", name, ln);
			char *t2 = strchr(rest, '\t');
			if (t2)
				*t2 = '\0';
			if (!*rest)
				BAD("%s:%zu: empty feature name", name, ln);
			if (m->nfeat && strcmp(m->feat[m->nfeat - 1], rest) >= 0)
				BAD("%s:%zu: features must be sorted and unique ('%s')", name, ln, rest);
			if (!sw_array_grow(&m->feat, &fa, m->nfeat + 1, sizeof *m->feat) ||
			    !sw_array_grow(&m->w, &wa, (m->nfeat + 1) * m->nclass, sizeof *m->w))
				OOM();
			if (!(m->feat[m->nfeat] = sw_str_dup(rest)))
				OOM();
			double *w = m->w + m->nfeat * m->nclass;
			memset(w, 0, m->nclass * sizeof *w);
			m->nfeat++;
			for (char *s = t2 ? t2 + 1 : NULL; s;) {
				char *t3 = strchr(s, '\t');
				if (t3)
					*t3 = '\0';
				char *colon = strchr(s, ':');
				int64_t c;
				double v;
				if (!colon)
					BAD("%s:%zu: expected CLASS:WEIGHT, got '%s'", name, ln, s);
				*colon = '\0';
				if (!sw_parse_i64(s, &c) || c < 0 || (size_t)c >= m->nclass)
					BAD("%s:%zu: bad class index '%s'", name, ln, s);
				if (!sw_parse_double(colon + 1, &v) || !isfinite(v))
					BAD("%s:%zu: bad weight '%s'", name, ln, colon + 1);
				w[c] = v;
				s = t3 ? t3 + 1 : NULL;
			}
		} else
			BAD("%s:%zu: unknown record '%s'", name, ln, line);
	}
	if (ln == 0)
		BAD("%s:1: not a stackwatch classifier model (empty file)", name);
	if (!have_bias || m->nclass < 2)
		BAD("%s: incomplete model (needs 2+ classes and a bias line)", name);
	if ((e = classify_lexicon_parse(name, lex.data ? lex.data : "", &m->lex, err)))
		goto done;
	if ((e = classify_build_layers(m)) || (e = classify_build_index(m)))
		OOM();
#undef BAD
#undef OOM
done:
	free(line);
	sw_buf_release(&lex);
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
