#include "arenajson/arena.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <vector>

#if defined(__unix__) || defined(__APPLE__)
#include <sys/mman.h>
#define ARENAJSON_HAVE_MMAP 1
#else
#define ARENAJSON_HAVE_MMAP 0
#endif

namespace arenajson {

namespace {

#if ARENAJSON_ASAN
void poison(std::uintptr_t begin, std::uintptr_t end) noexcept {
    ASAN_POISON_MEMORY_REGION(reinterpret_cast<void*>(begin), end - begin);
}
void unpoison(const void* p, std::size_t size) noexcept {
    ASAN_UNPOISON_MEMORY_REGION(p, size);
}
#else
void poison(std::uintptr_t, std::uintptr_t) noexcept {
}
void unpoison(const void*, std::size_t) noexcept {
}
#endif

constexpr std::size_t kHugePage = std::size_t{2} << 20;
// Chunks at least this large are mapped from the kernel and rounded up to whole huge pages:
// faulting in one 2 MiB page is several times cheaper than faulting in 512 small ones.
constexpr std::size_t kMapThreshold = std::size_t{1} << 20;
constexpr std::size_t kPage = 4096;

std::size_t round_up(std::size_t n, std::size_t to) noexcept {
    return n > std::numeric_limits<std::size_t>::max() - (to - 1) ? 0 : (n + to - 1) & ~(to - 1);
}

#if ARENAJSON_HAVE_MMAP
void* map_aligned(std::size_t size) noexcept {
    // Over-map by one huge page, then trim both ends so the chunk starts on a 2 MiB boundary.
    const std::size_t span = size + kHugePage;
    void* raw = ::mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) return nullptr;
    const auto base = reinterpret_cast<std::uintptr_t>(raw);
    const std::uintptr_t aligned = (base + kHugePage - 1) & ~std::uintptr_t(kHugePage - 1);
    if (aligned > base) ::munmap(raw, aligned - base);
    const std::uintptr_t tail = aligned + size;
    if (base + span > tail) ::munmap(reinterpret_cast<void*>(tail), base + span - tail);
#if defined(MADV_HUGEPAGE)
    ::madvise(reinterpret_cast<void*>(aligned), size, MADV_HUGEPAGE);
#endif
    return reinterpret_cast<void*>(aligned);
}
void unmap(void* p, std::size_t size) noexcept {
    ::munmap(p, size);
}
#else
void* map_aligned(std::size_t size) noexcept {
    return std::aligned_alloc(kHugePage, size);
}
void unmap(void* p, std::size_t) noexcept {
    std::free(p);
}
#endif

// Released large chunks, kept warm for the next arena: a program that parses one document
// after another then reuses faulted-in memory instead of paying the page faults again.
class ChunkCache {
  public:
    // Returns a cached chunk of at least `size` and at most `most` bytes (its size in `size`).
    void* take(std::size_t& size, std::size_t most) noexcept {
        std::lock_guard lock(mutex_);
        auto best = entries_.end();
        for (auto it = entries_.begin(); it != entries_.end(); ++it) {
            // Up to twice the request, so a small arena does not pin a huge chunk.
            if (it->size >= size && it->size <= most && it->size / 2 <= size &&
                (best == entries_.end() || it->size < best->size)) {
                best = it;
            }
        }
        if (best == entries_.end()) return nullptr;
        void* p = best->ptr;
        size = best->size;
        bytes_ -= best->size;
        entries_.erase(best);
        return p;
    }

    void give(void* p, std::size_t size) noexcept {
        {
            std::lock_guard lock(mutex_);
            if (size <= limit_ && entries_.size() < kMaxEntries) {
                while (bytes_ + size > limit_ && !entries_.empty()) {
                    unmap(entries_.front().ptr, entries_.front().size);
                    bytes_ -= entries_.front().size;
                    entries_.erase(entries_.begin());
                }
                try {
                    entries_.push_back({p, size});
                    bytes_ += size;
                    return;
                } catch (...) {
                    // Could not remember it: fall through and unmap.
                }
            }
        }
        unmap(p, size);
    }

    std::size_t set_limit(std::size_t limit) noexcept {
        std::size_t old;
        {
            std::lock_guard lock(mutex_);
            old = limit_;
            limit_ = limit;
        }
        trim();
        return old;
    }

    void trim() noexcept {
        std::lock_guard lock(mutex_);
        while (bytes_ > limit_ && !entries_.empty()) {
            unmap(entries_.front().ptr, entries_.front().size);
            bytes_ -= entries_.front().size;
            entries_.erase(entries_.begin());
        }
    }

    void release() noexcept {
        std::lock_guard lock(mutex_);
        for (const Entry& e : entries_)
            unmap(e.ptr, e.size);
        entries_.clear();
        bytes_ = 0;
    }

    ~ChunkCache() { release(); }

  private:
    struct Entry {
        void* ptr;
        std::size_t size;
    };
    static constexpr std::size_t kMaxEntries = 16;
    std::mutex mutex_;
    std::vector<Entry> entries_;
    std::size_t bytes_ = 0;
    std::size_t limit_ = std::size_t{256} << 20;
};

ChunkCache& chunk_cache() noexcept {
    // Built in static storage and never destroyed: arenas may be destroyed by other static
    // destructors after this one. No allocation, so nothing here can throw.
    alignas(ChunkCache) static unsigned char storage[sizeof(ChunkCache)];
    static ChunkCache* const cache = ::new (storage) ChunkCache();
    return *cache;
}

}  // namespace

// 16-byte aligned so that blocks of alignment up to 16 start right after the header.
struct alignas(16) Arena::Chunk {
    Chunk* next;
    std::size_t size;  // bytes taken from the system, header included
    bool mapped;
    bool adopted;  // a block handed over by adopt_block: reset() does not keep it

    [[nodiscard]] std::uintptr_t begin() const noexcept {
        return reinterpret_cast<std::uintptr_t>(this) + sizeof(Chunk);
    }
    [[nodiscard]] std::uintptr_t end() const noexcept {
        return reinterpret_cast<std::uintptr_t>(this) + size;
    }
};

Arena::Chunk* Arena::take_chunk(std::size_t usable) noexcept {
    if (usable > std::numeric_limits<std::size_t>::max() - sizeof(Chunk) - kHugePage) {
        return nullptr;
    }
    std::size_t size = round_up(usable + sizeof(Chunk), kPage);
    const std::size_t budget =
        options_.byte_limit > reserved_ ? options_.byte_limit - reserved_ : std::size_t{0};
    if (size > budget) return nullptr;

    const bool mapped = size >= kMapThreshold;
    void* raw = nullptr;
    if (mapped) {
        // Whole huge pages cost no more to fault in than part of one; stay within the budget.
        const std::size_t rounded = round_up(size, kHugePage);
        if (rounded != 0 && rounded <= budget) size = rounded;
        raw = chunk_cache().take(size, budget);
        if (raw == nullptr) raw = map_aligned(size);
    } else {
        raw = std::malloc(size);
    }
    if (raw == nullptr) return nullptr;

    auto* chunk = static_cast<Chunk*>(raw);
    chunk->next = nullptr;
    chunk->size = size;
    chunk->mapped = mapped;
    chunk->adopted = false;
    poison(chunk->begin(), chunk->end());
    reserved_ += size;
    ++chunk_count_;
    return chunk;
}

void Arena::make_current(Chunk* c) noexcept {
    current_begin_ = c->begin();
    cursor_ = current_begin_;
    end_ = c->end();
}

void Arena::inject_failure_after(std::size_t n) noexcept {
    if (fail_in_ != 0) end_ = real_end_;
    fail_in_ = n;
    if (n != 0) {
        real_end_ = end_;
        end_ = cursor_;  // every allocation now takes the slow path, which counts
    }
}

void* Arena::alloc_slow(std::size_t size, std::size_t align) noexcept {
    if (fail_in_ != 0) {
        if (--fail_in_ == 0) {
            end_ = real_end_;  // fires once, then the arena is back to normal
            return nullptr;
        }
        const std::size_t remaining = fail_in_;
        fail_in_ = 0;
        end_ = real_end_;
        void* p = try_alloc(size, align);
        fail_in_ = remaining;
        real_end_ = end_;
        end_ = cursor_;  // keep the next allocation on this path
        return p;
    }
    if (align == 0 || (align & (align - 1)) != 0 || align > kMaxAlign) return nullptr;
    if (size > std::numeric_limits<std::size_t>::max() - align) return nullptr;
    const std::size_t needed = size + align - 1;

    // No chunk of the arena's own yet (adopted blocks aside): this is the first.
    const bool first = last_regular_size_ == 0;
    std::size_t step;
    if (first) {
        step = options_.capacity_hint != 0 ? options_.capacity_hint : kDefaultFirstChunk;
    } else if (options_.capacity_bound > reserved_) {
        step = options_.capacity_bound - reserved_;
    } else {
        step = last_regular_size_ > std::numeric_limits<std::size_t>::max() / 2
                   ? last_regular_size_
                   : last_regular_size_ * 2;
    }
    step = std::max(step, kMinChunk);

    if (!first && needed > step) {
        // A dedicated chunk: the current chunk stays current, so its free space is not lost.
        Chunk* c = take_chunk(needed);
        if (c == nullptr) return nullptr;
        c->next = head_->next;
        head_->next = c;
        const std::uintptr_t p = (c->begin() + (align - 1)) & ~std::uintptr_t(align - 1);
        used_before_current_ += (p - c->begin()) + size;
        unpoison(reinterpret_cast<void*>(p), size);
        return reinterpret_cast<void*>(p);
    }

    Chunk* c = take_chunk(std::max(needed, step));
    if (c == nullptr && needed < step) {
        // Near the byte limit, or the system refused a large chunk: settle for what is left of
        // the budget, then for exactly the request.
        const std::size_t left = options_.byte_limit - std::min(options_.byte_limit, reserved_);
        if (left > sizeof(Chunk) + kPage && left - sizeof(Chunk) - kPage > needed) {
            c = take_chunk(std::min(step, left - sizeof(Chunk) - kPage));
        }
        if (c == nullptr) c = take_chunk(needed);
    }
    if (c == nullptr) return nullptr;
    used_before_current_ += cursor_ - current_begin_;
    c->next = head_;
    head_ = c;
    last_regular_size_ = c->size;
    make_current(c);

    const std::uintptr_t p = (cursor_ + (align - 1)) & ~std::uintptr_t(align - 1);
    cursor_ = p + size;
    unpoison(reinterpret_cast<void*>(p), size);
    return reinterpret_cast<void*>(p);
}

namespace {
void free_chunk(void* raw, std::size_t size, bool mapped) noexcept {
    unpoison(raw, size);  // the allocator or the next arena owns it now
    if (mapped) {
        chunk_cache().give(raw, size);
    } else {
        std::free(raw);
    }
}
}  // namespace

void Arena::release_all() noexcept {
    fail_in_ = 0;
    for (Chunk* c = head_; c != nullptr;) {
        Chunk* next = c->next;
        free_chunk(c, c->size, c->mapped);
        c = next;
    }
    head_ = nullptr;
    cursor_ = end_ = current_begin_ = 0;
    used_before_current_ = reserved_ = chunk_count_ = last_regular_size_ = 0;
}

void Arena::reset() noexcept {
    fail_in_ = 0;
    Chunk* keep = nullptr;
    for (Chunk* c = head_; c != nullptr; c = c->next) {
        if (!c->adopted && (keep == nullptr || c->size > keep->size)) keep = c;
    }
    for (Chunk* c = head_; c != nullptr;) {
        Chunk* next = c->next;
        if (c != keep) free_chunk(c, c->size, c->mapped);
        c = next;
    }
    head_ = keep;
    used_before_current_ = 0;
    if (keep == nullptr) {
        cursor_ = end_ = current_begin_ = 0;
        reserved_ = chunk_count_ = last_regular_size_ = 0;
        return;
    }
    keep->next = nullptr;
    poison(keep->begin(), keep->end());
    reserved_ = keep->size;
    chunk_count_ = 1;
    last_regular_size_ = keep->size;
    make_current(keep);
}

namespace {
// Mapped blocks can give back the pages past a point and stay where they are.
constexpr bool kTrimsInPlace = ARENAJSON_HAVE_MMAP != 0;
void trim_in_place(void* block, std::size_t size, std::size_t kept) noexcept {
#if ARENAJSON_HAVE_MMAP
    if (kept < size) ::munmap(static_cast<char*>(block) + kept, size - kept);
#else
    (void)block;
    (void)size;
    (void)kept;
#endif
}
}  // namespace

void* Arena::acquire_block(std::size_t& size) noexcept {
    const std::size_t rounded = round_up(std::max(size, kMapThreshold), kHugePage);
    if (rounded == 0) return nullptr;
    size = rounded;
    void* p = chunk_cache().take(size, std::numeric_limits<std::size_t>::max());
    return p != nullptr ? p : map_aligned(size);
}

void* Arena::resize_block(void* block, std::size_t old_size, std::size_t keep,
                          std::size_t& size) noexcept {
    const std::size_t rounded = round_up(std::max(size, kMapThreshold), kHugePage);
    if (rounded == 0) return nullptr;
    if (rounded == old_size) {
        size = old_size;
        return block;
    }
    if (kTrimsInPlace && rounded < old_size) {
        trim_in_place(block, old_size, rounded);
        size = rounded;
        return block;
    }
#if ARENAJSON_HAVE_MMAP && defined(__linux__)
    // The pages move to a new address as they are, faulted in or not: nothing is copied.
    void* p = ::mremap(block, old_size, rounded, MREMAP_MAYMOVE);
    if (p != MAP_FAILED) {
        size = rounded;
        return p;
    }
    (void)keep;
    return nullptr;
#else
    std::size_t got = rounded;
    void* p = acquire_block(got);
    if (p == nullptr) return nullptr;
    std::memcpy(p, block, std::min(keep, got));
    release_block(block, old_size);
    size = got;
    return p;
#endif
}

void Arena::release_block(void* block, std::size_t size) noexcept {
    if (block != nullptr) chunk_cache().give(block, size);
}

bool Arena::adopt_block(void* block, std::size_t size, std::size_t used) noexcept {
    static_assert(sizeof(Chunk) <= kBlockHeader);
    const std::size_t budget =
        options_.byte_limit > reserved_ ? options_.byte_limit - reserved_ : std::size_t{0};
    if (used > size - kBlockHeader) return false;
    // Only the pages that hold the caller's bytes stay (whole huge pages, as a chunk would),
    // where the block can shrink in place.
    const std::size_t needed = round_up(kBlockHeader + used, kHugePage);
    const std::size_t kept = kTrimsInPlace && needed != 0 && needed < size ? needed : size;
    if (kept > budget) return false;
    trim_in_place(block, size, kept);
    size = kept;
    auto* chunk = static_cast<Chunk*>(block);
    chunk->size = size;
    chunk->mapped = true;
    chunk->adopted = true;
    // Behind the current chunk, like a dedicated chunk: the current one stays current. An
    // arena without chunks keeps its cursor at 0, so its next allocation takes a new chunk.
    if (head_ == nullptr) {
        chunk->next = nullptr;
        head_ = chunk;
    } else {
        chunk->next = head_->next;
        head_->next = chunk;
    }
    poison(reinterpret_cast<std::uintptr_t>(block) + kBlockHeader + used, chunk->end());
    reserved_ += size;
    ++chunk_count_;
    used_before_current_ += used;
    return true;
}

bool Arena::owns(const void* p) const noexcept {
    const auto a = reinterpret_cast<std::uintptr_t>(p);
    for (const Chunk* c = head_; c != nullptr; c = c->next) {
        if (a >= c->begin() && a < c->end()) return true;
    }
    return false;
}

std::size_t set_chunk_cache_limit(std::size_t bytes) noexcept {
    return chunk_cache().set_limit(bytes);
}

void release_cached_chunks() noexcept {
    chunk_cache().release();
}

}  // namespace arenajson
