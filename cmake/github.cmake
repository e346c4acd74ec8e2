# github module (lib/github.c): libcurl for the GitHub REST/GraphQL client.
pkg_check_modules(CURL REQUIRED IMPORTED_TARGET libcurl)
target_link_libraries(stackwatch PUBLIC PkgConfig::CURL)
