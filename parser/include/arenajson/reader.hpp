// arenajson/reader.hpp — the push-fed, strict, exact SAX reader.
//
//     MyHandler h;
//     arenajson::Reader reader(h);
//     while (more input) if (reader.feed(chunk).status == ReadStatus::error) ...;
//     reader.finish();
//
// The reader knows only JSON. It validates RFC 8259 exactly, decodes escapes to UTF-8, and
// calls the handler once per value. Input may be split anywhere across feed() calls: every
// split gives the same events and the same error (code and offset) as one whole feed.
//
// It works in two stages over each chunk, a window at a time: a SIMD kernel (detail/index.hpp)
// classifies 64-byte blocks and writes the positions of the structural characters, strings
// and scalars, checking UTF-8 and control characters on the way; the grammar then walks those
// positions and calls the handler.
#pragma once

#include "arenajson/detail/index.hpp"
#include "arenajson/detail/number.hpp"
#include "arenajson/detail/scan.hpp"
#include "arenajson/detail/string.hpp"
#include "arenajson/error.hpp"

#include <array>
#include <cassert>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace arenajson {

/// A SAX handler: one member per event, each returning true to go on or false to stop the
/// parse (the reader then reports ErrorCode::handler_aborted, or the handler's own code when
/// it has `ErrorCode error_code() const`). String views are valid only during the call.
///
/// Numbers: on_int64 for integers that fit int64, on_uint64 for larger ones that fit uint64,
/// on_double for numbers a double holds without loss (at most 15 significant digits, finite,
/// not subnormal), and on_number_text with the number's exact text for everything else.
template <class H>
concept Handler = requires(H& h, std::string_view s, std::int64_t i, std::uint64_t u, double d,
                           std::size_t n, bool b) {
    { h.on_null() } -> std::same_as<bool>;
    { h.on_bool(b) } -> std::same_as<bool>;
    { h.on_int64(i) } -> std::same_as<bool>;
    { h.on_uint64(u) } -> std::same_as<bool>;
    { h.on_double(d) } -> std::same_as<bool>;
    { h.on_number_text(s) } -> std::same_as<bool>;
    { h.on_string(s) } -> std::same_as<bool>;
    { h.on_key(s) } -> std::same_as<bool>;
    { h.on_start_object() } -> std::same_as<bool>;
    { h.on_end_object(n) } -> std::same_as<bool>;  // n: member count
    { h.on_start_array() } -> std::same_as<bool>;
    { h.on_end_array(n) } -> std::same_as<bool>;  // n: element count
};

/// A handler that accepts everything: the reader alone validates (`Reader<NullHandler>` is
/// the fastest way to check that input is valid JSON). Stateless.
struct NullHandler {
    ///@{
    /// Accepts the event and goes on. O(1).
    bool on_null() noexcept { return true; }
    bool on_bool(bool) noexcept { return true; }
    bool on_int64(std::int64_t) noexcept { return true; }
    bool on_uint64(std::uint64_t) noexcept { return true; }
    bool on_double(double) noexcept { return true; }
    bool on_number_text(std::string_view) noexcept { return true; }
    bool on_string(std::string_view) noexcept { return true; }
    bool on_key(std::string_view) noexcept { return true; }
    bool on_start_object() noexcept { return true; }
    bool on_end_object(std::size_t) noexcept { return true; }
    bool on_start_array() noexcept { return true; }
    bool on_end_array(std::size_t) noexcept { return true; }
    ///@}
};

namespace detail {
/// Why a handler stopped: its own error_code() when it has one and it is set, else
/// handler_aborted. Shared by everything that drives handlers (the Reader, replay). O(1).
template <class H>
ErrorCode handler_stop_reason(const H& handler) noexcept {
    if constexpr (requires {
                      { handler.error_code() } -> std::convertible_to<ErrorCode>;
                  }) {
        const ErrorCode c = handler.error_code();
        return c == ErrorCode::ok ? ErrorCode::handler_aborted : c;
    } else {
        return ErrorCode::handler_aborted;
    }
}
}  // namespace detail

/// Reader policies. The defaults are strict RFC 8259.
struct ReaderOptions {
    /// Deepest nesting of arrays and objects accepted; deeper input is ErrorCode::depth_limit.
    std::size_t max_depth = 1024;
    /// NDJSON: one value per line, each a document of its own (see Reader::feed). Blank lines
    /// (only spaces, tabs and CR) are skipped; CRLF line ends are accepted; the last line
    /// needs no newline.
    bool ndjson = false;
    /// A value sequence (jq's input): any number of values separated by optional whitespace
    /// (`1 2 [3]{"a":4}`). feed() returns `document` as soon as each value is complete (a number
    /// once the byte after it arrives, or at finish()); finish() returns `end` when no value was
    /// pending, so an empty input is no error. NDJSON is the stricter special case: values
    /// separated by newlines and never spanning lines. Ignored when `ndjson` is set.
    bool sequence = false;
    /// Skip a UTF-8 byte-order mark at the start instead of rejecting it.
    bool allow_bom = false;
    /// Decode lone UTF-16 surrogates in `\u` escapes as U+FFFD instead of rejecting them.
    bool replace_lone_surrogates = false;
    /// When false, numbers that a double cannot hold exactly are rounded and reported with
    /// on_double (on_number_text only for overflow); when true they keep their text.
    bool exact_numbers = true;

    /// Field-wise equality.
    bool operator==(const ReaderOptions&) const = default;
};

/// The name of the SIMD kernel the reader's first stage runs on this machine: "avx512",
/// "avx2", "sse2" or "portable". The best the CPU supports, unless the environment variable
/// ARENAJSON_KERNEL names another kernel the CPU supports (or "highway", the kernel written
/// with Google Highway, in builds configured with ARENAJSON_HIGHWAY=ON: never chosen otherwise).
/// Fixed at first use. O(1).
[[nodiscard]] inline const char* reader_kernel() noexcept {
    return detail::active_kernel().name;
}

/// What feed() and finish() report.
enum class ReadStatus : std::uint8_t {
    more,      ///< all bytes taken; feed more or finish()
    document,  ///< a document is complete (NDJSON: a record); the rest of the chunk is unread
    end,       ///< NDJSON or a sequence: finish() found no further value
    error,     ///< see Reader::error(); every later call returns error too
};

/// What one feed() or finish() call did: its status and how much of the chunk it took.
struct ReadResult {
    /// Whether to feed more, a document is complete, the input ended, or it failed.
    ReadStatus status;
    /// Bytes of the chunk taken. Less than its size only for `document` (NDJSON: feed the
    /// rest again) and `error`.
    std::size_t consumed;
};

/// The push-fed SAX reader. Holds a reference to the handler, which must outlive it.
/// O(1) memory beyond the nesting stack, the one token that spans two chunks, and a fixed
/// index of 33 KiB for stage 1 (allocated on the first feed).
/// Not thread-safe; use one reader per thread.
template <Handler H>
class Reader {
  public:
    /// Reads for `handler`, which is not owned and must outlive the reader. O(1); nothing is
    /// allocated until input needs it.
    explicit Reader(H& handler, ReaderOptions options = {})
        : handler_(&handler), options_(options) {}

    /// Parses the next bytes of the input. Zero-copy: tokens that lie inside the chunk are
    /// reported as views of it. O(chunk size).
    /// In NDJSON mode, returns `document` after each record's newline, with `consumed` bytes
    /// taken; call feed() again with the rest; in sequence mode, the same right after each
    /// value. A single document completes only in finish().
    ReadResult feed(std::string_view chunk);
    /// Declares the end of the input and completes a token it ends (a number, say).
    /// Returns `document` when the (last) document is complete, `end` in NDJSON or sequence mode
    /// when no value was pending (call it again after `document` until it says `end`), or `error`
    /// (an empty single document is ErrorCode::empty_input). O(1) plus the token it completes.
    ReadResult finish();

    /// The first error, with offset, line and column; code ok while there is none. O(1).
    [[nodiscard]] const Error& error() const noexcept { return error_; }
    /// Bytes read so far, from the start of the input. O(1).
    [[nodiscard]] std::uint64_t offset() const noexcept { return base_; }
    /// The current 1-based line (NDJSON: of the record being read). O(1).
    [[nodiscard]] std::uint64_t line() const noexcept { return lines_.line; }
    /// Open arrays and objects. O(1).
    [[nodiscard]] std::size_t depth() const noexcept { return depth_; }
    /// The policies given at construction. O(1).
    [[nodiscard]] const ReaderOptions& options() const noexcept { return options_; }
    /// Starts over for a new input, keeping buffers. O(1).
    void reset() noexcept;

  private:
    enum class State : std::uint8_t {
        root,          // before the root value (NDJSON: before a record)
        array_value,   // after ',' in an array
        object_value,  // after ':'
        array_first,   // after '['
        array_next,    // after an element
        object_first,  // after '{'
        object_key,    // after ',' in an object
        object_colon,  // after a key
        object_next,   // after a member's value
        after_root,    // after the root value
        token,         // inside a token that continues in the next chunk (in token_)
        failed,
    };
    enum class TokenKind : std::uint8_t { string, key, scalar, bom };
    enum class Step : std::uint8_t { done, partial, failed };

    // An open container, or (at the bottom of the stack) the root level.
    enum class FrameKind : std::uint8_t { array, object, root };
    struct Frame {
        std::uint64_t count = 0;  // elements or members so far
        FrameKind kind = FrameKind::root;
    };

    // Blocks per stage 1 window, and the index's room: a position per byte at most, plus the
    // kernel's slack.
    static constexpr std::size_t kWindowBlocks = 128;
    static constexpr std::size_t kIndexCapacity = (kWindowBlocks + 1) * detail::kBlockBytes + 64;
    // Positions are 31 bits (the top bit flags escaped strings): longer chunks are fed in parts.
    static constexpr std::size_t kMaxPart = std::size_t{1} << 30;

    ReadResult run();
    bool refill();
    ReadResult suspend(State state);
    ReadResult carry(TokenKind kind, std::uint32_t start);
    ReadResult resume_token();
    void end_chunk();
    void restart_index() noexcept;
    void advance_lines(std::uint64_t to) noexcept;
    ReadResult sequence_value(std::size_t end);
    // In sequence mode, a token that completes the root value ends that value.
    bool sequence_root() const noexcept {
        return options_.sequence && !options_.ndjson && token_kind_ != TokenKind::key &&
               depth_ == 0;
    }
    State state_after_token() const noexcept;
    ReadResult fail(ErrorCode code, std::uint64_t offset, bool at_end = false);
    ErrorCode unexpected(State state, std::uint64_t offset, unsigned char c) const noexcept;
    void newline_at(std::uint64_t offset) noexcept {
        ++lines_.line;
        lines_.line_start = offset + 1;
    }
    bool string_event(const char* p, const char* e, bool escaped, std::uint64_t at, bool key);
    bool string_slow(const char* p, const char* e, bool escaped, std::uint64_t at, bool key);
    Step scalar_token(const char* p, const char* e, bool complete, std::uint64_t at,
                      const char*& end);
    Step bom_token(const char* p, const char* e, bool complete);
    bool token_scalar_ended(const char* q);
    // The bytes that end a number or literal: whitespace, the structural characters and '"'.
    // A table: this runs after every number, and a chain of compares costs several times more.
    static constexpr std::array<bool, 256> kEndsToken = [] {
        std::array<bool, 256> t{};
        for (const unsigned char c : {' ', '\t', '\n', '\r', ',', ':', '[', ']', '{', '}', '"'})
            t[c] = true;
        return t;
    }();
    static bool ends_token(unsigned char c) noexcept { return kEndsToken[c]; }
    ErrorCode handler_error() const noexcept { return detail::handler_stop_reason(*handler_); }

    H* handler_;
    ReaderOptions options_;
    const detail::Kernel* kernel_ = &detail::active_kernel();
    State state_ = State::root;
    TokenKind token_kind_ = TokenKind::string;
    bool check_next_ = false;    // a literal ended the last chunk: the next byte must end it
    bool restart_next_ = false;  // a sequence value ended just before the next: stage 1 restarts
    bool at_eof_ = false;        // finish() is completing the last token
    std::uint64_t base_ = 0;     // absolute offset of the next byte to feed
    std::size_t depth_ = 0;
    // The root level, then a frame per open container: stack_[depth_] is the innermost.
    // size() is capacity.
    std::vector<Frame> stack_;

    // The chunk being read, during feed() (and between a `document` return and the feed of
    // the rest of its chunk).
    const char* buf_ = nullptr;
    std::size_t size_ = 0;
    std::size_t begin_ = 0;              // where this feed's bytes start in buf_
    std::uint64_t chunk_abs_ = 0;        // absolute offset of buf_[0]
    const char* resume_data_ = nullptr;  // the rest a `document` return left, if fed next
    std::size_t resume_size_ = 0;

    // Stage 1 over the chunk: the next byte to index, the last partial block (copied, with
    // the bytes before it from earlier chunks), the positions of the current window.
    detail::IndexState index_state_;
    std::size_t s1_next_ = 0;
    std::size_t seam_len_ = 0;
    unsigned char seam_[detail::kBlockBytes] = {};
    std::vector<std::uint32_t> index_;
    std::size_t idx_pos_ = 0, idx_count_ = 0;
    std::uint64_t suspect_from_ = ~std::uint64_t{0};  // strings ending here on: check bytes

    // Lines: exact at lines_pos_; in NDJSON mode kept by the grammar at each newline.
    detail::LineCount lines_;
    std::uint64_t lines_pos_ = 0;
    std::uint64_t chunk_newlines_ = 0;  // counted by stage 1 in this chunk

    std::string token_;              // a token split across chunks, from its first byte
    std::uint64_t token_start_ = 0;  // its absolute offset
    std::size_t token_parsed_ = 0;   // its size when last parsed (scalars)
    std::string scratch_;            // decoded escaped strings
    Error error_{};
};

}  // namespace arenajson

#include "arenajson/detail/reader_impl.hpp"
