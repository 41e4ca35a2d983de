// Reads an application's configuration: typed fields with defaults, and messages that name
// the file with the line and column of a syntax error, or the JSON Pointer of a bad field.
//
//   config_reader [FILE]        (default: corpus/samples/config.json)
#include <arenajson/arenajson.hpp>

#include <cstdio>
#include <string>

namespace {

struct Config {
    std::string name;
    std::int64_t port = 80;
    std::int64_t threads = 4;
    bool debug = false;
    std::int64_t pool_max = 16;
};

// A field that must be there and have the right type; prints FILE: /pointer: why.
template <class T>
bool require(const char* file, arenajson::Value root, const char* pointer, T& out) {
    arenajson::Result<T> r = root.at_pointer(pointer).get<T>();
    if (!r) {
        std::fprintf(stderr, "%s: %s: %s\n", file, pointer, r.error().message());
        return false;
    }
    out = *r;
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    const char* file = argc > 1 ? argv[1] : "corpus/samples/config.json";
    arenajson::Result<arenajson::Document> doc = arenajson::parse_file(file);
    if (!doc) {
        // Parse errors carry line and column: "config.json:3:17: expected ',' or '}' ..."
        std::fprintf(stderr, "%s:%s\n", file, doc.error().to_string().c_str());
        return 1;
    }
    const arenajson::Value root = doc->root();
    Config c;
    std::string_view name;
    if (!require(file, root, "/service/name", name) ||
        !require(file, root, "/service/port", c.port))
        return 1;
    c.name = name;
    // Optional fields: a default when missing, but a wrong type is still an error.
    const arenajson::Value threads = root["service"]["threads"];
    if (threads.exists() && !require(file, root, "/service/threads", c.threads)) return 1;
    c.debug = root["service"]["debug"].get_bool().value_or(c.debug);
    c.pool_max = root.at_pointer("/database/pool/max").get_int64().value_or(c.pool_max);

    std::printf("service %s on port %lld with %lld threads, debug %s, pool max %lld\n",
                c.name.c_str(), static_cast<long long>(c.port), static_cast<long long>(c.threads),
                c.debug ? "on" : "off", static_cast<long long>(c.pool_max));
    for (arenajson::Value feature : root["features"].elements()) {
        std::printf("feature: %s\n", feature.get_string().value_or("?").data());
    }
    return 0;
}
