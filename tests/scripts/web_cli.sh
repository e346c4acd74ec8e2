#!/usr/bin/env bash
# web_cli.sh STACKWATCH SHARED: `stackwatch serve` as a command: --help, bad
# options (exit 2 with a one-line message), port already in use (exit 1),
# the bound address on stderr, curl against it, clean stop on SIGTERM (exit 0).
set -uo pipefail
SW=$1
T=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
export NO_COLOR=1
fail=0
expect() { # expect CODE TEXT-IN-STDERR-OR-STDOUT -- command...
  local want=$1 text=$2; shift 3
  "$@" >"$T/out" 2>"$T/err"; local rc=$?
  if [ "$rc" != "$want" ] || ! grep -qF -- "$text" "$T/out" "$T/err"; then
    echo "FAIL: $* -> exit $rc (want $want), output:"; cat "$T/out" "$T/err"; fail=1
  else echo "ok   $* -> $rc"; fi
}
command -v curl >/dev/null || { echo "skip: no curl"; exit 77; }
expect 0 "usage: stackwatch serve" -- "$SW" serve --help
# --refresh (update passes from GitHub) only when the github subsystem is built too
refresh=()
if "$SW" serve --help | grep -q -- '--refresh DURATION'; then
  expect 2 "--refresh needs a duration" -- "$SW" serve --db "$T/db" --refresh soon
  refresh=(--refresh 6h)
else
  expect 2 "unknown option '--refresh'" -- "$SW" serve --db "$T/db" --refresh 6h
fi
expect 2 "host must be an IP address" -- "$SW" serve --db "$T/db" --listen example.com:80
expect 2 "port must be 0-65535" -- "$SW" serve --db "$T/db" --listen 127.0.0.1:99999
expect 2 "unknown option" -- "$SW" serve --db "$T/db" --bogus x
printf 'short\n' >"$T/tok"
chmod 600 "$T/tok"
expect 2 "at least 16 are needed" -- "$SW" serve --db "$T/db" --admin-token-file "$T/tok"
expect 1 "$T/missing" -- "$SW" serve --db "$T/db" --admin-token-file "$T/missing"

printf 'a-long-enough-admin-token\n' >"$T/tok"
chmod 600 "$T/tok"
# a repo the classifier leaves for review, for the admin page's queue
printf 'repo,category,subcat,stars,description,updated_at\nnew/mystery,,,10,,2024-11-01\n' >"$T/s.csv"
"$SW" --db "$T/db" import "$T/s.csv" 2>/dev/null && "$SW" --db "$T/db" classify --threshold 0.99 >/dev/null 2>&1
"$SW" --db "$T/db" serve --listen 127.0.0.1:0 --admin-token-file "$T/tok" "${refresh[@]}" 2>"$T/serve.err" &
pid=$!
port=
for _ in $(seq 1 100); do
  port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$T/serve.err"); [ -n "$port" ] && break; sleep 0.1
done
[ -n "$port" ] || { echo "FAIL: no 'listening on' line"; cat "$T/serve.err"; exit 1; }
echo "ok   listening on port $port"
body=$(curl -s "http://127.0.0.1:$port/")
if [ ${#refresh[@]} -gt 0 ]; then
  grep -q 'update pass every 6h' <<<"$body" && echo "ok   refresh schedule shown" || { echo "FAIL: schedule not shown"; fail=1; }
fi
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer a-long-enough-admin-token' "http://127.0.0.1:$port/admin")
[ "$code" = 200 ] && echo "ok   /admin with the file's token" || { echo "FAIL: /admin -> $code"; fail=1; }
curl -s -H 'Authorization: Bearer a-long-enough-admin-token' "http://127.0.0.1:$port/admin" | grep -A3 'id="needs-review"' | grep -q 'new/mystery' \
  && echo "ok   /admin lists the labels that need review" || { echo "FAIL: /admin review queue"; fail=1; }
# /models: a hint while the store has no benchmark data, the chart once it has.
curl -s "http://127.0.0.1:$port/models" | grep -q 'No model benchmark data' && echo "ok   /models hint" || { echo "FAIL: /models hint"; fail=1; }
if [ -f "$2/models/epoch-hub-gpqa_diamond.csv" ]; then
  "$SW" --db "$T/db" models import "$2/models/epoch-hub-gpqa_diamond.csv" "$2/models/epoch-hub-epoch_capabilities_index.csv" 2>/dev/null
  body=$(curl -s "http://127.0.0.1:$port/models")
  grep -q '<svg' <<<"$body" && grep -q 'Epoch AI' <<<"$body" && ! grep -q ' style=' <<<"$body" \
    && echo "ok   /models chart with credit, no inline styles" || { echo "FAIL: /models page"; fail=1; }
fi
expect 1 "cannot listen on 127.0.0.1:$port" -- "$SW" serve --db "$T/db" --listen "127.0.0.1:$port"
kill -TERM "$pid"; wait "$pid"; rc=$?; pid=
[ "$rc" = 0 ] && echo "ok   SIGTERM -> exit 0" || { echo "FAIL: exit $rc after SIGTERM"; fail=1; }
grep -q "stopping" "$T/serve.err" || { echo "FAIL: no stopping message"; fail=1; }
exit $fail
