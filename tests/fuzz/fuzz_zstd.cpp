// fuzz_zstd: Source::from_memory on arbitrary bytes, zstd or not, must never crash, hang or
// take unbounded memory; what it produces parses as any text would.
//
// Input layout: one control byte, then the bytes. When the control byte is odd the zstd magic
// (28 B5 2F FD) is put in front, so half the inputs reach the decoder. The control byte also
// picks the output buffer size and the window limit. The source is drained with a 16 MiB
// output limit; decoded text is parsed, and parse_source over a fresh source must agree with
// parsing the drained text.
#include "fuzz_common.hpp"

#include "arenajson/source.hpp"

namespace {

using namespace arenajson;

constexpr std::uint64_t kMaxOutput = std::uint64_t{16} << 20;

Result<std::string> drain(Source& source) {
    std::string all;
    for (;;) {
        Result<std::string_view> chunk = source.next();
        if (!chunk) return chunk.error();
        if (chunk->empty()) return all;
        FUZZ_CHECK(all.size() + chunk->size() <= kMaxOutput);
        all.append(*chunk);
        FUZZ_CHECK(source.bytes_produced() == all.size());
    }
}

bool is_source_error(ErrorCode code) {
    return code == ErrorCode::zstd_corrupt || code == ErrorCode::zstd_truncated ||
           code == ErrorCode::zstd_window_limit || code == ErrorCode::input_limit ||
           code == ErrorCode::read_failed;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::ControlBytes control(fuzz::as_text(data, size));
    const std::uint8_t flags = control.take();
    std::string bytes;
    if ((flags & 1) != 0) bytes = "\x28\xB5\x2F\xFD";
    bytes += control.rest();

    SourceOptions options;
    options.max_input_bytes = kMaxOutput;
    // Bit 1: the smallest buffer; bits 2-3: 4 KiB to 32 KiB; bits 4-7: window 2^10 to 2^25.
    options.buffer_size = (flags & 2) != 0 ? 1 : std::size_t{4096} << ((flags >> 2) & 3);
    options.zstd_window_log_max = 10 + (flags >> 4);

    Source source = Source::from_memory(bytes, options);
    if (const auto hint = source.size_hint()) {
        // Declared sizes are untrusted: the hint is bounded by the compressed size.
        FUZZ_CHECK(*hint <= std::uint64_t{bytes.size()} * 1024 + 4096);
    }
    Result<std::string> text = drain(source);
    if (text) {
        Result<std::string_view> end = source.next();  // the end stays the end
        FUZZ_CHECK(end.has_value() && end->empty());
    }

    ParseOptions parse_options;
    parse_options.source = options;
    Source again = Source::from_memory(bytes, options);
    Result<Document> streamed = parse_source(again, parse_options);
    if (!text) {
        FUZZ_CHECK(is_source_error(text.error().code));
        FUZZ_CHECK(text.error().offset <= kMaxOutput);
        // Parsing stops at the first error: the source's, or a parse error before it.
        FUZZ_CHECK(!streamed.has_value());
        if (is_source_error(streamed.error().code)) {
            FUZZ_CHECK(streamed.error().code == text.error().code);
            FUZZ_CHECK(streamed.error().offset == text.error().offset);
        } else {
            FUZZ_CHECK(streamed.error().offset <= text.error().offset);
        }
        return 0;
    }
    Result<Document> doc = parse(*text, parse_options);
    FUZZ_CHECK(doc.has_value() == streamed.has_value());
    if (!doc) {
        FUZZ_CHECK(fuzz::same_error(doc.error(), streamed.error()));
        return 0;
    }
    FUZZ_CHECK(doc->root() == streamed->root());
    fuzz::exercise(*doc);
    return 0;
}
