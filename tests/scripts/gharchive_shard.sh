#!/usr/bin/env bash
# gharchive_shard.sh SW SHARED: scan --shard I/3 --out PARTIAL for each I,
# then merge the partials in different orders and groupings: every result
# equals one scan of all hours (merge is exact, associative, idempotent).
set -euo pipefail
SW=$1
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export SW_NO_PROGRESS=1
"$SW" gharchive generate --hours 7 --events 2000 --repos 300 --seed 3 --start 2024-02-28T20:00 --out "$T/h" 2>/dev/null
"$SW" --db "$T/all.db" gharchive scan --all-repos "$T/h" 2>/dev/null
"$SW" --db "$T/all.db" export series >"$T/all.csv"
for i in 1 2 3; do
  "$SW" --db "$T/all.db" gharchive scan --all-repos --shard $i/3 --out "$T/p$i.db" "$T/h" 2>"$T/s$i.err"
done
# Each hour went to exactly one shard.
total=0
for i in 1 2 3; do n=$(sed -n 's/.*: \([0-9]*\) hour(s) scanned.*/\1/p' "$T/s$i.err"); total=$((total + n)); done
[ "$total" = 7 ] || { echo "FAIL: shards scanned $total hours, want 7"; cat "$T"/s*.err; exit 1; }
fail=0
"$SW" --db "$T/m1.db" gharchive merge "$T/p1.db" "$T/p2.db" "$T/p3.db" 2>/dev/null
"$SW" --db "$T/m2.db" gharchive merge "$T/p3.db" "$T/p1.db" 2>/dev/null
"$SW" --db "$T/m2.db" gharchive merge "$T/p2.db" "$T/p2.db" 2>/dev/null          # idempotent
"$SW" --db "$T/p23.db" gharchive merge "$T/p2.db" "$T/p3.db" 2>/dev/null         # (p2+p3)
"$SW" --db "$T/m3.db" gharchive merge "$T/p1.db" "$T/p23.db" 2>/dev/null         # p1+(p2+p3)
for m in m1 m2 m3; do
  "$SW" --db "$T/$m.db" export series >"$T/$m.csv"
  cmp -s "$T/all.csv" "$T/$m.csv" || { echo "FAIL: $m differs from the single scan"; diff "$T/all.csv" "$T/$m.csv" | head; fail=1; }
done
# A partial alone is not the whole.
"$SW" --db "$T/p1.db" export series >"$T/p1.csv"
cmp -s "$T/all.csv" "$T/p1.csv" && { echo "FAIL: shard 1 alone equals everything"; fail=1; }
# Merging something that is not a partial fails with a message naming it.
echo junk >"$T/junk.db"
if "$SW" --db "$T/m1.db" gharchive merge "$T/junk.db" 2>"$T/err"; then echo "FAIL: junk merged"; fail=1; fi
grep -q junk.db "$T/err" || { echo "FAIL: error does not name the file"; cat "$T/err"; fail=1; }
[ $fail = 0 ] && echo "ok: 3 shards, 3 merge orders = single scan ($(wc -l <"$T/all.csv") rows)"
exit $fail
