/* man.c: man pages in roff (man(7)) from what options.c hands over while it
 * writes a command's --help in SW_HELP_MAN style: the usage, the prose and
 * each option entry, so the pages come from the same tables as --help.
 * `stackwatch help --man [CMD]` writes a page; the build writes one per
 * command (cmake/manpages.cmake). */
#include <stdbool.h>
#include <string.h>

#include "man.h"

/* How far into a page: its command's head written, its options begun. */
static int heads;

/* s with roff's specials escaped: backslashes, hyphens (a plain '-' may
 * become a typographic hyphen), and a leading '.' or '\'' (a request). */
static void put(FILE *f, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i == 0 && (s[0] == '.' || s[0] == '\''))
			fputs("\\&", f);
		if (s[i] == '\\')
			fputs("\\e", f);
		else if (s[i] == '-')
			fputs("\\-", f);
		else
			fputc(s[i], f);
	}
}

static void puts_esc(FILE *f, const char *s)
{
	put(f, s, strlen(s));
}

void sw_man_begin(FILE *f, const char *cmd, const char *summary)
{
	heads = 0;
	fputs(".TH ", f);
	fputs(cmd ? "STACKWATCH\\-" : "STACKWATCH", f);
	for (const char *p = cmd ? cmd : ""; *p; p++)
		fputc(*p >= 'a' && *p <= 'z' ? *p - 32 : *p, f);
	fputs(" 1 \"\" \"stackwatch 0.1.0\" \"stackwatch manual\"\n.SH NAME\n", f);
	fputs(cmd ? "stackwatch\\-" : "stackwatch", f);
	puts_esc(f, cmd ? cmd : "");
	fputs(" \\- ", f);
	puts_esc(f, summary);
	fputc('\n', f);
}

/* Usage lines as a no-fill block, the command in bold. */
static void usage_block(FILE *f, const char *usage)
{
	fputs(".nf\n", f);
	while (*usage) {
		size_t n = strcspn(usage, "\n");
		put(f, usage, n);
		fputc('\n', f);
		usage += n + (usage[n] == '\n');
	}
	fputs(".fi\n", f);
}

void sw_man_head(FILE *f, const char *usage, const char *about)
{
	if (heads++ == 0) {
		fputs(".SH SYNOPSIS\n", f);
		usage_block(f, usage);
		fputs(".SH DESCRIPTION\n", f);
	} else { /* a subcommand: its own section, named by its usage's command words */
		size_t n = 0;
		while (usage[n] && ((usage[n] >= 'a' && usage[n] <= 'z') ||
				    (usage[n] == ' ' && usage[n + 1] >= 'a' && usage[n + 1] <= 'z')))
			n++;
		fputs(".SH \"", f);
		for (size_t i = 0; i < n; i++)
			fputc(usage[i] == ' ' ? ' ' : usage[i] - 32, f);
		fputs("\"\n", f);
		usage_block(f, usage);
	}
	if (about)
		sw_man_text(f, about);
}

void sw_man_heading(FILE *f, const char *text)
{
	fputs(heads > 1 ? ".SS " : ".SH ", f);
	if (text) {
		fputc('"', f);
		puts_esc(f, text);
		fputs("\"\n", f);
	} else
		fputs(heads > 1 ? "Options\n" : "OPTIONS\n", f);
}

void sw_man_option(FILE *f, const char *left, const char *help)
{
	/* "--name ARG": the name bold, the value's name italic */
	const char *sp = strchr(left, ' ');
	fputs(".TP\n\\fB", f);
	put(f, left, sp ? (size_t)(sp - left) : strlen(left));
	fputs("\\fR", f);
	if (sp) {
		fputs(" \\fI", f);
		puts_esc(f, sp + 1);
		fputs("\\fR", f);
	}
	fputc('\n', f);
	for (const char *p = help; *p;) { /* '\n' in a help text starts a line */
		size_t n = strcspn(p, "\n");
		put(f, p, n);
		fputs(p[n] ? "\n.br\n" : "\n", f);
		p += n + (p[n] == '\n');
	}
}

void sw_man_text(FILE *f, const char *text)
{
	bool verbatim = false;
	while (*text) {
		size_t n = strcspn(text, "\n");
		bool as_written = text[0] == ' ';
		if (as_written != verbatim)
			fputs(as_written ? ".PP\n.nf\n" : ".fi\n", f);
		if (!as_written && n)
			fputs(".PP\n", f);
		verbatim = as_written;
		if (n) {
			put(f, text, n);
			fputc('\n', f);
		}
		text += n + (text[n] == '\n');
	}
	if (verbatim)
		fputs(".fi\n", f);
}

void sw_man_end(FILE *f, const char *cmd)
{
	fputs(".SH \"EXIT STATUS\"\n"
	      "0 success; 1 failure (I/O, database, network); 2 usage error; 3 bad input data, nothing was changed;\n"
	      "4 not found; 5 rate\\-limited or locked: rerun later to finish.\n"
	      ".SH ENVIRONMENT\n"
	      ".TP\n\\fBSTACKWATCH_DB\\fR\nthe store when \\fB\\-\\-db\\fR is not given (default ./stackwatch.db)\n"
	      ".TP\n\\fBCOLUMNS\\fR\nthe width text tables fit (else the terminal's, else 100)\n"
	      ".TP\n\\fBNO_COLOR\\fR\nno colour in the output\n"
	      ".SH \"SEE ALSO\"\n", f);
	fputs(cmd ? "\\fBstackwatch\\fR(1)\n" : "\\fBstackwatch\\-list\\fR(1), \\fBstackwatch\\-report\\fR(1),"
						 " \\fBstackwatch\\-serve\\fR(1), and one page per command\n", f);
}
