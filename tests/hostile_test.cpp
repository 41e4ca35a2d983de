// Input chosen to make arenajson slow or huge: colliding keys, every key hashing alike (the
// test hook), the shapes with the most DOM per input byte, and memory limits.
#include "arenajson/arenajson.hpp"
#include "arenajson/detail/object_index.hpp"
#include "hostile_inputs.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace arenajson {
namespace {

using detail::kOrderedIndexFlag;

bool has_ordered_index(Value object) {
    return (object.node()->head & kOrderedIndexFlag) != 0;
}

// Turns the hook on for one scope: every key hashes to the same value.
class EqualHashes {
  public:
    EqualHashes() { detail::set_equal_hashes_for_testing(true); }
    ~EqualHashes() { detail::set_equal_hashes_for_testing(false); }
    EqualHashes(const EqualHashes&) = delete;
    EqualHashes& operator=(const EqualHashes&) = delete;
};

// Every key of an object_of(keys) document holds its position modulo 10 (the first of equal
// keys is the one found).
void expect_every_key_found(Value root, const std::vector<std::string>& keys, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
        ASSERT_EQ(root[keys[i]].get_int64().value_or(-1), static_cast<std::int64_t>(i % 10)) << i;
}

Error parse_error(std::string_view json, const ParseOptions& options) {
    Result<Document> doc = parse(json, options);
    return doc ? Error{} : doc.error();
}

Error key_check_error(std::string_view json) {
    KeyCheck keys;
    Reader reader(keys);
    if (reader.feed(json).status != ReadStatus::error) (void)reader.finish();
    return reader.error();
}

TEST(HashSecret, IsDrawnOnceAndEntersEveryHash) {
    detail::HashSecret& secret = detail::hash_secret();
    EXPECT_TRUE(secret.s1 != 0 || secret.s2 != 0);
    const std::uint32_t before = detail::hash_key("statuses");
    EXPECT_EQ(detail::hash_key("statuses"), before);
    // Another secret gives other hashes: what an attacker computed for one process does not
    // carry over to the next.
    const detail::HashSecret saved = secret;
    secret.s1 ^= 0x5555555555555555ull;
    const std::uint32_t other = detail::hash_key("statuses");
    secret = saved;
    EXPECT_NE(other, before);
    EXPECT_EQ(detail::hash_key("statuses"), before);
}

// A document's size does not depend on the process's secret: which keys share a record
// depends only on their order (the flaky `stats` output of separate processes was this).
TEST(HashSecret, DoesNotChangeTheSizeOfADocument) {
    std::vector<std::string> keys = hostile::ordinary_keys(3000);
    std::string json = "[";
    for (int round = 0; round < 3; ++round) {
        json += hostile::object_of(keys);
        json += ',';
    }
    json += "{}]";
    detail::HashSecret& secret = detail::hash_secret();
    const detail::HashSecret saved = secret;
    std::vector<std::size_t> sizes;
    for (std::uint64_t salt : {0ull, 0x1234567ull, 0xdeadbeefcafef00dull, 42ull}) {
        secret.s1 = saved.s1 ^ salt;
        secret.s2 = saved.s2 + salt;
        Result<Document> doc = parse(json);
        ASSERT_TRUE(doc);
        sizes.push_back(doc->memory().bytes_used);
    }
    secret = saved;
    for (std::size_t size : sizes)
        EXPECT_EQ(size, sizes[0]);
}

// Keys chosen against the unseeded hash of arenajson 0.1 (one probe run for the whole object)
// are ordinary keys to the seeded hash: the object keeps its hash index.
TEST(HostileKeys, KeysCollidingInTheOldHashAreOrdinaryNow) {
    const std::vector<std::string> keys = hostile::colliding_keys(4096, 16);
    const std::string json = hostile::object_of(keys);
    Result<Document> doc = parse(json);
    ASSERT_TRUE(doc) << doc.error().to_string();
    const Value root = doc->root();
    EXPECT_FALSE(has_ordered_index(root));
    ASSERT_NO_FATAL_FAILURE(expect_every_key_found(root, keys, keys.size()));
    ParseOptions reject;
    reject.duplicate_keys = DuplicateKeys::reject;
    EXPECT_TRUE(parse(json, reject));
}

TEST(HostileKeys, EqualHashesGiveAnOrderedIndexThatFindsEveryKey) {
    EqualHashes hook;
    std::vector<std::string> keys = hostile::ordinary_keys(20000);
    keys.push_back(keys[123]);  // a duplicate: lookups find the first
    keys.push_back("");         // the empty key, and keys of every length up to 9 below
    for (int n = 1; n < 10; ++n)
        keys.push_back(std::string(static_cast<std::size_t>(n), 'q'));
    const std::string json = hostile::object_of(keys);
    Result<Document> doc = parse(json);
    ASSERT_TRUE(doc) << doc.error().to_string();
    const Value root = doc->root();
    EXPECT_TRUE(has_ordered_index(root));
    ASSERT_NO_FATAL_FAILURE(expect_every_key_found(root, keys, 20000));
    EXPECT_EQ(root[keys[123]].get_int64().value_or(-1), 3);  // the first, not the duplicate's 0
    EXPECT_EQ(root[""].get_int64().value_or(-1), static_cast<std::int64_t>(20001 % 10));
    EXPECT_EQ(root["qqqq"].get_int64().value_or(-1), static_cast<std::int64_t>(20005 % 10));
    EXPECT_FALSE(root["not a key"].exists());
    EXPECT_FALSE(root["qqqqqqqqqq"].exists());
    EXPECT_EQ(root["zzzzzzzzzz"].error().code, ErrorCode::no_such_key);
    // Equality looks members up by key when the orders differ: it works on such objects too.
    std::vector<std::string> reversed(keys.begin(), keys.begin() + 20000);
    std::vector<std::string> values;
    std::string reordered = "{";
    for (std::size_t i = 20000; i-- > 0;) {
        reordered += "\"" + keys[i] + "\":" + std::to_string(i % 10);
        if (i != 0) reordered += ',';
    }
    reordered += '}';
    Result<Document> a = parse(hostile::object_of(reversed));
    Result<Document> b = parse(reordered);
    ASSERT_TRUE(a && b);
    EXPECT_TRUE(a->root() == b->root());
}

// Below 255 members an object's index is a byte of each key's hash: with every hash equal,
// every byte matches (and equals the zero padding after them), so a lookup checks each
// member, still finding exactly the first member with its key and nothing else.
TEST(HostileKeys, EqualHashesBelow255MembersFindEveryKeyAndTheFirstDuplicate) {
    EqualHashes hook;
    ParseOptions reject;
    reject.duplicate_keys = DuplicateKeys::reject;
    for (const std::size_t n : {16u, 17u, 31u, 32u, 33u, 100u, 200u, 254u}) {
        std::vector<std::string> keys = hostile::ordinary_keys(n - 1);
        keys.push_back(keys[n / 2]);  // the last member repeats a key: lookups find the first
        const std::string json = hostile::object_of(keys);
        Result<Document> doc = parse(json);
        ASSERT_TRUE(doc) << doc.error().to_string();
        const Value root = doc->root();
        ASSERT_EQ(root.size(), n);
        EXPECT_FALSE(has_ordered_index(root));
        ASSERT_NO_FATAL_FAILURE(expect_every_key_found(root, keys, n - 1));
        EXPECT_EQ(root[keys[n / 2]].get_int64().value_or(-1),
                  static_cast<std::int64_t>((n / 2) % 10))
            << n;
        EXPECT_FALSE(root[""].exists()) << n;
        EXPECT_FALSE(root["not a key"].exists()) << n;
        EXPECT_FALSE(root[hostile::ordinary_keys(n + 1).back()].exists()) << n;
        // The duplicate is caught where it is, in reject mode.
        const Error e = parse_error(json, reject);
        EXPECT_EQ(e.code, ErrorCode::duplicate_key) << n;
    }
}

TEST(HostileKeys, EqualHashesFindTheSameDuplicateInTheSamePlace) {
    std::vector<std::string> keys = hostile::ordinary_keys(30000);
    keys.insert(keys.begin() + 25000, keys[7]);
    const std::string json = hostile::object_of(keys);
    ParseOptions reject;
    reject.duplicate_keys = DuplicateKeys::reject;
    const Error normal = parse_error(json, reject);
    const Error normal_check = key_check_error(json);
    ASSERT_EQ(normal.code, ErrorCode::duplicate_key);
    EqualHashes hook;
    const Error hooked = parse_error(json, reject);
    const Error hooked_check = key_check_error(json);
    EXPECT_EQ(hooked.code, ErrorCode::duplicate_key);
    EXPECT_EQ(hooked.offset, normal.offset);
    EXPECT_EQ(hooked.column, normal.column);
    EXPECT_EQ(hooked_check.code, normal_check.code);
    EXPECT_EQ(hooked_check.offset, normal.offset);
    // Nested objects inside a flooded one keep their own sets, and are dropped when they close.
    std::string nested = "{";
    for (std::size_t i = 0; i < 5000; ++i) {
        nested += "\"k" + std::to_string(i) + "\":{\"a\":1,\"b\":{\"a\":2}},";
    }
    nested += "\"k17\":0}";
    const Error in_nested = key_check_error(nested);
    EXPECT_EQ(in_nested.code, ErrorCode::duplicate_key);
    EXPECT_EQ(in_nested.offset, nested.size() - 8);
}

// Keys sharing their first eight bytes (the ordered structures' inline prefix) are ordered by
// the rest of their bytes: every key is found and every duplicate caught, at the offset where
// it stands, by the DOM's ordered index and by KeyCheck's ordered set alike.
TEST(HostileKeys, EqualHashesWithSharedPrefixesFindEveryKeyAndEveryDuplicate) {
    EqualHashes hook;
    std::vector<std::string> keys;
    for (std::size_t i = 0; i < 3000; ++i)
        keys.push_back("shared__" + std::to_string(i * 7919 % 3000));
    for (std::size_t i = 0; i < 3000; ++i)
        keys.push_back(std::to_string(i * 4001 % 3000));
    for (std::size_t i = 0; i < 1000; ++i)
        keys.push_back("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9" + std::to_string(i));
    const std::string json = hostile::object_of(keys);
    Result<Document> doc = parse(json);
    ASSERT_TRUE(doc) << doc.error().to_string();
    const Value root = doc->root();
    EXPECT_TRUE(has_ordered_index(root));
    ASSERT_NO_FATAL_FAILURE(expect_every_key_found(root, keys, keys.size()));
    for (const std::string& absent :
         {std::string("shared__3000"), std::string("shared__"), std::string("shared_"),
          std::string("3000"), std::string(8, '\xff'), std::string(12, '\xff')}) {
        EXPECT_FALSE(root[absent].exists()) << absent;
    }
    ParseOptions reject;
    reject.duplicate_keys = DuplicateKeys::reject;
    for (std::size_t j = 0; j < keys.size(); j += 97) {
        std::vector<std::string> with_duplicate = keys;
        with_duplicate.push_back(keys[j]);
        const std::string twice = hostile::object_of(with_duplicate);
        // The duplicate's opening quote: the member is "key":d and the object's } follows.
        const std::size_t at = twice.size() - (keys[j].size() + 5);
        const Error checked = key_check_error(twice);
        ASSERT_EQ(checked.code, ErrorCode::duplicate_key) << keys[j];
        EXPECT_EQ(checked.offset, at) << keys[j];
        const Error parsed = parse_error(twice, reject);
        ASSERT_EQ(parsed.code, ErrorCode::duplicate_key) << keys[j];
        EXPECT_EQ(parsed.offset, at) << keys[j];
    }
}

// A million members whose hashes are all equal are built and checked for duplicates in
// O(n log n): with probing alone this would take about 5 x 10^11 probes.
TEST(HostileKeys, AMillionEqualHashesAreBuiltAndChecked) {
    const std::vector<std::string> keys = hostile::ordinary_keys(1000000);
    const std::string json = hostile::object_of(keys);
    EqualHashes hook;
    ParseOptions reject;
    reject.duplicate_keys = DuplicateKeys::reject;
    Result<Document> doc = parse(json, reject);
    ASSERT_TRUE(doc) << doc.error().to_string();
    EXPECT_EQ(doc->root().size(), 1000000u);
    EXPECT_TRUE(has_ordered_index(doc->root()));
    for (std::size_t i = 0; i < keys.size(); i += 9973)
        EXPECT_EQ(doc->root()[keys[i]].get_int64().value_or(-1), static_cast<std::int64_t>(i % 10));
    EXPECT_EQ(key_check_error(json).code, ErrorCode::ok);
}

// The shapes with the most DOM per input byte stay within the arena's sizing bound (10 bytes of
// DOM per input byte: two chunks at most) and within the README's table.
TEST(Amplification, WorstShapesStayWithinTheSizingBound) {
    for (const hostile::Shape& shape : hostile::shapes()) {
        const std::string json = shape.make(1 << 20);
        Result<Document> doc = parse(json);
        ASSERT_TRUE(doc) << shape.name << ": " << doc.error().to_string();
        const ArenaStats memory = doc->memory();
        const double per_byte =
            static_cast<double>(memory.bytes_used) / static_cast<double>(json.size());
        EXPECT_LE(per_byte, 8.01) << shape.name;
        EXPECT_LE(memory.chunk_count, 2u) << shape.name;
    }
}

// The builder's pending values count against the memory limit too: a flat array stops at the
// limit while it is read, not after the whole of it has gathered outside the arena.
TEST(Amplification, PendingValuesCountAgainstTheMemoryLimit) {
    const std::string json = hostile::repeated("[", "0", "]", 4 << 20);  // 2M zeros, 32 MB DOM
    ParseOptions small;
    small.max_memory = 8 << 20;
    const Error e = parse_error(json, small);
    EXPECT_EQ(e.code, ErrorCode::memory_limit);
    EXPECT_LT(e.offset, json.size() / 2);
}

// Containers whose entries take a megabyte or more, and would need a new chunk, leave the
// builder's stack for the arena without a copy (the stack itself goes): their values, the
// values around them and lookups in them must come out as with a copy, document after
// document from one parser.
TEST(Amplification, LargeContainersBuiltInPlaceReadBackExactly) {
    constexpr std::size_t kElements = 200000;  // 3.2 MB of nodes from 400 KB
    std::string array = "[";
    for (std::size_t i = 0; i < kElements; ++i) {
        if (i != 0) array += ',';
        array += static_cast<char>('0' + i % 10);
    }
    array += ']';
    const std::vector<std::string> keys = hostile::ordinary_keys(100000);  // 2.4 MB of members
    const std::string object = hostile::object_of(keys);
    // The object's keys fill the arena's first chunk, so that both containers after them take
    // their blocks along rather than a new chunk.
    const std::string nested = "{\"before\":[1,\"two\",{\"three\":3}],\"obj\":" + object +
                               ",\"big\":" + array + ",\"after\":\"end\"}";
    const auto check_array = [&](Value v) {
        ASSERT_TRUE(v.is_array());
        ASSERT_EQ(v.size(), kElements);
        bool same = true;
        for (std::size_t i = 0; i < kElements; i += 997)
            same &= *v[i].get_int64() == static_cast<std::int64_t>(i % 10);
        EXPECT_TRUE(same);
        EXPECT_EQ(*v[kElements - 1].get_int64(), static_cast<std::int64_t>((kElements - 1) % 10));
    };
    const auto check_object = [&](Value v) {
        ASSERT_TRUE(v.is_object());
        ASSERT_EQ(v.size(), keys.size());
        bool found = true;
        for (std::size_t i = 0; i < keys.size(); i += 101)
            found &= *v[keys[i]].get_int64() == static_cast<std::int64_t>(i % 10);
        EXPECT_TRUE(found);
        EXPECT_FALSE(v["not a key"].exists());
    };
    for (const DuplicateKeys duplicates : {DuplicateKeys::keep, DuplicateKeys::reject}) {
        ParseOptions options;
        options.duplicate_keys = duplicates;
        Parser with(options);
        for (int round = 0; round < 3; ++round) {
            Document doc;
            ASSERT_TRUE(with.parse_into(doc, array)) << round;
            check_array(doc.root());
            Document both;
            ASSERT_TRUE(with.parse_into(both, nested)) << round;
            // Documents built later leave earlier ones as they were.
            check_array(doc.root());
            const Value root = both.root();
            EXPECT_EQ(*root["before"][1].get_string(), "two");
            EXPECT_EQ(*root["before"][2]["three"].get_int64(), 3);
            check_array(root["big"]);
            check_object(root["obj"]);
            EXPECT_EQ(*root["after"].get_string(), "end");
            EXPECT_EQ(to_string(root), nested);
        }
    }
    // A duplicate in a large object is still found.
    const std::string duplicate = object.substr(0, object.size() - 1) + ",\"" + keys[5] + "\":1}";
    ParseOptions reject;
    reject.duplicate_keys = DuplicateKeys::reject;
    EXPECT_EQ(parse_error(duplicate, reject).code, ErrorCode::duplicate_key);
}

// A large container's block counts against the memory limit as its copy would: a parser
// whose stack grew for a big document before accepts what a new parser accepts.
TEST(Amplification, AStackGrownBeforeTakesNothingFromTheLimit) {
    const std::string json = "[" + hostile::repeated("[", "1", "]", 300000) + "," +
                             hostile::repeated("[", "0", "]", 4 << 20) + "]";
    Parser sizing;
    Document measured;
    ASSERT_TRUE(sizing.parse_into(measured, json));
    ParseOptions limited;
    limited.max_memory = measured.memory().bytes_reserved + (1 << 20);

    Parser grown;
    Document big;
    ASSERT_TRUE(grown.parse_into(big, hostile::repeated("[", "0", "]", 6 << 20)));  // 48 MB
    grown.set_options(limited);
    Parser fresh(limited);
    for (Parser* parser : {&fresh, &grown}) {
        Document doc;
        const Status status = parser->parse_into(doc, json);
        ASSERT_TRUE(status) << (parser == &fresh ? "fresh: " : "grown: ")
                            << status.error().to_string();
        EXPECT_EQ(doc.root().size(), 2u);
        EXPECT_LE(doc.memory().bytes_reserved, limited.max_memory);
    }
}

TEST(Amplification, KeyCheckKeepsToItsMemoryLimit) {
    KeyCheck keys;
    keys.set_memory_limit(1 << 16);
    Reader reader(keys);
    const std::string json = hostile::object_of(hostile::ordinary_keys(5000));
    EXPECT_EQ(reader.feed(json).status, ReadStatus::error);
    EXPECT_EQ(reader.error().code, ErrorCode::memory_limit);
    ParseOptions reject;
    reject.duplicate_keys = DuplicateKeys::reject;
    reject.max_memory = 1 << 16;
    EXPECT_EQ(parse_error(json, reject).code, ErrorCode::memory_limit);
}

}  // namespace
}  // namespace arenajson
