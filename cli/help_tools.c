/* help_tools.c: what `stackwatch help` writes besides help, all of it from
 * the command table and each command's option table (by running its
 * --help in another style, options.h), so none of it can drift:
 *   help --man [CMD]           the man page of stackwatch or of CMD (roff)
 *   help --commands            the commands of this build, one a line
 *   help --options CMD [SUB]   CMD's options (and subcommands), one a line
 *   help --completion SHELL    a bash or zsh completion script that asks
 *                              the two above as you type */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "man.h"

static const struct sw_command *find(const char *name)
{
	for (size_t i = 0; name && i < sw_ncommands; i++)
		if (!strcmp(sw_commands[i].name, name) && sw_commands[i].run)
			return &sw_commands[i];
	return NULL;
}

/* Run c's --help (of subcommand sub, if given) in style. */
static int command_help(struct sw_cli *cli, const struct sw_command *c, const char *sub, enum sw_help_style style)
{
	char *args[] = {(char *)c->name, (char *)(sub ? sub : "--help"), sub ? "--help" : NULL, NULL};
	sw_opt_set_help_style(style);
	cli->cmd = c->name;
	int rc = c->run(cli, sub ? 3 : 2, args);
	sw_opt_set_help_style(SW_HELP_TEXT);
	return rc;
}

/* The page of stackwatch itself: how it is called and its commands. */
static void overview_page(FILE *f)
{
	sw_man_begin(f, NULL, "an observatory of the open-source AI ecosystem on GitHub");
	sw_man_head(f, "stackwatch [--db PATH] COMMAND [ARGS]\nstackwatch help [COMMAND]",
		    "stackwatch tracks the open-source AI ecosystem on GitHub: which repos exist in each layer of the AI "
		    "stack, how fast they grow, and who builds them. It keeps one SQLite store; every command reads or "
		    "writes it. 'stackwatch COMMAND --help' and the page stackwatch-COMMAND(1) describe a command.");
	sw_man_heading(f, "COMMANDS");
	for (size_t i = 0; i < sw_ncommands; i++)
		if (sw_commands[i].run) {
			char left[64];
			snprintf(left, sizeof left, "%s", sw_commands[i].name);
			sw_man_option(f, left, sw_commands[i].summary);
		}
	sw_man_heading(f, "GLOBAL OPTIONS");
	sw_man_option(f, "--db PATH", "the store (default $STACKWATCH_DB, else ./stackwatch.db)");
	sw_man_option(f, "--help", "the list of commands; 'stackwatch COMMAND --help' for one");
	sw_man_option(f, "--version", "print the version");
	sw_man_end(f, NULL);
}

static int man_page(struct sw_cli *cli, const char *name)
{
	if (!name || !strcmp(name, "help")) { /* help is stackwatch's own page */
		overview_page(stdout);
		return SW_EXIT_OK;
	}
	const struct sw_command *c = find(name);
	if (!c)
		return sw_cli_usage("help", "no command '%s' in this build", name);
	sw_man_begin(stdout, c->name, c->summary);
	int rc = command_help(cli, c, NULL, SW_HELP_MAN);
	sw_man_end(stdout, c->name);
	return rc;
}

/* Completion scripts: they ask this binary for commands and options as
 * you type, so they follow the binary they complete. */
static const char bash_script[] =
	"# bash completion for stackwatch (written by `stackwatch help --completion bash`)\n"
	"_stackwatch() {\n"
	"  local cur=${COMP_WORDS[COMP_CWORD]} words=() w i\n"
	"  for ((i = 1; i < COMP_CWORD; i++)); do\n"
	"    w=${COMP_WORDS[i]}\n"
	"    case $w in --db) ((i++)) ;; -*) ;; *) words+=(\"$w\") ;; esac\n"
	"  done\n"
	"  if [ ${#words[@]} -eq 0 ]; then\n"
	"    COMPREPLY=($(compgen -W \"$(stackwatch help --commands 2>/dev/null) --db --help --version\" -- \"$cur\"))\n"
	"  elif [[ $cur == -* || ${#words[@]} -le 2 ]]; then\n"
	"    COMPREPLY=($(compgen -W \"$(stackwatch help --options \"${words[@]:0:2}\" 2>/dev/null)\" -- \"$cur\"))\n"
	"    [ ${#COMPREPLY[@]} -eq 0 ] && COMPREPLY=($(compgen -f -- \"$cur\"))\n"
	"  else\n"
	"    COMPREPLY=($(compgen -f -- \"$cur\"))\n"
	"  fi\n"
	"}\n"
	"complete -o filenames -F _stackwatch stackwatch\n";

static const char zsh_script[] =
	"#compdef stackwatch\n"
	"# zsh completion for stackwatch (written by `stackwatch help --completion zsh`)\n"
	"_stackwatch() {\n"
	"  local -a words_ opts\n"
	"  local w\n"
	"  for w in ${words[2,CURRENT-1]}; do\n"
	"    [[ $w == -* ]] || words_+=($w)\n"
	"  done\n"
	"  if (( ${#words_} == 0 )); then\n"
	"    opts=(${(f)\"$(stackwatch help --commands 2>/dev/null)\"} --db --help --version)\n"
	"  else\n"
	"    opts=(${(f)\"$(stackwatch help --options ${words_[1,2]} 2>/dev/null)\"})\n"
	"  fi\n"
	"  compadd -- $opts\n"
	"  _files\n"
	"}\n"
	"compdef _stackwatch stackwatch\n";

int sw_help_tools(struct sw_cli *cli, int argc, char **argv)
{
	const char *what = argv[1], *arg = argc > 2 ? argv[2] : NULL;
	if (!strcmp(what, "--man"))
		return man_page(cli, arg);
	if (!strcmp(what, "--commands")) {
		for (size_t i = 0; i < sw_ncommands; i++)
			if (sw_commands[i].run)
				puts(sw_commands[i].name);
		return SW_EXIT_OK;
	}
	if (!strcmp(what, "--options")) {
		const struct sw_command *c = find(arg);
		if (!c)
			return sw_cli_usage("help", "--options needs a command of this build");
		return command_help(cli, c, argc > 3 && argv[3][0] != '-' ? argv[3] : NULL, SW_HELP_NAMES);
	}
	if (!strcmp(what, "--completion") && arg && (!strcmp(arg, "bash") || !strcmp(arg, "zsh")))
		return fputs(!strcmp(arg, "bash") ? bash_script : zsh_script, stdout) < 0 ? SW_EXIT_FAIL : SW_EXIT_OK;
	return sw_cli_usage("help", "unknown option '%s' (help takes --man [CMD], --commands, --options CMD [SUB],"
			    " --completion bash|zsh)", what);
}
