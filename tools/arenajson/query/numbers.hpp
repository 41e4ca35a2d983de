// query/numbers.hpp — numbers for the filter language: exact comparison across int64, uint64,
// double and kept number texts, and the double jq would see. Internal.
#pragma once

#include "arenajson/value.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace arenajson::query::detail {

/// A decimal number in canonical form: value = sign × 0.digits × 10^exponent, where digits has
/// no leading or trailing zeros (empty, with sign 0, for zero).
struct Decimal {
    int sign = 0;
    std::int64_t exponent = 0;
    std::string digits;
};

/// Reads a number's text: an optional '-', digits with an optional '.', an optional exponent
/// (JSON's grammar, and also ".5" and "1." as jq literals allow). Exponents saturate far beyond
/// any double. O(length); allocates the digits.
[[nodiscard]] Decimal parse_decimal(std::string_view text);

/// The exact decimal form of any number value (doubles expand to all their digits). Allocates.
[[nodiscard]] Decimal decimal_of(Value number);

/// -1, 0 or 1 as a's value is below, equal to or above b's; both must be numbers. Integers and
/// doubles compare exactly, and so do two kept texts; a kept text against any other number
/// compares as doubles, as jq 1.6 compares every number. O(1), or O(digits) for kept texts
/// (allocates when two of them round to the same double).
[[nodiscard]] int compare_numbers(Value a, Value b);

/// The number as a double, rounded to nearest: what jq 1.6 computes with. Kept texts beyond
/// double's range give ±infinity, below it ±0. O(1), or O(digits) for a kept text.
[[nodiscard]] double number_value(Value number);

/// JSON text for a jq number literal (digits, '.', exponent as the lexer took them: "007",
/// ".5" and "1." too), negated when `negative`. Its value is exact: parsed like input numbers,
/// it keeps the representation the input's numbers get.
[[nodiscard]] std::string literal_number_json(std::string_view text, bool negative);

}  // namespace arenajson::query::detail
