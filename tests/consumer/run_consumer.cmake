# Installs the build tree into a scratch prefix, then configures, builds and runs the consumer
# project against it with find_package(arenajson), and once more with pkg-config's flags.
# Inputs: BUILD_DIR, SOURCE_DIR, WORK_DIR, EXPECT.
file(REMOVE_RECURSE ${WORK_DIR})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${WORK_DIR}/prefix
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed (${rc})")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR}/build
                        -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix -DCMAKE_BUILD_TYPE=Release
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configuring the consumer against the installed package failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR}/build RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "building the consumer failed")
endif()
execute_process(COMMAND ${WORK_DIR}/build/consumer OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT out MATCHES "${EXPECT}")
  message(FATAL_ERROR "consumer printed '${out}' (exit ${rc}), expected '${EXPECT}'")
endif()

# The same program through pkg-config.
find_program(PKG_CONFIG pkg-config)
if(PKG_CONFIG)
  file(GLOB_RECURSE pc_file ${WORK_DIR}/prefix/*/arenajson.pc)
  get_filename_component(pc_dir "${pc_file}" DIRECTORY)
  set(ENV{PKG_CONFIG_PATH} "${pc_dir}")
  execute_process(COMMAND ${PKG_CONFIG} --cflags --libs --static arenajson
                  OUTPUT_VARIABLE flags RESULT_VARIABLE rc OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "pkg-config does not know the installed arenajson")
  endif()
  separate_arguments(flags UNIX_COMMAND "${flags}")
  execute_process(COMMAND ${CXX} ${SOURCE_DIR}/main.cpp ${flags} -o ${WORK_DIR}/consumer-pc
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "building the consumer with pkg-config's flags failed")
  endif()
  execute_process(COMMAND ${WORK_DIR}/consumer-pc OUTPUT_VARIABLE out RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0 OR NOT out MATCHES "${EXPECT}")
    message(FATAL_ERROR "pkg-config consumer printed '${out}' (exit ${rc})")
  endif()
else()
  message(STATUS "pkg-config not found: the pkg-config half of this test is skipped")
endif()

# The embedding examples, built against the same installed package and run.
if(EXAMPLES_DIR)
  execute_process(COMMAND ${CMAKE_COMMAND} -S ${EXAMPLES_DIR} -B ${WORK_DIR}/examples
                          -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix -DCMAKE_BUILD_TYPE=Release
                  RESULT_VARIABLE rc OUTPUT_QUIET)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "configuring the examples against the installed package failed")
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR}/examples -j2 RESULT_VARIABLE rc OUTPUT_QUIET)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "building the examples against the installed package failed")
  endif()
  foreach(pair "config_reader|service inventory on port 8080" "ndjson_aggregate|500 requests"
               "sax_sum|sum of all numbers: 44945.22" "arena_loop|allocations in the last 9900 parses: 0"
               "query_report|JP: 13 people, oldest Ken Knuth")
    string(REPLACE "|" ";" pair "${pair}")
    list(GET pair 0 name)
    list(GET pair 1 expect)
    execute_process(COMMAND ${WORK_DIR}/examples/example_${name} WORKING_DIRECTORY ${SOURCE_ROOT}
                    OUTPUT_VARIABLE out RESULT_VARIABLE rc)
    string(FIND "${out}" "${expect}" at)
    if(NOT rc EQUAL 0 OR at EQUAL -1)
      message(FATAL_ERROR "installed example ${name} printed '${out}' (exit ${rc})")
    endif()
  endforeach()
endif()
