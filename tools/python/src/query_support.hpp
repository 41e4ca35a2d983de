// jq programs for the Python module: compiled once per program text, run with the results
// converted to Python objects, failures raised as arenajson.QueryError.
#pragma once

#include "arenajson/query.hpp"
#include "arenajson/value.hpp"

#include <pybind11/pybind11.h>

#include <cstdint>
#include <memory>
#include <string>

namespace arenajson::python {

namespace py = pybind11;

/// The compiled program for `program`, from a small cache of recent programs. Raises
/// arenajson.QueryError (with the line and column in the program) when it does not compile.
/// Needs the GIL. O(program length) the first time, O(1) after.
std::shared_ptr<const Query> compiled_query(const std::string& program);

/// Raises arenajson.QueryError for a failed run of `run` (never returns): jq's message, and
/// `where` (a file and line, or empty) in front of it. Needs the GIL.
[[noreturn]] void raise_query_error(const Error& e, const Evaluation& run,
                                    const std::string& where);

/// Raises arenajson.QueryError with `message` and the name of `e`'s code (never returns).
[[noreturn]] void raise_query_message(const std::string& message, const Error& e);

/// Runs `run` on `input`, appending each result to `out` as plain Python objects. Raises as
/// raise_query_error. Needs the GIL (held throughout: the results are converted as they come).
void run_to_python(Evaluation& run, Value input, py::list& out, const std::string& where = {});

/// "<file>: record <n>: " for the errors of an NDJSON record's run ("record <n>: " without a
/// file name); records count from 1.
std::string record_place(const std::string& filename, std::uint64_t record);

}  // namespace arenajson::python
