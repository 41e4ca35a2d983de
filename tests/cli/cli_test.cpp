// The arenajson command as users run it: arguments, stdin, exit codes, output and messages.
#include "cli_support.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

using arenajson::testing::Outcome;
using arenajson::testing::quote;
using arenajson::testing::read_file;
using arenajson::testing::sample;
using arenajson::testing::work_dir;

// Runs `arenajson ARGS` through the shell, with `input` on stdin, NO_COLOR unset and stdout
// a file (so never a terminal).
Outcome run(const std::string& args, const std::string& input = "") {
    return arenajson::testing::shell(std::string(ARENAJSON_BIN) + " " + args, input);
}

std::string write_temp(const std::string& name, const std::string& contents) {
    const fs::path p = work_dir() / name;
    std::ofstream(p, std::ios::binary) << contents;
    return p.string();
}

// --- check

TEST(Check, ValidInputsExitZeroSilently) {
    const Outcome r = run("check " + sample("people.json") + " " + sample("config.json") + " " +
                          sample("numbers.json"));
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(run("check -v " + sample("config.json")).out, sample("config.json") + ": ok\n");
}

TEST(Check, InvalidInputReportsFileLineColumnAndExitsOne) {
    const Outcome r = run("check", "{\n  \"a\": [1, 2\n  \"b\": 3\n}\n");
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err, "<stdin>:3:3: error: expected ',' or ']' after an array element\n");
    const Outcome end = run("check -", "[1, 2");
    EXPECT_EQ(end.err,
              "<stdin>:1:6: error: unexpected end of input: expected ',' or ']' after an array "
              "element\n");
}

TEST(Check, EveryInputIsCheckedAndTheWorstStatusWins) {
    const std::string bad = write_temp("bad.json", "[1,]");
    Outcome r = run("check " + sample("config.json") + " " + bad + " " + sample("people.json"));
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err, bad + ":1:4: error: expected a value\n");
    r = run("check " + bad + " /nonexistent/file.json");
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(
        r.err.find(
            "/nonexistent/file.json: error: cannot open the input: No such file or directory"),
        std::string::npos);
}

TEST(Check, ZstdIsRecognisedByItsMagicBytes) {
    EXPECT_EQ(run("check " + sample("people.json.zst")).status, 0);
    const std::string renamed = work_dir() / "people.data";
    fs::copy_file(sample("people.json.zst"), renamed, fs::copy_options::overwrite_existing);
    EXPECT_EQ(run("check " + renamed).status, 0);
    const std::string z = read_file(sample("people.json.zst"));
    const Outcome cut = run("check " + write_temp("cut.zst", z.substr(0, z.size() - 5)));
    EXPECT_EQ(cut.status, 1);
    EXPECT_NE(cut.err.find("truncated zstd stream"), std::string::npos);
}

TEST(Check, NdjsonErrorsNameTheLine) {
    EXPECT_EQ(run("check --ndjson " + sample("requests.ndjson.zst")).status, 0);
    const Outcome r = run("check --ndjson", "{\"a\":1}\n{\"a\":2}\n{\"a\":}\n");
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err, "<stdin>:3:6: error: expected a value\n");
    EXPECT_EQ(run("check", "{\"a\":1}\n{\"a\":2}\n").err,
              "<stdin>:2:1: error: unexpected content after the root value\n");
}

TEST(Check, LimitsAreCleanErrorsThatNameTheOption) {
    const Outcome deep = run("check --max-depth 3", "[[[[1]]]]");
    EXPECT_EQ(deep.status, 1);
    EXPECT_EQ(
        deep.err,
        "<stdin>:1:4: error: nesting deeper than the depth limit (raise it with --max-depth)\n");
    const Outcome input = run("check --max-input 100 " + sample("people.json"));
    EXPECT_EQ(input.status, 1);
    EXPECT_NE(input.err.find("raise it with --max-input"), std::string::npos);
    const Outcome memory = run("stats --max-memory 4K " + sample("people.json"));
    EXPECT_EQ(memory.status, 1);
    EXPECT_NE(memory.err.find("raise it with --max-memory"), std::string::npos);
    // A zstd frame written with a 256 MiB window (the default limit is 2^27).
    const std::string wide = (work_dir() / "wide.zst").string();
    if (std::system(
            ("printf '[1]' | zstd -q --long=28 -c > " + quote(wide) + " 2>/dev/null").c_str()) ==
        0) {
        const Outcome window = run("check " + wide);
        EXPECT_EQ(window.status, 1);
        EXPECT_EQ(window.err,
                  wide +
                      ": error: the zstd frame needs a window larger than the window limit "
                      "(raise it with --zstd-window-log)\n");
        EXPECT_EQ(run("check --zstd-window-log 28 " + wide).status, 0);
    }
    const Outcome dup = run("check --reject-duplicate-keys", "{\"a\":1,\n \"a\":2}");
    EXPECT_EQ(dup.status, 1);
    EXPECT_EQ(dup.err,
              "<stdin>:2:2: error: duplicate key in an object (duplicates are rejected by the "
              "chosen policy)\n");
    EXPECT_EQ(run("check", "{\"a\":1,\"a\":2}").status, 0);
    // Every object is checked, also by the commands that follow a path on the stream and by
    // NDJSON records.
    const std::string elsewhere = R"({"a":1,"b":{"x":1,"x":2}})";
    const std::string message =
        "<stdin>:1:19: error: duplicate key in an object (duplicates are rejected by the chosen "
        "policy)\n";
    for (const char* command :
         {"get --reject-duplicate-keys - /a", "query --reject-duplicate-keys .a",
          "check --reject-duplicate-keys"}) {
        const Outcome r = run(command, elsewhere);
        // query exits as jq does on invalid input: 2.
        EXPECT_EQ(r.status, std::string(command).starts_with("query") ? 2 : 1) << command;
        EXPECT_EQ(r.out, "") << command;
        EXPECT_EQ(r.err, message) << command;
    }
    EXPECT_EQ(run("get - /a", elsewhere).out, "1\n");
    EXPECT_EQ(run("check --ndjson --reject-duplicate-keys", "{\"a\":1}\n{\"b\":1,\"b\":2}\n").err,
              "<stdin>:2:8: error: duplicate key in an object (duplicates are rejected by the "
              "chosen policy)\n");
}

TEST(Check, ByteOrderMarkAndUtf16AreNamed) {
    const Outcome bom = run("check", "\xEF\xBB\xBF{}");
    EXPECT_EQ(bom.status, 1);
    EXPECT_NE(bom.err.find("byte-order mark"), std::string::npos);
    EXPECT_NE(bom.err.find("(allow it with --allow-bom)"), std::string::npos);
    EXPECT_EQ(run("check --allow-bom", "\xEF\xBB\xBF{}").status, 0);
    EXPECT_NE(run("check", std::string("[\0]\0", 4)).err.find("UTF-16"), std::string::npos);
}

// --- get

TEST(Get, PrintsTheValueAtAPointer) {
    Outcome r = run("get " + sample("people.json") + " /3/address");
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out, "{\n  \"city\": \"Kraków\",\n  \"country\": \"PL\",\n  \"zip\": null\n}\n");
    EXPECT_EQ(run("get -c " + sample("people.json") + " /3/address").out,
              "{\"city\":\"Kraków\",\"country\":\"PL\",\"zip\":null}\n");
    EXPECT_EQ(run("get -r " + sample("people.json") + " /3/name").out, "John Goldwasser\n");
    EXPECT_EQ(run("get " + sample("people.json") + " /3/name").out, "\"John Goldwasser\"\n");
    EXPECT_EQ(run("get /1", "[10,20]").out, "20\n");  // no FILE: standard input
    EXPECT_EQ(run("get " + sample("people.json.zst") + " /3/name").out, "\"John Goldwasser\"\n");
    EXPECT_EQ(run("get " + sample("numbers.json") + " /8").out, "18446744073709551616\n");
}

TEST(Get, AMissingValueIsExitOne) {
    Outcome r = run("get " + sample("people.json") + " /3/nope");
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err,
              sample("people.json") +
                  ": error: no value at '/3/nope': the object has no member with this key\n");
    EXPECT_EQ(run("get " + sample("people.json") + " /99").status, 1);
    EXPECT_NE(run("get " + sample("people.json") + " bad").err.find("invalid JSON Pointer"),
              std::string::npos);
    // An invalid document is an error even when the value comes before the fault.
    r = run("get /a", "{\"a\":1,\"b\":[}");
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, "");
}

TEST(Get, NdjsonLooksUpEveryRecord) {
    const Outcome r = run("get --ndjson -c /x", "{\"x\":1}\n{\"x\":[2]}\n");
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out, "1\n[2]\n");
    // The records before a missing value are printed; the missing one ends the run.
    const Outcome gap = run("get --ndjson -c /x", "{\"x\":1}\n{\"y\":2}\n{\"x\":3}\n");
    EXPECT_EQ(gap.status, 1);
    EXPECT_EQ(gap.out, "1\n");
    EXPECT_EQ(gap.err,
              "<stdin>: error: no value at '/x': the object has no member with this key\n");
    // A bad record after good ones: those are printed, the error names its line.
    const Outcome bad = run("get --ndjson -c /x", "{\"x\":1}\n{\"x\":}\n");
    EXPECT_EQ(bad.status, 1);
    EXPECT_EQ(bad.out, "1\n");
    EXPECT_EQ(bad.err, "<stdin>:2:6: error: expected a value\n");
}

// Paths on NDJSON records are followed on the stream, building only the value found; a filter
// that is more than a path builds each record. Both give the same output, for any chunking.
TEST(Query, NdjsonPathsOnTheStreamMatchWholeRecords) {
    std::vector<std::string> files = {sample("requests.ndjson"), sample("requests.ndjson.zst")};
    const std::string fhir =
        std::string(ARENAJSON_SHARED_DIR) + "/corpus/fhir_Encounter.000.ndjson";
    if (std::ifstream(fhir).good()) files.push_back(fhir);
    const std::pair<const char*, const char*> filters[] = {
        {".path", ". | .path"},
        {".status", "(.status)"},
        {".nope", ". | .nope"},
        {".", ". | ."},
        {".subject.reference", ". | .subject.reference"},
        {".type[0].coding[0]", ". | .type[0].coding[0]"},
        {".type[-1]", ". | .type[-1]"},
    };
    for (const std::string& file : files) {
        for (const auto& [path, whole] : filters) {
            const Outcome expected = run("query --ndjson -c '" + std::string(whole) + "' " + file);
            ASSERT_EQ(expected.status, 0) << whole << " " << expected.err;
            for (const char* chunk : {"", " --chunk-size 1", " --chunk-size 7"}) {
                if (*chunk != 0 && file == fhir) continue;  // byte by byte: the samples suffice
                const Outcome streamed =
                    run("query --ndjson -c" + std::string(chunk) + " '" + path + "' " + file);
                EXPECT_EQ(streamed.status, 0) << path << chunk << " " << streamed.err;
                EXPECT_EQ(streamed.out, expected.out) << path << chunk << " on " << file;
            }
        }
    }
    // A path that cannot go on in some record: jq's message, after the records before it.
    const Outcome r = run("query --ndjson -c .a.b", "{\"a\":{\"b\":1}}\n{\"a\":[1]}\n");
    EXPECT_EQ(r.status, 5);  // jq's status for a runtime error
    EXPECT_EQ(r.out, "1\n");
    EXPECT_EQ(r.err,
              "arenajson: error (at <stdin>): Cannot index array with string (\"b\")\n");  // jq 1.8
}

// --- query

TEST(Query, RunsFiltersAndPrintsAsJqDoes) {
    Outcome r = run("query '.[] | select(.age > 75) | .name' " + sample("people.json.zst"));
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "\"Ken Knuth\"\n") << r.out;
    EXPECT_EQ(run("query -r '.[0:2] | map(.name) | .[]' " + sample("people.json")).out,
              "Dennis Hopper\nRadia Liskov\n");
    EXPECT_EQ(run("query -c '.[3] | {name, n: (.tags | length)}' " + sample("people.json")).out,
              "{\"name\":\"John Goldwasser\",\"n\":2}\n");
    EXPECT_EQ(run("query -c '[.[] | .address.country] | length' " + sample("people.json")).out,
              "40\n");
    EXPECT_EQ(run("query '.service | keys' " + sample("config.json")).out,
              "[\n  \"debug\",\n  \"name\",\n  \"port\",\n  \"threads\"\n]\n");
    EXPECT_EQ(run("query -c 'map(type)' " + sample("numbers.json")).out.substr(0, 18),
              "[\"number\",\"number\"");
}

TEST(Query, PlainPathsAreFollowedOnTheStream) {
    EXPECT_EQ(run("query '.[3].address.city' " + sample("people.json")).out, "\"Kraków\"\n");
    EXPECT_EQ(run("query '.[3].nope' " + sample("people.json")).out, "null\n");  // jq: null
    EXPECT_EQ(run("query '.[999]' " + sample("people.json")).out, "null\n");
    Outcome r = run("query '.[3].name.first' " + sample("people.json"));
    EXPECT_EQ(r.status, 5);
    EXPECT_EQ(r.err, "arenajson: error (at " + sample("people.json") +
                         "): Cannot index string with string (\"first\")\n");
    EXPECT_EQ(run("query '.a'", "{\"a\":1,\"a\":2}").out, "1\n");  // the first of duplicate keys
    EXPECT_EQ(run("query .", "[1.0, 2]").out, "[\n  1,\n  2\n]\n");
}

TEST(Query, ErrorsHaveJqsMessagesAndExitStatuses) {
    Outcome r = run("query '.[0] + 1' " + sample("people.json"));
    EXPECT_EQ(r.status, 5);
    EXPECT_NE(
        r.err.find("object ({\"id\":1000,\"name\":\"Dennis ...) and number (1) cannot be added"),
        std::string::npos)
        << r.err;
    EXPECT_EQ(run("query 'reduce .[] as $x (0; . + 1)' " + sample("people.json")).out, "40\n");
    r = run("query '.[] | .name.x' " + sample("people.json"));
    EXPECT_EQ(r.status, 5);
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find("Cannot index string with string (\"x\")"), std::string::npos) << r.err;
    r = run("query '.[' " + sample("people.json"));
    EXPECT_EQ(r.status, 3);  // does not compile
    EXPECT_NE(r.err.find("syntax error"), std::string::npos) << r.err;
    EXPECT_EQ(run("query . /nonexistent.json").status, 2);
    EXPECT_EQ(run("query .", "[1,").status, 2);  // invalid input
    // -e: 1 when the last output is false or null, 4 when there is none.
    EXPECT_EQ(run("query -e '.a'", "{\"a\":false}").status, 1);
    EXPECT_EQ(run("query -e 'empty'", "1").status, 4);
    EXPECT_EQ(run("query -e '.a'", "{\"a\":1}").status, 0);
    // halt_error: the value on stderr, raw when a string, and its exit status.
    r = run("query -n '\"bye\\n\" | halt_error(7)'", "");
    EXPECT_EQ(r.status, 7);
    EXPECT_EQ(r.err, "bye\n");
    // An error in one input does not stop the next ones; the status says there was one.
    r = run("query -c '.a'", "{\"a\":1} [2] {\"a\":3}");
    EXPECT_EQ(r.status, 5);
    EXPECT_EQ(r.out, "1\n3\n");
}

TEST(Query, InputsAreValueSequencesAcrossFiles) {
    EXPECT_EQ(run("query -c '. + 1'", "1 2\n3").out, "2\n3\n4\n");
    EXPECT_EQ(run("query -c -s .", "1 [2] {\"a\":3}").out, "[1,[2],{\"a\":3}]\n");
    EXPECT_EQ(run("query -n -c '[inputs]'", "1 2 3").out, "[1,2,3]\n");
    EXPECT_EQ(run("query -c '[., input]'", "1 2 3 4").out, "[1,2]\n[3,4]\n");
    EXPECT_EQ(run("query -c -R .", "a\nb c\n").out, "\"a\"\n\"b c\"\n");
    EXPECT_EQ(run("query -c -R -s .", "a\nb\n").out, "\"a\\nb\\n\"\n");
    const std::string one = run("query -c . " + sample("config.json")).out;
    EXPECT_EQ(run("query -c . " + sample("config.json") + " " + sample("config.json")).out,
              one + one);
    // input/inputs go on across files.
    EXPECT_EQ(run("query -n -c '[inputs | .service.port]' " + sample("config.json") + " " +
                  sample("config.json"))
                  .out,
              "[8080,8080]\n");
}

TEST(Query, JqOptions) {
    EXPECT_EQ(run("query -r '.[]'", "[\"a\",1]").out, "a\n1\n");
    EXPECT_EQ(run("query -j '.[]'", "[\"a\",1]").out, "a1");
    EXPECT_EQ(run("query -a -c .", "\"\u00e9\"").out, "\"\\u00e9\"\n");
    EXPECT_EQ(run("query -S -c .", "{\"b\":1,\"a\":{\"d\":1,\"c\":2}}").out,
              "{\"a\":{\"c\":2,\"d\":1},\"b\":1}\n");
    EXPECT_EQ(run("query --tab .", "[1]").out, "[\n\t1\n]\n");
    EXPECT_EQ(run("query --indent 1 .", "[1]").out, "[\n 1\n]\n");
    EXPECT_EQ(run("query --seq -c .", "1").out,
              "\x1e"
              "1\n");
    EXPECT_EQ(run("query -n -c --arg x 1 --argjson y '{\"z\":2}' '[$x, $y, $ARGS.named]'", "").out,
              "[\"1\",{\"z\":2},{\"x\":\"1\",\"y\":{\"z\":2}}]\n");
    EXPECT_EQ(run("query -n -c '$ARGS.positional' --args a b", "").out, "[\"a\",\"b\"]\n");
    EXPECT_EQ(run("query -n -c '$ARGS.positional' --jsonargs 1 '{}'", "").out, "[1,{}]\n");
    EXPECT_EQ(run("query -n -c --slurpfile v " + sample("config.json") + " '$v | length'", "").out,
              "1\n");
    const auto f = work_dir() / "prog.jq";
    std::ofstream(f) << "# a comment\n.a\n";
    EXPECT_EQ(run("query -f " + quote(f.string()), "{\"a\":5}").out, "5\n");
}

TEST(Query, NdjsonRunsTheFilterOnEachRecord) {
    const Outcome r = run("query --ndjson -c 'select(.status >= 500) | .status' " +
                          sample("requests.ndjson.zst"));
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 42);  // 28 x 500 and 14 x 503
}

// The same filters through jq, where jq is installed, on the standard corpus and the samples.
TEST(Query, AgreesWithJqOnTheCorpus) {
    if (std::system("jq --version > /dev/null 2>&1") != 0) GTEST_SKIP() << "jq is not installed";
    struct Case {
        std::string file;
        std::string filter;
    };
    const std::string shared = std::string(ARENAJSON_SHARED_DIR) + "/corpus/";
    std::vector<Case> cases = {
        {sample("people.json"), "."},
        {sample("people.json"), "map(select(.active)) | length"},
        {sample("people.json"), ".[] | select(.address.zip == null) | .name"},
        {sample("people.json"), "[.[] | .tags | length]"},
        {sample("people.json"), ".[5:9] | map(.score)"},
        {sample("people.json"), ".[-1].address"},
        {sample("people.json"), "map(has(\"zip\"))"},
        {sample("people.json"), ".[0] | keys"},
        {sample("config.json"), ".database.pool"},
        {sample("config.json"), ".features[1:]"},
    };
    if (std::ifstream(shared + "twitter.json").good()) {
        for (const char* f :
             {".statuses[0].user.screen_name", ".statuses | length",
              ".statuses[] | select(.retweet_count > 10) | .id",
              "[.statuses[] | .user.followers_count] | .[0:10]", ".statuses[3].entities",
              ".search_metadata", "[.statuses[].lang] | .[0:20]",
              ".statuses[] | select(.user.lang == \"ja\" and .favorite_count > 0) | .user.id"}) {
            cases.push_back({shared + "twitter.json", f});
        }
        for (const char* f :
             {".areaNames | keys | length", ".events | length", "[.events[] | .name] | .[0:5]",
              ".performances[0]", ".venueNames", ".topicSubTopics[\"107888604\"]"}) {
            cases.push_back({shared + "citm_catalog.json", f});
        }
    }
    for (const Case& c : cases) {
        const Outcome ours = run("query -c " + quote(c.filter) + " " + quote(c.file));
        const std::string jq_cmd = "jq -c " + quote(c.filter) + " " + quote(c.file) + " > " +
                                   quote((work_dir() / "jq.out").string()) + " 2>/dev/null";
        ASSERT_EQ(std::system(jq_cmd.c_str()), 0) << c.filter;
        EXPECT_EQ(ours.status, 0) << c.filter << ": " << ours.err;
        EXPECT_EQ(ours.out, read_file(work_dir() / "jq.out")) << c.filter << " on " << c.file;
    }
}

// --- fmt

TEST(Fmt, PrettyOutputOfAPrettySampleIsTheSample) {
    const Outcome r = run("fmt " + sample("people.json"));
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out, read_file(sample("people.json")));
    EXPECT_EQ(run("fmt --pretty " + sample("people.json.zst")).out, r.out);
}

TEST(Fmt, CompactNdjsonIsTheSample) {
    EXPECT_EQ(run("fmt --ndjson " + sample("requests.ndjson")).out,
              read_file(sample("requests.ndjson")));
}

TEST(Fmt, CompactAsciiAndNumbers) {
    EXPECT_EQ(run("fmt --compact", "{ \"a\" : [ 1 , 2.50 , \"é\" ] }").out,
              "{\"a\":[1,2.5,\"é\"]}\n");
    EXPECT_EQ(run("fmt --compact --ascii", "[\"é😀\"]").out, "[\"\\u00e9\\ud83d\\ude00\"]\n");
    EXPECT_EQ(
        run("fmt --compact " + sample("numbers.json")).out,
        "[0,-0.0,1,-1,9223372036854775807,-9223372036854775808,9223372036854775808,"
        "18446744073709551615,18446744073709551616,-9223372036854775809,0.1,1.5e+300,1e400,5e-324,"
        "3.14159265358979323846264338327950288,-65.613616999999977,1.0,100.0]\n");
    EXPECT_EQ(run("fmt --indent 4", "[1,[2]]").out, "[\n    1,\n    [\n        2\n    ]\n]\n");
    EXPECT_EQ(run("fmt --compact --pretty", "1").status, 2);
    EXPECT_EQ(run("fmt -c", "[1e20, 123456789012345.0, 12.0]").out,
              "[1e+20,123456789012345.0,12.0]\n");
}

// --- stats

TEST(Stats, CountsValuesAndReportsMemoryAndTime) {
    const Outcome r = run("stats " + sample("people.json"));
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.out.find("values:         508\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("  objects:      80\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("max depth:      3\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("DOM bytes:"), std::string::npos);
    EXPECT_NE(r.out.find("in 1 chunk\n"), std::string::npos);
    EXPECT_NE(r.out.find("parse time:"), std::string::npos);
    // A small file's rate is shown with significant digits, never as 0.
    const std::size_t at = r.out.find("throughput:");
    ASSERT_NE(at, std::string::npos);
    EXPECT_GT(std::stod(r.out.substr(at + 11)), 0.0) << r.out.substr(at);
    EXPECT_NE(r.out.find(" MB/s\n", at), std::string::npos);
    const Outcome nd = run("stats --ndjson " + sample("requests.ndjson.zst"));
    EXPECT_NE(nd.out.find("documents:      500\n"), std::string::npos) << nd.out;
}

// --- every subcommand: chunk sizes, help, usage errors

std::string without_timing(const std::string& s) {
    std::string out;
    std::istringstream in(s);
    for (std::string line; std::getline(in, line);) {
        if (line.starts_with("parse time:") || line.starts_with("throughput:")) continue;
        out += line + "\n";
    }
    return out;
}

TEST(AllCommands, EveryChunkSizeGivesTheSameAnswer) {
    const std::vector<std::string> commands = {
        "check " + sample("people.json"),
        "check --ndjson " + sample("requests.ndjson.zst"),
        "check - ",
        "get " + sample("people.json") + " /7",
        "get --ndjson " + sample("requests.ndjson") + " /status",
        "fmt " + sample("people.json.zst"),
        "fmt --ndjson " + sample("requests.ndjson"),
        "stats " + sample("people.json"),
    };
    for (const std::string& c : commands) {
        const std::string input = "{\"stdin\": [1, 2, \"three\"] tail}";
        const Outcome base = run(c, input);
        for (const char* size : {"1", "7", "65536"}) {
            const Outcome r = run(c + " --chunk-size " + size, input);
            EXPECT_EQ(r.status, base.status) << c << " --chunk-size " << size;
            EXPECT_EQ(without_timing(r.out), without_timing(base.out))
                << c << " --chunk-size " << size;
            EXPECT_EQ(r.err, base.err) << c << " --chunk-size " << size;
        }
    }
}

// --threads: NDJSON records on worker threads give the same output, the same first error (with
// its line) and the same exit status as one thread, for inputs that span many blocks, whether
// the workers read a mapped file or pread it (--no-mmap).
TEST(AllCommands, EveryThreadCountGivesTheSameAnswer) {
    std::string records;
    for (int i = 0; i < 30000; ++i) {
        records += "{\"id\":" + std::to_string(i) + ",\"name\":\"n" + std::to_string(i % 97) +
                   "\",\"tags\":[" + std::to_string(i % 5) + ",\"x\"]}\n";
    }
    std::string bad = records;
    bad.insert(bad.find("{\"id\":20000,"), "{\"id\":oops}\n");
    std::string missing = records;
    missing.insert(missing.find("{\"id\":25000,"), "{\"other\":1}\n");
    std::string duplicate = records;
    duplicate.insert(duplicate.find("{\"id\":12345,"), "{\"a\":1,\"a\":2}\n");
    const std::string good_file = write_temp("records.ndjson", records);
    const std::string bad_file = write_temp("bad.ndjson", bad);
    const std::string missing_file = write_temp("missing.ndjson", missing);
    const std::string duplicate_file = write_temp("duplicate.ndjson", duplicate);
    const std::vector<std::string> commands = {
        "check --ndjson " + good_file,
        "check --ndjson " + bad_file,
        "check --ndjson --reject-duplicate-keys " + duplicate_file,
        "fmt --ndjson " + good_file,
        "fmt --ndjson --pretty " + bad_file,
        "fmt --ndjson --reject-duplicate-keys " + duplicate_file,
        "get --ndjson " + good_file + " /tags/1",
        "get --ndjson -r " + missing_file + " /name",
        "get --ndjson " + bad_file + " /id",
        "query --ndjson -c " + good_file + " '{id, t: .tags[0]} | select(.t > 2)'",
        "query --ndjson -r " + missing_file + " '.name | ascii_upcase'",
        "query --ndjson " + bad_file + " '.id'",
        "query --ndjson " + good_file + " 'if .id == 777 then error(\"boom\") else empty end'",
        "query --ndjson " + good_file + " 'if .id == 7000 then halt_error else empty end'",
        "query --ndjson " + good_file + " 'select(.id % 5000 == 0) | debug | .id'",
    };
    for (const std::string& c : commands) {
        const Outcome base = run(c + " --threads 1");
        for (const char* threads : {"2", "3", "2 --no-mmap"}) {
            const Outcome r = run(c + " --threads " + threads);
            EXPECT_EQ(r.status, base.status) << c << " --threads " << threads;
            EXPECT_EQ(r.out, base.out) << c << " --threads " << threads;
            EXPECT_EQ(r.err, base.err) << c << " --threads " << threads;
        }
    }
    // The errors name the line in the whole input.
    EXPECT_NE(run("check --ndjson --threads 2 " + bad_file).err.find(":20001:7: error:"),
              std::string::npos);
    EXPECT_NE(run("get --ndjson --threads 2 " + missing_file + " /name").err.find("no value at"),
              std::string::npos);
    EXPECT_EQ(run("check --threads 0 " + good_file).status, 2);  // a usage error
}

TEST(AllCommands, HelpAndUsageErrors) {
    for (const char* sub : {"check", "get", "query", "fmt", "stats"}) {
        const Outcome r = run(std::string(sub) + " --help");
        EXPECT_EQ(r.status, 0) << sub;
        EXPECT_NE(r.out.find("--chunk-size"), std::string::npos) << sub;
        EXPECT_NE(r.out.find("--max-depth"), std::string::npos) << sub;
    }
    EXPECT_EQ(run("--help").status, 0);
    EXPECT_EQ(run("").status, 2);
    EXPECT_EQ(run("frobnicate").status, 2);
    EXPECT_EQ(run("check --no-such-option x").status, 2);
    EXPECT_EQ(run("get").status, 2);
    EXPECT_EQ(run("check --max-memory lots x").status, 2);
    EXPECT_EQ(run("check --chunk-size 0 x").status, 2);
}

TEST(Usage, NumbersOutOfRangeAreRefusedNotWrapped) {
    // CLI11 alone would read -1 as 2^64 - 1 and saturate numbers past 64 bits.
    for (const char* option : {"--chunk-size", "--max-depth"}) {
        for (const char* value : {"-1", "abc", "18446744073709551616", "1e3"}) {
            const Outcome r = run("check " + std::string(option) + " " + value, "[1]");
            EXPECT_EQ(r.status, 2) << option << " " << value;
            EXPECT_TRUE(r.err.starts_with(std::string(option) + ": expected ")) << r.err;
            EXPECT_NE(r.err.find("got '" + std::string(value) + "'"), std::string::npos) << r.err;
        }
    }
    EXPECT_EQ(run("check --chunk-size 0", "[1]").err,
              "--chunk-size: expected a whole number from 1 to 2^64 - 1, got '0'\n"
              "Run with --help for more information.\n");
    // Leading zeros are decimal, not octal: a depth limit of 010 is 10.
    const std::string nine_deep = std::string(9, '[') + std::string(9, ']');
    EXPECT_EQ(run("check --max-depth 010", nine_deep).status, 0);
    EXPECT_EQ(run("check --max-depth 09", nine_deep).status, 0);
    EXPECT_EQ(run("check --max-depth 08", nine_deep).status, 1);
    EXPECT_EQ(run("query --indent 04 .", "[1]").out, "[\n    1\n]\n");
    EXPECT_EQ(run("query --indent 8 .", "[1]").err,
              "--indent: expected a whole number from 0 to 7, got '8'\n"
              "Run with --help for more information.\n");
    EXPECT_EQ(run("check --zstd-window-log 0x1b", "[1]").status, 2);
    EXPECT_EQ(run("check --chunk-size 18446744073709551615", "[1]").status, 0);
    EXPECT_EQ(run("check --max-depth 0", "1").status, 0);  // a scalar root has no nesting
    EXPECT_EQ(run("check --max-depth 0", "[1]").status, 1);
}

}  // namespace

// `P[] | f` programs run element by element on the stream: the same output as the whole
// document gives (the same program behind `. as $d | $d | ...`, which is not streamed).
TEST(Query, StreamedProgramsGiveTheWholeDocumentsResults) {
    std::string big = "{\"meta\":{\"n\":3},\"items\":[";
    for (int i = 0; i < 5000; ++i) {
        if (i > 0) big += ',';
        big += "{\"id\":" + std::to_string(i) + ",\"tags\":[\"t" + std::to_string(i % 7) +
               "\"],\"score\":" + std::to_string((i * 37) % 101) + "}";
    }
    big += "],\"tail\":{\"x\":[1,2]}}";
    const std::string file = write_temp("items.json", big);
    const std::vector<std::string> programs = {
        ".items[] | select(.score > 90) | .id",
        ".items[].tags[0]",
        ".items[] | {id, s: .score}",
        "first(.items[] | select(.id > 10))",
        "limit(4; .items[] | .id)",
        ".meta[]",
        ".tail.x[]",
        ".missing[]",
        ".meta.n[]",
        ".items[] | if .id == 20 then error(\"stop\") else .id end",
        ".items[1][]",
    };
    for (const std::string& p : programs) {
        const Outcome streamed = run("query -c " + quote(p) + " " + file);
        const Outcome whole = run("query -c " + quote(". as $d | $d | " + p) + " " + file);
        EXPECT_EQ(streamed.status, whole.status) << p;
        EXPECT_EQ(streamed.out, whole.out) << p;
        EXPECT_EQ(streamed.err, whole.err) << p;
    }
    // Standard input and several values one after another: each value is one run.
    const Outcome seq = run("query -c '.[] | . * 2'", "[1,2] [3]\n{\"a\":4}");
    EXPECT_EQ(seq.status, 0);
    EXPECT_EQ(seq.out, "2\n4\n6\n8\n");
    // A jq error ends its value's run; the next value still runs (exit status 5 at the end).
    const Outcome err = run("query -c '.[] | .a'", "[{\"a\":1},2,{\"a\":3}] [{\"a\":5}]");
    EXPECT_EQ(err.status, 5);
    EXPECT_EQ(err.out, "1\n5\n");
    EXPECT_NE(err.err.find("Cannot index number with string (\"a\")"), std::string::npos);
    // The rest of the input is validated after a limit is reached.
    const Outcome bad = run("query 'first(.[])'", "[1,2,3,}");
    EXPECT_EQ(bad.status, 2);
    EXPECT_EQ(bad.out, "1\n");
    EXPECT_NE(bad.err.find("error:"), std::string::npos);
}
