// The extension module arenajson._arenajson; the package arenajson (tools/python/arenajson)
// re-exports it and adds JSONDecodeError and the Dask reader.
#include "bindings.hpp"
#include "errors.hpp"
#include "views.hpp"

#include "arenajson/arenajson.hpp"

#include <string_view>

namespace py = pybind11;
using namespace arenajson::python;

PYBIND11_MODULE(_arenajson, m) {
    m.doc() = "arenajson: JSON parsed into an arena, read lazily from Python.";
    m.attr("__version__") = ARENAJSON_VERSION;

    bind_views(m);
    bind_parsing(m);
    bind_ndjson(m);
    bind_query(m);

    m.def("_set_decode_error_class", &set_decode_error_class, py::arg("cls"));
    m.def("_live_documents", &live_documents,
          "Documents alive now (held by Documents, views and iterators): for tests of lifetimes.");
    m.def("reader_kernel", &arenajson::reader_kernel,
          "The SIMD kernel the reader runs on this machine: avx512, avx2, sse2 or portable.");
}
