# README.md's C++ blocks, built against arenajson::arenajson like any user's code and run:
# a README edit that breaks a snippet fails the build and ctest (`ctest -R readme`).
#
# The blocks are extracted at configure time (extract_snippets.cmake, which documents the
# <!-- snippet: ... --> markers); README.md is a configure dependency, so editing it
# re-extracts on the next build. Tests:
#   readme_snippets_current   the README still has the blocks these tests were made for
#                             (a block added since configure would otherwise go untested)
#   readme_snippet_<n>_build  builds block n's target, so a broken block fails ctest even
#                             when nobody ran the build first
#   readme_snippet_<n>_run    programs only: runs it from the repository root and checks it
set(ARENAJSON_README ${PROJECT_SOURCE_DIR}/README.md)
if(EXISTS ${ARENAJSON_README})
  set(readme_dir ${CMAKE_CURRENT_LIST_DIR})
  set(readme_out ${CMAKE_CURRENT_BINARY_DIR}/readme)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
               ${ARENAJSON_README} ${readme_dir}/extract_snippets.cmake)
  execute_process(COMMAND ${CMAKE_COMMAND} -DREADME=${ARENAJSON_README} -DOUT_DIR=${readme_out}
                          -P ${readme_dir}/extract_snippets.cmake
                  RESULT_VARIABLE readme_rc)
  if(NOT readme_rc EQUAL 0)
    message(FATAL_ERROR "extracting the C++ blocks of README.md failed")
  endif()
  include(${readme_out}/snippets.cmake)

  set(layout "")
  foreach(n IN LISTS README_SNIPPETS)
    list(APPEND layout "${n}:${README_SNIPPET_${n}_KIND}")
  endforeach()
  string(REPLACE ";" "," layout "${layout}")
  add_test(NAME readme_snippets_current
           COMMAND ${CMAKE_COMMAND} -DREADME=${ARENAJSON_README}
                   -DSCRATCH_DIR=${CMAKE_CURRENT_BINARY_DIR}/readme-check
                   -DEXTRACT=${readme_dir}/extract_snippets.cmake "-DCONFIGURED=${layout}"
                   -P ${readme_dir}/check_current.cmake)
  set_tests_properties(readme_snippets_current PROPERTIES
                       FIXTURES_SETUP readme_current LABELS readme TIMEOUT 60)

  add_custom_target(readme_snippets)
  foreach(n IN LISTS README_SNIPPETS)
    set(target readme_snippet_${n})
    add_executable(${target} ${readme_out}/snippet_${n}.cpp)
    target_link_libraries(${target} PRIVATE arenajson::arenajson)
    arenajson_warnings(${target})
    if(NOT README_SNIPPET_${n}_KIND STREQUAL "program"
       AND CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
      # Fragments illustrate; a name they declare and never use is not a defect.
      target_compile_options(${target} PRIVATE -Wno-unused)
    endif()
    set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${readme_out}/bin)
    add_dependencies(readme_snippets ${target})

    add_test(NAME readme_snippet_${n}_build
             COMMAND ${CMAKE_COMMAND} --build ${PROJECT_BINARY_DIR} --config $<CONFIG>
                     --target ${target})
    # One build at a time in the shared tree.
    set_tests_properties(readme_snippet_${n}_build PROPERTIES
                         FIXTURES_REQUIRED readme_current
                         FIXTURES_SETUP readme_snippet_${n} RESOURCE_LOCK readme_build
                         LABELS readme TIMEOUT 600)
    if(README_SNIPPET_${n}_KIND STREQUAL "program")
      add_test(NAME readme_snippet_${n}_run
               COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:${target}>
                       -DEXPECTED=${README_SNIPPET_${n}_EXPECTED} -DREADME=${ARENAJSON_README}
                       -P ${readme_dir}/run_snippet.cmake
               WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
      set_tests_properties(readme_snippet_${n}_run PROPERTIES
                           FIXTURES_REQUIRED readme_snippet_${n} LABELS readme TIMEOUT 60)
    endif()
  endforeach()
endif()
