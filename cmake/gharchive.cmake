# gharchive: ISA-L (igzip inflate + crc32) for the scan hot path, zlib for
# the generator's gzip output. Debian's libisal-dev ships a .pc file, older
# ones do not: fall back to find_path/find_library.
pkg_check_modules(ISAL IMPORTED_TARGET libisal)
if(ISAL_FOUND)
  target_link_libraries(stackwatch PUBLIC PkgConfig::ISAL)
else()
  find_path(ISAL_INCLUDE isa-l/igzip_lib.h REQUIRED)
  find_library(ISAL_LIB isal REQUIRED)
  target_include_directories(stackwatch PRIVATE ${ISAL_INCLUDE})
  target_link_libraries(stackwatch PUBLIC ${ISAL_LIB})
endif()
pkg_check_modules(ZLIB_GHA REQUIRED IMPORTED_TARGET zlib)
target_link_libraries(stackwatch PUBLIC PkgConfig::ZLIB_GHA)
