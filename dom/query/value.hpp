// query/value.hpp — values as the jq engine sees them. Internal.
//
// A value is a detail::Node held by value: 16 bytes, and for arrays, objects and long strings
// a shallow, immutable reference to memory that lives in an input document or in the
// evaluation's arena. Copying one is O(1) and never copies the data, so the engine runs on
// input documents without copying them. Values the engine creates are laid out exactly like
// parsed ones (contiguous element Nodes; contiguous Members plus the library's hash index), so
// Value, the writer and equality work on them too.
#pragma once

#include "arenajson/arena.hpp"
#include "arenajson/detail/node.hpp"
#include "arenajson/detail/object_index.hpp"
#include "arenajson/detail/utf8.hpp"
#include "arenajson/error.hpp"

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace arenajson::jq {

using detail::KeyRecord;
using detail::Member;
using detail::Node;
using detail::Tag;

/// jq's types, in jq's sort order.
enum class Kind : std::uint8_t { null, false_, true_, number, string, array, object };

/// The run must stop: a limit was reached (memory, recursion). Thrown inside the engine only,
/// from the allocation or the stack check that hit the limit, and caught where a run starts:
/// unwinding is the simplest way out of a deep evaluation, and it happens once per run at most.
struct LimitReached {
    ErrorCode code;
};

[[nodiscard]] inline Kind kind(const Node& n) noexcept {
    switch (n.tag()) {
        case Tag::null:
            return Kind::null;
        case Tag::false_:
            return Kind::false_;
        case Tag::true_:
            return Kind::true_;
        case Tag::int64:
        case Tag::uint64:
        case Tag::double_:
        case Tag::number_text_inline:
        case Tag::number_text:
            return Kind::number;
        case Tag::string_inline:
        case Tag::string:
            return Kind::string;
        case Tag::array:
            return Kind::array;
        case Tag::object:
            return Kind::object;
        default:
            return Kind::null;
    }
}

/// jq's name of a kind: "null", "boolean", "number", "string", "array", "object".
[[nodiscard]] const char* kind_name(Kind k) noexcept;
[[nodiscard]] inline const char* kind_name(const Node& n) noexcept {
    return kind_name(kind(n));
}

[[nodiscard]] inline bool is_number(const Node& n) noexcept {
    return kind(n) == Kind::number;
}
[[nodiscard]] inline bool is_string(const Node& n) noexcept {
    return n.tag() == Tag::string_inline || n.tag() == Tag::string;
}
[[nodiscard]] inline bool is_array(const Node& n) noexcept {
    return n.tag() == Tag::array;
}
[[nodiscard]] inline bool is_object(const Node& n) noexcept {
    return n.tag() == Tag::object;
}
[[nodiscard]] inline bool is_null(const Node& n) noexcept {
    return n.tag() == Tag::null;
}
/// jq's truth: everything but false and null.
[[nodiscard]] inline bool truthy(const Node& n) noexcept {
    return n.tag() != Tag::null && n.tag() != Tag::false_;
}

[[nodiscard]] inline Node make_null() noexcept {
    return Node{std::uint64_t(Tag::null), 0};
}
[[nodiscard]] inline Node make_bool(bool b) noexcept {
    return Node{std::uint64_t(b ? Tag::true_ : Tag::false_), 0};
}
[[nodiscard]] inline Node make_int(std::int64_t i) noexcept {
    return Node{std::uint64_t(Tag::int64), static_cast<std::uint64_t>(i)};
}
/// A number from a double: integral values below 2^53 in magnitude become integers (so they
/// print and index as integers), -0.0, fractions, larger values, infinities and NaN stay
/// doubles. An integer past 2^53 is therefore always a literal (input or program text), and
/// compare_numbers can tell a computed number from one: jq 1.8 compares those as doubles.
[[nodiscard]] inline Node make_number(double d) noexcept {
    if (d > -9007199254740992.0 && d < 9007199254740992.0 && std::trunc(d) == d &&
        !(d == 0 && std::signbit(d))) {
        return make_int(static_cast<std::int64_t>(d));
    }
    return Node{std::uint64_t(Tag::double_), std::bit_cast<std::uint64_t>(d)};
}
/// A number that stays a double whatever its value (jq's arithmetic results print the same).
[[nodiscard]] inline Node make_double(double d) noexcept {
    return make_number(d);
}

/// The number as a double; kept texts beyond double's range give ±infinity. O(1) or O(digits).
[[nodiscard]] double to_double(const Node& n) noexcept;
/// The number as an integer when it is one exactly and fits int64.
[[nodiscard]] bool to_int64(const Node& n, std::int64_t& out) noexcept;
/// jq's conversion of a number to an index: the double truncated toward zero, saturated.
[[nodiscard]] std::int64_t to_index(const Node& n) noexcept;

using detail::string_of;
[[nodiscard]] inline std::size_t size_of(const Node& n) noexcept {
    return static_cast<std::size_t>(n.length());
}
[[nodiscard]] inline const Node* elements(const Node& n) noexcept {
    return n.length() == 0 ? nullptr : n.pointer<Node>();
}
[[nodiscard]] inline const Member* members(const Node& n) noexcept {
    return n.length() == 0 ? nullptr : n.pointer<Member>();
}

/// Whether two interned keys are equal (same record, or same hash, length and bytes).
[[nodiscard]] inline bool same_key(const KeyRecord* a, const KeyRecord* b) noexcept {
    return a == b || (a->hash == b->hash && a->length == b->length &&
                      detail::bytes_equal(a->chars(), b->chars(), a->length));
}

/// The member of `object` with this key (the first, with duplicates), or nullptr. O(1)
/// expected with an index, else O(members); the key's hash is not recomputed.
[[nodiscard]] const Node* find_member(const Node& object, const KeyRecord* key) noexcept;
/// The same for a key given as bytes. O(1) expected with an index.
[[nodiscard]] const Node* find_member(const Node& object, std::string_view key) noexcept;

// Text is made valid and encoded by the library's one UTF-8 home.
using detail::append_utf8;
using detail::decode_utf8;
using detail::valid_utf8;

/// Number of code points in UTF-8 text. O(length).
[[nodiscard]] std::size_t codepoint_count(std::string_view s) noexcept;
/// Byte offset of code point `index` (clamped to the end). O(length).
[[nodiscard]] std::size_t codepoint_offset(std::string_view s, std::size_t index) noexcept;

/// Where the engine's values live during one run: the evaluation's arena, with the helpers
/// that lay values out as the DOM does. Allocation failure throws LimitReached (the arena's
/// byte limit is the query memory limit).
class Heap {
  public:
    explicit Heap(Arena& arena) noexcept : arena_(arena) {}

    [[nodiscard]] Arena& arena() noexcept { return arena_; }
    [[nodiscard]] void* alloc(std::size_t bytes, std::size_t align) {
        void* p = arena_.try_alloc(bytes, align);
        if (p == nullptr && bytes != 0) throw LimitReached{ErrorCode::query_memory_limit};
        return p;
    }
    /// Raises the memory limit error when `bytes` more could not fit the limit; for callers
    /// about to build something large outside the arena (a string, a scratch vector).
    void check_room(std::size_t bytes) const;
    /// Bytes the arena allows beyond what it holds now.
    [[nodiscard]] std::size_t room() const noexcept;

    [[nodiscard]] Node string(std::string_view s);
    /// A number kept as its text (JSON number syntax), inline when short enough.
    [[nodiscard]] Node number_text(std::string_view s);
    /// An array of `count` elements, uninitialised: fill `*out` before using the value.
    [[nodiscard]] Node array(std::size_t count, Node** out);
    [[nodiscard]] Node array(const Node* items, std::size_t count);
    /// An object of these members, which must have distinct keys; builds the index. O(count).
    [[nodiscard]] Node object(const Member* items, std::size_t count);
    /// An interned key record for `s`: the same record for the same bytes until reset().
    [[nodiscard]] const KeyRecord* key(std::string_view s);
    /// Forgets interned keys (the arena was reset).
    void reset() noexcept { ++generation_; }

  private:
    struct CacheEntry {
        const KeyRecord* key = nullptr;
        std::uint64_t generation = 0;
    };
    static constexpr std::size_t kKeyCache = 1024;

    Arena& arena_;
    CacheEntry cache_[kKeyCache];
    std::uint64_t generation_ = 1;
};

/// -v, keeping a literal's precision as jq 1.8 (with decNumber) does: integers exactly (the
/// negation of a uint64 past int64, and of a kept text, as text), other numbers as doubles.
[[nodiscard]] Node negate_number(Heap& heap, const Node& v);
/// |v| with negate_number's precision (jq 1.8's abs, and length of a number).
[[nodiscard]] Node abs_number(Heap& heap, const Node& v);

/// Builds a key record in `arena` (for constants that outlive runs). nullptr on failure.
[[nodiscard]] const KeyRecord* make_key(Arena& arena, std::string_view s) noexcept;

/// jq's total order: -1, 0, 1. null < false < true < numbers < strings < arrays < objects;
/// numbers by value, strings by bytes (code points), arrays lexicographically, objects by
/// their sorted keys, then their values in key order. Iterative: no recursion on depth.
[[nodiscard]] int compare(const Node& a, const Node& b);
/// compare(a, b) == 0, faster: objects by lookup. Iterative.
[[nodiscard]] bool equal(const Node& a, const Node& b);
/// Numbers only: -1, 0, 1 (NaN sorts below every number, as in jq's sort).
[[nodiscard]] int compare_numbers(const Node& a, const Node& b) noexcept;

/// How dump() writes JSON text.
struct DumpOptions {
    int indent = 0;  ///< 0: compact; spaces per level otherwise
    bool tab = false;
    bool sort_keys = false;
    bool ascii = false;
};
/// Appends the JSON text of `v` as jq writes it: numbers in jq's format (integers exact,
/// doubles in 17 significant digits at most, NaN as null, infinities as ±DBL_MAX), DEL and
/// control characters escaped. Iterative.
void dump(std::string& out, const Node& v, const DumpOptions& options = {});
/// The number's text as jq prints it.
void dump_number(std::string& out, const Node& n);
/// A value's compact JSON cut to `max` bytes with "...", as jq's path errors show it.
[[nodiscard]] std::string dump_truncated(const Node& v, std::size_t max);
/// "TYPE (VALUE)", the way jq 1.8 names a value in messages: its compact JSON, cut past 29
/// bytes to 26 and "..." (a string to 25, "..." and its closing quote), never inside a UTF-8
/// sequence.
[[nodiscard]] std::string describe(const Node& v);
/// describe() of the string `s`.
[[nodiscard]] std::string describe_string(std::string_view s);
/// jq 1.8's "Cannot index KIND with TYPE (KEY)", for a key of any kind or a string key.
[[nodiscard]] std::string index_error(const char* kind, const Node& key);
[[nodiscard]] std::string index_error(const char* kind, std::string_view key);

}  // namespace arenajson::jq
