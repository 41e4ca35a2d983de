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
};

/// The English description of a code, saying what was expected. Never null. O(1).
[[nodiscard]] const char* error_message(ErrorCode code) noexcept;
/// The code's name as written in this header ("expected_colon"). Never null. O(1).
[[nodiscard]] const char* error_name(ErrorCode code) noexcept;

/// An error: a code, and where it happened when it is about input. Offsets count bytes from the
/// start of the input (after decompression); line and column are 1-based, the column counts
/// bytes; both are 0 when the error is not about a position (a wrong-type access, say).
struct Error {
    ErrorCode code = ErrorCode::ok;
    /// The input ended where more was expected (the position is then the end of the input).
    bool at_end = false;
    /// errno for open_failed and read_failed, else 0.
    int system_errno = 0;
    std::uint64_t offset = 0;
    std::uint64_t line = 0;
    std::uint64_t column = 0;

    [[nodiscard]] constexpr bool ok() const noexcept { return code == ErrorCode::ok; }
    [[nodiscard]] const char* message() const noexcept { return error_message(code); }
    /// "LINE:COL: MESSAGE" for positioned errors, else the message; names the end of input and
    /// the system error where there is one. Allocates.
    [[nodiscard]] std::string to_string() const;
};

/// Thrown only by Result::value() on an error (the thin throwing layer); the library itself
/// never throws on the parse path.
class Exception : public std::runtime_error {
  public:
    explicit Exception(const Error& e) : std::runtime_error(e.to_string()), error_(e) {}
    [[nodiscard]] const Error& error() const noexcept { return error_; }

  private:
    Error error_;
};

/// A value or an Error. Cheap to move; never throws except from value() on an error.
template <class T>
class [[nodiscard]] Result {
  public:
    Result(T value) noexcept(std::is_nothrow_move_constructible_v<T>)  // NOLINT: implicit
        : has_value_(true) {
        ::new (&value_) T(std::move(value));
    }
    Result(Error error) noexcept : error_(error), has_value_(false) {  // NOLINT: implicit
        assert(!error.ok());
    }
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
    ~Result() { destroy(); }

    [[nodiscard]] bool has_value() const noexcept { return has_value_; }
    explicit operator bool() const noexcept { return has_value_; }
    /// The error; code ok when there is a value.
    [[nodiscard]] const Error& error() const noexcept { return error_; }

    /// The value; throws arenajson::Exception when there is none.
    T& value() & {
        if (!has_value_) throw Exception(error_);
        return value_;
    }
    const T& value() const& {
        if (!has_value_) throw Exception(error_);
        return value_;
    }
    T&& value() && {
        if (!has_value_) throw Exception(error_);
        return std::move(value_);
    }
    /// The value, or `fallback` when there is an error.
    template <class U>
    [[nodiscard]] T value_or(U&& fallback) const& {
        return has_value_ ? value_ : static_cast<T>(std::forward<U>(fallback));
    }
    /// Unchecked access (asserted in debug builds).
    T& operator*() & noexcept {
        assert(has_value_);
        return value_;
    }
    const T& operator*() const& noexcept {
        assert(has_value_);
        return value_;
    }
    T&& operator*() && noexcept {
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

/// Success or an Error, for operations that return nothing.
template <>
class [[nodiscard]] Result<void> {
  public:
    Result() noexcept = default;
    Result(Error error) noexcept : error_(error) {}  // NOLINT: implicit
    [[nodiscard]] bool has_value() const noexcept { return error_.ok(); }
    explicit operator bool() const noexcept { return error_.ok(); }
    [[nodiscard]] const Error& error() const noexcept { return error_; }
    /// Throws arenajson::Exception on an error.
    void value() const {
        if (!error_.ok()) throw Exception(error_);
    }

  private:
    Error error_{};
};

using Status = Result<void>;

}  // namespace arenajson
