/* fuzz_github_graphql.c: an update pass's handling of a GraphQL answer
 * (any bytes as the body) against a store with three due repos, two known
 * by node id and one by name. Each input runs inside a transaction that is
 * rolled back, so inputs do not affect each other. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "stackwatch/core.h"
#include "github/github_int.h"

static struct sw_store *store;

static void setup(void)
{
	if (sw_store_open(":memory:", &store, NULL))
		abort();
	const char *names[] = {"org0/repo-0", "org1/repo-1", "someone/thing"};
	const char *nodes[] = {"MDEwOlJlcG9zaXRvcnkxMDAwMDA=", "MDEwOlJlcG9zaXRvcnkxMDAwMDE=", NULL};
	for (int i = 0; i < 3; i++) {
		struct sw_repo_update u = SW_REPO_UPDATE_INIT;
		char owner[32], name[32];
		sscanf(names[i], "%31[^/]/%31s", owner, name);
		u.owner = owner;
		u.name = name;
		int64_t id;
		if (sw_store_upsert_repo(store, &u, &id, NULL))
			abort();
		if (nodes[i] && github_apply_graphql(store, 1, "{}", 2, NULL) != SW_EHTTP)
			abort(); /* no data: refused */
		if (nodes[i] && github_set_node(store, id, nodes[i], NULL))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!store)
		setup();
	if (sw_store_begin(store, NULL))
		abort();
	(void)github_apply_graphql(store, 1700000000, (const char *)data, size, NULL);
	sw_store_rollback(store);
	return 0;
}
