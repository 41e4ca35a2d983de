// Hostile input: what an attacker's JSON costs next to ordinary JSON of the same size.
//
// - Objects of n members (10k to 1M) with ordinary keys, with keys that collide in arenajson
//   0.1's unseeded hash, and with every key hashing alike (the test hook, standing for keys
//   chosen against the seeded hash by someone who knows the seed): the time to build the DOM,
//   to check for duplicate keys while streaming (KeyCheck, as `check --reject-duplicate-keys`
//   runs it) and to look a key up. Each should stay within 3x of the ordinary object.
// - The shapes with the most DOM per input byte, and deep nesting, next to twitter.json at the
//   same size (BM_Shape) and next to eight copies of it (BM_ShapeLarge, about 5 MB): time per
//   input byte and DOM bytes per input byte (counters ns_per_byte and dom_per_byte).
//
//   bench_hostile --write-inputs DIR   also writes the hostile objects as JSON files, for
//                                      whole-process runs of the CLI (scripts/bench.sh)
#include "arenajson/arenajson.hpp"
#include "arenajson/detail/object_index.hpp"
#include "corpus.hpp"
#include "hostile_inputs.hpp"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace {

using namespace arenajson;

enum class Keys : int { ordinary = 0, colliding = 1, equal_hashes = 2 };

struct ObjectInput {
    std::vector<std::string> keys;
    std::string json;
};

// The probe-run band for colliding keys: narrow enough that one run covers the object, wide
// enough that finding a million keys takes seconds, not hours.
std::size_t band_for(std::size_t n) {
    return n >= 500000 ? 8192 : 64;
}

const ObjectInput& object_input(Keys kind, std::size_t n) {
    static std::map<std::pair<int, std::size_t>, std::unique_ptr<ObjectInput>> cache;
    // The hook changes hashes, not keys: equal_hashes objects use the ordinary keys.
    const int key_kind = kind == Keys::colliding ? 1 : 0;
    auto& slot = cache[{key_kind, n}];
    if (!slot) {
        slot = std::make_unique<ObjectInput>();
        slot->keys = kind == Keys::colliding ? hostile::colliding_keys(n, band_for(n))
                                             : hostile::ordinary_keys(n);
        slot->json = hostile::object_of(slot->keys);
    }
    return *slot;
}

// Turns the hook on for one benchmark when it runs the equal_hashes kind.
class HookScope {
  public:
    explicit HookScope(Keys kind) : on_(kind == Keys::equal_hashes) {
        if (on_) detail::set_equal_hashes_for_testing(true);
    }
    ~HookScope() {
        if (on_) detail::set_equal_hashes_for_testing(false);
    }
    HookScope(const HookScope&) = delete;
    HookScope& operator=(const HookScope&) = delete;

  private:
    bool on_;
};

const char* kind_name(Keys kind) {
    return kind == Keys::ordinary    ? "ordinary"
           : kind == Keys::colliding ? "colliding_0.1"
                                     : "equal_hashes";
}

void BM_ObjectParse(benchmark::State& state) {
    const auto kind = static_cast<Keys>(state.range(0));
    const ObjectInput& in = object_input(kind, static_cast<std::size_t>(state.range(1)));
    HookScope hook(kind);
    Parser parser;
    Document doc;
    for (auto _ : state) {
        if (!parser.parse_into(doc, in.json)) {
            state.SkipWithError("parse failed");
            return;
        }
        benchmark::DoNotOptimize(doc.root().node());
    }
    state.SetLabel(kind_name(kind));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * in.json.size()));
    state.counters["ordered_index"] =
        (doc.root().node()->head & detail::kOrderedIndexFlag) != 0 ? 1 : 0;
}

void BM_ObjectCheckDuplicates(benchmark::State& state) {
    const auto kind = static_cast<Keys>(state.range(0));
    const ObjectInput& in = object_input(kind, static_cast<std::size_t>(state.range(1)));
    HookScope hook(kind);
    KeyCheck keys;
    Reader<KeyCheck> reader(keys);
    for (auto _ : state) {
        reader.reset();
        keys.reset();
        if (reader.feed(in.json).status == ReadStatus::error ||
            reader.finish().status == ReadStatus::error) {
            state.SkipWithError("check failed");
            return;
        }
    }
    state.SetLabel(kind_name(kind));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * in.json.size()));
}

void BM_ObjectLookup(benchmark::State& state) {
    const auto kind = static_cast<Keys>(state.range(0));
    const ObjectInput& in = object_input(kind, static_cast<std::size_t>(state.range(1)));
    HookScope hook(kind);
    Result<Document> doc = parse(in.json);
    if (!doc) {
        state.SkipWithError("parse failed");
        return;
    }
    const Object object = doc->root().members();
    std::size_t i = 0;
    const std::size_t step = 7919 % in.keys.size();
    for (auto _ : state) {
        benchmark::DoNotOptimize(object.find(in.keys[i]).node());
        i += step;
        if (i >= in.keys.size()) i -= in.keys.size();
    }
    state.SetLabel(kind_name(kind));
    state.SetItemsProcessed(state.iterations());
}

void object_args(benchmark::internal::Benchmark* b) {
    for (int kind : {0, 1, 2}) {
        for (int n : {10000, 65536, 100000, 1000000})
            b->Args({kind, n});
    }
}

BENCHMARK(BM_ObjectParse)->Apply(object_args)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ObjectCheckDuplicates)->Apply(object_args)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ObjectLookup)->Apply(object_args);

// --- shapes

void report_shape(benchmark::State& state, const std::string& json, const Document& doc) {
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * json.size()));
    state.counters["dom_per_byte"] =
        static_cast<double>(doc.memory().bytes_used) / static_cast<double>(json.size());
    state.counters["ns_per_byte"] = benchmark::Counter(
        static_cast<double>(state.iterations() * json.size()),
        benchmark::Counter::kIsRate | benchmark::Counter::kInvert, benchmark::Counter::kIs1000);
}

void parse_loop(benchmark::State& state, const std::string& json) {
    Parser parser;
    Document doc;
    for (auto _ : state) {
        if (!parser.parse_into(doc, json)) {
            state.SkipWithError("parse failed");
            return;
        }
        benchmark::DoNotOptimize(doc.root().node());
    }
    report_shape(state, json, doc);
}

// Each shape is compared with ordinary JSON of the same size, so that both go through the
// same caches: twitter.json against shapes of its size, and eight copies of it in one array
// (about 5 MB, a DOM beyond the L2 cache) against shapes of that size.
const std::string& twitter_times(std::size_t copies) {
    static std::map<std::size_t, std::string> inputs;
    std::string& json = inputs[copies];
    const std::string& one = bench::load_corpus("twitter.json");
    if (json.empty() && !one.empty()) {
        if (copies == 1) {
            json = one;
        } else {
            json = "[";
            for (std::size_t i = 0; i < copies; ++i)
                json += (i == 0 ? "" : ",") + one;
            json += "]";
        }
    }
    return json;
}

void BM_Shape(benchmark::State& state, const hostile::Shape* shape, std::size_t copies) {
    const std::size_t bytes = twitter_times(copies).size();
    if (bytes == 0) {
        state.SkipWithError("twitter.json not found (../shared/corpus)");
        return;
    }
    static std::map<std::pair<const hostile::Shape*, std::size_t>, std::string> inputs;
    std::string& json = inputs[{shape, copies}];
    if (json.empty()) json = shape->make(bytes);
    parse_loop(state, json);
}

void BM_ShapeTwitter(benchmark::State& state, std::size_t copies) {
    const std::string& json = twitter_times(copies);
    if (json.empty()) {
        state.SkipWithError("twitter.json not found (../shared/corpus)");
        return;
    }
    parse_loop(state, json);
}

void register_shapes() {
    for (const std::size_t copies : {std::size_t{1}, std::size_t{8}}) {
        const std::string group = copies == 1 ? "BM_Shape/" : "BM_ShapeLarge/";
        const std::string reference = copies == 1 ? "twitter.json" : "twitter.json_x8";
        benchmark::RegisterBenchmark((group + reference).c_str(), BM_ShapeTwitter, copies);
        for (const hostile::Shape& shape : hostile::shapes()) {
            benchmark::RegisterBenchmark((group + shape.name).c_str(), BM_Shape, &shape, copies);
        }
    }
}

bool write_inputs(const std::string& dir) {
    const auto write = [&](const std::string& name, const std::string& json) {
        const std::string path = dir + "/" + name;
        std::FILE* f = std::fopen(path.c_str(), "wb");
        if (f == nullptr) return false;
        const bool ok = std::fwrite(json.data(), 1, json.size(), f) == json.size();
        return std::fclose(f) == 0 && ok;
    };
    for (std::size_t n : {std::size_t{65536}, std::size_t{1000000}}) {
        const std::string suffix = n == 65536 ? "64k" : "1m";
        if (!write("object_ordinary_" + suffix + ".json", object_input(Keys::ordinary, n).json) ||
            !write("object_colliding_" + suffix + ".json", object_input(Keys::colliding, n).json))
            return false;
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], "--write-inputs") == 0) {
            if (!write_inputs(argv[i + 1])) {
                std::fprintf(stderr, "bench_hostile: cannot write the inputs to %s\n", argv[i + 1]);
                return 2;
            }
            // Drop the two arguments Google Benchmark does not know.
            for (int j = i; j + 2 < argc; ++j)
                argv[j] = argv[j + 2];
            argc -= 2;
            break;
        }
    }
    register_shapes();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
