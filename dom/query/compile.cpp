#include "compile.hpp"

#include "natives.hpp"

#include <cstring>
#include <unordered_map>

namespace arenajson::jq {

const std::vector<NativeInfo>& natives() {
    static const std::vector<NativeInfo> table = {
#define ARENAJSON_JQ_NATIVE_INFO(id, name, arity) {name, arity},
        ARENAJSON_JQ_NATIVES(ARENAJSON_JQ_NATIVE_INFO)
#undef ARENAJSON_JQ_NATIVE_INFO
    };
    return table;
}

namespace {

struct MathName {
    const char* name;
    Native id;
    int slot;
};

const std::vector<MathName>& math_names() {
    static const std::vector<MathName> table = [] {
        std::vector<MathName> t;
        int i = 0;
#define ARENAJSON_JQ_M1(fn) t.push_back({#fn, Native::math1, i++});
        ARENAJSON_JQ_MATH1(ARENAJSON_JQ_M1)
#undef ARENAJSON_JQ_M1
        i = 0;
#define ARENAJSON_JQ_M2(fn) t.push_back({#fn, Native::math2, i++});
        ARENAJSON_JQ_MATH2(ARENAJSON_JQ_M2)
#undef ARENAJSON_JQ_M2
        i = 0;
#define ARENAJSON_JQ_M3(fn) t.push_back({#fn, Native::math3, i++});
        ARENAJSON_JQ_MATH3(ARENAJSON_JQ_M3)
#undef ARENAJSON_JQ_M3
        return t;
    }();
    return table;
}

int math_arity(Native id) {
    return id == Native::math1 ? 0 : id == Native::math2 ? 2 : 3;
}

}  // namespace

int find_native(std::string_view name, int arity) {
    const auto& table = natives();
    for (std::size_t i = 0; i < table.size(); ++i) {
        if (table[i].arity == arity && name == table[i].name) return static_cast<int>(i);
    }
    return -1;
}

std::string_view prelude_source() {
    // The builtins that are simplest as jq: the SQL-style ones.
    return R"jq(
def INDEX(stream; idx_expr): reduce stream as $row ({}; .[$row|idx_expr|tostring] = $row);
def INDEX(idx_expr): INDEX(.[]; idx_expr);
def JOIN($idx; idx_expr): [.[] | [., $idx[idx_expr]]];
def JOIN($idx; stream; idx_expr): stream | [., $idx[idx_expr]];
def JOIN($idx; stream; idx_expr; join_expr): stream | [., $idx[idx_expr]] | join_expr;
def IN(s): any(s == .; .);
def IN(src; s): any(src == s; .);
def get_search_list: [];
)jq";
}

bool input_free(const Expr* e) {
    if (e == nullptr) return true;
    switch (e->op) {
        case Op::literal:
        case Op::var:
        case Op::break_:
            return true;
        case Op::pipe:
            return input_free(e->a);
        case Op::comma:
        case Op::binary:
        case Op::and_:
        case Op::or_:
        case Op::alternative:
            return input_free(e->a) && input_free(e->b);
        case Op::neg:
            return input_free(e->a);
        case Op::collect:
            return input_free(e->a);
        case Op::field:
        case Op::index:
        case Op::slice:
        case Op::iterate:
            return e->a->op != Op::identity && input_free(e->a) && input_free(e->b) &&
                   input_free(e->c);
        case Op::format:
            return e->a != nullptr && input_free(e->a);
        case Op::object:
        case Op::string:
            for (const Expr* x : e->list) {
                if (!input_free(x)) return false;
            }
            return true;
        case Op::if_:
            return input_free(e->a) && input_free(e->b) && e->c != nullptr && input_free(e->c);
        case Op::try_:
            return input_free(e->a);
        case Op::as:
            return input_free(e->a) && input_free(e->b);
        case Op::call:
            if (e->target == Target::native) {
                const auto id = static_cast<Native>(e->native);
                if (id == Native::empty || id == Native::nan || id == Native::infinite ||
                    id == Native::now || id == Native::env || id == Native::builtins)
                    return true;
                if (id == Native::error1 || id == Native::range1 || id == Native::range2 ||
                    id == Native::range3) {
                    for (const Expr* x : e->list) {
                        if (!input_free(x)) return false;
                    }
                    return true;
                }
            }
            return false;
        default:
            return false;
    }
}

namespace {

struct Scope {
    enum class Kind : std::uint8_t { var, label, param, def };
    Kind kind;
    std::string_view name;
    int arity = 0;
    const FuncDef* def = nullptr;
    const Scope* parent = nullptr;
};

// Points e at the nearest enclosing scope that `matches` (e->hops frames up); false when no
// scope does.
template <class Match>
bool resolve_local(Expr* e, const Scope* scope, Match matches) {
    int hops = 0;
    for (const Scope* s = scope; s != nullptr; s = s->parent, ++hops) {
        if (matches(*s)) {
            e->hops = hops;
            e->target = Target::local;
            return true;
        }
    }
    return false;
}

struct CompileFailure {
    std::string message;
    const Expr* at;
};

class Resolver {
  public:
    Resolver(Program& p, const std::vector<std::string>& globals) : p_(p), globals_(globals) {}

    // A chain of top-level definitions and its main expression.
    Expr* top(Expr* e) {
        while (e->op == Op::def) {
            FuncDef* d = e->def;
            d->is_static = true;
            table_[key(d->name, static_cast<int>(d->params.size()))] = d;
            resolve_body(d, nullptr);
            e = e->a;
        }
        resolve(e, nullptr);
        return e;
    }

  private:
    static std::string key(std::string_view name, int arity) {
        return std::string(name) + '/' + std::to_string(arity);
    }

    [[noreturn]] void fail(const Expr* at, std::string message) {
        throw CompileFailure{std::move(message), at};
    }

    // The body of a definition: its parameters are frames (filters, then `$` values).
    void resolve_body(FuncDef* d, const Scope* scope) {
        std::vector<Scope> frames;
        frames.reserve(d->params.size() * 2);
        const Scope* s = scope;
        for (const std::string& name : d->params) {
            frames.push_back(Scope{Scope::Kind::param, name, 0, nullptr, s});
            s = &frames.back();
        }
        for (std::size_t i = 0; i < d->params.size(); ++i) {
            if (!d->value_params[i]) continue;
            frames.push_back(Scope{Scope::Kind::var, d->params[i], 0, nullptr, s});
            s = &frames.back();
        }
        resolve(d->body, s);
    }

    void resolve_binding(const Binding* b, const Scope* scope, std::vector<Scope>& frames,
                         const Scope*& inner) {
        for (const Pattern* p : b->alternatives)
            resolve_pattern(p, scope);
        frames.reserve(b->names.size());
        inner = scope;
        for (const std::string& name : b->names) {
            frames.push_back(Scope{Scope::Kind::var, name, 0, nullptr, inner});
            inner = &frames.back();
        }
    }

    // A constant object key (in a construction or a pattern) that is not a string: jq refuses
    // to compile it.
    void check_constant_key(const Expr* key) {
        if (key->op != Op::literal || is_string(key->value)) return;
        std::string text;
        dump(text, key->value);
        fail(key,
             std::string("Cannot use ") + kind_name(key->value) + " (" + text + ") as object key");
    }

    void resolve_pattern(const Pattern* p, const Scope* scope) {
        for (const Pattern* item : p->items)
            resolve_pattern(item, scope);
        for (const Pattern::Entry& entry : p->entries) {
            resolve(entry.key, scope);
            check_constant_key(entry.key);
            if (entry.key->op == Op::literal && is_string(entry.key->value)) {
                entry.key->key = intern(string_of(entry.key->value));
            }
            if (entry.value != nullptr) resolve_pattern(entry.value, scope);
        }
    }

    const KeyRecord* intern(std::string_view s) {
        const KeyRecord* k = make_key(p_.constants, s);
        if (k == nullptr) throw CompileFailure{"the program is too large", nullptr};
        return k;
    }

    void resolve(Expr* e, const Scope* scope) {
        if (e == nullptr) return;
        switch (e->op) {
            case Op::identity:
            case Op::recurse:
            case Op::literal:
                return;
            case Op::field:
                e->key = intern(e->name);
                resolve(e->a, scope);
                return;
            case Op::format:
                resolve(e->a, scope);
                return;
            case Op::break_: {
                const auto is_label = [&](const Scope& s) {
                    return s.kind == Scope::Kind::label && s.name == e->name;
                };
                if (resolve_local(e, scope, is_label)) return;
                fail(e, "$*label-" + e->name + " is not defined");
            }
            case Op::var:
                resolve_var(e, scope);
                return;
            case Op::reduce:
            case Op::foreach: {
                resolve(e->a, scope);
                resolve(e->b, scope);
                std::vector<Scope> frames;
                const Scope* inner = nullptr;
                resolve_binding(e->binding, scope, frames, inner);
                resolve(e->c, inner);
                resolve(e->d, inner);
                return;
            }
            case Op::as: {
                resolve(e->a, scope);
                std::vector<Scope> frames;
                const Scope* inner = nullptr;
                resolve_binding(e->binding, scope, frames, inner);
                resolve(e->b, inner);
                return;
            }
            case Op::label: {
                const Scope frame{Scope::Kind::label, e->name, 0, nullptr, scope};
                resolve(e->a, &frame);
                return;
            }
            case Op::def: {
                FuncDef* d = e->def;
                const Scope frame{Scope::Kind::def, d->name, static_cast<int>(d->params.size()), d,
                                  scope};
                resolve_body(d, &frame);
                resolve(e->a, &frame);
                return;
            }
            case Op::call:
                for (Expr* arg : e->list)
                    resolve(arg, scope);
                resolve_call(e, scope);
                return;
            case Op::object:
                for (std::size_t i = 0; i < e->list.size(); ++i) {
                    Expr* x = e->list[i];
                    resolve(x, scope);
                    if (i % 2 == 0) check_constant_key(x);
                    if (i % 2 == 0 && x->op == Op::literal && is_string(x->value))
                        x->key = intern(string_of(x->value));
                }
                fold_object(e);
                return;
            case Op::string:
                for (Expr* x : e->list)
                    resolve(x, scope);
                return;
            default:
                resolve(e->a, scope);
                resolve(e->b, scope);
                resolve(e->c, scope);
                resolve(e->d, scope);
                // A constant division by zero fails when it runs, as in jq 1.8 (jq 1.7 refused
                // to compile it).
                if (e->op == Op::collect) fold_array(e);
                return;
        }
    }

    void resolve_var(Expr* e, const Scope* scope) {
        if (e->name == "__loc__") {
            Member m[2] = {
                {intern("file"), constant_string(p_.file_name)},
                {intern("line"), make_int(e->line)},
            };
            e->op = Op::literal;
            e->value = constant_object(m, 2);
            return;
        }
        const auto is_var = [&](const Scope& s) {
            return s.kind == Scope::Kind::var && s.name == e->name;
        };
        if (resolve_local(e, scope, is_var)) return;
        for (std::size_t i = 0; i < globals_.size(); ++i) {
            if (globals_[i] == e->name) {
                e->target = Target::global;
                e->slot = static_cast<int>(i);
                return;
            }
        }
        fail(e, "$" + e->name + " is not defined");
    }

    void resolve_call(Expr* e, const Scope* scope) {
        const int arity = static_cast<int>(e->list.size());
        const auto is_callee = [&](const Scope& s) {
            return s.name == e->name && ((s.kind == Scope::Kind::def && s.arity == arity) ||
                                         (s.kind == Scope::Kind::param && arity == 0));
        };
        if (resolve_local(e, scope, is_callee)) return;
        if (auto it = table_.find(key(e->name, arity)); it != table_.end()) {
            e->target = Target::static_def;
            e->def = it->second;
            return;
        }
        const int id = find_native(e->name, arity);
        if (id >= 0 && natives()[static_cast<std::size_t>(id)].name[0] != '\0') {
            e->target = Target::native;
            e->native = id;
            return;
        }
        for (const MathName& m : math_names()) {
            if (e->name == m.name && arity == math_arity(m.id)) {
                e->target = Target::native;
                e->native = static_cast<int>(m.id);
                e->slot = m.slot;
                return;
            }
        }
        fail(e, e->name + "/" + std::to_string(arity) + " is not defined");
    }

    Node constant_string(std::string_view s) {
        if (s.size() <= detail::kMaxInlineString) return detail::make_inline_string(s);
        const std::string_view copy = p_.constants.try_alloc_str(s);
        if (copy.data() == nullptr) throw CompileFailure{"the program is too large", nullptr};
        return Node{std::uint64_t(Tag::string) | (std::uint64_t{copy.size()} << 8),
                    reinterpret_cast<std::uintptr_t>(copy.data())};
    }

    Node constant_object(const Member* m, std::size_t n) {
        if (n == 0) return Node{std::uint64_t(Tag::object), 0};
        void* p = p_.constants.try_alloc(n * sizeof(Member) + detail::ObjectIndex::bytes(n),
                                         alignof(Member));
        if (p == nullptr) throw CompileFailure{"the program is too large", nullptr};
        std::memcpy(p, m, n * sizeof(Member));
        std::uint64_t flags = 0;
        if (detail::ObjectIndex::wanted(n) &&
            !detail::ObjectIndex::build(static_cast<Member*>(p), n, static_cast<Member*>(p) + n,
                                        p_.constants, flags))
            throw CompileFailure{"the program is too large", nullptr};
        return Node{std::uint64_t(Tag::object) | flags | (std::uint64_t{n} << 8),
                    reinterpret_cast<std::uintptr_t>(p)};
    }

    // `[1, 2, "a"]` of literals: a constant.
    void fold_array(Expr* e) {
        std::vector<Node> items;
        if (e->a != nullptr && !literal_list(e->a, items)) return;
        void* p = items.empty()
                      ? nullptr
                      : p_.constants.try_alloc(items.size() * sizeof(Node), alignof(Node));
        if (!items.empty() && p == nullptr) return;
        if (!items.empty()) std::memcpy(p, items.data(), items.size() * sizeof(Node));
        e->op = Op::literal;
        e->value = Node{std::uint64_t(Tag::array) | (std::uint64_t{items.size()} << 8),
                        reinterpret_cast<std::uintptr_t>(p)};
    }
    static bool literal_list(const Expr* e, std::vector<Node>& items) {
        if (e->op == Op::comma) return literal_list(e->a, items) && literal_list(e->b, items);
        if (e->op != Op::literal) return false;
        items.push_back(e->value);
        return true;
    }

    // `{"a": 1}` of literal keys (all different) and values: a constant.
    void fold_object(Expr* e) {
        std::vector<Member> ms;
        for (std::size_t i = 0; i + 1 < e->list.size(); i += 2) {
            const Expr* k = e->list[i];
            const Expr* v = e->list[i + 1];
            if (k->op != Op::literal || k->key == nullptr || v->op != Op::literal) return;
            for (const Member& m : ms) {
                if (same_key(m.key, k->key)) return;
            }
            ms.push_back(Member{k->key, v->value});
        }
        e->op = Op::literal;
        e->value = constant_object(ms.data(), ms.size());
    }

    Program& p_;
    const std::vector<std::string>& globals_;
    std::unordered_map<std::string, FuncDef*> table_;
};

}  // namespace

std::unique_ptr<Program> compile_program(std::string_view text,
                                         const std::vector<std::string>& globals,
                                         SyntaxError& error) {
    auto program = std::make_unique<Program>();
    program->globals = globals;
    SyntaxError prelude_error;
    Expr* prelude = parse_program(*program, prelude_source(), prelude_error);
    if (prelude == nullptr) {
        error = prelude_error;
        error.message = "builtins: " + error.message;
        return nullptr;
    }
    Expr* user = parse_program(*program, text, error);
    if (user == nullptr) return nullptr;
    // The builtins' definitions come first, then the program's own.
    Expr* last = prelude;
    while (last->op == Op::def && last->a->op == Op::def)
        last = last->a;
    if (last->op == Op::def) last->a = user;
    Resolver resolver(*program, globals);
    try {
        program->main = resolver.top(last->op == Op::def ? prelude : user);
    } catch (const CompileFailure& f) {
        error.message = f.message;
        if (f.at != nullptr) {
            error.line = f.at->line;
            error.column = f.at->column;
        }
        return nullptr;
    }
    return program;
}

}  // namespace arenajson::jq
