// arenajson/detail/json_text.hpp — the one home of how strings and numbers are spelled in JSON
// text: the writer, the query engine (tojson, @json, output) and the CLI use these. Internal.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace arenajson::detail {

/// Which characters a string literal escapes beyond what RFC 8259 requires.
struct StringEscapes {
    bool non_ascii = false;  ///< every non-ASCII character as \uXXXX (surrogate pairs above FFFF)
    bool del = false;        ///< DEL (0x7F) as \u007f, as jq writes it
};

/// Appends `s` (valid UTF-8) as a JSON string literal, quotes included: '"', '\\' and control
/// characters escaped (\b \f \n \r \t by name, the others as \u00XX), and what `escapes` asks.
/// O(length); allocates only as `out` grows.
void append_json_string(std::string& out, std::string_view s, StringEscapes escapes = {});

/// Shortens `text` (UTF-8, longer than `keep` bytes) to `keep` bytes, fewer so as not to cut a
/// UTF-8 sequence: the cut of values shown in messages. O(1).
inline void cut_utf8(std::string& text, std::size_t keep) {
    while (keep > 0 && (static_cast<unsigned char>(text[keep]) & 0xC0) == 0x80)
        --keep;
    text.resize(keep);
}

/// jq 1.8's "TYPE (VALUE)" naming a value in an error message, from the value's compact JSON
/// text: cut past 29 bytes to 26 and "..." (a string to 25, "..." and its closing quote), never
/// inside a UTF-8 sequence. The query engine's messages and the CLI's path errors use it. O(1).
std::string jq_describe(std::string_view type, std::string json, bool is_string);

/// The most characters format_double writes.
inline constexpr std::size_t kMaxDoubleText = 40;
/// Writes the shortest text that reads back as `d` (finite) into `buf` (kMaxDoubleText bytes)
/// and returns its length. With `mark_integral`, a double that would read back as an integer
/// gets ".0" (or the exponent form where ".0" would make it more digits than a double keeps
/// exactly: the reader would keep that as text). O(1).
std::size_t format_double(char* buf, double d, bool mark_integral) noexcept;
/// format_double, appended to `out`. O(1) amortised.
inline void append_double(std::string& out, double d, bool mark_integral) {
    char buf[kMaxDoubleText];
    out.append(buf, format_double(buf, d, mark_integral));
}

}  // namespace arenajson::detail
