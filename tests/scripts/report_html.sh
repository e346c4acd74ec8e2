#!/usr/bin/env bash
# report_html.sh STACKWATCH SHARED: render the report page of the real list
# in headless Chromium and check, in the DOM the browser built, that the
# charts (inline SVG) and the tables are there, that the page loaded
# nothing from the network, and that sorting a table by clicking works.
# Exit 77 (skipped) when Chromium or the shared data is missing.
set -uo pipefail
SW=$1; SHARED=$2
CHROME=$(command -v chromium || command -v chromium-browser || true)
[ -n "$CHROME" ] || { echo "chromium not installed: skipped"; exit 77; }
[ -r "$SHARED/llama-police-2024-11-05.csv" ] || { echo "no shared data: skipped"; exit 77; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export NO_COLOR=1 SW_NO_PROGRESS=1
"$SW" --db "$T/db" import "$SHARED/llama-police-2024-11-05.csv" "$SHARED/llama-police-2024-09-30.json" 2>/dev/null || { echo "import failed"; exit 1; }
"$SW" --db "$T/db" report --format html --out "$T/report.html" 2>/dev/null || { echo "report failed"; exit 1; }
# A second page that clicks the "stars" header of the top-accounts table
# twice (descending) once loaded, to check the sorting script in the browser.
sed 's#</body>#<script>var h=document.querySelector("table[data-table=top_accounts] th:nth-child(4)");h.click();h.click();var rows=document.querySelectorAll("table[data-table=top_accounts] tbody tr");document.body.setAttribute("data-first",rows[0].cells[1].textContent);document.body.setAttribute("data-second",rows[1].cells[1].textContent);</script></body>#' \
  "$T/report.html" > "$T/sorted.html"
run() {
  timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$T/profile" --virtual-time-budget=2000 \
    --dump-dom "file://$1" 2>/dev/null
}
run "$T/report.html" > "$T/dom.html" || { echo "chromium failed"; exit 1; }
run "$T/sorted.html" > "$T/sorted.dom" || { echo "chromium failed"; exit 1; }
fail=0; n=0
check() { # description, command...
  n=$((n+1)); local what=$1; shift
  if "$@"; then :; else echo "FAIL: $what"; fail=$((fail+1)); fi
}
count() { grep -o "$1" "$T/dom.html" | wc -l; }
# 8 charts (stars over time: two snapshots), 4 of them drawn for wide screens and for phones
check "12 svg drawings in the DOM" test "$(count '<svg')" -eq 12
check "4 drawn twice" test "$(count 'class="chart-narrow"')" -eq 4
# every table is there: as a table, or as the sentence saying what would fill it
check "every report table rendered" test "$(count 'data-table="')" -eq "$("$SW" --db "$T/db" report --list-tables | wc -l)"
check "empty sections say why" test "$(count 'class="empty" data-table=')" -eq 2
check "the history the figures rest on" grep -q 'of 680 repos with snapshots, 627 have one, 53 have two' "$T/dom.html"
check "a table of contents" grep -q '<nav class="toc"' "$T/dom.html"
check "raw tables folded under their charts" test "$(count '<details>')" -ge 8
check "repos link to GitHub" grep -q '<a href="https://github.com/abi/screenshot-to-code">' "$T/dom.html"
check "numbers grouped" grep -q '>1,473,929<' "$T/dom.html"
for t in headline layers growth stars_over_time top_accounts lorenz top_developers owner_types chinese_by_layer risers_7d gains_7d shapes; do
  check "table $t present" grep -q "data-table=\"$t\"" "$T/dom.html"
done
check "stacked area has one path per software layer (in each drawing)" test "$(grep -o '<path fill=' "$T/dom.html" | wc -l)" -eq 10
check "headline cards" test "$(count 'class="card"')" -eq 10
check "no network resources (links are fine)" bash -c "! grep -Eq '(src=\"(https?:)?//|<link |url\\()' '$T/dom.html'"
check "Lorenz polyline" grep -q '<polyline fill="none" stroke="#4e79a7" stroke-width="2.5"' "$T/dom.html"
# After sorting by stars (descending): Microsoft (211565) then tensorflow
# (194398), which is 19th by repo count (see test_report_real).
check "click-to-sort reorders the table" grep -q 'data-first="Microsoft" data-second="tensorflow"' "$T/sorted.dom"
# Ascending once: lowest stars of the top 20 first (OpenGVLab, 7993).
sed 's#h.click();h.click();#h.click();#' "$T/sorted.html" > "$T/asc.html"
run "$T/asc.html" > "$T/asc.dom"
check "ascending sort" grep -q 'data-first="OpenGVLab"' "$T/asc.dom"
echo "$((n-fail)) passed, $fail failed"
[ $fail = 0 ]
