// arenajson/document.hpp — parsing into a Document, and the Document itself.
//
//     auto doc = arenajson::parse_file("data.json");
//     if (!doc) { std::cerr << doc.error().to_string() << "\n"; return 1; }
//     auto name = doc->root()["user"]["name"].get_string();
#pragma once

#include "arenajson/arena.hpp"
#include "arenajson/builder.hpp"
#include "arenajson/error.hpp"
#include "arenajson/reader.hpp"
#include "arenajson/source.hpp"
#include "arenajson/value.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace arenajson {

/// Policies and limits for parsing a document. The defaults are strict RFC 8259.
struct ParseOptions {
    /// Deepest nesting accepted (ErrorCode::depth_limit beyond).
    std::size_t max_depth = 1024;
    /// The most arena bytes one document may take (ErrorCode::memory_limit beyond).
    std::size_t max_memory = std::size_t{4} << 30;
    DuplicateKeys duplicate_keys = DuplicateKeys::keep;
    bool allow_bom = false;
    bool replace_lone_surrogates = false;
    /// Keep the text of numbers a double cannot hold exactly (see reader.hpp).
    bool exact_numbers = true;
    /// Buffer size, decompressed-input limit and zstd window limit for files and streams.
    SourceOptions source{};

    [[nodiscard]] ReaderOptions reader_options(bool ndjson = false) const noexcept {
        ReaderOptions r;
        r.max_depth = max_depth;
        r.ndjson = ndjson;
        r.allow_bom = allow_bom;
        r.replace_lone_surrogates = replace_lone_surrogates;
        r.exact_numbers = exact_numbers;
        return r;
    }
};

/// Counts gathered by walking a document (Document::stats).
struct DocumentStats {
    std::uint64_t nulls = 0, booleans = 0, integers = 0, doubles = 0, number_texts = 0, strings = 0,
                  arrays = 0, objects = 0;
    /// Nesting depth: 0 for a scalar root, 1 for a flat array or object.
    std::uint64_t max_depth = 0;
    ArenaStats memory{};
    [[nodiscard]] std::uint64_t values() const noexcept {
        return nulls + booleans + integers + doubles + number_texts + strings + arrays + objects;
    }
};

namespace detail {
struct DocumentAccess;
}

/// A parsed document: an arena that holds every node, string and array, and the root.
/// Movable, not copyable. Destruction frees the arena's chunks in one pass, whatever the size
/// or depth of the document. Moving a document does not move its memory: Values taken before
/// the move stay valid as long as the document they now belong to lives.
/// Read-only use from many threads at once is safe.
class Document {
  public:
    /// An empty document; root() is missing.
    Document() noexcept = default;
    Document(Document&& other) noexcept
        : arena_(std::move(other.arena_)), root_(std::exchange(other.root_, nullptr)) {}
    Document& operator=(Document&& other) noexcept {
        arena_ = std::move(other.arena_);
        root_ = std::exchange(other.root_, nullptr);
        return *this;
    }
    Document(const Document&) = delete;
    Document& operator=(const Document&) = delete;

    [[nodiscard]] Value root() const noexcept { return root_ ? Value(root_) : Value(); }
    [[nodiscard]] bool empty() const noexcept { return root_ == nullptr; }
    /// The arena's bytes used and reserved, and its chunk count. O(1).
    [[nodiscard]] ArenaStats memory() const noexcept { return arena_.stats(); }
    /// Values by type, depth and memory. O(values), no recursion.
    [[nodiscard]] DocumentStats stats() const;

  private:
    friend class Parser;
    friend class DocumentStream;
    friend struct detail::DocumentAccess;
    Arena arena_;
    const detail::Node* root_ = nullptr;
};

/// A parser that keeps its buffers between documents: the reader's stack, the builder's value
/// stack and key cache. Use one per thread for many documents. Not thread-safe.
///
/// Push interface: start(), feed() chunks as they arrive, then finish() for the Document.
class Parser {
  public:
    explicit Parser(ParseOptions options = {});
    Parser(Parser&&) noexcept;
    Parser& operator=(Parser&&) noexcept;
    ~Parser();

    [[nodiscard]] const ParseOptions& options() const noexcept;
    void set_options(const ParseOptions& options);

    /// Parses a whole buffer (one feed, no copy of the input). The arena is sized from the
    /// buffer's length. Errors: any parse error, memory_limit, duplicate_key.
    Result<Document> parse(std::string_view json);
    /// The same, building into `doc` and reusing its arena's memory (reset first).
    Status parse_into(Document& doc, std::string_view json);
    /// Parses everything a source produces (file, stdin, zstd, memory).
    Result<Document> parse_source(Source& source);

    /// Begins a pushed document; `size_hint` (bytes of JSON expected) sizes the arena.
    void start(std::optional<std::uint64_t> size_hint = std::nullopt);
    /// Parses the next chunk; any split of the input gives the same document or error.
    Status feed(std::string_view chunk);
    /// Ends the input and hands over the document.
    Result<Document> finish();

  private:
    struct State;
    std::unique_ptr<State> s_;
};

/// Parses a buffer into a new Document. Uses a per-thread Parser, so repeated calls reuse
/// buffers. O(input).
Result<Document> parse(std::string_view json, const ParseOptions& options = {});
/// Parses a file read in chunks (zstd recognised by its magic bytes). Errors also include
/// open_failed, read_failed and the zstd errors.
Result<Document> parse_file(const std::string& path, const ParseOptions& options = {});
/// Parses what a source produces.
Result<Document> parse_source(Source& source, const ParseOptions& options = {});

namespace detail {
/// For the library's own builders of documents (path lookups).
struct DocumentAccess {
    static Arena& arena(Document& d) noexcept { return d.arena_; }
    static void set_root(Document& d, const Node* root) noexcept { d.root_ = root; }
};

/// Arena sizing for an input of `size` bytes: the first chunk covers the DOM of typical JSON
/// (measured: 0.5x to 1.2x of the input on the standard corpus), and the bound covers the
/// densest possible input (about 8x, for "[0,0,...]"), so a parse takes at most two chunks.
void size_arena(Arena& arena, std::optional<std::uint64_t> size, std::size_t max_memory) noexcept;
}  // namespace detail

}  // namespace arenajson
