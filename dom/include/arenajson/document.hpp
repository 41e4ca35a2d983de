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

/// Policies and limits for parsing a document: the reader's (grammar policies, depth limit),
/// the source's (buffers, input and zstd limits) and the document's own. The defaults are
/// strict RFC 8259.
struct ParseOptions {
    /// The reader's policies and depth limit. Its `ndjson` and `sequence` choose how a
    /// DocumentStream splits its input (NDJSON unless `sequence` is set); parse(), parse_file()
    /// and Parser always read one document and ignore them.
    ReaderOptions reader{};
    /// Buffer size, decompressed-input limit and zstd window limit for files and streams.
    SourceOptions source{};
    /// The most bytes one document may take: its arena, the builder's pending values and the
    /// keys remembered to reject duplicates (ErrorCode::memory_limit beyond).
    std::size_t max_memory = std::size_t{4} << 30;
    /// Keep every member of an object that repeats a key, or reject the document.
    DuplicateKeys duplicate_keys = DuplicateKeys::keep;

    /// Field-wise equality (Parser::set_options keeps its buffers when nothing changed).
    bool operator==(const ParseOptions&) const = default;
};

/// Counts gathered by walking a document (Document::stats).
struct DocumentStats {
    ///@{
    /// Values of each kind, the root and object members included (keys are not values).
    /// `integers` counts int64 and uint64, `number_texts` numbers kept as their text.
    std::uint64_t nulls = 0, booleans = 0, integers = 0, doubles = 0, number_texts = 0, strings = 0,
                  arrays = 0, objects = 0;
    ///@}
    /// Nesting depth: 0 for a scalar root, 1 for a flat array or object.
    std::uint64_t max_depth = 0;
    /// The document's arena, as Document::memory() gives it.
    ArenaStats memory{};
    /// All values: the sum of the counts by kind. O(1).
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
    /// An empty document; root() is missing. O(1), allocates nothing.
    Document() noexcept = default;
    ///@{
    /// Moving hands over the arena and leaves `other` empty. O(1), no memory moves; assignment
    /// first frees this document's memory (O(chunks)), ending the Values taken from it.
    Document(Document&& other) noexcept
        : arena_(std::move(other.arena_)),
          keys_(std::move(other.keys_)),
          root_(std::exchange(other.root_, nullptr)) {}
    Document& operator=(Document&& other) noexcept {
        arena_ = std::move(other.arena_);
        keys_ = std::move(other.keys_);
        root_ = std::exchange(other.root_, nullptr);
        return *this;
    }
    ///@}
    Document(const Document&) = delete;
    Document& operator=(const Document&) = delete;

    /// A view of the root value, valid while this document (or the one it is moved to)
    /// lives; a missing Value (no_such_key) for an empty document. O(1).
    [[nodiscard]] Value root() const noexcept { return root_ ? Value(root_) : Value(); }
    /// True when there is no root: default-constructed, moved from, or after a failed
    /// Parser::parse_into. O(1).
    [[nodiscard]] bool empty() const noexcept { return root_ == nullptr; }
    /// The arena's bytes used and reserved, and its chunk count. O(1).
    [[nodiscard]] ArenaStats memory() const noexcept { return arena_.stats(); }
    /// Values by type, depth and memory, counted by replaying the document. O(values), no
    /// recursion; allocates only past 64 levels of nesting.
    [[nodiscard]] DocumentStats stats() const;

  private:
    friend class Parser;
    friend class DocumentStream;
    friend struct detail::DocumentAccess;
    Arena arena_;
    // The key arena this document shares with the others its Parser or DocumentStream built
    // (detail::SharedKeys); empty when its keys are all in its own arena.
    std::shared_ptr<const Arena> keys_;
    const detail::Node* root_ = nullptr;
};

/// A parser that keeps its buffers between documents: the reader's stack, the builder's value
/// stack and key cache. Use one per thread for many documents. Not thread-safe.
///
/// Push interface: start(), feed() chunks as they arrive, then finish() for the Document.
class Parser {
  public:
    /// A parser with these policies. Allocates its reader and builder state (std::bad_alloc
    /// if that fails); their buffers grow with the first documents and are then reused.
    explicit Parser(ParseOptions options = {});
    ///@{
    /// Moving hands over the buffers. O(1). A moved-from Parser may only be assigned to or
    /// destroyed.
    Parser(Parser&&) noexcept;
    Parser& operator=(Parser&&) noexcept;
    ///@}
    /// Frees the buffers; documents already returned are unaffected.
    ~Parser();

    /// The policies in force. O(1).
    [[nodiscard]] const ParseOptions& options() const noexcept;
    /// Changes the policies. Call it between documents: it replaces the reader, dropping a
    /// document being pushed and the reader's buffers. O(1).
    void set_options(const ParseOptions& options);

    /// Parses a whole buffer (one feed, no copy of the input). The arena is sized from the
    /// buffer's length. Errors: any parse error, memory_limit, duplicate_key. O(input).
    Result<Document> parse(std::string_view json);
    /// The same, building into `doc` and reusing its arena's memory: every Value taken from
    /// `doc` before is invalid afterwards. On an error `doc` is empty (its memory kept for the
    /// next call). O(input); allocates nothing once the arena is large enough.
    Status parse_into(Document& doc, std::string_view json);
    /// Parses everything a source produces (file, stdin, zstd, memory); the arena is sized
    /// from the source's size hint; `progress` (may be empty) is called after each chunk with
    /// the bytes read. Errors: parse errors and the source's errors. O(input).
    Result<Document> parse_source(Source& source, const ProgressHook& progress = {});

    /// Begins a pushed document, dropping one left unfinished; `size_hint` (bytes of JSON
    /// expected) sizes the arena. Resets the arena, keeping its largest chunk: O(chunks).
    void start(std::optional<std::uint64_t> size_hint = std::nullopt);
    /// Parses the next chunk; any split of the input gives the same document or error.
    /// Errors: parse errors, memory_limit, duplicate_key; later calls keep failing until
    /// start(). O(chunk).
    Status feed(std::string_view chunk);
    /// Ends the input and hands over the document. Errors: a parse error the end of input
    /// reveals (a truncated document, empty_input), memory_limit. O(1).
    Result<Document> finish();

  private:
    void start_in(Document& doc, std::optional<std::uint64_t> size_hint);
    Result<Document> complete();
    const detail::Node* built_root(Status& st);
    struct State;
    std::unique_ptr<State> s_;
};

/// Parses a buffer into a new Document. Uses a per-thread Parser, so repeated calls reuse
/// buffers and calls from different threads are safe. Errors: parse errors, memory_limit,
/// duplicate_key, with offset, line and column. O(input); the document allocates its arena.
Result<Document> parse(std::string_view json, const ParseOptions& options = {});
/// Parses a file read in chunks (zstd recognised by its magic bytes); the file is never held
/// in memory whole. Errors also include open_failed, read_failed and the zstd errors. O(input).
Result<Document> parse_file(const std::string& path, const ParseOptions& options = {});
/// Parses what a source produces, with the per-thread Parser of parse(). O(input).
Result<Document> parse_source(Source& source, const ParseOptions& options = {});

namespace detail {
/// The reader options for exactly one document: the policies without a stream mode. O(1).
inline ReaderOptions one_document(ReaderOptions r) noexcept {
    r.ndjson = false;
    r.sequence = false;
    return r;
}
/// The reader options for a stream of documents: NDJSON unless a value sequence is asked for.
inline ReaderOptions document_stream(ReaderOptions r) noexcept {
    r.ndjson = !r.sequence;
    return r;
}

/// For the library's own builders of documents (path lookups).
struct DocumentAccess {
    static Arena& arena(Document& d) noexcept { return d.arena_; }
    static void set_root(Document& d, const Node* root) noexcept { d.root_ = root; }
    static void set_keys(Document& d, std::shared_ptr<const Arena> keys) noexcept {
        d.keys_ = std::move(keys);
    }
};

/// The arena where a builder keeps the keys it interns from one document to the next, shared
/// with every document it builds (DomBuilder::keep_keys_in): a stream of records of one shape
/// finds each key instead of copying it. When the keys stop fitting (the cache's capacity, or
/// kBytes), the next document starts a new arena; the documents built before keep theirs.
class SharedKeys {
  public:
    static constexpr std::size_t kBytes = std::size_t{1} << 20;
    /// Gives `builder` the current key arena (a new one when the last filled up, or on the
    /// first call) and `doc` its share. Falls back to keys in the document's own arena when
    /// memory for a new key arena is refused. O(1).
    void attach(DomBuilder& builder, Document& doc, std::size_t max_memory) noexcept;

  private:
    std::shared_ptr<Arena> keys_;
};

/// Starts building a document in `doc`: empties it (its arena keeps its largest chunk), sizes
/// the arena for `size_hint` bytes of input within `max_memory`, and begins `builder` on it with
/// the duplicate-key policy; with `keys`, the document's keys go to that shared key arena. The
/// one place where a build starts (Parser, DocumentStream, find_path). O(chunks).
void start_document(Document& doc, DomBuilder& builder, std::optional<std::uint64_t> size_hint,
                    std::size_t max_memory, DuplicateKeys duplicates,
                    SharedKeys* keys = nullptr) noexcept;

/// Arena sizing for an input of `size` bytes: the first chunk covers the DOM of typical JSON
/// (measured: 0.5x to 1.2x of the input on the standard corpus), and the bound covers the
/// densest possible input (about 8x, for "[0,0,...]"), so a parse takes at most two chunks.
void size_arena(Arena& arena, std::optional<std::uint64_t> size, std::size_t max_memory) noexcept;
}  // namespace detail

}  // namespace arenajson
