// arenajson/ndjson.hpp — a stream of documents, one per line (NDJSON / JSON Lines).
//
//     auto stream = arenajson::DocumentStream::open_file("log.ndjson.zst");
//     if (!stream) ...;
//     while (true) {
//         auto more = stream->next();
//         if (!more) { report(more.error()); break; }   // error names the line
//         if (!*more) break;                              // end of input
//         use(stream->document().root());
//     }
#pragma once

#include "arenajson/document.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace arenajson {

/// Parses one record after another into one reused arena: a steady stream allocates nothing.
/// Blank lines are skipped, CRLF is accepted, and the last line needs no newline; a value may
/// not span lines. To keep a record past the next call, move it out with take().
/// Move-only; not thread-safe.
class DocumentStream {
  public:
    /// Opens a file (zstd recognised by its magic bytes). Errors: open_failed. Allocates the
    /// read buffer and the parser state; parses nothing yet.
    static Result<DocumentStream> open_file(const std::string& path,
                                            const ParseOptions& options = {});
    /// Reads from any source, e.g. Source::open_stdin(), which it takes over. Never fails
    /// here; the source's errors come from next(). Allocates the parser state.
    static DocumentStream from_source(Source source, const ParseOptions& options = {});

    ///@{
    /// Moving hands over the input, the parser state and the current record; Values of the
    /// current record stay valid. O(1). A moved-from stream may only be assigned or destroyed.
    DocumentStream(DocumentStream&&) noexcept;
    DocumentStream& operator=(DocumentStream&&) noexcept;
    ///@}
    /// Closes the input and frees the arena; records moved out with take() live on.
    ~DocumentStream();

    /// Starts over on another source with the same options, keeping the parser's buffers and
    /// the record arena's memory (a worker that reads block after block allocates nothing new).
    /// The current record's values become invalid. O(1).
    void restart(Source source);

    /// Parses the next record: true when document() holds it, false at the end of the input.
    /// The previous record's values become invalid (unless it was taken). Errors: parse errors
    /// (with the record's line), source errors, memory_limit; after an error the stream is
    /// over and next() returns false. O(record); no allocation once the arena has grown.
    Result<bool> next();
    /// The current record; empty() before the first next(), after the end, and after take().
    /// Its values are valid until the next call to next(). O(1).
    [[nodiscard]] const Document& document() const noexcept;
    /// Moves the current record out; the stream continues in a new arena. O(1).
    [[nodiscard]] Document take() noexcept;
    /// Records returned so far. O(1).
    [[nodiscard]] std::uint64_t count() const noexcept;
    /// Bytes of JSON text read so far. O(1).
    [[nodiscard]] std::uint64_t offset() const noexcept;

  private:
    struct State;
    explicit DocumentStream(std::unique_ptr<State> state) noexcept;
    std::unique_ptr<State> s_;
};

}  // namespace arenajson
