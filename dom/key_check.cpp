#include "arenajson/key_check.hpp"

#include "arenajson/detail/node.hpp"

#include <algorithm>
#include <cassert>
#include <limits>
#include <new>

namespace arenajson {

namespace {
// An object's first keys are compared one by one; past this many, a hash set keeps the check
// O(1) per key.
constexpr std::size_t kLinearKeys = 16;
// Memory kept from one document to the next (keys, their bytes, sets).
constexpr std::size_t kKeptBytes = std::size_t{1} << 20;
}  // namespace

void KeyCheck::reset() noexcept {
    error_ = ErrorCode::ok;
    frames_.clear();
    keys_.clear();
    chars_.clear();
    sets_.clear();
    const std::size_t held = keys_.capacity() * sizeof(Key) + chars_.capacity() +
                             sets_.capacity() * sizeof(std::uint32_t);
    if (held > kKeptBytes) {
        keys_.shrink_to_fit();
        chars_.shrink_to_fit();
        sets_.shrink_to_fit();
    }
}

bool KeyCheck::on_start_object() noexcept {
    try {
        frames_.push_back(Frame{keys_.size(), chars_.size(), sets_.size(), 0});
    } catch (const std::bad_alloc&) {
        return fail(ErrorCode::memory_limit);
    }
    return true;
}

bool KeyCheck::on_end_object(std::size_t) noexcept {
    assert(!frames_.empty());
    const Frame& f = frames_.back();
    keys_.resize(f.first_key);
    chars_.resize(f.chars_at);
    sets_.resize(f.set_at);
    frames_.pop_back();
    return true;
}

bool KeyCheck::same(const Key& k, std::string_view key) const noexcept {
    return k.length == key.size() &&
           detail::bytes_equal(chars_.data() + k.at, key.data(), key.size());
}

bool KeyCheck::on_key(std::string_view key) noexcept {
    assert(!frames_.empty());
    Frame& f = frames_.back();
    const Key* const first = keys_.data() + f.first_key;
    const std::size_t count = keys_.size() - f.first_key;
    if (key.size() >= std::numeric_limits<std::uint32_t>::max() ||
        count >= std::numeric_limits<std::uint32_t>::max()) {
        return fail(ErrorCode::memory_limit);
    }
    const std::uint32_t hash = detail::hash_key(key);
    try {
        if (count < kLinearKeys) {
            for (std::size_t i = 0; i < count; ++i) {
                if (first[i].hash == hash && same(first[i], key)) {
                    return fail(ErrorCode::duplicate_key);
                }
            }
        } else {
            // At most half full: rebuilt twice as large from the object's keys when it would
            // pass that. Inner objects' sets were dropped when they closed, so this one is last.
            if ((count + 1) * 2 > f.slots) {
                const std::size_t slots = std::max<std::size_t>(64, f.slots * 2);
                sets_.resize(f.set_at + slots);
                f.slots = slots;
                std::uint32_t* set = sets_.data() + f.set_at;
                std::fill(set, set + slots, 0u);
                const Key* keys = keys_.data() + f.first_key;
                for (std::size_t i = 0; i < count; ++i) {
                    std::size_t pos = keys[i].hash & (slots - 1);
                    while (set[pos] != 0)
                        pos = (pos + 1) & (slots - 1);
                    set[pos] = static_cast<std::uint32_t>(i + 1);
                }
            }
            const std::uint32_t* set = sets_.data() + f.set_at;
            const Key* keys = keys_.data() + f.first_key;
            std::size_t pos = hash & (f.slots - 1);
            for (; set[pos] != 0; pos = (pos + 1) & (f.slots - 1)) {
                const Key& k = keys[set[pos] - 1];
                if (k.hash == hash && same(k, key)) return fail(ErrorCode::duplicate_key);
            }
            sets_[f.set_at + pos] = static_cast<std::uint32_t>(count + 1);
        }
        keys_.push_back(Key{chars_.size(), static_cast<std::uint32_t>(key.size()), hash});
        chars_.append(key);
    } catch (const std::bad_alloc&) {
        return fail(ErrorCode::memory_limit);
    }
    return true;
}

}  // namespace arenajson
