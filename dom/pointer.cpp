// RFC 6901 JSON Pointer resolution (Value::at_pointer).
#include "arenajson/detail/pointer_tokens.hpp"
#include "arenajson/value.hpp"

namespace arenajson {

Value Value::at_pointer(std::string_view pointer) const noexcept {
    const auto missing = [](ErrorCode code) { return Value(detail::missing(code)); };
    Value current = *this;
    try {
        detail::PointerTokens tokens(pointer);
        for (;;) {
            std::string_view token;
            switch (tokens.next(token)) {
                case detail::PointerTokens::Step::end:
                    return current;
                case detail::PointerTokens::Step::invalid:
                    return missing(ErrorCode::invalid_pointer);
                case detail::PointerTokens::Step::token:
                    break;
            }
            if (current.is_object()) {
                current = current.members().find(token);
            } else if (current.is_array()) {
                // "-" names the element after the last: never present in a read-only document.
                const std::optional<std::size_t> index = detail::PointerTokens::index_of(token);
                if (!index) return missing(ErrorCode::index_out_of_range);
                current = current.elements()[*index];
            } else {
                return missing(current.exists() ? ErrorCode::wrong_type : current.error().code);
            }
            if (!current.exists()) return current;
        }
    } catch (...) {
        // Decoding an escaped token ran out of memory.
        return missing(ErrorCode::invalid_pointer);
    }
}

}  // namespace arenajson
