// arenajson/writer.hpp — JSON text from a Value: compact or pretty, without recursion.
#pragma once

#include "arenajson/error.hpp"
#include "arenajson/value.hpp"

#include <cstdio>
#include <string>

namespace arenajson {

/// How write() and to_string() lay out JSON text. The defaults give compact RFC 8259 text
/// with UTF-8 left as is: `to_string(v, {.pretty = true})` for indented output.
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

/// Appends the JSON text of `value` to `out`. Strings are escaped as RFC 8259 requires
/// (quote, backslash and control characters; `\b \f \n \r \t` by name); doubles are written in
/// the shortest form that reads back to the same double, with ".0" when that form looks like
/// an integer, so the value stays a double; numbers kept as text are written unchanged.
/// A missing value writes nothing. O(size), no recursion; allocates only as `out` grows.
void write(Value value, std::string& out, const WriteOptions& options = {});
/// The JSON text of `value` as a new string; empty for a missing value. O(size); allocates
/// the string (std::bad_alloc if that fails).
[[nodiscard]] std::string to_string(Value value, const WriteOptions& options = {});
/// Writes to a stdio stream through a 64 KiB buffer, then flushes it (it is not closed).
/// Errors: write_failed, with system_errno. O(size), no recursion; allocates the buffer.
Status write(Value value, std::FILE* out, const WriteOptions& options = {});

}  // namespace arenajson
