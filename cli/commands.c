/* commands.c: the subcommand table (git's builtin table). One line per
 * command; the implementation lives in cmd_NAME.c. A command whose
 * subsystem this build left out (SW_WITH_*=OFF) keeps its line, with no
 * function, so that help and errors can say so. */
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

#if SW_HAVE_GITHUB
#define GITHUB(fn) fn
#else
#define GITHUB(fn) NULL
#endif
#if SW_HAVE_GHARCHIVE
#define GHARCHIVE(fn) fn
#else
#define GHARCHIVE(fn) NULL
#endif
#if SW_HAVE_WEB /* serve; its --refresh only with SW_HAVE_GITHUB too */
#define WEB(fn) fn
#else
#define WEB(fn) NULL
#endif

const struct sw_command sw_commands[] = {
	{"export", "export data: GH Archive daily series (export series)", GHARCHIVE(sw_cmd_export), "gharchive"},
	{"gharchive", "scan GH Archive hours into exact daily history; gaps, merge, generate", GHARCHIVE(sw_cmd_gharchive), "gharchive"},
	{"help", "show help for stackwatch or a command", sw_cmd_help, NULL},
	{"decide", "build on open source or buy proprietary? factors, reasons, ranked options", sw_cmd_decide, NULL},
	{"classify", "label repos with a layer/subcategory automatically", sw_cmd_classify, NULL},
	{"import", "import curated-list snapshot files (CSV or JSON)", sw_cmd_import, NULL},
	{"list", "list tracked repos with their latest metrics", sw_cmd_list, NULL},
	{"report", "the ecosystem report: every analysis of the AI-stack study", sw_cmd_report, NULL},
	{"models", "open weights vs proprietary: benchmark frontier and lag", sw_cmd_models, NULL},
	{"serve", "serve the web app: list, repo pages, report, submit, JSON API", WEB(sw_cmd_serve), "web"},
	{"show", "show one repo with all fields and its snapshot series", sw_cmd_show, NULL},
	{"taxonomy", "show or extend the AI-stack taxonomy", sw_cmd_taxonomy, NULL},
	{"discover", "find repos on GitHub by keyword search", GITHUB(sw_cmd_discover), "github"},
	{"update", "take one snapshot of every tracked repo from GitHub", GITHUB(sw_cmd_update), "github"},
	{"watch", "run update passes on a schedule (e.g. --every 6h)", GITHUB(sw_cmd_watch), "github"},
	{"submit", "propose a GitHub repo for tracking (pending review)", GITHUB(sw_cmd_submit), "github"},
	{"review", "list, accept or reject submitted repos", sw_cmd_review, NULL},
	{"backfill", "fetch a repo's star history from the GitHub API", GITHUB(sw_cmd_backfill), "github"},
};
const size_t sw_ncommands = sizeof sw_commands / sizeof sw_commands[0];
