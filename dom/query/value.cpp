#include "value.hpp"

#include "arenajson/detail/json_text.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <limits>
#include <vector>

namespace arenajson::jq {

const char* kind_name(Kind k) noexcept {
    switch (k) {
        case Kind::null:
            return "null";
        case Kind::false_:
        case Kind::true_:
            return "boolean";
        case Kind::number:
            return "number";
        case Kind::string:
            return "string";
        case Kind::array:
            return "array";
        case Kind::object:
            return "object";
    }
    return "null";
}

namespace {

std::string_view number_text(const Node& n, char (&buf)[detail::kMaxInlineNumber]) noexcept {
    if (n.tag() == Tag::number_text_inline) return {buf, detail::unpack_number_text(n, buf)};
    return {n.pointer<char>(), static_cast<std::size_t>(n.length())};
}

// A number's text as decNumber sees it: sign, coefficient digits (no leading zeros, "0" for
// zero) and exponent. Exponents past ±2^62 are clamped (no JSON text a reader keeps is
// that long, and the order of such values is then still right).
struct Decimal {
    bool negative = false;
    std::string digits;
    std::int64_t exponent = 0;
};

Decimal to_decimal(std::string_view t) {
    constexpr std::int64_t kClamp = std::int64_t{1} << 62;
    Decimal d;
    std::size_t i = 0;
    if (i < t.size() && (t[i] == '-' || t[i] == '+')) d.negative = t[i++] == '-';
    std::int64_t fraction = 0;
    bool point = false;
    for (; i < t.size() && t[i] != 'e' && t[i] != 'E'; ++i) {
        if (t[i] == '.') {
            point = true;
        } else {
            if (!(d.digits.empty() && t[i] == '0')) d.digits.push_back(t[i]);
            if (point) ++fraction;
        }
    }
    std::int64_t exponent = 0;
    if (i < t.size()) {
        ++i;
        bool minus = false;
        if (i < t.size() && (t[i] == '-' || t[i] == '+')) minus = t[i++] == '-';
        for (; i < t.size(); ++i)
            exponent = exponent >= kClamp / 10 ? kClamp : exponent * 10 + (t[i] - '0');
        if (minus) exponent = -exponent;
    }
    if (d.digits.empty()) d.digits = "0";
    d.exponent = exponent - fraction;
    return d;
}

// decNumber's to-scientific-string: plain notation when the exponent is at most 0 and the
// adjusted exponent at least -6, else d.dddE±n.
std::string canonical(const Decimal& d) {
    std::string out = d.negative ? "-" : "";
    const auto n = static_cast<std::int64_t>(d.digits.size());
    const std::int64_t adjusted = d.exponent + n - 1;
    if (d.exponent <= 0 && adjusted >= -6) {
        const std::int64_t point = n + d.exponent;
        if (d.exponent == 0) {
            out += d.digits;
        } else if (point > 0) {
            out.append(d.digits, 0, static_cast<std::size_t>(point));
            out += '.';
            out.append(d.digits, static_cast<std::size_t>(point));
        } else {
            out += "0.";
            out.append(static_cast<std::size_t>(-point), '0');
            out += d.digits;
        }
        return out;
    }
    out += d.digits[0];
    if (n > 1) {
        out += '.';
        out.append(d.digits, 1);
    }
    out += adjusted >= 0 ? "E+" : "E-";
    out += std::to_string(adjusted >= 0 ? adjusted : -adjusted);
    return out;
}

// The exact order of two decimals: -1, 0, 1.
int compare_decimals(const Decimal& a, const Decimal& b) noexcept {
    const bool za = a.digits == "0", zb = b.digits == "0";
    if (za || zb) {
        if (za && zb) return 0;
        if (za) return b.negative ? 1 : -1;
        return a.negative ? -1 : 1;
    }
    if (a.negative != b.negative) return a.negative ? -1 : 1;
    const int sign = a.negative ? -1 : 1;
    const std::int64_t ea = a.exponent + static_cast<std::int64_t>(a.digits.size());
    const std::int64_t eb = b.exponent + static_cast<std::int64_t>(b.digits.size());
    if (ea != eb) return ea < eb ? -sign : sign;
    // Same magnitude order: the digits decide, the shorter as if followed by zeros.
    const std::size_t n = std::max(a.digits.size(), b.digits.size());
    for (std::size_t i = 0; i < n; ++i) {
        const char x = i < a.digits.size() ? a.digits[i] : '0';
        const char y = i < b.digits.size() ? b.digits[i] : '0';
        if (x != y) return x < y ? -sign : sign;
    }
    return 0;
}

// An integer or kept text as a decimal.
Decimal decimal_of(const Node& n) {
    char buf[detail::kMaxInlineNumber] = {};
    if (n.tag() == Tag::int64 || n.tag() == Tag::uint64) {
        char digits[24];
        const auto r = n.tag() == Tag::int64
                           ? std::to_chars(digits, digits + sizeof digits,
                                           static_cast<std::int64_t>(n.payload))
                           : std::to_chars(digits, digits + sizeof digits, n.payload);
        return to_decimal(std::string_view(digits, static_cast<std::size_t>(r.ptr - digits)));
    }
    return to_decimal(number_text(n, buf));
}

double text_to_double(std::string_view s) noexcept {
    double d = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), d);
    if (r.ec == std::errc::result_out_of_range) {
        // from_chars leaves d unchanged on overflow or underflow: decide from the exponent.
        const std::size_t e = s.find_first_of("eE");
        const bool negative_exponent =
            e != std::string_view::npos && e + 1 < s.size() && s[e + 1] == '-';
        const bool negative = !s.empty() && s[0] == '-';
        if (negative_exponent) return negative ? -0.0 : 0.0;
        return negative ? -std::numeric_limits<double>::infinity()
                        : std::numeric_limits<double>::infinity();
    }
    return d;
}

}  // namespace

double to_double(const Node& n) noexcept {
    switch (n.tag()) {
        case Tag::int64:
            return static_cast<double>(static_cast<std::int64_t>(n.payload));
        case Tag::uint64:
            return static_cast<double>(n.payload);
        case Tag::double_:
            return std::bit_cast<double>(n.payload);
        case Tag::number_text_inline:
        case Tag::number_text: {
            char buf[detail::kMaxInlineNumber] = {};
            return text_to_double(number_text(n, buf));
        }
        default:
            return 0;
    }
}

bool to_int64(const Node& n, std::int64_t& out) noexcept {
    if (n.tag() == Tag::int64) {
        out = static_cast<std::int64_t>(n.payload);
        return true;
    }
    if (n.tag() == Tag::uint64) return false;
    const double d = to_double(n);
    if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0) || std::trunc(d) != d)
        return false;
    out = static_cast<std::int64_t>(d);
    return true;
}

std::int64_t to_index(const Node& n) noexcept {
    if (n.tag() == Tag::int64) return static_cast<std::int64_t>(n.payload);
    const double d = to_double(n);
    if (std::isnan(d)) return 0;
    if (d >= 9.2e18) return std::numeric_limits<std::int64_t>::max() / 2;
    if (d <= -9.2e18) return std::numeric_limits<std::int64_t>::min() / 2;
    return static_cast<std::int64_t>(d);
}

const Node* find_member(const Node& object, const KeyRecord* key) noexcept {
    const std::size_t count = size_of(object);
    const Member* m = members(object);
    if (!detail::ObjectIndex::wanted(count)) {
        for (std::size_t i = 0; i < count; ++i) {
            if (same_key(m[i].key, key)) return &m[i].value;
        }
        return nullptr;
    }
    const Member* found = detail::ObjectIndex::find(object.head, m, count, key->view());
    return found != nullptr ? &found->value : nullptr;
}

const Node* find_member(const Node& object, std::string_view key) noexcept {
    const std::size_t count = size_of(object);
    const Member* m = members(object);
    if (!detail::ObjectIndex::wanted(count)) {
        for (std::size_t i = 0; i < count; ++i) {
            if (m[i].key->length == key.size() &&
                detail::bytes_equal(m[i].key->chars(), key.data(), key.size()))
                return &m[i].value;
        }
        return nullptr;
    }
    const Member* found = detail::ObjectIndex::find(object.head, m, count, key);
    return found != nullptr ? &found->value : nullptr;
}

std::size_t codepoint_count(std::string_view s) noexcept {
    std::size_t n = 0;
    for (const char c : s)
        n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

std::size_t codepoint_offset(std::string_view s, std::size_t index) noexcept {
    std::size_t i = 0;
    for (; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
            if (index == 0) return i;
            --index;
        }
    }
    return s.size();
}

// --- Heap

void Heap::check_room(std::size_t bytes) const {
    if (bytes > room()) throw LimitReached{ErrorCode::query_memory_limit};
}

std::size_t Heap::room() const noexcept {
    const std::size_t limit = arena_.options().byte_limit;
    const std::size_t used = arena_.stats().bytes_reserved;
    return used >= limit ? 0 : limit - used;
}

Node Heap::string(std::string_view s) {
    if (s.size() <= detail::kMaxInlineString) return detail::make_inline_string(s);
    auto* p = static_cast<char*>(alloc(s.size() + 1, 1));
    std::memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    return Node{std::uint64_t(Tag::string) | (std::uint64_t{s.size()} << 8),
                reinterpret_cast<std::uintptr_t>(p)};
}

Node Heap::number_text(std::string_view s) {
    if (s.size() <= detail::kMaxInlineNumber) return detail::pack_number_text(s);
    auto* p = static_cast<char*>(alloc(s.size(), 1));
    std::memcpy(p, s.data(), s.size());
    return Node::make(Tag::number_text, s.size(), p);
}

Node negate_number(Heap& heap, const Node& v) {
    switch (v.tag()) {
        case Tag::int64: {
            const auto i = static_cast<std::int64_t>(v.payload);
            if (i != INT64_MIN) return make_int(-i);
            return Node{std::uint64_t(Tag::uint64), std::uint64_t{1} << 63};
        }
        case Tag::uint64: {
            if (v.payload == std::uint64_t{1} << 63) return make_int(INT64_MIN);
            char digits[24] = {'-'};
            const auto r = std::to_chars(digits + 1, digits + sizeof digits, v.payload);
            return heap.number_text(
                std::string_view(digits, static_cast<std::size_t>(r.ptr - digits)));
        }
        case Tag::number_text:
        case Tag::number_text_inline: {
            // The sign of the text flipped (JSON texts have no '+').
            char buf[detail::kMaxInlineNumber] = {};
            const std::string_view t = number_text(v, buf);
            if (t[0] == '-') return heap.number_text(t.substr(1));
            return heap.number_text("-" + std::string(t));
        }
        default:
            return make_number(-to_double(v));
    }
}

Node abs_number(Heap& heap, const Node& v) {
    if (v.tag() == Tag::double_) {
        const double d = to_double(v);
        return make_number(std::fabs(d));  // -0 too
    }
    return compare_numbers(v, make_int(0)) < 0 ? negate_number(heap, v) : v;
}

Node Heap::array(std::size_t count, Node** out) {
    if (count > (std::size_t{1} << 40)) throw LimitReached{ErrorCode::query_memory_limit};
    auto* p = count == 0 ? nullptr : static_cast<Node*>(alloc(count * sizeof(Node), alignof(Node)));
    *out = p;
    return Node{std::uint64_t(Tag::array) | (std::uint64_t{count} << 8),
                reinterpret_cast<std::uintptr_t>(p)};
}

Node Heap::array(const Node* items, std::size_t count) {
    Node* p = nullptr;
    const Node n = array(count, &p);
    if (count != 0) std::memcpy(p, items, count * sizeof(Node));
    return n;
}

Node Heap::object(const Member* items, std::size_t count) {
    if (count >= 0xFFFFFFFFu) throw LimitReached{ErrorCode::query_memory_limit};
    void* p = nullptr;
    std::uint64_t flags = 0;
    if (count != 0) {
        p = alloc(count * sizeof(Member) + detail::ObjectIndex::bytes(count), alignof(Member));
        std::memcpy(p, items, count * sizeof(Member));
        // The library's index: seeded hashes, and an ordered index if keys collide.
        if (detail::ObjectIndex::wanted(count) &&
            !detail::ObjectIndex::build(static_cast<const Member*>(p), count,
                                        static_cast<Member*>(p) + count, arena_, flags)) {
            throw LimitReached{ErrorCode::query_memory_limit};
        }
    }
    return Node{std::uint64_t(Tag::object) | flags | (std::uint64_t{count} << 8),
                reinterpret_cast<std::uintptr_t>(p)};
}

const KeyRecord* make_key(Arena& arena, std::string_view s) noexcept {
    if (s.size() >= 0xFFFFFFFFu) return nullptr;
    void* p = arena.try_alloc(sizeof(KeyRecord) + s.size() + 1, alignof(KeyRecord));
    if (p == nullptr) return nullptr;
    auto* record = static_cast<KeyRecord*>(p);
    record->hash = detail::hash_key(s);
    record->length = static_cast<std::uint32_t>(s.size());
    char* chars = static_cast<char*>(p) + sizeof(KeyRecord);
    if (!s.empty()) std::memcpy(chars, s.data(), s.size());
    chars[s.size()] = '\0';
    return record;
}

const KeyRecord* Heap::key(std::string_view s) {
    const std::uint32_t hash = detail::hash_key(s);
    CacheEntry& e = cache_[hash & (kKeyCache - 1)];
    if (e.generation == generation_ && e.key->hash == hash && e.key->length == s.size() &&
        detail::bytes_equal(e.key->chars(), s.data(), s.size()))
        return e.key;
    const KeyRecord* k = make_key(arena_, s);
    if (k == nullptr) throw LimitReached{ErrorCode::query_memory_limit};
    e = CacheEntry{k, generation_};
    return k;
}

// --- order

int compare_numbers(const Node& a, const Node& b) noexcept {
    const Tag ta = a.tag(), tb = b.tag();
    if (ta == Tag::int64 && tb == Tag::int64) {
        const auto x = static_cast<std::int64_t>(a.payload),
                   y = static_cast<std::int64_t>(b.payload);
        return x < y ? -1 : x > y;
    }
    if ((ta == Tag::int64 || ta == Tag::uint64) && (tb == Tag::int64 || tb == Tag::uint64)) {
        const bool na = ta == Tag::int64 && static_cast<std::int64_t>(a.payload) < 0;
        const bool nb = tb == Tag::int64 && static_cast<std::int64_t>(b.payload) < 0;
        if (na != nb) return na ? -1 : 1;
        return a.payload < b.payload ? -1 : a.payload > b.payload;
    }
    // A double and another number compare as doubles, as jq 1.8 compares a computed number
    // with a literal (`9007199254740993 + 0 == 9007199254740993` is true there).
    if (ta == Tag::double_ || tb == Tag::double_) {
        const double x = to_double(a), y = to_double(b);
        const bool xn = std::isnan(x), yn = std::isnan(y);
        if (xn || yn) return xn == yn ? 0 : xn ? -1 : 1;
        return x < y ? -1 : x > y;
    }
    // A number kept as text against a literal: exactly, as jq 1.8 compares two literals.
    return compare_decimals(decimal_of(a), decimal_of(b));
}

namespace {

int compare_bytes(std::string_view a, std::string_view b) noexcept {
    const int r = std::memcmp(a.data(), b.data(), std::min(a.size(), b.size()));
    if (r != 0) return r < 0 ? -1 : 1;
    return a.size() < b.size() ? -1 : a.size() > b.size();
}

std::vector<const KeyRecord*> sorted_keys(const Node& o) {
    std::vector<const KeyRecord*> keys;
    keys.reserve(size_of(o));
    const Member* m = members(o);
    for (std::size_t i = 0; i < size_of(o); ++i)
        keys.push_back(m[i].key);
    std::sort(keys.begin(), keys.end(), [](const KeyRecord* x, const KeyRecord* y) {
        return compare_bytes(x->view(), y->view()) < 0;
    });
    keys.erase(
        std::unique(keys.begin(), keys.end(),
                    [](const KeyRecord* x, const KeyRecord* y) { return x->view() == y->view(); }),
        keys.end());
    return keys;
}

int compare_scalars(const Node& a, const Node& b, Kind k) noexcept {
    if (k == Kind::number) return compare_numbers(a, b);
    if (k == Kind::string) return compare_bytes(string_of(a), string_of(b));
    return 0;
}

struct Frame {
    Node a, b;
    std::size_t next = 0;
    std::vector<const KeyRecord*> keys;  // objects: the shared sorted key list
};

}  // namespace

int compare(const Node& a0, const Node& b0) {
    const Kind ka0 = kind(a0), kb0 = kind(b0);
    if (ka0 != kb0) return ka0 < kb0 ? -1 : 1;
    if (ka0 != Kind::array && ka0 != Kind::object) return compare_scalars(a0, b0, ka0);
    std::vector<Frame> stack;
    const auto open = [&](const Node& a, const Node& b) -> int {
        Frame f{a, b, 0, {}};
        if (is_object(a)) {
            // Keys first: the sorted key lists compare as arrays of strings.
            std::vector<const KeyRecord*> ka = sorted_keys(a), kb = sorted_keys(b);
            const std::size_t n = std::min(ka.size(), kb.size());
            for (std::size_t i = 0; i < n; ++i) {
                const int r = compare_bytes(ka[i]->view(), kb[i]->view());
                if (r != 0) return r;
            }
            if (ka.size() != kb.size()) return ka.size() < kb.size() ? -1 : 1;
            f.keys = std::move(ka);
        }
        stack.push_back(std::move(f));
        return 0;
    };
    if (const int r = open(a0, b0); r != 0) return r;
    while (!stack.empty()) {
        Frame& f = stack.back();
        Node x, y;
        if (is_array(f.a)) {
            const std::size_t na = size_of(f.a), nb = size_of(f.b);
            if (f.next == na || f.next == nb) {
                const int r = na == nb ? 0 : na < nb ? -1 : 1;
                if (r != 0) return r;
                stack.pop_back();
                continue;
            }
            x = elements(f.a)[f.next];
            y = elements(f.b)[f.next];
        } else {
            if (f.next == f.keys.size()) {
                stack.pop_back();
                continue;
            }
            x = *find_member(f.a, f.keys[f.next]);
            y = *find_member(f.b, f.keys[f.next]);
        }
        ++f.next;
        const Kind kx = kind(x), ky = kind(y);
        if (kx != ky) return kx < ky ? -1 : 1;
        if (kx == Kind::array || kx == Kind::object) {
            if (const int r = open(x, y); r != 0) return r;
        } else if (const int r = compare_scalars(x, y, kx); r != 0) {
            return r;
        }
    }
    return 0;
}

bool equal(const Node& a0, const Node& b0) {
    const Kind k0 = kind(a0);
    if (k0 != kind(b0)) return false;
    if (k0 != Kind::array && k0 != Kind::object) return compare_scalars(a0, b0, k0) == 0;
    std::vector<std::pair<Node, Node>> pending{{a0, b0}};
    while (!pending.empty()) {
        const auto [a, b] = pending.back();
        pending.pop_back();
        const Kind k = kind(a);
        if (k != kind(b)) return false;
        if (k == Kind::array) {
            if (size_of(a) != size_of(b)) return false;
            for (std::size_t i = 0; i < size_of(a); ++i)
                pending.emplace_back(elements(a)[i], elements(b)[i]);
        } else if (k == Kind::object) {
            if (size_of(a) != size_of(b)) return false;
            const Member* m = members(a);
            for (std::size_t i = 0; i < size_of(a); ++i) {
                const Node* other = find_member(b, m[i].key);
                if (other == nullptr) return false;
                pending.emplace_back(m[i].value, *other);
            }
        } else if (compare_scalars(a, b, k) != 0) {
            return false;
        }
    }
    return true;
}

// --- text

namespace {

// jq escapes DEL as well as what JSON requires, and with --ascii-output every non-ASCII
// character: the library's one escaper does both.
void dump_string(std::string& out, std::string_view s, bool ascii) {
    detail::append_json_string(out, s, detail::StringEscapes{.non_ascii = ascii, .del = true});
}

// jq's own number layout, not the writer's (detail::format_double): both take the shortest
// round-trip digits from std::to_chars, but jq places them by its own rule (plain notation
// until the point lies more than 15 places past the digits or 4 zeros after "0.", else
// d.ddde±XX with at least two exponent digits) and never marks integral doubles with ".0";
// the writer keeps std::to_chars's layout and marks them, so the text reads back as a double.
// What the two share, the digits, already has one home: std::to_chars.
void dump_double(std::string& out, double d) {
    if (std::isnan(d)) {
        out += "null";
        return;
    }
    if (std::isinf(d))
        d = d < 0 ? -std::numeric_limits<double>::max() : std::numeric_limits<double>::max();
    if (d == 0) {
        out += std::signbit(d) ? "-0" : "0";
        return;
    }
    char buf[48];
    const auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    std::string_view s(buf, static_cast<std::size_t>(r.ptr - buf));
    bool negative = false;
    if (s[0] == '-') {
        negative = true;
        s.remove_prefix(1);
    }
    const std::size_t e = s.find('e');
    std::string digits;
    for (char c : s.substr(0, e)) {
        if (c != '.') digits.push_back(c);
    }
    int exponent = 0;
    std::from_chars(s.data() + e + 1 + (s[e + 1] == '+'), s.data() + s.size(), exponent);
    const int n = static_cast<int>(digits.size());
    const int decpt = exponent + 1;  // value = 0.DIGITS x 10^decpt
    if (negative) out.push_back('-');
    if (decpt <= -4 || decpt > n + 15) {
        out.push_back(digits[0]);
        if (n > 1) {
            out.push_back('.');
            out.append(digits, 1);
        }
        out.push_back('e');
        const int x = decpt - 1;
        out.push_back(x < 0 ? '-' : '+');
        const int ax = x < 0 ? -x : x;
        if (ax < 10) out.push_back('0');
        out += std::to_string(ax);
    } else if (decpt <= 0) {
        out += "0.";
        out.append(static_cast<std::size_t>(-decpt), '0');
        out += digits;
    } else if (decpt >= n) {
        out += digits;
        out.append(static_cast<std::size_t>(decpt - n), '0');
    } else {
        out.append(digits, 0, static_cast<std::size_t>(decpt));
        out.push_back('.');
        out.append(digits, static_cast<std::size_t>(decpt));
    }
}

}  // namespace

void dump_number(std::string& out, const Node& n) {
    char buf[32];
    switch (n.tag()) {
        case Tag::int64: {
            const auto r =
                std::to_chars(buf, buf + sizeof buf, static_cast<std::int64_t>(n.payload));
            out.append(buf, static_cast<std::size_t>(r.ptr - buf));
            return;
        }
        case Tag::uint64: {
            const auto r = std::to_chars(buf, buf + sizeof buf, n.payload);
            out.append(buf, static_cast<std::size_t>(r.ptr - buf));
            return;
        }
        case Tag::double_:
            dump_double(out, std::bit_cast<double>(n.payload));
            return;
        default: {
            // Kept texts print as jq 1.8 prints a literal: in decNumber's canonical form
            // (1E1000 as 1E+1000, 100e-2 as 1.00), whatever a double could hold.
            char text[detail::kMaxInlineNumber] = {};
            out += canonical(to_decimal(number_text(n, text)));
        }
    }
}

void dump(std::string& out, const Node& root, const DumpOptions& options) {
    const bool pretty = options.indent > 0 || options.tab;
    const auto newline = [&](std::size_t depth) {
        out.push_back('\n');
        if (options.tab) {
            out.append(depth, '\t');
        } else {
            out.append(depth * static_cast<std::size_t>(options.indent), ' ');
        }
    };
    struct Frame {
        Node node;
        std::size_t next;
        std::vector<const Member*> order;  // sort_keys: members by key
    };
    std::vector<Frame> stack;
    const Node* current = &root;
    Node holder;
    // As jq 1.8: a value nested more than kMaxDumpDepth deep is not written.
    constexpr std::size_t kMaxDumpDepth = 10000;
    for (;;) {
        const Node& v = *current;
        switch (v.tag()) {
            case Tag::null:
                out += "null";
                break;
            case Tag::false_:
                out += "false";
                break;
            case Tag::true_:
                out += "true";
                break;
            case Tag::string_inline:
            case Tag::string:
                dump_string(out, string_of(v), options.ascii);
                break;
            case Tag::array:
            case Tag::object:
                if (size_of(v) == 0) {
                    out += is_array(v) ? "[]" : "{}";
                } else {
                    out.push_back(is_array(v) ? '[' : '{');
                    Frame f{v, 0, {}};
                    if (is_object(v) && options.sort_keys) {
                        const Member* m = members(v);
                        for (std::size_t i = 0; i < size_of(v); ++i)
                            f.order.push_back(m + i);
                        std::stable_sort(
                            f.order.begin(), f.order.end(), [](const Member* a, const Member* b) {
                                return compare_bytes(a->key->view(), b->key->view()) < 0;
                            });
                    }
                    stack.push_back(std::move(f));
                }
                break;
            default:
                dump_number(out, v);
        }
        current = nullptr;
        while (!stack.empty()) {
            Frame& f = stack.back();
            if (f.next == size_of(f.node)) {
                if (pretty) newline(stack.size() - 1);
                out.push_back(is_array(f.node) ? ']' : '}');
                stack.pop_back();
                continue;
            }
            if (f.next != 0) out.push_back(',');
            if (pretty) newline(stack.size());
            if (is_object(f.node)) {
                const Member* m = f.order.empty() ? members(f.node) + f.next : f.order[f.next];
                dump_string(out, m->key->view(), options.ascii);
                out += pretty ? ": " : ":";
                holder = m->value;
            } else {
                holder = elements(f.node)[f.next];
            }
            ++f.next;
            if (stack.size() > kMaxDumpDepth) {
                out += "<skipped: too deep>";
                continue;
            }
            current = &holder;
            break;
        }
        if (current == nullptr) break;
    }
}

std::string dump_truncated(const Node& v, std::size_t max) {
    std::string s;
    dump(s, v);
    if (s.size() > max + 3) {
        detail::cut_utf8(s, max);
        s += "...";
    }
    return s;
}

std::string describe(const Node& v) {
    std::string text;
    dump(text, v);
    return detail::jq_describe(kind_name(v), std::move(text), is_string(v));
}

std::string describe_string(std::string_view s) {
    std::string text;
    dump_string(text, s, false);
    return detail::jq_describe(kind_name(Kind::string), std::move(text), true);
}

std::string index_error(const char* kind, const Node& key) {
    return std::string("Cannot index ") + kind + " with " + describe(key);
}

std::string index_error(const char* kind, std::string_view key) {
    return std::string("Cannot index ") + kind + " with " + describe_string(key);
}

}  // namespace arenajson::jq
