#include "arenajson/value.hpp"

#include <vector>

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

bool Value::operator==(const Value& other) const noexcept {
    std::vector<std::pair<Value, Value>> pending;
    pending.emplace_back(*this, other);
    while (!pending.empty()) {
        const auto [a, b] = pending.back();
        pending.pop_back();
        const Type ta = a.type();
        if (ta != b.type() || ta == Type::missing) return false;
        switch (ta) {
            case Type::null:
                break;
            case Type::boolean:
                if (a.n_->tag() != b.n_->tag()) return false;
                break;
            case Type::number:
                if (!numbers_equal(a, b)) return false;
                break;
            case Type::string:
                if (detail::string_of(*a.n_) != detail::string_of(*b.n_)) return false;
                break;
            case Type::array: {
                if (a.size() != b.size()) return false;
                const Array xa = a.elements(), xb = b.elements();
                for (std::size_t i = 0; i < xa.size(); ++i)
                    pending.emplace_back(xa[i], xb[i]);
                break;
            }
            case Type::object: {
                if (a.size() != b.size()) return false;
                const Object oa = a.members(), ob = b.members();
                // Same keys in the same order (the usual case, and the only one where duplicate
                // keys compare sensibly): member by member. Otherwise by lookup.
                std::size_t same = 0;
                while (same < oa.size() && oa.begin()[static_cast<std::ptrdiff_t>(same)].key ==
                                               ob.begin()[static_cast<std::ptrdiff_t>(same)].key) {
                    ++same;
                }
                if (same == oa.size()) {
                    for (auto ia = oa.begin(), ib = ob.begin(); ia != oa.end(); ++ia, ++ib) {
                        pending.emplace_back((*ia).value, (*ib).value);
                    }
                    break;
                }
                for (const auto& [key, value] : oa) {
                    const Value match = ob.find(key);
                    if (!match.exists()) return false;
                    pending.emplace_back(value, match);
                }
                break;
            }
            case Type::missing:
                return false;
        }
    }
    return true;
}

}  // namespace arenajson
