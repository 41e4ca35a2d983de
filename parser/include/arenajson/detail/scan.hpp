// arenajson/detail/scan.hpp — byte scanning for the reader: many bytes at a time where it pays.
// Internal; installed only because the reader is a template.
#pragma once

#include "arenajson/detail/utf8.hpp"

#include <bit>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__) || defined(_M_X64)
#include <emmintrin.h>
#define ARENAJSON_SSE2 1
#else
#define ARENAJSON_SSE2 0
#endif

namespace arenajson::detail {

#if defined(__GNUC__)
#define ARENAJSON_LIKELY(x) __builtin_expect(!!(x), 1)
#define ARENAJSON_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define ARENAJSON_INLINE inline __attribute__((always_inline))
#define ARENAJSON_NOINLINE __attribute__((noinline))
#else
#define ARENAJSON_LIKELY(x) (x)
#define ARENAJSON_UNLIKELY(x) (x)
#define ARENAJSON_INLINE inline
#define ARENAJSON_NOINLINE
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

/// Where lines start, for error positions.
struct LineCount {
    std::uint64_t line = 1;
    std::uint64_t line_start = 0;  // offset of the first byte of the current line
};

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

/// The value of a hexadecimal digit, or -1.
ARENAJSON_INLINE int hex_value(char ch) noexcept {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= '0' && c <= '9') return c - '0';
    const unsigned char l = c | 0x20;
    if (l >= 'a' && l <= 'f') return l - 'a' + 10;
    return -1;
}

}  // namespace arenajson::detail
