#include "arenajson/document.hpp"

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

}  // namespace detail

DocumentStats Document::stats() const {
    DocumentStats s;
    s.memory = arena_.stats();
    if (root_ == nullptr) return s;
    // Iterative walk: (node, depth of the node).
    std::vector<std::pair<const Node*, std::uint64_t>> pending{{root_, 0}};
    while (!pending.empty()) {
        const auto [n, depth] = pending.back();
        pending.pop_back();
        switch (n->tag()) {
            case Tag::null:
                ++s.nulls;
                break;
            case Tag::false_:
            case Tag::true_:
                ++s.booleans;
                break;
            case Tag::int64:
            case Tag::uint64:
                ++s.integers;
                break;
            case Tag::double_:
                ++s.doubles;
                break;
            case Tag::number_text_inline:
            case Tag::number_text:
                ++s.number_texts;
                break;
            case Tag::string_inline:
            case Tag::string:
                ++s.strings;
                break;
            case Tag::array: {
                ++s.arrays;
                s.max_depth = std::max(s.max_depth, depth + 1);
                const Node* first = n->pointer<Node>();
                for (std::uint64_t i = 0; i < n->length(); ++i)
                    pending.emplace_back(first + i, depth + 1);
                break;
            }
            case Tag::object: {
                ++s.objects;
                s.max_depth = std::max(s.max_depth, depth + 1);
                const auto* first = n->pointer<detail::Member>();
                for (std::uint64_t i = 0; i < n->length(); ++i) {
                    pending.emplace_back(&first[i].value, depth + 1);
                }
                break;
            }
            case Tag::missing:
                break;
        }
    }
    return s;
}

struct Parser::State {
    explicit State(ParseOptions o) : options(o), reader(builder, options.reader_options()) {}
    State(const State&) = delete;
    State& operator=(const State&) = delete;

    ParseOptions options;
    DomBuilder builder;
    Reader<DomBuilder> reader;  // refers to builder: State never moves (held by unique_ptr)
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
    s_->reader = Reader<DomBuilder>(s_->builder, options.reader_options());
}

void Parser::start(std::optional<std::uint64_t> size_hint) {
    State& s = *s_;
    s.doc.arena_.reset();
    s.doc.root_ = nullptr;
    detail::size_arena(s.doc.arena_, size_hint, s.options.max_memory);
    s.reader.reset();
    s.builder.begin(s.doc.arena_, s.options.duplicate_keys);
}

Status Parser::feed(std::string_view chunk) {
    if (s_->reader.feed(chunk).status == ReadStatus::error) return s_->reader.error();
    return {};
}

Result<Document> Parser::finish() {
    State& s = *s_;
    if (s.reader.finish().status == ReadStatus::error) return s.reader.error();
    const Node* root = s.builder.finish();
    if (root == nullptr) {
        Error e;
        e.code = ErrorCode::memory_limit;
        e.offset = s.reader.offset();
        return e;
    }
    s.doc.root_ = root;
    return std::move(s.doc);
}

Status Parser::parse_into(Document& doc, std::string_view json) {
    State& s = *s_;
    std::swap(s.doc, doc);  // build in the caller's arena
    start(json.size());
    Status st = feed(json);
    if (st) {
        Result<Document> r = finish();
        if (r) {
            doc = std::move(*r);
            return {};
        }
        st = r.error();
    }
    std::swap(s.doc, doc);
    doc.root_ = nullptr;
    return st;
}

Result<Document> Parser::parse(std::string_view json) {
    start(json.size());
    if (Status st = feed(json); !st) return st.error();
    return finish();
}

Result<Document> Parser::parse_source(Source& source) {
    start(source.size_hint());
    for (;;) {
        Result<std::string_view> chunk = source.next();
        if (!chunk) return chunk.error();
        if (chunk->empty()) return finish();
        if (Status st = feed(*chunk); !st) return st.error();
    }
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
