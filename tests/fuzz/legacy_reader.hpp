// tests/fuzz/legacy_reader.hpp — the reader as it was before the two-stage SIMD reader: one
// pass, a byte at a time, with SSE2 scans (a copy of its code, in namespace
// arenajson::legacy). Test-only: fuzz_differential checks that the new reader gives the same
// events and errors on every input, while both exist.
#pragma once

#include "arenajson/reader.hpp"

#include <algorithm>
#include <bit>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#if defined(__SSE2__) || defined(_M_X64)
#include <emmintrin.h>
#endif

// arenajson/detail/scan.hpp — byte scanning for the reader: many bytes at a time where it pays.
// Internal; installed only because the reader is a template.

#if defined(__SSE2__) || defined(_M_X64)
#define ARENAJSON_SSE2 1
#else
#define ARENAJSON_SSE2 0
#endif

namespace arenajson::legacy::detail {

#if defined(__GNUC__)
#define ARENAJSON_LIKELY(x) __builtin_expect(!!(x), 1)
#define ARENAJSON_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define ARENAJSON_INLINE inline __attribute__((always_inline))
#else
#define ARENAJSON_LIKELY(x) (x)
#define ARENAJSON_UNLIKELY(x) (x)
#define ARENAJSON_INLINE inline
#endif

/// The index of the lowest set bit of x (x != 0).
template <class T>
ARENAJSON_INLINE unsigned count_trailing_zeros(T x) noexcept {
    return static_cast<unsigned>(std::countr_zero(x));
}

/// True for the bytes that end a plain run inside a string: '"', '\\', control characters
/// (below 0x20) and the start of non-ASCII UTF-8 (0x80 and above).
ARENAJSON_INLINE bool is_string_special(unsigned char c) noexcept {
    return c == '"' || c == '\\' || c < 0x20 || c >= 0x80;
}

#if ARENAJSON_SSE2
/// One bit per byte of v that is special inside a string.
ARENAJSON_INLINE std::uint32_t string_special_mask(__m128i v) noexcept {
    // Signed compare: bytes >= 0x80 are negative, so one compare finds both control characters
    // and the start of non-ASCII sequences.
    const __m128i hit = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
        _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)));
    return static_cast<std::uint32_t>(_mm_movemask_epi8(hit));
}
#endif

/// The first byte in [p, e) that is special inside a string, or e. Reads only inside [p, e).
ARENAJSON_INLINE const char* find_string_special(const char* p, const char* e) noexcept {
#if ARENAJSON_SSE2
    while (e - p >= 16) {
        const std::uint32_t mask =
            string_special_mask(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
        if (mask != 0) return p + count_trailing_zeros(mask);
        p += 16;
    }
#else
    // Eight bytes at a time: a byte is special when it is '"' or '\\', below 0x20, or >= 0x80.
    constexpr std::uint64_t kOnes = 0x0101010101010101ull;
    constexpr std::uint64_t kHigh = 0x8080808080808080ull;
    while (e - p >= 8) {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        const std::uint64_t q = w ^ (kOnes * '"');
        const std::uint64_t b = w ^ (kOnes * '\\');
        const std::uint64_t hit = ((q - kOnes) & ~q) | ((b - kOnes) & ~b) | (w - kOnes * 0x20) | w;
        // The scalar loop below finds the exact byte (borrows can only flag bytes after it).
        if ((hit & kHigh) != 0) break;
        p += 8;
    }
#endif
    while (p < e && !is_string_special(static_cast<unsigned char>(*p)))
        ++p;
    return p;
}

/// The closing quote of a plain string (no escape, control or non-ASCII byte) that ends within
/// the 16 bytes at p, or nullptr when that is not the case (the general path takes over).
/// Most keys and many values are such strings, so this inline check saves a call.
ARENAJSON_INLINE const char* short_string_end(const char* p, const char* e) noexcept {
#if ARENAJSON_SSE2
    if (e - p < 16) return nullptr;
    const std::uint32_t mask =
        string_special_mask(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
    if (mask == 0) return nullptr;
    const char* q = p + count_trailing_zeros(mask);
    return *q == '"' ? q : nullptr;
#else
    (void)p;
    (void)e;
    return nullptr;
#endif
}

/// Where lines start, for error positions: the reader counts newlines as it skips whitespace.
struct LineCount {
    std::uint64_t line = 1;
    std::uint64_t line_start = 0;  // offset of the first byte of the current line
};

/// Skips JSON whitespace (space, tab, CR, LF) from p, counting newlines into `lines`;
/// `origin` turns a pointer into an input offset. With `stop_at_newline` (NDJSON), LF is not
/// skipped. Returns the first other byte, or e.
ARENAJSON_INLINE const char* skip_whitespace(const char* p, const char* e, LineCount& lines,
                                             std::uint64_t origin, bool stop_at_newline) noexcept {
    const auto newline_at = [&](const char* q) {
        ++lines.line;
        lines.line_start = origin + reinterpret_cast<std::uintptr_t>(q) + 1;
    };
#if ARENAJSON_SSE2
    if (!stop_at_newline) {
        const auto classify = [](const char* q, std::uint32_t& newlines) {
            const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
            const __m128i nl = _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'));
            const __m128i ws =
                _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')),
                                          _mm_cmpeq_epi8(v, _mm_set1_epi8('\t'))),
                             _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\r')), nl));
            newlines = static_cast<std::uint32_t>(_mm_movemask_epi8(nl));
            return static_cast<std::uint32_t>(_mm_movemask_epi8(ws));
        };
        // 32 bytes a step: a newline and the indentation after it usually fit in one step.
        while (e - p >= 32) {
            std::uint32_t nl_lo, nl_hi;
            const std::uint32_t ws = classify(p, nl_lo) | (classify(p + 16, nl_hi) << 16);
            std::uint32_t nl = nl_lo | (nl_hi << 16);
            const unsigned skip = ws == 0xFFFFFFFFu ? 32 : count_trailing_zeros(~ws);
            if (skip < 32) nl &= (1u << skip) - 1;
            if (nl != 0) {
                // Usually one newline; the builtin is a library call without POPCNT.
                lines.line +=
                    (nl & (nl - 1)) == 0 ? 1u : static_cast<unsigned>(__builtin_popcount(nl));
                lines.line_start = origin + reinterpret_cast<std::uintptr_t>(p) + 32 -
                                   static_cast<unsigned>(__builtin_clz(nl));
            }
            if (skip < 32) return p + skip;
            p += 32;
        }
    }
#endif
    for (; p < e; ++p) {
        const char c = *p;
        if (c == ' ' || c == '\t' || c == '\r') continue;
        if (c != '\n' || stop_at_newline) break;
        newline_at(p);
    }
    return p;
}

/// For p at a newline: when exactly `indent` (< 32) spaces follow it and then a byte above
/// ' ', returns that byte's position; otherwise nullptr. Reads at most 33 bytes after p.
ARENAJSON_INLINE const char* newline_with_indent(const char* p, const char* e,
                                                 std::size_t indent) noexcept {
#if ARENAJSON_SSE2
    if (indent >= 32 || e - p < 34) return nullptr;
    const char* q = p + 1;
    const __m128i space = _mm_set1_epi8(' ');
    const auto lo = static_cast<std::uint32_t>(_mm_movemask_epi8(
        _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(q)), space)));
    const auto hi = static_cast<std::uint32_t>(_mm_movemask_epi8(
        _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(q + 16)), space)));
    const std::uint32_t want = (std::uint32_t{1} << indent) - 1;
    if (((lo | (hi << 16)) & want) == want && static_cast<unsigned char>(q[indent]) > ' ') {
        return q + indent;
    }
#else
    (void)p;
    (void)e;
    (void)indent;
#endif
    return nullptr;
}

/// The first byte in [p, e) that is not an ASCII digit, or e. Eight bytes a step.
ARENAJSON_INLINE const char* skip_digits(const char* p, const char* e) noexcept {
    while (e - p >= 8) {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        // A byte's high bit is set in either term exactly when it is not '0'..'9'. Borrows and
        // carries only disturb bytes after the first non-digit.
        const std::uint64_t non_digit =
            ((w - 0x3030303030303030ull) | (w + 0x4646464646464646ull)) & 0x8080808080808080ull;
        if (non_digit != 0) return p + (count_trailing_zeros(non_digit) >> 3);
        p += 8;
    }
    while (p < e && static_cast<unsigned char>(*p - '0') < 10)
        ++p;
    return p;
}

/// The value of eight ASCII digits loaded little-endian (first digit in the lowest byte).
ARENAJSON_INLINE std::uint64_t eight_digits(std::uint64_t w) noexcept {
    w = (w & 0x0F0F0F0F0F0F0F0Full) * 2561 >> 8;
    w = (w & 0x00FF00FF00FF00FFull) * 6553601 >> 16;
    return (w & 0x0000FFFF0000FFFFull) * 42949672960001ull >> 32;
}

inline constexpr std::uint64_t kPow10U64[] = {
    1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull, 100000000ull};

/// The value of the n <= 19 digits at p; `e` bounds what may be read.
ARENAJSON_INLINE std::uint64_t digits_value(const char* p, std::size_t n, const char* e) noexcept {
    std::uint64_t v = 0;
    while (n >= 8) {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        v = v * 100000000ull + eight_digits(w);
        p += 8;
        n -= 8;
    }
    if (n == 0) return v;
    if (e - p >= 8) {
        // Shift the n digits to the top: the bytes below become leading zeros.
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        w <<= 8 * (8 - n);
        return v * kPow10U64[n] + eight_digits(w);
    }
    for (; n > 0; --n, ++p)
        v = v * 10 + static_cast<unsigned>(*p - '0');
    return v;
}

/// Validates the UTF-8 sequence at p (lead byte >= 0x80) per RFC 3629: no overlong forms, no
/// surrogates, nothing above U+10FFFF. Returns its length (2..4), 0 when invalid, or -1 when
/// [p, e) ends inside a sequence whose available bytes are valid so far.
ARENAJSON_INLINE int utf8_sequence(const char* p, const char* e) noexcept {
    const auto* s = reinterpret_cast<const unsigned char*>(p);
    const auto avail = static_cast<std::size_t>(e - p);
    const unsigned char c = s[0];
    unsigned char lo = 0x80, hi = 0xBF;  // range of the second byte
    int len;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;  // no UTF-16 surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
    } else {
        return 0;
    }
    if (avail < 2) return -1;
    if (s[1] < lo || s[1] > hi) return 0;
    for (int i = 2; i < len; ++i) {
        if (avail < static_cast<std::size_t>(i) + 1) return -1;
        if ((s[i] & 0xC0) != 0x80) return 0;
    }
    return len;
}

/// Skips a run of valid non-ASCII UTF-8 characters starting at p (whose first byte is >= 0x80).
/// Returns the first byte after the run (ASCII or e) with `status` 0, or the position of an
/// invalid (status 0 returned in `bad` = true) or cut sequence (`cut` = true).
/// Four bytes are read at once while four are available: each check is one mask and compare
/// per character, with no per-byte branches.
struct Utf8Run {
    const char* end;
    bool bad;
    bool cut;
};
ARENAJSON_INLINE Utf8Run skip_utf8_run(const char* p, const char* e) noexcept {
    while (e - p >= 4) {
        std::uint32_t w;
        std::memcpy(&w, p, 4);  // little-endian: the lead byte is the low byte
        if ((w & 0x00C0C0F0u) == 0x008080E0u) {
            // Three bytes: not overlong (E0 needs A0..BF) and not a surrogate (ED needs 80..9F).
            const std::uint32_t t = w & 0x200Fu;
            if (t == 0 || t == 0x200Du) return {p, true, false};
            p += 3;
        } else if ((w & 0x0000C0E0u) == 0x000080C0u) {
            if ((w & 0x1Eu) == 0) return {p, true, false};  // C0 and C1 are overlong
            p += 2;
        } else if ((w & 0xC0C0C0F8u) == 0x808080F0u) {
            const std::uint32_t cp = ((w & 0x07u) << 18) | ((w & 0x3F00u) << 4) |
                                     ((w & 0x3F0000u) >> 10) | ((w & 0x3F000000u) >> 24);
            if (cp < 0x10000u || cp > 0x10FFFFu) return {p, true, false};
            p += 4;
        } else {
            return {p, true, false};
        }
        if (p == e || static_cast<unsigned char>(*p) < 0x80) return {p, false, false};
    }
    while (p != e && static_cast<unsigned char>(*p) >= 0x80) {
        const int n = utf8_sequence(p, e);
        if (n == 0) return {p, true, false};
        if (n < 0) return {p, false, true};
        p += n;
    }
    return {p, false, false};
}

/// Appends the UTF-8 encoding of a code point (<= 0x10FFFF, not a surrogate) at out; returns
/// the byte count.
ARENAJSON_INLINE int encode_utf8(std::uint32_t cp, char* out) noexcept {
    if (cp < 0x80) {
        out[0] = static_cast<char>(cp);
        return 1;
    }
    if (cp < 0x800) {
        out[0] = static_cast<char>(0xC0 | (cp >> 6));
        out[1] = static_cast<char>(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = static_cast<char>(0xE0 | (cp >> 12));
        out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out[2] = static_cast<char>(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = static_cast<char>(0xF0 | (cp >> 18));
    out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[3] = static_cast<char>(0x80 | (cp & 0x3F));
    return 4;
}

/// The value of a hexadecimal digit, or -1.
ARENAJSON_INLINE int hex_value(char ch) noexcept {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= '0' && c <= '9') return c - '0';
    const unsigned char l = c | 0x20;
    if (l >= 'a' && l <= 'f') return l - 'a' + 10;
    return -1;
}

}  // namespace arenajson::legacy::detail

// arenajson/detail/number.hpp — the number grammar of RFC 8259 and exact conversion.
// Internal; installed only because the reader is a template.

namespace arenajson::legacy::detail {

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

/// Where the number grammar stands after some bytes of a number (for tokens split across chunks).
enum class NumberState : std::uint8_t {
    start,
    sign,
    zero,
    digits,
    fraction_start,
    fraction,
    exponent_start,
    exponent_sign,
    exponent,
    ended
};

/// Advances `state` over the bytes of [p, e) that continue a number and returns the first byte
/// that does not (or e); `state` becomes `ended` when the number cannot go on. It consumes
/// exactly the bytes parse_number() would look at: a digit after a leading zero is taken (it
/// is the error parse_number reports), any other byte that cannot follow is left. O(bytes).
inline const char* continue_number(NumberState& state, const char* p, const char* e) noexcept {
    for (; p != e; ++p) {
        const char c = *p;
        const bool digit = static_cast<unsigned char>(c - '0') < 10;
        switch (state) {
            case NumberState::start:
                if (c == '-') {
                    state = NumberState::sign;
                    continue;
                }
                [[fallthrough]];
            case NumberState::sign:
                if (!digit) break;
                state = c == '0' ? NumberState::zero : NumberState::digits;
                continue;
            case NumberState::zero:
                if (digit) {  // the leading-zero error: part of the token
                    state = NumberState::ended;
                    return p + 1;
                }
                [[fallthrough]];
            case NumberState::digits:
                if (digit && state == NumberState::digits) continue;
                if (c == '.') {
                    state = NumberState::fraction_start;
                    continue;
                }
                if ((c | 0x20) == 'e') {
                    state = NumberState::exponent_start;
                    continue;
                }
                break;
            case NumberState::fraction_start:
            case NumberState::fraction:
                if (digit) {
                    state = NumberState::fraction;
                    continue;
                }
                if (state == NumberState::fraction && (c | 0x20) == 'e') {
                    state = NumberState::exponent_start;
                    continue;
                }
                break;
            case NumberState::exponent_start:
                if (c == '+' || c == '-') {
                    state = NumberState::exponent_sign;
                    continue;
                }
                [[fallthrough]];
            case NumberState::exponent_sign:
            case NumberState::exponent:
                if (!digit) break;
                state = NumberState::exponent;
                continue;
            case NumberState::ended:
                return p;
        }
        state = NumberState::ended;
        return p;
    }
    return p;
}

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

}  // namespace arenajson::legacy::detail

// arenajson/detail/string.hpp — the string grammar: UTF-8 validation and escape decoding.
// Internal; installed only because the reader is a template.

namespace arenajson::legacy::detail {

struct StringToken {
    TokenStatus status;
    ErrorCode error;  // when status == error
    bool at_end;      // the error is the end of the input
    const char* end;  // one past the closing quote, or the error position
    std::string_view value;
};

inline constexpr std::uint32_t kReplacementCharacter = 0xFFFD;

/// Reads four hex digits at p (p + 4 <= e). Returns the value or -1.
ARENAJSON_INLINE std::int32_t read_hex4(const char* p) noexcept {
    const int a = hex_value(p[0]), b = hex_value(p[1]), c = hex_value(p[2]), d = hex_value(p[3]);
    if ((a | b | c | d) < 0) return -1;
    return (a << 12) | (b << 8) | (c << 4) | d;
}

/// True when [p, e) could be the start of "\uXXXX" (fewer than six bytes, all consistent).
inline bool is_unicode_escape_prefix(const char* p, const char* e) noexcept {
    if (p < e && *p != '\\') return false;
    if (p + 1 < e && p[1] != 'u') return false;
    for (const char* q = p + 2; q < e; ++q) {
        if (hex_value(*q) < 0) return false;
    }
    return true;
}

/// Parses a string whose opening quote is just before p, in [p, e). Strings without escapes
/// are returned as views of the input; escaped ones are decoded into `scratch`.
/// `at_eof`: when false and the string reaches e, the result is `partial`.
/// `replace_surrogates`: lone surrogates become U+FFFD instead of an error.
inline StringToken parse_string(const char* p, const char* e, bool at_eof, std::string& scratch,
                                bool replace_surrogates) noexcept {
    StringToken t{};
    const char* const start = p;
    const auto cut = [&](const char* where) {
        t.end = where;
        if (!at_eof) {
            t.status = TokenStatus::partial;
        } else {
            t.status = TokenStatus::error;
            t.error = ErrorCode::unterminated_string;
            t.at_end = true;
            t.end = e;
        }
        return t;
    };
    const auto fail = [&](ErrorCode code, const char* where) {
        t.status = TokenStatus::error;
        t.error = code;
        t.end = where;
        return t;
    };

    // Plain runs: no copy until the first escape.
    for (;;) {
        p = find_string_special(p, e);
        if (ARENAJSON_UNLIKELY(p == e)) return cut(p);
        const auto c = static_cast<unsigned char>(*p);
        if (c == '"') {
            t.status = TokenStatus::complete;
            t.end = p + 1;
            t.value = std::string_view(start, static_cast<std::size_t>(p - start));
            return t;
        }
        if (c >= 0x80) {
            // Consecutive non-ASCII characters are common (CJK text): validate the whole run.
            const Utf8Run run = skip_utf8_run(p, e);
            if (ARENAJSON_UNLIKELY(run.bad)) return fail(ErrorCode::invalid_utf8, run.end);
            if (run.cut) return cut(run.end);
            p = run.end;
            continue;
        }
        if (c == '\\') break;
        return fail(ErrorCode::control_character_in_string, p);
    }

    // Escaped: decode into scratch from here on. scratch is used as a raw buffer (its size is
    // its capacity); `n` counts the decoded bytes. Decoding never outgrows its input, so each
    // step reserves what the bytes it reads could need.
    std::size_t n = static_cast<std::size_t>(p - start);
    const auto reserve = [&](std::size_t more) {
        if (ARENAJSON_UNLIKELY(n + more > scratch.size())) {
            scratch.resize(std::max(n + more, 2 * scratch.size()));
        }
        return scratch.data() + n;
    };
    std::memcpy(reserve(n + 16) - n, start, n);
    for (;;) {
        const auto c = static_cast<unsigned char>(*p);
        if (c == '"') {
            t.status = TokenStatus::complete;
            t.end = p + 1;
            t.value = std::string_view(scratch.data(), n);
            return t;
        }
        if (c == '\\') {
            if (e - p < 2) return cut(p);
            char* out = reserve(8);
            switch (p[1]) {
                case '"':
                    *out = '"';
                    break;
                case '\\':
                    *out = '\\';
                    break;
                case '/':
                    *out = '/';
                    break;
                case 'b':
                    *out = '\b';
                    break;
                case 'f':
                    *out = '\f';
                    break;
                case 'n':
                    *out = '\n';
                    break;
                case 'r':
                    *out = '\r';
                    break;
                case 't':
                    *out = '\t';
                    break;
                case 'u': {
                    if (e - p < 6) {
                        if (!is_unicode_escape_prefix(p, e)) {
                            return fail(ErrorCode::invalid_unicode_escape, p);
                        }
                        return cut(p);
                    }
                    const std::int32_t unit = read_hex4(p + 2);
                    if (unit < 0) return fail(ErrorCode::invalid_unicode_escape, p);
                    auto cp = static_cast<std::uint32_t>(unit);
                    int consumed = 6;
                    if (cp >= 0xD800 && cp <= 0xDBFF) {
                        // A high surrogate must be followed by "\u" and a low surrogate.
                        const char* q = p + 6;
                        std::int32_t low = -1;
                        if (q == e) return cut(p);
                        if (q[0] == '\\' && (e - q < 2 || q[1] == 'u')) {
                            if (e - q < 6) {
                                if (!is_unicode_escape_prefix(q, e)) {
                                    return fail(ErrorCode::invalid_unicode_escape, q);
                                }
                                return cut(p);
                            }
                            low = read_hex4(q + 2);
                            if (low < 0) return fail(ErrorCode::invalid_unicode_escape, q);
                        }
                        if (low >= 0xDC00 && low <= 0xDFFF) {
                            cp = 0x10000 + ((cp - 0xD800) << 10) +
                                 (static_cast<std::uint32_t>(low) - 0xDC00);
                            consumed = 12;
                        } else if (replace_surrogates) {
                            cp = kReplacementCharacter;
                        } else {
                            return fail(ErrorCode::lone_surrogate, p);
                        }
                    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                        if (!replace_surrogates) return fail(ErrorCode::lone_surrogate, p);
                        cp = kReplacementCharacter;
                    }
                    n += static_cast<std::size_t>(encode_utf8(cp, out));
                    p += consumed;
                    goto next_run;
                }
                default:
                    return fail(ErrorCode::invalid_escape, p);
            }
            ++n;
            p += 2;
        } else if (c >= 0x80) {
            const Utf8Run run = skip_utf8_run(p, e);
            if (run.bad) return fail(ErrorCode::invalid_utf8, run.end);
            const auto len = static_cast<std::size_t>(run.end - p);
            std::memcpy(reserve(len), p, len);
            n += len;
            p = run.end;
            if (run.cut) return cut(p);
        } else {
            return fail(ErrorCode::control_character_in_string, p);
        }
    next_run:
#if ARENAJSON_SSE2
        // Copy while scanning, 16 bytes a step: the bytes past the special one are simply
        // overwritten by what follows.
        while (e - p >= 16) {
            const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
            _mm_storeu_si128(reinterpret_cast<__m128i*>(reserve(16)), v);
            const std::uint32_t mask = string_special_mask(v);
            if (mask != 0) {
                const unsigned k = count_trailing_zeros(mask);
                n += k;
                p += k;
                goto special;
            }
            n += 16;
            p += 16;
        }
#endif
        {
            const char* q = find_string_special(p, e);
            const auto len = static_cast<std::size_t>(q - p);
            std::memcpy(reserve(len), p, len);
            n += len;
            p = q;
        }
        if (p == e) return cut(p);
    special:;
    }
}

}  // namespace arenajson::legacy::detail

namespace arenajson::legacy {

using arenajson::Handler;
using arenajson::ReaderOptions;
using arenajson::ReadResult;
using arenajson::ReadStatus;

/// The push-fed SAX reader. Holds a reference to the handler, which must outlive it.
/// O(1) memory beyond the nesting stack and the one token that spans two chunks.
/// Not thread-safe; use one reader per thread.
template <Handler H>
class Reader {
  public:
    /// Reads for `handler`, which is not owned and must outlive the reader. O(1); nothing is
    /// allocated until input needs it.
    explicit Reader(H& handler, ReaderOptions options = {})
        : handler_(&handler), options_(options) {}

    /// Parses the next bytes of the input. Zero-copy: tokens that lie inside the chunk are
    /// reported as views of it. O(chunk size).
    /// In NDJSON mode, returns `document` after each record's newline, with `consumed` bytes
    /// taken; call feed() again with the rest. A single document completes only in finish().
    ReadResult feed(std::string_view chunk);
    /// Declares the end of the input and completes a token it ends (a number, say).
    /// Returns `document` when the (last) document is complete, `end` in NDJSON mode when no
    /// record was pending, or `error` (an empty single document is ErrorCode::empty_input).
    /// O(1) plus the token it completes.
    ReadResult finish();

    /// The first error, with offset, line and column; code ok while there is none. O(1).
    [[nodiscard]] const Error& error() const noexcept { return error_; }
    /// Bytes read so far, from the start of the input. O(1).
    [[nodiscard]] std::uint64_t offset() const noexcept { return base_; }
    /// The current 1-based line (NDJSON: of the record being read). O(1).
    [[nodiscard]] std::uint64_t line() const noexcept { return lines_.line; }
    /// Open arrays and objects. O(1).
    [[nodiscard]] std::size_t depth() const noexcept { return depth_; }
    /// The policies given at construction. O(1).
    [[nodiscard]] const ReaderOptions& options() const noexcept { return options_; }
    /// Starts over for a new input, keeping buffers. O(1).
    void reset() noexcept;

  private:
    enum class State : std::uint8_t {
        root,          // before the root value (NDJSON: before a record)
        array_value,   // after ',' in an array
        object_value,  // after ':'
        array_first,   // after '['
        array_next,    // after an element
        object_first,  // after '{'
        object_key,    // after ',' in an object
        object_colon,  // after a key
        object_next,   // after a member's value
        after_root,    // after the root value
        token,         // inside a token that continues in the next chunk (in carry_)
        failed,
    };
    enum class TokenKind : std::uint8_t { string, key, number, literal, bom };

    struct Frame {
        std::uint64_t count;
        bool object;
    };

    ReadResult run(const char* begin, const char* p, const char* end);
    ReadResult resume_token(std::string_view chunk, bool at_eof, std::size_t& taken);
    ReadResult fail(ErrorCode code, std::uint64_t offset, bool at_end = false);
    // A more telling code for some grammar errors: a NUL as the second byte means UTF-16 or
    // UTF-32 input; a newline where NDJSON needs the record to go on.
    static ErrorCode refine_error(ErrorCode code, std::uint64_t offset, unsigned char c,
                                  bool ndjson) noexcept {
        if (offset == 1 && c == 0) return ErrorCode::utf16_input;
        if (ndjson && c == '\n') return ErrorCode::ndjson_newline_in_record;
        return code;
    }
    ErrorCode handler_error() const noexcept {
        if constexpr (requires(const H& h) {
                          { h.error_code() } -> std::convertible_to<ErrorCode>;
                      }) {
            const ErrorCode c = handler_->error_code();
            return c == ErrorCode::ok ? ErrorCode::handler_aborted : c;
        } else {
            return ErrorCode::handler_aborted;
        }
    }

    H* handler_;
    ReaderOptions options_;
    State state_ = State::root;
    TokenKind token_kind_ = TokenKind::string;
    bool in_object_ = false;
    std::uint64_t count_ = 0;  // elements or members of the innermost container
    std::uint64_t base_ = 0;   // absolute offset of the next byte to feed
    detail::LineCount lines_;
    std::uint64_t token_start_ = 0;  // absolute offset of the token in carry_
    bool carry_escaped_ = false;     // carry_ ends inside a string escape
    detail::NumberState number_state_ = detail::NumberState::start;  // of a carried number
    std::vector<Frame> stack_;  // frames of the open containers; size() is capacity
    std::size_t depth_ = 0;
    std::size_t indent_unit_ = 0;  // spaces per nesting level seen in pretty input
    std::string carry_;            // a token split across chunks
    std::string scratch_;          // decoded escaped strings
    Error error_{};
};

template <Handler H>
void Reader<H>::reset() noexcept {
    state_ = State::root;
    in_object_ = false;
    count_ = 0;
    base_ = 0;
    lines_ = detail::LineCount{};
    token_start_ = 0;
    carry_escaped_ = false;
    number_state_ = detail::NumberState::start;
    depth_ = 0;
    carry_.clear();
    error_ = Error{};
}

template <Handler H>
ReadResult Reader<H>::fail(ErrorCode code, std::uint64_t offset, bool at_end) {
    error_.code = code;
    error_.at_end = at_end;
    error_.offset = offset;
    error_.line = lines_.line;
    error_.column = offset - lines_.line_start + 1;
    state_ = State::failed;
    return {ReadStatus::error, 0};
}

template <Handler H>
ReadResult Reader<H>::feed(std::string_view chunk) {
    if (state_ == State::failed) return {ReadStatus::error, 0};
    std::size_t taken = 0;
    if (state_ == State::token) {
        const ReadResult r = resume_token(chunk, false, taken);
        if (r.status != ReadStatus::more || state_ == State::token) return r;
    }
    // base_ is now the offset of chunk[taken]: run() measures from there.
    const char* const rest = chunk.data() + taken;
    ReadResult r = run(rest, rest, chunk.data() + chunk.size());
    r.consumed += taken;
    return r;
}

template <Handler H>
ReadResult Reader<H>::finish() {
    if (state_ == State::failed) return {ReadStatus::error, 0};
    if (state_ == State::token) {
        std::size_t taken = 0;
        const ReadResult r = resume_token(std::string_view(), true, taken);
        if (r.status == ReadStatus::error) return r;
    }
    switch (state_) {
        case State::root:
            if (options_.ndjson) return {ReadStatus::end, 0};
            return fail(ErrorCode::empty_input, base_, true);
        case State::after_root:
            if (options_.ndjson) state_ = State::root;
            return {ReadStatus::document, 0};
        case State::array_value:
        case State::object_value:
            return fail(ErrorCode::expected_value, base_, true);
        case State::array_first:
            return fail(ErrorCode::expected_value_or_array_end, base_, true);
        case State::array_next:
            return fail(ErrorCode::expected_comma_or_array_end, base_, true);
        case State::object_first:
            return fail(ErrorCode::expected_key_or_object_end, base_, true);
        case State::object_key:
            return fail(ErrorCode::expected_key, base_, true);
        case State::object_colon:
            return fail(ErrorCode::expected_colon, base_, true);
        case State::object_next:
            return fail(ErrorCode::expected_comma_or_object_end, base_, true);
        case State::token:
        case State::failed:
            break;
    }
    return {ReadStatus::error, 0};
}

// Completes the token in carry_ with the bytes of `chunk` that belong to it (`taken` of them),
// or with the end of the input. Leaves state_ == token while it still needs more.
template <Handler H>
ReadResult Reader<H>::resume_token(std::string_view chunk, bool at_eof, std::size_t& taken) {
    using namespace detail;
    const char* const b = chunk.data();
    const std::size_t n = chunk.size();
    std::size_t i = 0;
    bool complete = false;
    switch (token_kind_) {
        case TokenKind::string:
        case TokenKind::key: {
            bool escaped = carry_escaped_;
            while (i < n) {
                if (escaped) {
                    escaped = false;
                    ++i;
                    continue;
                }
                i = static_cast<std::size_t>(find_string_special(b + i, b + n) - b);
                if (i == n) break;
                const auto c = static_cast<unsigned char>(b[i++]);
                if (c == '\\') {
                    escaped = true;
                } else if (c == '"' || c < 0x20) {
                    complete = true;  // the closing quote, or the control character to report
                    break;
                }
            }
            carry_escaped_ = escaped;
            break;
        }
        case TokenKind::number:
            i = static_cast<std::size_t>(continue_number(number_state_, b, b + n) - b);
            complete = number_state_ == NumberState::ended;
            break;
        case TokenKind::literal:
        case TokenKind::bom: {
            const std::size_t want = token_kind_ == TokenKind::bom ? 3 : carry_[0] == 'f' ? 5 : 4;
            i = std::min(n, want - carry_.size());
            complete = carry_.size() + i == want;
            break;
        }
    }
    carry_.append(b, i);
    taken = i;
    base_ += i;
    if (!complete && !at_eof) return {ReadStatus::more, n};

    // The whole token is in carry_: parse it as if it were one chunk.
    const char* const t0 = carry_.data();
    const char* const t1 = t0 + carry_.size();
    const auto error_at = [&](ErrorCode code, const char* where, bool end_of_input) {
        return fail(code, token_start_ + static_cast<std::uint64_t>(where - t0),
                    end_of_input && at_eof);
    };
    bool ok = true;
    std::size_t used = carry_.size();  // token bytes actually consumed
    switch (token_kind_) {
        case TokenKind::string:
        case TokenKind::key: {
            const StringToken t =
                parse_string(t0 + 1, t1, true, scratch_, options_.replace_lone_surrogates);
            if (t.status != TokenStatus::complete) return error_at(t.error, t.end, t.at_end);
            ok = token_kind_ == TokenKind::key ? handler_->on_key(t.value)
                                               : handler_->on_string(t.value);
            break;
        }
        case TokenKind::number: {
            const NumberToken t = parse_number(t0, t1, true, options_.exact_numbers);
            if (t.status != TokenStatus::complete) return error_at(t.error, t.end, t.end == t1);
            used = static_cast<std::size_t>(t.end - t0);
            switch (t.kind) {
                case NumberKind::int64:
                    ok = handler_->on_int64(t.i);
                    break;
                case NumberKind::uint64:
                    ok = handler_->on_uint64(t.u);
                    break;
                case NumberKind::double_:
                    ok = handler_->on_double(t.d);
                    break;
                case NumberKind::text:
                    ok = handler_->on_number_text(std::string_view(t0, used));
                    break;
            }
            break;
        }
        case TokenKind::literal: {
            const std::string_view want = carry_[0] == 't'   ? "true"
                                          : carry_[0] == 'f' ? "false"
                                                             : "null";
            for (std::size_t k = 0; k < carry_.size(); ++k) {
                if (carry_[k] != want[k])
                    return error_at(ErrorCode::invalid_literal, t0 + k, false);
            }
            if (carry_.size() < want.size()) return error_at(ErrorCode::invalid_literal, t1, true);
            ok = carry_[0] == 'n' ? handler_->on_null() : handler_->on_bool(carry_[0] == 't');
            break;
        }
        case TokenKind::bom:
            if (carry_ != "\xEF\xBB\xBF") return error_at(ErrorCode::expected_value, t0, false);
            if (!options_.allow_bom) return error_at(ErrorCode::byte_order_mark, t0, false);
            state_ = State::root;
            carry_.clear();
            return {ReadStatus::more, taken};
    }
    if (!ok) return fail(handler_error(), token_start_);
    // continue_number() takes exactly the bytes parse_number() reads, so none are left over.
    assert(used == carry_.size());
    (void)used;
    if (token_kind_ == TokenKind::key) {
        state_ = State::object_colon;
    } else if (depth_ == 0) {
        state_ = State::after_root;
    } else {
        state_ = in_object_ ? State::object_next : State::array_next;
    }
    carry_.clear();
    return {ReadStatus::more, taken};
}

template <Handler H>
ReadResult Reader<H>::run(const char* const begin, const char* p, const char* const end) {
    using namespace detail;
    H& h = *handler_;
    const std::uint64_t base = base_;
    const bool ndjson = options_.ndjson;
    std::uint64_t count = count_;
    bool in_object = in_object_;
    std::size_t depth = depth_;
    Frame* frames = stack_.data();
    unsigned char c = 0;
    TokenKind kind = TokenKind::string;
    const char* token = nullptr;

    // Offsets: one subtraction from a precomputed origin.
    const std::uint64_t origin = base - reinterpret_cast<std::uintptr_t>(begin);
    const auto at = [origin](const char* q) {
        return origin + reinterpret_cast<std::uintptr_t>(q);
    };
    const auto save = [&] {
        count_ = count;
        in_object_ = in_object;
        depth_ = depth;
    };

#define ARENAJSON_SUSPEND(st)                                             \
    do {                                                                  \
        state_ = (st);                                                    \
        save();                                                           \
        base_ = at(end);                                                  \
        return {ReadStatus::more, static_cast<std::size_t>(end - begin)}; \
    } while (0)
#define ARENAJSON_FAIL(code, where)     \
    do {                                \
        save();                         \
        return fail((code), at(where)); \
    } while (0)
#define ARENAJSON_FAIL_HERE(code) ARENAJSON_FAIL(refine_error((code), at(p), c, ndjson), p)
#define ARENAJSON_ABORT(where) ARENAJSON_FAIL(handler_error(), where)
    // Pretty-printed input puts depth * unit spaces after each newline. Predicting that width
    // lets the next token start without waiting for the scan that confirms it.
#define ARENAJSON_SKIP_WS(st)                                                                   \
    if (ARENAJSON_UNLIKELY(p == end)) ARENAJSON_SUSPEND(st);                                    \
    c = static_cast<unsigned char>(*p);                                                         \
    if (c <= ' ') {                                                                             \
        const char* ws_next;                                                                    \
        if (c == ' ' && end - p >= 2 && static_cast<unsigned char>(p[1]) > ' ') {               \
            ++p; /* one space, as after ':' */                                                  \
        } else if (c == '\n' && !ndjson &&                                                      \
                   (ws_next = newline_with_indent(p, end, depth * indent_unit_)) != nullptr) {  \
            ++lines_.line;                                                                      \
            lines_.line_start = at(p + 1);                                                      \
            p = ws_next;                                                                        \
        } else {                                                                                \
            p = skip_whitespace(p, end, lines_, origin, ndjson);                                \
            if (p == end) ARENAJSON_SUSPEND(st);                                                \
            if (depth == 1) indent_unit_ = static_cast<std::size_t>(at(p) - lines_.line_start); \
        }                                                                                       \
        c = static_cast<unsigned char>(*p);                                                     \
    }
#define ARENAJSON_CLOSE()                                                                      \
    do {                                                                                       \
        if (!(in_object ? h.on_end_object(count) : h.on_end_array(count))) ARENAJSON_ABORT(p); \
        --depth;                                                                               \
        count = frames[depth].count;                                                           \
        in_object = frames[depth].object;                                                      \
        ++p;                                                                                   \
        goto after_close;                                                                      \
    } while (0)
#define ARENAJSON_OPEN(is_object, event)                                                     \
    do {                                                                                     \
        if (ARENAJSON_UNLIKELY(depth >= stack_.size())) {                                    \
            if (depth >= options_.max_depth) ARENAJSON_FAIL(ErrorCode::depth_limit, p);      \
            /* never above max_depth, so depth < size() implies the limit */                 \
            stack_.resize(                                                                   \
                std::min(options_.max_depth, std::max<std::size_t>(64, 2 * stack_.size()))); \
            frames = stack_.data();                                                          \
        }                                                                                    \
        frames[depth++] = Frame{count, in_object};                                           \
        count = 0;                                                                           \
        in_object = (is_object);                                                             \
        if (!h.event()) ARENAJSON_ABORT(p);                                                  \
        ++p;                                                                                 \
    } while (0)

    // The value grammar, expanded once per context (root, array, object) so that the jump
    // after a value is static; only closing a container asks what encloses it.
#define ARENAJSON_VALUE(after, err)                                                           \
    switch (c) {                                                                              \
        case '"': {                                                                           \
            token = p++;                                                                      \
            if (const char* close = short_string_end(p, end)) {                               \
                if (!h.on_string(std::string_view(p, static_cast<std::size_t>(close - p)))) { \
                    ARENAJSON_ABORT(token);                                                   \
                }                                                                             \
                p = close + 1;                                                                \
                goto after;                                                                   \
            }                                                                                 \
            const StringToken t =                                                             \
                parse_string(p, end, false, scratch_, options_.replace_lone_surrogates);      \
            if (ARENAJSON_LIKELY(t.status == TokenStatus::complete)) {                        \
                if (!h.on_string(t.value)) ARENAJSON_ABORT(token);                            \
                p = t.end;                                                                    \
                goto after;                                                                   \
            }                                                                                 \
            if (t.status == TokenStatus::partial) {                                           \
                kind = TokenKind::string;                                                     \
                goto carry;                                                                   \
            }                                                                                 \
            ARENAJSON_FAIL(t.error, t.end);                                                   \
        }                                                                                     \
        case '{':                                                                             \
            ARENAJSON_OPEN(true, on_start_object);                                            \
            goto object_first;                                                                \
        case '[':                                                                             \
            ARENAJSON_OPEN(false, on_start_array);                                            \
            goto array_first;                                                                 \
        case 't':                                                                             \
        case 'f':                                                                             \
        case 'n': {                                                                           \
            const std::string_view want = c == 't' ? "true" : c == 'f' ? "false" : "null";    \
            const auto avail = static_cast<std::size_t>(end - p);                             \
            const std::size_t k = std::min(avail, want.size());                               \
            for (std::size_t i = 0; i < k; ++i) {                                             \
                if (p[i] != want[i]) ARENAJSON_FAIL(ErrorCode::invalid_literal, p + i);       \
            }                                                                                 \
            if (avail < want.size()) {                                                        \
                token = p;                                                                    \
                kind = TokenKind::literal;                                                    \
                goto carry;                                                                   \
            }                                                                                 \
            if (!(c == 'n' ? h.on_null() : h.on_bool(c == 't'))) ARENAJSON_ABORT(p);          \
            p += want.size();                                                                 \
            goto after;                                                                       \
        }                                                                                     \
        case '-':                                                                             \
        case '0':                                                                             \
        case '1':                                                                             \
        case '2':                                                                             \
        case '3':                                                                             \
        case '4':                                                                             \
        case '5':                                                                             \
        case '6':                                                                             \
        case '7':                                                                             \
        case '8':                                                                             \
        case '9': {                                                                           \
            const NumberToken t = parse_number(p, end, false, options_.exact_numbers);        \
            if (ARENAJSON_LIKELY(t.status == TokenStatus::complete)) {                        \
                bool ok;                                                                      \
                switch (t.kind) {                                                             \
                    case NumberKind::int64:                                                   \
                        ok = h.on_int64(t.i);                                                 \
                        break;                                                                \
                    case NumberKind::uint64:                                                  \
                        ok = h.on_uint64(t.u);                                                \
                        break;                                                                \
                    case NumberKind::double_:                                                 \
                        ok = h.on_double(t.d);                                                \
                        break;                                                                \
                    default:                                                                  \
                        ok = h.on_number_text(                                                \
                            std::string_view(p, static_cast<std::size_t>(t.end - p)));        \
                        break;                                                                \
                }                                                                             \
                if (!ok) ARENAJSON_ABORT(p);                                                  \
                p = t.end;                                                                    \
                goto after;                                                                   \
            }                                                                                 \
            if (t.status == TokenStatus::partial) {                                           \
                token = p;                                                                    \
                kind = TokenKind::number;                                                     \
                goto carry;                                                                   \
            }                                                                                 \
            ARENAJSON_FAIL(t.error, t.end);                                                   \
        }                                                                                     \
        default:                                                                              \
            ARENAJSON_FAIL_HERE(err);                                                         \
    }

    switch (state_) {
        case State::root:
            goto root;
        case State::array_value:
            goto array_value;
        case State::object_value:
            goto object_value;
        case State::array_first:
            goto array_first;
        case State::array_next:
            goto array_next;
        case State::object_first:
            goto object_first;
        case State::object_key:
            goto object_key;
        case State::object_colon:
            goto object_colon;
        case State::object_next:
            goto object_next;
        case State::after_root:
            goto after_root;
        case State::token:
        case State::failed:
            return {ReadStatus::error, 0};
    }

root:
    for (;;) {
        if (p == end) ARENAJSON_SUSPEND(State::root);
        c = static_cast<unsigned char>(*p);
        if (c == ' ' || c == '\t' || c == '\r') {
            ++p;
        } else if (c == '\n') {
            ++lines_.line;
            ++p;
            lines_.line_start = at(p);
        } else {
            break;
        }
    }
    if (ARENAJSON_UNLIKELY(at(p) == 0)) {
        if (c == 0xEF) {
            if (end - p < 3) {
                token = p;
                kind = TokenKind::bom;
                goto carry;
            }
            if (std::string_view(p, 3) != "\xEF\xBB\xBF")
                ARENAJSON_FAIL(ErrorCode::expected_value, p);
            if (!options_.allow_bom) ARENAJSON_FAIL(ErrorCode::byte_order_mark, p);
            p += 3;
            goto root;
        }
        if (c == 0x00 || c == 0xFE || c == 0xFF) ARENAJSON_FAIL(ErrorCode::utf16_input, p);
    }
    ARENAJSON_VALUE(after_root, ErrorCode::expected_value)

array_first:
    ARENAJSON_SKIP_WS(State::array_first)
    if (c == ']') ARENAJSON_CLOSE();
    count = 1;
    goto array_element;

array_value:
    ARENAJSON_SKIP_WS(State::array_value)
    ARENAJSON_VALUE(array_next, ErrorCode::expected_value)

array_element:
    ARENAJSON_VALUE(array_next, ErrorCode::expected_value_or_array_end)

array_next:
    ARENAJSON_SKIP_WS(State::array_next)
    if (ARENAJSON_LIKELY(c == ',')) {
        ++p;
        ++count;
        goto array_value;
    }
    if (c == ']') ARENAJSON_CLOSE();
    ARENAJSON_FAIL_HERE(ErrorCode::expected_comma_or_array_end);

object_first:
    ARENAJSON_SKIP_WS(State::object_first)
    if (c == '}') ARENAJSON_CLOSE();
    if (c != '"') ARENAJSON_FAIL_HERE(ErrorCode::expected_key_or_object_end);
    goto key;

object_next:
    ARENAJSON_SKIP_WS(State::object_next)
    if (ARENAJSON_LIKELY(c == ',')) {
        ++p;
        goto object_key;
    }
    if (c == '}') ARENAJSON_CLOSE();
    ARENAJSON_FAIL_HERE(ErrorCode::expected_comma_or_object_end);

object_key:
    ARENAJSON_SKIP_WS(State::object_key)
    if (c != '"') ARENAJSON_FAIL_HERE(ErrorCode::expected_key);
key : {
    ++count;
    token = p++;
    if (const char* close = short_string_end(p, end)) {
        if (!h.on_key(std::string_view(p, static_cast<std::size_t>(close - p))))
            ARENAJSON_ABORT(token);
        p = close + 1;
        goto object_colon;
    }
    const StringToken t = parse_string(p, end, false, scratch_, options_.replace_lone_surrogates);
    if (ARENAJSON_LIKELY(t.status == TokenStatus::complete)) {
        if (!h.on_key(t.value)) ARENAJSON_ABORT(token);
        p = t.end;
        goto object_colon;
    }
    if (t.status == TokenStatus::partial) {
        kind = TokenKind::key;
        goto carry;
    }
    ARENAJSON_FAIL(t.error, t.end);
}

object_colon:
    ARENAJSON_SKIP_WS(State::object_colon)
    if (ARENAJSON_UNLIKELY(c != ':')) ARENAJSON_FAIL_HERE(ErrorCode::expected_colon);
    ++p;
object_value:
    ARENAJSON_SKIP_WS(State::object_value)
    ARENAJSON_VALUE(object_next, ErrorCode::expected_value)

after_close:
    // The one dynamic jump: back to whatever encloses the closed container.
    if (depth == 0) goto after_root;
    if (in_object) goto object_next;
    goto array_next;

after_root:
    for (;;) {
        if (p == end) ARENAJSON_SUSPEND(State::after_root);
        c = static_cast<unsigned char>(*p);
        if (c == ' ' || c == '\t' || c == '\r') {
            ++p;
        } else if (c == '\n') {
            ++lines_.line;
            ++p;
            lines_.line_start = at(p);
            if (ndjson) {
                state_ = State::root;
                save();
                base_ = at(p);
                return {ReadStatus::document, static_cast<std::size_t>(p - begin)};
            }
        } else if (ndjson) {
            ARENAJSON_FAIL(ErrorCode::ndjson_trailing_content, p);
        } else {
            ARENAJSON_FAIL_HERE(ErrorCode::trailing_content);
        }
    }

carry:
    // The token at `token` runs past the end of this chunk: keep its bytes for the next feed.
    carry_.assign(token, static_cast<std::size_t>(end - token));
    token_kind_ = kind;
    token_start_ = at(token);
    if (kind == TokenKind::number) {
        // The carried bytes are a valid prefix (parse_number said so): note where it stands.
        number_state_ = NumberState::start;
        continue_number(number_state_, token, end);
    }
    if (kind == TokenKind::string || kind == TokenKind::key) {
        // Inside an escape when the carried text ends in an odd run of backslashes.
        std::size_t run = 0;
        for (std::size_t i = carry_.size(); i > 1 && carry_[i - 1] == '\\'; --i)
            ++run;
        carry_escaped_ = (run & 1) != 0;
    }
    ARENAJSON_SUSPEND(State::token);

#undef ARENAJSON_SUSPEND
#undef ARENAJSON_FAIL
#undef ARENAJSON_FAIL_HERE
#undef ARENAJSON_ABORT
#undef ARENAJSON_SKIP_WS
#undef ARENAJSON_CLOSE
#undef ARENAJSON_OPEN
#undef ARENAJSON_VALUE
}

}  // namespace arenajson::legacy
