// query/build.hpp — values a filter computes, built node by node like a parsed document.
// Internal.
#pragma once

#include "arenajson/builder.hpp"
#include "arenajson/value.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace arenajson::query::detail {

struct BuildSlot;

/// One computed value (a length, keys, a slice, `[f]`): its nodes go through a DomBuilder into
/// an arena, so numbers keep their exact representation (double, integer or kept text). The
/// arena and builder come from a per-thread stack of reusable slots, taken and given back last
/// in first out as computed values nest, so a warm thread allocates nothing per value.
/// Construct, send events (or copy()), finish(), then use the value until destruction.
class ValueBuilder {
  public:
    ValueBuilder();
    ~ValueBuilder();
    ValueBuilder(const ValueBuilder&) = delete;
    ValueBuilder& operator=(const ValueBuilder&) = delete;

    // The value's events, as a parser sends them. Each returns false when memory runs out,
    // after which finish() gives a missing value.
    bool int64(std::int64_t i) { return record(builder().on_int64(i)); }
    bool uint64(std::uint64_t u) { return record(builder().on_uint64(u)); }
    bool double_(double d) { return record(builder().on_double(d)); }
    bool number_text(std::string_view text) { return record(builder().on_number_text(text)); }
    bool string(std::string_view s) { return record(builder().on_string(s)); }
    bool begin_array() { return record(builder().on_start_array()); }
    bool end_array(std::size_t elements) { return record(builder().on_end_array(elements)); }
    /// Sends the events of a whole value, without recursion. O(size of the value).
    bool copy(Value value);
    /// The built value, valid until this ValueBuilder is destroyed; missing when memory ran
    /// out. Call once, after the events of exactly one value.
    [[nodiscard]] Value finish() noexcept;

  private:
    [[nodiscard]] DomBuilder& builder() noexcept;
    bool record(bool ok) noexcept {
        failed_ = failed_ || !ok;
        return ok;
    }

    BuildSlot* slot_;
    bool failed_ = false;
};

}  // namespace arenajson::query::detail
