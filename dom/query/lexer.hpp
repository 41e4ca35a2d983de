// query/lexer.hpp — jq program text to tokens, one token of lookahead, for the parser; and the
// syntax error it throws. Internal.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace arenajson::jq {

enum class Tok : std::uint8_t {
    end,
    ident,   // name, keywords included (checked by text)
    field,   // .name
    var,     // $name
    format,  // @name
    number,
    string,  // "..." (text: the raw source between the quotes)
    punct,   // text: the operator
};

struct Token {
    Tok kind = Tok::end;
    std::string_view text;
    std::size_t offset = 0;
};

/// Whether `c` may begin / continue a name.
bool ident_start(char c);
bool ident_char(char c);
/// Whether `s` is one of jq's reserved words (not a function name).
bool is_keyword(std::string_view s);

/// A syntax error: thrown through the parser's recursion, caught by parse_program.
struct Failure {
    std::string message;
    std::size_t offset;
};

/// The 1-based line and column of byte `offset` of `text`. O(offset).
void line_column(std::string_view text, std::size_t offset, std::uint32_t& line,
                 std::uint32_t& column);

/// The tokens of a program: lex() reads one at pos_, peek()/next() keep one of lookahead.
/// Failures throw Failure. The parser derives from it (string interpolation re-enters the
/// text at an offset, so pos_ and the lookahead are its to save and restore).
class Lexer {
  protected:
    explicit Lexer(std::string_view text) : text_(text) {}

    void skip_space();
    // Whether the word `w` (not a prefix of a longer name) is next.
    bool peek_word(std::string_view w);
    Token lex();
    // The offset just after the string that starts at `start` (a quote), skipping nested
    // interpolations.
    std::size_t skip_string(std::size_t start);
    std::size_t skip_interpolation(std::size_t i);

    const Token& peek() {
        if (!has_peek_) {
            peeked_ = lex();
            has_peek_ = true;
        }
        return peeked_;
    }
    Token next() {
        peek();
        has_peek_ = false;
        return peeked_;
    }
    bool at(std::string_view punct) {
        const Token& t = peek();
        return t.kind == Tok::punct && t.text == punct;
    }
    bool at_word(std::string_view w) {
        const Token& t = peek();
        return t.kind == Tok::ident && t.text == w;
    }
    bool accept(std::string_view punct) {
        if (!at(punct)) return false;
        next();
        return true;
    }
    bool accept_word(std::string_view w) {
        if (!at_word(w)) return false;
        next();
        return true;
    }
    void expect(std::string_view punct) {
        if (!accept(punct)) unexpected("'" + std::string(punct) + "'");
    }
    void expect_word(std::string_view w) {
        if (!accept_word(w)) unexpected("'" + std::string(w) + "'");
    }

    [[noreturn]] void failure(std::size_t offset, std::string message) {
        throw Failure{std::move(message), offset};
    }
    [[noreturn]] void fail(std::string message) { failure(peek().offset, std::move(message)); }
    // Fails with "syntax error: unexpected <the next token>, expected <expected>".
    [[noreturn]] void unexpected(const std::string& expected);

    std::string_view text_;
    std::size_t pos_ = 0;
    Token peeked_;
    bool has_peek_ = false;
};

}  // namespace arenajson::jq
