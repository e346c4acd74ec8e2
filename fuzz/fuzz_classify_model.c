/* fuzz_classify_model.c: libFuzzer target for the classifier model parser
 * (sw_classify_model_parse, with its lexicon parser) and the text feature
 * extraction. A model that parses must classify, serialise, and re-parse to
 * the same bytes; any text must classify to a confidence in [0,1]. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stackwatch/classify.h"

static const char tiny[] = "stackwatch-classifier 1\nexamples\t2\nclass\tLists\t\nclass\tTutorials\t\n"
			   "lexicon\ttext\tcourse\tTutorials\nlexicon\tprefix\tawesome-\tLists\n"
			   "lexicon\tstop\tthe\nbias\t0\t0.5\nf\tlexicon:Tutorials\t1:3\nf\tword:list\t0:1\n";

static void classify_text(const struct sw_classify_model *m, const char *text)
{
	struct sw_classify_input in = {.repo = "fuzz/awesome-Repo", .description = text, .topics = text,
				       .language = text, .readme = text, .readme_len = strlen(text)};
	struct sw_classify_result r;
	if (sw_classify_predict(m, &in, &r, NULL) == SW_OK && !(r.confidence >= 0 && r.confidence <= 1))
		abort();
	struct sw_table *t = NULL;
	if (sw_classify_explain(m, &in, 5, &r, &t, NULL) == SW_OK)
		sw_table_free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	struct sw_classify_model *m = NULL;
	if (sw_classify_model_parse("fuzz", (const char *)data, size, &m, NULL) == SW_OK) {
		classify_text(m, "An online course with the awesome list");
		struct sw_buf a = SW_BUF_INIT, b = SW_BUF_INIT;
		struct sw_classify_model *m2 = NULL;
		if (sw_classify_model_write(m, &a, NULL) == SW_OK) {
			if (sw_classify_model_parse("again", a.data, a.len, &m2, NULL) != SW_OK)
				abort(); /* what we write we must read */
			if (sw_classify_model_write(m2, &b, NULL) != SW_OK || a.len != b.len ||
			    memcmp(a.data, b.data, a.len))
				abort();
		}
		sw_classify_model_free(m2);
		sw_buf_release(&a);
		sw_buf_release(&b);
		sw_classify_model_free(m);
	}
	/* The same bytes as repo text, through the tokenizer and lexicon. */
	struct sw_classify_model *t = NULL;
	if (sw_classify_model_parse("tiny", tiny, sizeof tiny - 1, &t, NULL) == SW_OK)
		classify_text(t, text);
	sw_classify_model_free(t);
	free(text);
	return 0;
}
