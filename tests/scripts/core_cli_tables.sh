#!/usr/bin/env bash
# core_cli_tables.sh STACKWATCH SHARED: every command's option table, as the
# parser reads it (`help --options CMD [SUB]`, written from the same tables
# as --help, man pages and completions), names each option once. A name
# declared twice (two entries, or a shared group included again) would
# parse into the first entry only and be documented twice: caught here, for
# every command and subcommand of this build.
set -uo pipefail
SW=$1
fail=0; n=0
check_table() { # CMD [SUB]
  local out dup
  out=$("$SW" help --options "$@" 2>&1) || { echo "FAIL: help --options $*: $out"; fail=$((fail+1)); return; }
  n=$((n+1))
  dup=$(grep '^-' <<<"$out" | sort | uniq -d)
  [ -z "$dup" ] || { echo "FAIL: $*: declared twice: $(tr '\n' ' ' <<<"$dup")"; fail=$((fail+1)); }
  grep -q '^--help$' <<<"$out" || { echo "FAIL: $*: no --help"; fail=$((fail+1)); }
}
for c in $("$SW" help --commands | grep -v '^help$'); do
  subs=$("$SW" help --options "$c" | grep -v '^-')
  if [ -z "$subs" ]; then check_table "$c"; else for s in $subs; do check_table "$c" "$s"; done; fi
done
[ "$n" -ge 20 ] || { echo "FAIL: only $n option tables found"; fail=$((fail+1)); }
echo "$n option tables, $fail failures"
[ "$fail" -eq 0 ]
