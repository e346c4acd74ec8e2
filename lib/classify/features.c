/* features.c: the sparse binary features of one repo's text (see
 * classify_extract): owner, name tokens and character 4-grams, words and
 * bigrams of the description, topics and README, CJK characters and
 * bigrams, language, and the lexicon's hits. */
#include "classify_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FEATURES 20000    /* per repo; the README budget keeps far below */

void classify_bag_release(struct classify_fbag *b)
{
	sw_buf_release(&b->text);
	free(b->f);
	free(b->seen);
	free(b->pos);
	memset(b, 0, sizeof *b);
}

/* The model's index of feature prefix+s[0..n), -1 if it has none. */
static sw_err model_index(const struct sw_classify_model *m, const char *prefix, const char *s, size_t n, long *id)
{
	size_t pl = strlen(prefix);
	char small[256], *name = pl + n <= sizeof small ? small : malloc(pl + n);
	if (!name)
		return SW_ENOMEM;
	memcpy(name, prefix, pl);
	memcpy(name + pl, s, n);
	*id = classify_find_feat(m, name, pl + n);
	if (name != small)
		free(name);
	return SW_OK;
}

/* Add the model's feature id with value v, merged with an earlier one
 * (seen: a bit per model feature; pos: where in f, read only when seen). */
static sw_err bag_add_known(struct classify_fbag *b, size_t id, double v)
{
	if (!b->seen) {
		b->seen = calloc(b->model->nfeat / 64 + 1, sizeof *b->seen);
		b->pos = malloc((b->model->nfeat + 1) * sizeof *b->pos);
		if (!b->seen || !b->pos)
			return SW_ENOMEM;
	}
	if (b->seen[id / 64] >> (id % 64) & 1) {
		struct classify_feat *f = &b->f[b->pos[id]];
		if (v > f->val)
			f->val = v;
		return SW_OK;
	}
	if (!sw_array_grow(&b->f, &b->alloc, b->n + 1, sizeof *b->f))
		return SW_ENOMEM;
	b->seen[id / 64] |= (uint64_t)1 << (id % 64);
	b->pos[id] = (uint32_t)b->n;
	b->f[b->n].off = id;
	b->f[b->n++].val = v;
	return SW_OK;
}

/* A bag of the model's features (unique already) in the order of their
 * indexes, i.e. of their names: read off the seen bits. */
static sw_err bag_finish_known(struct classify_fbag *b)
{
	struct classify_feat *sorted = malloc((b->n + 1) * sizeof *sorted);
	if (!sorted)
		return SW_ENOMEM;
	size_t k = 0;
	for (size_t w = 0; b->n && w <= b->model->nfeat / 64; w++)
		for (uint64_t bits = b->seen[w]; bits; bits &= bits - 1)
			sorted[k++] = b->f[b->pos[w * 64 + (size_t)__builtin_ctzll(bits)]];
	free(b->f);
	b->f = sorted;
	b->alloc = b->n + 1;
	return SW_OK;
}

/* Offer the model's feature id (-1: one it has not) with value v. */
static sw_err bag_offer_known(struct classify_fbag *b, long id, double v)
{
	if (b->offered >= MAX_FEATURES)
		return SW_OK; /* bounded: further features are dropped */
	b->offered++;
	return id < 0 ? SW_OK : bag_add_known(b, (size_t)id, v);
}

/* Add feature prefix+s[0..n) with value v (duplicates merged later). */
static sw_err bag_add(struct classify_fbag *b, const char *prefix, const char *s, size_t n, double v)
{
	if (b->offered >= MAX_FEATURES)
		return SW_OK; /* bounded: further features are dropped */
	if (b->model) {
		long id;
		sw_err e = model_index(b->model, prefix, s, n, &id);
		return e ? e : bag_offer_known(b, id, v);
	}
	b->offered++;
	if (!sw_array_grow(&b->f, &b->alloc, b->n + 1, sizeof *b->f))
		return SW_ENOMEM;
	size_t off = b->text.len;
	sw_err e = sw_buf_puts(&b->text, prefix);
	if (!e)
		e = sw_buf_append(&b->text, s, n);
	if (!e)
		e = sw_buf_putc(&b->text, '\0');
	if (e)
		return e;
	b->f[b->n].off = off;
	b->f[b->n].val = v;
	b->n++;
	return SW_OK;
}

static int cmp_feat(const void *a, const void *b)
{
	const struct classify_feat *x = a, *y = b;
	int c = strcmp(x->s, y->s);
	if (c)
		return c;
	return x->off < y->off ? -1 : x->off > y->off;
}

/* Sort by name and merge duplicates keeping the largest value (features
 * are presence indicators, not counts). */
static sw_err bag_finish(struct classify_fbag *b)
{
	if (b->model)
		return bag_finish_known(b);
	if (!b->n)
		return SW_OK;
	for (size_t i = 0; i < b->n; i++)
		b->f[i].s = b->text.data + b->f[i].off;
	qsort(b->f, b->n, sizeof *b->f, cmp_feat);
	size_t k = 0;
	for (size_t i = 0; i < b->n; i++) {
		if (k && !strcmp(classify_bag_name(b, k - 1), classify_bag_name(b, i))) {
			if (b->f[i].val > b->f[k - 1].val)
				b->f[k - 1].val = b->f[i].val;
			continue;
		}
		b->f[k++] = b->f[i];
	}
	b->n = k;
	return SW_OK;
}

/* What words are, each worked out once: a README says the same words many
 * times, and READMEs share most of theirs. For one model (and lexicon);
 * bounded: emptied when it holds MEMO_MAX words. The entries are the
 * slots of the table, so a lookup reads one cache line, which can be
 * fetched ahead from the word's hash alone. */
struct memo_word {
	_Alignas(64) char key[CLASSIFY_MAX_TOKEN]; /* the word (a token: at most this long) */
	int32_t id;      /* with a model: its index of "word:" + stem, -1 none */
	int32_t bw;      /* with a model: the stem's id among its bigram words */
	int32_t group;   /* the stem's lexicon group, -1 none */
	uint8_t len;     /* 0: an empty slot */
	uint8_t stem;    /* length once stemmed */
	bool stop;
};                   /* one cache line */
#define MEMO_MAX 65536
#define MEMO_MIN_SLOTS 1024
struct classify_memo {
	const struct sw_classify_model *model; /* whose ids it holds */
	const struct classify_lexicon *lx;
	struct memo_word *w; /* open addressing, at most half full (aligned_alloc'd) */
	size_t n, mask;      /* words held; slots - 1 */
	struct classify_rows rows; /* kept when the words are emptied */
	/* A bag's seen bits (all clear between repos) and positions, lent to
	 * each bag with a model in turn (for rows.model's size, or NULL). */
	const struct sw_classify_model *bag_model;
	uint64_t *seen;
	uint32_t *pos;
};

/* The words forgotten (the rows and bag buffers are not words: kept). */
static void memo_release(struct classify_memo *m)
{
	struct classify_memo keep = *m;
	free(m->w);
	memset(m, 0, sizeof *m);
	m->rows = keep.rows;
	m->bag_model = keep.bag_model;
	m->seen = keep.seen;
	m->pos = keep.pos;
}

/* Lend m's seen bits and positions to bag b (with a model, none yet). */
static sw_err memo_lend(struct classify_memo *m, struct classify_fbag *b)
{
	if (m->bag_model != b->model) {
		free(m->seen);
		free(m->pos);
		m->seen = calloc(b->model->nfeat / 64 + 1, sizeof *m->seen);
		m->pos = malloc((b->model->nfeat + 1) * sizeof *m->pos);
		m->bag_model = m->seen && m->pos ? b->model : NULL;
		if (!m->bag_model)
			return SW_ENOMEM;
	}
	b->seen = m->seen;
	b->pos = m->pos;
	return SW_OK;
}

/* Take the lent buffers back from bag b, its seen bits cleared (each is
 * one of its features'). */
static void memo_take_back(struct classify_memo *m, struct classify_fbag *b)
{
	if (!b->seen || b->seen != m->seen)
		return;
	for (size_t i = 0; i < b->n; i++)
		m->seen[b->f[i].off / 64] = 0;
	b->seen = NULL;
	b->pos = NULL;
}

struct classify_memo *classify_memo_new(void)
{
	return calloc(1, sizeof(struct classify_memo));
}

void classify_memo_free(struct classify_memo *m)
{
	if (m) {
		classify_rows_release(&m->rows);
		free(m->seen);
		free(m->pos);
		memo_release(m);
	}
	free(m);
}

void classify_rows_release(struct classify_rows *r)
{
	free(r->start);
	free(r->cls);
	free(r->w);
	memset(r, 0, sizeof *r);
}

struct classify_rows *classify_memo_rows(struct classify_memo *m)
{
	return &m->rows;
}

/* The memo ready for the words of bag b with lexicon lx. */
static void memo_for(struct classify_memo *m, const struct classify_lexicon *lx, const struct classify_fbag *b)
{
	if (m->model != b->model || m->lx != lx || m->n >= MEMO_MAX) {
		memo_release(m);
		m->model = b->model;
		m->lx = lx;
	}
}

/* What a memo entry is: a word (tokenizer words never hold a CJK
 * character, so the keys cannot clash) or one or two CJK characters. */
enum memo_kind { MEMO_WORD, MEMO_HAN };

/* The slot of w[0..wl) (hash hv): where it is, or the empty slot where it
 * would go (the table is never full). */
static inline size_t memo_slot(const struct classify_memo *m, uint64_t hv, const char *w, size_t wl)
{
	size_t h = (size_t)hv & m->mask;
	while (m->w[h].len && (m->w[h].len != wl || memcmp(m->w[h].key, w, wl)))
		h = (h + 1) & m->mask;
	return h;
}

/* Room for one more word, the table at most half full: a table twice the
 * size, the words placed again. */
static sw_err memo_grow(struct classify_memo *m)
{
	size_t slots = m->w ? m->mask + 1 : 0;
	if ((m->n + 1) * 2 <= slots)
		return SW_OK;
	size_t ns = slots ? 2 * slots : MEMO_MIN_SLOTS;
	struct memo_word *w = aligned_alloc(_Alignof(struct memo_word), ns * sizeof *w);
	if (!w)
		return SW_ENOMEM;
	memset(w, 0, ns * sizeof *w);
	struct classify_memo old = *m;
	m->w = w;
	m->mask = ns - 1;
	for (size_t i = 0; i < slots; i++)
		if (old.w[i].len)
			m->w[memo_slot(m, classify_hash(old.w[i].key, old.w[i].len), old.w[i].key, old.w[i].len)] =
				old.w[i];
	free(old.w);
	return SW_OK;
}

/* Work out word w[0..wl) (hash hv), new to the memo, and add it. For
 * MEMO_HAN only id is set: that of "han:" + w. Kept out of line: most
 * lookups find their word. */
static __attribute__((noinline)) sw_err memo_add(const struct classify_lexicon *lx, const struct classify_fbag *b,
						 struct classify_memo *m, enum memo_kind kind, uint64_t hv,
						 const char *w, size_t wl, const struct memo_word **out)
{
	if (wl > sizeof m->w->key || !wl)
		return SW_ELIMIT; /* tokens are never longer (nor empty) */
	if (b->model && b->model->nfeat > INT32_MAX)
		return SW_ELIMIT;
	struct memo_word mw = {.len = (uint8_t)wl, .stem = (uint8_t)wl};
	long id = -1, bw = -1;
	sw_err e = SW_OK;
	memcpy(mw.key, w, wl);
	if (kind == MEMO_HAN) {
		e = model_index(b->model, "han:", w, wl, &id);
	} else {
		mw.stop = classify_lexicon_is_stop(lx, w, wl);
		mw.stem = (uint8_t)classify_stem_n(w, wl);
	}
	mw.group = kind == MEMO_WORD ? (int32_t)classify_lexicon_group(lx, w, mw.stem) : -1;
	if (kind == MEMO_WORD && b->model) {
		e = model_index(b->model, "word:", w, mw.stem, &id);
		bw = classify_find_bigram_word(b->model, w, mw.stem);
	}
	mw.id = (int32_t)id;
	mw.bw = (int32_t)bw;
	if (!e)
		e = memo_grow(m);
	if (e)
		return e;
	size_t h = memo_slot(m, hv, w, wl);
	m->w[h] = mw;
	m->n++;
	*out = &m->w[h];
	return SW_OK;
}

/* Word w[0..wl) (hash hv) as the memo knows it, worked out if new (*out:
 * valid until the next call). */
static inline sw_err memo_get(const struct classify_lexicon *lx, const struct classify_fbag *b,
			      struct classify_memo *m, enum memo_kind kind, uint64_t hv, const char *w, size_t wl,
			      const struct memo_word **out)
{
	size_t h = m->w ? memo_slot(m, hv, w, wl) : 0;
	if (!m->w || !m->w[h].len)
		return memo_add(lx, b, m, kind, hv, w, wl, out);
	*out = &m->w[h];
	return SW_OK;
}

/* Start fetching the memo's slot of hash hv (the word itself, mostly),
 * for a lookup soon. */
static inline void memo_prefetch_slot(const struct classify_memo *m, uint64_t hv)
{
	if (m->w)
		__builtin_prefetch(&m->w[hv & m->mask]);
}

/* The token before, for bigrams (w NULL: none). */
struct prev_tok {
	const char *w;
	size_t len;  /* stemmed */
	bool cjk;
	long bw;     /* with a model: its id among the bigram words */
};

/* Feature "han:" + s[0..n) (one or two CJK characters; hv its hash) with
 * value v; with a model looked up through the memo (Chinese READMEs repeat
 * characters as English ones repeat words). */
static sw_err han_add(const struct classify_lexicon *lx, struct classify_memo *memo, struct classify_fbag *b,
		      uint64_t hv, const char *s, size_t n, double v)
{
	const struct memo_word *mw;
	if (!b->model)
		return bag_add(b, "han:", s, n, v);
	sw_err e = memo_get(lx, b, memo, MEMO_HAN, hv, s, n, &mw);
	return e ? e : bag_offer_known(b, mw->id, v);
}

/* A CJK character (hash hv) and its pair with the character before (hash
 * hv2, worked out ahead). */
static sw_err han_features(const struct classify_lexicon *lx, struct classify_memo *memo, struct classify_fbag *b,
			   struct prev_tok *p, uint64_t hv, uint64_t hv2, const char *w, size_t wl, double v,
			   bool bigrams)
{
	char tmp[2 * CLASSIFY_MAX_TOKEN + 8];
	sw_err e = han_add(lx, memo, b, hv, w, wl, v);
	if (!e && bigrams && p->w && p->cjk) {
		memcpy(tmp, p->w, p->len);
		memcpy(tmp + p->len, w, wl);
		e = han_add(lx, memo, b, hv2, tmp, p->len + wl, v);
	}
	*p = (struct prev_tok){w, wl, true, -1};
	return e;
}

/* The bigram of the word before and w[0..sl) (stemmed; bw: its bigram word
 * id with a model). */
static sw_err word_bigram(struct classify_fbag *b, const struct prev_tok *p, const char *w, size_t sl, long bw,
			  double v)
{
	if (b->model)
		return bag_offer_known(b, classify_find_bigram(b->model, p->bw, bw), v);
	char tmp[2 * CLASSIFY_MAX_TOKEN + 8];
	memcpy(tmp, p->w, p->len);
	tmp[p->len] = ' ';
	memcpy(tmp + p->len + 1, w, sl);
	return bag_add(b, "bigram:", tmp, p->len + 1 + sl, v);
}

/* The lookups of a text's words are independent and most of their cost is
 * waiting for memory. So, while token i is worked on, the memo slot (the
 * entry) of token i + AHEAD is fetched, token i + LEAD is looked up (its
 * bigram with the token before fetched from the model), and the features
 * are offered in the tokens' order. */
enum { AHEAD = 16, LEAD = 2 };

/* A token as the memo knows it. */
struct word_res {
	bool cjk;
	bool skip;      /* neither a CJK character nor a word feature (too short, a stop word) */
	uint8_t stem;
	int32_t id, bw, group; /* as in memo_word; group CLASSIFY_GROUP_UNKNOWN: not looked up */
};

/* Tokens looked up ahead of the one worked on (a ring, by token % AHEAD). */
struct lookahead {
	uint64_t hv[AHEAD];       /* of tokens i .. i + AHEAD - 1 */
	uint64_t hv2[AHEAD];      /* of the CJK pair each ends, if it does */
	struct word_res r[AHEAD]; /* of tokens i .. i + LEAD */
};

/* Token j's hash, its memo slot being fetched; the same for the pair of
 * CJK characters it ends, if it does (a pair feature han_features adds). */
static inline void ahead_hash(struct lookahead *la, const struct classify_memo *m, const struct classify_toks *t,
			      size_t from, size_t j, bool bigrams)
{
	uint64_t h = classify_hash(classify_tok_at(t, j), t->tok[j].len);
	memo_prefetch_slot(m, h);
	la->hv[j % AHEAD] = h;
	if (bigrams && j > from && t->tok[j].cjk && t->tok[j - 1].cjk) {
		char tmp[2 * CLASSIFY_MAX_TOKEN];
		memcpy(tmp, classify_tok_at(t, j - 1), t->tok[j - 1].len);
		memcpy(tmp + t->tok[j - 1].len, classify_tok_at(t, j), t->tok[j].len);
		h = classify_hash(tmp, t->tok[j - 1].len + t->tok[j].len);
		memo_prefetch_slot(m, h);
	} else {
		h = 0; /* no pair: never read but for a harmless prefetch */
	}
	la->hv2[j % AHEAD] = h;
}

/* Look token j up (from > j: the first); with bigrams, fetch the model's
 * slot of its bigram with token j - 1. */
static sw_err ahead_resolve(struct lookahead *la, const struct classify_lexicon *lx, struct classify_memo *m,
			    const struct classify_toks *t, size_t from, size_t j, bool bigrams,
			    const struct classify_fbag *b)
{
	const char *w = classify_tok_at(t, j);
	size_t wl = t->tok[j].len;
	struct word_res *r = &la->r[j % AHEAD];
	const struct memo_word *mw;
	*r = (struct word_res){.cjk = t->tok[j].cjk, .id = -1, .bw = -1, .group = CLASSIFY_GROUP_UNKNOWN};
	if (r->cjk)
		return SW_OK;
	if (wl < 2 && !isdigit((unsigned char)w[0])) {
		r->skip = true;
		return SW_OK;
	}
	sw_err e = memo_get(lx, b, m, MEMO_WORD, la->hv[j % AHEAD], w, wl, &mw);
	if (e)
		return e;
	*r = (struct word_res){false, mw->stop, mw->stem, mw->id, mw->bw, mw->group};
	const struct word_res *p = &la->r[(j + AHEAD - 1) % AHEAD];
	if (bigrams && b->model && j > from && !p->cjk && !p->skip && !r->skip)
		classify_prefetch_bigram(b->model, p->bw, r->bw);
	return SW_OK;
}

/* Word features (unigrams stemmed, bigrams of consecutive non-stop words,
 * CJK character unigrams and bigrams) of the tokens of t from `from` on. */
static sw_err word_features(const struct classify_lexicon *lx, struct classify_memo *memo, struct classify_toks *t,
			    size_t from, double v, bool bigrams, struct classify_fbag *b)
{
	sw_err e = SW_OK;
	struct prev_tok prev = {0};
	struct lookahead la;
	for (size_t j = from; j < t->n && j < from + AHEAD; j++)
		ahead_hash(&la, memo, t, from, j, bigrams);
	for (size_t j = from; j < t->n && j < from + LEAD && !e; j++)
		e = ahead_resolve(&la, lx, memo, t, from, j, bigrams, b);
	for (size_t i = from; i < t->n && !e; i++) {
		const char *w = classify_tok_at(t, i);
		size_t wl = t->tok[i].len;
		uint64_t h = la.hv[i % AHEAD], h2 = la.hv2[i % AHEAD];
		if (i + LEAD < t->n && (e = ahead_resolve(&la, lx, memo, t, from, i + LEAD, bigrams, b)))
			break;
		struct word_res r = la.r[i % AHEAD];
		t->tok[i].group = r.group; /* for the lexicon's phrases */
		if (i + AHEAD < t->n)
			ahead_hash(&la, memo, t, from, i + AHEAD, bigrams); /* token i's place in the ring, read above */
		if (r.cjk) {
			e = han_features(lx, memo, b, &prev, h, h2, w, wl, v, bigrams);
			continue;
		}
		if (r.skip) {
			prev.w = NULL;
			continue;
		}
		e = b->model ? bag_offer_known(b, r.id, v) : bag_add(b, "word:", w, r.stem, v);
		if (!e && bigrams && prev.w && !prev.cjk)
			e = word_bigram(b, &prev, w, r.stem, r.bw, v);
		prev = (struct prev_tok){w, r.stem, false, r.bw};
	}
	return e;
}

static bool ieq_prefix(const char *s, const char *p)
{
	for (; *p; s++, p++)
		if (tolower((unsigned char)*s) != *p)
			return false;
	return true;
}

/* A repo's text as the steps of classify_extract share it. */
struct repo_text {
	char owner[128];      /* lowercase, "" for none */
	const char *name;
	struct classify_toks nt, dt, tt, rt; /* name, description, topics, README */
	struct classify_memo own, *memo; /* memo: own or the caller's */
};

static void repo_text_init(struct repo_text *x, const char *repo)
{
	const char *slash = strchr(repo, '/');
	size_t olen = slash ? (size_t)(slash - repo) : 0;
	x->name = slash ? slash + 1 : repo;
	snprintf(x->owner, sizeof x->owner, "%.*s", (int)(olen < 100 ? olen : 100), repo);
	for (char *p = x->owner; *p; p++)
		*p = (char)tolower((unsigned char)*p);
}

static void repo_text_release(struct repo_text *x)
{
	classify_toks_release(&x->nt);
	classify_toks_release(&x->dt);
	classify_toks_release(&x->tt);
	classify_toks_release(&x->rt);
	memo_release(&x->own);
}

/* The owner; name tokens (camelCase split) as name and word features, and
 * character 4-grams of the alphanumeric name for glued names. */
static sw_err name_features(const struct classify_lexicon *lx, struct repo_text *x, struct classify_fbag *b)
{
	sw_err e = SW_OK;
	if (x->owner[0])
		e = bag_add(b, "owner:", x->owner, strlen(x->owner), 1);
	if (!e)
		e = classify_tokenize(x->name, strlen(x->name), true, &x->nt);
	for (size_t i = 0; i < x->nt.n && !e; i++)
		if (!x->nt.tok[i].cjk)
			e = bag_add(b, "name:", classify_tok_at(&x->nt, i),
				    classify_stem_len(classify_tok_at(&x->nt, i)), 1);
	if (!e)
		e = word_features(lx, x->memo, &x->nt, 0, 1, false, b);
	if (!e) {
		char alnum[128];
		size_t k = 0;
		alnum[k++] = '^';
		for (const char *p = x->name; *p && k < sizeof alnum - 2; p++)
			if (isalnum((unsigned char)*p))
				alnum[k++] = (char)tolower((unsigned char)*p);
		alnum[k++] = '$';
		for (size_t i = 0; i + 4 <= k && !e; i++)
			e = bag_add(b, "chars:", alnum + i, 4, 1);
	}
	return e;
}

/* Weights of README features: a README word counts less than a
 * description word, the headings and opening paragraph more than the rest,
 * install/usage prose and tables least (chosen by 10-fold CV on the curated
 * repos with a README, docs/classify.md). */
static const double readme_part_weight[CLASSIFY_MD_PARTS] = {
	[CLASSIFY_MD_HEAD] = 0.5, [CLASSIFY_MD_LEAD] = 0.5, [CLASSIFY_MD_BODY] = 0.25,
	[CLASSIFY_MD_LOW] = 0.1, [CLASSIFY_MD_TABLE] = 0.1};
#define README_HOST_WEIGHT 0.25 /* host of a link (arxiv.org, huggingface.co, ...) */
#define README_CODE_WEIGHT 0.25 /* language of a fenced code block */
#define README_LEX_WEIGHT 0.25  /* a lexicon hit in the README */

/* Features of each line of a list (hosts, code languages). */
static sw_err list_features(const struct sw_buf *l, const char *prefix, double v, struct classify_fbag *b)
{
	sw_err e = SW_OK;
	for (const char *p = l->data; p && *p && !e;) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		if (n)
			e = bag_add(b, prefix, p, n, v);
		p += n + (eol ? 1 : 0);
	}
	return e;
}

/* The words of each README part at its weight; the parts a curator reads
 * (not install prose or tables) kept in x->rt for the lexicon. */
static sw_err readme_words(const struct classify_lexicon *lx, const struct classify_md *md, struct repo_text *x,
			   struct classify_fbag *b)
{
	sw_err e = SW_OK;
	struct classify_toks other = {0};
	for (int p = 0; p < CLASSIFY_MD_PARTS && !e; p++) {
		const struct sw_buf *pb = &md->part[p];
		struct classify_toks *t = p != CLASSIFY_MD_LOW && p != CLASSIFY_MD_TABLE ? &x->rt : &other;
		size_t from = t->n;
		if (pb->len)
			e = classify_tokenize(pb->data, pb->len, false, t);
		if (!e)
			e = word_features(lx, x->memo, t, from, readme_part_weight[p], true, b);
	}
	classify_toks_release(&other);
	return e;
}

/* The README, reduced (markdown.c): its parts' words, link hosts and code
 * block languages. */
static sw_err readme_features(const struct classify_lexicon *lx, const struct sw_classify_input *in,
			      struct repo_text *x, struct classify_fbag *b)
{
	size_t n = in->readme_len < SW_CLASSIFY_README_BUDGET ? in->readme_len : SW_CLASSIFY_README_BUDGET;
	struct classify_md md;
	sw_err e = classify_markdown(in->readme, n, &md);
	if (!e)
		e = readme_words(lx, &md, x, b);
	if (!e)
		e = list_features(&md.hosts, "host:", README_HOST_WEIGHT, b);
	if (!e)
		e = list_features(&md.code, "code:", README_CODE_WEIGHT, b);
	classify_md_release(&md);
	return e;
}

/* Description, topics, language and README. */
static sw_err text_features(const struct classify_lexicon *lx, const struct sw_classify_input *in,
			    struct repo_text *x, struct classify_fbag *b)
{
	const char *desc = in->description ? in->description : "";
	sw_err e = classify_tokenize(desc, strlen(desc), false, &x->dt);
	if (!e)
		e = word_features(lx, x->memo, &x->dt, 0, 1, true, b);
	if (!e && x->dt.n == 0)
		e = bag_add(b, "", "no-description", 14, 1);

	if (!e && in->topics && *in->topics) {
		e = classify_tokenize(in->topics, strlen(in->topics), false, &x->tt);
		for (size_t i = 0; i < x->tt.n && !e; i++)
			e = bag_add(b, "topic:", classify_tok_at(&x->tt, i), strlen(classify_tok_at(&x->tt, i)), 1);
		if (!e)
			e = word_features(lx, x->memo, &x->tt, 0, 1, false, b);
	}
	if (!e && in->language && *in->language) {
		char lang[64];
		snprintf(lang, sizeof lang, "%s", in->language);
		for (char *p = lang; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		e = bag_add(b, "language:", lang, strlen(lang), 1);
	}
	if (!e && in->readme && in->readme_len)
		e = readme_features(lx, in, x, b);
	return e;
}

/* Lexicon: owner and name prefix, then phrases in name+description+topics;
 * phrases in the README count like README words: less. */
static sw_err lexicon_features(const struct classify_lexicon *lx, const struct repo_text *x,
			       struct classify_fbag *b)
{
	bool *hit = calloc(lx->n + 1, sizeof *hit);
	if (!hit)
		return SW_ENOMEM;
	classify_lexicon_phrases(lx, &x->nt, hit);
	classify_lexicon_phrases(lx, &x->dt, hit);
	classify_lexicon_phrases(lx, &x->tt, hit);
	sw_err e = SW_OK;
	for (size_t i = 0; i < lx->n && !e; i++) {
		const struct classify_lex_entry *le = &lx->e[i];
		if (le->kind == CLASSIFY_LEX_OWNER)
			hit[i] = !strcmp(x->owner, le->pattern);
		else if (le->kind == CLASSIFY_LEX_PREFIX)
			hit[i] = ieq_prefix(x->name, le->pattern);
		if (hit[i])
			e = bag_add(b, "lexicon:", le->label, strlen(le->label), 1);
	}
	memset(hit, 0, lx->n * sizeof *hit);
	classify_lexicon_phrases(lx, &x->rt, hit);
	for (size_t i = 0; i < lx->n && !e; i++)
		if (hit[i])
			e = bag_add(b, "lexicon:", lx->e[i].label, strlen(lx->e[i].label), README_LEX_WEIGHT);
	free(hit);
	return e;
}

sw_err classify_extract(const struct classify_lexicon *lx, const struct sw_classify_input *in,
			struct classify_memo *memo, struct classify_fbag *b)
{
	struct repo_text x = {0};
	x.memo = memo ? memo : &x.own;
	memo_for(x.memo, lx, b);
	repo_text_init(&x, in->repo ? in->repo : "");
	sw_err e = memo && b->model && !b->seen ? memo_lend(memo, b) : SW_OK;
	if (!e)
		e = name_features(lx, &x, b);
	if (!e)
		e = text_features(lx, in, &x, b);
	if (!e)
		e = lexicon_features(lx, &x, b);
	if (!e)
		e = bag_finish(b);
	if (memo)
		memo_take_back(memo, b);
	repo_text_release(&x);
	return e;
}
