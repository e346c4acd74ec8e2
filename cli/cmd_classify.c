/* cmd_classify.c: `stackwatch classify`: automatic layer/subcategory labels,
 * their evidence, cross-validation and model training. Argument parsing
 * and printing only; the work is in lib/classify. One function per mode:
 * learn (--train, --evaluate), explain (--explain), label (the default). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "stackwatch/classify.h"
#include "stackwatch/core.h"

static const struct sw_cmd_doc doc = {
	.usage = "stackwatch classify [FILE [--readmes R.jsonl]...] [OPTIONS]\n"
		 "stackwatch classify --explain OWNER/REPO [FILE]\n"
		 "stackwatch classify --evaluate [--folds N] [--seed N] [FILE]\n"
		 "stackwatch classify --train [FILE] --out MODEL",
	.about = "Put repos into an AI-stack layer and subcategory from their text alone (owner/name, "
		 "description; topics, language and README when the store has them, or READMEs "
		 "given with --readmes).\n"
		 "\n"
		 "  classify FILE         classify every row of a snapshot file (CSV or JSON, as for\n"
		 "                        import), ignoring its category/subcat columns; prints\n"
		 "                        repo,layer,subcat,confidence. Uses the shipped model.\n"
		 "  classify              classify every tracked repo of the store that has no\n"
		 "                        curated label and store the result as 'automatic';\n"
		 "                        when its layer's probability is below --threshold the\n"
		 "                        repo is marked 'needs review' instead (listed by\n"
		 "                        `review --labels`). Curated labels are never changed.\n"
		 "                        The model is trained from the store's curated labels\n"
		 "                        when it has at least 100 over 2+ layers, else the\n"
		 "                        shipped model.",
	.epilogue = "The shipped model is data/classifier.model, built by\n"
		    "  stackwatch classify --train llama-police-2024-11-05.csv \\\n"
		    "      --readmes llama-police-readmes-a.jsonl --out data/classifier.model",
	.args = {"FILE", 0, 1},
};

/* One run: what the options asked for, then what it loaded (released by
 * release()). */
struct classify {
	enum sw_fmt fmt;
	const char *file, *explain, *out, *model_path, *lexicon_path;
	bool evaluate, train;
	int64_t folds, limit, seed; /* seed < 0: not given */
	int64_t threads;
	double threshold;
	struct sw_error err;
	struct sw_record_set set;
	struct sw_store *s;
	struct sw_classify_model *m;
	struct sw_buf lex;
	const char *lexicon; /* the text of --lexicon; NULL: the shipped one */
	const char *readme_v[64];
	struct sw_opt_list readme_paths; /* --readmes, in order (a later file wins) */
	struct sw_classify_readmes readmes;
	bool readme_only;
	bool score_readme; /* --evaluate: fold and score only the repos with a README */
};

static int load_records(const char *path, struct sw_record_set *set, struct sw_error *err)
{
	sw_err e = sw_records_load(path, set, err);
	if (e)
		return sw_cli_fail(err);
	for (size_t i = 0; i < set->nwarnings; i++)
		sw_cli_warn("%s", set->warnings[i]);
	return SW_EXIT_OK;
}

static int print_all(struct sw_table *const *tabs, size_t n, enum sw_fmt fmt)
{
	if (fmt == SW_FMT_JSON) {
		/* One JSON object keyed by table name. */
		struct sw_buf b = SW_BUF_INIT;
		sw_err e = sw_buf_putc(&b, '{');
		for (size_t i = 0; i < n && !e; i++) {
			e = sw_buf_printf(&b, "%s\"%s\":", i ? "," : "", sw_table_name(tabs[i]));
			if (!e)
				e = sw_table_render(tabs[i], SW_FMT_JSON, 0, &b);
			/* drop a trailing newline from the rendered array */
			while (!e && b.len && (b.data[b.len - 1] == '\n'))
				b.data[--b.len] = '\0';
		}
		if (!e)
			e = sw_buf_puts(&b, "}\n");
		bool ok = !e && sw_cli_write(b.data, b.len);
		sw_buf_release(&b);
		return ok ? SW_EXIT_OK : SW_EXIT_FAIL;
	}
	int rc = SW_EXIT_OK;
	for (size_t i = 0; i < n && rc == SW_EXIT_OK; i++) {
		if (i && fmt != SW_FMT_CSV && !sw_cli_write("\n", 1))
			return SW_EXIT_FAIL;
		if (i && fmt == SW_FMT_CSV && !sw_cli_write("\n", 1))
			return SW_EXIT_FAIL;
		rc = sw_cli_print_table(tabs[i], fmt);
	}
	return rc;
}

static int write_model(const struct sw_classify_model *m, const char *out, struct sw_error *err)
{
	struct sw_buf b = SW_BUF_INIT;
	sw_err e = sw_classify_model_write(m, &b, err);
	if (e) {
		sw_buf_release(&b);
		return sw_cli_fail(err);
	}
	/* Write a temporary file and rename, so a failure leaves no half model. */
	size_t tl = strlen(out) + 8;
	char *tmp = malloc(tl);
	if (!tmp) {
		sw_buf_release(&b);
		sw_error_set(err, SW_ENOMEM, "out of memory");
		return sw_cli_fail(err);
	}
	snprintf(tmp, tl, "%s.tmp", out);
	FILE *f = fopen(tmp, "wb");
	bool ok = f && fwrite(b.data, 1, b.len, f) == b.len;
	if (f && fclose(f) != 0)
		ok = false;
	if (ok && rename(tmp, out) != 0)
		ok = false;
	if (!ok) {
		remove(tmp);
		sw_error_set(err, SW_EIO, "%s: could not write the model", out);
	}
	free(tmp);
	sw_buf_release(&b);
	return ok ? SW_EXIT_OK : sw_cli_fail(err);
}

/* Parse argv into c and check that the modes and their options agree. */
static int parse(struct sw_cli *cli, struct classify *c, int argc, char **argv)
{
	const struct sw_option opts[] = {
		SW_OPT_HEADING("Modes:"),
		SW_OPT_STRING("explain", &c->explain, "OWNER/REPO",
			      "prediction, runner-up and the features that decided (the repo is looked up in "
			      "FILE if given, else in the store)"),
		SW_OPT_FLAG("evaluate", &c->evaluate,
			    "k-fold cross-validation over the curated labels of FILE (or the store): accuracy, "
			    "macro-F1, confusion matrix, reliability of the confidence, with and without READMEs"),
		SW_OPT_FLAG("train", &c->train, "train a model from the labels of FILE (or the store)"),
		SW_OPT_HEADING("Options:"),
		SW_OPT_LIST("readmes", &c->readme_paths, "PATH",
				"README texts of FILE's repos (JSON Lines: repo, readme), read with their "
				"names and descriptions; repeatable, a later file wins for a repo"),
		SW_OPT_FLAG("readme-only", &c->readme_only,
			    "--train/--evaluate: only the labelled repos with a README in --readmes"),
		SW_OPT_FLAG("score-readme-only", &c->score_readme,
			    "--evaluate: fold and score only the labelled repos with a README; the others "
			    "stay in every fold's training set, as in a model trained on them all"),
		SW_OPT_INT("folds", &c->folds, 2, 1000, "N", "folds for --evaluate (default 10)"),
		SW_OPT_INT("seed", &c->seed, 0, INT64_MAX, "N",
			   "fold shuffle for --evaluate (default 0); compare changes over several seeds, one "
			   "split is noisy"),
		SW_OPT_STRING("out", &c->out, "PATH", "where --train writes the model"),
		SW_OPT_STRING("model", &c->model_path, "PATH", "use this model file instead of the default"),
		SW_OPT_STRING("lexicon", &c->lexicon_path, "PATH",
			      "lexicon for --train/--evaluate instead of the shipped data/classifier_lexicon.tsv "
			      "(same format)"),
		SW_OPT_DOUBLE("threshold", &c->threshold, 0, 1, "X",
			      "calibrated layer probability below which a result needs review (default 0.77: "
			      "automatic labels right on layer 85% of the time or more in cross-validation)"),
		SW_OPT_INT("threads", &c->threads, 1, 64, "N",
			   "read --readmes and classify FILE on N threads (default 2); the output is the same "
			   "for any N"),
		SW_OPT_INT("limit", &c->limit, 1, 10000, "N", "evidence rows for --explain (default 12)"),
		SW_OPT_FORMAT(&c->fmt, SW_FMTS_TEXT, SW_FMT_TABLE, NULL),
		SW_OPT_END(),
	};
	int nargs, rc = sw_opt_parse(cli, &doc, opts, argc, argv, &nargs);
	if (rc != SW_OPT_CONTINUE)
		return rc;
	c->file = nargs ? argv[0] : NULL;
	if ((c->evaluate + c->train + (c->explain != NULL)) > 1)
		return sw_cli_usage(cli->cmd, "--evaluate, --train and --explain exclude each other");
	if (c->train && !c->out)
		return sw_cli_usage(cli->cmd, "--train needs --out PATH");
	if (c->out && !c->train)
		return sw_cli_usage(cli->cmd, "--out only goes with --train");
	if (c->seed >= 0 && !c->evaluate)
		return sw_cli_usage(cli->cmd, "--seed only goes with --evaluate");
	if (c->lexicon_path && !c->train && !c->evaluate)
		return sw_cli_usage(cli->cmd, "--lexicon only goes with --train or --evaluate");
	if (c->readme_paths.n && !c->file)
		return sw_cli_usage(cli->cmd, "--readmes goes with FILE (the store has its own READMEs)");
	if (c->readme_only && (!c->readme_paths.n || (!c->train && !c->evaluate)))
		return sw_cli_usage(cli->cmd, "--readme-only goes with --readmes and --train or --evaluate");
	if (c->score_readme && (!c->readme_paths.n || !c->evaluate || c->readme_only))
		return sw_cli_usage(cli->cmd, "--score-readme-only goes with --readmes and --evaluate, "
					      "without --readme-only");
	return SW_OPT_CONTINUE;
}

/* The lexicon, then the records of FILE or else the store. */
static int load_inputs(struct sw_cli *cli, struct classify *c)
{
	if (c->lexicon_path) {
		if (sw_buf_read_file(c->lexicon_path, &c->lex, &c->err))
			return sw_cli_fail(&c->err);
		c->lexicon = c->lex.data ? c->lex.data : "";
		if (sw_classify_lexicon_check(c->lexicon_path, c->lexicon, &c->err))
			return sw_cli_fail(&c->err);
	}
	for (size_t i = 0; i < c->readme_paths.n; i++)
		if (sw_classify_readmes_load_threads(c->readme_paths.v[i], (int)c->threads, &c->readmes, &c->err))
			return sw_cli_fail(&c->err);
	if (c->file)
		return load_records(c->file, &c->set, &c->err);
	return sw_cli_open_store(cli, &c->s, &c->err) ? sw_cli_fail(&c->err) : SW_EXIT_OK;
}

/* --evaluate: cross-validate and print the tables (*rc: printing's exit
 * code). */
static sw_err evaluate(struct classify *c, const struct sw_classify_examples *ex, int *rc)
{
	struct sw_classify_eval ev;
	uint64_t seed = c->seed < 0 ? 0 : (uint64_t)c->seed;
	bool *scored = NULL;
	if (c->score_readme && !(scored = malloc(ex->n * sizeof *scored)))
		return sw_error_set(&c->err, SW_ENOMEM, "out of memory");
	for (size_t i = 0; scored && i < ex->n; i++)
		scored[i] = ex->items[i].in.readme && ex->items[i].in.readme_len;
	sw_err e = sw_classify_evaluate_scored(ex->items, ex->n, scored, (size_t)c->folds, seed, c->lexicon, &ev,
					       &c->err);
	free(scored);
	if (e)
		return e;
	struct sw_table *all[] = {ev.summary, ev.inputs, ev.reliability, ev.per_layer, ev.confusion}, *tabs[5];
	size_t k = 0;
	for (size_t i = 0; i < 5; i++)
		if (all[i]) /* inputs: only with READMEs */
			tabs[k++] = all[i];
	*rc = print_all(tabs, k, c->fmt);
	sw_classify_eval_release(&ev);
	return SW_OK;
}

/* --train and --evaluate: both learn from the curated labels. */
static int learn(struct classify *c)
{
	struct sw_classify_examples ex = {0};
	int rc = SW_EXIT_OK;
	sw_err e = c->file ? sw_classify_examples_from_records(&c->set, &ex, &c->err)
			   : sw_classify_examples_from_store(c->s, &ex, &c->err);
	if (!e && c->file) {
		sw_classify_examples_add_readmes(&ex, &c->readmes);
		if (c->readme_only)
			sw_classify_examples_keep_readme(&ex);
	}
	if (!e && ex.n < 2)
		e = sw_error_set(&c->err, SW_EINVAL, "%s has %zu curated labels; need at least 2",
				 c->file ? c->file : "the store", ex.n);
	if (!e && c->train && !(e = sw_classify_train(ex.items, ex.n, c->lexicon, &c->m, &c->err)) &&
	    !(e = sw_classify_calibrate(c->m, ex.items, ex.n, SW_CLASSIFY_CALIBRATION_FOLDS, c->lexicon, &c->err))) {
		rc = write_model(c->m, c->out, &c->err);
		if (rc == SW_EXIT_OK)
			sw_cli_info("trained on %zu labelled repos; model written to %s", ex.n, c->out);
	} else if (!e && c->evaluate) {
		e = evaluate(c, &ex, &rc);
	}
	sw_classify_examples_release(&ex);
	return e ? sw_cli_fail(&c->err) : rc;
}

/* The model at path (--model), or the shipped one (path NULL). */
static sw_err file_model(const char *path, struct sw_classify_model **m, struct sw_error *err)
{
	return path ? sw_classify_model_load(path, m, err) : sw_classify_model_default(m, err);
}

/* --model, else the shipped model for FILE, else the store's own. */
static sw_err load_model(struct classify *c)
{
	bool from_store = false;
	sw_err e;
	if (c->model_path || c->file)
		e = file_model(c->model_path, &c->m, &c->err);
	else
		e = sw_classify_model_for_store(c->s, &c->m, &from_store, &c->err);
	if (!e && !c->file && !c->model_path)
		sw_cli_info("model: %s", from_store ? "trained from the store's curated labels" : "shipped model");
	return e;
}

/* classify FILE's model (--model or the shipped one), loaded on a thread
 * of its own while the inputs are read: the two do not depend on each
 * other, and with READMEs both take a while. */
struct model_job {
	const char *path;     /* --model, NULL: the shipped model */
	struct sw_classify_model *m;
	struct sw_error err;
	sw_err e;
};

static void *model_job_run(void *arg)
{
	struct model_job *j = arg;
	j->e = file_model(j->path, &j->m, &j->err);
	return NULL;
}

/* The inputs, and for classify FILE (not --train or --evaluate) with
 * --threads 2 or more the model beside them (*model_done: loaded, or its
 * error in c->err). An error of the inputs comes first. */
static int load_inputs_and_model(struct sw_cli *cli, struct classify *c, bool *model_done)
{
	struct model_job job = {.path = c->model_path};
	pthread_t th;
	*model_done = c->file && !c->train && !c->evaluate && c->threads > 1 &&
		      !pthread_create(&th, NULL, model_job_run, &job);
	int rc = load_inputs(cli, c);
	if (!*model_done)
		return rc;
	pthread_join(th, NULL);
	c->m = job.m;
	if (rc == SW_EXIT_OK && job.e)
		rc = sw_cli_fail(&job.err);
	return rc;
}

/* The text of the --explain repo: its row of FILE, or the store's repo
 * (with topics, language and README) into r, rd and full. */
static sw_err explain_input(struct classify *c, struct sw_classify_input *in, struct sw_repo *r,
			    struct sw_readme *rd, char full[300])
{
	if (c->file) {
		size_t i = 0;
		while (i < c->set.n && strcasecmp(c->set.items[i].repo, c->explain))
			i++;
		if (i == c->set.n)
			return sw_error_set(&c->err, SW_ENOTFOUND, "%s: no row for '%s'", c->file, c->explain);
		in->repo = c->set.items[i].repo;
		in->description = c->set.items[i].description;
		const struct sw_classify_readme *m = sw_classify_readmes_find(&c->readmes, in->repo);
		if (m) {
			in->readme = m->text;
			in->readme_len = m->len;
		}
		return SW_OK;
	}
	int64_t id;
	sw_err e = sw_store_find_repo(c->s, c->explain, &id, &c->err);
	if (e || (e = sw_store_get_repo(c->s, id, r, &c->err)))
		return e;
	snprintf(full, 300, "%s/%s", r->owner, r->name);
	in->repo = full;
	in->description = r->description;
	in->topics = r->topics;
	in->language = r->language;
	struct sw_error rerr = {0};
	if (sw_store_get_readme(c->s, id, rd, &rerr) == SW_OK) {
		in->readme = rd->text;
		in->readme_len = rd->len;
	}
	return SW_OK;
}

/* The prediction and runner-up as a table, noting a curated label that
 * wins over them. */
static sw_err prediction_table(const struct classify *c, const struct sw_classify_input *in,
			       const struct sw_classify_result *res, const struct sw_repo *r, struct sw_table **out)
{
	static const char *const h[] = {"repo", "rank", "layer", "subcat", "confidence"};
	struct sw_table *p = sw_table_new("prediction", "Prediction", 5, h);
	sw_err te = p ? SW_OK : SW_ENOMEM;
	for (int k = 0; k < 2 && !te; k++) {
		te = sw_table_add_row(p);
		if (!te) te = sw_table_str(p, 0, in->repo);
		if (!te) te = sw_table_str(p, 1, k ? "runner-up" : "predicted");
		if (!te) te = sw_table_str(p, 2, k ? res->runner_layer : res->layer);
		if (!te) te = sw_table_str(p, 3, k ? res->runner_subcat : res->subcat);
		if (!te) te = sw_table_num(p, 4, k ? res->runner_confidence : res->confidence, 3);
	}
	if (!te && !c->file && r->class_source >= SW_CLASS_CURATED) {
		char note[300];
		snprintf(note, sizeof note, "%s label %s%s%s always wins over this prediction",
			 sw_class_source_name(r->class_source), r->layer ? r->layer : "",
			 r->subcat && *r->subcat ? "/" : "", r->subcat ? r->subcat : "");
		te = sw_table_note(p, note);
	}
	*out = p;
	return te;
}

/* --explain: the prediction table, then the evidence. */
static int explain(struct classify *c)
{
	struct sw_classify_input in = {.repo = c->explain};
	struct sw_repo r = {0};
	struct sw_readme rd = {0};
	struct sw_classify_result res;
	struct sw_table *p = NULL, *ev = NULL;
	char full[300];
	int rc = SW_EXIT_OK;
	sw_err e = explain_input(c, &in, &r, &rd, full);
	if (!e)
		e = sw_classify_explain(c->m, &in, (size_t)c->limit, &res, &ev, &c->err);
	if (!e && (e = prediction_table(c, &in, &res, &r, &p)))
		sw_error_set(&c->err, e, "building the table: %s", sw_error_str(e));
	if (!e) {
		struct sw_table *tabs[] = {p, ev};
		rc = print_all(tabs, 2, c->fmt);
	}
	sw_table_free(p);
	sw_table_free(ev);
	sw_repo_release(&r);
	sw_readme_release(&rd);
	return e ? sw_cli_fail(&c->err) : rc;
}

/* The default mode: label the rows of FILE, or the store's repos. */
static int label(struct classify *c)
{
	struct sw_table *t = NULL;
	struct sw_classify_run run;
	int rc = SW_EXIT_OK;
	sw_err e = c->file ? sw_classify_records(c->m, &c->set, &c->readmes, (int)c->threads, &t, &c->err)
			   : sw_classify_store(c->s, c->m, c->threshold, (int64_t)time(NULL), &run, &t, &c->err);
	if (!e)
		rc = sw_cli_print_table(t, c->fmt);
	if (!e && !c->file)
		sw_cli_info("%zu repo(s) labelled automatically, %zu need review, %zu kept their curated label;"
			    " inputs: topics for %zu, README for %zu (update --readmes fetches READMEs)",
			    run.classified, run.needs_review, run.skipped_curated, run.with_topics, run.with_readme);
	sw_table_free(t);
	return e ? sw_cli_fail(&c->err) : rc;
}

int sw_cmd_classify(struct sw_cli *cli, int argc, char **argv)
{
	struct classify c = {.folds = 10, .limit = 12, .seed = -1, .threads = 2, .threshold = SW_CLASSIFY_DEFAULT_THRESHOLD,
			     .lex = SW_BUF_INIT};
	c.readme_paths = (struct sw_opt_list){c.readme_v, 0, 64, "--readmes: at most 64 files"};
	int rc = parse(cli, &c, argc, argv);
	if (rc != SW_OPT_CONTINUE)
		return rc;
	bool model_done;
	if ((rc = load_inputs_and_model(cli, &c, &model_done)) == SW_EXIT_OK) {
		if (c.train || c.evaluate)
			rc = learn(&c);
		else if (!model_done && load_model(&c))
			rc = sw_cli_fail(&c.err);
		else
			rc = c.explain ? explain(&c) : label(&c);
	}
	sw_buf_release(&c.lex);
	sw_classify_readmes_release(&c.readmes);
	sw_classify_model_free(c.m);
	sw_records_release(&c.set);
	sw_store_free(c.s);
	return rc;
}
