#include "query/lexer.hpp"

#include "query/text.hpp"

namespace arenajson::query::detail {

namespace {

bool is_digit(char c) noexcept {
    return c >= '0' && c <= '9';
}
bool is_name_start(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_name_char(char c) noexcept {
    return is_name_start(c) || is_digit(c);
}

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// The four hex digits at text[at..at+4), or -1.
long hex4(std::string_view text, std::size_t at) noexcept {
    if (at + 4 > text.size()) return -1;
    long v = 0;
    for (std::size_t i = at; i < at + 4; ++i) {
        const int h = hex_value(text[i]);
        if (h < 0) return -1;
        v = v * 16 + h;
    }
    return v;
}

// A character as an error message shows it: itself when printable, else its byte in hex.
std::string describe_char(std::string_view text, std::size_t at) {
    const auto c = static_cast<unsigned char>(text[at]);
    if (c >= 0x20 && c < 0x7F) return std::string(1, static_cast<char>(c));
    if (c >= 0x80) {
        std::size_t end = at + 1;
        while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
            ++end;
        const std::string_view ch = text.substr(at, end - at);
        if (valid_utf8(ch)) return std::string(ch);
    }
    static constexpr char kHex[] = "0123456789abcdef";
    return std::string{'\\', 'x', kHex[c >> 4], kHex[c & 15]};
}

}  // namespace

Token Lexer::make(Tok kind, std::size_t start, std::size_t length) noexcept {
    Token t;
    t.kind = kind;
    t.offset = start;
    t.source = text_.substr(start, length);
    pos_ = start + length;
    return t;
}

Token Lexer::error(std::size_t at, std::string message) {
    Token t;
    t.kind = Tok::error;
    t.offset = at;
    t.error_offset = at;
    t.source = text_.substr(at, 1);
    t.value = std::move(message);
    pos_ = text_.size();  // nothing after a malformed token is read
    return t;
}

std::size_t Lexer::name_end(std::size_t from) const noexcept {
    while (from < text_.size() && is_name_char(text_[from]))
        ++from;
    return from;
}

Token Lexer::next() {
    for (;;) {
        while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                       text_[pos_] == '\n' || text_[pos_] == '\r'))
            ++pos_;
        if (pos_ < text_.size() && text_[pos_] == '#') {
            while (pos_ < text_.size() && text_[pos_] != '\n')
                ++pos_;
            continue;
        }
        break;
    }
    const std::size_t start = pos_;
    if (start >= text_.size()) return make(Tok::end, text_.size(), 0);
    const char c = text_[start];
    const char c1 = start + 1 < text_.size() ? text_[start + 1] : '\0';
    const char c2 = start + 2 < text_.size() ? text_[start + 2] : '\0';

    if (is_digit(c) || (c == '.' && is_digit(c1))) {
        // jq's numbers: ([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?
        std::size_t i = start;
        while (i < text_.size() && is_digit(text_[i]))
            ++i;
        if (i < text_.size() && text_[i] == '.') {
            ++i;
            while (i < text_.size() && is_digit(text_[i]))
                ++i;
        }
        if (i < text_.size() && (text_[i] == 'e' || text_[i] == 'E')) {
            std::size_t j = i + 1;
            if (j < text_.size() && (text_[j] == '+' || text_[j] == '-')) ++j;
            if (j < text_.size() && is_digit(text_[j])) {
                while (j < text_.size() && is_digit(text_[j]))
                    ++j;
                i = j;
            }
        }
        return make(Tok::number, start, i - start);
    }
    if (c == '.') {
        if (c1 == '.') return make(Tok::dotdot, start, 2);
        if (is_name_start(c1)) return make(Tok::field, start, name_end(start + 1) - start);
        return make(Tok::dot, start, 1);
    }
    if (is_name_start(c)) {
        std::size_t end = name_end(start);
        // A module-qualified name (mod::name) is one token, refused by the parser as a whole.
        while (end + 2 < text_.size() && text_[end] == ':' && text_[end + 1] == ':' &&
               is_name_start(text_[end + 2]))
            end = name_end(end + 2);
        return make(Tok::ident, start, end - start);
    }
    switch (c) {
        case '"':
            return string_literal(start);
        case '$':
            return make(Tok::variable, start, name_end(start + 1) - start);
        case '@':
            return make(Tok::format, start, name_end(start + 1) - start);
        case '(':
            return make(Tok::lparen, start, 1);
        case ')':
            return make(Tok::rparen, start, 1);
        case '[':
            return make(Tok::lbracket, start, 1);
        case ']':
            return make(Tok::rbracket, start, 1);
        case '{':
            return make(Tok::lbrace, start, 1);
        case '}':
            return make(Tok::rbrace, start, 1);
        case ',':
            return make(Tok::comma, start, 1);
        case ':':
            return make(Tok::colon, start, 1);
        case ';':
            return make(Tok::semicolon, start, 1);
        case '|':
            return c1 == '=' ? make(Tok::other_operator, start, 2) : make(Tok::pipe, start, 1);
        case '?':
            if (c1 == '/' && c2 == '/') return make(Tok::other_operator, start, 3);
            return make(Tok::question, start, 1);
        case '=':
            return c1 == '=' ? make(Tok::eq, start, 2) : make(Tok::other_operator, start, 1);
        case '!':
            if (c1 == '=') return make(Tok::ne, start, 2);
            break;
        case '<':
            return c1 == '=' ? make(Tok::le, start, 2) : make(Tok::lt, start, 1);
        case '>':
            return c1 == '=' ? make(Tok::ge, start, 2) : make(Tok::gt, start, 1);
        case '-':
            return c1 == '=' ? make(Tok::other_operator, start, 2) : make(Tok::minus, start, 1);
        case '+':
        case '*':
        case '%':
            return make(Tok::other_operator, start, c1 == '=' ? 2 : 1);
        case '/':
            if (c1 == '/') return make(Tok::other_operator, start, c2 == '=' ? 3 : 2);
            return make(Tok::other_operator, start, c1 == '=' ? 2 : 1);
        default:
            break;
    }
    return error(start, "syntax error: unexpected character '" + describe_char(text_, start) + "'");
}

Token Lexer::string_literal(std::size_t start) {
    std::string out;
    std::size_t i = start + 1;
    for (;;) {
        if (i >= text_.size()) return error(start, "syntax error: unterminated string");
        const char c = text_[i];
        if (c == '"') {
            ++i;
            break;
        }
        if (c != '\\') {
            out += c;
            ++i;
            continue;
        }
        if (i + 1 >= text_.size()) return error(start, "syntax error: unterminated string");
        const char e = text_[i + 1];
        switch (e) {
            case '"':
            case '\\':
            case '/':
                out += e;
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case 'u': {
                long cp = hex4(text_, i + 2);
                if (cp < 0) return error(i, "syntax error: invalid \\u escape in string");
                if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    return error(i, "syntax error: invalid \\u surrogate pair in string");
                }
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    const long low =
                        i + 7 < text_.size() && text_[i + 6] == '\\' && text_[i + 7] == 'u'
                            ? hex4(text_, i + 8)
                            : -1;
                    if (low < 0xDC00 || low > 0xDFFF) {
                        return error(i, "syntax error: invalid \\u surrogate pair in string");
                    }
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    i += 6;
                }
                append_utf8(out, static_cast<std::uint32_t>(cp));
                i += 4;
                break;
            }
            case '(': {
                // Interpolation is outside the subset: stop here and let the parser say so.
                Token t = make(Tok::string, start, i - start);
                t.interpolation = true;
                t.error_offset = i;
                pos_ = text_.size();
                return t;
            }
            default:
                return error(i, "syntax error: invalid escape '\\" + describe_char(text_, i + 1) +
                                    "' in string");
        }
        i += 2;
    }
    if (!valid_utf8(out)) return error(start, "syntax error: invalid UTF-8 in string");
    Token t = make(Tok::string, start, i - start);
    t.value = std::move(out);
    return t;
}

}  // namespace arenajson::query::detail
