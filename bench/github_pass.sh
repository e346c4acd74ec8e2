#!/usr/bin/env bash
# github_pass.sh [SW] [N]: discovery + one update pass against the fake GitHub
# with N synthetic repos (default 24,000, of which ~20,250 match the default
# keywords with >= 500 stars). Prints repos, wall time, peak RSS, requests and
# GraphQL points for each step. Numbers are for the loopback fake: against
# api.github.com the pass is dominated by GitHub's per-query latency
# (~1-3 s per 100-repo GraphQL query, i.e. ~5-10 min for 20,000 repos).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
SW=${1:-$root/build/stackwatch}
N=${2:-24000}
. "$root/tests/fake-github/lib.sh"
fake_deps
T=$(mktemp -d); trap 'fake_stop; rm -rf "$T"' EXIT
export GITHUB_TOKEN=bench-token NO_COLOR=1
fake_start FAKE_REPOS=$N FAKE_TOKEN=bench-token
measure() { # measure LABEL CMD...
  local label=$1; shift
  fake_admin reset-stats >/dev/null
  /usr/bin/time -f "%e %M" -o "$T/time" "$@" >"$T/out" 2>"$T/err" || { cat "$T/err"; exit 1; }
  read -r secs kb <"$T/time"
  local st; st=$(fake_admin stats)
  python3 - "$label" "$secs" "$kb" "$st" "$T/db" <<'PY'
import json, sqlite3, sys
label, secs, kb, st, db = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), json.loads(sys.argv[4]), sys.argv[5]
n = sqlite3.connect(db).execute("select count(*) from repos").fetchone()[0]
print(f"{label:<10} repos={n} wall={secs:.1f}s peak_rss={kb/1024:.0f}MiB requests={st['requests']} "
      f"search={st['search']} graphql={st['graphql']} rest={st['rest']} points={st['graphql_points']} 304s={st['not_modified']}")
PY
}
measure discover "$SW" discover --db "$T/db"
measure update "$SW" update --db "$T/db" --contributors 0 --readmes 0
measure update+c "$SW" update --db "$T/db" --contributors 1000 --readmes 0
measure update+r "$SW" update --db "$T/db" --contributors 0 --readmes 1000
echo "db size $(du -k "$T/db" | cut -f1) KiB"
