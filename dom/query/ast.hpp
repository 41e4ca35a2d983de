// query/ast.hpp — a jq program after parsing and name resolution. Internal.
//
// The program is a tree of Expr nodes owned by the Program (in vectors of unique_ptr, so no
// node is destroyed recursively). Parsing fills the syntax; compile.cpp resolves every name
// to what it refers to: a variable or filter parameter a known number of environment frames
// up, a global variable, a function definition, or a native builtin.
#pragma once

#include "arenajson/arena.hpp"
#include "value.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace arenajson::jq {

enum class Op : std::uint8_t {
    identity,      // .
    recurse,       // ..
    literal,       // value
    field,         // a.key            (a: subject; key; optional)
    index,         // a[b]             (optional)
    slice,         // a[b:c]           (b or c null: absent; optional)
    iterate,       // a[]              (optional)
    pipe,          // a | b
    comma,         // a, b
    neg,           // -a
    binary,        // a BIN b
    and_,          // a and b
    or_,           // a or b
    alternative,   // a // b
    assign,        // a = b
    update,        // a |= b
    arith_update,  // a BIN= b
    alt_update,    // a //= b
    if_,           // if a then b else c end (c null: identity)
    try_,          // try a catch b (b null: no handler)
    reduce,        // reduce a as BINDING (b; c)
    foreach,       // foreach a as BINDING (b; c; d) (d null: identity)
    def,           // def DEF; a
    call,          // name(list...), resolved
    as,            // a as BINDING | b
    label,         // label $name | a
    break_,        // break $name
    var,           // $name, resolved
    collect,       // [a] (a null: [])
    object,        // {list[0]: list[1], ...}
    format,        // @name applied to .
    string,        // interpolation: list of parts (literal strings and expressions), @name
};

enum class BinOp : std::uint8_t { add, sub, mul, div, mod, eq, ne, lt, le, gt, ge };

/// What a name refers to, after resolution.
enum class Target : std::uint8_t {
    none,
    local,       // a frame `hops` up: a variable, a label, a filter parameter or a local def
    global,      // a global variable: slot
    static_def,  // a top-level definition: def (its environment starts empty)
    native,      // a native builtin: native
};

struct Expr;
struct FuncDef;

/// A destructuring pattern: `$x`, `[p, ...]`, `{key: p, $x, ...}`.
struct Pattern {
    enum class Kind : std::uint8_t { variable, array, object };
    struct Entry {
        Expr* key = nullptr;       // the key: a literal string or an expression
        int slot = -1;             // `$name` and `$name: p` bind the member itself here
        Pattern* value = nullptr;  // the member's pattern, if any
    };
    Kind kind = Kind::variable;
    int slot = -1;  // variable
    std::vector<Pattern*> items;
    std::vector<Entry> entries;
};

/// The patterns of `as`, `reduce` and `foreach` (several with `?//`) and the variables they
/// bind, one environment frame each, in this order.
struct Binding {
    std::vector<Pattern*> alternatives;
    std::vector<std::string> names;
};

struct FuncDef {
    std::string name;
    std::vector<std::string> params;
    std::vector<bool> value_params;  // `$name` parameters
    Expr* body = nullptr;
    bool is_static = false;  // top level: called with an empty environment
};

struct Expr {
    Op op = Op::identity;
    BinOp bin = BinOp::add;
    bool optional = false;
    Target target = Target::none;
    Expr* a = nullptr;
    Expr* b = nullptr;
    Expr* c = nullptr;
    Expr* d = nullptr;
    std::vector<Expr*> list;
    std::string name;
    Node value{};                    // literal
    const KeyRecord* key = nullptr;  // field
    Binding* binding = nullptr;      // as, reduce, foreach
    FuncDef* def = nullptr;          // def; call of a definition
    int hops = 0;                    // local targets
    int slot = 0;                    // global targets
    int native = -1;                 // native targets
    std::uint32_t line = 0, column = 0;
};

/// A compiled program: the tree, its constants and the global variables it reads.
struct Program {
    Arena constants;  // literal strings and key records; lives as long as the program
    std::vector<std::unique_ptr<Expr>> exprs;
    std::vector<std::unique_ptr<FuncDef>> defs;
    std::vector<std::unique_ptr<Pattern>> patterns;
    std::vector<std::unique_ptr<Binding>> bindings;
    Expr* main = nullptr;
    std::vector<std::string> globals;  // slot -> name ("ENV", "__prog_name", named args...)
    std::vector<Node> global_values;   // values given at compile time (in `constants`)
    std::string file_name = "<top-level>";

    Expr* make(Op op) {
        exprs.push_back(std::make_unique<Expr>());
        exprs.back()->op = op;
        return exprs.back().get();
    }
};

/// The native builtins: name, arity, id.
struct NativeInfo {
    const char* name;
    int arity;
};
/// The table of natives (index = id).
[[nodiscard]] const std::vector<NativeInfo>& natives();
/// The id of a native by name and arity, or -1.
[[nodiscard]] int find_native(std::string_view name, int arity);
/// The jq source of the builtins written in jq.
[[nodiscard]] std::string_view prelude_source();

}  // namespace arenajson::jq
