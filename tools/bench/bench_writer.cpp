// Writing JSON text from a document: compact and pretty, into a reused string (the writer is a
// SAX handler that replay() feeds). GB/s of text written.
#include "arenajson/document.hpp"
#include "arenajson/writer.hpp"
#include "corpus.hpp"

#include <benchmark/benchmark.h>

#include <string>

namespace {

void write_file(benchmark::State& state, const std::string& name, bool pretty) {
    const std::string& json = arenajson::bench::load_corpus(name);
    if (json.empty()) {
        state.SkipWithError("corpus file not found (../shared/corpus)");
        return;
    }
    auto doc = arenajson::parse(json);
    if (!doc) {
        state.SkipWithError("parse failed");
        return;
    }
    arenajson::WriteOptions options;
    options.pretty = pretty;
    std::string out;
    for (auto _ : state) {
        out.clear();
        arenajson::write(doc->root(), out, options);
        benchmark::DoNotOptimize(out.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * out.size()));
}

void register_all() {
    for (const std::string& name : arenajson::bench::standard_files()) {
        for (const bool pretty : {false, true}) {
            benchmark::RegisterBenchmark(
                ("write/" + std::string(pretty ? "pretty/" : "compact/") + name).c_str(),
                [name, pretty](benchmark::State& s) { write_file(s, name, pretty); });
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    register_all();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
