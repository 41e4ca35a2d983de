// One-shot peer for the cold benchmark: load a file the way simdjson's documentation shows
// (padded_string::load; standard input, "-", is read whole first), parse it to a DOM,
// optionally print the value at a JSON Pointer. --ndjson parses the records with
// parser::parse_many, printing the pointer's value per record.
// Usage: simdjson_oneshot [--ndjson] FILE|- [POINTER]
#include <simdjson.h>

#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
    bool ndjson = false;
    int i = 1;
    if (i < argc && std::strcmp(argv[i], "--ndjson") == 0) {
        ndjson = true;
        ++i;
    }
    if (i >= argc) {
        std::fprintf(stderr, "usage: %s [--ndjson] FILE|- [POINTER]\n", argv[0]);
        return 2;
    }
    simdjson::padded_string json;
    if (std::strcmp(argv[i], "-") == 0) {
        std::string all;
        char block[1 << 16];
        for (std::size_t n; (n = std::fread(block, 1, sizeof block, stdin)) > 0;)
            all.append(block, n);
        json = simdjson::padded_string(all);
    } else if (simdjson::padded_string::load(argv[i]).get(json)) {
        std::fprintf(stderr, "cannot read %s\n", argv[i]);
        return 2;
    }
    const char* pointer = i + 1 < argc ? argv[i + 1] : nullptr;
    simdjson::dom::parser parser;
    if (ndjson) {
        simdjson::dom::document_stream records;
        if (auto error = parser.parse_many(json).get(records)) {
            std::fprintf(stderr, "%s\n", simdjson::error_message(error));
            return 1;
        }
        for (auto record : records) {
            simdjson::dom::element doc;
            if (auto error = record.get(doc)) {
                std::fprintf(stderr, "%s\n", simdjson::error_message(error));
                return 1;
            }
            simdjson::dom::element v;
            if (pointer != nullptr && !doc.at_pointer(pointer).get(v)) std::cout << v << "\n";
        }
        // A last record cut short is not reported by the loop: it is left over.
        if (records.truncated_bytes() != 0) {
            std::fprintf(stderr, "truncated last record\n");
            return 1;
        }
        return 0;
    }
    simdjson::dom::element doc;
    if (auto error = parser.parse(json).get(doc)) {
        std::fprintf(stderr, "%s\n", simdjson::error_message(error));
        return 1;
    }
    if (pointer != nullptr) {
        simdjson::dom::element v;
        if (doc.at_pointer(pointer).get(v)) return 1;
        std::cout << v << "\n";
    }
    return 0;
}
