// fuzz_parse: one buffer to a Document with arenajson::parse; an accepted document is walked
// (every value read, every key looked up, stats, compact and pretty output).
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace arenajson;
    const std::string_view input = fuzz::as_text(data, size);
    Result<Document> doc = parse(input);
    if (!doc) {
        const Error& e = doc.error();
        FUZZ_CHECK(e.offset <= size);
        FUZZ_CHECK(e.line >= 1 && e.column >= 1);
        FUZZ_CHECK(e.column <= e.offset + 1);
        FUZZ_CHECK(!e.to_string().empty());
        return 0;
    }
    fuzz::exercise(*doc);
    return 0;
}
