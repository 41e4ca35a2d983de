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
    ReaderOptions reader_options = detail::one_document(options.reader);
    reader_options.ndjson = ndjson;
    Reader reader(handler, reader_options);
    Progress progress(display_name(name), source->size_hint());
    const Status st =
        read_all(*source, reader, handler, [&](std::uint64_t bytes) { progress.update(bytes); });
    return st ? kExitOk : report(name, st.error());
}

// NDJSON on worker threads: each validates whole blocks of records with its own reader.
template <class Handler>
int check_parallel(const std::string& name, const ParseOptions& options,
                   const CommonOptions& common) {
    return run_parallel(name, options, common, [&]() -> BlockWork {
        auto handler = std::make_shared<Handler>();
        if constexpr (std::is_same_v<Handler, KeyCheck>) {
            handler->set_memory_limit(options.max_memory);
        }
        ReaderOptions reader_options = detail::one_document(options.reader);
        reader_options.ndjson = true;
        auto reader = std::make_shared<Reader<Handler>>(*handler, reader_options);
        return [handler, reader](std::string_view block, std::string&) -> Status {
            reader->reset();
            Source source = Source::from_memory(block);
            return read_all(source, *reader, *handler);
        };
    });
}

int run(const CheckOptions& o) {
    ParseOptions options;
    if (!to_parse_options(o.common, options)) return kExitUsage;
    std::vector<std::string> files = o.files;
    if (files.empty()) files.push_back("-");
    int worst = kExitOk;
    for (const std::string& name : files) {
        int rc;
        if (o.common.ndjson && worker_threads(o.common) > 1) {
            rc = o.common.reject_duplicates ? check_parallel<KeyCheck>(name, options, o.common)
                                            : check_parallel<NullHandler>(name, options, o.common);
        } else {
            rc = o.common.reject_duplicates
                     ? check_stream<KeyCheck>(name, options, o.common.ndjson)
                     : check_stream<NullHandler>(name, options, o.common.ndjson);
        }
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
