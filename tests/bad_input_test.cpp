// Bad input, and input at the limits, through the public API: a named table of cases with the
// outcome each must have (an error code and, where it means something, its byte offset; or
// acceptance), each checked
//   - by arenajson::parse (one buffer, to a Document),
//   - by the SAX Reader on the whole input (tests/event_log.hpp), which must give the same
//     error, line and column,
//   - by the Reader fed in chunks (every two-chunk split and byte by byte for short inputs, a
//     few chunk sizes for long ones, and the case's own chunking), which must give the same
//     events and error as one whole feed,
//   - by the push Parser fed from one reused buffer guarded by ',' bytes, as a Source feeds it,
//     so a reader that looks outside its chunk reads a different document.
// Then the limits that need more than a string: allocation failure injected at every arena
// allocation, and zstd inputs (truncated, lying, bombs, oversized windows, trailing garbage).
//
// Everything here must stay fast under ASan + UBSan (the asan preset): about 30 s in all.
#include "arenajson/builder.hpp"
#include "arenajson/document.hpp"
#include "arenajson/key_check.hpp"
#include "arenajson/path.hpp"
#include "arenajson/reader.hpp"
#include "arenajson/source.hpp"
#include "arenajson/value.hpp"
#include "arenajson/writer.hpp"

#include <gtest/gtest.h>
#include <zstd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <ostream>
#include <string>
#include <vector>

#include "event_log.hpp"
#include "test_support.hpp"

namespace arenajson {
namespace {

using testing::Outcome;
using testing::parse_chunks;
using testing::parse_whole;

constexpr std::uint64_t kAnyOffset = std::numeric_limits<std::uint64_t>::max();

/// A case's input: its bytes, or (for the large ones) how to make them, so that listing the
/// tests, once per test process under ctest, stays cheap.
class Input {
  public:
    Input(std::string text) : text_(std::move(text)) {}  // NOLINT: implicit, for the table
    Input(const char* text) : text_(text) {}             // NOLINT: implicit, for the table
    static Input lazy(std::function<std::string()> make) {
        Input in("");
        in.make_ = std::move(make);
        return in;
    }
    [[nodiscard]] std::string bytes() const { return make_ ? make_() : text_; }

  private:
    std::string text_;
    std::function<std::string()> make_;
};

/// One row of the table. Built with fails(), accepts() or split() below, and refined with the
/// members that return the case.
struct Case {
    std::string name;  // letters, digits and '_' (it names the test)
    Input input;
    ErrorCode code = ErrorCode::ok;     // ok: the input is accepted
    std::uint64_t offset = kAnyOffset;  // where the error is, when that is meaningful
    ParseOptions options{};
    /// Chunk sizes (cycled, 0 = the rest) that must give the same outcome, beyond the usual.
    std::vector<std::size_t> chunks{};
    /// Text the reader's event log must contain ("n:1e400|": the number kept as text).
    std::string events{};
    /// The compact writer gives the input back byte for byte.
    bool writes_back = false;
    /// Checks on an accepted document's root.
    std::function<void(Value)> check{};
    /// The error is the DOM's (duplicate_key): the reader alone accepts.
    bool dom_only = false;

    Case writing_back() && {
        writes_back = true;
        return std::move(*this);
    }
    Case checking(std::function<void(Value)> f) && {
        check = std::move(f);
        return std::move(*this);
    }
    Case in_chunks(std::vector<std::size_t> sizes) && {
        chunks = std::move(sizes);
        return std::move(*this);
    }
    Case from_dom() && {
        dom_only = true;
        return std::move(*this);
    }
};

/// Must fail with `code` at `offset` (kAnyOffset: anywhere).
Case fails(std::string name, Input input, ErrorCode code, std::uint64_t offset,
           ParseOptions options = {}) {
    return {std::move(name), std::move(input), code, offset, options};
}
/// Must be accepted; the reader's event log must contain `events`.
Case accepts(std::string name, Input input, std::string events = "", ParseOptions options = {}) {
    Case c{std::move(name), std::move(input), ErrorCode::ok, kAnyOffset, options};
    c.events = std::move(events);
    return c;
}
/// `first` and `second` in two chunks: a token cut where the first chunk ends.
Case split(std::string name, const std::string& first, const std::string& second, ErrorCode code,
           std::uint64_t offset, std::string events = "") {
    Case c{std::move(name), first + second, code, offset};
    c.chunks = {first.size()};
    c.events = std::move(events);
    return c;
}

void PrintTo(const Case& c, std::ostream* os) {
    *os << c.name;
}

// A short, printable view of an input for failure messages.
std::string shown(std::string_view s) {
    std::string out = testing::EventLog::escape(s.substr(0, 80));
    if (s.size() > 80) out += "... (" + std::to_string(s.size()) + " bytes)";
    return out;
}

// --- inputs

std::string repeat(std::string_view s, std::size_t n) {
    std::string out;
    out.reserve(s.size() * n);
    for (std::size_t i = 0; i < n; ++i)
        out += s;
    return out;
}

std::string nested_arrays(std::size_t depth) {
    return std::string(depth, '[') + std::string(depth, ']');
}

std::string nested_objects(std::size_t depth) {
    return repeat("{\"k\":", depth) + "0" + std::string(depth, '}');
}

std::string million_keys() {
    std::string json = "{";
    for (int i = 0; i < 1'000'000; ++i) {
        if (i) json += ',';
        json += '"' + std::to_string(i) + "\":" + std::to_string(i);
    }
    return json + '}';
}

std::string object_with_keys(int n, const std::string& extra) {
    std::string json = "{";
    for (int i = 0; i < n; ++i)
        json += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
    return json + extra + "}";
}

// An object of 20 members, then one of 40 (each with 30 keys of its own), then 20 more, then
// `extra` before the closing brace.
std::string large_nested_objects(const std::string& extra) {
    std::string json = "{";
    for (int i = 0; i < 20; ++i)
        json += "\"o" + std::to_string(i) + "\":" + std::to_string(i) + ",";
    json += "\"child\":{";
    for (int i = 0; i < 40; ++i) {
        json += (i ? ",\"c" : "\"c") + std::to_string(i) + "\":" + object_with_keys(30, "\"z\":0");
    }
    json += "}";
    for (int i = 20; i < 40; ++i)
        json += ",\"o" + std::to_string(i) + "\":" + std::to_string(i);
    return json + extra + "}";
}

ParseOptions depth(std::size_t max_depth) {
    ParseOptions o;
    o.reader.max_depth = max_depth;
    return o;
}
ParseOptions allow_bom() {
    ParseOptions o;
    o.reader.allow_bom = true;
    return o;
}
ParseOptions replace_surrogates() {
    ParseOptions o;
    o.reader.replace_lone_surrogates = true;
    return o;
}
ParseOptions reject_duplicates() {
    ParseOptions o;
    o.duplicate_keys = DuplicateKeys::reject;
    return o;
}

std::string hex_name(unsigned char c) {
    static const char* const kHex = "0123456789abcdef";
    return std::string("0x") + kHex[c >> 4] + kHex[c & 15];
}

// --- the table

using E = ErrorCode;

std::vector<Case> grammar_cases() {
    std::vector<Case> cases = {
        // Nothing there.
        fails("empty_input", "", E::empty_input, 0),
        fails("only_whitespace", " \t\r\n", E::empty_input, 4),
        // Trailing and missing commas, colons and brackets.
        fails("trailing_comma_in_array", "[1,]", E::expected_value, 3),
        fails("trailing_comma_in_object", R"({"a":1,})", E::expected_key, 7),
        fails("trailing_comma_after_root", "1,", E::trailing_content, 1),
        fails("leading_comma_in_array", "[,1]", E::expected_value_or_array_end, 1),
        fails("double_comma_in_array", "[1,,2]", E::expected_value, 3),
        fails("missing_comma_in_array", "[1 2]", E::expected_comma_or_array_end, 3),
        fails("missing_comma_in_object", R"({"a":1 "b":2})", E::expected_comma_or_object_end, 7),
        fails("missing_colon", R"({"a" 1})", E::expected_colon, 5),
        fails("missing_value_after_colon", R"({"a":})", E::expected_value, 5),
        fails("number_as_key", "{1:2}", E::expected_key_or_object_end, 1),
        fails("single_quoted_string", "['a']", E::expected_value_or_array_end, 1),
        fails("array_closed_by_brace", "[1}", E::expected_comma_or_array_end, 2),
        fails("object_closed_by_bracket", R"({"a":1])", E::expected_comma_or_object_end, 6),
        fails("unclosed_array", "[1", E::expected_comma_or_array_end, 2),
        fails("unclosed_object", R"({"a":1)", E::expected_comma_or_object_end, 6),
        // Trailing content.
        fails("two_roots", "1 2", E::trailing_content, 2),
        fails("extra_close_bracket", "[1]]", E::trailing_content, 3),
        fails("two_objects", "{}{}", E::trailing_content, 2),
        fails("literal_followed_by_letter", "truex", E::trailing_content, 4),
        fails("hex_number", "0x10", E::trailing_content, 1),
        // Truncated at the end of the input.
        fails("truncated_true", "tru", E::invalid_literal, 3),
        fails("truncated_false_in_array", "[fals", E::invalid_literal, 5),
        fails("truncated_null", "nu", E::invalid_literal, 2),
        fails("misspelled_literal", "[nulL]", E::invalid_literal, 4),
        fails("truncated_string", "\"abc", E::unterminated_string, 4),
        fails("truncated_key", "{\"ab", E::unterminated_string, 4),
        fails("truncated_minus", "-", E::number_missing_digit, 1),
        fails("truncated_fraction", "[1.", E::number_missing_fraction, 3),
        fails("truncated_exponent", "1e", E::number_missing_exponent, 2),
        fails("truncated_exponent_sign", "1e+", E::number_missing_exponent, 3),
        fails("truncated_escape", "\"ab\\", E::unterminated_string, 4),
        fails("truncated_unicode_escape", "\"\\u00e", E::unterminated_string, 6),
        fails("truncated_surrogate_pair", "\"\\ud83d\\ude0", E::unterminated_string, 12),
        fails("truncated_utf8_at_end", "\"ab\xE2\x82", E::unterminated_string, 5),
        // Cut where a chunk ends, then completed or broken by the next chunk.
        split("literal_completed_in_next_chunk", "[tr", "ue]", E::ok, kAnyOffset, "true|"),
        split("literal_broken_in_next_chunk", "[tr", "ie]", E::invalid_literal, 3),
        split("string_completed_in_next_chunk", "[\"ab", "c\"]", E::ok, kAnyOffset, "s:abc|"),
        split("string_cut_by_end_after_chunk", "[\"ab", "c", E::unterminated_string, 5),
        split("number_completed_in_next_chunk", "[12", "34]", E::ok, kAnyOffset, "i:1234|"),
        split("fraction_missing_after_chunk", "[1.", "]", E::number_missing_fraction, 3),
        split("exponent_missing_after_chunk", "[1e", "]", E::number_missing_exponent, 3),
        split("number_then_sign_in_next_chunk", "[1", "-2]", E::expected_comma_or_array_end, 2),
        // A number carried over two chunks and followed, in them, by number characters that
        // are not part of it ("1" "+" "2]"): the reader once gave back bytes of the earlier
        // chunks and read before the last one (found by fuzz_chunks; see
        // tests/fuzz/regressions/fuzz_chunks). Byte-by-byte chunking of "[1-2]" met it too.
        fails("number_then_sign_over_three_chunks", "[1+2]", E::expected_comma_or_array_end, 2)
            .in_chunks({1, 1, 1, 0}),
        split("escape_completed_in_next_chunk", "[\"a\\", "u00e9\"]", E::ok, kAnyOffset,
              "s:a\xC3\xA9|"),
        split("escape_broken_in_next_chunk", "[\"a\\u00", "zz\"]", E::invalid_unicode_escape, 3),
        split("surrogate_pair_completed_in_next_chunk", "\"\\ud83d", "\\ude00\"", E::ok, kAnyOffset,
              "s:\xF0\x9F\x98\x80|"),
        split("surrogate_pair_broken_in_next_chunk", "\"\\ud83d", "\\u0041\"", E::lone_surrogate,
              1),
        split("utf8_completed_in_next_chunk", "\"\xF0\x9F", "\x98\x80\"", E::ok, kAnyOffset),
        split("utf8_broken_in_next_chunk", "\"\xF0\x9F", "x\"", E::invalid_utf8, 1),
        // Raw control characters and NUL bytes.
        fails("raw_newline_in_string", "\"a\nb\"", E::control_character_in_string, 2),
        fails("raw_tab_in_string", "\"\t\"", E::control_character_in_string, 1),
        fails("raw_unit_separator_in_string", "\"ab\x1f\"", E::control_character_in_string, 3),
        fails("raw_nul_in_string", std::string("\"a\0b\"", 5), E::control_character_in_string, 2),
        fails("raw_nul_in_key", std::string("{\"\0\":1}", 7), E::control_character_in_string, 2),
        accepts("del_in_string_is_fine", "\"\x7f\"", "s:\x7f|"),
        fails("nul_after_array", std::string("[1]\0", 4), E::trailing_content, 3),
        fails("nul_after_number", std::string("123\0", 4), E::trailing_content, 3),
        // A NUL as the first or second byte is how UTF-16 looks: the error says so.
        fails("nul_after_single_digit", std::string("1\0", 2), E::utf16_input, 1),
        fails("nul_before_value", std::string("\0001", 2), E::utf16_input, 0),
        fails("nul_in_array", std::string("[1,\0]", 5), E::expected_value, 3),
        fails("control_character_outside_string", "[1,\x01]", E::expected_value, 3),
        fails("form_feed_is_not_whitespace", "\f1", E::expected_value, 0),
        fails("vertical_tab_is_not_whitespace", "[\v]", E::expected_value_or_array_end, 1),
        // Invalid \u escapes (every other invalid escape is generated below).
        fails("unicode_escape_bad_hex", R"("\u00g0")", E::invalid_unicode_escape, 1),
        fails("unicode_escape_too_short", R"("\u12")", E::invalid_unicode_escape, 1),
        fails("unicode_escape_space", R"("\u 123")", E::invalid_unicode_escape, 1),
        fails("unicode_escape_uppercase_u", R"("\U0041")", E::invalid_escape, 1),
        // Surrogates.
        fails("lone_high_surrogate", R"("\ud800")", E::lone_surrogate, 1),
        fails("lone_low_surrogate", R"("\udc00")", E::lone_surrogate, 1),
        fails("reversed_surrogates", R"("\udc00\ud800")", E::lone_surrogate, 1),
        fails("high_surrogate_twice", R"("x\ud800\ud800")", E::lone_surrogate, 2),
        fails("high_surrogate_then_letter", R"("\ud800x")", E::lone_surrogate, 1),
        fails("high_surrogate_then_bmp_escape", R"("\ud800\u0041")", E::lone_surrogate, 1),
        fails("high_surrogate_then_bad_escape", R"("\ud800\u00g0")", E::invalid_unicode_escape, 7),
        accepts("lone_surrogates_replaced", R"(["\ud800","\udc00\ud800\udc00"])",
                "s:\xEF\xBF\xBD|s:\xEF\xBF\xBD\xF0\x90\x80\x80|", replace_surrogates()),
        fails("surrogate_encoded_in_utf8", "\"\xED\xA0\x80\"", E::invalid_utf8, 1),
        // UTF-8: overlong, truncated, out of range.
        fails("overlong_nul", "\"ab\xC0\x80\"", E::invalid_utf8, 3),
        fails("overlong_two_byte", "\"\xC1\xBF\"", E::invalid_utf8, 1),
        fails("overlong_three_byte", "\"\xE0\x80\xAF\"", E::invalid_utf8, 1),
        fails("overlong_four_byte", "\"\xF0\x80\x80\xAF\"", E::invalid_utf8, 1),
        fails("truncated_two_byte", "\"\xC3\"", E::invalid_utf8, 1),
        fails("truncated_three_byte", "\"\xE2\x82\"", E::invalid_utf8, 1),
        fails("truncated_four_byte", "\"\xF0\x9F\x98\"", E::invalid_utf8, 1),
        fails("truncated_sequence_then_ascii", "\"\xE2x\"", E::invalid_utf8, 1),
        fails("above_u10ffff", "\"\xF4\x90\x80\x80\"", E::invalid_utf8, 1),
        fails("f5_lead_byte", "\"\xF5\x80\x80\x80\"", E::invalid_utf8, 1),
        fails("ff_byte", "\"\xFF\"", E::invalid_utf8, 1),
        fails("lone_continuation_byte", "\"a\x80\"", E::invalid_utf8, 2),
        fails("utf8_outside_string", "\xC3\xA9", E::expected_value, 0),
        accepts("valid_utf8_everywhere", "\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF\"")
            .writing_back(),
        // Byte-order marks.
        fails("bom_rejected_by_default", "\xEF\xBB\xBF[1]", E::byte_order_mark, 0),
        accepts("bom_skipped_when_allowed", "\xEF\xBB\xBF[1]", "[|i:1|]1|", allow_bom())
            .in_chunks({1, 1}),
        fails("bom_alone", "\xEF\xBB\xBF", E::byte_order_mark, 0),
        fails("bom_alone_when_allowed", "\xEF\xBB\xBF", E::empty_input, 3, allow_bom()),
        fails("partial_bom", "\xEF\xBB[1]", E::expected_value, 0),
        fails("partial_bom_when_allowed", "\xEF\xBB[1]", E::expected_value, 0, allow_bom()),
        fails("partial_bom_at_end_when_allowed", "\xEF\xBB", E::expected_value, 0, allow_bom()),
        fails("bom_after_whitespace", " \xEF\xBB\xBF\x31", E::expected_value, 1, allow_bom()),
        fails("bom_inside_array", "[\xEF\xBB\xBF\x31]", E::expected_value_or_array_end, 1),
        // UTF-16 and UTF-32.
        fails("utf16le_with_bom", std::string("\xFF\xFE[\0]\0", 6), E::utf16_input, kAnyOffset),
        fails("utf16be_with_bom", std::string("\xFE\xFF\0[\0]", 6), E::utf16_input, kAnyOffset),
        fails("utf16le", std::string("[\0\x31\0]\0", 6), E::utf16_input, 1),
        fails("utf16be", std::string("\0[\0\x31\0]", 6), E::utf16_input, kAnyOffset),
        fails("utf32le", std::string("[\0\0\0]\0\0\0", 8), E::utf16_input, 1),
        // Number grammar.
        fails("leading_zero", "01", E::number_leading_zero, 1),
        fails("negative_leading_zero", "-01", E::number_leading_zero, 2),
        fails("double_zero", "[00]", E::number_leading_zero, 2),
        fails("one_dot", "1.", E::number_missing_fraction, 2),
        fails("one_dot_exponent", "1.e5", E::number_missing_fraction, 2),
        fails("dot_one", ".1", E::expected_value, 0),
        fails("plus_one", "+1", E::expected_value, 0),
        fails("minus_letter", "-a", E::number_missing_digit, 1),
        fails("nan", "NaN", E::expected_value, 0),
        fails("infinity", "Infinity", E::expected_value, 0),
        fails("minus_infinity", "-Infinity", E::number_missing_digit, 1),
        fails("exponent_letter", "1E-x", E::number_missing_exponent, 3),
        // Numbers at the edges: accepted, never wrapped or rounded away; the text is kept and
        // written back unchanged.
        accepts("huge_exponent", "1e400", "n:1e400|").writing_back(),
        accepts("tiny_exponent", "1e-400", "n:1e-400|").writing_back(),
        accepts("negative_huge_exponent", "-1e400", "n:-1e400|").writing_back(),
        accepts("exponent_past_2_pow_31", "1e2147483648", "n:1e2147483648|").writing_back(),
        accepts("negative_exponent_past_2_pow_31", "[1e-2147483649]", "n:1e-2147483649|")
            .writing_back(),
        accepts("exponent_past_2_pow_64", "1e99999999999999999999", "n:1e99999999999999999999|")
            .writing_back(),
        accepts("zero_with_huge_exponent", "0e2147483648", "d:0|"),
        accepts("uint64_max", "18446744073709551615", "u:18446744073709551615|").writing_back(),
        accepts("uint64_max_plus_one", "18446744073709551616", "n:18446744073709551616|")
            .writing_back()
            .checking([](Value v) {
                EXPECT_TRUE(v.is_number_text());
                EXPECT_EQ(v.get_uint64().error().code, ErrorCode::number_out_of_range);
                EXPECT_EQ(v.number_text().view(), "18446744073709551616");
            }),
        accepts("int64_min", "-9223372036854775808", "i:-9223372036854775808|").writing_back(),
        accepts("int64_min_minus_one", "[-9223372036854775809]", "n:-9223372036854775809|")
            .writing_back()
            .checking([](Value v) {
                EXPECT_TRUE(v[0].is_number_text());
                EXPECT_EQ(v[0].get_int64().error().code, ErrorCode::number_out_of_range);
                EXPECT_EQ(v[0].number_text().view(), "-9223372036854775809");
            }),
        accepts("megabyte_of_digits", Input::lazy([] { return std::string(1 << 20, '7'); }))
            .writing_back()
            .checking(
                [](Value v) { EXPECT_EQ(v.number_text().view().size(), std::size_t{1} << 20); }),
        accepts("megabyte_of_fraction_digits",
                Input::lazy([] { return "0." + std::string(1 << 20, '3'); }))
            .writing_back(),
        accepts("megabyte_string",
                Input::lazy([] { return '"' + std::string(1 << 20, 's') + '"'; }))
            .writing_back(),
        // Depth: checked without recursion, built and freed when the limit is raised.
        fails("unclosed_100000_arrays", Input::lazy([] { return std::string(100'000, '['); }),
              E::depth_limit, 1024),
        fails("unclosed_100000_arrays_depth_raised",
              Input::lazy([] { return std::string(100'000, '['); }), E::expected_value_or_array_end,
              100'000, depth(200'000)),
        accepts("depth_limit_exactly", nested_arrays(1024)).writing_back(),
        fails("depth_limit_plus_one", nested_arrays(1025), E::depth_limit, 1024),
        fails("million_nested_arrays", Input::lazy([] { return nested_arrays(1'000'000); }),
              E::depth_limit, 1024),
        accepts("million_nested_arrays_depth_raised",
                Input::lazy([] { return nested_arrays(1'000'000); }), "", depth(1'000'000))
            .writing_back(),
        fails("million_nested_objects", Input::lazy([] { return nested_objects(1'000'000); }),
              E::depth_limit, 5 * 1024),
        accepts("million_nested_objects_depth_raised",
                Input::lazy([] { return nested_objects(1'000'000); }), "", depth(1'000'000))
            .writing_back(),
        accepts("million_keys_in_one_object", Input::lazy(million_keys))
            .writing_back()
            .checking([](Value v) {
                EXPECT_EQ(v.size(), 1'000'000u);
                EXPECT_EQ(*v["999999"].get_int64(), 999999);
                EXPECT_EQ(*v["0"].get_int64(), 0);
                EXPECT_FALSE(v["1000000"].exists());
            }),
        // Duplicate keys: kept in order (lookup finds the first), or rejected at the repeated key.
        accepts("duplicate_keys_kept", R"({"a":1,"b":2,"a":3})")
            .writing_back()
            .checking([](Value v) {
                EXPECT_EQ(v.size(), 3u);
                EXPECT_EQ(*v["a"].get_int64(), 1);
            }),
        fails("duplicate_keys_rejected", R"({"a":1,"b":2,"a":3})", E::duplicate_key, 13,
              reject_duplicates())
            .from_dom(),
        fails("duplicate_keys_rejected_in_inner_object", R"({"a":1,"b":{"x":1,"x":2}})",
              E::duplicate_key, 18, reject_duplicates())
            .from_dom(),
        accepts("same_key_in_sibling_objects_is_fine", R"([{"a":1},{"a":2}])", "",
                reject_duplicates()),
        accepts("same_key_in_parent_and_child_is_fine", R"({"a":{"a":{"a":1}},"b":[{"a":2}]})", "",
                reject_duplicates()),
        fails("duplicate_keys_spelled_differently", R"({"a":1,"\u0061":2})", E::duplicate_key, 7,
              reject_duplicates())
            .from_dom(),
        accepts("duplicate_keys_in_large_object_kept", object_with_keys(100, "\"k7\":-1"))
            .writing_back()
            .checking([](Value v) {
                EXPECT_EQ(v.size(), 101u);
                EXPECT_EQ(*v["k7"].get_int64(), 7);
            }),
        // Past 16 members the keys are checked through a hash set.
        fails("duplicate_keys_in_large_object_rejected", object_with_keys(100, "\"k7\":-1"),
              E::duplicate_key, object_with_keys(100, "").size() - 1, reject_duplicates())
            .from_dom(),
        fails("duplicate_key_as_the_17th_member", object_with_keys(16, "\"k0\":-1"),
              E::duplicate_key, object_with_keys(16, "").size() - 1, reject_duplicates())
            .from_dom(),
        accepts("large_objects_nested_in_large_objects", large_nested_objects(""), "",
                reject_duplicates()),
        // The outer object's set outlives its large child's, which closed before the repeat.
        fails("duplicate_key_after_a_large_child_closed", large_nested_objects(",\"o5\":0"),
              E::duplicate_key, large_nested_objects("").size(), reject_duplicates())
            .from_dom(),
    };

    // Every byte after a backslash that is not one of the eight escapes (or \u).
    const std::string_view valid = "\"\\/bfnrtu";
    for (int b = 0; b < 256; ++b) {
        const auto c = static_cast<unsigned char>(b);
        if (valid.find(static_cast<char>(c)) != std::string_view::npos) continue;
        cases.push_back(fails("invalid_escape_" + hex_name(c),
                              std::string("[\"a\\") + static_cast<char>(c) + "\"]",
                              E::invalid_escape, 3));
    }
    return cases;
}

// --- checking one case

std::string describe(const Outcome& o) {
    std::string s = o.describe();
    if (s.size() > 300) s = s.substr(0, 150) + " ... " + s.substr(s.size() - 150);
    return s;
}

std::string sizes_text(const std::vector<std::size_t>& sizes) {
    std::string s = "{";
    for (const std::size_t n : sizes)
        s += std::to_string(n) + ",";
    s.back() = '}';
    return s;
}

// The chunkings to try: every two-chunk split and single bytes for short inputs, a few sizes
// for longer ones, and the case's own.
std::vector<std::vector<std::size_t>> chunkings(std::size_t n,
                                                const std::vector<std::size_t>& own) {
    std::vector<std::vector<std::size_t>> plans;
    if (n <= 256) {
        for (std::size_t cut = 1; cut < n; ++cut)
            plans.push_back({cut, 0});
        plans.push_back({1});
        plans.push_back({2, 3});
    } else if (n <= 64 * 1024) {
        plans.push_back({1});
        plans.push_back({7, 4096});
    } else {
        plans.push_back({65537, 3});
    }
    if (!own.empty()) plans.push_back(own);
    return plans;
}

// The push Parser fed the way a Source feeds it: each chunk copied to the start of one reused
// buffer that is ',' before and after the chunk.
Result<Document> push_from_reused_buffer(std::string_view input,
                                         const std::vector<std::size_t>& sizes,
                                         const ParseOptions& options) {
    const std::size_t guard = input.size() + 64;
    std::string buffer(guard + input.size() + guard, ',');
    char* const slot = buffer.data() + guard;
    Parser parser(options);
    parser.start();
    std::size_t pos = 0, k = 0;
    while (pos < input.size()) {
        std::size_t n = sizes[k++ % sizes.size()];
        if (n == 0 || n > input.size() - pos) n = input.size() - pos;
        std::memcpy(slot, input.data() + pos, n);
        const Status status = parser.feed(std::string_view(slot, n));
        std::memset(slot, ',', n);
        if (!status) return status.error();
        pos += n;
    }
    return parser.finish();
}

// The input fed in chunks of `sizes` (empty: whole) to a Reader whose handler is a KeyCheck
// alone: its error, or ok.
Error check_keys(std::string_view input, const std::vector<std::size_t>& sizes,
                 const ReaderOptions& options) {
    KeyCheck keys;
    Reader reader(keys, options);
    std::size_t pos = 0, k = 0;
    while (pos < input.size()) {
        std::size_t n = sizes.empty() ? 0 : sizes[k++ % sizes.size()];
        if (n == 0 || n > input.size() - pos) n = input.size() - pos;
        const std::string chunk(input.substr(pos, n));  // views must not outlive their chunk
        if (reader.feed(chunk).status == ReadStatus::error) return reader.error();
        pos += n;
    }
    if (reader.finish().status == ReadStatus::error) return reader.error();
    return Error{};
}

class BadInput : public ::testing::TestWithParam<Case> {};

TEST_P(BadInput, GivesTheExpectedOutcome) {
    const Case& c = GetParam();
    const std::string input = c.input.bytes();
    const std::string input_shown = shown(input);

    // One buffer, to a Document.
    Result<Document> doc = parse(input, c.options);
    if (c.code == ErrorCode::ok) {
        ASSERT_TRUE(doc) << input_shown << " -> " << doc.error().to_string();
        if (c.writes_back) {
            EXPECT_TRUE(to_string(doc->root()) == input) << input_shown;
        }
        if (c.check) c.check(doc->root());
    } else {
        ASSERT_FALSE(doc) << input_shown << " was accepted";
        EXPECT_STREQ(error_name(doc.error().code), error_name(c.code))
            << input_shown << " -> " << doc.error().to_string();
        if (c.offset != kAnyOffset) {
            EXPECT_EQ(doc.error().offset, c.offset) << input_shown;
        }
        EXPECT_GE(doc.error().line, 1u);
        EXPECT_GE(doc.error().column, 1u);
    }

    // The SAX reader, whole: the same error where it is the reader's.
    const ReaderOptions reader_options = detail::one_document(c.options.reader);
    const Outcome whole = parse_whole(input, reader_options);
    if (c.dom_only || c.code == ErrorCode::ok) {
        EXPECT_TRUE(whole.ok()) << input_shown << " -> " << describe(whole);
    } else {
        EXPECT_STREQ(error_name(whole.code), error_name(c.code)) << input_shown;
        EXPECT_EQ(whole.offset, doc.error().offset) << input_shown;
        EXPECT_EQ(whole.line, doc.error().line) << input_shown;
        EXPECT_EQ(whole.column, doc.error().column) << input_shown;
        EXPECT_EQ(whole.at_end, doc.error().at_end) << input_shown;
    }
    if (!c.events.empty()) {
        EXPECT_NE(whole.events.find(c.events), std::string::npos)
            << input_shown << " -> " << describe(whole);
    }

    // Rejecting duplicate keys without building the document ends as building it does, with
    // KeyCheck as the reader's handler (as `arenajson check` runs it) and with find_path, which
    // checks every object whatever it captures. (The DOM's memory limit is the DOM's own.)
    const bool keys_only = c.options.duplicate_keys == DuplicateKeys::reject &&
                           (doc || doc.error().code != ErrorCode::memory_limit);
    const auto same_as_dom = [&](const Error& e, const std::string& how) {
        EXPECT_EQ(e.code, doc ? ErrorCode::ok : doc.error().code) << input_shown << " " << how;
        if (!doc) {
            EXPECT_EQ(e.offset, doc.error().offset) << input_shown << " " << how;
            EXPECT_EQ(e.line, doc.error().line) << input_shown << " " << how;
            EXPECT_EQ(e.column, doc.error().column) << input_shown << " " << how;
        }
    };
    if (keys_only) {
        same_as_dom(check_keys(input, {}, reader_options), "through KeyCheck");
        Source source = Source::from_memory(input, c.options.source);
        Result<PathLookup> found = find_path(source, {}, c.options);
        same_as_dom(found ? Error{} : found.error(), "through find_path");
        if (found && doc) {
            EXPECT_TRUE(found->document.root() == doc->root()) << input_shown;
        }
    }

    // Chunks: the reader gives the same events and error; the push parser the same document
    // or error.
    for (const std::vector<std::size_t>& sizes : chunkings(input.size(), c.chunks)) {
        const Outcome split = parse_chunks(input, sizes, reader_options);
        EXPECT_TRUE(split == whole)
            << input_shown << " in chunks " << sizes_text(sizes) << "\n whole: " << describe(whole)
            << "\n split: " << describe(split);
        if (keys_only) {
            same_as_dom(check_keys(input, sizes, reader_options),
                        "through KeyCheck in chunks " + sizes_text(sizes));
        }
        Result<Document> pushed = push_from_reused_buffer(input, sizes, c.options);
        ASSERT_EQ(pushed.has_value(), doc.has_value())
            << input_shown << " pushed in chunks " << sizes_text(sizes) << ": "
            << (pushed ? std::string("accepted") : pushed.error().to_string());
        if (doc) {
            EXPECT_TRUE(pushed->root() == doc->root())
                << input_shown << " pushed in chunks " << sizes_text(sizes);
            // Equality compares numbers by value and objects as unordered maps; the text does
            // not.
            EXPECT_EQ(to_string(pushed->root()), to_string(doc->root()))
                << input_shown << " pushed in chunks " << sizes_text(sizes);
        } else {
            EXPECT_EQ(pushed.error().code, doc.error().code) << sizes_text(sizes);
            EXPECT_EQ(pushed.error().offset, doc.error().offset) << sizes_text(sizes);
            EXPECT_EQ(pushed.error().line, doc.error().line) << sizes_text(sizes);
            EXPECT_EQ(pushed.error().column, doc.error().column) << sizes_text(sizes);
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Table, BadInput, ::testing::ValuesIn(grammar_cases()),
                         [](const ::testing::TestParamInfo<Case>& param_info) {
                             return param_info.param.name;
                         });

TEST(BadInputTable, HasEveryCaseOnceAndEnoughOfThem) {
    const std::vector<Case> cases = grammar_cases();
    EXPECT_GE(cases.size(), 48u);
    std::vector<std::string> names;
    for (const Case& c : cases)
        names.push_back(c.name);
    std::sort(names.begin(), names.end());
    EXPECT_EQ(std::adjacent_find(names.begin(), names.end()), names.end());
}

// --- time: long tokens fed a byte at a time take linear time

double seconds_to_feed_bytewise(const std::string& input) {
    const auto start = std::chrono::steady_clock::now();
    const Outcome o = parse_chunks(input, {1});
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    EXPECT_TRUE(o.ok()) << describe(o);
    return took.count();
}

TEST(BadInputTime, LongTokensFedByteByByteTakeLinearTime) {
    for (const char* kind : {"number", "string"}) {
        const auto make = [&](std::size_t n) {
            return std::string_view(kind) == "number" ? std::string(n, '7')
                                                      : '"' + std::string(n, 's') + '"';
        };
        const double small = seconds_to_feed_bytewise(make(std::size_t{1} << 18));
        const double large = seconds_to_feed_bytewise(make(std::size_t{1} << 20));
        // Four times the bytes: about four times the time, far from the sixteen of a quadratic
        // rescan; absolute bounds keep the check meaningful when both are quick.
        EXPECT_LT(large, 20.0) << kind;
        if (large > 0.2) {
            EXPECT_LT(large / small, 10.0) << kind << ": " << small << " s, " << large << " s";
        }
    }
}

// --- allocation failure at every arena allocation

std::string allocation_heavy_document() {
    std::string json =
        R"({"name":"a string that is longer than fourteen bytes","list":[1,-2,2.5,)"
        R"(123456789012345678901234567890123,"s",true,false,null,[],{},[[["deep"]]]],)"
        R"("escaped":"\u00e9\ud83d\ude00 and more than fourteen bytes",)";
    json += R"("big":)" + object_with_keys(40, R"("last":"value that lives in the arena")") + ",";
    json += R"("numbers":[)";
    for (int i = 0; i < 50; ++i)
        json += std::to_string(i * 7919) + ".5e-3,";
    json += R"(3.14159265358979323846264338327950288],"k":{"k":{"k":{}}}})";
    return json;
}

// Builds `json` with DomBuilder on an arena whose k-th allocation fails. Returns true when the
// document was built; otherwise the failure must be a clean memory_limit.
bool build_with_failure_at(const std::string& json, std::size_t k, std::size_t chunk,
                           DomBuilder& builder, const Value& expected) {
    Arena arena;
    arena.inject_failure_after(k);
    builder.begin(arena, DuplicateKeys::keep);
    Reader<DomBuilder> reader(builder);
    ReadResult r{ReadStatus::more, 0};
    for (std::size_t pos = 0; pos < json.size() && r.status != ReadStatus::error; pos += chunk)
        r = reader.feed(std::string_view(json).substr(pos, chunk));
    if (r.status != ReadStatus::error) r = reader.finish();
    if (r.status == ReadStatus::error) {
        EXPECT_EQ(reader.error().code, ErrorCode::memory_limit) << "allocation " << k;
        EXPECT_EQ(builder.error_code(), ErrorCode::memory_limit) << "allocation " << k;
        EXPECT_LE(reader.error().offset, json.size());
        return false;
    }
    EXPECT_EQ(r.status, ReadStatus::document);
    const detail::Node* root = builder.finish();
    if (root == nullptr) {
        EXPECT_EQ(builder.error_code(), ErrorCode::memory_limit) << "allocation " << k;
        return false;
    }
    EXPECT_TRUE(Value(root) == expected) << "allocation " << k;
    EXPECT_EQ(to_string(Value(root)), to_string(expected)) << "allocation " << k;
    return true;
}

TEST(BadInputMemory, AllocationFailureAtEveryArenaAllocationIsClean) {
    const std::string json = allocation_heavy_document();
    Result<Document> expected = parse(json);
    ASSERT_TRUE(expected) << expected.error().to_string();
    for (const std::size_t chunk : {json.size(), std::size_t{5}}) {
        // One builder for every attempt: a failed document must not spoil the next one.
        DomBuilder builder;
        std::size_t k = 1;
        while (!build_with_failure_at(json, k, chunk, builder, expected->root())) {
            ASSERT_LT(k, 100'000u) << "never succeeded";
            ++k;
        }
        // Strings, number texts, keys, containers and the root each allocate.
        EXPECT_GT(k, 20u) << "chunk " << chunk;
        // Past the last allocation the failure never comes.
        EXPECT_TRUE(build_with_failure_at(json, k + 1, chunk, builder, expected->root()));
    }
}

TEST(BadInputMemory, ArenaStaysUsableAfterAnInjectedFailure) {
    const std::string json = allocation_heavy_document();
    Arena arena;
    DomBuilder builder;
    arena.inject_failure_after(3);
    builder.begin(arena, DuplicateKeys::keep);
    Reader<DomBuilder> reader(builder);
    EXPECT_EQ(reader.feed(json).status, ReadStatus::error);
    EXPECT_EQ(reader.error().code, ErrorCode::memory_limit);
    arena.reset();  // disarms, forgets the partial document
    builder.begin(arena, DuplicateKeys::keep);
    reader.reset();
    EXPECT_EQ(reader.feed(json).status, ReadStatus::more);
    ASSERT_EQ(reader.finish().status, ReadStatus::document);
    const detail::Node* root = builder.finish();
    ASSERT_NE(root, nullptr);
    EXPECT_EQ(Value(root)["big"]["last"].get_string().value_or(""),
              "value that lives in the arena");
}

// --- zstd

using testing::zstd_compress;
using testing::zstd_compress_streaming;

// 1 GiB of '[' in a few tens of KiB, built once.
const std::string& zstd_bomb() {
    static const std::string bomb = zstd_compress_streaming(std::string(1 << 20, '['), 20, 1024, 1);
    return bomb;
}

// A frame whose header declares 100 GB of content, followed by one raw block of 3 bytes.
std::string frame_declaring_100_gb() {
    std::string f = "\x28\xB5\x2F\xFD";
    f += '\xC0';  // frame header descriptor: 8-byte content size, not single-segment
    f += '\x50';  // window descriptor: 2^20
    std::uint64_t size = 100'000'000'000ull;
    for (int i = 0; i < 8; ++i, size >>= 8)
        f += static_cast<char>(size & 0xFF);
    f += std::string("\x19\x00\x00", 3);  // last block, raw, 3 bytes
    f += "[1]";
    return f;
}

struct ZstdCase {
    std::string name;
    std::function<std::string()> bytes;
    ErrorCode code;
    std::uint64_t offset = kAnyOffset;
    ParseOptions options{};
};

void PrintTo(const ZstdCase& c, std::ostream* os) {
    *os << c.name;
}

ParseOptions bomb_limits() {
    ParseOptions o;
    o.reader.max_depth = std::numeric_limits<std::size_t>::max();
    o.source.max_input_bytes = 4 << 20;
    return o;
}
ParseOptions window_limit(int log) {
    ParseOptions o;
    o.source.zstd_window_log_max = log;
    return o;
}

std::string padded_array() {
    return "[1,2,3]" + std::string(100'000, ' ');
}

std::vector<ZstdCase> zstd_cases() {
    return {
        {"truncated_checksum_of_valid_json",
         [] {
             const std::string z = zstd_compress_streaming(padded_array(), 20);
             return z.substr(0, z.size() - 4);
         },
         E::zstd_truncated},
        {"truncated_in_the_middle",
         [] {
             std::string json = "[";
             for (int i = 0; i < 20000; ++i)
                 json += std::to_string(i * 7919 % 10007) + ",";
             const std::string z = zstd_compress_streaming(json + "0]", 20);
             return z.substr(0, z.size() / 2);
         },
         E::zstd_truncated},
        {"truncated_header", [] { return zstd_compress("[1]").substr(0, 6); }, E::zstd_truncated},
        {"magic_only", [] { return std::string("\x28\xB5\x2F\xFD"); }, E::zstd_truncated},
        {"frame_declaring_100_gb", frame_declaring_100_gb, E::zstd_corrupt},
        {"bomb_stopped_by_depth_limit", zstd_bomb, E::depth_limit, 1024},
        {"bomb_stopped_by_input_limit", zstd_bomb, E::input_limit, 4 << 20, bomb_limits()},
        {"window_log_above_default_limit",
         [] { return zstd_compress_streaming(std::string(1000, ' ') + "1", 28); },
         E::zstd_window_limit, 0},
        {"window_log_above_set_limit",
         [] { return zstd_compress_streaming(std::string(1000, ' ') + "1", 21); },
         E::zstd_window_limit, 0, window_limit(20)},
        {"window_log_at_set_limit",
         [] { return zstd_compress_streaming(std::string(1000, ' ') + "1", 20); }, E::ok,
         kAnyOffset, window_limit(20)},
        {"garbage_after_last_frame", [] { return zstd_compress("[1]") + "garbage!"; },
         E::zstd_corrupt, 3},
        {"zero_bytes_after_last_frame", [] { return zstd_compress("[1]") + std::string(8, '\0'); },
         E::zstd_corrupt, 3},
        {"corrupted_checksum",
         [] {
             std::string z = zstd_compress_streaming(padded_array(), 20);
             z.back() = static_cast<char>(z.back() ^ 0x55);
             return z;
         },
         E::zstd_corrupt},
        {"json_error_inside_frame", [] { return zstd_compress("[1,]"); }, E::expected_value, 3},
        {"document_split_over_frames", [] { return zstd_compress("[1,") + zstd_compress("2]"); },
         E::ok},
        {"only_a_skippable_frame",
         [] {
             return std::string(
                 "\x50\x2A\x4D\x18\x03\x00\x00\x00"
                 "abc",
                 11);
         },
         E::empty_input, 0},
    };
}

class BadZstd : public ::testing::TestWithParam<ZstdCase> {};

TEST_P(BadZstd, GivesTheExpectedOutcome) {
    const ZstdCase& c = GetParam();
    const std::string bytes = c.bytes();
    Source source = Source::from_memory(bytes, c.options.source);
    ASSERT_TRUE(source.compressed());  // recognised by the magic (or a skippable frame's)
    if (const auto hint = source.size_hint()) {
        // A declared size is a hint, bounded by the compressed size.
        EXPECT_LE(*hint, std::uint64_t{bytes.size()} * 1024 + 4096);
    }
    Result<Document> doc = parse_source(source, c.options);
    if (c.code == ErrorCode::ok) {
        EXPECT_TRUE(doc) << doc.error().to_string();
        return;
    }
    ASSERT_FALSE(doc);
    EXPECT_STREQ(error_name(doc.error().code), error_name(c.code)) << doc.error().to_string();
    if (c.offset != kAnyOffset) {
        EXPECT_EQ(doc.error().offset, c.offset);
    }
    EXPECT_LE(source.bytes_produced(), std::uint64_t{64} << 20);
}

INSTANTIATE_TEST_SUITE_P(Table, BadZstd, ::testing::ValuesIn(zstd_cases()),
                         [](const ::testing::TestParamInfo<ZstdCase>& param_info) {
                             return param_info.param.name;
                         });

TEST(BadZstdBomb, IsSmallAndWouldBeAGibibyte) {
    const std::string& bomb = zstd_bomb();
    EXPECT_LT(bomb.size(), 64u * 1024);
    // Drained to the end with no limit on depth, it is the whole gibibyte.
    SourceOptions options;
    options.buffer_size = 1 << 20;
    Source source = Source::from_memory(bomb, options);
    std::uint64_t total = 0;
    for (;;) {
        Result<std::string_view> chunk = source.next();
        ASSERT_TRUE(chunk) << chunk.error().to_string();
        if (chunk->empty()) break;
        total += chunk->size();
    }
    EXPECT_EQ(total, std::uint64_t{1} << 30);
}

}  // namespace
}  // namespace arenajson
