#!/usr/bin/env bash
# quickstart.sh [SNAPSHOT...]: the README's first command. Installs what is
# missing, builds, and runs the main job on the embedded default store
# (./stackwatch.db, or $STACKWATCH_DB):
#   - with GITHUB_TOKEN set: discovery + one update pass against GitHub;
#   - without a token (or offline): says so, and imports the snapshot files
#     given (default: the two shared curated snapshots);
# then prints the ecosystem report.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/deps.sh"
"$root/scripts/build.sh" "$root/build"
sw="$root/build/stackwatch"
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  files=("$root/../shared/data/llama-police-2024-11-05.csv" "$root/../shared/data/llama-police-2024-09-30.json")
fi
live=0
if [ -n "${GITHUB_TOKEN:-}" ] && "$sw" help update >/dev/null 2>&1; then
  echo "quickstart: GITHUB_TOKEN is set: discovering and updating from GitHub" >&2
  if "$sw" discover && "$sw" update; then
    live=1
  else
    echo "quickstart: live tracking failed (offline or rate-limited; see above): importing snapshots instead" >&2
  fi
else
  echo "quickstart: no GITHUB_TOKEN: live tracking skipped; importing ${files[*]}" >&2
fi
if [ $live = 0 ]; then
  "$sw" import "${files[@]}"
fi
if "$sw" help report >/dev/null 2>&1; then
  "$sw" report
else
  "$sw" list --limit 20
fi
