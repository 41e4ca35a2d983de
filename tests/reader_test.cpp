#include "arenajson/reader.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <charconv>
#include <cmath>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "event_log.hpp"
#include "test_support.hpp"

namespace arenajson {
namespace {

using testing::Outcome;
using testing::parse_chunks;
using testing::parse_whole;

std::string events(std::string_view input, ReaderOptions options = {}) {
    const Outcome o = parse_whole(input, options);
    EXPECT_TRUE(o.ok()) << input << " -> " << o.describe();
    return o.events;
}

Outcome error_of(std::string_view input, ReaderOptions options = {}) {
    const Outcome o = parse_whole(input, options);
    EXPECT_FALSE(o.ok()) << "accepted: " << input;
    return o;
}

// Every split of `input` into two chunks, and one byte at a time, gives the whole-feed outcome.
void expect_split_invariant(std::string_view input, ReaderOptions options = {}) {
    const Outcome whole = parse_whole(input, options);
    for (std::size_t cut = 1; cut < input.size(); ++cut) {
        const Outcome split = parse_chunks(input, {cut, 0}, options);
        ASSERT_EQ(split, whole) << "split at " << cut << " of " << input
                                << "\n whole: " << whole.describe()
                                << "\n split: " << split.describe();
    }
    const Outcome bytes = parse_chunks(input, {1}, options);
    ASSERT_EQ(bytes, whole) << "byte at a time: " << input << "\n whole: " << whole.describe()
                            << "\n bytes: " << bytes.describe();
}

TEST(Reader, EmitsEveryKindOfEvent) {
    EXPECT_EQ(events(R"({"a":[1,-2,2.5,"s",true,false,null,{}],"b":[]})"),
              "{|k:a|[|i:1|i:-2|d:2.5|s:s|true|false|null|{|}0|]8|k:b|[|]0|}2|#|");
}

TEST(Reader, AnyScalarMayBeTheRoot) {
    EXPECT_EQ(events("42"), "i:42|#|");
    EXPECT_EQ(events("\"x\""), "s:x|#|");
    EXPECT_EQ(events(" true "), "true|#|");
    EXPECT_EQ(events("null"), "null|#|");
    EXPECT_EQ(events("-1.5e3"), "d:-1500|#|");
}

TEST(Reader, IntegersAreExact) {
    EXPECT_EQ(events("9223372036854775807"), "i:9223372036854775807|#|");
    EXPECT_EQ(events("-9223372036854775808"), "i:-9223372036854775808|#|");
    EXPECT_EQ(events("9223372036854775808"), "u:9223372036854775808|#|");
    EXPECT_EQ(events("18446744073709551615"), "u:18446744073709551615|#|");
    // Never wrapped: beyond the 64-bit types the text is kept.
    EXPECT_EQ(events("18446744073709551616"), "n:18446744073709551616|#|");
    EXPECT_EQ(events("-9223372036854775809"), "n:-9223372036854775809|#|");
    EXPECT_EQ(events("123456789012345678901234567890"), "n:123456789012345678901234567890|#|");
    EXPECT_EQ(events("0"), "i:0|#|");
    EXPECT_EQ(events("-0"), "d:-0|#|");  // the sign survives as the double -0.0
}

TEST(Reader, DoublesAreCorrectlyRoundedOrKeptAsText) {
    EXPECT_EQ(events("0.1"), "d:0.1|#|");
    EXPECT_EQ(events("1E2"), "d:100|#|");
    EXPECT_EQ(events("1e-2"), "d:0.01|#|");
    EXPECT_EQ(events("-0.0"), "d:-0|#|");
    EXPECT_EQ(events("0.000123"), "d:0.000123|#|");
    EXPECT_EQ(events("12345678901234.5"), "d:12345678901234.5|#|");    // 15 significant digits
    EXPECT_EQ(events("123456789012345.0"), "n:123456789012345.0|#|");  // 16: the text stays
    EXPECT_EQ(events("1.5e300"), "d:1.5e+300|#|");                     // the from_chars path
    EXPECT_EQ(events("2.2250738585072014e-308"), "n:2.2250738585072014e-308|#|");
    // More than 15 significant digits: a double cannot promise them back, so the text stays.
    EXPECT_EQ(events("-65.613616999999977"), "n:-65.613616999999977|#|");
    EXPECT_EQ(events("3.14159265358979323846"), "n:3.14159265358979323846|#|");
    // Overflow, underflow and subnormals keep their text.
    EXPECT_EQ(events("1e400"), "n:1e400|#|");
    EXPECT_EQ(events("-1e400"), "n:-1e400|#|");
    EXPECT_EQ(events("1e-400"), "n:1e-400|#|");
    EXPECT_EQ(events("5e-324"), "n:5e-324|#|");
    EXPECT_EQ(events("1e99999999999999999999"), "n:1e99999999999999999999|#|");
    EXPECT_EQ(events("0e99999"), "d:0|#|");
}

TEST(Reader, InexactNumbersCanBeRoundedOnRequest) {
    ReaderOptions rounded;
    rounded.exact_numbers = false;
    EXPECT_EQ(events("-65.613616999999977", rounded), "d:-65.61361699999998|#|");
    EXPECT_EQ(events("1e400", rounded), "n:1e400|#|");  // still no infinity
    EXPECT_EQ(events("18446744073709551617", rounded), "d:18446744073709551616|#|");  // 2^64
    EXPECT_EQ(events("-9223372036854775809", rounded), "d:-9223372036854775808|#|");
}

TEST(Reader, RoundedLongNumbersAreTheNearestDouble) {
    // The long-number conversion (fast_float or std::from_chars, whichever the build has)
    // against std::from_chars, correctly rounded in libstdc++: hard cases, then random decimals
    // of 16 to 40 digits with exponents across the whole range of doubles.
    std::vector<std::string> inputs{
        "9007199254740993.0",           // 2^53 + 1: halfway, rounds to even
        "9007199254740993.0000000001",  // just above halfway: rounds up
        "2.4703282292062328e-324",      // just above half the least subnormal
        "1.7976931348623157e308",       // the largest double
        "1.7976931348623158e308",       // still rounds to it
        "4.9406564584124654e-324",      // the least subnormal
        "0.1000000000000000055511151231257827",
        "7.2057594037927933e16",
        "123456789012345678901234567890e-30",
    };
    std::mt19937_64 rng(17);
    for (int i = 0; i < 4000; ++i) {
        std::string s = rng() % 2 ? "-" : "";
        const std::size_t digits = 16 + rng() % 25;
        s += static_cast<char>('1' + rng() % 9);
        for (std::size_t d = 1; d < digits; ++d) {
            if (d == 1 + rng() % digits) s += '.';
            s += static_cast<char>('0' + rng() % 10);
        }
        s += 'e' + std::to_string(static_cast<int>(rng() % 640) - 330);
        inputs.push_back(s);
    }
    for (const std::string& s : inputs) {
        double want = 0;
        const auto r = std::from_chars(s.data(), s.data() + s.size(), want);
        const auto t = arenajson::detail::parse_number(s.data(), s.data() + s.size(), true, false);
        ASSERT_EQ(t.status, arenajson::detail::TokenStatus::complete) << s;
        if (r.ec != std::errc() || !std::isfinite(want)) {
            EXPECT_EQ(t.kind, arenajson::detail::NumberKind::text) << s;  // never infinity
            continue;
        }
        ASSERT_EQ(t.kind, arenajson::detail::NumberKind::double_) << s;
        EXPECT_EQ(std::bit_cast<std::uint64_t>(t.d), std::bit_cast<std::uint64_t>(want)) << s;
    }
}

TEST(Reader, AMegabyteOfDigitsIsOneNumber) {
    std::string digits(1 << 20, '7');
    EXPECT_EQ(events(digits), "n:" + digits + "|#|");
    const std::string fraction = "0." + digits;
    EXPECT_EQ(events(fraction), "n:" + fraction + "|#|");
}

TEST(Reader, NumberGrammarErrors) {
    struct Case {
        const char* input;
        ErrorCode code;
        std::uint64_t offset;
    };
    const Case cases[] = {
        {"01", ErrorCode::number_leading_zero, 1},
        {"-01", ErrorCode::number_leading_zero, 2},
        {"1.", ErrorCode::number_missing_fraction, 2},
        {"1.e5", ErrorCode::number_missing_fraction, 2},
        {".1", ErrorCode::expected_value, 0},
        {"+1", ErrorCode::expected_value, 0},
        {"-", ErrorCode::number_missing_digit, 1},
        {"-a", ErrorCode::number_missing_digit, 1},
        {"1e", ErrorCode::number_missing_exponent, 2},
        {"1e+", ErrorCode::number_missing_exponent, 3},
        {"1E-x", ErrorCode::number_missing_exponent, 3},
        {"NaN", ErrorCode::expected_value, 0},
        {"Infinity", ErrorCode::expected_value, 0},
        {"[1-2]", ErrorCode::expected_comma_or_array_end, 2},
    };
    for (const Case& c : cases) {
        const Outcome o = error_of(c.input);
        EXPECT_EQ(o.code, c.code) << c.input << " -> " << o.describe();
        EXPECT_EQ(o.offset, c.offset) << c.input;
        expect_split_invariant(c.input);
    }
}

TEST(Reader, StringsDecodeEscapesToUtf8) {
    EXPECT_EQ(events(R"("a\"b\\c\/d\be\ff\ng\rh\ti")"),
              "s:a\"b\\x5cc/d\\x08e\\x0cf\\x0ag\\x0dh\\x09i|#|");
    EXPECT_EQ(events(R"("\u00e9\u4e2d\ud83d\ude00")"), "s:\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80|#|");
    // \u0000 is kept: strings carry their length.
    EXPECT_EQ(events(R"("a\u0000b")"), "s:a\\x00b|#|");
    // Raw UTF-8 passes through unchanged.
    EXPECT_EQ(events("\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\""),
              "s:caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80|#|");
}

TEST(Reader, LoneSurrogatesAreRejectedOrReplaced) {
    for (const char* input : {R"("\ud800")", R"("\udc00")", R"("\ud800\u0041")", R"("\ud800x")",
                              R"("\udc00\ud800")", R"("\ud800\n")"}) {
        const Outcome o = error_of(input);
        EXPECT_EQ(o.code, ErrorCode::lone_surrogate) << input << " " << o.describe();
        EXPECT_EQ(o.offset, 1u) << input;
        expect_split_invariant(input);
    }
    ReaderOptions replace;
    replace.replace_lone_surrogates = true;
    EXPECT_EQ(events(R"("\ud800")", replace), "s:\xEF\xBF\xBD|#|");
    EXPECT_EQ(events(R"("\ud800\u0041")", replace),
              "s:\xEF\xBF\xBD"
              "A|#|");
    EXPECT_EQ(events(R"("\udc00\ud800\udc00")", replace), "s:\xEF\xBF\xBD\xF0\x90\x80\x80|#|");
    expect_split_invariant(R"(["\ud800\u0041","\udc00x"])", replace);
}

TEST(Reader, StringErrors) {
    struct Case {
        std::string input;
        ErrorCode code;
        std::uint64_t offset;
    };
    const Case cases[] = {
        {"\"abc", ErrorCode::unterminated_string, 4},
        {"\"a\nb\"", ErrorCode::control_character_in_string, 2},
        {std::string("\"a\0b\"", 5), ErrorCode::control_character_in_string, 2},
        {"\"\t\"", ErrorCode::control_character_in_string, 1},
        {R"("\x")", ErrorCode::invalid_escape, 1},
        {R"("\a")", ErrorCode::invalid_escape, 1},
        {R"("\')", ErrorCode::invalid_escape, 1},
        {R"("\U0041")", ErrorCode::invalid_escape, 1},
        {R"("\u00g0")", ErrorCode::invalid_unicode_escape, 1},
        {R"("\u12")", ErrorCode::invalid_unicode_escape, 1},
        {R"("\ud800\u00g0")", ErrorCode::invalid_unicode_escape, 7},
        {"\"\xC0\x80\"", ErrorCode::invalid_utf8, 1},          // overlong NUL
        {"\"\xE0\x80\xAF\"", ErrorCode::invalid_utf8, 1},      // overlong '/'
        {"\"\xED\xA0\x80\"", ErrorCode::invalid_utf8, 1},      // encoded surrogate
        {"\"\xF4\x90\x80\x80\"", ErrorCode::invalid_utf8, 1},  // above U+10FFFF
        {"\"\xF5\x80\x80\x80\"", ErrorCode::invalid_utf8, 1},
        {"\"\x80\"", ErrorCode::invalid_utf8, 1},  // lone continuation
        {"\"\xC3\"", ErrorCode::invalid_utf8, 1},  // truncated before the quote
        {"\"\xE2\x82\"", ErrorCode::invalid_utf8, 1},
        {"\"\xFF\"", ErrorCode::invalid_utf8, 1},
        {"\"ab\xC3", ErrorCode::unterminated_string, 4},  // cut by the end of input
    };
    for (const Case& c : cases) {
        const Outcome o = error_of(c.input);
        EXPECT_EQ(o.code, c.code) << testing::EventLog::escape(c.input) << " -> " << o.describe();
        EXPECT_EQ(o.offset, c.offset) << testing::EventLog::escape(c.input);
        expect_split_invariant(c.input);
    }
}

TEST(Reader, GrammarErrorsSayWhatWasExpected) {
    struct Case {
        const char* input;
        ErrorCode code;
        std::uint64_t offset;
        bool at_end;
    };
    const Case cases[] = {
        {"", ErrorCode::empty_input, 0, true},
        {"  \n ", ErrorCode::empty_input, 4, true},
        {"[", ErrorCode::expected_value_or_array_end, 1, true},
        {"[1", ErrorCode::expected_comma_or_array_end, 2, true},
        {"[1,", ErrorCode::expected_value, 3, true},
        {"[1,]", ErrorCode::expected_value, 3, false},
        {"[1 2]", ErrorCode::expected_comma_or_array_end, 3, false},
        {"[1}", ErrorCode::expected_comma_or_array_end, 2, false},
        {"{", ErrorCode::expected_key_or_object_end, 1, true},
        {"{1:2}", ErrorCode::expected_key_or_object_end, 1, false},
        {"{\"a\":1,}", ErrorCode::expected_key, 7, false},
        {"{\"a\" 1}", ErrorCode::expected_colon, 5, false},
        {"{\"a\"", ErrorCode::expected_colon, 4, true},
        {"{\"a\":}", ErrorCode::expected_value, 5, false},
        {"{\"a\":1 \"b\":2}", ErrorCode::expected_comma_or_object_end, 7, false},
        {"{\"a\":1]", ErrorCode::expected_comma_or_object_end, 6, false},
        {"[1]]", ErrorCode::trailing_content, 3, false},
        {"1 2", ErrorCode::trailing_content, 2, false},
        {"tru", ErrorCode::invalid_literal, 3, true},
        {"trUe", ErrorCode::invalid_literal, 2, false},
        {"nul", ErrorCode::invalid_literal, 3, true},
        {"[fals]", ErrorCode::invalid_literal, 5, false},
        {"truex", ErrorCode::trailing_content, 4, false},
        {"[1,\x01]", ErrorCode::expected_value, 3, false},
        {"\x0c"
         "1",
         ErrorCode::expected_value, 0, false},  // form feed is not whitespace
        {"[\v]", ErrorCode::expected_value_or_array_end, 1, false},
    };
    for (const Case& c : cases) {
        const Outcome o = error_of(c.input);
        EXPECT_EQ(o.code, c.code) << c.input << " -> " << o.describe();
        EXPECT_EQ(o.offset, c.offset) << c.input;
        EXPECT_EQ(o.at_end, c.at_end) << c.input;
        expect_split_invariant(c.input);
    }
    // NUL bytes after the value are trailing content.
    const Outcome nul = error_of(std::string_view("123\0", 4));
    EXPECT_EQ(nul.code, ErrorCode::trailing_content);
    EXPECT_EQ(nul.offset, 3u);
}

TEST(Reader, EveryGrammarMessageNamesWhatWasExpected) {
    EXPECT_STREQ(error_message(ErrorCode::expected_comma_or_array_end),
                 "expected ',' or ']' after an array element");
    EXPECT_STREQ(error_message(ErrorCode::expected_colon), "expected ':' after an object key");
    for (int i = 1; i <= static_cast<int>(ErrorCode::write_failed); ++i) {
        const auto code = static_cast<ErrorCode>(i);
        EXPECT_STRNE(error_message(code), "unknown error") << i;
        EXPECT_STRNE(error_name(code), "unknown") << i;
    }
    Error e;
    e.code = ErrorCode::expected_comma_or_array_end;
    e.line = 3;
    e.column = 17;
    EXPECT_EQ(e.to_string(), "3:17: expected ',' or ']' after an array element");
    e.at_end = true;
    EXPECT_EQ(e.to_string(),
              "3:17: unexpected end of input: expected ',' or ']' after an array element");
}

TEST(Reader, LinesAndColumnsCountNewlinesInWhitespace) {
    const std::string input = "{\n  \"a\": [1,\n        2 3]\n}";
    const Outcome o = error_of(input);
    EXPECT_EQ(o.code, ErrorCode::expected_comma_or_array_end);
    EXPECT_EQ(o.line, 3u);
    EXPECT_EQ(o.column, 11u);
    expect_split_invariant(input);
    // CRLF: the CR belongs to the line it ends.
    const Outcome crlf = error_of("[\r\n1,\r\n  x]");
    EXPECT_EQ(crlf.line, 3u);
    EXPECT_EQ(crlf.column, 3u);
    // Deep indentation (beyond the predicted widths) and tabs.
    const std::string deep =
        "[\n" + std::string(70, ' ') + "1,\n\t\t\t" + std::string(40, ' ') + "?]";
    const Outcome d = error_of(deep);
    EXPECT_EQ(d.line, 3u);
    EXPECT_EQ(d.column, 44u);
    expect_split_invariant(deep);
}

TEST(Reader, PrettyInputWithChangingIndentation) {
    // Indentation prediction must never change what is parsed.
    const std::string input =
        "{\n    \"a\": [\n        1,\n        {\n            \"b\": null\n        },\n"
        "      3,\n          4\n    ],\n  \"c\": true\n}\n";
    EXPECT_EQ(events(input), "{|k:a|[|i:1|{|k:b|null|}1|i:3|i:4|]4|k:c|true|}2|#|");
    expect_split_invariant(input);
}

TEST(Reader, DepthLimitIsCheckedWithoutRecursion) {
    ReaderOptions options;
    options.max_depth = 3;
    EXPECT_TRUE(parse_whole("[[[1]]]", options).ok());
    const Outcome o = error_of("[[[[1]]]]", options);
    EXPECT_EQ(o.code, ErrorCode::depth_limit);
    EXPECT_EQ(o.offset, 3u);
    EXPECT_EQ(error_of("{\"a\":{\"b\":{\"c\":{}}}}", options).code, ErrorCode::depth_limit);

    // The default (1024) stops a deep document; raised, a million levels parse.
    const std::string deep = std::string(1'000'000, '[') + std::string(1'000'000, ']');
    EXPECT_EQ(error_of(deep).code, ErrorCode::depth_limit);
    ReaderOptions raised;
    raised.max_depth = 2'000'000;
    testing::EventLog log;
    Reader reader(log, raised);
    reader.feed(deep);
    EXPECT_EQ(reader.finish().status, ReadStatus::document);
    // 100,000 unclosed '[' end in a clean error.
    EXPECT_EQ(error_of(std::string(100'000, '['), raised).code,
              ErrorCode::expected_value_or_array_end);
}

TEST(Reader, ByteOrderMarkIsRejectedOrSkipped) {
    const std::string bom = "\xEF\xBB\xBF[1]";
    const Outcome o = error_of(bom);
    EXPECT_EQ(o.code, ErrorCode::byte_order_mark);
    EXPECT_EQ(o.offset, 0u);
    expect_split_invariant(bom);
    ReaderOptions allow;
    allow.allow_bom = true;
    EXPECT_EQ(events(bom, allow), "[|i:1|]1|#|");
    expect_split_invariant(bom, allow);
    // A partial BOM is never a BOM.
    EXPECT_EQ(error_of("\xEF\xBB[1]", allow).code, ErrorCode::expected_value);
    EXPECT_EQ(error_of("\xEF\xBB", allow).code, ErrorCode::expected_value);
    // Only at the very start.
    EXPECT_EQ(error_of(" \xEF\xBB\xBF"
                       "1",
                       allow)
                  .code,
              ErrorCode::expected_value);
}

TEST(Reader, Utf16InputIsNamed) {
    EXPECT_EQ(error_of(std::string_view("[\0001\0]\0", 6)).code, ErrorCode::utf16_input);
    EXPECT_EQ(error_of(std::string_view("\0[\0001\0]", 6)).code, ErrorCode::utf16_input);
    // With their byte-order marks (UTF-16 LE and BE), the NULs included.
    EXPECT_EQ(error_of(std::string_view("\xFF\xFE[\0]\0", 6)).code, ErrorCode::utf16_input);
    EXPECT_EQ(error_of(std::string_view("\xFE\xFF\0[\0]", 6)).code, ErrorCode::utf16_input);
    // A UTF-16 byte-order mark alone is named too.
    EXPECT_EQ(error_of("\xFF\xFE").code, ErrorCode::utf16_input);
    EXPECT_EQ(error_of(std::string_view("1\0", 2)).code, ErrorCode::utf16_input);
}

TEST(Reader, HandlerCanStopTheParse) {
    struct StopAtKey : testing::EventLog {
        bool on_key(std::string_view k) { return k != "stop"; }
    };
    StopAtKey h;
    Reader reader(h);
    const ReadResult r = reader.feed(R"({"a":1,"stop":2})");
    EXPECT_EQ(r.status, ReadStatus::error);
    EXPECT_EQ(reader.error().code, ErrorCode::handler_aborted);
    EXPECT_EQ(reader.error().offset, 7u);
    EXPECT_EQ(reader.feed("more").status, ReadStatus::error);  // errors are sticky

    struct OwnCode : testing::EventLog {
        bool on_start_array() { return false; }
        ErrorCode error_code() const { return ErrorCode::memory_limit; }
    };
    OwnCode own;
    Reader r2(own);
    r2.feed("[1]");
    EXPECT_EQ(r2.error().code, ErrorCode::memory_limit);
}

TEST(Reader, NdjsonReportsEachRecord) {
    ReaderOptions nd;
    nd.ndjson = true;
    EXPECT_EQ(events("{\"a\":1}\n[2]\r\n\n   \n3\n\"x\"", nd),
              "{|k:a|i:1|}1|#|[|i:2|]1|#|i:3|#|s:x|#|");
    EXPECT_EQ(events("", nd), "");
    EXPECT_EQ(events("\n\n", nd), "");
    EXPECT_EQ(events("1\n", nd), "i:1|#|");
    expect_split_invariant("{\"a\":1}\n[2]\r\n\n   \n3\n\"x\"", nd);

    const Outcome two = error_of("1\n2 3\n4\n", nd);
    EXPECT_EQ(two.code, ErrorCode::ndjson_trailing_content);
    EXPECT_EQ(two.line, 2u);
    EXPECT_EQ(two.column, 3u);
    EXPECT_EQ(two.events, "i:1|#|i:2|");
    const Outcome spans = error_of("[1,\n2]\n", nd);
    EXPECT_EQ(spans.code, ErrorCode::ndjson_newline_in_record);
    EXPECT_EQ(spans.line, 1u);
    expect_split_invariant("{\"a\":\n1}", nd);
    expect_split_invariant("1\n2 3\n4\n", nd);
    const Outcome bad = error_of("{}\n{\"a\":tru}\n", nd);
    EXPECT_EQ(bad.code, ErrorCode::invalid_literal);
    EXPECT_EQ(bad.line, 2u);
}

TEST(Reader, FeedReturnsAfterEachNdjsonRecord) {
    ReaderOptions nd;
    nd.ndjson = true;
    testing::EventLog log;
    Reader reader(log, nd);
    const std::string input = "1\n22\n333";
    ReadResult r = reader.feed(input);
    EXPECT_EQ(r.status, ReadStatus::document);
    EXPECT_EQ(r.consumed, 2u);
    r = reader.feed(std::string_view(input).substr(2));
    EXPECT_EQ(r.status, ReadStatus::document);
    EXPECT_EQ(r.consumed, 3u);
    r = reader.feed(std::string_view(input).substr(5));
    EXPECT_EQ(r.status, ReadStatus::more);
    EXPECT_EQ(reader.finish().status, ReadStatus::document);
    EXPECT_EQ(reader.finish().status, ReadStatus::end);
    EXPECT_EQ(log.events, "i:1|i:22|i:333|");
}

TEST(Reader, SequenceReportsEachValue) {
    ReaderOptions seq;
    seq.sequence = true;
    const std::string input = "1 2\n[3]{\"a\":4}\"x\"\"y\"true\tnull -5.5e1 [ ] 12";
    EXPECT_EQ(events(input, seq),
              "i:1|#|i:2|#|[|i:3|]1|#|{|k:a|i:4|}1|#|s:x|#|s:y|#|true|#|null|#|d:-55|#|[|]0|#|"
              "i:12|#|");
    expect_split_invariant(input, seq);
    // No value at all is not an error in a sequence.
    EXPECT_EQ(events("", seq), "");
    EXPECT_EQ(events(" \n\t ", seq), "");
    // Values may span lines, unlike NDJSON; a number is complete at the byte after it.
    EXPECT_EQ(events("[1,\n2]\n3", seq), "[|i:1|i:2|]2|#|i:3|#|");
    EXPECT_EQ(events("1true", seq), "i:1|#|true|#|");
    // Errors keep their place in the whole input.
    const Outcome bad = error_of("{}\n [1,]", seq);
    EXPECT_EQ(bad.code, ErrorCode::expected_value);
    EXPECT_EQ(bad.line, 2u);
    EXPECT_EQ(bad.column, 5u);
    EXPECT_EQ(bad.events, "{|}0|#|[|i:1|");
    expect_split_invariant("{}\n [1,]", seq);
    const Outcome cut = error_of("1 [2", seq);
    EXPECT_EQ(cut.code, ErrorCode::expected_comma_or_array_end);
    EXPECT_TRUE(cut.at_end);
    // A byte-order mark is only ever allowed at the start of the input.
    EXPECT_EQ(error_of("1 \xEF\xBB\xBF"
                       "2",
                       seq)
                  .code,
              ErrorCode::expected_value);
}

TEST(Reader, FeedReturnsAsSoonAsASequenceValueEnds) {
    ReaderOptions seq;
    seq.sequence = true;
    testing::EventLog log;
    Reader reader(log, seq);
    // The object is reported without waiting for more input: a pipe's reader answers at once.
    ReadResult r = reader.feed("{\"a\":1} ");
    EXPECT_EQ(r.status, ReadStatus::document);
    EXPECT_EQ(r.consumed, 7u);
    r = reader.feed(" ");
    EXPECT_EQ(r.status, ReadStatus::more);
    // A number needs the byte after it, or the end of the input.
    r = reader.feed("42");
    EXPECT_EQ(r.status, ReadStatus::more);
    EXPECT_EQ(reader.finish().status, ReadStatus::document);
    EXPECT_EQ(reader.finish().status, ReadStatus::end);
    EXPECT_EQ(log.events, "{|k:a|i:1|}1|i:42|");
}

TEST(Reader, ResetStartsANewInput) {
    testing::EventLog log;
    Reader reader(log);
    reader.feed("[1,");
    reader.reset();
    reader.feed("[2]");
    EXPECT_EQ(reader.finish().status, ReadStatus::document);
    EXPECT_EQ(log.events, "[|i:1|[|i:2|]1|");
    EXPECT_EQ(reader.offset(), 3u);
}

TEST(Reader, SplitsAnywhereGiveTheSameEvents) {
    const char* inputs[] = {
        R"({"key":"value with \"escapes\" and \u00e9 and \ud83d\ude00","n":[0,-1,2.5e-3,1e400,18446744073709551616]})",
        R"([true,false,null,"",{},[],-0,0.0,123456789012345678])",
        "\"caf\xC3\xA9 \xE4\xB8\xAD\xE6\x96\x87 \xF0\x9F\x98\x80\"",
        "  [  1 ,\n\t2 ,\r\n 3 ]  ",
        "-12.5e+10",
        R"(["\u0041\u00","x"])",  // an error inside an escape
        "[1,2,3,tru]",
        "[\"a\",\"b\\",
    };
    for (const char* input : inputs)
        expect_split_invariant(input);
}

using testing::read_file;

TEST(Reader, CorpusFilesSplitAtRandomChunkSizes) {
    const std::string dir = std::string(ARENAJSON_SHARED_DIR) + "/corpus/";
    std::mt19937 rng(12345);
    int files = 0;
    for (const char* name :
         {"twitter.json", "citm_catalog.json", "canada.json", "fhir_Encounter.000.ndjson"}) {
        const std::string data = read_file(dir + name);
        if (data.empty()) continue;
        ++files;
        ReaderOptions options;
        options.ndjson = std::string_view(name).ends_with(".ndjson");
        const Outcome whole = parse_whole(data, options);
        ASSERT_TRUE(whole.ok()) << name << ": " << whole.describe().substr(0, 200);
        for (int round = 0; round < 4; ++round) {
            std::vector<std::size_t> sizes;
            for (int i = 0; i < 64; ++i)
                sizes.push_back(1 + rng() % (round == 0 ? 7 : 70000));
            const Outcome split = parse_chunks(data, sizes, options);
            ASSERT_TRUE(split == whole) << name << " round " << round;
        }
    }
    if (files == 0) GTEST_SKIP() << "corpus not found in " << dir << " (../shared is absent)";
}

}  // namespace
}  // namespace arenajson
