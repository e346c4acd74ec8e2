#!/usr/bin/env bash
# clickhouse_exact.sh SW SHARED: the series pulled from a 2-shard local
# ClickHouse cluster equal `export series` of a SQLite `scan --all-repos` of
# the same generated hours (renames, duplicate events across hour
# boundaries, bots, malformed lines, a truncated .gz), every column and
# repo-day; the hours alternate between the shards (so a duplicate's two
# copies sit on different shards) and one hour is loaded on both; a rerun
# of any load changes nothing, nor do concurrent loads; gaps, --repo, the default (tracked repos)
# and anchoring on the store's snapshots work on pulled series unchanged.
set -uo pipefail
SW=$1
SHARED=$2
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib/clickhouse.bash"
T=$(mktemp -d); trap 'ch_stop; rm -rf "$T"' EXIT
export SW_NO_PROGRESS=1
fail=0
bad() { echo "FAIL: $*"; fail=1; }

"$SW" gharchive generate --hours 6 --events 3000 --repos 400 --seed 7 --start 2024-01-01T21:00 --out "$T/h" 2>/dev/null || exit 1
"$SW" --db "$T/scan.db" gharchive scan --all-repos "$T/h" 2>/dev/null || exit 1
"$SW" --db "$T/scan.db" export series --format csv >"$T/ref.csv"
"$SW" --db "$T/scan.db" gharchive gaps --format csv >"$T/ref-gaps.csv"
python3 "$here/gharchive_series.py" truth "$T/h/truth.tsv" >"$T/truth.csv"
cmp -s "$T/ref.csv" "$T/truth.csv" || bad "the scan itself differs from the generator's truth"

ch_start "$T/ch" 2 || exit 1
A="${CH_URL[1]}/swx" B="${CH_URL[2]}/swx"
# Shard 1's 3 hours on 6 threads: each hour read by two (one inflating).
"$SW" gharchive load --clickhouse "$A" --shard 1/2 --threads 6 "$T/h" 2>"$T/l1.err" || { cat "$T/l1.err"; bad "load on shard 1"; }
"$SW" gharchive load --clickhouse "$B" --shard 2/2 --threads 2 "$T/h" 2>"$T/l2.err" || { cat "$T/l2.err"; bad "load on shard 2"; }
# One of shard 2's hours on shard 1 too: every event of it is on both.
h2=$(ch_q "${CH_URL[2]}" "SELECT name FROM swx.gha_hours ORDER BY name" | tr '\n' ' ')
one=${h2%% *}
"$SW" gharchive load --clickhouse "$A" --threads 2 "$T/h/$one" 2>"$T/l3.err" || { cat "$T/l3.err"; bad "load of one hour on both shards"; }
cat "$T/l1.err" "$T/l2.err" "$T/l3.err"
grep -q '^stackwatch: 3 hour(s) loaded' "$T/l1.err" && grep -q '^stackwatch: 3 hour(s) loaded' "$T/l2.err" \
	&& grep -q '^stackwatch: 1 hour(s) loaded' "$T/l3.err" || bad "hours not split 3 + 3 + 1 over the shards"
# Each shard really holds only its part, and the duplicated events are there twice.
n1=$(ch_q "${CH_URL[1]}" "SELECT count() FROM swx.gha_hours")
n2=$(ch_q "${CH_URL[2]}" "SELECT count() FROM swx.gha_hours")
[ "$n1" = 4 ] && [ "$n2" = 3 ] || bad "hours per shard $n1 + $n2, expected 4 + 3"
dups=$(ch_q "${CH_URL[1]}" "SELECT count() - uniqExact(id) FROM cluster('sw_local', swx, gha_events)")
[ "${dups:-0}" -gt 1000 ] || bad "only ${dups:-?} duplicate event rows across the cluster: the dedupe is not exercised"

"$SW" --db "$T/pull.db" gharchive pull --clickhouse "$A" --cluster sw_local --all-repos 2>"$T/p.err" || { cat "$T/p.err"; bad "pull"; }
cat "$T/p.err"
"$SW" --db "$T/pull.db" export series --format csv >"$T/got.csv"
if ! cmp -s "$T/ref.csv" "$T/got.csv"; then
	bad "pulled series differ from the scan's"; diff "$T/ref.csv" "$T/got.csv" | head
fi
rows=$(($(wc -l <"$T/got.csv") - 1))
[ "$rows" -gt 300 ] || bad "only $rows repo-days"
"$SW" --db "$T/pull.db" gharchive gaps --format csv >"$T/gaps.csv"
cmp -s "$T/ref-gaps.csv" "$T/gaps.csv" || { bad "gaps differ"; diff "$T/ref-gaps.csv" "$T/gaps.csv" | head; }
# One shard alone is not the archive: without --cluster the series differ.
"$SW" --db "$T/one.db" gharchive pull --clickhouse "$A" --all-repos 2>/dev/null
"$SW" --db "$T/one.db" export series --format csv >"$T/one.csv"
cmp -s "$T/ref.csv" "$T/one.csv" && bad "one shard gave the whole series: the test cannot tell shards apart"

# Reruns: every hour skipped, nothing added, the same series.
before=$(ch_q "${CH_URL[1]}" "SELECT count() FROM cluster('sw_local', swx, gha_events)")
"$SW" gharchive load --clickhouse "$A" --shard 1/2 "$T/h" 2>"$T/r1.err"
"$SW" gharchive load --clickhouse "$B" $(for h in $h2; do echo "$T/h/$h"; done) 2>"$T/r2.err"
grep -q '0 hour(s) loaded .* 3 skipped' "$T/r2.err" || { cat "$T/r2.err"; bad "rerun on shard 2 did not skip"; }
grep -q '0 hour(s) loaded .* 3 skipped' "$T/r1.err" || { cat "$T/r1.err"; bad "rerun on shard 1 did not skip"; }
after=$(ch_q "${CH_URL[1]}" "SELECT count() FROM cluster('sw_local', swx, gha_events)")
"$SW" --db "$T/pull.db" gharchive pull --clickhouse "$A" --cluster sw_local --all-repos 2>/dev/null
"$SW" --db "$T/pull.db" export series --format csv >"$T/got2.csv"
[ "$before" = "$after" ] || bad "a rerun of a load added rows ($before -> $after)"
cmp -s "$T/ref.csv" "$T/got2.csv" || bad "series changed after reruns"

# Three loads of the same hours at once into one new database (they race to
# create it and to publish the same hours): still the scan's series.
for i in 1 2 3; do "$SW" gharchive load --clickhouse "${CH_URL[2]}/conc" --threads 2 "$T/h" 2>"$T/conc$i.err" & done
wait
"$SW" --db "$T/conc.db" gharchive pull --clickhouse "${CH_URL[2]}/conc" --all-repos 2>/dev/null || { cat "$T"/conc*.err; bad "pull after concurrent loads"; }
"$SW" --db "$T/conc.db" export series --format csv >"$T/conc.csv"
cmp -s "$T/ref.csv" "$T/conc.csv" || bad "series after three concurrent loads differ from the scan's"

# --repo: by name (a renamed repo's newest name, a case rename) and by id.
id=$(grep -m1 '^new-home/renamed-llama,' "$T/ref.csv" >/dev/null && sqlite3 "$T/scan.db" "SELECT repo_id FROM gha_repos WHERE name = 'new-home/renamed-llama'")
"$SW" --db "$T/some.db" gharchive pull --clickhouse "$A" --cluster sw_local --repo Owner5/Case-Change --repo "$id" 2>/dev/null \
	|| bad "pull --repo"
"$SW" --db "$T/some.db" export series --format csv | tail -n +2 >"$T/some.csv"
grep -E '^(Owner5/Case-Change|new-home/renamed-llama),' "$T/ref.csv" >"$T/some-ref.csv"
[ -s "$T/some-ref.csv" ] && cmp -s "$T/some-ref.csv" "$T/some.csv" || { bad "--repo series differ"; diff "$T/some-ref.csv" "$T/some.csv" | head; }

# Default: the store's tracked repos, anchored on its snapshots (the real
# curated list; the figures of tests/cases/gharchive_anchor.test, by hand).
mkdir "$T/a"
ev() { printf '{"id":"%s","type":"WatchEvent","actor":{"id":%s,"login":"u%s"},"repo":{"id":658928958,"name":"jmorganca/ollama","url":"u"},"payload":{"action":"started"},"public":true,"created_at":"%s"}\n' "$1" "$1" "$1" "$2"; }
{ ev 1 2024-09-30T12:00:00Z; ev 2 2024-09-30T12:30:00Z; } >"$T/a/2024-09-30-12.json"
{ ev 3 2024-10-15T08:00:00Z; ev 4 2024-10-15T08:01:00Z; ev 5 2024-10-15T08:02:00Z; ev 999 2024-10-15T08:03:00Z | sed 's/jmorganca\/ollama/someone\/else/; s/658928958/1/'; } >"$T/a/2024-10-15-8.json"
ev 6 2024-11-06T01:00:00Z >"$T/a/2024-11-06-1.json"
"$SW" gharchive load --clickhouse "${CH_URL[2]}/anchor" "$T/a" 2>/dev/null || bad "load of the anchor hours"
"$SW" --db "$T/lp.db" import "$SHARED/llama-police-2024-11-05.csv" "$SHARED/llama-police-2024-09-30.json" 2>/dev/null
"$SW" --db "$T/lp.db" gharchive pull --clickhouse "${CH_URL[2]}/anchor" 2>"$T/pa.err" || { cat "$T/pa.err"; bad "default pull"; }
grep -q '680 repo(s) asked, 1 in the archive, 1 with counted events' "$T/pa.err" || { cat "$T/pa.err"; bad "default pull did not ask for the 680 tracked repos"; }
"$SW" --db "$T/lp.db" export series --repo jmorganca/ollama --daily --format csv | tail -n +2 | cut -d, -f1,2,13 >"$T/anchor.csv"
printf '%s\n' jmorganca/ollama,2024-09-30,93392 jmorganca/ollama,2024-10-15,96361 jmorganca/ollama,2024-11-06,96362 >"$T/anchor-ref.csv"
grep -Fxf "$T/anchor-ref.csv" "$T/anchor.csv" | cmp -s - "$T/anchor-ref.csv" || { bad "anchored series"; cat "$T/anchor.csv"; }
"$SW" --db "$T/lp.db" export series --format csv | grep -q '^someone/else' && bad "an untracked repo was pulled"

[ $fail = 0 ] && echo "ok: $rows repo-days pulled from 2 shards equal the scan's; reruns, --repo, default and anchoring agree"
exit $fail
