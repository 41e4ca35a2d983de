// query/program.hpp — a compiled filter: its steps as a tree of nodes in one vector. Internal.
#pragma once

#include "arenajson/document.hpp"
#include "arenajson/value.hpp"

#include <cstdint>
#include <vector>

namespace arenajson::query::detail {

/// What a node does with its input. Children are `a`, `b`, `c` as noted.
enum class Op : std::uint8_t {
    identity,  // .
    literal,   // a constant (Node::constant)
    index,     // a[b]: b is evaluated on the input first (outer loop), then a
    slice,     // a[b:c]: b outer, c, then a; an absent bound is the null literal
    iterate,   // a[]
    try_,      // a? on a whole term: errors raised inside a end a's outputs silently
    pipe,      // a | b
    comma,     // a, b
    compare,   // a OP b (Node::cmp): b is the outer loop, as in jq
    and_,      // a and b
    or_,       // a or b
    not_,
    length,
    keys,
    type,
    empty,
    select,   // select(a)
    has,      // has(a)
    collect,  // [a]
};

enum class Cmp : std::uint8_t { eq, ne, lt, le, gt, ge };

using NodeId = std::uint32_t;
inline constexpr NodeId kNoNode = 0xFFFFFFFFu;

struct Node {
    Op op = Op::identity;
    Cmp cmp = Cmp::eq;
    /// index, slice, iterate: an error of this step gives no output instead (`.a?`, `.[]?`).
    bool optional = false;
    /// literal: the position of its value in Program::constants.
    std::uint32_t constant = 0;
    NodeId a = kNoNode;
    NodeId b = kNoNode;
    NodeId c = kNoNode;
};

/// Positions of the constants every program holds, in Program::constants.
inline constexpr std::uint32_t kNullConstant = 0;
inline constexpr std::uint32_t kFalseConstant = 1;
inline constexpr std::uint32_t kTrueConstant = 2;
/// The type names "null" ... "object", in the order of arenajson::Type.
inline constexpr std::uint32_t kTypeNameConstants = 3;
/// The JSON text of the constants above, the start of every program's constant array.
inline constexpr char kFixedConstants[] =
    R"(null,false,true,"null","boolean","number","string","array","object")";

/// The compiled filter. Immutable once built; nodes refer to children by position, children
/// before parents, so no part of it is destroyed recursively.
struct Program {
    std::vector<Node> nodes;
    NodeId root = kNoNode;
    /// One array holding every literal of the filter, after the fixed constants.
    Document constants;

    [[nodiscard]] Value constant(std::uint32_t i) const noexcept { return constants.root()[i]; }
    [[nodiscard]] const Node& node(NodeId id) const noexcept { return nodes[id]; }
};

}  // namespace arenajson::query::detail
