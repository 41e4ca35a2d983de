// Runs jq programs on a document from C++: compile once, run on any Value, read the results as
// Values. The program here groups people by country and reports the oldest of each group.
//
//   query_report [FILE]     (default: corpus/samples/people.json)
#include <arenajson/arenajson.hpp>

#include <cstdio>
#include <string>

int main(int argc, char** argv) {
    const char* file = argc > 1 ? argv[1] : "corpus/samples/people.json";
    arenajson::Result<arenajson::Document> doc = arenajson::parse_file(file);
    if (!doc) {
        std::fprintf(stderr, "%s:%s\n", file, doc.error().to_string().c_str());
        return 1;
    }
    // Compile once. A program that does not compile says where and why.
    std::string message;
    arenajson::Result<arenajson::Query> query = arenajson::Query::compile(
        "group_by(.address.country) | map({country: .[0].address.country, people: length, "
        "oldest: (max_by(.age) | .name)}) | sort_by(-.people) | .[0:3][]",
        {}, &message);
    if (!query) {
        std::fprintf(stderr, "query:%llu:%llu: %s\n",
                     static_cast<unsigned long long>(query.error().line),
                     static_cast<unsigned long long>(query.error().column), message.c_str());
        return 1;
    }
    // Run: each result is a Value, valid until the next run of this Evaluation.
    arenajson::Evaluation run(*query);
    const arenajson::Status status = run.run(doc->root(), [](arenajson::Value group) {
        std::printf("%s: %lld people, oldest %s\n",
                    group["country"].get_string().value_or("?").data(),
                    static_cast<long long>(group["people"].get_int64().value_or(0)),
                    group["oldest"].get_string().value_or("?").data());
        return true;  // false would stop the run
    });
    if (!status) {
        std::fprintf(stderr, "%s: %s\n", file, run.error_message().c_str());
        return 1;
    }
    // jq's errors carry a value: here, what `try ... catch .` would see.
    arenajson::Evaluation failing(*arenajson::Query::compile(".[0].name.first"));
    if (!failing.run(doc->root(), [](arenajson::Value) { return true; })) {
        std::printf("error: %s\n", failing.error_message().c_str());
    }
    return 0;
}
