// query/query.hpp — the jq filter language of `arenajson query`: a subset of jq 1.6.
//
//     auto compiled = arenajson::query::Filter::compile(".items[] | select(.price > 10) | .name");
//     if (auto* message = std::get_if<std::string>(&compiled)) { report(*message); return 1; }
//     const auto& filter = std::get<arenajson::query::Filter>(compiled);
//     std::string error = filter.run(doc.root(), [](arenajson::Value v) { print(v); });
//
// The subset: `.`, `.key`, `."key"`, `.[f]` (string, index, slice object, subarray), `.[M:N]`,
// `.[]`, the optional forms `.key?` `.[...]?` and `f?`, `|`, `,`, parentheses, `==` `!=` `<`
// `<=` `>` `>=` (jq's total order), `and`, `or`, `not`, `select(f)`, `map(f)`, `has(f)`,
// `length`, `keys`, `type`, `empty`, literals (numbers, strings, true, false, null), and `[f]`.
// Everything else jq has is refused at compile time as "unsupported", never run differently.
//
// Deliberate differences from jq 1.6: `f?` suppresses errors of f only, not errors raised later
// in the pipeline (jq 1.6 swallows those too; jq 1.7 fixed it); objects with duplicate keys
// follow arenajson's lookup (the first member wins, where jq keeps the last); numbers keep their
// exact value as the input's do: literals are not rounded to doubles, integers and doubles
// compare exactly beyond 2^53, and two numbers kept as text compare exactly (a kept text
// against any other number compares as doubles, as jq compares all numbers).
#pragma once

#include "arenajson/value.hpp"

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

namespace arenajson::query {

namespace detail {
struct Program;
}

/// A compiled filter. Copies share the compiled program (O(1)); running is const, so one filter
/// may run on many inputs, from many threads at once.
class Filter {
  public:
    /// The identity filter `.` (what jq runs for an empty filter text).
    Filter();

    /// Compiles a filter. On failure returns a message that names the problem and its 1-based
    /// column (with the line too when the text has several), e.g. "syntax error: expected ']'
    /// (column 5)" or "unsupported: 'reduce' is not in arenajson's jq subset (column 1)".
    /// O(text); the parser nests at most 256 levels (parentheses, brackets, arguments).
    static std::variant<Filter, std::string> compile(std::string_view text);

    /// Runs the filter on one input, calling emit() once per output in jq's order; the Value
    /// passed to emit() is valid only during that call. Returns "" on success or jq 1.6's error
    /// message (e.g. "Cannot index number with string \"foo\"", "Cannot iterate over null
    /// (null)"); outputs emitted before an error stand. Values the filter computes (lengths, keys,
    /// slices, `[f]`) are built in per-thread arenas that are reused once emit() returns.
    /// Never recurses on the depth of the input. A missing input is an error.
    std::string run(Value input, const std::function<void(Value)>& emit) const;

  private:
    explicit Filter(std::shared_ptr<const detail::Program> program) noexcept;

    std::shared_ptr<const detail::Program> program_;
};

}  // namespace arenajson::query
