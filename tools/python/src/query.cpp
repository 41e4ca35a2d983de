// jq programs from Python on the library's query engine (arenajson/query.hpp):
// arenajson.query(), Document.query() and the views' query(), and arenajson.QueryError.
#include "bindings.hpp"
#include "convert.hpp"
#include "errors.hpp"
#include "input.hpp"
#include "options.hpp"
#include "query_support.hpp"
#include "views.hpp"

#include "arenajson/document.hpp"
#include "arenajson/source.hpp"
#include "arenajson/writer.hpp"

#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

namespace arenajson::python {

namespace {

py::object query_error_class;  // arenajson.QueryError, set by bind_query

// Recently compiled programs: a Dask partition or a loop calling query() compiles its program
// once. Least recently used first out.
constexpr std::size_t kCachedPrograms = 64;
std::mutex cache_mutex;
std::list<std::pair<std::string, std::shared_ptr<const Query>>> cache;  // newest first

[[noreturn]] void raise_query(const std::string& message, const char* code) {
    py::object error = query_error_class(message);
    error.attr("code") = py::str(code);
    PyErr_SetObject(query_error_class.ptr(), error.ptr());
    throw py::error_already_set();
}

}  // namespace

std::shared_ptr<const Query> compiled_query(const std::string& program) {
    {
        const std::lock_guard lock(cache_mutex);
        for (auto it = cache.begin(); it != cache.end(); ++it) {
            if (it->first == program) {
                cache.splice(cache.begin(), cache, it);
                return cache.front().second;
            }
        }
    }
    std::string message;
    Result<Query> query = Query::compile(program, {}, &message);
    if (!query) {
        const Error& e = query.error();
        std::string text = message.empty() ? error_text(e) : message;
        if (e.line != 0) {
            text += " (line " + std::to_string(e.line) + ", column " + std::to_string(e.column) +
                    " of the program)";
        }
        raise_query(text, error_name(e.code));
    }
    auto shared = std::make_shared<const Query>(std::move(*query));
    const std::lock_guard lock(cache_mutex);
    cache.emplace_front(program, shared);
    if (cache.size() > kCachedPrograms) cache.pop_back();
    return shared;
}

std::string record_place(const std::string& filename, std::uint64_t record) {
    std::string place = "record " + std::to_string(record) + ": ";
    return filename.empty() ? place : filename + ": " + place;
}

void raise_query_error(const Error& e, const Evaluation& run, const std::string& where) {
    std::string message;
    if (e.code == ErrorCode::query_error) {
        message = run.error_message();
    } else if (e.code == ErrorCode::query_halted) {
        message = "the program halted (exit status " + std::to_string(run.halt_code()) + ")";
        const Value value = run.halt_value();
        if (value.exists()) message += ": " + to_string(value);
    } else {
        message = error_text(e);
    }
    raise_query(where + message, error_name(e.code));
}

void raise_query_message(const std::string& message, const Error& e) {
    raise_query(message, error_name(e.code));
}

void run_to_python(Evaluation& run, Value input, py::list& out, const std::string& where) {
    bool failed = false;
    const Status status = run.run(input, [&](Value v) {
        try {
            out.append(to_python(v));
            return true;
        } catch (py::error_already_set& e) {
            e.restore();  // raised once the run has stopped
        }
        failed = true;
        return false;
    });
    if (failed) throw py::error_already_set();
    if (!status) raise_query_error(status.error(), run, where);
}

namespace {

// arenajson.query(filter, source, **options)
py::list query(const std::string& filter, py::handle source, const py::kwargs& kwargs) {
    const std::shared_ptr<const Query> program = compiled_query(filter);
    Evaluation run(*program);
    py::list out;
    if (py::isinstance<View>(source)) {
        if (kwargs.size() != 0) {
            throw py::type_error(
                "query(): parse options apply to text and files, not to a "
                "Document or view");
        }
        const View& view = source.cast<const View&>();
        run_to_python(run, view.value, out);
        return out;
    }
    const ParseOptions options = parse_options(kwargs, "query");
    Result<Document> doc = Error::of(ErrorCode::open_failed);
    InputInfo info;
    std::optional<InputText> text;
    if (PyUnicode_Check(source.ptr()) || PyBytes_Check(source.ptr()) ||
        PyByteArray_Check(source.ptr()) || PyMemoryView_Check(source.ptr())) {
        text.emplace(source);
        info = text->info();
        py::gil_scoped_release release;
        Source input = Source::from_memory(text->bytes(), options.source);
        doc = parse_source(input, options);
    } else if (const std::optional<std::string> path = path_of(source)) {
        info.filename = *path;
        py::gil_scoped_release release;
        doc = parse_file(*path, options);
    } else {
        throw py::type_error(std::string("query() needs a Document, a view, JSON text (str or "
                                         "bytes) or a path, not ") +
                             Py_TYPE(source.ptr())->tp_name);
    }
    if (!doc) raise_error(doc.error(), info);
    run_to_python(run, doc->root(), out);
    return out;
}

}  // namespace

void bind_query(py::module_& m) {
    m.attr("has_query") = true;
    query_error_class = py::reinterpret_borrow<py::object>(
        PyErr_NewExceptionWithDoc("arenajson.QueryError",
                                  "A jq program that does not compile, or fails when it runs "
                                  "(jq's error, a limit, halt). `code` names the library's "
                                  "error: query_syntax, query_error, query_halted, ...",
                                  PyExc_ValueError, nullptr));
    query_error_class.dec_ref();  // the new reference is the module's, below
    m.attr("QueryError") = query_error_class;

    m.def("query", &query, py::arg("filter"), py::arg("source"), R"doc(
Runs the jq program `filter` on `source` and returns the list of its results, as plain Python
objects (dicts, lists, ...). `source`: a Document or a view of one (run where it is, nothing
copied), JSON text (str or bytes, zstd recognised) or a path (os.PathLike; a str is text). Parse
options as for loads(). The program is compiled once and cached. Errors: QueryError (a
ValueError) when the program does not compile or fails; JSONDecodeError for bad input.
Document.query(filter), Object.query and Array.query are its method form.)doc");
}

}  // namespace arenajson::python
