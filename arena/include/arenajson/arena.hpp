// arenajson/arena.hpp — a chunked bump allocator.
//
// The arena hands out memory by bumping a pointer inside large chunks and frees everything in
// one drop. It never runs destructors, so the typed helpers accept only trivially destructible
// types. It knows nothing of JSON.
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory_resource>
#include <new>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>

// Under AddressSanitizer the arena poisons the memory it has not handed out (and what reset()
// takes back), so an overflow inside a chunk is reported like one on the heap.
#if defined(__SANITIZE_ADDRESS__)
#define ARENAJSON_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENAJSON_ASAN 1
#endif
#endif
#ifndef ARENAJSON_ASAN
#define ARENAJSON_ASAN 0
#endif
#if ARENAJSON_ASAN
#include <sanitizer/asan_interface.h>
#endif
// The bump allocation is inlined even into very large callers (the reader's grammar loop):
// a call costs more than the allocation.
#if defined(__GNUC__)
#define ARENAJSON_ARENA_INLINE __attribute__((always_inline))
#else
#define ARENAJSON_ARENA_INLINE
#endif

namespace arenajson {

/// How an Arena sizes and limits its chunks. All sizes are in bytes.
struct ArenaOptions {
    /// Expected total bytes. The first chunk is sized from it; 0 means "unknown".
    std::size_t capacity_hint = 0;
    /// A known upper bound on the total bytes, or 0. When the first chunk runs out, the second
    /// chunk is sized to cover the rest of the bound, so a caller that knows a bound gets at
    /// most two chunks. Large chunks are only reserved address space until written.
    std::size_t capacity_bound = 0;
    /// The most bytes the arena may take from the system (chunks, including their headers).
    /// An allocation that would pass it fails; the arena stays usable.
    std::size_t byte_limit = std::numeric_limits<std::size_t>::max();
};

/// What an arena holds (Arena::stats, Document::memory). A plain snapshot: it does not follow
/// later allocations.
struct ArenaStats {
    /// Bytes handed out, including alignment padding.
    std::size_t bytes_used = 0;
    /// Bytes of the chunks taken from the system (mostly untouched address space for large
    /// chunks until written).
    std::size_t bytes_reserved = 0;
    /// Chunks held; a parse sized from its input takes at most two.
    std::size_t chunk_count = 0;
};

/// A chunked bump allocator. Move-only; destruction or reset() releases memory in one pass
/// over the chunk list, without visiting what was allocated.
///
/// Chunks of 1 MiB or more come straight from the kernel (mmap), aligned to 2 MiB and advised
/// for transparent huge pages, because first-touching fresh memory dominates on many machines;
/// a small process-wide cache keeps recently released large chunks for the next arena (see
/// set_chunk_cache_limit). Smaller chunks come from malloc. Memory is never zero-filled.
///
/// Thread safety: one arena must not be used from two threads at once; different arenas may.
///
/// Under AddressSanitizer (built with -fsanitize=address), memory not yet handed out and memory
/// taken back by reset() is poisoned, so reading or writing past an allocation inside a chunk
/// is reported as use-after-poison. Code that allocates must then be built with the sanitizer
/// too (try_alloc is inline and unpoisons what it hands out).
class Arena {
  public:
    /// The first chunk size when no capacity hint is given.
    static constexpr std::size_t kDefaultFirstChunk = 64 * 1024;
    /// The smallest chunk the arena asks the system for.
    static constexpr std::size_t kMinChunk = 4 * 1024;

    /// Creates an empty arena; no memory is taken until the first allocation. O(1).
    explicit Arena(ArenaOptions options = {}) noexcept : options_(options) {}
    ///@{
    /// Moving takes over the chunks and leaves `other` empty. O(1) (assignment first frees
    /// this arena's chunks). No memory moves, so pointers into the chunks stay valid.
    Arena(Arena&& other) noexcept { swap(other); }
    Arena& operator=(Arena&& other) noexcept {
        if (this != &other) {
            Arena moved(std::move(other));
            swap(moved);
        }
        return *this;
    }
    ///@}
    Arena(const Arena&) = delete;
    Arena& operator=(const Arena&) = delete;
    /// Frees every chunk. O(chunks).
    ~Arena() { release_all(); }

    /// Returns `size` bytes aligned to `align` (a power of two, at most 4096), or nullptr when
    /// the byte limit or the system refuses. O(1) amortised; never touches the memory.
    [[nodiscard]] ARENAJSON_ARENA_INLINE void* try_alloc(std::size_t size,
                                                         std::size_t align) noexcept {
        assert(align != 0 && (align & (align - 1)) == 0 && align <= kMaxAlign);
        const std::uintptr_t p = (cursor_ + (align - 1)) & ~std::uintptr_t(align - 1);
        // `p - 1 < end_` is `0 < p <= end_`: false for an arena with no chunk yet.
        if (p - 1 < end_ && size <= end_ - p) {
            cursor_ = p + size;
#if ARENAJSON_ASAN
            ASAN_UNPOISON_MEMORY_REGION(reinterpret_cast<void*>(p), size);
#endif
            return reinterpret_cast<void*>(p);
        }
        return alloc_slow(size, align);
    }

    /// Constructs a T in the arena, or returns nullptr on failure. T is never destroyed, so
    /// types that need a destructor are refused at compile time. O(1) amortised.
    template <class T, class... Args>
    requires std::is_trivially_destructible_v<T>
    [[nodiscard]] T* try_create(Args&&... args) noexcept(
        std::is_nothrow_constructible_v<T, Args...>) {
        void* p = try_alloc(sizeof(T), alignof(T));
        return p ? ::new (p) T(std::forward<Args>(args)...) : nullptr;
    }

    /// Copies `count` objects of T into the arena; returns the copy or nullptr on failure
    /// (including a byte count that overflows). T must be trivially copyable and destructible:
    /// the arena copies bytes and runs no destructor. O(count).
    template <class T>
    requires std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>
    [[nodiscard]] T* try_alloc_array_copy(const T* data, std::size_t count) noexcept {
        if (count > std::numeric_limits<std::size_t>::max() / sizeof(T)) return nullptr;
        void* p = try_alloc(count * sizeof(T), alignof(T));
        if (p != nullptr && count != 0) std::memcpy(p, data, count * sizeof(T));
        return static_cast<T*>(p);
    }
    /// The same for a span; an empty span (data() == nullptr) on failure. O(size).
    template <class T>
    requires std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>
    [[nodiscard]] std::span<T> try_alloc_slice_copy(std::span<const T> items) noexcept {
        T* p = try_alloc_array_copy(items.data(), items.size());
        return p ? std::span<T>(p, items.size()) : std::span<T>();
    }

    /// Copies a string and a terminating NUL; returns a view of the copy (without the NUL), or
    /// a view with a null data() on failure. O(length).
    [[nodiscard]] std::string_view try_alloc_str(std::string_view s) noexcept {
        if (s.size() == std::numeric_limits<std::size_t>::max()) return {};
        auto* p = static_cast<char*>(try_alloc(s.size() + 1, 1));
        if (p == nullptr) return {};
        if (!s.empty()) std::memcpy(p, s.data(), s.size());
        p[s.size()] = '\0';
        return {p, s.size()};
    }

    /// Forgets every allocation. Keeps the largest chunk for reuse and frees the others, so a
    /// loop that allocates about the same each round takes nothing from the system after the
    /// first rounds. O(chunks).
    void reset() noexcept;

    /// Bytes the current chunk can still hand out (less alignment padding) before the arena
    /// needs another chunk. O(1).
    [[nodiscard]] std::size_t room() const noexcept {
        return (fail_in_ != 0 ? real_end_ : end_) - cursor_;
    }
    /// Bytes used and reserved, and the chunk count. O(1).
    [[nodiscard]] ArenaStats stats() const noexcept {
        return {used_before_current_ + (cursor_ - current_begin_), reserved_, chunk_count_};
    }
    /// The options as they are now (set_byte_limit and set_capacity change them). O(1).
    [[nodiscard]] const ArenaOptions& options() const noexcept {
        return options_;
    }
    /// Changes the byte limit for later allocations; chunks already held stay, even when they
    /// pass the new limit. O(1).
    void set_byte_limit(std::size_t limit) noexcept {
        options_.byte_limit = limit;
    }
    /// Changes the sizing hints; they apply to the next chunk taken from the system. O(1).
    void set_capacity(std::size_t hint, std::size_t bound) noexcept {
        options_.capacity_hint = hint;
        options_.capacity_bound = bound;
    }

    /// Testing hook: the n-th allocation from now fails, once (n >= 1; 0 disarms; reset()
    /// disarms). Until then allocations take the slow path; unused, it costs nothing.
    void inject_failure_after(std::size_t n) noexcept;

    /// True when `p` points into memory this arena owns (diagnostics and tests). O(chunks).
    [[nodiscard]] bool owns(const void* p) const noexcept;

    ///@{
    /// Blocks: large memory a caller fills itself (a growing buffer, say) and then either
    /// hands to an arena with adopt_block(), without copying, or gives back with
    /// release_block(). They come from the same source as large chunks (mapped, huge-page
    /// advised, and reused warm from the process-wide cache), and go back to it when the arena
    /// that adopted them is reset or dropped. The first kBlockHeader bytes of a block belong
    /// to the arena; the caller's bytes start after them.
    static constexpr std::size_t kBlockHeader = 64;
    /// A block of at least `size` bytes (its size in `size`), or nullptr. Thread-safe.
    [[nodiscard]] static void* acquire_block(std::size_t& size) noexcept;
    /// Makes a block `size` bytes (its new size in `size`), keeping its first `keep` bytes:
    /// a smaller size trims it in place; a larger one moves it by remapping its pages where
    /// the system can, else copies. Returns the block, or nullptr when the system refuses (the
    /// old block is then still the caller's).
    [[nodiscard]] static void* resize_block(void* block, std::size_t old_size, std::size_t keep,
                                            std::size_t& size) noexcept;
    /// Gives a block back (to the cache, or the system). Thread-safe.
    static void release_block(void* block, std::size_t size) noexcept;
    /// This arena takes `block` (from acquire_block, `size` bytes) as a chunk of its own, of
    /// which the caller used `used` bytes after the header: they count as allocated, the pages
    /// past them go back to the system first (the block shrinks in place, never moves), so
    /// the arena reserves what a copy of them would take, and nothing else is allocated in
    /// it. False, with the block untouched and still the caller's, when the kept pages would
    /// pass the byte limit. An adopted block goes back to the cache when the arena is reset
    /// (reset keeps only a chunk of the arena's own). O(1).
    [[nodiscard]] bool adopt_block(void* block, std::size_t size, std::size_t used) noexcept;
    ///@}
    /// Exchanges everything two arenas hold, options included. O(1); no memory moves.
    void swap(Arena& other) noexcept {
        std::swap(options_, other.options_);
        std::swap(head_, other.head_);
        std::swap(cursor_, other.cursor_);
        std::swap(end_, other.end_);
        std::swap(current_begin_, other.current_begin_);
        std::swap(used_before_current_, other.used_before_current_);
        std::swap(reserved_, other.reserved_);
        std::swap(chunk_count_, other.chunk_count_);
        std::swap(last_regular_size_, other.last_regular_size_);
        std::swap(fail_in_, other.fail_in_);
        std::swap(real_end_, other.real_end_);
    }

    /// The largest alignment try_alloc accepts (one page).
    static constexpr std::size_t kMaxAlign = 4096;

  private:
    struct Chunk;

    void* alloc_slow(std::size_t size, std::size_t align) noexcept;
    Chunk* take_chunk(std::size_t usable) noexcept;
    void make_current(Chunk* c) noexcept;
    void release_all() noexcept;

    ArenaOptions options_{};
    Chunk* head_ = nullptr;  // every chunk; the current one is first (adopted blocks aside)
    std::uintptr_t cursor_ = 0;
    std::uintptr_t end_ = 0;
    std::uintptr_t current_begin_ = 0;
    std::size_t used_before_current_ = 0;
    std::size_t reserved_ = 0;
    std::size_t chunk_count_ = 0;
    std::size_t last_regular_size_ = 0;
    std::size_t fail_in_ = 0;      // failure injection: allocations left before one fails
    std::uintptr_t real_end_ = 0;  // the current chunk's end while end_ is held at cursor_
};

/// Limits the process-wide cache of released large chunks (default 256 MiB; 0 disables it)
/// and returns the previous limit. Cached chunks beyond the new limit are unmapped at once.
/// Thread-safe (takes the cache's lock). Never fails.
std::size_t set_chunk_cache_limit(std::size_t bytes) noexcept;
/// Returns every cached chunk to the kernel, e.g. after a burst of large documents. Arenas
/// that are alive keep their chunks. Thread-safe; O(cached chunks).
void release_cached_chunks() noexcept;

/// A std::pmr::memory_resource that allocates from an Arena, so standard pmr containers can
/// live in it. deallocate() does nothing; the memory goes when the arena is reset or dropped.
/// Allocation failure throws std::bad_alloc, as memory_resource requires.
class ArenaResource final : public std::pmr::memory_resource {
  public:
    /// Allocates from `arena`, which it does not own: the arena must outlive the resource and
    /// every container that uses it. O(1).
    explicit ArenaResource(Arena& arena) noexcept : arena_(&arena) {}
    /// The arena it allocates from. O(1).
    [[nodiscard]] Arena& arena() const noexcept { return *arena_; }

  private:
    void* do_allocate(std::size_t bytes, std::size_t align) override {
        void* p = arena_->try_alloc(bytes, align);
        if (p == nullptr) throw std::bad_alloc();
        return p;
    }
    void do_deallocate(void*, std::size_t, std::size_t) noexcept override {}
    bool do_is_equal(const std::pmr::memory_resource& other) const noexcept override {
        return this == &other;
    }

    Arena* arena_;
};

}  // namespace arenajson
