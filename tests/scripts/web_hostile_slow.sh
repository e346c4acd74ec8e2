#!/usr/bin/env bash
# web_hostile_slow.sh STACKWATCH SHARED: slow and idle clients (slowloris)
# must not take the web server offline. While 600 connections each send one
# header line every 4 s (from one address, then spread over 60 addresses
# under the per-address limit) or 520 connections sit idle, a normal client
# on 127.0.0.1 asks for a page every 0.5 s and must get it within 1 s every
# time; the slow requests are cut off with 408 once the request deadline
# (--request-timeout, 10 s by default) has passed. Once these held every
# connection slot, and normal requests waited 10 s or more.
set -uo pipefail
SW=$1; SHARED=$2
here=$(cd "$(dirname "$0")" && pwd)
[ -f "$SHARED/llama-police-2024-11-05.csv" ] || { echo "skip: no shared data"; exit 77; }
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }
T=$(mktemp -d)
# shellcheck source=hostile/serve.sh
. "$here/hostile/serve.sh"
trap 'serve_stop; rm -rf "$T"' EXIT
export NO_COLOR=1 SW_NO_PROGRESS=1
fail=0
"$SW" --db "$T/db" import "$SHARED/llama-police-2024-11-05.csv" 2>/dev/null || { echo "FAIL: import"; exit 1; }
serve "$T/db"
clients() { python3 "$here/hostile/clients.py" "$@"; }
field() { sed -n "s/.*\b$1=\([0-9]*\).*/\1/p" <<<"$2"; }

# check NAME RESULT: every normal request served within 1 s.
check() {
  local served failed
  served=$(field served "$2"); failed=$(field failed "$2")
  if [ "${failed:-1}" = 0 ] && [ "${served:-0}" -ge 10 ]; then
    echo "ok   $1: $2"
  else
    echo "FAIL: $1: $2"; fail=1
  fi
}

r=$(clients slow "$PORT" 600 1 12)
check "600 slow connections from one address" "$r"
r=$(clients slow "$PORT" 600 60 14)
check "600 slow connections from 60 addresses" "$r"
# The deadline: all of those were answered 408 (none still open after 14 s).
n408=$(field 408 "$r")
if [ "$(field opened "$r")" = 600 ] && [ "${n408:-0}" -ge 590 ] && [ "$(field still_open "$r")" = 0 ]; then
  echo "ok   every slow request cut off with 408 ($n408 of 600)"
else
  echo "FAIL: slow requests not cut off: $r"; fail=1
fi
r=$(clients idle "$PORT" 520 12)
check "520 idle connections" "$r"
# One client trickling a header line every second: 408 at the deadline.
r=$(clients trickle "$PORT")
secs=$(sed -n 's/^after \([0-9]*\)\..*/\1/p' <<<"$r")
if grep -q "408 Request Timeout" <<<"$r" && [ "${secs:-99}" -ge 9 ] && [ "${secs:-99}" -le 12 ]; then
  echo "ok   a trickling request: $r"
else
  echo "FAIL: a trickling request: $r"; fail=1
fi
# A shorter deadline when asked for.
serve_stop
serve "$T/db" --request-timeout 2
r=$(clients trickle "$PORT")
secs=$(sed -n 's/^after \([0-9]*\)\..*/\1/p' <<<"$r")
grep -q "408 Request Timeout" <<<"$r" && [ "${secs:-99}" -le 4 ] \
  && echo "ok   --request-timeout 2: $r" || { echo "FAIL: --request-timeout 2: $r"; fail=1; }
exit $fail
