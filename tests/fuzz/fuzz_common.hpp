// Shared by the fuzz targets: a check that traps, a byte reader for the input's control bytes,
// and a walk over a document that touches every value through the public API.
//
// Everything here compiles with GCC as well as clang: the targets are also built without
// libFuzzer, for replaying the saved regressions under ctest (replay_main.cpp).
#pragma once

#include "arenajson/document.hpp"
#include "arenajson/value.hpp"
#include "arenajson/writer.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace arenajson::fuzz {

/// Prints what failed and traps: libFuzzer saves the input, the replay test fails.
[[noreturn]] inline void check_failed(const char* what, const char* file, int line) {
    std::fprintf(stderr, "%s:%d: fuzz check failed: %s\n", file, line, what);
    std::fflush(stderr);
    __builtin_trap();
}

}  // namespace arenajson::fuzz

// A macro, not a function: it names the failed expression and its line (clang 14 has no
// std::source_location).
#define FUZZ_CHECK(cond)                                                         \
    do {                                                                         \
        if (!(cond)) ::arenajson::fuzz::check_failed(#cond, __FILE__, __LINE__); \
    } while (0)

namespace arenajson::fuzz {

/// The fuzzer's bytes as text.
inline std::string_view as_text(const std::uint8_t* data, std::size_t size) noexcept {
    return {reinterpret_cast<const char*>(data), size};
}

/// Takes control bytes from the front of an input; past the end it gives zeros.
class ControlBytes {
  public:
    explicit ControlBytes(std::string_view input) noexcept : rest_(input) {}
    std::uint8_t take() noexcept {
        if (rest_.empty()) return 0;
        const auto b = static_cast<std::uint8_t>(rest_.front());
        rest_.remove_prefix(1);
        return b;
    }
    /// What is left: the JSON text to parse.
    [[nodiscard]] std::string_view rest() const noexcept { return rest_; }

  private:
    std::string_view rest_;
};

/// Chunk sizes chosen by control bytes: a count (1 to 4), then one byte per size. Small sizes
/// are the interesting ones (every token kind gets cut); 0 means "the rest at once", 255 means
/// a large chunk.
inline std::vector<std::size_t> chunk_sizes(ControlBytes& control) {
    const std::size_t count = 1 + control.take() % 4;
    std::vector<std::size_t> sizes;
    for (std::size_t i = 0; i < count; ++i) {
        const std::uint8_t b = control.take();
        sizes.push_back(b == 255 ? 4096 : b % 17);
    }
    if (sizes.size() == 1 && sizes[0] == 0) sizes[0] = 1;  // make sure something is cut
    return sizes;
}

/// Calls `f(offset, length)` for each chunk of an input of `size` bytes, the sizes cycled as
/// tests/event_log.hpp's parse_chunks does (0 = the rest).
template <class F>
void for_each_chunk(std::size_t size, const std::vector<std::size_t>& sizes, F&& f) {
    std::size_t pos = 0, k = 0;
    while (pos < size) {
        std::size_t n = sizes.empty() ? 0 : sizes[k++ % sizes.size()];
        if (n == 0 || n > size - pos) n = size - pos;
        if (!f(pos, n)) return;
        pos += n;
    }
}

/// Same error: code and position (the message follows from the code).
inline bool same_error(const Error& a, const Error& b) noexcept {
    return a.code == b.code && a.offset == b.offset && a.line == b.line && a.column == b.column &&
           a.at_end == b.at_end;
}

/// "/" and the key as an RFC 6901 reference token ('~' as ~0, '/' as ~1).
inline std::string pointer_token(std::string_view key) {
    std::string out = "/";
    for (const char c : key) {
        if (c == '~') {
            out += "~0";
        } else if (c == '/') {
            out += "~1";
        } else {
            out += c;
        }
    }
    return out;
}

/// Walks a document without recursion, reading every value through its typed getters and
/// looking each object key up again; checks what the API promises about each. Returns the
/// number of values seen.
inline std::uint64_t walk(Value root) {
    std::uint64_t values = 0;
    std::vector<Value> pending{root};
    while (!pending.empty()) {
        const Value v = pending.back();
        pending.pop_back();
        ++values;
        FUZZ_CHECK(v.exists());
        switch (v.type()) {
            case Type::null:
                FUZZ_CHECK(v.is_null());
                break;
            case Type::boolean:
                FUZZ_CHECK(v.get_bool().has_value());
                break;
            case Type::number: {
                if (v.is_integer()) {
                    FUZZ_CHECK(v.get_int64().has_value() || v.get_uint64().has_value());
                } else if (v.is_number_text()) {
                    const NumberText text = v.number_text();
                    FUZZ_CHECK(!text.empty());
                    FUZZ_CHECK(!v.get_int64().has_value());
                } else {
                    FUZZ_CHECK(v.is_double());
                    FUZZ_CHECK(v.get_double().has_value());
                }
                (void)v.get_double();
                break;
            }
            case Type::string: {
                const Result<std::string_view> s = v.get_string();
                FUZZ_CHECK(s.has_value());
                FUZZ_CHECK(s->data()[s->size()] == '\0');
                break;
            }
            case Type::array: {
                const Array a = v.elements();
                FUZZ_CHECK(a.size() == v.size());
                for (std::size_t i = 0; i < a.size(); ++i)
                    pending.push_back(a[i]);
                FUZZ_CHECK(!v[a.size()].exists());
                break;
            }
            case Type::object: {
                const Object o = v.members();
                FUZZ_CHECK(o.size() == v.size());
                for (const auto& [key, value] : o) {
                    // Lookup returns the first member with the key: an equal or earlier one.
                    const Value found = v[key];
                    FUZZ_CHECK(found.exists());
                    FUZZ_CHECK(found.node() <= value.node());
                    FUZZ_CHECK(v.at_pointer(pointer_token(key)).node() == found.node());
                    pending.push_back(value);
                }
                break;
            }
            case Type::missing:
                FUZZ_CHECK(false);
                break;
        }
    }
    return values;
}

/// Walks a parsed document: stats agree with the walk, and both writers produce output.
inline void exercise(const Document& doc) {
    const DocumentStats stats = doc.stats();
    FUZZ_CHECK(walk(doc.root()) == stats.values());
    const std::string compact = to_string(doc.root());
    FUZZ_CHECK(!compact.empty());
    WriteOptions pretty;
    pretty.pretty = true;
    FUZZ_CHECK(to_string(doc.root(), pretty).size() >= compact.size());
}

}  // namespace arenajson::fuzz
