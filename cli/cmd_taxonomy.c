/* cmd_taxonomy.c: `stackwatch taxonomy [load FILE]`: show or extend layers. */
#include <string.h>

#include "cli.h"
#include "stackwatch/core.h"

static void help(void)
{
	puts("usage: stackwatch taxonomy [--format table|csv|json] [--db PATH]\n"
	     "       stackwatch taxonomy load FILE\n"
	     "\n"
	     "Show the AI-stack taxonomy (layers, whether they count as software, and\n"
	     "their subcategories), or add layers/subcategories from a TSV file:\n"
	     "layer<TAB>1|0 (software or not)<TAB>subcategory, '#' starts a comment.");
}

int sw_cmd_taxonomy(struct sw_cli *cli, int argc, char **argv)
{
	enum sw_fmt fmt = SW_FMT_TABLE;
	const char *load = NULL;
	for (int i = 1; i < argc; i++) {
		if (sw_cli_common_opt(cli, argc, argv, &i))
			continue;
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			help();
			return SW_EXIT_OK;
		}
		if (!strcmp(argv[i], "--format") && i + 1 < argc) {
			if (!sw_cli_format("taxonomy", argv[++i], false, &fmt))
				return SW_EXIT_USAGE;
		} else if (!strcmp(argv[i], "load") && i + 1 < argc)
			load = argv[++i];
		else
			return sw_cli_usage("taxonomy", "unexpected argument '%s'", argv[i]);
	}
	struct sw_error err = {0};
	struct sw_store *s = NULL;
	struct sw_table *t = NULL;
	sw_err e = sw_cli_open_store(cli, &s, &err);
	if (!e && load)
		e = sw_store_load_taxonomy(s, load, &err);
	if (!e)
		e = sw_taxonomy_table(s, &t, &err);
	int rc = e ? sw_cli_fail(&err) : sw_cli_print_table(t, fmt);
	sw_table_free(t);
	sw_store_free(s);
	return rc;
}
