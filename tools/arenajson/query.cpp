// arenajson query FILTER [FILE...]: a jq-compatible subset (see query/query.hpp and the README).
#include <variant>

#include "cli.hpp"
#include "commands.hpp"
#include "jq_path.hpp"
#include "query/query.hpp"

namespace arenajson::cli {

namespace {

struct QueryOptions {
    std::string filter;
    std::vector<std::string> files;
    bool compact = false;
    bool raw = false;
    int indent = 2;
    CommonOptions common;
};

int run(const QueryOptions& o) {
    ParseOptions options;
    if (!to_parse_options(o.common, options)) return kExitUsage;
    std::variant<query::Filter, std::string> compiled = query::Filter::compile(o.filter);
    if (const std::string* message = std::get_if<std::string>(&compiled)) {
        return fail("query: " + *message, kExitInvalid);
    }
    const query::Filter& filter = std::get<query::Filter>(compiled);
    OutputOptions out;
    out.compact = o.compact;
    out.raw_strings = o.raw;
    out.indent = o.indent;
    out.color = use_color(o.common);
    std::vector<std::string> files = o.files;
    if (files.empty()) files.push_back("-");
    std::vector<PathStep> path;
    const bool streamed = parse_jq_path(o.filter, path);
    // What a plain path found in one document (or NDJSON record), printed as jq prints it.
    const auto print_found = [&](const std::string& name, const PathLookup& found) {
        if (found.missing == ErrorCode::wrong_type && found.failed_on != Type::null) {
            std::fprintf(stderr, "%s: error: %s\n", display_name(name).c_str(),
                         jq_index_error(path[found.failed_step], found.failed_on).c_str());
            return kExitInvalid;
        }
        // jq gives null for a missing key or index, and for indexing null.
        static const Document null_document = *arenajson::parse("null");
        const Value v = found.document.empty() ? null_document.root() : found.document.root();
        if (!print_value(v, out))
            return report("<stdout>", Error::system(ErrorCode::write_failed, errno));
        return kExitOk;
    };
    for (const std::string& name : files) {
        if (streamed) {
            // A plain path: follow it on the stream and build only the value it reaches.
            Result<Source> source = open_input(name, options);
            if (!source) return report(name, source.error());
            if (!o.common.ndjson) {
                Result<PathLookup> found = find_path(*source, path, options);
                if (!found) return report(name, found.error());
                if (const int rc = print_found(name, *found); rc != kExitOk) return rc;
                continue;
            }
            int rc = kExitOk;
            const Status st = find_path_per_record(*source, path, options, [&](PathLookup& found) {
                rc = print_found(name, found);
                return rc == kExitOk;
            });
            if (rc != kExitOk) return rc;
            if (!st) return report(name, st.error());
            continue;
        }
        const int rc = for_each_document(name, options, o.common.ndjson, [&](const Document& doc) {
            bool write_ok = true;
            const std::string error = filter.run(doc.root(), [&](Value v) {
                if (write_ok) write_ok = print_value(v, out);
            });
            if (!write_ok) return report("<stdout>", Error::system(ErrorCode::write_failed, errno));
            if (!error.empty()) {
                std::fprintf(stderr, "%s: error: %s\n", display_name(name).c_str(), error.c_str());
                return kExitInvalid;
            }
            return kExitOk;
        });
        if (rc != kExitOk) return rc;
    }
    return kExitOk;
}

}  // namespace

void register_query(CLI::App& root, int& exit_code) {
    auto options = std::make_shared<QueryOptions>();
    CLI::App* app = root.add_subcommand(
        "query",
        "Run a jq filter (a documented subset: paths, .[], slices, |, ',', select, comparisons, "
        "and/or/not, length, keys, type, has, map, literals) and print each result as jq does. "
        "Anything outside the subset fails with a message naming it.");
    app->add_option("filter", options->filter,
                    "The filter, e.g. '.statuses[] | select(.retweet_count > 5) | .id'")
        ->required();
    app->add_option("files", options->files, "Inputs ('-' or none: standard input)");
    app->add_flag("-c,--compact-output", options->compact, "One line per result");
    app->add_flag("-r,--raw-output", options->raw, "Print strings without quotes and escapes");
    app->add_option("--indent", options->indent, "Spaces per level in pretty output, 0 to 7")
        ->transform(whole_number(0, 7, ""))
        ->capture_default_str();
    add_common_options(*app, options->common);
    app->callback([options, &exit_code] { exit_code = run(*options); });
}

}  // namespace arenajson::cli
