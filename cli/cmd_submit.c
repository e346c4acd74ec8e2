/* cmd_submit.c: `stackwatch submit OWNER/REPO`: propose a repo for tracking. */
#if SW_HAVE_GITHUB /* this build has the subsystem (CMakeLists.txt SW_WITH_*) */
#include <string.h>

#include "github_cli.h"
#include "stackwatch/core.h"

static void help(void)
{
	puts("usage: stackwatch submit OWNER/REPO [--layer L] [--subcat S] [OPTIONS]\n"
	     "\n"
	     "Check that OWNER/REPO exists on GitHub and add it with a pending review\n"
	     "state (see `stackwatch review`). --layer/--subcat propose a classification.\n"
	     "\n"
	     "Options:\n"
	     SW_CLI_GH_HELP
	     "  --db PATH         the store\n"
	     "  --help            this text");
}

int sw_cmd_submit(struct sw_cli *cli, int argc, char **argv)
{
	struct sw_cli_gh g = {.o = {.max_wait_s = -1}};
	const char *name = NULL, *layer = NULL, *subcat = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		int rc;
		if (sw_cli_common_opt(cli, argc, argv, &i))
			continue;
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			help();
			return SW_EXIT_OK;
		}
		if ((rc = sw_cli_gh_opt(&g, "submit", argc, argv, &i))) {
			if (rc < 0)
				return SW_EXIT_USAGE;
		} else if (!strcmp(a, "--layer") && v) {
			layer = v;
			i++;
		} else if (!strcmp(a, "--subcat") && v) {
			subcat = v;
			i++;
		} else if (a[0] != '-' && !name) {
			name = a;
		} else
			return sw_cli_usage("submit", "unknown option '%s' or missing value", a);
	}
	if (!name)
		return sw_cli_usage("submit", "which repo? give OWNER/REPO");
	if (!sw_repo_name_valid(name))
		return sw_cli_usage("submit", "'%s' is not a valid OWNER/REPO name", name);
	if (subcat && !layer)
		return sw_cli_usage("submit", "--subcat needs --layer");
	struct sw_error err = {0};
	struct sw_store *s = NULL;
	struct sw_github *gh = NULL;
	int64_t id = 0;
	sw_err e = sw_cli_open_store(cli, &s, &err);
	if (!e)
		e = sw_cli_gh_open(&g, s, &gh, &err);
	if (!e)
		e = sw_github_submit(s, gh, name, layer, subcat, &id, &err);
	if (!e)
		sw_cli_info("%s submitted; it awaits review (stackwatch review --accept %s)", name, name);
	sw_github_free(gh);
	sw_cli_gh_release(&g);
	sw_store_free(s);
	return e ? sw_cli_fail(&err) : SW_EXIT_OK;
}
#endif
