#include "arenajson/query.hpp"

#include "arenajson/writer.hpp"
#include "compile.hpp"
#include "eval.hpp"
#include "natives.hpp"

#include <pthread.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

extern char** environ;

namespace arenajson {

using jq::Node;

struct Query::Impl {
    std::shared_ptr<const jq::Program> program;  // shared with the parts streaming() makes
    const jq::Expr* entry = nullptr;             // what a run evaluates: program->main or a part
    std::vector<Node> globals;  // values of program->globals, in program->constants
    std::optional<std::vector<PathStep>> path;
    std::optional<QueryStreaming> streaming;
    bool reads_inputs = false;
};

namespace {

// A copy of a value in `arena`, through its JSON text (exact: kept number texts survive).
bool copy_into(Arena& arena, Value v, Node& out) {
    jq::Heap heap(arena);
    std::string message;
    try {
        return jq::parse_json(heap, to_string(v), out, message);
    } catch (const jq::LimitReached&) {
        return false;
    }
}

Node environment(Arena& arena) {
    jq::Heap heap(arena);
    std::vector<jq::Member> vars;
    for (char** p = environ; p != nullptr && *p != nullptr; ++p) {
        const char* eq = std::strchr(*p, '=');
        if (eq == nullptr) continue;
        const jq::KeyRecord* key =
            heap.key(std::string_view(*p, static_cast<std::size_t>(eq - *p)));
        bool seen = false;
        for (const jq::Member& m : vars)
            seen = seen || jq::same_key(m.key, key);
        if (!seen) vars.push_back(jq::Member{key, heap.string(eq + 1)});
    }
    return heap.object(vars.data(), vars.size());
}

// The steps of a plain path program: field and literal index steps from `.`.
std::optional<std::vector<PathStep>> plain_path(const jq::Expr* e) {
    std::vector<PathStep> steps;
    for (;;) {
        if (e->op == jq::Op::identity) break;
        if (e->optional) return std::nullopt;
        PathStep step;
        if (e->op == jq::Op::field) {
            step.key = e->name;
        } else if (e->op == jq::Op::index && e->b->op == jq::Op::literal) {
            const Node k = e->b->value;
            std::int64_t i = 0;
            if (jq::is_string(k)) {
                step.key = std::string(jq::string_of(k));
            } else if (k.tag() == detail::Tag::int64 && jq::to_int64(k, i) && i >= 0) {
                step.kind = PathStep::Kind::index;
                step.index = static_cast<std::size_t>(i);
            } else {
                return std::nullopt;
            }
        } else {
            return std::nullopt;
        }
        steps.push_back(std::move(step));
        e = e->a;
    }
    return std::vector<PathStep>(steps.rbegin(), steps.rend());
}

// Does `e` (or a definition it calls) read inputs? Such a program must see them in the
// order the whole-document run would, so it is not streamed.
bool calls_input(const jq::Expr* e, std::vector<const jq::FuncDef*>& seen) {
    if (e == nullptr) return false;
    if (e->op == jq::Op::call && e->target == jq::Target::native &&
        (e->native == static_cast<int>(jq::Native::input) ||
         e->native == static_cast<int>(jq::Native::inputs))) {
        return true;
    }
    if (e->op == jq::Op::call && e->def != nullptr &&
        std::find(seen.begin(), seen.end(), e->def) == seen.end()) {
        seen.push_back(e->def);
        if (calls_input(e->def->body, seen)) return true;
    }
    if (e->op == jq::Op::def && e->def != nullptr && calls_input(e->def->body, seen)) return true;
    for (const jq::Expr* sub : {e->a, e->b, e->c, e->d})
        if (calls_input(sub, seen)) return true;
    for (const jq::Expr* sub : e->list)
        if (calls_input(sub, seen)) return true;
    return false;
}

// `P[] | f`, `P[].a`, ...: the plain path P whose value is iterated and the expression that
// runs on each element (made of copies of the steps after the iteration, on `.`).
struct Iteration {
    std::vector<PathStep> path;
    jq::Expr* each = nullptr;
};

std::optional<Iteration> split_iteration(jq::Program& p, const jq::Expr* e) {
    switch (e->op) {
        case jq::Op::iterate: {
            if (e->optional) return std::nullopt;
            std::optional<std::vector<PathStep>> path = plain_path(e->a);
            if (!path) return std::nullopt;
            return Iteration{std::move(*path), p.make(jq::Op::identity)};
        }
        case jq::Op::pipe: {
            std::optional<Iteration> it = split_iteration(p, e->a);
            if (!it) return std::nullopt;
            jq::Expr* pipe = p.make(jq::Op::pipe);
            *pipe = *e;
            pipe->a = it->each;
            it->each = pipe;
            return it;
        }
        case jq::Op::field:
        case jq::Op::index: {
            // A computed key is evaluated on the whole term's input, not the element's.
            if (e->op == jq::Op::index && e->b->op != jq::Op::literal) return std::nullopt;
            std::optional<Iteration> it = split_iteration(p, e->a);
            if (!it) return std::nullopt;
            jq::Expr* step = p.make(e->op);
            *step = *e;
            step->a = it->each;
            it->each = step;
            return it;
        }
        default:
            return std::nullopt;
    }
}

// The streamable form of `main`, if it has one: `P[] | f` and the like, alone or inside
// first(...) or limit(N; ...) with a literal N >= 1.
std::optional<Iteration> streamable(jq::Program& p, const jq::Expr* main, std::uint64_t& limit) {
    limit = 0;
    const jq::Expr* body = main;
    if (main->op == jq::Op::call && main->target == jq::Target::native) {
        if (main->native == static_cast<int>(jq::Native::first1)) {
            limit = 1;
            body = main->list[0];
        } else if (main->native == static_cast<int>(jq::Native::limit)) {
            const jq::Expr* n = main->list[0];
            std::int64_t count = 0;
            if (n->op != jq::Op::literal || n->value.tag() != detail::Tag::int64 ||
                !jq::to_int64(n->value, count) || count < 1) {
                return std::nullopt;
            }
            limit = static_cast<std::uint64_t>(count);
            body = main->list[1];
        }
    }
    return split_iteration(p, body);
}

}  // namespace

Query::Query(std::shared_ptr<const Impl> impl) noexcept : impl_(std::move(impl)) {
}
Query::Query(Query&&) noexcept = default;
Query& Query::operator=(Query&&) noexcept = default;
Query::~Query() = default;

const std::vector<PathStep>* Query::path() const noexcept {
    return impl_ && impl_->path ? &*impl_->path : nullptr;
}

const QueryStreaming* Query::streaming() const noexcept {
    return impl_ && impl_->streaming ? &*impl_->streaming : nullptr;
}

bool Query::reads_inputs() const noexcept {
    return impl_ && impl_->reads_inputs;
}

Result<Query> Query::compile(std::string_view text, const QueryOptions& options,
                             std::string* message) {
    std::vector<std::string> names = {"ENV"};
    for (const auto& [name, value] : options.variables)
        names.push_back(name);
    jq::SyntaxError error;
    std::unique_ptr<jq::Program> program;
    try {
        program = jq::compile_program(text, names, error);
    } catch (const std::bad_alloc&) {
        error.message = "out of memory";
    }
    if (!program) {
        if (message != nullptr) *message = error.message;
        Error e;
        e.code = ErrorCode::query_syntax;
        e.offset = error.offset;
        e.line = error.line;
        e.column = error.column;
        return e;
    }
    auto impl = std::make_shared<Impl>();
    program->file_name = options.file_name;
    impl->globals.push_back(environment(program->constants));
    for (const auto& [name, value] : options.variables) {
        Node copy{};
        if (!copy_into(program->constants, value, copy)) {
            if (message != nullptr) *message = "$" + name + ": the value cannot be copied";
            Error e;
            e.code = ErrorCode::query_syntax;
            return e;
        }
        impl->globals.push_back(copy);
    }
    impl->path = plain_path(program->main);
    std::vector<const jq::FuncDef*> seen;
    impl->reads_inputs = calls_input(program->main, seen);
    std::uint64_t limit = 0;
    std::optional<Iteration> iteration;
    if (!impl->reads_inputs) iteration = streamable(*program, program->main, limit);
    impl->entry = program->main;
    impl->program = std::move(program);
    if (iteration) {
        auto each = std::make_shared<Impl>();
        each->program = impl->program;
        each->entry = iteration->each;
        each->globals = impl->globals;
        impl->streaming = QueryStreaming{
            std::move(iteration->path), Query(std::shared_ptr<const Impl>(std::move(each))), limit};
    }
    return Query(std::shared_ptr<const Impl>(std::move(impl)));
}

// --- Evaluation

namespace {

// The lowest address this thread's stack may use, with `reserve` bytes kept free.
std::uintptr_t stack_limit(std::size_t reserve) {
    thread_local std::uintptr_t low = [] {
        pthread_attr_t attr;
        void* addr = nullptr;
        std::size_t size = 0;
        if (pthread_getattr_np(pthread_self(), &attr) == 0) {
            pthread_attr_getstack(&attr, &addr, &size);
            pthread_attr_destroy(&attr);
        }
        return reinterpret_cast<std::uintptr_t>(addr);
    }();
    return low == 0 ? 0 : low + reserve;
}

class CallbackHost final : public jq::Host {
  public:
    explicit CallbackHost(jq::Heap& heap) : heap_(heap) {}
    bool next_input(Node& out) override {
        if (!next) return false;
        Value v;
        if (!next(v) || !v.exists()) return false;
        out = *v.node();
        return true;
    }
    void message(std::string_view text) override {
        if (sink) {
            sink(text);
        } else {
            std::fwrite(text.data(), 1, text.size(), stderr);
        }
    }
    Node input_filename() override {
        return file_name ? heap_.string(*file_name) : jq::make_null();
    }
    std::int64_t input_line_number() override { return line; }

    std::function<bool(Value&)> next;
    std::function<void(std::string_view)> sink;
    std::optional<std::string> file_name;
    std::int64_t line = 0;

  private:
    jq::Heap& heap_;
};

}  // namespace

struct Evaluation::State {
    State(const Query& q, EvaluationOptions o)
        : query(q.impl()),
          options(o),
          heap(arena),
          host(heap),
          evaluator(*query->program, heap, host, query->globals) {
        arena.set_byte_limit(o.max_memory);
    }
    std::shared_ptr<const Query::Impl> query;
    EvaluationOptions options;
    Arena arena;
    jq::Heap heap;
    CallbackHost host;
    jq::Evaluator evaluator;
    Node error{};
    bool has_error = false;
    Node halt_value{};
    bool has_halt_value = false;
    int halt_code = 0;
};

Evaluation::Evaluation(const Query& query, EvaluationOptions options)
    : s_(std::make_unique<State>(query, options)) {
}
Evaluation::Evaluation(Evaluation&&) noexcept = default;
Evaluation& Evaluation::operator=(Evaluation&&) noexcept = default;
Evaluation::~Evaluation() = default;

Status Evaluation::run(Value input, const std::function<bool(Value)>& on_output) {
    State& s = *s_;
    s.arena.reset();
    s.heap.reset();
    s.has_error = false;
    s.has_halt_value = false;
    s.evaluator.set_stack_limit(stack_limit(s.options.stack_reserve));
    s.evaluator.set_step_limit(s.options.max_steps);
    Error e;
    try {
        const Node in = input.exists() ? *input.node() : jq::make_null();
        const jq::Flow f = s.evaluator.run(s.query->entry, in, [&](Node v) {
            auto* stored = static_cast<Node*>(s.heap.alloc(sizeof(Node), alignof(Node)));
            *stored = v;
            return on_output(Value(stored)) ? jq::Flow::go : jq::Flow::stop;
        });
        switch (f) {
            case jq::Flow::go:
            case jq::Flow::stop:
                return {};
            case jq::Flow::error:
                s.error = s.evaluator.error_value();
                s.has_error = true;
                e.code = ErrorCode::query_error;
                return e;
            case jq::Flow::halt:
                s.halt_code = s.evaluator.halt_code();
                s.has_halt_value = s.evaluator.halt_has_value();
                s.halt_value = s.evaluator.halt_value();
                e.code = ErrorCode::query_halted;
                return e;
        }
    } catch (const jq::LimitReached& limit) {
        e.code = limit.code;
        return e;
    } catch (const std::bad_alloc&) {
        e.code = ErrorCode::query_memory_limit;
        return e;
    }
    return {};
}

std::string Evaluation::error_message() const {
    if (!s_->has_error) return {};
    const Node& v = s_->error;
    if (jq::is_string(v)) return std::string(jq::string_of(v));
    std::string text;
    jq::dump(text, v);
    return text + " (not a string)";
}

Value Evaluation::error_value() const noexcept {
    return s_->has_error ? Value(&s_->error) : Value();
}

int Evaluation::halt_code() const noexcept {
    return s_->halt_code;
}

Value Evaluation::halt_value() const noexcept {
    return s_->has_halt_value ? Value(&s_->halt_value) : Value();
}

void Evaluation::set_input_source(std::function<bool(Value&)> next) {
    s_->host.next = std::move(next);
}

void Evaluation::set_message_sink(std::function<void(std::string_view)> sink) {
    s_->host.sink = std::move(sink);
}

void Evaluation::set_input_location(std::optional<std::string> file_name, std::int64_t line) {
    s_->host.file_name = std::move(file_name);
    s_->host.line = line;
}

void append_jq_text(std::string& out, Value v, const JqTextOptions& options) {
    if (!v.exists()) return;
    jq::DumpOptions d;
    d.indent = options.indent;
    d.tab = options.tab;
    d.sort_keys = options.sort_keys;
    d.ascii = options.ascii;
    jq::dump(out, *v.node(), d);
}

}  // namespace arenajson
