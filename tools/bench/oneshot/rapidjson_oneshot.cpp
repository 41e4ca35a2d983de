// One-shot peer for the cold benchmark: read a file (or standard input, "-") in 64 KiB chunks
// through RapidJSON's FileReadStream into a Document, optionally print the value at a JSON
// Pointer. Full precision and validated UTF-8 by default (the work arenajson always does);
// --default uses RapidJSON's default flags. --ndjson parses one document per line into one
// reused memory pool, printing the pointer's value per record.
// Usage: rapidjson_oneshot [--default] [--ndjson] FILE|- [POINTER]
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/filereadstream.h>
#include <rapidjson/pointer.h>
#include <rapidjson/writer.h>

#include <cstdio>
#include <cstring>

namespace {

void print(const rapidjson::Value& v) {
    rapidjson::StringBuffer out;
    rapidjson::Writer<rapidjson::StringBuffer> writer(out);
    v.Accept(writer);
    std::puts(out.GetString());
}

// Parses one document (or, with `ndjson`, every line's) from the stream; 0, 1 on a parse
// error, or 1 when the pointer finds nothing.
template <unsigned Flags>
int run(rapidjson::FileReadStream& stream, bool ndjson, const char* pointer) {
    if (!ndjson) {
        rapidjson::Document doc;
        doc.ParseStream<Flags>(stream);
        if (doc.HasParseError()) {
            std::fprintf(stderr, "%s at %zu\n", rapidjson::GetParseError_En(doc.GetParseError()),
                         doc.GetErrorOffset());
            return 1;
        }
        if (pointer != nullptr) {
            const rapidjson::Value* v = rapidjson::Pointer(pointer).Get(doc);
            if (v == nullptr) return 1;
            print(*v);
        }
        return 0;
    }
    rapidjson::MemoryPoolAllocator<> pool;
    for (;;) {
        while (stream.Peek() == ' ' || stream.Peek() == '\t' || stream.Peek() == '\r' ||
               stream.Peek() == '\n')
            stream.Take();
        if (stream.Peek() == '\0') return 0;
        rapidjson::Document doc(&pool);
        doc.ParseStream<Flags | rapidjson::kParseStopWhenDoneFlag>(stream);
        if (doc.HasParseError()) {
            std::fprintf(stderr, "%s at %zu\n", rapidjson::GetParseError_En(doc.GetParseError()),
                         doc.GetErrorOffset());
            return 1;
        }
        if (pointer != nullptr) {
            if (const rapidjson::Value* v = rapidjson::Pointer(pointer).Get(doc)) print(*v);
        }
        pool.Clear();
    }
}

}  // namespace

int main(int argc, char** argv) {
    bool default_flags = false, ndjson = false;
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; ++i) {
        if (std::strcmp(argv[i], "--default") == 0) {
            default_flags = true;
        } else if (std::strcmp(argv[i], "--ndjson") == 0) {
            ndjson = true;
        } else {
            break;
        }
    }
    if (i >= argc) {
        std::fprintf(stderr, "usage: %s [--default] [--ndjson] FILE|- [POINTER]\n", argv[0]);
        return 2;
    }
    const bool from_stdin = std::strcmp(argv[i], "-") == 0;
    std::FILE* f = from_stdin ? stdin : std::fopen(argv[i], "rb");
    if (f == nullptr) {
        std::perror(argv[i]);
        return 2;
    }
    const char* pointer = i + 1 < argc ? argv[i + 1] : nullptr;
    static char buffer[1 << 16];
    rapidjson::FileReadStream stream(f, buffer, sizeof buffer);
    constexpr unsigned kExact =
        rapidjson::kParseFullPrecisionFlag | rapidjson::kParseValidateEncodingFlag;
    const int rc = default_flags ? run<rapidjson::kParseDefaultFlags>(stream, ndjson, pointer)
                                 : run<kExact>(stream, ndjson, pointer);
    if (!from_stdin) std::fclose(f);
    return rc;
}
