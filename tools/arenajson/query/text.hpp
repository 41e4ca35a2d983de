// query/text.hpp — UTF-8 and JSON text helpers for the filter language. Internal.
#pragma once

#include "arenajson/value.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace arenajson::query::detail {

/// Appends `s` (valid UTF-8) as a JSON string literal, escaped as jq 1.6 escapes: '"', '\\',
/// control characters (\b \f \n \r \t by name) and DEL. O(length).
void append_json_string(std::string& out, std::string_view s);

/// The value as jq 1.6 names it in type errors: its compact JSON text, cut to 11 bytes and
/// "..." when longer than 14 bytes. O(1) for strings (only a prefix is escaped), else O(size).
[[nodiscard]] std::string error_dump(Value value);

/// Characters (code points) in valid UTF-8. O(length).
[[nodiscard]] std::size_t codepoint_count(std::string_view s) noexcept;

/// The byte offset of character `n` in valid UTF-8 (the length when there are fewer). O(n).
[[nodiscard]] std::size_t codepoint_offset(std::string_view s, std::size_t n) noexcept;

/// Whether `s` is valid UTF-8 (no overlong forms, surrogates or values above U+10FFFF).
[[nodiscard]] bool valid_utf8(std::string_view s) noexcept;

/// Appends the code point as UTF-8.
void append_utf8(std::string& out, std::uint32_t cp);

}  // namespace arenajson::query::detail
