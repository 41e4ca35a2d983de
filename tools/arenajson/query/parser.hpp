// query/parser.hpp — filter text to a Program. Internal.
#pragma once

#include "query/program.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <variant>

namespace arenajson::query::detail {

/// The deepest nesting of parentheses, brackets and function arguments accepted.
inline constexpr int kMaxNesting = 256;
/// The most evaluation steps one output may pass through (each holds a stack frame while the
/// output travels on), which bounds the stack a run takes.
inline constexpr std::uint32_t kMaxSteps = 1024;

/// Compiles filter text; empty text (or only blanks and comments) is the identity, as in jq.
/// On failure returns a message naming the problem and its position ("(column C)", or "(line
/// L, column C)" for a text of several lines; columns count characters). O(text).
[[nodiscard]] std::variant<std::shared_ptr<const Program>, std::string> compile_program(
    std::string_view text);

}  // namespace arenajson::query::detail
