// Parse to a DOM: arenajson against RapidJSON's Document and the other peers, on the standard
// corpus and the NDJSON sample. Two modes per library:
//   hot   — repeated parses with memory reused as the library allows, after one untimed parse
//           that grows it (so a repetition of a single iteration still measures a warm parse);
//   fresh — every iteration starts from a new parser/document, as a program that parses one
//           document does (the memory allocator still caches what it can).
// Counters: bytes_per_second, and dom_bytes_per_input_byte (memory the DOM holds).
// Every library is asked to validate: RapidJSON runs with default flags and with
// kParseFullPrecisionFlag | kParseValidateEncodingFlag (the work arenajson always does).
#include "alloc_count.hpp"
#include "arenajson/document.hpp"
#include "corpus.hpp"

#include <benchmark/benchmark.h>
#include <rapidjson/document.h>

#include <string>
#include <vector>

#if __has_include(<simdjson.h>) && defined(ARENAJSON_HAVE_SIMDJSON)
#include <simdjson.h>
#endif
#if defined(ARENAJSON_HAVE_BOOST_JSON)
#include <boost/json.hpp>
#endif
#if defined(ARENAJSON_HAVE_NLOHMANN)
#include <nlohmann/json.hpp>
#endif

namespace {

using arenajson::bench::load_corpus;

// The NDJSON sample is parsed one record per document, as a stream would.
bool is_ndjson(const std::string& name) {
    return name.ends_with(".ndjson");
}
std::vector<std::string_view> records(const std::string& name, const std::string& data) {
    std::vector<std::string_view> out;
    if (!is_ndjson(name)) return out;
    std::size_t pos = 0;
    while (pos < data.size()) {
        std::size_t nl = data.find('\n', pos);
        if (nl == std::string::npos) nl = data.size();
        if (nl > pos) out.push_back(std::string_view(data).substr(pos, nl - pos));
        pos = nl + 1;
    }
    return out;
}

const std::string* input(benchmark::State& state, const std::string& name) {
    const std::string& data = load_corpus(name);
    if (data.empty()) {
        state.SkipWithError(
            ("corpus file missing: " + arenajson::bench::corpus_path(name)).c_str());
        return nullptr;
    }
    return &data;
}

void finish(benchmark::State& state, const std::string& data, double dom_bytes,
            const arenajson::bench::AllocationCount& allocs) {
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * data.size()));
    state.counters["dom_bytes_per_input_byte"] = dom_bytes / static_cast<double>(data.size());
    state.counters["allocs_per_parse"] =
        static_cast<double>(allocs.calls()) / static_cast<double>(state.iterations());
}

// --- arenajson

// `duplicates`: DuplicateKeys::reject checks every key against its object's earlier keys.
void BM_Ours(benchmark::State& state, const std::string& name,
             arenajson::DuplicateKeys duplicates = arenajson::DuplicateKeys::keep) {
    const std::string* data = input(state, name);
    if (!data) return;
    arenajson::ParseOptions options;
    options.duplicate_keys = duplicates;
    arenajson::Parser parser(options);
    arenajson::Document doc;
    const auto recs = records(name, *data);
    double dom = 0;
    const auto parse_all = [&] {
        if (is_ndjson(name)) {
            dom = 0;
            for (std::string_view r : recs) {
                if (!parser.parse_into(doc, r)) return false;
                dom += static_cast<double>(doc.memory().bytes_used);
            }
        } else {
            if (!parser.parse_into(doc, *data)) return false;
            dom = static_cast<double>(doc.memory().bytes_used);
        }
        benchmark::DoNotOptimize(doc.root().node());
        return true;
    };
    if (!parse_all()) return state.SkipWithError("parse failed");  // warm: memory grown once
    arenajson::bench::AllocationCount allocs;
    for (auto _ : state) {
        if (!parse_all()) return state.SkipWithError("parse failed");
    }
    finish(state, *data, dom, allocs);
}

void BM_OursFresh(benchmark::State& state, const std::string& name) {
    const std::string* data = input(state, name);
    if (!data) return;
    const auto recs = records(name, *data);
    double dom = 0;
    arenajson::bench::AllocationCount allocs;
    for (auto _ : state) {
        if (is_ndjson(name)) {
            dom = 0;
            for (std::string_view r : recs) {
                arenajson::Parser parser;
                auto doc = parser.parse(r);
                if (!doc) return state.SkipWithError("parse failed");
                dom += static_cast<double>(doc->memory().bytes_used);
            }
        } else {
            arenajson::Parser parser;
            auto doc = parser.parse(*data);
            if (!doc) return state.SkipWithError("parse failed");
            dom = static_cast<double>(doc->memory().bytes_used);
            benchmark::DoNotOptimize(doc->root().node());
        }
    }
    finish(state, *data, dom, allocs);
}

// --- RapidJSON Document

// Values and the parse stack both from pools that keep their chunks across Clear().
using RapidPooledDocument =
    rapidjson::GenericDocument<rapidjson::UTF8<>, rapidjson::MemoryPoolAllocator<>,
                               rapidjson::MemoryPoolAllocator<>>;

template <unsigned Flags>
void BM_RapidJson(benchmark::State& state, const std::string& name) {
    const std::string* data = input(state, name);
    if (!data) return;
    const auto recs = records(name, *data);
    // Memory reused: the value pool keeps its chunks between parses (Clear() rewinds them).
    rapidjson::MemoryPoolAllocator<> pool;
    rapidjson::MemoryPoolAllocator<> stack_pool;
    double dom = 0;
    const auto parse_all = [&] {
        pool.Clear();
        stack_pool.Clear();
        dom = 0;
        const auto one = [&](std::string_view json) {
            RapidPooledDocument doc(&pool, 1024, &stack_pool);
            doc.Parse<Flags>(json.data(), json.size());
            if (doc.HasParseError()) return false;
            dom = static_cast<double>(pool.Size());  // the pool holds every record parsed so far
            benchmark::DoNotOptimize(&doc);
            return true;
        };
        if (!is_ndjson(name)) return one(*data);
        for (std::string_view r : recs) {
            if (!one(r)) return false;
        }
        return true;
    };
    if (!parse_all()) return state.SkipWithError("RapidJSON rejected the input");  // warm
    arenajson::bench::AllocationCount allocs;
    for (auto _ : state) {
        if (!parse_all()) return state.SkipWithError("RapidJSON rejected the input");
    }
    finish(state, *data, dom, allocs);
}

template <unsigned Flags>
void BM_RapidJsonFresh(benchmark::State& state, const std::string& name) {
    const std::string* data = input(state, name);
    if (!data) return;
    const auto recs = records(name, *data);
    double dom = 0;
    arenajson::bench::AllocationCount allocs;
    for (auto _ : state) {
        dom = 0;
        const auto one = [&](std::string_view json) {
            rapidjson::Document doc;
            doc.Parse<Flags>(json.data(), json.size());
            if (doc.HasParseError()) return false;
            dom += static_cast<double>(doc.GetAllocator().Size());
            benchmark::DoNotOptimize(&doc);
            return true;
        };
        if (is_ndjson(name)) {
            for (std::string_view r : recs) {
                if (!one(r)) return state.SkipWithError("RapidJSON rejected the input");
            }
        } else if (!one(*data)) {
            return state.SkipWithError("RapidJSON rejected the input");
        }
    }
    finish(state, *data, dom, allocs);
}

constexpr unsigned kRapidExact =
    rapidjson::kParseFullPrecisionFlag | rapidjson::kParseValidateEncodingFlag;

// --- simdjson DOM

#if defined(ARENAJSON_HAVE_SIMDJSON)
template <bool Fresh>
void BM_Simdjson(benchmark::State& state, const std::string& name) {
    const std::string* data = input(state, name);
    if (!data) return;
    const auto recs = records(name, *data);
    std::unique_ptr<simdjson::dom::parser> reused = std::make_unique<simdjson::dom::parser>();
    const simdjson::padded_string padded(*data);
    std::vector<simdjson::padded_string> padded_records;
    for (std::string_view r : recs)
        padded_records.emplace_back(r);
    const auto one = [&](const simdjson::padded_string& json) {
        if (Fresh) reused = std::make_unique<simdjson::dom::parser>();
        simdjson::dom::element e;
        if (reused->parse(json).get(e)) return false;
        benchmark::DoNotOptimize(e);
        return true;
    };
    const auto parse_all = [&] {
        if (!is_ndjson(name)) return one(padded);
        for (const auto& r : padded_records) {
            if (!one(r)) return false;
        }
        return true;
    };
    // Hot: the parser's buffers are grown once, before timing.
    if (!Fresh && !parse_all()) return state.SkipWithError("simdjson rejected the input");
    arenajson::bench::AllocationCount allocs;
    for (auto _ : state) {
        if (!parse_all()) return state.SkipWithError("simdjson rejected the input");
    }
    // The parser's tape and string buffer: about 8 bytes per value and the strings.
    finish(state, *data, 0, allocs);
    state.counters.erase("dom_bytes_per_input_byte");
}
#endif

// --- Boost.JSON

#if defined(ARENAJSON_HAVE_BOOST_JSON)
template <bool Monotonic, bool Fresh = false>
void BM_BoostJson(benchmark::State& state, const std::string& name) {
    const std::string* data = input(state, name);
    if (!data) return;
    const auto recs = records(name, *data);
    std::vector<unsigned char> buffer(Monotonic ? data->size() * 4 + 4096 : 0);
    std::unique_ptr<boost::json::parser> reused = std::make_unique<boost::json::parser>();
    const auto one = [&](std::string_view json) {
        boost::json::monotonic_resource mr(buffer.data(), buffer.size());
        boost::json::storage_ptr sp =
            Monotonic ? boost::json::storage_ptr(&mr) : boost::json::storage_ptr();
        if (Fresh) reused = std::make_unique<boost::json::parser>();
        reused->reset(sp);
        boost::system::error_code ec;
        reused->write(json.data(), json.size(), ec);
        if (ec) return false;
        boost::json::value v = reused->release();
        benchmark::DoNotOptimize(&v);
        return true;
    };
    const auto parse_all = [&] {
        if (!is_ndjson(name)) return one(*data);
        for (std::string_view r : recs) {
            if (!one(r)) return false;
        }
        return true;
    };
    // Hot: the parser's stack and the monotonic buffer are touched once, before timing.
    if (!Fresh && !parse_all()) return state.SkipWithError("Boost.JSON rejected the input");
    arenajson::bench::AllocationCount allocs;
    for (auto _ : state) {
        if (!parse_all()) return state.SkipWithError("Boost.JSON rejected the input");
    }
    finish(state, *data, 0, allocs);
    state.counters.erase("dom_bytes_per_input_byte");
}
#endif

#if defined(ARENAJSON_HAVE_NLOHMANN)
void BM_Nlohmann(benchmark::State& state, const std::string& name) {
    const std::string* data = input(state, name);
    if (!data) return;
    const auto recs = records(name, *data);
    arenajson::bench::AllocationCount allocs;
    for (auto _ : state) {
        if (is_ndjson(name)) {
            for (std::string_view r : recs) {
                auto j = nlohmann::json::parse(r, nullptr, false);
                if (j.is_discarded()) return state.SkipWithError("nlohmann rejected the input");
            }
        } else {
            auto j = nlohmann::json::parse(*data, nullptr, false);
            if (j.is_discarded()) return state.SkipWithError("nlohmann rejected the input");
            benchmark::DoNotOptimize(&j);
        }
    }
    finish(state, *data, 0, allocs);
    state.counters.erase("dom_bytes_per_input_byte");
}
#endif

int register_all() {
    std::vector<std::string> files = arenajson::bench::standard_files();
    files.push_back("fhir_Encounter.000.ndjson");
    for (const std::string& f : arenajson::bench::large_files())
        files.push_back(f);
    // The cost of rejecting duplicate keys, on the standard files only.
    for (const std::string& f : arenajson::bench::standard_files()) {
        benchmark::RegisterBenchmark(("dom/hot/arenajson_reject_duplicates/" + f).c_str(), BM_Ours,
                                     f, arenajson::DuplicateKeys::reject);
    }
    for (const std::string& f : files) {
        benchmark::RegisterBenchmark(("dom/hot/arenajson/" + f).c_str(), BM_Ours, f,
                                     arenajson::DuplicateKeys::keep);
        benchmark::RegisterBenchmark(("dom/hot/rapidjson_default/" + f).c_str(),
                                     BM_RapidJson<rapidjson::kParseDefaultFlags>, f);
        benchmark::RegisterBenchmark(("dom/hot/rapidjson_fullprec_validate/" + f).c_str(),
                                     BM_RapidJson<kRapidExact>, f);
#if defined(ARENAJSON_HAVE_SIMDJSON)
        benchmark::RegisterBenchmark(("dom/hot/simdjson/" + f).c_str(), BM_Simdjson<false>, f);
#endif
#if defined(ARENAJSON_HAVE_BOOST_JSON)
        benchmark::RegisterBenchmark(("dom/hot/boostjson_monotonic/" + f).c_str(),
                                     BM_BoostJson<true>, f);
        benchmark::RegisterBenchmark(("dom/hot/boostjson/" + f).c_str(), BM_BoostJson<false>, f);
#endif
#if defined(ARENAJSON_HAVE_NLOHMANN)
        benchmark::RegisterBenchmark(("dom/hot/nlohmann/" + f).c_str(), BM_Nlohmann, f);
#endif
        benchmark::RegisterBenchmark(("dom/fresh/arenajson/" + f).c_str(), BM_OursFresh, f);
        benchmark::RegisterBenchmark(("dom/fresh/rapidjson_default/" + f).c_str(),
                                     BM_RapidJsonFresh<rapidjson::kParseDefaultFlags>, f);
        benchmark::RegisterBenchmark(("dom/fresh/rapidjson_fullprec_validate/" + f).c_str(),
                                     BM_RapidJsonFresh<kRapidExact>, f);
#if defined(ARENAJSON_HAVE_SIMDJSON)
        benchmark::RegisterBenchmark(("dom/fresh/simdjson/" + f).c_str(), BM_Simdjson<true>, f);
#endif
#if defined(ARENAJSON_HAVE_BOOST_JSON)
        benchmark::RegisterBenchmark(("dom/fresh/boostjson/" + f).c_str(),
                                     BM_BoostJson<false, true>, f);
#endif
#if defined(ARENAJSON_HAVE_NLOHMANN)
        // nlohmann has no parser or memory to reuse: every parse is fresh.
        benchmark::RegisterBenchmark(("dom/fresh/nlohmann/" + f).c_str(), BM_Nlohmann, f);
#endif
    }
    return 0;
}
const int registered = register_all();

}  // namespace

BENCHMARK_MAIN();
