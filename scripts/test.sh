#!/usr/bin/env bash
# test.sh: the README's second command. Installs what is missing, then runs
# every test: the unit and data-driven suite under ctest (normal build, a
# core-only build that cannot see the optional subsystems' libraries, and an
# ASan+UBSan build), then each libFuzzer target for a bounded time.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/deps.sh"
fuzz_seconds=${SW_FUZZ_SECONDS:-20}

echo "== build + ctest (RelWithDebInfo)"
"$root/scripts/build.sh" "$root/build"
(cd "$root/build" && ctest --output-on-failure -j2)

echo "== core-only build + ctest (no libcurl, libmicrohttpd, ISA-L, libdeflate, zlib)"
"$root/scripts/build-core.sh" "$root/build-core"
(cd "$root/build-core" && ctest --output-on-failure -j2)

echo "== build + ctest (ASan+UBSan)"
"$root/scripts/build.sh" "$root/build-asan" -DSW_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
(cd "$root/build-asan" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
   SW_SANITIZED=1 ctest --output-on-failure -j2 -LE nosan)

echo "== fuzz (${fuzz_seconds}s per target)"
CC=clang SW_FUZZ_BUILD=1 "$root/scripts/build.sh" "$root/build-fuzz" -DSW_FUZZ=ON -DCMAKE_C_COMPILER=clang
for f in "$root"/build-fuzz/fuzz_*; do
  [ -x "$f" ] || continue
  name=$(basename "$f")
  corpus="$root/build-fuzz/corpus-$name"
  mkdir -p "$corpus"
  seeds="$root/fuzz/seeds/${name#fuzz_}"
  # Seeds from ../shared are listed in fuzz/seeds/NAME.shared and read in place.
  shared_list="$root/fuzz/seeds/${name#fuzz_}.shared"
  if [ -f "$shared_list" ]; then
    while IFS= read -r s; do
      [ -n "$s" ] && [ -f "$root/../shared/data/$s" ] && cp "$root/../shared/data/$s" "$corpus/shared-$(basename "$s")"
    done <"$shared_list"
  fi
  echo "-- $name"
  "$f" -max_total_time="$fuzz_seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=0 \
       "$corpus" $( [ -d "$seeds" ] && echo "$seeds" ) 2>&1 | tail -n 2
done
echo "all tests passed"
