#include "query/text.hpp"

#include "arenajson/writer.hpp"

namespace arenajson::query::detail {

namespace {

// jq 1.6 formats type errors into a 15-byte buffer: 14 bytes of text and a NUL.
constexpr std::size_t kErrorDumpLimit = 14;
constexpr std::size_t kErrorDumpKept = 11;

bool is_continuation(unsigned char c) noexcept {
    return (c & 0xC0) == 0x80;
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += '"';
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (c < 0x20 || c == 0x7F) {
                    const char escape[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
                    out.append(escape, sizeof escape);
                } else {
                    out += ch;
                }
        }
    }
    out += '"';
}

std::string error_dump(Value value) {
    std::string text;
    if (Result<std::string_view> s = value.get_string()) {
        // Escaping never shortens, so a prefix of limit + 2 bytes decides the cut.
        const std::string_view prefix = s->substr(0, kErrorDumpLimit + 2);
        append_json_string(text, prefix);
        if (prefix.size() < s->size()) text.pop_back();
    } else {
        text = to_string(value, WriteOptions{.jq_style = true});
    }
    if (text.size() > kErrorDumpLimit) {
        text.resize(kErrorDumpKept);
        text += "...";
    }
    return text;
}

std::size_t codepoint_count(std::string_view s) noexcept {
    std::size_t n = 0;
    for (const char c : s)
        if (!is_continuation(static_cast<unsigned char>(c))) ++n;
    return n;
}

std::size_t codepoint_offset(std::string_view s, std::size_t n) noexcept {
    std::size_t i = 0;
    for (; i < s.size(); ++i) {
        if (!is_continuation(static_cast<unsigned char>(s[i]))) {
            if (n == 0) return i;
            --n;
        }
    }
    return s.size();
}

bool valid_utf8(std::string_view s) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const auto* const end = p + s.size();
    while (p < end) {
        const unsigned char c = *p;
        if (c < 0x80) {
            ++p;
            continue;
        }
        std::size_t n = 0;
        std::uint32_t cp = 0;
        std::uint32_t min = 0;
        if ((c & 0xE0) == 0xC0) {
            n = 2, cp = c & 0x1Fu, min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            n = 3, cp = c & 0x0Fu, min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            n = 4, cp = c & 0x07u, min = 0x10000;
        } else {
            return false;
        }
        if (static_cast<std::size_t>(end - p) < n) return false;
        for (std::size_t i = 1; i < n; ++i) {
            if (!is_continuation(p[i])) return false;
            cp = (cp << 6) | (p[i] & 0x3Fu);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        p += n;
    }
    return true;
}

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

}  // namespace arenajson::query::detail
