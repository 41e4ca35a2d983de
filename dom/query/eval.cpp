#include "eval.hpp"

#include <cstring>

namespace arenajson::jq {

Evaluator::Evaluator(const Program& program, Heap& heap, Host& host,
                     const std::vector<Node>& globals)
    : program_(program), heap_(heap), host_(host), globals_(globals) {
}

void Evaluator::check_stack() const {
    const auto here = reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0));
    if (here < stack_limit_) throw LimitReached{ErrorCode::query_depth_limit};
}

Flow Evaluator::run(const Expr* entry, Node input, Sink k) {
    steps_ = 0;
    path_.clear();
    scratch_.clear();
    return eval(entry, nullptr, input, k);
}

Flow Evaluator::raise(std::string_view message) {
    error_ = heap_.string(message);
    return Flow::error;
}

Flow halt_with(Evaluator& ev, int code, bool has_value, Node value) {
    ev.halt_code_ = code;
    ev.halt_has_value_ = has_value;
    ev.halt_value_ = value;
    return Flow::halt;
}

Flow Evaluator::collect(const Expr* e, const Env* env, Node in, std::vector<Node>& out) {
    return eval(e, env, in, [&](Node v) {
        if (out.size() == out.capacity()) heap_.check_room(out.capacity() * sizeof(Node));
        out.push_back(v);
        return Flow::go;
    });
}

Flow Evaluator::first_output(const Expr* e, const Env* env, Node in, Node& out, bool& found) {
    found = false;
    const std::uint64_t id = new_id();
    const Flow f = eval(e, env, in, [&](Node v) {
        out = v;
        found = true;
        stop_target = id;
        return Flow::stop;
    });
    if (f == Flow::stop && stop_target == id) return Flow::go;
    return f;
}

Flow Evaluator::with_args(const Expr* call, const Env* env, Node in, bool first_outer,
                          FnRef<Flow(const Node*)> body) {
    const std::size_t n = call->list.size();
    Node values[4] = {};
    if (n > 4) return raise("too many arguments");
    // Recursion over the arguments, outermost first.
    struct Step {
        Evaluator& ev;
        const Expr* call;
        const Env* env;
        Node in;
        bool first_outer;
        Node* values;
        FnRef<Flow(const Node*)>& body;
        Flow run(std::size_t depth) {
            const std::size_t n = call->list.size();
            if (depth == n) return body(values);
            const std::size_t i = first_outer ? depth : n - 1 - depth;
            return ev.eval(call->list[i], env, in, [&](Node v) {
                values[i] = v;
                return run(depth + 1);
            });
        }
    };
    Step step{*this, call, env, in, first_outer, values, body};
    return step.run(0);
}

Node Evaluator::path_array(std::size_t base) {
    return heap_.array(path_.data() + base, path_.size() - base);
}

Flow Evaluator::eval(const Expr* e, const Env* env, Node in, Sink k) {
    check_stack();
    step();
    return eval_expr(e, env, in, k);
}

Flow Evaluator::iterate(const Expr* e, Node t, Sink k) {
    if (is_array(t)) {
        const Node* items = elements(t);
        for (std::size_t i = 0, n = size_of(t); i < n; ++i) {
            if (const Flow f = k(items[i]); f != Flow::go) return f;
        }
        return Flow::go;
    }
    if (is_object(t)) {
        const Member* m = members(t);
        for (std::size_t i = 0, n = size_of(t); i < n; ++i) {
            if (const Flow f = k(m[i].value); f != Flow::go) return f;
        }
        return Flow::go;
    }
    if (e != nullptr && e->optional) return Flow::go;
    if (is_null(t)) return raise("Cannot iterate over null");
    return raise("Cannot iterate over " + describe(t));
}

Flow Evaluator::recurse_all(Node in, Sink k) {
    // Depth-first, pre-order, as `recurse(.[]?)`: an explicit stack, not recursion.
    struct Frame {
        Node container;
        std::size_t next;
    };
    if (const Flow f = k(in); f != Flow::go) return f;
    if (!is_array(in) && !is_object(in)) return Flow::go;
    std::vector<Frame> stack{{in, 0}};
    while (!stack.empty()) {
        Frame& top = stack.back();
        if (top.next == size_of(top.container)) {
            stack.pop_back();
            continue;
        }
        const Node child = is_array(top.container) ? elements(top.container)[top.next]
                                                   : members(top.container)[top.next].value;
        ++top.next;
        if (const Flow f = k(child); f != Flow::go) return f;
        if ((is_array(child) || is_object(child)) && size_of(child) != 0)
            stack.push_back({child, 0});
    }
    return Flow::go;
}

Flow Evaluator::eval_expr(const Expr* e, const Env* env, Node in, Sink k) {
    switch (e->op) {
        case Op::identity:
            return k(in);
        case Op::literal:
            return k(e->value);
        case Op::recurse:
            return recurse_all(in, k);
        case Op::field: {
            const auto index = [&](Node t) -> Flow {
                if (is_object(t)) {
                    const Node* v = find_member(t, e->key);
                    return k(v != nullptr ? *v : make_null());
                }
                if (is_null(t)) return k(make_null());
                if (e->optional) return Flow::go;
                return raise(index_error(kind_name(t), std::string_view(e->name)));
            };
            if (e->a->op == Op::identity) return index(in);
            return eval(e->a, env, in, index);
        }
        case Op::index:
            return eval(e->b, env, in, [&](Node key) {
                return eval(e->a, env, in, [&](Node t) {
                    Node out;
                    bool produced = false;
                    const Flow f = index_value(t, key, e->optional, out, produced);
                    if (f != Flow::go || !produced) return f;
                    return k(out);
                });
            });
        case Op::slice: {
            const auto with_to = [&](Node from) {
                const auto apply = [&](Node to) {
                    return eval(e->a, env, in, [&](Node t) {
                        Node key;
                        Member m[2] = {{heap_.key("start"), from}, {heap_.key("end"), to}};
                        key = heap_.object(m, 2);
                        Node out;
                        bool produced = false;
                        const Flow f = index_value(t, key, e->optional, out, produced);
                        if (f != Flow::go || !produced) return f;
                        return k(out);
                    });
                };
                if (e->c == nullptr) return apply(make_null());
                return eval(e->c, env, in, apply);
            };
            if (e->b == nullptr) return with_to(make_null());
            return eval(e->b, env, in, with_to);
        }
        case Op::iterate:
            if (e->a->op == Op::identity) return iterate(e, in, k);
            return eval(e->a, env, in, [&](Node t) { return iterate(e, t, k); });
        case Op::pipe:
            return eval(e->a, env, in, [&](Node v) { return eval(e->b, env, v, k); });
        case Op::comma: {
            if (const Flow f = eval(e->a, env, in, k); f != Flow::go) return f;
            return eval(e->b, env, in, k);
        }
        case Op::neg:
            return eval(e->a, env, in, [&](Node v) {
                if (!is_number(v)) return raise(describe(v) + " cannot be negated");
                return k(negate_number(heap(), v));
            });
        case Op::binary:
            return eval(e->b, env, in, [&](Node rhs) {
                return eval(e->a, env, in, [&](Node lhs) {
                    Node out;
                    const Flow f = binop(e->bin, lhs, rhs, out);
                    if (f != Flow::go) return f;
                    return k(out);
                });
            });
        case Op::and_:
            return eval(e->a, env, in, [&](Node l) {
                if (!truthy(l)) return k(make_bool(false));
                return eval(e->b, env, in, [&](Node r) { return k(make_bool(truthy(r))); });
            });
        case Op::or_:
            return eval(e->a, env, in, [&](Node l) {
                if (truthy(l)) return k(make_bool(true));
                return eval(e->b, env, in, [&](Node r) { return k(make_bool(truthy(r))); });
            });
        case Op::alternative: {
            bool any = false;
            bool downstream = false;
            const Flow f = eval(e->a, env, in, [&](Node v) {
                if (!truthy(v)) return Flow::go;
                any = true;
                const Flow g = k(v);
                if (g == Flow::error) downstream = true;
                return g;
            });
            if (f != Flow::go && (f != Flow::error || downstream)) return f;
            if (any) return Flow::go;
            return eval(e->b, env, in, k);
        }
        case Op::assign:
        case Op::update:
        case Op::arith_update:
        case Op::alt_update:
            return assignment(e, env, in, k);
        case Op::if_:
            return eval(e->a, env, in, [&](Node c) {
                if (truthy(c)) return eval(e->b, env, in, k);
                if (e->c == nullptr) return k(in);
                return eval(e->c, env, in, k);
            });
        case Op::try_: {
            bool downstream = false;
            const Flow f = eval(e->a, env, in, [&](Node v) {
                const Flow g = k(v);
                if (g == Flow::error) downstream = true;
                return g;
            });
            if (f != Flow::error || downstream) return f;
            if (e->b == nullptr) return Flow::go;
            return eval(e->b, env, error_, k);
        }
        case Op::reduce:
            return reduce(e, env, in, k);
        case Op::foreach:
            return foreach (e, env, in, k);
        case Op::def: {
            const Env frame{.parent = env, .def = e->def};
            return eval(e->a, &frame, in, k);
        }
        case Op::call:
            return call(e, env, in, k);
        case Op::as:
            return bind_each(e, env, in, [&](const Env* inner, bool& downstream) {
                return eval(e->b, inner, in,
                            [&](Node out) { return note_downstream(k(out), downstream); });
            });
        case Op::label:
            return with_label(env, [&](const Env* frame) { return eval(e->a, frame, in, k); });
        case Op::break_:
            stop_target = up(env, e->hops)->value.payload;
            return Flow::stop;
        case Op::var:
            if (e->target == Target::global) return k(globals_[static_cast<std::size_t>(e->slot)]);
            return k(up(env, e->hops)->value);
        case Op::collect: {
            if (e->a == nullptr) return k(heap_.array(nullptr, 0));
            const std::size_t base = scratch_.size();
            const Flow f = eval(e->a, env, in, [&](Node v) {
                if (scratch_.size() == scratch_.capacity())
                    heap_.check_room(scratch_.capacity() * sizeof(Node));
                scratch_.push_back(v);
                return Flow::go;
            });
            if (f != Flow::go) {
                scratch_.resize(base);
                return f;
            }
            const Node array = heap_.array(scratch_.data() + base, scratch_.size() - base);
            scratch_.resize(base);
            return k(array);
        }
        case Op::object:
            return object(e, env, in, k);
        case Op::format:
            if (e->a == nullptr) {
                Node out;
                const Flow f = format(e->name, in, out);
                if (f != Flow::go) return f;
                return k(out);
            }
            return eval(e->a, env, in, [&](Node v) {
                Node out;
                const Flow f = format(e->name, v, out);
                if (f != Flow::go) return f;
                return k(out);
            });
        case Op::string:
            return string_interp(e, env, in, k);
    }
    return Flow::go;
}

// --- calls

Flow Evaluator::call(const Expr* e, const Env* env, Node in, Sink k) {
    switch (e->target) {
        case Target::native:
            return call_native(e, env, in, k);
        case Target::static_def:
            return call_def(e->def, nullptr, e, env, in, [&](const Env* body_env) {
                return eval(e->def->body, body_env, in, k);
            });
        case Target::local: {
            const Env* frame = up(env, e->hops);
            if (frame->def != nullptr) {
                return call_def(frame->def, frame, e, env, in, [&](const Env* body_env) {
                    return eval(frame->def->body, body_env, in, k);
                });
            }
            return eval(frame->body, frame->closure, in, k);
        }
        default:
            return raise("call of an unresolved function");
    }
}

Flow Evaluator::call_def(const FuncDef* def, const Env* base, const Expr* call, const Env* caller,
                         Node in, FnRef<Flow(const Env*)> body) {
    const std::size_t n = def->params.size();
    if (n == 0) return body(base);
    Env small[6];
    std::vector<Env> big;
    Env* frames = small;
    std::size_t values = 0;
    for (const bool v : def->value_params)
        values += v ? 1 : 0;
    if (n + values > 6) {
        big.resize(n + values);
        frames = big.data();
    }
    for (std::size_t i = 0; i < n; ++i) {
        frames[i].parent = i == 0 ? base : &frames[i - 1];
        frames[i].body = call->list[i];
        frames[i].closure = caller;
    }
    if (values == 0) return body(&frames[n - 1]);
    // `$name` parameters: every combination of their arguments' values, first outermost.
    struct Bind {
        Evaluator& ev;
        const FuncDef* def;
        const Expr* call;
        const Env* caller;
        Node in;
        Env* frames;
        FnRef<Flow(const Env*)>& body;
        Flow run(std::size_t param, std::size_t slot, const Env* env) {
            while (param < def->params.size() && !def->value_params[param])
                ++param;
            if (param == def->params.size()) return body(env);
            return ev.eval(call->list[param], caller, in, [&](Node v) {
                Env& f = frames[slot];
                f.parent = env;
                f.value = v;
                return run(param + 1, slot + 1, &f);
            });
        }
    };
    Bind bind{*this, def, call, caller, in, frames, body};
    return bind.run(0, n, &frames[n - 1]);
}

// --- bindings

Flow Evaluator::bind_each(const Expr* e, const Env* env, Node in,
                          FnRef<Flow(const Env*, bool& downstream)> body) {
    return eval(e->a, env, in, [&](Node v) {
        bool downstream = false;
        return with_binding(e->binding, v, env, downstream,
                            [&](const Env* inner) { return body(inner, downstream); });
    });
}

Flow Evaluator::with_label(const Env* env, FnRef<Flow(const Env*)> body) {
    const std::uint64_t id = new_id();
    const Env frame{.parent = env, .value = make_int(static_cast<std::int64_t>(id))};
    const Flow f = body(&frame);
    if (f == Flow::stop && stop_target == id) return Flow::go;
    return f;
}

namespace {

// Runs step(0, next), whose `next` runs step(1, ...), and so on; k after the last: the parts
// of a pattern bind in order, each inside the bindings of those before it.
Flow in_sequence(std::size_t n, FnRef<Flow()> k, FnRef<Flow(std::size_t, FnRef<Flow()>)> step) {
    struct Run {
        std::size_t n;
        FnRef<Flow()> k;
        FnRef<Flow(std::size_t, FnRef<Flow()>)> step;
        Flow at(std::size_t i) {
            if (i == n) return k();
            return step(i, [&]() { return at(i + 1); });
        }
    };
    Run run{n, k, step};
    return run.at(0);
}

}  // namespace

Flow Evaluator::with_binding(const Binding* b, Node value, const Env* env, bool& downstream,
                             FnRef<Flow(const Env*)> body) {
    const std::size_t n = b->names.size();
    SmallArray<Env, 6> storage(n);
    Env* frames = storage.data();
    for (std::size_t i = 0; i < n; ++i)
        frames[i].parent = i == 0 ? env : &frames[i - 1];
    const Env* inner = n == 0 ? env : &frames[n - 1];
    for (std::size_t alt = 0; alt < b->alternatives.size(); ++alt) {
        for (std::size_t i = 0; i < n; ++i)
            frames[i].value = make_null();
        downstream = false;
        const Flow f =
            bind(b->alternatives[alt], value, frames, env, [&]() { return body(inner); });
        if (f == Flow::error && !downstream && alt + 1 < b->alternatives.size()) continue;
        return f;
    }
    return Flow::go;
}

Flow Evaluator::bind(const Pattern* p, Node v, Env* frames, const Env* env, FnRef<Flow()> k) {
    switch (p->kind) {
        case Pattern::Kind::variable:
            frames[p->slot].value = v;
            return k();
        case Pattern::Kind::array: {
            if (!is_array(v) && !is_null(v)) return raise(index_error(kind_name(v), make_int(0)));
            return in_sequence(p->items.size(), k, [&](std::size_t i, FnRef<Flow()> next) {
                const Node item = is_array(v) && i < size_of(v) ? elements(v)[i] : make_null();
                return bind(p->items[i], item, frames, env, next);
            });
        }
        case Pattern::Kind::object: {
            return in_sequence(p->entries.size(), k, [&](std::size_t i, FnRef<Flow()> next) {
                const Pattern::Entry& entry = p->entries[i];
                return eval(entry.key, env, v, [&](Node key) -> Flow {
                    if (!is_string(key)) {
                        return raise(index_error(kind_name(v), key));
                    }
                    Node member = make_null();
                    if (is_object(v)) {
                        const Node* found = find_member(v, string_of(key));
                        if (found != nullptr) member = *found;
                    } else if (!is_null(v)) {
                        return raise(index_error(kind_name(v), key));
                    }
                    if (entry.slot >= 0) frames[entry.slot].value = member;
                    if (entry.value == nullptr) return next();
                    return bind(entry.value, member, frames, env, next);
                });
            });
        }
    }
    return Flow::go;
}

// --- object construction

Flow Evaluator::object(const Expr* e, const Env* env, Node in, Sink k) {
    const std::size_t n = e->list.size() / 2;
    if (n == 0) return k(heap_.object(nullptr, 0));
    // The members chosen so far live in a chain on the C++ stack: the cartesian product of
    // the entries' outputs, the first entry outermost.
    struct Link {
        const Link* prev;
        Member member;
    };
    struct Build {
        Evaluator& ev;
        const Expr* e;
        const Env* env;
        Node in;
        Sink& k;
        std::size_t n;
        Flow finish(const Link* last) {
            SmallArray<Member, 16> storage(n);
            Member* m = storage.data();
            std::size_t count = 0;
            for (const Link* l = last; l != nullptr; l = l->prev)
                m[n - 1 - count++] = l->member;
            // Later duplicates replace earlier values, keeping the first position.
            std::size_t out = 0;
            for (std::size_t i = 0; i < n; ++i) {
                bool replaced = false;
                for (std::size_t j = 0; j < out; ++j) {
                    if (same_key(m[j].key, m[i].key)) {
                        m[j].value = m[i].value;
                        replaced = true;
                        break;
                    }
                }
                if (!replaced) m[out++] = m[i];
            }
            return k(ev.heap_.object(m, out));
        }
        Flow run(std::size_t i, const Link* prev) {
            if (i == n) return finish(prev);
            const Expr* key_expr = e->list[2 * i];
            const Expr* value_expr = e->list[2 * i + 1];
            const auto with_key = [&](Node key) -> Flow {
                if (!is_string(key)) {
                    return ev.raise(std::string("Object keys must be strings"));
                }
                const KeyRecord* record = key_expr->op == Op::literal && key_expr->key != nullptr
                                              ? key_expr->key
                                              : ev.heap_.key(string_of(key));
                return ev.eval(value_expr, env, in, [&](Node value) {
                    const Link link{prev, Member{record, value}};
                    return run(i + 1, &link);
                });
            };
            if (key_expr->op == Op::literal) return with_key(key_expr->value);
            return ev.eval(key_expr, env, in, with_key);
        }
    };
    Build build{*this, e, env, in, k, n};
    return build.run(0, nullptr);
}

// --- string interpolation

Flow Evaluator::string_interp(const Expr* e, const Env* env, Node in, Sink k) {
    // Every combination of the parts' outputs; jq varies the last part slowest.
    struct Parts {
        Evaluator& ev;
        const Expr* e;
        const Env* env;
        Node in;
        Sink& k;
        std::vector<Node> values;
        Flow run(std::size_t depth) {
            const std::size_t n = e->list.size();
            if (depth == n) {
                std::string s;
                for (const Node& v : values)
                    s += string_of(v);
                return k(ev.heap_.string(s));
            }
            const std::size_t i = n - 1 - depth;
            return ev.eval(e->list[i], env, in, [&](Node v) {
                values[i] = v;
                return run(depth + 1);
            });
        }
    };
    Parts parts{*this, e, env, in, k, std::vector<Node>(e->list.size())};
    return parts.run(0);
}

// --- reduce and foreach

Flow Evaluator::reduce(const Expr* e, const Env* env, Node in, Sink k) {
    bool handled = false;
    const Flow fast = reduce_fast(e, env, in, k, handled);
    if (handled) return fast;
    return eval(e->b, env, in, [&](Node init) {
        Node acc = init;
        const Flow f = eval(e->a, env, in, [&](Node item) {
            bool downstream = false;
            return with_binding(e->binding, item, env, downstream, [&](const Env* inner) {
                Node last = make_null();
                const Flow g = eval(e->c, inner, acc, [&](Node v) {
                    last = v;
                    return Flow::go;
                });
                acc = last;  // no output: the state becomes null, as jq 1.7
                return g;
            });
        });
        if (f != Flow::go) return f;
        return k(acc);
    });
}

Flow Evaluator::foreach (const Expr* e, const Env* env, Node in, Sink k) {
    return eval(e->b, env, in, [&](Node init) {
        Node acc = init;
        return eval(e->a, env, in, [&](Node item) {
            bool downstream = false;
            return with_binding(e->binding, item, env, downstream, [&](const Env* inner) {
                return eval(e->c, inner, acc, [&](Node v) {
                    acc = v;
                    const auto emit = [&](Node out) {
                        const Flow g = k(out);
                        if (g == Flow::error) downstream = true;
                        return g;
                    };
                    if (e->d == nullptr) return emit(v);
                    return eval(e->d, inner, v, emit);
                });
            });
        });
    });
}

}  // namespace arenajson::jq
