// arenajson/source.hpp — where bytes come from: memory, a file, stdin, or zstd-compressed
// versions of those, read in one fixed buffer that is reused for every chunk.
#pragma once

#include "arenajson/error.hpp"
#include "arenajson/reader.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

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
    /// reading and parsing overlap (next() only; the thread starts with its second call).
    bool readahead = true;
    /// read_at() on a regular file views a read-only map of it (mmap) instead of copying with
    /// pread. As with any mapped file, another process truncating the file while it is read
    /// can kill this one with SIGBUS; set false for files that may be truncated under you (the
    /// CLI's --no-mmap). next() and next_into() never map.
    bool map_files = true;
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
    /// next() into the caller's memory: up to `capacity` bytes of the next text are written to
    /// `out` and their number returned (0 only at the end of the input, or for capacity 0).
    /// Zstd input is decompressed, and a file or pipe read, straight into `out` (no readahead
    /// thread); bytes in memory are copied, a chunk larger than `capacity` over several calls.
    /// Do not mix with next() on one source. Errors as next(). O(bytes written).
    Result<std::size_t> next_into(char* out, std::size_t capacity);

    /// Bytes of JSON text expected, when known: a file's size, or a zstd frame's declared
    /// content size (an untrusted hint: use it to size buffers, never to trust lengths).
    /// Empty when unknown (a pipe, or a zstd frame that does not declare it). O(1).
    [[nodiscard]] std::optional<std::uint64_t> size_hint() const noexcept;
    /// True when the input is zstd-compressed. O(1).
    [[nodiscard]] bool compressed() const noexcept;
    /// True when read_at() may be used: uncompressed bytes in memory or in a regular file,
    /// within max_input_bytes, before next() has handed out anything. O(1).
    [[nodiscard]] bool random_access() const noexcept;
    /// True for a source made by from_memory(): its bytes are in memory already. O(1).
    [[nodiscard]] bool in_memory() const noexcept;
    /// Up to `size` bytes of the input starting at `offset` (fewer only at its end), without
    /// moving the stream: a view of the bytes for from_memory or of the mapped file
    /// (SourceOptions::map_files), otherwise read (pread) into `buffer`, which is grown as
    /// needed and reused; the view is valid until `buffer` changes or the source is destroyed.
    /// Several threads may call it at once, each with its own buffer (how parallel_blocks
    /// shares out bytes in memory, and lines_in_range a file). Only when random_access().
    /// Errors: read_failed, input_limit (a file that grew past max_input_bytes). O(size).
    Result<std::string_view> read_at(std::uint64_t offset, std::size_t size,
                                     std::string& buffer) const;
    /// Says the bytes [offset, offset + size) of a random-access input will not be read again
    /// soon: the whole pages of a mapped file there leave this process's resident memory (they
    /// stay in the page cache, and reading them again maps them back, so views of them stay
    /// valid). How parallel_blocks keeps a mapped file from counting whole in its RSS. A no-op
    /// for other inputs. Thread-safe. O(pages).
    void release(std::uint64_t offset, std::size_t size) const noexcept;
    /// Bytes of JSON text produced so far. O(1).
    [[nodiscard]] std::uint64_t bytes_produced() const noexcept;
    /// The name given at opening: the path, "<stdin>" or "<memory>". O(1).
    [[nodiscard]] const std::string& name() const noexcept;

  private:
    Source(std::unique_ptr<detail::SourceImpl> impl, std::size_t max_chunk) noexcept;
    std::unique_ptr<detail::SourceImpl> impl_;
    std::size_t max_chunk_ = 0;
    std::string_view pending_;       // the rest of a chunk cut by max_chunk
    std::string_view into_pending_;  // the rest of a chunk next_into has not written yet
    Error error_{};                  // the first error, returned again by every later call
};

/// Called after each chunk with the bytes of JSON text read so far (the CLI's progress line).
/// Per chunk, never per byte.
using ProgressHook = std::function<void(std::uint64_t bytes)>;

/// Moves a source's chunks into a reader: the one feeding loop of the library (read_all,
/// Parser::parse_source, DocumentStream, find_path and the CLI run on it). It keeps the unread
/// rest of a chunk between documents, so a stream of NDJSON records or a value sequence is
/// read one document at a time. Holds references: source and reader must outlive it.
/// Not thread-safe.
template <Handler H>
class Feeder {
  public:
    /// Feeds `reader` from `source`; `progress` (may be empty) is called after each chunk.
    /// Reads nothing yet. O(1).
    Feeder(Source& source, Reader<H>& reader, ProgressHook progress = {}) noexcept
        : source_(&source), reader_(&reader), progress_(std::move(progress)) {}

    /// Feeds until the reader completes a document (`document`: an NDJSON record, a value of
    /// a sequence, or the single document once the input ends), the input ends with no further
    /// document (`end`), or an error (`error`; error() says which, from the source or the
    /// reader). After `document`, call again for the next. O(bytes fed).
    ReadStatus next() {
        if (finished_) return error_.ok() ? ReadStatus::end : ReadStatus::error;
        const bool stream = reader_->options().ndjson || reader_->options().sequence;
        for (;;) {
            if (rest_.empty() && !input_done_) {
                Result<std::string_view> chunk = source_->next();
                if (!chunk) return stop(chunk.error());
                rest_ = *chunk;
                input_done_ = rest_.empty();
                if (progress_) progress_(source_->bytes_produced());
            }
            const ReadResult r = input_done_ ? reader_->finish() : reader_->feed(rest_);
            if (!input_done_) rest_.remove_prefix(r.consumed);
            switch (r.status) {
                case ReadStatus::more:
                    continue;
                case ReadStatus::document:
                    // A single document is complete only at the end of the input: nothing follows.
                    if (!stream) finished_ = true;
                    return ReadStatus::document;
                case ReadStatus::end:
                    finished_ = true;
                    return ReadStatus::end;
                case ReadStatus::error:
                    return stop(reader_->error());
            }
        }
    }
    /// The error that stopped the feeding; code ok otherwise. O(1).
    [[nodiscard]] const Error& error() const noexcept { return error_; }

  private:
    ReadStatus stop(const Error& e) noexcept {
        error_ = e;
        finished_ = true;
        return ReadStatus::error;
    }

    Source* source_;
    Reader<H>* reader_;
    ProgressHook progress_;
    std::string_view rest_;  // the unread part of the current chunk
    bool input_done_ = false;
    bool finished_ = false;
    Error error_{};
};

/// Feeds every chunk of `source` to `reader` and finishes it. For a single document returns
/// success once it is complete. The handler's `on_document_end()`, when it has one, is called
/// after each complete document (each record in NDJSON mode, each value of a sequence);
/// returning false stops with handler_aborted. Source and reader errors are returned as they
/// are; `progress` is called after each chunk. O(input); allocates nothing itself.
template <Handler H>
Status read_all(Source& source, Reader<H>& reader, H& handler, ProgressHook progress = {}) {
    Feeder<H> feeder(source, reader, std::move(progress));
    for (;;) {
        switch (feeder.next()) {
            case ReadStatus::document:
                if constexpr (requires { handler.on_document_end(); }) {
                    if (!handler.on_document_end()) {
                        return Error::at_offset(ErrorCode::handler_aborted, reader.offset());
                    }
                }
                continue;
            case ReadStatus::error:
                return feeder.error();
            case ReadStatus::end:
            case ReadStatus::more:
                return {};
        }
    }
}

}  // namespace arenajson
