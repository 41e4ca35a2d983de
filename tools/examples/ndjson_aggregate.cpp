// Streams an NDJSON access log (plain or zstd) and counts requests per status code in constant
// memory: one arena is reused for every record. The slowest request is kept past the loop by
// moving its document out of the stream.
//
//   ndjson_aggregate [FILE]     (default: corpus/samples/requests.ndjson.zst)
#include <arenajson/arenajson.hpp>

#include <cstdio>
#include <map>

int main(int argc, char** argv) {
    const char* file = argc > 1 ? argv[1] : "corpus/samples/requests.ndjson.zst";
    arenajson::Result<arenajson::DocumentStream> stream =
        arenajson::DocumentStream::open_file(file);
    if (!stream) {
        std::fprintf(stderr, "%s: %s\n", file, stream.error().to_string().c_str());
        return 1;
    }
    std::map<std::int64_t, std::uint64_t> per_status;
    arenajson::Document slowest;
    double slowest_ms = -1;
    std::size_t max_reserved = 0;
    for (;;) {
        arenajson::Result<bool> more = stream->next();
        if (!more) {
            // The error names the record's line: "file:412:17: ..."
            std::fprintf(stderr, "%s:%s\n", file, more.error().to_string().c_str());
            return 1;
        }
        if (!*more) break;
        const arenajson::Value request = stream->document().root();
        ++per_status[request["status"].get_int64().value_or(-1)];
        max_reserved = std::max(max_reserved, stream->document().memory().bytes_reserved);
        const double ms = request["ms"].get_double().value_or(0);
        if (ms > slowest_ms) {
            slowest_ms = ms;
            slowest = stream->take();  // keep this record; the stream goes on in a new arena
        }
    }
    std::printf("%llu requests\n", static_cast<unsigned long long>(stream->count()));
    for (const auto& [status, n] : per_status) {
        std::printf("%lld: %llu\n", static_cast<long long>(status),
                    static_cast<unsigned long long>(n));
    }
    std::printf("slowest: %s\n", arenajson::to_string(slowest.root()).c_str());
    std::printf("largest arena: %zu KiB\n", max_reserved / 1024);
    return 0;
}
