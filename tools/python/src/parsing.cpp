// arenajson.loads and arenajson.load: one document from memory, a path or a file.
#include "bindings.hpp"
#include "convert.hpp"
#include "errors.hpp"
#include "input.hpp"
#include "options.hpp"
#include "views.hpp"

#include "arenajson/document.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace arenajson::python {

namespace {

// True when bytes begin as zstd does (a frame, or a skippable frame): no JSON text can.
bool zstd_magic(std::string_view bytes) {
    if (bytes.size() < 4) return false;
    const auto b0 = static_cast<unsigned char>(bytes[0]);
    return (b0 == 0x28 && bytes.substr(1, 3) == "\xb5\x2f\xfd") ||
           ((b0 & 0xF0) == 0x50 && bytes.substr(1, 3) == "\x2a\x4d\x18");
}

Result<Document> parse_released(std::string_view text, const ParseOptions& options) {
    py::gil_scoped_release release;
    if (zstd_magic(text)) {
        Source source = Source::from_memory(text, options.source);
        return parse_source(source, options);
    }
    return parse(text, options);
}

// Each thread's parser and document for loads(lazy=False): the document's arena is reused
// from call to call, so converting a stream of small documents takes no new memory.
struct Scratch {
    Parser parser;
    Document doc;
    bool busy = false;  // a conversion is running (a finalizer it triggers may call loads)
};
// A document larger than this gives its memory back after the conversion.
constexpr std::size_t kKeepBytes = std::size_t{64} << 20;

py::object text_to_python(std::string_view text, const ParseOptions& options,
                          const InputInfo& info) {
    thread_local Scratch scratch;
    if (scratch.busy || zstd_magic(text)) {
        Result<Document> doc = parse_released(text, options);
        if (!doc) raise_error(doc.error(), info);
        return to_python(doc->root());
    }
    scratch.busy = true;
    struct Release {
        Scratch& s;
        ~Release() {
            if (s.doc.memory().bytes_reserved > kKeepBytes) s.doc = Document();
            s.busy = false;
        }
    } release{scratch};
    if (!(scratch.parser.options() == options)) scratch.parser.set_options(options);
    Status status;
    {
        py::gil_scoped_release no_gil;
        status = scratch.parser.parse_into(scratch.doc, text);
    }
    if (!status) raise_error(status.error(), info);
    return to_python(scratch.doc.root());
}

py::object finish(Result<Document>& doc, bool lazy, const InputInfo& info) {
    if (!doc) raise_error(doc.error(), info);
    if (lazy) return make_document(std::move(*doc));
    return to_python(doc->root());
}

// A lazy Document of text: parsed by this thread's parser (its buffers reused) into the arena
// of a document freed earlier, when there is one.
py::object text_to_document(std::string_view text, const ParseOptions& options,
                            const InputInfo& info) {
    // Each thread its own: other threads parse while this one has released the GIL.
    thread_local Parser parser;
    if (zstd_magic(text)) {
        Result<Document> doc = parse_released(text, options);
        return finish(doc, true, info);
    }
    if (!(parser.options() == options)) parser.set_options(options);
    Document doc = recycled_document();
    Status status;
    {
        py::gil_scoped_release no_gil;
        status = parser.parse_into(doc, text);
    }
    if (!status) raise_error(status.error(), info);
    return make_document(std::move(doc));
}

py::object loads(py::handle s, bool lazy, const py::kwargs& kwargs) {
    const ParseOptions options = parse_options(kwargs, "loads");
    const InputText text(s);
    if (!lazy) return text_to_python(text.bytes(), options, text.info());
    return text_to_document(text.bytes(), options, text.info());
}

py::object load(py::handle source, bool lazy, const py::kwargs& kwargs) {
    const ParseOptions options = parse_options(kwargs, "load");
    InputInfo info;
    Result<Document> doc = Error::of(ErrorCode::open_failed);
    if (const std::optional<std::string> path = path_of(source)) {
        info.filename = *path;
        py::gil_scoped_release release;
        doc = parse_file(*path, options);
    } else if (py::hasattr(source, "read")) {
        info.filename = file_name(source);
        if (reads_from_descriptor(source)) {
            const int fd = source.attr("fileno")().cast<int>();
            const long long position = source.attr("tell")().cast<long long>();
            {
                py::gil_scoped_release release;
                Source input = descriptor_source(fd, position, info.filename, options.source);
                doc = parse_source(input, options);
            }
            source.attr("seek")(0, 2);  // read to the end, as json.load leaves a file
        } else {
            const py::object data = source.attr("read")();
            const InputText text(data);
            InputInfo placed = text.info();
            placed.filename = info.filename;
            if (!lazy) return text_to_python(text.bytes(), options, placed);
            doc = parse_released(text.bytes(), options);
            return finish(doc, true, placed);
        }
    } else {
        throw py::type_error(std::string("load() needs a path or a file, not ") +
                             Py_TYPE(source.ptr())->tp_name);
    }
    return finish(doc, lazy, info);
}

}  // namespace

void bind_parsing(py::module_& m) {
    m.def("loads", &loads, py::arg("s"), py::kw_only(), py::arg("lazy") = true, R"doc(
Parses JSON text (str, bytes, bytearray, memoryview or any buffer; zstd-compressed bytes too)
and returns a Document whose values are read lazily, or with lazy=False plain Python objects
(dicts, lists, str, int, float, bool, None), like json.loads.

Options (keywords): max_depth (1024), max_memory (bytes of document memory, 4 GiB),
max_input (bytes after decompression, 64 GiB), zstd_window_log (27), duplicate_keys ("keep" or
"reject"), allow_bom (False), replace_lone_surrogates (False), exact_numbers (True: numbers a
double cannot hold keep their text, so integers stay exact however large).

Raises arenajson.JSONDecodeError (a json.JSONDecodeError) for invalid JSON or an exceeded
limit. The GIL is released while parsing.)doc");
    m.def("load", &load, py::arg("source"), py::kw_only(), py::arg("lazy") = true, R"doc(
Parses a file: a path (str, bytes or os.PathLike; read in chunks, never whole) or a binary file
object (read from its descriptor in chunks when it has one, else through read()). Zstd input is
recognised by its magic bytes, whatever the name. Options and errors as loads(); a file that
cannot be opened raises OSError (FileNotFoundError, ...). The GIL is released while parsing.)doc");
}

}  // namespace arenajson::python
