// arenajson fmt [--compact|--pretty] [FILE]: reserialize.
#include "cli.hpp"
#include "commands.hpp"

namespace arenajson::cli {

namespace {

struct FmtOptions {
    std::string file = "-";
    bool compact = false;
    bool pretty = false;
    int indent = 2;
    bool ascii = false;
    CommonOptions common;
};

// Reads the input through a Writer: text in, text out, no document, constant memory.
template <class Handler>
Status reformat(Source& source, const ParseOptions& options, Handler& handler, Writer& writer,
                const ProgressHook& progress) {
    ReaderOptions reader_options = detail::one_document(options.reader);
    reader_options.ndjson = options.reader.ndjson;
    Reader<Handler> reader(handler, reader_options);
    Feeder<Handler> feeder(source, reader, progress);
    for (;;) {
        switch (feeder.next()) {
            case ReadStatus::document:
                writer.end_line();
                continue;
            case ReadStatus::error:
                return feeder.error();
            case ReadStatus::end:
            case ReadStatus::more:
                return {};
        }
    }
}

int run(const FmtOptions& o) {
    ParseOptions options;
    if (!to_parse_options(o.common, options)) return kExitUsage;
    if (o.compact && o.pretty) return fail("fmt: choose one of --compact and --pretty", kExitUsage);
    WriteOptions w;
    // NDJSON stays one record per line unless --pretty asks otherwise.
    w.pretty = o.pretty || (!o.compact && !o.common.ndjson);
    w.indent = o.indent;
    w.escape_non_ascii = o.ascii;
    if (use_color(o.common)) {
        // Colours are for a terminal, where documents are read whole and painted.
        OutputOptions out;
        out.compact = !w.pretty;
        out.indent = w.indent;
        out.color = true;
        out.jq_style = false;
        return for_each_document(o.file, options, o.common.ndjson, [&](const Document& doc) {
            if (!print_value(doc.root(), out))
                return report("<stdout>", Error::system(ErrorCode::write_failed, errno));
            return kExitOk;
        });
    }
    if (o.common.ndjson && worker_threads(o.common) > 1) {
        // Records on worker threads, each block written to a string and emitted in order.
        return run_parallel(o.file, options, o.common, [&]() -> BlockWork {
            return [&options, w, reject = o.common.reject_duplicates](std::string_view block,
                                                                      std::string& out) {
                Source source = Source::from_memory(block);
                Writer writer(out, w);
                if (reject) {
                    KeyChecked<Writer> checked(writer, options.max_memory);
                    return reformat(source, options, checked, writer, {});
                }
                return reformat(source, options, writer, writer, {});
            };
        });
    }
    Result<Source> source = open_input(o.file, options);
    if (!source) return report(o.file, source.error());
    Writer writer(stdout, w);
    Progress progress(display_name(o.file), source->size_hint());
    const ProgressHook hook = [&](std::uint64_t bytes) { progress.update(bytes); };
    Status st;
    if (o.common.reject_duplicates) {
        KeyChecked<Writer> checked(writer, options.max_memory);
        st = reformat(*source, options, checked, writer, hook);
    } else {
        st = reformat(*source, options, writer, writer, hook);
    }
    // What was written before an error stays written; the error says where the input broke.
    const Status flushed = writer.flush();
    if (!flushed) return report("<stdout>", flushed.error());
    if (!st) return report(o.file, st.error());
    return kExitOk;
}

}  // namespace

void register_fmt(CLI::App& root, int& exit_code) {
    auto options = std::make_shared<FmtOptions>();
    CLI::App* app = root.add_subcommand(
        "fmt",
        "Reserialize: pretty (the default) or compact, streaming from input to output without "
        "building a document. Numbers keep their exact value: integral doubles keep a point or an "
        "exponent (1.0, 1e+20), numbers kept as text are written unchanged. On invalid input, "
        "what was written before the error stays and the exit status is 1.");
    app->add_option("file", options->file, "Input ('-' or none: standard input)");
    app->add_flag("-c,--compact", options->compact,
                  "No whitespace; NDJSON input: one record per line (default there)");
    app->add_flag("--pretty", options->pretty, "Indented, one value per line (the default)");
    app->add_option("--indent", options->indent, "Spaces per level when pretty, 0 to 16")
        ->transform(whole_number(0, 16, ""))
        ->capture_default_str();
    app->add_flag("--ascii", options->ascii, "Escape every non-ASCII character as \\uXXXX");
    add_common_options(*app, options->common);
    app->callback([options, &exit_code] { exit_code = run(*options); });
}

}  // namespace arenajson::cli
