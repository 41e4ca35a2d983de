// arenajson/detail/pointer_tokens.hpp — the one reader of RFC 6901 JSON Pointers: Value's
// at_pointer and parse_pointer (find_path, `arenajson get`) walk their tokens with it. Internal.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace arenajson::detail {

/// The tokens of a JSON Pointer ("" is the whole value; "/a/0" two tokens; ~1 is '/' and ~0 is
/// '~', any other '~' makes the pointer invalid), one at a time. Allocates nothing unless a
/// token has escapes (then it is decoded into a reused string).
class PointerTokens {
  public:
    enum class Step : unsigned char { token, end, invalid };

    explicit PointerTokens(std::string_view pointer) noexcept
        : rest_(pointer), started_(pointer.empty()) {}

    /// The next token in `token` (a view of the pointer, or of this object's scratch string
    /// when decoded, valid until the next call): `token`, `end` after the last, or `invalid`.
    /// O(token length).
    Step next(std::string_view& token) {
        if (!started_) {
            started_ = true;
            if (rest_.empty() || rest_[0] != '/') return Step::invalid;
        }
        if (rest_.empty()) return Step::end;
        rest_.remove_prefix(1);  // the '/'
        const std::size_t slash = rest_.find('/');
        token = rest_.substr(0, slash);
        rest_ = slash == std::string_view::npos ? std::string_view() : rest_.substr(slash);
        if (token.find('~') == std::string_view::npos) return Step::token;
        scratch_.clear();
        for (std::size_t i = 0; i < token.size(); ++i) {
            if (token[i] != '~') {
                scratch_ += token[i];
            } else if (i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
                scratch_ += token[++i] == '0' ? '~' : '/';
            } else {
                return Step::invalid;
            }
        }
        token = scratch_;
        return Step::token;
    }

    /// The array index a token spells: "0", or digits without a leading zero that fit size_t
    /// (19 at most); nothing otherwise ("-", which names the element after the last, included).
    /// O(token length).
    static std::optional<std::size_t> index_of(std::string_view token) noexcept {
        if (token.empty() || token.size() > 19 || (token.size() > 1 && token[0] == '0')) {
            return std::nullopt;
        }
        std::size_t v = 0;
        for (const char c : token) {
            if (c < '0' || c > '9') return std::nullopt;
            v = v * 10 + static_cast<std::size_t>(c - '0');
        }
        return v;
    }

  private:
    std::string_view rest_;
    bool started_;
    std::string scratch_;
};

}  // namespace arenajson::detail
