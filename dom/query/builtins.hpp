// query/builtins.hpp — the helpers behind the native builtins. Internal.
#pragma once

#include "eval.hpp"

#include <string>
#include <vector>

namespace arenajson::jq {

/// A sort key: the outputs of f for element `index`, a run of `count` values from `begin`.
struct Keyed {
    std::size_t begin, count, index;
};

/// The native builtins' implementations, over one evaluator.
class Natives {
  public:
    explicit Natives(Evaluator& e) : ev(e), stack_limit(e.stack_limit_) {}

    Flow dispatch(const Expr* e, const Env* env, Node in, Sink k);
    Flow dispatch_path(const Expr* e, const Env* env, Node in, PathSink k, bool& handled);

    // builtins.cpp
    Flow length(Node in, Sink k);
    Flow keys(Node in, Sink k, bool sorted);
    bool contains(Node a, Node b);
    Flow add_all(const std::vector<Node>& items, Sink k);
    Flow paths(Node in, const Expr* f, const Env* env, Sink k);
    Flow to_entries(Node in, Sink k);
    Flow from_entries(Node in, Sink k);
    Flow walk(const Expr* f, const Env* env, Node in, Sink k);
    Flow flatten(Node in, std::int64_t depth, Sink k);
    Flow tostream(Node in, Sink k);
    Flow fromstream(const Expr* f, const Env* env, Node in, Sink k);
    Flow combinations(Node in, Sink k);
    Flow recurse(const Expr* f, const Expr* cond, const Env* env, Node in, Sink k);
    Flow recurse_path(const Expr* f, const Env* env, Node in, PathSink k);
    Flow limit(const Expr* n, const Expr* f, const Env* env, Node in, bool path_mode, PathSink pk,
               Sink k);
    Flow nth(const Expr* n, const Expr* f, const Env* env, Node in, bool skip, bool path_mode,
             PathSink pk, Sink k);
    Flow last(const Expr* f, const Env* env, Node in, Sink k);
    Flow range(const Node* args, std::size_t n, Sink k);
    Flow loop(const Expr* cond, const Expr* update, const Env* env, Node in, Sink k, bool is_until);
    Flow any_all(const Expr* gen, const Expr* cond, const Env* env, Node in, Sink k, bool is_any);
    Flow sorted_by(const Expr* e, const Env* env, Node in, Sink k);
    Flow grouped(const Expr* e, const Env* env, Node in, Sink k, bool unique);
    Flow extreme_by(const Expr* f, const Env* env, Node in, Sink k, bool want_max);
    Flow keyed(const Expr* f, const Env* env, Node in, std::vector<Keyed>& order,
               std::vector<Node>& keys);

    // text.cpp
    Flow text(int id, const Expr* e, const Env* env, Node in, Sink k, bool& handled);
    // regex.cpp
    Flow regex(int id, const Expr* e, const Env* env, Node in, Sink k, bool& handled);
    // dates.cpp
    Flow dates(int id, const Expr* e, const Env* env, Node in, Sink k, bool& handled);
    // numbers.cpp
    Flow numbers(int id, const Expr* e, const Env* env, Node in, Sink k, bool& handled);
    Flow math(const Expr* e, const Env* env, Node in, Sink k);

    Node string(std::string_view s);
    void ev_check_stack();

    Evaluator& ev;
    std::uintptr_t stack_limit;
};

}  // namespace arenajson::jq
