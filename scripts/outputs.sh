#!/usr/bin/env bash
# outputs.sh STACKWATCH OUTDIR: write what users see, on the shared data, into
# OUTDIR (one file per command or page), so that two builds can be compared
# with `diff -r` before and after a change that must not alter outputs:
#   bash scripts/outputs.sh old/stackwatch /tmp/a
#   bash scripts/outputs.sh build/stackwatch /tmp/b && diff -r /tmp/a /tmp/b
# Pages are fetched from a server on a free loopback port; the CSRF token of
# the submit form (time-dependent) is masked.
set -euo pipefail
SW=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
OUT=$2
root=$(cd "$(dirname "$0")/.." && pwd)
D=$root/../shared/data
mkdir -p "$OUT"
T=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
export NO_COLOR=1 SW_NO_PROGRESS=1 COLUMNS=100
db="$T/db"
run() { # run NAME ARGS...: stdout to NAME, stderr to NAME.err, exit code appended
	local name=$1; shift
	set +e
	"$SW" --db "$db" "$@" >"$OUT/$name" 2>"$OUT/$name.err"
	echo "exit $?" >>"$OUT/$name.err"
	set -e
	# paths and timings vary from run to run
	sed -i -E "s|$T|TMP|g; s|$D|DATA|g; s/ in [0-9.]+ s \([0-9.]+ [KMG]?B\/s\)/ in T s/" "$OUT/$name.err"
}
run import import "$D/llama-police-2024-11-05.csv" "$D/llama-police-2024-09-30.json"
run models_import models import "$D/models/epoch-hub-gpqa_diamond.csv" "$D/models/epoch-hub-epoch_capabilities_index.csv"
for f in table md json csv; do
	run list.$f list --format "$f"
	run list_filters.$f list --layer "AI engineering" --sort star_7d --limit 10 --format "$f"
	run show.$f show jmorganca/ollama --format "$f"
done
run list_quiet list --quiet --format csv
run list_new list --new --format csv
run list_asof list --as-of 2024-10-01 --format csv
run list_search list --search llama --sort star_7d_pct --asc --offset 3 --limit 20
run show_alias show ollama/ollama
run show_url show https://github.com/ggerganov/llama.cpp
run taxonomy taxonomy --format csv
for f in table md json html; do run report.$f report --format "$f"; done
run report_asof report --as-of 2024-10-01 --format json
run report_tables report --list-tables
while read -r t; do run "report_csv.$t" report --format csv --table "$t"; done <"$OUT/report_tables"
run classify_file classify "$D/llama-police-2024-11-05.csv" --format csv
run classify_explain classify --explain jmorganca/ollama "$D/llama-police-2024-11-05.csv"
for f in table json; do run models_frontier.$f models frontier --format "$f"; done
run models_html models frontier --format html
run models_benchmarks models benchmarks --format csv
run decide decide --no-input --budget low --customisation high --for Serving
run decide_json decide --no-input --format json --for Serving
run gha_scan gharchive scan --all-repos "$D/gharchive-real/2021-07-21-6.json"
"$SW" gharchive generate --hours 3 --events 2000 --repos 300 --seed 3 --start 2024-11-01T00:00 --out "$T/h" 2>/dev/null
run gha_scan2 gharchive scan --all-repos "$T/h"
for f in csv json table; do run series.$f export series --format "$f"; done
run series_repo export series --repo 0xln/Blog --format csv
run series_daily export series --repo 0xln/Blog --daily
run gha_gaps gharchive gaps --format csv
run gha_hours gharchive hours --format csv
for c in $("$SW" help | sed -n 's/^  \([a-z]*\)  .*/\1/p'); do run "help.$c" "$c" --help; done
run help help

"$SW" --db "$db" serve --listen 127.0.0.1:0 2>"$T/serve.err" &
pid=$!
port=
for _ in $(seq 1 100); do
	port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$T/serve.err")
	[ -n "$port" ] && break
	sleep 0.1
done
[ -n "$port" ] || { echo "outputs.sh: the server did not start" >&2; exit 1; }
page() { # page NAME PATH
	curl -s -D "$OUT/web_$1.headers" "http://127.0.0.1:$port$2" >"$OUT/web_$1"
	sed -i '/^Date:/d; /^date:/d' "$OUT/web_$1.headers"
}
page index /
page list_sorted '/?layer=AI+engineering&sort=star_7d&asc=1&page=2'
page list_search '/?q=llama&subcat=Coding'
page list_quiet '/?quiet=1&new=1'
page repo /r/jmorganca/ollama
page repo_alias /r/ollama/ollama
page repo_missing /r/no/such
page report /report
page models /models
page submit /submit
sed -i 's/name="csrf" value="[^"]*"/name="csrf" value="X"/; s/sw_csrf=[^;]*/sw_csrf=X/' "$OUT/web_submit" "$OUT/web_submit.headers"
page api_repos '/api/repos?layer=AI+engineering&sort=star_7d&per=5'
page api_csv '/api/repos?format=csv&q=llama'
page api_repo /api/repos/ggerganov/llama.cpp
page api_report /api/report
page notfound /nope
echo "outputs.sh: $(ls "$OUT" | wc -l) files in $OUT" >&2
