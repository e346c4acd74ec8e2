#!/usr/bin/env bash
# core_install.sh STACKWATCH SHARED: `cmake --install` of the build that made
# STACKWATCH into a fresh prefix, then check what a C tool's users expect
# there: bin/stackwatch runs; one man page per command of this build, each
# rendered by `man -l` without a warning and naming every option of the
# command's --help (they are written from the same tables); bash and zsh
# completions that complete commands and options; the library, its headers
# and stackwatch.pc, with which a small program compiles through pkg-config
# and reads a store the installed binary wrote.
# Exit 77 (skipped) when cmake, man, pkg-config or a C compiler is missing.
set -uo pipefail
SW=$1
BUILD=$(cd "$(dirname "$SW")" && pwd)
for t in cmake man groff pkg-config cc; do
  command -v "$t" >/dev/null || { echo "skip: no $t"; exit 77; }
done
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
P=$T/prefix
fail=0; n=0
check() { # description, command...
  n=$((n+1)); local what=$1; shift
  if "$@"; then :; else echo "FAIL: $what"; fail=$((fail+1)); fi
}
cmake --install "$BUILD" --prefix "$P" >"$T/install.log" 2>&1 || { cat "$T/install.log"; exit 1; }
export PATH=$P/bin:$PATH NO_COLOR=1 SW_NO_PROGRESS=1

check "bin/stackwatch runs" bash -c "'$P/bin/stackwatch' --version | grep -q '^stackwatch '"
cmds=$("$P/bin/stackwatch" help --commands | grep -v '^help$')
check "one man page per command, and stackwatch.1" \
  test "$(ls "$P/share/man/man1" | wc -l)" -eq "$(( $(echo "$cmds" | wc -l) + 1 ))"
for c in '' $cmds; do
  page=$P/share/man/man1/stackwatch${c:+-$c}.1
  check "man page ${c:-stackwatch} exists" test -s "$page"
  MANWIDTH=100 man -l "$page" >"$T/man.txt" 2>"$T/man.err"
  check "man -l renders ${c:-stackwatch} without a warning" test ! -s "$T/man.err"
  check "groff finds nothing to warn about in ${c:-stackwatch}" bash -c "! groff -man -ww -z '$page' 2>&1 | grep -q ."
  [ -n "$c" ] || continue
  # every option --help shows is in the page (man renders '-' as a hyphen or a minus)
  sed 's/[‐−]/-/g' "$T/man.txt" >"$T/man.ascii"
  for o in $("$P/bin/stackwatch" help --options "$c" | grep '^--'); do
    grep -qF -- "$o" "$T/man.ascii" || { echo "FAIL: $c's page lacks $o"; fail=$((fail+1)); }
  done
done
check "man -l finds the list page's --limit" bash -c "MANWIDTH=100 man -l '$P/share/man/man1/stackwatch-list.1' | grep -q 'at most N rows'"

# completions: bash completes commands and options by asking the binary
bc=$P/share/bash-completion/completions/stackwatch
check "bash completion parses" bash -n "$bc"
complete_words() { # words... -> what bash completes for the last one
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _stackwatch; printf "%s\n" "${COMPREPLY[@]}"' _ "$bc" "$@"
}
check "bash completes 'stackwatch li' to list" bash -c "[ \"\$(cd '$T' && $(declare -f complete_words); bc='$bc' complete_words stackwatch li)\" = list ]"
check "bash completes 'stackwatch list --li' to --limit" bash -c "cd '$T' && $(declare -f complete_words); bc='$bc' complete_words stackwatch list --li | grep -qx -- --limit"
check "bash completes 'stackwatch models fr' to frontier" bash -c "cd '$T' && $(declare -f complete_words); bc='$bc' complete_words stackwatch models fr | grep -qx frontier"
check "zsh completion installed" test -s "$P/share/zsh/site-functions/_stackwatch"
if command -v zsh >/dev/null; then check "zsh completion parses" zsh -n "$P/share/zsh/site-functions/_stackwatch"; fi

# the library: a small program built with pkg-config reads a store the installed binary wrote
export PKG_CONFIG_PATH=$P/lib/pkgconfig
check "stackwatch.pc found" pkg-config --exists stackwatch
printf 'repo,category,subcat,stars\nsmall/one,Applications,Coding,10\nbig/two,Infrastructure,Serving,3000\nmid/three,Applications,Bots,200\n' >"$T/list.csv"
"$P/bin/stackwatch" --db "$T/db" import --taken-at 2024-11-05 "$T/list.csv" 2>/dev/null || { echo "import failed"; exit 1; }
cat >"$T/top.c" <<'EOF'
/* the tracked repos of a store, most stars first, as CSV */
#include <stdio.h>
#include <stackwatch/core.h>

int main(int argc, char **argv)
{
	struct sw_store *s = NULL;
	struct sw_repo_list l = {0};
	struct sw_table *t = NULL;
	struct sw_query q = {.sort = SW_SORT_STARS};
	struct sw_buf b = SW_BUF_INIT;
	struct sw_error err = {0};
	if (argc != 2 || sw_store_open(argv[1], &s, &err) || sw_store_list(s, &q, &l, &err) ||
	    sw_view_repo_list(&l, &t) || sw_table_render(t, SW_FMT_CSV, 0, &b)) {
		fprintf(stderr, "top: %s\n", sw_error_text(&err));
		return 1;
	}
	fputs(b.data, stdout);
	sw_buf_release(&b);
	sw_table_free(t);
	sw_repo_list_release(&l);
	sw_store_free(s);
	return 0;
}
EOF
san=""; [ -n "${SW_SANITIZED:-}" ] && san="-fsanitize=address,undefined"
# shellcheck disable=SC2046 # pkg-config's words are meant to split
check "a program compiles and links with pkg-config" \
  cc -std=c11 -Wall -Werror $san "$T/top.c" -o "$T/top" $(pkg-config --cflags --libs stackwatch)
check "it reads the store: big/two, mid/three, small/one" \
  bash -c "[ \"\$('$T/top' '$T/db' | cut -d, -f1,5 | tr '\n' ' ')\" = 'repo,stars big/two,3000 mid/three,200 small/one,10 ' ]"
echo "$((n-fail)) passed, $fail failed"
[ $fail = 0 ]
