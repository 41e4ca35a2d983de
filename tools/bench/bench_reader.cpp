// SAX throughput: our reader against RapidJSON's Reader doing the same work (full-precision
// numbers, validated UTF-8), both with handlers that do nothing, and against simdjson's DOM
// parse (a reused parser, padded input: its fastest way to validate a document). Also the
// cost of feeding a file in 64 KiB chunks instead of one whole buffer. The counter `kernel`
// names the reader's stage 1 kernel by its index in kKernels.
#include "arenajson/reader.hpp"
#include "arenajson/source.hpp"
#include "corpus.hpp"

#include <benchmark/benchmark.h>
#include <rapidjson/reader.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#if defined(ARENAJSON_HAVE_SIMDJSON)
#include <simdjson.h>
#endif

namespace {

constexpr const char* kKernels[] = {"portable", "sse2", "avx2", "avx512", "highway"};

double kernel_index() {
    for (std::size_t i = 0; i < std::size(kKernels); ++i) {
        if (std::strcmp(kKernels[i], arenajson::reader_kernel()) == 0)
            return static_cast<double>(i);
    }
    return -1;
}

using arenajson::bench::load_corpus;

bool skip_if_missing(benchmark::State& state, const std::string& data, const std::string& name) {
    if (!data.empty()) return false;
    state.SkipWithError(("corpus file missing: " + arenajson::bench::corpus_path(name)).c_str());
    return true;
}

void BM_SaxOurs(benchmark::State& state, const std::string& name) {
    const std::string& data = load_corpus(name);
    if (skip_if_missing(state, data, name)) return;
    arenajson::NullHandler handler;
    arenajson::Reader reader(handler);
    for (auto _ : state) {
        reader.reset();
        reader.feed(data);
        if (reader.finish().status != arenajson::ReadStatus::document) {
            state.SkipWithError(reader.error().to_string().c_str());
            return;
        }
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * data.size()));
    state.counters["kernel"] = kernel_index();
}

// Stage 1 alone: the kernel over the whole input in the reader's windows of blocks, into a
// reused position buffer (the reader's refill() without the grammar). The last partial block
// is left out.
void BM_Stage1(benchmark::State& state, const std::string& name) {
    const std::string& data = load_corpus(name);
    if (skip_if_missing(state, data, name)) return;
    namespace d = arenajson::detail;
    const d::Kernel& kernel = d::active_kernel();
    constexpr std::size_t kWindow = 128;
    std::vector<std::uint32_t> positions((kWindow + 1) * d::kBlockBytes + 64);
    const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
    const std::size_t blocks = data.size() / d::kBlockBytes;
    std::uint64_t count = 0;
    for (auto _ : state) {
        d::IndexState st;
        d::IndexSummary sum;
        for (std::size_t b = 0; b < blocks; b += kWindow) {
            const std::size_t n = std::min(kWindow, blocks - b);
            const std::uint32_t* end =
                kernel.index(bytes + b * d::kBlockBytes, n, static_cast<std::uint32_t>(b * 64),
                             positions.data(), st, sum, false);
            count += static_cast<std::uint64_t>(end - positions.data());
        }
        benchmark::DoNotOptimize(count);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * data.size()));
    state.counters["kernel"] = kernel_index();
}

#if defined(ARENAJSON_HAVE_SIMDJSON)
void BM_SimdjsonDom(benchmark::State& state, const std::string& name) {
    const std::string& data = load_corpus(name);
    if (skip_if_missing(state, data, name)) return;
    const simdjson::padded_string padded(data);
    simdjson::dom::parser parser;
    for (auto _ : state) {
        simdjson::dom::element e;
        if (parser.parse(padded).get(e)) {
            state.SkipWithError("simdjson rejected the input");
            return;
        }
        benchmark::DoNotOptimize(e);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * data.size()));
}
#endif

void BM_SaxOursChunked64K(benchmark::State& state, const std::string& name) {
    const std::string& data = load_corpus(name);
    if (skip_if_missing(state, data, name)) return;
    arenajson::NullHandler handler;
    arenajson::Reader reader(handler);
    constexpr std::size_t kChunk = 64 * 1024;
    for (auto _ : state) {
        reader.reset();
        for (std::size_t i = 0; i < data.size(); i += kChunk) {
            reader.feed(std::string_view(data).substr(i, kChunk));
        }
        if (reader.finish().status != arenajson::ReadStatus::document) {
            state.SkipWithError(reader.error().to_string().c_str());
            return;
        }
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * data.size()));
}

// From disk (the page cache) through a Source with a reused 64 KiB buffer.
void BM_SaxOursFile64K(benchmark::State& state, const std::string& name) {
    const std::string& data = load_corpus(name);
    if (skip_if_missing(state, data, name)) return;
    arenajson::NullHandler handler;
    arenajson::Reader reader(handler);
    arenajson::SourceOptions options;
    options.buffer_size = 64 * 1024;
    for (auto _ : state) {
        reader.reset();
        auto source = arenajson::Source::open_file(arenajson::bench::corpus_path(name), options);
        if (!source || !arenajson::read_all(*source, reader, handler)) {
            state.SkipWithError("read failed");
            return;
        }
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * data.size()));
}

// The reference for the 64 KiB file reads: the whole file read into one (reused) buffer, then
// one feed.
void BM_SaxOursFileWhole(benchmark::State& state, const std::string& name) {
    const std::string& data = load_corpus(name);
    if (skip_if_missing(state, data, name)) return;
    arenajson::NullHandler handler;
    arenajson::Reader reader(handler);
    std::string buffer;
    const std::string path = arenajson::bench::corpus_path(name);
    for (auto _ : state) {
        reader.reset();
        std::FILE* f = std::fopen(path.c_str(), "rb");
        if (f == nullptr) return state.SkipWithError("cannot open the file");
        buffer.resize(data.size());
        const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), f);
        std::fclose(f);
        reader.feed(std::string_view(buffer.data(), n));
        if (reader.finish().status != arenajson::ReadStatus::document)
            return state.SkipWithError("parse failed");
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * data.size()));
}

template <unsigned Flags>
void BM_SaxRapidJson(benchmark::State& state, const std::string& name) {
    const std::string& data = load_corpus(name);
    if (skip_if_missing(state, data, name)) return;
    rapidjson::BaseReaderHandler<> handler;
    rapidjson::Reader reader;
    for (auto _ : state) {
        rapidjson::StringStream stream(data.c_str());
        if (reader.Parse<Flags>(stream, handler).IsError()) {
            state.SkipWithError("RapidJSON rejected the input");
            return;
        }
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * data.size()));
}

constexpr unsigned kRapidExact =
    rapidjson::kParseFullPrecisionFlag | rapidjson::kParseValidateEncodingFlag;

int register_all() {
    for (const std::string& f : arenajson::bench::standard_files()) {
        benchmark::RegisterBenchmark(("sax/arenajson/" + f).c_str(), BM_SaxOurs, f);
        benchmark::RegisterBenchmark(("stage1/arenajson/" + f).c_str(), BM_Stage1, f);
#if defined(ARENAJSON_HAVE_SIMDJSON)
        benchmark::RegisterBenchmark(("sax/simdjson_dom/" + f).c_str(), BM_SimdjsonDom, f);
#endif
        benchmark::RegisterBenchmark(("sax/rapidjson_fullprec_validate/" + f).c_str(),
                                     BM_SaxRapidJson<kRapidExact>, f);
        benchmark::RegisterBenchmark(("sax/rapidjson_default/" + f).c_str(),
                                     BM_SaxRapidJson<rapidjson::kParseDefaultFlags>, f);
        benchmark::RegisterBenchmark(("sax/arenajson_chunks64k/" + f).c_str(), BM_SaxOursChunked64K,
                                     f);
        benchmark::RegisterBenchmark(("sax/arenajson_file64k/" + f).c_str(), BM_SaxOursFile64K, f);
        benchmark::RegisterBenchmark(("sax/arenajson_file_whole/" + f).c_str(), BM_SaxOursFileWhole,
                                     f);
    }
    return 0;
}
const int registered = register_all();

}  // namespace

BENCHMARK_MAIN();
