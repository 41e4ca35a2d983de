// arenajson stats [FILE]: what a document holds and what parsing it cost.
#include <chrono>

#include "cli.hpp"
#include "commands.hpp"

namespace arenajson::cli {

namespace {

struct StatsOptions {
    std::string file = "-";
    CommonOptions common;
};

int run(const StatsOptions& o) {
    ParseOptions options;
    if (!to_parse_options(o.common, options)) return kExitUsage;
    DocumentStats total;
    std::uint64_t documents = 0, max_chunks = 0, max_reserved = 0, bytes = 0;
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    Clock::duration walking{};  // time in the walks below, not parsing
    const int rc = for_each_document(
        o.file, options, o.common.ndjson,
        [&](const Document& doc) {
            const auto walk_start = Clock::now();
            const DocumentStats s = doc.stats();
            total.nulls += s.nulls;
            total.booleans += s.booleans;
            total.integers += s.integers;
            total.doubles += s.doubles;
            total.number_texts += s.number_texts;
            total.strings += s.strings;
            total.arrays += s.arrays;
            total.objects += s.objects;
            total.max_depth = std::max(total.max_depth, s.max_depth);
            total.memory.bytes_used += s.memory.bytes_used;
            max_reserved = std::max<std::uint64_t>(max_reserved, s.memory.bytes_reserved);
            max_chunks = std::max<std::uint64_t>(max_chunks, s.memory.chunk_count);
            ++documents;
            walking += Clock::now() - walk_start;
            return kExitOk;
        },
        &bytes);
    if (rc != kExitOk) return rc;
    // Reading and parsing (and decompressing), without the walks that counted the values.
    const double seconds = std::chrono::duration<double>(Clock::now() - start - walking).count();
    std::printf("input:          %s\n", display_name(o.file).c_str());
    if (o.common.ndjson)
        std::printf("documents:      %llu\n", static_cast<unsigned long long>(documents));
    std::printf("values:         %llu\n", static_cast<unsigned long long>(total.values()));
    std::printf("  objects:      %llu\n", static_cast<unsigned long long>(total.objects));
    std::printf("  arrays:       %llu\n", static_cast<unsigned long long>(total.arrays));
    std::printf("  strings:      %llu\n", static_cast<unsigned long long>(total.strings));
    std::printf("  integers:     %llu\n", static_cast<unsigned long long>(total.integers));
    std::printf("  doubles:      %llu\n", static_cast<unsigned long long>(total.doubles));
    std::printf("  number texts: %llu (kept exactly: beyond int64/uint64/double)\n",
                static_cast<unsigned long long>(total.number_texts));
    std::printf("  booleans:     %llu\n", static_cast<unsigned long long>(total.booleans));
    std::printf("  nulls:        %llu\n", static_cast<unsigned long long>(total.nulls));
    std::printf("max depth:      %llu\n", static_cast<unsigned long long>(total.max_depth));
    std::printf("DOM bytes:      %llu", static_cast<unsigned long long>(total.memory.bytes_used));
    if (bytes != 0)
        std::printf(" (%.2f per input byte)",
                    static_cast<double>(total.memory.bytes_used) / static_cast<double>(bytes));
    std::printf("\n");
    std::printf("arena:          %llu bytes reserved in %llu chunk%s%s\n",
                static_cast<unsigned long long>(max_reserved),
                static_cast<unsigned long long>(max_chunks), max_chunks == 1 ? "" : "s",
                o.common.ndjson ? " (largest record; the arena is reused)" : "");
    std::printf("input bytes:    %llu\n", static_cast<unsigned long long>(bytes));
    std::printf("parse time:     %.3f ms (reading and parsing)\n", seconds * 1e3);
    if (bytes != 0 && seconds > 0)
        // Three significant digits, so a small input does not show "0 MB/s".
        std::printf("throughput:     %.3g MB/s\n", static_cast<double>(bytes) / seconds / 1e6);
    return kExitOk;
}

}  // namespace

void register_stats(CLI::App& root, int& exit_code) {
    auto options = std::make_shared<StatsOptions>();
    CLI::App* app = root.add_subcommand(
        "stats", "Values by type, depth, DOM bytes, arena chunks, parse time and throughput.");
    app->add_option("file", options->file, "Input ('-' or none: standard input)");
    add_common_options(*app, options->common);
    app->callback([options, &exit_code] { exit_code = run(*options); });
}

}  // namespace arenajson::cli
