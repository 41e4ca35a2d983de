// The jq lexer: names, variables, formats, numbers, strings (raw, with their
// interpolations), operators; comments and white space skipped.
#include "lexer.hpp"

#include <cctype>
#include <cstring>

namespace arenajson::jq {

bool ident_start(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool ident_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

constexpr const char* kKeywords[] = {
    "as",      "def", "if",    "then",  "elif",   "else",    "end",     "and",    "or",   "reduce",
    "foreach", "try", "catch", "label", "import", "include", "__loc__", "module", "break"};
bool is_keyword(std::string_view s) {
    for (const char* k : kKeywords) {
        if (s == k) return true;
    }
    return false;
}

void line_column(std::string_view text, std::size_t offset, std::uint32_t& line,
                 std::uint32_t& column) {
    line = 1;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            line_start = i + 1;
        }
    }
    column = static_cast<std::uint32_t>(offset - line_start + 1);
}

void Lexer::skip_space() {
    for (;;) {
        while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_])))
            ++pos_;
        if (pos_ < text_.size() && text_[pos_] == '#') {
            // A comment runs to the end of the line; an odd number of backslashes before
            // the newline continues it (jq 1.8).
            while (pos_ < text_.size() && text_[pos_] != '\n') {
                if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) {
                    pos_ += 2;
                    continue;
                }
                ++pos_;
            }
            continue;
        }
        break;
    }
}

bool Lexer::peek_word(std::string_view w) {
    if (text_.compare(pos_, w.size(), w) != 0) return false;
    const std::size_t after = pos_ + w.size();
    return after >= text_.size() || !ident_char(text_[after]);
}

Token Lexer::lex() {
    skip_space();
    Token t;
    t.offset = pos_;
    if (pos_ >= text_.size()) return t;
    const char c = text_[pos_];
    const auto take = [&](Tok kind, std::size_t start, std::size_t end) {
        t.kind = kind;
        t.text = text_.substr(start, end - start);
        pos_ = end;
        return t;
    };
    if (ident_start(c)) {
        std::size_t e = pos_;
        for (;;) {
            while (e < text_.size() && ident_char(text_[e]))
                ++e;
            if (e + 2 < text_.size() && text_[e] == ':' && text_[e + 1] == ':' &&
                ident_start(text_[e + 2])) {
                e += 2;
                continue;
            }
            break;
        }
        return take(Tok::ident, pos_, e);
    }
    if (c == '$' || c == '@') {
        std::size_t e = pos_ + 1;
        if (e < text_.size() && ident_start(text_[e])) {
            while (e < text_.size() &&
                   (ident_char(text_[e]) || (text_[e] == ':' && e + 2 < text_.size() &&
                                             text_[e + 1] == ':' && ident_start(text_[e + 2])))) {
                e += text_[e] == ':' ? 2 : 1;
            }
            return take(c == '$' ? Tok::var : Tok::format, pos_ + 1, e);
        }
        pos_ = e;
        failure(t.offset, c == '$' ? "expected a variable name after '$'"
                                   : "expected a format name after '@'");
    }
    if (std::isdigit(static_cast<unsigned char>(c)) ||
        (c == '.' && pos_ + 1 < text_.size() &&
         std::isdigit(static_cast<unsigned char>(text_[pos_ + 1])))) {
        std::size_t e = pos_;
        while (e < text_.size() && std::isdigit(static_cast<unsigned char>(text_[e])))
            ++e;
        if (e < text_.size() && text_[e] == '.') {
            ++e;
            while (e < text_.size() && std::isdigit(static_cast<unsigned char>(text_[e])))
                ++e;
        }
        if (e < text_.size() && (text_[e] == 'e' || text_[e] == 'E')) {
            std::size_t f = e + 1;
            if (f < text_.size() && (text_[f] == '+' || text_[f] == '-')) ++f;
            if (f < text_.size() && std::isdigit(static_cast<unsigned char>(text_[f]))) {
                while (f < text_.size() && std::isdigit(static_cast<unsigned char>(text_[f])))
                    ++f;
                e = f;
            }
        }
        return take(Tok::number, pos_, e);
    }
    if (c == '.' && pos_ + 1 < text_.size() && ident_start(text_[pos_ + 1])) {
        std::size_t e = pos_ + 1;
        while (e < text_.size() && ident_char(text_[e]))
            ++e;
        return take(Tok::field, pos_ + 1, e);
    }
    if (c == '"') {
        const std::size_t end = skip_string(pos_);
        t.kind = Tok::string;
        t.text = text_.substr(pos_ + 1, end - pos_ - 2);
        pos_ = end;
        return t;
    }
    static constexpr const char* kOps[] = {
        "?//", "//=", "|=", "+=", "-=", "*=", "/=", "%=", "==", "!=", "<=", ">=", "//", "..", "?"};
    for (const char* op : kOps) {
        const std::size_t n = std::strlen(op);
        if (text_.compare(pos_, n, op) == 0) {
            if (std::strcmp(op, "?//") == 0) continue;  // `?` then `//`: see patterns
            return take(Tok::punct, pos_, pos_ + n);
        }
    }
    if (std::strchr(".[]{}()|,:;=<>+-*/%", c) != nullptr) {
        return take(Tok::punct, pos_, pos_ + 1);
    }
    failure(t.offset,
            std::string("unexpected character '") +
                (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F
                     ? "?"
                     : std::string(1, c)) +
                "'");
}

std::size_t Lexer::skip_string(std::size_t start) {
    std::size_t i = start + 1;
    while (i < text_.size()) {
        const char c = text_[i];
        if (c == '"') return i + 1;
        if (c == '\\') {
            if (i + 1 < text_.size() && text_[i + 1] == '(') {
                i = skip_interpolation(i + 2);
                continue;
            }
            i += 2;
            continue;
        }
        ++i;
    }
    failure(start, "unterminated string literal");
}

std::size_t Lexer::skip_interpolation(std::size_t i) {
    int depth = 1;
    while (i < text_.size()) {
        const char c = text_[i];
        if (c == '"') {
            i = skip_string(i);
            continue;
        }
        if (c == '(') ++depth;
        if (c == ')' && --depth == 0) return i + 1;
        ++i;
    }
    failure(i, "unterminated string interpolation");
}

void Lexer::unexpected(const std::string& expected) {
    const Token& t = peek();
    std::string what =
        t.kind == Tok::end ? std::string("end of program") : "'" + std::string(t.text) + "'";
    if (t.kind == Tok::field) what = "'." + std::string(t.text) + "'";
    if (t.kind == Tok::var) what = "'$" + std::string(t.text) + "'";
    if (t.kind == Tok::string) what = "a string";
    failure(t.offset, "syntax error: unexpected " + what + ", expected " + expected);
}

}  // namespace arenajson::jq
