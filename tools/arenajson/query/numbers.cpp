#include "query/numbers.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>

namespace arenajson::query::detail {

namespace {

// Far beyond any double's exponent, and small enough that a digit count added stays in range.
constexpr std::int64_t kExponentCap = std::int64_t{1} << 50;

bool is_digit(char c) noexcept {
    return c >= '0' && c <= '9';
}

int sign_of(int c) noexcept {
    return (c > 0) - (c < 0);
}

int compare_decimals(const Decimal& a, const Decimal& b) noexcept {
    if (a.sign != b.sign) return a.sign < b.sign ? -1 : 1;
    if (a.sign == 0) return 0;
    int magnitude = 0;
    if (a.exponent != b.exponent) {
        magnitude = a.exponent < b.exponent ? -1 : 1;
    } else {
        // Without trailing zeros, a digit string that is a prefix of the other is smaller.
        magnitude = sign_of(a.digits.compare(b.digits));
    }
    return a.sign * magnitude;
}

// A number that is not a kept text, as one of the three exact representations.
struct Plain {
    enum class Kind : std::uint8_t { int64, uint64, double_ } kind;
    std::int64_t i = 0;
    std::uint64_t u = 0;
    double d = 0;
};

Plain plain_of(Value v) noexcept {
    Plain p{Plain::Kind::double_};
    if (v.is_double()) {
        p.d = *v.get_double();
    } else if (Result<std::int64_t> i = v.get_int64()) {
        p.kind = Plain::Kind::int64;
        p.i = *i;
    } else {
        p.kind = Plain::Kind::uint64;
        p.u = v.get_uint64().value_or(std::uint64_t{0});
    }
    return p;
}

int compare_int_double(std::int64_t i, double d) noexcept {
    constexpr double kTwo63 = 9223372036854775808.0;
    if (d >= kTwo63) return -1;
    if (d < -kTwo63) return 1;
    // Now trunc(d) fits an int64 exactly, so the integer parts compare without rounding.
    const double t = std::trunc(d);
    const auto ti = static_cast<std::int64_t>(t);
    if (i != ti) return i < ti ? -1 : 1;
    return d > t ? -1 : d < t ? 1 : 0;
}

int compare_uint_double(std::uint64_t u, double d) noexcept {
    constexpr double kTwo64 = 18446744073709551616.0;
    if (d >= kTwo64) return -1;
    if (d < 0) return 1;
    const double t = std::trunc(d);
    const auto tu = static_cast<std::uint64_t>(t);
    if (u != tu) return u < tu ? -1 : 1;
    return d > t ? -1 : 0;
}

int compare_int_uint(std::int64_t i, std::uint64_t u) noexcept {
    if (i < 0) return -1;
    const auto iu = static_cast<std::uint64_t>(i);
    return iu < u ? -1 : iu > u ? 1 : 0;
}

int compare_plain(const Plain& a, const Plain& b) noexcept {
    using K = Plain::Kind;
    switch (a.kind) {
        case K::int64:
            if (b.kind == K::int64) return a.i < b.i ? -1 : a.i > b.i ? 1 : 0;
            if (b.kind == K::uint64) return compare_int_uint(a.i, b.u);
            return compare_int_double(a.i, b.d);
        case K::uint64:
            if (b.kind == K::int64) return -compare_int_uint(b.i, a.u);
            if (b.kind == K::uint64) return a.u < b.u ? -1 : a.u > b.u ? 1 : 0;
            return compare_uint_double(a.u, b.d);
        case K::double_:
            if (b.kind == K::int64) return -compare_int_double(b.i, a.d);
            if (b.kind == K::uint64) return -compare_uint_double(b.u, a.d);
            return a.d < b.d ? -1 : a.d > b.d ? 1 : 0;
    }
    return 0;
}

// A text's double when from_chars refuses it as out of range: overflow or underflow.
double out_of_range_value(std::string_view text) {
    const Decimal d = parse_decimal(text);
    const double magnitude = d.exponent > 0 ? std::numeric_limits<double>::infinity() : 0.0;
    return d.sign < 0 ? -magnitude : magnitude;
}

}  // namespace

Decimal parse_decimal(std::string_view t) {
    Decimal d;
    std::size_t i = 0;
    bool negative = false;
    if (i < t.size() && (t[i] == '-' || t[i] == '+')) negative = t[i++] == '-';
    std::string digits;
    std::int64_t integer_digits = 0;
    for (; i < t.size() && is_digit(t[i]); ++i) {
        digits += t[i];
        ++integer_digits;
    }
    if (i < t.size() && t[i] == '.') {
        for (++i; i < t.size() && is_digit(t[i]); ++i)
            digits += t[i];
    }
    std::int64_t exponent = 0;
    if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
        ++i;
        bool exponent_negative = false;
        if (i < t.size() && (t[i] == '-' || t[i] == '+')) exponent_negative = t[i++] == '-';
        for (; i < t.size() && is_digit(t[i]); ++i) {
            if (exponent < kExponentCap) exponent = exponent * 10 + (t[i] - '0');
        }
        if (exponent_negative) exponent = -exponent;
    }
    const std::size_t first = digits.find_first_not_of('0');
    if (first == std::string::npos) return d;
    digits.erase(0, first);
    digits.erase(digits.find_last_not_of('0') + 1);
    d.sign = negative ? -1 : 1;
    d.exponent = exponent + integer_digits - static_cast<std::int64_t>(first);
    d.digits = std::move(digits);
    return d;
}

Decimal decimal_of(Value number) {
    if (number.is_number_text()) return parse_decimal(number.number_text().view());
    const Plain p = plain_of(number);
    // A double has at most 767 significant decimal digits; printing more only adds zeros.
    char buf[832];
    std::to_chars_result r{};
    switch (p.kind) {
        case Plain::Kind::int64:
            r = std::to_chars(buf, buf + sizeof buf, p.i);
            break;
        case Plain::Kind::uint64:
            r = std::to_chars(buf, buf + sizeof buf, p.u);
            break;
        case Plain::Kind::double_:
            r = std::to_chars(buf, buf + sizeof buf, p.d, std::chars_format::scientific, 780);
            break;
    }
    return parse_decimal(std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)));
}

int compare_numbers(Value a, Value b) {
    const bool a_text = a.is_number_text();
    const bool b_text = b.is_number_text();
    if (!a_text && !b_text) return compare_plain(plain_of(a), plain_of(b));
    // Rounding to nearest is monotonic: different doubles order their numbers.
    const double da = number_value(a);
    const double db = number_value(b);
    if (da != db) return da < db ? -1 : 1;
    // Two kept texts differ exactly. A kept text against another number ties as jq sees them:
    // the parser keeps "0.30000000000000004" as text, and it must equal the double a
    // different parse (or jq) makes of the same spelling.
    if (!a_text || !b_text) return 0;
    return compare_decimals(decimal_of(a), decimal_of(b));
}

double number_value(Value number) {
    if (!number.is_number_text()) return number.get_double().value_or(0.0);
    const NumberText text = number.number_text();
    const std::string_view s = text.view();
    double d = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), d);
    if (r.ec == std::errc::result_out_of_range) return out_of_range_value(s);
    return d;
}

std::string literal_number_json(std::string_view text, bool negative) {
    // jq's number tokens, minus what JSON forbids: leading zeros, a bare '.' at either end.
    std::size_t i = 0;
    const std::size_t int_begin = i;
    while (i < text.size() && is_digit(text[i]))
        ++i;
    std::string_view int_part = text.substr(int_begin, i - int_begin);
    std::string_view frac_part;
    if (i < text.size() && text[i] == '.') {
        const std::size_t frac_begin = ++i;
        while (i < text.size() && is_digit(text[i]))
            ++i;
        frac_part = text.substr(frac_begin, i - frac_begin);
    }
    const std::string_view exponent = text.substr(i);
    while (int_part.size() > 1 && int_part.front() == '0')
        int_part.remove_prefix(1);
    std::string json = negative ? "-" : "";
    json += int_part.empty() ? "0" : int_part;
    if (!frac_part.empty()) {
        json += '.';
        json += frac_part;
    }
    json += exponent;
    return json;
}

}  // namespace arenajson::query::detail
