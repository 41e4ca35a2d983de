// arenajson/query.hpp — jq programs on documents: compile once, run on any Value.
//
//     auto query = arenajson::Query::compile(".items[] | select(.price > 10) | .name");
//     if (!query) { ...query.error()... }
//     arenajson::Evaluation run(*query);
//     auto status = run.run(doc.root(), [](arenajson::Value v) {
//         std::puts(arenajson::to_string(v).c_str());
//         return true;  // false stops the run
//     });
//     if (!status) std::fprintf(stderr, "%s\n", run.error_message().c_str());
//
// The language is jq 1.8's as its manual documents it, modules excepted (`import`, `include`
// and `module` fail to compile with a message saying so). The README lists the deliberate
// differences from jq.
#pragma once

#include "arenajson/error.hpp"
#include "arenajson/path.hpp"
#include "arenajson/value.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arenajson {

/// How a program is compiled.
struct QueryOptions {
    /// Variables the program may read as `$name`, with their values. The values are copied
    /// into the compiled query, so their documents need not outlive compile().
    std::vector<std::pair<std::string, Value>> variables;
    /// The program's name in `$__loc__` (jq's is "<top-level>").
    std::string file_name = "<top-level>";
};

struct QueryStreaming;

/// A compiled jq program: immutable, cheap to move, and safe to share between threads (each
/// thread runs it with its own Evaluation).
class Query {
  public:
    /// Compiles `program`. Errors: query_syntax, with the line and column of the fault in the
    /// program's text (offset too); when `message` is given it receives jq's description
    /// ("syntax error: ...", "foo/1 is not defined"). O(program length); allocates the tree.
    static Result<Query> compile(std::string_view program, const QueryOptions& options = {},
                                 std::string* message = nullptr);

    ///@{
    /// Moving hands over the compiled program. O(1).
    Query(Query&&) noexcept;
    Query& operator=(Query&&) noexcept;
    ///@}
    /// Releases the program (runs that hold it keep it alive).
    ~Query();

    /// When the program is a plain path (`.`, `.a.b`, `.["k"][3]`: keys and non-negative
    /// indices only), its steps, so the value can be found on a stream with find_path(); else
    /// nullptr. O(1).
    [[nodiscard]] const std::vector<PathStep>* path() const noexcept;
    /// When the program starts by iterating what a plain path reaches (`.[] | f`,
    /// `.items[] | select(...)`, `.a.b[]`, `.a[].b`, alone or inside `first(...)` or
    /// `limit(N; ...)` with a literal N) and reads no inputs: how to run it element by
    /// element on a stream (for_each_element), with the same results. Else nullptr. O(1).
    [[nodiscard]] const QueryStreaming* streaming() const noexcept;
    /// Whether the program calls `input` or `inputs` (directly or through a definition): its
    /// results then depend on the order inputs are read in. O(1).
    [[nodiscard]] bool reads_inputs() const noexcept;

    /// \cond INTERNAL
    struct Impl;
    [[nodiscard]] const std::shared_ptr<const Impl>& impl() const noexcept { return impl_; }
    /// \endcond

  private:
    explicit Query(std::shared_ptr<const Impl> impl) noexcept;
    std::shared_ptr<const Impl> impl_;
};

/// A program split for streaming (Query::streaming()): running `each` on every element of the
/// array or object at `path`, in order, and stopping after `limit` results (0: no limit),
/// gives the program's results. When the value at the path is not an array or object, the
/// program fails as `.[]` does on that value (null where the path leads nowhere).
struct QueryStreaming {
    /// The path to the container whose elements are iterated.
    std::vector<PathStep> path;
    /// What runs on each element (shares the program: as cheap to keep as the Query).
    Query each;
    /// The most results the program gives (first: 1, limit(N; ...): N), 0 for all.
    std::uint64_t limit = 0;
};

/// Limits of one Evaluation.
struct EvaluationOptions {
    /// The most bytes the values a run creates may take (ErrorCode::query_memory_limit).
    std::size_t max_memory = std::size_t{4} << 30;
    /// C++ stack kept free below a run's deepest recursion; reaching it stops the run with
    /// ErrorCode::query_depth_limit instead of overflowing the stack.
    std::size_t stack_reserve = std::size_t{256} << 10;
    /// The most evaluation steps (filter evaluations and generated values) one run may take,
    /// 0 for no limit; beyond it the run stops with ErrorCode::query_step_limit. For running
    /// programs from untrusted sources (`until(false; .)` never ends otherwise).
    std::uint64_t max_steps = 0;
};

/// Runs a Query on inputs, one run at a time. Values a run creates live in the
/// evaluation's arena, dropped in one go when the next run starts (or the Evaluation is
/// destroyed): no allocation per value. Not thread-safe; use one per thread.
class Evaluation {
  public:
    /// Prepares to run `query` (which it keeps alive). Allocates the evaluation's state.
    explicit Evaluation(const Query& query, EvaluationOptions options = {});
    ///@{
    /// Moving hands over the state and the values of the last run. O(1).
    Evaluation(Evaluation&&) noexcept;
    Evaluation& operator=(Evaluation&&) noexcept;
    ///@}
    /// Frees the arena: values from the last run end here.
    ~Evaluation();

    /// Runs the program on `input`, calling `on_output` with each result in order; a false
    /// return stops the run (successfully). Results stay valid until the next run.
    /// Errors: query_error (a jq error: error_message() and error_value() tell it),
    /// query_memory_limit, query_depth_limit (the recursion reached the stack reserve),
    /// query_step_limit, query_halted (halt or halt_error: halt_code(), halt_value()). The
    /// input is not copied.
    Status run(Value input, const std::function<bool(Value)>& on_output);

    /// After query_error: jq's message (the error value when it is a string, else
    /// "VALUE (not a string)"). Allocates.
    [[nodiscard]] std::string error_message() const;
    /// After query_error: the error value (what `try ... catch .` would see); valid until the
    /// next run. Missing when there is none.
    [[nodiscard]] Value error_value() const noexcept;
    /// After query_halted: the exit status asked for (0 for halt, 5 for halt_error).
    [[nodiscard]] int halt_code() const noexcept;
    /// After query_halted by halt_error: the value to print on stderr; missing after halt.
    [[nodiscard]] Value halt_value() const noexcept;

    /// Where `input` and `inputs` read from: a callback that stores the next input and returns
    /// true, or returns false when there is none. The values must stay valid for the run.
    void set_input_source(std::function<bool(Value&)> next);
    /// Where `debug` and `stderr` write (default: stderr).
    void set_message_sink(std::function<void(std::string_view)> sink);
    /// What `input_filename` and `input_line_number` report for the current input.
    void set_input_location(std::optional<std::string> file_name, std::int64_t line = 0);

    /// \cond INTERNAL
    struct State;
    /// \endcond

  private:
    std::unique_ptr<State> s_;
};

/// How append_jq_text() lays values out.
struct JqTextOptions {
    /// Spaces per level; 0 for one line (jq -c).
    int indent = 2;
    /// A tab per level instead of spaces (jq --tab).
    bool tab = false;
    /// Object keys in sorted order (jq -S).
    bool sort_keys = false;
    /// Every non-ASCII character as \uXXXX (jq -a).
    bool ascii = false;
};

/// Appends the JSON text of `v` as jq prints it: integers exact, doubles in 17 significant
/// digits at most (1e1000 as 1.7976931348623157e+308, NaN as null), numbers kept as text
/// unchanged, DEL escaped. Nothing for a missing value. O(size), no recursion.
void append_jq_text(std::string& out, Value v, const JqTextOptions& options = {});

}  // namespace arenajson
