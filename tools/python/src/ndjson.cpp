// NDJSON from Python: iter_ndjson() yields one record at a time, and _ndjson_records() reads
// one block or file whole for arenajson.dask.
#include "bindings.hpp"
#include "block_feed.hpp"
#include "convert.hpp"
#include "errors.hpp"
#include "input.hpp"
#include "options.hpp"
#include "query_support.hpp"
#include "views.hpp"

#include "arenajson/ndjson.hpp"
#include "arenajson/parallel.hpp"
#include "arenajson/path.hpp"
#include "arenajson/writer.hpp"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace arenajson::python {

namespace {

std::optional<std::string> pointer_of(const py::object& pointer) {
    if (pointer.is_none()) return std::nullopt;
    auto text = pointer.cast<std::string>();
    if (!parse_pointer(text)) {
        throw py::value_error("'" + text + "': " + error_message(ErrorCode::invalid_pointer));
    }
    return text;
}

// One record, or the value at `pointer` in it (None where the pointer leads nowhere), as a
// lazy view that owns the record (taken out of the stream) or as plain Python objects.
py::object record(DocumentStream& stream, const std::optional<std::string>& pointer, bool views) {
    Value value = stream.document().root();
    if (pointer) {
        value = value.at_pointer(*pointer);
        if (!value.exists()) return py::none();
    }
    if (!views) return to_python(value);
    DocumentPtr doc = share(stream.take());  // the values stay where they are
    if (pointer) return lazy(doc, value);
    return py::cast(DocumentView{{std::move(doc), value}});
}

// What a filter's runs on the workers report: jq's message for the first failure seen (the
// Status the workers return carries only the error's code and place).
struct WorkerFailure {
    std::mutex mutex;
    std::string message;  // guarded by mutex
};

// The values each record gives, written as lines of JSON for the Python thread to read back:
// the record, the value at the pointer (null where it leads nowhere), or the filter's results.
RecordWork record_writer(std::optional<std::string> pointer, std::shared_ptr<const Query> query,
                         std::shared_ptr<WorkerFailure> failure) {
    if (query) {
        return [query = std::move(query), failure = std::move(failure)](
                   const Document& record, std::string& out) -> Status {
            // One evaluation per worker thread (the workers are this reading's own threads).
            thread_local std::optional<Evaluation> run;
            thread_local const Query::Impl* run_of = nullptr;
            if (run_of != query->impl().get()) {
                run.emplace(*query);
                run_of = query->impl().get();
            }
            Status status = run->run(record.root(), [&out](Value v) {
                append_jq_text(out, v, {.indent = 0});
                out += '\n';
                return true;
            });
            if (!status) {
                const std::lock_guard lock(failure->mutex);
                if (failure->message.empty()) {
                    failure->message = status.error().code == ErrorCode::query_error
                                           ? run->error_message()
                                           : error_text(status.error());
                }
            }
            return status;
        };
    }
    return [pointer = std::move(pointer)](const Document& record, std::string& out) -> Status {
        Value value = record.root();
        if (pointer) value = value.at_pointer(*pointer);
        if (value.exists()) {
            write(value, out);
        } else {
            out += "null";
        }
        out += '\n';
        return {};
    };
}

// The records of NDJSON text, one at a time (arenajson.iter_ndjson). With threads, the
// library's parallel reader parses them on worker threads (a BlockFeed) and this thread reads
// back what each record gave, block by block.
class NdjsonIterator {
  public:
    NdjsonIterator(py::handle source, std::optional<std::string> pointer, bool lazy,
                   const ParseOptions& options, std::optional<unsigned> threads,
                   std::shared_ptr<const Query> query)
        : query_(std::move(query)),
          pointer_(std::move(pointer)),
          lazy_(lazy && !query_),
          options_(options) {
        Source input = open(source, options);
        if (threads) {
            ParallelOptions parallel;
            parallel.threads = *threads;
            failure_ = std::make_shared<WorkerFailure>();
            py::gil_scoped_release release;
            feed_ = std::make_unique<BlockFeed>(std::move(input), options, parallel,
                                                record_writer(pointer_, query_, failure_));
            return;
        }
        if (query_) run_.emplace(*query_);
        py::gil_scoped_release release;
        stream_ = std::make_unique<DocumentStream>(
            DocumentStream::from_source(std::move(input), options));
    }

    ~NdjsonIterator() {
        py::gil_scoped_release release;  // the feed's threads finish their blocks
        feed_.reset();
    }

    py::object next() {
        if (feed_) return next_from_feed();
        for (;;) {
            if (pending_next_ < py::len(pending_)) return pending_[pending_next_++];
            if (!stream_) throw py::stop_iteration();
            Result<bool> more = false;
            {
                py::gil_scoped_release release;
                more = stream_->next();
            }
            if (!more || !*more) {
                stream_.reset();
                finish_file();
                if (!more) raise_error(more.error(), info_);
                throw py::stop_iteration();
            }
            if (!run_) return record(*stream_, pointer_, lazy_);
            pending_ = py::list();
            pending_next_ = 0;
            run_to_python(*run_, stream_->document().root(), pending_,
                          record_place(info_.filename, stream_->count()));
        }
    }

    std::uint64_t count() const { return stream_ ? stream_->count() : 0; }

  private:
    Source open(py::handle source, const ParseOptions& options) {
        if (const std::optional<std::string> path = path_of(source)) {
            info_.filename = *path;
            Result<Source> opened = Error::of(ErrorCode::open_failed);
            {
                py::gil_scoped_release release;
                opened = Source::open_file(*path, options.source);
            }
            if (!opened) raise_error(opened.error(), info_);
            return std::move(*opened);
        }
        if (py::hasattr(source, "read")) {
            info_.filename = file_name(source);
            if (reads_from_descriptor(source)) {
                file_ = py::reinterpret_borrow<py::object>(source);
                const int fd = source.attr("fileno")().cast<int>();
                const long long position = source.attr("tell")().cast<long long>();
                py::gil_scoped_release release;
                return descriptor_source(fd, position, info_.filename, options.source);
            }
            data_ = source.attr("read")();
            text_ = std::make_unique<InputText>(data_);
            return Source::from_memory(text_->bytes(), options.source);
        }
        throw py::type_error(std::string("iter_ndjson() needs a path or a file, not ") +
                             Py_TYPE(source.ptr())->tp_name);
    }

    // A worker's failure: a parse error as JSONDecodeError, a filter's as QueryError.
    [[noreturn]] void raise_feed_error(const Error& e) {
        const auto code = static_cast<int>(e.code);
        if (code < static_cast<int>(ErrorCode::query_syntax) ||
            code > static_cast<int>(ErrorCode::query_step_limit)) {
            raise_error(e, info_);
        }
        std::string message;
        {
            const std::lock_guard lock(failure_->mutex);
            message = failure_->message;
        }
        // The library places parse errors; a record's run fails without a place.
        std::string where = info_.filename.empty() ? "" : info_.filename + ": ";
        if (e.line != 0) where += "line " + std::to_string(e.line) + ": ";
        raise_query_message(where + message, e);
    }

    void finish_file() {
        if (file_) file_.attr("seek")(0, 2);
        file_ = py::object();
    }

    // The next value from the feed: read back from the current block's text, whose values
    // the records' writer made (so they parse without options but the depth limit).
    py::object next_from_feed() {
        for (;;) {
            if (block_stream_) {
                Result<bool> more = false;
                {
                    py::gil_scoped_release release;
                    more = block_stream_->next();
                }
                if (!more) raise_error(more.error(), info_);
                if (*more) return record(*block_stream_, std::nullopt, lazy_);
                block_stream_.reset();
            }
            std::optional<std::string> block;
            {
                py::gil_scoped_release release;
                block = feed_->next_block();
            }
            if (!block) {
                const Status status = feed_->status();
                {
                    py::gil_scoped_release release;
                    feed_.reset();
                }
                finish_file();
                if (!status) raise_feed_error(status.error());
                throw py::stop_iteration();
            }
            block_ = std::move(*block);
            block_stream_ = std::make_unique<DocumentStream>(
                DocumentStream::from_source(Source::from_memory(block_), options_));
        }
    }

    std::shared_ptr<const Query> query_;  // the filter, or null
    std::optional<Evaluation> run_;       // the filter's runs, without threads
    py::list pending_;                    // the results of the current record's run
    std::size_t pending_next_ = 0;
    std::shared_ptr<WorkerFailure> failure_;
    std::unique_ptr<DocumentStream> stream_;
    std::unique_ptr<BlockFeed> feed_;
    std::string block_;  // the feed's block being read back
    std::unique_ptr<DocumentStream> block_stream_;
    py::object file_;  // a file read through its descriptor: kept open while reading
    py::object data_;  // what a file object's read() gave, parsed in place
    std::unique_ptr<InputText> text_;
    std::optional<std::string> pointer_;
    bool lazy_;
    ParseOptions options_;
    InputInfo info_;
};

// Every record of a block of NDJSON (bytes) or of a file (a path), for one Dask partition;
// with `offset` and `length`, only the lines of a plain file (a path) that start in that
// byte range, read from the file itself (mapped) instead of a block handed in by Python.
py::list ndjson_records(py::handle data, py::object pointer_object, bool lazy, std::string name,
                        py::object filter, py::object offset_object, py::object length_object,
                        const py::kwargs& kwargs) {
    const ParseOptions options = parse_options(kwargs, "read_ndjson");
    std::optional<std::string> pointer = pointer_of(pointer_object);
    std::shared_ptr<const Query> query;
    std::vector<PathStep> steps;
    if (!filter.is_none()) {
        if (pointer) throw py::type_error("read_ndjson(): give a filter or a pointer, not both");
        query = compiled_query(filter.cast<std::string>());
        // A plain path (".user.screen_name") is followed on the stream, as a pointer is.
        if (const std::vector<PathStep>* path = query->path()) {
            steps = *path;
            query.reset();
        }
        lazy = false;
    } else if (pointer) {
        steps = *parse_pointer(*pointer);
    }
    const bool follow_path = !steps.empty() || (!filter.is_none() && !query);
    InputInfo info;
    info.filename = std::move(name);
    std::unique_ptr<InputText> text;
    std::optional<Source> source;
    if (PyBytes_Check(data.ptr()) || PyByteArray_Check(data.ptr()) ||
        PyMemoryView_Check(data.ptr())) {
        text = std::make_unique<InputText>(data);
        source.emplace(Source::from_memory(text->bytes(), options.source));
    } else if (const std::optional<std::string> path = path_of(data)) {
        SourceOptions opening = options.source;
        // A range is read through the file's map: no reading thread.
        if (!offset_object.is_none()) opening.readahead = false;
        Result<Source> opened = Error::of(ErrorCode::open_failed);
        {
            py::gil_scoped_release release;
            opened = Source::open_file(*path, opening);
        }
        if (!opened) raise_error(opened.error(), info);
        source.emplace(std::move(*opened));
    } else {
        throw py::type_error("a block of NDJSON must be bytes or a path");
    }
    // A byte range of a plain file: its lines become a view of the mapped file, parsed from
    // memory; the file's source holds the mapping until the records are made.
    std::optional<Source> file;
    std::string range_buffer;
    if (!offset_object.is_none() || !length_object.is_none()) {
        if (text || offset_object.is_none() || length_object.is_none()) {
            throw py::type_error("offset and length go together, with a path");
        }
        const auto offset = offset_object.cast<std::int64_t>();
        const auto length = length_object.cast<std::int64_t>();
        if (offset < 0 || length < 0) throw py::value_error("offset and length must be >= 0");
        if (!source->random_access() || source->compressed()) {
            throw py::value_error(info.filename + ": a byte range needs a plain regular file");
        }
        file.emplace(std::move(*source));
        Result<std::string_view> lines = std::string_view();
        {
            py::gil_scoped_release release;
            const auto start = static_cast<std::uint64_t>(offset);
            const std::uint64_t size = file->size_hint().value_or(0);
            // A range reaching the end of the file takes the lines to its end (end 0).
            const std::uint64_t end =
                static_cast<std::uint64_t>(length) >= size - std::min(size, start)
                    ? 0
                    : start + static_cast<std::uint64_t>(length);
            if (length > 0) lines = lines_in_range(*file, start, end, range_buffer);
        }
        if (!lines) raise_error(lines.error(), info);
        SourceOptions plain = options.source;
        plain.detect_zstd = false;
        source.emplace(Source::from_memory(*lines, plain));
    }
    py::list out;
    if (follow_path && !lazy) {
        // Follow the path on the stream: only the value found is built, in each record.
        Status status;
        {
            py::gil_scoped_release release;
            status = find_path_per_record(*source, steps, options, [&](PathLookup& found) {
                py::gil_scoped_acquire gil;
                try {
                    const py::object value = found.document.empty()
                                                 ? py::object(py::none())
                                                 : to_python(found.document.root());
                    out.append(value);
                    return true;
                } catch (py::error_already_set& e) {
                    e.restore();  // raised once the reading has stopped
                } catch (const std::exception& e) {
                    PyErr_SetString(PyExc_RuntimeError, e.what());
                }
                return false;
            });
        }
        if (PyErr_Occurred()) throw py::error_already_set();
        if (!status) raise_error(status.error(), info);
        return out;
    }
    DocumentStream stream = DocumentStream::from_source(std::move(*source), options);
    std::optional<Evaluation> run;
    if (query) run.emplace(*query);
    for (;;) {
        Result<bool> more = false;
        {
            py::gil_scoped_release release;
            more = stream.next();
        }
        if (!more) raise_error(more.error(), info);
        if (!*more) break;
        if (run) {
            run_to_python(*run, stream.document().root(), out,
                          record_place(info.filename, stream.count()));
        } else {
            out.append(record(stream, pointer, lazy));
        }
    }
    return out;
}

}  // namespace

void bind_ndjson(py::module_& m) {
    py::class_<NdjsonIterator>(m, "NdjsonIterator", R"doc(
Iterates over the records of NDJSON (one JSON value per line), parsing one record at a time.)doc")
        .def("__iter__", [](py::object self) { return self; })
        .def("__next__", &NdjsonIterator::next)
        .def_property_readonly("count", &NdjsonIterator::count, "Records read so far.");

    m.def(
        "iter_ndjson",
        [](py::handle source, py::object filter, py::object threads, py::object pointer, bool lazy,
           const py::kwargs& kwargs) {
            std::shared_ptr<const Query> query;
            if (!filter.is_none()) {
                if (!pointer.is_none()) {
                    throw py::type_error("iter_ndjson(): give a filter or a pointer, not both");
                }
                query = compiled_query(filter.cast<std::string>());
            }
            std::optional<unsigned> workers;
            if (!threads.is_none()) {
                const int n = threads.cast<int>();
                if (n < 0) throw py::value_error("iter_ndjson(threads=...) must be 0 or more");
                workers = static_cast<unsigned>(n);
            }
            return std::make_unique<NdjsonIterator>(source, pointer_of(pointer), lazy,
                                                    parse_options(kwargs, "iter_ndjson"), workers,
                                                    std::move(query));
        },
        py::arg("source"), py::arg("filter") = py::none(), py::arg("threads") = py::none(),
        py::kw_only(), py::arg("pointer") = py::none(), py::arg("lazy") = true, R"doc(
Yields the records of an NDJSON file (a path, or a binary file object), zstd-compressed or not,
parsing one record at a time: the file is never loaded whole. Each record is a Document (lazy,
the default) or plain Python objects (lazy=False); with `pointer` (an RFC 6901 JSON Pointer
such as "/user/screen_name") the value at it in each record instead, None where it leads
nowhere; with `filter` (a jq program) its results for each record, as plain Python objects.
Blank lines are skipped and CRLF is accepted. Options and errors as load(); an error
names the record's line. `threads`: None reads on this thread; a number (0 for one per core)
parses on that many worker threads, in blocks of whole lines, yielding the records in input
order (each record is then written as JSON text by its worker and read back here: worth it
when a pointer or filter keeps a small part of each record). A filter that fails raises
QueryError naming the record.)doc");

    m.def("_ndjson_records", &ndjson_records, py::arg("data"), py::arg("pointer") = py::none(),
          py::arg("lazy") = false, py::arg("name") = "", py::arg("filter") = py::none(),
          py::arg("offset") = py::none(), py::arg("length") = py::none(), R"doc(
Every record of a block of NDJSON (bytes) or a whole file (a path), as a list: the partition
reader of arenajson.dask. With offset and length (a path to a plain file): the records on the
lines that start in that byte range, read from the file (a line belongs to the range its first
byte is in, so ranges that tile the file give each line once). Arguments and options as
iter_ndjson().)doc");
}

}  // namespace arenajson::python
