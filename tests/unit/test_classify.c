/* test_classify.c: the classifier on the real curated list and on
 * hand-made edge cases (empty and Chinese-only descriptions, a README far
 * over budget, malformed model files, curated labels winning in the store). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include "testutil.h"

#include "classify/classify_int.h"
#include "stackwatch/classify.h"
#include "stackwatch/core.h"

static struct sw_classify_model *shipped(void)
{
	struct sw_classify_model *m = NULL;
	struct sw_error err = {0};
	if (sw_classify_model_default(&m, &err))
		fail_msg("default model: %s", sw_error_text(&err));
	return m;
}

static void check_result(const struct sw_classify_result *r)
{
	assert_non_null(r->layer);
	assert_non_null(r->subcat);
	assert_true(r->confidence >= 0 && r->confidence <= 1);
	assert_true(r->layer_confidence >= r->confidence - 1e-12 && r->layer_confidence <= 1);
	assert_true(r->runner_confidence <= r->layer_confidence + 1e-12);
}

static void load_shared(struct sw_record_set *set, struct sw_classify_examples *ex)
{
	char *path = tu_shared("llama-police-2024-11-05.csv");
	struct sw_error err = {0};
	if (sw_records_load(path, set, &err))
		fail_msg("%s", sw_error_text(&err));
	free(path);
	assert_int_equal(sw_classify_examples_from_records(set, ex, &err), SW_OK);
}

/* The shared READMEs attached to the examples (r must outlive ex). */
static void load_readmes(struct sw_classify_readmes *r, struct sw_classify_examples *ex)
{
	char *path = tu_shared("readmes/llama-police-readmes-a.jsonl");
	struct sw_error err = {0};
	if (sw_classify_readmes_load(path, r, &err))
		fail_msg("%s", sw_error_text(&err));
	free(path);
	sw_classify_examples_add_readmes(ex, r);
}

/* Training twice gives byte-identical model files, and a written model
 * re-reads to the same bytes. */
static void test_deterministic_training(void **state)
{
	(void)state;
	struct sw_record_set set = {0};
	struct sw_classify_examples ex = {0};
	struct sw_classify_readmes rd = {0};
	load_shared(&set, &ex);
	load_readmes(&rd, &ex);
	assert_int_equal(ex.n, 680);
	struct sw_classify_model *a = NULL, *b = NULL, *c = NULL;
	struct sw_error err = {0};
	assert_int_equal(sw_classify_train(ex.items, ex.n, NULL, &a, &err), SW_OK);
	assert_int_equal(sw_classify_train(ex.items, ex.n, NULL, &b, &err), SW_OK);
	/* The shipped model is calibrated too (the --train command does it). */
	assert_int_equal(sw_classify_calibrate(a, ex.items, ex.n, SW_CLASSIFY_CALIBRATION_FOLDS, NULL, &err), SW_OK);
	assert_int_equal(sw_classify_calibrate(b, ex.items, ex.n, SW_CLASSIFY_CALIBRATION_FOLDS, NULL, &err), SW_OK);
	struct sw_buf ba = SW_BUF_INIT, bb = SW_BUF_INIT, bc = SW_BUF_INIT;
	assert_int_equal(sw_classify_model_write(a, &ba, &err), SW_OK);
	assert_int_equal(sw_classify_model_write(b, &bb, &err), SW_OK);
	assert_int_equal(ba.len, bb.len);
	assert_memory_equal(ba.data, bb.data, ba.len);
	assert_int_equal(sw_classify_model_parse("rt", ba.data, ba.len, &c, &err), SW_OK);
	assert_int_equal(sw_classify_model_write(c, &bc, &err), SW_OK);
	assert_int_equal(ba.len, bc.len);
	assert_memory_equal(ba.data, bc.data, ba.len);
	assert_int_equal(sw_classify_model_examples(c), 680);
	/* The shipped model is what this command produces from the shared CSV
	 * and READMEs (docs/classify.md): the build embeds data/classifier.model. */
	struct sw_classify_model *d = shipped();
	struct sw_buf bd = SW_BUF_INIT;
	assert_int_equal(sw_classify_model_write(d, &bd, &err), SW_OK);
	assert_int_equal(bd.len, ba.len);
	assert_memory_equal(bd.data, ba.data, ba.len);
	sw_buf_release(&ba);
	sw_buf_release(&bb);
	sw_buf_release(&bc);
	sw_buf_release(&bd);
	sw_classify_model_free(a);
	sw_classify_model_free(b);
	sw_classify_model_free(c);
	sw_classify_model_free(d);
	sw_classify_examples_release(&ex);
	sw_classify_readmes_release(&rd);
	sw_records_release(&set);
}

/* 10-fold CV on the 680 curated repos. The measured figures are 0.607 and
 * 0.451 (docs/classify.md); a word-count naive Bayes scores 0.44 / 0.27 in
 * bench/classify_nb_baseline.py and about 0.52 / 0.32 per the issue. The
 * bounds below are the baseline plus a clear margin. The metrics
 * are re-derived here from the confusion matrix. */
static void test_cross_validation(void **state)
{
	(void)state;
	struct sw_record_set set = {0};
	struct sw_classify_examples ex = {0};
	load_shared(&set, &ex);
	struct sw_classify_eval ev;
	struct sw_error err = {0};
	assert_int_equal(sw_classify_evaluate(ex.items, ex.n, 10, NULL, &ev, &err), SW_OK);
	assert_int_equal(ev.n, 680);
	assert_true(ev.layer_accuracy >= 0.58);
	assert_true(ev.joint_accuracy >= 0.42);
	assert_true(ev.joint_accuracy <= ev.layer_accuracy);
	/* Independent recomputation from the confusion matrix. */
	size_t L = sw_table_rows(ev.confusion);
	assert_int_equal(L, 7);
	assert_int_equal(sw_table_cols(ev.confusion), L + 1);
	double total = 0, diag = 0, f1sum = 0;
	for (size_t i = 0; i < L; i++) {
		double rowsum = 0, colsum = 0;
		for (size_t j = 0; j < L; j++) {
			rowsum += sw_table_cell_num(ev.confusion, i, j + 1);
			colsum += sw_table_cell_num(ev.confusion, j, i + 1);
		}
		double tp = sw_table_cell_num(ev.confusion, i, i + 1);
		total += rowsum;
		diag += tp;
		double p = colsum ? tp / colsum : 0, r = rowsum ? tp / rowsum : 0;
		f1sum += p + r > 0 ? 2 * p * r / (p + r) : 0;
		/* the Lists row of the real data has 18 repos (15 + 3 with a subcat) */
		if (!strcmp(sw_table_cell_text(ev.confusion, i, 0), "Lists"))
			assert_true(rowsum == 18);
	}
	assert_true(total == 680);
	assert_true(fabs(diag / total - ev.layer_accuracy) < 1e-12);
	assert_true(fabs(f1sum / (double)L - ev.layer_macro_f1) < 1e-9);
	/* Same folds, same figures. */
	struct sw_classify_eval ev2;
	assert_int_equal(sw_classify_evaluate(ex.items, ex.n, 10, NULL, &ev2, &err), SW_OK);
	assert_true(ev2.layer_accuracy == ev.layer_accuracy && ev2.joint_accuracy == ev.joint_accuracy);
	sw_classify_eval_release(&ev2);
	sw_classify_eval_release(&ev);
	/* Too many folds is an error, not a crash. */
	assert_int_equal(sw_classify_evaluate(ex.items, 3, 10, NULL, &ev, &err), SW_EINVAL);
	sw_classify_examples_release(&ex);
	sw_records_release(&set);
}

static void test_edge_inputs(void **state)
{
	(void)state;
	struct sw_classify_model *m = shipped();
	struct sw_classify_result r;
	struct sw_error err = {0};
	/* Unknown / empty description: still a valid answer, low confidence. */
	struct sw_classify_input in = {.repo = "someone/xyzzy"};
	assert_int_equal(sw_classify_predict(m, &in, &r, &err), SW_OK);
	check_result(&r);
	assert_true(r.confidence < SW_CLASSIFY_DEFAULT_THRESHOLD);
	in.description = "";
	struct sw_classify_result r2;
	assert_int_equal(sw_classify_predict(m, &in, &r2, &err), SW_OK);
	assert_string_equal(r.layer, r2.layer);
	assert_true(r.confidence == r2.confidence);
	/* No repo name at all. */
	struct sw_classify_input none = {0};
	assert_int_equal(sw_classify_predict(m, &none, &r, &err), SW_OK);
	check_result(&r);
	/* Chinese-only description ("an open-source Chinese large language
	 * model supporting multi-turn dialogue"): Han features decide, and a
	 * curator would file it under Model repo. */
	struct sw_classify_input zh = {.repo = "example/zh-llm",
				       .description = "中文开源大语言模型，支持多轮对话"};
	struct sw_table *t = NULL;
	assert_int_equal(sw_classify_explain(m, &zh, 30, &r, &t, &err), SW_OK);
	check_result(&r);
	assert_string_equal(r.layer, "Model repo");
	bool han = false;
	for (size_t i = 0; i < sw_table_rows(t); i++)
		han |= !strncmp(sw_table_cell_text(t, i, 0), "han:", 4);
	assert_true(han);
	sw_table_free(t);
	/* Generic domain knowledge from the lexicon. */
	struct sw_classify_input aw = {.repo = "someone/awesome-robots", .description = "A curated list of resources"};
	assert_int_equal(sw_classify_predict(m, &aw, &r, &err), SW_OK);
	assert_string_equal(r.layer, "Lists");
	/* Invalid UTF-8 and control bytes do not upset the tokenizer. */
	struct sw_classify_input bad = {.repo = "a/b", .description = "\xff\xfe\x80 llm \x01\x02 \xe4\xb8"};
	assert_int_equal(sw_classify_predict(m, &bad, &r, &err), SW_OK);
	check_result(&r);
	sw_classify_model_free(m);
}

/* All parts of a reduced README, one string. */
static char *md_all(const char *readme)
{
	struct classify_md md;
	assert_int_equal(classify_markdown(readme, strlen(readme), &md), SW_OK);
	struct sw_buf b = SW_BUF_INIT;
	for (int p = 0; p < CLASSIFY_MD_PARTS; p++) {
		assert_int_equal(sw_buf_append(&b, md.part[p].data ? md.part[p].data : "", md.part[p].len), SW_OK);
		assert_int_equal(sw_buf_putc(&b, '\n'), SW_OK);
	}
	classify_md_release(&md);
	char *r = strdup(b.data);
	sw_buf_release(&b);
	return r;
}

/* The result for a README equals the one without any. */
static void same_as_without(const struct sw_classify_model *m, const char *readme)
{
	struct sw_classify_input in = {.repo = "someone/thing", .description = "a tool"};
	struct sw_classify_result a, b;
	assert_int_equal(sw_classify_predict(m, &in, &a, NULL), SW_OK);
	in.readme = readme;
	in.readme_len = strlen(readme);
	assert_int_equal(sw_classify_predict(m, &in, &b, NULL), SW_OK);
	check_result(&b);
	assert_string_equal(a.layer, b.layer);
	assert_string_equal(a.subcat, b.subcat);
	assert_true(a.confidence == b.confidence);
}

/* READMEs of the shapes a curator skips: badges, markup, code, nothing;
 * and one in Chinese, read as character pairs. */
static void test_readme_shapes(void **state)
{
	(void)state;
	struct sw_classify_model *m = shipped();
	/* Only badges (images, links around images, bare URLs): no words. */
	static const char badges[] =
		"[![Build Status](https://travis-ci.org/a/b.svg?branch=master)](https://travis-ci.org/a/b)\n"
		"![PyPI](https://img.shields.io/pypi/v/thing) ![License: MIT](https://img.shields.io/badge/license-MIT)\n"
		"<img src=\"https://img.shields.io/github/stars/a/b\" alt=\"stars\">\nhttps://example.com/docs\n";
	char *t = md_all(badges);
	assert_null(strstr(t, "Build"));
	assert_null(strstr(t, "PyPI"));
	assert_null(strstr(t, "License"));
	assert_null(strstr(t, "http"));
	free(t);
	/* Only HTML: the tags and attributes go, the words stay, the <h1> is a heading. */
	static const char html[] = "<p align=\"center\">\n  <img src=\"logo.png\" width=\"200\">\n</p>\n"
				   "<h1 align=\"center\">Vector search engine</h1>\n<!-- a comment -->\n"
				   "<p>A fast <b>vector database</b> for <a href=\"https://arxiv.org/abs/1\">embeddings</a>.</p>\n";
	struct classify_md md;
	assert_int_equal(classify_markdown(html, strlen(html), &md), SW_OK);
	assert_non_null(strstr(md.part[CLASSIFY_MD_HEAD].data, "Vector search engine"));
	assert_non_null(strstr(md.hosts.data, "arxiv.org"));
	classify_md_release(&md);
	t = md_all(html);
	assert_non_null(strstr(t, "vector database"));
	assert_null(strstr(t, "align"));
	assert_null(strstr(t, "logo"));
	assert_null(strstr(t, "comment"));
	free(t);
	/* 16 KiB of code in one block: the code is dropped, its language kept. */
	struct sw_buf code = SW_BUF_INIT;
	assert_int_equal(sw_buf_puts(&code, "```python\n"), SW_OK);
	while (code.len < SW_CLASSIFY_README_BUDGET)
		assert_int_equal(sw_buf_puts(&code, "import torch; model = torch.nn.Linear(4, 4)  # train\n"), SW_OK);
	assert_int_equal(classify_markdown(code.data, code.len, &md), SW_OK);
	for (int p = 0; p < CLASSIFY_MD_PARTS; p++)
		assert_int_equal(md.part[p].len, 0);
	assert_string_equal(md.code.data, "python\n");
	classify_md_release(&md);
	sw_buf_release(&code);
	/* Empty, and blank: exactly as without a README. */
	same_as_without(m, "");
	same_as_without(m, "\n\n   \n");
	/* Only Chinese ("a Chinese open-source large language model, with
	 * weights and multi-turn dialogue"): character pairs are features. */
	static const char zh[] = "# 中文大语言模型\n\n本项目开源了中文大语言模型的权重，支持多轮对话。\n";
	struct sw_classify_input in = {.repo = "example/thing", .readme = zh, .readme_len = strlen(zh)};
	struct sw_classify_result r;
	struct sw_table *ex = NULL;
	assert_int_equal(sw_classify_explain(m, &in, 1000, &r, &ex, NULL), SW_OK);
	check_result(&r);
	bool pair = false;
	for (size_t i = 0; i < sw_table_rows(ex); i++)
		pair |= !strcmp(sw_table_cell_text(ex, i, 0), "han:模型");
	assert_true(pair);
	sw_table_free(ex);
	sw_classify_model_free(m);
}

static long maxrss_kb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* The usual README line is read without a JSON tree (jsonline.c) and gives
 * what the JSON library gives; any other line goes to the library. */
static void expect_line(const char *line, bool usual, sw_err rc, const char *text)
{
	struct sw_buf t = SW_BUF_INIT;
	struct classify_jsonline j;
	if (classify_jsonline(line, strlen(line), SW_CLASSIFY_README_BUDGET + 1, &t, &j) != usual)
		fail_msg("%.80s: expected %s", line, usual ? "the usual shape" : "the JSON library");
	struct sw_classify_readmes r = {0};
	struct sw_error err = {0};
	assert_int_equal(sw_classify_readmes_parse("t.jsonl", line, strlen(line), &r, &err), rc);
	if (!rc) {
		assert_int_equal(r.n, 1);
		assert_int_equal(r.items[0].len, strlen(text));
		assert_memory_equal(r.items[0].text, text, r.items[0].len);
	}
	sw_classify_readmes_release(&r);
	sw_buf_release(&t);
}

static void test_readme_lines(void **state)
{
	(void)state;
	expect_line("{\"repo\":\"a/b\",\"readme\":\"x\\u00e9\\ud83d\\ude00\\n\\\"\\/\\\\\\t\"}", true, SW_OK,
		    "x\xc3\xa9\xf0\x9f\x98\x80\n\"/\\\t");
	expect_line(" { \"repo\" : \"a/b\" , \"bytes\" : -12 , \"readme\" : null } ", true, SW_OK, "");
	expect_line("{\"repo\":\"a/b\",\"readme\":\"caf\xc3\xa9 \\u0000 after\"}", true, SW_OK, "caf\xc3\xa9 ");
	expect_line("{\"repo\":\"a/b\",\"n\":1.5,\"readme\":\"x\"}", false, SW_OK, "x");
	expect_line("{\"re\\u0070o\":\"a/b\",\"readme\":\"x\"}", false, SW_OK, "x");
	expect_line("{\"repo\":\"a/b\",\"n\":{\"m\":[1]},\"readme\":\"x\"}", false, SW_OK, "x");
	expect_line("{\"repo\":\"a/b\",\"readme\":\"x\",\"readme\":\"y\"}", false, SW_EPARSE, NULL);
	expect_line("{\"repo\":\"a/b\",\"readme\":\"\\ud800\"}", false, SW_EPARSE, NULL);
	expect_line("{\"repo\":\"a/b\",\"readme\":\"\\udc00\\ud800\"}", false, SW_EPARSE, NULL);
	expect_line("{\"repo\":\"a/b\",\"readme\":\"\x01\"}", false, SW_EPARSE, NULL);
	expect_line("{\"repo\":\"a/b\",\"readme\":\"\xff\"}", false, SW_EPARSE, NULL);
	expect_line("{\"repo\":\"a/b\",\"readme\":\"\\x\"}", false, SW_EPARSE, NULL);
	expect_line("{\"repo\":\"a/b\",\"n\":012,\"readme\":\"\"}", false, SW_EPARSE, NULL);
	expect_line("{\"repo\":\"a/b\",\"readme\":\"\"} x", false, SW_EPARSE, NULL);
	expect_line("{\"repo\":\"a/b\",\"readme\":\"\",}", false, SW_EPARSE, NULL);
	expect_line("{\"repo\":\"a/b\"}", false, SW_EPARSE, NULL);
	expect_line("{\"repo\":\"ab\",\"readme\":\"\"}", true, SW_EPARSE, NULL);
	/* Over the budget: cut where the library's text would be, escapes
	 * counted decoded, at a character boundary. */
	struct sw_buf line = SW_BUF_INIT, full = SW_BUF_INIT;
	assert_int_equal(sw_buf_puts(&line, "{\"repo\":\"a/b\",\"readme\":\""), SW_OK);
	for (size_t i = 0; full.len < SW_CLASSIFY_README_BUDGET + 10; i++) {
		assert_int_equal(sw_buf_puts(&line, i % 3 ? "ab" : "\\u00e9"), SW_OK);
		assert_int_equal(sw_buf_puts(&full, i % 3 ? "ab" : "\xc3\xa9"), SW_OK);
	}
	assert_int_equal(sw_buf_puts(&line, "\"}"), SW_OK);
	size_t n = SW_CLASSIFY_README_BUDGET;
	while (((unsigned char)full.data[n] & 0xC0) == 0x80)
		n--;
	full.data[n] = '\0';
	expect_line(line.data, true, SW_OK, full.data);
	sw_buf_release(&line);
	sw_buf_release(&full);
}

/* A 1 GiB README (mapped, untouched beyond its first page): only the
 * budget is read, so the result equals the one for the truncated text and
 * memory does not grow with the README. */
static void test_huge_readme(void **state)
{
	(void)state;
	struct sw_classify_model *m = shipped();
	size_t big = (size_t)1 << 30;
	char *p = mmap(NULL, big, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		skip();
	const char *txt = "A fast vector database for similarity search over embeddings. ";
	size_t tl = strlen(txt);
	for (size_t off = 0; off + tl < 4096; off += tl)
		memcpy(p + off, txt, tl);
	long before = maxrss_kb();
	struct sw_classify_input in = {.repo = "someone/thing", .readme = p, .readme_len = big};
	struct sw_classify_result r1, r2, r0;
	struct sw_error err = {0};
	assert_int_equal(sw_classify_predict(m, &in, &r1, &err), SW_OK);
	long after = maxrss_kb();
	in.readme_len = SW_CLASSIFY_README_BUDGET;
	assert_int_equal(sw_classify_predict(m, &in, &r2, &err), SW_OK);
	assert_string_equal(r1.layer, r2.layer);
	assert_string_equal(r1.subcat, r2.subcat);
	assert_true(r1.confidence == r2.confidence);
	assert_true(after - before < 32 * 1024); /* KiB: far below the 1 GiB README */
	/* The README counts: the answer changes and its words are evidence. */
	struct sw_classify_input plain = {.repo = "someone/thing"};
	assert_int_equal(sw_classify_predict(m, &plain, &r0, &err), SW_OK);
	assert_true(strcmp(r0.layer, r1.layer) || strcmp(r0.subcat, r1.subcat) || r0.confidence != r1.confidence);
	struct sw_table *t = NULL;
	in.readme_len = big;
	assert_int_equal(sw_classify_explain(m, &in, 1000, &r2, &t, &err), SW_OK);
	bool vec = false;
	for (size_t i = 0; i < sw_table_rows(t); i++)
		vec |= !strcmp(sw_table_cell_text(t, i, 0), "word:vector");
	assert_true(vec);
	sw_table_free(t);
	munmap(p, big);
	sw_classify_model_free(m);
}

static void expect_parse_error(const char *text, const char *needle)
{
	struct sw_classify_model *m = NULL;
	struct sw_error err = {0};
	assert_int_equal(sw_classify_model_parse("bad.model", text, strlen(text), &m, &err), SW_EPARSE);
	assert_null(m);
	if (!strstr(err.msg, needle))
		fail_msg("message '%s' lacks '%s'", err.msg, needle);
}

/* The calibration record: the Platt map q = 1 / (1 + e^-(a logit(p) + b))
 * of P(layer), written back as read; a bad one is refused. */
static void test_calibration_record(const char *ok)
{
	expect_parse_error("stackwatch-classifier 1\ncalibration\t0\t0\n", "bad.model:2: calibration needs");
	expect_parse_error("stackwatch-classifier 1\ncalibration\t1\n", "bad.model:2: calibration needs");
	expect_parse_error("stackwatch-classifier 1\ncalibration\t1\t0\ncalibration\t1\t0\n", "bad.model:3:");
	struct sw_buf text = SW_BUF_INIT, back = SW_BUF_INIT;
	assert_int_equal(sw_buf_puts(&text, ok), SW_OK);
	/* after the magic line */
	char *nl = strchr(text.data, '\n');
	struct sw_buf cal = SW_BUF_INIT;
	assert_int_equal(sw_buf_printf(&cal, "%.*s\ncalibration\t0.5\t0.25%s", (int)(nl - text.data), text.data, nl), SW_OK);
	struct sw_classify_model *m = NULL;
	struct sw_error err = {0};
	assert_int_equal(sw_classify_model_parse("cal", cal.data, cal.len, &m, &err), SW_OK);
	struct sw_classify_input in = {.repo = "a/b", .description = "An online course"};
	struct sw_classify_result r;
	assert_int_equal(sw_classify_predict(m, &in, &r, &err), SW_OK);
	/* raw P(layer) = e^3 / (1 + e^3), logit 3: q = 1 / (1 + e^-(1.5 + 0.25)) */
	double q = 1 / (1 + exp(-1.75));
	assert_true(fabs(r.layer_confidence - q) < 1e-9);
	assert_true(fabs(r.confidence - q) < 1e-9); /* one subcategory: P(subcat | layer) = 1 */
	assert_true(fabs(r.second_layer_confidence - 1 / (1 + exp(1.25))) < 1e-9);
	assert_int_equal(sw_classify_model_write(m, &back, &err), SW_OK);
	assert_non_null(strstr(back.data, "\ncalibration\t0.5\t0.25\n"));
	sw_classify_model_free(m);
	sw_buf_release(&text);
	sw_buf_release(&back);
	sw_buf_release(&cal);
}

static void test_model_parse_errors(void **state)
{
	(void)state;
	expect_parse_error("", "not a stackwatch classifier model");
	expect_parse_error("hello\n", "bad.model:1:");
	expect_parse_error("stackwatch-classifier 1\nclass\tA\t\n", "incomplete model");
	expect_parse_error("stackwatch-classifier 1\nclass\tA\t\nclass\tB\t\nbias\t0\n", "bad.model:4: 1 bias values for 2");
	expect_parse_error("stackwatch-classifier 1\nclass\tA\t\nclass\tB\t\nbias\t0\tx\n", "bad.model:4: bad bias value 'x'");
	expect_parse_error("stackwatch-classifier 1\nclass\tA\t\nclass\tB\t\nbias\t0\t0\nf\tw\t2:1\n", "bad.model:5: bad class index '2'");
	expect_parse_error("stackwatch-classifier 1\nclass\tA\t\nclass\tB\t\nbias\t0\t0\nf\tz\t0:1\nf\ta\t0:1\n", "bad.model:6: features must be sorted");
	expect_parse_error("stackwatch-classifier 1\nclass\tA\t\nclass\tA\t\n", "bad.model:3: duplicate class");
	expect_parse_error("stackwatch-classifier 1\nclass\tA\t\nclass\tB\t\nbias\t0\t0\nf\tw\t0:nan\n", "bad.model:5: bad weight");
	expect_parse_error("stackwatch-classifier 1\nclass\tA\t\nclass\tB\t\nlexicon\tfoo\tx\tA\nbias\t0\t0\n", "unknown kind 'foo'");
	expect_parse_error("stackwatch-classifier 1\nwhat\tever\n", "bad.model:2: unknown record 'what'");
	/* A minimal valid model classifies by its weights. */
	const char *ok = "stackwatch-classifier 1\nexamples\t2\nclass\tLists\t\nclass\tTutorials\t\n"
			 "lexicon\ttext\tcourse\tTutorials\nbias\t0\t0\nf\tlexicon:Tutorials\t1:3\n";
	struct sw_classify_model *m = NULL;
	struct sw_error err = {0};
	assert_int_equal(sw_classify_model_parse("ok", ok, strlen(ok), &m, &err), SW_OK);
	struct sw_classify_input in = {.repo = "a/b", .description = "An online course"};
	struct sw_classify_result r;
	assert_int_equal(sw_classify_predict(m, &in, &r, &err), SW_OK);
	assert_string_equal(r.layer, "Tutorials");
	/* softmax of (0, 3): e^3 / (1 + e^3) */
	assert_true(fabs(r.confidence - exp(3) / (1 + exp(3))) < 1e-12);
	assert_string_equal(r.runner_layer, "Lists");
	in.description = "nothing";
	assert_int_equal(sw_classify_predict(m, &in, &r, &err), SW_OK);
	assert_true(fabs(r.confidence - 0.5) < 1e-12);
	sw_classify_model_free(m);
	test_calibration_record(ok);
}

/* In the store: curated labels are never touched; unlabelled repos get an
 * automatic label or, below the threshold, "needs review" and no label. */
static void test_store_curated_wins(void **state)
{
	(void)state;
	struct sw_store *s = tu_store("classify.db");
	struct sw_error err = {0};
	char *csv = tu_write("mini.csv",
			     "repo,category,subcat,description,updated_at\n"
			     "curated/awesome-things,Tutorials,,A curated list of awesome things,2024-11-01\n"
			     "auto/awesome-llm,,,A curated list of awesome LLM resources and papers,2024-11-01\n"
			     "auto/mystery,,,,2024-11-01\n");
	const char *paths[] = {csv};
	struct sw_import_opts opts = {0};
	struct sw_import_result res;
	sw_err e = sw_import_files(s, paths, 1, &opts, &res, &err);
	if (e)
		fail_msg("import: %s", sw_error_text(&err));
	struct sw_classify_model *m = shipped();
	struct sw_classify_run run;
	struct sw_table *t = NULL;
	/* The calibrated P(layer) of the awesome list is about 0.7, of the repo
	 * with no text about 0.3. */
	assert_int_equal(sw_classify_store(s, m, 0.5, 1000, &run, &t, &err), SW_OK);
	assert_int_equal(run.skipped_curated, 1);
	assert_int_equal(run.classified, 1);
	assert_int_equal(run.needs_review, 1);
	assert_int_equal(sw_table_rows(t), 2);
	sw_table_free(t);
	int64_t id;
	struct sw_repo r;
	/* Curated: even though the text says "awesome list", it stays Tutorials. */
	assert_int_equal(sw_store_find_repo(s, "curated/awesome-things", &id, &err), SW_OK);
	assert_int_equal(sw_store_get_repo(s, id, &r, &err), SW_OK);
	assert_string_equal(r.layer, "Tutorials");
	assert_int_equal(r.class_source, SW_CLASS_CURATED);
	assert_null(sw_classify_status(s, id));
	sw_repo_release(&r);
	assert_int_equal(sw_store_find_repo(s, "auto/awesome-llm", &id, &err), SW_OK);
	assert_int_equal(sw_store_get_repo(s, id, &r, &err), SW_OK);
	assert_string_equal(r.layer, "Lists");
	assert_int_equal(r.class_source, SW_CLASS_AUTOMATIC);
	assert_true(r.confidence >= 0.3 && r.confidence <= 1);
	assert_string_equal(sw_classify_status(s, id), "automatic");
	sw_repo_release(&r);
	assert_int_equal(sw_store_find_repo(s, "auto/mystery", &id, &err), SW_OK);
	assert_int_equal(sw_store_get_repo(s, id, &r, &err), SW_OK);
	assert_null(r.layer);
	assert_int_equal(r.class_source, SW_CLASS_NONE);
	assert_string_equal(sw_classify_status(s, id), "needs review");
	sw_repo_release(&r);
	/* A stricter rerun turns the automatic label into "needs review" and
	 * removes it; the curated one is still untouched. */
	assert_int_equal(sw_classify_store(s, m, 0.999, 2000, &run, &t, &err), SW_OK);
	sw_table_free(t);
	assert_int_equal(run.needs_review, 2);
	assert_int_equal(tu_sql_int(s, "SELECT COUNT(*) FROM classifications WHERE source=1"), 0);
	assert_int_equal(tu_sql_int(s, "SELECT COUNT(*) FROM classifications WHERE source=2"), 1);
	/* Rerunning with the same settings changes nothing. */
	uint64_t d1 = tu_store_digest(s);
	assert_int_equal(sw_classify_store(s, m, 0.999, 2000, &run, &t, &err), SW_OK);
	sw_table_free(t);
	assert_true(d1 == tu_store_digest(s));
	/* Bad threshold: refused, nothing written. */
	assert_int_equal(sw_classify_store(s, m, 1.5, 3000, &run, &t, &err), SW_EINVAL);
	assert_null(t);
	assert_true(d1 == tu_store_digest(s));
	/* Too few curated labels in the store: the shipped model is used. */
	struct sw_classify_model *sm = NULL;
	bool from_store = true;
	assert_int_equal(sw_classify_model_for_store(s, &sm, &from_store, &err), SW_OK);
	assert_false(from_store);
	sw_classify_model_free(sm);
	sw_classify_model_free(m);
	free(csv);
	sw_store_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model_parse_errors),
		cmocka_unit_test(test_edge_inputs),
		cmocka_unit_test(test_huge_readme),
		cmocka_unit_test(test_readme_lines),
		cmocka_unit_test(test_readme_shapes),
		cmocka_unit_test(test_store_curated_wins),
		cmocka_unit_test(test_deterministic_training),
		cmocka_unit_test(test_cross_validation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
