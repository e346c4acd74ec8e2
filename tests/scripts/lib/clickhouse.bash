# clickhouse.bash: sourced by the tests/scripts/clickhouse_*.sh tests.
# ch_start DIR SHARDS starts a local cluster (scripts/clickhouse.sh) on a
# free random port range, so tests running at once do not meet, and sets
# CH_BASE (first HTTP port) and CH_URL[i] (server i's URL, 1-based);
# ch_stop stops it (the tests trap it). Exits 77 (skipped) when Debian's
# clickhouse-server is not installed.
ch_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
command -v clickhouse-server >/dev/null || { echo "clickhouse-server missing (scripts/deps.sh installs it): skipped"; exit 77; }
CH_DIR=""
ch_start() { # ch_start DIR SHARDS
	local try p i busy
	CH_DIR=$1
	for try in 1 2 3 4 5; do
		CH_BASE=$((20000 + 10 * (RANDOM % 3000)))
		busy=0
		for i in $(seq 1 "$2"); do
			for p in 0 1 2; do
				(exec 3<>"/dev/tcp/127.0.0.1/$((CH_BASE + 10 * (i - 1) + p))") 2>/dev/null && busy=1
			done
		done
		[ $busy = 0 ] || continue
		if bash "$ch_root/scripts/clickhouse.sh" start "$1" "$2" "$CH_BASE" >/dev/null; then
			CH_URL=()
			for i in $(seq 1 "$2"); do CH_URL[$i]="http://127.0.0.1:$((CH_BASE + 10 * (i - 1)))"; done
			return 0
		fi
	done
	echo "FAIL: could not start $2 local ClickHouse server(s)"
	return 1
}
ch_stop() { [ -z "$CH_DIR" ] || bash "$ch_root/scripts/clickhouse.sh" stop "$CH_DIR" 2>/dev/null || true; }
# ch_kill: the servers die at once (SIGKILL), as in a crash.
ch_kill() { for f in "$CH_DIR"/shard*/server.pid; do kill -9 "$(cat "$f")" 2>/dev/null; rm -f "$f"; done; }
# ch_q URL SQL: one query through ClickHouse's HTTP interface (default user).
ch_q() { curl -sSf --max-time 60 "$1/" --data-binary "$2"; }
