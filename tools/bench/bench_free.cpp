// Dropping a parsed document: how long it takes to free a large document per library (the
// generated 230 MB file, or 25 MB when it has not been generated).
// arenajson returns its arena chunks in one pass (to its chunk cache, as by default); tree
// DOMs walk every node; pooled ones free their blocks. The parse is excluded from the timing
// (PauseTiming); the input is 40 copies of twitter.json in one array.
#include "arenajson/document.hpp"
#include "corpus.hpp"

#include <benchmark/benchmark.h>
#include <rapidjson/document.h>

#include <memory>
#include <string>
#include <vector>

#if defined(ARENAJSON_HAVE_SIMDJSON)
#include <simdjson.h>
#endif
#if defined(ARENAJSON_HAVE_BOOST_JSON)
#include <boost/json.hpp>
#endif
#if defined(ARENAJSON_HAVE_NLOHMANN)
#include <nlohmann/json.hpp>
#endif

namespace {

// The generated 230 MB twitter-like file when present, else an array of 40 copies of
// twitter.json (about 25 MB); empty when the corpus is missing.
const std::string& large_input() {
    static const std::string data = [] {
        const std::vector<std::string> large = arenajson::bench::large_files();
        if (!large.empty()) return arenajson::bench::load_corpus(large.front());
        const std::string& one = arenajson::bench::load_corpus("twitter.json");
        if (one.empty()) return std::string();
        std::string all = "[";
        for (int i = 0; i < 40; ++i)
            all += (i ? "," : "") + one;
        return all + "]";
    }();
    return data;
}

bool missing(benchmark::State& state) {
    if (!large_input().empty()) return false;
    state.SkipWithError(
        ("corpus file missing: " + arenajson::bench::corpus_path("twitter.json")).c_str());
    return true;
}

void BM_FreeOurs(benchmark::State& state) {
    if (missing(state)) return;
    for (auto _ : state) {
        state.PauseTiming();
        auto doc = std::make_unique<arenajson::Document>(*arenajson::parse(large_input()));
        state.ResumeTiming();
        doc.reset();  // the chunks go to the process-wide chunk cache, as by default
        state.PauseTiming();
        arenajson::release_cached_chunks();  // so that every iteration starts alike
        state.ResumeTiming();
    }
}

void BM_FreeRapidJson(benchmark::State& state) {
    if (missing(state)) return;
    for (auto _ : state) {
        state.PauseTiming();
        auto doc = std::make_unique<rapidjson::Document>();
        doc->Parse(large_input().data(), large_input().size());
        state.ResumeTiming();
        doc.reset();
    }
}

#if defined(ARENAJSON_HAVE_SIMDJSON)
void BM_FreeSimdjson(benchmark::State& state) {
    if (missing(state)) return;
    const simdjson::padded_string padded(large_input());
    for (auto _ : state) {
        state.PauseTiming();
        auto parser = std::make_unique<simdjson::dom::parser>();
        simdjson::dom::element e;
        if (parser->parse(padded).get(e) != simdjson::SUCCESS)
            return state.SkipWithError("simdjson rejected the input");
        state.ResumeTiming();
        parser.reset();  // the parser owns the document's tape and strings
    }
}
#endif

#if defined(ARENAJSON_HAVE_BOOST_JSON)
void BM_FreeBoostJson(benchmark::State& state) {
    if (missing(state)) return;
    for (auto _ : state) {
        state.PauseTiming();
        auto v = std::make_unique<boost::json::value>(boost::json::parse(large_input()));
        state.ResumeTiming();
        v.reset();
    }
}
#endif

#if defined(ARENAJSON_HAVE_NLOHMANN)
void BM_FreeNlohmann(benchmark::State& state) {
    if (missing(state)) return;
    for (auto _ : state) {
        state.PauseTiming();
        auto j = std::make_unique<nlohmann::json>(nlohmann::json::parse(large_input()));
        state.ResumeTiming();
        j.reset();
    }
}
#endif

BENCHMARK(BM_FreeOurs)->Name("free/arenajson")->Unit(benchmark::kMicrosecond)->Iterations(5);
BENCHMARK(BM_FreeRapidJson)->Name("free/rapidjson")->Unit(benchmark::kMicrosecond)->Iterations(5);
#if defined(ARENAJSON_HAVE_SIMDJSON)
BENCHMARK(BM_FreeSimdjson)->Name("free/simdjson")->Unit(benchmark::kMicrosecond)->Iterations(5);
#endif
#if defined(ARENAJSON_HAVE_BOOST_JSON)
BENCHMARK(BM_FreeBoostJson)->Name("free/boostjson")->Unit(benchmark::kMicrosecond)->Iterations(3);
#endif
#if defined(ARENAJSON_HAVE_NLOHMANN)
BENCHMARK(BM_FreeNlohmann)->Name("free/nlohmann")->Unit(benchmark::kMicrosecond)->Iterations(2);
#endif

}  // namespace

BENCHMARK_MAIN();
