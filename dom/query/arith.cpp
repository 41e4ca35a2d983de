// Operators on values: + - * / %, comparisons, indexing, and conversions to text and back.
#include "eval.hpp"

#include "arenajson/builder.hpp"
#include "arenajson/reader.hpp"

#include <climits>
#include <cmath>
#include <cstring>
#include <limits>

namespace arenajson::jq {

namespace {

Flow type_error2(Evaluator& ev, Node a, Node b, const char* what) {
    return ev.raise(describe(a) + " and " + describe(b) + " " + what);
}

// Integers within ±2^53 are exact as doubles, so integer arithmetic on them gives what jq's
// double arithmetic gives; beyond that jq rounds to a double first, and so do we.
constexpr std::int64_t kExact = std::int64_t{1} << 53;
bool small_int(const Node& n) noexcept {
    if (n.tag() != Tag::int64) return false;
    const auto i = static_cast<std::int64_t>(n.payload);
    return i >= -kExact && i <= kExact;
}
bool both_int(const Node& a, const Node& b) noexcept {
    return small_int(a) && small_int(b);
}
std::int64_t ival(const Node& n) noexcept {
    return static_cast<std::int64_t>(n.payload);
}

// a + b, a - b or a * b (op) for two numbers: an integer when both are integers and the result
// neither overflows nor leaves ±kExact, else the double result.
Node exact_or_double(BinOp op, const Node& a, const Node& b) {
    if (both_int(a, b)) {
        const std::int64_t x = ival(a), y = ival(b);
        std::int64_t r;
        const bool overflow = op == BinOp::add   ? __builtin_add_overflow(x, y, &r)
                              : op == BinOp::sub ? __builtin_sub_overflow(x, y, &r)
                                                 : __builtin_mul_overflow(x, y, &r);
        // Below 2^53 in magnitude, as make_number: a computed 2^53 stays a double.
        if (!overflow && r > -kExact && r < kExact) return make_int(r);
    }
    const double x = to_double(a), y = to_double(b);
    return make_number(op == BinOp::add ? x + y : op == BinOp::sub ? x - y : x * y);
}

// Deep merge for `*` on objects: iterative over the right operand's nested objects.
Node merge_recursive(Evaluator& ev, Node a, Node b);

Node merge(Evaluator& ev, Node a, Node b) {
    // Members of a, with b's values replacing same keys in place, then b's new keys.
    const std::size_t na = size_of(a), nb = size_of(b);
    if (na == 0) return b;
    if (nb == 0) return a;
    std::vector<Member> out(members(a), members(a) + na);
    for (std::size_t i = 0; i < nb; ++i) {
        const Member& m = members(b)[i];
        bool replaced = false;
        if (na < detail::kIndexThreshold || find_member(a, m.key) != nullptr) {
            for (std::size_t j = 0; j < na; ++j) {
                if (same_key(out[j].key, m.key)) {
                    out[j].value = m.value;
                    replaced = true;
                    break;
                }
            }
        }
        if (!replaced) out.push_back(m);
    }
    return ev.heap().object(out.data(), out.size());
}

Node merge_recursive(Evaluator& ev, Node a, Node b) {
    std::vector<Member> out(members(a), members(a) + size_of(a));
    for (std::size_t i = 0; i < size_of(b); ++i) {
        const Member& m = members(b)[i];
        bool replaced = false;
        for (Member& o : out) {
            if (same_key(o.key, m.key)) {
                o.value = is_object(o.value) && is_object(m.value)
                              ? merge_recursive(ev, o.value, m.value)
                              : m.value;
                replaced = true;
                break;
            }
        }
        if (!replaced) out.push_back(m);
    }
    return ev.heap().object(out.data(), out.size());
}

}  // namespace

Flow Evaluator::binop(BinOp op, Node a, Node b, Node& out) {
    switch (op) {
        case BinOp::eq:
            out = make_bool(equal(a, b));
            return Flow::go;
        case BinOp::ne:
            out = make_bool(!equal(a, b));
            return Flow::go;
        case BinOp::lt:
            out = make_bool(compare(a, b) < 0);
            return Flow::go;
        case BinOp::le:
            out = make_bool(compare(a, b) <= 0);
            return Flow::go;
        case BinOp::gt:
            out = make_bool(compare(a, b) > 0);
            return Flow::go;
        case BinOp::ge:
            out = make_bool(compare(a, b) >= 0);
            return Flow::go;
        case BinOp::add: {
            if (is_null(a)) {
                out = b;
                return Flow::go;
            }
            if (is_null(b)) {
                out = a;
                return Flow::go;
            }
            const Kind ka = kind(a), kb = kind(b);
            if (ka == Kind::number && kb == Kind::number) {
                out = exact_or_double(op, a, b);
                return Flow::go;
            }
            if (ka == Kind::string && kb == Kind::string) {
                const std::string_view x = string_of(a), y = string_of(b);
                heap_.check_room(x.size() + y.size());
                std::string s;
                s.reserve(x.size() + y.size());
                s += x;
                s += y;
                out = heap_.string(s);
                return Flow::go;
            }
            if (ka == Kind::array && kb == Kind::array) {
                if (size_of(a) == 0) {
                    out = b;
                } else if (size_of(b) == 0) {
                    out = a;
                } else {
                    Node* p = nullptr;
                    out = heap_.array(size_of(a) + size_of(b), &p);
                    std::memcpy(p, elements(a), size_of(a) * sizeof(Node));
                    std::memcpy(p + size_of(a), elements(b), size_of(b) * sizeof(Node));
                }
                return Flow::go;
            }
            if (ka == Kind::object && kb == Kind::object) {
                out = merge(*this, a, b);
                return Flow::go;
            }
            return type_error2(*this, a, b, "cannot be added");
        }
        case BinOp::sub: {
            const Kind ka = kind(a), kb = kind(b);
            if (ka == Kind::number && kb == Kind::number) {
                out = exact_or_double(op, a, b);
                return Flow::go;
            }
            if (ka == Kind::array && kb == Kind::array) {
                std::vector<Node> kept;
                for (std::size_t i = 0; i < size_of(a); ++i) {
                    bool drop = false;
                    for (std::size_t j = 0; j < size_of(b) && !drop; ++j)
                        drop = equal(elements(a)[i], elements(b)[j]);
                    if (!drop) kept.push_back(elements(a)[i]);
                }
                out = make_array(kept);
                return Flow::go;
            }
            return type_error2(*this, a, b, "cannot be subtracted");
        }
        case BinOp::mul: {
            const Kind ka = kind(a), kb = kind(b);
            if (ka == Kind::number && kb == Kind::number) {
                out = exact_or_double(op, a, b);
                return Flow::go;
            }
            if ((ka == Kind::string && kb == Kind::number) ||
                (ka == Kind::number && kb == Kind::string)) {
                const Node s = ka == Kind::string ? a : b;
                const double d = to_double(ka == Kind::number ? a : b);
                if (std::isnan(d) || d < 0) {
                    out = make_null();
                    return Flow::go;
                }
                const std::string_view text = string_of(s);
                if (text.empty()) {  // however many times: no loop over the count
                    out = s;
                    return Flow::go;
                }
                const double total = d * static_cast<double>(text.size());
                // jq 1.8's bound on a repeated string (its lengths are ints).
                if (total > static_cast<double>(std::numeric_limits<int>::max()))
                    return raise("Repeat string result too long");
                if (total > static_cast<double>(heap_.room()))
                    throw LimitReached{ErrorCode::query_memory_limit};
                const auto n = static_cast<std::size_t>(d);
                std::string r;
                r.reserve(text.size() * n);
                for (std::size_t i = 0; i < n; ++i)
                    r += text;
                out = heap_.string(r);
                return Flow::go;
            }
            if (ka == Kind::object && kb == Kind::object) {
                out = merge_recursive(*this, a, b);
                return Flow::go;
            }
            return type_error2(*this, a, b, "cannot be multiplied");
        }
        case BinOp::div: {
            const Kind ka = kind(a), kb = kind(b);
            if (ka == Kind::number && kb == Kind::number) {
                // 0 / 0 too (jq 1.7 and later; jq 1.6 folded a constant 0 / 0 into null).
                if (to_double(b) == 0.0)
                    return type_error2(*this, a, b,
                                       "cannot be divided because the divisor is zero");
                if (both_int(a, b) && ival(b) != -1 && ival(a) % ival(b) == 0) {
                    out = make_int(ival(a) / ival(b));
                } else {
                    out = make_number(to_double(a) / to_double(b));
                }
                return Flow::go;
            }
            if (ka == Kind::string && kb == Kind::string) {
                const std::string_view s = string_of(a), sep = string_of(b);
                std::vector<Node> parts;
                if (s.empty()) {
                    out = heap_.array(nullptr, 0);
                    return Flow::go;
                }
                if (sep.empty()) {
                    // jq splits an empty separator into characters.
                    std::size_t i = 0;
                    while (i < s.size()) {
                        std::size_t j = i + 1;
                        while (j < s.size() && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80)
                            ++j;
                        parts.push_back(heap_.string(s.substr(i, j - i)));
                        i = j;
                    }
                } else {
                    std::size_t start = 0;
                    for (;;) {
                        const std::size_t at = s.find(sep, start);
                        if (at == std::string_view::npos) {
                            parts.push_back(heap_.string(s.substr(start)));
                            break;
                        }
                        parts.push_back(heap_.string(s.substr(start, at - start)));
                        start = at + sep.size();
                    }
                }
                out = make_array(parts);
                return Flow::go;
            }
            return type_error2(*this, a, b, "cannot be divided");
        }
        case BinOp::mod: {
            const Kind ka = kind(a), kb = kind(b);
            if (ka == Kind::number && kb == Kind::number) {
                const double x = to_double(a), y = to_double(b);
                if (std::isnan(x) || std::isnan(y)) {
                    out = make_number(std::nan(""));
                    return Flow::go;
                }
                const auto to_int = [](double d) -> std::int64_t {
                    if (d < -9.2233720368547758e18) return INT64_MIN;
                    if (d >= 9.2233720368547758e18) return INT64_MAX;
                    return static_cast<std::int64_t>(d);
                };
                const std::int64_t yi = to_int(y);
                if (yi == 0)
                    return type_error2(*this, a, b,
                                       "cannot be divided (remainder) because the divisor is zero");
                out = make_int(yi == -1 ? 0 : to_int(x) % yi);
                return Flow::go;
            }
            return type_error2(*this, a, b, "cannot be divided (remainder)");
        }
    }
    return Flow::go;
}

Flow Evaluator::index_value(Node t, Node key, bool optional, Node& out, bool& produced) {
    produced = false;
    const Kind kt = kind(t), kk = kind(key);
    if (kt == Kind::object && kk == Kind::string) {
        const Node* v = find_member(t, string_of(key));
        out = v != nullptr ? *v : make_null();
        produced = true;
        return Flow::go;
    }
    if (kt == Kind::array && kk == Kind::number) {
        const double d = to_double(key);
        out = make_null();
        produced = true;
        if (std::isnan(d)) return Flow::go;
        auto i = static_cast<std::int64_t>(std::floor(d < -9e18 ? -9e18 : d > 9e18 ? 9e18 : d));
        const auto n = static_cast<std::int64_t>(size_of(t));
        if (i < 0) i += n;
        if (i >= 0 && i < n) out = elements(t)[i];
        return Flow::go;
    }
    if ((kt == Kind::array || kt == Kind::string || kt == Kind::null) && kk == Kind::object) {
        if (kt == Kind::null) {
            out = make_null();
            produced = true;
            return Flow::go;
        }
        const Node* s = find_member(key, "start");
        const Node* e = find_member(key, "end");
        const Node start = s != nullptr ? *s : make_null();
        const Node end = e != nullptr ? *e : make_null();
        if ((!is_null(start) && !is_number(start)) || (!is_null(end) && !is_number(end))) {
            if (optional) return Flow::go;
            return raise(kt == Kind::array
                             ? "Start and end indices of an array slice must be numbers"
                             : "Start and end indices of an string slice must be numbers");
        }
        const std::string_view text = kt == Kind::string ? string_of(t) : std::string_view();
        const auto len =
            static_cast<double>(kt == Kind::array ? size_of(t) : codepoint_count(text));
        // A NaN bound is no bound, as in jq 1.8 (`.[nan:1]` is `.[:1]`).
        double ds = is_null(start) ? 0 : to_double(start);
        double de = is_null(end) ? len : to_double(end);
        if (std::isnan(ds)) ds = 0;
        if (std::isnan(de)) de = len;
        if (ds < 0) ds += len;
        if (de < 0) de += len;
        if (ds < 0) ds = 0;
        if (ds > len) ds = len;
        auto from = static_cast<std::size_t>(ds);
        std::size_t to = de > len ? static_cast<std::size_t>(len)
                         : de < 0 ? 0
                                  : static_cast<std::size_t>(de);
        if (static_cast<double>(to) < de && de <= len) ++to;
        if (to > static_cast<std::size_t>(len)) to = static_cast<std::size_t>(len);
        if (to < from) to = from;
        if (kt == Kind::array) {
            out = heap_.array(elements(t) + from, to - from);
        } else {
            const std::size_t b = codepoint_offset(text, from);
            const std::size_t e2 = codepoint_offset(text, to);
            out = heap_.string(text.substr(b, e2 - b));
        }
        produced = true;
        return Flow::go;
    }
    if (kt == Kind::array && kk == Kind::array) {
        // The positions where `key` occurs as a sub-array.
        std::vector<Node> found;
        const std::size_t n = size_of(t), m = size_of(key);
        if (m != 0) {
            for (std::size_t i = 0; i + m <= n; ++i) {
                bool match = true;
                for (std::size_t j = 0; j < m && match; ++j)
                    match = equal(elements(t)[i + j], elements(key)[j]);
                if (match) found.push_back(make_int(static_cast<std::int64_t>(i)));
            }
        }
        out = make_array(found);
        produced = true;
        return Flow::go;
    }
    if (kt == Kind::null && (kk == Kind::string || kk == Kind::number)) {
        out = make_null();
        produced = true;
        return Flow::go;
    }
    if (optional) return Flow::go;
    return raise(index_error(kind_name(kt), key));
}

std::string Evaluator::to_text(Node v) {
    if (is_string(v)) return std::string(string_of(v));
    std::string s;
    dump(s, v);
    return s;
}

Flow Evaluator::tostring(Node v, Node& out) {
    if (is_string(v)) {
        out = v;
        return Flow::go;
    }
    std::string s;
    dump(s, v);
    out = heap_.string(s);
    return Flow::go;
}

// --- JSON text to values in the evaluation's arena

bool parse_json(Heap& heap, std::string_view text, Node& out, std::string& message) {
    DomBuilder builder;
    builder.begin(heap.arena(), DuplicateKeys::keep);
    // jq 1.8's nesting limit for parsing, and its message.
    ReaderOptions options;
    options.max_depth = 10000;
    Reader<DomBuilder> reader(builder, options);
    ReadResult r = reader.feed(text);
    if (r.status != ReadStatus::error) r = reader.finish();
    if (r.status == ReadStatus::error) {
        const Error& e = reader.error();
        if (e.code == ErrorCode::memory_limit) throw LimitReached{ErrorCode::query_memory_limit};
        message =
            e.code == ErrorCode::depth_limit ? "Exceeds depth limit for parsing" : e.to_string();
        return false;
    }
    const Node* root = builder.finish();
    if (root == nullptr) throw LimitReached{ErrorCode::query_memory_limit};
    out = *root;
    return true;
}

}  // namespace arenajson::jq
