#include "arenajson/value.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "arenajson/document.hpp"

namespace arenajson {
namespace {

Document doc_of(std::string_view json) {
    Result<Document> d = parse(json);
    EXPECT_TRUE(d) << json << ": " << d.error().to_string();
    return d ? std::move(*d) : Document();
}

TEST(Value, TypeQueries) {
    const Document d = doc_of(R"([null,true,1,-1,18446744073709551615,1.5,1e400,"s",[],{}])");
    const Array a = *d.root().get_array();
    const Type types[] = {Type::null,   Type::boolean, Type::number, Type::number, Type::number,
                          Type::number, Type::number,  Type::string, Type::array,  Type::object};
    for (std::size_t i = 0; i < a.size(); ++i)
        EXPECT_EQ(a[i].type(), types[i]) << i;
    EXPECT_TRUE(a[2].is_integer());
    EXPECT_TRUE(a[4].is_integer());
    EXPECT_TRUE(a[5].is_double());
    EXPECT_TRUE(a[6].is_number_text());
    EXPECT_FALSE(a[6].is_double());
    EXPECT_STREQ(type_name(Type::boolean), "boolean");
    EXPECT_EQ(d.root()[99].type(), Type::missing);
}

TEST(Value, CheckedGettersReportWrongTypeAndRangeWithoutUb) {
    const Document d = doc_of(
        R"({"i":-5,"big":9223372036854775808,"d":2.0,"s":"x","huge":1e400,"t":99999999999999999999})");
    const Value r = d.root();
    EXPECT_EQ(*r["i"].get_int64(), -5);
    EXPECT_EQ(r["i"].get_uint64().error().code, ErrorCode::number_out_of_range);
    EXPECT_EQ(r["big"].get_int64().error().code, ErrorCode::number_out_of_range);
    EXPECT_EQ(*r["big"].get_uint64(), 9223372036854775808ull);
    EXPECT_EQ(r["d"].get_int64().error().code, ErrorCode::wrong_type);  // integers only
    EXPECT_EQ(*r["d"].get_double(), 2.0);
    EXPECT_EQ(*r["i"].get_double(), -5.0);
    EXPECT_EQ(r["s"].get_double().error().code, ErrorCode::wrong_type);
    EXPECT_EQ(r["s"].get_bool().error().code, ErrorCode::wrong_type);
    EXPECT_EQ(r["huge"].get_double().error().code, ErrorCode::number_out_of_range);
    EXPECT_EQ(r["t"].get_uint64().error().code, ErrorCode::number_out_of_range);
    EXPECT_EQ(*r["t"].get_double(), 1e20);  // the text's nearest double
    EXPECT_EQ(r["i"].get_array().error().code, ErrorCode::wrong_type);
    // get<T> range-checks narrower integer types.
    EXPECT_EQ(*r["i"].get<int>(), -5);
    EXPECT_EQ(*r["i"].get<std::int8_t>(), -5);
    EXPECT_EQ(r["i"].get<unsigned>().error().code, ErrorCode::number_out_of_range);
    EXPECT_EQ(r["big"].get<std::uint32_t>().error().code, ErrorCode::number_out_of_range);
    EXPECT_EQ(*r["s"].get<std::string_view>(), "x");
    EXPECT_FLOAT_EQ(*r["d"].get<float>(), 2.0f);
    EXPECT_EQ(r["s"].get_int64().value_or(7), 7);
    EXPECT_THROW((void)r["s"].get_int64().value(), Exception);
}

TEST(Value, MissingValuesCarryTheFirstError) {
    const Document d = doc_of(R"({"a":{"b":[10,20]},"n":1})");
    const Value r = d.root();
    EXPECT_EQ(*r["a"]["b"][1].get_int64(), 20);
    EXPECT_EQ(r["x"]["y"][0].error().code, ErrorCode::no_such_key);
    EXPECT_EQ(r["a"]["b"][5]["k"].get_int64().error().code, ErrorCode::index_out_of_range);
    EXPECT_EQ(r["n"]["k"].error().code, ErrorCode::wrong_type);
    EXPECT_EQ(r["n"][0].error().code, ErrorCode::wrong_type);
    EXPECT_FALSE(r["x"].exists());
    EXPECT_FALSE(r["x"].is_null());  // missing is not null
    EXPECT_EQ(r["x"].size(), 0u);
    EXPECT_TRUE(r.error().ok());
    EXPECT_EQ(Value().error().code, ErrorCode::no_such_key);
}

TEST(Value, ArraysIndexInConstantTimeAndIterate) {
    const Document d = doc_of("[0,1,2,3,4,5,6,7,8,9]");
    const Array a = *d.root().get_array();
    EXPECT_EQ(a.size(), 10u);
    std::int64_t sum = 0;
    for (Value v : a)
        sum += *v.get_int64();
    EXPECT_EQ(sum, 45);
    EXPECT_EQ(*a[7].get_int64(), 7);
    EXPECT_EQ(a.end() - a.begin(), 10);
    EXPECT_EQ(*(a.begin()[3]).get_int64(), 3);
    // Random-access iterators work with standard algorithms.
    const auto it = std::find_if(a.begin(), a.end(), [](Value v) { return *v.get_int64() == 6; });
    EXPECT_EQ(it - a.begin(), 6);
    EXPECT_TRUE(d.root().elements().size() == 10u);
    EXPECT_TRUE(Value().elements().empty());
}

TEST(Value, ObjectsIterateWithStructuredBindings) {
    const Document d = doc_of(R"({"b":2,"a":1,"c":{"d":[]}})");
    std::vector<std::string> keys;
    for (auto [key, value] : d.root().members()) {
        keys.emplace_back(key);
        EXPECT_TRUE(value.exists());
    }
    EXPECT_EQ(keys, (std::vector<std::string>{"b", "a", "c"}));  // document order
    const Object o = *d.root().get_object();
    EXPECT_TRUE(o.contains("c"));
    EXPECT_FALSE(o.contains("d"));
    EXPECT_EQ(*o["a"].get_int64(), 1);
    // Keys are NUL-terminated too.
    EXPECT_EQ((*o.begin()).key.data()[1], '\0');
    // Straight from a getter's temporary Result: the Object is moved out of it, so the loop
    // iterates a live view (ASan's use-after-scope check watches this in the asan preset).
    std::size_t members = 0;
    for (auto [key, value] : *d.root().get_object()) {
        EXPECT_FALSE(key.empty());
        members += value.exists() ? 1 : 0;
    }
    EXPECT_EQ(members, 3u);
    std::int64_t sum = 0;
    for (Value v : d.root()["c"]["d"].get_array().value())
        sum += *v.get_int64();
    EXPECT_EQ(sum, 0);
}

TEST(Value, LookupIsCorrectAtEverySizeAroundTheIndexThreshold) {
    for (int n : {0, 1, 15, 16, 17, 100, 254, 255, 256, 300, 65534, 65535, 65536, 70000}) {
        std::string json = "{";
        for (int i = 0; i < n; ++i)
            json += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":" + std::to_string(i);
        json += "}";
        const Document d = doc_of(json);
        const Object o = *d.root().get_object();
        ASSERT_EQ(o.size(), static_cast<std::size_t>(n));
        for (int i = 0; i < n; i += (n > 1000 ? 97 : 1)) {
            ASSERT_EQ(*o["k" + std::to_string(i)].get_int64(), i) << "n=" << n;
        }
        EXPECT_FALSE(o.contains("k" + std::to_string(n)));
        EXPECT_FALSE(o.contains("x"));
    }
}

TEST(Value, EqualityIsDeepAndNumbersCompareByValue) {
    const Document a = doc_of(R"({"x":[1,2.0,{"y":null}],"z":"s","n":100})");
    const Document b = doc_of(R"({"z":"s","n":1e2,"x":[1.0,2,{"y":null}]})");
    EXPECT_TRUE(a.root() == b.root());  // unordered members; 1 == 1.0; 100 == 1e2
    const Document c = doc_of(R"({"z":"s","n":100,"x":[1,2,{"y":false}]})");
    EXPECT_FALSE(a.root() == c.root());
    EXPECT_FALSE(a.root() == doc_of(R"({"z":"s","x":[1,2,{"y":null}]})").root());
    EXPECT_FALSE(a.root()["missing"] == b.root()["missing"]);  // missing equals nothing

    const Document nums = doc_of(
        R"([9223372036854775807, 9223372036854775807.0, 18446744073709551615, -1, 1e400, 1e400, 1E400, 0.5, -0.0, 0])");
    const Array n = *nums.root().get_array();
    EXPECT_FALSE(n[0] == n[1]);  // 2^63 - 1 is not the double 2^63
    EXPECT_FALSE(n[2] == n[3]);  // uint64 max is not -1
    EXPECT_TRUE(n[4] == n[5]);   // the same kept text
    EXPECT_FALSE(n[4] == n[6]);  // texts compare as text
    EXPECT_FALSE(n[7] == n[9]);
    EXPECT_TRUE(n[8] == n[9]);  // -0.0 == 0
    // Duplicate keys in the same order compare member by member.
    const Document dup = doc_of(R"({"a":1,"a":2})");
    EXPECT_TRUE(dup.root() == doc_of(R"({"a":1,"a":2})").root());
    EXPECT_FALSE(dup.root() == doc_of(R"({"a":1,"a":3})").root());
}

TEST(Value, NumberTextIsExact) {
    const Document d = doc_of(
        R"([3.14159265358979323846264338327950288,18446744073709551616,1,-65.613616999999977])");
    EXPECT_EQ(d.root()[0].number_text().view(),
              "3.14159265358979323846264338327950288");                   // in the arena
    EXPECT_EQ(d.root()[1].number_text().view(), "18446744073709551616");  // inline
    EXPECT_EQ(d.root()[3].number_text().view(), "-65.613616999999977");
    EXPECT_TRUE(d.root()[2].number_text().empty());
    const NumberText copy = d.root()[1].number_text();
    const NumberText moved = copy;  // copies stay valid: no pointer into themselves
    EXPECT_EQ(moved.view(), "18446744073709551616");
}

TEST(Value, StringsAreDecodedAndMayHoldNul) {
    const Document d =
        doc_of(R"(["a\u0000b","\ud83d\ude00","a string that is longer than fourteen bytes"])");
    EXPECT_EQ(*d.root()[0].get_string(), std::string_view("a\0b", 3));
    EXPECT_EQ(*d.root()[1].get_string(), "\xF0\x9F\x98\x80");
    EXPECT_EQ(d.root()[2].get_string()->size(), 43u);
}

}  // namespace
}  // namespace arenajson
