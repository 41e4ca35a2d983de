#include "arenajson/builder.hpp"

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <limits>
#include <new>

namespace arenajson {

using detail::KeyRecord;
using detail::Member;
using detail::Node;
using detail::Tag;

namespace {
constexpr std::size_t kCacheSize = 1024;  // a power of two; 16 KiB of entries stay in L1
constexpr std::size_t kInitialStack = 64 * 1024;
constexpr std::size_t kPredictions = 1024;  // a power of two
// Rejecting duplicates: an object's first keys are compared one by one; past this many, a
// hash set keeps the check O(1) per key.
constexpr std::size_t kLinearKeys = 16;
// A member on the stack is the key's pointer, then the value's Node (detail::Member).
constexpr std::size_t kKeyBytes = offsetof(Member, value);
static_assert(kKeyBytes == sizeof(const KeyRecord*));
constexpr std::size_t kKeptSetSlots = std::size_t{1} << 18;  // 1 MiB

std::uint64_t head(Tag tag, std::size_t length) noexcept {
    return static_cast<std::uint64_t>(tag) | (static_cast<std::uint64_t>(length) << 8);
}
std::uint64_t address(const void* p) noexcept {
    return reinterpret_cast<std::uintptr_t>(p);
}

bool same_key(const KeyRecord* a, const KeyRecord* b) noexcept {
    return a == b || (a->hash == b->hash && a->length == b->length &&
                      detail::bytes_equal(a->chars(), b->chars(), a->length));
}
}  // namespace

DomBuilder::DomBuilder()
    : cache_(new CacheEntry[kCacheSize]()), next_key_(new CacheEntry[kPredictions]()) {
}
DomBuilder::DomBuilder(DomBuilder&&) noexcept = default;
DomBuilder& DomBuilder::operator=(DomBuilder&&) noexcept = default;
DomBuilder::~DomBuilder() = default;

void DomBuilder::begin(Arena& arena, DuplicateKeys duplicates) noexcept {
    arena_ = &arena;
    duplicates_ = duplicates;
    error_ = ErrorCode::ok;
    top_ = stack_.get();
    key_frames_.clear();
    key_sets_.clear();
    // One huge object's set (16 bytes a key at most) is not kept for the documents after it.
    if (key_sets_.capacity() > kKeptSetSlots) key_sets_.shrink_to_fit();
    // Cached keys belong to the previous document's arena: a new generation forgets them.
    ++generation_;
    previous_key_ = nullptr;
}

const Node* DomBuilder::finish() noexcept {
    assert(top_ - stack_.get() == static_cast<std::ptrdiff_t>(sizeof(Node)));
    void* root = arena_->try_alloc(sizeof(Node), alignof(Node));
    if (root == nullptr) {
        error_ = ErrorCode::memory_limit;
        return nullptr;
    }
    std::memcpy(root, stack_.get(), sizeof(Node));
    top_ = stack_.get();
    return static_cast<const Node*>(root);
}

bool DomBuilder::grow(std::size_t more) noexcept {
    const auto used = static_cast<std::size_t>(top_ - stack_.get());
    const auto capacity = static_cast<std::size_t>(stack_end_ - stack_.get());
    const std::size_t wanted = std::max({kInitialStack, capacity * 2, used + more});
    std::unique_ptr<char[]> bigger(new (std::nothrow) char[wanted]);
    if (!bigger) return fail(ErrorCode::memory_limit);
    if (used != 0) std::memcpy(bigger.get(), stack_.get(), used);
    stack_ = std::move(bigger);
    top_ = stack_.get() + used;
    stack_end_ = stack_.get() + wanted;
    return true;
}

bool DomBuilder::on_number_text(std::string_view text) noexcept {
    if (text.size() <= detail::kMaxInlineNumber) return push(detail::pack_number_text(text));
    const std::string_view copy = arena_->try_alloc_str(text);
    if (copy.data() == nullptr) return fail(ErrorCode::memory_limit);
    return push(Node{head(Tag::number_text, copy.size()), address(copy.data())});
}

bool DomBuilder::push_long_string(std::string_view s) noexcept {
    const std::string_view copy = arena_->try_alloc_str(s);
    if (copy.data() == nullptr) return fail(ErrorCode::memory_limit);
    return push(Node{head(Tag::string, copy.size()), address(copy.data())});
}

const KeyRecord* DomBuilder::intern(std::string_view key) noexcept {
    if (key.size() >= std::numeric_limits<std::uint32_t>::max()) return nullptr;
    const std::uint32_t hash = detail::hash_key(key);
    CacheEntry& entry = cache_[hash & (kCacheSize - 1)];
    if (entry.generation == generation_ && entry.key->hash == hash &&
        entry.key->length == key.size() &&
        detail::bytes_equal(entry.key->chars(), key.data(), key.size())) {
        return entry.key;
    }
    void* p = arena_->try_alloc(sizeof(KeyRecord) + key.size() + 1, alignof(KeyRecord));
    if (p == nullptr) return nullptr;
    auto* record = static_cast<KeyRecord*>(p);
    record->hash = hash;
    record->length = static_cast<std::uint32_t>(key.size());
    char* chars = static_cast<char*>(p) + sizeof(KeyRecord);
    if (!key.empty()) std::memcpy(chars, key.data(), key.size());
    chars[key.size()] = '\0';
    entry = CacheEntry{record, generation_};
    return record;
}

bool DomBuilder::on_key(std::string_view key) noexcept {
    CacheEntry& guess =
        next_key_[(reinterpret_cast<std::uintptr_t>(previous_key_) >> 4) & (kPredictions - 1)];
    const KeyRecord* record = guess.key;
    if (guess.generation != generation_ || record->length != key.size() ||
        !detail::bytes_equal(record->chars(), key.data(), key.size())) {
        record = intern(key);
        if (record == nullptr) return fail(ErrorCode::memory_limit);
        guess = CacheEntry{record, generation_};
    }
    previous_key_ = record;
    if (duplicates_ == DuplicateKeys::reject && !is_new_key(record)) return false;
    if (static_cast<std::size_t>(stack_end_ - top_) < kKeyBytes) {
        if (!grow(kKeyBytes)) return false;
    }
    std::memcpy(top_, &record, kKeyBytes);
    top_ += kKeyBytes;
    return true;
}

bool DomBuilder::on_end_array(std::size_t elements) noexcept {
    const std::size_t bytes = elements * sizeof(Node);
    char* const start = top_ - bytes;
    void* copy = nullptr;
    if (elements != 0) {
        copy = arena_->try_alloc(bytes, alignof(Node));
        if (copy == nullptr) return fail(ErrorCode::memory_limit);
        std::memcpy(copy, start, bytes);
    }
    top_ = start;
    return push(Node{head(Tag::array, elements), address(copy)});
}

bool DomBuilder::open_key_frame() noexcept {
    try {
        key_frames_.push_back(
            KeyFrame{static_cast<std::size_t>(top_ - stack_.get()), 0, key_sets_.size(), 0});
    } catch (const std::bad_alloc&) {
        return fail(ErrorCode::memory_limit);
    }
    return true;
}

const KeyRecord* DomBuilder::member_key(std::size_t members_at, std::size_t i) const noexcept {
    const KeyRecord* key;
    std::memcpy(&key, stack_.get() + members_at + i * sizeof(Member), kKeyBytes);
    return key;
}

bool DomBuilder::is_new_key(const KeyRecord* key) noexcept {
    assert(!key_frames_.empty());
    KeyFrame& f = key_frames_.back();
    if (f.count < kLinearKeys) {
        for (std::size_t i = 0; i < f.count; ++i) {
            if (same_key(member_key(f.members_at, i), key)) return fail(ErrorCode::duplicate_key);
        }
        ++f.count;
        return true;
    }
    // Members are numbered in a set of at least twice their count; inner objects' sets were
    // dropped when they closed, so this object's set is the last in key_sets_.
    if ((f.count + 1) * 2 > f.slots) {
        const std::size_t slots = std::max<std::size_t>(64, f.slots * 2);
        try {
            key_sets_.resize(f.set_at + slots);
        } catch (const std::bad_alloc&) {
            return fail(ErrorCode::memory_limit);
        }
        f.slots = slots;
        std::uint32_t* set = key_sets_.data() + f.set_at;
        std::fill(set, set + slots, 0u);
        for (std::size_t i = 0; i < f.count; ++i) {
            std::size_t pos = member_key(f.members_at, i)->hash & (slots - 1);
            while (set[pos] != 0)
                pos = (pos + 1) & (slots - 1);
            set[pos] = static_cast<std::uint32_t>(i + 1);
        }
    }
    std::uint32_t* set = key_sets_.data() + f.set_at;
    std::size_t pos = key->hash & (f.slots - 1);
    for (; set[pos] != 0; pos = (pos + 1) & (f.slots - 1)) {
        if (same_key(member_key(f.members_at, set[pos] - 1), key)) {
            return fail(ErrorCode::duplicate_key);
        }
    }
    set[pos] = static_cast<std::uint32_t>(++f.count);
    return true;
}

bool DomBuilder::on_end_object(std::size_t count) noexcept {
    // Member indexes are 32-bit; so many members could not fit the memory limit anyway.
    if (count >= std::numeric_limits<std::uint32_t>::max()) return fail(ErrorCode::memory_limit);
    const std::size_t bytes = count * sizeof(Member);
    char* const start = top_ - bytes;
    const bool indexed = count >= detail::kIndexThreshold;
    const std::size_t slots = indexed ? detail::index_slots(count) : 0;
    const std::size_t width = detail::index_slot_width(count);
    void* copy = nullptr;
    if (count != 0) {
        copy = arena_->try_alloc(bytes + slots * width, alignof(Member));
        if (copy == nullptr) return fail(ErrorCode::memory_limit);
        std::memcpy(copy, start, bytes);
    }
    const auto* members = static_cast<const Member*>(copy);
    if (indexed) {
        // Linear probing, members inserted in order; only the first of equal keys is indexed,
        // which is the documented "first wins".
        void* index = static_cast<char*>(copy) + bytes;
        std::memset(index, 0, slots * width);
        const std::size_t mask = slots - 1;
        for (std::size_t i = 0; i < count; ++i) {
            std::size_t pos = members[i].key->hash & mask;
            bool duplicate = false;
            for (std::uint32_t slot; (slot = detail::index_slot(index, width, pos)) != 0;) {
                if (same_key(members[slot - 1].key, members[i].key)) {
                    // Lookups return the first of equal keys, so a later one needs no slot;
                    // skipping it also keeps a run of duplicates from making probing quadratic.
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
    if (duplicates_ == DuplicateKeys::reject) {
        // Its keys were checked as they came (is_new_key); its set goes with it.
        key_sets_.resize(key_frames_.back().set_at);
        key_frames_.pop_back();
    }
    top_ = start;
    return push(Node{head(Tag::object, count), address(copy)});
}

}  // namespace arenajson
