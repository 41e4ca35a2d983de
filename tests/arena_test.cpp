#include "arenajson/arena.hpp"

#include <gtest/gtest.h>
#include <sys/mman.h>

#include <cstdint>
#include <memory_resource>
#include <set>
#include <string>
#include <vector>

namespace arenajson {
namespace {

std::uintptr_t addr(const void* p) {
    return reinterpret_cast<std::uintptr_t>(p);
}

template <class T>
concept Creatable = requires(Arena& a) {
    a.try_create<T>();
};
template <class T>
concept Copyable = requires(Arena& a, const T* p) {
    a.try_alloc_array_copy(p, 1);
};

struct Point {
    int x;
    int y;
};

TEST(Arena, RefusesTypesThatNeedDestructorsAtCompileTime) {
    static_assert(Creatable<Point>);
    static_assert(Creatable<std::uint64_t>);
    static_assert(!Creatable<std::string>);
    static_assert(!Creatable<std::vector<int>>);
    static_assert(Copyable<Point>);
    static_assert(!Copyable<std::string>);
}

TEST(Arena, EveryPowerOfTwoAlignmentUpTo4096) {
    Arena arena;
    std::vector<std::pair<std::uintptr_t, std::size_t>> blocks;
    for (std::size_t align = 1; align <= 4096; align *= 2) {
        for (std::size_t size : {1u, 3u, 17u, 100u, 4097u}) {
            void* p = arena.try_alloc(size, align);
            ASSERT_NE(p, nullptr) << "align " << align << " size " << size;
            EXPECT_EQ(addr(p) % align, 0u) << "align " << align << " size " << size;
            EXPECT_TRUE(arena.owns(p));
            std::memset(p, 0xAB, size);  // writable, and ASan checks the bounds
            blocks.emplace_back(addr(p), size);
        }
    }
    // No two blocks overlap.
    std::sort(blocks.begin(), blocks.end());
    for (std::size_t i = 1; i < blocks.size(); ++i) {
        EXPECT_GE(blocks[i].first, blocks[i - 1].first + blocks[i - 1].second);
    }
}

TEST(Arena, NothingIsTakenBeforeTheFirstAllocation) {
    Arena arena;
    const ArenaStats s = arena.stats();
    EXPECT_EQ(s.bytes_used, 0u);
    EXPECT_EQ(s.bytes_reserved, 0u);
    EXPECT_EQ(s.chunk_count, 0u);
}

TEST(Arena, ZeroSizeAllocationsAreDistinctFromFailure) {
    Arena arena;
    EXPECT_NE(arena.try_alloc(0, 1), nullptr);
    EXPECT_NE(arena.try_alloc(0, 64), nullptr);
}

TEST(Arena, StatisticsCountUsedBytesAndChunks) {
    Arena arena;
    (void)arena.try_alloc(100, 1);
    (void)arena.try_alloc(28, 1);
    ArenaStats s = arena.stats();
    EXPECT_EQ(s.bytes_used, 128u);
    EXPECT_EQ(s.chunk_count, 1u);
    EXPECT_GE(s.bytes_reserved, Arena::kDefaultFirstChunk);
    // Padding counts as used: the next 8-aligned block starts at 128 + the chunk's offset.
    (void)arena.try_alloc(1, 1);
    (void)arena.try_alloc(8, 8);
    s = arena.stats();
    EXPECT_GE(s.bytes_used, 137u);
    EXPECT_LE(s.bytes_used, 144u);
}

TEST(Arena, GrowsGeometrically) {
    Arena arena(ArenaOptions{.capacity_hint = 8192});
    std::vector<std::size_t> reserved_after_new_chunk;
    std::size_t chunks = 0;
    for (int i = 0; i < 4000; ++i) {
        ASSERT_NE(arena.try_alloc(64, 8), nullptr);
        if (arena.stats().chunk_count != chunks) {
            chunks = arena.stats().chunk_count;
            reserved_after_new_chunk.push_back(arena.stats().bytes_reserved);
        }
    }
    // 256000 bytes from an 8 KiB start: doubling needs about six chunks, not thirty.
    ASSERT_GE(reserved_after_new_chunk.size(), 3u);
    EXPECT_LE(reserved_after_new_chunk.size(), 7u);
    for (std::size_t i = 2; i < reserved_after_new_chunk.size(); ++i) {
        const std::size_t grew = reserved_after_new_chunk[i] - reserved_after_new_chunk[i - 1];
        const std::size_t before =
            reserved_after_new_chunk[i - 1] - reserved_after_new_chunk[i - 2];
        EXPECT_GE(grew, 2 * before - 4096) << "chunk " << i;
    }
    EXPECT_EQ(arena.stats().bytes_used, 4000u * 64u);
}

TEST(Arena, FirstChunkIsSizedFromTheCapacityHint) {
    Arena arena(ArenaOptions{.capacity_hint = 300 * 1024});
    for (int i = 0; i < 300; ++i)
        ASSERT_NE(arena.try_alloc(1000, 8), nullptr);
    EXPECT_EQ(arena.stats().chunk_count, 1u);
    EXPECT_GE(arena.stats().bytes_reserved, 300u * 1024u);
}

TEST(Arena, CapacityBoundGivesAtMostTwoChunks) {
    // The hint is far too small, but the bound is right: the second chunk covers the rest.
    Arena arena(ArenaOptions{.capacity_hint = 16 * 1024, .capacity_bound = 8 << 20});
    for (int i = 0; i < 7000; ++i)
        ASSERT_NE(arena.try_alloc(1024, 8), nullptr);
    EXPECT_EQ(arena.stats().chunk_count, 2u);
}

TEST(Arena, OversizedRequestGetsADedicatedChunkAndKeepsTheCurrentOne) {
    Arena arena(ArenaOptions{.capacity_hint = 64 * 1024});
    char* a = static_cast<char*>(arena.try_alloc(16, 1));
    ASSERT_NE(a, nullptr);
    const std::size_t big = 8 << 20;  // far beyond the next growth step
    void* huge = arena.try_alloc(big, 16);
    ASSERT_NE(huge, nullptr);
    std::memset(huge, 1, big);
    EXPECT_EQ(arena.stats().chunk_count, 2u);
    // The next small block continues right after the first one, in the first chunk.
    char* b = static_cast<char*>(arena.try_alloc(16, 1));
    EXPECT_EQ(b, a + 16);
    // The dedicated chunk fits the request, not a doubled growth step.
    EXPECT_LT(arena.stats().bytes_reserved, 64 * 1024 + big + (std::size_t{4} << 20));
    EXPECT_EQ(arena.stats().bytes_used, 32 + big);
}

TEST(Arena, ByteLimitFailsCleanlyAndTheArenaStaysUsable) {
    Arena arena(ArenaOptions{.capacity_hint = 16 * 1024, .byte_limit = 64 * 1024});
    std::size_t got = 0;
    while (arena.try_alloc(1024, 8) != nullptr) {
        got += 1024;
        ASSERT_LE(got, 64u * 1024u);
    }
    EXPECT_GT(got, 40u * 1024u);  // most of the budget is usable
    EXPECT_LE(arena.stats().bytes_reserved, 64u * 1024u);
    EXPECT_EQ(arena.try_alloc(std::size_t{1} << 30, 8), nullptr);
    // After reset the budget is whole again.
    arena.reset();
    EXPECT_NE(arena.try_alloc(1024, 8), nullptr);
}

TEST(Arena, AFailedRequestLeavesTheArenaAsItWas) {
    Arena arena(ArenaOptions{.capacity_hint = 16 * 1024, .byte_limit = 64 * 1024});
    char* a = static_cast<char*>(arena.try_alloc(1000, 8));
    ASSERT_NE(a, nullptr);
    const ArenaStats before = arena.stats();
    EXPECT_EQ(arena.try_alloc(std::size_t{1} << 30, 8), nullptr);  // past the limit
    EXPECT_EQ(arena.stats().bytes_used, before.bytes_used);
    EXPECT_EQ(arena.stats().bytes_reserved, before.bytes_reserved);
    EXPECT_EQ(arena.stats().chunk_count, before.chunk_count);
    // A request that fits what is left of the chunk still works, right after the first block.
    char* b = static_cast<char*>(arena.try_alloc(1000, 8));
    EXPECT_EQ(b, a + 1000);
}

TEST(Arena, ImpossibleRequestsReturnNull) {
    Arena arena;
    EXPECT_EQ(arena.try_alloc(std::numeric_limits<std::size_t>::max(), 1), nullptr);
    EXPECT_EQ(arena.try_alloc(std::numeric_limits<std::size_t>::max() - 8, 16), nullptr);
    const std::uint64_t* none = nullptr;
    EXPECT_EQ(arena.try_alloc_array_copy(none, std::numeric_limits<std::size_t>::max() / 4),
              nullptr);
    EXPECT_NE(arena.try_alloc(8, 8), nullptr);
}

TEST(Arena, ResetReusesTheSameAddresses) {
    Arena arena(ArenaOptions{.capacity_hint = 1 << 20});
    std::vector<void*> first;
    for (int i = 0; i < 1000; ++i)
        first.push_back(arena.try_alloc(48, 16));
    const ArenaStats before = arena.stats();
    arena.reset();
    EXPECT_EQ(arena.stats().bytes_used, 0u);
    for (int i = 0; i < 1000; ++i)
        EXPECT_EQ(arena.try_alloc(48, 16), first[i]) << i;
    EXPECT_EQ(arena.stats().bytes_reserved, before.bytes_reserved);
    EXPECT_EQ(arena.stats().chunk_count, 1u);
}

TEST(Arena, ResetKeepsTheLargestChunkSoLoopsStopAllocating) {
    Arena arena(ArenaOptions{.capacity_hint = 4096});
    // First round spreads over several growing chunks.
    for (int i = 0; i < 2000; ++i)
        ASSERT_NE(arena.try_alloc(64, 8), nullptr);
    ASSERT_GT(arena.stats().chunk_count, 2u);
    arena.reset();
    EXPECT_EQ(arena.stats().chunk_count, 1u);
    // Rounds after the next one fit in the kept chunk: nothing new from the system.
    for (int round = 0; round < 3; ++round) {
        for (int i = 0; i < 2000; ++i)
            ASSERT_NE(arena.try_alloc(64, 8), nullptr);
        arena.reset();
    }
    const ArenaStats steady = arena.stats();
    for (int i = 0; i < 2000; ++i)
        ASSERT_NE(arena.try_alloc(64, 8), nullptr);
    EXPECT_EQ(arena.stats().chunk_count, 1u);
    EXPECT_EQ(arena.stats().bytes_reserved, steady.bytes_reserved);
}

TEST(Arena, MoveTransfersEveryChunk) {
    Arena a;
    auto* p = a.try_create<Point>(Point{3, 4});
    ASSERT_NE(p, nullptr);
    const ArenaStats s = a.stats();
    Arena b(std::move(a));
    EXPECT_TRUE(b.owns(p));
    EXPECT_FALSE(a.owns(p));  // NOLINT(bugprone-use-after-move): moved-from is empty
    EXPECT_EQ(a.stats().chunk_count, 0u);
    EXPECT_EQ(b.stats().bytes_used, s.bytes_used);
    EXPECT_EQ(p->x, 3);
    EXPECT_EQ(p->y, 4);
    // The moved-from arena is usable.
    EXPECT_NE(a.try_alloc(10, 1), nullptr);

    Arena c;
    (void)c.try_alloc(100, 1);
    c = std::move(b);  // c's own chunk is freed, b's chunks move in
    EXPECT_TRUE(c.owns(p));
    EXPECT_EQ(c.stats().bytes_used, s.bytes_used);
}

TEST(Arena, TypedHelpersCopyStringsAndArrays) {
    Arena arena;
    const std::string text("hello\0world", 11);
    const std::string_view copy = arena.try_alloc_str(text);
    ASSERT_NE(copy.data(), nullptr);
    EXPECT_NE(copy.data(), text.data());
    EXPECT_EQ(copy, text);
    EXPECT_EQ(copy.data()[copy.size()], '\0');  // NUL-terminated for C callers
    EXPECT_TRUE(arena.owns(copy.data()));

    const std::vector<Point> points{{1, 2}, {3, 4}, {5, 6}};
    const std::span<Point> slice = arena.try_alloc_slice_copy(std::span<const Point>(points));
    ASSERT_EQ(slice.size(), 3u);
    EXPECT_EQ(addr(slice.data()) % alignof(Point), 0u);
    EXPECT_EQ(slice[2].x, 5);
    EXPECT_TRUE(arena.owns(slice.data()));

    const std::string_view empty = arena.try_alloc_str("");
    ASSERT_NE(empty.data(), nullptr);
    EXPECT_EQ(empty.data()[0], '\0');
}

TEST(Arena, PmrContainersLiveInTheArena) {
    Arena arena;
    ArenaResource resource(arena);
    std::pmr::vector<int> v(&resource);
    for (int i = 0; i < 10000; ++i)
        v.push_back(i);
    EXPECT_TRUE(arena.owns(v.data()));
    EXPECT_EQ(v[9999], 9999);
    std::pmr::string s("a string long enough to leave the small buffer", &resource);
    EXPECT_TRUE(arena.owns(s.data()));

    Arena limited(ArenaOptions{.capacity_hint = 4096, .byte_limit = 8192});
    ArenaResource limited_resource(limited);
    std::pmr::vector<char> big(&limited_resource);
    EXPECT_THROW(big.resize(1 << 20), std::bad_alloc);
}

TEST(Arena, LargeChunksAreHugePageAligned) {
    Arena arena(ArenaOptions{.capacity_hint = 3 << 20});
    void* p = arena.try_alloc(16, 16);
    ASSERT_NE(p, nullptr);
    // The chunk header sits at the start of the 2 MiB-aligned mapping.
    EXPECT_LT(addr(p) % (std::size_t{2} << 20), 256u);
    EXPECT_EQ(arena.stats().bytes_reserved % (std::size_t{2} << 20), 0u);
}

TEST(Arena, ReleasedLargeChunksAreReusedByTheNextArena) {
    const std::size_t old_limit = set_chunk_cache_limit(std::size_t{64} << 20);
    release_cached_chunks();
    void* first = nullptr;
    {
        Arena a(ArenaOptions{.capacity_hint = 4 << 20});
        first = a.try_alloc(64, 64);
        ASSERT_NE(first, nullptr);
    }
    {
        Arena b(ArenaOptions{.capacity_hint = 4 << 20});
        EXPECT_EQ(b.try_alloc(64, 64), first);
    }
    // A cached chunk stays mapped; with the cache disabled it goes back to the kernel, and
    // mincore() reports its pages as unmapped (ENOMEM).
    const auto mapped = [](void* p) {
        unsigned char page_state = 0;
        void* page = reinterpret_cast<void*>(addr(p) & ~std::uintptr_t{4095});
        return ::mincore(page, 1, &page_state) == 0;
    };
    void* cached = nullptr;
    {
        Arena c(ArenaOptions{.capacity_hint = 4 << 20});
        cached = c.try_alloc(64, 64);
        ASSERT_NE(cached, nullptr);
    }
    EXPECT_TRUE(mapped(cached));
    set_chunk_cache_limit(0);  // disabled, and what the cache held is released
    EXPECT_FALSE(mapped(cached));
    void* released = nullptr;
    {
        Arena c(ArenaOptions{.capacity_hint = 4 << 20});
        released = c.try_alloc(64, 64);
        ASSERT_NE(released, nullptr);
        EXPECT_TRUE(mapped(released));
    }
    EXPECT_FALSE(mapped(released));
    set_chunk_cache_limit(old_limit);
}

// A block filled outside the arena joins it as it is: same address, bytes intact, counted in
// the statistics; reset() gives it back (to the cache, where the next block comes from).
TEST(Arena, AdoptedBlocksJoinTheArenaWithoutACopy) {
    const std::size_t old_limit = set_chunk_cache_limit(std::size_t{64} << 20);
    release_cached_chunks();
    std::size_t size = 3 << 20;
    auto* block = static_cast<unsigned char*>(Arena::acquire_block(size));
    ASSERT_NE(block, nullptr);
    EXPECT_GE(size, std::size_t{3} << 20);
    unsigned char* const data = block + Arena::kBlockHeader;
    for (std::size_t i = 0; i < 100000; ++i)
        data[i] = static_cast<unsigned char>(i * 7);

    Arena arena;
    ASSERT_NE(arena.try_alloc(100, 8), nullptr);
    const ArenaStats before = arena.stats();
    ASSERT_TRUE(arena.adopt_block(block, size, 100000));
    EXPECT_EQ(arena.stats().bytes_used, before.bytes_used + 100000);
    // Only the huge page that holds the used bytes stays: what a chunk for them would take.
    const std::size_t kept = std::size_t{2} << 20;
    EXPECT_EQ(arena.stats().bytes_reserved, before.bytes_reserved + kept);
    EXPECT_EQ(arena.stats().chunk_count, before.chunk_count + 1);
    EXPECT_TRUE(arena.owns(data));
    bool intact = true;
    for (std::size_t i = 0; i < 100000; ++i)
        intact &= data[i] == static_cast<unsigned char>(i * 7);
    EXPECT_TRUE(intact);
    // Later allocations go to the arena's own chunks, never into the adopted block.
    void* after = arena.try_alloc(4096, 8);
    EXPECT_FALSE(addr(after) >= addr(block) && addr(after) < addr(block) + kept);

    arena.reset();  // keeps the arena's own chunk, not the adopted block
    EXPECT_FALSE(arena.owns(data));
    EXPECT_EQ(arena.stats().chunk_count, 1u);
    EXPECT_EQ(arena.stats().bytes_reserved, before.bytes_reserved);
    std::size_t again = kept;
    void* reused = Arena::acquire_block(again);
    EXPECT_EQ(reused, block);
    EXPECT_EQ(again, kept);
    Arena::release_block(reused, again);
    set_chunk_cache_limit(old_limit);
}

TEST(Arena, AnEmptyArenaAdoptsABlockAndStillAllocates) {
    std::size_t size = 1;
    void* block = Arena::acquire_block(size);
    ASSERT_NE(block, nullptr);
    Arena arena;
    ASSERT_TRUE(arena.adopt_block(block, size, 64));
    EXPECT_EQ(arena.stats().bytes_used, 64u);
    void* p = arena.try_alloc(32, 8);
    ASSERT_NE(p, nullptr);
    EXPECT_FALSE(addr(p) >= addr(block) && addr(p) < addr(block) + size);
    EXPECT_EQ(arena.stats().bytes_used, 96u);
    arena.reset();
    EXPECT_FALSE(arena.owns(static_cast<char*>(block) + Arena::kBlockHeader));
}

TEST(Arena, AdoptionPastTheByteLimitIsRefused) {
    std::size_t size = 2 << 20;
    void* block = Arena::acquire_block(size);
    ASSERT_NE(block, nullptr);
    Arena arena(ArenaOptions{.byte_limit = 1 << 20});
    EXPECT_FALSE(arena.adopt_block(block, size, 16));
    EXPECT_EQ(arena.stats().chunk_count, 0u);
    // More used than the block holds is refused too.
    Arena unlimited;
    EXPECT_FALSE(unlimited.adopt_block(block, size, size));
    Arena::release_block(block, size);  // still the caller's
}

TEST(Arena, ResizedBlocksKeepTheirBytes) {
    std::size_t size = 2 << 20;
    auto* block = static_cast<unsigned char*>(Arena::acquire_block(size));
    ASSERT_NE(block, nullptr);
    for (std::size_t i = 0; i < size; ++i)
        block[i] = static_cast<unsigned char>(i * 13);
    const std::size_t old_size = size;
    size = 9 << 20;
    auto* bigger =
        static_cast<unsigned char*>(Arena::resize_block(block, old_size, old_size, size));
    ASSERT_NE(bigger, nullptr);
    EXPECT_GE(size, std::size_t{9} << 20);
    bool intact = true;
    for (std::size_t i = 0; i < old_size; ++i)
        intact &= bigger[i] == static_cast<unsigned char>(i * 13);
    EXPECT_TRUE(intact);
    bigger[size - 1] = 1;  // all of it is usable
    // Smaller: trimmed in place.
    const std::size_t grown = size;
    size = 3 << 20;
    auto* smaller = static_cast<unsigned char*>(Arena::resize_block(bigger, grown, size, size));
    ASSERT_EQ(smaller, bigger);
    EXPECT_GE(size, std::size_t{3} << 20);
    EXPECT_LT(size, grown);
    intact = true;
    for (std::size_t i = 0; i < old_size; ++i)
        intact &= smaller[i] == static_cast<unsigned char>(i * 13);
    EXPECT_TRUE(intact);
    Arena::release_block(smaller, size);
}

TEST(Arena, InjectedFailureHitsExactlyTheNthAllocation) {
    for (std::size_t n = 1; n <= 5; ++n) {
        Arena arena;
        (void)arena.try_alloc(8, 8);
        arena.inject_failure_after(n);
        for (std::size_t i = 1; i < n; ++i)
            EXPECT_NE(arena.try_alloc(8, 8), nullptr) << n << " " << i;
        EXPECT_EQ(arena.try_alloc(8, 8), nullptr) << n;
        EXPECT_NE(arena.try_alloc(8, 8), nullptr) << n;  // once only
        EXPECT_EQ(arena.stats().bytes_used, 8 * (n + 1));
    }
}

// Matches text that contains `needle` (a death test's output).
class ContainsText final : public ::testing::MatcherInterface<const std::string&> {
  public:
    explicit ContainsText(std::string needle) : needle_(std::move(needle)) {}
    bool MatchAndExplain(const std::string& text, ::testing::MatchResultListener*) const override {
        return text.find(needle_) != std::string::npos;
    }
    void DescribeTo(std::ostream* os) const override { *os << "contains \"" << needle_ << '"'; }

  private:
    std::string needle_;
};

// Under AddressSanitizer the arena poisons what it has not handed out, so an overflow inside a
// chunk is reported (the asan preset runs this; other builds skip it).
TEST(ArenaDeathTest, OverflowInsideAChunkIsReportedUnderAddressSanitizer) {
#if !ARENAJSON_ASAN
    GTEST_SKIP() << "needs AddressSanitizer: run it in the asan preset";
#else
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    // A substring, not gtest's default regular expression: POSIX regcomp/regexec may come from
    // two libraries in a sanitizer build (libonig exports POSIX names too), which can hang.
    const ::testing::Matcher<const std::string&> poisoned =
        ::testing::MakeMatcher(new ContainsText("use-after-poison"));
    Arena arena;
    auto* block = static_cast<volatile char*>(arena.try_alloc(16, 8));
    ASSERT_NE(block, nullptr);
    block[15] = 1;  // inside the allocation: fine
    EXPECT_DEATH(block[16] = 1, poisoned);
    // A large block in its own chunk is guarded the same way.
    auto* large = static_cast<volatile char*>(arena.try_alloc(1 << 20, 8));
    ASSERT_NE(large, nullptr);
    large[(1 << 20) - 1] = 1;
    EXPECT_DEATH(large[1 << 20] = 1, poisoned);
    // What reset() takes back is poisoned again until it is handed out anew (an arena with one
    // chunk keeps it).
    Arena one;
    auto* kept = static_cast<volatile char*>(one.try_alloc(16, 8));
    ASSERT_NE(kept, nullptr);
    one.reset();
    EXPECT_DEATH((void)kept[0], poisoned);
    auto* again = static_cast<volatile char*>(one.try_alloc(16, 8));
    EXPECT_EQ(again, kept);
    ASSERT_NE(again, nullptr);
    again[0] = 2;
    EXPECT_EQ(again[0], 2);
#endif
}

}  // namespace
}  // namespace arenajson
