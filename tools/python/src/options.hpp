// Keyword arguments of the Python functions, turned into the library's ParseOptions.
#pragma once

#include "arenajson/document.hpp"

#include <pybind11/pybind11.h>

namespace arenajson::python {

namespace py = pybind11;

/// The parse options named by `kwargs` (max_depth, max_memory, max_input, zstd_window_log,
/// duplicate_keys="keep"|"reject", allow_bom, replace_lone_surrogates, exact_numbers), on top
/// of the library's defaults. `function` names the caller in error messages. Throws TypeError
/// for an unknown keyword or a value of the wrong type, ValueError for a value out of range.
/// O(keywords).
ParseOptions parse_options(const py::kwargs& kwargs, const char* function);

}  // namespace arenajson::python
