// arenajson/replay.hpp — a document's values as the reader's events (RapidJSON's Accept).
//
//     std::string text;
//     arenajson::Writer writer(text, {.pretty = true});
//     arenajson::replay(doc.root(), writer);      // the events a Reader sends for the same text
//
// Any SAX handler written for the reader also reads documents: a DomBuilder fed by replay()
// rebuilds the value, a Writer writes it, a user's handler sums its numbers.
#pragma once

#include "arenajson/detail/node.hpp"
#include "arenajson/detail/work_stack.hpp"
#include "arenajson/error.hpp"
#include "arenajson/reader.hpp"
#include "arenajson/value.hpp"

#include <bit>
#include <cstdint>
#include <string_view>

namespace arenajson {

namespace detail {

/// An open container of replay() and the position of its next child.
struct ReplayFrame {
    const Node* container;
    std::uint64_t next;
};

/// Sends one scalar's event. False when the handler stops.
template <class H>
bool replay_scalar(const Node& n, H& h) {
    switch (n.tag()) {
        case Tag::null:
            return h.on_null();
        case Tag::false_:
            return h.on_bool(false);
        case Tag::true_:
            return h.on_bool(true);
        case Tag::int64:
            return h.on_int64(static_cast<std::int64_t>(n.payload));
        case Tag::uint64:
            return h.on_uint64(n.payload);
        case Tag::double_:
            return h.on_double(std::bit_cast<double>(n.payload));
        case Tag::number_text_inline: {
            char text[kMaxInlineNumber];
            return h.on_number_text(std::string_view(text, unpack_number_text(n, text)));
        }
        case Tag::number_text:
            return h.on_number_text(
                std::string_view(n.pointer<char>(), static_cast<std::size_t>(n.length())));
        case Tag::string_inline:
        case Tag::string:
            return h.on_string(string_of(n));
        default:
            return true;
    }
}

}  // namespace detail

/// Sends `value` to `handler` as the events a Reader sends for its JSON text: on_start_object,
/// then on_key and the member's value for each member in document order, on_end_object with
/// the count; arrays alike; numbers as stored (on_int64, on_uint64, on_double, on_number_text
/// with the exact text); strings and keys decoded. Views passed to the handler point into the
/// document (a number kept inline is unpacked into a buffer valid during the call). Errors: the
/// lookup's error for a missing value; handler_aborted, or the handler's own error_code(), when an
/// event returns false. O(size of the value), no recursion; allocates only past 64 levels of
/// nesting.
template <Handler H>
Status replay(Value value, H& handler) {
    using detail::Node;
    using detail::Tag;
    if (!value.exists()) return value.error();
    const auto stop = [&] { return Error::of(detail::handler_stop_reason(handler)); };
    detail::WorkStack<detail::ReplayFrame> stack;
    const Node* current = value.node();
    for (;;) {
        // Send `current`: a container opens (and closes at once when empty), a scalar goes whole.
        const Tag tag = current->tag();
        if (tag == Tag::array || tag == Tag::object) {
            const bool object = tag == Tag::object;
            if (!(object ? handler.on_start_object() : handler.on_start_array())) return stop();
            if (current->length() != 0) {
                stack.push(detail::ReplayFrame{current, 0});
            } else if (!(object ? handler.on_end_object(0) : handler.on_end_array(0))) {
                return stop();
            }
        } else if (!detail::replay_scalar(*current, handler)) {
            return stop();
        }
        // The next value: the next child of the innermost open container, closing those done.
        current = nullptr;
        while (!stack.empty()) {
            detail::ReplayFrame& f = stack.top();
            const auto count = static_cast<std::size_t>(f.container->length());
            if (f.next == count) {
                const bool object = f.container->tag() == Tag::object;
                if (!(object ? handler.on_end_object(count) : handler.on_end_array(count))) {
                    return stop();
                }
                stack.pop();
                continue;
            }
            if (f.container->tag() == Tag::object) {
                const detail::Member& m = f.container->pointer<detail::Member>()[f.next];
                if (!handler.on_key(m.key->view())) return stop();
                current = &m.value;
            } else {
                current = f.container->pointer<Node>() + f.next;
            }
            ++f.next;
            break;
        }
        if (current == nullptr) return {};
    }
}

}  // namespace arenajson
