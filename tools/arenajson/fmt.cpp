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

int run(const FmtOptions& o) {
    ParseOptions options;
    if (!to_parse_options(o.common, options)) return kExitUsage;
    if (o.compact && o.pretty) return fail("fmt: choose one of --compact and --pretty", kExitUsage);
    WriteOptions w;
    // NDJSON stays one record per line unless --pretty asks otherwise.
    w.pretty = o.pretty || (!o.compact && !o.common.ndjson);
    w.indent = o.indent;
    w.escape_non_ascii = o.ascii;
    const bool color = use_color(o.common);
    return for_each_document(o.file, options, o.common.ndjson, [&](const Document& doc) {
        bool ok;
        if (color) {
            OutputOptions out;
            out.compact = !w.pretty;
            out.indent = w.indent;
            out.color = true;
            out.jq_style = false;
            ok = print_value(doc.root(), out);
        } else {
            ok = write(doc.root(), stdout, w) && std::fputc('\n', stdout) != EOF;
        }
        if (!ok) return report("<stdout>", Error{ErrorCode::write_failed, false, errno});
        return kExitOk;
    });
}

}  // namespace

void register_fmt(CLI::App& root, int& exit_code) {
    auto options = std::make_shared<FmtOptions>();
    CLI::App* app = root.add_subcommand(
        "fmt",
        "Reserialize: pretty (the default) or compact. Numbers keep their exact value: integral "
        "doubles keep a point or an exponent (1.0, 1e+20), numbers kept as text are written "
        "unchanged.");
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
