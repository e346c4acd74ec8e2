#!/usr/bin/env bash
# clickhouse_kill.sh SW SHARED: a ClickHouse load killed with SIGKILL at
# several moments (some with an hour's rows half sent) and rerun until done
# gives exactly the series of a SQLite scan of the same hours: a half-sent
# hour is never published, so a pull never counts it, and the rerun loads
# it again under a new load id. Every kill is reported with what it left.
# Loads go through lib/ch_hold_publish.py, which holds each hour's
# publishing INSERT for a second: kills land with rows in and the hour
# unpublished by design, on a fast build and under sanitizers alike (a
# busy CI machine once let every kill miss that window).
set -uo pipefail
SW=$1
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib/clickhouse.bash"
T=$(mktemp -d); trap 'ch_stop; rm -rf "$T"' EXIT
export SW_NO_PROGRESS=1
H=16
"$SW" gharchive generate --hours $H --events 20000 --repos 2000 --seed 11 --out "$T/h" 2>/dev/null || exit 1
"$SW" --db "$T/ref.db" gharchive scan --all-repos --threads 2 "$T/h" 2>/dev/null || exit 1
"$SW" --db "$T/ref.db" export series >"$T/ref.csv" || exit 1
ch_start "$T/ch" 1 || exit 1
U="${CH_URL[1]}/swk"
# Loads go through a proxy that holds each hour's publishing INSERT for a
# second (and drops it if the load is gone), so 'rows' below is a state
# that lasts, not a race with the next INSERT.
python3 "$here/lib/ch_hold_publish.py" "$T/proxy.port" "${CH_URL[1]}" 1 & proxy=$!
trap 'kill $proxy 2>/dev/null; ch_stop; rm -rf "$T"' EXIT
for _ in $(seq 100); do [ -s "$T/proxy.port" ] && break; sleep 0.05; done
UL="http://127.0.0.1:$(cat "$T/proxy.port")/swk"
published() { ch_q "${CH_URL[1]}" "SELECT count() FROM swk.gha_hours" 2>/dev/null || echo 0; }
# Loads whose rows are in but whose hour row is not: what a pull must ignore.
orphans() { ch_q "${CH_URL[1]}" "SELECT uniqExact(load_id) FROM swk.gha_events WHERE load_id NOT IN (SELECT load_id FROM swk.gha_hours)" 2>/dev/null || echo 0; }
# A pull between kills counts only published hours: it equals a scan of
# those hours alone, whatever half-sent rows lie beside them.
mid_pull() {
	"$SW" --db "$T/mid.db" gharchive pull --clickhouse "$U" --all-repos 2>/dev/null || { echo "FAIL: pull between kills"; exit 1; }
	mkdir "$T/pub"
	for h in $(ch_q "${CH_URL[1]}" "SELECT name FROM swk.gha_hours"); do ln -s "$T/h/$h" "$T/pub/$h"; done
	"$SW" --db "$T/pub.db" gharchive scan --all-repos "$T/pub" 2>/dev/null
	"$SW" --db "$T/pub.db" export series >"$T/pub.csv"
	"$SW" --db "$T/mid.db" export series >"$T/mid.csv"
	cmp -s "$T/pub.csv" "$T/mid.csv" || { echo "FAIL: a pull between kills is not the scan of the published hours"; exit 1; }
	echo "  a pull now: $(ls "$T/pub" | wc -l) published hour(s), the scan's $(($(wc -l <"$T/pub.csv") - 1)) rows of them"
}
# The moments are states of the load, not delays, so that a slow build
# (sanitizers) is killed at the same points as a fast one: before anything
# is sent; once rows of an unpublished hour are in; once 1, 3, 6 more hours
# are published, each time with rows of further hours in flight if caught.
# "published orphans" in one query, cheap enough to poll.
state() { ch_q "${CH_URL[1]}" "SELECT (SELECT count() FROM swk.gha_hours), (SELECT uniqExact(load_id) FROM swk.gha_events WHERE load_id NOT IN (SELECT load_id FROM swk.gha_hours))" 2>/dev/null || echo "0 0"; }
reached() { # reached MOMENT N0 O0: has the running load got there?
	local n o
	read -r n o < <(state)
	case $1 in
	start) return 0 ;;
	rows) [ "${o:-0}" -gt "$3" ] ;;
	pub*) [ "${n:-0}" -ge $(($2 + ${1#pub})) ] ;;
	esac
}
kills=0 midway=0 half=0
for moment in start rows pub1 rows pub3 pub1 pub6; do
	n0=$(published) o0=$(orphans)
	[ "${n0:-0}" -ge $H ] && break
	"$SW" gharchive load --clickhouse "$UL" "$T/h" 2>/dev/null &
	pid=$!
	for _ in $(seq 6000); do
		reached "$moment" "${n0:-0}" "${o0:-0}" && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.02
	done
	if kill -9 "$pid" 2>/dev/null; then
		kills=$((kills + 1))
		n=$(published) o=$(orphans)
		[ "${n:-0}" -gt 0 ] && [ "${n:-0}" -lt $H ] && midway=$((midway + 1))
		[ "${o:-0}" -gt "${o0:-0}" ] && half=$((half + 1))
		echo "killed at '$moment': $n of $H hours published, $o half-sent load(s) left"
		[ "${n:-0}" -gt 0 ] && [ "${o:-0}" -gt 0 ] && [ ! -e "$T/mid.csv" ] && mid_pull
	fi
	wait "$pid" 2>/dev/null
done
"$SW" gharchive load --clickhouse "$U" --threads 2 "$T/h" 2>"$T/final.err" || { cat "$T/final.err"; echo "FAIL: final rerun"; exit 1; }
cat "$T/final.err"
"$SW" --db "$T/got.db" gharchive pull --clickhouse "$U" --all-repos 2>/dev/null || { echo "FAIL: pull"; exit 1; }
"$SW" --db "$T/got.db" export series >"$T/got.csv"
if ! cmp -s "$T/ref.csv" "$T/got.csv"; then
	echo "FAIL: series after kills differ from the scan's"; diff "$T/ref.csv" "$T/got.csv" | head; exit 1
fi
[ "$(published)" -ge $H ] || { echo "FAIL: not every hour published"; exit 1; }
[ -e "$T/mid.csv" ] && [ "$midway" -ge 2 ] && [ "$half" -ge 2 ] || { echo "FAIL: kills did not land mid-load (midway $midway, half-sent $half); the test proves nothing"; exit 1; }
echo "ok: $kills kills ($midway mid-load, $half with half-sent rows), rerun gives the scan's $(($(wc -l <"$T/ref.csv") - 1)) rows"
