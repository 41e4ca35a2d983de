#include "arenajson/stream_events.hpp"

namespace arenajson {

StreamEvents::StreamEvents(StreamEventSink& sink) : sink_(sink) {
}

// Opens `[path`: the outer array and the path array, built by the DomBuilder in the arena the
// sink chose, so the event has the same layout as a parsed document.
bool StreamEvents::begin_event() {
    arena_ = &sink_.next_event_arena();
    builder_.begin(*arena_, DuplicateKeys::keep);
    return builder_.on_start_array() && builder_.on_start_array();
}

// The path's elements: each open container's current child, or for a closing event the last
// child of the innermost one (`closing`).
bool StreamEvents::write_path(std::size_t closing) {
    for (std::size_t i = 0; i < depth_; ++i) {
        const Frame& f = frames_[i];
        bool ok;
        if (f.object) {
            ok = builder_.on_string(f.key);
        } else {
            const std::uint64_t index = f.count - (closing != 0 && i + 1 == depth_ ? 1 : 0);
            ok = builder_.on_int64(static_cast<std::int64_t>(index));
        }
        if (!ok) return fail(builder_.error_code());
    }
    return builder_.on_end_array(depth_) || fail(builder_.error_code());
}

// Closes the event (with or without its leaf) and hands it to the sink.
bool StreamEvents::end_event(bool with_leaf) {
    if (!builder_.on_end_array(with_leaf ? 2 : 1)) return fail(builder_.error_code());
    const detail::Node* root = builder_.finish();
    if (root == nullptr) return fail(ErrorCode::memory_limit);
    return sink_.on_event(Value(root));
}

template <class F>
bool StreamEvents::leaf(F&& scalar) {
    if (!begin_event() || !write_path(0)) return fail(builder_.error_code());
    if (!scalar(builder_)) return fail(builder_.error_code());
    return end_event(true) && child_done();
}

bool StreamEvents::on_null() {
    return leaf([](DomBuilder& b) { return b.on_null(); });
}
bool StreamEvents::on_bool(bool v) {
    return leaf([v](DomBuilder& b) { return b.on_bool(v); });
}
bool StreamEvents::on_int64(std::int64_t i) {
    return leaf([i](DomBuilder& b) { return b.on_int64(i); });
}
bool StreamEvents::on_uint64(std::uint64_t u) {
    return leaf([u](DomBuilder& b) { return b.on_uint64(u); });
}
bool StreamEvents::on_double(double d) {
    return leaf([d](DomBuilder& b) { return b.on_double(d); });
}
bool StreamEvents::on_number_text(std::string_view text) {
    return leaf([text](DomBuilder& b) { return b.on_number_text(text); });
}
bool StreamEvents::on_string(std::string_view s) {
    return leaf([s](DomBuilder& b) { return b.on_string(s); });
}

bool StreamEvents::on_key(std::string_view key) {
    frames_[depth_ - 1].key.assign(key.data(), key.size());
    return true;
}

bool StreamEvents::push(bool object) {
    if (depth_ == frames_.size()) frames_.emplace_back();
    Frame& f = frames_[depth_++];
    f.object = object;
    f.count = 0;
    f.key.clear();
    return true;
}

// An empty container is a leaf of its parent; a non-empty one ends with `[path of its last
// child]`.
bool StreamEvents::close(bool object, std::size_t children) {
    if (children == 0) {
        --depth_;
        return leaf([object](DomBuilder& b) {
            return object ? b.on_start_object() && b.on_end_object(0)
                          : b.on_start_array() && b.on_end_array(0);
        });
    }
    if (!begin_event() || !write_path(1)) return fail(builder_.error_code());
    if (!end_event(false)) return false;
    --depth_;
    return child_done();
}

bool StreamEvents::on_start_object() {
    return push(true);
}
bool StreamEvents::on_end_object(std::size_t members) {
    return close(true, members);
}
bool StreamEvents::on_start_array() {
    return push(false);
}
bool StreamEvents::on_end_array(std::size_t elements) {
    return close(false, elements);
}

}  // namespace arenajson
