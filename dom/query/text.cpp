// String builtins and the @formats.
#include "builtins.hpp"
#include "natives.hpp"

#include <charconv>
#include <cmath>
#include <cstring>

namespace arenajson::jq {

namespace {

// Decodes one character at s[i] (valid UTF-8 assumed); advances i.
std::uint32_t next_codepoint(std::string_view s, std::size_t& i) {
    std::uint32_t cp = 0;
    i += static_cast<std::size_t>(decode_utf8(s.data() + i, s.size() - i, cp));
    return cp;
}

bool unicode_space(std::uint32_t cp) {
    return cp == 0x20 || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
           cp == 0x205F || cp == 0x3000;
}

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kBase32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

}  // namespace

Flow Evaluator::format(std::string_view name, Node v, Node& out) {
    const auto text = [&](Node x) { return to_text(x); };
    if (name == "text") {
        return tostring(v, out);
    }
    if (name == "json") {
        std::string s;
        dump(s, v);
        out = heap_.string(s);
        return Flow::go;
    }
    if (name == "html") {
        std::string s;
        for (const char c : text(v)) {
            switch (c) {
                case '<':
                    s += "&lt;";
                    break;
                case '>':
                    s += "&gt;";
                    break;
                case '&':
                    s += "&amp;";
                    break;
                case '\'':
                    s += "&apos;";
                    break;
                case '"':
                    s += "&quot;";
                    break;
                default:
                    s.push_back(c);
            }
        }
        out = heap_.string(s);
        return Flow::go;
    }
    if (name == "uri") {
        std::string s;
        for (const char ch : text(v)) {
            const auto c = static_cast<unsigned char>(ch);
            if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
                s.push_back(ch);
            } else {
                static constexpr char kHex[] = "0123456789ABCDEF";
                s.push_back('%');
                s.push_back(kHex[c >> 4]);
                s.push_back(kHex[c & 15]);
            }
        }
        out = heap_.string(s);
        return Flow::go;
    }
    if (name == "urid") {
        // As jq 1.8: a '%' not followed by two hex digits, or decoded bytes that are not
        // UTF-8, are an error.
        const std::string in = text(v);
        std::string s;
        for (std::size_t i = 0; i < in.size(); ++i) {
            if (in[i] != '%') {
                s.push_back(in[i]);
                continue;
            }
            if (i + 2 >= in.size() || !std::isxdigit(static_cast<unsigned char>(in[i + 1])) ||
                !std::isxdigit(static_cast<unsigned char>(in[i + 2]))) {
                return raise(describe(v) + " is not a valid uri encoding");
            }
            s.push_back(static_cast<char>(std::stoi(in.substr(i + 1, 2), nullptr, 16)));
            i += 2;
        }
        if (valid_utf8(s) != s) return raise(describe(v) + " is not a valid uri encoding");
        out = heap_.string(s);
        return Flow::go;
    }
    if (name == "csv" || name == "tsv") {
        const bool csv = name == "csv";
        if (!is_array(v)) {
            return raise(describe(v) + (csv ? " cannot be csv-formatted, only array"
                                            : " cannot be tsv-formatted, only array"));
        }
        std::string s;
        for (std::size_t i = 0; i < size_of(v); ++i) {
            if (i != 0) s.push_back(csv ? ',' : '\t');
            const Node x = elements(v)[i];
            switch (kind(x)) {
                case Kind::null:
                    break;
                case Kind::true_:
                    s += "true";
                    break;
                case Kind::false_:
                    s += "false";
                    break;
                case Kind::number:
                    dump_number(s, x);
                    break;
                case Kind::string:
                    if (csv) {
                        s.push_back('"');
                        for (const char c : string_of(x)) {
                            if (c == '"') s.push_back('"');
                            s.push_back(c);
                        }
                        s.push_back('"');
                    } else {
                        for (const char c : string_of(x)) {
                            switch (c) {
                                case '\t':
                                    s += "\\t";
                                    break;
                                case '\r':
                                    s += "\\r";
                                    break;
                                case '\n':
                                    s += "\\n";
                                    break;
                                case '\\':
                                    s += "\\\\";
                                    break;
                                default:
                                    s.push_back(c);
                            }
                        }
                    }
                    break;
                default:
                    return raise(describe(x) + (csv ? " is not valid in a csv row"
                                                    : " is not valid in a tsv row"));
            }
        }
        out = heap_.string(s);
        return Flow::go;
    }
    if (name == "sh") {
        const auto quote = [&](Node x, std::string& s) -> bool {
            switch (kind(x)) {
                case Kind::string:
                    s.push_back('\'');
                    for (const char c : string_of(x)) {
                        if (c == '\'') {
                            s += "'\\''";
                        } else {
                            s.push_back(c);
                        }
                    }
                    s.push_back('\'');
                    return true;
                case Kind::array:
                case Kind::object:
                    return false;
                default:
                    s += to_text(x);
                    return true;
            }
        };
        std::string s;
        if (is_array(v)) {
            for (std::size_t i = 0; i < size_of(v); ++i) {
                if (i != 0) s.push_back(' ');
                if (!quote(elements(v)[i], s))
                    return raise(describe(elements(v)[i]) + " can not be escaped for shell");
            }
        } else if (!quote(v, s)) {
            return raise(describe(v) + " can not be escaped for shell");
        }
        out = heap_.string(s);
        return Flow::go;
    }
    if (name == "base64") {
        const std::string in = text(v);
        std::string s;
        std::size_t i = 0;
        for (; i + 2 < in.size(); i += 3) {
            const std::uint32_t n = (static_cast<unsigned char>(in[i]) << 16) |
                                    (static_cast<unsigned char>(in[i + 1]) << 8) |
                                    static_cast<unsigned char>(in[i + 2]);
            s.push_back(kBase64[(n >> 18) & 63]);
            s.push_back(kBase64[(n >> 12) & 63]);
            s.push_back(kBase64[(n >> 6) & 63]);
            s.push_back(kBase64[n & 63]);
        }
        if (i < in.size()) {
            std::uint32_t n = static_cast<unsigned char>(in[i]) << 16;
            if (i + 1 < in.size()) n |= static_cast<unsigned char>(in[i + 1]) << 8;
            s.push_back(kBase64[(n >> 18) & 63]);
            s.push_back(kBase64[(n >> 12) & 63]);
            s.push_back(i + 1 < in.size() ? kBase64[(n >> 6) & 63] : '=');
            s.push_back('=');
        }
        out = heap_.string(s);
        return Flow::go;
    }
    if (name == "base64d") {
        const std::string in = text(v);
        std::string s;
        std::uint32_t acc = 0;
        int bits = 0;
        std::size_t used = 0;
        for (const char c : in) {
            if (c == '=') break;
            const char* p = std::strchr(kBase64, c);
            if (p == nullptr || c == '\0') {
                return raise(describe(v) + " is not valid base64 data");
            }
            ++used;
            acc = (acc << 6) | static_cast<std::uint32_t>(p - kBase64);
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                s.push_back(static_cast<char>((acc >> bits) & 0xFF));
            }
        }
        if (used % 4 == 1) return raise(describe(v) + " trailing base64 byte found");
        // Decoded bytes that are not UTF-8 become U+FFFD, as strings must be valid text.
        std::string valid;
        std::size_t i = 0;
        while (i < s.size()) {
            const auto c = static_cast<unsigned char>(s[i]);
            const int n = c < 0x80         ? 1
                          : (c >> 5) == 6  ? 2
                          : (c >> 4) == 14 ? 3
                          : (c >> 3) == 30 ? 4
                                           : 0;
            bool ok = n != 0 && i + static_cast<std::size_t>(n) <= s.size();
            for (int k = 1; ok && k < n; ++k)
                ok =
                    (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0xC0) == 0x80;
            if (ok) {
                valid.append(s, i, static_cast<std::size_t>(n));
                i += static_cast<std::size_t>(n);
            } else {
                valid += "\xEF\xBF\xBD";
                ++i;
            }
        }
        out = heap_.string(valid);
        return Flow::go;
    }
    if (name == "base32") {
        const std::string in = text(v);
        std::string s;
        for (std::size_t i = 0; i < in.size(); i += 5) {
            std::uint64_t n = 0;
            const std::size_t chunk = std::min<std::size_t>(5, in.size() - i);
            for (std::size_t k = 0; k < 5; ++k)
                n = (n << 8) | (k < chunk ? static_cast<unsigned char>(in[i + k]) : 0u);
            static constexpr int kChars[] = {0, 2, 4, 5, 7, 8};
            const int chars = kChars[chunk];
            for (int k = 0; k < 8; ++k)
                s.push_back(k < chars ? kBase32[(n >> (35 - 5 * k)) & 31] : '=');
        }
        out = heap_.string(s);
        return Flow::go;
    }
    if (name == "base32d") {
        const std::string in = text(v);
        std::string s;
        std::uint64_t acc = 0;
        int bits = 0;
        for (const char c : in) {
            if (c == '=') break;
            const char* p = std::strchr(kBase32, c);
            if (p == nullptr || c == '\0') return raise(describe(v) + " is not valid base32 data");
            acc = (acc << 5) | static_cast<std::uint64_t>(p - kBase32);
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                s.push_back(static_cast<char>((acc >> bits) & 0xFF));
            }
        }
        out = heap_.string(valid_utf8(s));
        return Flow::go;
    }
    return raise(std::string(name) + " is not a valid format");
}

Flow Natives::text(int native, const Expr* e, const Env* env, Node in, Sink k, bool& handled) {
    const auto id = static_cast<Native>(native);
    const auto arg1 = [&](FnRef<Flow(Node)> body) {
        return ev.with_args(e, env, in, true, [&](const Node* v) { return body(v[0]); });
    };
    switch (id) {
        case Native::utf8bytelength:
            if (!is_string(in))
                return ev.raise(describe(in) + " only strings have UTF-8 byte length");
            return k(make_int(static_cast<std::int64_t>(string_of(in).size())));
        case Native::tonumber: {
            if (is_number(in)) return k(in);
            if (!is_string(in)) return ev.raise(describe(in) + " cannot be parsed as a number");
            const std::string_view s = string_of(in);
            Node out;
            std::string message;
            const bool looks_numeric =
                !s.empty() && s.find_first_not_of("0123456789+-.eE") == std::string_view::npos;
            if (!looks_numeric || !parse_json(ev.heap(), s, out, message) || !is_number(out)) {
                // jq also takes forms JSON does not: ".5", "1.", "+1", "00".
                std::string t(s);
                if (!t.empty() && t[0] == '+') t.erase(0, 1);
                double d = 0;
                const auto r = std::from_chars(t.data(), t.data() + t.size(), d);
                if (t.empty() || r.ec != std::errc() || r.ptr != t.data() + t.size() ||
                    !looks_numeric)
                    return ev.raise(describe(in) + " cannot be parsed as a number");
                return k(make_number(d));
            }
            return k(out);
        }
        case Native::toboolean:
        case Native::tobool:
            if (kind(in) == Kind::true_ || kind(in) == Kind::false_) return k(in);
            if (is_string(in) && string_of(in) == "true") return k(make_bool(true));
            if (is_string(in) && string_of(in) == "false") return k(make_bool(false));
            return ev.raise(describe(in) + " cannot be parsed as a boolean");
        case Native::fromjson: {
            if (!is_string(in)) return ev.raise(describe(in) + " only strings can be parsed");
            Node out;
            std::string message;
            const std::string_view s = string_of(in);
            if (s == "nan" || s == "NaN") return k(make_number(std::nan("")));
            if (!parse_json(ev.heap(), s, out, message))
                return ev.raise(message + " (while parsing '" + std::string(s) + "')");
            return k(out);
        }
        case Native::startswith:
        case Native::endswith:
            return arg1([&](Node b) -> Flow {
                if (!is_string(in) || !is_string(b))
                    return ev.raise(id == Native::startswith ? "startswith() requires string inputs"
                                                             : "endswith() requires string inputs");
                const std::string_view s = string_of(in), t = string_of(b);
                if (id == Native::startswith) return k(make_bool(s.substr(0, t.size()) == t));
                return k(make_bool(s.size() >= t.size() && s.substr(s.size() - t.size()) == t));
            });
        case Native::ltrimstr:
        case Native::rtrimstr:
        case Native::trimstr:
            return arg1([&](Node b) -> Flow {
                if (!is_string(in) || !is_string(b)) {
                    // As jq 1.8.1, whose definitions test with startswith/endswith (trimstr
                    // with ltrimstr first).
                    return ev.raise(id == Native::rtrimstr ? "endswith() requires string inputs"
                                                           : "startswith() requires string inputs");
                }
                std::string_view s = string_of(in);
                const std::string_view t = string_of(b);
                if (id != Native::rtrimstr && s.substr(0, t.size()) == t) s.remove_prefix(t.size());
                if (id != Native::ltrimstr && s.size() >= t.size() &&
                    s.substr(s.size() - t.size()) == t)
                    s.remove_suffix(t.size());
                return k(string(s));
            });
        case Native::trim:
        case Native::ltrim:
        case Native::rtrim: {
            if (!is_string(in)) return ev.raise("trim input must be a string");
            const std::string_view s = string_of(in);
            std::size_t begin = 0, end = s.size();
            if (id != Native::rtrim) {
                while (begin < end) {
                    std::size_t i = begin;
                    if (!unicode_space(next_codepoint(s, i))) break;
                    begin = i;
                }
            }
            if (id != Native::ltrim) {
                while (end > begin) {
                    std::size_t start = end - 1;
                    while (start > begin && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80)
                        --start;
                    std::size_t i = start;
                    if (!unicode_space(next_codepoint(s, i))) break;
                    end = start;
                }
            }
            return k(string(s.substr(begin, end - begin)));
        }
        case Native::explode: {
            if (!is_string(in))
                return ev.raise(describe(in) + " cannot be exploded, as it is not a string");
            const std::string_view s = string_of(in);
            std::vector<Node> cps;
            for (std::size_t i = 0; i < s.size();)
                cps.push_back(make_int(next_codepoint(s, i)));
            return k(ev.make_array(cps));
        }
        case Native::implode: {
            if (!is_array(in)) return ev.raise("implode input must be an array");
            std::string s;
            for (std::size_t i = 0; i < size_of(in); ++i) {
                const Node c = elements(in)[i];
                if (!is_number(c))
                    return ev.raise(describe(c) +
                                    " can't be imploded, unicode codepoint needs to be numeric");
                const double d = to_double(c);
                // Out of range and surrogate code points become U+FFFD, as in jq 1.7.
                auto cp = d >= 0 && d <= 0x10FFFF ? static_cast<std::uint32_t>(d) : 0xFFFDu;
                if (cp >= 0xD800 && cp < 0xE000) cp = 0xFFFD;
                append_utf8(s, cp);
            }
            return k(string(s));
        }
        case Native::split1:
            return arg1([&](Node sep) -> Flow {
                if (!is_string(in) || !is_string(sep))
                    return ev.raise("split input and separator must be strings");
                Node out;
                const Flow f = ev.binop(BinOp::div, in, sep, out);
                return f != Flow::go ? f : k(out);
            });
        case Native::join:
            return arg1([&](Node sep) -> Flow {
                if (!is_array(in) && !is_object(in))
                    return ev.raise("Cannot iterate over " +
                                    (is_null(in) ? std::string("null") : describe(in)));
                if (size_of(in) == 0) return k(string(""));
                std::string s;
                for (std::size_t i = 0; i < size_of(in); ++i) {
                    if (i != 0) {
                        if (!is_string(sep)) {
                            return ev.raise(describe(string(s)) + " and " + describe(sep) +
                                            " cannot be added");
                        }
                        s += string_of(sep);
                    }
                    const Node x = is_array(in) ? elements(in)[i] : members(in)[i].value;
                    switch (kind(x)) {
                        case Kind::null:
                            break;
                        case Kind::string:
                            s += string_of(x);
                            break;
                        case Kind::number:
                        case Kind::true_:
                        case Kind::false_:
                            s += ev.to_text(x);
                            break;
                        default:
                            return ev.raise(describe(string(s)) + " and " + describe(x) +
                                            " cannot be added");
                    }
                }
                return k(string(s));
            });
        case Native::ascii_downcase:
        case Native::ascii_upcase: {
            if (!is_string(in))
                return ev.raise(describe(in) +
                                (id == Native::ascii_downcase
                                     ? " cannot be ascii_downcased, as it is not a string"
                                     : " cannot be ascii_upcased, as it is not a string"));
            std::string s(string_of(in));
            for (char& c : s) {
                if (id == Native::ascii_downcase && c >= 'A' && c <= 'Z')
                    c = static_cast<char>(c + 32);
                if (id == Native::ascii_upcase && c >= 'a' && c <= 'z')
                    c = static_cast<char>(c - 32);
            }
            return k(string(s));
        }
        case Native::ascii: {
            if (!is_number(in) || to_double(in) < 0 || to_double(in) > 127)
                return ev.raise("ascii only takes numbers from 0 to 127");
            const char c = static_cast<char>(to_index(in));
            return k(string(std::string_view(&c, 1)));
        }
        case Native::indices:
        case Native::index:
        case Native::rindex:
            return arg1([&](Node x) -> Flow {
                Node found;
                if (is_null(in)) {
                    found = make_null();
                } else if (is_string(in) && is_string(x)) {
                    const std::string_view s = string_of(in), t = string_of(x);
                    std::vector<Node> at;
                    if (!t.empty()) {
                        std::size_t cp = 0, last = 0;
                        for (std::size_t pos = s.find(t); pos != std::string_view::npos;
                             pos = s.find(t, pos + 1)) {
                            cp += codepoint_count(s.substr(last, pos - last));
                            last = pos;
                            at.push_back(make_int(static_cast<std::int64_t>(cp)));
                        }
                    }
                    found = ev.make_array(at);
                } else if (is_array(in)) {
                    Node key = is_array(x) ? x : ev.heap().array(&x, 1);
                    bool produced = false;
                    const Flow f = ev.index_value(in, key, false, found, produced);
                    if (f != Flow::go) return f;
                } else {
                    bool produced = false;
                    const Flow f = ev.index_value(in, x, false, found, produced);
                    if (f != Flow::go) return f;
                }
                if (id == Native::indices) return k(found);
                if (!is_array(found)) return k(make_null());
                if (size_of(found) == 0) return k(make_null());
                return k(id == Native::index ? elements(found)[0]
                                             : elements(found)[size_of(found) - 1]);
            });
        default:
            handled = false;
            return Flow::go;
    }
}

}  // namespace arenajson::jq
