// Built against the installed package by tests/consumer/run_consumer.cmake.
#include <arenajson/arenajson.hpp>

#include <cstdio>

int main() {
    arenajson::Result<arenajson::Document> doc = arenajson::parse(R"({"installed": 1})");
    if (!doc) return 1;
    // A query, so that the package's dependencies (Oniguruma for `test`) link too.
    arenajson::Result<arenajson::Query> query =
        arenajson::Query::compile("select(\"x\" | test(\"x\")) | .installed");
    if (!query) return 1;
    arenajson::Evaluation run(*query);
    long long installed = 0;
    if (!run.run(doc->root(), [&](arenajson::Value v) {
            installed = v.get_int64().value_or(0);
            return true;
        })) {
        return 1;
    }
    std::printf("installed %lld\n", installed);
    return 0;
}
