/* fuzz_github_readme.c: a /readme answer (any bytes as the body, raw text or
 * a base64 content-file object) decoded and stored as the update pass does;
 * what the store keeps must be valid UTF-8 within the budget. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stackwatch/core.h"
#include "github/github_int.h"

static struct sw_store *store;
static int64_t repo;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!store) {
		struct sw_repo_update u = SW_REPO_UPDATE_INIT;
		u.owner = "o";
		u.name = "r";
		if (sw_store_open(":memory:", &store, NULL) || sw_store_upsert_repo(store, &u, &repo, NULL))
			abort();
	}
	size_t len;
	char *t = github_readme_text((const char *)data, size, &len);
	if (t && t[len] != '\0')
		abort();
	if (sw_store_put_readme(store, repo, t, len, 1, NULL))
		abort();
	struct sw_readme r;
	if (sw_store_get_readme(store, repo, &r, NULL))
		abort();
	if (r.text && (r.len > SW_STORE_README_MAX || sw_utf8_valid_prefix(r.text, r.len) != r.len ||
		       memchr(r.text, '\0', r.len)))
		abort();
	if ((t == NULL) != (r.text == NULL))
		abort();
	sw_readme_release(&r);
	free(t);
	return 0;
}
