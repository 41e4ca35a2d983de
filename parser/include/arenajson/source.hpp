// arenajson/source.hpp — where bytes come from: memory, a file, stdin, or zstd-compressed
// versions of those, read in one fixed buffer that is reused for every chunk.
#pragma once

#include "arenajson/error.hpp"
#include "arenajson/reader.hpp"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace arenajson {

/// Limits and buffer sizes for a Source.
struct SourceOptions {
    /// Size of the reused read buffer (and of the zstd output buffer).
    std::size_t buffer_size = 256 * 1024;
    /// The most bytes of JSON text a source may produce (after decompression); more is
    /// ErrorCode::input_limit. Guards against decompression bombs.
    std::uint64_t max_input_bytes = std::uint64_t{64} << 30;
    /// Largest zstd window accepted, as a power of two (27 = 128 MiB, zstd's own default);
    /// a frame that needs more is ErrorCode::zstd_window_limit.
    int zstd_window_log_max = 27;
    /// Recognise zstd by its magic bytes and decompress. When false, bytes are passed as is.
    bool detect_zstd = true;
    /// Read regular files of 8 MiB or more on a second thread, a few buffers ahead, so that
    /// reading and parsing overlap.
    bool readahead = true;
    /// The largest chunk next() returns; 0 for whatever one read or decompression step gives.
    /// (Tools use it to feed any input in pieces of a chosen size.)
    std::size_t max_chunk = 0;

    /// Field-wise equality.
    bool operator==(const SourceOptions&) const = default;
};

namespace detail {
class SourceImpl;
}

/// A stream of byte chunks. Zstd input (a frame or skippable frame at the start, whatever
/// the name) is decompressed with libzstd's streaming API; concatenated frames are decoded,
/// skippable frames skipped, and a stream that ends inside a frame is ErrorCode::zstd_truncated
/// even when what came out is valid JSON. Move-only; not thread-safe.
class Source {
  public:
    /// Opens a file for reading in chunks; never reads it whole. Fails with open_failed
    /// (system_errno set). Allocates the read buffer and reads the first chunk (to recognise
    /// zstd); a failure of that read is reported by the first next().
    static Result<Source> open_file(const std::string& path, SourceOptions options = {});
    /// Reads standard input (a pipe, a terminal or a redirected file): from_fd(0, "<stdin>").
    /// Never fails here; read errors come from next(). Allocates the read buffer and blocks
    /// until the first chunk arrives.
    static Source open_stdin(SourceOptions options = {});
    /// Reads from a file descriptor it does not own (it is not closed); `name` is what name()
    /// reports. Read errors come from next(). Allocates the read buffer and blocks until the
    /// first chunk arrives.
    static Source from_fd(int fd, std::string name, SourceOptions options = {});
    /// Wraps bytes in memory; a plain buffer is one chunk with no copy. The bytes must outlive
    /// the source. Never fails here; corrupt zstd is reported by next(). O(1) for plain bytes.
    static Source from_memory(std::string_view bytes, SourceOptions options = {});

    ///@{
    /// Moving hands over the open input and its buffers. O(1). A moved-from Source may only
    /// be assigned to or destroyed.
    Source(Source&&) noexcept;
    Source& operator=(Source&&) noexcept;
    ///@}
    /// Closes the file it opened (not one given to from_fd) and joins a readahead thread.
    ~Source();

    /// The next chunk of JSON text; an empty view at the end of the input. The view is valid
    /// until the next call. Errors: read_failed, zstd_corrupt, zstd_truncated,
    /// zstd_window_limit, input_limit (offset = bytes of text produced before it); an error is
    /// returned again by every later call.
    /// O(chunk): one read or one decompression step into the reused buffer.
    Result<std::string_view> next();

    /// Bytes of JSON text expected, when known: a file's size, or a zstd frame's declared
    /// content size (an untrusted hint: use it to size buffers, never to trust lengths).
    /// Empty when unknown (a pipe, or a zstd frame that does not declare it). O(1).
    [[nodiscard]] std::optional<std::uint64_t> size_hint() const noexcept;
    /// True when the input is zstd-compressed. O(1).
    [[nodiscard]] bool compressed() const noexcept;
    /// Bytes of JSON text produced so far. O(1).
    [[nodiscard]] std::uint64_t bytes_produced() const noexcept;
    /// The name given at opening: the path, "<stdin>" or "<memory>". O(1).
    [[nodiscard]] const std::string& name() const noexcept;

  private:
    Source(std::unique_ptr<detail::SourceImpl> impl, std::size_t max_chunk) noexcept;
    std::unique_ptr<detail::SourceImpl> impl_;
    std::size_t max_chunk_ = 0;
    std::string_view pending_;  // the rest of a chunk cut by max_chunk
    Error error_{};             // the first error, returned again by every later call
};

/// Feeds every chunk of `source` to `reader` and finishes it. For a single document returns
/// success once it is complete. The handler's `on_document_end()`, when it has one, is called
/// after each complete document (each record in NDJSON mode); returning false stops with
/// handler_aborted. Source and reader errors are returned as they are. O(input); allocates
/// nothing itself.
template <Handler H>
Status read_all(Source& source, Reader<H>& reader, H& handler) {
    for (;;) {
        Result<std::string_view> chunk = source.next();
        if (!chunk) return chunk.error();
        std::string_view rest = *chunk;
        const bool last = rest.empty();
        for (;;) {
            const ReadResult r = last ? reader.finish() : reader.feed(rest);
            if (r.status == ReadStatus::error) return reader.error();
            if (r.status == ReadStatus::document) {
                if constexpr (requires { handler.on_document_end(); }) {
                    if (!handler.on_document_end()) {
                        Error e;
                        e.code = ErrorCode::handler_aborted;
                        e.offset = reader.offset();
                        return e;
                    }
                }
                if (!reader.options().ndjson && !reader.options().sequence) return {};
                // NDJSON: feed the rest of the chunk, or finish() again to see `end`.
                if (!last) rest.remove_prefix(r.consumed);
                continue;
            }
            break;
        }
        if (last) return {};
    }
}

}  // namespace arenajson
