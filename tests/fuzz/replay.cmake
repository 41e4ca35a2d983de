# Included from tests/CMakeLists.txt in the normal (GCC or clang, no libFuzzer) build: each
# fuzz target's entry point is linked with replay_main.cpp and run by ctest on every input in
# tests/fuzz/regressions/<target>/ (test fuzz_replay_<target>).
set(ARENAJSON_FUZZ_DIR ${CMAKE_CURRENT_LIST_DIR})
set(ARENAJSON_REPLAY_TARGETS fuzz_parse fuzz_chunks fuzz_roundtrip fuzz_ndjson fuzz_zstd
                             fuzz_query)

find_package(RapidJSON QUIET)
if(RapidJSON_FOUND OR RAPIDJSON_INCLUDE_DIRS)
  list(APPEND ARENAJSON_REPLAY_TARGETS fuzz_differential)
else()
  message(STATUS "arenajson: RapidJSON not found; fuzz_replay_fuzz_differential is skipped")
endif()

foreach(target IN LISTS ARENAJSON_REPLAY_TARGETS)
  set(exe replay_${target})
  add_executable(${exe} ${ARENAJSON_FUZZ_DIR}/${target}.cpp ${ARENAJSON_FUZZ_DIR}/replay_main.cpp)
  target_include_directories(${exe} PRIVATE ${ARENAJSON_FUZZ_DIR} ${CMAKE_CURRENT_SOURCE_DIR})
  if(target STREQUAL "fuzz_differential")
    target_include_directories(${exe} SYSTEM PRIVATE ${RAPIDJSON_INCLUDE_DIRS})
    # RapidJSON 1.1.0 has undefined behaviour of its own on the inputs this target feeds it
    # (clz of 0 in diyfp.h, offsets to a null pointer in stack.h); it is not ours to check.
    if(CMAKE_CXX_FLAGS MATCHES "sanitize=[^ ]*undefined")
      if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
        target_compile_options(${exe} PRIVATE
          -fsanitize-ignorelist=${ARENAJSON_FUZZ_DIR}/rapidjson_ubsan.ignore)
      else()
        # GCC has no ignore lists: UBSan is off for this one file (the library stays checked).
        target_compile_options(${exe} PRIVATE -fno-sanitize=undefined)
      endif()
    endif()
  endif()
  target_link_libraries(${exe} PRIVATE arenajson::arenajson ${ARENAJSON_ZSTD_TARGET})
  arenajson_warnings(${exe})
  add_test(NAME fuzz_replay_${target}
           COMMAND ${exe} ${ARENAJSON_FUZZ_DIR}/regressions/${target})
  set_tests_properties(fuzz_replay_${target} PROPERTIES TIMEOUT 600)
endforeach()
