// Built against the installed package by tests/consumer/run_consumer.cmake.
#include <arenajson/arenajson.hpp>

#include <cstdio>

int main() {
    arenajson::Result<arenajson::Document> doc = arenajson::parse(R"({"installed": 1})");
    if (!doc) return 1;
    std::printf("installed %lld\n",
                static_cast<long long>(doc->root()["installed"].get_int64().value_or(0)));
    return 0;
}
