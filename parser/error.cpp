#include "arenajson/error.hpp"

#include <cstring>

namespace arenajson {

namespace {

struct Entry {
    const char* name;
    const char* message;
};

// Indexed by ErrorCode; the static_assert below keeps it complete.
constexpr Entry kEntries[] = {
    {"ok", "no error"},
    {"empty_input", "empty input: expected a JSON value"},
    {"expected_value", "expected a value"},
    {"expected_value_or_array_end", "expected a value or ']'"},
    {"expected_comma_or_array_end", "expected ',' or ']' after an array element"},
    {"expected_key_or_object_end", "expected a string key or '}'"},
    {"expected_key", "expected a string key after ','"},
    {"expected_colon", "expected ':' after an object key"},
    {"expected_comma_or_object_end", "expected ',' or '}' after an object member"},
    {"trailing_content", "unexpected content after the root value"},
    {"invalid_literal", "invalid literal: expected 'true', 'false' or 'null'"},
    {"number_missing_digit", "invalid number: expected a digit"},
    {"number_leading_zero", "invalid number: leading zeros are not allowed"},
    {"number_missing_fraction", "invalid number: expected a digit after the decimal point"},
    {"number_missing_exponent", "invalid number: expected a digit in the exponent"},
    {"unterminated_string", "unterminated string: expected a closing '\"'"},
    {"control_character_in_string",
     "control character in a string: characters below U+0020 must be escaped"},
    {"invalid_escape",
     "invalid escape: expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX"},
    {"invalid_unicode_escape", "invalid \\u escape: expected four hexadecimal digits"},
    {"lone_surrogate", "unpaired UTF-16 surrogate in a \\u escape"},
    {"invalid_utf8", "invalid UTF-8 byte sequence"},
    {"byte_order_mark",
     "byte-order mark at the start of the input: RFC 8259 text does not start with one"},
    {"utf16_input", "the input looks like UTF-16 or UTF-32: JSON text must be UTF-8"},
    {"ndjson_trailing_content",
     "expected a newline after the record (NDJSON holds one value per line)"},
    {"ndjson_newline_in_record",
     "newline inside a record (NDJSON holds one value per line, so a value may not span lines)"},
    {"depth_limit", "nesting deeper than the depth limit"},
    {"memory_limit", "the document needs more memory than the memory limit"},
    {"duplicate_key", "duplicate key in an object (duplicates are rejected by the chosen policy)"},
    {"input_limit", "the decompressed input exceeds the input limit"},
    {"zstd_window_limit", "the zstd frame needs a window larger than the window limit"},
    {"handler_aborted", "the handler stopped the parse"},
    {"open_failed", "cannot open the input"},
    {"read_failed", "cannot read the input"},
    {"zstd_corrupt", "corrupt zstd data"},
    {"zstd_truncated", "truncated zstd stream: the input ends inside a frame"},
    {"wrong_type", "the value has another type"},
    {"number_out_of_range", "the number does not fit the requested type"},
    {"no_such_key", "the object has no member with this key"},
    {"index_out_of_range", "the array index is out of range"},
    {"invalid_pointer",
     "invalid JSON Pointer: expected '' or '/'-separated tokens with ~0 and ~1 escapes"},
    {"write_failed", "cannot write the output"},
    {"query_syntax", "the jq program does not compile"},
    {"query_error", "the jq program raised an error"},
    {"query_memory_limit",
     "the query's values need more memory than the limit (raise it with --max-memory)"},
    {"query_depth_limit", "the query recursed deeper than the recursion limit"},
    {"query_halted", "the jq program halted"},
    {"query_step_limit", "the query ran more steps than its step limit"},
};
static_assert(std::size(kEntries) == static_cast<std::size_t>(ErrorCode::query_step_limit) + 1,
              "every ErrorCode needs a name and a message");

const Entry& entry(ErrorCode code) noexcept {
    const auto i = static_cast<std::size_t>(code);
    static constexpr Entry kUnknown{"unknown", "unknown error"};
    return i < std::size(kEntries) ? kEntries[i] : kUnknown;
}

}  // namespace

const char* error_message(ErrorCode code) noexcept {
    return entry(code).message;
}
const char* error_name(ErrorCode code) noexcept {
    return entry(code).name;
}

std::string Error::to_string() const {
    std::string out;
    if (line != 0) {
        out += std::to_string(line);
        out += ':';
        out += std::to_string(column);
        out += ": ";
    }
    if (at_end) out += "unexpected end of input: ";
    out += message();
    if (system_errno != 0) {
        out += ": ";
        out += std::strerror(system_errno);
    }
    return out;
}

}  // namespace arenajson
