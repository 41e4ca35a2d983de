// jq programs from Python, on the library's query engine (arenajson/query.hpp) when this
// build of the library has it.
#include "bindings.hpp"

namespace arenajson::python {

void bind_query(py::module_& m) {
    m.attr("has_query") = false;
}

}  // namespace arenajson::python
