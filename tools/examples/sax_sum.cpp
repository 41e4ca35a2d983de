// A SAX handler of one's own, with no DOM at all: sums every number and counts object keys per
// depth, fed from a file in 64 KiB chunks through the reader.
//
//   sax_sum [FILE]              (default: corpus/samples/people.json)
#include <arenajson/reader.hpp>
#include <arenajson/source.hpp>

#include <charconv>
#include <cstdio>
#include <vector>

namespace {

struct SumAndCount {
    double sum = 0;
    std::size_t depth = 0;
    std::vector<std::size_t> keys_at_depth;

    bool on_null() { return true; }
    bool on_bool(bool) { return true; }
    bool on_int64(std::int64_t i) { return add(static_cast<double>(i)); }
    bool on_uint64(std::uint64_t u) { return add(static_cast<double>(u)); }
    bool on_double(double d) { return add(d); }
    bool on_number_text(std::string_view text) {
        // A number no double holds exactly arrives as text: round it for the sum.
        double d = 0;
        std::from_chars(text.data(), text.data() + text.size(), d);
        return add(d);
    }
    bool on_string(std::string_view) { return true; }
    bool on_key(std::string_view) {
        if (keys_at_depth.size() < depth) keys_at_depth.resize(depth);
        ++keys_at_depth[depth - 1];
        return true;
    }
    bool on_start_object() { return ++depth, true; }
    bool on_end_object(std::size_t) { return --depth, true; }
    bool on_start_array() { return ++depth, true; }
    bool on_end_array(std::size_t) { return --depth, true; }

  private:
    bool add(double d) {
        sum += d;
        return true;
    }
};

}  // namespace

int main(int argc, char** argv) {
    const char* file = argc > 1 ? argv[1] : "corpus/samples/people.json";
    arenajson::SourceOptions options;
    options.buffer_size = 64 * 1024;
    arenajson::Result<arenajson::Source> source = arenajson::Source::open_file(file, options);
    if (!source) {
        std::fprintf(stderr, "%s: %s\n", file, source.error().to_string().c_str());
        return 1;
    }
    SumAndCount handler;
    arenajson::Reader reader(handler);
    if (arenajson::Status st = arenajson::read_all(*source, reader, handler); !st) {
        std::fprintf(stderr, "%s:%s\n", file, st.error().to_string().c_str());
        return 1;
    }
    std::printf("sum of all numbers: %.2f\n", handler.sum);
    for (std::size_t d = 0; d < handler.keys_at_depth.size(); ++d) {
        std::printf("keys at depth %zu: %zu\n", d + 1, handler.keys_at_depth[d]);
    }
    return 0;
}
