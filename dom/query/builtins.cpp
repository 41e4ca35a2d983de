// The native builtins: values, paths, generators, collections. Text, regular expressions,
// dates and formats are in text.cpp, regex.cpp and dates.cpp.
#include "builtins.hpp"

#include "compile.hpp"
#include "natives.hpp"
#include "transient.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

extern char** environ;

namespace arenajson::jq {

namespace {

bool iterable(const Node& n) {
    return is_array(n) || is_object(n);
}

Node child_at(const Node& c, std::size_t i) {
    return is_array(c) ? elements(c)[i] : members(c)[i].value;
}

int compare_runs(const std::vector<Node>& keys, const Keyed& a, const Keyed& b) {
    const std::size_t n = std::min(a.count, b.count);
    for (std::size_t i = 0; i < n; ++i) {
        const int r = compare(keys[a.begin + i], keys[b.begin + i]);
        if (r != 0) return r;
    }
    return a.count < b.count ? -1 : a.count > b.count;
}

// Runs f (as a path expression in path mode), handing each output to `each(emit)`, which
// emits it or not and may break to label `id`; that break ends the run normally (limit, nth,
// skip).
Flow counted_outputs(Evaluator& ev, const Expr* f, const Env* env, Node in, bool path_mode,
                     PathSink pk, Sink k, std::uint64_t id, FnRef<Flow(FnRef<Flow()>)> each) {
    Flow fl;
    if (path_mode) {
        fl = ev.eval_path(f, env, in,
                          [&](Node v, bool valid) { return each([&] { return pk(v, valid); }); });
    } else {
        fl = ev.eval(f, env, in, [&](Node v) { return each([&] { return k(v); }); });
    }
    if (fl == Flow::stop && ev.stop_target == id) return Flow::go;
    return fl;
}

}  // namespace

Node Natives::string(std::string_view s) {
    return ev.heap().string(s);
}

Flow Natives::keyed(const Expr* f, const Env* env, Node in, std::vector<Keyed>& order,
                    std::vector<Node>& keys) {
    if (!is_array(in)) {
        if (is_object(in))
            return ev.raise(describe(in) + " cannot be sorted, as it is not an array");
        return ev.raise("Cannot iterate over " +
                        (is_null(in) ? std::string("null") : describe(in)));
    }
    const std::size_t n = size_of(in);
    order.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t begin = keys.size();
        const Flow fl = ev.collect(f, env, elements(in)[i], keys);
        if (fl != Flow::go) return fl;
        order.push_back(Keyed{begin, keys.size() - begin, i});
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](const Keyed& a, const Keyed& b) { return compare_runs(keys, a, b) < 0; });
    return Flow::go;
}

Flow Natives::sorted_by(const Expr* e, const Env* env, Node in, Sink k) {
    std::vector<Keyed> order;
    std::vector<Node> keys;
    const Flow f = keyed(e->list[0], env, in, order, keys);
    if (f != Flow::go) return f;
    Node* out = nullptr;
    const Node arr = ev.heap().array(order.size(), &out);
    for (std::size_t i = 0; i < order.size(); ++i)
        out[i] = elements(in)[order[i].index];
    return k(arr);
}

Flow Natives::grouped(const Expr* e, const Env* env, Node in, Sink k, bool unique) {
    std::vector<Keyed> order;
    std::vector<Node> keys;
    const Flow f = keyed(e->list[0], env, in, order, keys);
    if (f != Flow::go) return f;
    std::vector<Node> groups;
    std::size_t i = 0;
    while (i < order.size()) {
        std::size_t j = i + 1;
        while (j < order.size() && compare_runs(keys, order[i], order[j]) == 0)
            ++j;
        if (unique) {
            groups.push_back(elements(in)[order[i].index]);
        } else {
            Node* out = nullptr;
            const Node g = ev.heap().array(j - i, &out);
            for (std::size_t x = i; x < j; ++x)
                out[x - i] = elements(in)[order[x].index];
            groups.push_back(g);
        }
        i = j;
    }
    return k(ev.make_array(groups));
}

Flow Natives::extreme_by(const Expr* f, const Env* env, Node in, Sink k, bool want_max) {
    if (!is_array(in))
        return ev.raise(describe(in) + " cannot be searched for a minimum or maximum");
    if (size_of(in) == 0) return k(make_null());
    std::vector<Node> keys;
    std::size_t best = 0, best_begin = 0, best_count = 0;
    for (std::size_t i = 0; i < size_of(in); ++i) {
        const std::size_t begin = keys.size();
        if (f != nullptr) {
            const Flow fl = ev.collect(f, env, elements(in)[i], keys);
            if (fl != Flow::go) return fl;
        } else {
            keys.push_back(elements(in)[i]);
        }
        const Keyed cur{begin, keys.size() - begin, i};
        if (i == 0) {
            best_begin = begin;
            best_count = cur.count;
            continue;
        }
        const int r = compare_runs(keys, cur, Keyed{best_begin, best_count, best});
        if (want_max ? r >= 0 : r < 0) {
            best = i;
            best_begin = begin;
            best_count = cur.count;
        }
    }
    return k(elements(in)[best]);
}

Flow Natives::length(Node in, Sink k) {
    switch (kind(in)) {
        case Kind::null:
            return k(make_int(0));
        case Kind::number:
            // jq 1.8: abs, a literal's precision kept.
            return k(abs_number(ev.heap(), in));
        case Kind::string:
            return k(make_int(static_cast<std::int64_t>(codepoint_count(string_of(in)))));
        case Kind::array:
        case Kind::object:
            return k(make_int(static_cast<std::int64_t>(size_of(in))));
        default:
            return ev.raise(describe(in) + " has no length");
    }
}

Flow Natives::keys(Node in, Sink k, bool sorted) {
    if (is_array(in)) {
        Node* out = nullptr;
        const Node arr = ev.heap().array(size_of(in), &out);
        for (std::size_t i = 0; i < size_of(in); ++i)
            out[i] = make_int(static_cast<std::int64_t>(i));
        return k(arr);
    }
    if (!is_object(in)) return ev.raise(describe(in) + " has no keys");
    std::vector<const KeyRecord*> ks;
    for (std::size_t i = 0; i < size_of(in); ++i)
        ks.push_back(members(in)[i].key);
    if (sorted) {
        std::sort(ks.begin(), ks.end(), [](const KeyRecord* a, const KeyRecord* b) {
            const int r = std::memcmp(a->chars(), b->chars(), std::min(a->length, b->length));
            return r != 0 ? r < 0 : a->length < b->length;
        });
    }
    Node* out = nullptr;
    const Node arr = ev.heap().array(ks.size(), &out);
    for (std::size_t i = 0; i < ks.size(); ++i)
        out[i] = string(ks[i]->view());
    return k(arr);
}

bool Natives::contains(Node a, Node b) {
    ev_check_stack();
    const Kind ka = kind(a);
    if (ka == Kind::object) {
        for (std::size_t i = 0; i < size_of(b); ++i) {
            const Member& m = members(b)[i];
            const Node* v = find_member(a, m.key);
            if (v == nullptr || kind(*v) != kind(m.value) || !contains(*v, m.value)) return false;
        }
        return true;
    }
    if (ka == Kind::array) {
        for (std::size_t i = 0; i < size_of(b); ++i) {
            bool found = false;
            for (std::size_t j = 0; j < size_of(a) && !found; ++j) {
                const Node x = elements(a)[j], y = elements(b)[i];
                found = kind(x) == kind(y) && contains(x, y);
            }
            if (!found) return false;
        }
        return true;
    }
    if (ka == Kind::string) return string_of(a).find(string_of(b)) != std::string_view::npos;
    return equal(a, b);
}

void Natives::ev_check_stack() {
    const auto here = reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0));
    if (here < stack_limit) throw LimitReached{ErrorCode::query_depth_limit};
}

Flow Natives::add_all(const std::vector<Node>& items, Sink k) {
    if (items.empty()) return k(make_null());
    bool strings = true;
    for (const Node& v : items)
        strings = strings && (is_string(v) || is_null(v));
    if (strings) {
        std::string s;
        bool any = false;
        for (const Node& v : items) {
            if (is_string(v)) {
                s += string_of(v);
                any = true;
            }
        }
        if (!any) return k(make_null());
        return k(string(s));
    }
    Transient acc(ev, make_null());
    for (const Node& v : items) {
        const Flow f = acc.add(nullptr, 0, v);
        if (f != Flow::go) return f;
    }
    return k(acc.freeze());
}

Flow Natives::paths(Node in, const Expr* f, const Env* env, Sink k) {
    // The root is not a path.
    std::vector<Node> path;
    return each_descendant(ev.heap(), in, path, [&](Node child) -> Flow {
        if (f == nullptr) return k(ev.make_array(path));
        return ev.eval(f, env, child, [&](Node c) {
            if (!truthy(c)) return Flow::go;
            return k(ev.make_array(path));
        });
    });
}

Flow Natives::to_entries(Node in, Sink k) {
    if (!iterable(in)) return ev.raise(describe(in) + " has no keys");
    const KeyRecord* key = ev.heap().key("key");
    const KeyRecord* value = ev.heap().key("value");
    Node* out = nullptr;
    const Node arr = ev.heap().array(size_of(in), &out);
    for (std::size_t i = 0; i < size_of(in); ++i) {
        Member m[2];
        if (is_array(in)) {
            m[0] = {key, make_int(static_cast<std::int64_t>(i))};
            m[1] = {value, elements(in)[i]};
        } else {
            const Member& src = members(in)[i];
            m[0] = {key, string(src.key->view())};
            m[1] = {value, src.value};
        }
        out[i] = ev.heap().object(m, 2);
    }
    return k(arr);
}

Flow Natives::from_entries(Node in, Sink k) {
    if (!iterable(in))
        return ev.raise("Cannot iterate over " +
                        (is_null(in) ? std::string("null") : describe(in)));
    Transient acc(ev, ev.heap().object(nullptr, 0));
    static constexpr std::string_view kNames[] = {"k", "name", "Name", "K", "Key"};
    for (std::size_t i = 0; i < size_of(in); ++i) {
        const Node entry = child_at(in, i);
        Node key = make_null(), value = make_null();
        if (is_object(entry)) {
            const Node* k0 = find_member(entry, "key");
            if (k0 != nullptr && !is_null(*k0)) {
                key = *k0;
            } else {
                for (std::string_view name : kNames) {
                    const Node* kn = find_member(entry, name);
                    if (kn != nullptr && truthy(*kn)) {
                        key = *kn;
                        break;
                    }
                }
                if (is_null(key)) {
                    const Node* last = find_member(entry, "Key");
                    if (last != nullptr) key = *last;
                }
            }
            const Node* v = find_member(entry, "value");
            if (v == nullptr) v = find_member(entry, "Value");
            if (v == nullptr) v = find_member(entry, "v");
            if (v != nullptr) value = *v;
        } else if (!is_null(entry)) {
            return ev.raise(index_error(kind_name(entry), std::string_view("key")));
        }
        Node name = key;
        if (!is_string(key)) {
            if (is_object(key) || is_array(key)) {
                return ev.raise(describe(key) + " cannot be used as an object key");
            }
            name = string(ev.to_text(key));
        }
        const Flow f = acc.set(&name, 1, value);
        if (f != Flow::go) return f;
    }
    return k(acc.freeze());
}

Flow Natives::walk(const Expr* f, const Env* env, Node in, Sink k) {
    // Post-order without recursion: children are rebuilt first, then f runs on the node.
    struct Frame {
        Node node;
        std::size_t next;
        std::vector<Node> items;     // arrays: every output for every element
        std::vector<Member> fields;  // objects: the first output for each member
    };
    std::vector<Frame> stack;
    // Runs f on a rebuilt node and hands its outputs to the parent (or to k at the root).
    const auto finish = [&](Node rebuilt) -> Flow {
        if (stack.empty()) return ev.eval(f, env, rebuilt, k);
        Frame& parent = stack.back();
        if (is_array(parent.node)) {
            return ev.collect(f, env, rebuilt, parent.items);
        }
        Node first;
        bool found = false;
        const Flow fl = ev.first_output(f, env, rebuilt, first, found);
        if (fl != Flow::go) return fl;
        if (found)
            parent.fields.push_back(Member{members(parent.node)[parent.next - 1].key, first});
        return Flow::go;
    };
    if (!iterable(in)) return ev.eval(f, env, in, k);
    stack.push_back({in, 0, {}, {}});
    while (!stack.empty()) {
        Frame& top = stack.back();
        if (top.next < size_of(top.node)) {
            const Node child = child_at(top.node, top.next++);
            if (iterable(child)) {
                stack.push_back({child, 0, {}, {}});
                continue;
            }
            const Flow fl = finish(child);
            if (fl != Flow::go) return fl;
            continue;
        }
        const Node rebuilt = is_array(top.node)
                                 ? ev.make_array(top.items)
                                 : ev.heap().object(top.fields.data(), top.fields.size());
        stack.pop_back();
        const Flow fl = finish(rebuilt);
        if (fl != Flow::go || stack.empty()) return fl;
    }
    return Flow::go;
}

Flow Natives::flatten(Node in, std::int64_t depth, Sink k) {
    if (depth < 0) return ev.raise("flatten depth must not be negative");
    if (!iterable(in))
        return ev.raise("Cannot iterate over " +
                        (is_null(in) ? std::string("null") : describe(in)));
    struct Frame {
        Node container;
        std::size_t next;
        std::int64_t depth;
    };
    std::vector<Node> out;
    std::vector<Frame> stack{{in, 0, depth}};
    while (!stack.empty()) {
        Frame& top = stack.back();
        if (top.next == size_of(top.container)) {
            stack.pop_back();
            continue;
        }
        const Node child = child_at(top.container, top.next++);
        if (is_array(child) && top.depth != 0) {
            stack.push_back({child, 0, top.depth - 1});
        } else {
            out.push_back(child);
        }
    }
    return k(ev.make_array(out));
}

Flow Natives::tostream(Node in, Sink k) {
    // Post-order events: [path, leaf] for scalars and empty containers, [path] closing the
    // last child of a container.
    struct Frame {
        Node container;
        std::size_t next;
    };
    std::vector<Node> path;
    const auto leaf = [&](Node v) {
        Node pair[2] = {ev.make_array(path), v};
        return k(ev.heap().array(pair, 2));
    };
    if (!iterable(in) || size_of(in) == 0) return leaf(in);
    std::vector<Frame> stack{{in, 0}};
    while (!stack.empty()) {
        Frame& top = stack.back();
        if (top.next == size_of(top.container)) {
            // Closing event: the path of the last child.
            const std::size_t last = top.next - 1;
            path.push_back(is_array(top.container)
                               ? make_int(static_cast<std::int64_t>(last))
                               : string(members(top.container)[last].key->view()));
            Node one = ev.make_array(path);
            path.pop_back();
            if (const Flow f = k(ev.heap().array(&one, 1)); f != Flow::go) return f;
            stack.pop_back();
            if (!stack.empty()) path.pop_back();
            continue;
        }
        const std::size_t i = top.next++;
        const Node child = child_at(top.container, i);
        path.push_back(is_array(top.container) ? make_int(static_cast<std::int64_t>(i))
                                               : string(members(top.container)[i].key->view()));
        if (iterable(child) && size_of(child) != 0) {
            stack.push_back({child, 0});
            continue;
        }
        if (const Flow f = leaf(child); f != Flow::go) return f;
        path.pop_back();
    }
    return Flow::go;
}

namespace {

// `length` as jq's stream helpers use it on an event and its path: false for a boolean, which
// has no length (the caller raises jq's error).
bool stream_length(Node v, double& out) {
    switch (kind(v)) {
        case Kind::null:
            out = 0;
            return true;
        case Kind::number:
            out = std::fabs(to_double(v));
            return true;
        case Kind::string:
            out = static_cast<double>(codepoint_count(string_of(v)));
            return true;
        case Kind::array:
        case Kind::object:
            out = static_cast<double>(size_of(v));
            return true;
        default:
            return false;
    }
}

}  // namespace

// jq's definition, run natively (the manual's, shared by jq 1.7+ and gojq):
//   def fromstream(f): {x: null, e: false} as $init | foreach f as $i ($init;
//     if .e then $init else . end
//     | if $i | length == 2
//       then setpath(["e"]; $i[0] | length == 0) | setpath(["x"] + $i[0]; $i[1])
//       else setpath(["e"]; $i[0] | length == 1) end;
//     if .e then .x else empty end);
// so malformed events give jq's results and errors, not an error of our own.
Flow Natives::fromstream(const Expr* f, const Env* env, Node in, Sink k) {
    auto state = std::make_unique<Transient>(ev, make_null());
    bool emit = false;
    return ev.eval(f, env, in, [&](Node event) -> Flow {
        if (emit) {
            state = std::make_unique<Transient>(ev, make_null());
            emit = false;
        }
        double n = 0;
        if (!stream_length(event, n)) return ev.raise(describe(event) + " has no length");
        // $i[0]
        if (!is_array(event) && !is_null(event))
            return ev.raise(index_error(kind_name(event), make_int(0)));
        const Node path = is_array(event) && size_of(event) > 0 ? elements(event)[0] : make_null();
        double path_length = 0;
        if (!stream_length(path, path_length)) return ev.raise(describe(path) + " has no length");
        if (n == 2) {
            emit = path_length == 0;
            if (is_null(path) || (is_array(path) && size_of(path) == 0)) {
                state = std::make_unique<Transient>(ev, elements(event)[1]);
            } else if (!is_array(path)) {
                return ev.raise("array ([\"x\"]) and " + describe(path) + " cannot be added");
            } else {
                const Flow fl = state->set(elements(path), size_of(path), elements(event)[1]);
                if (fl != Flow::go) return fl;
            }
        } else {
            emit = path_length == 1;
        }
        return emit ? k(state->freeze()) : Flow::go;
    });
}

Flow Natives::combinations(Node in, Sink k) {
    if (!is_array(in)) return ev.raise("Cannot iterate over " + describe(in));
    const std::size_t n = size_of(in);
    for (std::size_t i = 0; i < n; ++i) {
        const Node row = elements(in)[i];
        if (!iterable(row)) return ev.raise("Cannot iterate over " + describe(row));
        if (size_of(row) == 0) return Flow::go;
    }
    std::vector<std::size_t> at(n, 0);
    std::vector<Node> combo(n);
    for (;;) {
        for (std::size_t i = 0; i < n; ++i)
            combo[i] = child_at(elements(in)[i], at[i]);
        if (const Flow f = k(ev.make_array(combo)); f != Flow::go) return f;
        std::size_t i = n;
        while (i > 0) {
            --i;
            if (++at[i] < size_of(elements(in)[i])) break;
            at[i] = 0;
            if (i == 0) return Flow::go;
        }
        if (n == 0) return Flow::go;
    }
}

Flow Natives::recurse(const Expr* f, const Expr* cond, const Env* env, Node in, Sink k) {
    // Depth-first: a node, then what f makes of it, each in turn. The children of a node are
    // gathered before they are visited, so the walk needs no recursion.
    std::vector<std::vector<Node>> stack;
    if (const Flow fl = k(in); fl != Flow::go) return fl;
    std::vector<Node> first;
    if (const Flow fl = ev.collect(f, env, in, first); fl != Flow::go) return fl;
    std::reverse(first.begin(), first.end());
    stack.push_back(std::move(first));
    while (!stack.empty()) {
        if (stack.back().empty()) {
            stack.pop_back();
            continue;
        }
        const Node v = stack.back().back();
        stack.back().pop_back();
        if (cond != nullptr) {
            bool keep = false;
            const Flow fl = ev.eval(cond, env, v, [&](Node c) {
                keep = keep || truthy(c);
                return Flow::go;
            });
            if (fl != Flow::go) return fl;
            if (!keep) continue;
        }
        if (const Flow fl = k(v); fl != Flow::go) return fl;
        std::vector<Node> children;
        if (const Flow fl = ev.collect(f, env, v, children); fl != Flow::go) return fl;
        if (!children.empty()) {
            std::reverse(children.begin(), children.end());
            stack.push_back(std::move(children));
        }
    }
    return Flow::go;
}

Flow Natives::recurse_path(const Expr* f, const Env* env, Node in, PathSink k) {
    // As recurse(f), in path mode: each node carries its path.
    struct Item {
        Node value;
        std::vector<Node> path;
    };
    const std::size_t base = ev.path_.size();
    std::vector<Node> root_path(ev.path_.begin(), ev.path_.end());
    std::vector<std::vector<Item>> stack;
    const auto children = [&](const Item& it, std::vector<Item>& out) -> Flow {
        ev.path_.assign(it.path.begin(), it.path.end());
        return ev.eval_path(f, env, it.value, [&](Node v, bool valid) -> Flow {
            if (!valid)
                return ev.raise("Invalid path expression with result " + dump_truncated(v, 26));
            out.push_back(Item{v, ev.path_});
            return Flow::go;
        });
    };
    Item root{in, root_path};
    if (const Flow fl = k(in, true); fl != Flow::go) return fl;
    std::vector<Item> first;
    if (const Flow fl = children(root, first); fl != Flow::go) return fl;
    std::reverse(first.begin(), first.end());
    stack.push_back(std::move(first));
    Flow result = Flow::go;
    while (!stack.empty()) {
        if (stack.back().empty()) {
            stack.pop_back();
            continue;
        }
        Item it = std::move(stack.back().back());
        stack.back().pop_back();
        ev.path_.assign(it.path.begin(), it.path.end());
        if (const Flow fl = k(it.value, true); fl != Flow::go) {
            result = fl;
            break;
        }
        std::vector<Item> next;
        if (const Flow fl = children(it, next); fl != Flow::go) {
            result = fl;
            break;
        }
        if (!next.empty()) {
            std::reverse(next.begin(), next.end());
            stack.push_back(std::move(next));
        }
    }
    ev.path_.assign(root_path.begin(), root_path.end());
    ev.path_.resize(base);
    return result;
}

Flow Natives::limit(const Expr* n_expr, const Expr* f, const Env* env, Node in, bool path_mode,
                    PathSink pk, Sink k) {
    return ev.eval(n_expr, env, in, [&](Node nv) -> Flow {
        if (!is_number(nv)) return ev.raise("Invalid limit: count must be a number");
        const double n = to_double(nv);
        if (!(n >= 0)) return ev.raise("limit doesn't support negative count");  // NaN too
        if (n == 0) return Flow::go;
        const std::uint64_t id = ev.new_id();
        double count = 0;
        const auto each = [&](auto&& emit) -> Flow {
            const Flow g = emit();
            if (g != Flow::go) return g;
            if (n > 0 && ++count >= n) {
                ev.stop_target = id;
                return Flow::stop;
            }
            return Flow::go;
        };
        return counted_outputs(ev, f, env, in, path_mode, pk, k, id, each);
    });
}

Flow Natives::nth(const Expr* n_expr, const Expr* f, const Env* env, Node in, bool skip,
                  bool path_mode, PathSink pk, Sink k) {
    return ev.eval(n_expr, env, in, [&](Node nv) -> Flow {
        if (!is_number(nv))
            return ev.raise(skip ? "skip doesn't support non-numeric count"
                                 : "nth doesn't support non-numeric indices");
        const double n = to_double(nv);
        if (n < 0) {
            return ev.raise(skip ? "skip doesn't support negative count"
                                 : "nth doesn't support negative indices");
        }
        const std::uint64_t id = ev.new_id();
        double seen = 0;
        const auto each = [&](auto&& emit) -> Flow {
            const double i = seen++;
            if (skip) return i < n ? Flow::go : emit();
            if (i < std::floor(n)) return Flow::go;
            const Flow g = emit();
            if (g != Flow::go) return g;
            ev.stop_target = id;
            return Flow::stop;
        };
        return counted_outputs(ev, f, env, in, path_mode, pk, k, id, each);
    });
}

Flow Natives::last(const Expr* f, const Env* env, Node in, Sink k) {
    Node last_value;
    bool any = false;
    const Flow fl = ev.eval(f, env, in, [&](Node v) {
        last_value = v;
        any = true;
        return Flow::go;
    });
    if (fl != Flow::go) return fl;
    return any ? k(last_value) : Flow::go;
}

Flow Natives::range(const Node* a, std::size_t n, Sink k) {
    for (std::size_t i = 0; i < n; ++i) {
        if (!is_number(a[i])) return ev.raise("Range bounds must be numeric");
    }
    Node from = make_int(0), upto, by = make_int(1);
    if (n == 1) {
        upto = a[0];
    } else {
        from = a[0];
        upto = a[1];
        if (n == 3) by = a[2];
    }
    std::int64_t f, u, b;
    if (to_int64(from, f) && to_int64(upto, u) && to_int64(by, b) &&
        std::abs(f) < (std::int64_t{1} << 53) && std::abs(u) < (std::int64_t{1} << 53) &&
        std::abs(b) < (std::int64_t{1} << 53)) {
        if (b > 0) {
            for (std::int64_t x = f; x < u; x += b) {
                ev.step();
                if (const Flow fl = k(make_int(x)); fl != Flow::go) return fl;
            }
        } else if (b < 0) {
            for (std::int64_t x = f; x > u; x += b) {
                ev.step();
                if (const Flow fl = k(make_int(x)); fl != Flow::go) return fl;
            }
        }
        return Flow::go;
    }
    const double df = to_double(from), du = to_double(upto), db = to_double(by);
    if (db > 0) {
        for (double x = df; x < du; x += db) {
            ev.step();
            if (const Flow fl = k(make_number(x)); fl != Flow::go) return fl;
        }
    } else if (db < 0) {
        for (double x = df; x > du; x += db) {
            ev.step();
            if (const Flow fl = k(make_number(x)); fl != Flow::go) return fl;
        }
    }
    return Flow::go;
}

Flow Natives::loop(const Expr* cond, const Expr* update, const Env* env, Node in, Sink k,
                   bool is_until) {
    // while: emit x while cond holds, then go on with update(x); until: emit x once cond
    // holds, else go on with next(x). Depth-first over several outputs, without recursion.
    std::vector<std::vector<Node>> stack{{in}};
    while (!stack.empty()) {
        if (stack.back().empty()) {
            stack.pop_back();
            continue;
        }
        const Node x = stack.back().back();
        stack.back().pop_back();
        std::vector<Node> conds;
        if (const Flow fl = ev.collect(cond, env, x, conds); fl != Flow::go) return fl;
        std::vector<Node> next_values;
        for (const Node& c : conds) {
            if (truthy(c) != is_until) {
                if (!is_until) {
                    if (const Flow fl = k(x); fl != Flow::go) return fl;
                }
                if (const Flow fl = ev.collect(update, env, x, next_values); fl != Flow::go)
                    return fl;
            } else if (is_until) {
                if (const Flow fl = k(x); fl != Flow::go) return fl;
            }
        }
        if (!next_values.empty()) {
            std::reverse(next_values.begin(), next_values.end());
            stack.push_back(std::move(next_values));
        }
    }
    return Flow::go;
}

Flow Natives::any_all(const Expr* gen, const Expr* cond, const Env* env, Node in, Sink k,
                      bool is_any) {
    const std::uint64_t id = ev.new_id();
    bool decided = false;
    const auto test = [&](Node v) -> Flow {
        if (truthy(v) == is_any) {
            decided = true;
            ev.stop_target = id;
            return Flow::stop;
        }
        return Flow::go;
    };
    Flow fl;
    if (gen == nullptr) {
        if (!iterable(in))
            return ev.raise("Cannot iterate over " +
                            (is_null(in) ? std::string("null") : describe(in)));
        fl = Flow::go;
        for (std::size_t i = 0; i < size_of(in) && fl == Flow::go; ++i) {
            const Node x = child_at(in, i);
            fl = cond == nullptr ? test(x) : ev.eval(cond, env, x, test);
        }
    } else {
        fl = ev.eval(gen, env, in, [&](Node x) {
            return cond == nullptr ? test(x) : ev.eval(cond, env, x, test);
        });
    }
    if (fl == Flow::stop && ev.stop_target == id) fl = Flow::go;
    if (fl != Flow::go) return fl;
    return k(make_bool(decided ? is_any : !is_any));
}

}  // namespace arenajson::jq
