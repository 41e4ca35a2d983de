#include "arenajson/writer.hpp"

#include "arenajson/detail/json_text.hpp"
#include "arenajson/detail/number.hpp"
#include "arenajson/detail/utf8.hpp"
#include "arenajson/replay.hpp"

#include <cerrno>
#include <charconv>
#include <cstring>

namespace arenajson {

namespace detail {

namespace {

constexpr char kHex[] = "0123456789abcdef";

void put_unicode_escape(std::string& out, std::uint32_t unit) {
    const char esc[6] = {'\\',
                         'u',
                         kHex[(unit >> 12) & 15],
                         kHex[(unit >> 8) & 15],
                         kHex[(unit >> 4) & 15],
                         kHex[unit & 15]};
    out.append(esc, 6);
}

bool needs_escape(unsigned char c, StringEscapes e) noexcept {
    return c < 0x20 || c == '"' || c == '\\' || (e.non_ascii && c >= 0x80) || (e.del && c == 0x7F);
}

}  // namespace

void append_json_string(std::string& out, std::string_view s, StringEscapes escapes) {
    out.push_back('"');
    const char* p = s.data();
    const char* const end = p + s.size();
    while (p < end) {
        const char* run = p;
        while (p < end && !needs_escape(static_cast<unsigned char>(*p), escapes))
            ++p;
        out.append(run, static_cast<std::size_t>(p - run));
        if (p == end) break;
        const auto c = static_cast<unsigned char>(*p);
        switch (c) {
            case '"':
                out.append("\\\"", 2);
                break;
            case '\\':
                out.append("\\\\", 2);
                break;
            case '\b':
                out.append("\\b", 2);
                break;
            case '\f':
                out.append("\\f", 2);
                break;
            case '\n':
                out.append("\\n", 2);
                break;
            case '\r':
                out.append("\\r", 2);
                break;
            case '\t':
                out.append("\\t", 2);
                break;
            default:
                if (c < 0x80) {
                    put_unicode_escape(out, c);
                } else {
                    std::uint32_t cp = 0;
                    const int n = decode_utf8(p, static_cast<std::size_t>(end - p), cp);
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
    out.push_back('"');
}

void append_double(std::string& out, double d, bool mark_integral) {
    char buf[40];
    auto r = std::to_chars(buf, buf + sizeof buf, d);
    auto n = static_cast<std::size_t>(r.ptr - buf);
    // "1e+16" and "1.5" read back as doubles; "100" would come back as an integer, so integral
    // doubles get ".0". The reader keeps the text of numbers with more significant digits than
    // kExactDoubleDigits, so where "100000000000000.0" would pass that the exponent form is
    // written instead ("1e+14"): the value reads back as the same double.
    if (mark_integral && std::memchr(buf, '.', n) == nullptr &&
        std::memchr(buf, 'e', n) == nullptr) {
        const std::size_t digits = n - (buf[0] == '-' ? 1 : 0);
        if (digits + 1 <= static_cast<std::size_t>(kExactDoubleDigits)) {
            buf[n++] = '.';
            buf[n++] = '0';
        } else {
            r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
            n = static_cast<std::size_t>(r.ptr - buf);
        }
    }
    out.append(buf, n);
}

}  // namespace detail

namespace {
constexpr std::size_t kFlushAt = 64 * 1024;
}  // namespace

Writer::Writer(std::string& out, const WriteOptions& options) : options_(options), out_(&out) {
}

Writer::Writer(std::FILE* out, const WriteOptions& options)
    : options_(options), out_(&buffer_), file_(out) {
    buffer_.reserve(kFlushAt + 16 * 1024);
}

Writer::~Writer() {
    if (file_ != nullptr) drain();
}

bool Writer::drain() {
    if (file_ == nullptr || buffer_.empty()) return error_.ok();
    if (error_.ok() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
        error_ = Error::system(ErrorCode::write_failed, errno);
    }
    buffer_.clear();
    return error_.ok();
}

// After each complete value or token: hands a full buffer to the stream.
bool Writer::done() {
    if (file_ != nullptr && buffer_.size() >= kFlushAt) return drain();
    return true;
}

void Writer::newline(std::size_t depth) {
    put('\n');
    const std::size_t indent = options_.indent > 0 ? static_cast<std::size_t>(options_.indent) : 0;
    if (pad_.size() < depth * indent) pad_.assign(depth * indent * 2, ' ');
    put(pad_.data(), depth * indent);
}

// Before a value or a key: the comma after its sibling and, when pretty, its line.
void Writer::separate() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (has_children_.empty()) return;
    if (has_children_.back()) put(',');
    has_children_.back() = true;
    if (options_.pretty) newline(has_children_.size());
}

void Writer::string(std::string_view s) {
    detail::append_json_string(*out_, s,
                               detail::StringEscapes{options_.escape_non_ascii, options_.jq_style});
}

bool Writer::on_null() {
    separate();
    put("null", 4);
    return done();
}

bool Writer::on_bool(bool b) {
    separate();
    if (b) {
        put("true", 4);
    } else {
        put("false", 5);
    }
    return done();
}

bool Writer::on_int64(std::int64_t i) {
    separate();
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, i);
    put(buf, static_cast<std::size_t>(r.ptr - buf));
    return done();
}

bool Writer::on_uint64(std::uint64_t u) {
    separate();
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, u);
    put(buf, static_cast<std::size_t>(r.ptr - buf));
    return done();
}

bool Writer::on_double(double d) {
    separate();
    detail::append_double(*out_, d, !options_.jq_style);
    return done();
}

bool Writer::on_number_text(std::string_view text) {
    separate();
    put(text.data(), text.size());
    return done();
}

bool Writer::on_string(std::string_view s) {
    separate();
    string(s);
    return done();
}

bool Writer::on_key(std::string_view key) {
    separate();
    string(key);
    if (options_.pretty) {
        put(": ", 2);
    } else {
        put(':');
    }
    after_key_ = true;
    return true;
}

bool Writer::on_start_object() {
    separate();
    put('{');
    has_children_.push_back(false);
    return true;
}

bool Writer::on_start_array() {
    separate();
    put('[');
    has_children_.push_back(false);
    return true;
}

bool Writer::on_end_object(std::size_t) {
    const bool children = has_children_.back();
    has_children_.pop_back();
    if (children && options_.pretty) newline(has_children_.size());
    put('}');
    return done();
}

bool Writer::on_end_array(std::size_t) {
    const bool children = has_children_.back();
    has_children_.pop_back();
    if (children && options_.pretty) newline(has_children_.size());
    put(']');
    return done();
}

bool Writer::end_line() {
    put('\n');
    has_children_.clear();
    after_key_ = false;
    return done();
}

Status Writer::flush() {
    if (!drain()) return error_;
    if (file_ != nullptr && std::fflush(file_) != 0) {
        error_ = Error::system(ErrorCode::write_failed, errno);
    }
    if (!error_.ok()) return error_;
    return {};
}

void write(Value value, std::string& out, const WriteOptions& options) {
    Writer writer(out, options);
    (void)replay(value, writer);  // writing to a string cannot fail
}

std::string to_string(Value value, const WriteOptions& options) {
    std::string s;
    write(value, s, options);
    return s;
}

Status write(Value value, std::FILE* file, const WriteOptions& options) {
    Writer writer(file, options);
    if (value.exists()) (void)replay(value, writer);
    return writer.flush();
}

}  // namespace arenajson
