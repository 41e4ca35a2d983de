// RFC 6901 JSON Pointer resolution (Value::at_pointer).
#include "arenajson/value.hpp"

#include <string>

namespace arenajson {

namespace {

Value missing(ErrorCode code) {
    return Value(detail::missing(code));
}

// An array index token: "0" or digits without a leading zero, fitting size_t.
bool parse_index(std::string_view token, std::size_t& index) {
    if (token.empty() || token.size() > 19 || (token.size() > 1 && token[0] == '0')) return false;
    std::size_t v = 0;
    for (const char c : token) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + static_cast<std::size_t>(c - '0');
    }
    index = v;
    return true;
}

}  // namespace

Value Value::at_pointer(std::string_view pointer) const noexcept {
    if (pointer.empty()) return *this;
    if (pointer[0] != '/') return missing(ErrorCode::invalid_pointer);
    Value current = *this;
    std::string unescaped;
    std::size_t pos = 1;
    for (;;) {
        const std::size_t slash = pointer.find('/', pos);
        std::string_view token = pointer.substr(
            pos, slash == std::string_view::npos ? std::string_view::npos : slash - pos);
        if (token.find('~') != std::string_view::npos) {
            // ~1 is '/' and ~0 is '~'; any other '~' makes the pointer invalid.
            try {
                unescaped.clear();
                for (std::size_t i = 0; i < token.size(); ++i) {
                    if (token[i] != '~') {
                        unescaped += token[i];
                    } else if (i + 1 < token.size() &&
                               (token[i + 1] == '0' || token[i + 1] == '1')) {
                        unescaped += token[i + 1] == '0' ? '~' : '/';
                        ++i;
                    } else {
                        return missing(ErrorCode::invalid_pointer);
                    }
                }
            } catch (...) {
                return missing(ErrorCode::invalid_pointer);
            }
            token = unescaped;
        }
        if (current.is_object()) {
            current = current.members().find(token);
        } else if (current.is_array()) {
            std::size_t index = 0;
            // "-" names the element after the last: never present in a read-only document.
            if (!parse_index(token, index)) return missing(ErrorCode::index_out_of_range);
            current = current.elements()[index];
        } else {
            return missing(current.exists() ? ErrorCode::wrong_type : current.error().code);
        }
        if (!current.exists() || slash == std::string_view::npos) return current;
        pos = slash + 1;
    }
}

}  // namespace arenajson
