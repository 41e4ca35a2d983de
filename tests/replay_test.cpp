// replay(): a document's values sent as the reader's events.
#include "arenajson/replay.hpp"

#include "arenajson/builder.hpp"
#include "arenajson/document.hpp"
#include "arenajson/writer.hpp"
#include "event_log.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace arenajson {
namespace {

// The project's samples and the shared corpus (skipped when ../shared is absent).
std::vector<std::pair<std::string, std::string>> inputs() {
    std::vector<std::pair<std::string, std::string>> out;
    for (const char* name : {"config.json", "numbers.json", "people.json"}) {
        out.emplace_back(name, testing::read_file(std::string(ARENAJSON_SOURCE_DIR) +
                                                  "/corpus/samples/" + name));
    }
    for (const char* name : {"twitter.json", "citm_catalog.json", "canada.json"}) {
        std::string data = testing::corpus(name);
        if (!data.empty()) out.emplace_back(name, std::move(data));
    }
    return out;
}

// What the reader sends for the text, without the end-of-document marker.
std::string reader_events(std::string_view text) {
    testing::Outcome o = testing::parse_whole(text);
    EXPECT_TRUE(o.ok()) << o.describe();
    EXPECT_TRUE(o.events.ends_with("#|"));
    o.events.resize(o.events.size() - 2);
    return o.events;
}

TEST(Replay, SendsTheEventsTheReaderSendsForEveryFile) {
    for (const auto& [name, text] : inputs()) {
        ASSERT_FALSE(text.empty()) << name;
        Result<Document> doc = parse(text);
        ASSERT_TRUE(doc) << name << ": " << doc.error().to_string();
        testing::EventLog log;
        ASSERT_TRUE(replay(doc->root(), log)) << name;
        EXPECT_EQ(log.events, reader_events(text)) << name;
    }
}

// A DOM replayed into the DOM builder equals the original, and writes the same bytes.
TEST(Replay, IntoTheDomBuilderRebuildsTheDocument) {
    for (const auto& [name, text] : inputs()) {
        Result<Document> doc = parse(text);
        ASSERT_TRUE(doc) << name;
        Arena arena;
        DomBuilder builder;
        builder.begin(arena, DuplicateKeys::keep);
        ASSERT_TRUE(replay(doc->root(), builder)) << name;
        const Value copy(builder.finish());
        ASSERT_TRUE(copy.exists()) << name;
        EXPECT_TRUE(copy == doc->root()) << name;
        EXPECT_EQ(to_string(copy), to_string(doc->root())) << name;
        // Nothing of the copy lives in the original's arena.
        EXPECT_TRUE(arena.owns(copy.node()));
    }
}

TEST(Replay, EveryKindOfValueAndKeptNumberTexts) {
    const std::string text =
        R"({"a":[1,-2,2.5,"s",true,false,null,{},[]],"big":18446744073709551616,)"
        R"("long":-65.613616999999977,"huge":1e400,"u":18446744073709551615,"e":"\u0000x"})";
    Result<Document> doc = parse(text);
    ASSERT_TRUE(doc);
    testing::EventLog log;
    ASSERT_TRUE(replay(doc->root(), log));
    EXPECT_EQ(log.events, reader_events(text));
    EXPECT_NE(log.events.find("n:18446744073709551616|"), std::string::npos);
    EXPECT_NE(log.events.find("n:-65.613616999999977|"), std::string::npos);
    // A scalar root, and a value inside a document.
    testing::EventLog one;
    ASSERT_TRUE(replay(doc->root()["a"][2], one));
    EXPECT_EQ(one.events, "d:2.5|");
}

TEST(Replay, DeepDocumentsNeedNoRecursion) {
    constexpr std::size_t kDepth = 200000;
    const std::string text = std::string(kDepth, '[') + std::string(kDepth, ']');
    ParseOptions deep;
    deep.reader.max_depth = kDepth;
    Result<Document> doc = parse(text, deep);
    ASSERT_TRUE(doc);
    std::string written;
    Writer writer(written);
    ASSERT_TRUE(replay(doc->root(), writer));
    EXPECT_EQ(written, text);
}

TEST(Replay, StopsWhenTheHandlerDoes) {
    Result<Document> doc = parse(R"([1,[2,3],{"k":4}])");
    ASSERT_TRUE(doc);
    struct StopAtThree : testing::EventLog {
        bool on_int64(std::int64_t i) { return i != 3 && testing::EventLog::on_int64(i); }
    };
    StopAtThree stop;
    const Status st = replay(doc->root(), stop);
    EXPECT_EQ(st.error().code, ErrorCode::handler_aborted);
    EXPECT_EQ(stop.events, "[|i:1|[|i:2|");
    // A handler's own error code is reported, as the Reader does.
    struct Full : NullHandler {
        bool on_key(std::string_view) { return false; }
        ErrorCode error_code() const { return ErrorCode::memory_limit; }
    };
    Full full;
    EXPECT_EQ(replay(doc->root(), full).error().code, ErrorCode::memory_limit);
    // A missing value sends nothing and gives its lookup's error.
    testing::EventLog none;
    EXPECT_EQ(replay(doc->root()["no"], none).error().code, ErrorCode::wrong_type);
    EXPECT_EQ(none.events, "");
}

}  // namespace
}  // namespace arenajson
