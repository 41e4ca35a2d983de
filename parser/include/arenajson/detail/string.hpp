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

/// What decode_escape() did with one escape.
struct Escape {
    ErrorCode error;    // ok, or why the escape is wrong
    bool cut;           // [p, e) ends inside a \u escape whose bytes are right so far
    const char* where;  // the error position
    int consumed;       // input bytes taken (2, 6 or 12)
    int written;        // bytes written at out (1 to 4)
};

/// Decodes the escape at p ('\\') within [p, e) to UTF-8 at out (room for 4 bytes). A high
/// surrogate takes the low surrogate escape after it; `replace_surrogates` turns lone ones
/// into U+FFFD instead of an error. The one escape grammar of the reader: every string path
/// calls it. O(1).
inline Escape decode_escape(const char* p, const char* e, char* out,
                            bool replace_surrogates) noexcept {
    Escape r{ErrorCode::ok, false, p, 2, 1};
    if (e - p < 2) {
        r.cut = true;
        return r;
    }
    switch (p[1]) {
        case '"':
            *out = '"';
            return r;
        case '\\':
            *out = '\\';
            return r;
        case '/':
            *out = '/';
            return r;
        case 'b':
            *out = '\b';
            return r;
        case 'f':
            *out = '\f';
            return r;
        case 'n':
            *out = '\n';
            return r;
        case 'r':
            *out = '\r';
            return r;
        case 't':
            *out = '\t';
            return r;
        case 'u':
            break;
        default:
            r.error = ErrorCode::invalid_escape;
            return r;
    }
    if (e - p < 6) {
        if (is_unicode_escape_prefix(p, e)) {
            r.cut = true;
        } else {
            r.error = ErrorCode::invalid_unicode_escape;
        }
        return r;
    }
    const std::int32_t unit = read_hex4(p + 2);
    if (unit < 0) {
        r.error = ErrorCode::invalid_unicode_escape;
        return r;
    }
    auto cp = static_cast<std::uint32_t>(unit);
    r.consumed = 6;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        // A high surrogate must be followed by "\u" and a low surrogate.
        const char* q = p + 6;
        std::int32_t low = -1;
        if (q == e) {
            r.cut = true;
            return r;
        }
        if (q[0] == '\\' && (e - q < 2 || q[1] == 'u')) {
            if (e - q < 6) {
                if (is_unicode_escape_prefix(q, e)) {
                    r.cut = true;
                } else {
                    r.error = ErrorCode::invalid_unicode_escape;
                    r.where = q;
                }
                return r;
            }
            low = read_hex4(q + 2);
            if (low < 0) {
                r.error = ErrorCode::invalid_unicode_escape;
                r.where = q;
                return r;
            }
        }
        if (low >= 0xDC00 && low <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (static_cast<std::uint32_t>(low) - 0xDC00);
            r.consumed = 12;
        } else if (replace_surrogates) {
            cp = kReplacementCharacter;
        } else {
            r.error = ErrorCode::lone_surrogate;
            return r;
        }
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
        if (!replace_surrogates) {
            r.error = ErrorCode::lone_surrogate;
            return r;
        }
        cp = kReplacementCharacter;
    }
    r.written = encode_utf8(cp, out);
    return r;
}

/// Grows `scratch` (used as a raw buffer: its size is its capacity) so that n + more bytes fit.
inline char* scratch_at(std::string& scratch, std::size_t n, std::size_t more) noexcept {
    if (ARENAJSON_UNLIKELY(n + more > scratch.size())) {
        scratch.resize(std::max(n + more, 2 * scratch.size()));
    }
    return scratch.data() + n;
}

/// The byte that a one-character escape stands for ('"' for `\"`, and so on), 0 for others.
struct SimpleEscapes {
    char of[256] = {};
    constexpr SimpleEscapes() {
        of[static_cast<unsigned char>('"')] = '"';
        of[static_cast<unsigned char>('\\')] = '\\';
        of[static_cast<unsigned char>('/')] = '/';
        of[static_cast<unsigned char>('b')] = '\b';
        of[static_cast<unsigned char>('f')] = '\f';
        of[static_cast<unsigned char>('n')] = '\n';
        of[static_cast<unsigned char>('r')] = '\r';
        of[static_cast<unsigned char>('t')] = '\t';
    }
};
inline constexpr SimpleEscapes kSimpleEscapes{};

/// Decodes the escapes of a string whose content is [p, e), e being its closing quote, into
/// `scratch`. The content is known to be UTF-8 without control characters (stage 1 checked
/// it), so only escapes are checked; an error position is returned in `end`. O(length).
/// Decoded text is never longer than its source, so scratch is sized once; bytes are copied
/// 16 at a time up to each backslash.
inline StringToken decode_string(const char* p, const char* e, std::string& scratch,
                                 bool replace_surrogates) noexcept {
    StringToken t{};
    char* const out0 = scratch_at(scratch, 0, static_cast<std::size_t>(e - p) + 16);
    char* out = out0;
    for (;;) {
#if ARENAJSON_SSE2
        // Whole 16-byte groups are copied whatever they hold: the part after a backslash is
        // overwritten by what follows, and scratch has room for the overshoot.
        while (e - p >= 16) {
            const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
            _mm_storeu_si128(reinterpret_cast<__m128i*>(out), v);
            const auto mask = static_cast<std::uint32_t>(
                _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
            if (mask != 0) {
                const unsigned n = count_trailing_zeros(mask);
                p += n;
                out += n;
                goto escape;
            }
            p += 16;
            out += 16;
        }
#endif
        while (p != e && *p != '\\')
            *out++ = *p++;
        if (p == e) break;
#if ARENAJSON_SSE2
    escape:
#endif
        if (const char c = kSimpleEscapes.of[static_cast<unsigned char>(p[1])];
            c != 0 && p + 1 < e) {
            *out++ = c;
            p += 2;
            continue;
        }
        // e + 1 includes the closing quote: an escape cut by it is wrong, never unfinished.
        const Escape x = decode_escape(p, e + 1, out, replace_surrogates);
        if (x.error != ErrorCode::ok || x.cut) {
            t.status = TokenStatus::error;
            t.error = x.cut ? ErrorCode::invalid_unicode_escape : x.error;
            t.end = x.where;
            return t;
        }
        out += x.written;
        p += x.consumed;
    }
    t.status = TokenStatus::complete;
    t.end = e + 1;
    t.value = std::string_view(out0, static_cast<std::size_t>(out - out0));
    return t;
}

/// Parses and checks a string byte by byte: the content starts at p (after the opening quote)
/// and the string must close before e. Used where stage 1 saw something wrong nearby (a
/// control character or bad UTF-8) and for a string the input ends in, so that the first error
/// is reported exactly; reaching e is ErrorCode::unterminated_string at e. Strings without
/// escapes are returned as views of the input, others decoded into `scratch`. O(length).
inline StringToken parse_string(const char* p, const char* e, std::string& scratch,
                                bool replace_surrogates) noexcept {
    StringToken t{};
    const char* const start = p;
    const auto cut = [&] {
        t.status = TokenStatus::error;
        t.error = ErrorCode::unterminated_string;
        t.at_end = true;
        t.end = e;
        return t;
    };
    const auto fail = [&](ErrorCode code, const char* where) {
        t.status = TokenStatus::error;
        t.error = code;
        t.end = where;
        return t;
    };
    std::size_t n = 0;
    bool copying = false;  // true from the first escape on: the value is built in scratch
    for (;;) {
        const char* q = find_string_special(p, e);
        if (copying) {
            const auto len = static_cast<std::size_t>(q - p);
            std::memcpy(scratch_at(scratch, n, len + 4), p, len);
            n += len;
        }
        p = q;
        if (p == e) return cut();
        const auto c = static_cast<unsigned char>(*p);
        if (c == '"') {
            t.status = TokenStatus::complete;
            t.end = p + 1;
            t.value = copying ? std::string_view(scratch.data(), n)
                              : std::string_view(start, static_cast<std::size_t>(p - start));
            return t;
        }
        if (c >= 0x80) {
            const Utf8Run run = skip_utf8_run(p, e);
            if (run.bad) return fail(ErrorCode::invalid_utf8, run.end);
            if (copying) {
                const auto len = static_cast<std::size_t>(run.end - p);
                std::memcpy(scratch_at(scratch, n, len + 4), p, len);
                n += len;
            }
            p = run.end;
            if (run.cut) return cut();
            continue;
        }
        if (c != '\\') return fail(ErrorCode::control_character_in_string, p);
        if (!copying) {
            copying = true;
            n = static_cast<std::size_t>(p - start);
            std::memcpy(scratch_at(scratch, 0, n + 4), start, n);
        }
        const Escape x = decode_escape(p, e, scratch_at(scratch, n, 4), replace_surrogates);
        if (x.cut) return cut();
        if (x.error != ErrorCode::ok) return fail(x.error, x.where);
        n += static_cast<std::size_t>(x.written);
        p += x.consumed;
    }
}

}  // namespace arenajson::detail
