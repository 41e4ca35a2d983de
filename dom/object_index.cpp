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

// The ordered index: the keys' prefixes and member positions in breadth-first order of the
// implicit search tree (element k's children at 2k and 2k + 1), in two arrays so that a search
// reads eight prefixes per cache line. Slot 0 is unused. The top levels, shared by every
// search, stay in cache.
struct OrderedIndex {
    std::uint64_t* prefix;
    std::uint32_t* position;
};

void lay_out(const OrderedKey* sorted, std::size_t count, OrderedIndex tree) noexcept {
    std::size_t next = 0;
    // In-order walk of the implicit tree without recursion: descend left, visit, go right.
    std::size_t k = 1;
    for (;;) {
        while (k <= count)
            k = 2 * k;
        k >>= std::countr_zero(~k) + 1;  // up to the lowest ancestor reached from its left
        if (k == 0) break;
        tree.prefix[k] = sorted[next].prefix;
        tree.position[k] = sorted[next].number;
        ++next;
        k = 2 * k + 1;
    }
}

bool build_ordered(const Member* members, std::size_t count, void* index, Arena& arena) noexcept {
    OrderedIndex tree{static_cast<std::uint64_t*>(arena.try_alloc(
                          (count + 1) * sizeof(std::uint64_t), alignof(std::uint64_t))),
                      static_cast<std::uint32_t*>(arena.try_alloc(
                          (count + 1) * sizeof(std::uint32_t), alignof(std::uint32_t)))};
    if (tree.prefix == nullptr || tree.position == nullptr) return false;
    std::unique_ptr<OrderedKey[]> sorted(new (std::nothrow) OrderedKey[count]);
    if (!sorted) return false;
    for (std::size_t i = 0; i < count; ++i)
        sorted[i] = OrderedKey::of(members[i].key->view(), static_cast<std::uint32_t>(i));
    // Equal keys stay in document order, so the first of them is the one a search finds.
    std::sort(sorted.get(), sorted.get() + count, [&](const OrderedKey& a, const OrderedKey& b) {
        const int c = key_order(
            a, [&] { return members[a.number].key->chars(); }, b,
            [&] { return members[b.number].key->chars(); });
        return c != 0 ? c < 0 : a.number < b.number;
    });
    tree.prefix[0] = 0;
    tree.position[0] = 0;
    lay_out(sorted.get(), count, tree);
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
    for (std::size_t i = 0; i < count; ++i) {
        const KeyRecord* const key = members[i].key;
        std::size_t pos = key->hash & mask;
        for (std::size_t probes = 0; index[pos] != 0; pos = (pos + 1) & mask) {
            // Lookups return the first of equal keys, so a later one needs no slot; skipping
            // it also keeps a run of duplicates from making probing quadratic.
            if (same_key(members[index[pos] - 1].key, key)) goto next;
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
    const std::size_t n_slots = slots(count);
    const std::size_t w = width(count);
    const bool hashed =
        w == 1   ? build_hashed(members, count, static_cast<std::uint8_t*>(index), n_slots)
        : w == 2 ? build_hashed(members, count, static_cast<std::uint16_t*>(index), n_slots)
                 : build_hashed(members, count, static_cast<std::uint32_t*>(index), n_slots);
    if (hashed) return true;
    head_flags = kOrderedIndexFlag;
    return build_ordered(members, count, index, arena);
}

const Member* ObjectIndex::find_ordered(const void* index, const Member* members, std::size_t count,
                                        std::string_view key) noexcept {
    OrderedIndex tree;
    std::memcpy(&tree, index, sizeof tree);
    const OrderedKey wanted = OrderedKey::of(key, 0);
    // Down the implicit tree to the first key not below `key`: the path's last left turn.
    std::size_t k = 1;
    while (k <= count) {
        __builtin_prefetch(tree.prefix + 8 * k);  // three levels ahead, one cache line
        const std::uint64_t p = tree.prefix[k];
        bool before = p < wanted.prefix;
        if (ARENAJSON_DOM_UNLIKELY(p == wanted.prefix)) {
            // A tie on the first bytes (near the key searched for): the full order decides.
            const KeyRecord* other = members[tree.position[k]].key;
            before = key_order(
                         OrderedKey::of(other->view(), 0), [&] { return other->chars(); }, wanted,
                         [&] { return key.data(); }) < 0;
        }
        k = 2 * k + before;
    }
    k >>= std::countr_zero(~k) + 1;
    if (k == 0) return nullptr;
    const Member& m = members[tree.position[k]];
    return m.key->view() == key ? &m : nullptr;
}

}  // namespace arenajson::detail
