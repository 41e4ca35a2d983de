// One-shot peer for the cold benchmark: load a file the way simdjson's documentation shows
// (padded_string::load), parse it to a DOM, optionally print the value at a JSON Pointer.
// Usage: simdjson_oneshot FILE [POINTER]
#include <simdjson.h>

#include <cstdio>
#include <iostream>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s FILE [POINTER]\n", argv[0]);
        return 2;
    }
    simdjson::padded_string json;
    if (simdjson::padded_string::load(argv[1]).get(json)) {
        std::fprintf(stderr, "cannot read %s\n", argv[1]);
        return 2;
    }
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    if (auto error = parser.parse(json).get(doc)) {
        std::fprintf(stderr, "%s\n", simdjson::error_message(error));
        return 1;
    }
    if (argc > 2) {
        simdjson::dom::element v;
        if (doc.at_pointer(argv[2]).get(v)) return 1;
        std::cout << v << "\n";
    }
    return 0;
}
