// Lazy views for Python: a Document owns a parsed document, and its Objects and Arrays are
// views into it that keep it alive. Scalars are converted when they are read.
#pragma once

#include "arenajson/document.hpp"
#include "arenajson/value.hpp"

#include <pybind11/pybind11.h>

#include <cstddef>
#include <memory>

namespace arenajson::python {

namespace py = pybind11;

/// A parsed document shared by the Python objects that read it: the Document, its views and
/// iterators each hold one reference, so the document lives while any of them does.
using DocumentPtr = std::shared_ptr<const Document>;

/// Moves `doc` to the heap, shared, and counts it in live_documents() until the last holder
/// lets it go. O(1) (the arena is not moved); allocates the shared block.
DocumentPtr share(Document&& doc);
/// Documents alive now, held by Python objects (or by C++ code that shared them). O(1).
std::size_t live_documents() noexcept;
/// A document to parse into with Parser::parse_into: the arena of one that was shared and has
/// been let go (kept only while small, a few at most), else an empty one. Thread-safe. O(1).
Document recycled_document();

/// What a Python Document, Object or Array holds: a value and the document it lives in.
struct View {
    DocumentPtr doc;
    Value value;
};
/// arenajson.Document: `value` is the root.
struct DocumentView : View {};
/// arenajson.Object: `value` is an object.
struct ObjectView : View {};
/// arenajson.Array: `value` is an array.
struct ArrayView : View {};

/// `value` for Python: an Object or Array view holding `doc` for containers, else the
/// converted scalar (str, int, float, bool, None). Needs the GIL. O(1), O(length) for strings.
py::object lazy(const DocumentPtr& doc, Value value);
/// A Python Document owning `doc`. Needs the GIL. O(1).
py::object make_document(Document&& doc);

/// Registers Document, Object, Array and their iterators in `m`.
void bind_views(py::module_& m);

}  // namespace arenajson::python
