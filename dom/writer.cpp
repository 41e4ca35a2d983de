#include "arenajson/writer.hpp"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <vector>

namespace arenajson {

using detail::Node;
using detail::Tag;

namespace {

/// Output that appends to a string (the caller's, or a buffer drained into a FILE*).
class Out {
  public:
    explicit Out(std::string& s, std::FILE* file = nullptr) : s_(s), file_(file) {}

    void put(char c) { s_.push_back(c); }
    void put(const char* p, std::size_t n) { s_.append(p, n); }
    void put(std::string_view v) { s_.append(v.data(), v.size()); }
    /// Drains to the file once the buffer is large; a no-op for string output.
    void maybe_flush() {
        if (file_ != nullptr && s_.size() >= kFlushAt) flush();
    }
    bool flush() {
        if (file_ == nullptr || s_.empty()) return !failed_;
        if (std::fwrite(s_.data(), 1, s_.size(), file_) != s_.size()) failed_ = true;
        s_.clear();
        return !failed_;
    }
    [[nodiscard]] bool failed() const noexcept { return failed_; }

  private:
    static constexpr std::size_t kFlushAt = 64 * 1024;
    std::string& s_;
    std::FILE* file_;
    bool failed_ = false;
};

constexpr char kHex[] = "0123456789abcdef";
// The most significant digits a number may have and still be read as a double (reader.hpp).
constexpr std::size_t kExactDoubleDigits = 15;

void put_unicode_escape(Out& out, std::uint32_t unit) {
    const char esc[6] = {'\\',
                         'u',
                         kHex[(unit >> 12) & 15],
                         kHex[(unit >> 8) & 15],
                         kHex[(unit >> 4) & 15],
                         kHex[unit & 15]};
    out.put(esc, 6);
}

// Bytes that need escaping: '"', '\\', control characters; and non-ASCII when asked.
struct Escapes {
    bool non_ascii;
    bool del;
};
bool needs_escape(unsigned char c, Escapes e) noexcept {
    return c < 0x20 || c == '"' || c == '\\' || (e.non_ascii && c >= 0x80) || (e.del && c == 0x7F);
}

void write_string(Out& out, std::string_view s, Escapes escapes) {
    out.put('"');
    const char* p = s.data();
    const char* const end = p + s.size();
    while (p < end) {
        const char* run = p;
        while (p < end && !needs_escape(static_cast<unsigned char>(*p), escapes))
            ++p;
        out.put(run, static_cast<std::size_t>(p - run));
        if (p == end) break;
        const auto c = static_cast<unsigned char>(*p);
        switch (c) {
            case '"':
                out.put("\\\"", 2);
                break;
            case '\\':
                out.put("\\\\", 2);
                break;
            case '\b':
                out.put("\\b", 2);
                break;
            case '\f':
                out.put("\\f", 2);
                break;
            case '\n':
                out.put("\\n", 2);
                break;
            case '\r':
                out.put("\\r", 2);
                break;
            case '\t':
                out.put("\\t", 2);
                break;
            default:
                if (c < 0x80) {
                    put_unicode_escape(out, c);
                } else {
                    // Documents hold valid UTF-8 only: decode one character.
                    const int n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
                    std::uint32_t cp = c & (0x7F >> n);
                    for (int i = 1; i < n && p + i < end; ++i) {
                        cp = (cp << 6) | (static_cast<unsigned char>(p[i]) & 0x3F);
                    }
                    if (cp >= 0x10000) {
                        cp -= 0x10000;
                        put_unicode_escape(out, 0xD800 + (cp >> 10));
                        put_unicode_escape(out, 0xDC00 + (cp & 0x3FF));
                    } else {
                        put_unicode_escape(out, cp);
                    }
                    p += n - 1;
                }
        }
        ++p;
    }
    out.put('"');
}

void write_double(Out& out, double d, bool mark_integral) {
    char buf[40];
    auto r = std::to_chars(buf, buf + sizeof buf, d);
    std::size_t n = static_cast<std::size_t>(r.ptr - buf);
    // "1e+16" and "1.5" read back as doubles; "100" would come back as an integer, so integral
    // doubles get ".0". The reader keeps the text of numbers with more than 15 significant
    // digits, so where "100000000000000.0" would count 16 the exponent form is written instead
    // ("1e+14"): the value reads back as the same double.
    if (mark_integral && std::memchr(buf, '.', n) == nullptr &&
        std::memchr(buf, 'e', n) == nullptr) {
        const std::size_t digits = n - (buf[0] == '-' ? 1 : 0);
        if (digits + 1 <= kExactDoubleDigits) {
            buf[n++] = '.';
            buf[n++] = '0';
        } else {
            r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
            n = static_cast<std::size_t>(r.ptr - buf);
        }
    }
    out.put(buf, n);
}

void write_scalar(Out& out, const Node& n, const WriteOptions& options) {
    const Escapes escapes{options.escape_non_ascii, options.jq_style};
    char buf[32];
    switch (n.tag()) {
        case Tag::null:
            out.put("null", 4);
            break;
        case Tag::false_:
            out.put("false", 5);
            break;
        case Tag::true_:
            out.put("true", 4);
            break;
        case Tag::int64: {
            const auto r =
                std::to_chars(buf, buf + sizeof buf, static_cast<std::int64_t>(n.payload));
            out.put(buf, static_cast<std::size_t>(r.ptr - buf));
            break;
        }
        case Tag::uint64: {
            const auto r = std::to_chars(buf, buf + sizeof buf, n.payload);
            out.put(buf, static_cast<std::size_t>(r.ptr - buf));
            break;
        }
        case Tag::double_:
            write_double(out, std::bit_cast<double>(n.payload), !options.jq_style);
            break;
        case Tag::number_text_inline:
            out.put(buf, detail::unpack_number_text(n, buf));
            break;
        case Tag::number_text:
            out.put(n.pointer<char>(), static_cast<std::size_t>(n.length()));
            break;
        case Tag::string_inline:
        case Tag::string:
            write_string(out, detail::string_of(n), escapes);
            break;
        default:
            break;
    }
}

struct Frame {
    const Node* node;    // the container
    std::uint64_t next;  // index of the next child to write
};

void write_value(Out& out, const Node& root, const WriteOptions& options) {
    if (root.tag() == Tag::missing) return;
    const bool pretty = options.pretty;
    const std::size_t indent = options.indent > 0 ? static_cast<std::size_t>(options.indent) : 0;
    std::string pad;  // grows with depth; the indentation of a line is a prefix of it
    const auto newline = [&](std::size_t depth) {
        out.put('\n');
        if (pad.size() < depth * indent) pad.assign(depth * indent * 2, ' ');
        out.put(pad.data(), depth * indent);
    };

    std::vector<Frame> stack;
    const Node* current = &root;
    for (;;) {
        // Write `current`; containers with children push a frame and descend.
        const Tag tag = current->tag();
        if ((tag == Tag::array || tag == Tag::object) && current->length() != 0) {
            out.put(tag == Tag::array ? '[' : '{');
            stack.push_back(Frame{current, 0});
        } else if (tag == Tag::array) {
            out.put("[]", 2);
        } else if (tag == Tag::object) {
            out.put("{}", 2);
        } else {
            write_scalar(out, *current, options);
        }
        out.maybe_flush();

        // Find the next value to write: the next child of the innermost open container.
        current = nullptr;
        while (!stack.empty()) {
            Frame& f = stack.back();
            const bool is_object = f.node->tag() == Tag::object;
            if (f.next == f.node->length()) {
                if (pretty) newline(stack.size() - 1);
                out.put(is_object ? '}' : ']');
                stack.pop_back();
                continue;
            }
            if (f.next != 0) out.put(',');
            if (pretty) newline(stack.size());
            if (is_object) {
                const detail::Member& m = f.node->pointer<detail::Member>()[f.next];
                write_string(out, m.key->view(),
                             Escapes{options.escape_non_ascii, options.jq_style});
                out.put(pretty ? ": " : ":", pretty ? 2 : 1);
                current = &m.value;
            } else {
                current = f.node->pointer<Node>() + f.next;
            }
            ++f.next;
            break;
        }
        if (current == nullptr) break;
    }
}

}  // namespace

void write(Value value, std::string& out, const WriteOptions& options) {
    Out o(out);
    write_value(o, *value.node(), options);
}

std::string to_string(Value value, const WriteOptions& options) {
    std::string s;
    write(value, s, options);
    return s;
}

Status write(Value value, std::FILE* file, const WriteOptions& options) {
    std::string buffer;
    buffer.reserve(80 * 1024);
    Out o(buffer, file);
    write_value(o, *value.node(), options);
    if (!o.flush() || std::fflush(file) != 0) {
        Error e;
        e.code = ErrorCode::write_failed;
        e.system_errno = errno;
        return e;
    }
    return {};
}

}  // namespace arenajson
