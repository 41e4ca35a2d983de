#include "parser.hpp"

#include "lexer.hpp"

#include <cctype>
#include <charconv>
#include <cstring>

namespace arenajson::jq {

namespace {

// The grammar: recursive descent over the lexer's tokens, lowest precedence first.
class Parser : Lexer {
  public:
    Parser(Program& program, std::string_view text) : Lexer(text), p_(program) {}

    Expr* program() {
        skip_space();
        if (peek_word("module") || peek_word("import") || peek_word("include")) {
            fail("modules are not supported (import, include and module directives)");
        }
        Expr* e = pipe(true);
        if (peek().kind != Tok::end) unexpected("the end of the program");
        return e;
    }

  private:
    Expr* make(Op op, std::size_t offset) {
        Expr* e = p_.make(op);
        locate(e, offset);
        return e;
    }
    void locate(Expr* e, std::size_t offset) { line_column(text_, offset, e->line, e->column); }
    Expr* binary(Op op, Expr* a, Expr* b, std::size_t offset, BinOp bin = BinOp::add) {
        Expr* e = make(op, offset);
        e->a = a;
        e->b = b;
        e->bin = bin;
        return e;
    }

    struct Depth {
        explicit Depth(Parser& p) : p_(p) {
            if (++p_.depth_ > kMaxNesting) p_.fail("the program is nested too deeply");
        }
        ~Depth() { --p_.depth_; }
        Depth(const Depth&) = delete;
        Depth& operator=(const Depth&) = delete;
        Parser& p_;
    };

    // --- grammar (lowest precedence first)

    Expr* pipe(bool top = false) {
        Depth depth(*this);
        if (at_word("def")) {
            const std::size_t at_offset = peek().offset;
            FuncDef* def = function_def();
            Expr* e = make(Op::def, at_offset);
            e->def = def;
            if (top && peek().kind == Tok::end) {
                e->a = make(Op::identity, at_offset);
            } else {
                e->a = pipe(top);
            }
            return e;
        }
        Expr* left = comma();
        if (at("|")) {
            const std::size_t offset = next().offset;
            return binary(Op::pipe, left, pipe(), offset);
        }
        return left;
    }

    FuncDef* function_def() {
        expect_word("def");
        const Token name = next();
        if (name.kind != Tok::ident || is_keyword(name.text)) {
            failure(name.offset, "syntax error: expected a function name after 'def'");
        }
        p_.defs.push_back(std::make_unique<FuncDef>());
        FuncDef* def = p_.defs.back().get();
        def->name = std::string(name.text);
        if (accept("(")) {
            do {
                const Token param = next();
                if (param.kind == Tok::var) {
                    def->params.emplace_back(param.text);
                    def->value_params.push_back(true);
                } else if (param.kind == Tok::ident && !is_keyword(param.text)) {
                    def->params.emplace_back(param.text);
                    def->value_params.push_back(false);
                } else {
                    failure(param.offset, "syntax error: expected a parameter name");
                }
            } while (accept(";"));
            expect(")");
        }
        expect(":");
        def->body = pipe();
        expect(";");
        return def;
    }

    Expr* comma() {
        Expr* left = binding_or_alternative();
        while (at(",")) {
            const std::size_t offset = next().offset;
            left = binary(Op::comma, left, binding_or_alternative(), offset);
        }
        return left;
    }

    // `source as $x | body`: as in jq 1.8, the source is everything that binds tighter than
    // ',' (`1 + 2 as $x` binds 3, `-1 as $x` binds -1); the body runs to the end.
    Expr* binding_or_alternative() {
        Expr* source = alternative();
        if (!at_word("as")) return source;
        const std::size_t offset = next().offset;
        Expr* e = make(Op::as, offset);
        e->a = source;
        e->binding = binding();
        expect("|");
        e->b = pipe();
        return e;
    }

    Expr* alternative() {
        Depth depth(*this);
        Expr* left = assignment();
        if (at("//")) {
            const std::size_t offset = next().offset;
            return binary(Op::alternative, left, alternative(), offset);
        }
        return left;
    }

    Expr* assignment() {
        Expr* left = logical_or();
        const Token& t = peek();
        if (t.kind != Tok::punct) return left;
        const std::size_t offset = t.offset;
        if (t.text == "=") {
            next();
            return binary(Op::assign, left, logical_or(), offset);
        }
        if (t.text == "|=") {
            next();
            return binary(Op::update, left, logical_or(), offset);
        }
        if (t.text == "//=") {
            next();
            return binary(Op::alt_update, left, logical_or(), offset);
        }
        static constexpr std::pair<const char*, BinOp> kUpdates[] = {{"+=", BinOp::add},
                                                                     {"-=", BinOp::sub},
                                                                     {"*=", BinOp::mul},
                                                                     {"/=", BinOp::div},
                                                                     {"%=", BinOp::mod}};
        for (const auto& [op, bin] : kUpdates) {
            if (t.text == op) {
                next();
                return binary(Op::arith_update, left, logical_or(), offset, bin);
            }
        }
        return left;
    }

    Expr* logical_or() {
        Expr* left = logical_and();
        while (at_word("or")) {
            const std::size_t offset = next().offset;
            left = binary(Op::or_, left, logical_and(), offset);
        }
        return left;
    }

    Expr* logical_and() {
        Expr* left = comparison();
        while (at_word("and")) {
            const std::size_t offset = next().offset;
            left = binary(Op::and_, left, comparison(), offset);
        }
        return left;
    }

    Expr* comparison() {
        Expr* left = additive();
        static constexpr std::pair<const char*, BinOp> kOps[] = {
            {"==", BinOp::eq}, {"!=", BinOp::ne}, {"<", BinOp::lt},
            {"<=", BinOp::le}, {">", BinOp::gt},  {">=", BinOp::ge}};
        for (const auto& [op, bin] : kOps) {
            if (at(op)) {
                const std::size_t offset = next().offset;
                Expr* e = binary(Op::binary, left, additive(), offset, bin);
                for (const auto& [op2, bin2] : kOps) {
                    if (at(op2)) unexpected("an operator other than a comparison");
                }
                return e;
            }
        }
        return left;
    }

    Expr* additive() {
        Expr* left = multiplicative();
        for (;;) {
            if (at("+") || at("-")) {
                const Token t = next();
                left = binary(Op::binary, left, multiplicative(), t.offset,
                              t.text == "+" ? BinOp::add : BinOp::sub);
            } else {
                return left;
            }
        }
    }

    Expr* multiplicative() {
        Expr* left = unary();
        for (;;) {
            if (at("*") || at("/") || at("%")) {
                const Token t = next();
                const BinOp bin = t.text == "*"   ? BinOp::mul
                                  : t.text == "/" ? BinOp::div
                                                  : BinOp::mod;
                left = binary(Op::binary, left, unary(), t.offset, bin);
            } else {
                return left;
            }
        }
    }

    Expr* unary() {
        Depth depth(*this);
        if (at("-")) {
            const std::size_t offset = next().offset;
            // jq's `'-' Exp` takes what binds tighter than '-': `-a * b` is `-(a * b)`.
            Expr* operand = unary();
            while (at("*") || at("/") || at("%")) {
                const Token t = next();
                const BinOp bin = t.text == "*"   ? BinOp::mul
                                  : t.text == "/" ? BinOp::div
                                                  : BinOp::mod;
                operand = binary(Op::binary, operand, unary(), t.offset, bin);
            }
            Expr* e = make(Op::neg, offset);
            e->a = operand;
            return e;
        }
        return postfix();
    }

    // A term with its suffixes.
    Expr* postfix() {
        Depth depth(*this);
        Expr* t = primary();
        for (;;) {
            const Token& tok = peek();
            if (tok.kind == Tok::field) {
                const Token f = next();
                t = field(t, f.text, f.offset);
                continue;
            }
            if (tok.kind == Tok::punct && tok.text == ".") {
                const std::size_t offset = next().offset;
                if (peek().kind == Tok::string) {
                    t = string_field(t, next(), offset);
                    continue;
                }
                if (!at("[")) unexpected("a field name, a string or '['");
                t = bracket_suffix(t);
                continue;
            }
            if (tok.kind == Tok::punct && tok.text == "[") {
                t = bracket_suffix(t);
                continue;
            }
            if (tok.kind == Tok::punct && tok.text == "?") {
                if (pattern_alternative_ahead()) break;
                const std::size_t offset = next().offset;
                t = optional(t, offset);
                continue;
            }
            break;
        }
        return t;
    }

    // `?` makes the index step before it optional; after anything else it is `try`.
    Expr* optional(Expr* t, std::size_t offset) {
        if ((t->op == Op::field || t->op == Op::index || t->op == Op::slice ||
             t->op == Op::iterate) &&
            !t->optional) {
            t->optional = true;
            return t;
        }
        Expr* e = make(Op::try_, offset);
        e->a = t;
        return e;
    }

    bool pattern_alternative_ahead() {
        // `?//` between patterns; in expressions `?` then `//` is try-then-alternative.
        const Token& t = peek();
        return in_patterns_ > 0 && t.offset + 2 < text_.size() &&
               text_.compare(t.offset, 3, "?//") == 0;
    }

    Expr* field(Expr* subject, std::string_view name, std::size_t offset) {
        Expr* e = make(Op::field, offset);
        e->a = subject;
        e->name = std::string(name);
        return e;
    }

    Expr* string_field(Expr* subject, const Token& s, std::size_t offset) {
        Expr* key = string_literal(s, "");
        if (key->op == Op::literal) {
            Expr* e = make(Op::field, offset);
            e->a = subject;
            e->name = std::string(string_of(key->value));
            return e;
        }
        Expr* e = make(Op::index, offset);
        e->a = subject;
        e->b = key;
        return e;
    }

    // `[` after a term: `[]`, `[e]`, `[e:f]`, `[:f]`, `[e:]`.
    Expr* bracket_suffix(Expr* subject) {
        const std::size_t offset = peek().offset;
        expect("[");
        if (accept("]")) {
            Expr* e = make(Op::iterate, offset);
            e->a = subject;
            return e;
        }
        Expr* from = nullptr;
        if (!at(":")) from = pipe();
        if (accept(":")) {
            Expr* to = at("]") ? nullptr : pipe();
            expect("]");
            if (from == nullptr && to == nullptr)
                failure(offset, "syntax error: a slice needs a bound");
            Expr* e = make(Op::slice, offset);
            e->a = subject;
            e->b = from;
            e->c = to;
            return e;
        }
        expect("]");
        Expr* e = make(Op::index, offset);
        e->a = subject;
        e->b = from;
        return e;
    }

    Expr* primary() {
        const Token t = peek();
        switch (t.kind) {
            case Tok::end:
                unexpected("a filter");
            case Tok::number:
                next();
                return number(t);
            case Tok::string:
                next();
                return string_literal(t, "");
            case Tok::format: {
                next();
                if (peek().kind == Tok::string) return string_literal(next(), std::string(t.text));
                Expr* e = make(Op::format, t.offset);
                e->name = std::string(t.text);
                return e;
            }
            case Tok::field: {
                next();
                return field(make(Op::identity, t.offset), t.text, t.offset);
            }
            case Tok::var: {
                next();
                Expr* e = make(Op::var, t.offset);
                e->name = std::string(t.text);
                return e;
            }
            case Tok::ident:
                return word(t);
            case Tok::punct:
                break;
        }
        if (t.text == ".") {
            next();
            if (peek().kind == Tok::string)
                return string_field(make(Op::identity, t.offset), next(), t.offset);
            if (at("[")) return bracket_suffix(make(Op::identity, t.offset));
            return make(Op::identity, t.offset);
        }
        if (t.text == "..") {
            next();
            return make(Op::recurse, t.offset);
        }
        if (t.text == "(") {
            next();
            Expr* e = pipe();
            expect(")");
            return e;
        }
        if (t.text == "[") {
            next();
            Expr* e = make(Op::collect, t.offset);
            if (!accept("]")) {
                e->a = pipe();
                expect("]");
            }
            return e;
        }
        if (t.text == "{") {
            next();
            return object(t.offset);
        }
        unexpected("a filter");
    }

    Expr* word(const Token& t) {
        const std::string_view w = t.text;
        if (w == "true" || w == "false" || w == "null") {
            next();
            Expr* e = make(Op::literal, t.offset);
            e->value = w == "null" ? make_null() : make_bool(w == "true");
            return e;
        }
        if (w == "if") return conditional();
        if (w == "try") {
            next();
            Expr* e = make(Op::try_, t.offset);
            e->a = at("-") ? unary() : postfix();
            if (accept_word("catch")) e->b = at("-") ? unary() : postfix();
            return e;
        }
        if (w == "reduce" || w == "foreach") {
            next();
            Expr* e = make(w == "reduce" ? Op::reduce : Op::foreach, t.offset);
            // The source, as in jq 1.8: up to `as`, binary operators included
            // (`reduce .[] / .[] as $x`, `reduce -.[] as $x`).
            e->a = alternative();
            expect_word("as");
            e->binding = binding();
            expect("(");
            e->b = pipe();
            expect(";");
            e->c = pipe();
            if (e->op == Op::foreach && accept(";")) e->d = pipe();
            expect(")");
            return e;
        }
        if (w == "label") {
            next();
            const Token name = next();
            if (name.kind != Tok::var)
                failure(name.offset, "syntax error: expected $name after 'label'");
            expect("|");
            Expr* e = make(Op::label, t.offset);
            e->name = std::string(name.text);
            e->a = pipe();
            return e;
        }
        if (w == "break") {
            next();
            const Token name = next();
            if (name.kind != Tok::var) failure(name.offset, "break requires a label to break to");
            Expr* e = make(Op::break_, t.offset);
            e->name = std::string(name.text);
            return e;
        }
        if (w == "def") {
            FuncDef* def = function_def();
            Expr* e = make(Op::def, t.offset);
            e->def = def;
            e->a = pipe();
            return e;
        }
        if (w == "import" || w == "include" || w == "module") {
            fail("modules are not supported (import, include and module directives)");
        }
        if (is_keyword(w)) unexpected("a filter");
        next();
        Expr* e = make(Op::call, t.offset);
        e->name = std::string(w);
        if (accept("(")) {
            do {
                e->list.push_back(pipe());
            } while (accept(";"));
            expect(")");
        }
        return e;
    }

    Expr* conditional() {
        const std::size_t offset = next().offset;  // if or elif
        Expr* e = make(Op::if_, offset);
        e->a = pipe();
        expect_word("then");
        e->b = pipe();
        if (at_word("elif")) {
            e->c = conditional();
            return e;
        }
        if (accept_word("else")) {
            e->c = pipe();
            expect_word("end");
            return e;
        }
        expect_word("end");
        return e;
    }

    Expr* object(std::size_t offset) {
        Expr* e = make(Op::object, offset);
        if (accept("}")) return e;
        do {
            const Token t = next();
            Expr* key = nullptr;
            Expr* value = nullptr;
            if (t.kind == Tok::ident || (t.kind == Tok::field && false)) {
                key = string_constant(t.text, t.offset);
                if (!accept(":")) value = field(make(Op::identity, t.offset), t.text, t.offset);
            } else if (t.kind == Tok::var) {
                Expr* var = make(Op::var, t.offset);
                var->name = std::string(t.text);
                if (accept(":")) {
                    key = var;
                } else {
                    key = string_constant(t.text, t.offset);
                    value = var;
                }
            } else if (t.kind == Tok::string) {
                key = string_literal(t, "");
                if (!accept(":")) {
                    value = make(Op::index, t.offset);
                    value->a = make(Op::identity, t.offset);
                    value->b = key;
                }
            } else if (t.kind == Tok::format && peek().kind == Tok::string) {
                key = string_literal(next(), std::string(t.text));
                if (!accept(":")) {
                    value = make(Op::index, t.offset);
                    value->a = make(Op::identity, t.offset);
                    value->b = key;
                }
            } else if (t.kind == Tok::number) {
                key = number(t);
                expect(":");
            } else if (t.kind == Tok::punct && t.text == "(") {
                key = pipe();
                expect(")");
                expect(":");
            } else {
                failure(t.offset, "syntax error: expected an object key");
            }
            if (value == nullptr) value = object_value();
            e->list.push_back(key);
            e->list.push_back(value);
        } while (accept(","));
        expect("}");
        return e;
    }

    // An object member's value: terms joined by `|` (jq's ExpD), taken leniently as any
    // expression without a top-level comma.
    Expr* object_value() {
        Expr* left = alternative();
        if (at("|")) {
            const std::size_t offset = next().offset;
            return binary(Op::pipe, left, object_value(), offset);
        }
        return left;
    }

    Expr* string_constant(std::string_view s, std::size_t offset) {
        Expr* e = make(Op::literal, offset);
        e->value = constant_string(s);
        return e;
    }

    Node constant_string(std::string_view s) {
        if (s.size() <= detail::kMaxInlineString) return detail::make_inline_string(s);
        const std::string_view copy = p_.constants.try_alloc_str(s);
        if (copy.data() == nullptr) fail("the program is too large");
        return Node{std::uint64_t(Tag::string) | (std::uint64_t{copy.size()} << 8),
                    reinterpret_cast<std::uintptr_t>(copy.data())};
    }

    Expr* number(const Token& t) {
        Expr* e = make(Op::literal, t.offset);
        e->value = literal_number(t.text);
        return e;
    }

    Node literal_number(std::string_view text) {
        std::string s(text);
        if (s[0] == '.') s.insert(s.begin(), '0');
        const std::size_t point = s.find('.');
        if (point != std::string::npos &&
            (point + 1 == s.size() || !std::isdigit(static_cast<unsigned char>(s[point + 1])))) {
            s.erase(point, 1);  // "1." and "1.e3"
        }
        // Leading zeros ("007", "00.5"): the text kept below must be JSON.
        std::size_t zeros = 0;
        while (zeros + 1 < s.size() && s[zeros] == '0' &&
               std::isdigit(static_cast<unsigned char>(s[zeros + 1]))) {
            ++zeros;
        }
        s.erase(0, zeros);
        std::int64_t i = 0;
        const auto ri = std::from_chars(s.data(), s.data() + s.size(), i);
        if (ri.ec == std::errc() && ri.ptr == s.data() + s.size()) return make_int(i);
        const bool integral = s.find_first_of(".eE") == std::string::npos;
        // The literal's text, kept.
        const auto kept = [&]() -> Node {
            if (s.size() <= detail::kMaxInlineNumber) return detail::pack_number_text(s);
            const std::string_view copy = p_.constants.try_alloc_str(s);
            if (copy.data() == nullptr) fail("the program is too large");
            return Node::make(Tag::number_text, copy.size(), copy.data());
        };
        if (integral) {
            // Past int64: a uint64, or the text (every digit kept, as jq 1.8 keeps literals).
            std::uint64_t u = 0;
            const auto ru = std::from_chars(s.data(), s.data() + s.size(), u);
            if (ru.ec == std::errc() && ru.ptr == s.data() + s.size())
                return Node{std::uint64_t(Tag::uint64), u};
            return kept();
        }
        // Keep the exact text of numbers a double cannot hold (more than 15 significant
        // digits, or beyond double's range), as the reader does for input.
        std::size_t significant = 0;
        bool leading = true;
        for (char c : s) {
            if (c == 'e' || c == 'E') break;
            if (!std::isdigit(static_cast<unsigned char>(c))) continue;
            if (leading && c == '0') continue;
            leading = false;
            ++significant;
        }
        double d = 0;
        const auto rd = std::from_chars(s.data(), s.data() + s.size(), d);
        const bool out_of_range = rd.ec == std::errc::result_out_of_range;
        // Trailing zeros of an integer count as digits here but are exact: drop them.
        if (!out_of_range && significant > 15) {
            std::size_t trailing = 0;
            const std::size_t mantissa_end = s.find_first_of("eE");
            std::size_t j = (mantissa_end == std::string::npos ? s.size() : mantissa_end);
            while (j > 0 && (s[j - 1] == '0' || s[j - 1] == '.')) {
                if (s[j - 1] == '0') ++trailing;
                --j;
            }
            significant -= std::min(significant, trailing);
        }
        if (out_of_range || significant > 15) return kept();
        return make_number(d);
    }

    // A string literal; with interpolations, an Op::string of parts. `format` applies to the
    // interpolated values ("" for text).
    Expr* string_literal(const Token& t, const std::string& format) {
        std::vector<Expr*> parts;
        std::string literal;
        const std::string_view s = t.text;
        const std::size_t base = t.offset + 1;
        std::size_t i = 0;
        while (i < s.size()) {
            const char c = s[i];
            if (c != '\\') {
                literal.push_back(c);
                ++i;
                continue;
            }
            if (i + 1 >= s.size()) failure(base + i, "invalid escape in a string literal");
            const char e = s[i + 1];
            switch (e) {
                case '"':
                case '\\':
                case '/':
                    literal.push_back(e);
                    i += 2;
                    break;
                case 'b':
                    literal.push_back('\b');
                    i += 2;
                    break;
                case 'f':
                    literal.push_back('\f');
                    i += 2;
                    break;
                case 'n':
                    literal.push_back('\n');
                    i += 2;
                    break;
                case 'r':
                    literal.push_back('\r');
                    i += 2;
                    break;
                case 't':
                    literal.push_back('\t');
                    i += 2;
                    break;
                case 'u': {
                    std::uint32_t cp = 0;
                    i = unicode_escape(s, i, base, cp);
                    if (cp >= 0xD800 && cp < 0xDC00 && i + 1 < s.size() && s[i] == '\\' &&
                        s[i + 1] == 'u') {
                        std::uint32_t low = 0;
                        const std::size_t j = unicode_escape(s, i, base, low);
                        if (low >= 0xDC00 && low < 0xE000) {
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                            i = j;
                        }
                    }
                    if (cp >= 0xD800 && cp < 0xE000) cp = 0xFFFD;
                    append_utf8(literal, cp);
                    break;
                }
                case '(': {
                    if (!literal.empty()) {
                        parts.push_back(string_constant(valid_utf8(literal), t.offset));
                        literal.clear();
                    }
                    // Parse the interpolated expression from the program text itself.
                    const std::size_t saved_pos = pos_;
                    const bool saved_peek = has_peek_;
                    const Token saved_token = peeked_;
                    pos_ = base + i + 2;
                    has_peek_ = false;
                    Expr* inner = pipe();
                    if (!at(")")) unexpected("')' to end the interpolation");
                    const std::size_t close = peek().offset;
                    pos_ = saved_pos;
                    has_peek_ = saved_peek;
                    peeked_ = saved_token;
                    Expr* part = make(Op::format, t.offset);
                    part->name = format.empty() ? "text" : format;
                    part->a = inner;  // format(a): the interpolated value, formatted
                    parts.push_back(part);
                    i = close - base + 1;
                    break;
                }
                default:
                    failure(base + i, "invalid escape in a string literal");
            }
        }
        if (parts.empty()) return string_constant(valid_utf8(literal), t.offset);
        if (!literal.empty()) parts.push_back(string_constant(valid_utf8(literal), t.offset));
        Expr* e = make(Op::string, t.offset);
        e->list = std::move(parts);
        return e;
    }

    std::size_t unicode_escape(std::string_view s, std::size_t i, std::size_t base,
                               std::uint32_t& cp) {
        if (i + 6 > s.size()) failure(base + i, "invalid \\u escape in a string literal");
        cp = 0;
        for (std::size_t k = i + 2; k < i + 6; ++k) {
            const char h = s[k];
            cp <<= 4;
            if (h >= '0' && h <= '9') {
                cp |= static_cast<std::uint32_t>(h - '0');
            } else if (h >= 'a' && h <= 'f') {
                cp |= static_cast<std::uint32_t>(h - 'a' + 10);
            } else if (h >= 'A' && h <= 'F') {
                cp |= static_cast<std::uint32_t>(h - 'A' + 10);
            } else {
                failure(base + i, "invalid \\u escape in a string literal");
            }
        }
        return i + 6;
    }

    // --- patterns
    Binding* binding() {
        p_.bindings.push_back(std::make_unique<Binding>());
        Binding* b = p_.bindings.back().get();
        ++in_patterns_;
        b->alternatives.push_back(pattern(*b));
        while (at("?") && pattern_alternative_ahead()) {
            next();  // ?
            expect("//");
            b->alternatives.push_back(pattern(*b));
        }
        --in_patterns_;
        return b;
    }

    int slot_of(Binding& b, std::string_view name) {
        for (std::size_t i = 0; i < b.names.size(); ++i) {
            if (b.names[i] == name) return static_cast<int>(i);
        }
        b.names.emplace_back(name);
        return static_cast<int>(b.names.size() - 1);
    }

    Pattern* new_pattern(Pattern::Kind kind) {
        p_.patterns.push_back(std::make_unique<Pattern>());
        p_.patterns.back()->kind = kind;
        return p_.patterns.back().get();
    }

    Pattern* pattern(Binding& b) {
        Depth depth(*this);
        const Token t = next();
        if (t.kind == Tok::var) {
            Pattern* p = new_pattern(Pattern::Kind::variable);
            p->slot = slot_of(b, t.text);
            return p;
        }
        if (t.kind == Tok::punct && t.text == "[") {
            Pattern* p = new_pattern(Pattern::Kind::array);
            do {
                p->items.push_back(pattern(b));
            } while (accept(","));
            expect("]");
            return p;
        }
        if (t.kind == Tok::punct && t.text == "{") {
            Pattern* p = new_pattern(Pattern::Kind::object);
            do {
                Pattern::Entry entry;
                const Token k = next();
                if (k.kind == Tok::var) {
                    entry.key = string_constant(k.text, k.offset);
                    entry.slot = slot_of(b, k.text);
                    if (accept(":")) entry.value = pattern(b);
                } else if (k.kind == Tok::ident) {
                    entry.key = string_constant(k.text, k.offset);
                    expect(":");
                    entry.value = pattern(b);
                } else if (k.kind == Tok::string) {
                    entry.key = string_literal(k, "");
                    expect(":");
                    entry.value = pattern(b);
                } else if (k.kind == Tok::punct && k.text == "(") {
                    entry.key = pipe();
                    expect(")");
                    expect(":");
                    entry.value = pattern(b);
                } else {
                    failure(k.offset, "syntax error: expected an object pattern key");
                }
                p->entries.push_back(entry);
            } while (accept(","));
            expect("}");
            return p;
        }
        failure(t.offset, "syntax error: expected a pattern ($name, [...] or {...})");
    }

    Program& p_;
    int depth_ = 0;
    int in_patterns_ = 0;
};

}  // namespace

Expr* parse_program(Program& program, std::string_view text, SyntaxError& error) {
    Parser parser(program, text);
    try {
        return parser.program();
    } catch (const Failure& f) {
        error.message = f.message;
        error.offset = f.offset;
        line_column(text, f.offset, error.line, error.column);
        return nullptr;
    }
}

}  // namespace arenajson::jq
