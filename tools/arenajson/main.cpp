// arenajson: validate, query, reformat and measure JSON from the shell.
#include <algorithm>
#include <cstdio>
#include <exception>

#include "cli.hpp"
#include "commands.hpp"

namespace {

int run(int argc, char** argv) {
    using namespace arenajson::cli;
    CLI::App app{
        "arenajson: streaming JSON into an immutable arena DOM.\n"
        "Reads files or standard input ('-' or no file); zstd input is recognised by its magic "
        "bytes.\n"
        "Exit status: 0 success, 1 invalid input or a failed lookup, 2 usage or I/O error; "
        "`query` exits as jq does (see `arenajson query --help`).",
        "arenajson"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "arenajson 0.1.0");
    int exit_code = kExitOk;
    register_check(app, exit_code);
    register_get(app, exit_code);
    register_query(app, exit_code);
    register_fmt(app, exit_code);
    register_stats(app, exit_code);
    try {
        std::vector<std::string> args(argv, argv + argc);
        extract_query_args(args);
        std::reverse(args.begin(), args.end());
        args.pop_back();  // the program name
        app.parse(args);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e);
        return rc == 0 ? kExitOk : kExitUsage;
    }
    if (std::fflush(stdout) != 0) return fail("cannot write the output", kExitUsage);
    return exit_code;
}

}  // namespace

int main(int argc, char** argv) {
    // The library reports errors as values; what can still throw here is running out of memory
    // (or CLI11 on a broken installation). Say so instead of terminating.
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        return arenajson::cli::fail(e.what(), arenajson::cli::kExitUsage);
    }
}
