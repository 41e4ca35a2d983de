# Fails when README.md's C++ blocks are no longer the ones CMake extracted at configure time
# (a block added, removed or changed in kind): ctest's list of snippet tests is then stale, and
# a new block would go untested. Build again (which re-extracts) and rerun ctest.
# Inputs: README, SCRATCH_DIR, EXTRACT (extract_snippets.cmake), CONFIGURED ("1:program,...").
cmake_minimum_required(VERSION 3.20)

execute_process(COMMAND ${CMAKE_COMMAND} -DREADME=${README} -DOUT_DIR=${SCRATCH_DIR}
                        -P ${EXTRACT}
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "extracting the C++ blocks of ${README} failed")
endif()
include(${SCRATCH_DIR}/snippets.cmake)
set(now "")
foreach(n IN LISTS README_SNIPPETS)
  list(APPEND now "${n}:${README_SNIPPET_${n}_KIND}")
endforeach()
string(REPLACE ";" "," now "${now}")
if(NOT now STREQUAL CONFIGURED)
  message(FATAL_ERROR "${README}'s C++ blocks are now '${now}' but the tests were configured "
                      "for '${CONFIGURED}': run the build again (it re-extracts them), then ctest")
endif()
message(STATUS "README C++ blocks: ${now}")
