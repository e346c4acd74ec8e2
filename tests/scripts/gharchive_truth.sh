#!/usr/bin/env bash
# gharchive_truth.sh SW SHARED: generated hours with every quirk (renames,
# duplicate ids across hours, bots, 1 and 5 MiB PushEvents, unicode,
# malformed lines, multi-member gzip, a truncated .gz) scanned with 2
# threads must give exactly the series computed independently (a) by
# Python's zlib + json.loads from the same files and (b) from the
# generator's truth file; the same for hours in the realistic (2021) shape,
# and with more threads than files (a thread inflating for each reader).
set -euo pipefail
SW=$1
command -v python3 >/dev/null || { echo "python3 missing: skipped"; exit 77; }
here=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export SW_NO_PROGRESS=1
"$SW" gharchive generate --hours 6 --events 3000 --repos 400 --seed 7 --start 2024-01-01T21:00 --out "$T/h" 2>/dev/null
"$SW" --db "$T/db" gharchive scan --all-repos --threads 2 "$T/h" 2>"$T/scan.err"
cat "$T/scan.err"
"$SW" --db "$T/db" export series --format csv >"$T/ours.csv"
python3 "$here/gharchive_series.py" json "$T"/h/*.json.gz >"$T/ref.csv"
python3 "$here/gharchive_series.py" truth "$T/h/truth.tsv" >"$T/truth.csv"
fail=0
diff -u "$T/ref.csv" "$T/ours.csv" | head -20 || { echo "FAIL: export differs from the json.loads reference"; fail=1; }
diff -u "$T/truth.csv" "$T/ours.csv" | head -20 || { echo "FAIL: export differs from the generator's truth"; fail=1; }
cmp -s "$T/ref.csv" "$T/ours.csv" || fail=1
cmp -s "$T/truth.csv" "$T/ours.csv" || fail=1
rows=$(($(wc -l <"$T/ours.csv") - 1))
[ "$rows" -gt 300 ] || { echo "FAIL: only $rows series rows"; fail=1; }
# The quirks are really in the data: rename, case rename, several days.
grep -q '^new-home/renamed-llama,' "$T/ours.csv" || { echo "FAIL: rename lost"; fail=1; }
grep -q '^Owner5/Case-Change,' "$T/ours.csv" || { echo "FAIL: case rename lost"; fail=1; }
[ "$(cut -d, -f2 "$T/ours.csv" | sort -u | grep -c 2024)" = 2 ] || { echo "FAIL: expected 2 days"; fail=1; }
# Data quality: the truncated hour and the malformed lines with file:line.
"$SW" --db "$T/db" gharchive gaps --format csv >"$T/gaps.csv"
grep -q '^truncated,2024-01-02-2,2024-01-02-2.json.gz,' "$T/gaps.csv" || { echo "FAIL: truncated hour not reported"; cat "$T/gaps.csv"; fail=1; }
grep -q '^malformed,2024-01-01-21,2024-01-01-21.json.gz,24,' "$T/gaps.csv" || { echo "FAIL: malformed line 24 not reported"; cat "$T/gaps.csv"; fail=1; }
grep -q '^malformed,2024-01-01-21,2024-01-01-21.json.gz,25,' "$T/gaps.csv" || { echo "FAIL: malformed line 25 not reported"; fail=1; }
# --strict (every byte checked) gives the same series.
"$SW" --db "$T/strict.db" gharchive scan --all-repos --strict "$T/h" 2>/dev/null
"$SW" --db "$T/strict.db" export series >"$T/strict.csv"
cmp -s "$T/ours.csv" "$T/strict.csv" || { echo "FAIL: --strict scan differs"; fail=1; }
# More threads than files: each hour inflated on one thread while another
# extracts its lines (the 5 MiB lines span blocks), the same series.
"$SW" --db "$T/pipe.db" gharchive scan --all-repos --threads 12 "$T/h" 2>/dev/null
"$SW" --db "$T/pipe.db" export series >"$T/pipe.csv"
cmp -s "$T/ours.csv" "$T/pipe.csv" || { echo "FAIL: scan with an inflating thread per hour differs"; fail=1; }
"$SW" --db "$T/pipe.db" gharchive gaps --format csv >"$T/pipe_gaps.csv"
cmp -s "$T/gaps.csv" "$T/pipe_gaps.csv" || { echo "FAIL: gaps with an inflating thread per hour differ"; fail=1; }
# Rerun: every hour skipped, series unchanged.
"$SW" --db "$T/db" gharchive scan --all-repos "$T/h" 2>"$T/scan2.err"
grep -q '0 hour(s) scanned, 6 skipped' "$T/scan2.err" || { echo "FAIL: rerun did not skip"; cat "$T/scan2.err"; fail=1; }
"$SW" --db "$T/db" export series >"$T/ours2.csv"
cmp -s "$T/ours.csv" "$T/ours2.csv" || { echo "FAIL: rerun changed the series"; fail=1; }
# Realistic mode (the 2021 shapes, with the quirks): the same three-way check.
"$SW" gharchive generate --realistic --hours 3 --events 1500 --repos 3000 --seed 8 --out "$T/r" 2>/dev/null
"$SW" --db "$T/r.db" gharchive scan --all-repos --threads 2 "$T/r" 2>/dev/null
"$SW" --db "$T/r.db" export series --format csv >"$T/r_ours.csv"
python3 "$here/gharchive_series.py" json "$T"/r/*.json.gz >"$T/r_ref.csv"
python3 "$here/gharchive_series.py" truth "$T/r/truth.tsv" >"$T/r_truth.csv"
cmp -s "$T/r_ref.csv" "$T/r_ours.csv" || { echo "FAIL: realistic hours differ from the json.loads reference"; fail=1; }
cmp -s "$T/r_truth.csv" "$T/r_ours.csv" || { echo "FAIL: realistic hours differ from the generator's truth"; fail=1; }
"$SW" --db "$T/r2.db" gharchive scan --all-repos --threads 6 "$T/r" 2>/dev/null
"$SW" --db "$T/r2.db" export series --format csv >"$T/r2.csv"
cmp -s "$T/r_ours.csv" "$T/r2.csv" || { echo "FAIL: realistic hours with an inflating thread per hour differ"; fail=1; }
[ "$(wc -l <"$T/r_ours.csv")" -gt 1000 ] || { echo "FAIL: realistic hours gave few rows"; fail=1; }
gzip -dc "$T/r/2024-01-01-0.json.gz" >"$T/r0.json"
grep -q '"type":"PullRequestReviewEvent"' "$T/r0.json" || { echo "FAIL: no 2021 shapes"; fail=1; }
[ $fail = 0 ] && echo "ok: $rows series rows match both references"
exit $fail
