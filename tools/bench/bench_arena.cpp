// The classic arena-versus-heap benchmark: many small objects that share one lifetime.
// Each iteration creates 1000 objects, touches them, then frees them all.
#include "arenajson/arena.hpp"

#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <memory>
#include <memory_resource>
#include <vector>

namespace {

constexpr int kObjects = 1000;

template <std::size_t Bytes>
struct Object {
    std::array<std::uint64_t, Bytes / 8> words;
    explicit Object(std::uint64_t seed) noexcept { words.fill(seed); }
};

template <class T>
void fill_and_sum(std::vector<T*>& objects, benchmark::State& state) {
    std::uint64_t sum = 0;
    for (T* o : objects)
        sum += o->words[0];
    benchmark::DoNotOptimize(sum);
    state.SetItemsProcessed(state.items_processed() + kObjects);
}

template <std::size_t Bytes>
void BM_NewDelete(benchmark::State& state) {
    using T = Object<Bytes>;
    std::vector<std::unique_ptr<T>> owners;
    owners.reserve(kObjects);
    std::vector<T*> objects;
    objects.reserve(kObjects);
    for (auto _ : state) {
        for (int i = 0; i < kObjects; ++i) {
            owners.push_back(std::make_unique<T>(std::uint64_t(i)));
            objects.push_back(owners.back().get());
        }
        fill_and_sum(objects, state);
        owners.clear();
        objects.clear();
    }
}

template <std::size_t Bytes>
void BM_ArenaFresh(benchmark::State& state) {
    using T = Object<Bytes>;
    std::vector<T*> objects;
    objects.reserve(kObjects);
    for (auto _ : state) {
        arenajson::Arena arena;
        for (int i = 0; i < kObjects; ++i)
            objects.push_back(arena.try_create<T>(std::uint64_t(i)));
        fill_and_sum(objects, state);
        objects.clear();
    }
}

template <std::size_t Bytes>
void BM_ArenaReset(benchmark::State& state) {
    using T = Object<Bytes>;
    std::vector<T*> objects;
    objects.reserve(kObjects);
    arenajson::Arena arena;
    for (auto _ : state) {
        for (int i = 0; i < kObjects; ++i)
            objects.push_back(arena.try_create<T>(std::uint64_t(i)));
        fill_and_sum(objects, state);
        objects.clear();
        arena.reset();
    }
}

template <std::size_t Bytes>
void BM_PmrMonotonic(benchmark::State& state) {
    using T = Object<Bytes>;
    std::vector<T*> objects;
    objects.reserve(kObjects);
    for (auto _ : state) {
        std::pmr::monotonic_buffer_resource resource;
        std::pmr::polymorphic_allocator<T> alloc(&resource);
        for (int i = 0; i < kObjects; ++i) {
            T* p = alloc.allocate(1);
            alloc.construct(p, std::uint64_t(i));
            objects.push_back(p);
        }
        fill_and_sum(objects, state);
        objects.clear();
    }
}

// The monotonic resource at its best: one initial buffer, reused after release().
template <std::size_t Bytes>
void BM_PmrMonotonicReused(benchmark::State& state) {
    using T = Object<Bytes>;
    std::vector<T*> objects;
    objects.reserve(kObjects);
    std::vector<std::byte> buffer(kObjects * Bytes + 4096);
    std::pmr::monotonic_buffer_resource resource(buffer.data(), buffer.size());
    for (auto _ : state) {
        std::pmr::polymorphic_allocator<T> alloc(&resource);
        for (int i = 0; i < kObjects; ++i) {
            T* p = alloc.allocate(1);
            alloc.construct(p, std::uint64_t(i));
            objects.push_back(p);
        }
        fill_and_sum(objects, state);
        objects.clear();
        resource.release();
    }
}

BENCHMARK_TEMPLATE(BM_NewDelete, 64);
BENCHMARK_TEMPLATE(BM_ArenaFresh, 64);
BENCHMARK_TEMPLATE(BM_ArenaReset, 64);
BENCHMARK_TEMPLATE(BM_PmrMonotonic, 64);
BENCHMARK_TEMPLATE(BM_PmrMonotonicReused, 64);
BENCHMARK_TEMPLATE(BM_NewDelete, 16);
BENCHMARK_TEMPLATE(BM_ArenaFresh, 16);
BENCHMARK_TEMPLATE(BM_ArenaReset, 16);
BENCHMARK_TEMPLATE(BM_PmrMonotonic, 16);
BENCHMARK_TEMPLATE(BM_PmrMonotonicReused, 16);

}  // namespace

BENCHMARK_MAIN();
