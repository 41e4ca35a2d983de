#include "arenajson/writer.hpp"

#include "arenajson/detail/json_text.hpp"
#include "arenajson/detail/number.hpp"
#include "arenajson/detail/utf8.hpp"
#include "arenajson/replay.hpp"

#include <cerrno>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <charconv>
#include <cstring>

namespace arenajson {

namespace detail {

namespace {

constexpr char kHex[] = "0123456789abcdef";

template <class Sink>
void put_unicode_escape(Sink& out, std::uint32_t unit) {
    const char esc[6] = {'\\',
                         'u',
                         kHex[(unit >> 12) & 15],
                         kHex[(unit >> 8) & 15],
                         kHex[(unit >> 4) & 15],
                         kHex[unit & 15]};
    out.put(esc, 6);
}

bool needs_escape(unsigned char c, StringEscapes e) noexcept {
    return c < 0x20 || c == '"' || c == '\\' || (e.non_ascii && c >= 0x80) || (e.del && c == 0x7F);
}

// The first byte in [p, end) that needs an escape, or end. Sixteen bytes a step where SSE2 is
// there (every x86-64): most strings have no such byte at all.
const char* find_escape(const char* p, const char* end, StringEscapes e) noexcept {
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i control = _mm_set1_epi8(0x1F);
    const __m128i del = _mm_set1_epi8(0x7F);
    while (end - p >= 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        // v <= 0x1F unsigned: the maximum of v and 0x1F is 0x1F.
        __m128i hit =
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                         _mm_cmpeq_epi8(_mm_max_epu8(v, control), control));
        if (e.del) hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, del));
        auto mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
        if (e.non_ascii) mask |= static_cast<unsigned>(_mm_movemask_epi8(v));  // high bits
        if (mask != 0) return p + __builtin_ctz(mask);
        p += 16;
    }
#endif
    while (p < end && !needs_escape(static_cast<unsigned char>(*p), e))
        ++p;
    return p;
}

// Writes `s` as a JSON string literal through a sink with put(char) and put(ptr, n): the one
// escaper, for a std::string and for the Writer's buffer.
template <class Sink>
void escape_into(Sink& out, std::string_view s, StringEscapes escapes) {
    out.put('"');
    const char* p = s.data();
    const char* const end = p + s.size();
    while (p < end) {
        const char* run = p;
        p = find_escape(p, end, escapes);
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
    out.put('"');
}

struct StringSink {
    std::string& s;
    void put(char c) { s.push_back(c); }
    void put(const char* p, std::size_t n) { s.append(p, n); }
};

}  // namespace

void append_json_string(std::string& out, std::string_view s, StringEscapes escapes) {
    StringSink sink{out};
    escape_into(sink, s, escapes);
}

std::size_t format_double(char* buf, double d, bool mark_integral) noexcept {
    auto r = std::to_chars(buf, buf + kMaxDoubleText, d);
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
            r = std::to_chars(buf, buf + kMaxDoubleText, d, std::chars_format::scientific);
            n = static_cast<std::size_t>(r.ptr - buf);
        }
    }
    return n;
}

std::string jq_describe(std::string_view type, std::string json, bool is_string) {
    constexpr std::size_t kMax = 29;
    if (json.size() > kMax) {
        cut_utf8(json, kMax - (is_string ? 4 : 3));
        json += is_string ? "...\"" : "...";
    }
    std::string out(type);
    out += " (";
    out += json;
    out += ')';
    return out;
}

}  // namespace detail

Writer::Writer(std::string& out, const WriteOptions& options) noexcept
    : options_(options), out_(&out) {
}

Writer::Writer(std::FILE* out, const WriteOptions& options) noexcept
    : options_(options), file_(out) {
}

Writer::~Writer() {
    spill();
}

void Writer::deliver(const char* p, std::size_t n) {
    if (n == 0) return;
    if (out_ != nullptr) {
        out_->append(p, n);
    } else if (error_.ok() && std::fwrite(p, 1, n, file_) != n) {
        error_ = Error::system(ErrorCode::write_failed, errno);
    }
}

void Writer::spill() {
    deliver(buffer_, cursor_);
    cursor_ = 0;
}

namespace {
// Copies n <= 32 bytes with two overlapping fixed-size moves: numbers and short strings are most
// of what a writer copies, and a variable-length memcpy costs more than they do.
inline void copy_short(char* dst, const char* src, std::size_t n) noexcept {
    if (n >= 16) {
        std::memcpy(dst, src, 16);
        std::memcpy(dst + n - 16, src + n - 16, 16);
    } else if (n >= 8) {
        std::memcpy(dst, src, 8);
        std::memcpy(dst + n - 8, src + n - 8, 8);
    } else if (n >= 4) {
        std::memcpy(dst, src, 4);
        std::memcpy(dst + n - 4, src + n - 4, 4);
    } else {
        for (std::size_t i = 0; i < n; ++i)
            dst[i] = src[i];
    }
}
}  // namespace

void Writer::put(const char* p, std::size_t n) {
    if (kBuffer - cursor_ < n) {
        spill();
        if (n > kBuffer) {
            deliver(p, n);  // a long string goes straight through
            return;
        }
    }
    if (n <= 32) {
        copy_short(buffer_ + cursor_, p, n);
    } else {
        std::memcpy(buffer_ + cursor_, p, n);
    }
    cursor_ += n;
}

// After each value: a complete top-level value reaches the string or stream at once.
bool Writer::value_done() {
    if (depth_ == 0) spill();
    return error_.ok();
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
    if (depth_ == 0) return;
    std::uint64_t& word = has_children_[(depth_ - 1) / 64];
    const std::uint64_t bit = std::uint64_t{1} << ((depth_ - 1) % 64);
    if (word & bit) put(',');
    word |= bit;
    if (options_.pretty) newline(depth_);
}

bool Writer::open() {
    if (depth_ % 64 == 0 && depth_ / 64 == has_children_.size()) has_children_.push_back(0);
    has_children_[depth_ / 64] &= ~(std::uint64_t{1} << (depth_ % 64));
    ++depth_;
    return true;
}

bool Writer::close() {
    --depth_;
    const bool children = (has_children_[depth_ / 64] >> (depth_ % 64)) & 1;
    if (children && options_.pretty) newline(depth_);
    return true;
}

void Writer::string(std::string_view s) {
    struct Sink {
        Writer& w;
        void put(char c) { w.put(c); }
        void put(const char* p, std::size_t n) { w.put(p, n); }
    } sink{*this};
    detail::escape_into(sink, s,
                        detail::StringEscapes{options_.escape_non_ascii, options_.jq_style});
}

bool Writer::on_null() {
    separate();
    put("null", 4);
    return value_done();
}

bool Writer::on_bool(bool b) {
    separate();
    if (b) {
        put("true", 4);
    } else {
        put("false", 5);
    }
    return value_done();
}

bool Writer::on_int64(std::int64_t i) {
    separate();
    char* p = room(24);
    advance(static_cast<std::size_t>(std::to_chars(p, p + 24, i).ptr - p));
    return value_done();
}

bool Writer::on_uint64(std::uint64_t u) {
    separate();
    char* p = room(24);
    advance(static_cast<std::size_t>(std::to_chars(p, p + 24, u).ptr - p));
    return value_done();
}

bool Writer::on_double(double d) {
    separate();
    advance(detail::format_double(room(detail::kMaxDoubleText), d, !options_.jq_style));
    return value_done();
}

bool Writer::on_number_text(std::string_view text) {
    separate();
    put(text.data(), text.size());
    return value_done();
}

bool Writer::on_string(std::string_view s) {
    separate();
    string(s);
    return value_done();
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
    return error_.ok();
}

bool Writer::on_start_object() {
    separate();
    put('{');
    return open();
}

bool Writer::on_start_array() {
    separate();
    put('[');
    return open();
}

bool Writer::on_end_object(std::size_t) {
    close();
    put('}');
    return value_done();
}

bool Writer::on_end_array(std::size_t) {
    close();
    put(']');
    return value_done();
}

bool Writer::end_line() {
    put('\n');
    depth_ = 0;
    after_key_ = false;
    return value_done();
}

Status Writer::flush() {
    spill();
    if (file_ != nullptr && error_.ok() && std::fflush(file_) != 0) {
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
