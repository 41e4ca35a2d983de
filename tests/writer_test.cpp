#include "arenajson/writer.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "arenajson/document.hpp"

namespace arenajson {
namespace {

using testing::corpus;

std::string compact(std::string_view json, const WriteOptions& options = {}) {
    Result<Document> d = parse(json);
    EXPECT_TRUE(d) << d.error().to_string();
    return d ? to_string(d->root(), options) : std::string();
}

TEST(Writer, CorpusRoundTripsAndWritingIsStable) {
    int files = 0;
    for (const char* name : {"twitter.json", "citm_catalog.json", "canada.json"}) {
        const std::string data = corpus(name);
        if (data.empty()) continue;
        ++files;
        Result<Document> first = parse(data);
        ASSERT_TRUE(first) << name;
        const std::string written = to_string(first->root());
        Result<Document> second = parse(written);
        ASSERT_TRUE(second) << name;
        EXPECT_TRUE(first->root() == second->root()) << name;
        // What the writer wrote, read and written again, is the same bytes.
        EXPECT_EQ(to_string(second->root()), written) << name;
        // Pretty output parses back to the same document.
        Result<Document> pretty = parse(to_string(first->root(), WriteOptions{.pretty = true}));
        ASSERT_TRUE(pretty) << name;
        EXPECT_TRUE(pretty->root() == first->root()) << name;
    }
    if (files == 0) GTEST_SKIP() << "corpus not found (../shared is absent)";
}

// Removes the whitespace between tokens, leaving strings (and their escapes) as they are: a
// minifier that shares no code with the writer.
std::string minify(std::string_view json) {
    std::string out;
    bool in_string = false;
    for (std::size_t i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (in_string) {
            out += c;
            if (c == '\\') {
                out += json[++i];
            } else if (c == '"') {
                in_string = false;
            }
        } else if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
            out += c;
            in_string = c == '"';
        }
    }
    return out;
}

TEST(Writer, MinifiedInputIsReproducedByteForByte) {
    // Files whose numbers are written in their shortest form and whose strings have no escapes
    // to normalise: the compact output is the input without its whitespace. canada.json's
    // 17-digit coordinates are kept as text and written back unchanged.
    const std::string samples = std::string(ARENAJSON_SOURCE_DIR) + "/corpus/samples/";
    std::vector<std::pair<std::string, std::string>> inputs = {
        {"people.json", testing::read_file(samples + "people.json")},
        {"config.json", testing::read_file(samples + "config.json")},
    };
    for (const char* name : {"citm_catalog.json", "canada.json"}) {
        if (std::string data = corpus(name); !data.empty()) inputs.emplace_back(name, data);
    }
    for (const auto& [name, data] : inputs) {
        ASSERT_FALSE(data.empty()) << name;
        const std::string minified = minify(data);
        ASSERT_LT(minified.size(), data.size()) << name;  // there was whitespace to remove
        EXPECT_EQ(compact(minified), minified) << name;
    }
    if (inputs.size() == 2) std::printf("(citm_catalog and canada skipped: ../shared is absent)\n");
}

TEST(Writer, NumbersKeepTheirValueAndType) {
    EXPECT_EQ(compact("[1,-1,0,-0,1.5,100.0,1e2,1e16,0.1,-0.0,1e400,18446744073709551615,"
                      "18446744073709551616]"),
              "[1,-1,0,-0.0,1.5,100.0,100.0,1e+16,0.1,-0.0,1e400,18446744073709551615,"
              "18446744073709551616]");
    // jq style: integral doubles as integers.
    EXPECT_EQ(compact("[100.0,1e2,-0.0,2.5]", WriteOptions{.jq_style = true}), "[100,100,-0,2.5]");
    EXPECT_EQ(compact("[-9223372036854775808,9223372036854775807]"),
              "[-9223372036854775808,9223372036854775807]");
}

TEST(Writer, IntegralDoublesWithManyDigitsReadBackAsTheSameDouble) {
    // "123456789012345.0" would count 16 significant digits, which the reader keeps as text
    // (a bug the round-trip fuzzer found): such doubles are written in exponent form.
    const std::string json = "[1.23456789012345e14,18446709551616E2,1e14,99999999999999.0]";
    const std::string written = compact(json);
    EXPECT_EQ(written, "[1.23456789012345e+14,1.8446709551616e+15,1e+14,99999999999999.0]");
    Result<Document> a = parse(json), b = parse(written);
    ASSERT_TRUE(a && b);
    EXPECT_TRUE(a->root() == b->root());
    for (Value v : b->root().elements())
        EXPECT_TRUE(v.is_double());
}

TEST(Writer, EscapesControlCharactersAndOnlyWhatMustBeEscaped) {
    EXPECT_EQ(compact(R"(["\"\\\/\b\f\n\r\t","\u0001\u001f\u007f","é😀"])"),
              R"(["\"\\/\b\f\n\r\t","\u0001\u001f)"
              "\x7f"
              R"(","é😀"])");
    EXPECT_EQ(compact(R"(["\u0000"])"), R"(["\u0000"])");
    EXPECT_EQ(compact(R"(["é😀\u007f"])", WriteOptions{.escape_non_ascii = true}),
              R"(["\u00e9\ud83d\ude00)"
              "\x7f"
              R"("])");
    EXPECT_EQ(compact(R"(["\u007f"])", WriteOptions{.jq_style = true}), R"(["\u007f"])");
    EXPECT_EQ(compact(R"({"k\n":1})"), R"({"k\n":1})");
}

TEST(Writer, PrettyOutputIndentsAsJqDoes) {
    EXPECT_EQ(
        compact(R"({"a":[1,{"b":[]},{}],"c":"x"})", WriteOptions{.pretty = true}),
        "{\n  \"a\": [\n    1,\n    {\n      \"b\": []\n    },\n    {}\n  ],\n  \"c\": \"x\"\n}");
    EXPECT_EQ(compact("[1,[2]]", WriteOptions{.pretty = true, .indent = 4}),
              "[\n    1,\n    [\n        2\n    ]\n]");
    EXPECT_EQ(compact("7", WriteOptions{.pretty = true}), "7");
    EXPECT_EQ(compact("[]", WriteOptions{.pretty = true}), "[]");
}

TEST(Writer, SubtreesAndMissingValues) {
    Result<Document> d = parse(R"({"a":{"b":[1,2]}})");
    EXPECT_EQ(to_string(d->root()["a"]), R"({"b":[1,2]})");
    EXPECT_EQ(to_string(d->root()["a"]["b"][1]), "2");
    EXPECT_EQ(to_string(d->root()["nope"]), "");
    std::string out = "prefix:";
    write(d->root()["a"]["b"], out);
    EXPECT_EQ(out, "prefix:[1,2]");
}

TEST(Writer, WritesToAFileThroughABuffer) {
    std::string big = "[";
    for (int i = 0; i < 100000; ++i)
        big += "\"value " + std::to_string(i) + "\",";
    big += "0]";
    Result<Document> d = parse(big);
    std::FILE* f = std::tmpfile();
    ASSERT_NE(f, nullptr);
    ASSERT_TRUE(write(d->root(), f));
    std::rewind(f);
    std::string back;
    char buf[65536];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
        back.append(buf, n);
    std::fclose(f);
    EXPECT_EQ(back, big);
}

TEST(Writer, WritingTwiceGivesIdenticalBytes) {
    const std::string json = R"({"x":[1.25,1e-7,123456789.5,true,null,"\u00e9"],"y":{"z":-0.0}})";
    const std::string once = compact(json);
    EXPECT_EQ(compact(once), once);
}

}  // namespace
}  // namespace arenajson

namespace arenajson {
namespace {

// The writer as a Reader's handler (what `arenajson fmt` runs) writes what writing the DOM
// writes, for every chunking of the input.
TEST(Writer, StreamingFromTheReaderWritesWhatTheDomWrites) {
    std::vector<std::string> texts = {R"({"a":[1,-2,2.5,"s\n\u00e9",true,null,{},[]],"b":1e400})",
                                      "[]", "\"x\"", "-0", "[[[{}]]]"};
    for (const char* name : {"twitter.json", "citm_catalog.json", "canada.json"}) {
        std::string data = testing::corpus(name);
        if (!data.empty()) texts.push_back(std::move(data));
    }
    for (const WriteOptions& options :
         {WriteOptions{}, WriteOptions{.pretty = true}, WriteOptions{.pretty = true, .indent = 4},
          WriteOptions{.escape_non_ascii = true, .jq_style = true}}) {
        for (const std::string& text : texts) {
            Result<Document> doc = parse(text);
            ASSERT_TRUE(doc);
            const std::string expected = to_string(doc->root(), options);
            for (std::size_t chunk : {std::size_t{0}, std::size_t{1}, std::size_t{4096}}) {
                std::string streamed;
                Writer writer(streamed, options);
                Reader<Writer> reader(writer);
                std::string_view rest = text;
                while (!rest.empty()) {
                    const std::size_t n = chunk == 0 ? rest.size() : std::min(chunk, rest.size());
                    ASSERT_EQ(reader.feed(rest.substr(0, n)).status, ReadStatus::more);
                    rest.remove_prefix(n);
                }
                ASSERT_EQ(reader.finish().status, ReadStatus::document);
                EXPECT_EQ(streamed, expected) << "chunk " << chunk;
            }
        }
    }
}

TEST(Writer, EndLineSeparatesValuesAndAStreamReportsFailure) {
    std::string out;
    Writer writer(out);
    ASSERT_TRUE(writer.on_start_array() && writer.on_int64(1) && writer.on_end_array(1));
    writer.end_line();
    ASSERT_TRUE(writer.on_start_object() && writer.on_key("k") && writer.on_null() &&
                writer.on_end_object(1));
    writer.end_line();
    EXPECT_EQ(out, "[1]\n{\"k\":null}\n");
    EXPECT_TRUE(writer.flush());
    // A stream that cannot be written: the failure is reported, with errno.
    std::FILE* full = std::fopen("/dev/full", "w");
    if (full == nullptr) GTEST_SKIP() << "no /dev/full";
    Writer to_full(full);
    for (int i = 0; i < 100000 && to_full.error_code() == ErrorCode::ok; ++i)
        (void)to_full.on_string("some text to fill the buffer");
    const Status st = to_full.flush();
    std::fclose(full);
    EXPECT_EQ(st.error().code, ErrorCode::write_failed);
    EXPECT_NE(st.error().system_errno, 0);
}

}  // namespace
}  // namespace arenajson
