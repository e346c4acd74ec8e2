#!/usr/bin/env bash
# github_fake_20k.sh SW SHARED: discovery + update against the fake GitHub
# with 24,000 repos (over 20,000 of them match and are tracked): every repo found (incl. a slice of > 1,000 repos with one
# star count, split by creation date), a pass under 2,000 GraphQL points,
# stored figures == served figures, SIGKILL mid-pass then rerun leaves no
# duplicate and no missing snapshot, and the token never leaks.
set -uo pipefail
SW=$1
. "$(dirname "$0")/../fake-github/lib.sh"
fake_deps
T=$(mktemp -d); DB=$T/db
trap 'fake_stop; rm -rf "$T"' EXIT
export NO_COLOR=1 SW_NO_PROGRESS=1
TOKEN=ghp_fake20kTOKENshouldNEVERleak0123456789
export GITHUB_TOKEN=$TOKEN
fake_start FAKE_REPOS=24000 FAKE_TOKEN=$TOKEN

# ---- discovery
"$SW" discover --db "$DB" --format json >"$T/disc.json" 2>"$T/disc.err"
check "discover exits 0" test $? = 0
fake_admin repos >"$T/served.json"
python3 - "$T/served.json" "$DB" "$T/disc.json" <<'PY' && ok "discovery found exactly the matching repos" || bad "discovery set differs"
import json, sqlite3, sys
served = json.load(open(sys.argv[1]))
# independent rule: >= 500 stars and a keyword (gpt / llm / generative ai) among the topics
want = {r["full_name"] for r in served if r["stars"] >= 500 and not r["deleted"]
        and any(t in ("gpt", "llm", "generative-ai") for t in r["topics"].split(","))}
db = sqlite3.connect(sys.argv[2])
got = {o + "/" + n for o, n in db.execute("select owner, name from repos")}
disc = json.load(open(sys.argv[3]))
row = disc[0] if isinstance(disc, list) else list(disc.values())[0][0]
print("want", len(want), "got", len(got), "report", row)
# the > 1,000 slice: gpt repos at exactly 500 stars
clump = {r["full_name"] for r in served if r["stars"] == 500 and "gpt" in r["topics"]}
assert len(clump) > 1000, len(clump)
assert clump <= got
assert want == got, (len(want - got), len(got - want))
assert int(row["found"]) == len(want) and int(row["new"]) == len(want) and int(row["incomplete_slices"]) == 0
forks = sum(1 for r in served if r["full_name"] in want and r["fork"])
assert db.execute("select count(*) from repos where is_fork=1").fetchone()[0] == forks and forks > 0
assert db.execute("select count(*) from classifications").fetchone()[0] == 0  # unclassified candidates
PY
grep -q "incomplete slice" "$T/disc.err" && bad "no incomplete slice expected" || ok "no incomplete slice reported"

# ---- one full pass
fake_admin reset-stats >/dev/null
start=$(date +%s.%N)
STACKWATCH_NOW=2027-01-01T00:00:00Z "$SW" update --db "$DB" --readmes 0 --contributors 0 --format json >"$T/up1.json" 2>"$T/up1.err"
rc=$?; end=$(date +%s.%N)
check "update exits 0" test $rc = 0
echo "# pass over $(python3 -c "import sqlite3;print(sqlite3.connect('$DB').execute('select count(*) from repos').fetchone()[0])") repos took $(python3 -c "print(round($end-$start,1))") s"
points=$(fake_stat graphql_points); gql=$(fake_stat graphql)
echo "# GraphQL points $points over $gql queries"
n=$(python3 -c "import sqlite3;print(sqlite3.connect('$DB').execute('select count(*) from repos').fetchone()[0])")
check "pass over $n (>= 20,000) repos" test "$n" -ge 20000
check "pass costs < 2,000 points ($points)" test "$points" -lt 2000
python3 - "$T/served.json" "$DB" "$gql" <<'PY' && ok "stored figures == served figures; one query per 100 repos" || bad "stored figures differ"
import json, sqlite3, sys, math
served = {r["full_name"]: r for r in json.load(open(sys.argv[1]))}
db = sqlite3.connect(sys.argv[2])
rows = db.execute("""select r.owner||'/'||r.name, s.stars, s.forks, s.open_issues, s.watchers, s.downloads,
  r.language, r.license, r.topics, r.owner_type, r.archived, r.is_fork, r.country, r.github_id
  from repos r join snapshots s on s.repo_id=r.id where s.taken_at=strftime('%s','2027-01-01T00:00:00')""").fetchall()
n = db.execute("select count(*) from repos").fetchone()[0]
assert len(rows) == n, (len(rows), n)
assert int(sys.argv[3]) == math.ceil(n / 100), (sys.argv[3], n)
gaz = {"San Francisco, CA": "United States", "Beijing, China": "China", "Berlin": "Germany", "東京": "Japan",
       "London, UK": "United Kingdom", "Bangalore, India": "India", "Paris, France": "France"}
for name, st, fk, iss, wat, dl, lang, lic, top, ot, arch, fork, country, gid in rows:
    s = served[name]
    assert (st, fk, iss, wat, dl) == (s["stars"], s["forks"], s["issues"], s["watchers"], s["downloads"]), name
    assert lang == s["language"] and lic == s["license"] and top == s["topics"], name
    assert ot == s["owner_type"].lower() and arch == int(s["archived"]) and fork == int(s["fork"]), name
    assert country == gaz.get(s["location"]), (name, s["location"], country)
    assert gid == s["id"]
PY

# ---- SIGKILL mid-pass, then rerun: no duplicate, no missing snapshot
fake_admin tick '{"stars": 3}' >/dev/null
fake_admin fault '{"kind": "slow", "match": "/graphql", "delay_ms": 300, "count": 100000}' >/dev/null
STACKWATCH_NOW=2027-01-02T00:00:00Z "$SW" update --db "$DB" --readmes 0 --contributors 0 >"$T/up2.out" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  n=$(python3 -c "import sqlite3;print(sqlite3.connect('file:$DB?mode=ro',uri=True,timeout=5).execute(\"select count(*) from snapshots where taken_at=strftime('%s','2027-01-02T00:00:00')\").fetchone()[0])" 2>/dev/null || echo 0)
  [ "${n:-0}" -ge 1500 ] && break
  sleep 0.2
done
kill -9 $pid; wait $pid 2>/dev/null
partial=$(python3 -c "import sqlite3;print(sqlite3.connect('$DB').execute(\"select count(*) from snapshots where taken_at=strftime('%s','2027-01-02T00:00:00')\").fetchone()[0])")
echo "# killed with $partial snapshots written"
check "kill happened mid-pass" python3 -c "import sqlite3,sys; n=sqlite3.connect('$DB').execute('select count(*) from repos').fetchone()[0]; sys.exit(0 if 0 < $partial < n else 1)"
check "partial pass wrote whole batches" test $((partial % 100)) = 0
fake_admin clear-faults >/dev/null
fake_admin repos >"$T/served2.json"
STACKWATCH_NOW=2027-01-02T01:00:00Z "$SW" update --db "$DB" --readmes 0 --contributors 0 --format csv >"$T/up3.csv" 2>"$T/up3.err"
check "rerun exits 0" test $? = 0
check "rerun resumed the killed pass" grep -q "2027-01-02T00:00:00Z,yes" "$T/up3.csv"
python3 - "$T/served2.json" "$DB" <<'PY' && ok "after kill + rerun: one snapshot per repo per pass, figures match" || bad "duplicates or gaps after kill"
import json, sqlite3, sys
served = {r["full_name"]: r for r in json.load(open(sys.argv[1]))}
db = sqlite3.connect(sys.argv[2])
n = db.execute("select count(*) from repos").fetchone()[0]
times = db.execute("select taken_at, count(*), count(distinct repo_id) from snapshots group by taken_at").fetchall()
assert len(times) == 2, times
for t, c, d in times:
    assert c == d == n, (t, c, d, n)
for name, st, s1 in db.execute("""select r.owner||'/'||r.name, s.stars, s.star_1d from repos r join snapshot_view s on s.repo_id=r.id
    where s.taken_at=strftime('%s','2027-01-02T00:00:00')"""):
    assert st == served[name]["stars"], name
    i = int(name.rsplit("-", 1)[1])
    assert s1 == (i % 7) * 3, (name, s1)   # star gain over 1 day from the series (the store's rule)
PY

# ---- the token never leaks into output or the database
if grep -rqa "$TOKEN" "$T"/*.json "$T"/*.err "$T"/*.out "$T"/*.csv "$DB" 2>/dev/null; then bad "token found in output or DB"; else ok "token absent from all output and the DB"; fi
# sanitizer reports (ASan/UBSan builds) anywhere in the output fail the test
grep -lE "runtime error|Sanitizer" "$T"/*.err "$T"/*.out 2>/dev/null && bad "sanitizer report in output" || ok "no sanitizer report"
[ $FAILS = 0 ] || { echo "$FAILS failure(s)"; exit 1; }
