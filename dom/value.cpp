#include "arenajson/value.hpp"

#include "arenajson/detail/work_stack.hpp"

namespace arenajson {

using detail::Node;
using detail::Tag;

const char* type_name(Type type) noexcept {
    switch (type) {
        case Type::null:
            return "null";
        case Type::boolean:
            return "boolean";
        case Type::number:
            return "number";
        case Type::string:
            return "string";
        case Type::array:
            return "array";
        case Type::object:
            return "object";
        case Type::missing:
            return "missing";
    }
    return "missing";
}

Type Value::type() const noexcept {
    switch (tag()) {
        case Tag::null:
            return Type::null;
        case Tag::false_:
        case Tag::true_:
            return Type::boolean;
        case Tag::int64:
        case Tag::uint64:
        case Tag::double_:
        case Tag::number_text_inline:
        case Tag::number_text:
            return Type::number;
        case Tag::string_inline:
        case Tag::string:
            return Type::string;
        case Tag::array:
            return Type::array;
        case Tag::object:
            return Type::object;
        case Tag::missing:
            break;
    }
    return Type::missing;
}

namespace {

// Exact comparison of two numbers stored as int64, uint64 or double.
bool numbers_equal(const Value& a, const Value& b) noexcept {
    if (a.is_number_text() || b.is_number_text()) {
        return a.is_number_text() && b.is_number_text() &&
               a.number_text().view() == b.number_text().view();
    }
    const Node& x = *a.node();
    const Node& y = *b.node();
    if (x.tag() == y.tag()) {
        if (x.tag() == Tag::double_)
            return std::bit_cast<double>(x.payload) == std::bit_cast<double>(y.payload);
        return x.payload == y.payload;
    }
    if (x.tag() != Tag::double_ && y.tag() != Tag::double_) {
        // int64 against uint64: equal only for non-negative values that fit both.
        const std::uint64_t i = x.tag() == Tag::int64 ? x.payload : y.payload;
        const std::uint64_t u = x.tag() == Tag::uint64 ? x.payload : y.payload;
        return static_cast<std::int64_t>(i) >= 0 && i == u;
    }
    const double d = std::bit_cast<double>(x.tag() == Tag::double_ ? x.payload : y.payload);
    const Node& n = x.tag() == Tag::double_ ? y : x;
    // The double must be integral and in range to equal an integer; compare in the integer type.
    if (!(d >= -9223372036854775808.0 && d < 18446744073709551616.0) || std::trunc(d) != d)
        return false;
    if (n.tag() == Tag::int64) {
        return d < 9223372036854775808.0 &&
               static_cast<std::int64_t>(d) == static_cast<std::int64_t>(n.payload);
    }
    return d >= 0 && static_cast<std::uint64_t>(d) == n.payload;
}

}  // namespace

namespace {

// Whether two objects of the same size have the same keys in the same order: then their members
// compare position by position (the usual case, and the only one where duplicate keys compare
// sensibly); otherwise each member of one is looked up in the other.
bool same_key_order(const Node& a, const Node& b) noexcept {
    const auto* ma = a.pointer<detail::Member>();
    const auto* mb = b.pointer<detail::Member>();
    for (std::uint64_t i = 0; i < a.length(); ++i) {
        if (ma[i].key != mb[i].key && ma[i].key->view() != mb[i].key->view()) return false;
    }
    return true;
}

// Everything but the children: type, scalar value, container size.
bool shallow_equal(const Value& a, const Value& b) noexcept {
    const Type ta = a.type();
    if (ta != b.type() || ta == Type::missing) return false;
    switch (ta) {
        case Type::boolean:
            return a.node()->tag() == b.node()->tag();
        case Type::number:
            return numbers_equal(a, b);
        case Type::string:
            return detail::string_of(*a.node()) == detail::string_of(*b.node());
        case Type::array:
        case Type::object:
            return a.size() == b.size();
        default:
            return true;
    }
}

struct EqualFrame {
    const Node* a;
    const Node* b;
    std::uint64_t next;
    bool by_key;
};

}  // namespace

bool Value::operator==(const Value& other) const {
    detail::WorkStack<EqualFrame> stack;
    Value x = *this, y = other;
    for (;;) {
        if (!shallow_equal(x, y)) return false;
        if (x.size() != 0) {
            const bool by_key = x.is_object() && !same_key_order(*x.n_, *y.n_);
            stack.push(EqualFrame{x.n_, y.n_, 0, by_key});
        }
        // The next pair: the next children of the innermost open pair of containers.
        bool more = false;
        while (!stack.empty()) {
            EqualFrame& f = stack.top();
            if (f.next == f.a->length()) {
                stack.pop();
                continue;
            }
            if (f.a->tag() == Tag::array) {
                x = Value(f.a->pointer<Node>() + f.next);
                y = Value(f.b->pointer<Node>() + f.next);
            } else {
                const detail::Member& m = f.a->pointer<detail::Member>()[f.next];
                x = Value(&m.value);
                y = f.by_key ? Object(f.b).find(m.key->view())
                             : Value(&f.b->pointer<detail::Member>()[f.next].value);
                if (!y.exists()) return false;
            }
            ++f.next;
            more = true;
            break;
        }
        if (!more) return true;
    }
}

}  // namespace arenajson
