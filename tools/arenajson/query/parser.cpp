#include "query/parser.hpp"

#include "query/lexer.hpp"
#include "query/numbers.hpp"
#include "query/text.hpp"

#include <algorithm>
#include <optional>
#include <vector>

namespace arenajson::query::detail {

namespace {

// jq 1.6's builtins (`jq -n 'builtins'`): a name here is refused as outside the subset, any
// other as unknown, so that a typo is not reported as a missing feature.
constexpr std::string_view kJqBuiltins =
    " IN/1 IN/2 INDEX/1 INDEX/2 JOIN/2 JOIN/3 JOIN/4 acos/0 acosh/0 add/0 all/0 all/1 all/2 "
    "any/0 any/1 any/2 arrays/0 ascii_downcase/0 ascii_upcase/0 asin/0 asinh/0 atan/0 atan2/2 "
    "atanh/0 booleans/0 bsearch/1 builtins/0 capture/1 capture/2 cbrt/0 ceil/0 combinations/0 "
    "combinations/1 contains/1 copysign/2 cos/0 cosh/0 debug/0 del/1 delpaths/1 drem/2 empty/0 "
    "endswith/1 env/0 erf/0 erfc/0 error/0 error/1 exp/0 exp10/0 exp2/0 explode/0 expm1/0 "
    "fabs/0 fdim/2 finites/0 first/0 first/1 flatten/0 flatten/1 floor/0 fma/3 fmax/2 fmin/2 "
    "fmod/2 format/1 frexp/0 from_entries/0 fromdate/0 fromdateiso8601/0 fromjson/0 "
    "fromstream/1 gamma/0 get_jq_origin/0 get_prog_origin/0 get_search_list/0 getpath/1 "
    "gmtime/0 group_by/1 gsub/2 gsub/3 halt/0 halt_error/0 halt_error/1 has/1 hypot/2 "
    "implode/0 in/1 index/1 indices/1 infinite/0 input/0 input_filename/0 input_line_number/0 "
    "inputs/0 inside/1 isempty/1 isfinite/0 isinfinite/0 isnan/0 isnormal/0 iterables/0 j0/0 "
    "j1/0 jn/2 join/1 keys/0 keys_unsorted/0 last/0 last/1 ldexp/2 leaf_paths/0 length/0 "
    "lgamma/0 lgamma_r/0 limit/2 localtime/0 log/0 log10/0 log1p/0 log2/0 logb/0 ltrimstr/1 "
    "map/1 map_values/1 match/1 match/2 max/0 max_by/1 min/0 min_by/1 mktime/0 modf/0 "
    "modulemeta/0 nan/0 nearbyint/0 nextafter/2 nexttoward/2 normals/0 not/0 now/0 nth/1 nth/2 "
    "nulls/0 numbers/0 objects/0 path/1 paths/0 paths/1 pow/2 pow10/0 range/1 range/2 range/3 "
    "recurse/0 recurse/1 recurse/2 recurse_down/0 remainder/2 repeat/1 reverse/0 rindex/1 "
    "rint/0 round/0 rtrimstr/1 scalars/0 scalars_or_empty/0 scalb/2 scalbln/2 scan/1 select/1 "
    "setpath/2 significand/0 sin/0 sinh/0 sort/0 sort_by/1 split/1 split/2 splits/1 splits/2 "
    "sqrt/0 startswith/1 stderr/0 strflocaltime/1 strftime/1 strings/0 strptime/1 sub/2 sub/3 "
    "tan/0 tanh/0 test/1 test/2 tgamma/0 to_entries/0 todate/0 todateiso8601/0 tojson/0 "
    "tonumber/0 tostream/0 tostring/0 transpose/0 trunc/0 truncate_stream/1 type/0 unique/0 "
    "unique_by/1 until/2 utf8bytelength/0 values/0 walk/1 while/2 with_entries/1 y0/0 y1/0 "
    "yn/2 ";

bool is_jq_builtin(const std::string& signature) {
    return kJqBuiltins.find(" " + signature + " ") != std::string_view::npos;
}

// The functions of the subset, by name; arity is checked when the call is built.
bool is_subset_function(std::string_view name) {
    for (const std::string_view f :
         {"not", "length", "keys", "type", "empty", "select", "has", "map"}) {
        if (name == f) return true;
    }
    return false;
}

// "(column C)", or "(line L, column C)" when the filter has several lines; C counts characters.
std::string position(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    const std::size_t newline = offset == 0 ? std::string_view::npos : text.rfind('\n', offset - 1);
    const std::size_t line_start = newline == std::string_view::npos ? 0 : newline + 1;
    const std::string column =
        std::to_string(1 + codepoint_count(text.substr(line_start, offset - line_start)));
    const std::size_t last = text.find_last_not_of(" \t\r\n");
    const bool several_lines =
        last != std::string_view::npos && text.substr(0, last).find('\n') != std::string_view::npos;
    if (!several_lines) return "(column " + column + ")";
    const auto line =
        1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n');
    return "(line " + std::to_string(line) + ", column " + column + ")";
}

std::string describe_operator(std::string_view op) {
    const std::string quoted = "'" + std::string(op) + "'";
    if (op == "//") return "the alternative operator " + quoted;
    if (op == "?//") return "the destructuring alternative " + quoted;
    if (op.size() == 1 && op != "=") return "arithmetic " + quoted;
    return "assignment " + quoted;
}

std::optional<Cmp> comparison_of(Tok kind) {
    switch (kind) {
        case Tok::eq:
            return Cmp::eq;
        case Tok::ne:
            return Cmp::ne;
        case Tok::lt:
            return Cmp::lt;
        case Tok::le:
            return Cmp::le;
        case Tok::gt:
            return Cmp::gt;
        case Tok::ge:
            return Cmp::ge;
        default:
            return std::nullopt;
    }
}

Node make(Op op, NodeId a = kNoNode, NodeId b = kNoNode, NodeId c = kNoNode) {
    Node n;
    n.op = op;
    n.a = a;
    n.b = b;
    n.c = c;
    return n;
}

// Recursive descent over jq's grammar, lowest precedence first: `|`, `,`, `or`, `and`,
// comparisons, then postfix terms. Only parentheses, brackets and arguments recurse, and
// parse_pipe counts them. The first error stops everything: each step returns kNoNode after it.
class Parser {
  public:
    explicit Parser(std::string_view text) : text_(text), lexer_(text) {
        constants_ = kFixedConstants;
    }

    std::variant<std::shared_ptr<const Program>, std::string> compile() {
        advance();
        NodeId root = kNoNode;
        if (tok_.kind == Tok::end) {
            root = add(make(Op::identity), 0);
        } else {
            root = parse_pipe();
            if (root != kNoNode && tok_.kind != Tok::end) unexpected();
        }
        if (!error_.empty()) return error_;
        auto program = std::make_shared<Program>();
        // Literals are parsed as input is, so that `.x == 0.30000000000000004` compares like
        // with like.
        Result<Document> constants = parse("[" + constants_ + "]");
        if (!constants) return "internal error: filter constants: " + constants.error().to_string();
        program->constants = std::move(*constants);
        program->nodes = std::move(nodes_);
        program->root = root;
        return std::shared_ptr<const Program>(std::move(program));
    }

  private:
    void advance() { tok_ = lexer_.next(); }

    NodeId fail(std::size_t offset, const std::string& message) {
        if (error_.empty()) error_ = message + " " + position(text_, offset);
        return kNoNode;
    }
    NodeId syntax_error(std::size_t offset, const std::string& what) {
        return fail(offset, "syntax error: " + what);
    }
    NodeId unsupported(std::size_t offset, const std::string& what) {
        return fail(offset, "unsupported: " + what + " is not in arenajson's jq subset");
    }
    NodeId unexpected() {
        if (tok_.kind == Tok::error) return fail(tok_.error_offset, tok_.value);
        if (tok_.kind == Tok::end) return syntax_error(tok_.offset, "unexpected end of filter");
        if (tok_.kind == Tok::string && tok_.interpolation) return interpolation();
        std::string source(tok_.source.substr(0, 24));
        if (source.size() < tok_.source.size()) source += "...";
        return syntax_error(tok_.offset, "unexpected '" + source + "'");
    }
    NodeId interpolation() {
        return unsupported(tok_.error_offset, "string interpolation '\\(...)'");
    }
    bool expect(Tok kind, const char* what) {
        if (tok_.kind == kind) {
            advance();
            return true;
        }
        if (tok_.kind == Tok::error) {
            unexpected();
        } else {
            syntax_error(tok_.offset, std::string("expected ") + what);
        }
        return false;
    }

    // Appends a node after its children, bounding the stack a run of the filter can take.
    NodeId add(const Node& n, std::size_t offset) {
        const auto steps_of = [&](NodeId id) -> std::uint32_t {
            return id == kNoNode ? 0 : steps_[id];
        };
        const std::uint32_t steps = n.op == Op::comma
                                        ? 1 + std::max(steps_of(n.a), steps_of(n.b))
                                        : 1 + steps_of(n.a) + steps_of(n.b) + steps_of(n.c);
        if (steps > kMaxSteps) {
            return fail(offset, "filter too complex: more than " + std::to_string(kMaxSteps) +
                                    " nested evaluation steps");
        }
        nodes_.push_back(n);
        steps_.push_back(steps);
        return static_cast<NodeId>(nodes_.size() - 1);
    }
    NodeId literal_json(const std::string& json, std::size_t offset) {
        constants_ += ',';
        constants_ += json;
        return literal_constant(constant_count_++, offset);
    }
    NodeId literal_constant(std::uint32_t constant, std::size_t offset) {
        Node n = make(Op::literal);
        n.constant = constant;
        return add(n, offset);
    }
    NodeId string_literal(std::string_view decoded, std::size_t offset) {
        std::string json;
        append_json_string(json, decoded);
        return literal_json(json, offset);
    }

    NodeId parse_pipe() {
        if (++depth_ > kMaxNesting) {
            return fail(tok_.offset,
                        "filter nests more than " + std::to_string(kMaxNesting) + " levels deep");
        }
        NodeId left = parse_comma();
        while (left != kNoNode && tok_.kind == Tok::pipe) {
            const std::size_t at = tok_.offset;
            advance();
            const NodeId right = parse_comma();
            left = right == kNoNode ? kNoNode : add(make(Op::pipe, left, right), at);
        }
        --depth_;
        return left;
    }

    NodeId parse_comma() {
        NodeId left = parse_or();
        while (left != kNoNode && tok_.kind == Tok::comma) {
            const std::size_t at = tok_.offset;
            advance();
            const NodeId right = parse_or();
            left = right == kNoNode ? kNoNode : add(make(Op::comma, left, right), at);
        }
        return left;
    }

    NodeId parse_or() {
        NodeId left = parse_and();
        while (left != kNoNode && tok_.kind == Tok::ident && tok_.source == "or") {
            const std::size_t at = tok_.offset;
            advance();
            const NodeId right = parse_and();
            left = right == kNoNode ? kNoNode : add(make(Op::or_, left, right), at);
        }
        return left;
    }

    NodeId parse_and() {
        NodeId left = parse_comparison();
        while (left != kNoNode && tok_.kind == Tok::ident && tok_.source == "and") {
            const std::size_t at = tok_.offset;
            advance();
            const NodeId right = parse_comparison();
            left = right == kNoNode ? kNoNode : add(make(Op::and_, left, right), at);
        }
        return left;
    }

    NodeId parse_comparison() {
        const NodeId left = parse_operand();
        if (left == kNoNode) return kNoNode;
        const std::optional<Cmp> cmp = comparison_of(tok_.kind);
        if (!cmp) return left;
        const std::size_t at = tok_.offset;
        advance();
        const NodeId right = parse_operand();
        if (right == kNoNode) return kNoNode;
        if (comparison_of(tok_.kind)) {
            return syntax_error(tok_.offset, "comparisons do not chain; add parentheses");
        }
        Node n = make(Op::compare, left, right);
        n.cmp = *cmp;
        return add(n, at);
    }

    // A postfix term, and a refusal of any operator outside the subset that follows it.
    NodeId parse_operand() {
        const NodeId n = parse_postfix();
        if (n == kNoNode) return kNoNode;
        if (tok_.kind == Tok::minus || tok_.kind == Tok::other_operator) {
            return unsupported(tok_.offset, describe_operator(tok_.source));
        }
        if (tok_.kind == Tok::ident && tok_.source == "as") {
            return unsupported(tok_.offset, "variable binding 'as'");
        }
        return n;
    }

    // primary, then .key ."key" [f] [] [f:g] steps, each optionally followed by '?' (an
    // optional step). '?' after anything else wraps the whole term in a try and, as in jq 1.6,
    // ends the term.
    NodeId parse_postfix() {
        bool step = false;
        NodeId t = parse_primary(step);
        while (t != kNoNode) {
            const std::size_t at = tok_.offset;
            switch (tok_.kind) {
                case Tok::field: {
                    const NodeId key = string_literal(tok_.source.substr(1), at);
                    advance();
                    t = key == kNoNode ? kNoNode : add(make(Op::index, t, key), at);
                    step = true;
                    continue;
                }
                case Tok::dot:
                    advance();
                    if (tok_.kind == Tok::string) {
                        t = quoted_key(t, at);
                    } else if (tok_.kind == Tok::lbracket) {
                        t = parse_bracket(t);  // jq 1.7's .a.[0], unambiguous
                    } else {
                        return tok_.kind == Tok::error
                                   ? unexpected()
                                   : syntax_error(tok_.offset, "expected a key or '[' after '.'");
                    }
                    step = true;
                    continue;
                case Tok::lbracket:
                    t = parse_bracket(t);
                    step = true;
                    continue;
                case Tok::question:
                    advance();
                    if (step) {
                        nodes_[t].optional = true;
                        step = false;
                        continue;
                    }
                    t = add(make(Op::try_, t), at);
                    while (tok_.kind == Tok::question)
                        advance();
                    return t;
                default:
                    return t;
            }
        }
        return kNoNode;
    }

    // t."key", at the string token.
    NodeId quoted_key(NodeId t, std::size_t at) {
        if (tok_.interpolation) return interpolation();
        const NodeId key = string_literal(tok_.value, tok_.offset);
        advance();
        return key == kNoNode ? kNoNode : add(make(Op::index, t, key), at);
    }

    // t[], t[f], t[f:g], t[f:], t[:g], at the '['.
    NodeId parse_bracket(NodeId t) {
        const std::size_t at = tok_.offset;
        advance();
        if (tok_.kind == Tok::rbracket) {
            advance();
            return add(make(Op::iterate, t), at);
        }
        NodeId from = kNoNode;
        if (tok_.kind != Tok::colon) {
            from = parse_pipe();
            if (from == kNoNode) return kNoNode;
            if (tok_.kind != Tok::colon) {
                if (!expect(Tok::rbracket, "']'")) return kNoNode;
                return add(make(Op::index, t, from), at);
            }
        }
        advance();  // the ':'
        NodeId to = kNoNode;
        if (tok_.kind != Tok::rbracket) {
            to = parse_pipe();
            if (to == kNoNode) return kNoNode;
        } else if (from == kNoNode) {
            return syntax_error(tok_.offset, "a slice needs a start or an end");
        }
        if (!expect(Tok::rbracket, "']'")) return kNoNode;
        if (from == kNoNode) from = literal_constant(kNullConstant, at);
        if (to == kNoNode) to = literal_constant(kNullConstant, at);
        if (from == kNoNode || to == kNoNode) return kNoNode;
        return add(make(Op::slice, t, from, to), at);
    }

    NodeId parse_primary(bool& step) {
        const std::size_t at = tok_.offset;
        switch (tok_.kind) {
            case Tok::dot: {
                advance();
                const NodeId identity = add(make(Op::identity), at);
                if (tok_.kind != Tok::string || identity == kNoNode) return identity;
                step = true;
                return quoted_key(identity, at);
            }
            case Tok::field: {
                const NodeId identity = add(make(Op::identity), at);
                const NodeId key = string_literal(tok_.source.substr(1), at);
                advance();
                step = true;
                if (identity == kNoNode || key == kNoNode) return kNoNode;
                return add(make(Op::index, identity, key), at);
            }
            case Tok::number: {
                const std::string json = literal_number_json(tok_.source, false);
                advance();
                return literal_json(json, at);
            }
            case Tok::minus:
                advance();
                if (tok_.kind != Tok::number) return unsupported(at, "negation '-'");
                {
                    const std::string json = literal_number_json(tok_.source, true);
                    advance();
                    // jq reads -1[0] as -(1[0]): a negation of a computed value.
                    if (tok_.kind == Tok::lbracket || tok_.kind == Tok::field ||
                        tok_.kind == Tok::dot) {
                        return unsupported(at, "negation '-'");
                    }
                    return literal_json(json, at);
                }
            case Tok::string: {
                if (tok_.interpolation) return interpolation();
                const NodeId s = string_literal(tok_.value, at);
                advance();
                return s;
            }
            case Tok::lparen: {
                advance();
                const NodeId inner = parse_pipe();
                if (inner == kNoNode || !expect(Tok::rparen, "')'")) return kNoNode;
                return inner;
            }
            case Tok::lbracket: {
                advance();
                if (tok_.kind == Tok::rbracket) {
                    advance();
                    return literal_json("[]", at);
                }
                const NodeId inner = parse_pipe();
                if (inner == kNoNode || !expect(Tok::rbracket, "']'")) return kNoNode;
                return add(make(Op::collect, inner), at);
            }
            case Tok::ident:
                return parse_call();
            case Tok::dotdot:
                return unsupported(at, "recursive descent '..'");
            case Tok::lbrace:
                return unsupported(at, "object construction '{...}'");
            case Tok::variable:
                return unsupported(at, "variable '" + std::string(tok_.source) + "'");
            case Tok::format:
                return unsupported(at, "format '" + std::string(tok_.source) + "'");
            default:
                return unexpected();
        }
    }

    NodeId parse_call() {
        const std::size_t at = tok_.offset;
        const std::string name(tok_.source);
        if (name.find("::") != std::string::npos) {
            return unsupported(at, "module reference '" + name + "'");
        }
        for (const char* keyword :
             {"def", "if", "reduce", "foreach", "try", "label", "import", "include"}) {
            if (name == keyword) return unsupported(at, "'" + name + "'");
        }
        for (const char* keyword : {"then", "elif", "else", "end", "catch", "and", "or", "as"}) {
            if (name == keyword) return unexpected();
        }
        advance();
        if (tok_.kind != Tok::lparen) {
            if (name == "null") return literal_constant(kNullConstant, at);
            if (name == "false") return literal_constant(kFalseConstant, at);
            if (name == "true") return literal_constant(kTrueConstant, at);
        }
        if (!is_subset_function(name)) {
            return unknown_function(at, name, tok_.kind == Tok::lparen ? count_arguments() : 0);
        }
        std::vector<NodeId> args;
        if (tok_.kind == Tok::lparen) {
            advance();
            for (;;) {
                const NodeId arg = parse_pipe();
                if (arg == kNoNode) return kNoNode;
                args.push_back(arg);
                if (tok_.kind != Tok::semicolon) break;
                advance();
            }
            if (!expect(Tok::rparen, "')'")) return kNoNode;
        }
        if (args.empty()) {
            if (name == "not") return add(make(Op::not_), at);
            if (name == "length") return add(make(Op::length), at);
            if (name == "keys") return add(make(Op::keys), at);
            if (name == "type") return add(make(Op::type), at);
            if (name == "empty") return add(make(Op::empty), at);
        } else if (args.size() == 1) {
            if (name == "select") return add(make(Op::select, args[0]), at);
            if (name == "has") return add(make(Op::has, args[0]), at);
            if (name == "map") {
                // jq's own definition: def map(f): [.[] | f];
                const NodeId each = add(make(Op::iterate, add(make(Op::identity), at)), at);
                if (each == kNoNode) return kNoNode;
                const NodeId body = add(make(Op::pipe, each, args[0]), at);
                return body == kNoNode ? kNoNode : add(make(Op::collect, body), at);
            }
        }
        return unknown_function(at, name, args.size());
    }

    NodeId unknown_function(std::size_t at, const std::string& name, std::size_t arity) {
        const std::string signature = name + "/" + std::to_string(arity);
        if (is_jq_builtin(signature)) return unsupported(at, "function '" + signature + "'");
        return fail(at, "unknown function '" + signature + "'");
    }

    // The arguments of a call at its '(', counted on a copy of the lexer, so that a function
    // outside the subset is named before anything inside its arguments.
    std::size_t count_arguments() const {
        Lexer ahead = lexer_;
        std::size_t arity = 1;
        int depth = 0;
        for (;;) {
            const Token t = ahead.next();
            switch (t.kind) {
                case Tok::lparen:
                case Tok::lbracket:
                case Tok::lbrace:
                    ++depth;
                    break;
                case Tok::rparen:
                case Tok::rbracket:
                case Tok::rbrace:
                    if (depth == 0) return arity;
                    --depth;
                    break;
                case Tok::semicolon:
                    if (depth == 0) ++arity;
                    break;
                case Tok::end:
                case Tok::error:
                    return arity;
                default:
                    break;
            }
        }
    }

    std::string_view text_;
    Lexer lexer_;
    Token tok_;
    std::vector<Node> nodes_;
    std::vector<std::uint32_t> steps_;  // per node: its bound on nested evaluation frames
    std::string constants_;             // JSON text of the constants, without the brackets
    std::uint32_t constant_count_ = kTypeNameConstants + 6;
    int depth_ = 0;
    std::string error_;
};

}  // namespace

std::variant<std::shared_ptr<const Program>, std::string> compile_program(std::string_view text) {
    return Parser(text).compile();
}

}  // namespace arenajson::query::detail
