#!/usr/bin/env bash
# clickhouse.sh start|stop|status DIR [SHARDS [BASE_PORT]]: local ClickHouse
# servers for trying the scale-out path and for the tests, without touching
# the system's configuration: every server keeps its config, data and logs
# under DIR/shardN, listens on 127.0.0.1 only, and knows the cluster
# `sw_local` made of all SHARDS servers (default 1). Ports: server i
# (1-based) answers HTTP on BASE_PORT + 10*(i-1) (default 18123), native
# TCP on that + 1, interserver on that + 2.
#
# Users: `default` (no password, loopback only) and `sw` with the password
# in DIR/password (mode 0600, made on first start), to exercise the
# credential path. Prints each server's URL on stdout once it answers.
#   bash scripts/clickhouse.sh start /tmp/ch 2     # two shards
#   bash scripts/clickhouse.sh stop /tmp/ch
set -euo pipefail
cmd=${1:-}
dir=${2:-}
shards=${3:-1}
base=${4:-18123}
# status and stop find the servers a start made (DIR/layout), whatever
# SHARDS and BASE_PORT they are given
if [ "$cmd" != start ] && [ -f "$dir/layout" ]; then read -r shards base <"$dir/layout"; fi
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: clickhouse.sh start|stop|status DIR [SHARDS [BASE_PORT]]" >&2; exit 2; }
server=$(command -v clickhouse-server || echo /usr/bin/clickhouse-server)
[ -x "$server" ] || { echo "clickhouse.sh: clickhouse-server is not installed (scripts/deps.sh installs it)" >&2; exit 3; }

http_port() { echo $((base + 10 * ($1 - 1))); }

write_users() {
	local pw
	if [ ! -s "$dir/password" ]; then
		(umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$dir/password")
	fi
	pw=$(cat "$dir/password")
	cat >"$dir/users.xml" <<EOF
<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage></default></profiles>
  <users>
    <default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile><quota>default</quota></default>
    <sw><password>$pw</password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile><quota>default</quota></sw>
  </users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors>
    <result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
EOF
	chmod 600 "$dir/users.xml"
}

write_config() { # write_config I
	local i=$1 d="$dir/shard$1" http tcp replicas=""
	http=$(http_port "$i")
	tcp=$((http + 1))
	for j in $(seq 1 "$shards"); do
		replicas="$replicas<shard><replica><host>127.0.0.1</host><port>$(( $(http_port "$j") + 1 ))</port></replica></shard>"
	done
	mkdir -p "$d/data" "$d/tmp" "$d/log" "$d/user_files"
	cat >"$d/config.xml" <<EOF
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$d/log/server.log</log><errorlog>$d/log/error.log</errorlog>
    <size>10M</size><count>2</count></logger>
  <http_port>$http</http_port>
  <tcp_port>$tcp</tcp_port>
  <interserver_http_port>$((http + 2))</interserver_http_port>
  <listen_host>127.0.0.1</listen_host>
  <max_connections>256</max_connections>
  <keep_alive_timeout>10</keep_alive_timeout>
  <max_concurrent_queries>50</max_concurrent_queries>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  <mark_cache_size>268435456</mark_cache_size>
  <path>$d/data/</path>
  <tmp_path>$d/tmp/</tmp_path>
  <user_files_path>$d/user_files/</user_files_path>
  <users_config>$dir/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <remote_servers><sw_local>$replicas</sw_local></remote_servers>
</yandex>
EOF
}

start_one() { # start_one I
	local i=$1 d="$dir/shard$1" http
	http=$(http_port "$i")
	if curl -sf "http://127.0.0.1:$http/ping" >/dev/null 2>&1; then
		echo "clickhouse.sh: port $http already answers; not starting shard $i" >&2
		return 1
	fi
	"$server" --config-file="$d/config.xml" >"$d/log/stdout.log" 2>&1 &
	echo $! >"$d/server.pid" # 18.16 writes its --pid-file only as a daemon
	for _ in $(seq 1 150); do
		curl -sf "http://127.0.0.1:$http/ping" >/dev/null 2>&1 && { echo "http://127.0.0.1:$http"; return 0; }
		sleep 0.2
	done
	echo "clickhouse.sh: shard $i did not answer on port $http; see $d/log" >&2
	tail -5 "$d/log/error.log" "$d/log/stdout.log" >&2 2>/dev/null || true
	return 1
}

stop_all() {
	for pidf in "$dir"/shard*/server.pid; do
		[ -f "$pidf" ] || continue
		pid=$(cat "$pidf")
		kill "$pid" 2>/dev/null || true
		for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		kill -9 "$pid" 2>/dev/null || true
		rm -f "$pidf"
	done
}

case "$cmd" in
start)
	mkdir -p "$dir"
	echo "$shards $base" >"$dir/layout"
	write_users
	for i in $(seq 1 "$shards"); do write_config "$i"; done
	for i in $(seq 1 "$shards"); do start_one "$i" || { stop_all; exit 1; }; done
	;;
stop) stop_all ;;
status)
	for i in $(seq 1 "$shards"); do
		http=$(http_port "$i")
		if curl -sf "http://127.0.0.1:$http/ping" >/dev/null 2>&1; then echo "shard $i: http://127.0.0.1:$http up"; else echo "shard $i: down"; fi
	done
	;;
*) echo "usage: clickhouse.sh start|stop|status DIR [SHARDS [BASE_PORT]]" >&2; exit 2 ;;
esac
