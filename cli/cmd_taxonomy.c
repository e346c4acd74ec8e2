/* cmd_taxonomy.c: `stackwatch taxonomy [load FILE]`: show or extend layers. */
#include <string.h>

#include "cli.h"
#include "stackwatch/core.h"

static const struct sw_cmd_doc doc = {
	.usage = "stackwatch taxonomy [--format FMT] [--db PATH]\n"
		 "stackwatch taxonomy load FILE",
	.about = "Show the AI-stack taxonomy (layers, whether they count as software, and their "
		 "subcategories), or add layers/subcategories from a TSV file: layer<TAB>1|0 (software or "
		 "not)<TAB>subcategory, '#' starts a comment.",
	.args = {"load FILE", 0, 2},
};

/* Load FILE (ud) first when given, then the taxonomy table. */
static sw_err taxonomy(struct sw_store *s, const void *file, struct sw_table **out, struct sw_error *err)
{
	sw_err e = file ? sw_store_load_taxonomy(s, file, err) : SW_OK;
	return e ? e : sw_taxonomy_table(s, out, err);
}

int sw_cmd_taxonomy(struct sw_cli *cli, int argc, char **argv)
{
	enum sw_fmt fmt;
	const struct sw_option opts[] = {
		SW_OPT_FORMAT(&fmt, SW_FMTS_TEXT, SW_FMT_TABLE, NULL),
		SW_OPT_END(),
	};
	int nargs, rc = sw_opt_parse(cli, &doc, opts, argc, argv, &nargs);
	if (rc != SW_OPT_CONTINUE)
		return rc;
	/* the only arguments: "load FILE" (more than two the parser refused) */
	if (nargs && (nargs != 2 || strcmp(argv[0], "load")))
		return sw_cli_usage(cli->cmd, "unexpected argument '%s'", argv[0]);
	return sw_cli_store_table(cli, taxonomy, nargs ? argv[1] : NULL, fmt);
}
