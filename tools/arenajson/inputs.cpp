#include "inputs.hpp"

#include <arenajson/detail/utf8.hpp>

#include <cstring>

namespace arenajson::cli {

// One value and the arena it lives in.
struct Inputs::Doc {
    Arena arena;
    const detail::Node* root = nullptr;
    detail::Node raw{};            // -R: the line, when it fits a node
    std::shared_ptr<Arena> batch;  // --stream: the arena this event shares with its neighbours
};

// The file being read: its source, the reader, and the chunk being fed.
struct Inputs::Reading {
    explicit Reading(Source s, const ParseOptions& o, bool ndjson)
        : source(std::move(s)), reader(builder, sequence_options(o, ndjson)) {}
    static ReaderOptions sequence_options(const ParseOptions& o, bool ndjson) {
        ReaderOptions r = detail::one_document(o.reader);
        r.ndjson = ndjson;
        r.sequence = !ndjson;  // jq's input: values one after another
        return r;
    }
    Source source;
    DomBuilder builder;
    Reader<DomBuilder> reader;
    std::string_view rest;  // unread bytes of the current chunk
    std::string copy;       // --seq: the chunk with record separators as spaces
    bool at_end = false;
    bool started = false;  // a value is being built
    bool first = true;     // the first value of the file: its arena is sized from the file
    std::string raw;       // -R: the text of a line not yet complete
};

// --stream: the file being read and the events of the last slice fed, not yet handed out.
// The events of one slice share an arena, freed when the last of them is released; slices
// are at most kSlice bytes, so the events waiting are bounded by what one slice produces.
struct Inputs::Streaming final : StreamEventSink {
    static constexpr std::size_t kSlice = 64 * 1024;
    Streaming(Source s, const ParseOptions& o, bool ndjson)
        : source(std::move(s)),
          events(*this),
          reader(events, Reading::sequence_options(o, ndjson)),
          max_memory(o.max_memory) {}
    Arena& next_event_arena() override {
        if (!batch) {
            batch = std::make_shared<Arena>();
            batch->set_byte_limit(max_memory);
        }
        ready.push_back(std::make_unique<Doc>());
        ready.back()->batch = batch;
        return *batch;
    }
    bool on_event(Value event) override {
        ready.back()->root = event.node();
        return true;
    }
    Source source;
    StreamEvents events;
    Reader<StreamEvents> reader;
    std::size_t max_memory;
    std::shared_ptr<Arena> batch;  // the arena of the slice being fed
    std::deque<std::unique_ptr<Doc>> ready;
    std::string_view rest;
    std::string copy;  // --seq: the chunk with record separators as spaces
    bool at_end = false;
};

Inputs::Inputs(std::vector<std::string> files, const ParseOptions& options, InputMode mode,
               bool seq)
    : files_(std::move(files)), options_(options), mode_(mode), seq_(seq) {
    if (files_.empty()) files_.push_back("-");
}

Inputs::~Inputs() = default;

void Inputs::release(std::size_t keep) {
    while (docs_.size() > keep)
        docs_.pop_front();
}

Result<bool> Inputs::open_next() {
    reading_.reset();
    streaming_.reset();
    if (next_file_ == files_.size()) return false;
    current_name_ = files_[next_file_++];
    Result<Source> source = open_input(current_name_, options_);
    if (!source) return source.error();
    if (mode_ == InputMode::stream || mode_ == InputMode::ndjson_stream) {
        streaming_ = std::make_unique<Streaming>(std::move(*source), options_,
                                                 mode_ == InputMode::ndjson_stream);
        return true;
    }
    reading_ = std::make_unique<Reading>(std::move(*source), options_, mode_ == InputMode::ndjson);
    return true;
}

// The file being read, the next one opened when none is; null when every file is done.
Result<Inputs::Reading*> Inputs::current() {
    if (!reading_) {
        Result<bool> opened = open_next();
        if (!opened) return opened.error();
        if (!*opened) return nullptr;
    }
    return reading_.get();
}

// The file's next chunk into r.rest once the last is used up (r.at_end at its end); true when
// a new chunk was read.
Result<bool> Inputs::refill(Reading& r) {
    if (!r.rest.empty() || r.at_end) return false;
    Result<std::string_view> chunk = r.source.next();
    if (!chunk) return chunk.error();
    if (chunk->empty()) {
        r.at_end = true;
        return false;
    }
    r.rest = *chunk;
    return true;
}

Result<bool> Inputs::next(Value& out) {
    if (mode_ == InputMode::raw_lines || mode_ == InputMode::raw_whole) return next_raw(out);
    if (mode_ == InputMode::stream || mode_ == InputMode::ndjson_stream) return next_stream(out);
    return next_json(out);
}

Result<bool> Inputs::next_stream(Value& out) {
    for (;;) {
        if (!streaming_) {
            Result<bool> opened = open_next();
            if (!opened) return opened.error();
            if (!*opened) return false;
        }
        Streaming& s = *streaming_;
        if (!s.ready.empty()) {
            docs_.push_back(std::move(s.ready.front()));
            s.ready.pop_front();
            out = Value(docs_.back()->root);
            return true;
        }
        s.batch.reset();  // the next slice's events go to a new arena
        if (s.rest.empty() && !s.at_end) {
            Result<std::string_view> chunk = s.source.next();
            if (!chunk) return chunk.error();
            if (chunk->empty()) {
                s.at_end = true;
            } else if (seq_) {
                s.copy.assign(chunk->data(), chunk->size());
                for (char& c : s.copy) {
                    if (c == '\x1e') c = ' ';
                }
                s.rest = s.copy;
            } else {
                s.rest = *chunk;
            }
        }
        if (s.at_end) {
            const ReadResult res = s.reader.finish();
            if (res.status == ReadStatus::error) return s.reader.error();
            if (res.status == ReadStatus::document) continue;  // the last value's events
            if (s.ready.empty()) streaming_.reset();           // the file is done
            continue;
        }
        const std::string_view slice = s.rest.substr(0, Streaming::kSlice);
        const ReadResult res = s.reader.feed(slice);
        if (res.status == ReadStatus::error) {
            if (!s.ready.empty()) {
                // Hand out the events before the error first, as jq does; the error follows.
                s.rest = {};
                s.at_end = false;
                continue;
            }
            return s.reader.error();
        }
        s.rest.remove_prefix(res.status == ReadStatus::document ? res.consumed : slice.size());
    }
}

Result<bool> Inputs::next_json(Value& out) {
    for (;;) {
        Result<Reading*> reading = current();
        if (!reading) return reading.error();
        if (*reading == nullptr) return false;
        Reading& r = **reading;
        if (!r.started) {
            auto doc = std::make_unique<Doc>();
            detail::size_arena(doc->arena, r.first ? r.source.size_hint() : std::nullopt,
                               options_.max_memory);
            r.first = false;
            docs_.push_back(std::move(doc));
            r.builder.begin(docs_.back()->arena, options_.duplicate_keys);
            r.started = true;
        }
        const auto complete = [&]() -> Result<bool> {
            const detail::Node* root = r.builder.finish();
            if (root == nullptr) return Error::of(ErrorCode::memory_limit);
            docs_.back()->root = root;
            out = Value(root);
            r.started = false;
            return true;
        };
        Result<bool> fresh = refill(r);
        if (!fresh) return fresh.error();
        if (*fresh && seq_) {
            r.copy.assign(r.rest.data(), r.rest.size());
            for (char& c : r.copy) {
                if (c == '\x1e') c = ' ';
            }
            r.rest = r.copy;
        }
        if (r.at_end) {
            const ReadResult res = r.reader.finish();
            if (res.status == ReadStatus::document) return complete();
            if (res.status == ReadStatus::error) return r.reader.error();
            // The file ended with no further value.
            docs_.pop_back();
            reading_.reset();
            continue;
        }
        const ReadResult res = r.reader.feed(r.rest);
        if (res.status == ReadStatus::document) {
            // A value is complete; the rest of the chunk begins the next one.
            r.rest.remove_prefix(res.consumed);
            return complete();
        }
        if (res.status == ReadStatus::error) return r.reader.error();
        r.rest = {};
    }
}

Result<bool> Inputs::next_raw(Value& out) {
    const auto make = [&](std::string_view bytes) {
        // Raw text as a string value: bytes that are not valid UTF-8 become U+FFFD, as in jq.
        const std::string checked = detail::valid_utf8(bytes);
        const std::string_view text = checked;
        auto doc = std::make_unique<Doc>();
        if (text.size() <= detail::kMaxInlineString) {
            doc->raw = detail::make_inline_string(text);
        } else {
            const std::string_view copy = doc->arena.try_alloc_str(text);
            doc->raw =
                detail::Node{std::uint64_t(detail::Tag::string) | (std::uint64_t{copy.size()} << 8),
                             reinterpret_cast<std::uintptr_t>(copy.data())};
        }
        docs_.push_back(std::move(doc));
        out = Value(&docs_.back()->raw);
        return true;
    };
    if (mode_ == InputMode::raw_whole) {
        if (raw_done_) return false;
        raw_done_ = true;
        std::string all;
        for (;;) {
            Result<bool> opened = open_next();
            if (!opened) return opened.error();
            if (!*opened) break;
            for (;;) {
                Result<std::string_view> chunk = reading_->source.next();
                if (!chunk) return chunk.error();
                if (chunk->empty()) break;
                all.append(chunk->data(), chunk->size());
            }
        }
        return make(all);
    }
    for (;;) {
        Result<Reading*> reading = current();
        if (!reading) return reading.error();
        if (*reading == nullptr) return false;
        Reading& r = **reading;
        if (Result<bool> fresh = refill(r); !fresh) return fresh.error();
        if (r.at_end) {
            if (!r.raw.empty()) {
                const std::string line = std::move(r.raw);
                r.raw.clear();
                return make(line);
            }
            reading_.reset();
            continue;
        }
        const std::size_t nl = r.rest.find('\n');
        if (nl == std::string_view::npos) {
            r.raw.append(r.rest.data(), r.rest.size());
            r.rest = {};
            continue;
        }
        r.raw.append(r.rest.data(), nl);
        r.rest.remove_prefix(nl + 1);
        const std::string line = std::move(r.raw);
        r.raw.clear();
        return make(line);
    }
}

}  // namespace arenajson::cli
