// query/lexer.hpp — the tokens of jq's filter language (all of it, so that constructs outside
// the subset can be named when they are refused). Internal.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace arenajson::query::detail {

enum class Tok : std::uint8_t {
    end,
    dot,       // .
    field,     // .name
    dotdot,    // ..
    number,    // 12, 1.5e3, .5
    string,    // "..." (decoded into Token::value)
    ident,     // name, keyword, or module::name
    variable,  // $name
    format,    // @name
    lparen,
    rparen,
    lbracket,
    rbracket,
    lbrace,
    rbrace,
    comma,
    pipe,
    colon,
    semicolon,
    question,
    eq,
    ne,
    lt,
    le,
    gt,
    ge,
    minus,
    other_operator,  // + * / % // = |= += -= *= /= %= //= ?//
    error,           // malformed input; Token::value holds the message
};

struct Token {
    Tok kind = Tok::end;
    /// Where the token starts in the filter text, in bytes.
    std::size_t offset = 0;
    /// The token's source text.
    std::string_view source;
    /// string: the decoded bytes (valid UTF-8); error: the message.
    std::string value;
    /// string: it contains an interpolation `\(`, at `error_offset`. error: where it is.
    bool interpolation = false;
    std::size_t error_offset = 0;
};

/// Splits filter text into tokens, skipping blanks and `#` comments. Copyable, so a parser can
/// look ahead on a copy. O(1) per byte.
class Lexer {
  public:
    explicit Lexer(std::string_view text) noexcept : text_(text) {}
    /// The next token; Tok::end at the end, forever after.
    Token next();

  private:
    Token make(Tok kind, std::size_t start, std::size_t length) noexcept;
    Token error(std::size_t at, std::string message);
    Token string_literal(std::size_t start);
    std::size_t name_end(std::size_t from) const noexcept;

    std::string_view text_;
    std::size_t pos_ = 0;
};

}  // namespace arenajson::query::detail
