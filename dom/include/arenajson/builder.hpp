// arenajson/builder.hpp — the SAX handler that builds a document in an arena.
#pragma once

#include "arenajson/arena.hpp"
#include "arenajson/detail/node.hpp"
#include "arenajson/detail/scan.hpp"  // ARENAJSON_INLINE
#include "arenajson/error.hpp"
#include "arenajson/key_check.hpp"

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string_view>
#include <utility>

namespace arenajson {

/// What to do with an object key that appears twice.
enum class DuplicateKeys : std::uint8_t {
    keep,    ///< keep every member in document order; lookup returns the first (default)
    reject,  ///< ErrorCode::duplicate_key at the second occurrence of a key in an object
};

/// Builds an immutable DOM from reader events: scalars and strings become Nodes, children
/// gather on a reused stack and are copied into the arena, contiguous, when their container
/// closes. A container whose children take a megabyte or more, more than the arena's current
/// chunk has room for, is not copied: the stack, then an arena block (Arena::acquire_block),
/// becomes part of the arena with the children in place (Arena::adopt_block), and the builder
/// goes on with another block, in a loop over documents the one the previous document's arena
/// gave back. Keys are interned per document. Allocation failure (the arena's byte limit) stops
/// the parse with ErrorCode::memory_limit.
///
/// One builder can build many documents in turn; its stack and key cache are reused, so a
/// steady stream of documents allocates nothing but arena memory. Not thread-safe.
class DomBuilder {
  public:
    /// An idle builder. Allocates its 16 KiB key cache (std::bad_alloc if that fails); the
    /// value stack is allocated by the first document.
    DomBuilder();
    ///@{
    /// Moving hands over the stack and key cache. O(1).
    DomBuilder(DomBuilder&&) noexcept;
    DomBuilder& operator=(DomBuilder&&) noexcept;
    ///@}
    /// Frees the stack and key cache; documents built stay in their arenas.
    ~DomBuilder();

    /// Starts a document whose nodes go to `arena`, which must outlive the build and is where
    /// the document's memory lives afterwards. Forgets the previous document's keys, unless
    /// they live in a key arena (keep_keys_in). O(1).
    void begin(Arena& arena, DuplicateKeys duplicates) noexcept;
    /// From now on the keys this builder interns go to `keys` (nullptr: to each document's own
    /// arena, the default) and are remembered from one document to the next: documents of one
    /// stream then share their common keys, and a record's keys are found, not copied. Every
    /// document built this way refers to `keys`, which must outlive them (DocumentStream hands
    /// it to each record with shared ownership). Keys that do not fit `keys` (its byte limit)
    /// go to the document's arena, as do keys past the cache's capacity. O(1).
    void keep_keys_in(Arena* keys) noexcept;
    /// True when the key arena stopped taking keys: the cache is half full, or a key did not
    /// fit. Its owner then starts a new one (SharedKeys). O(1).
    [[nodiscard]] bool keys_filled() const noexcept;
    /// The root once the reader reported a complete document, allocated in the arena; nullptr
    /// on allocation failure (error_code() is then memory_limit). O(1). Parser and
    /// DocumentStream wrap this root in a Document together with its arena.
    [[nodiscard]] const detail::Node* finish() noexcept;

    ///@{
    /// The Handler events (see Handler). Each returns false to stop the parse, with the reason
    /// in error_code(). O(1) amortised per value; closing a container copies its children
    /// into the arena, O(children) (a large container moves with the stack instead, O(1) but
    /// for the values below it on the stack), and may allocate to grow the reused stack.
    ARENAJSON_INLINE bool on_null() noexcept {
        return push(detail::Node{std::uint64_t(detail::Tag::null), 0});
    }
    ARENAJSON_INLINE bool on_bool(bool b) noexcept {
        return push(detail::Node{std::uint64_t(b ? detail::Tag::true_ : detail::Tag::false_), 0});
    }
    ARENAJSON_INLINE bool on_int64(std::int64_t i) noexcept {
        return push(detail::Node{std::uint64_t(detail::Tag::int64), static_cast<std::uint64_t>(i)});
    }
    ARENAJSON_INLINE bool on_uint64(std::uint64_t u) noexcept {
        return push(detail::Node{std::uint64_t(detail::Tag::uint64), u});
    }
    ARENAJSON_INLINE bool on_double(double d) noexcept {
        return push(
            detail::Node{std::uint64_t(detail::Tag::double_), std::bit_cast<std::uint64_t>(d)});
    }
    bool on_number_text(std::string_view text) noexcept;
    ARENAJSON_INLINE bool on_string(std::string_view s) noexcept {
        if (s.size() <= detail::kMaxInlineString) return push(detail::make_inline_string(s));
        return push_long_string(s);
    }
    bool on_key(std::string_view key) noexcept {
        // The common case inline: the key is the one predicted (see next_key_).
        const CacheEntry& guess = next_key_[predictor()].first;
        const detail::KeyRecord* const record = guess.key;
        if (guess.generation == generation_ && record->length == key.size() &&
            detail::bytes_equal(record->chars(), key.data(), key.size()) &&
            duplicates_ == DuplicateKeys::keep &&
            static_cast<std::size_t>(stack_end_ - top_) >= sizeof record) {
            previous_key_ = record;
            std::memcpy(top_, &record, sizeof record);
            top_ += sizeof record;
            return true;
        }
        return on_key_slow(key);
    }
    bool on_start_object() noexcept {
        return duplicates_ == DuplicateKeys::keep || keys_.on_start_object() ||
               fail(keys_.error_code());
    }
    bool on_end_object(std::size_t members) noexcept {
        if (duplicates_ == DuplicateKeys::keep) {
            // Small objects inline (no index, nothing to check): most objects are.
            if (members == 0) return push(detail::Node{std::uint64_t(detail::Tag::object), 0});
            if (members <= kInlineMembers) return close_small_object(members);
        }
        return end_object(members);
    }
    bool on_start_array() noexcept { return true; }
    ARENAJSON_INLINE bool on_end_array(std::size_t elements) noexcept {
        // Empty and one-element arrays inline (deep nesting is a chain of the latter); the
        // rest in a small function of its own, which keeps the reader's grammar loop (where
        // this is inlined) light on registers.
        if (elements == 0) return push(detail::Node{std::uint64_t(detail::Tag::array), 0});
        if (elements == 1) return close_array<1>();
        return end_array(elements);
    }
    ///@}
    /// Why the last event failed: memory_limit or duplicate_key; ok otherwise. O(1).
    [[nodiscard]] ErrorCode error_code() const noexcept { return error_; }

  private:
    ARENAJSON_INLINE bool push(const detail::Node& n) noexcept {
        if (static_cast<std::size_t>(stack_end_ - top_) < sizeof(detail::Node)) {
            if (!grow(sizeof(detail::Node))) return false;
        }
        std::memcpy(top_, &n, sizeof n);
        top_ += sizeof n;
        return true;
    }
    bool push_long_string(std::string_view s) noexcept;
    ARENAJSON_NOINLINE bool end_array(std::size_t elements) noexcept;
    // Closes an array of kElements: copies them to the arena and puts the array in their
    // place on the stack, which therefore needs no room checked.
    template <std::size_t kElements>
    ARENAJSON_INLINE bool close_array() noexcept {
        char* const start = top_ - kElements * sizeof(detail::Node);
        void* const copy =
            arena_->try_alloc(kElements * sizeof(detail::Node), alignof(detail::Node));
        if (copy == nullptr) return fail(ErrorCode::memory_limit);
        copy_words<kElements * sizeof(detail::Node) / 8>(copy, start);
        const detail::Node n = detail::Node::make(detail::Tag::array, kElements, copy);
        std::memcpy(start, &n, sizeof n);
        top_ = start + sizeof n;
        return true;
    }
    bool end_object(std::size_t members) noexcept;
    // Closes an object of 1 to kInlineMembers members, in keep mode: copies them to the arena
    // and puts the object in the first member's place on the stack (no room to check).
    static constexpr std::size_t kInlineMembers = 4;
    static_assert(kInlineMembers < detail::kIndexThreshold);
    ARENAJSON_NOINLINE bool close_small_object(std::size_t members) noexcept {
        const std::size_t bytes = members * sizeof(detail::Member);
        char* const start = top_ - bytes;
        void* const copy = arena_->try_alloc(bytes, alignof(detail::Member));
        if (copy == nullptr) return fail(ErrorCode::memory_limit);
        copy_entries<detail::Member>(copy, start, members);
        const detail::Node n = detail::Node::make(detail::Tag::object, members, copy);
        std::memcpy(start, &n, sizeof n);
        top_ = start + sizeof n;
        return true;
    }
    // Moves a container's `count` entries (elements or members) from the stack to the arena.
    // Most containers are small, and were pushed a moment ago with 8-byte stores: up to four
    // entries are copied in 8-byte words through general registers. memcpy (or the compiler's
    // own vector moves) would read them with 16-byte loads, which cannot be forwarded from
    // the two stores still in flight and stall (a quarter of deeply nested input's time).
    template <class Entry>
    ARENAJSON_INLINE static void copy_entries(void* to, const char* from,
                                              std::size_t count) noexcept {
        static_assert(sizeof(Entry) % 8 == 0);
        switch (count) {
            case 1:
                return copy_words<sizeof(Entry) / 8>(to, from);
            case 2:
                return copy_words<2 * sizeof(Entry) / 8>(to, from);
            case 3:
                return copy_words<3 * sizeof(Entry) / 8>(to, from);
            case 4:
                return copy_words<4 * sizeof(Entry) / 8>(to, from);
            default:
                std::memcpy(to, from, count * sizeof(Entry));
        }
    }
    template <std::size_t kWords>
    ARENAJSON_INLINE static void copy_words(void* to, const char* from) noexcept {
        for (std::size_t i = 0; i < kWords; ++i) {
            std::uint64_t w;
            std::memcpy(&w, from + 8 * i, 8);
#if defined(__GNUC__)
            asm("" : "+r"(w));  // keeps the word in a general register: no vector moves
#endif
            std::memcpy(static_cast<char*>(to) + 8 * i, &w, 8);
        }
    }
    bool grow(std::size_t more) noexcept;
    bool fail(ErrorCode code) noexcept {
        error_ = code;
        return false;
    }
    const detail::KeyRecord* intern(std::string_view key, bool& interned) noexcept;
    bool on_key_slow(std::string_view key) noexcept;

    struct CacheEntry {
        const detail::KeyRecord* key;
        std::uint64_t generation;
    };

    Arena* arena_ = nullptr;
    Arena* keys_arena_ = nullptr;  // where interned keys live, when not in arena_
    bool keys_spilled_ = false;    // a key meant for keys_arena_ did not fit
    DuplicateKeys duplicates_ = DuplicateKeys::keep;
    ErrorCode error_ = ErrorCode::ok;
    // The pending values: Nodes for arrays, (KeyRecord*, Node) pairs for objects, as raw bytes
    // laid out exactly as they will be in the arena. They start Arena::kBlockHeader bytes into
    // the stack, so that a large stack, an arena block, can become part of the arena as it is
    // (adopt_entries).
    struct Stack {
        char* base = nullptr;
        std::size_t capacity = 0;  // bytes allocated
        bool block = false;        // from Arena::acquire_block; else malloc'd
        Stack() = default;
        Stack(Stack&& other) noexcept { swap(other); }
        Stack& operator=(Stack&& other) noexcept {
            Stack moved(std::move(other));
            swap(moved);
            return *this;
        }
        ~Stack() { release(); }
        void swap(Stack& other) noexcept {
            std::swap(base, other.base);
            std::swap(capacity, other.capacity);
            std::swap(block, other.block);
        }
        void release() noexcept;
        // Makes the stack `wanted` bytes, keeping its first `used`; false when refused.
        bool resize(std::size_t wanted, std::size_t used) noexcept;
    };
    char* adopt_entries(char* start, std::size_t extra) noexcept;
    void set_stack_end() noexcept;
    [[nodiscard]] std::size_t stack_budget() const noexcept;
    Stack stack_;
    char* top_ = nullptr;
    char* stack_end_ = nullptr;  // the end of the stack within the memory budget
    // Key interning: a table from hash to record, valid for one generation (builder.cpp).
    std::unique_ptr<CacheEntry[]> cache_;
    std::uint64_t generation_ = 0;
    std::size_t interned_count_ = 0;
    bool interning_ = true;  // false once a probe run was capped, until the next document
    // Key prediction: the keys that followed the previous key the last two times, the latest
    // first. Documents repeat their key sequences, and the guess is found without hashing the
    // new key, from an address known before the key arrives; the first guess is checked
    // inline, the second out of line, and two wrong guesses fall back to the cache. A key
    // followed by different keys in different objects ("id" in a tweet and in its user) takes
    // the second guess: on twitter.json one guess missed 21% of keys, two miss 6%, citm 12%
    // and 5%. (Keying it by the key of the enclosing object too, with a stack of those keys,
    // made every object's start and end a dependent chain through memory: empty objects took
    // twice as long, for 1% on twitter.)
    struct Prediction {
        CacheEntry first, second;
    };
    static constexpr std::size_t kPredictions = 1024;  // a power of two
    std::size_t predictor() const noexcept {
        return (reinterpret_cast<std::uintptr_t>(previous_key_) >> 4) & (kPredictions - 1);
    }
    std::unique_ptr<Prediction[]> next_key_;
    const detail::KeyRecord* previous_key_ = nullptr;
    // DuplicateKeys::reject: each key is checked against its object's earlier keys as it
    // arrives, so the error points at the repeated key.
    KeyCheck keys_;
};

}  // namespace arenajson
