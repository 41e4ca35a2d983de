// JSON Pointer (RFC 6901): Value::at_pointer on a document, and the streaming find_path.
#include <gtest/gtest.h>

#include <string>

#include "arenajson/document.hpp"
#include "arenajson/path.hpp"
#include "arenajson/writer.hpp"

namespace arenajson {
namespace {

// The example document of RFC 6901, section 5.
constexpr std::string_view kRfcDocument = R"({
   "foo": ["bar", "baz"],
   "": 0,
   "a/b": 1,
   "c%d": 2,
   "e^f": 3,
   "g|h": 4,
   "i\\j": 5,
   "k\"l": 6,
   " ": 7,
   "m~n": 8
})";

struct Example {
    const char* pointer;
    const char* expected;  // compact JSON
};

// RFC 6901 section 5: every pointer and the value it evaluates to.
constexpr Example kRfcExamples[] = {
    {"",
     R"({"foo":["bar","baz"],"":0,"a/b":1,"c%d":2,"e^f":3,"g|h":4,"i\\j":5,"k\"l":6," ":7,"m~n":8})"},
    {"/foo", R"(["bar","baz"])"},
    {"/foo/0", R"("bar")"},
    {"/", "0"},
    {"/a~1b", "1"},
    {"/c%d", "2"},
    {"/e^f", "3"},
    {"/g|h", "4"},
    {"/i\\j", "5"},
    {"/k\"l", "6"},
    {"/ ", "7"},
    {"/m~0n", "8"},
};

TEST(Pointer, RfcExamples) {
    const Document doc = *parse(kRfcDocument);
    for (const Example& e : kRfcExamples) {
        const Value v = doc.root().at_pointer(e.pointer);
        ASSERT_TRUE(v.exists()) << e.pointer;
        EXPECT_EQ(to_string(v), e.expected) << e.pointer;
    }
}

TEST(Pointer, ErrorsSayWhyThereIsNoValue) {
    const Document doc = *parse(R"({"a":[1,{"b":true}],"s":"x","01":"key"})");
    const Value r = doc.root();
    EXPECT_EQ(r.at_pointer("a").error().code, ErrorCode::invalid_pointer);  // no leading '/'
    EXPECT_EQ(r.at_pointer("/a~2").error().code, ErrorCode::invalid_pointer);
    EXPECT_EQ(r.at_pointer("/a~").error().code, ErrorCode::invalid_pointer);
    EXPECT_EQ(r.at_pointer("/nope").error().code, ErrorCode::no_such_key);
    EXPECT_EQ(r.at_pointer("/a/2").error().code, ErrorCode::index_out_of_range);
    EXPECT_EQ(r.at_pointer("/a/-").error().code, ErrorCode::index_out_of_range);
    EXPECT_EQ(r.at_pointer("/a/01").error().code,
              ErrorCode::index_out_of_range);  // no leading zeros
    EXPECT_EQ(r.at_pointer("/a/x").error().code, ErrorCode::index_out_of_range);
    EXPECT_EQ(r.at_pointer("/s/0").error().code, ErrorCode::wrong_type);
    EXPECT_EQ(*r.at_pointer("/a/1/b").get_bool(), true);
    EXPECT_EQ(*r.at_pointer("/01").get_string(), "key");  // a key that looks like an index
}

Result<PathLookup> find(std::string_view json, std::string_view pointer,
                        const ParseOptions& options = {}) {
    Source source = Source::from_memory(json);
    Result<std::vector<PathStep>> steps = parse_pointer(pointer);
    if (!steps) return steps.error();
    return find_path(source, *steps, options);
}

TEST(FindPath, AgreesWithTheDocumentOnTheRfcExamples) {
    for (const Example& e : kRfcExamples) {
        Result<PathLookup> found = find(kRfcDocument, e.pointer);
        ASSERT_TRUE(found) << e.pointer << ": " << found.error().to_string();
        ASSERT_FALSE(found->document.empty()) << e.pointer;
        EXPECT_EQ(to_string(found->document.root()), e.expected) << e.pointer;
    }
}

TEST(FindPath, BuildsOnlyTheValueFound) {
    std::string json = R"({"skip":[)";
    for (int i = 0; i < 20000; ++i)
        json += R"({"padding":"a string that would take arena memory"},)";
    json += R"(0],"target":{"x":[1,2,3]},"after":[4,5]})";
    Result<PathLookup> found = find(json, "/target/x");
    ASSERT_TRUE(found);
    EXPECT_EQ(to_string(found->document.root()), "[1,2,3]");
    EXPECT_LT(found->document.memory().bytes_used, 1024u);
}

TEST(FindPath, ReportsWhyAPathLeadsNowhere) {
    const std::string_view json = R"({"a":[10,{"b":"x"}],"n":null})";
    Result<PathLookup> f = find(json, "/a/5");
    ASSERT_TRUE(f);
    EXPECT_TRUE(f->document.empty());
    EXPECT_EQ(f->missing, ErrorCode::index_out_of_range);
    EXPECT_EQ(f->failed_step, 1u);
    EXPECT_EQ(f->failed_on, Type::array);
    f = find(json, "/a/1/c");
    EXPECT_EQ(f->missing, ErrorCode::no_such_key);
    EXPECT_EQ(f->failed_step, 2u);
    f = find(json, "/a/0/b");
    EXPECT_EQ(f->missing, ErrorCode::wrong_type);
    EXPECT_EQ(f->failed_on, Type::number);
    f = find(json, "/n/x");
    EXPECT_EQ(f->missing, ErrorCode::wrong_type);
    EXPECT_EQ(f->failed_on, Type::null);
    f = find(json, "/a/first");
    EXPECT_EQ(f->missing, ErrorCode::index_out_of_range);
}

TEST(FindPath, StillValidatesTheWholeInput) {
    Result<PathLookup> f = find(R"({"a":1,"b":[1,2,}")", "/a");
    ASSERT_FALSE(f);
    EXPECT_EQ(f.error().code, ErrorCode::expected_value);
    EXPECT_EQ(find("", "/a").error().code, ErrorCode::empty_input);
}

TEST(FindPath, FirstOfDuplicateKeysAndKeyStepsOnArrays) {
    Result<PathLookup> f = find(R"({"k":1,"k":2})", "/k");
    EXPECT_EQ(to_string(f->document.root()), "1");
    std::vector<PathStep> steps(1);
    steps[0].kind = PathStep::Kind::key;
    steps[0].key = "0";
    Source s = Source::from_memory("[5]");
    Result<PathLookup> k = find_path(s, steps);
    EXPECT_EQ(k->missing, ErrorCode::wrong_type);  // a key step does not index arrays
}

TEST(FindPath, PerRecordFollowsThePathInEveryNdjsonRecord) {
    const std::string ndjson =
        "{\"a\":{\"b\":1}}\n\n{\"a\":{\"b\":[2,3]}}\r\n{\"a\":5}\n{\"c\":0}\n{\"a\":{\"b\":\"x\"}}";
    const std::vector<PathStep> steps = *parse_pointer("/a/b");
    std::vector<std::string> seen;
    Document kept;
    Source source = Source::from_memory(ndjson);
    const Status st = find_path_per_record(source, steps, {}, [&](PathLookup& found) {
        if (found.document.empty()) {
            seen.push_back(std::string("missing:") + error_name(found.missing));
        } else {
            seen.push_back(to_string(found.document.root()));
            if (seen.size() == 2) kept = std::move(found.document);  // taken out, kept
        }
        return true;
    });
    ASSERT_TRUE(st) << st.error().to_string();
    EXPECT_EQ(seen, (std::vector<std::string>{"1", "[2,3]", "missing:wrong_type",
                                              "missing:no_such_key", "\"x\""}));
    EXPECT_EQ(to_string(kept.root()), "[2,3]");  // still valid after the later records

    // Stopping early is success; an error after good records is the error, with its line.
    std::size_t calls = 0;
    Source again = Source::from_memory(ndjson);
    EXPECT_TRUE(find_path_per_record(again, steps, {}, [&](PathLookup&) { return ++calls < 2; }));
    EXPECT_EQ(calls, 2u);
    calls = 0;
    Source bad = Source::from_memory("{\"a\":{\"b\":1}}\n{\"a\":}\n");
    const Status failed = find_path_per_record(bad, steps, {}, [&](PathLookup&) {
        ++calls;
        return true;
    });
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().code, ErrorCode::expected_value);
    EXPECT_EQ(failed.error().line, 2u);
    EXPECT_EQ(calls, 1u);
}

TEST(FindPath, RejectingDuplicatesChecksEveryObject) {
    ParseOptions reject;
    reject.duplicate_keys = DuplicateKeys::reject;
    // Before the value, inside it, after it, and at the level of the path's own key.
    const struct {
        const char* json;
        std::uint64_t offset;  // of the repeated key
    } cases[] = {
        {R"({"x":{"y":1,"y":2},"a":{"b":1}})", 12},
        {R"({"a":{"b":1,"b":2}})", 12},
        {R"({"a":{"b":1},"z":[{"q":0,"q":0}]})", 25},
        {R"({"a":{"b":1},"a":2})", 13},
    };
    for (const auto& c : cases) {
        Result<PathLookup> f = find(c.json, "/a/b", reject);
        ASSERT_FALSE(f) << c.json;
        EXPECT_EQ(f.error().code, ErrorCode::duplicate_key) << c.json;
        EXPECT_EQ(f.error().offset, c.offset) << c.json;
        EXPECT_TRUE(find(c.json, "/a/b")) << c.json;  // kept by default
    }
    // Equal keys in different objects are fine, and so is a key like its parent's.
    Result<PathLookup> ok = find(R"({"a":{"a":{"a":1}},"b":[{"a":2},{"a":3}]})", "/a/a/a", reject);
    ASSERT_TRUE(ok) << ok.error().to_string();
    EXPECT_EQ(to_string(ok->document.root()), "1");
}

}  // namespace
}  // namespace arenajson
