# web module: libmicrohttpd for `stackwatch serve` (lib/web*.c), libdeflate
# for gzip-compressed answers.
pkg_check_modules(WEB_MHD REQUIRED IMPORTED_TARGET libmicrohttpd)
pkg_check_modules(WEB_DEFLATE REQUIRED IMPORTED_TARGET libdeflate)
target_link_libraries(stackwatch PUBLIC PkgConfig::WEB_MHD PkgConfig::WEB_DEFLATE)
