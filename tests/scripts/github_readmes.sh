#!/usr/bin/env bash
# github_readmes.sh SW SHARED: READMEs fetched after an update pass against
# the fake GitHub and used by `classify`: the --readmes budget, never-fetched
# repos first, no refetch within 30 days, a 404 recorded as "no README",
# a README larger than the budget cut to 16 KiB, the base64 JSON answer of
# older GitHub Enterprise decoded to the same text, a rate limit in the
# middle (exit 5, the rerun finishes), and the README's words reaching the
# classifier's evidence. The token never reaches the output or the store.
set -uo pipefail
SW=$1
. "$(dirname "$0")/../fake-github/lib.sh"
fake_deps
T=$(mktemp -d); DB=$T/db
trap 'fake_stop; rm -rf "$T"' EXIT
export NO_COLOR=1 SW_NO_PROGRESS=1 GITHUB_TOKEN=readme-token
FAST="--retry-delay 10"
fake_start FAKE_REPOS=120 FAKE_TOKEN=readme-token
run() { local name=$1; shift; "$SW" "$@" >"$T/$name.out" 2>"$T/$name.err"; echo $?; }
q() { sqlite3 "$DB" "$1"; }

check "discover" test "$(run disc discover --db "$DB")" = 0
TRACKED=$(q "select count(*) from repos where state='tracked'")
check "some repos tracked ($TRACKED)" test "$TRACKED" -gt 20

fake_admin reset-stats >/dev/null
rc=$(STACKWATCH_NOW=2027-01-01T00:00:00Z run u1 update --db "$DB" --contributors 0 --readmes 10 --format csv $FAST)
check "update --readmes 10: exit 0" test "$rc" = 0
check "pass table counts 10 READMEs" python3 -c "
import csv,sys; r=list(csv.DictReader(open('$T/u1.out'))); sys.exit(r[0]['readmes']!='10')"
check "10 READMEs stored" test "$(q 'select count(*) from readmes')" = 10
check "10 README requests" test "$(fake_admin stats | python3 -c "import json,sys; print(json.load(sys.stdin)['by_route'].get('/repos',0))")" = 10

rc=$(STACKWATCH_NOW=2027-01-01T06:00:00Z run u2 update --db "$DB" --contributors 0 --readmes all --format csv $FAST)
check "update --readmes all: exit 0" test "$rc" = 0
check "every tracked repo has a README row" test "$(q 'select count(*) from readmes')" = "$TRACKED"
fake_admin repos >"$T/served.json"
python3 - "$DB" "$T/served.json" <<'PY' && ok "stored READMEs: served text, 404 as none, big one cut at 16 KiB" || bad "stored READMEs"
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
served = {r["full_name"]: r for r in json.load(open(sys.argv[2]))}
rows = db.execute("select r.owner||'/'||r.name, r.description, m.text, m.size from readmes m join repos r on r.id=m.repo_id").fetchall()
none = big = 0
for full, desc, text, size in rows:
    i = int(full.split("-")[-1])
    if i % 11 == 5:
        assert text is None and size == 0, full
        none += 1
        continue
    head = f"# {full.split('/')[1]}\n\n{desc}\n\n## Install\n\npip install {full.split('/')[1]}\n"
    if i % 97 == 1:
        assert len(text.encode()) == 16384 and size > 100000 and text.startswith(head), (full, len(text), size)
        big += 1
    else:
        assert text == head and size == len(head.encode()), full
assert none > 0 and big >= 1, (none, big)
PY

fake_admin reset-stats >/dev/null
rc=$(STACKWATCH_NOW=2027-01-02T00:00:00Z run u3 update --db "$DB" --contributors 0 --readmes all --format csv $FAST)
check "within 30 days nothing is refetched" python3 -c "
import csv,sys; r=list(csv.DictReader(open('$T/u3.out'))); sys.exit(not ('$rc'=='0' and r[0]['readmes']=='0'))"

# The README reaches the classifier: a repo whose description says nothing
# about storage gets a README about a vector database.
REPO=$(q "select owner||'/'||name from repos r join readmes m on m.repo_id=r.id where m.text is not null and length(m.text)<1000 order by r.id limit 1")
"$SW" classify --db "$DB" --explain "$REPO" --format csv --limit 40 >"$T/ex0.csv" 2>&1
fake_admin readme "{\"repo\":\"$REPO\",\"text\":\"# Store\\n\\nAn open-source vector database for embeddings: similarity search, ANN indexes, hybrid search.\\n\"}" >/dev/null
rc=$(STACKWATCH_NOW=2027-02-15T00:00:00Z run u4 update --db "$DB" --contributors 0 --readmes all --format csv $FAST)
check "after 30 days READMEs are refetched: exit 0" test "$rc" = 0
check "the new README is stored" test "$(q "select text like '%vector database%' from readmes m join repos r on r.id=m.repo_id where r.owner||'/'||r.name='$REPO'")" = 1
"$SW" classify --db "$DB" --explain "$REPO" --format csv --limit 40 >"$T/ex1.csv" 2>&1
check "README words are evidence in --explain" grep -q "lexicon:Infrastructure/VectorDB" "$T/ex1.csv"
check "and were not before" sh -c "! grep -q 'lexicon:Infrastructure/VectorDB' '$T/ex0.csv'"

"$SW" classify --db "$DB" >"$T/cl.out" 2>"$T/cl.err"
WITH=$(q "select count(*) from readmes where text is not null and text <> ''")
check "classify on the store reports README coverage ($WITH)" grep -q "README for $WITH\b" "$T/cl.err"

# A rate limit in the middle of the README step: exit 5, the rerun finishes.
q "delete from readmes"
fake_admin fault '{"kind":"ratelimit","match":"/readme","count":1,"reset_in":3600}' >/dev/null
rc=$(STACKWATCH_NOW=2027-02-16T00:00:00Z run rl update --db "$DB" --contributors 0 --readmes all --max-wait 0 $FAST)
check "rate limit during READMEs: exit 5" test "$rc" = 5
check "says when to resume" grep -q "resume after" "$T/rl.err"
fake_admin clear-faults >/dev/null
rc=$(STACKWATCH_NOW=2027-02-16T00:00:00Z run rl2 update --db "$DB" --contributors 0 --readmes all $FAST)
check "rerun finishes: exit 0" test "$rc" = 0
check "rerun stored every README" test "$(q 'select count(*) from readmes')" = "$TRACKED"

# Older GitHub Enterprise: base64 content-file JSON instead of raw text.
cp "$DB" "$T/raw.db"
q "delete from readmes"
fake_stop
fake_start FAKE_REPOS=120 FAKE_TOKEN=readme-token FAKE_README_JSON=1
rc=$(STACKWATCH_NOW=2027-02-17T00:00:00Z run js update --db "$DB" --contributors 0 --readmes all $FAST)
check "JSON README answers: exit 0" test "$rc" = 0
python3 - "$DB" "$T/raw.db" <<'PY' && ok "base64 JSON READMEs decode to the raw text" || bad "base64 JSON READMEs"
import sqlite3, sys
a = dict(sqlite3.connect(sys.argv[1]).execute("select repo_id, text from readmes"))
b = dict(sqlite3.connect(sys.argv[2]).execute("select repo_id, text from readmes"))
# the vector-database README was set on the old fake only
diff = [k for k in b if a.get(k) != b[k]]
assert len(a) == len(b) and len(diff) <= 1, (len(a), len(b), diff)
PY

grep -rqa readme-token "$T"/*.out "$T"/*.err "$DB" && bad "token leaked" || ok "token absent"
grep -lE "runtime error|Sanitizer" "$T"/*.err 2>/dev/null && bad "sanitizer report in output" || ok "no sanitizer report"
[ $FAILS = 0 ] || { echo "$FAILS failure(s)"; exit 1; }
