/* cmd_submit.c: `stackwatch submit OWNER/REPO`: propose a repo for tracking. */
#if SW_HAVE_GITHUB /* this build has the subsystem (CMakeLists.txt SW_WITH_*) */
#include "github_cli.h"
#include "stackwatch/core.h"

static const struct sw_cmd_doc doc = {
	.usage = "stackwatch submit OWNER/REPO|URL [--layer L] [--subcat S] [OPTIONS]",
	.about = "Check that OWNER/REPO exists on GitHub and add it with a pending review state (see "
		 "`stackwatch review`).",
	.args = {"OWNER/REPO", 1, 1},
};

static int submit(struct sw_cli *cli, struct sw_cli_gh *g, const char *name, const char *layer, const char *subcat)
{
	struct sw_error err = {0};
	struct sw_store *s = NULL;
	struct sw_github *gh = NULL;
	int64_t id = 0;
	/* not stoppable: a signal ends its one or two requests at once */
	sw_err e = sw_cli_gh_start(cli, g, false, &s, &gh, &err);
	if (!e)
		e = sw_github_submit(s, gh, name, layer, subcat, &id, &err);
	if (!e)
		sw_cli_info("%s submitted; it awaits review (stackwatch review --accept %s)", name, name);
	sw_cli_gh_end(g, s, gh);
	return e ? sw_cli_fail(&err) : SW_EXIT_OK;
}

int sw_cmd_submit(struct sw_cli *cli, int argc, char **argv)
{
	struct sw_cli_gh g;
	const char *layer = NULL, *subcat = NULL;
	sw_cli_gh_init(&g);
	const struct sw_option opts[] = {
		SW_OPT_STRING("layer", &layer, "L", "propose this layer"),
		SW_OPT_STRING("subcat", &subcat, "S", "propose this subcategory (with --layer)"),
		SW_OPT_GROUP(g.options),
		SW_OPT_END(),
	};
	int nargs, rc = sw_opt_parse(cli, &doc, opts, argc, argv, &nargs);
	if (rc != SW_OPT_CONTINUE)
		return rc;
	char name[256];
	if (!sw_repo_name_parse(argv[0], name))
		return sw_cli_usage(cli->cmd, "'%s' is not a valid OWNER/REPO name or GitHub repo URL", argv[0]);
	if (subcat && !layer)
		return sw_cli_usage(cli->cmd, "--subcat needs --layer");
	return submit(cli, &g, name, layer, subcat);
}
#endif
