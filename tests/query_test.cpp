// arenajson/query.hpp: compiling, running, errors, limits, and what the API promises about
// values and threads. The language itself is covered by the case files (query_cases_test).
#include "arenajson/arenajson.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace arenajson {
namespace {

Query compile(std::string_view program, const QueryOptions& options = {}) {
    std::string message;
    Result<Query> q = Query::compile(program, options, &message);
    if (!q) ADD_FAILURE() << program << ": " << message;
    return std::move(q).value();
}

std::vector<std::string> run(Evaluation& e, Value input, Status* status = nullptr) {
    std::vector<std::string> out;
    const Status st = e.run(input, [&](Value v) {
        std::string s;
        append_jq_text(s, v, {.indent = 0});
        out.push_back(s);
        return true;
    });
    if (status != nullptr) *status = st;
    return out;
}

TEST(Query, CompileErrorsCarryThePositionAndJqsMessage) {
    std::string message;
    Result<Query> q = Query::compile(".a |\n  .b | [", {}, &message);
    ASSERT_FALSE(q);
    EXPECT_EQ(q.error().code, ErrorCode::query_syntax);
    EXPECT_EQ(q.error().line, 2u);
    EXPECT_EQ(q.error().column, 9u);  // the end of the program
    EXPECT_NE(message.find("syntax error"), std::string::npos) << message;
    q = Query::compile("foo(1)", {}, &message);
    ASSERT_FALSE(q);
    EXPECT_EQ(message, "foo/1 is not defined");
    EXPECT_EQ(q.error().column, 1u);
    q = Query::compile("include \"x\"; .", {}, &message);
    ASSERT_FALSE(q);
    EXPECT_NE(message.find("modules are not supported"), std::string::npos);
}

// A number literal a double cannot hold keeps its text, which must be JSON: no leading zeros
// (found by fuzz_query).
TEST(Query, LongNumberLiteralsWithLeadingZerosPrintAsJson) {
    Evaluation e(compile("0003729424098846048254424098846048254, 007, 00.5, 000"));
    const Document doc = parse("null").value();
    EXPECT_EQ(run(e, doc.root()),
              (std::vector<std::string>{"3729424098846048254424098846048254", "7", "0.5", "0"}));
}

TEST(Query, PlainPathsAreRecognised) {
    const Query q = compile(".a.b[3][\"c d\"]");
    ASSERT_NE(q.path(), nullptr);
    const std::vector<PathStep>& steps = *q.path();
    ASSERT_EQ(steps.size(), 4u);
    EXPECT_EQ(steps[0].key, "a");
    EXPECT_EQ(steps[2].kind, PathStep::Kind::index);
    EXPECT_EQ(*steps[2].index, 3u);
    EXPECT_EQ(steps[3].key, "c d");
    EXPECT_NE(compile(".").path(), nullptr);
    EXPECT_TRUE(compile(".").path()->empty());
    for (const char* not_a_path : {".a[-1]", ".a?", ".a | .b", ".[]", ".a + 1", "def f: .; .a"}) {
        const Query other = compile(not_a_path);
        if (std::string_view(not_a_path) == "def f: .; .a") {
            EXPECT_NE(other.path(), nullptr) << not_a_path;  // definitions do not matter
        } else {
            EXPECT_EQ(other.path(), nullptr) << not_a_path;
        }
    }
}

TEST(Query, RunsOnAnyValueAndKeepsResultsUntilTheNextRun) {
    const Document doc = *parse(R"({"items":[{"n":1},{"n":2},{"n":3}]})");
    Evaluation e(compile("[.items[] | {m: (.n * 10)}]"));
    std::vector<Value> kept;
    ASSERT_TRUE(e.run(doc.root(), [&](Value v) {
        kept.push_back(v);
        return true;
    }));
    ASSERT_EQ(kept.size(), 1u);
    EXPECT_EQ(to_string(kept[0]), R"([{"m":10},{"m":20},{"m":30}])");  // the writer works on it
    EXPECT_TRUE(kept[0] == parse(R"([{"m":10},{"m":20},{"m":30}])")->root());
    // Inputs are not copied: an output that is part of the input is the input's own node.
    Evaluation same(compile(".items[1]"));
    ASSERT_TRUE(same.run(doc.root(), [&](Value v) {
        EXPECT_EQ(v["n"].node(), doc.root()["items"][1]["n"].node());
        return true;
    }));
    // Returning false stops the run, successfully.
    int seen = 0;
    Evaluation many(compile("range(100)"));
    EXPECT_TRUE(many.run(doc.root(), [&](Value) { return ++seen < 3; }));
    EXPECT_EQ(seen, 3);
}

TEST(Query, RuntimeErrorsCarryTheirValue) {
    const Document doc = *parse("{\"a\":1}");
    Evaluation e(compile(".a.b"));
    Status st;
    run(e, doc.root(), &st);
    ASSERT_FALSE(st);
    EXPECT_EQ(st.error().code, ErrorCode::query_error);
    EXPECT_EQ(e.error_message(), "Cannot index number with string (\"b\")");
    EXPECT_EQ(*e.error_value().get_string(), "Cannot index number with string (\"b\")");
    Evaluation custom(compile("error({code: 7})"));
    run(custom, doc.root(), &st);
    ASSERT_EQ(st.error().code, ErrorCode::query_error);
    EXPECT_EQ(*custom.error_value()["code"].get_int64(), 7);
    EXPECT_EQ(custom.error_message(), "{\"code\":7} (not a string)");
}

TEST(Query, HaltAndHaltError) {
    Evaluation e(compile("1, halt, 2"));
    Status st;
    EXPECT_EQ(run(e, Value(), &st), std::vector<std::string>{"1"});
    EXPECT_EQ(st.error().code, ErrorCode::query_halted);
    EXPECT_EQ(e.halt_code(), 0);
    EXPECT_FALSE(e.halt_value().exists());
    Evaluation he(compile("\"bye\" | halt_error(3)"));
    run(he, Value(), &st);
    EXPECT_EQ(st.error().code, ErrorCode::query_halted);
    EXPECT_EQ(he.halt_code(), 3);
    EXPECT_EQ(*he.halt_value().get_string(), "bye");
}

TEST(Query, VariablesAndInputs) {
    const Document v = *parse("[1,2]");
    const Query q = compile("[$xs[] + input]", {.variables = {{"xs", v.root()}}});
    const Document in1 = *parse("10"), in2 = *parse("20");
    std::vector<Value> pending = {in1.root(), in2.root()};
    Evaluation e(q);
    e.set_input_source([&](Value& out) {
        if (pending.empty()) return false;
        out = pending.front();
        pending.erase(pending.begin());
        return true;
    });
    // `+` evaluates its right side first, so `input` runs once per run here, as in jq.
    EXPECT_EQ(run(e, Value()), std::vector<std::string>{"[11,12]"});
    EXPECT_EQ(run(e, Value()), std::vector<std::string>{"[21,22]"});
    Status st;
    run(e, Value(), &st);  // no input left
    EXPECT_EQ(e.error_message(), "No more inputs");
    std::string messages;
    Evaluation d(compile("debug, stderr"));
    d.set_message_sink([&](std::string_view m) { messages += m; });
    run(d, Value());
    EXPECT_EQ(messages, "[\"DEBUG:\",null]\nnull");
    Evaluation loc(compile("input_filename"));
    loc.set_input_location("data.json");
    EXPECT_EQ(run(loc, Value()), std::vector<std::string>{"\"data.json\""});
}

TEST(Query, HostileProgramsHitLimitsNotTheMachine) {
    const auto limit_of = [](std::string_view program, std::size_t max_memory) {
        Evaluation e(compile(program), {.max_memory = max_memory});
        Status st;
        run(e, Value(), &st);
        return st.error().code;
    };
    EXPECT_EQ(limit_of("[range(1e10)]", 64 << 20), ErrorCode::query_memory_limit);
    EXPECT_EQ(limit_of("\"x\" * 1e9", 64 << 20), ErrorCode::query_memory_limit);
    // Past jq 1.8's bound on a repeated string it is a jq error, whatever the memory.
    EXPECT_EQ(limit_of("\"x\" * 1e10", 64 << 20), ErrorCode::query_error);
    EXPECT_EQ(limit_of("[repeat(.)]", 64 << 20), ErrorCode::query_memory_limit);
    EXPECT_EQ(limit_of("reduce range(1e9) as $i ([]; . + [$i])", 64 << 20),
              ErrorCode::query_memory_limit);
    // Unbounded recursion stops at the stack reserve, with a clean error.
    EXPECT_EQ(limit_of("def f: f; f", 64 << 20), ErrorCode::query_depth_limit);
    EXPECT_EQ(limit_of("def f: 1 + f; f", 64 << 20), ErrorCode::query_depth_limit);
    // A run after a limit works as usual.
    Evaluation e(compile("[range(3)]"), {.max_memory = 1 << 20});
    EXPECT_EQ(run(e, Value()), std::vector<std::string>{"[0,1,2]"});
}

TEST(Query, DeepDataDoesNotRecurse) {
    // 100,000 nested arrays built by the program: walking, comparing, printing and
    // flattening them are iterative. (Printing stops at jq 1.8's depth of 10000: 10001
    // brackets each side of "<skipped: too deep>".)
    Evaluation e(compile(
        "reduce range(100000) as $i (0; [.]) | [(.. | numbers), (tojson | length), (. == .), "
        "(. < [.]), (flatten | length), (walk(.) == .)]"));
    EXPECT_EQ(run(e, Value()), std::vector<std::string>{"[0,20021,true,true,1,true]"});
    // Paths and streams are as long as the value is deep: their output grows with the square.
    Evaluation s(
        compile("reduce range(2000) as $i (0; [.]) | [([paths] | length), "
                "([tostream] | length), (fromstream(tostream) == .)]"));
    EXPECT_EQ(run(s, Value()), std::vector<std::string>{"[2000,2001,true]"});
}

TEST(Query, ReduceUpdatesInPlace) {
    // 200,000 distinct keys: in place this takes well under a second; copying the object at
    // each step would take hours. The result is checked, not the time.
    Evaluation e(compile("reduce range(200000) as $i ({}; .[$i | tostring] = $i) | length"));
    EXPECT_EQ(run(e, Value()), std::vector<std::string>{"200000"});
    Evaluation g(compile(
        "reduce range(100000) as $i ({}; .[$i % 7 | tostring] += [$i]) | map_values(length)"));
    EXPECT_EQ(run(g, Value()),
              std::vector<std::string>{
                  R"({"0":14286,"1":14286,"2":14286,"3":14286,"4":14286,"5":14285,"6":14285})"});
}

TEST(Query, OneQueryManyThreads) {
    const Query q = compile("[.[] | select(. % 3 == 0)] | add");
    const Document doc = *parse("[1,2,3,4,5,6,7,8,9,10,11,12]");
    std::vector<std::thread> threads;
    std::vector<std::string> results(4);
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            Evaluation e(q);
            for (int i = 0; i < 200; ++i)
                results[t] = run(e, doc.root()).at(0);
        });
    }
    for (auto& th : threads)
        th.join();
    for (const std::string& r : results)
        EXPECT_EQ(r, "30");
}

TEST(Query, PrintsNumbersAsJq) {
    const auto text = [](std::string_view json, const JqTextOptions& o = {.indent = 0}) {
        std::string s;
        append_jq_text(s, parse(json)->root(), o);
        return s;
    };
    // Numbers kept as text print in decNumber's form, as jq 1.8 prints literals.
    EXPECT_EQ(text("[1.0, 1e1000, 100000000000000000000, 0.1, 1.5e300, -0.0, 25e-400]"),
              "[1,1E+1000,100000000000000000000,0.1,1.5e+300,-0,2.5E-399]");
    Evaluation e(compile("[1e17, 3.0, 0.00001, 1/3, nan, infinite]"));
    EXPECT_EQ(run(e, Value()),
              std::vector<std::string>{
                  "[1e+17,3,1e-05,0.3333333333333333,null,1.7976931348623157e+308]"});
    EXPECT_EQ(text("{\"b\":1,\"a\":[2]}", {.indent = 2, .sort_keys = true}),
              "{\n  \"a\": [\n    2\n  ],\n  \"b\": 1\n}");
    EXPECT_EQ(text("[\"\\u00e9\\u007f\"]", {.indent = 0, .ascii = true}), "[\"\\u00e9\\u007f\"]");
    EXPECT_EQ(text("[1]", {.indent = 2, .tab = true}), "[\n\t1\n]");
}

}  // namespace
}  // namespace arenajson
