#!/usr/bin/env bash
# web_hostile_requests.sh STACKWATCH SHARED: hostile requests to the web
# server. Every malformed or oversized request gets its 4xx at once (once,
# 500 query parameters got no answer for 10 s and %00 cut the path); an
# unknown Host gets 421; a POST from another site (Origin, else Referer) gets
# 403; CSRF tokens are bound to each client's random cookie (two clients in
# one second get different tokens; a cookie set to a valid token does not
# pass); admin tokens must come from a 0600 file or the environment and be
# at least 16 characters; while another process holds the store's write
# lock, pages are served and a submission gets 503 "store is busy"; a
# server error (500) tells the client one fixed sentence, and its detail
# (the store's file name, SQLite's words) goes to the server's log only.
set -uo pipefail
SW=$1; SHARED=$2
here=$(cd "$(dirname "$0")" && pwd)
[ -f "$SHARED/llama-police-2024-11-05.csv" ] || { echo "skip: no shared data"; exit 77; }
command -v python3 >/dev/null && command -v curl >/dev/null && command -v sqlite3 >/dev/null \
  || { echo "skip: needs python3, curl and sqlite3"; exit 77; }
T=$(mktemp -d)
holder=
# shellcheck source=hostile/serve.sh
. "$here/hostile/serve.sh"
trap 'serve_stop; [ -n "$holder" ] && kill "$holder" 2>/dev/null; rm -rf "$T"' EXIT
export NO_COLOR=1 SW_NO_PROGRESS=1
fail=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL: $*"; fail=1; }
printf '[{"repo": "evil/formula", "stars": 1, "updated_at": "2024-11-05", "description": "=HYPERLINK(\\"http://x\\")"}]' >"$T/f.json"
"$SW" --db "$T/db" import "$SHARED/llama-police-2024-11-05.csv" "$T/f.json" 2>/dev/null || { echo "FAIL: import"; exit 1; }
serve "$T/db"
base=http://127.0.0.1:$PORT

# --- CSV exports: a formula is written as text (leading '), JSON as stored
curl -s "$base/api/repos?format=csv&owner=evil" | grep -qF "\"'=HYPERLINK(\"\"http://x\"\")\"" \
  && ok "API CSV: the formula gets a leading '" || bad "API CSV: $(curl -s "$base/api/repos?format=csv&owner=evil")"
curl -s "$base/api/repos?owner=evil" | grep -qF '"=HYPERLINK(\"http://x\")"' \
  && ok "API JSON: the description as stored" || bad "API JSON: $(curl -s "$base/api/repos?owner=evil")"

# --- malformed and oversized requests: the expected status within 2 s
python3 "$here/hostile/clients.py" raw "$PORT" >"$T/raw" <<'EOF'
400 params-500 b'GET /api/repos?' + b'&'.join(b'a%d=1' % i for i in range(500)) + b' HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'
400 params-4000-empty b'GET /?' + b'a&' * 4000 + b' HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'
400 nul-in-path b'GET /%00abc HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'
400 nul-in-query b'GET /?q=llama%00x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'
400 no-host b'GET / HTTP/1.1\r\n\r\n'
421 other-host b'GET / HTTP/1.1\r\nHost: evil.example:PORT\r\n\r\n'
421 rebinding-host b'GET /admin HTTP/1.1\r\nHost: 127.0.0.1.evil.example\r\n\r\n'
414 long-url b'GET /' + b'a' * 70000 + b' HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'
431 many-headers b'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n' + b''.join(b'X-%d: b\r\n' % i for i in range(3000)) + b'\r\n'
431 cookie-bomb b'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ' + b';'.join(b'c%d' % i for i in range(3000)) + b'\r\n\r\n'
431 huge-header b'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ' + b'a' * 200000 + b'\r\n\r\n'
400 header-without-colon b'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nno colon here\r\n\r\n'
400 bad-chunk b'POST /submit HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nabc\r\n0\r\n\r\n'
413 huge-content-length b'POST /submit HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 99999999999\r\n\r\n'
413 big-chunked-body b'POST /submit HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n' + (b'4000\r\n' + b'a' * 16384 + b'\r\n') * 2 + b'0\r\n\r\n'
505 http-2 b'GET / HTTP/2.0\r\nHost: 127.0.0.1\r\n\r\n'
405 brew b'BREW / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'
400 bad-utf8-path b'GET /r/\xff\xfe HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'
200 plain b'GET /api/repos?per=1 HTTP/1.1\r\nHost: 127.0.0.1:PORT\r\nConnection: close\r\n\r\n'
EOF
while read -r name want got secs; do
  if [ "$got" = "$want" ] && awk -v s="$secs" 'BEGIN { exit !(s < 2) }'; then ok "$name -> $got in $secs s"
  else bad "$name -> $got in $secs s (want $want at once)"; fi
done <"$T/raw"
[ "$(wc -l <"$T/raw")" = 19 ] || bad "raw client: $(cat "$T/raw")"

# --- CSRF, Origin, Host (curl)
form() { # form JAR: GET /submit into JAR, print the form's token
  curl -s -c "$1" "$base/submit" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1
}
cookie_of() { awk '$6 == "sw_csrf" { print $7 }' "$1"; }
post() { # post COOKIE TOKEN REPO [CURL ARGS...]: print the status
  local c=$1 t=$2 repo=$3; shift 3
  curl -s -o /dev/null -w '%{http_code}' -H "Cookie: sw_csrf=$c" --data "csrf=$t&repo=$repo" "$@" "$base/submit"
}
ta=$(form "$T/a"); tb=$(form "$T/b")
ca=$(cookie_of "$T/a"); cb=$(cookie_of "$T/b")
[ -n "$ta" ] && [ "$ta" != "$tb" ] && [ "$ca" != "$cb" ] && [ "$ca" != "$ta" ] \
  && ok "two clients at once get their own cookie and token" || bad "tokens: a=$ta/$ca b=$tb/$cb"
[ "$(post "$ta" "$ta" x1/cookie-is-token)" = 403 ] && ok "a cookie set to a valid token: 403" || bad "cookie = token passed"
[ "$(post "$cb" "$ta" x2/other-clients-token)" = 403 ] && ok "another client's token: 403" || bad "other token passed"
[ "$(post "$ca" "$ta" x3/evil-origin -H 'Origin: http://evil.example')" = 403 ] \
  && ok "POST with a foreign Origin: 403" || bad "foreign Origin passed"
[ "$(post "$ca" "$ta" x4/evil-referer -H 'Referer: http://evil.example/page')" = 403 ] \
  && ok "POST with a foreign Referer: 403" || bad "foreign Referer passed"
[ "$(post "$ca" "$ta" x5/null-origin -H 'Origin: null')" = 403 ] && ok "POST with Origin: null: 403" || bad "Origin null passed"
[ "$(post "$ca" "$ta" x6/own-origin -H "Origin: $base")" = 303 ] && ok "POST from the site itself: 303" || bad "own Origin refused"
[ "$(post "$ca" "$ta" x7/localhost -H "Origin: http://localhost:$PORT" -H "Host: localhost:$PORT")" = 303 ] \
  && ok "POST via localhost: 303" || bad "localhost refused"
n=$(sqlite3 "$T/db" "SELECT group_concat(r.owner, ' ') FROM submissions s JOIN repos r ON r.id = s.repo_id")
[ "$n" = "x6 x7" ] && ok "only the two good submissions stored" || bad "submissions stored: $n"

# --- while another process holds the write lock: pages served, a submission 503
mkfifo "$T/go"
{ printf 'BEGIN IMMEDIATE;\nINSERT INTO schema_version VALUES ("lock-holder", 1);\n'; cat "$T/go"; printf 'ROLLBACK;\n'; } \
  | sqlite3 "$T/db" &
holder=$!
exec 3>"$T/go"
sleep 0.5
for path in / "/api/repos?per=5" /r/jmorganca/ollama /report; do
  r=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' "$base$path")
  [ "${r% *}" = 200 ] && awk -v s="${r#* }" 'BEGIN { exit !(s < 1) }' && ok "GET $path under a held lock: $r" \
    || bad "GET $path under a held lock: $r"
done
t=$(form "$T/c"); c=$(cookie_of "$T/c")
r=$(curl -s -o "$T/body" -w '%{http_code} %{time_total}' -H "Cookie: sw_csrf=$c" --data "csrf=$t&repo=x8/locked" "$base/submit")
[ "${r% *}" = 503 ] && grep -q "store is busy" "$T/body" && awk -v s="${r#* }" 'BEGIN { exit !(s < 3) }' \
  && ok "a submission under a held lock: $r, store is busy" || bad "a submission under a held lock: $r"
exec 3>&-
wait "$holder"; holder=
[ "$(post "$c" "$t" x9/after-lock)" = 303 ] && ok "the same submission once the lock is gone: 303" || bad "after the lock"
serve_stop

# --- admin tokens: a 0600 file or the environment, at least 16 characters
starts() { # starts ENV... -- ARGS...: 0 if serve is still running after 2 s
  local envs=(); while [ "$1" != -- ]; do envs+=("$1"); shift; done; shift
  env "${envs[@]}" timeout 2 "$SW" --db "$T/db" serve --listen 127.0.0.1:0 "$@" 2>"$T/err"
  local rc=$?; [ $rc = 124 ] && return 0; echo "exit $rc: $(cat "$T/err")"; return 1
}
printf 'a-long-enough-admin-token\n' >"$T/tok"; chmod 644 "$T/tok"
r=$(starts -- --admin-token-file "$T/tok") ; grep -q "chmod 600" <<<"$r" && ok "token file 0644 refused: $r" || bad "0644 token file: ${r:-started}"
chmod 600 "$T/tok"
starts -- --admin-token-file "$T/tok" >/dev/null && ok "token file 0600 accepted" || bad "0600 token file refused"
printf '0123456789abcde\n' >"$T/tok15"; chmod 600 "$T/tok15"
r=$(starts -- --admin-token-file "$T/tok15"); grep -q "exit 2.*at least 16" <<<"$r" && ok "15 characters refused: $r" || bad "15-character file token: ${r:-started}"
r=$(starts STACKWATCH_ADMIN_TOKEN=a --); grep -q "exit 2.*STACKWATCH_ADMIN_TOKEN.*at least 16" <<<"$r" \
  && ok "STACKWATCH_ADMIN_TOKEN=a refused: $r" || bad "STACKWATCH_ADMIN_TOKEN=a: ${r:-started}"
starts STACKWATCH_ADMIN_TOKEN=0123456789abcdef -- >/dev/null && ok "16-character token accepted" || bad "16 characters refused"

# --- a server error: the detail in the log, not in the page
cp "$T/db" "$T/private-name.db"
serve "$T/private-name.db"
curl -s -o /dev/null "http://127.0.0.1:$PORT/"
printf 'not a database any more, not at all' >"$T/private-name.db"
r=$(curl -s -o "$T/body" -w '%{http_code}' "http://127.0.0.1:$PORT/report")
[ "$r" = 500 ] && grep -q "its log says why" "$T/body" && ! grep -q -i -e private-name -e malformed -e sqlite "$T/body" \
  && ok "500: a fixed sentence, no file name or SQLite words" || bad "500 page ($r): $(grep -o 'id="error">[^<]*' "$T/body")"
grep -q "warning: 500 /report: .*private-name" "$T/private-name.db.serve.err" \
  && ok "500: the detail is in the server's log" || bad "500 log: $(cat "$T/private-name.db.serve.err")"
serve_stop
exit $fail
