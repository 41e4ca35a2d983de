#include "transient.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace arenajson::jq {

namespace {

// The largest index an assignment grows an array to (jq 1.7's limit, INT_MAX >> 2).
constexpr std::int64_t kMaxArrayIndex = (std::int64_t{1} << 29) - 1;

Node mut_node(Tag tag, const void* p) {
    return Node{static_cast<std::uint64_t>(tag), reinterpret_cast<std::uintptr_t>(p)};
}

}  // namespace

Node Transient::mutable_array(Node from) {
    MutArray& a = arrays_.emplace_back();
    if (is_array(from)) {
        ev_.heap().check_room(size_of(from) * sizeof(Node));
        a.items.assign(elements(from), elements(from) + size_of(from));
    }
    return mut_node(kMutArray, &a);
}

Node Transient::mutable_object(Node from) {
    MutObject& o = objects_.emplace_back();
    if (is_object(from)) {
        ev_.heap().check_room(size_of(from) * sizeof(Member) * 2);
        const Member* m = members(from);
        for (std::size_t i = 0; i < size_of(from); ++i) {
            // Duplicate keys of a parsed object: the first wins, as lookups do.
            if (object_find(o, m[i].key) == nullptr) object_insert(o, m[i].key).value = m[i].value;
        }
    }
    return mut_node(kMutObject, &o);
}

void Transient::reindex(MutObject& o) {
    if (o.use_ordered) return;
    std::size_t size = 16;
    while (size < o.members.size() * 2 + 2)
        size *= 2;
    o.index.assign(size, 0);
    const std::size_t mask = size - 1;
    for (std::size_t i = 0; i < o.members.size(); ++i) {
        if (o.members[i].value.tag() == kDeleted) continue;
        std::size_t pos = o.members[i].key->hash & mask;
        std::size_t run = 0;
        while (o.index[pos] != 0) {
            pos = (pos + 1) & mask;
            ++run;
        }
        o.probes += run;
        if (run > detail::kMaxProbes || o.probes > detail::probe_budget(o.members.size())) {
            to_ordered(o);
            return;
        }
        o.index[pos] = static_cast<std::uint32_t>(i + 1);
    }
}

void Transient::to_ordered(MutObject& o) {
    o.use_ordered = true;
    o.index.clear();
    o.ordered.clear();
    for (std::size_t i = 0; i < o.members.size(); ++i) {
        if (o.members[i].value.tag() == kDeleted) continue;
        o.ordered.emplace(o.members[i].key->view(), static_cast<std::uint32_t>(i));
    }
}

Member* Transient::object_find(MutObject& o, const KeyRecord* key) {
    if (o.use_ordered) {
        const auto it = o.ordered.find(key->view());
        if (it == o.ordered.end()) return nullptr;
        Member& m = o.members[it->second];
        return m.value.tag() == kDeleted ? nullptr : &m;
    }
    if (o.index.empty()) return nullptr;
    const std::size_t mask = o.index.size() - 1;
    std::size_t run = 0;
    for (std::size_t pos = key->hash & mask;; pos = (pos + 1) & mask, ++run) {
        const std::uint32_t slot = o.index[pos];
        if (slot == 0) break;
        Member& m = o.members[slot - 1];
        if (m.value.tag() != kDeleted && same_key(m.key, key)) {
            o.probes += run;
            return &m;
        }
    }
    o.probes += run;
    if (run > detail::kMaxProbes || o.probes > detail::probe_budget(o.members.size()))
        to_ordered(o);
    return nullptr;
}

Member& Transient::object_insert(MutObject& o, const KeyRecord* key) {
    o.members.push_back(Member{key, make_null()});
    ++o.live;
    if (o.use_ordered) {
        o.ordered[key->view()] = static_cast<std::uint32_t>(o.members.size() - 1);
    } else if (o.index.empty() || o.members.size() * 2 >= o.index.size()) {
        reindex(o);
    } else {
        const std::size_t mask = o.index.size() - 1;
        std::size_t pos = key->hash & mask;
        std::size_t run = 0;
        while (o.index[pos] != 0) {
            pos = (pos + 1) & mask;
            ++run;
        }
        o.index[pos] = static_cast<std::uint32_t>(o.members.size());
        o.probes += run;
        if (run > detail::kMaxProbes || o.probes > detail::probe_budget(o.members.size()))
            to_ordered(o);
    }
    return o.members.back();
}

namespace {

// The kind of a slot's value, the mutable containers of a transient included.
Kind slot_kind(Node v) noexcept {
    return v.tag() == kMutArray ? Kind::array : v.tag() == kMutObject ? Kind::object : kind(v);
}

}  // namespace

Flow Transient::step(Node* slot, Node component, bool create, Node*& child, bool& missing) {
    child = nullptr;
    Node& cur = *slot;
    // Reading (not create), a step that finds nothing leaves the path missing.
    const auto absent = [&] {
        missing = true;
        return Flow::go;
    };
    if (is_string(component)) {
        if (is_null(cur)) {
            if (!create) return absent();
            cur = mutable_object(cur);
        } else if (is_object(cur)) {
            if (!create) {
                const Node* found = find_member(cur, string_of(component));
                if (found == nullptr) return absent();
            }
            cur = mutable_object(cur);
        } else if (cur.tag() != kMutObject) {
            return ev_.raise(index_error(kind_name(slot_kind(cur)), component));
        }
        auto& o = *cur.pointer<MutObject>();
        const KeyRecord* key = ev_.heap().key(string_of(component));
        Member* m = const_cast<MutObject&>(o).members.empty()
                        ? nullptr
                        : object_find(const_cast<MutObject&>(o), key);
        if (m == nullptr) {
            if (!create) return absent();
            m = &object_insert(const_cast<MutObject&>(o), key);
        }
        child = &m->value;
        return Flow::go;
    }
    if (is_number(component)) {
        if (is_null(cur)) {
            if (!create) return absent();
            cur = mutable_array(cur);
        } else if (is_array(cur)) {
            cur = mutable_array(cur);
        } else if (cur.tag() != kMutArray) {
            return ev_.raise(index_error(kind_name(slot_kind(cur)), component));
        }
        auto& items = const_cast<MutArray*>(cur.pointer<MutArray>())->items;
        if (std::isnan(to_double(component))) {
            if (!create) return absent();
            return ev_.raise("Cannot set array element at NaN index");
        }
        std::int64_t i = to_index(component);
        if (i < 0) i += static_cast<std::int64_t>(items.size());
        if (i < 0) {
            if (!create) return absent();
            return ev_.raise("Out of bounds negative array index");
        }
        if (static_cast<std::uint64_t>(i) >= items.size()) {
            if (!create) return absent();
            // As jq 1.7: an array is not grown to an index past 2^29 - 1 (nor would memory
            // hold it), whatever the memory limit.
            if (i > kMaxArrayIndex) return ev_.raise("Array index too large");
            ev_.heap().check_room((static_cast<std::size_t>(i) + 1 - items.size()) * sizeof(Node));
            items.resize(static_cast<std::size_t>(i) + 1, make_null());
        }
        child = &items[static_cast<std::size_t>(i)];
        return Flow::go;
    }
    if (create) {
        return ev_.raise(std::string("Cannot update field at ") + kind_name(component) +
                         " index of " + kind_name(slot_kind(cur)));
    }
    return ev_.raise(index_error(kind_name(slot_kind(cur)), component));
}

Flow Transient::walk(const Node* path, std::size_t n, bool create, Node*& slot, bool& missing) {
    slot = &root_;
    missing = false;
    for (std::size_t i = 0; i < n; ++i) {
        Node* child = nullptr;
        if (is_object(path[i])) return Flow::go;  // slices: the caller handles them
        const Flow f = step(slot, path[i], create, child, missing);
        if (f != Flow::go || missing) return f;
        slot = child;
    }
    return Flow::go;
}

Flow Transient::get(const Node* path, std::size_t n, Node& out) {
    // Read through immutable values without copying them; mutable ones only where they are.
    Node* slot = &root_;
    Node cur = root_;
    bool in_mutable = true;
    for (std::size_t i = 0; i < n; ++i) {
        const Node c = path[i];
        if (in_mutable && (cur.tag() == kMutArray || cur.tag() == kMutObject) && !is_object(c)) {
            Node* child = nullptr;
            bool missing = false;
            const Flow f = step(slot, c, false, child, missing);
            if (f != Flow::go) return f;
            if (missing) {
                out = make_null();
                return Flow::go;
            }
            slot = child;
            cur = *child;
            continue;
        }
        if (cur.tag() == kMutArray || cur.tag() == kMutObject) {
            *slot = freeze(cur);
            cur = *slot;
        }
        in_mutable = false;
        Node next;
        bool produced = false;
        const Flow f = ev_.index_value(cur, c, false, next, produced);
        if (f != Flow::go) return f;
        cur = produced ? next : make_null();
    }
    if (cur.tag() == kMutArray || cur.tag() == kMutObject) {
        cur = freeze(cur);
        if (in_mutable) *slot = cur;
    }
    out = cur;
    return Flow::go;
}

Flow Transient::set_slice(Node* slot, Node component, const Node* rest, std::size_t n, Node value) {
    // Slices are rare in assignments: do them on immutable values.
    const Node current = freeze(*slot);
    Node sub;
    bool produced = false;
    if (is_string(current)) return ev_.raise("Cannot update string slices");
    if (!is_null(current) && !is_array(current)) {
        return ev_.raise(std::string("Cannot update field at object index of ") +
                         kind_name(current));
    }
    Flow f = ev_.index_value(is_null(current) ? ev_.heap().array(nullptr, 0) : current, component,
                             false, sub, produced);
    if (f != Flow::go) return f;
    Node updated = value;
    if (n != 0) {
        Transient inner(ev_, produced ? sub : make_null());
        f = inner.set(rest, n, value);
        if (f != Flow::go) return f;
        updated = inner.freeze();
    }
    if (!is_array(updated))
        return ev_.raise("A slice of an array can only be assigned another array");
    const Node array = is_null(current) ? ev_.heap().array(nullptr, 0) : current;
    const std::int64_t len = static_cast<std::int64_t>(size_of(array));
    const Node* start_node = find_member(component, "start");
    const Node* end_node = find_member(component, "end");
    const auto bound = [&](const Node* b, std::int64_t dflt, bool is_end) -> std::int64_t {
        if (b == nullptr || is_null(*b)) return dflt;
        double d = to_double(*b);
        if (std::isnan(d)) return dflt;  // no bound, as in jq 1.8
        if (d < 0) d += static_cast<double>(len);
        if (d < 0) d = 0;
        if (d > static_cast<double>(len)) d = static_cast<double>(len);
        auto v = static_cast<std::int64_t>(d);
        if (is_end && static_cast<double>(v) < d) ++v;
        return std::min(v, len);
    };
    const std::int64_t start = bound(start_node, 0, false);
    const std::int64_t end = std::max(start, bound(end_node, len, true));
    std::vector<Node> out(elements(array), elements(array) + start);
    out.insert(out.end(), elements(updated), elements(updated) + size_of(updated));
    out.insert(out.end(), elements(array) + end, elements(array) + len);
    *slot = ev_.make_array(out);
    return Flow::go;
}

Flow Transient::set(const Node* path, std::size_t n, Node value) {
    Node* slot = &root_;
    for (std::size_t i = 0; i < n; ++i) {
        if (is_object(path[i])) return set_slice(slot, path[i], path + i + 1, n - i - 1, value);
        Node* child = nullptr;
        bool missing = false;
        const Flow f = step(slot, path[i], true, child, missing);
        if (f != Flow::go) return f;
        slot = child;
    }
    *slot = value;
    return Flow::go;
}

Flow Transient::add(const Node* path, std::size_t n, Node value) {
    for (std::size_t i = 0; i < n; ++i) {
        if (!is_string(path[i]) && !is_number(path[i])) {
            Node old, sum;
            Flow f = get(path, n, old);
            if (f == Flow::go) f = ev_.binop(BinOp::add, old, value, sum);
            if (f == Flow::go) f = set(path, n, sum);
            return f;
        }
    }
    Node* slot = nullptr;
    bool missing = false;
    const Flow f = walk(path, n, true, slot, missing);
    if (f != Flow::go) return f;
    Node& cur = *slot;
    if ((is_array(cur) || cur.tag() == kMutArray) && is_array(value)) {
        if (is_array(cur)) cur = mutable_array(cur);
        auto& items = const_cast<MutArray*>(cur.pointer<MutArray>())->items;
        if (items.size() + size_of(value) > items.capacity())
            ev_.heap().check_room((items.size() + size_of(value)) * sizeof(Node));
        items.insert(items.end(), elements(value), elements(value) + size_of(value));
        return Flow::go;
    }
    if ((is_object(cur) || cur.tag() == kMutObject) && is_object(value)) {
        if (is_object(cur)) cur = mutable_object(cur);
        auto& o = *const_cast<MutObject*>(cur.pointer<MutObject>());
        const Member* m = members(value);
        for (std::size_t i = 0; i < size_of(value); ++i) {
            Member* found = object_find(o, m[i].key);
            if (found == nullptr) found = &object_insert(o, m[i].key);
            found->value = m[i].value;
        }
        return Flow::go;
    }
    const Node old = freeze(cur);
    Node sum;
    const Flow g = ev_.binop(BinOp::add, old, value, sum);
    if (g != Flow::go) return g;
    *slot = sum;
    return Flow::go;
}

Flow Transient::remove(const Node* path, std::size_t n) {
    if (n == 0) {
        root_ = make_null();
        return Flow::go;
    }
    Node* parent = &root_;
    for (std::size_t i = 0; i + 1 < n; ++i) {
        if (is_object(path[i])) {
            // A path through a slice: take it apart on immutable values.
            Node whole = freeze(root_);
            root_ = whole;
            Node sub;
            Flow f = get(path, i + 1, sub);
            if (f != Flow::go) return f;
            Transient inner(ev_, sub);
            f = inner.remove(path + i + 1, n - i - 1);
            if (f != Flow::go) return f;
            return set(path, i + 1, inner.freeze());
        }
        if (is_null(*parent)) return Flow::go;
        Node* child = nullptr;
        bool missing = false;
        const Flow f = step(parent, path[i], false, child, missing);
        if (f != Flow::go) return f;
        if (missing) return Flow::go;
        parent = child;
    }
    Node& cur = *parent;
    const Node last = path[n - 1];
    if (is_null(cur)) return Flow::go;
    const bool array_like = is_array(cur) || cur.tag() == kMutArray;
    const bool object_like = is_object(cur) || cur.tag() == kMutObject;
    if (array_like) {
        if (is_array(cur)) cur = mutable_array(cur);
        auto& items = const_cast<MutArray*>(cur.pointer<MutArray>())->items;
        const auto len = static_cast<std::int64_t>(items.size());
        if (is_number(last)) {
            if (std::isnan(to_double(last))) return Flow::go;  // jq 1.8: nothing to delete
            std::int64_t i = to_index(last);
            if (i < 0) i += len;
            if (i >= 0 && i < len)
                items[static_cast<std::size_t>(i)] = Node{std::uint64_t(kDeleted), 0};
            return Flow::go;
        }
        if (is_object(last)) {
            const Node* s = find_member(last, "start");
            const Node* e = find_member(last, "end");
            const auto bound = [&](const Node* b, std::int64_t dflt, bool is_end) -> std::int64_t {
                if (b == nullptr || is_null(*b)) return dflt;
                if (!is_number(*b)) return -1;
                double d = to_double(*b);
                if (std::isnan(d)) return dflt;  // no bound, as in jq 1.8
                if (d < 0) d += static_cast<double>(len);
                if (d < 0) d = 0;
                if (d > static_cast<double>(len)) d = static_cast<double>(len);
                auto v = static_cast<std::int64_t>(d);
                if (is_end && static_cast<double>(v) < d) ++v;
                return std::min(v, len);
            };
            const std::int64_t from = bound(s, 0, false), to = bound(e, len, true);
            if (from < 0 || to < 0)
                return ev_.raise("Start and end indices of an array slice must be numbers");
            for (std::int64_t i = from; i < to; ++i)
                items[static_cast<std::size_t>(i)] = Node{std::uint64_t(kDeleted), 0};
            return Flow::go;
        }
        return ev_.raise(std::string("Cannot delete ") + kind_name(last) + " element of array");
    }
    if (object_like) {
        if (!is_string(last))
            return ev_.raise(std::string("Cannot delete ") + kind_name(last) + " field of object");
        if (is_object(cur)) {
            if (find_member(cur, string_of(last)) == nullptr) return Flow::go;
            cur = mutable_object(cur);
        }
        auto& o = *const_cast<MutObject*>(cur.pointer<MutObject>());
        Member* m = object_find(o, ev_.heap().key(string_of(last)));
        if (m != nullptr) {
            m->value = Node{std::uint64_t(kDeleted), 0};
            --o.live;
        }
        return Flow::go;
    }
    return ev_.raise(std::string("Cannot delete fields from ") + kind_name(cur));
}

Node Transient::freeze() {
    root_ = freeze(root_);
    // Copies handed out are immutable; the mutable containers may be dropped.
    arrays_.clear();
    objects_.clear();
    return root_;
}

Node Transient::freeze(Node v) {
    if (v.tag() != kMutArray && v.tag() != kMutObject) return v;
    // Post-order over the mutable containers only (immutable values are shared as they are).
    struct Frame {
        Node node;
        std::size_t next;
        std::vector<Node> values;
    };
    std::vector<Frame> stack;
    stack.push_back({v, 0, {}});
    Node result{};
    while (!stack.empty()) {
        Frame& f = stack.back();
        const bool is_arr = f.node.tag() == kMutArray;
        const std::size_t count = is_arr ? f.node.pointer<MutArray>()->items.size()
                                         : f.node.pointer<MutObject>()->members.size();
        if (f.next < count) {
            const Node child = is_arr ? f.node.pointer<MutArray>()->items[f.next]
                                      : f.node.pointer<MutObject>()->members[f.next].value;
            ++f.next;
            if (child.tag() == kMutArray || child.tag() == kMutObject) {
                stack.push_back({child, 0, {}});
            } else {
                f.values.push_back(child);
            }
            continue;
        }
        Node built;
        if (is_arr) {
            std::vector<Node> items;
            items.reserve(f.values.size());
            for (const Node& n : f.values) {
                if (n.tag() != kDeleted) items.push_back(n);
            }
            built = ev_.make_array(items);
        } else {
            const auto& ms = f.node.pointer<MutObject>()->members;
            std::vector<Member> out;
            out.reserve(ms.size());
            for (std::size_t i = 0; i < ms.size(); ++i) {
                if (f.values[i].tag() != kDeleted) out.push_back(Member{ms[i].key, f.values[i]});
            }
            built = ev_.heap().object(out.data(), out.size());
        }
        stack.pop_back();
        if (stack.empty()) {
            result = built;
        } else {
            stack.back().values.push_back(built);
        }
    }
    return result;
}

}  // namespace arenajson::jq
