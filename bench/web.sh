#!/usr/bin/env bash
# bench/web.sh [STACKWATCH] [N]: load test of `stackwatch serve` with N (default
# 20,000) synthetic repos: wrk, 64 connections, 2 threads, 10 s per target, on
# loopback. Prints requests/s, p99 latency and errors for the list page,
# /api/repos, and a mix of sorted/filtered/searched/paged views.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
SW=${1:-$here/../build/stackwatch}
N=${2:-20000}
DUR=${SW_BENCH_SECONDS:-10}
command -v wrk >/dev/null || { echo "wrk not installed"; exit 1; }
T=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
python3 "$here/web_gen.py" "$N" "$T/synthetic-2024-11-05.csv"
NO_COLOR=1 "$SW" --db "$T/db" import "$T/synthetic-2024-11-05.csv" 2>/dev/null
"$SW" --db "$T/db" serve --listen 127.0.0.1:0 2>"$T/err" &
pid=$!
port=
for _ in $(seq 1 100); do
  port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$T/err"); [ -n "$port" ] && break; sleep 0.1
done
[ -n "$port" ] || { cat "$T/err"; exit 1; }
base=http://127.0.0.1:$port
curl -sf "$base/" >/dev/null
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) (the figures depend on what else runs)"
echo "repos: $(curl -s "$base/api/repos?per=1" | sed -n 's/.*"total": \([0-9]*\).*/\1/p'), wrk -t2 -c64 -d${DUR}s, $(nproc) cores"
run() {
  local name=$1; shift
  local out; out=$(wrk -t2 -c64 -d"${DUR}s" --latency "$@")
  local p50 p90 p99 rps errs non2xx
  p50=$(awk '/^ +50%/ {print $2}' <<<"$out")
  p90=$(awk '/^ +90%/ {print $2}' <<<"$out")
  p99=$(awk '/^ +99%/ {print $2}' <<<"$out")
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  errs=$(awk '/Socket errors/ {print $0}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  printf '%-14s p50 %-8s p90 %-8s p99 %-9s %9s req/s  non-2xx %s  %s\n' "$name" "$p50" "$p90" "$p99" "$rps" \
    "${non2xx:-0}" "${errs:-socket errors 0}"
}
run "list page /" "$base/"
run "/api/repos" "$base/api/repos"
run "/ (gzip)" -H "Accept-Encoding: gzip" "$base/"
run "mixed views" -s "$here/web_mix.lua" "$base"
run "uncached" -s "$here/web_uncached.lua" "$base"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
