// The conversion of long decimal numbers to doubles (see decimal_to_double in number.hpp).
#include "arenajson/detail/number.hpp"

#if ARENAJSON_HAVE_FAST_FLOAT
#include <fast_float/fast_float.h>
#else
#include <charconv>
#endif
#include <system_error>

namespace arenajson::detail {

bool decimal_to_double(const char* p, const char* e, double& out) noexcept {
#if ARENAJSON_HAVE_FAST_FLOAT
    const fast_float::from_chars_result r = fast_float::from_chars(p, e, out);
#else
    const std::from_chars_result r = std::from_chars(p, e, out);  // correctly rounded (GCC >= 12)
#endif
    return r.ec == std::errc() && r.ptr == e;
}

}  // namespace arenajson::detail
