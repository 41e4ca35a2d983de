#include "query/order.hpp"

#include "query/numbers.hpp"

#include <algorithm>
#include <cstdint>

namespace arenajson::query::detail {

namespace {

int rank(Value v) noexcept {
    switch (v.type()) {
        case Type::null:
            return 0;
        case Type::boolean:
            return *v.get_bool() ? 2 : 1;
        case Type::number:
            return 3;
        case Type::string:
            return 4;
        case Type::array:
            return 5;
        case Type::object:
            return 6;
        case Type::missing:
            break;
    }
    return -1;
}

int compare_strings(std::string_view a, std::string_view b) noexcept {
    // std::string_view compares as unsigned bytes, which for UTF-8 is code point order.
    const int c = a.compare(b);
    return (c > 0) - (c < 0);
}

// Two open containers being compared element by element. For objects, their shared sorted
// keys are keys[first_key, first_key + key_count).
struct Frame {
    Value a;
    Value b;
    std::size_t next = 0;
    std::size_t first_key = 0;
    std::size_t key_count = 0;
    bool object = false;
};

}  // namespace

std::size_t distinct_key_count(Object object) noexcept {
    std::size_t n = 0;
    for (const Member m : object)
        if (is_first_member(object, m)) ++n;
    return n;
}

void append_sorted_keys(Object object, std::vector<std::string_view>& out) {
    const std::size_t first = out.size();
    for (const Member m : object) {
        if (is_first_member(object, m)) out.push_back(m.key);
    }
    std::sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end());
}

int compare_values(Value a, Value b) {
    std::vector<Frame> stack;
    std::vector<std::string_view> keys;
    Value x = a;
    Value y = b;
    for (;;) {
        if (x.node() != y.node()) {
            const int rx = rank(x);
            const int ry = rank(y);
            if (rx != ry) return rx < ry ? -1 : 1;
            int r = 0;
            switch (x.type()) {
                case Type::number:
                    r = compare_numbers(x, y);
                    break;
                case Type::string:
                    r = compare_strings(*x.get_string(), *y.get_string());
                    break;
                case Type::array:
                    stack.push_back(Frame{x, y});
                    break;
                case Type::object: {
                    const std::size_t first = keys.size();
                    append_sorted_keys(x.members(), keys);
                    const std::size_t middle = keys.size();
                    append_sorted_keys(y.members(), keys);
                    const auto mid = keys.begin() + static_cast<std::ptrdiff_t>(middle);
                    const auto cut = std::mismatch(
                        keys.begin() + static_cast<std::ptrdiff_t>(first), mid, mid, keys.end());
                    if (cut.first != mid && cut.second != keys.end()) {
                        return compare_strings(*cut.first, *cut.second);
                    }
                    if (cut.first != mid || cut.second != keys.end()) {
                        return cut.first == mid ? -1 : 1;  // one key list is a prefix
                    }
                    keys.resize(middle);
                    stack.push_back(Frame{x, y, 0, first, middle - first, true});
                    break;
                }
                default:
                    break;  // null, false, true: equal within their rank
            }
            if (r != 0) return r;
        }
        // Find the next pair of children to compare, closing finished containers.
        for (;;) {
            if (stack.empty()) return 0;
            Frame& f = stack.back();
            if (!f.object) {
                const std::size_t na = f.a.size();
                const std::size_t nb = f.b.size();
                if (f.next < na && f.next < nb) {
                    x = f.a.elements()[f.next];
                    y = f.b.elements()[f.next];
                    ++f.next;
                    break;
                }
                if (na != nb) return na < nb ? -1 : 1;
            } else if (f.next < f.key_count) {
                const std::string_view key = keys[f.first_key + f.next];
                x = f.a.members().find(key);
                y = f.b.members().find(key);
                ++f.next;
                break;
            } else {
                keys.resize(f.first_key);
            }
            stack.pop_back();
        }
    }
}

}  // namespace arenajson::query::detail
