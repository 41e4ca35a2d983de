// The library's errors as Python exceptions: arenajson.JSONDecodeError (a subclass of
// json.JSONDecodeError) for bad input and exceeded limits, OSError for files.
#pragma once

#include "arenajson/error.hpp"

#include <pybind11/pybind11.h>

#include <string>
#include <string_view>

namespace arenajson::python {

namespace py = pybind11;

/// What was parsed, to place an error in it the way json.JSONDecodeError does.
struct InputInfo {
    /// The str or bytes parsed (the exception's `doc`); None for files and streams.
    py::handle doc = py::none();
    /// Its UTF-8 text when `doc` is a str: error positions are then counted in characters, as
    /// Python indexes the str; otherwise in bytes.
    std::string_view str_utf8;
    /// The file's name, or empty.
    std::string filename;
};

/// Installs the exception class raised for bad input (arenajson.JSONDecodeError, defined in
/// Python); called once when the package is imported.
void set_decode_error_class(py::handle cls);

/// Raises `e` about `input` as a Python exception (never returns): open_failed and read_failed
/// become OSError (FileNotFoundError, ...) with the file name; every other code
/// arenajson.JSONDecodeError with msg, pos, lineno, colno, the byte offset and the code's
/// name; exceeded limits name the keyword that raises them. O(offset) for str input.
[[noreturn]] void raise_error(const Error& e, const InputInfo& input);

/// The message for `e`: what went wrong and, for a limit, the keyword that raises it. Allocates.
std::string error_text(const Error& e);

}  // namespace arenajson::python
