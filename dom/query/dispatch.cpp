// The native builtins by id: argument handling, and the small ones inline.
#include "builtins.hpp"
#include "natives.hpp"
#include "transient.hpp"

#include <cmath>
#include <cstring>

extern char** environ;

namespace arenajson::jq {

namespace {

Flow select_kind(Node in, bool keep, Sink k) {
    return keep ? k(in) : Flow::go;
}

bool kind_selector(Native id, Node v, bool& keep) {
    switch (id) {
        case Native::arrays:
            keep = is_array(v);
            return true;
        case Native::objects:
            keep = is_object(v);
            return true;
        case Native::iterables:
            keep = is_array(v) || is_object(v);
            return true;
        case Native::booleans:
            keep = kind(v) == Kind::true_ || kind(v) == Kind::false_;
            return true;
        case Native::numbers:
            keep = is_number(v);
            return true;
        case Native::strings:
            keep = is_string(v);
            return true;
        case Native::nulls:
            keep = is_null(v);
            return true;
        case Native::values:
            keep = !is_null(v);
            return true;
        case Native::scalars:
            keep = !is_array(v) && !is_object(v);
            return true;
        case Native::finites:
            keep = is_number(v) && !std::isinf(to_double(v));
            return true;
        default:
            return false;
    }
}

}  // namespace

Flow Evaluator::call_native(const Expr* e, const Env* env, Node in, Sink k) {
    Natives natives(*this);
    return natives.dispatch(e, env, in, k);
}

Flow Evaluator::native_path(const Expr* e, const Env* env, Node in, PathSink k, bool& handled) {
    Natives natives(*this);
    return natives.dispatch_path(e, env, in, k, handled);
}

Flow Natives::dispatch_path(const Expr* e, const Env* env, Node in, PathSink k, bool& handled) {
    const auto id = static_cast<Native>(e->native);
    const auto& a = e->list;
    handled = true;
    bool keep = false;
    if (kind_selector(id, in, keep)) return keep ? k(in, true) : Flow::go;
    switch (id) {
        case Native::empty:
            return Flow::go;
        case Native::select:
            return ev.eval(a[0], env, in,
                           [&](Node c) { return truthy(c) ? k(in, true) : Flow::go; });
        case Native::recurse0:
            handled = false;
            return Flow::go;
        case Native::recurse1:
            return recurse_path(a[0], env, in, k);
        case Native::first0:
        case Native::last0: {
            Node key = make_int(id == Native::first0 ? 0 : -1);
            Node out;
            bool produced = false;
            const Flow f = ev.index_value(in, key, false, out, produced);
            if (f != Flow::go) return f;
            ev.path_.push_back(key);
            const Flow g = k(out, true);
            ev.path_.pop_back();
            return g;
        }
        case Native::first1:
        case Native::limit: {
            static Expr one = [] {
                Expr x;
                x.op = Op::literal;
                x.value = make_int(1);
                return x;
            }();
            const Expr* n = id == Native::first1 ? &one : a[0];
            const Expr* f = id == Native::first1 ? a[0] : a[1];
            return limit(n, f, env, in, true, k, [](Node) { return Flow::go; });
        }
        case Native::nth2:
        case Native::skip:
            return nth(a[0], a[1], env, in, id == Native::skip, true, k,
                       [](Node) { return Flow::go; });
        case Native::last1: {
            Node last_value;
            bool any = false, valid = false;
            std::vector<Node> last_path;
            const std::size_t base = ev.path_.size();
            const Flow f = ev.eval_path(a[0], env, in, [&](Node v, bool ok) {
                last_value = v;
                valid = ok;
                any = true;
                last_path.assign(ev.path_.begin() + static_cast<std::ptrdiff_t>(base),
                                 ev.path_.end());
                return Flow::go;
            });
            if (f != Flow::go || !any) return f;
            ev.path_.insert(ev.path_.end(), last_path.begin(), last_path.end());
            const Flow g = k(last_value, valid);
            ev.path_.resize(base);
            return g;
        }
        case Native::getpath:
            return ev.eval(a[0], env, in, [&](Node p) -> Flow {
                Node out;
                const Flow f = ev.getpath(in, p, out);
                if (f != Flow::go) return f;
                const std::size_t base = ev.path_.size();
                ev.path_.insert(ev.path_.end(), elements(p), elements(p) + size_of(p));
                const Flow g = k(out, true);
                ev.path_.resize(base);
                return g;
            });
        case Native::error0:
        case Native::error1:
            return dispatch(e, env, in, [](Node) { return Flow::go; });
        default:
            handled = false;
            return Flow::go;
    }
}

Flow Natives::dispatch(const Expr* e, const Env* env, Node in, Sink k) {
    const auto id = static_cast<Native>(e->native);
    const auto& a = e->list;
    bool keep = false;
    if (kind_selector(id, in, keep)) return select_kind(in, keep, k);
    const auto arg1 = [&](bool first_outer, FnRef<Flow(Node)> body) {
        return ev.with_args(e, env, in, first_outer, [&](const Node* v) { return body(v[0]); });
    };
    switch (id) {
        case Native::empty:
            return Flow::go;
        case Native::not_:
            return k(make_bool(!truthy(in)));
        case Native::length:
            return length(in, k);
        case Native::type:
            return k(string(kind_name(in)));
        case Native::keys:
        case Native::keys_unsorted:
            return keys(in, k, id == Native::keys);
        case Native::has:
            return arg1(true, [&](Node key) -> Flow {
                if (is_object(in) && is_string(key))
                    return k(make_bool(find_member(in, string_of(key)) != nullptr));
                if (is_array(in) && is_number(key)) {
                    const double d = to_double(key);
                    return k(make_bool(d >= 0 && d < static_cast<double>(size_of(in))));
                }
                return ev.raise(std::string("Cannot check whether ") + kind_name(in) + " has a " +
                                kind_name(key) + " key");
            });
        case Native::contains:
            return arg1(true, [&](Node b) -> Flow {
                if (kind(in) != kind(b))
                    return ev.raise(describe(in) + " and " + describe(b) +
                                    " cannot have their containment checked");
                return k(make_bool(contains(in, b)));
            });
        case Native::inside:
            return arg1(true, [&](Node b) -> Flow {
                if (kind(in) != kind(b))
                    return ev.raise(describe(b) + " and " + describe(in) +
                                    " cannot have their containment checked");
                return k(make_bool(contains(b, in)));
            });
        case Native::in:
            return arg1(true, [&](Node obj) -> Flow {
                if (is_object(obj) && is_string(in))
                    return k(make_bool(find_member(obj, string_of(in)) != nullptr));
                if (is_array(obj) && is_number(in)) {
                    const double d = to_double(in);
                    return k(make_bool(d >= 0 && d < static_cast<double>(size_of(obj))));
                }
                return ev.raise(std::string("Cannot check whether ") + kind_name(obj) + " has a " +
                                kind_name(in) + " key");
            });
        case Native::add: {
            if (!is_array(in) && !is_object(in))
                return ev.raise("Cannot iterate over " +
                                (is_null(in) ? std::string("null") : describe(in)));
            std::vector<Node> items;
            for (std::size_t i = 0; i < size_of(in); ++i)
                items.push_back(is_array(in) ? elements(in)[i] : members(in)[i].value);
            return add_all(items, k);
        }
        case Native::add1: {
            std::vector<Node> items;
            if (const Flow fl = ev.collect(a[0], env, in, items); fl != Flow::go) return fl;
            return add_all(items, k);
        }
        case Native::any0:
        case Native::all0:
            return any_all(nullptr, nullptr, env, in, k, id == Native::any0);
        case Native::any1:
        case Native::all1:
            return any_all(nullptr, a[0], env, in, k, id == Native::any1);
        case Native::any2:
        case Native::all2:
            return any_all(a[0], a[1], env, in, k, id == Native::any2);
        case Native::range1:
        case Native::range2:
        case Native::range3:
            return ev.with_args(e, env, in, true,
                                [&](const Node* v) { return range(v, a.size(), k); });
        case Native::tostring: {
            Node out;
            const Flow fl = ev.tostring(in, out);
            return fl != Flow::go ? fl : k(out);
        }
        case Native::tojson: {
            std::string s;
            dump(s, in);
            return k(string(s));
        }
        case Native::error0:
            return ev.raise_value(in);
        case Native::error1:
            return ev.eval(a[0], env, in, [&](Node v) { return ev.raise_value(v); });
        case Native::select:
            return ev.eval(a[0], env, in, [&](Node c) { return truthy(c) ? k(in) : Flow::go; });
        case Native::map: {
            if (!is_array(in) && !is_object(in))
                return ev.raise("Cannot iterate over " +
                                (is_null(in) ? std::string("null") : describe(in)));
            auto& scratch = ev.scratch_;
            const std::size_t base = scratch.size();
            for (std::size_t i = 0; i < size_of(in); ++i) {
                const Node x = is_array(in) ? elements(in)[i] : members(in)[i].value;
                const Flow fl = ev.eval(a[0], env, x, [&](Node v) {
                    if (scratch.size() == scratch.capacity())
                        ev.heap().check_room(scratch.capacity() * sizeof(Node));
                    scratch.push_back(v);
                    return Flow::go;
                });
                if (fl != Flow::go) {
                    scratch.resize(base);
                    return fl;
                }
            }
            const Node out = ev.heap().array(scratch.data() + base, scratch.size() - base);
            scratch.resize(base);
            return k(out);
        }
        case Native::map_values: {
            if (is_array(in)) {
                std::vector<Node> out;
                for (std::size_t i = 0; i < size_of(in); ++i) {
                    Node v;
                    bool found = false;
                    const Flow fl = ev.first_output(a[0], env, elements(in)[i], v, found);
                    if (fl != Flow::go) return fl;
                    if (found) out.push_back(v);
                }
                return k(ev.make_array(out));
            }
            if (is_object(in)) {
                std::vector<Member> out;
                for (std::size_t i = 0; i < size_of(in); ++i) {
                    Node v;
                    bool found = false;
                    const Flow fl = ev.first_output(a[0], env, members(in)[i].value, v, found);
                    if (fl != Flow::go) return fl;
                    if (found) out.push_back(Member{members(in)[i].key, v});
                }
                return k(ev.heap().object(out.data(), out.size()));
            }
            return ev.raise("Cannot iterate over " +
                            (is_null(in) ? std::string("null") : describe(in)));
        }
        case Native::path: {
            const std::size_t base = ev.path_.size();
            return ev.eval_path(a[0], env, in, [&](Node v, bool valid) -> Flow {
                if (!valid)
                    return ev.raise("Invalid path expression with result " + dump_truncated(v, 26));
                // The continuation runs outside this path: it must not see its components.
                const Node p = ev.path_array(base);
                std::vector<Node> saved(ev.path_.begin() + static_cast<std::ptrdiff_t>(base),
                                        ev.path_.end());
                ev.path_.resize(base);
                const bool invalid = ev.invalid_input_;
                ev.invalid_input_ = false;
                const Flow fl = k(p);
                ev.invalid_input_ = invalid;
                ev.path_.insert(ev.path_.end(), saved.begin(), saved.end());
                return fl;
            });
        }
        case Native::paths0:
            return paths(in, nullptr, env, k);
        case Native::paths1:
            return paths(in, a[0], env, k);
        case Native::leaf_paths: {
            static Expr scalars = [] {
                Expr x;
                x.op = Op::call;
                x.target = Target::native;
                x.native = static_cast<int>(Native::scalars);
                return x;
            }();
            return paths(in, &scalars, env, k);
        }
        case Native::getpath:
            return arg1(true, [&](Node p) -> Flow {
                Node out;
                const Flow fl = ev.getpath(in, p, out);
                return fl != Flow::go ? fl : k(out);
            });
        case Native::setpath:
            return ev.with_args(e, env, in, false, [&](const Node* v) -> Flow {
                Node out;
                const Flow fl = ev.setpath(in, v[0], v[1], out);
                return fl != Flow::go ? fl : k(out);
            });
        case Native::delpaths:
            return arg1(true, [&](Node p) -> Flow {
                Node out;
                const Flow fl = ev.delpaths(in, p, out);
                return fl != Flow::go ? fl : k(out);
            });
        case Native::del: {
            std::vector<Node> paths_found;
            const std::size_t base = ev.path_.size();
            const Flow fl = ev.eval_path(a[0], env, in, [&](Node v, bool valid) -> Flow {
                if (!valid)
                    return ev.raise("Invalid path expression with result " + dump_truncated(v, 26));
                paths_found.push_back(ev.path_array(base));
                return Flow::go;
            });
            if (fl != Flow::go) return fl;
            Node out;
            const Flow g = ev.delpaths(in, ev.make_array(paths_found), out);
            return g != Flow::go ? g : k(out);
        }
        case Native::pick: {
            Transient acc(ev, make_null());
            const std::size_t base = ev.path_.size();
            const Flow fl = ev.eval_path(a[0], env, in, [&](Node v, bool valid) -> Flow {
                if (!valid)
                    return ev.raise("Invalid path expression with result " + dump_truncated(v, 26));
                Node value;
                const Node p = ev.path_array(base);
                const Flow g = ev.getpath(in, p, value);
                if (g != Flow::go) return g;
                return acc.set(elements(p), size_of(p), value);
            });
            if (fl != Flow::go) return fl;
            return k(acc.freeze());
        }
        case Native::to_entries:
            return to_entries(in, k);
        case Native::from_entries:
            return from_entries(in, k);
        case Native::with_entries:
            return to_entries(in, [&](Node entries) -> Flow {
                auto& scratch = ev.scratch_;
                const std::size_t base = scratch.size();
                for (std::size_t i = 0; i < size_of(entries); ++i) {
                    const Flow fl = ev.eval(a[0], env, elements(entries)[i], [&](Node v) {
                        scratch.push_back(v);
                        return Flow::go;
                    });
                    if (fl != Flow::go) {
                        scratch.resize(base);
                        return fl;
                    }
                }
                const Node mapped = ev.heap().array(scratch.data() + base, scratch.size() - base);
                scratch.resize(base);
                return from_entries(mapped, k);
            });
        case Native::recurse0: {
            static Expr all = [] {
                Expr x;
                x.op = Op::recurse;
                return x;
            }();
            return ev.eval(&all, env, in, k);
        }
        case Native::recurse1:
            return recurse(a[0], nullptr, env, in, k);
        case Native::recurse2:
            return recurse(a[0], a[1], env, in, k);
        case Native::env: {
            std::vector<Member> vars;
            for (char** p = environ; p != nullptr && *p != nullptr; ++p) {
                const char* eq = std::strchr(*p, '=');
                if (eq == nullptr) continue;
                const KeyRecord* key =
                    ev.heap().key(std::string_view(*p, static_cast<std::size_t>(eq - *p)));
                bool seen = false;
                for (const Member& m : vars)
                    seen = seen || same_key(m.key, key);
                if (!seen) vars.push_back(Member{key, string(eq + 1)});
            }
            return k(ev.heap().object(vars.data(), vars.size()));
        }
        case Native::builtins: {
            std::vector<Node> names;
            for (const NativeInfo& n : natives()) {
                if (n.name[0] == '\0' || n.name[0] == '_') continue;
                names.push_back(string(std::string(n.name) + "/" + std::to_string(n.arity)));
            }
            return k(ev.make_array(names));
        }
        case Native::input: {
            Node v;
            if (!ev.host().next_input(v)) return ev.raise("No more inputs");
            return k(v);
        }
        case Native::inputs: {
            Node v;
            while (ev.host().next_input(v)) {
                ev.step();
                if (const Flow fl = k(v); fl != Flow::go) return fl;
            }
            return Flow::go;
        }
        case Native::debug0: {
            std::string s = "[\"DEBUG:\",";
            dump(s, in);
            s += "]\n";
            ev.host().message(s);
            return k(in);
        }
        case Native::debug1: {
            const Flow fl = ev.eval(a[0], env, in, [&](Node m) {
                std::string s = "[\"DEBUG:\",";
                dump(s, m);
                s += "]\n";
                ev.host().message(s);
                return Flow::go;
            });
            return fl != Flow::go ? fl : k(in);
        }
        case Native::stderr_:
            ev.host().message(ev.to_text(in));
            return k(in);
        case Native::input_filename:
            return k(ev.host().input_filename());
        case Native::input_line_number:
            return k(make_int(ev.host().input_line_number()));
        case Native::halt:
            return halt_with(ev, 0, false, make_null());
        case Native::halt_error0:
            return halt_with(ev, 5, true, in);
        case Native::halt_error1:
            return arg1(true, [&](Node code) -> Flow {
                if (!is_number(code)) return ev.raise("halt_error/1: number required");
                return halt_with(ev, static_cast<int>(to_index(code)), true, in);
            });
        case Native::sort: {
            if (!is_array(in))
                return ev.raise(describe(in) + " cannot be sorted, as it is not an array");
            std::vector<Node> items(elements(in), elements(in) + size_of(in));
            std::stable_sort(items.begin(), items.end(),
                             [](const Node& x, const Node& y) { return compare(x, y) < 0; });
            return k(ev.make_array(items));
        }
        case Native::sort_by:
            return sorted_by(e, env, in, k);
        case Native::group_by:
            return grouped(e, env, in, k, false);
        case Native::unique_by:
            return grouped(e, env, in, k, true);
        case Native::unique: {
            if (!is_array(in))
                return ev.raise(describe(in) + " cannot be sorted, as it is not an array");
            std::vector<Node> items(elements(in), elements(in) + size_of(in));
            std::stable_sort(items.begin(), items.end(),
                             [](const Node& x, const Node& y) { return compare(x, y) < 0; });
            items.erase(std::unique(items.begin(), items.end(),
                                    [](const Node& x, const Node& y) { return equal(x, y); }),
                        items.end());
            return k(ev.make_array(items));
        }
        case Native::min:
        case Native::max:
            return extreme_by(nullptr, env, in, k, id == Native::max);
        case Native::min_by:
        case Native::max_by:
            return extreme_by(a[0], env, in, k, id == Native::max_by);
        case Native::reverse: {
            if (is_string(in)) {
                const std::string_view s = string_of(in);
                std::string r;
                r.reserve(s.size());
                std::size_t end = s.size();
                while (end > 0) {
                    std::size_t start = end - 1;
                    while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80)
                        --start;
                    r.append(s.substr(start, end - start));
                    end = start;
                }
                return k(string(r));
            }
            if (is_null(in)) return k(ev.heap().array(nullptr, 0));
            if (!is_array(in)) {
                if (is_object(in) && size_of(in) == 0) return k(ev.heap().array(nullptr, 0));
                return ev.raise(index_error(kind_name(in), make_int(0)));
            }
            std::vector<Node> items(elements(in), elements(in) + size_of(in));
            std::reverse(items.begin(), items.end());
            return k(ev.make_array(items));
        }
        case Native::limit:
            return limit(
                a[0], a[1], env, in, false, [](Node, bool) { return Flow::go; }, k);
        case Native::first1: {
            Node v;
            bool found = false;
            const Flow fl = ev.first_output(a[0], env, in, v, found);
            return fl != Flow::go || !found ? fl : k(v);
        }
        case Native::skip:
        case Native::nth2:
            return nth(
                a[0], a[1], env, in, id == Native::skip, false, [](Node, bool) { return Flow::go; },
                k);
        case Native::first0:
        case Native::last0:
        case Native::nth1: {
            const auto at = [&](Node key) -> Flow {
                Node out;
                bool produced = false;
                const Flow fl = ev.index_value(in, key, false, out, produced);
                return fl != Flow::go || !produced ? fl : k(out);
            };
            if (id == Native::first0) return at(make_int(0));
            if (id == Native::last0) return at(make_int(-1));
            return arg1(true, [&](Node n) -> Flow {
                if (is_number(n) && to_double(n) < 0)
                    return ev.raise("Out of bounds negative array index");
                return at(n);
            });
        }
        case Native::last1:
            return last(a[0], env, in, k);
        case Native::until:
            return loop(a[0], a[1], env, in, k, true);
        case Native::while_:
            return loop(a[0], a[1], env, in, k, false);
        case Native::repeat:
            for (;;) {
                if (const Flow fl = ev.eval(a[0], env, in, k); fl != Flow::go) return fl;
            }
        case Native::isempty: {
            bool empty = true;
            const std::uint64_t sid = ev.new_id();
            Flow fl = ev.eval(a[0], env, in, [&](Node) {
                empty = false;
                ev.stop_target = sid;
                return Flow::stop;
            });
            if (fl == Flow::stop && ev.stop_target == sid) fl = Flow::go;
            return fl != Flow::go ? fl : k(make_bool(empty));
        }
        case Native::isvalid: {
            Node v;
            bool found = false;
            const Flow fl = ev.first_output(a[0], env, in, v, found);
            if (fl == Flow::error) return k(make_bool(false));
            return fl != Flow::go ? fl : k(make_bool(true));
        }
        case Native::flatten0:
            return flatten(in, std::int64_t{1} << 62, k);
        case Native::flatten1:
            return arg1(true, [&](Node d) -> Flow {
                if (!is_number(d)) return ev.raise("flatten depth must not be negative");
                return flatten(in, to_index(d), k);
            });
        case Native::walk:
            return walk(a[0], env, in, k);
        case Native::transpose: {
            if (!is_array(in)) return ev.raise("Cannot iterate over " + describe(in));
            std::size_t width = 0;
            for (std::size_t i = 0; i < size_of(in); ++i) {
                const Node row = elements(in)[i];
                if (!is_array(row) && !is_null(row))
                    return ev.raise(index_error(kind_name(row), make_int(0)));
                width = std::max(width, is_array(row) ? size_of(row) : 0);
            }
            std::vector<Node> rows;
            for (std::size_t c = 0; c < width; ++c) {
                Node* out = nullptr;
                const Node row = ev.heap().array(size_of(in), &out);
                for (std::size_t r = 0; r < size_of(in); ++r) {
                    const Node src = elements(in)[r];
                    out[r] = is_array(src) && c < size_of(src) ? elements(src)[c] : make_null();
                }
                rows.push_back(row);
            }
            return k(ev.make_array(rows));
        }
        case Native::tostream:
            return tostream(in, k);
        case Native::fromstream:
            return fromstream(a[0], env, in, k);
        case Native::truncate_stream: {
            // def truncate_stream(stream): . as $n | null | stream
            //   | if (.[0] | length) > $n then setpath([0]; .[0][$n:]) else empty end;
            if (!is_number(in)) return ev.raise(describe(in) + " cannot be used as a stream depth");
            const double depth = to_double(in);
            return ev.eval(a[0], env, make_null(), [&](Node event) -> Flow {
                if (!is_array(event) && !is_null(event))
                    return ev.raise(index_error(kind_name(event), make_int(0)));
                if (!is_array(event) || size_of(event) == 0) {
                    // .[0] is null, of length 0: kept only for a negative depth, as [null].
                    if (!(0 > depth)) return Flow::go;
                    Node* out = nullptr;
                    const Node copy = ev.heap().array(1, &out);
                    out[0] = make_null();
                    return k(copy);
                }
                const Node path = elements(event)[0];
                if (!is_array(path))
                    return ev.raise(std::string("Cannot index ") + kind_name(path) +
                                    " with object");
                const auto length = static_cast<double>(size_of(path));
                if (!(length > depth)) return Flow::go;
                // .[$n:]: a negative start counts from the end, a fraction rounds down.
                double start = std::floor(depth);
                if (start < 0) start = std::max(0.0, length + start);
                const auto from = static_cast<std::size_t>(std::min(start, length));
                Node* out = nullptr;
                const Node copy = ev.heap().array(size_of(event), &out);
                std::memcpy(out, elements(event), size_of(event) * sizeof(Node));
                out[0] = ev.heap().array(elements(path) + from, size_of(path) - from);
                return k(copy);
            });
        }
        case Native::toarray:
            return k(is_array(in) ? in : ev.heap().array(&in, 1));
        case Native::have_literal_numbers:
            return k(make_bool(true));
        case Native::have_decnum:
            // Literals keep their precision (negation and abs included), compare exactly with
            // each other and print in decNumber's form, as jq built with decNumber does; what
            // is not kept is the text of numbers a double holds exactly (1.000 prints as 1).
            return k(make_bool(true));
        case Native::combinations0:
            return combinations(in, k);
        case Native::combinations1:
            return arg1(true, [&](Node n) -> Flow {
                if (!is_number(n)) return ev.raise("Range bounds must be numeric");
                std::vector<Node> rows(
                    static_cast<std::size_t>(std::max<std::int64_t>(0, to_index(n))), in);
                return combinations(ev.make_array(rows), k);
            });
        case Native::bsearch:
            return arg1(true, [&](Node target) -> Flow {
                if (!is_array(in)) return ev.raise(describe(in) + " cannot be searched from");
                std::size_t lo = 0, hi = size_of(in);
                while (lo < hi) {
                    const std::size_t mid = lo + (hi - lo) / 2;
                    const int r = compare(elements(in)[mid], target);
                    if (r == 0) return k(make_int(static_cast<std::int64_t>(mid)));
                    if (r < 0) {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
                return k(make_int(-1 - static_cast<std::int64_t>(lo)));
            });
        default: {
            // The number, text, regular expression and date builtins live in their own files.
            bool handled = true;
            Flow f = numbers(e->native, e, env, in, k, handled);
            if (handled) return f;
            handled = true;
            f = text(e->native, e, env, in, k, handled);
            if (handled) return f;
            handled = true;
            f = regex(e->native, e, env, in, k, handled);
            if (handled) return f;
            handled = true;
            f = dates(e->native, e, env, in, k, handled);
            if (handled) return f;
            break;
        }
    }
    return ev.raise(std::string("builtin not implemented: ") +
                    natives()[static_cast<std::size_t>(e->native)].name);
}

}  // namespace arenajson::jq
