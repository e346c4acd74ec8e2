#!/usr/bin/env bash
# gharchive_real.sh SW SHARED: real GH Archive events (the shared 2021
# sample, 800 events in the archive's own field order and payloads, read in
# place) against the independent Python reading (gharchive_series.py:
# zlib + json.loads, the rules written separately):
#   - scan --all-repos: every column of every repo-day, and the newest name
#     of every repo seen on any kind of event (not only the exported ones);
#   - the same hour gzipped, and scanned with --strict: the same series;
#   - a rename seen only on a real IssueCommentEvent an hour later (the
#     2021 shape, not a toy line): the repo is exported under its new name;
#   - tracked mode: only the tracked repos' rows, equal to the reference's.
set -euo pipefail
SW=$1; SHARED=$2
command -v python3 >/dev/null || { echo "python3 missing: skipped"; exit 77; }
here=$(cd "$(dirname "$0")" && pwd)
REAL=$SHARED/gharchive-real/2021-07-21-6.json
[ -r "$REAL" ] || { echo "$REAL missing: skipped"; exit 77; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export SW_NO_PROGRESS=1
ref() { python3 "$here/gharchive_series.py" "$@"; }
# repo_id,name of every repo the store holds a name for.
names_of() { python3 -c "import sqlite3,sys
for r in sqlite3.connect(sys.argv[1]).execute('SELECT repo_id, name FROM gha_repos ORDER BY repo_id'): print(f'{r[0]},{r[1]}')" "$1"; }
fail=0
check() { # what ref ours
  if ! cmp -s "$2" "$3"; then echo "FAIL: $1"; diff -u "$2" "$3" | head -20; fail=1; fi
}

"$SW" --db "$T/all.db" gharchive scan --all-repos "$REAL" 2>"$T/scan.err" || { cat "$T/scan.err"; exit 1; }
grep -q '800 events' "$T/scan.err" || { echo "FAIL: not 800 events"; cat "$T/scan.err"; fail=1; }
"$SW" --db "$T/all.db" export series --format csv >"$T/ours.csv"
ref json "$REAL" >"$T/ref.csv"
check "export differs from the json.loads reference" "$T/ref.csv" "$T/ours.csv"
rows=$(($(wc -l <"$T/ours.csv") - 1))
[ "$rows" -gt 400 ] || { echo "FAIL: only $rows series rows"; fail=1; }
names_of "$T/all.db" >"$T/names.csv"
ref names "$REAL" >"$T/ref_names.csv"
check "repo names differ (every event kind)" "$T/ref_names.csv" "$T/names.csv"
[ "$(wc -l <"$T/names.csv")" -gt "$(cut -d, -f1 "$T/ours.csv" | sort -u | wc -l)" ] ||
  { echo "FAIL: names only of exported repos"; fail=1; }

# The same hour gzipped, and --strict: the same series.
gzip -c "$REAL" >"$T/2021-07-21-6.json.gz"
"$SW" --db "$T/gz.db" gharchive scan --all-repos "$T/2021-07-21-6.json.gz" 2>/dev/null
"$SW" --db "$T/gz.db" export series --format csv >"$T/gz.csv"
check "gzipped hour differs" "$T/ref.csv" "$T/gz.csv"
"$SW" --db "$T/strict.db" gharchive scan --all-repos --strict "$REAL" 2>/dev/null
"$SW" --db "$T/strict.db" export series --format csv >"$T/strict.csv"
check "--strict scan differs" "$T/ref.csv" "$T/strict.csv"

# A rename seen only on a comment an hour later: a real IssueCommentEvent
# moved to another repo of the sample that has counted events, renamed.
python3 - "$REAL" "$T/2021-07-21-10.json" <<'PY'
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
evs = [json.loads(l) for l in lines]
target = next(e for e in evs if e["type"] == "WatchEvent")["repo"]
c = next(e for e in evs if e["type"] == "IssueCommentEvent")
c["id"] = "99" + c["id"]
c["repo"]["id"] = target["id"]
c["repo"]["name"] = "renamed-owner/" + target["name"].split("/")[1] + "-next"
c["created_at"] = "2021-07-21T10:00:00Z"
open(sys.argv[2], "w", encoding="utf-8").write(json.dumps(c, ensure_ascii=False, separators=(",", ":")) + "\n")
print(c["repo"]["name"], file=open(sys.argv[2] + ".name", "w"))
PY
newname=$(cat "$T/2021-07-21-10.json.name")
"$SW" --db "$T/ren.db" gharchive scan --all-repos "$REAL" "$T/2021-07-21-10.json" 2>/dev/null
"$SW" --db "$T/ren.db" export series --format csv >"$T/ren.csv"
ref json "$REAL" "$T/2021-07-21-10.json" >"$T/ref_ren.csv"
check "rename on a comment: export differs" "$T/ref_ren.csv" "$T/ren.csv"
grep -q "^$newname," "$T/ren.csv" || { echo "FAIL: the new name $newname is not exported"; fail=1; }

# Tracked mode: two repos of the sample tracked by name; their rows only.
python3 - "$REAL" >"$T/tracked.csv" <<'PY'
import json, sys
from collections import Counter
c = Counter(json.loads(l)["repo"]["name"] for l in open(sys.argv[1], encoding="utf-8")
            if json.loads(l)["type"] in ("PushEvent", "WatchEvent", "PullRequestEvent"))
print("repo")
for name, _ in c.most_common(2):
    print(name)
PY
"$SW" --db "$T/tr.db" import --taken-at 2021-07-20 "$T/tracked.csv" >/dev/null 2>&1
"$SW" --db "$T/tr.db" gharchive scan "$REAL" 2>/dev/null
"$SW" --db "$T/tr.db" export series --format csv >"$T/tr_ours.csv"
awk -F, 'NR == FNR { if (FNR > 1) t[$0] = 1; next } FNR == 1 || ($1 in t)' "$T/tracked.csv" "$T/ref.csv" >"$T/tr_ref.csv"
check "tracked scan differs from the reference's rows of the tracked repos" "$T/tr_ref.csv" "$T/tr_ours.csv"
[ "$(wc -l <"$T/tr_ours.csv")" -gt 1 ] || { echo "FAIL: tracked scan kept nothing"; fail=1; }

[ $fail = 0 ] && echo "ok: $rows series rows and $(wc -l <"$T/names.csv") names of real 2021 events match the reference"
exit $fail
