// Path expressions (path(f), and the left side of every assignment), getpath/setpath/
// delpaths, the assignment operators, and the in-place fast path of `reduce`.
#include "compile.hpp"
#include "eval.hpp"
#include "transient.hpp"

#include <algorithm>

namespace arenajson::jq {

Flow each_descendant(Heap& heap, Node root, std::vector<Node>& path, FnRef<Flow(Node)> visit) {
    struct Frame {
        Node container;
        std::size_t next;
    };
    std::vector<Frame> stack;
    if ((is_array(root) || is_object(root)) && size_of(root) != 0) stack.push_back({root, 0});
    while (!stack.empty()) {
        Frame& top = stack.back();
        if (top.next == size_of(top.container)) {
            stack.pop_back();
            if (!stack.empty()) path.pop_back();
            continue;
        }
        const std::size_t i = top.next++;
        Node child;
        if (is_array(top.container)) {
            child = elements(top.container)[i];
            path.push_back(make_int(static_cast<std::int64_t>(i)));
        } else {
            const Member& m = members(top.container)[i];
            child = m.value;
            path.push_back(heap.string(m.key->view()));
        }
        if (const Flow f = visit(child); f != Flow::go) return f;
        if ((is_array(child) || is_object(child)) && size_of(child) != 0) {
            stack.push_back({child, 0});
        } else {
            path.pop_back();
        }
    }
    return Flow::go;
}

namespace {

// Applies the assignment e (=, op= or //=) with right side `value` at the path p[0..n) of t.
Flow assign_at(Evaluator& ev, const Expr* e, Transient& t, const Node* p, std::size_t n,
               Node value) {
    if (e->op == Op::assign) return t.set(p, n, value);
    if (e->op == Op::arith_update && e->bin == BinOp::add) return t.add(p, n, value);
    Node old;
    Flow g = t.get(p, n, old);
    if (g != Flow::go) return g;
    Node updated;
    if (e->op == Op::alt_update) {
        updated = truthy(old) ? old : value;
    } else {
        g = ev.binop(e->bin, old, value, updated);
        if (g != Flow::go) return g;
    }
    return t.set(p, n, updated);
}

bool identical(const Node& a, const Node& b) noexcept {
    return a.head == b.head && a.payload == b.payload;
}

}  // namespace

Flow Evaluator::eval_path(const Expr* e, const Env* env, Node in, PathSink k) {
    check_stack();
    step();
    return eval_path_expr(e, env, in, k);
}

Flow Evaluator::eval_path_expr(const Expr* e, const Env* env, Node in, PathSink k) {
    // Index steps: `t` must carry a path; the key joins it.
    const auto index_step = [&](Node t, bool valid, Node key, bool optional,
                                PathSink& sink) -> Flow {
        if (!valid) {
            return raise("Invalid path expression near attempt to access element " +
                         dump_truncated(key, 11) + " of " + dump_truncated(t, 26));
        }
        Node out;
        bool produced = false;
        const Flow f = index_value(t, key, optional, out, produced);
        if (f != Flow::go || !produced) return f;
        path_.push_back(key);
        const Flow g = sink(out, true);
        path_.pop_back();
        return g;
    };
    switch (e->op) {
        case Op::identity:
            return k(in, !invalid_input_);
        case Op::recurse: {
            const std::size_t base = path_.size();
            if (invalid_input_) {
                return raise("Invalid path expression near attempt to iterate through " +
                             dump_truncated(in, 26));
            }
            if (const Flow f = k(in, true); f != Flow::go) return f;
            const Flow f =
                each_descendant(heap_, in, path_, [&](Node child) { return k(child, true); });
            if (f != Flow::go) path_.resize(base);
            return f;
        }
        case Op::field: {
            const Node key = heap_.string(e->name);
            return eval_path(e->a, env, in, [&](Node t, bool valid) {
                return index_step(t, valid, key, e->optional, k);
            });
        }
        case Op::index:
            return eval(e->b, env, in, [&](Node key) {
                return eval_path(e->a, env, in, [&](Node t, bool valid) {
                    return index_step(t, valid, key, e->optional, k);
                });
            });
        case Op::slice: {
            const auto with_from = [&](Node from) {
                const auto with_to = [&](Node to) {
                    Member m[2] = {{heap_.key("start"), from}, {heap_.key("end"), to}};
                    const Node key = heap_.object(m, 2);
                    return eval_path(e->a, env, in, [&](Node t, bool valid) {
                        return index_step(t, valid, key, e->optional, k);
                    });
                };
                if (e->c == nullptr) return with_to(make_null());
                return eval(e->c, env, in, with_to);
            };
            if (e->b == nullptr) return with_from(make_null());
            return eval(e->b, env, in, with_from);
        }
        case Op::iterate:
            return eval_path(e->a, env, in, [&](Node t, bool valid) -> Flow {
                if (!valid) {
                    return raise("Invalid path expression near attempt to iterate through " +
                                 dump_truncated(t, 26));
                }
                if (is_array(t)) {
                    for (std::size_t i = 0, n = size_of(t); i < n; ++i) {
                        path_.push_back(make_int(static_cast<std::int64_t>(i)));
                        const Flow f = k(elements(t)[i], true);
                        path_.pop_back();
                        if (f != Flow::go) return f;
                    }
                    return Flow::go;
                }
                if (is_object(t)) {
                    for (std::size_t i = 0, n = size_of(t); i < n; ++i) {
                        const Member& m = members(t)[i];
                        path_.push_back(heap_.string(m.key->view()));
                        const Flow f = k(m.value, true);
                        path_.pop_back();
                        if (f != Flow::go) return f;
                    }
                    return Flow::go;
                }
                if (e->optional) return Flow::go;
                if (is_null(t)) return raise("Cannot iterate over null");
                return raise("Cannot iterate over " + describe(t));
            });
        case Op::pipe:
            return eval_path(e->a, env, in, [&](Node v, bool valid) -> Flow {
                if (valid) return eval_path(e->b, env, v, k);
                // No path for `v`: path steps on it fail ("near attempt to access ...").
                const bool saved = invalid_input_;
                invalid_input_ = true;
                const Flow f = eval_path(e->b, env, v, [&](Node out, bool ok) {
                    invalid_input_ = saved;
                    const Flow g = k(out, ok);
                    invalid_input_ = true;
                    return g;
                });
                invalid_input_ = saved;
                return f;
            });
        case Op::comma: {
            if (const Flow f = eval_path(e->a, env, in, k); f != Flow::go) return f;
            return eval_path(e->b, env, in, k);
        }
        case Op::if_:
            return eval(e->a, env, in, [&](Node c) {
                if (truthy(c)) return eval_path(e->b, env, in, k);
                if (e->c == nullptr) return k(in, true);
                return eval_path(e->c, env, in, k);
            });
        case Op::alternative: {
            bool any = false;
            bool downstream = false;
            const Flow f = eval_path(e->a, env, in, [&](Node v, bool valid) {
                if (!truthy(v)) return Flow::go;
                any = true;
                const Flow g = k(v, valid);
                if (g == Flow::error) downstream = true;
                return g;
            });
            if (f != Flow::go && (f != Flow::error || downstream)) return f;
            if (any) return Flow::go;
            return eval_path(e->b, env, in, k);
        }
        case Op::try_: {
            bool downstream = false;
            const Flow f = eval_path(e->a, env, in, [&](Node v, bool valid) {
                const Flow g = k(v, valid);
                if (g == Flow::error) downstream = true;
                return g;
            });
            if (f != Flow::error || downstream) return f;
            if (e->b == nullptr) return Flow::go;
            return eval(e->b, env, error_, [&](Node v) { return k(v, false); });
        }
        case Op::def: {
            const Env frame{.parent = env, .def = e->def};
            return eval_path(e->a, &frame, in, k);
        }
        case Op::call:
            return call_path(e, env, in, k);
        case Op::as:
            return bind_each(e, env, in, [&](const Env* inner, bool& downstream) {
                return eval_path(e->b, inner, in, [&](Node out, bool valid) {
                    return note_downstream(k(out, valid), downstream);
                });
            });
        case Op::label:
            return with_label(env, [&](const Env* frame) { return eval_path(e->a, frame, in, k); });
        case Op::reduce:
        case Op::foreach: {
            const std::size_t base = path_.size();
            return eval_path(e->b, env, in, [&](Node init, bool init_valid) -> Flow {
                Node acc = init;
                bool valid = init_valid;
                std::vector<Node> acc_path(path_.begin() + static_cast<std::ptrdiff_t>(base),
                                           path_.end());
                const std::size_t saved = path_.size();
                const Flow f = eval(e->a, env, in, [&](Node item) {
                    bool downstream = false;
                    return with_binding(e->binding, item, env, downstream, [&](const Env* inner) {
                        path_.resize(base);
                        path_.insert(path_.end(), acc_path.begin(), acc_path.end());
                        const auto step = [&](Node v, bool ok) -> Flow {
                            acc = v;
                            valid = ok;
                            acc_path.assign(path_.begin() + static_cast<std::ptrdiff_t>(base),
                                            path_.end());
                            if (e->op == Op::reduce) return Flow::go;
                            if (e->d == nullptr) return k(v, ok);
                            if (!ok)
                                return eval(e->d, inner, v, [&](Node o) { return k(o, false); });
                            return eval_path(e->d, inner, v, k);
                        };
                        const Flow g =
                            valid ? eval_path(e->c, inner, acc, step)
                                  : eval(e->c, inner, acc, [&](Node v) { return step(v, false); });
                        return g;
                    });
                });
                path_.resize(base);
                path_.insert(path_.end(), acc_path.begin(), acc_path.end());
                Flow r = f;
                if (f == Flow::go && e->op == Op::reduce) r = k(acc, valid);
                path_.resize(saved);
                return r;
            });
        }
        default:
            // Not a path expression: its values carry a path only when they are the input.
            return eval(e, env, in,
                        [&](Node v) { return k(v, !invalid_input_ && identical(v, in)); });
    }
}

Flow Evaluator::call_path(const Expr* e, const Env* env, Node in, PathSink k) {
    switch (e->target) {
        case Target::native: {
            bool handled = false;
            const Flow f = native_path(e, env, in, k, handled);
            if (handled) return f;
            return call_native(e, env, in,
                               [&](Node v) { return k(v, !invalid_input_ && identical(v, in)); });
        }
        case Target::static_def:
            return call_def(e->def, nullptr, e, env, in, [&](const Env* body_env) {
                return eval_path(e->def->body, body_env, in, k);
            });
        case Target::local: {
            const Env* frame = up(env, e->hops);
            if (frame->def != nullptr) {
                return call_def(frame->def, frame, e, env, in, [&](const Env* body_env) {
                    return eval_path(frame->def->body, body_env, in, k);
                });
            }
            return eval_path(frame->body, frame->closure, in, k);
        }
        default:
            return raise("call of an unresolved function");
    }
}

// --- getpath, setpath, delpaths

Flow Evaluator::getpath(Node root, Node path, Node& out) {
    if (!is_array(path)) return raise("Path must be specified as an array");
    Node cur = root;
    for (std::size_t i = 0; i < size_of(path); ++i) {
        if (is_null(cur)) {
            out = make_null();
            return Flow::go;
        }
        Node next;
        bool produced = false;
        const Flow f = index_value(cur, elements(path)[i], false, next, produced);
        if (f != Flow::go) return f;
        cur = produced ? next : make_null();
    }
    out = cur;
    return Flow::go;
}

Flow Evaluator::setpath(Node root, Node path, Node value, Node& out) {
    if (!is_array(path)) return raise("Path must be specified as an array");
    Transient t(*this, root);
    const Flow f = t.set(elements(path), size_of(path), value);
    if (f != Flow::go) return f;
    out = t.freeze();
    return Flow::go;
}

Flow Evaluator::delpaths(Node root, Node paths, Node& out) {
    if (!is_array(paths)) return raise("Paths must be specified as an array");
    std::vector<Node> sorted(elements(paths), elements(paths) + size_of(paths));
    for (const Node& p : sorted) {
        if (!is_array(p))
            return raise(std::string("Path must be specified as array, not ") + kind_name(p));
    }
    // Longest and largest first, so deleting one path does not move the next one.
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const Node& a, const Node& b) { return compare(a, b) > 0; });
    Transient t(*this, root);
    for (const Node& p : sorted) {
        const Flow f = t.remove(elements(p), size_of(p));
        if (f != Flow::go) return f;
    }
    out = t.freeze();
    return Flow::go;
}

// --- assignment operators

Flow Evaluator::assignment(const Expr* e, const Env* env, Node in, Sink k) {
    const std::size_t base = path_.size();
    // Runs `each(path)` for every path of the left side, on the original input.
    const auto for_paths = [&](FnRef<Flow(const Node*, std::size_t)> each) {
        return eval_path(e->a, env, in, [&](Node v, bool valid) -> Flow {
            if (!valid)
                return raise("Invalid path expression with result " + dump_truncated(v, 26));
            return each(path_.data() + base, path_.size() - base);
        });
    };
    if (e->op == Op::update) {
        Transient t(*this, in);
        std::vector<Node> deletions;
        const Flow f = for_paths([&](const Node* p, std::size_t n) -> Flow {
            Node old;
            Flow g = t.get(p, n, old);
            if (g != Flow::go) return g;
            Node replacement;
            bool found = false;
            // The right side runs in its own path context.
            std::vector<Node> saved(path_.begin() + static_cast<std::ptrdiff_t>(base), path_.end());
            path_.resize(base);
            g = first_output(e->b, env, old, replacement, found);
            path_.insert(path_.end(), saved.begin(), saved.end());
            if (g != Flow::go) return g;
            if (!found) {
                deletions.push_back(heap_.array(p, n));
                return Flow::go;
            }
            return t.set(p, n, replacement);
        });
        if (f != Flow::go) return f;
        Node result = t.freeze();
        if (!deletions.empty()) {
            const Flow g = delpaths(result, make_array(deletions), result);
            if (g != Flow::go) return g;
        }
        return k(result);
    }
    // `=`, `op=` and `//=`: the right side runs on `.`, every output giving one result.
    return eval(e->b, env, in, [&](Node value) -> Flow {
        Transient t(*this, in);
        const Flow f = for_paths([&](const Node* p, std::size_t n) -> Flow {
            return assign_at(*this, e, t, p, n, value);
        });
        if (f != Flow::go) return f;
        return k(t.freeze());
    });
}

// --- reduce, in place

namespace {

// A left side made only of `.name` and `.[E]` steps with E reading nothing of `.`.
bool static_path(const Expr* e) {
    for (;;) {
        if (e->op == Op::identity) return true;
        if (e->optional) return false;
        if (e->op == Op::field) {
            e = e->a;
            continue;
        }
        if (e->op == Op::index && input_free(e->b)) {
            e = e->a;
            continue;
        }
        return false;
    }
}

void path_steps(const Expr* e, std::vector<const Expr*>& steps) {
    steps.clear();
    while (e->op != Op::identity) {
        steps.push_back(e);
        e = e->a;
    }
    std::reverse(steps.begin(), steps.end());
}

// An update `reduce` can apply to its state in place: assignments to static paths whose right
// side cannot see the state, `. + E`, and pipes of those.
bool in_place_update(const Expr* e) {
    switch (e->op) {
        case Op::pipe:
            return in_place_update(e->a) && in_place_update(e->b);
        case Op::assign:
        case Op::arith_update:
        case Op::alt_update:
            return static_path(e->a) && input_free(e->b);
        case Op::update:
            return static_path(e->a);
        case Op::binary:
            return e->bin == BinOp::add && e->a->op == Op::identity && input_free(e->b);
        default:
            return false;
    }
}

}  // namespace

Flow Evaluator::reduce_fast(const Expr* e, const Env* env, Node in, Sink k, bool& handled) {
    if (!in_place_update(e->c)) return Flow::go;
    handled = true;
    return eval(e->b, env, in, [&](Node init) -> Flow {
        Transient state(*this, init);
        std::vector<const Expr*> steps;
        std::vector<Node> path;
        // Every path of a static left side: the combinations of its index expressions.
        const auto for_paths = [&](const Expr* lhs, const Env* inner,
                                   FnRef<Flow(const Node*, std::size_t)> each) -> Flow {
            path_steps(lhs, steps);
            path.clear();
            struct Walk {
                Evaluator& ev;
                const std::vector<const Expr*>& steps;
                std::vector<Node>& path;
                const Env* inner;
                FnRef<Flow(const Node*, std::size_t)>& each;
                Flow run(std::size_t i) {
                    if (i == steps.size()) return each(path.data(), path.size());
                    const Expr* s = steps[i];
                    if (s->op == Op::field) {
                        path.push_back(ev.heap().string(s->name));
                        const Flow f = run(i + 1);
                        path.pop_back();
                        return f;
                    }
                    return ev.eval(s->b, inner, make_null(), [&](Node key) {
                        path.push_back(key);
                        const Flow f = run(i + 1);
                        path.pop_back();
                        return f;
                    });
                }
            };
            Walk walk{*this, steps, path, inner, each};
            return walk.run(0);
        };
        // Applies one update to the state; `empty` leaves null, as the general reduce does.
        struct Apply {
            Evaluator& ev;
            Transient& state;
            decltype(for_paths)& paths;
            Flow run(const Expr* u, const Env* inner) {
                if (u->op == Op::pipe) {
                    const Flow f = run(u->a, inner);
                    return f != Flow::go ? f : run(u->b, inner);
                }
                if (u->op == Op::binary) {
                    Node value;
                    bool any = false;
                    const Flow f = last_output(u->b, inner, value, any);
                    if (f != Flow::go) return f;
                    if (!any) return set_null();
                    return state.add(nullptr, 0, value);
                }
                if (u->op == Op::update) {
                    return paths(u->a, inner, [&](const Node* p, std::size_t n) -> Flow {
                        Node old;
                        Flow g = state.get(p, n, old);
                        if (g != Flow::go) return g;
                        Node replacement;
                        bool found = false;
                        g = ev.first_output(u->b, inner, old, replacement, found);
                        if (g != Flow::go) return g;
                        if (!found) return state.remove(p, n);
                        return state.set(p, n, replacement);
                    });
                }
                Node value;
                bool any = false;
                const Flow f = last_output(u->b, inner, value, any);
                if (f != Flow::go) return f;
                if (!any) return set_null();
                return paths(u->a, inner, [&](const Node* p, std::size_t n) -> Flow {
                    return assign_at(ev, u, state, p, n, value);
                });
            }
            Flow last_output(const Expr* x, const Env* inner, Node& value, bool& any) {
                return ev.eval(x, inner, make_null(), [&](Node v) {
                    value = v;
                    any = true;
                    return Flow::go;
                });
            }
            Flow set_null() {
                const Flow f = state.set(nullptr, 0, make_null());
                return f;
            }
        };
        Apply apply{*this, state, for_paths};
        const Flow f = eval(e->a, env, in, [&](Node item) {
            bool downstream = false;
            return with_binding(e->binding, item, env, downstream,
                                [&](const Env* inner) { return apply.run(e->c, inner); });
        });
        if (f != Flow::go) return f;
        return k(state.freeze());
    });
}

}  // namespace arenajson::jq
