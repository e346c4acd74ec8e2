# manpages.cmake: run with -DSW=<the stackwatch binary> -DOUT=<dir> -P after
# each build of the CLI. Writes, from the binary's own command and option
# tables (stackwatch help --man / --completion, cli/help_tools.c), so that
# they cannot drift from --help:
#   OUT/man/man1/stackwatch.1 and stackwatch-CMD.1 for each command built
#   OUT/bash-completion/completions/stackwatch, OUT/zsh/site-functions/_stackwatch
file(REMOVE_RECURSE ${OUT}/man)
file(MAKE_DIRECTORY ${OUT}/man/man1 ${OUT}/bash-completion/completions ${OUT}/zsh/site-functions)
function(sw_run out)
  execute_process(COMMAND ${SW} help ${ARGN} OUTPUT_FILE ${out} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "stackwatch help ${ARGN} failed (${rc})")
  endif()
endfunction()
execute_process(COMMAND ${SW} help --commands OUTPUT_VARIABLE cmds RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "stackwatch help --commands failed (${rc})")
endif()
string(REPLACE "\n" ";" cmds "${cmds}")
sw_run(${OUT}/man/man1/stackwatch.1 --man)
foreach(c ${cmds})
  if(c AND NOT c STREQUAL "help")
    sw_run(${OUT}/man/man1/stackwatch-${c}.1 --man ${c})
  endif()
endforeach()
sw_run(${OUT}/bash-completion/completions/stackwatch --completion bash)
sw_run(${OUT}/zsh/site-functions/_stackwatch --completion zsh)
