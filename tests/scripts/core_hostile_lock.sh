#!/usr/bin/env bash
# core_hostile_lock.sh STACKWATCH SHARED: another process holds the store's
# write lock (sqlite3, BEGIN IMMEDIATE) for longer than the busy timeout.
# Every writing command waits, then exits 5 with "store is busy: rerun
# later" (once it was exit 1, "database is locked") and changes nothing;
# readers are served at once (WAL); once the lock is gone the rerun works.
set -uo pipefail
SW=$1; SHARED=$2
command -v sqlite3 >/dev/null || { echo "skip: no sqlite3"; exit 77; }
[ -f "$SHARED/llama-police-2024-11-05.csv" ] || { echo "skip: no shared data"; exit 77; }
T=$(mktemp -d)
holder=
cleanup() { [ -n "$holder" ] && kill "$holder" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
export NO_COLOR=1 SW_NO_PROGRESS=1
fail=0
db=$T/db
"$SW" --db "$db" import "$SHARED/llama-police-2024-11-05.csv" 2>/dev/null || { echo "FAIL: setup import"; exit 1; }
root=$(cd "$(dirname "$0")/../.." && pwd)

# The holder: a write transaction kept open until the fifo says stop.
mkfifo "$T/go"
{ printf 'BEGIN IMMEDIATE;\nINSERT INTO schema_version VALUES ("lock-holder", 1);\n'; cat "$T/go"; printf 'ROLLBACK;\n'; } \
  | sqlite3 "$db" &
holder=$!
exec 3>"$T/go" # keeps the holder's input open
sleep 0.5
sqlite3 "$db" .dump >"$T/before" 2>/dev/null

busy() { # busy NAME ARGS...: exit 5 and the one message (after the 5 s wait,
  # and whatever the command does before it writes: under ASan on a loaded
  # machine classify trains for a while), not a hang
  local name=$1; shift
  local t0=$SECONDS
  "$SW" --db "$db" "$@" >/dev/null 2>"$T/err"; local rc=$?
  if [ "$rc" = 5 ] && grep -q "store is busy: rerun later" "$T/err" && [ $((SECONDS - t0)) -le 120 ]; then
    echo "ok   $name under a held lock -> exit 5"
  else
    echo "FAIL: $name under a held lock -> exit $rc after $((SECONDS - t0)) s:"; cat "$T/err"; fail=1
  fi
}
busy import import "$SHARED/llama-police-2024-09-30.json"
busy classify classify
busy "models import" models import "$SHARED/models/epoch-hub-gpqa_diamond.csv"
busy "taxonomy load" taxonomy load "$root/data/taxonomy.tsv"
# The optional subsystems' writers, when this build has them.
if "$SW" gharchive scan --help >/dev/null 2>&1 && [ -f "$SHARED/gharchive-real/2021-07-21-6.json" ]; then
  busy "gharchive scan" gharchive scan --all-repos "$SHARED/gharchive-real/2021-07-21-6.json"
fi
if "$SW" submit --help >/dev/null 2>&1; then
  busy submit submit --layer Applications some-owner/some-repo
fi

# Readers do not wait for the writer.
for cmd in "list --limit 5" "show jmorganca/ollama" "report --format json"; do
  t0=$(date +%s%N)
  # shellcheck disable=SC2086
  if "$SW" --db "$db" $cmd >/dev/null 2>"$T/err"; then
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    [ "$ms" -lt 2000 ] && echo "ok   $cmd under a held lock: ${ms} ms" || { echo "FAIL: $cmd took ${ms} ms"; fail=1; }
  else
    echo "FAIL: $cmd under a held lock:"; cat "$T/err"; fail=1
  fi
done

exec 3>&-
wait "$holder"; holder=
sqlite3 "$db" .dump | cmp -s - "$T/before" && echo "ok   the store is as it was" || { echo "FAIL: the store changed"; fail=1; }
"$SW" --db "$db" import "$SHARED/llama-police-2024-09-30.json" 2>"$T/err" \
  && echo "ok   rerun after the lock: imported" || { echo "FAIL: rerun"; cat "$T/err"; fail=1; }
exit $fail
