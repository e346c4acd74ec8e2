# web module: libmicrohttpd for `stackwatch serve` (lib/web*.c).
pkg_check_modules(MHD REQUIRED IMPORTED_TARGET libmicrohttpd)
target_link_libraries(stackwatch PUBLIC PkgConfig::MHD)
