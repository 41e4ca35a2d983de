// fuzz_ndjson: a DocumentStream over Source::from_memory reads the same records as a Reader in
// NDJSON mode: the same count, the same values per record, and the same error; and so does
// find_path_per_record with the root as its path.
//
// Input layout: one options byte, then the text.
#include "event_log.hpp"
#include "fuzz_common.hpp"

#include "arenajson/ndjson.hpp"
#include "arenajson/path.hpp"

namespace {

using namespace arenajson;

// Values per record from the reader's event log: one event per value, except that a
// container has two (start and end) and keys are not values. Events are '|'-terminated and
// '|' inside strings is escaped, so splitting on '|' is exact.
std::vector<std::uint64_t> values_per_record(std::string_view events) {
    std::vector<std::uint64_t> counts;
    std::uint64_t n = 0;
    while (!events.empty()) {
        const std::size_t bar = events.find('|');
        const std::string_view e = events.substr(0, bar);
        events.remove_prefix(bar + 1);
        if (e == "#") {
            counts.push_back(n);
            n = 0;
        } else if (!e.starts_with("k:") && !e.starts_with("]") && !e.starts_with("}")) {
            ++n;
        }
    }
    return counts;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::ControlBytes control(fuzz::as_text(data, size));
    const std::uint8_t flags = control.take();
    const std::string_view text = control.rest();

    ParseOptions options;
    options.reader.allow_bom = (flags & 1) != 0;
    options.reader.replace_lone_surrogates = (flags & 2) != 0;
    options.reader.exact_numbers = (flags & 4) == 0;
    if ((flags & 8) != 0) options.reader.max_depth = 1 + (flags >> 5);
    options.source.detect_zstd = false;  // the reader below sees the bytes as they are

    const testing::Outcome expected =
        testing::parse_whole(text, detail::document_stream(options.reader));
    const std::vector<std::uint64_t> values = values_per_record(expected.events);
    FUZZ_CHECK(values.size() == expected.documents);

    DocumentStream stream =
        DocumentStream::from_source(Source::from_memory(text, options.source), options);
    std::uint64_t records = 0;
    Error error;
    for (;;) {
        Result<bool> more = stream.next();
        if (!more) {
            error = more.error();
            break;
        }
        if (!*more) break;
        FUZZ_CHECK(records < values.size());
        const Document& doc = stream.document();
        FUZZ_CHECK(doc.stats().values() == values[records]);
        fuzz::exercise(doc);
        ++records;
        FUZZ_CHECK(stream.count() == records);
        // Taking a record leaves the stream going in a new arena.
        if ((records & 3) == 1) {
            const Document kept = stream.take();
            FUZZ_CHECK(fuzz::walk(kept.root()) == values[records - 1]);
        }
    }
    FUZZ_CHECK(records == expected.documents);
    FUZZ_CHECK(error.code == expected.code);
    if (!expected.ok()) {
        FUZZ_CHECK(error.offset == expected.offset && error.line == expected.line &&
                   error.column == expected.column && error.at_end == expected.at_end);
    }
    // Finished streams stay finished.
    Result<bool> after = stream.next();
    FUZZ_CHECK(after.has_value() && !*after);

    // find_path_per_record to the root builds the same records and ends the same way.
    std::uint64_t found_records = 0;
    Source source = Source::from_memory(text, options.source);
    const Status found = find_path_per_record(source, {}, options, [&](PathLookup& lookup) {
        FUZZ_CHECK(found_records < values.size());
        FUZZ_CHECK(!lookup.document.empty());
        FUZZ_CHECK(fuzz::walk(lookup.document.root()) == values[found_records]);
        if ((++found_records & 3) == 2) {
            const Document kept = std::move(lookup.document);  // the next record gets a new arena
            FUZZ_CHECK(fuzz::walk(kept.root()) == values[found_records - 1]);
        }
        return true;
    });
    FUZZ_CHECK(found_records == expected.documents);
    FUZZ_CHECK(found ? expected.ok() : fuzz::same_error(found.error(), error));
    return 0;
}
