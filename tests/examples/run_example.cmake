# Runs PROGRAM (with ARGS, in WORK_DIR) and checks its exit status and output:
#   EXPECT_RC      the exit status it must return (default 0); a sanitizer's report exits with
#                  another status (or a signal), so it fails the test even after good output
#   STDOUT_REGEX   a regular expression stdout must match
#   STDERR_TEXT    text stderr must contain
if(NOT DEFINED EXPECT_RC)
  set(EXPECT_RC 0)
endif()
if(NOT DEFINED WORK_DIR)
  set(WORK_DIR .)
endif()
execute_process(COMMAND ${PROGRAM} ${ARGS} WORKING_DIRECTORY ${WORK_DIR}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc STREQUAL "${EXPECT_RC}")
  message(FATAL_ERROR "exit status ${rc}, expected ${EXPECT_RC}\nstdout:\n${out}\nstderr:\n${err}")
endif()
if(DEFINED STDOUT_REGEX AND NOT out MATCHES "${STDOUT_REGEX}")
  message(FATAL_ERROR "stdout was:\n${out}\nexpected to match:\n${STDOUT_REGEX}")
endif()
if(DEFINED STDERR_TEXT)
  string(FIND "${err}" "${STDERR_TEXT}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "stderr was:\n${err}\nexpected to contain:\n${STDERR_TEXT}")
  endif()
endif()
