#!/usr/bin/env bash
# bench/gharchive.sh [SW] [SHARED]: GH Archive scan throughput on realistic
# hours, every measurement side by side in each round (rounds interleave
# the commands, so a change in the machine's load hits them all):
#   igzip -d -c >/dev/null         decompression alone (the same inflater, ISA-L)
#   scan, 1 thread, tracked sets:  nothing (the 680 curated repos, which never
#                                  occur), realistic (~2% of events), heavy
#                                  (the busiest repos, most events)
#   scan --all-repos, 1 thread     every repo's events written to the store
#   scan, 2 threads                several files, and one large hour alone
#   Python gzip + json.loads       the straightforward loop (first hour)
# then the peak RSS of a 48-hour --all-repos scan on 2 threads. It prints
# the load average and how many cores two processes at once obtained (two
# igzip), without which the 2-thread figures cannot be read.
#
# The hours come from `gharchive generate --realistic` (the kinds, payload
# shapes, sizes and text of the real 2021 archive); the script first prints
# the shared real 2021 sample's figures next to the generated ones (bytes
# per event, gzip ratio, share and size of each kind). Figures are MB/s of
# JSON from the lowest wall time and the lowest CPU time (user + sys) of
# SW_BENCH_RUNS rounds: other jobs on a shared machine only ever add time.
# The load average is printed before and after.
# Env: SW_BENCH_HOURS (4), SW_BENCH_EVENTS (60000 a hour), SW_BENCH_BIG
# (150000 events in the large hour), SW_BENCH_RUNS (5), SW_BENCH_DIR
# (scratch, default mktemp), SW_BENCH_SKIP_RSS=1 (no 48-hour run).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
SW=${1:-$root/build/stackwatch}
SHARED=${2:-$root/../shared/data}
hours=${SW_BENCH_HOURS:-4}
events=${SW_BENCH_EVENTS:-60000}
big_events=${SW_BENCH_BIG:-150000}
runs=${SW_BENCH_RUNS:-5}
T=${SW_BENCH_DIR:-$(mktemp -d)}
trap '[ -z "${SW_BENCH_DIR:-}" ] && rm -rf "$T"' EXIT
export SW_NO_PROGRESS=1
shape() { python3 "$root/bench/gharchive_shape.py" "$@"; }

echo "generating $hours realistic hours of ~$events events and one of ~$big_events into $T ..."
"$SW" gharchive generate --realistic --no-quirks --hours "$hours" --events "$events" --seed 5 --out "$T/h" 2>/dev/null
"$SW" gharchive generate --realistic --no-quirks --hours 1 --events "$big_events" --seed 6 \
  --start 2024-02-01T00:00 --out "$T/big" 2>/dev/null
files=("$T"/h/*.json.gz)
bigf=$(echo "$T"/big/*.json.gz)
json_mb() { python3 -c "import sys; print(sum(int(x) for x in sys.argv[1:]) / 1e6)" \
  $(for f in "$@"; do igzip -d -c "$f" | wc -c; done); }
mb=$(json_mb "${files[@]}")
mb_big=$(json_mb "$bigf")
gz_mb=$(cat "${files[@]}" | wc -c | awk '{print $1 / 1e6}')
echo "input: ${#files[@]} files, $gz_mb MB gzip, $mb MB JSON; large hour: $mb_big MB JSON"
echo
echo "shape of the input (first hour) against the real sample:"
shape compare "$SHARED/gharchive-real/2021-07-21-6.json" "${files[0]}"
echo

# Stores with the tracked sets (copied fresh before each timed scan).
mkstore() { # NAME CSV
  "$SW" --db "$T/$1.db" import --taken-at 2024-01-01 "$2" >/dev/null 2>&1
  "$SW" --db "$T/$1.db" gharchive hours >/dev/null
}
mkstore none "$SHARED/llama-police-2024-11-05.csv"
cat "$T"/h/truth.tsv >"$T/truth.tsv"
tail -n +2 "$T/big/truth.tsv" >>"$T/truth.tsv"
echo -n "realistic tracked set: "; shape tracked "$T/truth.tsv" 0.02 "$T/real.csv"
echo -n "heavy tracked set:     "; shape tracked "$T/truth.tsv" 0.7 "$T/heavy.csv"
mkstore real "$T/real.csv"
mkstore heavy "$T/heavy.csv"
"$SW" --db "$T/all.db" gharchive hours >/dev/null

# name|store (or -)|command: timed rounds, lowest wall and CPU kept.
cmds=(
  "igzip|-|sh -c 'igzip -d -c ${files[*]} >/dev/null'"
  "none_1|none|$SW --db $T/run.db gharchive scan --threads 1 ${files[*]}"
  "real_1|real|$SW --db $T/run.db gharchive scan --threads 1 ${files[*]}"
  "heavy_1|heavy|$SW --db $T/run.db gharchive scan --threads 1 ${files[*]}"
  "all_1|all|$SW --db $T/run.db gharchive scan --threads 1 --all-repos ${files[*]}"
  "real_2|real|$SW --db $T/run.db gharchive scan --threads 2 ${files[*]}"
  "all_2|all|$SW --db $T/run.db gharchive scan --threads 2 --all-repos ${files[*]}"
  "igzip_big|-|sh -c 'igzip -d -c $bigf >/dev/null'"
  "real_1_big|real|$SW --db $T/run.db gharchive scan --threads 1 $bigf"
  "real_2_big|real|$SW --db $T/run.db gharchive scan --threads 2 $bigf"
  "all_1_big|all|$SW --db $T/run.db gharchive scan --threads 1 --all-repos $bigf"
  "all_2_big|all|$SW --db $T/run.db gharchive scan --threads 2 --all-repos $bigf"
)
declare -A wall cpu kept
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for r in $(seq "$runs"); do
  for c in "${cmds[@]}"; do
    IFS='|' read -r name store cmd <<<"$c"
    rm -f "$T"/run.db*
    [ "$store" != - ] && cp "$T/$store.db" "$T/run.db"
    eval "/usr/bin/time -f '%e %U %S' -o $T/t.txt $cmd" >/dev/null 2>"$T/err.txt"
    read -r w u s <"$T/t.txt"
    c2=$(awk -v u="$u" -v s="$s" 'BEGIN{printf "%.3f", u + s}')
    if [ -z "${wall[$name]:-}" ] || awk -v a="$w" -v b="${wall[$name]}" 'BEGIN{exit !(a < b)}'; then wall[$name]=$w; fi
    if [ -z "${cpu[$name]:-}" ] || awk -v a="$c2" -v b="${cpu[$name]}" 'BEGIN{exit !(a < b)}'; then cpu[$name]=$c2; fi
    k=$(sed -n 's/.* \([0-9]*\) events, \([0-9]*\) kept.*/\1 \2/p' "$T/err.txt")
    [ -n "$k" ] && kept[$name]=$k
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
# What two threads can obtain here now: two igzip processes at once (their
# CPU time over wall time; 2.0 when two cores are free).
/usr/bin/time -f '%e %U %S' -o "$T/t.txt" sh -c "igzip -d -c ${files[0]} >/dev/null & igzip -d -c ${files[1]:-${files[0]}} >/dev/null; wait"
read -r cw cu cs <"$T/t.txt"
cores=$(awk -v w="$cw" -v u="$cu" -v s="$cs" 'BEGIN{printf "%.2f", (w > 0 ? (u + s) / w : 0)}')
/usr/bin/time -f '%e %U %S' -o "$T/t.txt" python3 "$root/tests/scripts/gharchive_series.py" loop "${files[0]}" >/dev/null
read -r pw pu ps <"$T/t.txt"
mb1=$(json_mb "${files[0]}")

echo
echo "load average before: $load_before, after: $load_after ($(nproc) cores; $runs rounds; lowest wall and CPU)"
echo "two igzip processes at once obtained $cores cores (of $(nproc))"
{
  for n in "${!wall[@]}"; do echo "$n ${wall[$n]} ${cpu[$n]} ${kept[$n]:-0 0}"; done
  echo "python $pw $(awk -v u="$pu" -v s="$ps" 'BEGIN{print u + s}') 0 0"
} >"$T/times.txt"
python3 - "$T/times.txt" "$mb" "$mb_big" "$mb1" <<'PY'
import sys
mb, mb_big, mb1 = (float(a) for a in sys.argv[2:])
t = {}
for line in open(sys.argv[1]):
    n, w, c, ev, kp = line.split()
    t[n] = (max(float(w), 1e-3), max(float(c), 1e-3), int(ev), int(kp))
def mbs(n):
    size = mb_big if n.endswith("_big") else mb1 if n == "python" else mb
    return size / t[n][0], size / t[n][1]
print(f"{'':34}{'wall MB/s':>10}{'CPU MB/s':>10}   vs igzip (wall, CPU)   kept")
labels = [("igzip", "igzip -d -c >/dev/null"), ("none_1", "scan 1 thread, nothing tracked"),
          ("real_1", "scan 1 thread, tracked ~2%"), ("heavy_1", "scan 1 thread, tracked heavy"),
          ("all_1", "scan 1 thread, --all-repos"), ("real_2", "scan 2 threads, tracked ~2%"),
          ("all_2", "scan 2 threads, --all-repos"), ("igzip_big", "igzip, one large hour"),
          ("real_1_big", "large hour, 1 thread, tracked ~2%"), ("real_2_big", "large hour, 2 threads, tracked ~2%"),
          ("all_1_big", "large hour, 1 thread, --all-repos"), ("all_2_big", "large hour, 2 threads, --all-repos")]
for n, label in labels:
    w, c = mbs(n)
    ref = "igzip_big" if n.endswith("_big") else "igzip"
    rw, rc = mbs(ref)
    share = f"{100 * t[n][3] / t[n][2]:5.1f}% of {t[n][2]:,}" if t[n][2] else ""
    vs = f"{w / rw:5.2f}x  {c / rc:5.2f}x" if n != ref else ""
    print(f"{label:34}{w:10.0f}{c:10.0f}   {vs:21}  {share}")
print()
for one, two, what in (("real_1", "real_2", "several files, tracked ~2%"), ("all_1", "all_2", "several files, --all-repos"),
                       ("real_1_big", "real_2_big", "one large hour, tracked ~2%"),
                       ("all_1_big", "all_2_big", "one large hour, --all-repos")):
    print(f"2 threads vs 1, {what:28} {t[one][0] / t[two][0]:5.2f}x wall "
          f"(CPU used {t[two][1] / t[two][0]:4.2f} cores)")
pw = mb1 / t["python"][0]
print(f"Python gzip + json.loads loop: {pw:.0f} MB/s wall; scan 1 thread (tracked ~2%) = "
      f"{mbs('real_1')[0] / pw:.0f}x, --all-repos = {mbs('all_1')[0] / pw:.0f}x")
PY

# Peak memory: 48 realistic hours, --all-repos, 2 threads.
if [ -z "${SW_BENCH_SKIP_RSS:-}" ]; then
  "$SW" gharchive generate --realistic --no-quirks --hours 48 --events 6000 --seed 9 --out "$T/h48" 2>/dev/null
  mb48=$(json_mb "$T"/h48/*.json.gz)
  rm -f "$T/m.db"*
  /usr/bin/time -v "$SW" --db "$T/m.db" gharchive scan --all-repos --threads 2 "$T/h48" 2>"$T/time.txt" >/dev/null
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$T/time.txt")
  echo "peak RSS, 48 hours --all-repos, 2 threads ($mb48 MB JSON): $((rss / 1024)) MB"
fi
