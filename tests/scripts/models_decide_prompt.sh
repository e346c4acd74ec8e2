#!/usr/bin/env bash
# decide_prompt.sh STACKWATCH SHARED: on a terminal, `stackwatch decide` asks
# for the missing answers, re-asks after an unknown one, and Enter = neutral.
# `script` gives the command a pseudo-terminal; skipped (77) without it.
set -uo pipefail
SW=$1
command -v script >/dev/null || exit 77
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
# budget=high, customisation: "bogus" (re-asked) then low, the rest Enter.
printf 'high\nbogus\nlow\n\n\n\n\n\n\n\n\n' |
  script -qec "$SW --db $T/db decide --format json --time-to-market medium" /dev/null | tr -d '\r' >"$T/out"
fail=0
grep -q "unknown answer 'bogus' (expected low, medium or high)" "$T/out" || { echo "no re-ask after a bad answer"; fail=1; }
# -3 (customisation low) -2 (budget high) = -5 / 20
grep -q '"recommendation":"buy proprietary","score":-0.2500' "$T/out" || { echo "wrong verdict"; fail=1; }
grep -q '"driven_by":"customisation=low (-3), budget=high (-2)"' "$T/out" || { echo "wrong drivers"; fail=1; }
# the flag given is not asked again
grep -q "time-to-market pressure?" "$T/out" && { echo "asked for a flag already given"; fail=1; }
grep -q "not answered, counted as neutral: --expertise" "$T/out" || { echo "no neutral notice"; fail=1; }
[ $fail = 0 ] || { cat "$T/out"; exit 1; }
echo "ok"
