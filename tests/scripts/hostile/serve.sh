# serve.sh: sourced by tests/scripts/web_hostile_*.sh. serve DB ARGS...:
# start `stackwatch serve` on a free loopback port; sets SERVE_PID and PORT
# (stops the script if it does not start). serve_stop: SIGTERM, wait.
SERVE_PID=
PORT=
serve() {
  local db=$1; shift
  "$SW" --db "$db" serve --listen 127.0.0.1:0 "$@" 2>"$db.serve.err" &
  SERVE_PID=$!
  PORT=
  for _ in $(seq 1 200); do
    PORT=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$db.serve.err")
    [ -n "$PORT" ] && return 0
    kill -0 "$SERVE_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "FAIL: serve did not start"; cat "$db.serve.err"; exit 1
}
serve_stop() {
  [ -n "$SERVE_PID" ] || return 0
  kill -TERM "$SERVE_PID" 2>/dev/null; wait "$SERVE_PID" 2>/dev/null
  SERVE_PID=
}
