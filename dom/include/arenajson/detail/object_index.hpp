// arenajson/detail/object_index.hpp — how an object finds a member by key. Internal.
//
// An object with kIndexThreshold or more members has an index right after its members. Below
// kFingerprintLimit members it is a fingerprint index: one byte per member, the top byte of its
// key's hash, padded with zeros to whole groups of 16, then a group whose first byte says
// whether the fingerprints are written yet; a lookup compares the wanted key's byte with all of
// them, 16 at a time, and checks the members that match. Writing them takes a byte a member
// (no probing, no branch to mispredict), and colliding keys can at worst make a lookup check
// each of its fewer than 255 members. They are written by the object's first lookup, not by
// the parse: most objects of a document are never looked up by key (their writing was 4% of
// twitter.json's parse). The document stays safe to read from several threads: the first
// lookup claims the object with an atomic exchange of its state byte and publishes the bytes
// with a release store; a lookup that finds them being written by another thread compares
// the keys one by one instead of waiting. Larger objects have a hash index: a power-of-two
// number of slots (load at most 2/3), each 0 for empty or a member's position + 1, stored in 2
// or 4 bytes depending on the member count, probed linearly from the key's hash. Key hashes are
// seeded per process (hash_key), so nobody can compute colliding keys in advance; and should the
// probes still run long while the index is built (colliding keys, or a hash that gives every key
// the same value), that object gets an ordered index instead: its keys sorted (by their first eight
// bytes in linear time, ties by comparison) into a static search tree of sixteen keys a node,
// searched a node at a time. Building and searching then cost O(n log n) and O(log n) key
// comparisons whatever the hash does.
//
// This is the one place that writes and reads an index: the DOM builder, lookups and any other
// builder of objects (the query engine) go through ObjectIndex.
#pragma once

#include "arenajson/arena.hpp"
#include "arenajson/detail/node.hpp"

#include <atomic>
#include <bit>
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
    /// Whether an object of `members` members (that has an index) has a fingerprint index.
    [[nodiscard]] static bool fingerprinted(std::size_t members) noexcept {
        return members < kFingerprintLimit;
    }
    /// The bytes to allocate right after the members (0 when no index is wanted). O(1).
    [[nodiscard]] static std::size_t bytes(std::size_t members) noexcept {
        if (!wanted(members)) return 0;
        if (fingerprinted(members)) return fingerprint_bytes(members) + kGroup;
        return slots(members) * width(members);
    }
    /// Builds the index of `members[0, count)` into `index` (bytes(count) bytes, right after the
    /// members); a fingerprint index only gets its state byte, its first lookup writes the rest.
    /// Returns the flags to OR into the object node's head: 0 for a fingerprint or hash index,
    /// kOrderedIndexFlag when probing ran long and an ordered index (allocated from `arena`)
    /// was built instead. Returns false when the arena refuses that allocation. Among equal
    /// keys only the first is found, as lookups promise. O(count) expected, O(count log count)
    /// key comparisons at worst.
    [[nodiscard]] static bool build(const Member* members, std::size_t count, void* index,
                                    Arena& arena, std::uint64_t& head_flags) noexcept;

    /// The first member of an indexed object (head, members, count) with this key, or nullptr.
    /// O(count / 16) byte compares and expected O(1) key comparisons with a fingerprint index
    /// (count < 255), O(1) expected with a hash index, O(log count) key comparisons with an
    /// ordered one.
    [[nodiscard]] static const Member* find(std::uint64_t head, const Member* members,
                                            std::size_t count, std::string_view key) noexcept {
        const void* index = members + count;
        if (fingerprinted(count)) return find_fingerprint(index, members, count, key);
        if (head & kOrderedIndexFlag) return find_ordered(index, members, count, key);
        const std::uint32_t hash = hash_key(key);
        const std::size_t mask = slots(count) - 1;
        const std::size_t w = width(count);
        for (std::size_t pos = hash & mask;; pos = (pos + 1) & mask) {
            const std::uint32_t slot = read_slot(index, w, pos);
            if (slot == 0) return nullptr;
            const Member& m = members[slot - 1];
            if (has_key(m, hash, key)) return &m;
        }
    }

    /// The hash index's slot count: a power of two, at least 1.5 times the members. O(1).
    [[nodiscard]] static std::size_t slots(std::size_t members) noexcept {
        return std::bit_ceil(members + members / 2 + 1);
    }
    /// Bytes per slot of a hash index: 2 or 4, the least that holds a member's position + 1.
    [[nodiscard]] static std::size_t width(std::size_t members) noexcept {
        return members < 0xFFFF ? 2 : 4;
    }

  private:
    static constexpr std::size_t kFingerprintLimit = 255;
    static constexpr std::size_t kGroup = 16;  // fingerprints compared at once
    static_assert(kIndexThreshold < kFingerprintLimit);

    static std::uint8_t fingerprint(std::uint32_t hash) noexcept {
        return static_cast<std::uint8_t>(hash >> 24);
    }
    // Bit i set when group[i] == byte, for the 16 bytes of a group.
    static std::uint32_t matches(const unsigned char* group, std::uint8_t byte) noexcept {
#if defined(__SSE2__) || defined(_M_X64)
        const __m128i g = _mm_loadu_si128(reinterpret_cast<const __m128i*>(group));
        return static_cast<std::uint32_t>(
            _mm_movemask_epi8(_mm_cmpeq_epi8(g, _mm_set1_epi8(static_cast<char>(byte)))));
#else
        // Two words: the bytes equal to `byte` become zero, and zero bytes are found exactly
        // (no borrow from one byte to the next), their top bits then gathered into 8 bits.
        constexpr std::uint64_t k7f = 0x7F7F7F7F7F7F7F7Full, k01 = 0x0101010101010101ull;
        std::uint32_t bits = 0;
        for (int half = 0; half < 2; ++half) {
            std::uint64_t w;
            std::memcpy(&w, group + 8 * half, 8);
            const std::uint64_t x = w ^ (k01 * byte);
            const std::uint64_t zero = ~(((x & k7f) + k7f) | x | k7f);
            bits |= static_cast<std::uint32_t>(((zero >> 7) * 0x0102040810204080ull) >> 56)
                    << (8 * half);
        }
        return bits;
#endif
    }
    // Whether `m` has `key`, whose hash_key() is `hash`.
    static bool has_key(const Member& m, std::uint32_t hash, std::string_view key) noexcept {
        return m.key->hash == hash && m.key->length == key.size() &&
               bytes_equal(m.key->chars(), key.data(), key.size());
    }
    // The fingerprints' bytes, whole groups; the state group follows them.
    static std::size_t fingerprint_bytes(std::size_t members) noexcept {
        return (members + kGroup - 1) / kGroup * kGroup;
    }
    // The state byte of a fingerprint index: empty (as build() leaves it), being written by a
    // lookup, or written.
    enum : unsigned char {
        kFingerprintsEmpty = 0,
        kFingerprintsWriting = 1,
        kFingerprintsReady = 2
    };
    static std::atomic_ref<unsigned char> fingerprint_state(const void* index,
                                                            std::size_t count) noexcept {
        // The index is the document's own memory, never const itself: lookups may write it.
        return std::atomic_ref<unsigned char>(
            *(static_cast<unsigned char*>(const_cast<void*>(index)) + fingerprint_bytes(count)));
    }
    // Writes the fingerprints if no thread has claimed them; false when another thread is
    // writing them. Out of line: once per object.
    static bool write_fingerprints(const void* index, const Member* members,
                                   std::size_t count) noexcept;
    static const Member* find_fingerprint(const void* index, const Member* members,
                                          std::size_t count, std::string_view key) noexcept {
        const std::uint32_t hash = hash_key(key);
        if (fingerprint_state(index, count).load(std::memory_order_acquire) != kFingerprintsReady &&
            !write_fingerprints(index, members, count)) {
            for (std::size_t i = 0; i < count; ++i) {  // being written: key by key meanwhile
                if (has_key(members[i], hash, key)) return &members[i];
            }
            return nullptr;
        }
        const std::uint8_t wanted = fingerprint(hash);
        const auto* group = static_cast<const unsigned char*>(index);
        for (std::size_t first = 0; first < count; first += kGroup, group += kGroup) {
            std::uint32_t m = matches(group, wanted);
            if (count - first < kGroup) m &= (std::uint32_t{1} << (count - first)) - 1;
            for (; m != 0; m &= m - 1) {
                const Member& member =
                    members[first + static_cast<std::size_t>(std::countr_zero(m))];
                if (has_key(member, hash, key)) return &member;
            }
        }
        return nullptr;
    }
    static std::uint32_t read_slot(const void* index, std::size_t w, std::size_t pos) noexcept {
        if (w == 2) return static_cast<const std::uint16_t*>(index)[pos];
        return static_cast<const std::uint32_t*>(index)[pos];
    }
    static const Member* find_ordered(const void* index, const Member* members, std::size_t count,
                                      std::string_view key) noexcept;
};

}  // namespace arenajson::detail
