#!/usr/bin/env bash
# quickstart.sh [SNAPSHOT...]: the README's first command. Installs what is
# missing, builds, and runs the main job on the embedded default store
# (./stackwatch.db): import the snapshot files given (default: the shared
# curated list), then print the ecosystem report.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/deps.sh"
"$root/scripts/build.sh" "$root/build"
sw="$root/build/stackwatch"
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  files=("$root/../shared/data/llama-police-2024-11-05.csv" "$root/../shared/data/llama-police-2024-09-30.json")
fi
"$sw" import "${files[@]}"
# Live data when a token is set (docs/github.md); otherwise say so plainly.
if [ -n "${GITHUB_TOKEN:-}" ]; then
  "$sw" discover && "$sw" update ||
    echo "quickstart: GitHub discovery/update did not finish (offline or rate-limited); the report uses the imported snapshot" >&2
else
  echo "quickstart: GITHUB_TOKEN is not set: no live GitHub data; the report uses the imported snapshot (${files[*]})" >&2
fi
if "$sw" help report >/dev/null 2>&1; then
  "$sw" report
else
  "$sw" list --limit 20
fi
