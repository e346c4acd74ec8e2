#!/usr/bin/env bash
# github_fake_curated.sh SW SHARED: the real curated list (680 repos, real
# names) imported, then one update pass against a fake GitHub serving those
# names: every repo is found by name through aliased GraphQL queries (100 a
# query), its stored stars/forks are the served ones, the new snapshot
# extends the imported series, and star_1d (the store's gain rule, the view
# snapshot_view) comes from that series. Then
# READMEs for all of them, and `classify --evaluate` on the store reads
# topics and READMEs (the way to measure the classifier with those inputs).
set -uo pipefail
SW=$1; SHARED=$2
. "$(dirname "$0")/../fake-github/lib.sh"
fake_deps
CSV=$SHARED/llama-police-2024-11-05.csv
[ -r "$CSV" ] || { echo "SKIP: $CSV missing"; exit 77; }
T=$(mktemp -d); DB=$T/db
trap 'fake_stop; rm -rf "$T"' EXIT
export NO_COLOR=1 SW_NO_PROGRESS=1 GITHUB_TOKEN=curated-token
fake_start FAKE_REPOS_CSV="$CSV" FAKE_TOKEN=curated-token
"$SW" import --db "$DB" "$CSV" >/dev/null 2>&1
check "import the real list" test $? = 0
STACKWATCH_NOW=2024-11-06T00:00:00Z "$SW" update --db "$DB" --readmes 0 --contributors 0 --format csv >"$T/up.csv" 2>"$T/up.err"
check "update over the real names: exit 0" test $? = 0
fake_admin repos >"$T/served.json"
python3 - "$CSV" "$T/served.json" "$DB" "$(fake_stat graphql)" "$(fake_stat rest)" <<'PY' && ok "all real repos found by name; stars/forks as served; star_1d from the imported snapshot" || bad "curated pass"
import csv, json, sqlite3, sys, math
rows = [r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"))]
served = {r["full_name"].lower(): r for r in json.load(open(sys.argv[2]))}
db = sqlite3.connect(sys.argv[3])
n = len(rows)
assert n == 680, n
assert int(sys.argv[4]) == math.ceil(n / 100), sys.argv[4]       # 100 names per query
assert int(sys.argv[5]) == 0, sys.argv[5]                         # no REST lookups needed
new = db.execute("select strftime('%s','2024-11-06')").fetchone()[0]
got = {}
for name, stars, forks, s1, src in db.execute("""select r.owner||'/'||r.name, s.stars, s.forks, s.star_1d, s.source
    from repos r join snapshot_view s on s.repo_id=r.id where s.taken_at=?""", (new,)):
    got[name.lower()] = (stars, forks, s1, src)
assert len(got) == n, len(got)
for i, r in enumerate(rows):
    k = r["repo"].lower()
    stars, forks, s1, src = got[k]
    assert src == "github"
    assert stars == int(r["stars"]) + i % 7 == served[k]["stars"], k
    assert forks == int(r["forks"]), k
    assert s1 == i % 7, (k, s1)   # gain since the imported 2024-11-05 snapshot
PY
# The path to measuring the classifier with READMEs and topics: fetch them
# for the curated repos, then cross-validate on the store's curated labels.
STACKWATCH_NOW=2024-11-06T06:00:00Z "$SW" update --db "$DB" --readmes all --contributors 0 --format csv >"$T/upr.csv" 2>"$T/upr.err"
check "update --readmes all over the real names: exit 0" test $? = 0
"$SW" classify --db "$DB" --evaluate --folds 5 --format csv >"$T/ev.csv" 2>"$T/ev.err"
check "evaluate on the store: exit 0" test $? = 0
python3 - "$T/ev.csv" <<'PY' && ok "store evaluation uses topics and READMEs of all 680 curated repos" || bad "store evaluation inputs"
import sys
m = dict(l.strip().split(",", 1) for l in open(sys.argv[1]) if l.count(",") == 1)
assert m["repos"] == "680", m
assert m["repos_with_topics"] == "680", m
# the fake has no README for every 11th repo
assert 600 <= int(m["repos_with_readme"]) < 680, m
assert 0.3 < float(m["layer_accuracy"]) <= 1, m
PY
grep -rqa curated-token "$T"/*.csv "$T"/*.err "$DB" && bad "token leaked" || ok "token absent"
# sanitizer reports (ASan/UBSan builds) anywhere in the output fail the test
grep -lE "runtime error|Sanitizer" "$T"/*.err 2>/dev/null && bad "sanitizer report in output" || ok "no sanitizer report"
[ $FAILS = 0 ] || { echo "$FAILS failure(s)"; exit 1; }
