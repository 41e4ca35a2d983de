// arenajson/detail/number.hpp — the number grammar of RFC 8259 and exact conversion.
// Internal; installed only because the reader is a template.
#pragma once

#include "arenajson/detail/scan.hpp"
#include "arenajson/error.hpp"

#include <cmath>
#include <cstdint>
#include <limits>

namespace arenajson::detail {

/// What a number token turned out to be.
enum class NumberKind : std::uint8_t { int64, uint64, double_, text };

/// How far a token got: complete, cut by the end of the bytes available, or wrong.
enum class TokenStatus : std::uint8_t { complete, partial, error };

struct NumberToken {
    TokenStatus status;
    NumberKind kind;
    ErrorCode error;  // when status == error
    const char* end;  // one past the token, or the error position
    union {
        std::int64_t i;
        std::uint64_t u;
        double d;
    };
};

/// A decimal with at most 15 significant digits always survives the trip through a double:
/// the double nearest to it prints back as the same value (DBL_DIG is 15).
inline constexpr int kExactDoubleDigits = 15;

inline constexpr std::uint64_t kPow10U64Full[] = {1ull,
                                                  10ull,
                                                  100ull,
                                                  1000ull,
                                                  10000ull,
                                                  100000ull,
                                                  1000000ull,
                                                  10000000ull,
                                                  100000000ull,
                                                  1000000000ull,
                                                  10000000000ull,
                                                  100000000000ull,
                                                  1000000000000ull,
                                                  10000000000000ull,
                                                  100000000000000ull,
                                                  1000000000000000ull};

inline constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                    1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                    1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

ARENAJSON_INLINE bool is_digit(char c) noexcept {
    return static_cast<unsigned char>(c - '0') < 10;
}

/// A run of ASCII digits: its length (24 when 24 or more) and, up to 19 digits, its value.
struct DigitRun {
    std::size_t length;
    std::uint64_t value;
};

/// The high bit of every byte of w that is not an ASCII digit, and maybe of bytes after it
/// (borrows and carries only disturb bytes after the first non-digit).
ARENAJSON_INLINE std::uint64_t non_digit_bytes(std::uint64_t w) noexcept {
    return ((w - 0x3030303030303030ull) | (w + 0x4646464646464646ull)) & 0x8080808080808080ull;
}

/// The value of the first n < 8 digits of w (loaded little-endian): shifted to the top, the
/// bytes below become leading zeros.
ARENAJSON_INLINE std::uint64_t leading_digits(std::uint64_t w, unsigned n) noexcept {
    return eight_digits((w << (63 - 8 * n)) << 1);
}

/// The run of digits at p, eight bytes a step without branches per digit. Reads 24 bytes.
ARENAJSON_INLINE DigitRun digit_run(const char* p) noexcept {
    std::uint64_t w1, w2, w3;
    std::memcpy(&w1, p, 8);
    if (const std::uint64_t m = non_digit_bytes(w1); m != 0) {
        const unsigned n = count_trailing_zeros(m) >> 3;
        return {n, leading_digits(w1, n)};
    }
    std::memcpy(&w2, p + 8, 8);
    const std::uint64_t high = eight_digits(w1);
    if (const std::uint64_t m = non_digit_bytes(w2); m != 0) {
        const unsigned n = count_trailing_zeros(m) >> 3;
        return {8 + n, high * kPow10U64[n] + leading_digits(w2, n)};
    }
    std::memcpy(&w3, p + 16, 8);
    if (const std::uint64_t m = non_digit_bytes(w3); m != 0) {
        const unsigned n = count_trailing_zeros(m) >> 3;
        if (n > 3) return {16 + n, 0};
        return {16 + n,
                (high * 100000000ull + eight_digits(w2)) * kPow10U64[n] + leading_digits(w3, n)};
    }
    return {24, 0};
}

/// The length of the run of digits at p, 24 when it is 24 or more. Reads 24 bytes.
ARENAJSON_INLINE std::size_t digit_count(const char* p) noexcept {
    for (std::size_t i = 0; i < 24; i += 8) {
        std::uint64_t w;
        std::memcpy(&w, p + i, 8);
        if (const std::uint64_t m = non_digit_bytes(w); m != 0) {
            return i + (count_trailing_zeros(m) >> 3);
        }
    }
    return 24;
}

/// Sets t to the integer of magnitude m (negative when `negative`): int64 when it fits, else
/// uint64 for positive ones; -0 is the double -0.0. False (t unchanged) for a negative number
/// below INT64_MIN. O(1).
ARENAJSON_INLINE bool set_integer(std::uint64_t m, bool negative, NumberToken& t) noexcept {
    if (!negative) {
        if (m <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            t.kind = NumberKind::int64;
            t.i = static_cast<std::int64_t>(m);
        } else {
            t.kind = NumberKind::uint64;
            t.u = m;
        }
    } else if (m == 0) {
        t.kind = NumberKind::double_;
        t.d = -0.0;
    } else if (m <= std::uint64_t{1} << 63) {
        t.kind = NumberKind::int64;
        t.i = static_cast<std::int64_t>(0 - m);
    } else {
        return false;
    }
    return true;
}

/// The correctly rounded double nearest to the decimal number [p, e), whose grammar was
/// checked (RFC 8259's): false if it does not convert. Out of line, in the library: the
/// numbers the inline paths leave (more than 15 significant digits, or a power of ten beyond
/// 1e22). fast_float when the build found it (libfast-float-dev; bench_numbers measured it
/// faster than std::from_chars), std::from_chars otherwise. O(length).
bool decimal_to_double(const char* p, const char* e, double& out) noexcept;

/// Bytes parse_number_fast() may read from its start.
inline constexpr std::size_t kNumberFastReach = 64;

/// The common numbers, with the same results as parse_number() but no bounds checks: plain
/// integers, and decimals without exponent of at most 19 + 19 digits. Needs kNumberFastReach
/// bytes readable at p; false for everything else (errors, exponents, longer numbers, numbers
/// to be rounded), which parse_number() then parses in full. O(1).
ARENAJSON_INLINE bool parse_number_fast(const char* p, bool exact, NumberToken& t) noexcept {
    const bool negative = *p == '-';
    const char* const q = p + negative;
    const DigitRun whole = digit_run(q);
    if (whole.length - 1 >= 19 || (*q == '0' && whole.length > 1)) return false;
    const char* const r = q + whole.length;
    if ((*r | 0x20) == 'e') return false;
    t.status = TokenStatus::complete;
    t.error = ErrorCode::ok;
    const std::uint64_t v = whole.value;
    if (*r != '.') {
        t.end = r;
        return set_integer(v, negative, t);
    }
    const std::size_t frac = digit_count(r + 1);
    if (frac - 1 >= 19) return false;
    const char* const end = r + 1 + frac;
    if ((*end | 0x20) == 'e') return false;
    t.end = end;
    if (whole.length + frac <= kExactDoubleDigits) {
        // As parse_number: Clinger's fast path (leading zeros of "0.00123" change nothing).
        const double d =
            static_cast<double>(v * kPow10U64Full[frac] + digits_value(r + 1, frac, r + 1 + 24)) /
            kPow10[frac];
        t.kind = NumberKind::double_;
        t.d = negative ? -d : d;
        return true;
    }
    if (!exact) {
        // Rounded: the grammar is checked, so convert here instead of parsing again. A zero
        // result (all digits zero) is left to parse_number(), which answers it exactly.
        double d = 0;
        if (!decimal_to_double(p, end, d) || d == 0) return false;
        t.kind = NumberKind::double_;
        t.d = d;
        return true;
    }
    // More than 15 digits, all significant unless the integer part is 0.
    if (*q == '0') return false;
    t.kind = NumberKind::text;
    return true;
}

/// Parses the number starting at p (which holds '-' or a digit) in [p, e).
/// `at_eof`: the bytes end where the input ends. When false and the token reaches e, the
/// result is `partial` (more digits may follow in the next chunk); `exact`: numbers that a
/// double cannot hold exactly are returned as text instead of being rounded.
///
/// Policy: integer syntax that fits int64 becomes int64, else uint64 when it fits; "-0" is the
/// double -0.0. Other numbers with at most 15 significant digits become the correctly rounded
/// double, unless it overflows or is subnormal. Everything else is returned as text (kind
/// `text`) so that nothing is lost.
ARENAJSON_INLINE NumberToken parse_number(const char* p, const char* e, bool at_eof,
                                          bool exact) noexcept;

/// parse_number() for what parse_number_fast() leaves. O(length).
ARENAJSON_NOINLINE inline NumberToken parse_number_general(const char* p, const char* e,
                                                           bool at_eof, bool exact) noexcept {
    NumberToken t;
    const char* const start = p;
    const auto cut = [&](ErrorCode code) {
        // Reaching e: wait for more input, or it is an error at the end of the input.
        t.end = p;
        if (!at_eof) {
            t.status = TokenStatus::partial;
        } else {
            t.status = TokenStatus::error;
            t.error = code;
        }
        return t;
    };
    const auto fail = [&](ErrorCode code) {
        t.status = TokenStatus::error;
        t.error = code;
        t.end = p;
        return t;
    };

    const bool negative = *p == '-';
    p += negative;
    if (p == e) return cut(ErrorCode::number_missing_digit);

    // Find the extent of each part first, then convert.
    const char* const int_begin = p;
    if (*p == '0') {
        ++p;
        if (p != e && is_digit(*p)) return fail(ErrorCode::number_leading_zero);
    } else if (is_digit(*p)) {
        p = skip_digits(p, e);
    } else {
        return fail(ErrorCode::number_missing_digit);
    }
    const char* const int_end = p;
    if (p == e && !at_eof) return cut(ErrorCode::ok);

    const char* frac_begin = p;
    const char* frac_end = p;
    bool integer = true;
    if (p != e && *p == '.') {
        integer = false;
        ++p;
        if (p == e) return cut(ErrorCode::number_missing_fraction);
        if (!is_digit(*p)) return fail(ErrorCode::number_missing_fraction);
        frac_begin = p;
        p = skip_digits(p, e);
        frac_end = p;
        if (p == e && !at_eof) return cut(ErrorCode::ok);
    }
    std::int64_t exponent = 0;
    if (p != e && (*p | 0x20) == 'e') {
        integer = false;
        ++p;
        if (p == e) return cut(ErrorCode::number_missing_exponent);
        bool exp_negative = false;
        if (*p == '+' || *p == '-') {
            exp_negative = *p == '-';
            ++p;
            if (p == e) return cut(ErrorCode::number_missing_exponent);
        }
        if (!is_digit(*p)) return fail(ErrorCode::number_missing_exponent);
        while (p != e && is_digit(*p)) {
            // Saturate: any exponent this large overflows or underflows anyway.
            if (exponent < 1'000'000'000) exponent = exponent * 10 + (*p - '0');
            ++p;
        }
        if (p == e && !at_eof) return cut(ErrorCode::ok);
        if (exp_negative) exponent = -exponent;
    }

    t.status = TokenStatus::complete;
    t.end = p;
    t.error = ErrorCode::ok;
    const auto int_digits = static_cast<std::size_t>(int_end - int_begin);
    if (integer) {
        if (int_digits <= 19) {
            if (set_integer(digits_value(int_begin, int_digits, e), negative, t)) return t;
        } else if (int_digits == 20 && !negative) {
            // Fits uint64 only up to 18446744073709551615.
            const std::uint64_t head = digits_value(int_begin, 19, e);
            const auto last = static_cast<unsigned>(int_begin[19] - '0');
            if (head <= (std::numeric_limits<std::uint64_t>::max() - last) / 10) {
                t.kind = NumberKind::uint64;
                t.u = head * 10 + last;
                return t;
            }
        }
        if (exact) goto as_text;
        goto as_double;  // asked to round: beyond 64 bits, the nearest double
    }
    {
        // Significant digits: leading zeros (of "0.000123") do not count.
        const char* sig_begin = int_begin;
        std::size_t frac_digits = static_cast<std::size_t>(frac_end - frac_begin);
        std::size_t digits = int_digits + frac_digits;
        const char* frac_sig = frac_begin;
        if (*int_begin == '0') {
            while (frac_sig != frac_end && *frac_sig == '0')
                ++frac_sig;
            digits = static_cast<std::size_t>(frac_end - frac_sig);
            sig_begin = frac_sig;
        }
        if (digits == 0) {
            t.kind = NumberKind::double_;
            t.d = negative ? -0.0 : 0.0;
            return t;
        }
        if (digits <= kExactDoubleDigits) {
            const std::int64_t e10 = exponent - static_cast<std::int64_t>(frac_digits);
            if (e10 >= -22 && e10 <= 22) {
                // Mantissa (< 2^53) and power of ten are exact doubles, so one correctly
                // rounded operation gives the correctly rounded result (Clinger's fast path).
                std::uint64_t m;
                if (sig_begin == int_begin) {
                    m = digits_value(int_begin, int_digits, e) * kPow10U64Full[frac_digits] +
                        digits_value(frac_begin, frac_digits, e);
                } else {
                    m = digits_value(frac_sig, digits, e);
                }
                double d = static_cast<double>(m);
                d = e10 < 0 ? d / kPow10[-e10] : d * kPow10[e10];
                t.kind = NumberKind::double_;
                t.d = negative ? -d : d;
                return t;
            }
        } else if (exact) {
            goto as_text;
        }
    }
as_double : {
    double d = 0;
    // Its digits are not all zeros: a zero or infinite result is underflow or overflow, and
    // the text stays. Exact mode keeps subnormals (of less precision) as text too.
    if (decimal_to_double(start, p, d) && std::isfinite(d) && d != 0 &&
        (!exact || std::fabs(d) >= std::numeric_limits<double>::min())) {
        t.kind = NumberKind::double_;
        t.d = d;
        return t;
    }
}
as_text:
    t.kind = NumberKind::text;
    return t;
}

ARENAJSON_INLINE NumberToken parse_number(const char* p, const char* e, bool at_eof,
                                          bool exact) noexcept {
    NumberToken t;
    // One digit, then a byte that cannot continue a number: the commonest number in arrays
    // of flags and counters ("[0,1,0]"), and the cheapest to answer. What follows is the
    // caller's to check, as after any number.
    if (ARENAJSON_LIKELY(e - p >= 2) && is_digit(p[0]) && !is_digit(p[1]) && p[1] != '.' &&
        (p[1] | 0x20) != 'e') {
        t.status = TokenStatus::complete;
        t.error = ErrorCode::ok;
        t.end = p + 1;
        t.kind = NumberKind::int64;
        t.i = p[0] - '0';
        return t;
    }
    if (ARENAJSON_LIKELY(static_cast<std::size_t>(e - p) >= kNumberFastReach)) {
        if (ARENAJSON_LIKELY(parse_number_fast(p, exact, t))) return t;
    }
    return parse_number_general(p, e, at_eof, exact);
}

}  // namespace arenajson::detail
