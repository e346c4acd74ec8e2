# install.cmake: what `cmake --install build --prefix DIR` puts in DIR, as a
# C tool people know: bin/stackwatch; a man page per command and the shell
# completions, written after each build by the binary itself from its
# option tables (cmake/manpages.cmake); the library with its public headers
# and a pkg-config file (relocatable: found from where it is installed).
include(GNUInstallDirs)
set(SW_SHARE_OUT ${PROJECT_BINARY_DIR}/share)
add_custom_command(TARGET stackwatch_cli POST_BUILD
  COMMAND ${CMAKE_COMMAND} -DSW=$<TARGET_FILE:stackwatch_cli> -DOUT=${SW_SHARE_OUT}
          -P ${PROJECT_SOURCE_DIR}/cmake/manpages.cmake
  COMMENT "man pages and shell completions from the option tables" VERBATIM)

install(TARGETS stackwatch_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS stackwatch ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
# the headers of this build's subsystems
foreach(s ${SW_HAVE})
  install(FILES ${PROJECT_SOURCE_DIR}/include/stackwatch/${s}.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/stackwatch)
endforeach()
install(DIRECTORY ${SW_SHARE_OUT}/man/ DESTINATION ${CMAKE_INSTALL_MANDIR})
install(FILES ${SW_SHARE_OUT}/bash-completion/completions/stackwatch
  DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
install(FILES ${SW_SHARE_OUT}/zsh/site-functions/_stackwatch DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/site-functions)

# pkg-config: a static library, so its users link what it links (Requires).
set(SW_PC_REQUIRES "sqlite3 jansson")
set(SW_PC_LIBS "")
if("github" IN_LIST SW_HAVE)
  string(APPEND SW_PC_REQUIRES " libcurl")
endif()
if("gharchive" IN_LIST SW_HAVE)
  if(ISAL_FOUND)
    string(APPEND SW_PC_REQUIRES " libisal")
  else()
    string(APPEND SW_PC_LIBS " -lisal")
  endif()
  string(APPEND SW_PC_REQUIRES " zlib")
endif()
if("web" IN_LIST SW_HAVE)
  string(APPEND SW_PC_REQUIRES " libmicrohttpd libdeflate")
endif()
file(RELATIVE_PATH SW_PC_UP ${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" SW_PC_UP "${SW_PC_UP}")
file(WRITE ${PROJECT_BINARY_DIR}/stackwatch.pc
"prefix=\${pcfiledir}/${SW_PC_UP}
libdir=\${prefix}/${CMAKE_INSTALL_LIBDIR}
includedir=\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}

Name: stackwatch
Description: an observatory of the open-source AI ecosystem on GitHub (libstackwatch)
Version: ${PROJECT_VERSION}
Requires: ${SW_PC_REQUIRES}
Cflags: -I\${includedir}
Libs: -L\${libdir} -lstackwatch${SW_PC_LIBS} -lm -lpthread
")
install(FILES ${PROJECT_BINARY_DIR}/stackwatch.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
