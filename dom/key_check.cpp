#include "arenajson/key_check.hpp"

#include <algorithm>
#include <cassert>
#include <iterator>
#include <limits>
#include <new>

namespace arenajson {

namespace {
// An object's first keys are compared one by one; past this many, a hash set keeps the check
// O(1) per key.
constexpr std::size_t kLinearKeys = 16;
// Memory kept from one document to the next (keys, their bytes, sets, trees).
constexpr std::size_t kKeptBytes = std::size_t{1} << 20;
}  // namespace

std::size_t KeyCheck::bytes_in_use() const noexcept {
    return keys_.size() * sizeof(Key) + chars_.size() + sets_.size() * sizeof(std::uint32_t) +
           tree_.size() * sizeof(TreeNode) + links_.size() * sizeof(Links) +
           frames_.size() * sizeof(Frame);
}

void KeyCheck::reset() noexcept {
    error_ = ErrorCode::ok;
    frames_.clear();
    keys_.clear();
    chars_.clear();
    sets_.clear();
    tree_.clear();
    links_.clear();
    const std::size_t held = keys_.capacity() * sizeof(Key) + chars_.capacity() +
                             sets_.capacity() * sizeof(std::uint32_t) +
                             tree_.capacity() * sizeof(TreeNode) +
                             links_.capacity() * sizeof(Links);
    if (held > kKeptBytes) {
        keys_.shrink_to_fit();
        chars_.shrink_to_fit();
        sets_.shrink_to_fit();
        tree_.shrink_to_fit();
        links_.shrink_to_fit();
    }
}

bool KeyCheck::on_start_object() noexcept {
    try {
        frames_.push_back(Frame{keys_.size(), chars_.size(), sets_.size(), 0, 0, 0, tree_.size(),
                                links_.size(), 0, false});
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
    tree_.resize(f.tree_at);
    links_.resize(f.links_at);
    frames_.pop_back();
    return true;
}

bool KeyCheck::same(const Key& k, std::string_view key) const noexcept {
    return k.length == key.size() &&
           detail::bytes_equal(chars_.data() + k.at, key.data(), key.size());
}

std::string_view KeyCheck::key_text(const Frame& f, std::uint32_t i) const noexcept {
    const Key& k = keys_[f.first_key + i];
    return {chars_.data() + k.at, k.length};
}

// Counted in AVX2 where the CPU has it (four compares an instruction): on a million colliding
// keys this loop was a third of the check.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__GLIBC__)
__attribute__((target_clones("avx2", "default")))
#endif
std::uint32_t
KeyCheck::TreeNode::count_below(const std::uint64_t* prefix, std::uint64_t wanted) noexcept {
    return static_cast<std::uint32_t>(detail::prefixes_below<kTreeKeys + 1>(prefix, wanted));
}

// Rebuilds the object's set with `slots` slots from its keys. False when the probes pass the
// budget: the keys collide, and the caller moves them to the tree.
bool KeyCheck::rebuild_set(Frame& f, std::size_t slots) {
    const std::size_t count = keys_.size() - f.first_key;
    sets_.resize(f.set_at + slots);
    f.slots = slots;
    std::uint32_t* set = sets_.data() + f.set_at;
    std::fill(set, set + slots, 0u);
    const Key* keys = keys_.data() + f.first_key;
    for (std::size_t i = 0; i < count; ++i) {
        std::size_t pos = keys[i].hash & (slots - 1);
        for (std::size_t run = 0; set[pos] != 0; ++run) {
            if (run > detail::kMaxProbes || ++f.probes > detail::probe_budget(count)) return false;
            pos = (pos + 1) & (slots - 1);
        }
        set[pos] = static_cast<std::uint32_t>(i + 1);
    }
    return true;
}

// Checks `key` against the object's set and adds it. False with error_ set for a duplicate;
// false with error_ ok when the set gave up (the caller moves to the tree).
bool KeyCheck::insert_hashed(Frame& f, std::string_view key, std::uint32_t hash) {
    const std::size_t count = keys_.size() - f.first_key;
    // At most half full: rebuilt twice as large from the object's keys when it would pass that.
    // Inner objects' sets were dropped when they closed, so this one is last.
    if ((count + 1) * 2 > f.slots && !rebuild_set(f, std::max<std::size_t>(64, f.slots * 2))) {
        return false;
    }
    const std::uint32_t* set = sets_.data() + f.set_at;
    const Key* keys = keys_.data() + f.first_key;
    std::size_t pos = hash & (f.slots - 1);
    for (std::size_t run = 0; set[pos] != 0; ++run) {
        const Key& k = keys[set[pos] - 1];
        if (k.hash == hash) {
            if (same(k, key)) return fail(ErrorCode::duplicate_key);
            if (++f.equal_hashes > detail::equal_hash_budget(count)) return false;
        }
        if (run > detail::kMaxProbes || ++f.probes > detail::probe_budget(count)) return false;
        pos = (pos + 1) & (f.slots - 1);
    }
    sets_[f.set_at + pos] = static_cast<std::uint32_t>(count + 1);
    return true;
}

// Moves the object's keys (all distinct so far) from its set to a B-tree.
void KeyCheck::make_ordered(Frame& f) {
    sets_.resize(f.set_at);
    f.slots = 0;
    f.ordered = true;
    f.tree_at = tree_.size();
    tree_.push_back(TreeNode::empty());
    f.root = static_cast<std::uint32_t>(f.tree_at);
    const auto count = static_cast<std::uint32_t>(keys_.size() - f.first_key);
    for (std::uint32_t i = 0; i < count; ++i) {
        const bool added = insert_ordered(f, key_text(f, i), i);
        assert(added);
        (void)added;
    }
}

KeyCheck::TreeNode KeyCheck::TreeNode::empty() noexcept {
    TreeNode n{0, kLeaf, {}, {}};
    std::fill(std::begin(n.prefix), std::end(n.prefix), detail::kNoPrefix);
    return n;
}

void KeyCheck::TreeNode::open_slot(std::uint32_t from) noexcept {
    std::copy_backward(prefix + from, prefix + count, prefix + count + 1);
    std::copy_backward(number + from, number + count, number + count + 1);
}

// Splits the full child `i` of `parent` around its middle key, which moves up into the parent
// (which is not full). Nodes are referred to by position: tree_ may reallocate here.
void KeyCheck::split_child(std::uint32_t parent, std::uint32_t i) {
    constexpr std::uint32_t kHalf = kTreeKeys / 2;
    const std::uint32_t left = links_[tree_[parent].links][i];
    const auto right = static_cast<std::uint32_t>(tree_.size());
    tree_.push_back(TreeNode::empty());
    if (tree_[left].links != kLeaf) {
        tree_[right].links = static_cast<std::uint32_t>(links_.size());
        links_.emplace_back();
        const Links& from = links_[tree_[left].links];
        std::copy(from.begin() + kHalf + 1, from.end(), links_.back().begin());
    }
    TreeNode& l = tree_[left];
    TreeNode& r = tree_[right];
    TreeNode& p = tree_[parent];
    Links& children = links_[p.links];
    r.count = kTreeKeys - kHalf - 1;
    std::copy(l.prefix + kHalf + 1, l.prefix + kTreeKeys, r.prefix);
    std::copy(l.number + kHalf + 1, l.number + kTreeKeys, r.number);
    l.count = kHalf;
    p.open_slot(i);
    std::copy_backward(children.begin() + i + 1, children.begin() + p.count + 1,
                       children.begin() + p.count + 2);
    p.set_key(i, l.prefix[kHalf], l.number[kHalf]);
    std::fill(l.prefix + kHalf, l.prefix + kTreeKeys, detail::kNoPrefix);
    children[i + 1] = right;
    ++p.count;
}

// Adds key number `number` (text `key`) to the object's tree; false with duplicate_key when an
// equal key is there. Splits full nodes on the way down, so an insertion never goes back up.
bool KeyCheck::insert_ordered(Frame& f, std::string_view key, std::uint32_t number) {
    const detail::OrderedKey wanted = detail::OrderedKey::of(key, number);
    // key_order(wanted, key i of `node`): the prefixes usually decide.
    const auto order = [&](std::uint32_t node, std::uint32_t i) {
        const std::uint32_t other_number = tree_[node].number[i];
        const detail::OrderedKey other{tree_[node].prefix[i],
                                       keys_[f.first_key + other_number].length, other_number};
        return detail::key_order(
            wanted, [&] { return key.data(); }, other,
            [&] { return key_text(f, other.number).data(); });
    };
    if (tree_[f.root].count == kTreeKeys) {
        const auto root = static_cast<std::uint32_t>(tree_.size());
        tree_.push_back(TreeNode::empty());
        tree_[root].links = static_cast<std::uint32_t>(links_.size());
        links_.emplace_back();
        links_.back()[0] = f.root;
        f.root = root;
        split_child(root, 0);
    }
    std::uint32_t node = f.root;
    for (;;) {
        // The first key not below `key`: the prefixes below its prefix, counted (independent
        // loads and no branch, where a bisection waits on each load and guesses each branch),
        // then the keys with the same prefix in full order, at most a node's worth.
        const TreeNode& here = tree_[node];
        // What comes after the count loads while the prefixes are counted, one wait a level
        // and not two: the children, or in a leaf the numbers the insertion moves.
        const char* const next = here.links == kLeaf
                                     ? reinterpret_cast<const char*>(here.number)
                                     : reinterpret_cast<const char*>(links_[here.links].data());
        for (std::size_t line = 0; line < sizeof(Links); line += 64)
            __builtin_prefetch(next + line);
        std::uint32_t lo = TreeNode::count_below(here.prefix, wanted.prefix);
        for (; lo < here.count && ARENAJSON_DOM_UNLIKELY(here.prefix[lo] == wanted.prefix); ++lo) {
            const int c = order(node, lo);
            if (c == 0) return fail(ErrorCode::duplicate_key);
            if (c < 0) break;
        }
        if (here.links == kLeaf) {
            TreeNode& n = tree_[node];
            n.open_slot(lo);
            n.set_key(lo, wanted.prefix, wanted.number);
            ++n.count;
            return true;
        }
        // The child's count and prefixes, all their lines at once: the count check below would
        // otherwise wait for the first line before the count of the next level asks for the rest.
        const std::uint32_t child = links_[here.links][lo];
        const char* const below = reinterpret_cast<const char*>(&tree_[child]);
        for (std::size_t line = 0; line < offsetof(TreeNode, prefix) + sizeof here.prefix;
             line += 64)
            __builtin_prefetch(below + line);
        if (tree_[child].count == kTreeKeys) {
            split_child(node, lo);
            const int c = order(node, lo);
            if (c == 0) return fail(ErrorCode::duplicate_key);
            if (c > 0) ++lo;
        }
        node = links_[tree_[node].links][lo];
    }
}

bool KeyCheck::on_key(std::string_view key) noexcept {
    assert(!frames_.empty());
    Frame& f = frames_.back();
    const std::size_t count = keys_.size() - f.first_key;
    if (key.size() >= std::numeric_limits<std::uint32_t>::max() ||
        count >= std::numeric_limits<std::uint32_t>::max()) {
        return fail(ErrorCode::memory_limit);
    }
    const std::uint32_t hash = detail::hash_key(key);
    try {
        if (f.ordered) {
            if (!insert_ordered(f, key, static_cast<std::uint32_t>(count))) return false;
        } else if (count < kLinearKeys) {
            const Key* const first = keys_.data() + f.first_key;
            for (std::size_t i = 0; i < count; ++i) {
                if (first[i].hash == hash && same(first[i], key)) {
                    return fail(ErrorCode::duplicate_key);
                }
            }
        } else if (!insert_hashed(f, key, hash)) {
            if (error_ != ErrorCode::ok) return false;
            // The set gave up on these keys: from now on this object is checked in order.
            make_ordered(f);
            if (!insert_ordered(f, key, static_cast<std::uint32_t>(count))) return false;
        }
        // The tree refers to keys by number, so the key is recorded after the tree took it:
        // its number is the count before.
        keys_.push_back(Key{chars_.size(), static_cast<std::uint32_t>(key.size()), hash});
        chars_.append(key);
    } catch (const std::bad_alloc&) {
        return fail(ErrorCode::memory_limit);
    }
    if (bytes_in_use() > memory_limit_) return fail(ErrorCode::memory_limit);
    return true;
}

}  // namespace arenajson
