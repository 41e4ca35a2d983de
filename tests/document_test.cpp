#include "arenajson/document.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "arenajson/ndjson.hpp"
#include "arenajson/writer.hpp"
#include "test_support.hpp"

namespace arenajson {
namespace {

using testing::corpus;

Document must_parse(std::string_view json, const ParseOptions& options = {}) {
    Result<Document> doc = parse(json, options);
    EXPECT_TRUE(doc) << json << ": " << doc.error().to_string();
    return doc ? std::move(*doc) : Document();
}

TEST(Document, ParsesEveryKindOfValue) {
    const Document doc = must_parse(
        R"({"null":null,"t":true,"f":false,"i":-42,"u":18446744073709551615,"d":2.5,)"
        R"("big":123456789012345678901234567890,"s":"short","long":"a string longer than fourteen",)"
        R"("a":[1,[2,[3]]],"o":{"k":"v"},"e":{},"ea":[]})");
    const Value root = doc.root();
    ASSERT_TRUE(root.is_object());
    EXPECT_EQ(root.size(), 13u);
    EXPECT_TRUE(root["null"].is_null());
    EXPECT_TRUE(*root["t"].get_bool());
    EXPECT_FALSE(*root["f"].get_bool());
    EXPECT_EQ(*root["i"].get_int64(), -42);
    EXPECT_EQ(*root["u"].get_uint64(), 18446744073709551615ull);
    EXPECT_EQ(*root["d"].get_double(), 2.5);
    EXPECT_EQ(root["big"].number_text().view(), "123456789012345678901234567890");
    EXPECT_EQ(*root["s"].get_string(), "short");
    EXPECT_EQ(*root["long"].get_string(), "a string longer than fourteen");
    EXPECT_EQ(*root["a"][1][1][0].get_int64(), 3);
    EXPECT_EQ(*root["o"]["k"].get_string(), "v");
    EXPECT_EQ(root["e"].size(), 0u);
    EXPECT_TRUE(root["ea"].is_array());
    // Strings are NUL-terminated for C callers, inline and in the arena alike.
    EXPECT_EQ(root["s"].get_string()->data()[5], '\0');
    EXPECT_EQ(root["long"].get_string()->data()[29], '\0');
}

// Short strings live in their node: every length, every byte value at every place, and
// nothing beyond the string in the node (the loads overlap; they must not leak bytes).
TEST(Document, ShortStringsAreHeldInTheirNodeExactly) {
    for (std::size_t len = 0; len <= detail::kMaxInlineString; ++len) {
        for (int fill = 0; fill < 256; fill += 51) {
            // The string sits between bytes that must not reach the node.
            std::string around(len + 32, '\xAB');
            for (std::size_t i = 0; i < len; ++i)
                around[16 + i] = static_cast<char>((fill + 37 * i) & 0xFF);
            const std::string_view s(around.data() + 16, len);
            const detail::Node n = detail::make_inline_string(s);
            EXPECT_EQ(n.tag(), detail::Tag::string_inline);
            EXPECT_EQ(detail::string_of(n), s) << "length " << len;
            unsigned char bytes[sizeof n];
            std::memcpy(bytes, &n, sizeof n);
            for (std::size_t i = len + 1; i < sizeof n; ++i)
                EXPECT_EQ(bytes[i], 0) << "length " << len << ", byte " << i;
        }
    }
}

// Number texts of up to 28 characters live in their node, two characters a byte: every
// length, every character at every place, and zeros after the last one.
TEST(Document, NumberTextsAreHeldInTheirNodeExactly) {
    const std::string alphabet = "0123456789eE+-.";
    for (std::size_t len = 1; len <= detail::kMaxInlineNumber; ++len) {
        for (std::size_t shift = 0; shift < alphabet.size(); ++shift) {
            std::string around(len + 32, '\xAB');  // bytes that must not reach the node
            for (std::size_t i = 0; i < len; ++i)
                around[16 + i] = alphabet[(shift + 7 * i) % alphabet.size()];
            const std::string_view text(around.data() + 16, len);
            const detail::Node n = detail::pack_number_text(text);
            EXPECT_EQ(n.tag(), detail::Tag::number_text_inline);
            char out[detail::kMaxInlineNumber];
            EXPECT_EQ(std::string_view(out, detail::unpack_number_text(n, out)), text)
                << "length " << len;
            unsigned char bytes[sizeof n];
            std::memcpy(bytes, &n, sizeof n);
            for (std::size_t i = 2 + (len + 1) / 2; i < sizeof n; ++i)
                EXPECT_EQ(bytes[i], 0) << "length " << len << ", byte " << i;
        }
    }
}

TEST(Document, ParseErrorsCarryLineAndColumn) {
    Result<Document> doc = parse("{\n  \"a\": [1, 2,\n  }");
    ASSERT_FALSE(doc);
    EXPECT_EQ(doc.error().code, ErrorCode::expected_value);
    EXPECT_EQ(doc.error().line, 3u);
    EXPECT_EQ(doc.error().column, 3u);
    EXPECT_EQ(doc.error().to_string(), "3:3: expected a value");
}

TEST(Document, NodesAreCompactAndTheArenaIsSizedFromTheInput) {
    static_assert(sizeof(detail::Node) == 16);
    static_assert(sizeof(Value) == sizeof(void*));
    for (const char* name : {"twitter.json", "citm_catalog.json", "canada.json"}) {
        const std::string data = corpus(name);
        if (data.empty()) GTEST_SKIP() << "corpus not found (../shared is absent)";
        const Document doc = must_parse(data);
        const ArenaStats m = doc.memory();
        // The capacity hint covers these documents: one chunk from the system.
        EXPECT_EQ(m.chunk_count, 1u) << name;
        const double ratio = static_cast<double>(m.bytes_used) / static_cast<double>(data.size());
        EXPECT_LE(ratio, std::string_view(name) == "canada.json" ? 1.25 : 1.0) << name;
    }
}

TEST(Document, DenseInputTakesAtMostTwoChunks) {
    // "[0,0,...]" is the densest input: 16 bytes of DOM for every 2 bytes of JSON.
    std::string dense = "[";
    for (int i = 0; i < 300000; ++i)
        dense += "0,";
    dense += "0]";
    std::string keys = "{";
    for (int i = 0; i < 100000; ++i)
        keys += "\"\":0,";
    keys += "\"\":0}";
    std::string nested;
    for (int i = 0; i < 500; ++i)
        nested += "[[],";
    nested += "0" + std::string(500, ']');
    for (const std::string& json : {dense, keys, nested}) {
        const Document doc = must_parse(json);
        EXPECT_LE(doc.memory().chunk_count, 2u);
    }
}

TEST(Document, MemoryLimitIsACleanError) {
    ParseOptions options;
    options.max_memory = 64 * 1024;
    std::string big = "[";
    for (int i = 0; i < 20000; ++i)
        big += "\"a string that is long enough\",";
    big += "1]";
    Result<Document> doc = parse(big, options);
    ASSERT_FALSE(doc);
    EXPECT_EQ(doc.error().code, ErrorCode::memory_limit);
    // The library names the limit; the command line adds its flag.
    EXPECT_NE(doc.error().to_string().find("memory limit"), std::string::npos);
    EXPECT_EQ(doc.error().to_string().find("--max-memory"), std::string::npos);
    options.max_memory = 64 << 20;
    EXPECT_TRUE(parse(big, options));
}

TEST(Document, DuplicateKeysAreKeptAndTheFirstWinsOrRejected) {
    const Document doc = must_parse(R"({"a":1,"b":2,"a":3})");
    EXPECT_EQ(doc.root().size(), 3u);
    EXPECT_EQ(*doc.root()["a"].get_int64(), 1);
    std::string keys;
    for (auto [key, value] : doc.root().members())
        keys += std::string(key) + std::to_string(*value.get_int64());
    EXPECT_EQ(keys, "a1b2a3");

    ParseOptions reject;
    reject.duplicate_keys = DuplicateKeys::reject;
    Result<Document> bad = parse(R"({"a":1,"b":{"x":1,"x":2}})", reject);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::duplicate_key);
    EXPECT_EQ(bad.error().offset, 18u);  // the second "x"
    EXPECT_TRUE(parse(R"({"a":1,"b":{"a":1}})", reject));

    // Large (indexed) objects: first wins, and rejection, too.
    std::string large = "{";
    for (int i = 0; i < 100; ++i)
        large += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
    large += "\"k7\":-1}";
    const Document big = must_parse(large);
    EXPECT_EQ(*big.root()["k7"].get_int64(), 7);
    EXPECT_EQ(big.root().size(), 101u);
    EXPECT_EQ(parse(large, reject).error().code, ErrorCode::duplicate_key);
    EXPECT_EQ(parse(large, reject).error().offset, large.size() - 8);  // the second "k7"
}

TEST(Document, LookupInLargeObjectsFindsEveryKey) {
    std::string json = "{";
    for (int i = 0; i < 10000; ++i) {
        if (i) json += ",";
        json += "\"key" + std::to_string(i) + "\":" + std::to_string(i);
    }
    json += "}";
    const Document doc = must_parse(json);
    const Object o = *doc.root().get_object();
    for (int i = 0; i < 10000; ++i) {
        ASSERT_EQ(*o["key" + std::to_string(i)].get_int64(), i);
    }
    EXPECT_FALSE(o.contains("key10000"));
    EXPECT_FALSE(o.contains(""));
}

TEST(Document, MovingKeepsViewsValid) {
    Document a = must_parse(R"({"list":[1,2,3],"name":"a name that lives in the arena"})");
    const Value name = a.root()["name"];
    const Value list = a.root()["list"];
    Document b = std::move(a);
    EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): a moved-from document is empty
    EXPECT_EQ(*name.get_string(), "a name that lives in the arena");
    EXPECT_EQ(*list[2].get_int64(), 3);
    Document c;
    c = std::move(b);
    EXPECT_EQ(*c.root()["list"][0].get_int64(), 1);
}

TEST(Document, StatsCountValuesByTypeAndDepth) {
    const Document doc = must_parse(R"({"a":[1,2.5,"x",null,true,[[]]],"b":{"c":1e400}})");
    const DocumentStats s = doc.stats();
    EXPECT_EQ(s.objects, 2u);
    EXPECT_EQ(s.arrays, 3u);
    EXPECT_EQ(s.integers, 1u);
    EXPECT_EQ(s.doubles, 1u);
    EXPECT_EQ(s.number_texts, 1u);
    EXPECT_EQ(s.strings, 1u);
    EXPECT_EQ(s.nulls, 1u);
    EXPECT_EQ(s.booleans, 1u);
    EXPECT_EQ(s.values(), 11u);
    EXPECT_EQ(s.max_depth, 4u);
    EXPECT_EQ(s.memory.bytes_used, doc.memory().bytes_used);
    EXPECT_EQ(must_parse("1").stats().max_depth, 0u);
}

TEST(Document, AMillionNestedArraysAreBuiltComparedWrittenAndFreed) {
    const std::size_t depth = 1'000'000;
    std::string json = std::string(depth, '[') + std::string(depth, ']');
    EXPECT_EQ(parse(json).error().code, ErrorCode::depth_limit);  // by default
    ParseOptions deep;
    deep.reader.max_depth = depth + 1;
    {
        const Document a = must_parse(json, deep);
        const Document b = must_parse(json, deep);
        EXPECT_TRUE(a.root() == b.root());
        EXPECT_EQ(a.stats().max_depth, depth);
        EXPECT_EQ(to_string(a.root()), json);
        std::string objects;
        for (std::size_t i = 0; i < depth; ++i)
            objects += "{\"k\":";
        objects += "0";
        objects += std::string(depth, '}');
        const Document c = must_parse(objects, deep);
        EXPECT_EQ(to_string(c.root()), objects);
        EXPECT_FALSE(c.root() == a.root());
    }  // freed here, in one pass over the chunks
}

TEST(Document, AMillionKeysInOneObject) {
    std::string json = "{";
    for (int i = 0; i < 1'000'000; ++i) {
        if (i) json += ',';
        json += "\"" + std::to_string(i) + "\":" + std::to_string(i);
    }
    json += '}';
    const Document doc = must_parse(json);
    EXPECT_EQ(doc.root().size(), 1'000'000u);
    EXPECT_EQ(*doc.root()["999999"].get_int64(), 999999);
    EXPECT_EQ(*doc.root()["0"].get_int64(), 0);
}

TEST(Document, ParserReusesItsBuffersAndTheDocumentsArena) {
    Parser parser;
    Document doc;
    const std::string json = R"({"k":[1,2,3,"a string that needs the arena"]})";
    ASSERT_TRUE(parser.parse_into(doc, json));
    const ArenaStats first = doc.memory();
    for (int i = 0; i < 10; ++i)
        ASSERT_TRUE(parser.parse_into(doc, json));
    EXPECT_EQ(doc.memory().bytes_reserved, first.bytes_reserved);
    EXPECT_EQ(doc.memory().chunk_count, 1u);
    EXPECT_EQ(*doc.root()["k"][3].get_string(), "a string that needs the arena");
    // A failed parse leaves an empty document, not a half-built one.
    EXPECT_FALSE(parser.parse_into(doc, "[1,"));
    EXPECT_TRUE(doc.empty());
}

TEST(Document, PushParserGivesTheSameDocumentForAnySplit) {
    const std::string json =
        R"({"a":[1,2.5,"\u00e9t\u00e9",{"b":null}],"c":"long enough to live in the arena"})";
    const Document whole = must_parse(json);
    Parser parser;
    for (std::size_t size : {1u, 2u, 3u, 7u, 64u}) {
        parser.start(json.size());
        for (std::size_t i = 0; i < json.size(); i += size) {
            ASSERT_TRUE(parser.feed(std::string_view(json).substr(i, size)));
        }
        Result<Document> doc = parser.finish();
        ASSERT_TRUE(doc) << doc.error().to_string();
        EXPECT_TRUE(doc->root() == whole.root()) << "chunk size " << size;
        EXPECT_EQ(to_string(doc->root()), to_string(whole.root()));
    }
}

TEST(Document, ParseFileReadsPlainAndZstd) {
    const std::string path = (std::filesystem::temp_directory_path() /
                              ("arenajson_doc_" + std::to_string(::getpid()) + ".json"))
                                 .string();
    std::ofstream(path) << R"({"from":"file","n":[1,2,3]})";
    Result<Document> doc = parse_file(path);
    ASSERT_TRUE(doc) << doc.error().to_string();
    EXPECT_EQ(*doc->root()["from"].get_string(), "file");
    std::remove(path.c_str());
    Result<Document> missing = parse_file(path);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::open_failed);
}

TEST(Document, ReadingFromManyThreadsAtOnceIsSafe) {
    const std::string data = corpus("citm_catalog.json");
    const Document doc =
        must_parse(data.empty() ? R"({"events":{"1":{"name":"x"}},"topicNames":{}})" : data);
    const Document same = must_parse(to_string(doc.root()));  // an equal, separate document
    const std::string expected = to_string(doc.root());
    const DocumentStats stats = doc.stats();
    // Every key of the root's objects (citm_catalog's have up to 184 members, so most are
    // found through an object's index), looked up from all threads at once.
    std::vector<std::pair<Object, std::string_view>> lookups;
    for (const auto& [name, child] : *doc.root().get_object()) {
        if (!child.is_object()) continue;
        for (const auto& [key, value] : *child.get_object()) {
            (void)value;
            lookups.emplace_back(*child.get_object(), key);
        }
    }
    ASSERT_FALSE(lookups.empty());
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&] {
            for (int round = 0; round < 5; ++round) {
                if (to_string(doc.root()) != expected) ++failures;
                if (doc.stats().values() != stats.values()) ++failures;
                if (!(doc.root() == same.root())) ++failures;
                if (!doc.root()["events"].exists()) ++failures;
                for (const auto& [object, key] : lookups) {
                    if (!object[key].exists()) ++failures;
                }
            }
        });
    }
    for (std::thread& t : threads)
        t.join();
    EXPECT_EQ(failures.load(), 0);
}

// Objects of 16 to 254 members get their index from their first lookup: threads that look
// up keys in the same fresh objects at once (one writes the index, the others search key by
// key meanwhile or use it once published) all find the right members.
TEST(Document, FirstLookupsFromManyThreadsAtOnceFindTheRightMembers) {
    std::string json = "[";
    std::vector<std::size_t> sizes;
    for (std::size_t members = 16; members < 255; members += 7)
        sizes.push_back(members);
    for (int copy = 0; copy < 20; ++copy) {
        for (const std::size_t members : sizes) {
            json += json.size() == 1 ? "{" : ",{";
            for (std::size_t i = 0; i < members; ++i) {
                json += (i == 0 ? "\"k" : ",\"k") + std::to_string(i) +
                        "\":" + std::to_string(i * 1000 + members);
            }
            json += "}";
        }
    }
    json += "]";
    for (int round = 0; round < 3; ++round) {
        const Document doc = must_parse(json);
        const Array objects = *doc.root().get_array();
        std::atomic<int> ready{0}, failures{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&, t] {
                ++ready;
                while (ready.load() < 4) {
                }
                for (const Value object : objects) {
                    const std::size_t members = object.size();
                    for (std::size_t k = 0; k < members; ++k) {
                        const std::size_t i = (k * (2 * t + 1)) % members;  // a different order
                        const Result<std::int64_t> found =
                            object["k" + std::to_string(i)].get_int64();
                        if (!found || *found != static_cast<std::int64_t>(i * 1000 + members)) {
                            ++failures;
                        }
                    }
                    if (object["absent"].exists()) ++failures;
                }
            });
        }
        for (std::thread& t : threads)
            t.join();
        EXPECT_EQ(failures.load(), 0);
    }
}

TEST(DocumentStream, ReusesOneArenaAndLetsTheCallerKeepARecord) {
    std::string ndjson;
    for (int i = 0; i < 1000; ++i) {
        ndjson += R"({"id":)" + std::to_string(i) + R"(,"status":)" + std::to_string(200 + i % 3) +
                  R"(,"msg":"a message long enough to need the arena"})" + "\n";
    }
    DocumentStream stream = DocumentStream::from_source(Source::from_memory(ndjson));
    Document kept;
    std::size_t reserved_after_warmup = 0;
    int n = 0;
    for (;;) {
        Result<bool> more = stream.next();
        ASSERT_TRUE(more) << more.error().to_string();
        if (!*more) break;
        EXPECT_EQ(*stream.document().root()["id"].get_int64(), n);
        if (n == 10) reserved_after_warmup = stream.document().memory().bytes_reserved;
        if (n > 10 && n != 501) {
            EXPECT_EQ(stream.document().memory().bytes_reserved, reserved_after_warmup);
            EXPECT_EQ(stream.document().memory().chunk_count, 1u);
        }
        if (n == 500) kept = stream.take();
        ++n;
    }
    EXPECT_EQ(n, 1000);
    EXPECT_EQ(stream.count(), 1000u);
    EXPECT_EQ(*kept.root()["id"].get_int64(), 500);
    EXPECT_EQ(*kept.root()["msg"].get_string(), "a message long enough to need the arena");
}

// The records of a stream, and the documents of a parser, share the keys they have in common:
// a key is found, not copied again. Each document holds a share of those keys, so one kept past
// the stream or the parser (or past the key arena being replaced) still reads them.
std::string_view first_key(const Document& doc) {
    return (*(*doc.root().get_object()).begin()).key;
}

TEST(DocumentStream, RecordsShareTheirKeysAndKeptRecordsKeepThem) {
    std::string ndjson;
    for (int i = 0; i < 3000; ++i) {
        // Every record repeats "id"; each also has 40 keys seen nowhere else, so the key arena
        // fills and is replaced many times along the stream.
        ndjson += R"({"id":)" + std::to_string(i);
        for (int k = 0; k < 40; ++k)
            ndjson +=
                ",\"k" + std::to_string(i) + "_" + std::to_string(k) + "\":" + std::to_string(k);
        ndjson += "}\n";
    }
    std::vector<Document> kept;
    std::string_view first_id_key;
    {
        DocumentStream stream = DocumentStream::from_source(Source::from_memory(ndjson));
        for (int n = 0;; ++n) {
            Result<bool> more = stream.next();
            ASSERT_TRUE(more) << more.error().to_string();
            if (!*more) break;
            if (n == 0) first_id_key = first_key(stream.document());
            if (n == 1) {
                EXPECT_EQ(first_key(stream.document()).data(), first_id_key.data());
            }
            if (n % 250 == 0) kept.push_back(stream.take());
        }
    }  // the stream is gone; the records taken from it hold their keys
    ASSERT_EQ(kept.size(), 12u);
    for (std::size_t i = 0; i < kept.size(); ++i) {
        const int n = static_cast<int>(i) * 250;
        EXPECT_EQ(first_key(kept[i]), "id");
        EXPECT_EQ(*kept[i].root()["id"].get_int64(), n);
        const std::string last = "k" + std::to_string(n) + "_39";
        EXPECT_EQ(*kept[i].root()[last].get_int64(), 39) << last;
    }
}

TEST(Parser, DocumentsShareKeysAndOutliveTheParser) {
    std::vector<Document> docs;
    {
        Parser parser;
        for (int i = 0; i < 2000; ++i) {
            const std::string json =
                R"({"name":"n","only_)" + std::to_string(i) + R"(":)" + std::to_string(i) + "}";
            Result<Document> doc = parser.parse(json);
            ASSERT_TRUE(doc);
            docs.push_back(std::move(*doc));
        }
        EXPECT_EQ(first_key(docs[1]).data(), first_key(docs[0]).data());
    }
    for (int i = 0; i < 2000; ++i) {
        EXPECT_EQ(first_key(docs[i]), "name");
        EXPECT_EQ(*docs[i].root()["only_" + std::to_string(i)].get_int64(), i);
    }
}

TEST(DocumentStream, ErrorsNameTheLine) {
    DocumentStream stream =
        DocumentStream::from_source(Source::from_memory("{\"a\":1}\n\n{\"a\":2}\n{\"a\":}\n"));
    EXPECT_TRUE(*stream.next());
    EXPECT_TRUE(*stream.next());
    Result<bool> bad = stream.next();
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::expected_value);
    EXPECT_EQ(bad.error().line, 4u);
    EXPECT_EQ(bad.error().column, 6u);
}

TEST(DocumentStream, CorpusSampleStreamsEveryRecord) {
    const std::string data = corpus("fhir_Encounter.000.ndjson");
    if (data.empty()) GTEST_SKIP() << "corpus not found (../shared is absent)";
    DocumentStream stream = DocumentStream::from_source(Source::from_memory(data));
    std::size_t records = 0;
    for (;;) {
        Result<bool> more = stream.next();
        ASSERT_TRUE(more) << more.error().to_string();
        if (!*more) break;
        ASSERT_EQ(*stream.document().root()["resourceType"].get_string(), "Encounter");
        ++records;
    }
    EXPECT_EQ(records, 1215u);
}

}  // namespace
}  // namespace arenajson
