#!/usr/bin/env bash
# build.sh [DIR [cmake args...]]: configure and build into DIR (default build/).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$root/build}; shift || true
cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$dir" -j"$(nproc)" 2>&1 | grep -vE '^\[ *[0-9]+%\]|^Consolidate|^Scanning' || true
test -x "$dir/stackwatch" || { [ -n "${SW_FUZZ_BUILD:-}" ] || { echo "build failed" >&2; exit 1; }; }
