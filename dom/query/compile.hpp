// query/compile.hpp — from program text to a resolved Program. Internal.
#pragma once

#include "ast.hpp"
#include "parser.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace arenajson::jq {

/// Parses the builtins written in jq and then `text`, and resolves every name. `globals` are
/// the names of the global variables the program may read ($ENV, $__prog_args, named
/// arguments...). nullptr on error, described in `error`.
std::unique_ptr<Program> compile_program(std::string_view text,
                                         const std::vector<std::string>& globals,
                                         SyntaxError& error);

/// Whether `e` reads nothing of its input `.` (literals, variables, `$x | ...`, and
/// operators over such): such an expression gives the same outputs for any input.
bool input_free(const Expr* e);

}  // namespace arenajson::jq
