// Object lookup: the index of large objects (hash bytes below 255 members, a hash table above)
// against a linear scan of the same members.
// Also the data behind kIndexThreshold (dom/include/arenajson/detail/node.hpp): at 16 members
// the index already wins, below it a scan of a few keys is as fast as hashing the query.
#include "arenajson/document.hpp"

#include <benchmark/benchmark.h>

#include <cstring>
#include <string>
#include <vector>

namespace {

struct Fixture {
    arenajson::Document doc;
    std::vector<std::string> keys;  // queried in a fixed shuffled order
};

const Fixture& fixture(int n) {
    static std::vector<std::unique_ptr<Fixture>> cache(1 << 15);
    auto& slot = cache[static_cast<std::size_t>(n)];
    if (!slot) {
        slot = std::make_unique<Fixture>();
        std::string json = "{";
        for (int i = 0; i < n; ++i) {
            json += (i ? ",\"" : "\"") + std::string("member_key_") + std::to_string(i) +
                    "\":" + std::to_string(i);
        }
        json += "}";
        slot->doc = *arenajson::parse(json);
        for (int i = 0; i < n; ++i)
            slot->keys.push_back("member_key_" + std::to_string((i * 7919) % n));
    }
    return *slot;
}

void BM_LookupIndexed(benchmark::State& state) {
    const Fixture& f = fixture(static_cast<int>(state.range(0)));
    const arenajson::Object o = *f.doc.root().get_object();
    std::size_t i = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(o.find(f.keys[i]).node());
        if (++i == f.keys.size()) i = 0;
    }
    state.SetItemsProcessed(state.iterations());
}

// The same members, found by comparing every key in order (what an object without an index does).
void BM_LookupLinear(benchmark::State& state) {
    const Fixture& f = fixture(static_cast<int>(state.range(0)));
    const arenajson::Object o = *f.doc.root().get_object();
    std::size_t i = 0;
    for (auto _ : state) {
        const std::string& key = f.keys[i];
        const arenajson::Value* found = nullptr;
        arenajson::Value v;
        for (auto [k, value] : o) {
            if (k.size() == key.size() && std::memcmp(k.data(), key.data(), k.size()) == 0) {
                v = value;
                found = &v;
                break;
            }
        }
        benchmark::DoNotOptimize(found);
        if (++i == f.keys.size()) i = 0;
    }
    state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_LookupIndexed)
    ->Name("lookup/indexed")
    ->Arg(16)
    ->Arg(32)
    ->Arg(64)
    ->Arg(1000)
    ->Arg(10000);
BENCHMARK(BM_LookupLinear)
    ->Name("lookup/linear")
    ->Arg(4)
    ->Arg(8)
    ->Arg(16)
    ->Arg(32)
    ->Arg(64)
    ->Arg(1000)
    ->Arg(10000);

}  // namespace

BENCHMARK_MAIN();
