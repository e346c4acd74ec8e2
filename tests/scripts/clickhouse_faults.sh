#!/usr/bin/env bash
# clickhouse_faults.sh SW SHARED: what a ClickHouse load or pull does when
# things go wrong. Each case checks the exit code (docs: 5 = rerun later)
# and that the error is one line naming the server, the hour or the field:
# a server down, stopped and restarted mid-load (the rerun completes with
# the scan's exact series), bad URLs, credentials in a URL, an unknown
# cluster or database, wrong password, a password file others can read, a
# server that answers garbage, one that never answers (bounded by
# --timeout). The password never appears in output, the store or the logs.
set -uo pipefail
SW=$1
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib/clickhouse.bash"
T=$(mktemp -d)
fakes=()
trap 'ch_stop; for p in "${fakes[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
export SW_NO_PROGRESS=1
fail=0
bad() { echo "FAIL: $*"; fail=1; }
# expect RC PATTERN CMD...: exit code RC, the first stderr line matches PATTERN.
expect() {
	local rc=$1 pat=$2
	shift 2
	"$@" >"$T/out" 2>"$T/err"
	local got=$?
	if [ "$got" != "$rc" ] || ! head -1 "$T/err" | grep -Eq -- "$pat"; then
		bad "$* -> exit $got (wanted $rc), stderr:"; sed 's/^/    /' "$T/err"
	fi
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

"$SW" gharchive generate --hours 12 --events 20000 --repos 1500 --seed 5 --out "$T/h" 2>/dev/null || exit 1
"$SW" --db "$T/ref.db" gharchive scan --all-repos --threads 2 "$T/h" 2>/dev/null || exit 1
"$SW" --db "$T/ref.db" export series >"$T/ref.csv"

# Nothing there: rerun later.
down=$(free_port)
expect 5 "^stackwatch: ClickHouse at http://127.0.0.1:$down/stackwatch: Couldn't connect" \
	"$SW" gharchive load --clickhouse "http://127.0.0.1:$down" "$T/h"
grep -q "rerun the same command" "$T/err" || bad "no rerun advice for a server that is down"
# Bad URLs: usage errors naming what is wrong.
expect 2 "must look like http://HOST:PORT" "$SW" gharchive load --clickhouse "ftp://127.0.0.1:$down/" "$T/h"
expect 2 "database names are letters, digits and _" "$SW" gharchive load --clickhouse "http://127.0.0.1:$down/a-b" "$T/h"
expect 2 "only a database may follow the port" "$SW" gharchive load --clickhouse "http://127.0.0.1:$down/a/b" "$T/h"
expect 2 "must not hold credentials" "$SW" gharchive pull --clickhouse "http://sw:hunter2secret@127.0.0.1:$down/" --all-repos
grep -q hunter2secret "$T/err" "$T/out" && bad "a password given in the URL was echoed"
expect 2 "clickhouse URL is required" "$SW" gharchive load "$T/h"

# A server that answers garbage, one that never answers.
mkdir "$T/www" && echo '<html>hello</html>' >"$T/www/index.html"
gport=$(free_port)
(cd "$T/www" && exec python3 -m http.server "$gport" --bind 127.0.0.1 >/dev/null 2>&1) &
fakes+=($!)
sport=$(free_port)
python3 -c 'import socket,sys,time
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(8)
held=[]
while True:
    c,_=s.accept(); held.append(c)' "$sport" &
fakes+=($!)
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$gport") 2>/dev/null && (exec 3<>"/dev/tcp/127.0.0.1/$sport") 2>/dev/null && break; sleep 0.1; done
expect 1 "^stackwatch: ClickHouse at http://127.0.0.1:$gport/stackwatch: answered HTTP 501 with a page that is not ClickHouse's$" "$SW" gharchive load --clickhouse "http://127.0.0.1:$gport" "$T/h"
t0=$(date +%s)
expect 5 "ClickHouse at http://127.0.0.1:$sport/stackwatch: .*(timed out|Timeout)" \
	"$SW" gharchive load --timeout 2 --clickhouse "http://127.0.0.1:$sport" "$T/h"
[ $(($(date +%s) - t0)) -le 10 ] || bad "a silent server held the load $(($(date +%s) - t0)) s with --timeout 2"

ch_start "$T/ch" 1 || exit 1
U=${CH_URL[1]}
# ClickHouse's own errors, in one line.
"$SW" gharchive load --clickhouse "$U/faults" "$T/h/$(ls "$T/h" | head -1)" 2>/dev/null || bad "a first load"
expect 1 "^stackwatch: ClickHouse at $U/faults: Code 170: .*cluster 'nope'" \
	"$SW" --db "$T/x.db" gharchive pull --clickhouse "$U/faults" --cluster nope --all-repos
[ "$(wc -l <"$T/err")" = 1 ] || bad "a ClickHouse exception took $(wc -l <"$T/err") lines"
expect 4 "^stackwatch: ClickHouse at $U/nosuchdb: no stackwatch database there" \
	"$SW" --db "$T/x.db" gharchive pull --clickhouse "$U/nosuchdb" --all-repos
[ "$(ch_q "$U" "EXISTS DATABASE nosuchdb" 2>/dev/null || ch_q "$U" "SELECT count() FROM system.databases WHERE name = 'nosuchdb'")" = 0 ] \
	|| bad "a pull created the database it was asked for"

# Credentials: the sw user's password from the environment and from a 0600
# file; never printed, never stored; wrong ones and open files refused.
pw=$(cat "$T/ch/password")
STACKWATCH_CLICKHOUSE_USER=sw STACKWATCH_CLICKHOUSE_PASSWORD="$pw" "$SW" gharchive load --clickhouse "$U/creds" "$T/h" >"$T/c1.out" 2>"$T/c1.err" \
	|| { cat "$T/c1.err"; bad "a load as user sw"; }
STACKWATCH_CLICKHOUSE_USER=sw "$SW" --db "$T/creds.db" gharchive pull --password-file "$T/ch/password" --clickhouse "$U/creds" --all-repos >"$T/c2.out" 2>"$T/c2.err" \
	|| { cat "$T/c2.err"; bad "a pull as user sw with a password file"; }
expect 1 "Code 193: Wrong password for user sw" \
	env STACKWATCH_CLICKHOUSE_USER=sw STACKWATCH_CLICKHOUSE_PASSWORD="not-$pw" "$SW" gharchive load --clickhouse "$U/creds" "$T/h"
cp "$T/ch/password" "$T/open-password" && chmod 644 "$T/open-password"
expect 1 "open-password: token file is readable by group or others; run 'chmod 600" \
	"$SW" gharchive load --user sw --password-file "$T/open-password" --clickhouse "$U/creds" "$T/h"
if grep -rqaF -- "$pw" "$T"/*.out "$T"/*.err "$T/creds.db" "$T/out" "$T/err"; then bad "the password appears in output or the store"; fi
grep -rqaF -- "$pw" "$T/ch/shard1/log" && bad "the password appears in the server's logs"

# Killed mid-load (a crash: a graceful stop lets running inserts finish):
# exit 5 naming the hour; restarted, a rerun completes,
# and the pulled series are exactly the scan's.
"$SW" gharchive load --clickhouse "$U/restart" "$T/h" 2>"$T/r1.err" &
pid=$!
for _ in $(seq 100); do
	[ "$(ch_q "$U" "SELECT count() FROM restart.gha_hours" 2>/dev/null || echo 0)" -ge 2 ] && break
	sleep 0.05
done
ch_kill
wait "$pid"
rc=$?
[ $rc = 5 ] || bad "load with its server stopped: exit $rc, wanted 5"
grep -Eq "^stackwatch: loading hour [0-9-]+\.json\.gz: ClickHouse at $U/restart: .+" "$T/r1.err" \
	|| { bad "the error does not name the hour and the server"; cat "$T/r1.err"; }
bash "$ch_root/scripts/clickhouse.sh" start "$T/ch" 1 "$CH_BASE" >/dev/null || exit 1
published=$(ch_q "$U" "SELECT count() FROM restart.gha_hours")
"$SW" gharchive load --clickhouse "$U/restart" "$T/h" 2>"$T/r2.err" || { cat "$T/r2.err"; bad "the rerun after a restart"; }
grep -q "skipped as already loaded" "$T/r2.err" && grep -q " $published skipped" "$T/r2.err" \
	|| { bad "the rerun did not skip the $published hours published before the stop"; cat "$T/r2.err"; }
"$SW" --db "$T/restart.db" gharchive pull --clickhouse "$U/restart" --all-repos 2>/dev/null || bad "pull after restart"
"$SW" --db "$T/restart.db" export series >"$T/restart.csv"
cmp -s "$T/ref.csv" "$T/restart.csv" || { bad "series after a restart mid-load differ from the scan's"; diff "$T/ref.csv" "$T/restart.csv" | head -5; }
echo "killed after $published of 12 hours: $(grep 'loading hour' "$T/r1.err")"
[ $fail = 0 ] && echo "ok: every fault gave its exit code and a one-line error; the rerun after a restart is exact"
exit $fail
