// fuzz_differential: arenajson against RapidJSON 1.1.0 (Debian's rapidjson-dev), both reading
// the same bytes (RapidJSON: Document::Parse with a length and kParseFullPrecisionFlag |
// kParseValidateEncodingFlag | kParseIterativeFlag). They must accept and reject the same
// inputs, except for the documented differences below, and accepted documents must be equal.
//
// Documented differences (also in tests/fuzz/README.md). Each is checked, not just excused:
//  1. Byte-order mark: RapidJSON skips a leading UTF-8 BOM, and in fact any of its three
//     bytes EF, BB, BF in that order, each one optional (EncodedInputStream<UTF8<>,
//     MemoryStream> takes them one by one), so "\xBF[1]" and "\xEF\xBF[1]" are accepted.
//     arenajson rejects a BOM (byte_order_mark) unless allow_bom, and a partial one always
//     (expected_value). Checked: arenajson agrees on the text after the bytes RapidJSON skips.
//  2. NUL bytes: RapidJSON's MemoryStream reads a NUL outside a string as the end of input, so
//     "[1]\0garbage" and "1\0" are accepted; arenajson rejects them (trailing_content or
//     utf16_input at the NUL). Checked: arenajson agrees on the text before that NUL.
//  3. Depth: arenajson stops at max_depth (1024 by default) with depth_limit; RapidJSON's
//     iterative parser has no limit. Checked: with the limit lifted, arenajson agrees.
//  4. Lone low surrogates: RapidJSON only checks that a high surrogate escape is followed by a
//     low one; a lone "\uDC00".."\uDFFF" is accepted and stored as invalid UTF-8 (ED B0 80).
//     arenajson rejects it (lone_surrogate). Checked: the escape at the error is a low one.
//  5. Numbers beyond double's range: RapidJSON rejects those whose written exponent passes 308
//     (kParseErrorNumberTooBig), also some that are finite or zero ("0e400", "0.0e309"), and
//     reads the others as garbage ("43e307" as -4.36e-309, "2e308" as NaN). arenajson accepts
//     them all, keeping the text of those a double cannot hold. Checked: where RapidJSON says
//     NumberTooBig, the number at its error offset has at least 309 integer digits or a
//     written exponent of at least +309 (its two conditions: an integer part past DBL_MAX / 10
//     and one more digit, or an exponent past 308 plus the fraction's digits); where
//     arenajson's value is compared, a text that overflows a double gives strtod's infinity.
//  6. "-0": RapidJSON reads it as the integer 0, arenajson as the double -0.0. Numbers compare
//     by value, so the two agree.
//  7. Numbers whose value is zero: RapidJSON 1.1.0's full-precision path does not
//     special-case a zero mantissa before scaling, so "0e100" reads as 1.7498005798264095e+100,
//     "0e40" as 2.18e+40, "0.0e40" as 1.36e+39 and "0e308" as infinity (exponents up to about
//     30 come out right); and it mishandles numbers below half the smallest subnormal, which
//     round to zero: "2e-324" reads as 4.9e-324, "5e-325" as -8.99e+307, "1e-324" as NaN.
//     arenajson reads the zeros as 0 and keeps the underflowing texts ("5e-325"), which strtod
//     rounds to 0. What RapidJSON makes of them is not even stable from run to run (it reads
//     past its own tables: "0e90" came out as 2.04e+90 in one process and as -0.0 in
//     another), so where arenajson's value is zero, RapidJSON's double is not compared.
//  8. Numbers arenajson keeps as text (more than 15 significant digits, beyond 64-bit
//     integers, subnormals, underflow): compared with strtod's correctly rounded double,
//     bit for bit, against RapidJSON's full-precision double, when they have at most 19
//     significant digits.
//  9. Numbers with more than 19 significant digits: RapidJSON 1.1.0 misreads some of them
//     ("184467440737095516159" as 16; a 53-digit number with 34 integer digits as 2^47).
//     Only their type is compared (a number in both); arenajson keeps their text.
// 10. RapidJSON 1.1.0 crashes (reads outside its table of cached powers of ten, which starts
//     at 10^-348, in StrtodDiyFp) when the 19th significant digit of a number (or its last,
//     if it has fewer) stands below 10^-348 but the number is not small enough for its
//     underflow shortcut: "0.<100 zeros>1e-300", "-0.<42 zeros>e-324", a 300-digit integer
//     with "e-400". Such inputs (predicted with RapidJSON's own digit trimming, with a margin)
//     are not given to RapidJSON.
#include "fuzz_common.hpp"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>

namespace {

using namespace arenajson;
using RapidValue = rapidjson::Value;

constexpr unsigned kRapidFlags = rapidjson::kParseFullPrecisionFlag |
                                 rapidjson::kParseValidateEncodingFlag |
                                 rapidjson::kParseIterativeFlag;

bool same_bits(double a, double b) {
    return std::memcmp(&a, &b, sizeof a) == 0;
}

[[noreturn]] void mismatch(const char* what, std::string_view detail = {}) {
    std::fprintf(stderr, "differential mismatch: %s %.*s\n", what, static_cast<int>(detail.size()),
                 detail.data());
    FUZZ_CHECK(false);
    __builtin_unreachable();
}

// Digits of a JSON number's text, without leading zeros and the exponent.
std::size_t significant_digits(std::string_view text) {
    std::size_t count = 0;
    bool leading = true;
    for (const char c : text) {
        if (c == 'e' || c == 'E') break;
        if (c < '0' || c > '9') continue;
        if (c == '0' && leading) continue;
        leading = false;
        ++count;
    }
    return count;
}

bool numbers_agree(Value a, const RapidValue& r) {
    if (a.is_integer()) {
        if (const Result<std::int64_t> i = a.get_int64()) return r.IsInt64() && r.GetInt64() == *i;
        const Result<std::uint64_t> u = a.get_uint64();
        return r.IsUint64() && r.GetUint64() == *u;
    }
    if (a.is_double()) {
        const double d = *a.get_double();
        if (r.IsDouble()) {
            return same_bits(d, r.GetDouble()) || d == 0;  // 7
        }
        return r.IsInt64() && r.GetInt64() == 0 && d == 0;  // difference 6: "-0"
    }
    // Difference 8: a kept text against RapidJSON's double.
    const NumberText text = a.number_text();
    const std::string s(text.view());
    if (!r.IsDouble()) return false;
    if (significant_digits(s) > 19) return true;  // difference 9
    const double d = std::strtod(s.c_str(), nullptr);
    if (!std::isfinite(d)) return true;            // difference 5
    return same_bits(d, r.GetDouble()) || d == 0;  // 7
}

// Equal values, members in order; an explicit stack, as documents may be deep.
void compare(Value root, const RapidValue& rapid_root) {
    std::vector<std::pair<Value, const RapidValue*>> pending{{root, &rapid_root}};
    while (!pending.empty()) {
        const auto [a, r] = pending.back();
        pending.pop_back();
        switch (a.type()) {
            case Type::null:
                if (!r->IsNull()) mismatch("null");
                break;
            case Type::boolean:
                if (!r->IsBool() || r->GetBool() != *a.get_bool()) mismatch("boolean");
                break;
            case Type::number:
                if (!r->IsNumber() || !numbers_agree(a, *r)) mismatch("number", to_string(a));
                break;
            case Type::string: {
                const std::string_view s = *a.get_string();
                if (!r->IsString() || std::string_view(r->GetString(), r->GetStringLength()) != s)
                    mismatch("string", s);
                break;
            }
            case Type::array: {
                if (!r->IsArray() || r->Size() != a.size()) mismatch("array size");
                const Array elements = a.elements();
                for (rapidjson::SizeType i = 0; i < r->Size(); ++i)
                    pending.emplace_back(elements[i], &(*r)[i]);
                break;
            }
            case Type::object: {
                if (!r->IsObject() || r->MemberCount() != a.size()) mismatch("object size");
                auto rm = r->MemberBegin();
                for (const auto& [key, value] : a.members()) {
                    if (std::string_view(rm->name.GetString(), rm->name.GetStringLength()) != key)
                        mismatch("key", key);
                    pending.emplace_back(value, &rm->value);
                    ++rm;
                }
                break;
            }
            case Type::missing:
                mismatch("missing value");
        }
    }
}

// Difference 10: RapidJSON 1.1.0's StrtodFullPrecision on a number with these digits
// (integer and fraction), `point` of them before the decimal point, and written exponent:
// true when it would look up a power of ten below its table (10^-348), with a margin.
bool below_rapidjson_power_table(std::string_view digits, long long point, long long exponent) {
    // The trimming RapidJSON does before StrtodDiyFp.
    while (digits.size() > 1 && digits.front() == '0') {
        digits.remove_prefix(1);
        --point;
    }
    while (digits.size() > 1 && digits.back() == '0') {
        digits.remove_suffix(1);
        --point;
        ++exponent;
    }
    auto length = static_cast<long long>(digits.size());
    if (length > 780) {
        exponent += length - 780;
        point -= length - 780;
        length = 780;
    }
    if (length + exponent < -330) return false;        // its underflow shortcut (at -324) returns 0
    const long long used = length < 19 ? length : 19;  // digits it reads into a uint64
    return point - used + exponent < -340;
}

// Whether some number in `text` is one RapidJSON 1.1.0 may crash on. A rough scan: strings
// are skipped, and the grammar is left to the parsers.
bool crashes_rapidjson(std::string_view text) {
    std::string digits;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                in_string = false;
            }
            continue;
        }
        if (c == '"') {
            in_string = true;
            continue;
        }
        if (c != '-' && (c < '0' || c > '9')) continue;
        digits.clear();
        std::size_t j = c == '-' ? i + 1 : i;
        while (j < text.size() && text[j] >= '0' && text[j] <= '9')
            digits += text[j++];
        const auto point = static_cast<long long>(digits.size());
        if (j < text.size() && text[j] == '.') {
            ++j;
            while (j < text.size() && text[j] >= '0' && text[j] <= '9')
                digits += text[j++];
        }
        long long exponent = 0;
        if (j < text.size() && (text[j] == 'e' || text[j] == 'E')) {
            ++j;
            bool negative = false;
            if (j < text.size() && (text[j] == '+' || text[j] == '-')) negative = text[j++] == '-';
            while (j < text.size() && text[j] >= '0' && text[j] <= '9') {
                if (exponent < 100'000'000) exponent = exponent * 10 + (text[j] - '0');
                ++j;
            }
            if (negative) exponent = -exponent;
        }
        if (!digits.empty() && below_rapidjson_power_table(digits, point, exponent)) return true;
        i = j > i ? j - 1 : i;
    }
    return false;
}

bool is_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Difference 4: `at` is a "\uDC00".."\uDFFF" escape.
bool is_low_surrogate_escape(std::string_view text, std::size_t at) {
    if (at + 6 > text.size() || text[at] != '\\' || text[at + 1] != 'u') return false;
    for (std::size_t i = at + 2; i < at + 6; ++i)
        if (!is_hex(text[i])) return false;
    const unsigned long unit =
        std::strtoul(std::string(text.substr(at + 2, 4)).c_str(), nullptr, 16);
    return unit >= 0xDC00 && unit <= 0xDFFF;
}

// arenajson parsing what RapidJSON sees (differences 1 to 3): a rejection that is one of those
// differences is retried with the option or text that takes it away.
Result<Document> parse_as_rapidjson_reads(std::string_view& text) {
    // Difference 1: the BOM bytes RapidJSON skips, each on its own.
    for (const unsigned char bom_byte : {0xEF, 0xBB, 0xBF}) {
        if (!text.empty() && static_cast<unsigned char>(text.front()) == bom_byte)
            text.remove_prefix(1);
    }
    ParseOptions options;
    for (;;) {
        Result<Document> doc = parse(text, options);
        if (doc) return doc;
        const Error& e = doc.error();
        if (e.code == ErrorCode::depth_limit) {
            options.reader.max_depth = std::numeric_limits<std::size_t>::max();
        } else if (e.offset < text.size() && text[e.offset] == '\0' &&
                   e.code != ErrorCode::control_character_in_string) {
            text = text.substr(0, e.offset);
        } else {
            return doc;
        }
    }
}

// Difference 5: the number starting at `at` is one RapidJSON's full-precision reader calls
// too big, by the shape of its text (see above): 309 or more integer digits, or an exponent of
// +309 or more.
bool too_big_for_rapidjson(std::string_view text, std::size_t at) {
    std::size_t i = at;
    if (i < text.size() && text[i] == '-') ++i;
    const auto digits = [&] {
        const std::size_t start = i;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9')
            ++i;
        return i - start;
    };
    const std::size_t integer_digits = digits();
    if (integer_digits == 0) return false;
    if (integer_digits >= 309) return true;
    if (i < text.size() && text[i] == '.') {
        ++i;
        digits();
    }
    if (i >= text.size() || (text[i] != 'e' && text[i] != 'E')) return false;
    ++i;
    if (i < text.size() && text[i] == '-') return false;
    if (i < text.size() && text[i] == '+') ++i;
    while (i < text.size() && text[i] == '0')
        ++i;
    const std::size_t start = i;
    const std::size_t exponent_digits = digits();
    return exponent_digits > 3 ||
           (exponent_digits == 3 && text.substr(start, 3) >= std::string_view("309"));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text = fuzz::as_text(data, size);
    if (crashes_rapidjson(text)) return 0;  // difference 10
    rapidjson::Document rapid;
    rapid.Parse<kRapidFlags>(text.data(), text.size());
    Result<Document> ours = parse(text);
    if (ours && !rapid.HasParseError()) {
        compare(ours->root(), rapid);
        return 0;
    }
    if (!ours && rapid.HasParseError()) return 0;
    if (ours) {
        if (rapid.GetParseError() == rapidjson::kParseErrorNumberTooBig) {  // difference 5
            if (!too_big_for_rapidjson(text, rapid.GetErrorOffset())) {
                mismatch("RapidJSON calls a number too big that is not:",
                         text.substr(rapid.GetErrorOffset(), 40));
            }
            return 0;
        }
        mismatch("only arenajson accepts; RapidJSON:",
                 rapidjson::GetParseError_En(rapid.GetParseError()));
    }
    // Only RapidJSON accepts.
    Result<Document> as_rapid = parse_as_rapidjson_reads(text);
    if (as_rapid) {
        compare(as_rapid->root(), rapid);
        return 0;
    }
    const Error& e = as_rapid.error();
    if (e.code == ErrorCode::lone_surrogate && is_low_surrogate_escape(text, e.offset)) return 0;
    mismatch("only RapidJSON accepts; arenajson:", e.to_string());
}
