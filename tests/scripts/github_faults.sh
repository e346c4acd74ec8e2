#!/usr/bin/env bash
# github_faults.sh SW SHARED: every injected fault of the fake GitHub server
# (rate-limit exhaustion with reset, secondary limit with Retry-After,
# 500/502, slow and truncated responses, invalid JSON, 304s, renames and
# deletions between passes), plus lock, token handling, submit/review,
# backfill, watch shutdown and an uncompletable search slice. None may
# crash, lose data, or leak the token.
set -uo pipefail
SW=$1
. "$(dirname "$0")/../fake-github/lib.sh"
fake_deps
T=$(mktemp -d); DB=$T/db
trap 'fake_stop; rm -rf "$T"' EXIT
export NO_COLOR=1 SW_NO_PROGRESS=1
TOKEN=ghp_faultsTOKENmustNEVERappear9876543210
export GITHUB_TOKEN=$TOKEN
fake_start FAKE_REPOS=400 FAKE_TOKEN=$TOKEN
FAST="--retry-delay 10 --max-wait 30"
n_tracked() { python3 -c "import sqlite3;print(sqlite3.connect('$DB').execute(\"select count(*) from repos where state='tracked'\").fetchone()[0])"; }
n_snaps() { python3 -c "import sqlite3;print(sqlite3.connect('$DB').execute(\"select count(*) from snapshots where taken_at=strftime('%s','$1')\").fetchone()[0])"; }
run() { # run LOG CMD...: run stackwatch, logging stdout+stderr to $T/LOG.log, return its exit code
  local log=$1; shift
  "$SW" "$@" >"$T/$log.log" 2>&1
}

run disc1 discover --db "$DB" $FAST; check "discover" test $? = 0
total=$(n_tracked); echo "# $total repos discovered"

# ---- 304s: unchanged contributor lists come from the ETag cache at no cost
STACKWATCH_NOW=2027-01-01T00:00:00Z run c1 update --db "$DB" --readmes 0 --contributors all $FAST
check "contributors for all: exit 0" test $? = 0
fake_admin reset-stats >/dev/null
before=$(fake_admin stats | python3 -c "import json,sys; print(json.load(sys.stdin)['remaining']['core'])")
# a week later every figure is due again; nothing changed on the server
STACKWATCH_NOW=2027-01-08T00:00:00Z run c2 update --db "$DB" --readmes 0 --contributors all $FAST
check "second contributors pass: exit 0" test $? = 0
nm=$(fake_stat not_modified); rq=$(fake_stat rest)
after=$(fake_admin stats | python3 -c "import json,sys; print(json.load(sys.stdin)['remaining']['core'])")
check "every contributors request answered 304 ($nm of $rq)" test "$nm" = "$rq" -a "$rq" -ge "$total"
check "304s cost no REST quota ($before -> $after)" test "$before" = "$after"
check "figures from 304s equal the first fetch" python3 - "$DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
a = db.execute("select repo_id, contributors from snapshots where taken_at=strftime('%s','2027-01-01T00:00:00') order by 1").fetchall()
b = db.execute("select repo_id, contributors from snapshots where taken_at=strftime('%s','2027-01-08T00:00:00') order by 1").fetchall()
sys.exit(0 if a == b and all(c is not None for _, c in a) else 1)
PY

# ---- each transient fault on the GraphQL pass: pass completes, figures stored
day=1
for kind in 500 502 truncated badjson slow secondary; do
  fake_admin fault "{\"kind\": \"$kind\", \"match\": \"/graphql\", \"count\": 2, \"delay_ms\": 1500, \"retry_after\": 1}" >/dev/null
  when=2027-02-0${day}T00:00:00Z; day=$((day+1))
  STACKWATCH_NOW=$when run "f_$kind" update --db "$DB" --readmes 0 --contributors 0 $FAST
  rc=$?
  check "fault $kind: update exits 0" test $rc = 0
  check "fault $kind: all $total snapshots written" test "$(n_snaps ${when%Z})" = "$total"
done
check "faults were consumed" test "$(fake_stat errors_injected)" -ge 12

# ---- a GraphQL timeout (data: null) splits the batch in halves
fake_admin reset-stats >/dev/null
fake_admin fault '{"kind": "gqltimeout", "match": "/graphql", "count": 1}' >/dev/null
STACKWATCH_NOW=2027-02-07T00:00:00Z run f_gqltimeout update --db "$DB" --readmes 0 --contributors 0 $FAST
check "GraphQL timeout: pass completes" test $? = 0 -a "$(n_snaps 2027-02-07T00:00:00)" = "$total"
# independent count: ceil(total/100) batches, plus the failed one and its 2 halves
want=$(( (total + 99) / 100 + 2 ))
check "GraphQL timeout: one failed query retried as two halves ($(fake_stat graphql) = $want)" test "$(fake_stat graphql)" = "$want"

# ---- REST faults during contributors (partial budget) and 5xx exhaustion
fake_admin fault '{"kind": "502", "match": "/contributors", "count": 1}' >/dev/null
STACKWATCH_NOW=2027-02-08T00:00:00Z run contrib update --db "$DB" --readmes 0 --contributors 50 $FAST
check "contributors with a 502: exit 0" test $? = 0
check "contributors stored for 50 repos" python3 - "$DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
# the 50 refreshed this pass (all figures were equally old: lowest ids first)
n = db.execute("select count(*) from tracker_repos where contrib_at=strftime('%s','2027-02-08T00:00:00')").fetchone()[0]
rows = db.execute("""select r.name, s.contributors from snapshots s join repos r on r.id=s.repo_id
  where s.taken_at=strftime('%s','2027-02-08T00:00:00') and s.contributors is not null""").fetchall()
tops = db.execute("""select count(distinct repo_id) from top_devs where taken_at=strftime('%s','2027-02-08T00:00:00')""").fetchone()[0]
# independent: the fake gives repo-i exactly 1 + i % 250 contributors
ok = n == 50 and len(rows) == 50 and tops == 50 and all(c == 1 + int(nm.split('-')[1]) % 250 for nm, c in rows)
# and the top 3 are the fake's first three logins: dev{(i + k) % 5000}
for nm, devs in db.execute("""select r.name, group_concat(t.login, ',') from (select * from top_devs order by repo_id, rank) t join repos r on r.id=t.repo_id
    where t.taken_at=strftime('%s','2027-02-08T00:00:00') group by r.id"""):
    i = int(nm.split('-')[1])
    ok = ok and devs.split(',') == [f"dev{(i + k) % 5000}" for k in range(min(3, 1 + i % 250))]
sys.exit(0 if ok else 1)
PY
STACKWATCH_NOW=2027-02-08T06:00:00Z run contrib2 update --db "$DB" --readmes 0 --contributors 50 $FAST
check "next pass refreshes 50 other repos (least recent first)" python3 - "$DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
a = {r for r, in db.execute("select repo_id from tracker_repos where contrib_at=strftime('%s','2027-02-08T00:00:00')")}
b = {r for r, in db.execute("select repo_id from tracker_repos where contrib_at=strftime('%s','2027-02-08T06:00:00')")}
sys.exit(0 if len(a) == 50 and len(b) == 50 and not (a & b) else 1)
PY
fake_admin fault '{"kind": "500", "match": "/graphql", "count": 100}' >/dev/null
STACKWATCH_NOW=2027-02-09T00:00:00Z run f_500x update --db "$DB" --readmes 0 --contributors 0 --retries 2 --retry-delay 10
rc=$?
check "persistent 500s: exit 1 with a message" test $rc = 1
check "persistent 500s: says what happened" grep -q "HTTP 500 after 3 attempts" "$T/f_500x.log"
fake_admin clear-faults >/dev/null
STACKWATCH_NOW=2027-02-09T00:10:00Z run f_500y update --db "$DB" --readmes 0 --contributors 0 $FAST
check "after 500s: the pass resumes and completes" test "$(n_snaps 2027-02-09T00:00:00)" = "$total"

# ---- primary rate limit: short reset -> wait; long reset -> stop, resume later
fake_admin fault '{"kind": "ratelimit", "match": "/graphql", "reset_in": 2}' >/dev/null
STACKWATCH_NOW=2027-02-10T00:00:00Z run rl_short update --db "$DB" --readmes 0 --contributors 0 $FAST
check "rate limit with near reset: waits and completes" test $? = 0 -a "$(n_snaps 2027-02-10T00:00:00)" = "$total"
fake_admin fault '{"kind": "ratelimit", "match": "/graphql", "reset_in": 3600}' >/dev/null
STACKWATCH_NOW=2027-02-11T00:00:00Z run rl_long update --db "$DB" --readmes 0 --contributors 0 --max-wait 5
rc=$?
check "rate limit with far reset: exit 5" test $rc = 5
check "rate limit: says when to resume" grep -qE "resume after [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} UTC" "$T/rl_long.log"
fake_admin clear-faults >/dev/null
STACKWATCH_NOW=2027-02-11T01:00:00Z run rl_resume update --db "$DB" --readmes 0 --contributors 0 $FAST
check "after the reset: same pass completed, no duplicates" test $? = 0 -a "$(n_snaps 2027-02-11T00:00:00)" = "$total"
fake_admin fault '{"kind": "secondary", "match": "/search", "retry_after": 600}' >/dev/null
run sec_long discover --db "$DB" --max-wait 5 --retry-delay 10
check "secondary limit with long Retry-After: exit 5" test $? = 5
check "secondary limit: named in the message" grep -q "secondary rate limit" "$T/sec_long.log"
fake_admin clear-faults >/dev/null

# ---- renamed and deleted between passes
fake_admin rename '{"from": "org1/repo-1", "to": "neworg/renamed-1"}' >/dev/null
fake_admin delete '{"repo": "org2/repo-2"}' >/dev/null
STACKWATCH_NOW=2027-02-12T00:00:00Z run rename update --db "$DB" --readmes 0 --contributors 0 --format csv $FAST
check "pass after rename/delete: exit 0" test $? = 0
check "rename followed by GitHub id, snapshot series kept" python3 - "$DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
r = db.execute("select id, owner, name from repos where github_id=100001").fetchone()
n = db.execute("select count(*) from snapshots where repo_id=?", (r[0],)).fetchone()[0]
sys.exit(0 if r[1:] == ("neworg", "renamed-1") and n >= 10 else 1)
PY
"$SW" show org1/repo-1 --db "$DB" >"$T/show.log" 2>&1; check "old name still resolves" grep -q "neworg/renamed-1" "$T/show.log"
check "deleted repo marked, no snapshot in that pass" python3 - "$DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rid = db.execute("select id from repos where github_id=100002").fetchone()[0]
d = db.execute("select deleted_at from tracker_repos where repo_id=?", (rid,)).fetchone()[0]
s = db.execute("select count(*) from snapshots where repo_id=? and taken_at=strftime('%s','2027-02-12T00:00:00')", (rid,)).fetchone()[0]
sys.exit(0 if d and s == 0 else 1)
PY
check "pass counted 1 renamed, 1 deleted" grep -q ",no,$total,$((total-1)),1,1," "$T/rename.log"

# ---- lock: a second pass while one runs is refused with exit 5
fake_admin fault '{"kind": "slow", "match": "/graphql", "delay_ms": 2500}' >/dev/null
STACKWATCH_NOW=2027-02-13T00:00:00Z "$SW" update --db "$DB" --readmes 0 --contributors 0 >"$T/lock1.log" 2>&1 &
p1=$!; sleep 1
STACKWATCH_NOW=2027-02-13T00:00:00Z run lock2 update --db "$DB" --readmes 0 --contributors 0
check "concurrent pass: exit 5" test $? = 5
check "concurrent pass: says another pass runs" grep -q "another update pass is running" "$T/lock2.log"
wait $p1; check "first pass unaffected" test $? = 0

# ---- tokens
STACKWATCH_GITHUB_API=$FAKE_URL GITHUB_TOKEN=wrong-token run badtok update --db "$DB"
check "bad token: exit 1" test $? = 1
check "bad token: clear message" grep -q "rejected the credentials (401)" "$T/badtok.log"
env -u GITHUB_TOKEN "$SW" update --db "$DB" >"$T/notok.log" 2>&1
check "no token: update says how to give one" grep -q "needs a token: set GITHUB_TOKEN" "$T/notok.log"
printf '%s\n' "$TOKEN" >"$T/tokfile"; chmod 644 "$T/tokfile"
env -u GITHUB_TOKEN "$SW" update --db "$DB" --token-file "$T/tokfile" >"$T/tokperm.log" 2>&1
check "world-readable token file refused" grep -q "readable by group or others" "$T/tokperm.log"
chmod 600 "$T/tokfile"
STACKWATCH_NOW=2027-02-14T00:00:00Z env -u GITHUB_TOKEN "$SW" update --db "$DB" --token-file "$T/tokfile" --readmes 0 --contributors 0 >"$T/tokfile.log" 2>&1
check "token file with mode 600 works" test $? = 0

# ---- submit / review
run sub1 submit org39/repo-39 --layer 'AI engineering' --db "$DB"
check "submit an existing repo below the search floor" test $? = 0
run sub2 submit nobody/nothing --db "$DB"; check "submit an unknown repo: exit 4" test $? = 4
run sub3 submit 'bad name' --db "$DB"; check "submit an invalid name: exit 2" test $? = 2
"$SW" review --db "$DB" --format csv >"$T/review.log" 2>&1
check "review lists the pending repo" grep -q "org39/repo-39" "$T/review.log"
run acc review --accept org39/repo-39 --db "$DB"; check "accept" test $? = 0
check "accepted repo is tracked with its GitHub id" python3 -c "
import sqlite3,sys; r=sqlite3.connect('$DB').execute(\"select state, github_id from repos where name='repo-39'\").fetchone(); sys.exit(0 if r==('tracked',100039) else 1)"

# ---- backfill
fake_admin history '{"repo": "org5/repo-5", "mode": "history"}' >/dev/null
run bf1 backfill org5/repo-5 --db "$DB" --format csv
check "backfill from stargazers/history: 28 daily points" grep -q "stargazers/history,28" "$T/bf1.log"
check "history points are the served daily counts" python3 - "$DB" <<'PY'
import sqlite3, sys, datetime
db = sqlite3.connect(sys.argv[1])
rows = db.execute("select day, added from tracker_star_history h join repos r on r.id=h.repo_id where r.name='repo-5' order by day").fetchall()
start = datetime.date(2024, 1, 7)
want = [((start + datetime.timedelta(days=k)).isoformat(), (5 + k) % 5) for k in range(28)]
sys.exit(0 if rows == want else 1)
PY
fake_admin history '{"repo": "org6/repo-6", "mode": "stargazers", "stars": 45000}' >/dev/null
run bf2 backfill org6/repo-6 --db "$DB" --format csv
check "backfill over 400 pages is sampled" grep -q "stargazers,.*,yes,400,450" "$T/bf2.log"
check "sampled points are exact cumulative counts" python3 - "$DB" <<'PY'
import sqlite3, sys, datetime
db = sqlite3.connect(sys.argv[1])
rows = db.execute("select day, total, sampled from tracker_star_history h join repos r on r.id=h.repo_id where r.name='repo-6'").fetchall()
# the fake stars repo-6 once an hour from 2023-01-01: star k (1-based) at hour k-1
ok = rows and all(s == 1 for _, _, s in rows)
for day, total, _ in rows:
    d = (datetime.date.fromisoformat(day) - datetime.date(2023, 1, 1)).days
    ok = ok and d * 24 < total <= d * 24 + 24
sys.exit(0 if ok else 1)
PY
run bf3 backfill org7/repo-7 --db "$DB"
check "no history available: says so (exit 1)" grep -q "history comes from stackwatch snapshots and the GH Archive engine" "$T/bf3.log"

# ---- watch: SIGTERM ends it cleanly
"$SW" watch --every 1h --db "$DB" --readmes 0 --contributors 0 >"$T/watch.log" 2>&1 &
wp=$!; sleep 3; kill -TERM $wp
wait $wp; rc=$?
check "watch stops on SIGTERM with exit 0" test $rc = 0
check "watch ran a pass before stopping" grep -q "pass done" "$T/watch.log"

# ---- a response slower than --timeout is retried
fake_admin fault '{"kind": "slow", "match": "/graphql", "delay_ms": 4000}' >/dev/null
STACKWATCH_NOW=2027-02-15T00:00:00Z run timeout update --db "$DB" --readmes 0 --contributors 0 --timeout 1 $FAST
check "slow beyond --timeout: retried, pass completes" test $? = 0 -a "$(n_snaps 2027-02-15T00:00:00)" = "$total"

# ---- the search limit (here 3 a window of 2 s) is respected before GitHub refuses
fake_start FAKE_REPOS=400 FAKE_TOKEN=$TOKEN FAKE_SEARCH_LIMIT=3 FAKE_SEARCH_WINDOW=2
run slimit discover --db "$T/slimit.db" $FAST
check "search limit: discovery completes" test $? = 0
check "search limit: waited instead of hitting 403s ($(fake_stat limited) refused)" test "$(fake_stat limited)" = 0
check "search limit: same repos as without a limit" test "$(python3 -c "import sqlite3;print(sqlite3.connect('$T/slimit.db').execute('select count(*) from repos').fetchone()[0])")" = "$total"

# ---- repos known only by name (imported lists): renames resolved, whether
# GraphQL follows them (FAKE_GQL_RENAMES=1) or only REST's 301 does (=0)
by_name() {
fake_admin rename '{"from": "org3/repo-3", "to": "neworg3/moved-3"}' >/dev/null
fake_admin rename '{"from": "org6/repo-6", "to": "org6/new-6"}' >/dev/null
printf '%s\n' 'repo,category,subcat,stars,star_1d,star_1d_pct,star_7d,star_7d_pct,forks,description,top_devs,contributors,created_at,updated_at,downloads*' \
  'org3/repo-3,AI engineering,AIE framework,1,,,,,1,old name,,,2017-01-01,2024-11-01,0' \
  'org4/repo-4,AI engineering,AIE framework,1,,,,,1,current name,,,2017-01-01,2024-11-01,0' \
  'org6/repo-6,AI engineering,AIE framework,1,,,,,1,stale duplicate,,,2017-01-01,2024-11-01,0' \
  'org6/new-6,AI engineering,AIE framework,1,,,,,1,current name,,,2017-01-01,2024-11-01,0' \
  'gone/none,AI engineering,AIE framework,1,,,,,1,never existed,,,2017-01-01,2024-11-01,0' >"$T/list$1-2024-11-05.csv"
"$SW" import --db "$T/byname$1.db" "$T/list$1-2024-11-05.csv" >/dev/null 2>&1
STACKWATCH_NOW=2027-03-01T00:00:00Z run byname$1 update --db "$T/byname$1.db" --readmes 0 --contributors 0 --format csv $FAST
check "by-name pass ($1): exit 0" test $? = 0
check "by-name pass ($1): renamed repo resolved, duplicate retired, unknown marked deleted" python3 - "$T/byname$1.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
t = db.execute("select strftime('%s','2027-03-01T00:00:00')").fetchone()[0]
snap = {o + "/" + n for o, n in db.execute("select owner, name from repos r join snapshots s on s.repo_id=r.id where s.taken_at=?", (t,))}
dele = {o + "/" + n for o, n in db.execute("select owner, name from repos r join tracker_repos t on t.repo_id=r.id where t.deleted_at is not null")}
gid = dict(db.execute("select owner||'/'||name, github_id from repos"))
fin = db.execute("select finished from tracker_passes where taken_at=?", (t,)).fetchone()[0]
ok = snap == {"neworg3/moved-3", "org4/repo-4", "org6/new-6"} and dele == {"org6/repo-6", "gone/none"}
ok = ok and gid["neworg3/moved-3"] == 100003 and gid["org6/new-6"] == 100006 and fin is not None
print(snap, dele, fin)
sys.exit(0 if ok else 1)
PY

}
for follows in 1 0; do
  fake_start FAKE_REPOS=400 FAKE_TOKEN=$TOKEN FAKE_GQL_RENAMES=$follows
  by_name gql$follows
  # independent count: REST lookups = names GraphQL could not resolve
  # (gone/none always; plus, when GraphQL does not follow renames, the two
  # renamed ones, each a 301 and the redirected GET)
  want=$([ $follows = 1 ] && echo 1 || echo 5)
  check "by-name (gql$follows): $want REST lookups ($(fake_stat rest))" test "$(fake_stat rest)" = "$want"
done
# ---- a slice that cannot be completed is reported
fake_start FAKE_REPOS=50 FAKE_CLUMP=1100 FAKE_TOKEN=$TOKEN
run clump discover --db "$T/clump.db" --keyword llm $FAST
check "uncompletable slice: exit 0" test $? = 0
check "uncompletable slice reported" grep -q "incomplete slice: llm stars:4242 fork:true created:2023-05-05..2023-05-05" "$T/clump.log"
fake_admin fault '{"kind": "incomplete", "match": "/search"}' >/dev/null
run incomplete discover --db "$T/clump2.db" --keyword gpt $FAST
check "incomplete_results reported" grep -q "incomplete_results" "$T/incomplete.log"

# ---- the token never appears anywhere
if grep -rqa "$TOKEN" "$T"/*.log "$T"/*.db "$DB"; then bad "token leaked"; else ok "token absent from every log and DB"; fi
# sanitizer reports (ASan/UBSan builds) anywhere in the output fail the test
grep -lE "runtime error|Sanitizer" "$T"/*.log 2>/dev/null && bad "sanitizer report in output" || ok "no sanitizer report"
[ $FAILS = 0 ] || { echo "$FAILS failure(s)"; exit 1; }
