/* commands.c: the subcommand table (git's builtin table). One line per
 * command; the implementation lives in cmd_NAME.c. */
#include "cli.h"

int sw_cmd_help(struct sw_cli *cli, int argc, char **argv);
int sw_cmd_classify(struct sw_cli *cli, int argc, char **argv);
int sw_cmd_import(struct sw_cli *cli, int argc, char **argv);
int sw_cmd_list(struct sw_cli *cli, int argc, char **argv);
int sw_cmd_show(struct sw_cli *cli, int argc, char **argv);
int sw_cmd_taxonomy(struct sw_cli *cli, int argc, char **argv);

const struct sw_command sw_commands[] = {
	{"help", "show help for stackwatch or a command", sw_cmd_help},
	{"classify", "label repos with a layer/subcategory automatically", sw_cmd_classify},
	{"import", "import curated-list snapshot files (CSV or JSON)", sw_cmd_import},
	{"list", "list tracked repos with their latest metrics", sw_cmd_list},
	{"show", "show one repo with all fields and its snapshot series", sw_cmd_show},
	{"taxonomy", "show or extend the AI-stack taxonomy", sw_cmd_taxonomy},
};
const size_t sw_ncommands = sizeof sw_commands / sizeof sw_commands[0];
