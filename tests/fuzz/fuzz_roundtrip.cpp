// fuzz_roundtrip: what the writer writes reads back as the same document.
//
// Every accepted input, written compact and parsed again, equals the original (Value ==), and
// writing the reparsed document gives the same bytes. Pretty and escape_non_ascii output
// reparse equal too; jq_style output reparses and writes back unchanged. The same holds with
// exact_numbers off (numbers rounded to doubles), reparsed with the same option.
#include "fuzz_common.hpp"

namespace {

using namespace arenajson;

// `text` parses (with `options`) to a document equal to `original`; returns its compact form.
std::string reparse_equal(Value original, const std::string& text, const ParseOptions& options) {
    Result<Document> again = parse(text, options);
    if (!again) {
        std::fprintf(stderr, "written text does not parse: %s\n%s\n",
                     again.error().to_string().c_str(), text.substr(0, 512).c_str());
        FUZZ_CHECK(again.has_value());
    }
    if (!(again->root() == original)) {
        std::fprintf(stderr, "written text reads back different:\n%s\noriginal:\n%s\n",
                     text.substr(0, 512).c_str(), to_string(original).substr(0, 512).c_str());
        FUZZ_CHECK(again->root() == original);
    }
    return to_string(again->root());
}

void round_trip(const Document& doc, const ParseOptions& options) {
    const Value root = doc.root();
    const std::string compact = to_string(root);
    FUZZ_CHECK(to_string(root) == compact);  // writing is deterministic
    FUZZ_CHECK(reparse_equal(root, compact, options) == compact);

    WriteOptions pretty;
    pretty.pretty = true;
    const std::string pretty_text = to_string(root, pretty);
    FUZZ_CHECK(reparse_equal(root, pretty_text, options) == compact);

    WriteOptions ascii;
    ascii.escape_non_ascii = true;
    const std::string ascii_text = to_string(root, ascii);
    for (const char c : ascii_text)
        FUZZ_CHECK(static_cast<unsigned char>(c) < 0x80);
    FUZZ_CHECK(reparse_equal(root, ascii_text, options) == compact);

    // jq style writes integral doubles as integers, so it changes types: 100.0 reads back as
    // the integer 100, and an integral double beyond uint64 (from a rounded 20-digit number)
    // reads back as a kept text. It must still parse, and writing it again changes nothing.
    WriteOptions jq;
    jq.jq_style = true;
    const std::string jq_text = to_string(root, jq);
    Result<Document> jq_again = parse(jq_text, options);
    FUZZ_CHECK(jq_again.has_value());
    FUZZ_CHECK(to_string(jq_again->root(), jq) == jq_text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input = fuzz::as_text(data, size);
    ParseOptions exact;
    Result<Document> doc = parse(input, exact);
    if (!doc) return 0;
    round_trip(*doc, exact);

    ParseOptions rounded;
    rounded.reader.exact_numbers = false;
    Result<Document> rdoc = parse(input, rounded);
    FUZZ_CHECK(rdoc.has_value());
    round_trip(*rdoc, rounded);
    return 0;
}
