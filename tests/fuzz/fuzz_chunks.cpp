// fuzz_chunks: any split of the input gives what one whole feed gives.
//
// Input layout: one options byte, then chunk sizes (see fuzz::chunk_sizes), then the JSON text.
// The text is fed in those chunks to a Reader with the EventLog handler (tests/event_log.hpp's
// parse_chunks) and to a push Parser (see push_parse); the events, the error (code, offset,
// line, column) and the Document must equal those of the one-buffer parse. With duplicate
// keys rejected, KeyCheck on the reader (same chunks) and find_path end as the DOM does.
// Options byte: 1 allow_bom, 2 replace lone surrogates, 4 rounded numbers, 8 a depth limit (1,
// or 3 when bit 128 is set), 16 reject duplicate keys, 32 NDJSON (reader only), 64 exact-size
// chunks. Each bit is its own choice, so every depth limit meets both kinds of chunk.
#include "event_log.hpp"
#include "fuzz_common.hpp"

#include "arenajson/key_check.hpp"
#include "arenajson/path.hpp"

#include <cstring>
#include <memory>

namespace {

using namespace arenajson;

struct Setup {
    ReaderOptions reader;
    ParseOptions parse;
};

Setup options_from(std::uint8_t flags) {
    Setup s;
    s.parse.reader.allow_bom = (flags & 1) != 0;
    s.parse.reader.replace_lone_surrogates = (flags & 2) != 0;
    s.parse.reader.exact_numbers = (flags & 4) == 0;
    if ((flags & 8) != 0) s.parse.reader.max_depth = (flags & 128) != 0 ? 3 : 1;
    if ((flags & 16) != 0) s.parse.duplicate_keys = DuplicateKeys::reject;
    s.reader = s.parse.reader;
    s.reader.ndjson = (flags & 32) != 0;
    return s;
}

// The push parser fed in chunks the way a Source gives them: each chunk is copied to the start
// of one reused buffer, filled with ',' around the chunk, so a reader that looks outside its
// chunk (at bytes of an earlier chunk, say) reads a different document in any build. With
// `exact`, each chunk is instead a heap block of exactly its size, freed after its feed, so
// ASan sees any read outside it or any view kept past it.
Result<Document> push_parse(Parser& parser, std::string_view text,
                            const std::vector<std::size_t>& sizes, bool exact) {
    const std::size_t guard = exact ? 0 : text.size() + 64;
    std::string buffer(exact ? 0 : guard + text.size() + guard, ',');
    parser.start();
    Status status;
    fuzz::for_each_chunk(text.size(), sizes, [&](std::size_t pos, std::size_t n) {
        if (exact) {
            const std::unique_ptr<char[]> chunk(new char[n]);
            std::memcpy(chunk.get(), text.data() + pos, n);
            status = parser.feed(std::string_view(chunk.get(), n));
        } else {
            char* const slot = buffer.data() + guard;
            std::memcpy(slot, text.data() + pos, n);
            status = parser.feed(std::string_view(slot, n));
            std::memset(slot, ',', n);
        }
        return status.has_value();
    });
    if (!status) return status.error();
    return parser.finish();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::ControlBytes control(fuzz::as_text(data, size));
    const std::uint8_t flags = control.take();
    const Setup setup = options_from(flags);
    const std::vector<std::size_t> sizes = fuzz::chunk_sizes(control);
    const std::string_view text = control.rest();

    // The SAX reader: events, documents and the error.
    const testing::Outcome whole = testing::parse_whole(text, setup.reader);
    const testing::Outcome split = testing::parse_chunks(text, sizes, setup.reader);
    if (!(split == whole)) {
        std::fprintf(stderr, "whole: %s\nsplit: %s\n", whole.describe().c_str(),
                     split.describe().c_str());
        FUZZ_CHECK(split == whole);
    }
    if (text.size() <= 2048) FUZZ_CHECK(testing::parse_chunks(text, {1}, setup.reader) == whole);
    if (!whole.ok()) {
        FUZZ_CHECK(whole.offset <= text.size());
        FUZZ_CHECK(whole.line >= 1 && whole.column >= 1 && whole.column <= whole.offset + 1);
    }
    if (setup.reader.ndjson) return 0;  // the Parser reads one document

    // The DOM: one buffer against pushed chunks.
    Result<Document> one = parse(text, setup.parse);
    Parser parser(setup.parse);
    Result<Document> pushed = push_parse(parser, text, sizes, (flags & 64) != 0);
    FUZZ_CHECK(one.has_value() == pushed.has_value());
    if (one) {
        FUZZ_CHECK(whole.ok());
        FUZZ_CHECK(one->root() == pushed->root());
        FUZZ_CHECK(to_string(one->root()) == to_string(pushed->root()));
        FUZZ_CHECK(one->stats().values() == pushed->stats().values());
    } else {
        FUZZ_CHECK(fuzz::same_error(one.error(), pushed.error()));
        // The DOM adds only its own errors to the reader's.
        if (one.error().code == ErrorCode::duplicate_key) {
            FUZZ_CHECK(whole.ok() || whole.offset > one.error().offset);
        } else {
            FUZZ_CHECK(!whole.ok());
            FUZZ_CHECK(one.error().code == whole.code && one.error().offset == whole.offset &&
                       one.error().line == whole.line && one.error().column == whole.column);
        }
    }

    // Rejecting duplicate keys without a document ends as the DOM does: KeyCheck as the
    // reader's handler, fed the same chunks, and find_path to the root.
    if (setup.parse.duplicate_keys == DuplicateKeys::reject &&
        (one || one.error().code != ErrorCode::memory_limit)) {
        KeyCheck keys;
        Reader<KeyCheck> reader(keys, setup.reader);
        Error keys_error;
        fuzz::for_each_chunk(text.size(), sizes, [&](std::size_t pos, std::size_t n) {
            const std::string chunk(text.substr(pos, n));  // the view dies with the chunk
            if (reader.feed(chunk).status != ReadStatus::error) return true;
            keys_error = reader.error();
            return false;
        });
        if (keys_error.ok() && reader.finish().status == ReadStatus::error) {
            keys_error = reader.error();
        }
        FUZZ_CHECK(one ? keys_error.ok() : fuzz::same_error(keys_error, one.error()));
        SourceOptions plain = setup.parse.source;
        plain.detect_zstd = false;  // parse() reads the bytes as they are
        Source source = Source::from_memory(text, plain);
        Result<PathLookup> found = find_path(source, {}, setup.parse);
        FUZZ_CHECK(found.has_value() == one.has_value());
        if (found) {
            FUZZ_CHECK(found->document.root() == one->root());
        } else {
            FUZZ_CHECK(fuzz::same_error(found.error(), one.error()));
        }
    }
    return 0;
}
