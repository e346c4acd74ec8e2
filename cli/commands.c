/* commands.c: the subcommand table (git's builtin table). One line per
 * command; the implementation lives in cmd_NAME.c. */
#include "cli.h"

int sw_cmd_decide(struct sw_cli *cli, int argc, char **argv);
int sw_cmd_export(struct sw_cli *cli, int argc, char **argv);
int sw_cmd_gharchive(struct sw_cli *cli, int argc, char **argv);
int sw_cmd_help(struct sw_cli *cli, int argc, char **argv);
int sw_cmd_classify(struct sw_cli *cli, int argc, char **argv);
int sw_cmd_import(struct sw_cli *cli, int argc, char **argv);
int sw_cmd_list(struct sw_cli *cli, int argc, char **argv);
int sw_cmd_report(struct sw_cli *cli, int argc, char **argv);
int sw_cmd_models(struct sw_cli *cli, int argc, char **argv);
int sw_cmd_serve(struct sw_cli *cli, int argc, char **argv);
int sw_cmd_show(struct sw_cli *cli, int argc, char **argv);
int sw_cmd_taxonomy(struct sw_cli *cli, int argc, char **argv);
int sw_cmd_discover(struct sw_cli *cli, int argc, char **argv);
int sw_cmd_update(struct sw_cli *cli, int argc, char **argv);
int sw_cmd_watch(struct sw_cli *cli, int argc, char **argv);
int sw_cmd_submit(struct sw_cli *cli, int argc, char **argv);
int sw_cmd_review(struct sw_cli *cli, int argc, char **argv);
int sw_cmd_backfill(struct sw_cli *cli, int argc, char **argv);

const struct sw_command sw_commands[] = {
	{"export", "export data: GH Archive daily series (export series)", sw_cmd_export},
	{"gharchive", "scan GH Archive hours into exact daily history; gaps, merge, generate", sw_cmd_gharchive},
	{"help", "show help for stackwatch or a command", sw_cmd_help},
	{"decide", "build on open source or buy proprietary? factors, reasons, ranked options", sw_cmd_decide},
	{"classify", "label repos with a layer/subcategory automatically", sw_cmd_classify},
	{"import", "import curated-list snapshot files (CSV or JSON)", sw_cmd_import},
	{"list", "list tracked repos with their latest metrics", sw_cmd_list},
	{"report", "the ecosystem report: every analysis of the AI-stack study", sw_cmd_report},
	{"models", "open weights vs proprietary: benchmark frontier and lag", sw_cmd_models},
	{"serve", "serve the web app: list, repo pages, report, submit, JSON API", sw_cmd_serve},
	{"show", "show one repo with all fields and its snapshot series", sw_cmd_show},
	{"taxonomy", "show or extend the AI-stack taxonomy", sw_cmd_taxonomy},
	{"discover", "find repos on GitHub by keyword search", sw_cmd_discover},
	{"update", "take one snapshot of every tracked repo from GitHub", sw_cmd_update},
	{"watch", "run update passes on a schedule (e.g. --every 6h)", sw_cmd_watch},
	{"submit", "propose a GitHub repo for tracking (pending review)", sw_cmd_submit},
	{"review", "list, accept or reject submitted repos", sw_cmd_review},
	{"backfill", "fetch a repo's star history from the GitHub API", sw_cmd_backfill},
};
const size_t sw_ncommands = sizeof sw_commands / sizeof sw_commands[0];
