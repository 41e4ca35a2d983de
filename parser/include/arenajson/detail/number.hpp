// arenajson/detail/number.hpp — the number grammar of RFC 8259 and exact conversion.
// Internal; installed only because the reader is a template.
#pragma once

#include "arenajson/detail/scan.hpp"
#include "arenajson/error.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <system_error>

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

/// Parses the number starting at p (which holds '-' or a digit) in [p, e).
/// `at_eof`: the bytes end where the input ends. When false and the token reaches e, the
/// result is `partial` (more digits may follow in the next chunk); `exact`: numbers that a
/// double cannot hold exactly are returned as text instead of being rounded.
///
/// Policy: integer syntax that fits int64 becomes int64, else uint64 when it fits; "-0" is the
/// double -0.0. Other numbers with at most 15 significant digits become the correctly rounded
/// double, unless it overflows or is subnormal. Everything else is returned as text (kind
/// `text`) so that nothing is lost.
inline NumberToken parse_number(const char* p, const char* e, bool at_eof, bool exact) noexcept {
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
            const std::uint64_t m = digits_value(int_begin, int_digits, e);
            if (!negative) {
                if (m <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
                    t.kind = NumberKind::int64;
                    t.i = static_cast<std::int64_t>(m);
                } else {
                    t.kind = NumberKind::uint64;
                    t.u = m;
                }
                return t;
            }
            if (m == 0) {
                t.kind = NumberKind::double_;
                t.d = -0.0;
                return t;
            }
            if (m <= std::uint64_t{1} << 63) {
                t.kind = NumberKind::int64;
                t.i = static_cast<std::int64_t>(0 - m);
                return t;
            }
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
    const auto r = std::from_chars(start, p, d);  // correctly rounded (libstdc++ >= 12)
    if (r.ec == std::errc() && r.ptr == p && std::isfinite(d) &&
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

}  // namespace arenajson::detail
