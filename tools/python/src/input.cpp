#include "input.hpp"

#include <unistd.h>

namespace arenajson::python {

InputText::InputText(py::handle object) {
    info_.doc = object;
    if (PyUnicode_Check(object.ptr())) {
        Py_ssize_t size = 0;
        const char* data = PyUnicode_AsUTF8AndSize(object.ptr(), &size);
        if (data == nullptr) throw py::error_already_set();
        bytes_ = std::string_view(data, static_cast<std::size_t>(size));
        info_.str_utf8 = bytes_;
        return;
    }
    if (PyBytes_Check(object.ptr())) {
        bytes_ = std::string_view(PyBytes_AS_STRING(object.ptr()),
                                  static_cast<std::size_t>(PyBytes_GET_SIZE(object.ptr())));
        return;
    }
    if (PyObject_CheckBuffer(object.ptr())) {
        if (PyObject_GetBuffer(object.ptr(), &buffer_, PyBUF_SIMPLE) != 0) {
            throw py::error_already_set();
        }
        has_buffer_ = true;
        bytes_ = std::string_view(static_cast<const char*>(buffer_.buf),
                                  static_cast<std::size_t>(buffer_.len));
        if (buffer_.readonly == 0) {
            // Another thread could write to it while the GIL is released: parse a copy.
            copy_.assign(bytes_);
            bytes_ = copy_;
            PyBuffer_Release(&buffer_);
            has_buffer_ = false;
        }
        info_.doc = py::none();
        return;
    }
    throw py::type_error(std::string("the JSON object must be str, bytes or a buffer, not ") +
                         Py_TYPE(object.ptr())->tp_name);
}

InputText::~InputText() {
    if (has_buffer_) PyBuffer_Release(&buffer_);
}

std::optional<std::string> path_of(py::handle object) {
    if (!PyUnicode_Check(object.ptr()) && !PyBytes_Check(object.ptr()) &&
        !PyObject_HasAttrString(object.ptr(), "__fspath__")) {
        return std::nullopt;
    }
    PyObject* encoded = nullptr;
    if (PyUnicode_FSConverter(object.ptr(), &encoded) == 0) throw py::error_already_set();
    const py::bytes path = py::reinterpret_steal<py::bytes>(encoded);
    return std::string(path);
}

bool reads_from_descriptor(py::handle file) {
    const py::module_ io = py::module_::import("io");
    if (!py::isinstance(file, io.attr("BufferedReader")) &&
        !py::isinstance(file, io.attr("FileIO"))) {
        return false;
    }
    return file.attr("seekable")().cast<bool>();
}

Source descriptor_source(int fd, long long position, std::string name,
                         const SourceOptions& options) {
    // The file object may have read ahead of its logical position: start the descriptor there.
    (void)::lseek(fd, static_cast<off_t>(position), SEEK_SET);
    return Source::from_fd(fd, std::move(name), options);
}

std::string file_name(py::handle file) {
    if (py::hasattr(file, "name")) {
        const py::object name = file.attr("name");
        if (py::isinstance<py::str>(name)) return name.cast<std::string>();
    }
    return "<file>";
}

}  // namespace arenajson::python
