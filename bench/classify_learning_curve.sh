#!/usr/bin/env bash
# bench/classify_learning_curve.sh [STACKWATCH] [SHARED_DATA] [READMES.jsonl]:
# how the classifier's cross-validated accuracy grows with the number of
# curated labels. For 25%, 50%, 75% and 100% of the 680 curated repos (4
# random subsets each, fixed seeds; SUBSETS=N for fewer), 10-fold CV with
# `classify --evaluate`; prints the mean layer and layer+subcat accuracy per
# size. With READMES, only the repos with a README count and the figures
# without READMEs (same folds) come alongside. Used to judge how many more
# curated labels the 0.70 / 0.50 targets would need (docs/classify.md).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
SW=${1:-$root/build/stackwatch}
SHARED=${2:-$root/../shared/data}
READMES=${3:-}
SUBSETS=${SUBSETS:-4}
extra=(); [ -n "$READMES" ] && extra=(--readmes "$READMES" --readme-only)
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
python3 - "$SHARED/llama-police-2024-11-05.csv" "$T" <<'PY'
import csv, random, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig')))
head, body = rows[0], rows[1:]
for frac in (25, 50, 75, 100):
    for s in range(4):
        random.seed(100 + s)
        sub = random.sample(body, len(body) * frac // 100)
        with open(f'{sys.argv[2]}/sub_{frac}_{s}.csv', 'w', newline='', encoding='utf-8') as f:
            w = csv.writer(f); w.writerow(head); w.writerows(sub)
PY
printf 'repos  train/fold  layer  layer+subcat  (without READMEs: layer  layer+subcat)\n'
for frac in 25 50 75 100; do
  for s in $(seq 0 $((SUBSETS - 1))); do
    "$SW" classify --evaluate --folds 10 --seed "$s" "$T/sub_${frac}_$s.csv" "${extra[@]}" --format csv |
      awk -F, '/^repos,/{n=$2} /^layer_accuracy,/{l=$2} /^layer_subcat_accuracy,/{j=$2}
               /^name\+description,/{bl=$3; bj=$4} END{print n, l, j, bl, bj}'
  done | awk '{n=$1; l+=$2; j+=$3; bl+=$4; bj+=$5; k++}
              END{printf "%5d  %10d  %.3f  %.3f", n, n*0.9, l/k, j/k; if (bl) printf "  (%.3f  %.3f)", bl/k, bj/k; printf "\n"}'
done
