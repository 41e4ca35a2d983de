#include "arenajson/builder.hpp"

#include "arenajson/detail/object_index.hpp"

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <cstdlib>
#include <limits>
#include <new>

namespace arenajson {

using detail::KeyRecord;
using detail::Member;
using detail::Node;
using detail::Tag;

namespace {
// Key interning: an open-addressing table of the document's first kMaxInterned distinct keys,
// at most a quarter full so probes stay short. Which keys it holds depends only on their order
// in the document, not on the hash seed (save for a capped probe run, below, which an honest
// seed makes about once in 1e17 documents), so a document's size is the same in every process.
constexpr std::size_t kCacheSize = 4096;  // a power of two
constexpr std::size_t kMaxInterned = kCacheSize / 4;
// A probe run this long means colliding keys (or the equal-hash test hook): interning stops for
// the rest of the document, so colliding keys cost one full run, not one per key. At a quarter
// full an honest run this long has odds of about 1e-17.
constexpr std::size_t kMaxInternProbes = 64;
constexpr std::size_t kInitialStack = 64 * 1024;
// The values start this far into the stack: room for the arena's header of an adopted block.
constexpr std::size_t kStackBase = Arena::kBlockHeader;
// A stack this large is an arena block (grown by remapping, adoptable), a smaller one malloc'd.
constexpr std::size_t kBlockStack = std::size_t{1} << 20;
// A container whose entries take this many bytes is not copied to the arena when the stack
// can go instead (adopt_entries): flat arrays of millions of small values, whose copy would
// cost as much as their parse.
constexpr std::size_t kAdoptBytes = std::size_t{1} << 20;
// A member on the stack is the key's pointer, then the value's Node (detail::Member).
constexpr std::size_t kKeyBytes = offsetof(Member, value);
static_assert(kKeyBytes == sizeof(const KeyRecord*));

}  // namespace

DomBuilder::DomBuilder()
    : cache_(new CacheEntry[kCacheSize]()), next_key_(new Prediction[kPredictions]()) {
}
DomBuilder::DomBuilder(DomBuilder&&) noexcept = default;
DomBuilder& DomBuilder::operator=(DomBuilder&&) noexcept = default;
DomBuilder::~DomBuilder() = default;

void DomBuilder::begin(Arena& arena, DuplicateKeys duplicates) noexcept {
    arena_ = &arena;
    duplicates_ = duplicates;
    error_ = ErrorCode::ok;
    // The stack's budget is set by the first grow() of this document.
    top_ = stack_.base == nullptr ? nullptr : stack_.base + kStackBase;
    stack_end_ = top_;
    keys_.reset();
    keys_.set_memory_limit(arena.options().byte_limit);
    // Cached keys belong to the previous document's arena: a new generation forgets them.
    // Keys in a key arena stay, and so do the predictions made from them.
    if (keys_arena_ == nullptr) {
        ++generation_;
        interned_count_ = 0;
    }
    interning_ = true;
    previous_key_ = nullptr;
}

void DomBuilder::keep_keys_in(Arena* keys) noexcept {
    keys_arena_ = keys;
    keys_spilled_ = false;
    ++generation_;
    interned_count_ = 0;
    interning_ = true;
}

bool DomBuilder::keys_filled() const noexcept {
    return keys_spilled_ || interned_count_ >= kMaxInterned / 2;
}

const Node* DomBuilder::finish() noexcept {
    char* const bottom = stack_.base + kStackBase;
    assert(top_ - bottom == static_cast<std::ptrdiff_t>(sizeof(Node)));
    void* root = arena_->try_alloc(sizeof(Node), alignof(Node));
    if (root == nullptr) {
        error_ = ErrorCode::memory_limit;
        return nullptr;
    }
    std::memcpy(root, bottom, sizeof(Node));
    top_ = bottom;
    return static_cast<const Node*>(root);
}

void DomBuilder::Stack::release() noexcept {
    if (block) {
        Arena::release_block(base, capacity);
    } else {
        std::free(base);
    }
    base = nullptr;
    capacity = 0;
    block = false;
}

bool DomBuilder::Stack::resize(std::size_t wanted, std::size_t used) noexcept {
    std::size_t size = wanted;
    char* bigger = nullptr;
    if (!block && wanted < kBlockStack) {
        bigger = static_cast<char*>(std::realloc(base, wanted));
        if (bigger == nullptr) return false;
    } else if (!block) {
        bigger = static_cast<char*>(Arena::acquire_block(size));
        if (bigger == nullptr) return false;
        if (used != 0) std::memcpy(bigger, base, used);
        std::free(base);
        block = true;
    } else {
        // Remapped, not copied: a flat array of millions of values grows the stack many times.
        bigger = static_cast<char*>(Arena::resize_block(base, capacity, used, size));
        if (bigger == nullptr) return false;
    }
    base = bigger;
    capacity = size;
    return true;
}

// A large container ends: its entries (elements or members) fill the stack from `start` to
// the top. When the stack is an arena block, little lies below the container and a copy
// would need a chunk of its own, the arena adopts the block with the entries in place and
// `extra` bytes after them (an object's index); the builder goes on with a new stack (the
// cache's warm block, in a loop over documents), where it moves the values below `start`.
// Returns where the entries are, then top_ being where `start` was; nullptr when they must
// be copied.
char* DomBuilder::adopt_entries(char* start, std::size_t extra) noexcept {
    const auto below = static_cast<std::size_t>(start - (stack_.base + kStackBase));
    const auto bytes = static_cast<std::size_t>(top_ - start);
    const std::size_t used = below + bytes + extra;
    // Copied when the copy fits the arena's current chunk (no memory of its own), or when
    // much of the stack lies below the container.
    if (!stack_.block || below > bytes / 8 || kStackBase + used > stack_.capacity ||
        arena_->room() >= used) {
        return nullptr;
    }
    // The new stack first, so that nothing has changed when a step fails. It is asked for
    // what the entries take: in a loop over like documents, the block the previous document's
    // arena gave back, of the size the arena trimmed it to (adopt_block keeps only the pages
    // the entries need, so the document reserves what a copy would have, whatever the stack's
    // past).
    Stack fresh;
    fresh.capacity = kStackBase + used;
    fresh.base = static_cast<char*>(Arena::acquire_block(fresh.capacity));
    if (fresh.base == nullptr) return nullptr;
    fresh.block = true;
    char* const base = stack_.base;
    if (!arena_->adopt_block(base, stack_.capacity, used)) return nullptr;  // fresh: to the cache
    if (below != 0) std::memcpy(fresh.base + kStackBase, base + kStackBase, below);
    stack_.base = nullptr;  // the arena's now
    stack_.capacity = 0;
    stack_ = std::move(fresh);
    top_ = stack_.base + kStackBase + below;
    set_stack_end();
    return base + kStackBase + below;
}

// The end of the stack within the memory budget: the pending values count against the
// document's memory limit with the arena (a flat array of a billion zeros waits here whole
// before it moves to the arena). Held there, the check costs nothing per value. Never below
// top_: a budget already spent makes the next push fail.
void DomBuilder::set_stack_end() noexcept {
    char* const bottom = stack_.base + kStackBase;
    stack_end_ = std::max(top_, bottom + std::min(stack_.capacity - kStackBase, stack_budget()));
}

// What the memory limit leaves for pending values, beside what the arena holds.
std::size_t DomBuilder::stack_budget() const noexcept {
    const std::size_t limit = arena_->options().byte_limit;
    return limit - std::min(limit, arena_->stats().bytes_reserved);
}

bool DomBuilder::grow(std::size_t more) noexcept {
    const std::size_t used =
        top_ == nullptr ? 0 : static_cast<std::size_t>(top_ - stack_.base) - kStackBase;
    const std::size_t budget = stack_budget();
    if (more > budget || used > budget - more) return fail(ErrorCode::memory_limit);
    if (kStackBase + used + more > stack_.capacity) {
        const std::size_t wanted =
            std::max({kInitialStack, stack_.capacity * 2, kStackBase + used + more});
        if (!stack_.resize(wanted, kStackBase + used)) return fail(ErrorCode::memory_limit);
        top_ = stack_.base + kStackBase + used;
    }
    set_stack_end();
    return true;
}

bool DomBuilder::on_number_text(std::string_view text) noexcept {
    if (text.size() <= detail::kMaxInlineNumber) return push(detail::pack_number_text(text));
    const std::string_view copy = arena_->try_alloc_str(text);
    if (copy.data() == nullptr) return fail(ErrorCode::memory_limit);
    return push(Node::make(Tag::number_text, copy.size(), copy.data()));
}

bool DomBuilder::push_long_string(std::string_view s) noexcept {
    const std::string_view copy = arena_->try_alloc_str(s);
    if (copy.data() == nullptr) return fail(ErrorCode::memory_limit);
    return push(Node::make(Tag::string, copy.size(), copy.data()));
}

const KeyRecord* DomBuilder::intern(std::string_view key, bool& interned) noexcept {
    interned = false;
    if (key.size() >= std::numeric_limits<std::uint32_t>::max()) return nullptr;
    const std::uint32_t hash = detail::hash_key(key);
    CacheEntry* slot = nullptr;
    std::size_t probes = 0;
    for (std::size_t pos = hash & (kCacheSize - 1); interning_ && probes < kMaxInternProbes;
         pos = (pos + 1) & (kCacheSize - 1), ++probes) {
        CacheEntry& entry = cache_[pos];
        if (entry.generation != generation_) {
            slot = &entry;
            break;
        }
        if (entry.key->hash == hash && entry.key->length == key.size() &&
            detail::bytes_equal(entry.key->chars(), key.data(), key.size())) {
            interned = true;
            return entry.key;
        }
    }
    if (probes == kMaxInternProbes) interning_ = false;
    const std::size_t bytes = sizeof(KeyRecord) + key.size() + 1;
    // A key that will be interned goes to the key arena when there is one; any other key, or
    // one the key arena has no room for, to the document's arena and is not interned.
    bool intern_it = slot != nullptr && interned_count_ < kMaxInterned;
    void* p = nullptr;
    if (intern_it && keys_arena_ != nullptr) {
        p = keys_arena_->try_alloc(bytes, alignof(KeyRecord));
        intern_it = p != nullptr;
        keys_spilled_ |= !intern_it;
    }
    if (p == nullptr) p = arena_->try_alloc(bytes, alignof(KeyRecord));
    if (p == nullptr) return nullptr;
    auto* record = static_cast<KeyRecord*>(p);
    record->hash = hash;
    record->length = static_cast<std::uint32_t>(key.size());
    char* chars = static_cast<char*>(p) + sizeof(KeyRecord);
    if (!key.empty()) std::memcpy(chars, key.data(), key.size());
    chars[key.size()] = '\0';
    if (intern_it) {
        *slot = CacheEntry{record, generation_};
        ++interned_count_;
        interned = true;
    }
    return record;
}

bool DomBuilder::on_key_slow(std::string_view key) noexcept {
    // The guesses hold interned records only, so whether a key gets a new record never depends
    // on where records happen to live.
    Prediction& guess = next_key_[predictor()];
    const auto matches = [&](const CacheEntry& e) {
        return e.generation == generation_ && e.key->length == key.size() &&
               detail::bytes_equal(e.key->chars(), key.data(), key.size());
    };
    const KeyRecord* record;
    if (matches(guess.first)) {  // (the inline path declined it: reject mode, or no room)
        record = guess.first.key;
    } else if (matches(guess.second)) {
        record = guess.second.key;
        std::swap(guess.first, guess.second);
    } else {
        bool interned = false;
        record = intern(key, interned);
        if (record == nullptr) return fail(ErrorCode::memory_limit);
        if (interned) {
            guess.second = guess.first;
            guess.first = CacheEntry{record, generation_};
        }
    }
    previous_key_ = record;
    if (duplicates_ == DuplicateKeys::reject && !keys_.on_key(key)) return fail(keys_.error_code());
    if (static_cast<std::size_t>(stack_end_ - top_) < kKeyBytes) {
        if (!grow(kKeyBytes)) return false;
    }
    std::memcpy(top_, &record, kKeyBytes);
    top_ += kKeyBytes;
    return true;
}

bool DomBuilder::end_array(std::size_t elements) noexcept {
    const std::size_t bytes = elements * sizeof(Node);
    char* const start = top_ - bytes;
    if (bytes >= kAdoptBytes) {
        if (const char* entries = adopt_entries(start, 0)) {
            return push(Node::make(Tag::array, elements, entries));
        }
    }
    void* const copy = arena_->try_alloc(bytes, alignof(Node));
    if (copy == nullptr) return fail(ErrorCode::memory_limit);
    copy_entries<Node>(copy, start, elements);
    // The array takes its first element's place on the stack: no room to check.
    const Node n = Node::make(Tag::array, elements, copy);
    std::memcpy(start, &n, sizeof n);
    top_ = start + sizeof n;
    return true;
}

bool DomBuilder::end_object(std::size_t count) noexcept {
    // Member indexes are 32-bit; so many members could not fit the memory limit anyway.
    if (count >= std::numeric_limits<std::uint32_t>::max()) return fail(ErrorCode::memory_limit);
    const std::size_t bytes = count * sizeof(Member);
    char* const start = top_ - bytes;
    const std::size_t index_bytes = detail::ObjectIndex::bytes(count);
    void* copy = nullptr;
    std::uint64_t flags = 0;
    bool adopted = false;
    if (count != 0) {
        if (bytes >= kAdoptBytes) copy = adopt_entries(start, index_bytes);
        adopted = copy != nullptr;
        if (!adopted) {
            copy = arena_->try_alloc(bytes + index_bytes, alignof(Member));
            if (copy == nullptr) return fail(ErrorCode::memory_limit);
            copy_entries<Member>(copy, start, count);
        }
        if (index_bytes != 0 &&
            !detail::ObjectIndex::build(static_cast<const Member*>(copy), count,
                                        static_cast<char*>(copy) + bytes, *arena_, flags)) {
            return fail(ErrorCode::memory_limit);
        }
    }
    // Its keys were checked as they came; their record goes with it.
    if (duplicates_ == DuplicateKeys::reject) keys_.on_end_object(count);
    if (!adopted) top_ = start;
    Node n = Node::make(Tag::object, count, copy);
    n.head |= flags;
    return push(n);
}

}  // namespace arenajson
