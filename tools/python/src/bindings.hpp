// The parts of the _arenajson module, each registering its functions and classes.
#pragma once

#include <pybind11/pybind11.h>

namespace arenajson::python {

namespace py = pybind11;

/// loads() and load().
void bind_parsing(py::module_& m);
/// iter_ndjson() and the per-block reader of arenajson.dask.
void bind_ndjson(py::module_& m);
/// query() and compile() when the library has its jq engine; `has_query` either way.
void bind_query(py::module_& m);

}  // namespace arenajson::python
