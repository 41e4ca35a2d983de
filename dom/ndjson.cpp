#include "arenajson/ndjson.hpp"

#include <utility>

namespace arenajson {

struct DocumentStream::State {
    State(Source s, const ParseOptions& o)
        : options(o), source(std::move(s)), reader(builder, o.reader_options(true)) {}
    State(const State&) = delete;
    State& operator=(const State&) = delete;

    ParseOptions options;
    Source source;
    DomBuilder builder;
    Reader<DomBuilder> reader;  // refers to builder: State never moves (held by unique_ptr)
    Document doc;
    std::string_view rest;  // unread part of the current chunk
    bool input_done = false;
    bool finished = false;
    std::uint64_t count = 0;
};

DocumentStream::DocumentStream(std::unique_ptr<State> state) noexcept : s_(std::move(state)) {
}
DocumentStream::DocumentStream(DocumentStream&&) noexcept = default;
DocumentStream& DocumentStream::operator=(DocumentStream&&) noexcept = default;
DocumentStream::~DocumentStream() = default;

Result<DocumentStream> DocumentStream::open_file(const std::string& path,
                                                 const ParseOptions& options) {
    Result<Source> source = Source::open_file(path, options.source);
    if (!source) return source.error();
    return from_source(std::move(*source), options);
}

DocumentStream DocumentStream::from_source(Source source, const ParseOptions& options) {
    return DocumentStream(std::make_unique<State>(std::move(source), options));
}

Result<bool> DocumentStream::next() {
    State& s = *s_;
    if (s.finished) return false;
    // Reuse the arena: reset keeps its largest chunk, so records of similar size take nothing
    // new from the system.
    s.doc.arena_.reset();
    s.doc.root_ = nullptr;
    detail::size_arena(s.doc.arena_, std::nullopt, s.options.max_memory);
    s.builder.begin(s.doc.arena_, s.options.duplicate_keys);
    for (;;) {
        if (s.rest.empty() && !s.input_done) {
            Result<std::string_view> chunk = s.source.next();
            if (!chunk) return chunk.error();
            s.rest = *chunk;
            s.input_done = chunk->empty();
        }
        ReadResult r{};
        if (s.input_done) {
            r = s.reader.finish();
            if (r.status == ReadStatus::end) {
                s.finished = true;
                return false;
            }
        } else {
            r = s.reader.feed(s.rest);
            s.rest.remove_prefix(r.consumed);
        }
        if (r.status == ReadStatus::error) {
            s.finished = true;
            return s.reader.error();
        }
        if (r.status == ReadStatus::document) {
            const detail::Node* root = s.builder.finish();
            if (root == nullptr) {
                s.finished = true;
                Error e;
                e.code = ErrorCode::memory_limit;
                e.offset = s.reader.offset();
                return e;
            }
            s.doc.root_ = root;
            ++s.count;
            return true;
        }
    }
}

const Document& DocumentStream::document() const noexcept {
    return s_->doc;
}

Document DocumentStream::take() noexcept {
    return std::exchange(s_->doc, Document());
}

std::uint64_t DocumentStream::count() const noexcept {
    return s_->count;
}

std::uint64_t DocumentStream::offset() const noexcept {
    return s_->reader.offset();
}

}  // namespace arenajson
