#include "arenajson/detail/object_index.hpp"

#include <algorithm>
#include <bit>
#include <chrono>
#include <cstring>
#include <memory>
#include <new>
#include <random>

#if defined(__linux__)
#include <sys/random.h>
#endif

namespace arenajson::detail {

HashSecret random_hash_secret() noexcept {
    std::uint64_t words[2] = {0, 0};
    bool filled = false;
#if defined(__linux__)
    filled = ::getrandom(words, sizeof words, 0) == static_cast<ssize_t>(sizeof words);
#endif
    if (!filled) {
        try {
            std::random_device device;
            words[0] = (std::uint64_t{device()} << 32) | device();
            words[1] = (std::uint64_t{device()} << 32) | device();
            filled = true;
        } catch (...) {
            // No random device at all: the clock and the address of a local still differ from
            // run to run, which is better than a fixed seed.
        }
    }
    if (!filled) {
        const auto now =
            static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
        words[0] = mix(now, reinterpret_cast<std::uintptr_t>(&words));
        words[1] = mix(words[0], 0x9e3779b97f4a7c15ull);
    }
    return HashSecret{words[0], words[1], false};
}

namespace {

bool same_key(const KeyRecord* a, const KeyRecord* b) noexcept {
    return a == b || (a->hash == b->hash && a->length == b->length &&
                      bytes_equal(a->chars(), b->chars(), a->length));
}

// The ordered index: a static search tree of nodes of kNodeKeys keys, each node's prefixes in
// two adjacent cache lines and its member positions beside them, in two arrays. Node k's
// children are nodes k * (kNodeKeys + 1) + 1 + i, i in [0, kNodeKeys]; the keys fill the nodes
// in the order of an in-order walk, and the slots past the last key hold kNoPosition with the
// largest prefix (kNoPrefix). A search waits on memory once a level: log17(n) times where a
// bisection waits log2(n) times.
constexpr std::size_t kNodeKeys = 16;
constexpr std::uint32_t kNoPosition = ~std::uint32_t{0};

struct OrderedIndex {
    std::uint64_t* prefix;    // kNodeKeys per node, the nodes 64-byte aligned
    std::uint32_t* position;  // the member each prefix belongs to
};

std::size_t ordered_nodes(std::size_t count) noexcept {
    return (count + kNodeKeys - 1) / kNodeKeys;
}

std::size_t child(std::size_t node, std::size_t i) noexcept {
    return node * (kNodeKeys + 1) + 1 + i;
}

// Fills the tree from `sorted` in an in-order walk, padding after the last key. The recursion
// is as deep as the tree: log17(count) levels.
void lay_out(const OrderedKey* sorted, std::size_t count, std::size_t& next, std::size_t node,
             std::size_t nodes, OrderedIndex tree) noexcept {
    if (node >= nodes) return;
    for (std::size_t i = 0; i < kNodeKeys; ++i) {
        lay_out(sorted, count, next, child(node, i), nodes, tree);
        const std::size_t at = node * kNodeKeys + i;
        tree.prefix[at] = next < count ? sorted[next].prefix : kNoPrefix;
        tree.position[at] = next < count ? sorted[next].number : kNoPosition;
        next += next < count;
    }
    lay_out(sorted, count, next, child(node, kNodeKeys), nodes, tree);
}

// Sorts `keys` by prefix, stably: a least-significant-digit radix sort, 11 bits a pass, which
// skips the digits all keys share (short keys' zero bytes, a common leading text). `spare` has
// room for `count` keys. Returns where the sorted keys are: `keys` or `spare`. O(n).
OrderedKey* radix_sort_by_prefix(OrderedKey* keys, OrderedKey* spare, std::size_t count) noexcept {
    constexpr unsigned kBits = 11;
    constexpr std::size_t kDigits = (64 + kBits - 1) / kBits;
    constexpr std::size_t kBuckets = std::size_t{1} << kBits;
    const auto digit = [](std::uint64_t prefix, std::size_t d) {
        return static_cast<std::size_t>((prefix >> (d * kBits)) & (kBuckets - 1));
    };
    std::unique_ptr<std::uint32_t[]> counts(new (std::nothrow) std::uint32_t[kDigits * kBuckets]());
    if (!counts) return nullptr;
    for (std::size_t i = 0; i < count; ++i) {
        for (std::size_t d = 0; d < kDigits; ++d)
            ++counts[d * kBuckets + digit(keys[i].prefix, d)];
    }
    for (std::size_t d = 0; d < kDigits; ++d) {
        std::uint32_t* const c = counts.get() + d * kBuckets;
        if (c[digit(keys[0].prefix, d)] == count) continue;  // every key has this digit
        std::uint32_t at = 0;
        for (std::size_t b = 0; b < kBuckets; ++b) {
            const std::uint32_t n = c[b];
            c[b] = at;
            at += n;
        }
        for (std::size_t i = 0; i < count; ++i)
            spare[c[digit(keys[i].prefix, d)]++] = keys[i];
        std::swap(keys, spare);
    }
    return keys;
}

bool build_ordered(const Member* members, std::size_t count, void* index, Arena& arena) noexcept {
    const std::size_t nodes = ordered_nodes(count);
    OrderedIndex tree{
        static_cast<std::uint64_t*>(arena.try_alloc(nodes * kNodeKeys * sizeof(std::uint64_t), 64)),
        static_cast<std::uint32_t*>(
            arena.try_alloc(nodes * kNodeKeys * sizeof(std::uint32_t), alignof(std::uint32_t)))};
    if (tree.prefix == nullptr || tree.position == nullptr) return false;
    std::unique_ptr<OrderedKey[]> keys(new (std::nothrow) OrderedKey[2 * count]);
    if (!keys) return false;
    for (std::size_t i = 0; i < count; ++i)
        keys[i] = OrderedKey::of(members[i].key->view(), static_cast<std::uint32_t>(i));
    // By prefix in O(n), then each run of equal prefixes by the whole order (a comparison sort,
    // O(n log n) whatever the keys). Equal keys stay in document order, so the first of them is
    // the one a search finds.
    OrderedKey* const sorted = radix_sort_by_prefix(keys.get(), keys.get() + count, count);
    if (sorted == nullptr) return false;
    for (std::size_t run = 0, end = 0; run < count; run = end) {
        for (end = run + 1; end < count && sorted[end].prefix == sorted[run].prefix; ++end) {
        }
        if (end - run < 2) continue;
        std::sort(sorted + run, sorted + end, [&](const OrderedKey& a, const OrderedKey& b) {
            const int c = key_order(
                a, [&] { return members[a.number].key->chars(); }, b,
                [&] { return members[b.number].key->chars(); });
            return c != 0 ? c < 0 : a.number < b.number;
        });
    }
    std::size_t next = 0;
    lay_out(sorted, count, next, 0, nodes, tree);
    std::memcpy(index, &tree, sizeof tree);
    return true;
}

}  // namespace

namespace {

// The hash index with slots of type Slot. False when probing ran long (the caller then builds
// an ordered index).
template <class Slot>
bool build_hashed(const Member* members, std::size_t count, Slot* index,
                  std::size_t n_slots) noexcept {
    const std::size_t mask = n_slots - 1;
    std::memset(index, 0, n_slots * sizeof(Slot));
    std::size_t budget = probe_budget(count);
    std::size_t equal_hashes = equal_hash_budget(count);
    for (std::size_t i = 0; i < count; ++i) {
        const KeyRecord* const key = members[i].key;
        std::size_t pos = key->hash & mask;
        for (std::size_t probes = 0; index[pos] != 0; pos = (pos + 1) & mask) {
            const KeyRecord* const other = members[index[pos] - 1].key;
            if (other->hash == key->hash) {
                // Lookups return the first of equal keys, so a later one needs no slot;
                // skipping it also keeps a run of duplicates from making probing quadratic.
                if (same_key(other, key)) goto next;
                // Distinct keys with one 32-bit hash are rare, and each such meeting costs a
                // comparison of the keys' bytes: many of them end the hashing early.
                if (equal_hashes-- == 0) return false;
            }
            if (++probes > kMaxProbes || budget-- == 0) return false;
        }
        index[pos] = static_cast<Slot>(i + 1);
    next:;
    }
    return true;
}

}  // namespace

bool ObjectIndex::build(const Member* members, std::size_t count, void* index, Arena& arena,
                        std::uint64_t& head_flags) noexcept {
    head_flags = 0;
    if (fingerprinted(count)) {
        // Written by the first lookup (write_fingerprints).
        fingerprint_state(index, count).store(kFingerprintsEmpty, std::memory_order_relaxed);
        return true;
    }
    const std::size_t n_slots = slots(count);
    const bool hashed =
        width(count) == 2
            ? build_hashed(members, count, static_cast<std::uint16_t*>(index), n_slots)
            : build_hashed(members, count, static_cast<std::uint32_t*>(index), n_slots);
    if (hashed) return true;
    head_flags = kOrderedIndexFlag;
    return build_ordered(members, count, index, arena);
}

bool ObjectIndex::write_fingerprints(const void* index, const Member* members,
                                     std::size_t count) noexcept {
    std::atomic_ref<unsigned char> state = fingerprint_state(index, count);
    unsigned char expected = kFingerprintsEmpty;
    if (!state.compare_exchange_strong(expected, kFingerprintsWriting, std::memory_order_acquire)) {
        return expected == kFingerprintsReady;
    }
    auto* const bytes_out = static_cast<std::uint8_t*>(const_cast<void*>(index));
    for (std::size_t i = 0; i < count; ++i)
        bytes_out[i] = fingerprint(members[i].key->hash);
    std::memset(bytes_out + count, 0, fingerprint_bytes(count) - count);
    state.store(kFingerprintsReady, std::memory_order_release);
    return true;
}

const Member* ObjectIndex::find_ordered(const void* index, const Member* members, std::size_t count,
                                        std::string_view key) noexcept {
    OrderedIndex tree;
    std::memcpy(&tree, index, sizeof tree);
    const OrderedKey wanted = OrderedKey::of(key, 0);
    const std::size_t nodes = ordered_nodes(count);
    // Down the tree to the first key not below `key`: in each node, the keys below it counted
    // (by prefix without a branch, then a tie on the prefix by the full order), and the last
    // node where some key was not below it holds the answer.
    std::size_t found = kNoPosition;
    for (std::size_t node = 0; node < nodes;) {
        const std::uint64_t* const prefix = tree.prefix + node * kNodeKeys;
        std::size_t below = prefixes_below<kNodeKeys>(prefix, wanted.prefix);
        const std::uint32_t* const position = tree.position + node * kNodeKeys;
        while (below < kNodeKeys && ARENAJSON_DOM_UNLIKELY(prefix[below] == wanted.prefix) &&
               position[below] != kNoPosition) {
            const KeyRecord* other = members[position[below]].key;
            if (key_order(
                    OrderedKey::of(other->view(), 0), [&] { return other->chars(); }, wanted,
                    [&] { return key.data(); }) >= 0) {
                break;
            }
            ++below;
        }
        if (below < kNodeKeys) found = position[below];
        node = child(node, below);
    }
    if (found == kNoPosition) return nullptr;
    const Member& m = members[found];
    return m.key->view() == key ? &m : nullptr;
}

}  // namespace arenajson::detail
