#include "query/query.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "arenajson/document.hpp"
#include "arenajson/writer.hpp"

namespace arenajson {
namespace {

using query::Filter;

std::string compact(Value v) {
    return to_string(v, WriteOptions{.jq_style = true});
}

// The compile error for `text`, or "" when it compiles.
std::string compile_error(std::string_view text) {
    auto compiled = Filter::compile(text);
    if (auto* message = std::get_if<std::string>(&compiled)) return *message;
    return "";
}

Filter must_compile(std::string_view text) {
    auto compiled = Filter::compile(text);
    if (auto* message = std::get_if<std::string>(&compiled)) {
        ADD_FAILURE() << text << ": " << *message;
        return Filter();
    }
    return std::get<Filter>(std::move(compiled));
}

struct Outcome {
    std::vector<std::string> outputs;
    std::string error;
};

Outcome run(const Filter& filter, Value input) {
    Outcome o;
    o.error = filter.run(input, [&](Value v) { o.outputs.push_back(compact(v)); });
    return o;
}

Outcome run(std::string_view filter, std::string_view input) {
    Result<Document> doc = parse(input);
    if (!doc) {
        ADD_FAILURE() << input << ": " << doc.error().to_string();
        return {};
    }
    return run(must_compile(filter), doc->root());
}

// The outputs as `jq -c` prints them, one per line, then "error: MESSAGE" if the run failed.
std::string jq(std::string_view filter, std::string_view input = "null") {
    const Outcome o = run(filter, input);
    std::string s;
    for (const std::string& out : o.outputs) {
        if (!s.empty()) s += '\n';
        s += out;
    }
    if (!o.error.empty()) s += (s.empty() ? "" : "\n") + ("error: " + o.error);
    return s;
}

// jq() on input read with exact_numbers off: long decimals become doubles.
std::string jq_rounded(std::string_view filter, std::string_view input) {
    ParseOptions options;
    options.reader.exact_numbers = false;
    Result<Document> doc = parse(input, options);
    if (!doc) return "bad input";
    const Outcome o = run(must_compile(filter), doc->root());
    std::string s;
    for (const std::string& out : o.outputs)
        s += (s.empty() ? "" : "\n") + out;
    if (!o.error.empty()) s += (s.empty() ? "" : "\n") + ("error: " + o.error);
    return s;
}

// --- paths

TEST(Query, IdentityAndFields) {
    EXPECT_EQ(jq(".", R"({"a":1})"), R"({"a":1})");
    EXPECT_EQ(jq("", "[1,2]"), "[1,2]");  // an empty filter is `.`, as in jq
    EXPECT_EQ(jq(" # only a comment", "3"), "3");
    EXPECT_EQ(jq(".a", R"({"a":{"b":2}})"), R"({"b":2})");
    EXPECT_EQ(jq(".a.b", R"({"a":{"b":2}})"), "2");
    EXPECT_EQ(jq(".a .b", R"({"a":{"b":2}})"), "2");
    EXPECT_EQ(jq(".missing", R"({"a":1})"), "null");
    EXPECT_EQ(jq(".a.b.c", "null"), "null");
    EXPECT_EQ(jq(R"(."a key")", R"({"a key":"v"})"), R"("v")");
    EXPECT_EQ(jq(R"(.a."b c")", R"({"a":{"b c":3}})"), "3");
    EXPECT_EQ(jq(R"(.["a"])", R"({"a":4})"), "4");
    EXPECT_EQ(jq(R"(.a.["b"])", R"({"a":{"b":5}})"), "5");
    EXPECT_EQ(jq(R"(."\u00e9\n")", "{\"\u00e9\\n\":6}"), "6");
    EXPECT_EQ(jq(".and", R"({"and":7})"), "7");  // a field, not the keyword
    EXPECT_EQ(jq(".a[0].b", R"({"a":[{"b":8}]})"), "8");
    // The key of .[f] is computed from the input of the whole term, not from .a.
    EXPECT_EQ(jq(".a[.k]", R"({"a":{"x":9},"k":"x"})"), "9");
}

TEST(Query, FieldErrorsAreJqs) {
    EXPECT_EQ(jq(".foo", "5"), R"(error: Cannot index number with string "foo")");
    EXPECT_EQ(jq(".foo", "[1]"), R"(error: Cannot index array with string "foo")");
    EXPECT_EQ(jq(".[0]", R"({"a":1})"), "error: Cannot index object with number");
    EXPECT_EQ(jq(".[0]", R"("abc")"), "error: Cannot index string with number");
    EXPECT_EQ(jq(".[null]", "null"), "error: Cannot index null with null");
    EXPECT_EQ(jq(".[true]", "{}"), "error: Cannot index object with boolean");
    // jq leaves out keys of 30 bytes or more.
    EXPECT_EQ(jq(R"(.["abcdefghijklmnopqrstuvwxyz012"])", "1"),
              R"(error: Cannot index number with string "abcdefghijklmnopqrstuvwxyz012")");
    EXPECT_EQ(jq(R"(.["abcdefghijklmnopqrstuvwxyz0123"])", "1"),
              "error: Cannot index number with string");
    // Outputs before an error stand.
    EXPECT_EQ(jq(".[] | .a", R"([{"a":1},2,{"a":3}])"),
              "1\nerror: Cannot index number with string \"a\"");
}

TEST(Query, ArrayIndexes) {
    const char* a = "[10,20,30]";
    EXPECT_EQ(jq(".[0]", a), "10");
    EXPECT_EQ(jq(".[2]", a), "30");
    EXPECT_EQ(jq(".[3]", a), "null");
    EXPECT_EQ(jq(".[-1]", a), "30");
    EXPECT_EQ(jq(".[-3]", a), "10");
    EXPECT_EQ(jq(".[-4]", a), "null");
    EXPECT_EQ(jq(".[1.0]", a), "20");
    EXPECT_EQ(jq(".[1.5]", a), "null");  // jq 1.6: non-integral indexes give null
    EXPECT_EQ(jq(".[1e300]", a), "null");
    EXPECT_EQ(jq(".[0]", "null"), "null");
    EXPECT_EQ(jq(".[.i]", R"({"i":1})"), "error: Cannot index object with number");
    EXPECT_EQ(jq("[.[(0,2)]]", a), "[10,30]");
    // Key outer, term inner: jq's order.
    EXPECT_EQ(jq("[.[][0,1]]", "[[1,2],[3,4]]"), "[1,3,2,4]");
    // Subarray positions.
    EXPECT_EQ(jq(".[[1,2]]", "[1,2,1,2,1,1]"), "[0,2]");
    EXPECT_EQ(jq(".[[1,1]]", "[1,2,1,2,1,1]"), "[4]");
    EXPECT_EQ(jq(".[[]]", "[1]"), "[]");
    EXPECT_EQ(jq(".[[1]]", "null"), "error: Cannot index null with array");
}

TEST(Query, Slices) {
    const char* a = "[0,1,2,3,4]";
    EXPECT_EQ(jq(".[1:3]", a), "[1,2]");
    EXPECT_EQ(jq(".[:2]", a), "[0,1]");
    EXPECT_EQ(jq(".[3:]", a), "[3,4]");
    EXPECT_EQ(jq(".[-2:]", a), "[3,4]");
    EXPECT_EQ(jq(".[:-1]", a), "[0,1,2,3]");
    EXPECT_EQ(jq(".[-10:2]", a), "[0,1]");
    EXPECT_EQ(jq(".[3:1]", a), "[]");
    EXPECT_EQ(jq(".[0:99]", a), "[0,1,2,3,4]");
    EXPECT_EQ(jq(".[1.5:2.5]", a), "[1,2]");  // start rounds down, end up
    EXPECT_EQ(jq(".[null:2]", a), "[0,1]");
    EXPECT_EQ(jq("[.[(0,1):(1,2)]]", "[1,2,3]"), "[[1],[1,2],[],[2]]");
    EXPECT_EQ(jq(".[1:]", R"("a\u00e9\u20ac\ud83d\ude00b")"), "\"\u00e9\u20ac\U0001F600b\"");
    EXPECT_EQ(jq(".[-2:]", R"("abc")"), R"("bc")");
    EXPECT_EQ(jq(".[2:1]", R"("abc")"), R"("")");
    EXPECT_EQ(jq(".[1:2]", "null"), "null");
    EXPECT_EQ(jq(".[1:2]", "5"), "error: Cannot index number with object");
    EXPECT_EQ(jq(R"(.["a":])", "[1]"),
              "error: Start and end indices of an array slice must be numbers");
    EXPECT_EQ(jq(R"(.["a":])", R"("x")"),
              "error: Start and end indices of an string slice must be numbers");
    // An object key is a slice too, as in jq.
    EXPECT_EQ(jq(".a[.s]", R"({"s":{"start":1,"end":null},"a":[1,2,3]})"), "[2,3]");
    EXPECT_EQ(jq(".a[.s]", R"({"s":{"start":1},"a":[1,2,3]})"),
              "error: Start and end indices of an array slice must be numbers");
    // Slices of nested values keep them whole.
    EXPECT_EQ(jq(".[1:]", R"([0,{"a":[1.5,"x"]},18446744073709551615])"),
              R"([{"a":[1.5,"x"]},18446744073709551615])");
}

TEST(Query, Iteration) {
    EXPECT_EQ(jq(".[]", "[1,[2],{}]"), "1\n[2]\n{}");
    EXPECT_EQ(jq(".[]", R"({"b":1,"a":2})"), "1\n2");  // document order
    EXPECT_EQ(jq(".[]", "[]"), "");
    EXPECT_EQ(jq(".[]", "null"), "error: Cannot iterate over null (null)");
    EXPECT_EQ(jq(".[]", "5"), "error: Cannot iterate over number (5)");
    EXPECT_EQ(jq(".[]", "true"), "error: Cannot iterate over boolean (true)");
    EXPECT_EQ(jq(".[]", R"("abcdefghijklmnopq")"),
              R"(error: Cannot iterate over string ("abcdefghij...))");
    EXPECT_EQ(jq(".[]", R"("\u0000\u001f\u007f\"x")"),
              R"(error: Cannot iterate over string ("\u0000\u00...))");
    EXPECT_EQ(jq(".[]", R"("short")"), R"(error: Cannot iterate over string ("short"))");
    EXPECT_EQ(jq(".[][]", "[[1,2],[3]]"), "1\n2\n3");
}

TEST(Query, OptionalSteps) {
    EXPECT_EQ(jq(".a?", "5"), "");
    EXPECT_EQ(jq("[.[] | .a?]", R"([1,{"a":3}])"), "[3]");
    EXPECT_EQ(jq("[.[]?]", "5"), "[]");
    EXPECT_EQ(jq("[.[0]?]", "{}"), "[]");
    EXPECT_EQ(jq("[.[1:]?]", "true"), "[]");
    EXPECT_EQ(jq(R"([."a"?])", "[]"), "[]");
    // '?' makes only its own step optional: the error of .a on 5 stands.
    EXPECT_EQ(jq("[.a.b?]", "5"), "error: Cannot index number with string \"a\"");
    EXPECT_EQ(jq("[.a?.b]", "5"), "[]");
    EXPECT_EQ(jq("[.a?.b?]", R"({"a":5})"), "[]");
    // An optional step goes on with the next key or value.
    EXPECT_EQ(jq(R"([.[("a",0,"b")]?])", R"({"a":1,"b":2})"), "[1,2]");
    EXPECT_EQ(jq("[.[][0]?]", R"([[1],{"a":1},[3]])"), "[1,3]");
    // Errors of the key are not the step's.
    EXPECT_EQ(jq("[.[.a]?]", "5"), "error: Cannot index number with string \"a\"");
    // Errors of the steps after are not suppressed.
    EXPECT_EQ(jq("[.[]? | .a]", "[1,2]"), "error: Cannot index number with string \"a\"");
}

TEST(Query, TryOnWholeTerms) {
    EXPECT_EQ(jq("[(.a.b)?]", "5"), "[]");
    EXPECT_EQ(jq("[.a.b??]", "5"), "[]");
    EXPECT_EQ(jq("[length?]", "true"), "[]");
    // The body stops at its first error; earlier outputs stand.
    EXPECT_EQ(jq("[(.[] | .a)?]", R"([{"a":1},2,{"a":3}])"), "[1]");
    // Errors raised after the body are not the body's (jq 1.6 swallowed them; 1.7 does not).
    EXPECT_EQ(jq("[(.[])? | .a]", "[1]"), "error: Cannot index number with string \"a\"");
    EXPECT_EQ(jq("[((.a)? | .b)?]", R"({"a":1})"), "[]");
}

// --- combinators

TEST(Query, PipeCommaParentheses) {
    EXPECT_EQ(jq(".a | .b", R"({"a":{"b":1}})"), "1");
    EXPECT_EQ(jq(".a, .b", R"({"a":1,"b":2})"), "1\n2");
    EXPECT_EQ(jq(".a, .b | .c", R"({"a":{"c":1},"b":{"c":2}})"), "1\n2");
    EXPECT_EQ(jq(".a, (.b | .c)", R"({"a":1,"b":{"c":2}})"), "1\n2");
    EXPECT_EQ(jq("(.a, .b) | (., .)", R"({"a":1,"b":2})"), "1\n1\n2\n2");
    EXPECT_EQ(jq("[.[] | [., .]]", "[1,2]"), "[[1,1],[2,2]]");
}

TEST(Query, Literals) {
    EXPECT_EQ(jq("1, -2, 1.5, .5, 1., 1e3, 1.0, -0, 0.001"),
              "1\n-2\n1.5\n0.5\n1\n1000\n1\n-0\n0.001");
    // Literal numbers are exact, like input numbers (jq 1.6 rounds them to doubles).
    EXPECT_EQ(jq("1e1000, 9007199254740993, 100000000000000000001"),
              "1e1000\n9007199254740993\n100000000000000000001");
    EXPECT_EQ(jq("007"), "7");
    EXPECT_EQ(jq(R"("a\u00e9\ud83d\ude00\n\/\"\\\t")"), "\"a\u00e9\U0001F600\\n/\\\"\\\\\\t\"");
    EXPECT_EQ(jq("true, false, null"), "true\nfalse\nnull");
    EXPECT_EQ(jq("[]"), "[]");
    EXPECT_EQ(jq("\"two\nlines\u0001\""), R"("two\nlines\u0001")");  // raw control bytes are kept
    EXPECT_EQ(jq("[1, \"a\", [null]]"), R"([1,"a",[null]])");
    EXPECT_EQ(jq("[1,2][0]"), "1");
    EXPECT_EQ(jq(R"("abc"[1:])"), R"("bc")");
    EXPECT_EQ(jq("[.[] | empty]", "[1,2]"), "[]");
    EXPECT_EQ(jq("1, empty, 2"), "1\n2");
}

TEST(Query, Comparisons) {
    EXPECT_EQ(jq(".[] | . == 1", R"([1, 1.0, "1", 1e0, 10e-1])"), "true\ntrue\nfalse\ntrue\ntrue");
    EXPECT_EQ(jq("1 != 2, 1 < 2, 2 <= 2, 3 > 2, 2 >= 3"), "true\ntrue\ntrue\ntrue\nfalse");
    // jq's total order across kinds.
    EXPECT_EQ(jq("[null < false, false < true, true < 0, 0 < \"\", \"\" < [], [] < .]", "{}"),
              "[true,true,true,true,true,true]");
    EXPECT_EQ(jq(R"([[1,2] < [1,3], [1] < [1,0], [2] > [1,9]])"), "[true,true,true]");
}

TEST(Query, ComparisonsOfObjectsAndNumbers) {
    // Objects order by their sorted keys, then by values in key order.
    EXPECT_EQ(jq(".[0] < .[1]", R"([{"a":2},{"b":1}])"), "true");
    EXPECT_EQ(jq(".[0] < .[1]", R"([{"a":1},{"a":2}])"), "true");
    EXPECT_EQ(jq(".[0] < .[1]", R"([{"a":1,"b":2},{"a":1,"c":0}])"), "true");
    EXPECT_EQ(jq(".[0] < .[1]", R"([{"b":1},{"a":1,"b":1}])"), "false");
    EXPECT_EQ(jq(".[0] == .[1]", R"([{"a":[1,{"b":null}],"c":2},{"c":2.0,"a":[1,{"b":null}]}])"),
              "true");
    // Strings by code point, not by UTF-16 unit or locale.
    EXPECT_EQ(jq(R"("\u00e9" < "z", "a" < "ab", "B" < "a")"), "false\ntrue\ntrue");
    // Integers and doubles compare by exact value (read with exact_numbers off, the parser
    // rounds long decimals to doubles instead of keeping their text).
    EXPECT_EQ(jq_rounded(".[0] == .[1]", "[18446744073709551615, 1.8446744073709552e19]"), "false");
    EXPECT_EQ(jq_rounded(".[0] < .[1]", "[18446744073709551615, 1.8446744073709552e19]"), "true");
    EXPECT_EQ(jq_rounded(".[0] > .[1]", "[9007199254740993, 9007199254740992.0]"), "true");
    EXPECT_EQ(jq_rounded(".[0] == .[1]", "[-9223372036854775808, -9.223372036854775808e18]"),
              "true");
    EXPECT_EQ(jq_rounded(".[0] < .[1]", "[-9223372036854775807, -9.223372036854775808e18]"),
              "false");
    EXPECT_EQ(jq_rounded(".[0] > .[1]", "[3, 2.9999999999999996]"), "true");
    // Two numbers kept as text compare exactly, whatever their spelling.
    EXPECT_EQ(jq(".[0] == .[1]", "[1.00000000000000000001, 1.00000000000000000001]"), "true");
    EXPECT_EQ(jq(".[0] == .[1]", "[1.00000000000000000001, 10.0000000000000000001e-1]"), "true");
    EXPECT_EQ(jq(".[0] < .[1]", "[1.00000000000000000001, 1.00000000000000000002]"), "true");
    EXPECT_EQ(jq(".[0] == .[1]", "[1e400, 1e401]"), "false");
    EXPECT_EQ(jq(".[0] < .[1]", "[123456789012345678901234567890, 123456789012345678901234567891]"),
              "true");
    // A kept text against another number compares as doubles, as jq compares all numbers.
    EXPECT_EQ(jq(".[0] == .[1]", "[1.00000000000000000001, 1]"), "true");
    EXPECT_EQ(jq(".[0] == .[1]", "[0.30000000000000004, 0.1]"), "false");
    EXPECT_EQ(jq(".[0] > .[1]", "[1e400, 1.7976931348623157e308]"), "true");
    EXPECT_EQ(jq(".[0] < .[1]", "[-1e400, -1.7976931348623157e308]"), "true");
    EXPECT_EQ(jq(".[0] < .[1]", "[1e-400, 4.9e-324]"), "true");
    EXPECT_EQ(jq(".[0] == .[1]", "[1e-400, 0]"), "true");
    ParseOptions rounded;
    rounded.reader.exact_numbers = false;
    Result<Document> doc = parse("[0.30000000000000004]", rounded);
    ASSERT_TRUE(doc && doc->root()[0].is_double());
    EXPECT_EQ(run(must_compile(".[0] == 0.30000000000000004"), doc->root()).outputs,
              std::vector<std::string>{"true"});
    // Comparisons do not chain.
    EXPECT_EQ(compile_error("1 < 2 < 3"),
              "syntax error: comparisons do not chain; add parentheses (column 7)");
    EXPECT_EQ(jq("(1 < 2) == true"), "true");
}

TEST(Query, GeneratorsInOperatorsRunInJqsOrder) {
    EXPECT_EQ(jq("[(1,2) == (1,2)]"), "[true,false,false,true]");
    EXPECT_EQ(jq("[(1,2) < (1,2)]"), "[false,false,true,false]");  // right side outer
    EXPECT_EQ(jq("[(true,false) and (true,false)]"), "[true,false,false]");
    EXPECT_EQ(jq("[(true,false) or (true,false)]"), "[true,true,false]");
    EXPECT_EQ(jq("[select((true,true,false))]", "1"), "[1,1]");
}

TEST(Query, BooleanLogic) {
    EXPECT_EQ(jq("[.[] | not]", R"([null,false,0,"",[],{}])"),
              "[true,true,false,false,false,false]");
    EXPECT_EQ(jq("true and true or false and false"), "true");
    EXPECT_EQ(jq("1 == 2 and 3"), "false");
    EXPECT_EQ(jq("null or 0"), "true");
    EXPECT_EQ(jq(".a and .b", R"({"a":1,"b":null})"), "false");
    EXPECT_EQ(jq("1 < 2 | not"), "false");
    // `and` does not evaluate its right side for a false left side.
    EXPECT_EQ(jq("false and .x", "5"), "false");
    EXPECT_EQ(jq("true or .x", "5"), "true");
    EXPECT_EQ(jq("true and .x", "5"), "error: Cannot index number with string \"x\"");
}

TEST(Query, Select) {
    EXPECT_EQ(jq("[.[] | select(. > 1)]", "[1,2,3]"), "[2,3]");
    EXPECT_EQ(jq(".[] | select(.id == 2) | .name", R"([{"id":1,"name":"a"},{"id":2,"name":"b"}])"),
              R"("b")");
    EXPECT_EQ(jq("[.[] | select(.a)]", R"([{"a":0},{"a":null},{"a":false},{}])"), R"([{"a":0}])");
    EXPECT_EQ(jq("select(.a) | .b", R"({"a":true,"b":"kept"})"), R"("kept")");
}

TEST(Query, Length) {
    EXPECT_EQ(jq("length", "null"), "0");
    EXPECT_EQ(jq("length", "true"), "error: boolean (true) has no length");
    EXPECT_EQ(jq("length", "false"), "error: boolean (false) has no length");
    EXPECT_EQ(jq("length", "-5.5"), "5.5");
    EXPECT_EQ(jq("length", "-5"), "5");
    EXPECT_EQ(jq("length", "7"), "7");
    EXPECT_EQ(jq("length", "-0.0"), "0");
    EXPECT_EQ(jq("length", "-9223372036854775808"), "9223372036854775808");
    EXPECT_EQ(jq("length", "-123456789012345678901234567890"), "123456789012345678901234567890");
    EXPECT_EQ(jq("length", "\"a\u00e9\u20ac\U0001F600\""), "4");
    EXPECT_EQ(jq("length", "[1,[2,3]]"), "2");
    EXPECT_EQ(jq("length", R"({"a":1,"b":2})"), "2");
    EXPECT_EQ(jq("[.[] | length]", R"(["", [], {}])"), "[0,0,0]");
}

TEST(Query, KeysTypeHas) {
    EXPECT_EQ(jq("keys", "{\"b\":1,\"a\":2,\"\u00e9\":0,\"Z\":1}"),
              "[\"Z\",\"a\",\"b\",\"\u00e9\"]");
    EXPECT_EQ(jq("keys", "[4,5,6]"), "[0,1,2]");
    EXPECT_EQ(jq("keys", "[]"), "[]");
    EXPECT_EQ(jq("keys", R"({"quote\"d":1})"), R"(["quote\"d"])");
    EXPECT_EQ(jq("keys", "5"), "error: number (5) has no keys");
    EXPECT_EQ(jq("keys", R"("abc")"), R"(error: string ("abc") has no keys)");
    EXPECT_EQ(jq("keys", "null"), "error: null (null) has no keys");
    EXPECT_EQ(jq("[.[] | type]", R"([null,true,1,1.5,1e400,"a",[],{}])"),
              R"(["null","boolean","number","number","number","string","array","object"])");
    EXPECT_EQ(jq(R"(has("a"), has("z"))", R"({"a":null})"), "true\nfalse");
    EXPECT_EQ(jq("has(0), has(1), has(-1), has(1.5), has(2)", "[1,2]"),
              "true\ntrue\nfalse\ntrue\nfalse");
    EXPECT_EQ(jq(R"(has("a"), has(1))", "null"), "false\nfalse");
    EXPECT_EQ(jq("has(1)", "{}"), "error: Cannot check whether object has a number key");
    EXPECT_EQ(jq(R"(has("a"))", "[1]"), "error: Cannot check whether array has a string key");
    EXPECT_EQ(jq("[has(.k[])]", R"({"k":["k","x"]})"), "[true,false]");
}

TEST(Query, Map) {
    EXPECT_EQ(jq("map(.a)", R"([{"a":1},{"a":2}])"), "[1,2]");
    EXPECT_EQ(jq("map(.a)", R"({"x":{"a":1},"y":{"a":2}})"), "[1,2]");
    EXPECT_EQ(jq("map(., .)", "[1,2]"), "[1,1,2,2]");
    EXPECT_EQ(jq("map(select(. != 2))", "[1,2,3]"), "[1,3]");
    EXPECT_EQ(jq("map(length)", R"(["ab",[1],{}])"), "[2,1,0]");
    EXPECT_EQ(jq("map(.)", "5"), "error: Cannot iterate over number (5)");
    EXPECT_EQ(jq("map(.) | map(keys)", R"([{"b":1,"a":2}])"), R"([["a","b"]])");
    // Numbers keep their kind through a computed array.
    EXPECT_EQ(run("map(.)", "[1.0, 2.5, 100000000000000000000000000000001]").outputs.at(0),
              "[1,2.5,100000000000000000000000000000001]");
}

TEST(Query, ComputedValuesAreRealValues) {
    Result<Document> doc = parse(R"({"a":[3,1,2]})");
    ASSERT_TRUE(doc);
    const Filter filter = must_compile(".a | length, keys, (.[0] < .[1]), .[1:], type, [.[]]");
    std::vector<Type> types;
    std::vector<std::string> texts;
    const std::string error = filter.run(doc->root(), [&](Value v) {
        types.push_back(v.type());
        texts.push_back(to_string(v));
    });
    EXPECT_EQ(error, "");
    EXPECT_EQ(types, (std::vector<Type>{Type::number, Type::array, Type::boolean, Type::array,
                                        Type::string, Type::array}));
    EXPECT_EQ(texts,
              (std::vector<std::string>{"3", "[0,1,2]", "false", "[1,2]", "\"array\"", "[3,1,2]"}));
}

TEST(Query, ComputedValuesKeepNumberRepresentations) {
    const char* in =
        "[-0.30000000000000004, 0.30000000000000004, 123456789012345678901234567890,"
        " 18446744073709551615, -9223372036854775808, 1e400, 2.5]";
    // Copies in [f], slices and lengths are the same numbers as the originals.
    EXPECT_EQ(jq("[.[1], [.[1]][0], .[1:][0], (.[0] | length)] | "
                 ".[0] == .[1] and .[1] == .[2] and .[2] == .[3]",
                 in),
              "true");
    EXPECT_EQ(jq(".[0] | length", in), "0.30000000000000004");
    EXPECT_EQ(jq(".[4] | length", in), "9223372036854775808");
    EXPECT_EQ(jq("[.[2:][]] == .[2:]", in), "true");
    EXPECT_EQ(jq(".[2:4]", in), "[123456789012345678901234567890,18446744073709551615]");
    EXPECT_EQ(jq("[.[5], .[5] | length]", in), "[1e400,1e400]");
    Result<Document> doc = parse(in);
    ASSERT_TRUE(doc);
    std::vector<bool> texts;
    EXPECT_EQ(must_compile("[.[]] | .[1], .[2], .[5], .[6]")
                  .run(doc->root(), [&](Value v) { texts.push_back(v.is_number_text()); }),
              "");
    EXPECT_EQ(texts, (std::vector<bool>{true, true, true, false}));
    // Literals are read as input numbers are.
    EXPECT_EQ(jq("0.30000000000000004 == .[1], 1e400 == .[5], -0.30000000000000004 < .[0]", in),
              "true\ntrue\nfalse");
}

TEST(Query, DuplicateKeysFollowArenajsonsFirstWins) {
    const char* dup = R"({"a":1,"a":2,"b":3})";
    EXPECT_EQ(jq(".a", dup), "1");
    EXPECT_EQ(jq("[.[]]", dup), "[1,3]");
    EXPECT_EQ(jq("keys", dup), R"(["a","b"])");
    EXPECT_EQ(jq("length", dup), "2");
    EXPECT_EQ(jq(".[0] == .[1]", R"([{"a":1,"a":2},{"a":1}])"), "true");
}

// --- compile errors

TEST(Query, SyntaxErrorsNameTheProblemAndColumn) {
    EXPECT_EQ(compile_error(".[1"), "syntax error: expected ']' (column 4)");
    EXPECT_EQ(compile_error("(.a"), "syntax error: expected ')' (column 4)");
    EXPECT_EQ(compile_error(".a |"), "syntax error: unexpected end of filter (column 5)");
    EXPECT_EQ(compile_error(".a)"), "syntax error: unexpected ')' (column 3)");
    EXPECT_EQ(compile_error("not not"), "syntax error: unexpected 'not' (column 5)");
    EXPECT_EQ(compile_error(". a"), "syntax error: unexpected 'a' (column 3)");
    EXPECT_EQ(compile_error("\"abc"), "syntax error: unterminated string (column 1)");
    EXPECT_EQ(compile_error(R"("a\x")"), "syntax error: invalid escape '\\x' in string (column 3)");
    EXPECT_EQ(compile_error(R"("\ud83d")"),
              "syntax error: invalid \\u surrogate pair in string (column 2)");
    EXPECT_EQ(compile_error("\"\xff\""), "syntax error: invalid UTF-8 in string (column 1)");
    EXPECT_EQ(compile_error(".a ! .b"), "syntax error: unexpected character '!' (column 4)");
    EXPECT_EQ(compile_error("length?.a"), "syntax error: unexpected '.a' (column 8)");
    EXPECT_EQ(compile_error(".a."), "syntax error: expected a key or '[' after '.' (column 4)");
    EXPECT_EQ(compile_error(".[:]"), "syntax error: a slice needs a start or an end (column 4)");
    EXPECT_EQ(compile_error("\u00e9\u00e9 | .a."),
              "syntax error: unexpected character '\u00e9' (column 1)");
    EXPECT_EQ(compile_error("\"\u00e9\" | ]"), "syntax error: unexpected ']' (column 7)");
    EXPECT_EQ(compile_error(".a |\n  .b ]"), "syntax error: unexpected ']' (line 2, column 6)");
    EXPECT_EQ(compile_error("foo"), "unknown function 'foo/0' (column 1)");
    EXPECT_EQ(compile_error(".a | lenght"), "unknown function 'lenght/0' (column 6)");
    EXPECT_EQ(compile_error("map"), "unknown function 'map/0' (column 1)");
    EXPECT_EQ(compile_error("length(1)"), "unknown function 'length/1' (column 1)");
    EXPECT_EQ(compile_error("true(1)"), "unknown function 'true/1' (column 1)");
}

TEST(Query, ConstructsOutsideTheSubsetAreRefused) {
    const std::pair<const char*, const char*> cases[] = {
        {"reduce .[] as $x (0; . + $x)", "'reduce' (column 1)"},
        {"foreach .[] as $x (0; 1)", "'foreach' (column 1)"},
        {"if . then 1 else 2 end", "'if' (column 1)"},
        {"try .a", "'try' (column 1)"},
        {"def f: .; f", "'def' (column 1)"},
        {"label $out | 1", "'label' (column 1)"},
        {"import \"a\" as a; .", "'import' (column 1)"},
        {".a + 1", "arithmetic '+' (column 4)"},
        {".a - 1", "arithmetic '-' (column 4)"},
        {"1 -1", "arithmetic '-' (column 3)"},
        {".a * 2", "arithmetic '*' (column 4)"},
        {".a / 2", "arithmetic '/' (column 4)"},
        {".a % 2", "arithmetic '%' (column 4)"},
        {"-.a", "negation '-' (column 1)"},
        {"-1[]", "negation '-' (column 1)"},
        {".a // 1", "the alternative operator '//' (column 4)"},
        {".[] ?// 1", "the destructuring alternative '?//' (column 5)"},
        {".a = 1", "assignment '=' (column 4)"},
        {".a |= 1", "assignment '|=' (column 4)"},
        {".a += 1", "assignment '+=' (column 4)"},
        {".a //= 1", "assignment '//=' (column 4)"},
        {". as $x | $x", "variable binding 'as' (column 3)"},
        {". as [$a] ?// $a | 1", "variable binding 'as' (column 3)"},
        {"$x", "variable '$x' (column 1)"},
        {"$__loc__", "variable '$__loc__' (column 1)"},
        {"..", "recursive descent '..' (column 1)"},
        {".a | ..?", "recursive descent '..' (column 6)"},
        {"{a: 1}", "object construction '{...}' (column 1)"},
        {"\"x\\(.a)\"", "string interpolation '\\(...)' (column 3)"},
        {".\"x\\(.a)\"", "string interpolation '\\(...)' (column 4)"},
        {"@csv", "format '@csv' (column 1)"},
        {"@base64 \"x\"", "format '@base64' (column 1)"},
        {"sort", "function 'sort/0' (column 1)"},
        {"keys_unsorted", "function 'keys_unsorted/0' (column 1)"},
        {"to_entries", "function 'to_entries/0' (column 1)"},
        {".[] | tostring", "function 'tostring/0' (column 7)"},
        {"sort_by(.a + 1)", "function 'sort_by/1' (column 1)"},
        {"range(0; 10)", "function 'range/2' (column 1)"},
        {"error(\"x\")", "function 'error/1' (column 1)"},
        {"select(.a) | add", "function 'add/0' (column 14)"},
        {"mod::f", "module reference 'mod::f' (column 1)"},
    };
    for (const auto& [filter, what] : cases) {
        EXPECT_EQ(compile_error(filter),
                  "unsupported: " + std::string(what).insert(std::string(what).rfind(" ("),
                                                             " is not in arenajson's jq subset"))
            << filter;
    }
}

TEST(Query, NestingIsBounded) {
    const std::string ok = std::string(200, '(') + "." + std::string(200, ')');
    EXPECT_EQ(compile_error(ok), "");
    const std::string deep = std::string(300, '[') + std::string(300, ']');
    EXPECT_EQ(compile_error(deep), "filter nests more than 256 levels deep (column 257)");
    const std::string deep_parens = std::string(100000, '(');
    EXPECT_EQ(compile_error(deep_parens), "filter nests more than 256 levels deep (column 257)");
    // Long chains are flat in the parser but nest at run time: bounded too.
    std::string chain;
    for (int i = 0; i < 2000; ++i)
        chain += ".a | ";
    chain += ".";
    EXPECT_NE(compile_error(chain).find("filter too complex"), std::string::npos);
    std::string fields;
    for (int i = 0; i < 500; ++i)  // close to the step limit: the deepest a run may nest
        fields += ".a";
    EXPECT_EQ(compile_error(fields), "");
    std::string nested_object = "null";
    for (int i = 0; i < 500; ++i)
        nested_object = "{\"a\":" + nested_object + "}";
    EXPECT_EQ(jq(fields, nested_object), "null");
}

// --- running

TEST(Query, DeepInputDoesNotRecurse) {
    constexpr int kDepth = 200000;
    const std::string deep = std::string(kDepth, '[') + "1" + std::string(kDepth, ']');
    ParseOptions options;
    options.reader.max_depth = kDepth + 2;
    Result<Document> doc = parse(deep, options);
    Result<Document> pair = parse("[" + deep + "," + deep + "]", options);
    ASSERT_TRUE(doc && pair);
    const auto run_on = [&](std::string_view filter, Value input) {
        return run(must_compile(filter), input);
    };
    EXPECT_EQ(run_on(".[0][0] | length", doc->root()).outputs, std::vector<std::string>{"1"});
    // Comparing deep values, copying them into computed arrays and slicing them: no recursion.
    EXPECT_EQ(run_on(".[0] == .[1], .[0] < .[1], .[0] != [1]", pair->root()).outputs,
              (std::vector<std::string>{"true", "false", "true"}));
    const Outcome wrapped = run_on("[.] | .[0][0][0] | length", doc->root());
    EXPECT_EQ(wrapped.error, "");
    EXPECT_EQ(wrapped.outputs, std::vector<std::string>{"1"});
    EXPECT_EQ(run_on("[.] == [.]", doc->root()).outputs, std::vector<std::string>{"true"});
    EXPECT_EQ(run_on(".[0:] | map(type)", doc->root()).outputs,
              std::vector<std::string>{"[\"array\"]"});
}

TEST(Query, AMissingInputIsAnError) {
    const Filter filter = must_compile(".");
    EXPECT_EQ(run(filter, Value()).error, "no input value");
}

static_assert(std::is_copy_constructible_v<Filter> && std::is_nothrow_move_constructible_v<Filter>);

TEST(Query, FiltersAreCopiedMovedAndReused) {
    Filter filter = must_compile(".n | select(. > 1)");
    Filter copy = filter;
    Filter moved = std::move(filter);
    filter = must_compile("length");
    std::vector<std::string> outputs;
    for (const char* record : {R"({"n":1})", R"({"n":2})", R"({"n":3})"}) {
        Result<Document> doc = parse(record);
        ASSERT_TRUE(doc);
        EXPECT_EQ(copy.run(doc->root(), [&](Value v) { outputs.push_back(compact(v)); }), "");
        EXPECT_EQ(moved.run(doc->root(), [&](Value v) { outputs.push_back(compact(v)); }), "");
        EXPECT_EQ(filter.run(doc->root(), [&](Value v) { outputs.push_back(compact(v)); }), "");
    }
    EXPECT_EQ(outputs, (std::vector<std::string>{"1", "2", "2", "1", "3", "3", "1"}));
    EXPECT_EQ(jq("."), "null");
    const Filter identity;
    Result<Document> doc = parse("[1]");
    ASSERT_TRUE(doc);
    EXPECT_EQ(run(identity, doc->root()).outputs, std::vector<std::string>{"[1]"});
}

TEST(Query, OneFilterRunsOnManyThreads) {
    const Filter filter = must_compile("[.[] | select(. > 2) | length] | length, keys[1:]");
    std::vector<std::string> results(4);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < results.size(); ++t) {
        threads.emplace_back([&filter, &result = results[t]] {
            Result<Document> doc = parse("[1,2,3,4,5]");
            for (int i = 0; i < 2000 && doc; ++i) {
                std::string outputs;
                const std::string error =
                    filter.run(doc->root(), [&](Value v) { outputs += compact(v) + " "; });
                result = error.empty() ? outputs : error;
            }
        });
    }
    for (std::thread& t : threads)
        t.join();
    EXPECT_EQ(results, std::vector<std::string>(4, "3 [1,2] "));
}

// --- against jq itself

std::string shell_quote(std::string_view s) {
    std::string q = "'";
    for (const char c : s) {
        if (c == '\'') {
            q += "'\\''";
        } else {
            q += c;
        }
    }
    return q + "'";
}

std::string read_command(const std::string& command) {
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return out;
    char buf[4096];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0)
        out.append(buf, n);
    pclose(pipe);
    return out;
}

bool jq_is_installed() {
    return read_command("jq --version 2>/dev/null").rfind("jq-", 0) == 0;
}

TEST(Query, AgreesWithJq) {
    if (!jq_is_installed()) GTEST_SKIP() << "jq is not installed";
    const std::string people =
        R"({"people":[{"name":"Ann","age":31,"tags":["a","b"]},{"name":"Bob","age":25,)"
        R"("tags":[]},{"name":"\u00c9lo","age":null,"tags":["c"]}],"meta":{"n":3,"ok":true}})";
    const std::string mixed = R"([null,false,true,-1,0,2.5,"","b","a",[],[1],{},{"a":1}])";
    const std::pair<const char*, std::string> cases[] = {
        {".", people},
        {".people[0].name", people},
        {".people[].name", people},
        {".people[-1]", people},
        {".people[1:]", people},
        {".people[:-2] | map(.name)", people},
        {".people | map(.age)", people},
        {".people[] | select(.age != null and .age > 30) | .name", people},
        {".people[] | select(.tags | length > 0) | .tags[0]", people},
        {"[.people[] | .name | length]", people},
        {".meta | keys", people},
        {".meta | has(\"n\"), has(\"x\")", people},
        {".meta[]", people},
        {".people | keys", people},
        {"[.people[].age | type]", people},
        {".people[2].name[1:]", people},
        {".people[0] | .name, .age", people},
        {"[.people[].tags[]]", people},
        {".people[].tags[]?", people},
        {"[.[] | .name?]", R"([1,{"name":"x"},"s",null])"},
        {".missing.deeper", people},
        {".meta.ok and .meta.n == 3", people},
        {".meta.ok | not", people},
        {"[.[] | not]", mixed},
        {"[.[] | type]", mixed},
        {"[.[] | length?]", mixed},
        {"[.[] | . < 1]", mixed},
        {"[.[] | . == []]", mixed},
        {"[.[] as $x | 1]", "[1]"},  // refused by us: checked separately below
        {"[.[] | [.] | .[0]]", mixed},
        {"[.[2:4], .[-3:], .[:1]]", mixed},
        {"[.[] | select(type == \"string\")]", mixed},
        {"[.[] | keys?]", mixed},
        {".[4:] | map(has(0)?)", mixed},
        {"[.[0], .[100], .[-100]]", mixed},
        {"[(1,2) >= (2,1)]", "null"},
        {"[true, false] | [.[] and .[]]", "null"},
        {"\"\\u00e9t\\u00e9\" | length, .[1:]", "null"},
        {"[1, 1.0, 1.5, -0, 100, 0.001, 1e3]", "null"},
        {".[] | .a", R"([{"a":1},5])"},
        {".[]", "null"},
        {".[]", "\"a long string value\""},
        {"keys", "true"},
        {"length", "false"},
        {".a.b", R"({"a":[1]})"},
        {".[0]", R"({"a":1})"},
        {"has(1)", "{}"},
        {".[\"x\":]", "[1]"},
    };
    const std::string input_path = testing::TempDir() + "query_test_input.json";
    const std::string error_path = testing::TempDir() + "query_test_error.txt";
    int compared = 0;
    for (const auto& [filter, input] : cases) {
        const std::string refusal = compile_error(filter);
        if (!refusal.empty()) {
            EXPECT_NE(refusal.find("unsupported"), std::string::npos) << filter;
            continue;
        }
        std::ofstream(input_path, std::ios::binary) << input;
        const std::string expected =
            read_command("jq -c " + shell_quote(filter) + " " + shell_quote(input_path) + " 2>" +
                         shell_quote(error_path));
        std::ifstream error_file(error_path);
        std::stringstream error_text;
        error_text << error_file.rdbuf();
        std::string expected_error = error_text.str();
        // "jq: error (at FILE:N): MESSAGE\n" -> MESSAGE
        if (const std::size_t at = expected_error.find("): "); at != std::string::npos) {
            expected_error = expected_error.substr(at + 3);
        }
        while (!expected_error.empty() && expected_error.back() == '\n')
            expected_error.pop_back();

        const Outcome o = run(filter, input);
        std::string actual;
        for (const std::string& line : o.outputs)
            actual += line + "\n";
        EXPECT_EQ(actual, expected) << "filter: " << filter << "\ninput: " << input;
        EXPECT_EQ(o.error, expected_error) << "filter: " << filter << "\ninput: " << input;
        ++compared;
    }
    EXPECT_GE(compared, 40);
}

}  // namespace
}  // namespace arenajson
