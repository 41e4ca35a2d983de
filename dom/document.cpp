#include "arenajson/document.hpp"

#include "arenajson/replay.hpp"

#include <algorithm>
#include <utility>
#include <vector>

namespace arenajson {

using detail::Node;
using detail::Tag;

namespace detail {

void size_arena(Arena& arena, std::optional<std::uint64_t> size, std::size_t max_memory) noexcept {
    arena.set_byte_limit(max_memory);
    if (!size) {
        arena.set_capacity(0, 0);
        return;
    }
    // Calibration (bench_dom's dom_bytes_per_input_byte counter): twitter 0.86, citm_catalog
    // 0.48, canada 1.19. A quarter more than the input covers all three in one chunk; the
    // rest of the first chunk is address space only, never touched.
    const auto clamp = [&](std::uint64_t v) {
        return static_cast<std::size_t>(std::min<std::uint64_t>(v, max_memory));
    };
    const std::uint64_t n = std::min<std::uint64_t>(*size, std::uint64_t{1} << 48);
    const std::size_t hint = clamp(n + n / 4 + 4096);
    // A chunk kept from a smaller document would make this one take two: start afresh.
    if (arena.stats().bytes_reserved < hint) arena = Arena();
    arena.set_byte_limit(max_memory);
    arena.set_capacity(hint, clamp(n * 10 + 65536));
}

void SharedKeys::attach(DomBuilder& builder, Document& doc, std::size_t max_memory) noexcept {
    if (!keys_ || builder.keys_filled()) {
        try {
            keys_ = std::make_shared<Arena>();
            keys_->set_byte_limit(std::min(kBytes, max_memory));
        } catch (const std::bad_alloc&) {
            keys_.reset();
        }
        builder.keep_keys_in(keys_.get());
    }
    DocumentAccess::set_keys(doc, keys_);
}

void start_document(Document& doc, DomBuilder& builder, std::optional<std::uint64_t> size_hint,
                    std::size_t max_memory, DuplicateKeys duplicates, SharedKeys* keys) noexcept {
    Arena& arena = DocumentAccess::arena(doc);
    arena.reset();
    DocumentAccess::set_root(doc, nullptr);
    size_arena(arena, size_hint, max_memory);
    if (keys != nullptr) {
        keys->attach(builder, doc, max_memory);
    } else {
        builder.keep_keys_in(nullptr);  // keys in this document's arena, and only there
        DocumentAccess::set_keys(doc, nullptr);
    }
    builder.begin(arena, duplicates);
}

}  // namespace detail

namespace {
// Counts values by kind and the deepest nesting, as replay() sends them.
struct StatsCounter {
    DocumentStats& s;
    std::uint64_t depth = 0;

    bool on_null() { return ++s.nulls, true; }
    bool on_bool(bool) { return ++s.booleans, true; }
    bool on_int64(std::int64_t) { return ++s.integers, true; }
    bool on_uint64(std::uint64_t) { return ++s.integers, true; }
    bool on_double(double) { return ++s.doubles, true; }
    bool on_number_text(std::string_view) { return ++s.number_texts, true; }
    bool on_string(std::string_view) { return ++s.strings, true; }
    bool on_key(std::string_view) { return true; }
    bool on_start_object() { return ++s.objects, open(); }
    bool on_start_array() { return ++s.arrays, open(); }
    bool on_end_object(std::size_t) { return --depth, true; }
    bool on_end_array(std::size_t) { return --depth, true; }
    bool open() {
        s.max_depth = std::max(s.max_depth, ++depth);
        return true;
    }
};
}  // namespace

DocumentStats Document::stats() const {
    DocumentStats s;
    s.memory = arena_.stats();
    if (root_ == nullptr) return s;
    StatsCounter counter{s};
    (void)replay(Value(root_), counter);  // the counter never stops it
    return s;
}

struct Parser::State {
    explicit State(ParseOptions o)
        : options(o), reader(builder, detail::one_document(options.reader)) {}
    State(const State&) = delete;
    State& operator=(const State&) = delete;

    ParseOptions options;
    DomBuilder builder;
    Reader<DomBuilder> reader;  // refers to builder: State never moves (held by unique_ptr)
    detail::SharedKeys keys;    // the keys the documents of this parser have in common
    Document doc;
};

Parser::Parser(ParseOptions options) : s_(std::make_unique<State>(options)) {
}
Parser::Parser(Parser&&) noexcept = default;
Parser& Parser::operator=(Parser&&) noexcept = default;
Parser::~Parser() = default;

const ParseOptions& Parser::options() const noexcept {
    return s_->options;
}

void Parser::set_options(const ParseOptions& options) {
    if (options == s_->options) return;  // keep the reader and its buffers
    s_->options = options;
    s_->reader = Reader<DomBuilder>(s_->builder, detail::one_document(options.reader));
}

void Parser::start(std::optional<std::uint64_t> size_hint) {
    start_in(s_->doc, size_hint);
}

void Parser::start_in(Document& doc, std::optional<std::uint64_t> size_hint) {
    State& s = *s_;
    detail::start_document(doc, s.builder, size_hint, s.options.max_memory,
                           s.options.duplicate_keys, &s.keys);
    s.reader.reset();
}

Status Parser::feed(std::string_view chunk) {
    if (s_->reader.feed(chunk).status == ReadStatus::error) return s_->reader.error();
    return {};
}

Result<Document> Parser::finish() {
    if (s_->reader.finish().status == ReadStatus::error) return s_->reader.error();
    return complete();
}

// The reader has seen the whole document: its root, or nullptr with `st` set to the failure.
const Node* Parser::built_root(Status& st) {
    const Node* root = s_->builder.finish();
    if (root == nullptr) st = Error::at_offset(ErrorCode::memory_limit, s_->reader.offset());
    return root;
}

// The reader has seen the whole document: hand it over.
Result<Document> Parser::complete() {
    State& s = *s_;
    Status st;
    const Node* root = built_root(st);
    if (root == nullptr) return st.error();
    s.doc.root_ = root;
    return std::move(s.doc);
}

Status Parser::parse_into(Document& doc, std::string_view json) {
    // Built in the caller's document itself: no Document (arena, keys) moved in and out.
    start_in(doc, json.size());
    Status st = feed(json);
    if (st && s_->reader.finish().status == ReadStatus::error) st = s_->reader.error();
    const Node* root = st ? built_root(st) : nullptr;
    detail::DocumentAccess::set_root(doc, root);
    return st;
}

Result<Document> Parser::parse(std::string_view json) {
    start(json.size());
    if (Status st = feed(json); !st) return st.error();
    return finish();
}

Result<Document> Parser::parse_source(Source& source, const ProgressHook& progress) {
    start(source.size_hint());
    Feeder<DomBuilder> feeder(source, s_->reader, progress);
    if (feeder.next() == ReadStatus::error) return feeder.error();
    return complete();
}

namespace {
Parser& thread_parser(const ParseOptions& options) {
    thread_local Parser parser;
    parser.set_options(options);
    return parser;
}
}  // namespace

Result<Document> parse(std::string_view json, const ParseOptions& options) {
    return thread_parser(options).parse(json);
}

Result<Document> parse_source(Source& source, const ParseOptions& options) {
    return thread_parser(options).parse_source(source);
}

Result<Document> parse_file(const std::string& path, const ParseOptions& options) {
    Result<Source> source = Source::open_file(path, options.source);
    if (!source) return source.error();
    return parse_source(*source, options);
}

}  // namespace arenajson
