/* man.h: the roff writer of `stackwatch help --man`: options.c calls it,
 * in place of its text, with the same usage, prose and option entries it
 * writes as --help, so a man page says exactly what --help says. */
#ifndef STACKWATCH_CLI_MAN_H
#define STACKWATCH_CLI_MAN_H

#include <stdio.h>

/* Start a page: .TH and NAME for `stackwatch` (cmd NULL) or
 * `stackwatch-CMD`, with its one-line summary. */
void sw_man_begin(FILE *f, const char *cmd, const char *summary);
/* A command's usage lines ('\n' between) and about text: SYNOPSIS and
 * DESCRIPTION for the page's command, a section of its own for each
 * subcommand after it. */
void sw_man_head(FILE *f, const char *usage, const char *about);
/* The heading of a group of options (NULL: "OPTIONS"). */
void sw_man_heading(FILE *f, const char *text);
/* One option: "--name ARG" and its help. */
void sw_man_option(FILE *f, const char *left, const char *help);
/* Prose: each line a paragraph; a line starting with a space as written. */
void sw_man_text(FILE *f, const char *text);
/* End a page: exit codes, files, environment, see also. */
void sw_man_end(FILE *f, const char *cmd);

#endif
