// `arenajson query --stream`: jq's stream events, compared with jq 1.6 itself where it is
// installed (skipped with a message where it is not), and fromstream(inputs) round trips.
#include "cli_support.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

using arenajson::testing::Outcome;
using arenajson::testing::quote;
using arenajson::testing::sample;
using arenajson::testing::shell;

Outcome arenajson_query(const std::string& args, const std::string& input = "") {
    return shell(std::string(ARENAJSON_BIN) + " query " + args, input);
}

bool have_jq() {
    static const bool found = std::system("jq --version > /dev/null 2>&1") == 0;
    return found;
}

// The samples, and the shared corpus files that exist (a message says when ../shared is absent).
std::vector<std::string> corpus_files() {
    std::vector<std::string> files = {sample("config.json"), sample("numbers.json"),
                                      sample("people.json"), sample("requests.ndjson")};
    const std::string shared = std::string(ARENAJSON_SHARED_DIR) + "/corpus/";
    if (!fs::exists(shared)) {
        std::puts("../shared/corpus is absent: only the samples are compared");
        return files;
    }
    for (const char* name : {"twitter.json", "citm_catalog.json", "canada.json"})
        files.push_back(shared + name);
    for (const auto& entry : fs::directory_iterator(shared)) {
        if (entry.path().extension() == ".ndjson") files.push_back(entry.path().string());
    }
    return files;
}

TEST(QueryStream, EventsAreJqsOnSmallShapes) {
    const Outcome r = arenajson_query("-c --stream .", R"("x" [1,[2,{}],{"a":[]}] {} 3)");
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out,
              "[[],\"x\"]\n[[0],1]\n[[1,0],2]\n[[1,1],{}]\n[[1,1]]\n[[2,\"a\"],[]]\n"
              "[[2,\"a\"]]\n[[2]]\n[[],{}]\n[[],3]\n");
}

TEST(QueryStream, EqualsJqOnEveryCorpusFile) {
    if (!have_jq()) GTEST_SKIP() << "jq is not installed: nothing to compare with";
    // Numbers are exact here and doubles in jq 1.6 (a documented difference: 1.7+ keeps
    // literals too), so a file with numbers a double cannot hold is compared after jq 1.6
    // reads our events back, which turns only the numbers into its doubles.
    for (const std::string& file : corpus_files()) {
        const Outcome ours = arenajson_query("-c --stream . " + quote(file));
        const Outcome jq = shell("jq -c --stream . " + quote(file));
        ASSERT_EQ(jq.status, 0) << file << ": " << jq.err;
        EXPECT_EQ(ours.status, 0) << file << ": " << ours.err;
        EXPECT_FALSE(ours.out.empty()) << file;
        if (ours.out == jq.out) continue;
        const std::string exact = arenajson_query("-c . " + quote(file)).out;
        EXPECT_NE(exact, shell("jq -c . " + quote(file)).out)
            << file << ": --stream differs from jq where plain output does not";
        const Outcome as_doubles = shell("jq -c .", ours.out);
        EXPECT_TRUE(as_doubles.out == jq.out) << file << ": the events differ from jq's";
    }
}

TEST(QueryStream, OptionsCombineAsInJq) {
    const std::string in = "[1,2] 3";
    // -s gathers every event of every input into one array, as jq 1.6 and gojq do.
    EXPECT_EQ(arenajson_query("-c -s --stream .", in).out, "[[[0],1],[[1],2],[[1]],[[],3]]\n");
    EXPECT_EQ(arenajson_query("-c -n --stream '[inputs]'", in).out,
              "[[[0],1],[[1],2],[[1]],[[],3]]\n");
    EXPECT_EQ(arenajson_query("-c -n --stream 'input'", in).out, "[[0],1]\n");
    EXPECT_EQ(arenajson_query("-c --stream --ndjson .", "{\"a\":1}\n[]\n").out,
              "[[\"a\"],1]\n[[\"a\"]]\n[[],[]]\n");
    // Raw input is never streamed (jq ignores --stream with -R).
    EXPECT_EQ(arenajson_query("-c -R --stream .", "abc\n").out, "\"abc\"\n");
    EXPECT_EQ(arenajson_query("-c --stream '.[0]|length' " + quote(sample("people.json") + ".zst"))
                  .status,
              0);
    // A path filter is not followed on the stream: it applies to each event.
    EXPECT_EQ(arenajson_query("-c --stream '.[1]'", "{\"a\":[5]}").out, "5\nnull\nnull\n");
    if (have_jq()) {
        for (const std::string& args :
             {std::string("-c -s --stream ."), std::string("-c -n --stream '[inputs]'"),
              std::string("-c --stream '.[1]'")}) {
            const std::string input = R"({"a":[5,{"b":[]}]} "s" [[]])";
            EXPECT_EQ(arenajson_query(args, input).out, shell("jq " + args, input).out) << args;
        }
    }
}

TEST(QueryStream, ErrorsComeAfterTheEventsBeforeThem) {
    const Outcome r = arenajson_query("-c --stream .", "[1,2,}");
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.out, "[[0],1]\n[[1],2]\n");
    EXPECT_NE(r.err.find("error"), std::string::npos) << r.err;
}

TEST(QueryStream, FromstreamOfInputsRebuildsEveryInput) {
    for (const std::string& file : corpus_files()) {
        const Outcome whole = arenajson_query("-c . " + quote(file));
        const Outcome rebuilt =
            arenajson_query("-c -n --stream 'fromstream(inputs)' " + quote(file));
        ASSERT_EQ(whole.status, 0) << file << ": " << whole.err;
        EXPECT_EQ(rebuilt.status, 0) << file << ": " << rebuilt.err;
        EXPECT_TRUE(rebuilt.out == whole.out) << file << ": fromstream(inputs) differs";
    }
    EXPECT_EQ(arenajson_query("-c -n --stream 'fromstream(inputs)'", "1 [] {\"a\":[{}]} \"s\"").out,
              "1\n[]\n{\"a\":[{}]}\n\"s\"\n");
    // truncate_stream as jq's manual uses it: the events one level down.
    EXPECT_EQ(arenajson_query("-c --stream '1|truncate_stream(inputs)' -n", "{\"a\":[1,2]}").out,
              "[[0],1]\n[[1],2]\n[[1]]\n");
}

}  // namespace
