/* classify_int.h: private pieces of the classify subsystem, shared by its
 * files. The pipeline (see include/stackwatch/classify.h): text fields ->
 * tokens -> sparse features -> multinomial logistic regression over joint
 * classes -> hierarchical decoding.
 *
 * Files, each using only those above it in this list:
 *   tokenizer.c  words and CJK characters of a text
 *   markdown.c   a README's markup reduced to weighted parts of plain text
 *   lexicon.c    the hand-written lexicon (stop words, owner/prefix/text rules)
 *   features.c   a repo's text -> sorted feature bag (for a prediction, only
 *                the model's features, looked up in model.c's index)
 *   model.c      the model object, its feature index, its text file format
 *   predict.c    class probabilities, hierarchical decision, the Platt map
 *                of P(layer), explain
 *   train.c      full-batch Adam training
 *   calibrate.c  fitting the Platt map on out-of-fold P(layer)
 *   evaluate.c   k-fold cross-validation
 *   examples.c   labelled examples from records or the store
 *   jsonline.c   the usual line of a README file, read without a JSON tree
 *   readmes.c    README files (JSON Lines) and attaching them to examples
 *   store.c      classifying files and the store; classify_results table */
#ifndef STACKWATCH_CLASSIFY_INT_H
#define STACKWATCH_CLASSIFY_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/core_int.h"
#include "stackwatch/classify.h"

#define CLASSIFY_MAX_TOKEN 48     /* longer ASCII tokens are truncated */
#define CLASSIFY_MAX_CLASSES 4096

/* "" for NULL. */
static inline const char *classify_nz(const char *s)
{
	return s ? s : "";
}

/* ASCII letters and digits, as isalnum for c < 0x80 without the locale
 * call (the hot loops run it on every byte). */
static inline bool classify_ascii_alnum(unsigned char c)
{
	return (unsigned char)((c | 0x20) - 'a') < 26 || (unsigned char)(c - '0') < 10;
}

/* strcmp for qsort/bsearch over arrays of strings (lexicon.c). */
int classify_cmp_str(const void *a, const void *b);

/* ---- tokenizer.c ---- */

#define CLASSIFY_GROUP_UNKNOWN (-2)
struct classify_tok {
	size_t off;   /* in the text */
	size_t len;
	bool cjk;     /* a CJK character, not a word */
	int32_t group;/* its stem's lexicon group once known (-1 none), else CLASSIFY_GROUP_UNKNOWN */
};
struct classify_toks {
	struct sw_buf text; /* NUL-separated tokens */
	struct classify_tok *tok;
	size_t n, alloc;
};

static inline const char *classify_tok_at(const struct classify_toks *t, size_t i)
{
	return t->text.data + t->tok[i].off;
}

void classify_toks_release(struct classify_toks *t);
/* Split text into lowercase ASCII alphanumeric words and single CJK
 * characters (appended to out). camel: also split "LlamaIndex" into
 * "llama" "index" (names). */
sw_err classify_tokenize(const char *s, size_t n, bool camel, struct classify_toks *out) SW_MUST_CHECK;
/* Length of w after light English stemming (plural -s); of w[0..n). */
size_t classify_stem_len(const char *w);
size_t classify_stem_n(const char *w, size_t n);
/* Append " tok tok ... " (stemmed) of a token list, for phrase matching. */
sw_err classify_joined(const struct classify_toks *t, struct sw_buf *out) SW_MUST_CHECK;
/* 64-bit hash of s[0..n) (word at a time; inline: it runs for every word).
 * The last 1-7 bytes are read as two overlapping 4-byte words, or 3 bytes
 * (a copy of a variable length would go through memory). Only tables use
 * it: no output depends on its values. */
static inline uint64_t classify_hash(const char *s, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n;
	for (; n >= 8; s += 8, n -= 8) {
		uint64_t w;
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	if (n) {
		uint64_t w;
		if (n >= 4) {
			uint32_t a, b;
			memcpy(&a, s, 4);
			memcpy(&b, s + n - 4, 4);
			w = (uint64_t)a << 32 | b;
		} else {
			w = (uint64_t)(unsigned char)s[0] << 16 | (uint64_t)(unsigned char)s[n / 2] << 8 |
			    (unsigned char)s[n - 1];
		}
		h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
	}
	h ^= h >> 29;
	h *= 0xff51afd7ed558ccdULL;
	return h ^ (h >> 32);
}

/* Table of n distinct strings (keys) by their hash, open addressing; the
 * keys stay with the caller: key(ctx, i, &s, &len) gives key i. */
typedef void classify_strtab_key(const void *ctx, size_t i, const char **s, size_t *len);
struct classify_strtab {
	struct classify_slot {
		uint32_t id1;  /* key index + 1, 0 empty */
		uint32_t tag;  /* high half of the key's hash */
	} *slot;
	size_t mask;
};
sw_err classify_strtab_build(struct classify_strtab *t, size_t n, classify_strtab_key *key,
			     const void *ctx) SW_MUST_CHECK;
/* Index of key s[0..n), -1 if none (key, ctx: as built); _hashed: its
 * classify_hash given. Inline, so that key is inlined at each use. */
static inline long classify_strtab_find_hashed(const struct classify_strtab *t, uint64_t hv, const char *s,
					       size_t n, classify_strtab_key *key, const void *ctx)
{
	if (!t->slot)
		return -1;
	uint32_t tag = (uint32_t)(hv >> 32);
	for (size_t h = (size_t)hv & t->mask; t->slot[h].id1; h = (h + 1) & t->mask) {
		if (t->slot[h].tag != tag)
			continue;
		const char *k;
		size_t kl;
		key(ctx, t->slot[h].id1 - 1, &k, &kl);
		if (kl == n && !memcmp(k, s, n))
			return (long)(t->slot[h].id1 - 1);
	}
	return -1;
}

static inline long classify_strtab_find(const struct classify_strtab *t, const char *s, size_t n,
					classify_strtab_key *key, const void *ctx)
{
	return classify_strtab_find_hashed(t, classify_hash(s, n), s, n, key, ctx);
}

/* Add key i (keys 0..i-1 already in; hv its hash), growing the table. */
sw_err classify_strtab_add(struct classify_strtab *t, size_t i, uint64_t hv, classify_strtab_key *key,
			   const void *ctx) SW_MUST_CHECK;
void classify_strtab_release(struct classify_strtab *t);

/* ---- markdown.c ---- */

/* The parts of a README, by how much a curator reads into them. */
enum classify_md_part {
	CLASSIFY_MD_HEAD,   /* headings (the title included) */
	CLASSIFY_MD_LEAD,   /* the opening paragraph */
	CLASSIFY_MD_BODY,   /* other prose */
	CLASSIFY_MD_LOW,    /* prose of installation/usage/deployment sections */
	CLASSIFY_MD_TABLE,  /* table cells */
	CLASSIFY_MD_PARTS
};
struct classify_md {
	struct sw_buf part[CLASSIFY_MD_PARTS]; /* plain text, one paragraph a line */
	struct sw_buf hosts;  /* host of each link or URL, one a line, lowercase */
	struct sw_buf code;   /* language of each fenced code block, one a line */
};
void classify_md_release(struct classify_md *md);
/* s[0..n) (Markdown, HTML or reStructuredText; up to a NUL) into out, which
 * it initialises; each part is at most n bytes. */
sw_err classify_markdown(const char *s, size_t n, struct classify_md *out) SW_MUST_CHECK;

/* ---- lexicon.c ---- */

enum classify_lex_kind { CLASSIFY_LEX_OWNER, CLASSIFY_LEX_PREFIX, CLASSIFY_LEX_TEXT };
struct classify_lex_entry {
	enum classify_lex_kind kind;
	char *pattern;  /* owner/prefix: lowercase; text: " tok tok " */
	char *label;
};
struct classify_lexicon {
	struct classify_lex_entry *e;
	size_t n;
	char **stop;    /* sorted */
	size_t nstop;
	size_t *phrase; /* indexes of the text entries, grouped by first word */
	size_t *group;  /* group g is phrase[group[g] .. group[g + 1]) */
	size_t ngroup;
	struct classify_strtab group_index; /* of the groups' first words */
	struct classify_strtab stop_index;
	char *source;   /* the lexicon text as given (written into model files) */
};

/* Parse lexicon text; `name` appears in messages. On failure lx is empty. */
sw_err classify_lexicon_parse(const char *name, const char *text, struct classify_lexicon *lx,
			      struct sw_error *err) SW_MUST_CHECK;
void classify_lexicon_release(struct classify_lexicon *lx);
bool classify_lexicon_is_stop(const struct classify_lexicon *lx, const char *w, size_t n);
/* The group of the text entries whose first word is w[0..n) (stemmed), -1
 * if none. */
long classify_lexicon_group(const struct classify_lexicon *lx, const char *w, size_t n);
/* hit[k] = true for each text entry k whose phrase is among the stemmed
 * tokens of t (hit: lx->n entries; others left as they are); a token's
 * group is looked up unless known. */
void classify_lexicon_phrases(const struct classify_lexicon *lx, const struct classify_toks *t, bool *hit);
/* The shipped data/classifier_lexicon.tsv ("" if not built in). */
const char *classify_lexicon_default(void);

/* ---- features.c ---- */

struct classify_feat {
	size_t off;   /* in bag text; in a bag with a model, the model's index */
	double val;
	const char *s;/* set when the bag is finished, once the text no longer moves */
};
/* A repo's features, sorted by name and unique once extracted. With a
 * model set before extracting, only the model's features are kept, by
 * index, without their text (what a prediction needs). */
struct classify_fbag {
	const struct sw_classify_model *model;
	struct sw_buf text;
	struct classify_feat *f;
	size_t n, alloc;
	size_t offered; /* features offered, kept or not (the per-repo bound) */
	uint64_t *seen; /* with a model: a bit per model feature in the bag */
	uint32_t *pos;  /* with a model: where in f each seen feature is */
};

static inline const char *classify_bag_name(const struct classify_fbag *b, size_t i);

void classify_bag_release(struct classify_fbag *b);
/* A model's non-zero weights, feature by feature (built by predict.c):
 * what a prediction reads, a quarter of the dense weights' memory. */
struct classify_rows {
	const struct sw_classify_model *model; /* whose weights; NULL: none yet */
	uint32_t *start;  /* feature f's weights are [start[f], start[f + 1]) */
	uint16_t *cls;    /* of each weight */
	double *w;
};
void classify_rows_release(struct classify_rows *r);
/* What one thread keeps from one repo to the next: the words already
 * looked up (bounded) and the model's rows. */
struct classify_memo;
struct classify_memo *classify_memo_new(void);
void classify_memo_free(struct classify_memo *m);
/* The memo's rows (to be built for the model the caller predicts with). */
struct classify_rows *classify_memo_rows(struct classify_memo *m);
/* The features of one repo into an empty bag; memo: NULL, or one kept
 * across calls (it starts over when the bag's model changes). */
sw_err classify_extract(const struct classify_lexicon *lx, const struct sw_classify_input *in,
			struct classify_memo *memo, struct classify_fbag *b) SW_MUST_CHECK;

/* ---- model.c ---- */

struct sw_classify_model {
	size_t nclass;
	char **layer, **subcat;      /* per class; subcat "" for none */
	size_t *class_layer;         /* index into layers */
	size_t nlayer;
	char **layers;
	size_t nfeat;
	char **feat;                 /* sorted */
	size_t *featlen;             /* strlen of each, with the index */
	double *w;                   /* nfeat x nclass */
	double *bias;                /* nclass */
	struct classify_strtab index; /* of feat */
	const char **bword;          /* the words of the bigram features (in feat) */
	size_t *bword_len, nbword;
	struct classify_strtab bword_index;
	struct classify_bpair {      /* the bigram features by their two bword ids */
		uint32_t a, b;
		uint32_t feat1;      /* index in feat + 1; 0: an empty slot */
	} *bpair;                    /* open addressing, at most half full */
	size_t bpair_mask;
	struct classify_lexicon lex;
	size_t nexamples;
	/* Platt map of P(layer) (calibrate.c); without it P(layer) as is. */
	bool calibrated;
	double calib_a, calib_b;
};

/* sw_classify_predict with a memo kept across calls (NULL: none). */
sw_err classify_predict(const struct sw_classify_model *m, const struct sw_classify_input *in,
			struct classify_memo *memo, struct sw_classify_result *out, struct sw_error *err) SW_MUST_CHECK;

/* The feature index over m->feat (after the features are final). */
sw_err classify_build_index(struct sw_classify_model *m) SW_MUST_CHECK;
/* The id of w[0..n) among the words of the model's bigram features, -1 if
 * none; the index of the feature "bigram:A B" of two such ids, -1 none. */
long classify_find_bigram_word(const struct sw_classify_model *m, const char *w, size_t n);
long classify_find_bigram(const struct sw_classify_model *m, long a, long b);
/* Start fetching what classify_find_bigram(m, a, b) will read. */
void classify_prefetch_bigram(const struct sw_classify_model *m, long a, long b);
/* Index of feature f[0..n) in the model, -1 if it has none. */
long classify_find_feat(const struct sw_classify_model *m, const char *f, size_t n);

static inline const char *classify_bag_name(const struct classify_fbag *b, size_t i)
{
	return b->model ? b->model->feat[b->f[i].off] : b->text.data + b->f[i].off;
}
/* Layers in order of first appearance among the classes (classes are
 * sorted, so this is alphabetical) and each class's layer. */
sw_err classify_build_layers(struct sw_classify_model *m) SW_MUST_CHECK;

/* ---- predict.c: the calibration map ---- */

/* Platt's q = 1 / (1 + exp(-(a * logit(p) + b))). */
double classify_calibrated(double a, double b, double p);
/* (a, b) that best predict ok[i] from p[i] (logistic loss). */
void classify_platt_fit(const double *p, const bool *ok, size_t n, double *a, double *b);

/* ---- jsonline.c ---- */

struct classify_jsonline {
	const char *repo;   /* in the line (no escapes) */
	size_t repo_len;
	bool readme_set;    /* "readme" is a string (decoded into the buffer) or null */
};
/* A line s[0..n) of the usual shape: an object of distinct unescaped keys
 * whose values are strings, null or small integers, "repo" an unescaped
 * string, "readme" a string or null. The readme's text is decoded into *readme (reset first) up to at
 * least `keep` bytes, or whole if shorter. False: not of that shape (or
 * not JSON); the caller asks the JSON library. */
bool classify_jsonline(const char *s, size_t n, size_t keep, struct sw_buf *readme, struct classify_jsonline *out);

/* ---- store.c ---- */

/* The classify_results table (stackwatch classify on the store). */
extern const struct store_schema classify_schema;

#endif
