// query/eval.hpp — running a compiled program. Internal.
//
// The evaluator is generator-style: eval(e, env, input, k) calls k once per output of `e`, in
// jq's order, and returns how the run goes on (Flow). Backtracking is returning from k; an
// error is Flow::error with the error's value in the evaluator; `label`/`break`, `limit` and
// `first` stop a generator early with Flow::stop aimed at the construct that asked. No value
// is allocated on the C++ heap per output: created values go to the evaluation's arena.
//
// C++ recursion follows the program's nesting and its jq-level recursion, never the depth of
// the data: builtins that walk data (.., paths, walk, tostream, flatten, comparison, output)
// are iterative. The recursion is bounded by a check of the remaining C++ stack, so a runaway
// recursion (`def f: f; f`) stops with query_depth_limit instead of overflowing the stack.
#pragma once

#include "ast.hpp"
#include "value.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace arenajson::jq {

/// How a generator goes on after handing out a value.
enum class Flow : std::uint8_t {
    go,     // continue
    stop,   // stop: a `label`/`limit`/`first` (stop_target) has what it needs
    error,  // a jq error, catchable by try; its value is Evaluator::error_value()
    halt,   // halt/halt_error: the program ends
};

/// A non-owning reference to a callable: two words, no allocation.
template <class Sig>
class FnRef;
template <class R, class... A>
class FnRef<R(A...)> {
  public:
    template <class F>
    requires(!std::is_same_v<std::remove_cvref_t<F>, FnRef>) FnRef(F&& f)
    noexcept  // NOLINT
        : object_(const_cast<void*>(static_cast<const void*>(std::addressof(f)))),
          call_([](void* o, A... a) -> R {
              return (*static_cast<std::remove_reference_t<F>*>(o))(std::forward<A>(a)...);
          }) {}
    R operator()(A... a) const { return call_(object_, std::forward<A>(a)...); }

  private:
    void* object_;
    R (*call_)(void*, A...);
};

using Sink = FnRef<Flow(Node)>;
/// Path mode: the value and whether path_ holds its path (false: not a path expression).
using PathSink = FnRef<Flow(Node, bool)>;

/// `n` default-initialised elements of T: inside the object (on the C++ stack) when n <= N,
/// on the heap otherwise. Allocates only past N.
template <class T, std::size_t N>
class SmallArray {
  public:
    explicit SmallArray(std::size_t n) {
        if (n > N) {
            big_.resize(n);
            data_ = big_.data();
        }
    }
    SmallArray(const SmallArray&) = delete;
    SmallArray& operator=(const SmallArray&) = delete;
    T* data() noexcept { return data_; }

  private:
    T small_[N];
    std::vector<T> big_;
    T* data_ = small_;
};

/// One frame of the environment: a variable's value, a label's id, a filter parameter (its
/// argument and the caller's environment), or a local definition. Frames live on the C++
/// stack of the construct that binds them, for as long as its continuation runs.
struct Env {
    const Env* parent = nullptr;
    Node value{};
    const Expr* body = nullptr;
    const Env* closure = nullptr;
    const FuncDef* def = nullptr;
};

/// The frame `hops` levels above `env` (a variable's or label's frame, as the compiler counted
/// it). O(hops).
inline const Env* up(const Env* env, int hops) noexcept {
    for (int i = 0; i < hops; ++i)
        env = env->parent;
    return env;
}

/// What the evaluation needs from its host: further inputs, somewhere to write messages.
class Host {
  public:
    virtual ~Host() = default;
    /// The next input for `input`/`inputs`; false when there is none.
    virtual bool next_input(Node& out) = 0;
    /// Text for stderr (debug, stderr builtins).
    virtual void message(std::string_view text) = 0;
    /// The current input's file name, or null.
    virtual Node input_filename() = 0;
    /// The current input's line number.
    virtual std::int64_t input_line_number() = 0;
};

class Transient;

class Evaluator {
  public:
    Evaluator(const Program& program, Heap& heap, Host& host, const std::vector<Node>& globals);

    /// Runs `entry` (the program's main expression, or a part of it that needs no
    /// environment) on `input`.
    Flow run(const Expr* entry, Node input, Sink k);
    /// The error value after Flow::error.
    [[nodiscard]] Node error_value() const noexcept { return error_; }
    /// The exit code and value after Flow::halt (halt: 0 and no value).
    [[nodiscard]] int halt_code() const noexcept { return halt_code_; }
    [[nodiscard]] bool halt_has_value() const noexcept { return halt_has_value_; }
    [[nodiscard]] Node halt_value() const noexcept { return halt_value_; }
    /// The lowest address the C++ stack may reach.
    void set_stack_limit(std::uintptr_t limit) noexcept { stack_limit_ = limit; }
    /// The most steps a run may take (0: no limit).
    void set_step_limit(std::uint64_t steps) noexcept {
        step_limit_ = steps == 0 ? ~std::uint64_t{0} : steps;
    }
    /// Counts one step; past the limit the run stops (LimitReached).
    void step() {
        if (++steps_ > step_limit_) throw LimitReached{ErrorCode::query_step_limit};
    }

    // --- used by the builtins
    Flow eval(const Expr* e, const Env* env, Node in, Sink k);
    Flow eval_path(const Expr* e, const Env* env, Node in, PathSink k);
    Flow raise(std::string_view message);
    Flow raise_value(Node value) {
        error_ = value;
        return Flow::error;
    }
    Heap& heap() noexcept { return heap_; }
    Host& host() noexcept { return host_; }
    const Program& program() const noexcept { return program_; }
    std::uint64_t new_id() noexcept { return ++next_id_; }
    std::uint64_t stop_target = 0;

    /// Evaluates e and collects its outputs into `out` (a local vector). Flow::go on success.
    Flow collect(const Expr* e, const Env* env, Node in, std::vector<Node>& out);
    /// The first output of e, if any (found = false otherwise).
    Flow first_output(const Expr* e, const Env* env, Node in, Node& out, bool& found);
    /// Evaluates the arguments of a native call as values, every combination: with
    /// `first_outer`, the first argument varies slowest (jq-defined builtins with `$`
    /// parameters); otherwise the last does (jq's C builtins).
    Flow with_args(const Expr* call, const Env* env, Node in, bool first_outer,
                   FnRef<Flow(const Node*)> body);

    /// Array of the nodes, in the arena.
    Node make_array(const std::vector<Node>& items) {
        return heap_.array(items.data(), items.size());
    }
    /// The current path (path mode) from `base`, as an array.
    Node path_array(std::size_t base);

    // Paths and assignment (paths.cpp).
    Flow getpath(Node root, Node path, Node& out);
    Flow setpath(Node root, Node path, Node value, Node& out);
    Flow delpaths(Node root, Node paths, Node& out);
    Flow assignment(const Expr* e, const Env* env, Node in, Sink k);
    Flow reduce_fast(const Expr* e, const Env* env, Node in, Sink k, bool& handled);

    // Values (arith.cpp).
    Flow binop(BinOp op, Node a, Node b, Node& out);
    Flow index_value(Node t, Node key, bool optional, Node& out, bool& produced);
    Flow tostring(Node v, Node& out);
    std::string to_text(Node v);  // tostring's text

    // Natives (builtins*.cpp).
    Flow call_native(const Expr* e, const Env* env, Node in, Sink k);
    Flow native_path(const Expr* e, const Env* env, Node in, PathSink k, bool& handled);
    Flow format(std::string_view name, Node v, Node& out);

    std::vector<Node> path_;      // path mode: the path of the current value
    std::vector<Node> scratch_;   // collect: outputs gathered so far (LIFO)
    bool invalid_input_ = false;  // path mode: the input carries no path (after a non-path)

  private:
    Flow eval_expr(const Expr* e, const Env* env, Node in, Sink k);
    Flow eval_path_expr(const Expr* e, const Env* env, Node in, PathSink k);
    Flow call(const Expr* e, const Env* env, Node in, Sink k);
    Flow call_path(const Expr* e, const Env* env, Node in, PathSink k);
    Flow call_def(const FuncDef* def, const Env* base, const Expr* call, const Env* caller, Node in,
                  FnRef<Flow(const Env*)> body);
    Flow with_binding(const Binding* b, Node value, const Env* env, bool& downstream,
                      FnRef<Flow(const Env*)> body);
    Flow bind(const Pattern* p, Node v, Env* frames, const Env* env, FnRef<Flow()> k);
    // `E as $p | body` for values and paths: binds each output of e->a and runs body under
    // it. body sets `downstream` (through note_downstream) when an error came from beyond e,
    // which a destructuring alternative (?//) must not catch.
    Flow bind_each(const Expr* e, const Env* env, Node in,
                   FnRef<Flow(const Env*, bool& downstream)> body);
    static Flow note_downstream(Flow g, bool& downstream) noexcept {
        if (g == Flow::error) downstream = true;
        return g;
    }
    // `label $name | body` for values and paths: body runs with a fresh label id in its frame;
    // a break to that label ends it normally.
    Flow with_label(const Env* env, FnRef<Flow(const Env*)> body);
    Flow object(const Expr* e, const Env* env, Node in, Sink k);
    Flow reduce(const Expr* e, const Env* env, Node in, Sink k);
    Flow foreach (const Expr* e, const Env* env, Node in, Sink k);
    Flow string_interp(const Expr* e, const Env* env, Node in, Sink k);
    Flow iterate(const Expr* e, Node t, Sink k);
    Flow recurse_all(Node in, Sink k);
    void check_stack() const;

    const Program& program_;
    Heap& heap_;
    Host& host_;
    const std::vector<Node>& globals_;
    Node error_{};
    int halt_code_ = 0;
    bool halt_has_value_ = false;
    Node halt_value_{};
    std::uint64_t next_id_ = 0;
    std::uintptr_t stack_limit_ = 0;
    std::uint64_t steps_ = 0;
    std::uint64_t step_limit_ = ~std::uint64_t{0};

    friend class Natives;
    friend Flow halt_with(Evaluator& ev, int code, bool has_value, Node value);
};

/// Visits every value below `root` (not root itself) in depth-first pre-order without
/// recursion; `path` holds each one's path (indices, keys) below root while visit runs. A flow
/// other than go from visit ends the walk and is returned, `path` left as it was. O(size).
Flow each_descendant(Heap& heap, Node root, std::vector<Node>& path, FnRef<Flow(Node)> visit);

/// Ends the run with halt/halt_error.
Flow halt_with(Evaluator& ev, int code, bool has_value, Node value);

/// Parses JSON text into a value in the evaluation's arena. False with `message` on error.
bool parse_json(Heap& heap, std::string_view text, Node& out, std::string& message);

}  // namespace arenajson::jq
