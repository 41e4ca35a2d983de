#include "query/eval.hpp"

#include "query/build.hpp"
#include "query/numbers.hpp"
#include "query/order.hpp"
#include "query/text.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace arenajson::query::detail {

namespace {

// Beyond this no array exists, and indexes still convert to integers exactly.
constexpr double kMaxIndex = 9007199254740992.0;  // 2^53

bool holds(Cmp cmp, int order) noexcept {
    switch (cmp) {
        case Cmp::eq:
            return order == 0;
        case Cmp::ne:
            return order != 0;
        case Cmp::lt:
            return order < 0;
        case Cmp::le:
            return order <= 0;
        case Cmp::gt:
            return order > 0;
        case Cmp::ge:
            return order >= 0;
    }
    return false;
}

std::string kind(Value v) {
    return type_name(v.type());
}

}  // namespace

bool Evaluator::fail(const Node& n, std::string message) {
    if (n.optional) return true;
    return fail(std::move(message));
}

bool Evaluator::fail(std::string message) {
    error_ = std::move(message);
    return false;
}

bool Evaluator::emit_built(ValueBuilder& built, Sink k) {
    const Value v = built.finish();
    if (!v.exists()) return fail("out of memory building a result");
    return k(v);
}

bool Evaluator::emit_count(std::size_t n, Sink k) {
    ValueBuilder built;
    built.int64(static_cast<std::int64_t>(n));
    return emit_built(built, k);
}

bool Evaluator::eval(NodeId id, Value in, Sink k) {
    const Node& n = program_.node(id);
    switch (n.op) {
        case Op::identity:
            return k(in);
        case Op::literal:
            return k(program_.constant(n.constant));
        case Op::index:
            // jq evaluates the key first, on the same input as the term.
            return eval(n.b, in, [&](Value key) {
                return eval(n.a, in, [&](Value t) { return index(n, t, key, k); });
            });
        case Op::slice:
            return eval(n.b, in, [&](Value from) {
                return eval(n.c, in, [&](Value to) {
                    return eval(n.a, in, [&](Value t) { return slice(n, t, from, to, k); });
                });
            });
        case Op::iterate:
            return eval(n.a, in, [&](Value t) { return iterate(n, t, k); });
        case Op::try_: {
            // Only errors raised inside the body are suppressed; an error from the steps that
            // consume its outputs belongs to them and goes on.
            bool downstream_failed = false;
            const bool ok = eval(n.a, in, [&](Value v) {
                if (k(v)) return true;
                downstream_failed = true;
                return false;
            });
            if (ok || downstream_failed) return ok;
            error_.clear();
            return true;
        }
        case Op::pipe:
            return eval(n.a, in, [&](Value v) { return eval(n.b, v, k); });
        case Op::comma:
            return eval(n.a, in, k) && eval(n.b, in, k);
        case Op::compare:
            // As in jq, the right operand is the outer loop.
            return eval(n.b, in, [&](Value right) {
                return eval(n.a, in, [&](Value left) {
                    return emit_bool(holds(n.cmp, compare_values(left, right)), k);
                });
            });
        case Op::and_:
            return eval(n.a, in, [&](Value left) {
                if (!truthy(left)) return emit_bool(false, k);
                return eval(n.b, in, [&](Value right) { return emit_bool(truthy(right), k); });
            });
        case Op::or_:
            return eval(n.a, in, [&](Value left) {
                if (truthy(left)) return emit_bool(true, k);
                return eval(n.b, in, [&](Value right) { return emit_bool(truthy(right), k); });
            });
        case Op::not_:
            return emit_bool(!truthy(in), k);
        case Op::length:
            return length(in, k);
        case Op::keys:
            return keys(in, k);
        case Op::type:
            return k(program_.constant(kTypeNameConstants + static_cast<std::uint32_t>(in.type())));
        case Op::empty:
            return true;
        case Op::select:
            return eval(n.a, in, [&](Value condition) { return truthy(condition) ? k(in) : true; });
        case Op::has:
            return eval(n.a, in, [&](Value key) { return has(in, key, k); });
        case Op::collect: {
            // Each output is copied as it comes: it is valid only during the call.
            ValueBuilder built;
            std::size_t count = 0;
            built.begin_array();
            const bool ok = eval(n.a, in, [&](Value v) {
                ++count;
                built.copy(v);
                return true;
            });
            if (!ok) return false;
            built.end_array(count);
            return emit_built(built, k);
        }
    }
    return fail("internal error: unknown filter step");
}

// jq 1.6's jv_get: every combination of container and key it accepts, and its messages.
bool Evaluator::index(const Node& n, Value t, Value key, Sink k) {
    const Type tt = t.type();
    const Type kt = key.type();
    if (tt == Type::object && kt == Type::string) {
        const Value v = t.members().find(*key.get_string());
        return k(v.exists() ? v : null_value());
    }
    if (tt == Type::array && kt == Type::number) {
        // Only integral indexes select an element; any other number gives null.
        const double x = number_value(key);
        if (x != std::trunc(x) || std::fabs(x) > kMaxIndex) return k(null_value());
        auto i = static_cast<std::int64_t>(x);
        const auto size = static_cast<std::int64_t>(t.size());
        if (i < 0) i += size;
        if (i < 0 || i >= size) return k(null_value());
        return k(t.elements()[static_cast<std::size_t>(i)]);
    }
    if (kt == Type::object && (tt == Type::array || tt == Type::string)) {
        const Object bounds = key.members();
        return slice(n, t, bounds.find("start"), bounds.find("end"), k);
    }
    if (tt == Type::array && kt == Type::array) return indices(t, key, k);
    if (tt == Type::null && (kt == Type::string || kt == Type::number || kt == Type::object)) {
        return k(null_value());
    }
    std::string message = "Cannot index " + kind(t) + " with ";
    if (kt == Type::string && key.get_string()->size() < 30) {
        message += "string \"" + std::string(*key.get_string()) + "\"";
    } else {
        message += kind(key);
    }
    return fail(n, std::move(message));
}

// jq 1.6's parse_slice: negative bounds count from the end, bounds clamp to the value, the
// start rounds down and the end up; null bounds are the ends. Strings slice by code point.
bool Evaluator::slice(const Node& n, Value t, Value from, Value to, Sink k) {
    const Type tt = t.type();
    if (tt == Type::null) return k(null_value());
    if (tt != Type::array && tt != Type::string) {
        return fail(n, "Cannot index " + kind(t) + " with object");
    }
    const std::string_view s = tt == Type::string ? *t.get_string() : std::string_view();
    const std::size_t length = tt == Type::array ? t.size() : codepoint_count(s);
    if (!(from.is_null() || from.is_number()) || !(to.is_null() || to.is_number())) {
        return fail(n, tt == Type::array
                           ? "Start and end indices of an array slice must be numbers"
                           : "Start and end indices of an string slice must be numbers");
    }
    const auto len = static_cast<double>(length);
    double start = from.is_null() ? 0.0 : number_value(from);
    double end = to.is_null() ? len : number_value(to);
    if (start < 0) start += len;
    if (end < 0) end += len;
    start = std::clamp(start, 0.0, len);
    end = std::clamp(end, start, len);
    const auto first = static_cast<std::size_t>(start);
    const auto last = static_cast<std::size_t>(std::ceil(end));
    if (first == 0 && last == length) return k(t);
    ValueBuilder built;
    if (tt == Type::array) {
        built.begin_array();
        const Array elements = t.elements();
        for (std::size_t i = first; i < last; ++i)
            built.copy(elements[i]);
        built.end_array(last - first);
    } else {
        const std::size_t begin = codepoint_offset(s, first);
        const std::size_t stop = codepoint_offset(s, last);
        built.string(s.substr(begin, stop - begin));
    }
    return emit_built(built, k);
}

// The positions where `sub` occurs in t as a run of elements (jq's `.[[...]]`).
bool Evaluator::indices(Value t, Value sub, Sink k) {
    const Array a = t.elements();
    const Array b = sub.elements();
    ValueBuilder built;
    built.begin_array();
    std::size_t count = 0;
    if (!b.empty()) {
        for (std::size_t i = 0; i + b.size() <= a.size(); ++i) {
            bool match = true;
            for (std::size_t j = 0; j < b.size() && match; ++j)
                match = compare_values(a[i + j], b[j]) == 0;
            if (!match) continue;
            built.int64(static_cast<std::int64_t>(i));
            ++count;
        }
    }
    built.end_array(count);
    return emit_built(built, k);
}

bool Evaluator::iterate(const Node& n, Value t, Sink k) {
    if (t.is_array()) {
        for (const Value v : t.elements()) {
            if (!k(v)) return false;
        }
        return true;
    }
    if (t.is_object()) {
        const Object object = t.members();
        for (const Member m : object) {
            if (is_first_member(object, m) && !k(m.value)) return false;
        }
        return true;
    }
    return fail(n, "Cannot iterate over " + kind(t) + " (" + error_dump(t) + ")");
}

bool Evaluator::length(Value in, Sink k) {
    switch (in.type()) {
        case Type::null:
            return emit_count(0, k);
        case Type::number:
            return absolute_value(in, k);
        case Type::string:
            return emit_count(codepoint_count(*in.get_string()), k);
        case Type::array:
            return emit_count(in.size(), k);
        case Type::object:
            return emit_count(distinct_key_count(in.members()), k);
        default:
            return fail(kind(in) + " (" + error_dump(in) + ") has no length");
    }
}

// The absolute value, in the number's own representation (a kept text loses its '-').
bool Evaluator::absolute_value(Value number, Sink k) {
    const NumberText text = number.number_text();  // empty unless kept as text
    const Result<std::int64_t> integer = number.get_int64();
    const bool negative = number.is_number_text() ? text.view().front() == '-'
                          : number.is_double()    ? std::signbit(*number.get_double())
                                                  : integer && *integer < 0;
    if (!negative) return k(number);
    ValueBuilder built;
    if (number.is_number_text()) {
        built.number_text(text.view().substr(1));
    } else if (number.is_double()) {
        built.double_(-*number.get_double());
    } else {
        built.uint64(std::uint64_t{0} - static_cast<std::uint64_t>(*integer));
    }
    return emit_built(built, k);
}

bool Evaluator::keys(Value in, Sink k) {
    if (!in.is_object() && !in.is_array()) {
        return fail(kind(in) + " (" + error_dump(in) + ") has no keys");
    }
    ValueBuilder built;
    built.begin_array();
    std::size_t count = 0;
    if (in.is_object()) {
        std::vector<std::string_view> names;
        append_sorted_keys(in.members(), names);
        for (const std::string_view name : names)
            built.string(name);
        count = names.size();
    } else {
        count = in.size();
        for (std::size_t i = 0; i < count; ++i)
            built.int64(static_cast<std::int64_t>(i));
    }
    built.end_array(count);
    return emit_built(built, k);
}

// jq 1.6's jv_has: null has nothing; arrays take numbers (truncated), objects strings.
bool Evaluator::has(Value in, Value key, Sink k) {
    if (in.is_null()) return emit_bool(false, k);
    if (in.is_object() && key.is_string()) {
        return emit_bool(in.members().contains(*key.get_string()), k);
    }
    if (in.is_array() && key.is_number()) {
        const double i = std::trunc(number_value(key));
        return emit_bool(i >= 0 && i < static_cast<double>(in.size()), k);
    }
    return fail("Cannot check whether " + kind(in) + " has a " + kind(key) + " key");
}

}  // namespace arenajson::query::detail
