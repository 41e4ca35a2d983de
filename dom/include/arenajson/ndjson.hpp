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
    /// Opens a file (zstd recognised by its magic bytes). Errors: open_failed.
    static Result<DocumentStream> open_file(const std::string& path,
                                            const ParseOptions& options = {});
    /// Reads from any source, e.g. Source::open_stdin().
    static DocumentStream from_source(Source source, const ParseOptions& options = {});

    DocumentStream(DocumentStream&&) noexcept;
    DocumentStream& operator=(DocumentStream&&) noexcept;
    ~DocumentStream();

    /// Parses the next record: true when document() holds it, false at the end of the input.
    /// The previous record's values become invalid (unless it was taken). Errors: parse errors
    /// (with the record's line), source errors, memory_limit. O(record).
    Result<bool> next();
    /// The current record.
    [[nodiscard]] const Document& document() const noexcept;
    /// Moves the current record out; the stream continues in a new arena. O(1).
    [[nodiscard]] Document take() noexcept;
    /// Records returned so far.
    [[nodiscard]] std::uint64_t count() const noexcept;
    /// Bytes of JSON text read so far.
    [[nodiscard]] std::uint64_t offset() const noexcept;

  private:
    struct State;
    explicit DocumentStream(std::unique_ptr<State> state) noexcept;
    std::unique_ptr<State> s_;
};

}  // namespace arenajson
