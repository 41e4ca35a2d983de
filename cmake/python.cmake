# The Python module (tools/python): decides whether it can be built here, before the library's
# layers are configured, because building it makes their code position-independent.
#
# Sets ARENAJSON_PYTHON_MODULE (ON when the module is built) and, when it is not,
# ARENAJSON_PYTHON_SKIP_REASON for the message and for the test that reports the skip.
set(ARENAJSON_PYTHON_MODULE OFF)
set(ARENAJSON_PYTHON_SKIP_REASON "ARENAJSON_BUILD_PYTHON is OFF")
if(NOT ARENAJSON_BUILD_PYTHON)
  return()
endif()
if(CMAKE_CXX_FLAGS MATCHES "sanitize")
  # An instrumented extension cannot be loaded into an uninstrumented interpreter.
  set(ARENAJSON_PYTHON_SKIP_REASON "a sanitizer build: the module is built only without sanitizers")
  return()
endif()

# Debian's own interpreter by default: its python3-* packages (pybind11, dask, pytest) are
# installed for it, and another python3 (pyenv, a venv) may come first on PATH.
if(NOT DEFINED ARENAJSON_PYTHON AND EXISTS /usr/bin/python3)
  set(ARENAJSON_PYTHON /usr/bin/python3)
endif()
set(ARENAJSON_PYTHON "${ARENAJSON_PYTHON}" CACHE FILEPATH
    "The Python interpreter the module is built for and tested with")
if(ARENAJSON_PYTHON)
  set(Python3_EXECUTABLE "${ARENAJSON_PYTHON}")
endif()
find_package(Python3 COMPONENTS Interpreter Development.Module QUIET)
if(NOT Python3_FOUND)
  set(ARENAJSON_PYTHON_SKIP_REASON
      "Python's headers not found for ${ARENAJSON_PYTHON} (install python3-dev)")
  message(STATUS "arenajson: ${ARENAJSON_PYTHON_SKIP_REASON}; the Python module is skipped")
  return()
endif()
# pybind11's CMake package, as the interpreter's pybind11 (python3-pybind11) reports it.
execute_process(COMMAND "${Python3_EXECUTABLE}" -m pybind11 --cmakedir
                OUTPUT_VARIABLE arenajson_pybind11_dir OUTPUT_STRIP_TRAILING_WHITESPACE
                ERROR_QUIET RESULT_VARIABLE arenajson_pybind11_rc)
if(arenajson_pybind11_rc EQUAL 0)
  set(pybind11_DIR "${arenajson_pybind11_dir}" CACHE PATH "pybind11's CMake package")
endif()
find_package(pybind11 2.10 CONFIG QUIET)
if(NOT pybind11_FOUND)
  set(ARENAJSON_PYTHON_SKIP_REASON
      "pybind11 not found for ${Python3_EXECUTABLE} (install python3-pybind11)")
  message(STATUS "arenajson: ${ARENAJSON_PYTHON_SKIP_REASON}; the Python module is skipped")
  return()
endif()
set(ARENAJSON_PYTHON_MODULE ON)
