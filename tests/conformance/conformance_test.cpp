// JSONTestSuite (../shared/conformance/JSONTestSuite/test_parsing): every y_ file accepted, every
// n_ file rejected, every i_ file with the outcome this project chose (listed below), and each
// file gives the same outcome fed whole, split at every point, and one byte at a time.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "../event_log.hpp"

namespace arenajson {
namespace {

namespace fs = std::filesystem;
using testing::Outcome;

const fs::path& suite_dir() {
    static const fs::path dir =
        fs::path(ARENAJSON_SHARED_DIR) / "conformance" / "JSONTestSuite" / "test_parsing";
    return dir;
}

// Implementation-defined cases and what arenajson does with them (true = accepted).
const std::map<std::string, bool>& documented_choices() {
    static const std::map<std::string, bool> choices{
        // Numbers beyond int64/uint64/double are accepted and keep their exact text.
        {"i_number_double_huge_neg_exp.json", true},
        {"i_number_huge_exp.json", true},
        {"i_number_neg_int_huge_exp.json", true},
        {"i_number_pos_double_huge_exp.json", true},
        {"i_number_real_neg_overflow.json", true},
        {"i_number_real_pos_overflow.json", true},
        {"i_number_real_underflow.json", true},
        {"i_number_too_big_neg_int.json", true},
        {"i_number_too_big_pos_int.json", true},
        {"i_number_very_big_negative_int.json", true},
        // Lone or broken UTF-16 surrogates in \u escapes are rejected (an option replaces them).
        {"i_object_key_lone_2nd_surrogate.json", false},
        {"i_string_1st_surrogate_but_2nd_missing.json", false},
        {"i_string_1st_valid_surrogate_2nd_invalid.json", false},
        {"i_string_incomplete_surrogate_and_escape_valid.json", false},
        {"i_string_incomplete_surrogate_pair.json", false},
        {"i_string_incomplete_surrogates_escape_valid.json", false},
        {"i_string_invalid_lonely_surrogate.json", false},
        {"i_string_invalid_surrogate.json", false},
        {"i_string_inverted_surrogates_U+1D11E.json", false},
        {"i_string_lone_second_surrogate.json", false},
        // Invalid UTF-8 is rejected: overlong forms, encoded surrogates, out of range, truncated.
        {"i_string_UTF-8_invalid_sequence.json", false},
        {"i_string_UTF8_surrogate_U+D800.json", false},
        {"i_string_invalid_utf-8.json", false},
        {"i_string_iso_latin_1.json", false},
        {"i_string_lone_utf8_continuation_byte.json", false},
        {"i_string_not_in_unicode_range.json", false},
        {"i_string_overlong_sequence_2_bytes.json", false},
        {"i_string_overlong_sequence_6_bytes.json", false},
        {"i_string_overlong_sequence_6_bytes_null.json", false},
        {"i_string_truncated-utf-8.json", false},
        // JSON text is UTF-8: UTF-16 is rejected, with or without its BOM.
        {"i_string_UTF-16LE_with_BOM.json", false},
        {"i_string_utf16BE_no_BOM.json", false},
        {"i_string_utf16LE_no_BOM.json", false},
        // 500 levels are within the default depth limit (1024).
        {"i_structure_500_nested_arrays.json", true},
        // A UTF-8 BOM is rejected by default (ReaderOptions::allow_bom accepts it).
        {"i_structure_UTF-8_BOM_empty_object.json", false},
    };
    return choices;
}

std::string read_file(const fs::path& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

class JsonTestSuite : public ::testing::TestWithParam<std::string> {};

TEST_P(JsonTestSuite, OutcomeIsTheSameForEverySplit) {
    const std::string& name = GetParam();
    const std::string input = read_file(suite_dir() / name);
    bool expect_accept;
    if (name.starts_with("y_")) {
        expect_accept = true;
    } else if (name.starts_with("n_")) {
        expect_accept = false;
    } else {
        const auto it = documented_choices().find(name);
        ASSERT_NE(it, documented_choices().end()) << name << " has no documented choice";
        expect_accept = it->second;
    }

    const Outcome whole = testing::parse_whole(input);
    EXPECT_EQ(whole.ok(), expect_accept) << name << ": " << whole.describe();

    // Every split point (past 16 KiB, every 997th: the two large files fail within the first
    // few kilobytes, at the depth limit), then one byte at a time.
    for (std::size_t cut = 1; cut < input.size(); cut += cut < 16384 ? 1 : 997) {
        const Outcome split = testing::parse_chunks(input, {cut, 0});
        ASSERT_EQ(split, whole) << name << " split at " << cut << "\n whole: " << whole.describe()
                                << "\n split: " << split.describe();
    }
    const Outcome bytes = testing::parse_chunks(input, {1});
    ASSERT_EQ(bytes, whole) << name << " byte at a time";
}

std::vector<std::string> suite_files() {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(suite_dir(), ec)) {
        if (entry.path().extension() == ".json") names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
    std::string n = info.param.substr(0, info.param.size() - 5);
    for (char& c : n) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    }
    return n + "_" + std::to_string(info.index);  // sanitising can make two names equal
}

INSTANTIATE_TEST_SUITE_P(Files, JsonTestSuite, ::testing::ValuesIn(suite_files()), test_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(JsonTestSuite);

TEST(JsonTestSuiteFiles, ArePresentOrSkipped) {
    const std::vector<std::string> files = suite_files();
    if (files.empty())
        GTEST_SKIP() << "JSONTestSuite not found at " << suite_dir() << " (../shared is absent)";
    EXPECT_EQ(files.size(), 318u);
    std::size_t documented = 0;
    for (const std::string& f : files)
        documented += f.starts_with("i_");
    EXPECT_EQ(documented, documented_choices().size()) << "every i_ file needs a documented choice";
}

}  // namespace
}  // namespace arenajson
