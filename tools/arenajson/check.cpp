// arenajson check FILE...: validate without building a document.
#include <algorithm>
#include <type_traits>

#include "cli.hpp"
#include "commands.hpp"

namespace arenajson::cli {

namespace {

struct CheckOptions {
    std::vector<std::string> files;
    bool verbose = false;
    CommonOptions common;
};

// Streams the input through the reader alone: memory stays at one read buffer (and, when
// duplicate keys are rejected, the keys of the objects open at the moment).
template <class Handler>
int check_stream(const std::string& name, const ParseOptions& options, bool ndjson) {
    Result<Source> source = open_input(name, options);
    if (!source) return report(name, source.error());
    Handler handler;
    if constexpr (std::is_same_v<Handler, KeyCheck>) handler.set_memory_limit(options.max_memory);
    Reader reader(handler, options.reader_options(ndjson));
    Progress progress(display_name(name), source->size_hint());
    for (;;) {
        Result<std::string_view> chunk = source->next();
        if (!chunk) return report(name, chunk.error());
        if (chunk->empty()) break;
        std::string_view rest = *chunk;
        for (;;) {
            const ReadResult r = reader.feed(rest);
            if (r.status == ReadStatus::error) return report(name, reader.error());
            if (r.status != ReadStatus::document) break;
            rest.remove_prefix(r.consumed);  // NDJSON: the next record
        }
        progress.update(source->bytes_produced());
    }
    for (;;) {
        const ReadResult r = reader.finish();
        if (r.status == ReadStatus::error) return report(name, reader.error());
        if (!ndjson || r.status == ReadStatus::end) return kExitOk;
    }
}

int run(const CheckOptions& o) {
    ParseOptions options;
    if (!to_parse_options(o.common, options)) return kExitUsage;
    std::vector<std::string> files = o.files;
    if (files.empty()) files.push_back("-");
    int worst = kExitOk;
    for (const std::string& name : files) {
        const int rc = o.common.reject_duplicates
                           ? check_stream<KeyCheck>(name, options, o.common.ndjson)
                           : check_stream<NullHandler>(name, options, o.common.ndjson);
        if (rc == kExitOk && o.verbose) std::printf("%s: ok\n", display_name(name).c_str());
        worst = std::max(worst, rc);
    }
    return worst;
}

}  // namespace

void register_check(CLI::App& root, int& exit_code) {
    auto options = std::make_shared<CheckOptions>();
    CLI::App* app = root.add_subcommand(
        "check",
        "Validate each input (strict RFC 8259, UTF-8). Exit 0 when all are valid; otherwise print "
        "FILE:LINE:COL: error: MESSAGE for each bad one and exit 1.");
    app->add_option("files", options->files, "Inputs ('-' or none: standard input)");
    app->add_flag("-v,--verbose", options->verbose, "Print FILE: ok for each valid input");
    add_common_options(*app, options->common);
    app->callback([options, &exit_code] { exit_code = run(*options); });
}

}  // namespace arenajson::cli
