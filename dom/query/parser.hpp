// query/parser.hpp — jq program text to an unresolved Expr tree. Internal.
#pragma once

#include "ast.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace arenajson::jq {

/// Where and why parsing failed.
struct SyntaxError {
    std::string message;
    std::uint32_t line = 0;
    std::uint32_t column = 0;
    std::uint64_t offset = 0;
};

/// Parses a whole program (definitions, then an optional main expression: `.` when absent)
/// into `program`'s nodes; names are resolved later. nullptr on a syntax error, described in
/// `error`. The parser recurses on the program's nesting, which it bounds (kMaxNesting).
Expr* parse_program(Program& program, std::string_view text, SyntaxError& error);

/// The deepest nesting of brackets and operators a program may have.
inline constexpr int kMaxNesting = 512;

}  // namespace arenajson::jq
