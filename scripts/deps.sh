#!/usr/bin/env bash
# deps.sh: install the Debian packages stackwatch needs, only those missing.
# Run as root (or with sudo available). Prints what it installs.
set -euo pipefail
PKGS=(build-essential cmake pkg-config clang libclang-rt-14-dev
      libsqlite3-dev libjansson-dev libcurl4-openssl-dev libmicrohttpd-dev
      libdeflate-dev libisal-dev zlib1g-dev libcmocka-dev sqlite3 python3
      chromium wrk isal
      clickhouse-server clickhouse-client jq # the scale-out tests and bench/clickhouse.sh
      man-db groff-base) # man -l and groff check the installed man pages (tests/scripts/core_install.sh)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js (only for browser tests and the fake GitHub server): the machine's
# own node/npm when present (Debian's npm conflicts with other node builds).
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all ${#PKGS[@]} packages present" >&2
  exit 0
fi
echo "deps: installing ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
