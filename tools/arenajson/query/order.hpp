// query/order.hpp — jq's total order of JSON values, and objects seen as jq sees them (one
// member per key). Internal.
#pragma once

#include "arenajson/value.hpp"

#include <cstddef>
#include <string_view>
#include <vector>

namespace arenajson::query::detail {

/// -1, 0 or 1 by jq's order: null < false < true < numbers < strings < arrays < objects;
/// numbers by exact value, strings by code point (byte order), arrays lexicographically,
/// objects by their sorted key lists, then by their values in key order. 0 means equal, as
/// `==` uses. No recursion: O(size of both) time, a stack as deep as the shallower value.
[[nodiscard]] int compare_values(Value a, Value b);

/// jq's truthiness: everything but false and null.
[[nodiscard]] inline bool truthy(Value v) noexcept {
    if (v.is_bool()) return *v.get_bool();
    return !v.is_null();
}

/// Whether `member` is the first of the object's members with its key: with duplicate keys,
/// only the first counts (arenajson's lookup). O(1) expected with an index, else O(members).
[[nodiscard]] inline bool is_first_member(Object object, const Member& member) noexcept {
    return object.find(member.key).node() == member.value.node();
}

/// The number of distinct keys. O(members) expected.
[[nodiscard]] std::size_t distinct_key_count(Object object) noexcept;

/// Appends the object's distinct keys to `out`, sorted by code point. O(n log n).
void append_sorted_keys(Object object, std::vector<std::string_view>& out);

}  // namespace arenajson::query::detail
