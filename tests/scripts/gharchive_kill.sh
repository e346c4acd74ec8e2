#!/usr/bin/env bash
# gharchive_kill.sh SW SHARED: a scan killed with SIGKILL at several points
# and rerun until done gives exactly the series of an uninterrupted scan
# (each hour is one transaction; finished hours are skipped by checksum).
set -uo pipefail
SW=$1
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export SW_NO_PROGRESS=1
"$SW" gharchive generate --hours 24 --events 6000 --repos 2000 --seed 11 --out "$T/h" 2>/dev/null || exit 1
"$SW" --db "$T/ref.db" gharchive scan --all-repos --threads 2 "$T/h" 2>/dev/null || exit 1
"$SW" --db "$T/ref.db" export series >"$T/ref.csv" || exit 1
hours() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from gha_hours').fetchone()[0])" "$T/db" 2>/dev/null || echo 0; }
kills=0; midway=0
for delay in 0.05 0.1 0.15 0.2 0.3 0.4 0.5 0.7 1 1.5 2; do
  "$SW" --db "$T/db" gharchive scan --all-repos --threads 2 "$T/h" 2>/dev/null &
  pid=$!
  sleep "$delay"
  if kill -9 "$pid" 2>/dev/null; then
    kills=$((kills+1))
    n=$(hours)
    [ "$n" -gt 0 ] && [ "$n" -lt 24 ] && midway=$((midway+1))
    echo "killed after ${delay}s: $n of 24 hours committed"
  fi
  wait "$pid" 2>/dev/null
done
"$SW" --db "$T/db" gharchive scan --all-repos --threads 2 "$T/h" 2>/dev/null || { echo "FAIL: final rerun"; exit 1; }
"$SW" --db "$T/db" export series >"$T/got.csv"
if ! cmp -s "$T/ref.csv" "$T/got.csv"; then
  echo "FAIL: series after kills differ"; diff "$T/ref.csv" "$T/got.csv" | head; exit 1
fi
[ "$kills" -gt 0 ] || { echo "FAIL: the scan was never killed (too fast?)"; exit 1; }
echo "ok: $kills kills ($midway mid-scan), series identical to an uninterrupted scan"
