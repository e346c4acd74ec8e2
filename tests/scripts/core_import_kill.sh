#!/usr/bin/env bash
# import_kill.sh SW SHARED: an import killed with SIGKILL at any moment leaves
# the store as it was before the import; rerunning it finishes the job.
set -euo pipefail
SW=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
command -v python3 >/dev/null || exit 77
command -v sqlite3 >/dev/null || exit 77
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
python3 "$root/bench/gen_snapshot.py" 60000 "$t/big.csv" 7
printf 'repo,stars,updated_at\nkeep/me,5,2024-01-01\n' >"$t/small.csv"
"$SW" --db "$t/db" import "$t/small.csv" 2>/dev/null
digest() { sqlite3 "$t/db" "SELECT COUNT(*), COALESCE(SUM(stars),0) FROM snapshots; SELECT COUNT(*) FROM repos; PRAGMA integrity_check;" | tr '\n' ' '; }
before=$(digest)
for delay in 0.05 0.2 0.4; do
  "$SW" --db "$t/db" import "$t/big.csv" 2>/dev/null & pid=$!
  sleep "$delay"; kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  now=$(digest)
  if [ "$now" != "$before" ]; then
    # The import may have finished before the kill: then it must be complete.
    rows=$(sqlite3 "$t/db" "SELECT COUNT(*) FROM snapshots")
    [ "$rows" = 60001 ] || { echo "FAIL: after kill at ${delay}s: '$now' (was '$before')"; exit 1; }
    echo "import finished before the kill at ${delay}s"; break
  fi
  echo "killed at ${delay}s: store unchanged ($now)"
done
"$SW" --db "$t/db" import "$t/big.csv" 2>/dev/null
rows=$(sqlite3 "$t/db" "SELECT COUNT(*) FROM snapshots")
[ "$rows" = 60001 ] || { echo "FAIL: rerun left $rows snapshots, want 60001"; exit 1; }
[ "$(sqlite3 "$t/db" 'PRAGMA integrity_check')" = ok ] || { echo "FAIL: integrity"; exit 1; }
echo "1 passed, 0 failed"
