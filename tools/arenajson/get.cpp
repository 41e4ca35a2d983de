// arenajson get [FILE] POINTER: print the value at an RFC 6901 JSON Pointer.
#include "cli.hpp"
#include "commands.hpp"

namespace arenajson::cli {

namespace {

struct GetOptions {
    std::vector<std::string> args;  // [FILE] POINTER
    bool compact = false;
    bool raw = false;
    CommonOptions common;
};

int run(const GetOptions& o) {
    ParseOptions options;
    if (!to_parse_options(o.common, options)) return kExitUsage;
    if (o.args.empty() || o.args.size() > 2)
        return fail("get: expected [FILE] POINTER", kExitUsage);
    const std::string name = o.args.size() == 2 ? o.args[0] : "-";
    const std::string& pointer = o.args.back();
    OutputOptions out;
    out.compact = o.compact;
    out.raw_strings = o.raw;
    out.color = use_color(o.common);
    const auto missing = [&](const Error& why) {
        std::fprintf(stderr, "%s: error: no value at '%s': %s\n", display_name(name).c_str(),
                     pointer.c_str(), why.message());
        return kExitInvalid;
    };
    // Follow the pointer on the stream and build only the value found (in each record, with
    // --ndjson).
    Result<std::vector<PathStep>> steps = parse_pointer(pointer);
    if (!steps) return missing(steps.error());
    if (o.common.ndjson && worker_threads(o.common) > 1) {
        // Records on worker threads: each block's values are formatted into its output; a
        // record without the value stops the input there, as it does on one thread.
        return run_parallel(
            name, options, o.common,
            [&]() -> BlockWork {
                return [&](std::string_view block, std::string& text) -> Status {
                    Source source = Source::from_memory(block);
                    ErrorCode missing_why = ErrorCode::ok;
                    const Status st =
                        find_path_per_record(source, *steps, options, [&](PathLookup& found) {
                            if (found.document.empty()) {
                                missing_why = found.missing;
                                return false;
                            }
                            format_value(found.document.root(), out, text);
                            return true;
                        });
                    if (missing_why != ErrorCode::ok) return Error::of(missing_why);
                    return st;
                };
            },
            [&](const Error& e) -> int {
                const bool lookup = e.line == 0 && (e.code == ErrorCode::no_such_key ||
                                                    e.code == ErrorCode::index_out_of_range ||
                                                    e.code == ErrorCode::wrong_type);
                return lookup ? missing(e) : -1;
            });
    }
    Result<Source> source = open_input(name, options);
    if (!source) return report(name, source.error());
    const auto print_found = [&](const PathLookup& found) {
        if (found.document.empty()) return missing(Error::of(found.missing));
        if (!print_value(found.document.root(), out))
            return report("<stdout>", Error::system(ErrorCode::write_failed, errno));
        return kExitOk;
    };
    if (!o.common.ndjson) {
        Result<PathLookup> found = find_path(*source, *steps, options);
        if (!found) return report(name, found.error());
        return print_found(*found);
    }
    int rc = kExitOk;
    const Status st = find_path_per_record(*source, *steps, options, [&](PathLookup& found) {
        rc = print_found(found);
        return rc == kExitOk;
    });
    if (rc != kExitOk) return rc;
    if (!st) return report(name, st.error());
    return kExitOk;
}

}  // namespace

void register_get(CLI::App& root, int& exit_code) {
    auto options = std::make_shared<GetOptions>();
    CLI::App* app = root.add_subcommand(
        "get",
        "Print the value at an RFC 6901 JSON Pointer, e.g. /statuses/0/user/name ('' is the whole "
        "document; ~1 is '/' and ~0 is '~'). Exit 1 when there is no such value.");
    app->add_option("args", options->args, "[FILE] POINTER (no FILE or '-': standard input)")
        ->required()
        ->expected(1, 2);
    app->add_flag("-c,--compact", options->compact, "Compact output instead of pretty");
    app->add_flag("-r,--raw", options->raw, "Print strings without quotes and escapes");
    add_common_options(*app, options->common);
    app->callback([options, &exit_code] { exit_code = run(*options); });
}

}  // namespace arenajson::cli
