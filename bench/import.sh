#!/usr/bin/env bash
# bench/import.sh [ROWS]: time and peak memory of importing a generated
# ROWS-row snapshot (default 100,000) into a fresh store. Target: < 2 s and
# < 200 MB peak. Prints one line per run; run from the repo root after a build.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rows=${1:-100000}
sw=${SW:-$root/build/stackwatch}
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
python3 "$root/bench/gen_snapshot.py" "$rows" "$t/snap.csv"
size=$(du -m "$t/snap.csv" | cut -f1)
for run in 1 2 3; do
  rm -f "$t/db"*
  /usr/bin/time -f "%e %M" -o "$t/time" "$sw" --db "$t/db" import "$t/snap.csv" 2>/dev/null
  read -r secs kb <"$t/time"
  echo "import $rows rows (${size} MB CSV): ${secs} s, peak RSS $((kb / 1024)) MB (run $run)"
done
