// The case files in tests/jq: jq programs with an input and the outputs expected, run through
// arenajson/query.hpp. The format is jq's own test format: a program line, an input line, then
// one line per output, and a blank line; `%%FAIL` before a program that must not compile,
// with a line of the message expected. Outputs compare as values (1 and 1.0 are equal, object
// members in any order).
#include "arenajson/arenajson.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace arenajson {
namespace {

namespace fs = std::filesystem;

struct Case {
    std::string file;
    int line = 0;
    bool must_fail = false;
    std::string program;
    std::string input;
    std::vector<std::string> outputs;  // or, for must_fail, the message expected
};

std::vector<Case> read_cases(const fs::path& path) {
    std::ifstream in(path);
    std::vector<std::string> lines;
    for (std::string l; std::getline(in, l);)
        lines.push_back(l);
    std::vector<Case> cases;
    std::size_t i = 0;
    const auto blank = [&](std::size_t k) {
        return lines[k].find_first_not_of(" \t\r") == std::string::npos;
    };
    while (i < lines.size()) {
        if (blank(i) || lines[i][0] == '#') {
            ++i;
            continue;
        }
        Case c;
        c.file = path.filename().string();
        c.line = static_cast<int>(i + 1);
        if (lines[i] == "%%FAIL") {
            c.must_fail = true;
            ++i;
        }
        c.program = lines[i++];
        if (!c.must_fail && i < lines.size()) c.input = lines[i++];
        while (i < lines.size() && !blank(i))
            c.outputs.push_back(lines[i++]);
        cases.push_back(std::move(c));
    }
    return cases;
}

std::vector<fs::path> case_files() {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(fs::path(ARENAJSON_SOURCE_DIR) / "tests" / "jq")) {
        if (e.path().extension() == ".test") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

void run_case(const Case& c) {
    SCOPED_TRACE(c.file + ":" + std::to_string(c.line) + ": " + c.program);
    std::string message;
    Result<Query> query = Query::compile(c.program, {}, &message);
    if (c.must_fail) {
        ASSERT_FALSE(query) << "compiled, but should not";
        EXPECT_EQ(query.error().code, ErrorCode::query_syntax);
        if (!c.outputs.empty()) {
            EXPECT_NE(message.find(c.outputs[0]), std::string::npos) << message;
        }
        return;
    }
    ASSERT_TRUE(query) << message;
    Result<Document> input = parse(c.input);
    ASSERT_TRUE(input) << "input: " << input.error().to_string();
    Evaluation run(*query);
    run.set_message_sink([](std::string_view) {});  // debug and stderr say nothing here
    std::vector<std::string> got;
    std::vector<Document> got_values;
    const Status st = run.run(input->root(), [&](Value v) {
        std::string text;
        append_jq_text(text, v, {.indent = 0});
        got.push_back(text);
        return true;
    });
    if (!st && st.error().code != ErrorCode::query_halted) {
        FAIL() << "run failed: " << st.error().message() << ": " << run.error_message();
    }
    ASSERT_EQ(got.size(), c.outputs.size()) << "outputs: " << ::testing::PrintToString(got);
    for (std::size_t i = 0; i < got.size(); ++i) {
        Result<Document> want = parse(c.outputs[i]);
        Result<Document> have = parse(got[i]);
        ASSERT_TRUE(want) << "expected output: " << c.outputs[i];
        ASSERT_TRUE(have) << "output: " << got[i];
        EXPECT_TRUE(want->root() == have->root())
            << "expected " << c.outputs[i] << ", got " << got[i];
    }
}

TEST(QueryCases, EveryCaseFileAgrees) {
    const std::vector<fs::path> files = case_files();
    ASSERT_FALSE(files.empty());
    std::size_t count = 0;
    for (const fs::path& file : files) {
        for (const Case& c : read_cases(file)) {
            run_case(c);
            ++count;
        }
    }
    EXPECT_GT(count, 300u);
}

}  // namespace
}  // namespace arenajson
