// The subcommands: each registers itself on the root command and sets `exit_code` when run.
#pragma once

#include <CLI/CLI.hpp>

namespace arenajson::cli {

void register_check(CLI::App& root, int& exit_code);
void register_get(CLI::App& root, int& exit_code);
void register_query(CLI::App& root, int& exit_code);
void register_fmt(CLI::App& root, int& exit_code);
void register_stats(CLI::App& root, int& exit_code);

}  // namespace arenajson::cli
