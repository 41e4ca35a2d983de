// query/eval.hpp — running a Program on one input. Internal.
#pragma once

#include "query/program.hpp"

#include <concepts>
#include <string>
#include <type_traits>

namespace arenajson::query::detail {

class ValueBuilder;

/// Where a step sends each of its outputs: a non-owning reference to a callable that returns
/// false to stop the run (an error has been recorded). Two words; no allocation.
class Sink {
  public:
    template <class F>
    requires(!std::same_as<std::remove_cvref_t<F>, Sink> &&
             std::is_invocable_r_v<bool, const F&, Value>) Sink(const F& f)
    noexcept  // NOLINT: implicit, so lambdas pass as sinks
        : object_(&f),
          call_([](const void* o, Value v) -> bool { return (*static_cast<const F*>(o))(v); }) {}
    bool operator()(Value v) const { return call_(object_, v); }

  private:
    const void* object_;
    bool (*call_)(const void*, Value);
};

/// Runs a Program, generator style: each step calls its sink once per output, in jq's order,
/// so outputs stream without being collected. Values a step computes live in documents on its
/// stack frame while it hands them on. The stack grows with the filter's nesting (bounded by
/// the parser), never with the input's depth. One Evaluator per run; not thread-safe.
class Evaluator {
  public:
    explicit Evaluator(const Program& program) noexcept : program_(program) {}

    /// Runs the program on `input`; false when a step failed, with error() set.
    bool run(Value input, Sink out) { return eval(program_.root, input, out); }
    /// jq's message for the failure of the last run.
    [[nodiscard]] const std::string& error() const noexcept { return error_; }

  private:
    bool eval(NodeId id, Value in, Sink k);
    bool index(const Node& n, Value t, Value key, Sink k);
    bool slice(const Node& n, Value t, Value from, Value to, Sink k);
    bool indices(Value t, Value sub, Sink k);
    bool iterate(const Node& n, Value t, Sink k);
    bool length(Value in, Sink k);
    bool keys(Value in, Sink k);
    bool has(Value in, Value key, Sink k);
    bool absolute_value(Value number, Sink k);
    bool emit_built(ValueBuilder& built, Sink k);
    bool emit_count(std::size_t n, Sink k);
    bool emit_bool(bool b, Sink k) const {
        return k(program_.constant(b ? kTrueConstant : kFalseConstant));
    }
    [[nodiscard]] Value null_value() const noexcept { return program_.constant(kNullConstant); }
    /// Records an error and stops, unless the step is optional: then it just has no output.
    bool fail(const Node& n, std::string message);
    bool fail(std::string message);

    const Program& program_;
    std::string error_;
};

}  // namespace arenajson::query::detail
