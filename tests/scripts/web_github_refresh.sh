#!/usr/bin/env bash
# web_refresh_github.sh SW SHARED: `stackwatch serve --refresh` runs the real
# update pass (the same as `stackwatch update`) against the fake GitHub: the
# discovered repos get snapshots while the server runs, the pages show the
# pass outcome, and the token never shows up in any output.
set -uo pipefail
SW=$1
. "$(dirname "$0")/../fake-github/lib.sh"
fake_deps
command -v curl >/dev/null || { echo "SKIP: no curl"; exit 77; }
T=$(mktemp -d); DB=$T/db; SPID=
trap '[ -n "$SPID" ] && kill $SPID 2>/dev/null; fake_stop; rm -rf "$T"' EXIT
export NO_COLOR=1 SW_NO_PROGRESS=1
TOKEN=ghp_refreshTOKENmustNEVERappear123456
export GITHUB_TOKEN=$TOKEN
fake_start FAKE_REPOS=60 FAKE_TOKEN=$TOKEN
"$SW" discover --db "$DB" --retry-delay 10 >"$T/disc.log" 2>&1; check "discover" test $? = 0
snaps() { python3 -c "import sqlite3;print(sqlite3.connect('$DB').execute('select count(*) from snapshots').fetchone()[0])"; }
check "no snapshots before the first pass" test "$(snaps)" = 0
"$SW" --db "$DB" serve --listen 127.0.0.1:0 --refresh 2s --readmes 0 --retry-delay 10 2>"$T/serve.err" & SPID=$!
port=
for _ in $(seq 1 100); do
  port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$T/serve.err"); [ -n "$port" ] && break; sleep 0.1
done
check "server listening" test -n "$port"
n=0
for _ in $(seq 1 150); do n=$(snaps); [ "$n" -gt 0 ] && break; sleep 0.2; done
tracked=$(python3 -c "import sqlite3;print(sqlite3.connect('$DB').execute(\"select count(*) from repos where state='tracked'\").fetchone()[0])")
check "the refresh pass snapshotted every tracked repo ($n of $tracked)" test "$n" -ge 1
for _ in $(seq 1 50); do n=$(snaps); [ "$n" = "$tracked" ] && break; sleep 0.2; done
check "all $tracked tracked repos have a snapshot" test "$n" = "$tracked"
sleep 0.5
page=$(curl -s "http://127.0.0.1:$port/")
check "list page shows the last pass outcome" grep -qE "update pass every 2s, last run [^(]*\(ok\)" <<<"$page"
check "list page shows the refreshed repos" grep -q "/r/" <<<"$page"
kill -TERM $SPID; wait $SPID; rc=$?; SPID=
check "SIGTERM -> exit 0" test $rc = 0
check "token in no output" bash -c "! grep -rqF '$TOKEN' '$T'/*.log '$T/serve.err' && ! grep -qF '$TOKEN' '$DB'"
echo "$((FAILS == 0 ? 1 : 0)) passed, $((FAILS > 0 ? 1 : 0)) failed"
[ $FAILS = 0 ]
