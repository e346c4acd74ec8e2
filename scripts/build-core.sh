#!/usr/bin/env bash
# build-core.sh DIR: build the core-only CLI (no GitHub, GH Archive or web
# subsystems) as on a machine that lacks their libraries: the headers of
# libcurl, libmicrohttpd, ISA-L, libdeflate and zlib are shadowed by files
# that stop the compiler, pkg-config sees only SQLite, jansson and cmocka,
# and the binary must not link any of the left-out libraries.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$root/build-core}
poison=$dir/poison
rm -rf "$poison"
mkdir -p "$poison/include/curl" "$poison/include/isa-l" "$poison/pkgconfig"
for h in curl/curl.h microhttpd.h isa-l/igzip_lib.h isa-l/crc.h libdeflate.h zlib.h; do
	echo "#error \"the core build must not include <$h>\"" >"$poison/include/$h"
done
for pc in sqlite3 jansson cmocka; do
	cp "$(pkg-config --variable=pcfiledir "$pc")/$pc.pc" "$poison/pkgconfig/"
done
CFLAGS="-I$poison/include" PKG_CONFIG_LIBDIR="$poison/pkgconfig" PKG_CONFIG_PATH="" \
	"$root/scripts/build.sh" "$dir" -DSW_WITH_GITHUB=OFF -DSW_WITH_GHARCHIVE=OFF -DSW_WITH_WEB=OFF
if ldd "$dir/stackwatch" | grep -E 'libcurl|libmicrohttpd|libisal|libdeflate|libz\.'; then
	echo "build-core: the core-only binary links a left-out library (above)" >&2
	exit 1
fi
echo "build-core: $dir/stackwatch links none of libcurl, libmicrohttpd, ISA-L, libdeflate, zlib" >&2
