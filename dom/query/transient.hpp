// query/transient.hpp — a value being changed in place, for assignments. Internal.
//
// Values are immutable and may be shared, so `setpath` on a plain value copies the containers
// along the path: O(size) per assignment, O(n^2) over a reduction. A Transient is a private,
// mutable copy made lazily: a container is copied once, the first time a path goes through
// it, into a growable vector (objects get a hash index); later assignments through it are
// O(1) amortised. Nothing mutable ever leaves it: get() and freeze() hand out immutable
// values laid out as the DOM lays them out. Deletions mark slots and are compacted by
// freeze(), so the indexes of a sorted batch of deletions stay valid while it runs.
#pragma once

#include "eval.hpp"

#include <deque>
#include <map>
#include <string_view>
#include <vector>

namespace arenajson::jq {

class Transient {
  public:
    Transient(Evaluator& ev, Node root) : ev_(ev), root_(root) {}
    Transient(const Transient&) = delete;
    Transient& operator=(const Transient&) = delete;

    /// The value at `path` (n components), immutable; null where the path leads nowhere.
    /// Errors as getpath: indexing a value of the wrong type.
    Flow get(const Node* path, std::size_t n, Node& out);
    /// Sets the value at `path`, creating objects and arrays through null as setpath does.
    Flow set(const Node* path, std::size_t n, Node value);
    /// `. + value` at `path`: appends or merges in place when the target is a container
    /// already copied here; otherwise as get, `+`, set.
    Flow add(const Node* path, std::size_t n, Node value);
    /// Deletes the value at `path` (jq's delpaths for one path). Paths of one batch must come
    /// in descending order (jq sorts them), so earlier deletions do not move later targets.
    Flow remove(const Node* path, std::size_t n);
    /// The value as it is now, immutable; the transient may go on changing afterwards.
    Node freeze();

  private:
    struct MutArray {
        std::vector<Node> items;
    };
    struct MutObject {
        std::vector<Member> members;
        std::vector<std::uint32_t> index;  // member position + 1; 0 empty; power-of-two size
        std::size_t live = 0;
        std::size_t probes = 0;  // probes made so far, against detail::probe_budget
        // When keys collide (probing ran long), an ordered index replaces the hash index, so a
        // hostile set of keys costs O(log n) a lookup, as the library's objects do.
        std::map<std::string_view, std::uint32_t> ordered;
        bool use_ordered = false;
    };

    Flow walk(const Node* path, std::size_t n, bool create, Node*& slot, bool& missing);
    Flow step(Node* slot, Node component, bool create, Node*& child, bool& missing);
    Flow set_slice(Node* slot, Node component, const Node* rest, std::size_t n, Node value);
    Node mutable_array(Node from);
    Node mutable_object(Node from);
    Member* object_find(MutObject& o, const KeyRecord* key);
    Member& object_insert(MutObject& o, const KeyRecord* key);
    void reindex(MutObject& o);
    void to_ordered(MutObject& o);
    Node freeze(Node v);

    Evaluator& ev_;
    Node root_;
    std::deque<MutArray> arrays_;
    std::deque<MutObject> objects_;
};

/// The tags of mutable containers and deleted slots, which never leave a Transient.
inline constexpr auto kMutArray = static_cast<Tag>(13);
inline constexpr auto kMutObject = static_cast<Tag>(14);
inline constexpr auto kDeleted = static_cast<Tag>(15);

}  // namespace arenajson::jq
