#!/usr/bin/env bash
# bench/classify.sh [STACKWATCH] [SHARED_DATA]: time `stackwatch classify FILE
# --readmes R.jsonl` on 10,000 repos (the 680 curated rows' names and
# descriptions repeated under new names, each with the README of a curated
# repo, the shared READMEs repeated likewise; SW_BENCH_READMES=0: without),
# end to end: model load, CSV and JSONL parse, classify, CSV out. Target:
# under 1 s. Prints the median of 3 runs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
SW=${1:-$root/build/stackwatch}
SHARED=${2:-$root/../shared/data}
N=${SW_BENCH_N:-10000}
R=$SHARED/readmes/llama-police-readmes-a.jsonl
[ "${SW_BENCH_READMES:-1}" = 0 ] && R=/dev/null
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
python3 - "$SHARED/llama-police-2024-11-05.csv" "$T/in.csv" "$N" "$R" "$T/in.jsonl" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8-sig')))
n = int(sys.argv[3])
readmes = [json.loads(l)['readme'] or '' for l in open(sys.argv[4], encoding='utf-8') if l.strip()]
with open(sys.argv[2], 'w', newline='') as f, open(sys.argv[5], 'w', encoding='utf-8') as j:
    w = csv.writer(f)
    w.writerow(['repo', 'description'])
    for i in range(n):
        r = rows[i % len(rows)]
        owner, name = r['repo'].split('/', 1)
        w.writerow([f'{owner}/{name}-{i}', r['description']])
        if readmes:
            j.write(json.dumps({'repo': f'{owner}/{name}-{i}', 'readme': readmes[i % len(readmes)]}) + '\n')
PY
# Wall and CPU (user+sys) seconds per run: on a shared machine the wall
# time also counts waiting for a core.
TIMEFORMAT='%R %U %S'
walls=(); cpus=()
for run in 1 2 3; do
  { time "$SW" classify "$T/in.csv" --readmes "$T/in.jsonl" --format csv > "$T/out.csv"; } 2> "$T/time"
  read -r real user sys < "$T/time"
  walls+=("$real"); cpus+=("$(echo "$user + $sys" | bc -l)")
done
rows=$(($(wc -l < "$T/out.csv") - 1))
[ "$rows" = "$N" ] || { echo "expected $N rows, got $rows" >&2; exit 1; }
wall=$(printf '%s\n' "${walls[@]}" | sort -g | sed -n 2p)
cpu=$(printf '%s\n' "${cpus[@]}" | sort -g | sed -n 2p)
printf 'classify: %d repos (%d READMEs) in %.3f s wall, %.3f s CPU (medians of 3, end to end), %.0f repos/s wall\n' \
  "$N" "$(grep -c . "$T/in.jsonl" || true)" "$wall" "$cpu" "$(echo "$N / $wall" | bc -l)"
