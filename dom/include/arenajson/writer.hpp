// arenajson/writer.hpp — JSON text, from a document or straight from a reader.
//
//     std::string text = arenajson::to_string(doc.root(), {.pretty = true});
//
//     arenajson::Writer writer(stdout);           // a SAX handler: reformat while reading
//     arenajson::Reader reader(writer);
//     reader.feed(chunk); ... reader.finish(); writer.flush();
#pragma once

#include "arenajson/error.hpp"
#include "arenajson/value.hpp"

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace arenajson {

/// How write(), to_string() and Writer lay out JSON text. The defaults give compact RFC 8259
/// text with UTF-8 left as is: `to_string(v, {.pretty = true})` for indented output.
struct WriteOptions {
    /// One value per line, nested values indented; "[]" and "{}" for empty containers.
    bool pretty = false;
    /// Spaces per level when pretty.
    int indent = 2;
    /// Write every non-ASCII character as `\uXXXX` (surrogate pairs above U+FFFF).
    bool escape_non_ascii = false;
    /// Write as jq 1.6 does: integral doubles without ".0" (100.0 as 100) and DEL as `\u007f`.
    /// Numbers kept as text are still written unchanged (jq would round them).
    bool jq_style = false;
};

/// A SAX handler that writes the JSON text of the events it gets, so one writer serves a
/// document (through replay()) and a stream (as a Reader's handler, in constant memory).
/// Strings are escaped as RFC 8259 requires (quote, backslash and control characters;
/// `\b \f \n \r \t` by name); doubles are written in the shortest form that reads back to the
/// same double, with ".0" when that form looks like an integer, so the value stays a double;
/// numbers kept as text are written unchanged. Values written one after another (NDJSON) are
/// separated by end_line(). Text gathers in a 16 KiB buffer inside the writer and reaches the
/// string or stream when it fills, when a top-level value is complete, and at flush(). Not
/// thread-safe.
class Writer {
  public:
    /// Appends to `out`, which must outlive the writer. Allocates only as `out` grows.
    explicit Writer(std::string& out, const WriteOptions& options = {}) noexcept;
    /// Writes to a stdio stream (not closed here). Call flush() to learn whether writing worked.
    explicit Writer(std::FILE* out, const WriteOptions& options = {}) noexcept;
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;
    /// Hands over what is buffered, ignoring errors (call flush() to see them).
    ~Writer();

    ///@{
    /// The Handler events. They return false only when writing to a stream failed (error_code()
    /// write_failed). O(1) amortised, O(length) for strings and keys.
    bool on_null();
    bool on_bool(bool b);
    bool on_int64(std::int64_t i);
    bool on_uint64(std::uint64_t u);
    bool on_double(double d);
    bool on_number_text(std::string_view text);
    bool on_string(std::string_view s);
    bool on_key(std::string_view key);
    bool on_start_object();
    bool on_end_object(std::size_t members);
    bool on_start_array();
    bool on_end_array(std::size_t elements);
    ///@}

    /// Ends a line after a complete value: a newline, and the next value starts afresh. O(1).
    bool end_line();
    /// Hands what is buffered to the string or the stream, and flushes a stream. Errors:
    /// write_failed with system_errno, also for any earlier failed write. O(buffered bytes).
    Status flush();
    /// write_failed once writing to the stream failed; ok otherwise. O(1).
    [[nodiscard]] ErrorCode error_code() const noexcept { return error_.code; }

  private:
    static constexpr std::size_t kBuffer = 16 * 1024;

    void put(char c) {
        if (cursor_ == kBuffer) spill();
        buffer_[cursor_++] = c;
    }
    void put(const char* p, std::size_t n);
    char* room(std::size_t n) {
        if (kBuffer - cursor_ < n) spill();
        return buffer_ + cursor_;
    }
    void advance(std::size_t n) noexcept { cursor_ += n; }
    void separate();
    void newline(std::size_t depth);
    void string(std::string_view s);
    bool open();
    bool close();
    bool value_done();
    void spill();
    void deliver(const char* p, std::size_t n);

    WriteOptions options_;
    std::string* out_ = nullptr;
    std::FILE* file_ = nullptr;
    // Per open container, whether a child was written yet: one bit a level.
    std::vector<std::uint64_t> has_children_;
    std::size_t depth_ = 0;
    bool after_key_ = false;
    std::string pad_;  // spaces; the indentation of a line is a prefix of it
    Error error_{};
    std::size_t cursor_ = 0;
    char buffer_[kBuffer];
};

/// Appends the JSON text of `value` to `out` (Writer's format). A missing value writes nothing.
/// O(size), no recursion; allocates only as `out` grows.
void write(Value value, std::string& out, const WriteOptions& options = {});
/// The JSON text of `value` as a new string; empty for a missing value. O(size); allocates
/// the string (std::bad_alloc if that fails).
[[nodiscard]] std::string to_string(Value value, const WriteOptions& options = {});
/// Writes to a stdio stream through a 64 KiB buffer, then flushes it (it is not closed).
/// Errors: write_failed, with system_errno. O(size), no recursion; allocates the buffer.
Status write(Value value, std::FILE* out, const WriteOptions& options = {});

}  // namespace arenajson
