// Parses many small documents with one Parser and one reused Document: after the first few,
// the loop makes no allocation at all. A counting operator new and malloc show it.
#include <arenajson/arenajson.hpp>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

namespace {
std::atomic<std::uint64_t> g_allocations{0};
}  // namespace

// Count every allocation made through operator new, throwing or not (the library's only route
// besides its arena chunks, which come from malloc or mmap and show in the arena's statistics).
void* operator new(std::size_t n) {
    ++g_allocations;
    if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t n) {
    return operator new(n);
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
    ++g_allocations;
    return std::malloc(n == 0 ? 1 : n);
}
void* operator new[](std::size_t n, const std::nothrow_t& tag) noexcept {
    return operator new(n, tag);
}
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete[](void* p) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
    std::free(p);
}

int main() {
    // The inputs are made first, so that the loop below does nothing but parse.
    std::vector<std::string> inputs;
    for (int i = 0; i < 10000; ++i) {
        inputs.push_back(R"({"id":)" + std::to_string(i) +
                         R"(,"tags":["a","b","c"],"note":"a note long enough for the arena"})");
    }
    arenajson::Parser parser;
    arenajson::Document doc;
    std::uint64_t steady_start = 0;
    std::size_t chunks_taken = 0;
    std::int64_t total = 0;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        if (i == 100) steady_start = g_allocations.load();  // the first parses size the buffers
        const std::size_t reserved = doc.memory().bytes_reserved;
        if (!parser.parse_into(doc, inputs[i])) {
            std::fprintf(stderr, "parse failed\n");
            return 1;
        }
        if (i >= 100 && doc.memory().bytes_reserved != reserved) ++chunks_taken;
        total += doc.root()["id"].get_int64().value_or(0);
    }
    const std::uint64_t steady_allocations = g_allocations.load() - steady_start;
    std::printf("parsed %zu documents, sum of ids %lld\n", inputs.size(),
                static_cast<long long>(total));
    std::printf("allocations in the last %zu parses: %llu\n", inputs.size() - 100,
                static_cast<unsigned long long>(steady_allocations));
    std::printf("arena chunks taken in the last %zu parses: %zu\n", inputs.size() - 100,
                chunks_taken);
    return steady_allocations == 0 && chunks_taken == 0 ? 0 : 1;
}
