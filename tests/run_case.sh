#!/usr/bin/env bash
# run_case.sh STACKWATCH CASE.test SHARED: a data-driven CLI test.
#
# A .test file holds sections, jq.test / curl-test style:
#   # comment lines
#   $ command            (run with bash; $SW = the binary, $SHARED = shared
#                         data dir, $T = a fresh temp dir, $DB = $T/db)
#   exit N               (expected exit code, default 0)
#   > expected stdout line (exact; all '>' lines together = whole stdout)
#   ~ text               (stdout must contain text)
#   ! text               (stderr must contain text)
# Sections start at each '$' line.
set -uo pipefail
SW=$1; CASE=$2; SHARED=$3
T=$(mktemp -d); DB=$T/db
export SW SHARED T DB NO_COLOR=1 SW_NO_PROGRESS=1
trap 'rm -rf "$T"' EXIT
fail=0; n=0
run_section() {
  [ -z "$cmd" ] && return
  n=$((n+1))
  (cd "$T" && bash -c "$cmd") >"$T/out" 2>"$T/err"; local rc=$?
  if [ "$rc" != "$want_rc" ]; then
    echo "FAIL [$CASE #$n] $cmd: exit $rc, want $want_rc"; cat "$T/err"; fail=1
  fi
  if [ $have_exact = 1 ] && ! diff -u <(printf '%s' "$exact") "$T/out" >"$T/diff"; then
    echo "FAIL [$CASE #$n] $cmd: stdout differs"; cat "$T/diff"; fail=1
  fi
  for s in "${contains[@]+"${contains[@]}"}"; do
    grep -qF -- "$s" "$T/out" || { echo "FAIL [$CASE #$n] $cmd: stdout lacks: $s"; head -c 2000 "$T/out"; fail=1; }
  done
  for s in "${errs[@]+"${errs[@]}"}"; do
    grep -qF -- "$s" "$T/err" || { echo "FAIL [$CASE #$n] $cmd: stderr lacks: $s"; cat "$T/err"; fail=1; }
  done
}
cmd=""; want_rc=0; exact=""; have_exact=0; contains=(); errs=()
while IFS= read -r line || [ -n "$line" ]; do
  case "$line" in
    '$ '*) run_section; cmd=${line#'$ '}; want_rc=0; exact=""; have_exact=0; contains=(); errs=() ;;
    'exit '*) want_rc=${line#exit } ;;
    '> '*|'>') l=${line#>}; l=${l# }; exact+="$l"$'\n'; have_exact=1 ;;
    '~ '*) contains+=("${line#'~ '}") ;;
    '! '*) errs+=("${line#'! '}") ;;
    *) ;;
  esac
done <"$CASE"
run_section
[ $fail = 0 ] && echo "$n passed, 0 failed" || { echo "case $CASE failed"; exit 1; }
