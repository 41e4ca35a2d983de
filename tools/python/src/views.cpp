#include "views.hpp"

#include "convert.hpp"

#include "arenajson/replay.hpp"
#include "arenajson/writer.hpp"

#include <atomic>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arenajson::python {

namespace {

std::atomic<std::size_t> live{0};

// Arenas of documents let go, for the next loads(): a fresh arena's first touch of its pages
// costs about as much as parsing into them. Few and small, so that freeing a document still
// gives its memory back in all but a bounded amount.
constexpr std::size_t kSpareDocuments = 2;
constexpr std::size_t kSpareBytes = std::size_t{16} << 20;
std::mutex spare_mutex;
std::vector<Document> spare;  // guarded by spare_mutex

void recycle(Document* doc) {
    if (doc->memory().bytes_reserved <= kSpareBytes) {
        const std::lock_guard lock(spare_mutex);
        if (spare.size() < kSpareDocuments) {
            spare.push_back(std::move(*doc));
        }
    }
    delete doc;
}

// The key of an object lookup: a str, else nothing (no JSON key equals it).
bool key_of(py::handle key, std::string_view& out) {
    if (!PyUnicode_Check(key.ptr())) return false;
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(key.ptr(), &size);
    if (data == nullptr) throw py::error_already_set();
    out = std::string_view(data, static_cast<std::size_t>(size));
    return true;
}

// "a number", "an object", "null": a value's type in a sentence.
std::string type_word(Value v) {
    const std::string name = type_name(v.type());
    if (v.is_null()) return name;
    return (v.is_array() || v.is_object() ? "an " : "a ") + name;
}

[[noreturn]] void not_a(const char* what, Value v) {
    throw py::type_error("the value is " + type_word(v) + ", not " + what);
}

py::object str_object(std::string_view utf8) {
    PyObject* s = make_str(utf8);
    if (s == nullptr) throw py::error_already_set();
    return py::reinterpret_steal<py::object>(s);
}

// --- arrays

py::object element(const View& v, Py_ssize_t index) {
    const Array array = v.value.elements();
    const auto size = static_cast<Py_ssize_t>(array.size());
    if (index < 0) index += size;
    if (index < 0 || index >= size) throw py::index_error("array index out of range");
    return lazy(v.doc, array[static_cast<std::size_t>(index)]);
}

py::list slice(const View& v, const py::slice& s) {
    const Array array = v.value.elements();
    std::size_t start = 0, stop = 0, step = 0, length = 0;
    if (!s.compute(array.size(), &start, &stop, &step, &length)) throw py::error_already_set();
    py::list out(length);
    for (std::size_t i = 0; i < length; ++i) {
        out[i] = lazy(v.doc, array[start]);
        start += step;
    }
    return out;
}

// --- lookups shared by Document, Object and Array

py::object getitem(const View& v, py::handle key) {
    if (v.value.is_object()) {
        std::string_view k;
        if (key_of(key, k)) {
            const Value found = v.value.members().find(k);
            if (found.exists()) return lazy(v.doc, found);
        }
        throw py::key_error(py::repr(key).cast<std::string>());
    }
    if (v.value.is_array()) {
        if (PySlice_Check(key.ptr())) return slice(v, py::reinterpret_borrow<py::slice>(key));
        if (PyIndex_Check(key.ptr())) {
            const Py_ssize_t i = PyNumber_AsSsize_t(key.ptr(), PyExc_IndexError);
            if (i == -1 && PyErr_Occurred()) throw py::error_already_set();
            return element(v, i);
        }
        throw py::type_error(std::string("array indices must be integers or slices, not ") +
                             Py_TYPE(key.ptr())->tp_name);
    }
    throw py::type_error("the value is " + type_word(v.value) + ", which cannot be indexed");
}

py::object get(const View& v, py::handle key, py::object fallback) {
    if (!v.value.is_object()) not_a("an object", v.value);
    std::string_view k;
    if (key_of(key, k)) {
        const Value found = v.value.members().find(k);
        if (found.exists()) return lazy(v.doc, found);
    }
    return fallback;
}

bool equals(const View& v, py::handle other);

bool contains(const View& v, py::handle item) {
    if (v.value.is_object()) {
        std::string_view k;
        return key_of(item, k) && v.value.members().contains(k);
    }
    if (v.value.is_array()) {
        for (const Value e : v.value.elements()) {
            const py::object element = lazy(v.doc, e);
            const int r = PyObject_RichCompareBool(element.ptr(), item.ptr(), Py_EQ);
            if (r < 0) throw py::error_already_set();
            if (r == 1) return true;
        }
        return false;
    }
    throw py::type_error("the value is " + type_word(v.value) + ", which has no members");
}

std::size_t length(const View& v) {
    if (!v.value.is_object() && !v.value.is_array()) {
        throw py::type_error("the value is " + type_word(v.value) + ", which has no length");
    }
    return v.value.size();
}

py::object at_pointer(const View& v, std::string_view pointer, py::object fallback) {
    const Value found = v.value.at_pointer(pointer);
    if (found.exists()) return lazy(v.doc, found);
    const Error e = found.error();
    const std::string where = "'" + std::string(pointer) + "': ";
    if (e.code == ErrorCode::invalid_pointer) throw py::value_error(where + e.message());
    if (!fallback.is(py::ellipsis())) return fallback;
    if (e.code == ErrorCode::index_out_of_range) throw py::index_error(where + e.message());
    if (e.code == ErrorCode::wrong_type) throw py::type_error(where + e.message());
    throw py::key_error(where + e.message());
}

std::string json_text(const View& v, py::object indent, bool ascii) {
    WriteOptions options;
    options.escape_non_ascii = ascii;
    if (!indent.is_none()) {
        options.pretty = true;
        options.indent = indent.cast<int>();
        if (options.indent < 0 || options.indent > 64) {
            throw py::value_error("indent must be between 0 and 64");
        }
    }
    return to_string(v.value, options);
}

// Writes at most about `limit` bytes of a value's JSON text, for repr().
struct ShortWriter {
    std::string& text;
    Writer writer;
    std::size_t limit;
    ShortWriter(std::string& out, std::size_t max) : text(out), writer(out), limit(max) {}
    bool more() const { return text.size() <= limit; }
    bool on_null() { return writer.on_null() && more(); }
    bool on_bool(bool b) { return writer.on_bool(b) && more(); }
    bool on_int64(std::int64_t i) { return writer.on_int64(i) && more(); }
    bool on_uint64(std::uint64_t u) { return writer.on_uint64(u) && more(); }
    bool on_double(double d) { return writer.on_double(d) && more(); }
    bool on_number_text(std::string_view t) { return writer.on_number_text(t) && more(); }
    bool on_string(std::string_view s) { return writer.on_string(s) && more(); }
    bool on_key(std::string_view k) { return writer.on_key(k) && more(); }
    bool on_start_object() { return writer.on_start_object() && more(); }
    bool on_end_object(std::size_t n) { return writer.on_end_object(n) && more(); }
    bool on_start_array() { return writer.on_start_array() && more(); }
    bool on_end_array(std::size_t n) { return writer.on_end_array(n) && more(); }
};

std::string repr(const char* kind, const View& v) {
    constexpr std::size_t kLimit = 72;
    std::string text;
    ShortWriter writer(text, kLimit);
    const bool whole = static_cast<bool>(replay(v.value, writer));
    if (!whole || text.size() > kLimit) {
        // Cut on a character boundary, then say that more follows.
        std::size_t cut = std::min(text.size(), kLimit);
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
            --cut;
        text.resize(cut);
        text += "...";
    }
    return std::string("<arenajson.") + kind + " " + text + ">";
}

bool equals(const View& v, py::handle other) {
    if (py::isinstance<DocumentView>(other) || py::isinstance<ObjectView>(other) ||
        py::isinstance<ArrayView>(other)) {
        return v.value == other.cast<const View&>().value;
    }
    const py::object mine = to_python(v.value);
    const int r = PyObject_RichCompareBool(mine.ptr(), other.ptr(), Py_EQ);
    if (r < 0) throw py::error_already_set();
    return r == 1;
}

// --- iterators

struct ArrayIterator {
    DocumentPtr doc;
    Array array;
    std::size_t next = 0;
};

enum class MemberPart { keys, values, items };

struct ObjectIterator {
    DocumentPtr doc;
    Object object;
    std::size_t next = 0;
};

py::object member_part(const DocumentPtr& doc, const Member& m, MemberPart part) {
    switch (part) {
        case MemberPart::keys:
            return str_object(m.key);
        case MemberPart::values:
            return lazy(doc, m.value);
        case MemberPart::items:
            break;
    }
    return py::make_tuple(str_object(m.key), lazy(doc, m.value));
}

py::list members(const View& v, MemberPart part) {
    if (!v.value.is_object()) not_a("an object", v.value);
    const Object object = v.value.members();
    py::list out(object.size());
    std::size_t i = 0;
    for (const Member m : object)
        out[i++] = member_part(v.doc, m, part);
    return out;
}

py::object iterate(const View& v) {
    if (v.value.is_object()) return py::cast(ObjectIterator{v.doc, v.value.members(), 0});
    if (v.value.is_array()) return py::cast(ArrayIterator{v.doc, v.value.elements(), 0});
    throw py::type_error("the value is " + type_word(v.value) + ", which cannot be iterated");
}

py::tuple reduce(const View& v, const char* rebuild) {
    // Pickled as its JSON text, parsed again when unpickled by a function of the package
    // (a function of the extension module cannot be pickled by name).
    const py::module_ package = py::module_::import("arenajson");
    const std::string text = to_string(v.value);
    return py::make_tuple(package.attr(rebuild), py::make_tuple(py::bytes(text)));
}

// The methods every view class has, on the view's value.
template <class Class>
void bind_common(Class& c, const char* kind) {
    using T = typename Class::type;
    c.def(
         "__getitem__", [](const T& v, py::handle key) { return getitem(v, key); }, py::arg("key"),
         "`view[key]`: a member of an object (KeyError when absent) or an "
         "element of an array (an int, negative from the end, or a slice).")
        .def("__len__", [](const T& v) { return length(v); })
        .def("__contains__", [](const T& v, py::handle item) { return contains(v, item); })
        .def("__iter__", [](const T& v) { return iterate(v); })
        .def("__eq__", [](const T& v, py::handle other) { return equals(v, other); })
        .def("__ne__", [](const T& v, py::handle other) { return !equals(v, other); })
        .def("__repr__", [kind](const T& v) { return repr(kind, v); })
        .def(
            "get",
            [](const T& v, py::handle key, py::object fallback) {
                return get(v, key, std::move(fallback));
            },
            py::arg("key"), py::arg("default") = py::none(),
            "The member with this key (the first, if the key repeats), else `default`.")
        .def(
            "keys", [](const T& v) { return members(v, MemberPart::keys); },
            "The keys of an object's members in document order (a repeated key each time).")
        .def(
            "values", [](const T& v) { return members(v, MemberPart::values); },
            "The values of an object's members in document order.")
        .def(
            "items", [](const T& v) { return members(v, MemberPart::items); },
            "(key, value) for each member of an object in document order.")
        .def(
            "at_pointer",
            [](const T& v, std::string_view pointer, py::object fallback) {
                return at_pointer(v, pointer, std::move(fallback));
            },
            py::arg("pointer"), py::arg("default") = py::ellipsis(),
            "The value at an RFC 6901 JSON Pointer ('/statuses/0/id'). Where it leads nowhere: "
            "`default` when given, else KeyError, IndexError or TypeError; ValueError for a "
            "malformed pointer.")
        .def(
            "to_python", [](const T& v) { return to_python(v.value); },
            "The value as plain dicts, lists, str, int, float, bool and None.")
        .def(
            "to_json",
            [](const T& v, py::object indent, bool ascii) {
                return json_text(v, std::move(indent), ascii);
            },
            py::arg("indent") = py::none(), py::arg("ensure_ascii") = false,
            "The value's JSON text: compact, or pretty with `indent` spaces per level; numbers "
            "kept as text are written unchanged.")
        .def_property_readonly(
            "type", [](const T& v) { return type_name(v.value.type()); },
            "The JSON type as jq names it: 'object', 'array', 'string', ...")
        .attr("__hash__") = py::none();
}

}  // namespace

DocumentPtr share(Document&& doc) {
    live.fetch_add(1, std::memory_order_relaxed);
    return DocumentPtr(new Document(std::move(doc)), [](const Document* d) {
        recycle(const_cast<Document*>(d));  // it was made non-const by new, above
        live.fetch_sub(1, std::memory_order_relaxed);
    });
}

Document recycled_document() {
    const std::lock_guard lock(spare_mutex);
    if (spare.empty()) return Document();
    Document doc = std::move(spare.back());
    spare.pop_back();
    return doc;
}

std::size_t live_documents() noexcept {
    return live.load(std::memory_order_relaxed);
}

py::object lazy(const DocumentPtr& doc, Value value) {
    if (value.is_object()) return py::cast(ObjectView{{doc, value}});
    if (value.is_array()) return py::cast(ArrayView{{doc, value}});
    PyObject* scalar = scalar_to_python(value);
    if (scalar == nullptr) {
        if (PyErr_Occurred()) throw py::error_already_set();
        throw py::key_error("missing value");
    }
    return py::reinterpret_steal<py::object>(scalar);
}

py::object make_document(Document&& doc) {
    const Value root = doc.root();
    DocumentPtr shared = share(std::move(doc));
    return py::cast(DocumentView{{std::move(shared), root}});
}

void bind_views(py::module_& m) {
    py::class_<View>(m, "_View");

    py::class_<DocumentView, View> document(m, "Document", R"doc(
A parsed JSON document. It owns the document's memory; its Objects and Arrays are views that
keep it alive. Index it like its root value (doc["statuses"][0]["id"]); scalars are converted
when read, containers stay views. Immutable; safe to read from several threads.)doc");
    bind_common(document, "Document");
    document
        .def_property_readonly(
            "root", [](const DocumentView& d) { return lazy(d.doc, d.value); },
            "The root value: an Object or Array view, or a scalar.")
        .def_property_readonly(
            "memory",
            [](const DocumentView& d) {
                const ArenaStats s = d.doc->memory();
                py::dict out;
                out["bytes_used"] = s.bytes_used;
                out["bytes_reserved"] = s.bytes_reserved;
                out["chunks"] = s.chunk_count;
                return out;
            },
            "The document's arena: bytes used and reserved, and its chunk count.")
        .def("__reduce__", [](const DocumentView& d) { return reduce(d, "_document_from_json"); });

    py::class_<ObjectView, View> object(m, "Object", R"doc(
A view of a JSON object in a Document (a read-only mapping in document order). `obj[key]` finds
the first member with the key; len() counts every member, a repeated key too.)doc");
    bind_common(object, "Object");
    object
        .def_property_readonly(
            "document",
            [](const ObjectView& v) {
                return DocumentView{{v.doc, v.doc->root()}};
            },
            "The Document this value belongs to.")
        .def("__reduce__", [](const ObjectView& v) { return reduce(v, "_root_from_json"); });

    py::class_<ArrayView, View> array(m, "Array", R"doc(
A view of a JSON array in a Document (a read-only sequence): O(1) len() and indexing.)doc");
    bind_common(array, "Array");
    array
        .def_property_readonly(
            "document",
            [](const ArrayView& v) {
                return DocumentView{{v.doc, v.doc->root()}};
            },
            "The Document this value belongs to.")
        .def("__reduce__", [](const ArrayView& v) { return reduce(v, "_root_from_json"); });

    py::class_<ArrayIterator>(m, "_ArrayIterator")
        .def("__iter__", [](py::object self) { return self; })
        .def("__next__",
             [](ArrayIterator& it) {
                 if (it.next >= it.array.size()) throw py::stop_iteration();
                 return lazy(it.doc, it.array[it.next++]);
             })
        .def("__length_hint__", [](const ArrayIterator& it) { return it.array.size() - it.next; });
    py::class_<ObjectIterator>(m, "_ObjectIterator")
        .def("__iter__", [](py::object self) { return self; })
        .def("__next__",
             [](ObjectIterator& it) {
                 if (it.next >= it.object.size()) throw py::stop_iteration();
                 const Member member = it.object.begin()[static_cast<std::ptrdiff_t>(it.next++)];
                 return str_object(member.key);
             })
        .def("__length_hint__",
             [](const ObjectIterator& it) { return it.object.size() - it.next; });
}

}  // namespace arenajson::python
