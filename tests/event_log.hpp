// A SAX handler that records every event as text, and helpers that feed input in chunks.
// Shared by the reader, conformance and fuzz tests.
#pragma once

#include "arenajson/reader.hpp"

#include <charconv>
#include <string>
#include <string_view>
#include <vector>

namespace arenajson::testing {

struct EventLog {
    std::string events;
    std::size_t documents = 0;

    bool on_null() { return add("null"); }
    bool on_bool(bool b) { return add(b ? "true" : "false"); }
    bool on_int64(std::int64_t i) { return add("i:" + std::to_string(i)); }
    bool on_uint64(std::uint64_t u) { return add("u:" + std::to_string(u)); }
    bool on_double(double d) {
        char buf[64];
        const auto r = std::to_chars(buf, buf + sizeof buf, d);
        return add("d:" + std::string(buf, r.ptr));
    }
    bool on_number_text(std::string_view s) { return add("n:" + std::string(s)); }
    bool on_string(std::string_view s) { return add("s:" + escape(s)); }
    bool on_key(std::string_view s) { return add("k:" + escape(s)); }
    bool on_start_object() { return add("{"); }
    bool on_end_object(std::size_t n) { return add("}" + std::to_string(n)); }
    bool on_start_array() { return add("["); }
    bool on_end_array(std::size_t n) { return add("]" + std::to_string(n)); }

    static std::string escape(std::string_view s) {
        std::string out;
        for (const char ch : s) {
            const auto c = static_cast<unsigned char>(ch);
            if (c < 0x20 || c == '\\' || c == '|') {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\x%02x", c);
                out += buf;
            } else {
                out += ch;
            }
        }
        return out;
    }

  private:
    bool add(const std::string& e) {
        events += e;
        events += '|';
        return true;
    }
};

/// What a parse produced: the events, and the error (code, offset, line, column) if any.
struct Outcome {
    std::string events;
    ErrorCode code = ErrorCode::ok;
    std::uint64_t offset = 0, line = 0, column = 0;
    bool at_end = false;
    std::size_t documents = 0;

    bool operator==(const Outcome&) const = default;
    [[nodiscard]] bool ok() const { return code == ErrorCode::ok; }
    [[nodiscard]] std::string describe() const {
        std::string s = events;
        if (code != ErrorCode::ok) {
            s += " ERROR " + std::string(error_name(code)) + " at " + std::to_string(offset) +
                 " (" + std::to_string(line) + ":" + std::to_string(column) +
                 (at_end ? ", at end)" : ")");
        }
        return s;
    }
};

/// Feeds `input` in chunks of the given sizes (cycled; 0 = the rest at once), then finishes.
/// In NDJSON mode the remainder of a chunk after each record is fed again.
inline Outcome parse_chunks(std::string_view input, const std::vector<std::size_t>& sizes,
                            ReaderOptions options = {}) {
    EventLog log;
    Reader<EventLog> reader(log, options);
    Outcome out;
    const auto fail = [&] {
        out.code = reader.error().code;
        out.offset = reader.error().offset;
        out.line = reader.error().line;
        out.column = reader.error().column;
        out.at_end = reader.error().at_end;
    };
    std::size_t pos = 0, k = 0;
    bool failed = false;
    while (pos < input.size() && !failed) {
        std::size_t n = sizes.empty() ? 0 : sizes[k++ % sizes.size()];
        if (n == 0 || n > input.size() - pos) n = input.size() - pos;
        // A copy (views must not outlive the chunk), between guard bytes: a read outside the
        // chunk would see them and change the outcome.
        const std::string guarded =
            "\x7f\x7f\x7f\x7f" + std::string(input.substr(pos, n)) + "\x7f\x7f\x7f\x7f";
        std::string_view rest = std::string_view(guarded).substr(4, n);
        for (;;) {
            const ReadResult r = reader.feed(rest);
            if (r.status == ReadStatus::error) {
                failed = true;
                break;
            }
            if (r.status == ReadStatus::document) {
                ++out.documents;
                log.events += "#|";
                rest.remove_prefix(r.consumed);
                continue;
            }
            break;
        }
        pos += n;
    }
    while (!failed) {
        const ReadResult r = reader.finish();
        if (r.status == ReadStatus::error) {
            failed = true;
        } else if (r.status == ReadStatus::document) {
            ++out.documents;
            log.events += "#|";
            if (options.ndjson || options.sequence) continue;
        }
        break;
    }
    if (failed) fail();
    out.events = log.events;
    return out;
}

inline Outcome parse_whole(std::string_view input, ReaderOptions options = {}) {
    return parse_chunks(input, {}, options);
}

}  // namespace arenajson::testing
