# lib.sh: shell helpers for the tests that drive stackwatch against the fake
# GitHub server (sourced by tests/scripts/github_*.sh).
FAKE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FAKE_PID=

# Exit 77 (skipped) when node/npm or the npm packages are unavailable.
fake_deps() {
  command -v node >/dev/null && command -v npm >/dev/null || { echo "SKIP: node/npm not installed"; exit 77; }
  command -v python3 >/dev/null || { echo "SKIP: python3 not installed"; exit 77; }
  # ctest runs several of these scripts at once: one installs while the
  # others wait on the lock (else they see a half-written node_modules).
  (
    flock 9
    if [ ! -d "$FAKE_DIR/node_modules/graphql" ] || [ ! -d "$FAKE_DIR/node_modules/@octokit/openapi" ] ||
       [ ! -d "$FAKE_DIR/node_modules/@octokit/graphql-schema" ]; then
      cd "$FAKE_DIR" && npm ci --no-audit --no-fund >/dev/null 2>&1
    fi
  ) 9>"$FAKE_DIR/.npm-install.lock" || { echo "SKIP: npm ci failed (no registry?)"; exit 77; }
}

# fake_start [ENV=VAL...]: start the server, set FAKE_PORT and FAKE_URL.
fake_start() {
  fake_stop
  local out; out=$(mktemp)
  env "$@" node "$FAKE_DIR/server.js" >"$out" 2>"$out.err" &
  FAKE_PID=$!
  for _ in $(seq 1 200); do
    FAKE_PORT=$(head -1 "$out" 2>/dev/null)
    [ -n "$FAKE_PORT" ] && break
    kill -0 $FAKE_PID 2>/dev/null || { cat "$out.err"; echo "fake server died"; exit 1; }
    sleep 0.1
  done
  [ -n "$FAKE_PORT" ] || { echo "fake server did not start"; exit 1; }
  FAKE_URL=http://127.0.0.1:$FAKE_PORT
  export STACKWATCH_GITHUB_API=$FAKE_URL
}
fake_stop() {
  if [ -n "$FAKE_PID" ]; then kill "$FAKE_PID" 2>/dev/null; wait "$FAKE_PID" 2>/dev/null; FAKE_PID=; fi
}
# fake_admin PATH [JSON]
fake_admin() {
  if [ $# -gt 1 ]; then curl -sf -X POST -H 'content-type: application/json' -d "$2" "$FAKE_URL/_admin/$1"
  else curl -sf "$FAKE_URL/_admin/$1"; fi
}
# stat NAME: one counter from /_admin/stats
fake_stat() { fake_admin stats | python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }

FAILS=0
ok()   { echo "ok   - $*"; }
bad()  { echo "FAIL - $*"; FAILS=$((FAILS+1)); }
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }
