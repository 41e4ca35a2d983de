// NDJSON on every core: the slow requests of a zstd log, printed in input order, and a count
// of the records, parsed on worker threads that each keep their own reused arena.
//
//   example_parallel_log [FILE]   (default corpus/samples/requests.ndjson.zst)
#include <arenajson/arenajson.hpp>

#include <atomic>
#include <cstdio>
#include <string>

int main(int argc, char** argv) {
    const std::string path = argc > 1 ? argv[1] : "corpus/samples/requests.ndjson.zst";
    auto source = arenajson::Source::open_file(path);
    if (!source) {
        std::fprintf(stderr, "%s: %s\n", path.c_str(), source.error().to_string().c_str());
        return 1;
    }
    arenajson::ParallelOptions parallel;
    parallel.threads = 2;
    parallel.block_bytes = 16 * 1024;  // small blocks, for a small sample
    std::atomic<long> records{0};      // shared by the workers: atomic
    const arenajson::Status st = arenajson::parallel_ndjson(
        *source, {}, parallel,
        // On a worker thread, once per record; `out` is this block's output.
        [&](const arenajson::Document& record, std::string& out) -> arenajson::Status {
            ++records;
            const arenajson::Value r = record.root();
            if (r["ms"].get_double().value_or(0) > 160) {
                out += std::to_string(r["status"].get_int64().value_or(0)) + " ";
                arenajson::write(r["path"], out);
                out += '\n';
            }
            return {};
        },
        // On this thread, block by block in input order.
        [](std::string_view text) {
            return std::fwrite(text.data(), 1, text.size(), stdout) == text.size();
        });
    if (!st) {
        std::fprintf(stderr, "%s:%s\n", path.c_str(), st.error().to_string().c_str());
        return 1;
    }
    std::printf("%ld records\n", records.load());
    return 0;
}
