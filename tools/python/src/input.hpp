// Where JSON text comes from in Python: a str, bytes or a buffer in memory; a path; a file.
#pragma once

#include "errors.hpp"

#include "arenajson/source.hpp"

#include <pybind11/pybind11.h>

#include <optional>
#include <string>
#include <string_view>

namespace arenajson::python {

namespace py = pybind11;

/// The UTF-8 bytes of a str, bytes or any object with the buffer protocol (bytearray,
/// memoryview, mmap), for as long as this object lives. A writable buffer is copied, so that
/// parsing with the GIL released never sees it change. Throws TypeError for anything else,
/// UnicodeEncodeError for a str holding lone surrogates. O(1) for str (its UTF-8 form is
/// cached by Python; made once for non-ASCII text), bytes and read-only buffers.
class InputText {
  public:
    explicit InputText(py::handle object);
    InputText(const InputText&) = delete;
    InputText& operator=(const InputText&) = delete;
    ~InputText();

    /// The bytes; valid while this object lives. O(1).
    [[nodiscard]] std::string_view bytes() const noexcept { return bytes_; }
    /// Where errors are placed: the object itself, in characters for a str. O(1).
    [[nodiscard]] const InputInfo& info() const noexcept { return info_; }

  private:
    std::string_view bytes_;
    std::string copy_;
    Py_buffer buffer_{};
    bool has_buffer_ = false;
    InputInfo info_;
};

/// A path given as str, bytes or os.PathLike, as the file system spells it; empty when
/// `object` is none of these. Throws what os.fspath throws for a bad PathLike.
std::optional<std::string> path_of(py::handle object);

/// True for a binary file Python reads through a file descriptor (io.FileIO, io.BufferedReader)
/// that can seek: such a file is read from its descriptor, in chunks.
bool reads_from_descriptor(py::handle file);

/// A Source over an open binary file's descriptor, from the file object's current position.
/// Call it with the GIL released (it reads the first chunk). The file object must stay open
/// while the source is used. Errors: as Source::from_fd.
Source descriptor_source(int fd, long long position, std::string name,
                         const SourceOptions& options);

/// The name a file object reports (its `name` attribute, when it is a str), else "<file>".
std::string file_name(py::handle file);

}  // namespace arenajson::python
