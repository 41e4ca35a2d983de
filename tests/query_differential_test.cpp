// Differential tests: the same programs through `arenajson query`, jq and gojq, on the shared
// corpus, the committed samples and generated inputs. Outputs compare as values, one per line
// (gojq sorts object keys, which values ignore). Where jq and gojq agree, arenajson must agree
// with them; where they disagree (jq 1.6 predates 1.7/1.8 changes; the README lists the cases),
// arenajson must agree with one of them. Skips cleanly when jq, gojq or ../shared is absent.
#include "arenajson/arenajson.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace arenajson {
namespace {

namespace fs = std::filesystem;

bool have(const char* tool) {
    return std::system((std::string(tool) + " --version > /dev/null 2>&1").c_str()) == 0;
}

std::string quote(const std::string& s) {
    std::string out = "'";
    for (const char c : s)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

const fs::path& work_dir() {
    static const fs::path dir = [] {
        fs::path d = fs::temp_directory_path() / ("arenajson_diff_" + std::to_string(::getpid()));
        fs::create_directories(d);
        return d;
    }();
    return dir;
}

// The outputs of `tool -c program file`, as documents; nullopt when the tool failed.
std::optional<std::vector<Document>> outputs(const std::string& tool, const std::string& program,
                                             const std::string& file) {
    const fs::path out = work_dir() / "out.txt";
    const std::string cmd = tool + " -c " + quote(program) + " " + quote(file) + " > " +
                            quote(out.string()) + " 2>/dev/null";
    if (std::system(cmd.c_str()) != 0) return std::nullopt;
    std::ifstream in(out);
    std::vector<Document> docs;
    for (std::string line; std::getline(in, line);) {
        Result<Document> d = parse(line);
        if (!d) return std::nullopt;
        docs.push_back(std::move(*d));
    }
    return docs;
}

bool same(const std::vector<Document>& a, const std::vector<Document>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (!(a[i].root() == b[i].root())) return false;
    }
    return true;
}

void check(const std::string& program, const std::string& file) {
    SCOPED_TRACE(program + " on " + file);
    const auto ours = outputs(std::string(ARENAJSON_BIN) + " query", program, file);
    const auto jq = outputs("jq", program, file);
    const auto gojq = outputs("gojq", program, file);
    if (!jq && !gojq) {
        EXPECT_FALSE(ours) << "arenajson succeeds where jq and gojq fail";
        return;
    }
    ASSERT_TRUE(ours) << "arenajson failed";
    if (jq && gojq && same(*jq, *gojq)) {
        EXPECT_TRUE(same(*ours, *jq)) << "jq and gojq agree; arenajson does not";
    } else {
        EXPECT_TRUE((jq && same(*ours, *jq)) || (gojq && same(*ours, *gojq)))
            << "arenajson agrees with neither jq nor gojq";
    }
}

const std::vector<std::string> kTwitterPrograms = {
    ".statuses[0] | {id, text}",
    ".statuses[0].user.name // \"none\"",
    "[.statuses[].retweet_count] | add",
    "[.statuses[].user.followers_count] | max",
    ".statuses | sort_by(.id) | map(.id) | .[0:5]",
    ".statuses | group_by(.lang) | map({lang: .[0].lang, n: length})",
    ".statuses[3] | to_entries | map(.key)",
    "[.statuses[].text | test(\"RT\")] | map(select(.)) | length",
    ".statuses[] | \"\\(.id)\" | length",
    ".statuses[0:3][] | [.id, .user.screen_name, .retweet_count] | @csv",
    ".statuses[0].id + 1",
    "first(.statuses[] | .user.screen_name)",
    "[limit(2; .statuses[] | .id)]",
    ".statuses[0] | del(.user, .entities) | keys",
    "[paths] | length",
    "[.. | numbers] | length",
    "[.. | strings] | map(length) | add",
    "reduce .statuses[] as $s ({}; .[$s.user.lang] += 1)",
    ".statuses | map(.user) | unique_by(.lang) | map(.lang)",
    "[.statuses[] | select(.entities.hashtags | length > 0) | .entities.hashtags[].text] | unique",
    ".statuses | min_by(.retweet_count) | .id",
    ".statuses | [.[] | .favorite_count] | [min, max, add / length]",
    "[.statuses[] | .user | with_entries(select(.value | type == \"number\"))] | .[0]",
    "[.statuses[].user.screen_name | ascii_downcase | select(startswith(\"a\"))] | sort",
    "[.statuses[].created_at[0:10]] | unique",
    ".search_metadata | tostream",
    "[.statuses[] | .id_str | tonumber] | .[0:3]",
    ".statuses[0] | [paths(type == \"boolean\")] | length",
    "[.statuses[].text | scan(\"@[A-Za-z0-9_]+\")] | length",
    "[.statuses[].text | sub(\"^RT \"; \"\")] | map(length) | add",
    ".statuses[1].entities | walk(if type == \"array\" then length else . end)",
    "[.statuses[] | .retweet_count] | sort | .[length / 2 | floor]",
    "[.statuses[] | .user.location | select(. != null and . != \"\")] | length",
    ".statuses[2] | [leaf_paths | join(\".\")?] | length",
    "[.statuses[] | {(.user.screen_name): .id}] | add | keys | length",
    ".statuses | INDEX(.id_str) | keys | .[0:2]",
    "[.statuses[] | .text | split(\" \") | length] | add",
    ".statuses[0] | .user |= {name} | .user",
    "[.statuses[] | .user.screen_name | ltrimstr(\"a\") | rtrimstr(\"s\")] | .[0:5]",
    "[.statuses[] | .entities | paths(..) | length] | max",
};

const std::vector<std::string> kSamplePrograms = {
    "map(select(.active)) | length",
    ".[] | select(.address.zip == null) | .name",
    "map(.age) | [min, max, (add / length | floor)]",
    "group_by(.address.country) | map([.[0].address.country, length])",
    "map({name, tags: (.tags | join(\",\"))}) | .[0:3]",
    "[.[] | .score] | sort | reverse | .[0:3]",
    "map(.name | split(\" \") | .[0]) | unique | length",
    ".[0] | to_entries | from_entries == .",
    ".[2:4] | map(del(.address)) | map(keys)",
    "[.[] | .age] | map(. * 2 + 1) | add",
    "map(select(.tags | index(\"admin\"))) | length",
    "[paths(type == \"number\")] | length",
    ".[0] | tojson | fromjson | .name",
    "map(.address.city) | map(select(. != null)) | sort | first, last",
    "[.[] | .name | test(\"^[A-K]\")] | map(select(.)) | length",
    "reduce .[] as $p ({}; .[$p.address.country] += [$p.age]) | map_values(add)",
    "[.[] | .address | objects | keys_unsorted] | add | unique",
    "map(.age) | .[1:] | combinations | select(.[0] > 80) ",
    "[limit(3; .[] | select(.age > 50))] | map(.name)",
    "map(.name) | @tsv",
    "map(.score) | map(floor) | @csv",
    "[.[].tags[]] | group_by(.) | map({(.[0]): length}) | add",
    ". as [$first] | $first.name",
    "[.[] | .age as $a | select($a < 30) | .name] | length",
    "map(.address.zip) | map(tostring) | .[0:4]",
};

TEST(QueryDifferential, AgreesWithJqAndGojq) {
    if (!have("jq") || !have("gojq"))
        GTEST_SKIP() << "jq and gojq are needed (scripts/install-deps.sh)";
    const std::string samples = std::string(ARENAJSON_SOURCE_DIR) + "/corpus/samples/";
    for (const std::string& p : kSamplePrograms)
        check(p, samples + "people.json");
    const std::string twitter = std::string(ARENAJSON_SHARED_DIR) + "/corpus/twitter.json";
    if (!fs::exists(twitter))
        GTEST_SKIP() << "../shared/corpus is absent: the samples were checked";
    for (const std::string& p : kTwitterPrograms)
        check(p, twitter);
    const std::string citm = std::string(ARENAJSON_SHARED_DIR) + "/corpus/citm_catalog.json";
    for (const char* p :
         {".areaNames | keys | length", ".events | to_entries | map(.value.name) | .[0:3]",
          "[.performances[] | .seatCategories | length] | add",
          ".topicSubTopics | map_values(length) | to_entries | max_by(.value) | .key",
          "[.events[] | .subTopicIds | length] | group_by(.) | map([.[0], length])"}) {
        check(p, citm);
    }
}

// Generated inputs: numbers at the edges, nested and empty containers, odd strings.
TEST(QueryDifferential, GeneratedInputs) {
    if (!have("jq") || !have("gojq"))
        GTEST_SKIP() << "jq and gojq are needed (scripts/install-deps.sh)";
    const fs::path file = work_dir() / "generated.json";
    std::ofstream(file)
        << R"({"n":[0,-1,1.5,1e10,-0.25,123456789,3.0,1e-5],"s":["","a\u0000b","é€😀","\"q\""],)"
        << R"("e":[[],{},[[]],{"a":{}}],"m":{"x":1,"y":[2,{"z":null}]},"b":[true,false,null]})";
    for (const char* p : {".n | add",
                          ".n | sort",
                          ".n | map(. * 2)",
                          ".n | map(floor)",
                          ".n | map(tostring)",
                          ".n | map(. % 2)?",
                          ".s | map(length)",
                          ".s | map(explode)",
                          ".s | map(@json)",
                          ".s | map(ascii_downcase)",
                          ".e | map(length)",
                          "[paths]",
                          "[leaf_paths]",
                          "tostream",
                          "[.. | type] | group_by(.) | map([.[0], length])",
                          ".m | to_entries",
                          ".m | [paths(..)]",
                          ".b | map(not)",
                          ".b | [any, all]",
                          "del(.n, .s) | keys",
                          "[.. | scalars] | length",
                          ".m * {y: 3}",
                          ".m + {x: 2}",
                          ".e | flatten",
                          "[.m | .. ] | length",
                          ".s | sort",
                          ".n | [min, max]",
                          ".n | unique",
                          ".s | map(test(\"a\"))",
                          ".n | map(. > 1)",
                          "to_entries | map(.key) | sort",
                          ".m.y[1] | has(\"z\")",
                          "walk(if type == \"number\" then 0 else . end)",
                          "[splits(\"x\")?]",
                          ".s | join(\"|\")",
                          ".n | map(sqrt? // \"nan\")"}) {
        check(p, file.string());
    }
}

}  // namespace
}  // namespace arenajson
