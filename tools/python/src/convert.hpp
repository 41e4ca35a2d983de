// JSON values as plain Python objects: dicts, lists, str, int, float, bool and None.
#pragma once

#include "arenajson/value.hpp"

#include <pybind11/pybind11.h>

#include <string_view>

namespace arenajson::python {

namespace py = pybind11;

/// A Python str from decoded (valid) UTF-8. New reference; nullptr with a Python error set
/// when memory runs out. O(length).
PyObject* make_str(std::string_view utf8);
/// A number kept as its exact text: an int when the text is an integer (exact, however large),
/// else the nearest float (inf beyond the double range, as float() gives). New reference, or
/// nullptr with a Python error set. O(digits).
PyObject* number_from_text(std::string_view text);
/// A scalar (null, boolean, number, string) as a Python object; nullptr without an error set
/// for arrays, objects and missing values. New reference, or nullptr with a Python error set.
/// O(1), O(length) for strings and kept number texts.
PyObject* scalar_to_python(Value value);
/// The whole value as plain Python objects: objects become dicts (with duplicate keys, the
/// first member wins, as lookups in the document find it), arrays lists. Needs the GIL.
/// Throws py::error_already_set when memory runs out. O(size), no recursion; equal keys of
/// the document become one shared str.
py::object to_python(Value value);

}  // namespace arenajson::python
