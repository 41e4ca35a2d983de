// arenajson/detail/string.hpp — the string grammar: UTF-8 validation and escape decoding.
// Internal; installed only because the reader is a template.
#pragma once

#include "arenajson/detail/number.hpp"  // TokenStatus
#include "arenajson/detail/scan.hpp"
#include "arenajson/error.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace arenajson::detail {

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

}  // namespace arenajson::detail
