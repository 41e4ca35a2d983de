// arenajson/stream_events.hpp — jq's streaming form (`jq --stream`) straight from the reader.
//
//     struct Print : arenajson::StreamEventSink {
//         bool on_event(arenajson::Value e) override { std::puts(to_string(e).c_str()); return
//         true; }
//     } print;
//     arenajson::StreamEvents events(print);
//     arenajson::Reader<arenajson::StreamEvents> reader(events);
//     reader.feed(R"({"a":[1,{}]})");  // [["a",0],1]  [["a",1],{}]  [["a",1]]  [["a"]]
//     reader.finish();
//
// Every leaf (a scalar, an empty array or an empty object) becomes `[path, leaf]`; after the
// last element of a non-empty array or object comes `[path]`, the path of that last element.
// A top-level scalar or empty container is `[[], leaf]`. No document is built: memory is the
// current path (one entry per open container, with its last key) and one event at a time.
#pragma once

#include "arenajson/arena.hpp"
#include "arenajson/builder.hpp"
#include "arenajson/error.hpp"
#include "arenajson/value.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace arenajson {

/// Where StreamEvents delivers its events. Subclass it and implement on_event().
class StreamEventSink {
  public:
    StreamEventSink() = default;
    StreamEventSink(const StreamEventSink&) = delete;
    StreamEventSink& operator=(const StreamEventSink&) = delete;
    virtual ~StreamEventSink() = default;

    /// The arena the next event is built in. The default is the sink's own arena, reset before
    /// each event, so an event is valid only until the next one and memory stays at the size
    /// of the largest event. Override it to keep events (return a fresh arena each time).
    virtual Arena& next_event_arena() {
        own_.reset();
        return own_;
    }
    /// One event, `[path, leaf]` or `[path]`, in the arena next_event_arena() returned just
    /// before. Return false to stop the parse (the reader reports handler_aborted).
    virtual bool on_event(Value event) = 0;

  private:
    Arena own_;
};

/// A reader Handler (see reader.hpp) that turns the reader's events into jq's stream events and
/// hands each to a StreamEventSink as a Value. Works on one document, on NDJSON and on value
/// sequences alike: each top-level value gives its own events.
///
/// Failure: an event that does not fit its arena (its byte limit) stops the parse with
/// ErrorCode::memory_limit; a sink returning false stops it with handler_aborted.
/// Cost: O(depth) per event (the path is written into each event); memory is O(depth plus the
/// longest key on the path) here, and one event in the sink's arena. No recursion, so nesting
/// is bounded only by the reader's max_depth. Not thread-safe.
class StreamEvents {
  public:
    /// Events go to `sink`, which must outlive this handler.
    explicit StreamEvents(StreamEventSink& sink);

    ///@{
    /// The Handler events. Each returns false to stop the parse (reason in error_code()).
    bool on_null();
    bool on_bool(bool b);
    bool on_int64(std::int64_t i);
    bool on_uint64(std::uint64_t u);
    bool on_double(double d);
    bool on_number_text(std::string_view text);
    bool on_string(std::string_view s);
    bool on_key(std::string_view key);
    bool on_start_object();
    bool on_end_object(std::size_t members);
    bool on_start_array();
    bool on_end_array(std::size_t elements);
    ///@}

    /// Why the last event failed: memory_limit, or ok (the sink stopped the parse). O(1).
    [[nodiscard]] ErrorCode error_code() const noexcept { return error_; }
    /// Forgets the open containers, to start afresh after an error. O(1).
    void reset() noexcept { depth_ = 0; }

  private:
    // One open container: whether it is an object, how many children have ended, its last key.
    struct Frame {
        bool object = false;
        std::uint64_t count = 0;
        std::string key;
    };
    enum class Leaf : std::uint8_t { none, scalar, empty_array, empty_object };

    bool begin_event();
    bool write_path(std::size_t closing);
    bool end_event(bool with_leaf);
    bool child_done() noexcept {
        if (depth_ > 0) ++frames_[depth_ - 1].count;
        return true;
    }
    template <class F>
    bool leaf(F&& scalar);
    bool push(bool object);
    bool close(bool object, std::size_t children);
    bool fail(ErrorCode code) noexcept {
        error_ = code;
        return false;
    }

    StreamEventSink& sink_;
    DomBuilder builder_;
    Arena* arena_ = nullptr;
    std::vector<Frame> frames_;  // frames_[0 .. depth_) are open; later ones keep their buffers
    std::size_t depth_ = 0;
    ErrorCode error_ = ErrorCode::ok;
};

}  // namespace arenajson
