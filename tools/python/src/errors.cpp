#include "errors.hpp"

#include <cerrno>
#include <cstdint>

namespace arenajson::python {

namespace {

// arenajson.JSONDecodeError; a reference kept for the life of the process (the interpreter
// may outlive static destructors' order, so it is never released).
PyObject* decode_error_class = nullptr;

const char* limit_keyword(ErrorCode code) {
    switch (code) {
        case ErrorCode::depth_limit:
            return "max_depth";
        case ErrorCode::memory_limit:
            return "max_memory";
        case ErrorCode::input_limit:
            return "max_input";
        case ErrorCode::zstd_window_limit:
            return "zstd_window_log";
        default:
            return nullptr;
    }
}

// Code points in valid UTF-8: the bytes that do not continue a sequence.
std::uint64_t characters(std::string_view utf8) {
    std::uint64_t n = 0;
    for (const char c : utf8)
        n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

}  // namespace

void set_decode_error_class(py::handle cls) {
    Py_XDECREF(decode_error_class);
    decode_error_class = Py_NewRef(cls.ptr());
}

std::string error_text(const Error& e) {
    std::string text;
    if (e.at_end) text += "unexpected end of input: ";
    text += e.message();
    if (const char* keyword = limit_keyword(e.code)) {
        text += " (raise it with ";
        text += keyword;
        text += ")";
    }
    return text;
}

void raise_error(const Error& e, const InputInfo& input) {
    if (e.code == ErrorCode::open_failed || e.code == ErrorCode::read_failed) {
        errno = e.system_errno != 0 ? e.system_errno : EIO;
        if (input.filename.empty()) {
            PyErr_SetFromErrno(PyExc_OSError);
        } else {
            const py::str name(input.filename);
            PyErr_SetFromErrnoWithFilenameObject(PyExc_OSError, name.ptr());
        }
        throw py::error_already_set();
    }
    std::uint64_t pos = e.offset;
    std::uint64_t column = e.column;
    const std::string_view text = input.str_utf8;
    if (!text.empty() && e.offset <= text.size()) {
        // Python indexes a str by code points: count them, to the error and within its line.
        const std::string_view before = text.substr(0, e.offset);
        pos = characters(before);
        const std::size_t line_start = before.rfind('\n') + 1;  // npos + 1 == 0
        if (e.line != 0) column = characters(before.substr(line_start)) + 1;
    }
    if (decode_error_class == nullptr) throw py::value_error(error_text(e));
    py::dict extra;
    extra["offset"] = e.offset;
    extra["code"] = error_name(e.code);
    extra["filename"] =
        input.filename.empty() ? py::object(py::none()) : py::object(py::str(input.filename));
    const py::object error = py::reinterpret_borrow<py::object>(decode_error_class)(
        error_text(e), input.doc, pos, e.line, column, **extra);
    PyErr_SetObject(decode_error_class, error.ptr());
    throw py::error_already_set();
}

}  // namespace arenajson::python
