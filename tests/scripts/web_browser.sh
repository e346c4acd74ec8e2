#!/usr/bin/env bash
# web_browser.sh STACKWATCH SHARED: starts `stackwatch serve` on a free
# loopback port over the real curated snapshots and the Epoch AI benchmark
# files and drives headless Chromium (playwright-core,
# tests/web/browser.spec.js): sort, filter, repo page, submit, models, API,
# then every page at 390 and 1400 px, light and dark. Screenshots (CI
# artifacts, never committed) go to $SW_SCREENSHOTS or <build>/screenshots.
# Exit 77 (skipped) when chromium, node or the data are missing.
set -uo pipefail
SW=$1; SHARED=$2
here=$(cd "$(dirname "$0")/../web" && pwd)
[ -x /usr/bin/chromium ] || { echo "skip: no /usr/bin/chromium"; exit 77; }
command -v node >/dev/null || { echo "skip: no node"; exit 77; }
[ -f "$SHARED/llama-police-2024-11-05.csv" ] || { echo "skip: no shared data"; exit 77; }
if [ ! -d "$here/node_modules/playwright-core" ]; then
  (cd "$here" && npm ci --no-audit --no-fund >/dev/null 2>&1) || { echo "skip: npm ci failed (offline?)"; exit 77; }
fi
T=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
export NO_COLOR=1
"$SW" --db "$T/db" import "$SHARED/llama-police-2024-09-30.json" "$SHARED/llama-police-2024-11-05.csv" 2>"$T/import.err" \
  || { cat "$T/import.err"; exit 1; }
"$SW" --db "$T/db" models import "$SHARED/models/epoch-hub-gpqa_diamond.csv" \
  "$SHARED/models/epoch-hub-epoch_capabilities_index.csv" 2>"$T/import.err" || { cat "$T/import.err"; exit 1; }
export SW_TEST_ADMIN_TOKEN=browser-test-admin-token
STACKWATCH_ADMIN_TOKEN=$SW_TEST_ADMIN_TOKEN "$SW" --db "$T/db" serve --listen 127.0.0.1:0 2>"$T/serve.err" &
pid=$!
port=
for _ in $(seq 1 100); do
  port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$T/serve.err")
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "server did not start"; cat "$T/serve.err"; exit 1; }
shots=${SW_SCREENSHOTS:-$(dirname "$SW")/screenshots}
timeout 300 node "$here/browser.spec.js" "http://127.0.0.1:$port" "$shots"
rc=$?
kill -0 "$pid" 2>/dev/null || { echo "server died"; cat "$T/serve.err"; exit 1; }
exit $rc
