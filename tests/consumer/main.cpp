// Built against the installed package by tests/consumer/run_consumer.cmake.
#include <arenajson/arena.hpp>

#include <cstdio>

int main() {
    arenajson::Arena arena;
    const std::string_view s = arena.try_alloc_str("installed");
    if (s.data() == nullptr) return 1;
    std::printf("%s %zu\n", s.data(), arena.stats().chunk_count);
    return 0;
}
