// arenajson/detail/object_index.hpp — building an object's hash index. Internal.
//
// One function builds the index of every object in the library, so that the DOM builder and
// the query engine's built objects share its layout and its policy (the first of equal keys
// wins; later duplicates take no slot, which also keeps a run of duplicates from making the
// probing quadratic).
#pragma once

#include "arenajson/detail/node.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace arenajson::detail {

/// Whether two interned keys are equal (same record, or same hash, length and bytes). O(length).
inline bool same_key(const KeyRecord* a, const KeyRecord* b) noexcept {
    return a == b || (a->hash == b->hash && a->length == b->length &&
                      bytes_equal(a->chars(), b->chars(), a->length));
}

/// The bytes an object of `count` members takes: its members, then its index when it has one.
inline std::size_t object_bytes(std::size_t count) noexcept {
    const std::size_t index =
        count >= kIndexThreshold ? index_slots(count) * index_slot_width(count) : 0;
    return count * sizeof(Member) + index;
}

/// Writes the index of `count` members (count >= kIndexThreshold) at `index`, which must have
/// index_slots(count) * index_slot_width(count) bytes: linear probing, members in order, only
/// the first of equal keys indexed. O(count) expected.
inline void build_object_index(const Member* members, std::size_t count, void* index) noexcept {
    const std::size_t slots = index_slots(count);
    const std::size_t width = index_slot_width(count);
    std::memset(index, 0, slots * width);
    const std::size_t mask = slots - 1;
    for (std::size_t i = 0; i < count; ++i) {
        std::size_t pos = members[i].key->hash & mask;
        bool duplicate = false;
        for (std::uint32_t slot; (slot = index_slot(index, width, pos)) != 0;) {
            if (same_key(members[slot - 1].key, members[i].key)) {
                duplicate = true;
                break;
            }
            pos = (pos + 1) & mask;
        }
        if (duplicate) continue;
        const auto value = static_cast<std::uint32_t>(i + 1);
        if (width == 1) {
            static_cast<std::uint8_t*>(index)[pos] = static_cast<std::uint8_t>(value);
        } else if (width == 2) {
            static_cast<std::uint16_t*>(index)[pos] = static_cast<std::uint16_t>(value);
        } else {
            static_cast<std::uint32_t*>(index)[pos] = value;
        }
    }
}

}  // namespace arenajson::detail
