#include "inputs.hpp"

#include <arenajson/detail/utf8.hpp>

#include <cstring>

namespace arenajson::cli {

namespace {

// Raw text as a string value: bytes that are not valid UTF-8 become U+FFFD, as in jq.
std::string valid_text(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    const char* p = s.data();
    const char* const e = p + s.size();
    while (p < e) {
        const int n = static_cast<unsigned char>(*p) < 0x80 ? 1 : detail::utf8_sequence(p, e);
        if (n > 0) {
            out.append(p, static_cast<std::size_t>(n));
            p += n;
        } else {
            out += "\xEF\xBF\xBD";
            ++p;
        }
    }
    return out;
}

}  // namespace

// One value and the arena it lives in.
struct Inputs::Doc {
    Arena arena;
    const detail::Node* root = nullptr;
    detail::Node raw{};  // -R: the line, when it fits a node
};

// The file being read: its source, the reader, and the chunk being fed.
struct Inputs::Reading {
    explicit Reading(Source s, const ParseOptions& o, bool ndjson)
        : source(std::move(s)), reader(builder, sequence_options(o, ndjson)) {}
    static ReaderOptions sequence_options(const ParseOptions& o, bool ndjson) {
        ReaderOptions r = detail::one_document(o.reader);
        r.ndjson = ndjson;
        r.sequence = !ndjson;  // jq's input: values one after another
        return r;
    }
    Source source;
    DomBuilder builder;
    Reader<DomBuilder> reader;
    std::string_view rest;  // unread bytes of the current chunk
    std::string copy;       // --seq: the chunk with record separators as spaces
    bool at_end = false;
    bool started = false;  // a value is being built
    bool first = true;     // the first value of the file: its arena is sized from the file
    std::string raw;       // -R: the text of a line not yet complete
};

Inputs::Inputs(std::vector<std::string> files, const ParseOptions& options, InputMode mode,
               bool seq)
    : files_(std::move(files)), options_(options), mode_(mode), seq_(seq) {
    if (files_.empty()) files_.push_back("-");
}

Inputs::~Inputs() = default;

void Inputs::release(std::size_t keep) {
    while (docs_.size() > keep)
        docs_.pop_front();
}

Result<bool> Inputs::open_next() {
    reading_.reset();
    if (next_file_ == files_.size()) return false;
    current_name_ = files_[next_file_++];
    Result<Source> source = open_input(current_name_, options_);
    if (!source) return source.error();
    reading_ = std::make_unique<Reading>(std::move(*source), options_, mode_ == InputMode::ndjson);
    return true;
}

Result<bool> Inputs::next(Value& out) {
    if (mode_ == InputMode::raw_lines || mode_ == InputMode::raw_whole) return next_raw(out);
    return next_json(out);
}

Result<bool> Inputs::next_json(Value& out) {
    for (;;) {
        if (!reading_) {
            Result<bool> opened = open_next();
            if (!opened) return opened.error();
            if (!*opened) return false;
        }
        Reading& r = *reading_;
        if (!r.started) {
            auto doc = std::make_unique<Doc>();
            detail::size_arena(doc->arena, r.first ? r.source.size_hint() : std::nullopt,
                               options_.max_memory);
            r.first = false;
            docs_.push_back(std::move(doc));
            r.builder.begin(docs_.back()->arena, options_.duplicate_keys);
            r.started = true;
        }
        const auto complete = [&]() -> Result<bool> {
            const detail::Node* root = r.builder.finish();
            if (root == nullptr) return Error::of(ErrorCode::memory_limit);
            docs_.back()->root = root;
            out = Value(root);
            r.started = false;
            return true;
        };
        if (r.rest.empty() && !r.at_end) {
            Result<std::string_view> chunk = r.source.next();
            if (!chunk) return chunk.error();
            if (chunk->empty()) {
                r.at_end = true;
            } else if (seq_) {
                r.copy.assign(chunk->data(), chunk->size());
                for (char& c : r.copy) {
                    if (c == '\x1e') c = ' ';
                }
                r.rest = r.copy;
            } else {
                r.rest = *chunk;
            }
        }
        if (r.at_end) {
            const ReadResult res = r.reader.finish();
            if (res.status == ReadStatus::document) return complete();
            if (res.status == ReadStatus::error) return r.reader.error();
            // The file ended with no further value.
            docs_.pop_back();
            reading_.reset();
            continue;
        }
        const ReadResult res = r.reader.feed(r.rest);
        if (res.status == ReadStatus::document) {
            // A value is complete; the rest of the chunk begins the next one.
            r.rest.remove_prefix(res.consumed);
            return complete();
        }
        if (res.status == ReadStatus::error) return r.reader.error();
        r.rest = {};
    }
}

Result<bool> Inputs::next_raw(Value& out) {
    const auto make = [&](std::string_view bytes) {
        const std::string checked = valid_text(bytes);
        const std::string_view text = checked;
        auto doc = std::make_unique<Doc>();
        if (text.size() <= detail::kMaxInlineString) {
            doc->raw = detail::make_inline_string(text);
        } else {
            const std::string_view copy = doc->arena.try_alloc_str(text);
            doc->raw =
                detail::Node{std::uint64_t(detail::Tag::string) | (std::uint64_t{copy.size()} << 8),
                             reinterpret_cast<std::uintptr_t>(copy.data())};
        }
        docs_.push_back(std::move(doc));
        out = Value(&docs_.back()->raw);
        return true;
    };
    if (mode_ == InputMode::raw_whole) {
        if (raw_done_) return false;
        raw_done_ = true;
        std::string all;
        for (;;) {
            Result<bool> opened = open_next();
            if (!opened) return opened.error();
            if (!*opened) break;
            for (;;) {
                Result<std::string_view> chunk = reading_->source.next();
                if (!chunk) return chunk.error();
                if (chunk->empty()) break;
                all.append(chunk->data(), chunk->size());
            }
        }
        return make(all);
    }
    for (;;) {
        if (!reading_) {
            Result<bool> opened = open_next();
            if (!opened) return opened.error();
            if (!*opened) return false;
        }
        Reading& r = *reading_;
        if (r.rest.empty() && !r.at_end) {
            Result<std::string_view> chunk = r.source.next();
            if (!chunk) return chunk.error();
            if (chunk->empty()) {
                r.at_end = true;
            } else {
                r.rest = *chunk;
            }
        }
        if (r.at_end) {
            if (!r.raw.empty()) {
                const std::string line = std::move(r.raw);
                r.raw.clear();
                return make(line);
            }
            reading_.reset();
            continue;
        }
        const std::size_t nl = r.rest.find('\n');
        if (nl == std::string_view::npos) {
            r.raw.append(r.rest.data(), r.rest.size());
            r.rest = {};
            continue;
        }
        r.raw.append(r.rest.data(), nl);
        r.rest.remove_prefix(nl + 1);
        const std::string line = std::move(r.raw);
        r.raw.clear();
        return make(line);
    }
}

}  // namespace arenajson::cli
