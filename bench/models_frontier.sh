#!/usr/bin/env bash
# models_frontier.sh [STACKWATCH [SHARED]]: time importing the Epoch AI hub
# files and computing/rendering the GPQA Diamond frontier (all tables + the
# HTML page with the SVG chart). Prints milliseconds per operation.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
SW=${1:-$root/build/stackwatch}
SHARED=${2:-$root/../shared/data}
[ -d "$SHARED/models" ] || SHARED=/work/shared/data
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
ms() { echo $(( $(date +%s%N) / 1000000 )); }
a=$(ms)
"$SW" --db "$T/db" models import "$SHARED/models/epoch-hub-gpqa_diamond.csv" \
      "$SHARED/models/epoch-hub-epoch_capabilities_index.csv" 2>/dev/null
b=$(ms)
n=20
for i in $(seq $n); do "$SW" --db "$T/db" models frontier --format json >/dev/null; done
c=$(ms)
for i in $(seq $n); do "$SW" --db "$T/db" models frontier --format html --out "$T/m.html" 2>/dev/null; done
d=$(ms)
echo "import 2 Epoch files (505 scores): $((b - a)) ms"
echo "frontier, all tables as JSON: $(( (c - b) / n )) ms per run (process start included)"
echo "frontier HTML page with SVG chart: $(( (d - c) / n )) ms per run ($(wc -c <"$T/m.html") bytes)"
