// One-shot peer for the cold benchmark: read a file in chunks through RapidJSON's
// FileReadStream into a Document (full precision, validated UTF-8), optionally print the value
// at a JSON Pointer. Usage: rapidjson_oneshot FILE [POINTER]
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/filereadstream.h>
#include <rapidjson/pointer.h>
#include <rapidjson/writer.h>

#include <cstdio>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s FILE [POINTER]\n", argv[0]);
        return 2;
    }
    std::FILE* f = std::fopen(argv[1], "rb");
    if (f == nullptr) {
        std::perror(argv[1]);
        return 2;
    }
    static char buffer[1 << 16];
    rapidjson::FileReadStream stream(f, buffer, sizeof buffer);
    rapidjson::Document doc;
    doc.ParseStream<rapidjson::kParseFullPrecisionFlag | rapidjson::kParseValidateEncodingFlag>(
        stream);
    std::fclose(f);
    if (doc.HasParseError()) {
        std::fprintf(stderr, "%s at %zu\n", rapidjson::GetParseError_En(doc.GetParseError()),
                     doc.GetErrorOffset());
        return 1;
    }
    if (argc > 2) {
        const rapidjson::Value* v = rapidjson::Pointer(argv[2]).Get(doc);
        if (v == nullptr) return 1;
        rapidjson::StringBuffer out;
        rapidjson::Writer<rapidjson::StringBuffer> writer(out);
        v->Accept(writer);
        std::puts(out.GetString());
    }
    return 0;
}
