// arenajson/key_check.hpp — finding repeated keys while streaming, without a document.
//
//     arenajson::KeyCheck keys;
//     arenajson::Reader reader(keys);          // or forward on_key/on_*_object from a handler
//     reader.feed(text);
//     reader.finish();                         // ErrorCode::duplicate_key at the repeated key
//
// DuplicateKeys::reject is built on it: DomBuilder, find_path and `arenajson check` use it.
#pragma once

#include "arenajson/error.hpp"
#include "arenajson/reader.hpp"

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
/// first 16 keys are compared one by one, later ones through a hash set, so each key costs
/// O(1) on average whatever the object's size. Memory: the keys of the objects open at the
/// moment (their bytes plus about 32 bytes a key), reused from document to document; after a
/// document whose open objects held more than 1 MiB of keys the next reset() gives it back.
/// Not thread-safe.
class KeyCheck : public NullHandler {
  public:
    /// Forgets every open object, for a new document. O(1), or O(memory) when it is released.
    void reset() noexcept;

    ///@{
    /// Handler events. on_key returns false for a key its object already has (error_code()
    /// duplicate_key) or when memory runs out (memory_limit). O(1) amortised.
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
    };
    [[nodiscard]] bool same(const Key& k, std::string_view key) const noexcept;
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
    ErrorCode error_ = ErrorCode::ok;
};

}  // namespace arenajson
