#!/usr/bin/env bash
# bench/report.sh [STACKWATCH]: time `stackwatch report` over 20,000 repos
# with a year of daily snapshots (7.3M snapshot rows), in text, JSON and
# HTML. Target: under 1 s each. The store is generated once with SQL (the
# sqlite3 CLI) into $SW_BENCH_DIR (default /tmp/stackwatch-bench-report)
# and reused; delete it to regenerate.
#
# Data: repos in the 7 layers round-robin, 3,000 owners, a third each user /
# organization / unknown owner type, every 13th description Chinese; stars
# grow linearly (0-3 a day) or, for every 10th repo, spike for 30 days and
# then stay flat. star_1d / star_7d are left unknown, as GitHub snapshots
# have them, so the report computes them from the series.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
SW=${1:-$root/build/stackwatch}
dir=${SW_BENCH_DIR:-/tmp/stackwatch-bench-report}
db=$dir/bench.db
REPOS=${SW_BENCH_REPOS:-20000}
DAYS=${SW_BENCH_DAYS:-365}
mkdir -p "$dir"
if [ ! -s "$db" ] || [ "$(sqlite3 "$db" 'SELECT COUNT(*) FROM repos')" != "$REPOS" ]; then
  rm -f "$db" "$db-wal" "$db-shm"
  echo "generating $REPOS repos x $DAYS daily snapshots into $db ..." >&2
  start=$(date +%s)
  "$SW" --db "$db" taxonomy >/dev/null   # creates and migrates the store
  sqlite3 -bail "$db" >/dev/null <<SQL
PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA cache_size=-400000;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $REPOS)
INSERT INTO repos(id, owner, name, description, created_at, owner_type, state, info_as_of)
SELECT i, 'owner' || (i % 3000), 'repo' || i,
       CASE WHEN i % 13 = 0 THEN '中文 项目 ' || i ELSE 'project ' || i END,
       date('2014-01-01', '+' || (i * 7 % 3900) || ' days'),
       CASE i % 3 WHEN 0 THEN NULL WHEN 1 THEN 'user' ELSE 'organization' END, 'tracked', 0
FROM n;
INSERT INTO classifications(repo_id, source, layer_id, subcat_id, confidence, as_of)
SELECT r.id, 2, l.id, NULL, 1, 0 FROM repos r
JOIN (SELECT id, ROW_NUMBER() OVER (ORDER BY position) - 1 AS rn FROM layers) l ON l.rn = r.id % 7;
DROP INDEX snapshots_time;
WITH RECURSIVE d(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM d WHERE k < $DAYS - 1)
INSERT INTO snapshots(repo_id, taken_at, source, stars, forks, contributors, contributors_at_least)
SELECT r.id, 1700006400 + k * 86400, 'bench',
       (r.id * 37 % 5000) + CASE WHEN r.id % 10 = 0 THEN MIN(k, 30) * 20 ELSE (r.id % 4) * k END,
       r.id % 300, MIN(r.id % 150, 100), r.id % 150 >= 100
FROM repos r, d ORDER BY r.id, k;
CREATE INDEX snapshots_time ON snapshots(taken_at);
INSERT INTO top_devs(repo_id, taken_at, rank, login)
SELECT r.id, 1700006400 + ($DAYS - 1) * 86400, j.value + 1, 'dev' || ((r.id * (j.value + 3)) % 8000)
FROM repos r, json_each('[0,1,2]') j;
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
  echo "generated in $(( $(date +%s) - start )) s: $(sqlite3 "$db" 'SELECT COUNT(*) FROM snapshots') snapshot rows" >&2
fi
best() { # best wall and CPU (user+sys) time of 3 runs, seconds
  local bw=999 bc=999 w c
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %U %S" -o "$dir/time" "$SW" --db "$db" report "$@" >/dev/null 2>&1
    read -r w u s < <(tail -1 "$dir/time")
    c=$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')
    bw=$(awk -v a="$bw" -v b="$w" 'BEGIN { print (b < a) ? b : a }')
    bc=$(awk -v a="$bc" -v b="$c" 'BEGIN { print (b < a) ? b : a }')
  done
  echo "${bw} s (cpu ${bc} s)"
}
text=$(best); json=$(best --format json); html=$(best --format html --out "$dir/report.html")
echo "report over $REPOS repos x $DAYS daily snapshots, best of 3 (target < 1 s):"
echo "  text $text, json $json, html $html; load average $(cut -d' ' -f1 /proc/loadavg)"
