// StreamEvents: the reader's events as jq's stream events (`jq -c --stream .`).
#include "arenajson/stream_events.hpp"

#include "arenajson/document.hpp"
#include "arenajson/query.hpp"
#include "arenajson/reader.hpp"
#include "arenajson/writer.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace arenajson {
namespace {

// Writes each event as compact text, one per line.
struct TextSink : StreamEventSink {
    std::string text;
    std::size_t count = 0;
    std::size_t stop_after = 0;  // 0: never stop
    bool on_event(Value event) override {
        text += to_string(event);
        text += '\n';
        return stop_after == 0 || ++count < stop_after;
    }
};

struct Events {
    std::string events;
    ErrorCode error = ErrorCode::ok;
};

// The events of `json`, fed `chunk` bytes at a time (0: whole), as a value sequence.
Events events_of(std::string_view json, std::size_t chunk = 0, ReaderOptions options = {}) {
    TextSink sink;
    StreamEvents events(sink);
    if (!options.ndjson) options.sequence = true;
    Reader<StreamEvents> reader(events, options);
    std::string_view rest = json;
    Events run;
    while (!rest.empty()) {
        const std::string_view piece = chunk == 0 ? rest : rest.substr(0, chunk);
        const ReadResult r = reader.feed(piece);
        if (r.status == ReadStatus::error) {
            run.error = reader.error().code;
            run.events = sink.text;
            return run;
        }
        rest.remove_prefix(r.status == ReadStatus::document ? r.consumed : piece.size());
    }
    for (;;) {
        const ReadResult r = reader.finish();
        if (r.status == ReadStatus::error) run.error = reader.error().code;
        if (r.status != ReadStatus::document) break;
    }
    run.events = sink.text;
    return run;
}

// Expected texts are jq 1.6's `jq -c --stream .` output.
TEST(StreamEvents, ScalarsAndEmptiesAtTopLevelArePathlessLeaves) {
    EXPECT_EQ(events_of("3").events, "[[],3]\n");
    EXPECT_EQ(events_of("\"x\"").events, "[[],\"x\"]\n");
    EXPECT_EQ(events_of("null").events, "[[],null]\n");
    EXPECT_EQ(events_of("[]").events, "[[],[]]\n");
    EXPECT_EQ(events_of("{}").events, "[[],{}]\n");
}

TEST(StreamEvents, NestedContainersCloseWithThePathOfTheirLastChild) {
    EXPECT_EQ(events_of(R"([1,[2,{}],{"a":[]}])").events,
              "[[0],1]\n[[1,0],2]\n[[1,1],{}]\n[[1,1]]\n[[2,\"a\"],[]]\n[[2,\"a\"]]\n[[2]]\n");
    EXPECT_EQ(events_of(R"({"a":{"b":1},"c":[[]]})").events,
              "[[\"a\",\"b\"],1]\n[[\"a\",\"b\"]]\n[[\"c\",0],[]]\n[[\"c\",0]]\n[[\"c\"]]\n");
    EXPECT_EQ(events_of("[[[]]]").events, "[[0,0],[]]\n[[0,0]]\n[[0]]\n");
    EXPECT_EQ(events_of(R"({"":{"k":{}}})").events,
              "[[\"\",\"k\"],{}]\n[[\"\",\"k\"]]\n[[\"\"]]\n");
}

TEST(StreamEvents, LeavesKeepTheirExactValue) {
    EXPECT_EQ(events_of(R"([true,false,-7,18446744073709551615,1.5,100000000000000000000000,)"
                        R"("long string with more than fourteen bytes","é\n"])")
                  .events,
              "[[0],true]\n[[1],false]\n[[2],-7]\n[[3],18446744073709551615]\n[[4],1.5]\n"
              "[[5],100000000000000000000000]\n"
              "[[6],\"long string with more than fourteen bytes\"]\n[[7],\"é\\n\"]\n[[7]]\n");
    const std::string long_key(300, 'k');
    EXPECT_EQ(
        events_of("{\"" + long_key + "\":[1]}").events,
        "[[\"" + long_key + "\",0],1]\n[[\"" + long_key + "\",0]]\n[[\"" + long_key + "\"]]\n");
}

TEST(StreamEvents, EachTopLevelValueHasItsOwnEvents) {
    EXPECT_EQ(events_of(R"("x" [1] {"a":2} 3)").events,
              "[[],\"x\"]\n[[0],1]\n[[0]]\n[[\"a\"],2]\n[[\"a\"]]\n[[],3]\n");
    ReaderOptions nd;
    nd.ndjson = true;
    EXPECT_EQ(events_of("{\"a\":1}\n\n[2]\n4\n", 0, nd).events,
              "[[\"a\"],1]\n[[\"a\"]]\n[[0],2]\n[[0]]\n[[],4]\n");
}

TEST(StreamEvents, EveryChunkSplitGivesTheSameEvents) {
    const std::string json =
        R"({"a":[1,{"b":[],"c":"a string that is long enough to leave the node"},[[]]],)"
        R"("d":{"e":{"f":-1.25e-3}},"g":[true,null,123456789012345678901234567890]} [] 7 "s")";
    const Events whole = events_of(json);
    ASSERT_EQ(whole.error, ErrorCode::ok);
    for (std::size_t chunk = 1; chunk <= json.size(); ++chunk)
        ASSERT_EQ(events_of(json, chunk).events, whole.events) << "chunk " << chunk;
}

TEST(StreamEvents, DeepNestingNeedsNoRecursion) {
    constexpr std::size_t kDepth = 10000;  // events hold the path: O(depth^2) in all
    const std::string json = std::string(kDepth, '[') + "1" + std::string(kDepth, ']');
    ReaderOptions deep;
    deep.max_depth = kDepth;
    struct Counter : StreamEventSink {
        std::size_t count = 0;
        std::size_t first_path = 0, last_path = 0;
        bool on_event(Value e) override {
            const std::size_t n = e[std::size_t{0}].size();
            if (count++ == 0) first_path = n;
            last_path = n;
            return true;
        }
    } counter;
    StreamEvents events(counter);
    Reader<StreamEvents> reader(events, deep);
    ASSERT_NE(reader.feed(json).status, ReadStatus::error);
    ASSERT_NE(reader.finish().status, ReadStatus::error);
    EXPECT_EQ(counter.count, kDepth + 1);  // one leaf, then one closing event per array
    EXPECT_EQ(counter.first_path, kDepth);
    EXPECT_EQ(counter.last_path, 1u);
}

TEST(StreamEvents, ErrorsStopTheEventsWhereTheInputFails) {
    const Events bad = events_of("[1,2,}");
    EXPECT_EQ(bad.error, ErrorCode::expected_value);
    EXPECT_EQ(bad.events, "[[0],1]\n[[1],2]\n");
    TextSink sink;
    sink.stop_after = 2;
    StreamEvents events(sink);
    Reader<StreamEvents> reader(events);
    EXPECT_EQ(reader.feed("[1,2,3]").status, ReadStatus::error);
    EXPECT_EQ(reader.error().code, ErrorCode::handler_aborted);
    EXPECT_EQ(sink.text, "[[0],1]\n[[1],2]\n");
}

TEST(StreamEvents, AnEventLargerThanTheSinksArenaIsAMemoryLimit) {
    struct Small : StreamEventSink {
        Arena arena;
        Arena& next_event_arena() override {
            arena = Arena();
            arena.set_byte_limit(8192);
            return arena;
        }
        bool on_event(Value) override { return true; }
    } small;
    StreamEvents events(small);
    Reader<StreamEvents> reader(events);
    const std::string json = "[\"short\",\"" + std::string(100000, 'x') + "\"]";
    EXPECT_EQ(reader.feed(json).status, ReadStatus::error);
    EXPECT_EQ(reader.error().code, ErrorCode::memory_limit);
}

TEST(StreamEvents, ASinkThatGivesFreshArenasKeepsEveryEvent) {
    struct Keep : StreamEventSink {
        std::vector<std::unique_ptr<Arena>> arenas;
        std::vector<Value> kept;
        Arena& next_event_arena() override {
            arenas.push_back(std::make_unique<Arena>());
            return *arenas.back();
        }
        bool on_event(Value e) override {
            kept.push_back(e);
            return true;
        }
    } keep;
    StreamEvents events(keep);
    Reader<StreamEvents> reader(events);
    ASSERT_NE(reader.feed(R"({"a":[1,"a long string value here"]})").status, ReadStatus::error);
    ASSERT_NE(reader.finish().status, ReadStatus::error);
    std::string all;
    for (const Value& v : keep.kept)
        all += to_string(v) + " ";
    EXPECT_EQ(all, R"([["a",0],1] [["a",1],"a long string value here"] [["a",1]] [["a"]] )");
}

// The handler agrees with the jq engine's `tostream` on the samples and the shared corpus.
TEST(StreamEvents, EqualsTostreamOnEveryCorpusFile) {
    std::vector<std::pair<std::string, std::string>> files;
    for (const char* name : {"config.json", "numbers.json", "people.json"}) {
        files.emplace_back(name, testing::read_file(std::string(ARENAJSON_SOURCE_DIR) +
                                                    "/corpus/samples/" + name));
    }
    for (const char* name : {"twitter.json", "citm_catalog.json", "canada.json"}) {
        std::string data = testing::corpus(name);
        if (!data.empty()) files.emplace_back(name, std::move(data));
    }
    if (files.size() == 3) std::puts("../shared/corpus is absent: only the samples are compared");
    auto query = Query::compile("tostream");
    ASSERT_TRUE(query);
    for (const auto& [name, text] : files) {
        ASSERT_FALSE(text.empty()) << name;
        auto doc = parse(text);
        ASSERT_TRUE(doc) << name;
        Evaluation run(*query);
        std::string expected;
        ASSERT_TRUE(run.run(doc->root(), [&](Value v) {
            expected += to_string(v);
            expected += '\n';
            return true;
        }));
        EXPECT_EQ(events_of(text, 4096).events, expected) << name;
    }
}

}  // namespace
}  // namespace arenajson
