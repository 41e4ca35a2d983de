// for_each_element and Query::streaming: iterating what a path reaches, one element at a time.
#include <gtest/gtest.h>
#include <arenajson/arenajson.hpp>
#include <arenajson/query.hpp>

#include <string>
#include <vector>

namespace arenajson {
namespace {

struct Seen {
    std::vector<std::string> elements;
    std::vector<std::string> documents;  // per document: "iterated", the value, or why none
};

Result<Seen> elements(std::string_view json, std::string_view pointer, ParseOptions options = {},
                      std::size_t chunk = 0, std::size_t stop_after = 0) {
    Seen seen;
    Source source = Source::from_memory(json);
    if (chunk != 0) {
        SourceOptions split;
        split.max_chunk = chunk;  // the reader is fed `chunk` bytes at a time
        source = Source::from_memory(json, split);
    }
    Result<std::vector<PathStep>> steps = parse_pointer(pointer);
    if (!steps) return steps.error();
    std::size_t count = 0;
    Status st = for_each_element(
        source, *steps, options,
        [&](Value v) {
            seen.elements.push_back(to_string(v));
            return stop_after == 0 || ++count < stop_after;
        },
        [&](PathLookup& found) {
            count = 0;
            seen.documents.push_back(found.iterated           ? "iterated"
                                     : found.document.empty() ? error_message(found.missing)
                                                              : to_string(found.document.root()));
            return true;
        });
    if (!st) return st.error();
    return seen;
}

using Strings = std::vector<std::string>;

TEST(ForEachElement, HandsOutTheElementsOfAnArrayOrObjectInOrder) {
    const char* json = R"({"a":{"b":[1,[2,{"c":null}],"x",{}],"o":{"k":1,"l":[true]}},"z":0})";
    Result<Seen> r = elements(json, "/a/b");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->elements, (Strings{"1", "[2,{\"c\":null}]", "\"x\"", "{}"}));
    EXPECT_EQ(r->documents, Strings{"iterated"});
    r = elements(json, "/a/o");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->elements, (Strings{"1", "[true]"}));
    r = elements("[[],{},[[]]]", "");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->elements, (Strings{"[]", "{}", "[[]]"}));
    // An empty container is iterated with no elements.
    r = elements(R"({"a":[]})", "/a");
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->elements.empty());
    EXPECT_EQ(r->documents, Strings{"iterated"});
}

TEST(ForEachElement, SaysWhatThePathReachedWhenItIsNotAContainer) {
    Result<Seen> r = elements(R"({"a":5})", "/a");
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->elements.empty());
    EXPECT_EQ(r->documents, Strings{"5"});
    r = elements(R"({"a":5})", "/b");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->documents, Strings{error_message(ErrorCode::no_such_key)});
    r = elements(R"({"a":"s"})", "/a/b");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->documents, Strings{error_message(ErrorCode::wrong_type)});
}

TEST(ForEachElement, AnySplitOfTheInputGivesTheSameElements) {
    std::string json = R"({"skip":[1,2,{"items":[9]}],"items":[)";
    for (int i = 0; i < 200; ++i)
        json += (i ? "," : "") + std::string(R"({"k":"\u00e9)") + std::to_string(i) + "\"}";
    json += "]}";
    Result<Seen> whole = elements(json, "/items");
    ASSERT_TRUE(whole);
    ASSERT_EQ(whole->elements.size(), 200u);
    EXPECT_EQ(whole->elements[199], "{\"k\":\"\u00e9199\"}");
    for (std::size_t chunk : {1, 2, 7, 64}) {
        Result<Seen> split = elements(json, "/items", {}, chunk);
        ASSERT_TRUE(split) << chunk;
        EXPECT_EQ(split->elements, whole->elements) << chunk;
    }
}

TEST(ForEachElement, StoppingKeepsValidatingTheRest) {
    Result<Seen> r = elements("[1,2,3,4]", "", {}, 0, 2);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->elements, (Strings{"1", "2"}));
    // The input after the stop is still read: its error is the result.
    r = elements("[1,2,3,}", "", {}, 0, 1);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::expected_value);
    // Elements before an error are handed out.
    Seen seen;
    Source source = Source::from_memory("[1,2,x]");
    Status st = for_each_element(source, {}, {}, [&](Value v) {
        seen.elements.push_back(to_string(v));
        return true;
    });
    ASSERT_FALSE(st);
    EXPECT_EQ(seen.elements, (Strings{"1", "2"}));
}

TEST(ForEachElement, ReadsStreamsOfDocuments) {
    ParseOptions ndjson;
    ndjson.reader.ndjson = true;
    Result<Seen> r = elements("{\"a\":[1,2]}\n{\"a\":3}\n\n{\"a\":[4]}\n", "/a", ndjson);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->elements, (Strings{"1", "2", "4"}));
    EXPECT_EQ(r->documents, (Strings{"iterated", "3", "iterated"}));
    ParseOptions sequence;
    sequence.reader.sequence = true;
    r = elements("[1] [2,3]{\"x\":4}", "", sequence, 0, 1);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->elements, (Strings{"1", "2", "4"}));  // stopping ends one document only
    // One document unless asked: a second value is trailing content.
    EXPECT_FALSE(elements("[1] [2]", ""));
}

TEST(ForEachElement, DuplicateKeysAreCheckedEverywhereWhenRejected) {
    ParseOptions reject;
    reject.duplicate_keys = DuplicateKeys::reject;
    Result<Seen> r = elements(R"({"a":[{"x":1,"x":2}]})", "/a", reject);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::duplicate_key);
    r = elements(R"({"a":[1],"b":{"y":1,"y":1}})", "/a", reject);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::duplicate_key);
}

// --- Query::streaming

std::string results(const Query& q, Value input) {
    Evaluation run(q);
    std::string out;
    const Status st = run.run(input, [&](Value v) {
        out += to_string(v) + "\n";
        return true;
    });
    if (!st) out += "error: " + run.error_message();
    return out;
}

TEST(QueryStreaming, RecognisesProgramsThatIterateAPathFirst) {
    const struct {
        const char* program;
        const char* path;  // as a pointer; nullptr: not streamed
        std::uint64_t limit;
    } cases[] = {
        {".[] | .a", "", 0},
        {".items[] | select(.x > 1)", "/items", 0},
        {".a.b[]", "/a/b", 0},
        {".a[].b", "/a", 0},
        {".a[0][]", "/a/0", 0},
        {"first(.x[])", "/x", 1},
        {"limit(3; .x[] | .y)", "/x", 3},
        {".a[] | .b | .c", "/a", 0},
        {".a", nullptr, 0},        // a plain path: Query::path()
        {".a[]?", nullptr, 0},     // errors suppressed: whole
        {"[.a[]]", nullptr, 0},    // collects every element
        {".a[.k]", nullptr, 0},    // no iteration
        {".a[][.k]", nullptr, 0},  // the key is computed on the whole input
        {"limit(.n; .a[])", nullptr, 0},
        {".a[] | input", nullptr, 0},  // reads inputs
        {"def f: .[]; f", nullptr, 0},
    };
    for (const auto& c : cases) {
        Result<Query> q = Query::compile(c.program);
        ASSERT_TRUE(q) << c.program;
        const QueryStreaming* s = q->streaming();
        if (c.path == nullptr) {
            EXPECT_EQ(s, nullptr) << c.program;
            continue;
        }
        ASSERT_NE(s, nullptr) << c.program;
        Result<std::vector<PathStep>> expected = parse_pointer(c.path);
        ASSERT_TRUE(expected);
        ASSERT_EQ(s->path.size(), expected->size()) << c.program;
        for (std::size_t i = 0; i < s->path.size(); ++i) {
            const PathStep& step = s->path[i];
            const std::string spelled = step.kind == PathStep::Kind::index
                                            ? std::to_string(step.index.value_or(0))
                                            : step.key;
            EXPECT_EQ(spelled, (*expected)[i].key) << c.program;
        }
        EXPECT_EQ(s->limit, c.limit) << c.program;
    }
    Result<Query> reads = Query::compile("[inputs]");
    ASSERT_TRUE(reads);
    EXPECT_TRUE(reads->reads_inputs());
    EXPECT_FALSE(Query::compile(".a[] | .b")->reads_inputs());
}

TEST(QueryStreaming, EachElementGivesWhatTheWholeProgramGives) {
    Result<Document> doc = parse(R"({"a":[{"b":1,"c":[5]},{"b":2,"c":[]},{"b":3,"c":[7,8]}]})");
    ASSERT_TRUE(doc);
    for (const char* program : {".a[] | .b * 10", ".a[].c", ".a[] | .c[]", ".a[] | {b}",
                                "limit(2; .a[] | .c[])", "first(.a[] | .b)"}) {
        Result<Query> q = Query::compile(program);
        ASSERT_TRUE(q && q->streaming()) << program;
        const QueryStreaming& s = *q->streaming();
        std::string streamed;
        std::uint64_t produced = 0;
        Evaluation each(s.each);
        for (Value element : doc->root()["a"].get_array().value()) {
            bool full = false;
            ASSERT_TRUE(each.run(element, [&](Value v) {
                streamed += to_string(v) + "\n";
                full = s.limit != 0 && ++produced >= s.limit;
                return !full;
            }));
            if (full) break;
        }
        EXPECT_EQ(streamed, results(*q, doc->root())) << program;
    }
}

}  // namespace
}  // namespace arenajson
