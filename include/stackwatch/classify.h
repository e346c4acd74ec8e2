/* classify.h: automatic classification of repos into the AI-stack taxonomy.
 *
 * A linear model (multinomial logistic regression over joint
 * "layer/subcategory" classes) reads only text: owner/name, description and,
 * when known, topics, language and README text. Features are words and word
 * bigrams, Han-character bigrams, name tokens and character n-grams of the
 * name, the owner, and the hits of a hand-written lexicon of generic domain
 * knowledge (data/classifier_lexicon.tsv). Decoding is hierarchical: the
 * layer with the highest summed probability wins, then its best
 * subcategory. Training and fold assignment are deterministic, so the same
 * data gives a byte-identical model file.
 *
 * Ownership: a struct sw_classify_model is an opaque heap object freed with
 * sw_classify_model_free (NULL ok). Strings in a struct sw_classify_result
 * point into the model and live as long as it. Tables returned through
 * `struct sw_table **` are the caller's (sw_table_free). Inputs are borrowed. */
#ifndef STACKWATCH_CLASSIFY_H
#define STACKWATCH_CLASSIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stackwatch/core.h"

/* README text beyond this many bytes is ignored (the budget that keeps
 * memory bounded whatever the README size). */
#define SW_CLASSIFY_README_BUDGET ((size_t)16384)
/* Automatic results whose (calibrated) layer confidence is below this are
 * "needs review", not labels: above it, labels were right on layer 85-89%
 * of the time in cross-validation (docs/classify.md). */
#define SW_CLASSIFY_DEFAULT_THRESHOLD 0.77
/* The layer precision automatic labels are meant to have (--evaluate
 * reports the threshold that reaches it in cross-validation). */
#define SW_CLASSIFY_TRUST_PRECISION 0.85
/* Model files larger than this are refused. */
#define SW_CLASSIFY_MODEL_MAX ((size_t)64 << 20)

/* The text of one repo (all fields optional except repo). */
struct sw_classify_input {
	const char *repo;         /* "owner/name" */
	const char *description;
	const char *topics;       /* comma- or space-separated */
	const char *language;
	const char *readme;       /* need not be NUL-terminated; see readme_len */
	size_t readme_len;        /* only the first SW_CLASSIFY_README_BUDGET bytes are read */
};

/* A labelled example for training/evaluation. */
struct sw_classify_example {
	struct sw_classify_input in;
	const char *layer;
	const char *subcat;       /* NULL or "" for none */
};

struct sw_classify_model;

struct sw_classify_result {
	const char *layer, *subcat;   /* subcat "" when none; owned by the model */
	double confidence;            /* layer_confidence * P(subcat | layer), in [0,1] */
	/* P(layer): calibrated when the model is (sw_classify_calibrate), so
	 * that it estimates the chance the layer is right. */
	double layer_confidence;
	double second_layer_confidence; /* P(the next most likely layer), same scale */
	const char *runner_layer, *runner_subcat; /* second most likely class */
	double runner_confidence;
};

/* The model shipped in data/classifier.model (trained from the curated list). */
sw_err sw_classify_model_default(struct sw_classify_model **out, struct sw_error *err) SW_MUST_CHECK;
/* Parse a model file held in memory; `name` appears in messages. */
sw_err sw_classify_model_parse(const char *name, const char *data, size_t len,
			       struct sw_classify_model **out, struct sw_error *err) SW_MUST_CHECK;
sw_err sw_classify_model_load(const char *path, struct sw_classify_model **out,
			      struct sw_error *err) SW_MUST_CHECK;
/* Serialise (deterministic text format, appended to out). */
sw_err sw_classify_model_write(const struct sw_classify_model *m, struct sw_buf *out,
			       struct sw_error *err) SW_MUST_CHECK;
void sw_classify_model_free(struct sw_classify_model *m);
/* Number of training examples the model was built from. */
size_t sw_classify_model_examples(const struct sw_classify_model *m);

/* Train on n examples with the lexicon text (NULL: the embedded
 * data/classifier_lexicon.tsv). Needs at least 2 examples and 2 classes. */
sw_err sw_classify_train(const struct sw_classify_example *ex, size_t n, const char *lexicon,
			 struct sw_classify_model **out, struct sw_error *err) SW_MUST_CHECK;

/* Fit m's calibration: the map from P(layer) to the probability that the
 * layer is right, from the out-of-fold P(layer) of `folds` models trained
 * on ex (the examples m was trained on, with the same lexicon) without
 * the repos they score. Until then a model's layer confidence is its raw
 * P(layer). Costs `folds` trainings. */
sw_err sw_classify_calibrate(struct sw_classify_model *m, const struct sw_classify_example *ex, size_t n,
			     size_t folds, const char *lexicon, struct sw_error *err) SW_MUST_CHECK;
/* Folds of the calibration of the shipped and store-trained models. */
#define SW_CLASSIFY_CALIBRATION_FOLDS 5

/* Check a lexicon text (kind<TAB>pattern<TAB>label lines); `name` appears
 * in messages with the line number. */
sw_err sw_classify_lexicon_check(const char *name, const char *text, struct sw_error *err) SW_MUST_CHECK;

sw_err sw_classify_predict(const struct sw_classify_model *m, const struct sw_classify_input *in,
			   struct sw_classify_result *out, struct sw_error *err) SW_MUST_CHECK;

/* Evidence for a prediction: table "explain" with columns feature, value,
 * weight (contribution to the predicted class), runner_up_weight; the
 * `limit` strongest contributions first (0: 12). */
sw_err sw_classify_explain(const struct sw_classify_model *m, const struct sw_classify_input *in,
			   size_t limit, struct sw_classify_result *res, struct sw_table **out,
			   struct sw_error *err) SW_MUST_CHECK;

/* ---- evaluation (k-fold cross-validation) ---- */
struct sw_classify_eval {
	size_t n, folds;
	double layer_accuracy, joint_accuracy;  /* joint: layer and subcategory */
	double layer_macro_f1, joint_macro_f1;
	struct sw_table *summary;   /* metric, value */
	struct sw_table *per_layer; /* layer, support, precision, recall, f1 */
	struct sw_table *confusion; /* actual layer x predicted layer counts */
	/* Trusted labels: the lowest layer confidence at which the repos at or
	 * above it have a layer precision >= SW_CLASSIFY_TRUST_PRECISION (1 when
	 * none), the share of repos there and their precisions. */
	double trust_threshold, trust_coverage, trust_precision, trust_joint_precision;
	/* Layer precision of the most confident half of the repos: how far the
	 * trusted-label goal (that precision at 50% coverage) is. */
	double half_precision;
	struct sw_table *reliability; /* deciles by layer confidence: accuracy, coverage, precision */
	struct sw_table *inputs;      /* with and without READMEs; NULL when no example has one */
};
void sw_classify_eval_release(struct sw_classify_eval *ev);
/* Each fold's model is trained on the other folds only (vocabulary too).
 * Folds come from a fixed-seed shuffle, so results are reproducible. */
sw_err sw_classify_evaluate(const struct sw_classify_example *ex, size_t n, size_t folds,
			    const char *lexicon, struct sw_classify_eval *out,
			    struct sw_error *err) SW_MUST_CHECK;
/* Same with another fold assignment: seed 0 gives the folds of
 * sw_classify_evaluate; other seeds other (equally reproducible) shuffles,
 * to tell a real difference from the luck of one split. */
sw_err sw_classify_evaluate_seeded(const struct sw_classify_example *ex, size_t n, size_t folds,
				   uint64_t seed, const char *lexicon, struct sw_classify_eval *out,
				   struct sw_error *err) SW_MUST_CHECK;
/* Same, with folds and figures over the examples whose scored[i] is true
 * only (NULL: all); the others are in every fold's training set, as they
 * are in a model trained on all of them (e.g. the curated repos without a
 * README, which the shipped model learns from too). */
sw_err sw_classify_evaluate_scored(const struct sw_classify_example *ex, size_t n, const bool *scored,
				   size_t folds, uint64_t seed, const char *lexicon, struct sw_classify_eval *out,
				   struct sw_error *err) SW_MUST_CHECK;

/* ---- examples from records / the store ---- */
struct sw_classify_examples {
	struct sw_classify_example *items;
	size_t n;
	void *owned_; /* private */
};
void sw_classify_examples_release(struct sw_classify_examples *x);
/* Labelled examples from a record set (rows without a category skipped);
 * strings borrowed from the set. */
sw_err sw_classify_examples_from_records(const struct sw_record_set *set, struct sw_classify_examples *out,
					 struct sw_error *err) SW_MUST_CHECK;
/* Tracked repos with a curated or override label (the effective one). */
sw_err sw_classify_examples_from_store(struct sw_store *s, struct sw_classify_examples *out,
				       struct sw_error *err) SW_MUST_CHECK;

/* ---- READMEs from files ---- */
/* JSON Lines, one object a line with "repo" ("owner/name") and "readme"
 * (its text, "" or null for none); other fields are ignored. This is what
 * `update --readmes` stores, so a model trained with these files reads the
 * store's READMEs the same way. Each text is kept up to
 * SW_CLASSIFY_README_BUDGET bytes. A repo given again (later in a file, or
 * in a later file) takes the later text. Repos match ASCII
 * case-insensitively. */
struct sw_classify_readme {
	char *repo;
	char *text;    /* NUL-terminated; "" for none */
	size_t len;
	size_t seq;    /* private: order of reading */
};
struct sw_classify_readmes {
	struct sw_classify_readme *items; /* sorted by repo */
	size_t n;
	size_t alloc_; /* private */
};
void sw_classify_readmes_release(struct sw_classify_readmes *r);
/* Add the records of data[0..len) (`name` in messages: "NAME:LINE: ...").
 * On failure r is as it was. */
sw_err sw_classify_readmes_parse(const char *name, const char *data, size_t len, struct sw_classify_readmes *r,
				 struct sw_error *err) SW_MUST_CHECK;
/* The same from a file, read a line at a time. */
sw_err sw_classify_readmes_load(const char *path, struct sw_classify_readmes *r,
				struct sw_error *err) SW_MUST_CHECK;
/* The same on `threads` threads (the caller's among them): a regular file
 * of 4 MiB or more is mapped and its parts, cut at line ends, read at
 * once; the result is the same as with one. */
sw_err sw_classify_readmes_load_threads(const char *path, int threads, struct sw_classify_readmes *r,
					struct sw_error *err) SW_MUST_CHECK;
/* The README of repo, or NULL. Borrowed from r. */
const struct sw_classify_readme *sw_classify_readmes_find(const struct sw_classify_readmes *r, const char *repo);
/* Point each example's README at r's text for its repo (borrowed; r must
 * outlive x). Examples without one keep theirs. */
void sw_classify_examples_add_readmes(struct sw_classify_examples *x, const struct sw_classify_readmes *r);
/* Keep only the examples with a non-empty README (order kept). */
void sw_classify_examples_keep_readme(struct sw_classify_examples *x);

/* Table "classify" (repo, layer, subcat, confidence) for every record of a
 * set, from its text only (category/subcat columns are ignored) and its
 * README in readmes (NULL: none), on `threads` threads (the caller's among
 * them; < 1: one). The table is the same whatever the threads. */
sw_err sw_classify_records(const struct sw_classify_model *m, const struct sw_record_set *set,
			   const struct sw_classify_readmes *readmes, int threads, struct sw_table **out,
			   struct sw_error *err) SW_MUST_CHECK;

/* Which model to use for a store: trained from its curated labels when it
 * has at least `min_examples` over 2+ layers, else the shipped one.
 * *trained_from_store tells which. */
#define SW_CLASSIFY_MIN_STORE_EXAMPLES 100
sw_err sw_classify_model_for_store(struct sw_store *s, struct sw_classify_model **out,
				   bool *trained_from_store, struct sw_error *err) SW_MUST_CHECK;

/* Classify every tracked repo without a curated/override label, in one
 * transaction. Confidence >= threshold: stored as an automatic label
 * (SW_CLASS_AUTOMATIC). Below: the automatic label is removed and the repo
 * is marked "needs review" (table classify_results keeps the suggestion).
 * Curated and override labels are never touched. Table "classify":
 * repo, layer, subcat, confidence, status, runner_up. */
struct sw_classify_run {
	size_t classified, needs_review, skipped_curated;
	size_t with_topics, with_readme; /* of the classified + needs_review */
};
sw_err sw_classify_store(struct sw_store *s, const struct sw_classify_model *m, double threshold,
			 int64_t now, struct sw_classify_run *stats, struct sw_table **out,
			 struct sw_error *err) SW_MUST_CHECK;
/* The stored status of a repo: "automatic", "needs review" or NULL (never
 * classified automatically). Static string. */
const char *sw_classify_status(struct sw_store *s, int64_t repo_id);
/* Table "needs_review" (repo, suggested_layer, suggested_subcat,
 * layer_confidence, runner_up_layer, stars): the repos whose automatic
 * result needs review and that still have no curated or override label,
 * most uncertain first (in bands of 0.05 of layer confidence), the
 * most-starred first among those; at most `limit` rows (0: all). */
sw_err sw_classify_review_queue(struct sw_store *s, size_t limit, struct sw_table **out,
				struct sw_error *err) SW_MUST_CHECK;

#endif
