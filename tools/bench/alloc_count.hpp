// Counts calls to the system allocator (malloc and friends, and mmap) made by this process,
// for the allocs_per_parse counters. The counting functions live in alloc_count.cpp, which
// interposes glibc's allocator symbols in the benchmark executables.
#pragma once

#include <atomic>
#include <cstdint>

namespace arenajson::bench {

std::uint64_t allocation_calls() noexcept;

/// Counts the allocation calls made since construction.
class AllocationCount {
  public:
    AllocationCount() noexcept : start_(allocation_calls()) {}
    [[nodiscard]] std::uint64_t calls() const noexcept { return allocation_calls() - start_; }

  private:
    std::uint64_t start_;
};

}  // namespace arenajson::bench
