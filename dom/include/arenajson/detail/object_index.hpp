// arenajson/detail/object_index.hpp — how an object finds a member by key. Internal.
//
// An object with kIndexThreshold or more members has an index right after its members. Normally
// it is a hash index: a power-of-two number of slots (load at most 2/3), each 0 for empty or a
// member's position + 1, stored in 1, 2 or 4 bytes depending on the member count, probed
// linearly from the key's hash. Key hashes are seeded per process (hash_key), so nobody can
// compute colliding keys in advance; and should the probes still run long while the index is
// built (colliding keys, or a hash that gives every key the same value), that object gets an
// ordered index instead: its keys sorted (by their first eight bytes in linear time, ties by
// comparison) into a static search tree of sixteen keys a node, searched a node at a time.
// Building and searching then cost O(n log n) and O(log n) key comparisons whatever the hash
// does.
//
// This is the one place that writes and reads an index: the DOM builder, lookups and any other
// builder of objects (the query engine) go through ObjectIndex.
#pragma once

#include "arenajson/arena.hpp"
#include "arenajson/detail/node.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace arenajson::detail {

/// Set in an object node's head (bit 4, above the tag nibble) when its index is ordered.
inline constexpr std::uint64_t kOrderedIndexFlag = 0x10;

/// A key as ordered structures keep it: its length and first eight bytes (fewer for a shorter
/// key, zero-padded) inline, and the key's number in its object (a member position, or the
/// order of arrival). Most comparisons end on these two words, without reading the key.
struct OrderedKey {
    std::uint64_t prefix;
    std::uint32_t length;
    std::uint32_t number;

    /// The ordered form of `key`, numbered `number`. O(1).
    static OrderedKey of(std::string_view key, std::uint32_t number) noexcept {
        OrderedKey k{0, static_cast<std::uint32_t>(key.size()), number};
        std::memcpy(&k.prefix, key.data(), key.size() < 8 ? key.size() : 8);
        return k;
    }
};
static_assert(sizeof(OrderedKey) == 16);

/// A prefix above any key's (eight 0xff bytes, never UTF-8): the padding of ordered nodes, so
/// that a search counts a node's prefixes below its key without a bound.
inline constexpr std::uint64_t kNoPrefix = ~std::uint64_t{0};

/// How many of the N prefixes at `prefix` are below `wanted`: no branch, independent loads
/// (where a bisection waits on each load and guesses each branch). O(N).
template <std::size_t N>
std::size_t prefixes_below(const std::uint64_t* prefix, std::uint64_t wanted) noexcept {
    std::uint64_t n = 0;
    for (std::size_t i = 0; i < N; ++i)
        n += static_cast<std::uint64_t>(prefix[i] < wanted);
    return static_cast<std::size_t>(n);
}

/// The order of ordered indexes and sets: by the first eight bytes as a number, then by
/// length, then by the remaining bytes, which `a_text()` and `b_text()` give only on a tie. Any
/// total order would do; this one is cheap. Negative, zero or positive. O(length) at worst.
template <class TextA, class TextB>
int key_order(const OrderedKey& a, TextA a_text, const OrderedKey& b, TextB b_text) noexcept {
    if (a.prefix != b.prefix) return a.prefix < b.prefix ? -1 : 1;
    if (a.length != b.length) return a.length < b.length ? -1 : 1;
    if (a.length <= 8) return 0;
    return std::memcmp(a_text() + 8, b_text() + 8, a.length - 8);
}

/// When a hash table of keys gives up: a probe sequence longer than kMaxProbes, or more probes
/// in all than probe_budget(keys). A good hash at load 2/3 averages about two probes a key and
/// its longest run stays in the low hundreds even for millions of keys, so passing either
/// means the keys collide: the table's owner switches to an ordered structure.
inline constexpr std::size_t kMaxProbes = 512;
/// The total probes a table of `keys` keys may make (rebuilds included) before it gives up.
inline constexpr std::size_t probe_budget(std::size_t keys) noexcept {
    return 8 * keys + 1024;
}
/// The probes of a table of `keys` keys that may meet a different key with the same 32-bit hash
/// before it gives up. An honest table of n keys holds about n^2 / 2^33 such pairs (116 for a
/// million keys); colliding keys or the equal-hash test hook reach this within a few dozen keys,
/// where the probe budgets above would let each probe compare two keys' bytes.
inline constexpr std::size_t equal_hash_budget(std::size_t keys) noexcept {
    return keys / 64 + 32;
}

/// Writes and reads the index that follows an object's members. Stateless.
class ObjectIndex {
  public:
    /// Whether an object of `members` members has an index. O(1).
    [[nodiscard]] static bool wanted(std::size_t members) noexcept {
        return members >= kIndexThreshold;
    }
    /// The bytes to allocate right after the members (0 when no index is wanted). O(1).
    [[nodiscard]] static std::size_t bytes(std::size_t members) noexcept {
        return wanted(members) ? slots(members) * width(members) : 0;
    }
    /// Builds the index of `members[0, count)` into `index` (bytes(count) bytes, right after the
    /// members). Returns the flags to OR into the object node's head: 0 for a hash index,
    /// kOrderedIndexFlag when probing ran long and an ordered index (allocated from `arena`)
    /// was built instead. Returns false when the arena refuses that allocation. Among equal
    /// keys only the first is found, as lookups promise. O(count) expected, O(count log count)
    /// key comparisons at worst.
    [[nodiscard]] static bool build(const Member* members, std::size_t count, void* index,
                                    Arena& arena, std::uint64_t& head_flags) noexcept;

    /// The first member of an indexed object (head, members, count) with this key, or nullptr.
    /// O(1) expected with a hash index, O(log count) key comparisons with an ordered one.
    [[nodiscard]] static const Member* find(std::uint64_t head, const Member* members,
                                            std::size_t count, std::string_view key) noexcept {
        const void* index = members + count;
        if (head & kOrderedIndexFlag) return find_ordered(index, members, count, key);
        const std::uint32_t hash = hash_key(key);
        const std::size_t mask = slots(count) - 1;
        const std::size_t w = width(count);
        for (std::size_t pos = hash & mask;; pos = (pos + 1) & mask) {
            const std::uint32_t slot = read_slot(index, w, pos);
            if (slot == 0) return nullptr;
            const Member& m = members[slot - 1];
            if (m.key->hash == hash && m.key->length == key.size() &&
                bytes_equal(m.key->chars(), key.data(), key.size())) {
                return &m;
            }
        }
    }

    /// The hash index's slot count: a power of two, at least 1.5 times the members. O(1).
    [[nodiscard]] static std::size_t slots(std::size_t members) noexcept {
        return std::bit_ceil(members + members / 2 + 1);
    }
    /// Bytes per slot: 1, 2 or 4, the least that holds a member's position + 1. O(1).
    [[nodiscard]] static std::size_t width(std::size_t members) noexcept {
        return members < 0xFF ? 1 : members < 0xFFFF ? 2 : 4;
    }

  private:
    static std::uint32_t read_slot(const void* index, std::size_t w, std::size_t pos) noexcept {
        if (w == 1) return static_cast<const std::uint8_t*>(index)[pos];
        if (w == 2) return static_cast<const std::uint16_t*>(index)[pos];
        return static_cast<const std::uint32_t*>(index)[pos];
    }
    static const Member* find_ordered(const void* index, const Member* members, std::size_t count,
                                      std::string_view key) noexcept;
};

}  // namespace arenajson::detail
