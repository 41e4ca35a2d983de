#include "arenajson/ndjson.hpp"

#include <utility>

namespace arenajson {

struct DocumentStream::State {
    State(Source s, const ParseOptions& o)
        : options(o),
          source(std::move(s)),
          reader(builder, detail::document_stream(o.reader)),
          feeder(source, reader) {}
    State(const State&) = delete;
    State& operator=(const State&) = delete;

    ParseOptions options;
    Source source;
    DomBuilder builder;
    Reader<DomBuilder> reader;  // refers to builder: State never moves (held by unique_ptr)
    Feeder<DomBuilder> feeder;  // refers to source and reader
    detail::SharedKeys keys;    // the records' common keys
    Document doc;
    std::uint64_t count = 0;
    bool over = false;  // after an error, or at the end
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

void DocumentStream::restart(Source source) {
    State& s = *s_;
    s.source = std::move(source);
    s.reader.reset();
    s.feeder = Feeder<DomBuilder>(s.source, s.reader);
    s.count = 0;
    s.over = false;
}

Result<bool> DocumentStream::next() {
    State& s = *s_;
    if (s.over) return false;
    // Reuse the arena: reset keeps its largest chunk, so records of similar size take nothing
    // new from the system.
    detail::start_document(s.doc, s.builder, std::nullopt, s.options.max_memory,
                           s.options.duplicate_keys, &s.keys);
    switch (s.feeder.next()) {
        case ReadStatus::document: {
            const detail::Node* root = s.builder.finish();
            if (root == nullptr) {
                s.over = true;
                return Error::at_offset(ErrorCode::memory_limit, s.reader.offset());
            }
            detail::DocumentAccess::set_root(s.doc, root);
            ++s.count;
            return true;
        }
        case ReadStatus::error:
            s.over = true;
            return s.feeder.error();
        case ReadStatus::end:
        case ReadStatus::more:
            break;
    }
    s.over = true;
    return false;
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
