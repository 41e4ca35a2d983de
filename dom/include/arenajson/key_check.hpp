// arenajson/key_check.hpp — finding repeated keys while streaming, without a document.
//
//     arenajson::KeyCheck keys;
//     arenajson::Reader reader(keys);          // or forward on_key/on_*_object from a handler
//     reader.feed(text);
//     reader.finish();                         // ErrorCode::duplicate_key at the repeated key
//
// DuplicateKeys::reject is built on it: DomBuilder, find_path and `arenajson check` use it.
#pragma once

#include "arenajson/detail/object_index.hpp"
#include "arenajson/error.hpp"
#include "arenajson/reader.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace arenajson {

/// Remembers the keys of every open object and refuses a key its object already has, so the
/// error points at the repeated key. A Reader handler on its own (every other event is
/// accepted), or a part of another handler that forwards on_start_object, on_key and
/// on_end_object to it.
///
/// Keys are compared by their decoded bytes ("a" and "\u0061" are the same key). An object's
/// first 16 keys are compared one by one, later ones through a hash set seeded per process, so
/// each key costs O(1) on average whatever the object's size. Should the set's probes still run
/// long (colliding keys), that object's keys move to an ordered set (a B-tree), where each key
/// costs O(log n) comparisons whatever the hash does. Memory: the keys of the objects open at
/// the moment (their bytes plus about 40 bytes a key), reused from document to document and
/// bounded by set_memory_limit(); after a document whose open objects held more than 1 MiB of
/// keys the next reset() gives it back. Not thread-safe.
class KeyCheck : public NullHandler {
  public:
    /// Forgets every open object, for a new document. O(1), or O(memory) when it is released.
    void reset() noexcept;
    /// The most bytes the remembered keys may take; past it on_key fails with memory_limit.
    /// Unlimited by default; the library's users of KeyCheck pass ParseOptions::max_memory. O(1).
    void set_memory_limit(std::size_t bytes) noexcept { memory_limit_ = bytes; }

    ///@{
    /// Handler events. on_key returns false for a key its object already has (error_code()
    /// duplicate_key) or when memory runs out (memory_limit). O(1) amortised, O(log n) key
    /// comparisons at worst.
    bool on_start_object() noexcept;
    bool on_key(std::string_view key) noexcept;
    bool on_end_object(std::size_t members) noexcept;
    ///@}

    /// Why the last event failed: duplicate_key or memory_limit; ok otherwise. O(1).
    [[nodiscard]] ErrorCode error_code() const noexcept { return error_; }

  private:
    struct Key {
        std::size_t at;  // in chars_
        std::uint32_t length;
        std::uint32_t hash;
    };
    struct Frame {
        std::size_t first_key;  // in keys_
        std::size_t chars_at;   // in chars_
        std::size_t set_at;     // in sets_; the set exists once the object passes 16 keys
        std::size_t slots;
        std::size_t probes;        // probes made in the set, rebuilds included
        std::size_t equal_hashes;  // probes that met another key with the same hash
        std::size_t tree_at;       // in tree_; the tree exists once the set gave up
        std::size_t links_at;      // in links_
        std::uint32_t root;        // the tree's root node, in tree_
        bool ordered;              // the keys are in the tree, not the set
    };
    // A B-tree node of the ordered set: up to kTreeKeys keys in key order, and for inner nodes
    // one more child than keys. A key is its first eight bytes and its number in the object (its
    // length and text are in keys_ and chars_), in two arrays: a search reads the prefixes, the
    // rest only on a tie. The prefixes past `count` are detail::kNoPrefix, never below a key's, so
    // a search counts the prefixes below its key's over the whole array, without a bound or a
    // branch (only eight 0xff bytes, never UTF-8, equal it, and ties are settled among the
    // first `count` keys).
    static constexpr std::size_t kTreeKeys = 47;
    // An inner node's children are elsewhere (links_), so that leaves, nearly all the nodes,
    // are a quarter smaller.
    static constexpr std::uint32_t kLeaf = ~std::uint32_t{0};
    using Links = std::array<std::uint32_t, kTreeKeys + 1>;
    struct TreeNode {
        std::uint32_t count;
        std::uint32_t links;  // kLeaf, or the children's position in links_
        std::uint64_t prefix[kTreeKeys + 1];
        std::uint32_t number[kTreeKeys];

        void set_key(std::uint32_t i, std::uint64_t key_prefix, std::uint32_t key_number) noexcept {
            prefix[i] = key_prefix;
            number[i] = key_number;
        }
        // Moves keys [from, count) one place up, opening slot `from`.
        void open_slot(std::uint32_t from) noexcept;
        // An empty node.
        [[nodiscard]] static TreeNode empty() noexcept;
        // How many of a node's prefixes (padding included) are below `wanted`.
        [[nodiscard]] static std::uint32_t count_below(const std::uint64_t* prefix,
                                                       std::uint64_t wanted) noexcept;
    };

    [[nodiscard]] std::string_view key_text(const Frame& f, std::uint32_t i) const noexcept;
    [[nodiscard]] bool same(const Key& k, std::string_view key) const noexcept;
    bool insert_hashed(Frame& f, std::string_view key, std::uint32_t hash);
    bool rebuild_set(Frame& f, std::size_t slots);
    void make_ordered(Frame& f);
    bool insert_ordered(Frame& f, std::string_view key, std::uint32_t number);
    void split_child(std::uint32_t parent, std::uint32_t i);
    [[nodiscard]] std::size_t bytes_in_use() const noexcept;
    bool fail(ErrorCode code) noexcept {
        error_ = code;
        return false;
    }

    std::vector<Frame> frames_;
    std::vector<Key> keys_;
    std::string chars_;
    // Per object past 16 keys: slots holding a key's number in the object + 1 (0: empty),
    // stacked like the objects (the innermost open object's set is last).
    std::vector<std::uint32_t> sets_;
    // Per object whose set gave up: its B-tree's nodes, stacked the same way.
    std::vector<TreeNode> tree_;
    std::vector<Links> links_;
    std::size_t memory_limit_ = static_cast<std::size_t>(-1);
    ErrorCode error_ = ErrorCode::ok;
};

/// A handler that checks keys with a KeyCheck and forwards every event to another handler:
/// the duplicate-key policy for a handler that has none (a Writer streaming `fmt`, say). An
/// object's key is refused before the inner handler sees it. Holds a reference: `inner` must
/// outlive it. Not thread-safe.
template <Handler H>
class KeyChecked {
  public:
    /// Forwards to `inner`; `memory_limit` bounds the remembered keys. O(1).
    explicit KeyChecked(H& inner, std::size_t memory_limit = static_cast<std::size_t>(-1))
        : inner_(&inner) {
        keys_.set_memory_limit(memory_limit);
    }

    ///@{
    /// The Handler events: keys and objects go through the KeyCheck first, everything goes to
    /// the inner handler. O(1) amortised, plus the inner handler's cost.
    bool on_null() { return inner_->on_null(); }
    bool on_bool(bool b) { return inner_->on_bool(b); }
    bool on_int64(std::int64_t i) { return inner_->on_int64(i); }
    bool on_uint64(std::uint64_t u) { return inner_->on_uint64(u); }
    bool on_double(double d) { return inner_->on_double(d); }
    bool on_number_text(std::string_view t) { return inner_->on_number_text(t); }
    bool on_string(std::string_view s) { return inner_->on_string(s); }
    bool on_key(std::string_view k) { return keys_.on_key(k) && inner_->on_key(k); }
    bool on_start_object() { return keys_.on_start_object() && inner_->on_start_object(); }
    bool on_end_object(std::size_t n) {
        keys_.on_end_object(n);
        return inner_->on_end_object(n);
    }
    bool on_start_array() { return inner_->on_start_array(); }
    bool on_end_array(std::size_t n) { return inner_->on_end_array(n); }
    ///@}

    /// Why an event failed: the KeyCheck's reason (duplicate_key, memory_limit), else the inner
    /// handler's (its error_code(), or handler_aborted). O(1).
    [[nodiscard]] ErrorCode error_code() const noexcept {
        return keys_.error_code() != ErrorCode::ok ? keys_.error_code()
                                                   : detail::handler_stop_reason(*inner_);
    }

  private:
    H* inner_;
    KeyCheck keys_;
};

}  // namespace arenajson
