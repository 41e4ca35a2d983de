// arenajson/error.hpp — the one error type of the library, and Result<T>.
#pragma once

#include <cassert>
#include <cstdint>
#include <new>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

namespace arenajson {

/// What went wrong. The numeric values are stable; new codes are only ever appended.
/// error_message() gives each code's description and error_name() its spelling here.
enum class ErrorCode : std::uint8_t {
    ok = 0,
    // Grammar (RFC 8259).
    empty_input = 1,
    expected_value = 2,
    expected_value_or_array_end = 3,
    expected_comma_or_array_end = 4,
    expected_key_or_object_end = 5,
    expected_key = 6,
    expected_colon = 7,
    expected_comma_or_object_end = 8,
    trailing_content = 9,
    invalid_literal = 10,
    // Numbers.
    number_missing_digit = 11,
    number_leading_zero = 12,
    number_missing_fraction = 13,
    number_missing_exponent = 14,
    // Strings and encoding.
    unterminated_string = 15,
    control_character_in_string = 16,
    invalid_escape = 17,
    invalid_unicode_escape = 18,
    lone_surrogate = 19,
    invalid_utf8 = 20,
    byte_order_mark = 21,
    utf16_input = 22,
    // NDJSON.
    ndjson_trailing_content = 23,
    ndjson_newline_in_record = 24,
    // Limits and policies.
    depth_limit = 25,
    memory_limit = 26,
    duplicate_key = 27,
    input_limit = 28,
    zstd_window_limit = 29,
    handler_aborted = 30,
    // Input sources.
    open_failed = 31,
    read_failed = 32,
    zstd_corrupt = 33,
    zstd_truncated = 34,
    // Reading values from a document.
    wrong_type = 35,
    number_out_of_range = 36,
    no_such_key = 37,
    index_out_of_range = 38,
    invalid_pointer = 39,
    write_failed = 40,
    // jq queries (arenajson/query.hpp).
    query_syntax = 41,
    query_error = 42,
    query_memory_limit = 43,
    query_depth_limit = 44,
    query_halted = 45,
    query_step_limit = 46,
};

/// The English description of a code, saying what was expected. Never null. O(1).
[[nodiscard]] const char* error_message(ErrorCode code) noexcept;
/// The code's name as written in this header ("expected_colon"). Never null. O(1).
[[nodiscard]] const char* error_name(ErrorCode code) noexcept;

/// An error: a code, and where it happened when it is about input. Offsets count bytes from the
/// start of the input (after decompression); line and column are 1-based, the column counts
/// bytes; both are 0 when the error is not about a position (a wrong-type access, say).
///
/// A plain value: copying it is O(1) and allocates nothing. Make one with the named
/// constructors (Error::of, Error::at_offset, Error::at, Error::system); `Error{}` is success.
struct Error {
    /// What went wrong; ok for success.
    ErrorCode code = ErrorCode::ok;
    /// The input ended where more was expected (the position is then the end of the input).
    bool at_end = false;
    /// errno for open_failed and read_failed, else 0.
    int system_errno = 0;
    /// Bytes from the start of the (decompressed) input to where the error was found.
    std::uint64_t offset = 0;
    /// 1-based line of that place; 0 when the error has no position.
    std::uint64_t line = 0;
    /// 1-based column in bytes (not characters); 0 when the error has no position.
    std::uint64_t column = 0;

    /// An error without a place in the input (a wrong-type access, say). O(1).
    [[nodiscard]] static constexpr Error of(ErrorCode code) noexcept {
        Error e;
        e.code = code;
        return e;
    }
    /// An error at a byte offset of the input whose line is unknown (a source's errors, a limit
    /// met after the reader's last position). O(1).
    [[nodiscard]] static constexpr Error at_offset(ErrorCode code, std::uint64_t offset) noexcept {
        Error e = of(code);
        e.offset = offset;
        return e;
    }
    /// An error at a place in the input: offset, 1-based line and column; `end` when the input
    /// ended where more was expected. O(1).
    [[nodiscard]] static constexpr Error at(ErrorCode code, std::uint64_t offset,
                                            std::uint64_t line, std::uint64_t column,
                                            bool end = false) noexcept {
        Error e = at_offset(code, offset);
        e.line = line;
        e.column = column;
        e.at_end = end;
        return e;
    }
    /// A failed system call (open_failed, read_failed, write_failed) with its errno, at `offset`
    /// bytes of the input when it is about one. O(1).
    [[nodiscard]] static constexpr Error system(ErrorCode code, int errno_value,
                                                std::uint64_t offset = 0) noexcept {
        Error e = at_offset(code, offset);
        e.system_errno = errno_value;
        return e;
    }

    /// True when `code` is ok: no error. O(1).
    [[nodiscard]] constexpr bool ok() const noexcept { return code == ErrorCode::ok; }
    /// error_message(code): a static string, never null. O(1), no allocation.
    [[nodiscard]] const char* message() const noexcept { return error_message(code); }
    /// "LINE:COL: MESSAGE" for positioned errors, else the message; names the end of input and
    /// the system error where there is one. Allocates.
    [[nodiscard]] std::string to_string() const;
};

/// Thrown only by Result::value() on an error (the thin throwing layer); the library itself
/// never throws on the parse path.
class Exception : public std::runtime_error {
  public:
    /// Wraps `e`; what() is e.to_string(). Allocates the message.
    explicit Exception(const Error& e) : std::runtime_error(e.to_string()), error_(e) {}
    /// The error that was thrown, with its code and position. O(1).
    [[nodiscard]] const Error& error() const noexcept { return error_; }

  private:
    Error error_;
};

/// A value or an Error, returned by everything in the library that can fail. Check it with
/// `if (r)` or has_value(), then read `*r` or `r->`; or call value(), which throws. Holds the
/// value in place (no allocation); cheap to move; never throws except from value() on an error.
template <class T>
class [[nodiscard]] Result {
  public:
    /// Success holding `value`; implicit, so a function can `return value;`. Moves T.
    Result(T value) noexcept(std::is_nothrow_move_constructible_v<T>)  // NOLINT: implicit
        : has_value_(true) {
        ::new (&value_) T(std::move(value));
    }
    /// Failure holding `error`, whose code must not be ok (asserted in debug builds); implicit,
    /// so a function can `return error;`. O(1).
    Result(Error error) noexcept : error_(error), has_value_(false) {  // NOLINT: implicit
        assert(!error.ok());
    }
    ///@{
    /// Copies or moves whichever of value and error `other` holds (copying needs a copyable
    /// T; a moved-from Result keeps a moved-from value).
    Result(const Result& other) requires std::is_copy_constructible_v<T>
        : error_(other.error_), has_value_(other.has_value_) {
        if (has_value_) ::new (&value_) T(other.value_);
    }
    Result(Result&& other) noexcept(std::is_nothrow_move_constructible_v<T>)
        : error_(other.error_), has_value_(other.has_value_) {
        if (has_value_) ::new (&value_) T(std::move(other.value_));
    }
    Result& operator=(Result other) noexcept(std::is_nothrow_move_constructible_v<T>) {
        destroy();
        error_ = other.error_;
        has_value_ = other.has_value_;
        if (has_value_) ::new (&value_) T(std::move(other.value_));
        return *this;
    }
    ///@}
    ~Result() { destroy(); }

    ///@{
    /// True when a value is held, false on an error. O(1).
    [[nodiscard]] bool has_value() const noexcept { return has_value_; }
    explicit operator bool() const noexcept { return has_value_; }
    ///@}
    /// The error; code ok when there is a value. O(1).
    [[nodiscard]] const Error& error() const noexcept { return error_; }

    ///@{
    /// The value; throws arenajson::Exception carrying error() when there is none (the thin
    /// throwing layer, for callers who prefer exceptions). O(1).
    T& value() & {
        if (!has_value_) throw Exception(error_);
        return value_;
    }
    const T& value() const& {
        if (!has_value_) throw Exception(error_);
        return value_;
    }
    /// On a temporary Result the value is moved out and returned by value, so that
    /// `for (auto [key, value] : v.get_object().value())` iterates a live Object for the whole
    /// loop (a reference into the temporary Result would dangle).
    T value() && {
        if (!has_value_) throw Exception(error_);
        return std::move(value_);
    }
    ///@}
    /// A copy of the value, or `fallback` converted to T when there is an error. Never throws
    /// unless copying T does.
    template <class U>
    [[nodiscard]] T value_or(U&& fallback) const& {
        return has_value_ ? value_ : static_cast<T>(std::forward<U>(fallback));
    }
    ///@{
    /// Unchecked access to the value: asserted in debug builds, undefined behaviour on an
    /// error in release builds, so test the Result first. O(1).
    T& operator*() & noexcept {
        assert(has_value_);
        return value_;
    }
    const T& operator*() const& noexcept {
        assert(has_value_);
        return value_;
    }
    /// On a temporary: the value moved out, by value (see value() &&).
    T operator*() && noexcept(std::is_nothrow_move_constructible_v<T>) {
        assert(has_value_);
        return std::move(value_);
    }
    T* operator->() noexcept {
        assert(has_value_);
        return &value_;
    }
    const T* operator->() const noexcept {
        assert(has_value_);
        return &value_;
    }
    ///@}

  private:
    void destroy() noexcept {
        if (has_value_) value_.~T();
        has_value_ = false;
    }

    union {
        T value_;
    };
    Error error_{};
    bool has_value_;
};

/// Success or an Error, for operations that return nothing (spelled Status). Holds an Error
/// in place; no allocation.
template <>
class [[nodiscard]] Result<void> {
  public:
    /// Success. O(1).
    Result() noexcept = default;
    /// `error`; implicit, so a function can `return error;`. An Error with code ok is
    /// success. O(1).
    Result(Error error) noexcept : error_(error) {}  // NOLINT: implicit
    ///@{
    /// True on success. O(1).
    [[nodiscard]] bool has_value() const noexcept { return error_.ok(); }
    explicit operator bool() const noexcept { return error_.ok(); }
    ///@}
    /// The error; code ok on success. O(1).
    [[nodiscard]] const Error& error() const noexcept { return error_; }
    /// Throws arenajson::Exception on an error; does nothing on success. O(1).
    void value() const {
        if (!error_.ok()) throw Exception(error_);
    }

  private:
    Error error_{};
};

/// What operations that return nothing return: success or an Error.
using Status = Result<void>;

}  // namespace arenajson
