// arenajson/detail/utf8.hpp — UTF-8 as RFC 3629 defines it: the one validator, encoder and
// decoder of the library (the reader, the writer and the query engine use them). Internal;
// installed only because the reader is a template.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace arenajson::detail {

/// Validates the UTF-8 sequence at p (lead byte >= 0x80) per RFC 3629: no overlong forms, no
/// surrogates, nothing above U+10FFFF. Returns its length (2..4), 0 when invalid, or -1 when
/// [p, e) ends inside a sequence whose available bytes are valid so far.
inline int utf8_sequence(const char* p, const char* e) noexcept {
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

/// Appends the UTF-8 encoding of a code point (<= 0x10FFFF, not a surrogate) at out; returns
/// the byte count.
inline int encode_utf8(std::uint32_t cp, char* out) noexcept {
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

/// Decodes the character at p from text known to be valid UTF-8 (a document's strings): its
/// code point in `cp`, its length (1 to 4) returned. `avail` (>= 1) bounds what is read; a
/// sequence cut short by it decodes from the bytes present. O(1).
inline int decode_utf8(const char* p, std::size_t avail, std::uint32_t& cp) noexcept {
    const auto c = static_cast<unsigned char>(p[0]);
    if (c < 0x80) {
        cp = c;
        return 1;
    }
    const int n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    cp = c & (0x7Fu >> n);
    for (int i = 1; i < n && static_cast<std::size_t>(i) < avail; ++i)
        cp = (cp << 6) | (static_cast<unsigned char>(p[i]) & 0x3Fu);
    return n;
}

/// Appends the UTF-8 encoding of `cp` (as encode_utf8) to `out`. Allocates only as `out` grows.
inline void append_utf8(std::string& out, std::uint32_t cp) {
    char buf[4];
    out.append(buf, static_cast<std::size_t>(encode_utf8(cp, buf)));
}

/// `s` with every byte that does not begin a valid UTF-8 sequence (utf8_sequence's rules: no
/// overlong forms, surrogates or values past U+10FFFF, no sequence cut short) replaced by
/// U+FFFD, as jq does with text that must be a string. O(length); allocates the result.
inline std::string valid_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    const char* p = s.data();
    const char* const e = p + s.size();
    while (p < e) {
        const int n = static_cast<unsigned char>(*p) < 0x80 ? 1 : utf8_sequence(p, e);
        if (n > 0) {
            out.append(p, static_cast<std::size_t>(n));
            p += n;
        } else {
            out += "\xEF\xBF\xBD";
            ++p;
        }
    }
    return out;
}

}  // namespace arenajson::detail
