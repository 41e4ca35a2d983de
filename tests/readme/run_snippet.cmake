# Runs one README program (from the repository root, as the README says) and checks it: exit 0,
# something on stdout, and, when the README shows its output, exactly that output.
# Inputs: PROGRAM, EXPECTED (a file, or empty), README (for messages).
cmake_minimum_required(VERSION 3.20)

execute_process(COMMAND ${PROGRAM} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
message(STATUS "stdout:\n${out}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the README program exited with '${rc}'; stderr:\n${err}")
endif()
if(out STREQUAL "")
  message(FATAL_ERROR "the README program printed nothing; stderr:\n${err}")
endif()
if(EXPECTED)
  file(READ ${EXPECTED} expected)
  if(NOT out STREQUAL expected)
    message(FATAL_ERROR "the README program's output is not the output ${README} shows "
                        "(update the block after it, marked <!-- snippet: output -->).\n"
                        "README shows:\n${expected}\nthe program printed:\n${out}")
  endif()
endif()
