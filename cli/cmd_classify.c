/* cmd_classify.c: `stackwatch classify`: automatic layer/subcategory labels,
 * their evidence, cross-validation and model training. Argument parsing
 * and printing only; the work is in lib/classify.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "stackwatch/classify.h"
#include "stackwatch/core.h"

static void help(void)
{
	puts("usage: stackwatch classify [FILE] [OPTIONS]\n"
	     "       stackwatch classify --explain OWNER/REPO [FILE]\n"
	     "       stackwatch classify --evaluate [--folds N] [--seed N] [FILE]\n"
	     "       stackwatch classify --train [FILE] --out MODEL\n"
	     "\n"
	     "Put repos into an AI-stack layer and subcategory from their text alone\n"
	     "(owner/name, description; topics and language when the store has them).\n"
	     "\n"
	     "  classify FILE         classify every row of a snapshot file (CSV or JSON, as for\n"
	     "                        import), ignoring its category/subcat columns; prints\n"
	     "                        repo,layer,subcat,confidence. Uses the shipped model.\n"
	     "  classify              classify every tracked repo of the store that has no\n"
	     "                        curated label and store the result as 'automatic';\n"
	     "                        below --threshold the repo is marked 'needs review'\n"
	     "                        instead. Curated labels are never changed. The model is\n"
	     "                        trained from the store's curated labels when it has at\n"
	     "                        least 100 over 2+ layers, else the shipped model.\n"
	     "  --explain OWNER/REPO  prediction, runner-up and the features that decided\n"
	     "                        (the repo is looked up in FILE if given, else in the store)\n"
	     "  --evaluate            k-fold cross-validation over the curated labels of FILE\n"
	     "                        (or the store): accuracy, macro-F1, confusion matrix\n"
	     "  --train               train a model from the labels of FILE (or the store)\n"
	     "\n"
	     "Options:\n"
	     "  --folds N         folds for --evaluate (default 10)\n"
	     "  --seed N          fold shuffle for --evaluate (default 0); compare\n"
	     "                    changes over several seeds, one split is noisy\n"
	     "  --out PATH        where --train writes the model\n"
	     "  --model PATH      use this model file instead of the default\n"
	     "  --lexicon PATH    lexicon for --train/--evaluate instead of the shipped\n"
	     "                    data/classifier_lexicon.tsv (same format)\n"
	     "  --threshold X     confidence below which a result needs review (default 0.40)\n"
	     "  --limit N         evidence rows for --explain (default 12)\n"
	     "  --format FMT      table (default), csv, json, md\n"
	     "  --db PATH         the store\n"
	     "  --help            this text\n"
	     "\n"
	     "The shipped model is data/classifier.model, built by\n"
	     "  stackwatch classify --train llama-police-2024-11-05.csv --out data/classifier.model");
}

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

int sw_cmd_classify(struct sw_cli *cli, int argc, char **argv)
{
	enum sw_fmt fmt = SW_FMT_TABLE;
	const char *file = NULL, *explain = NULL, *out = NULL, *model_path = NULL, *lexicon_path = NULL;
	bool evaluate = false, train = false;
	int64_t folds = 10, limit = 12, seed = 0;
	bool seed_given = false;
	double threshold = SW_CLASSIFY_DEFAULT_THRESHOLD;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (sw_cli_common_opt(cli, argc, argv, &i))
			continue;
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			help();
			return SW_EXIT_OK;
		}
		if (!strcmp(a, "--evaluate")) {
			evaluate = true;
			continue;
		}
		if (!strcmp(a, "--train")) {
			train = true;
			continue;
		}
		if (a[0] != '-' || !strcmp(a, "-")) {
			if (file)
				return sw_cli_usage("classify", "only one FILE may be given");
			file = a;
			continue;
		}
		if (!v)
			return sw_cli_usage("classify", "unknown option '%s' or missing value", a);
		i++;
		if (!strcmp(a, "--explain"))
			explain = v;
		else if (!strcmp(a, "--out"))
			out = v;
		else if (!strcmp(a, "--model"))
			model_path = v;
		else if (!strcmp(a, "--lexicon"))
			lexicon_path = v;
		else if (!strcmp(a, "--folds")) {
			if (!sw_parse_i64(v, &folds) || folds < 2 || folds > 1000)
				return sw_cli_usage("classify", "--folds needs a number from 2 to 1000");
		} else if (!strcmp(a, "--seed")) {
			if (!sw_parse_i64(v, &seed) || seed < 0)
				return sw_cli_usage("classify", "--seed needs a non-negative number");
			seed_given = true;
		} else if (!strcmp(a, "--limit")) {
			if (!sw_parse_i64(v, &limit) || limit < 1 || limit > 10000)
				return sw_cli_usage("classify", "--limit needs a positive number");
		} else if (!strcmp(a, "--threshold")) {
			if (!sw_parse_double(v, &threshold) || !(threshold >= 0 && threshold <= 1))
				return sw_cli_usage("classify", "--threshold needs a number between 0 and 1");
		} else if (!strcmp(a, "--format")) {
			if (!sw_cli_format("classify", v, false, &fmt))
				return SW_EXIT_USAGE;
		} else
			return sw_cli_usage("classify", "unknown option '%s'", a);
	}
	if ((evaluate + train + (explain != NULL)) > 1)
		return sw_cli_usage("classify", "--evaluate, --train and --explain exclude each other");
	if (train && !out)
		return sw_cli_usage("classify", "--train needs --out PATH");
	if (out && !train)
		return sw_cli_usage("classify", "--out only goes with --train");
	if (seed_given && !evaluate)
		return sw_cli_usage("classify", "--seed only goes with --evaluate");
	if (lexicon_path && !train && !evaluate)
		return sw_cli_usage("classify", "--lexicon only goes with --train or --evaluate");

	struct sw_error err = {0};
	struct sw_record_set set = {0};
	struct sw_store *s = NULL;
	struct sw_classify_model *m = NULL;
	struct sw_classify_examples ex = {0};
	struct sw_buf lex = SW_BUF_INIT;
	int rc = SW_EXIT_OK;
	sw_err e = SW_OK;
	if (lexicon_path && (e = sw_buf_read_file(lexicon_path, &lex, &err)))
		return sw_cli_fail(&err);
	const char *lexicon = lexicon_path ? (lex.data ? lex.data : "") : NULL;
	if (lexicon && (e = sw_classify_lexicon_check(lexicon_path, lexicon, &err))) {
		sw_buf_release(&lex);
		return sw_cli_fail(&err);
	}
	if (file && (rc = load_records(file, &set, &err)) != SW_EXIT_OK) {
		sw_buf_release(&lex);
		return rc;
	}
	if (!file && (e = sw_cli_open_store(cli, &s, &err)))
		goto fail;

	if (train || evaluate) {
		e = file ? sw_classify_examples_from_records(&set, &ex, &err)
			 : sw_classify_examples_from_store(s, &ex, &err);
		if (e)
			goto fail;
		if (ex.n < 2) {
			sw_error_set(&err, SW_EINVAL, "%s has %zu curated labels; need at least 2",
				     file ? file : "the store", ex.n);
			rc = sw_cli_fail(&err);
			goto done;
		}
		if (train) {
			if ((e = sw_classify_train(ex.items, ex.n, lexicon, &m, &err)))
				goto fail;
			rc = write_model(m, out, &err);
			if (rc == SW_EXIT_OK)
				sw_cli_info("trained on %zu labelled repos; model written to %s", ex.n, out);
			goto done;
		}
		struct sw_classify_eval ev;
		if ((e = sw_classify_evaluate_seeded(ex.items, ex.n, (size_t)folds, (uint64_t)seed, lexicon, &ev, &err)))
			goto fail;
		struct sw_table *tabs[] = {ev.summary, ev.per_layer, ev.confusion};
		rc = print_all(tabs, 3, fmt);
		sw_classify_eval_release(&ev);
		goto done;
	}

	bool from_store = false;
	if (model_path)
		e = sw_classify_model_load(model_path, &m, &err);
	else if (file)
		e = sw_classify_model_default(&m, &err);
	else
		e = sw_classify_model_for_store(s, &m, &from_store, &err);
	if (e)
		goto fail;
	if (!file && !model_path)
		sw_cli_info("model: %s", from_store ? "trained from the store's curated labels" : "shipped model");

	if (explain) {
		struct sw_classify_input in = {.repo = explain};
		struct sw_repo r = {0};
		struct sw_readme rd = {0};
		char full[300];
		if (file) {
			size_t i = 0;
			while (i < set.n && strcasecmp(set.items[i].repo, explain))
				i++;
			if (i == set.n) {
				sw_error_set(&err, SW_ENOTFOUND, "%s: no row for '%s'", file, explain);
				rc = sw_cli_fail(&err);
				goto done;
			}
			in.repo = set.items[i].repo;
			in.description = set.items[i].description;
		} else {
			int64_t id;
			if ((e = sw_store_find_repo(s, explain, &id, &err)) || (e = sw_store_get_repo(s, id, &r, &err)))
				goto fail;
			snprintf(full, sizeof full, "%s/%s", r.owner, r.name);
			in.repo = full;
			in.description = r.description;
			in.topics = r.topics;
			in.language = r.language;
			struct sw_error rerr = {0};
			if (sw_store_get_readme(s, id, &rd, &rerr) == SW_OK) {
				in.readme = rd.text;
				in.readme_len = rd.len;
			}
		}
		struct sw_classify_result res;
		struct sw_table *ev = NULL;
		e = sw_classify_explain(m, &in, (size_t)limit, &res, &ev, &err);
		if (!e) {
			static const char *const h[] = {"repo", "rank", "layer", "subcat", "confidence"};
			struct sw_table *p = sw_table_new("prediction", "Prediction", 5, h);
			sw_err te = p ? SW_OK : SW_ENOMEM;
			for (int k = 0; k < 2 && !te; k++) {
				te = sw_table_add_row(p);
				if (!te) te = sw_table_str(p, 0, in.repo);
				if (!te) te = sw_table_str(p, 1, k ? "runner-up" : "predicted");
				if (!te) te = sw_table_str(p, 2, k ? res.runner_layer : res.layer);
				if (!te) te = sw_table_str(p, 3, k ? res.runner_subcat : res.subcat);
				if (!te) te = sw_table_num(p, 4, k ? res.runner_confidence : res.confidence, 3);
			}
			if (!te && !file && r.class_source >= SW_CLASS_CURATED) {
				char note[300];
				snprintf(note, sizeof note, "%s label %s%s%s always wins over this prediction",
					 sw_class_source_name(r.class_source), r.layer ? r.layer : "",
					 r.subcat && *r.subcat ? "/" : "", r.subcat ? r.subcat : "");
				te = sw_table_note(p, note);
			}
			if (te) {
				sw_error_set(&err, te, "building the table: %s", sw_error_str(te));
				e = te;
			} else {
				struct sw_table *tabs[] = {p, ev};
				rc = print_all(tabs, 2, fmt);
			}
			sw_table_free(p);
		}
		sw_table_free(ev);
		sw_repo_release(&r);
		sw_readme_release(&rd);
		if (e)
			goto fail;
		goto done;
	}

	struct sw_table *t = NULL;
	if (file) {
		if ((e = sw_classify_records(m, &set, &t, &err)))
			goto fail;
		rc = sw_cli_print_table(t, fmt);
	} else {
		struct sw_classify_run run;
		if ((e = sw_classify_store(s, m, threshold, (int64_t)time(NULL), &run, &t, &err)))
			goto fail;
		rc = sw_cli_print_table(t, fmt);
		sw_cli_info("%zu repo(s) labelled automatically, %zu need review, %zu kept their curated label;"
			    " inputs: topics for %zu, README for %zu (update --readmes fetches READMEs)",
			    run.classified, run.needs_review, run.skipped_curated, run.with_topics, run.with_readme);
	}
	sw_table_free(t);
	goto done;
fail:
	rc = sw_cli_fail(&err);
done:
	sw_buf_release(&lex);
	sw_classify_examples_release(&ex);
	sw_classify_model_free(m);
	sw_records_release(&set);
	sw_store_free(s);
	return rc;
}
