// One handler for text and for documents: a filter that hides the values of some keys, in
// front of a Writer. Fed by a Reader it rewrites a file without building a document; fed by
// replay() it writes a parsed document (or any value in it) through the same code.
//
//   example_redact [FILE]   (default corpus/samples/people.json)
#include <arenajson/arenajson.hpp>

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace {

// Forwards every event to `out`, but the value of a member named "zip" or "name" becomes
// "<redacted>" (a nested value is dropped whole, whatever its depth).
template <arenajson::Handler Out>
class Redact {
  public:
    explicit Redact(Out& out) : out_(&out) {}

    bool on_key(std::string_view key) {
        if (skipping_ != 0) return true;
        hide_next_ = key == "zip" || key == "name";
        return out_->on_key(key);
    }
    bool on_null() {
        return scalar([&] { return out_->on_null(); });
    }
    bool on_bool(bool b) {
        return scalar([&] { return out_->on_bool(b); });
    }
    bool on_int64(std::int64_t i) {
        return scalar([&] { return out_->on_int64(i); });
    }
    bool on_uint64(std::uint64_t u) {
        return scalar([&] { return out_->on_uint64(u); });
    }
    bool on_double(double d) {
        return scalar([&] { return out_->on_double(d); });
    }
    bool on_number_text(std::string_view t) {
        return scalar([&] { return out_->on_number_text(t); });
    }
    bool on_string(std::string_view s) {
        return scalar([&] { return out_->on_string(s); });
    }
    bool on_start_object() {
        return open([&] { return out_->on_start_object(); });
    }
    bool on_start_array() {
        return open([&] { return out_->on_start_array(); });
    }
    bool on_end_object(std::size_t n) {
        return close([&] { return out_->on_end_object(n); });
    }
    bool on_end_array(std::size_t n) {
        return close([&] { return out_->on_end_array(n); });
    }

  private:
    template <class F>
    bool scalar(F forward) {
        if (skipping_ != 0) return true;
        if (hide_next_) {
            hide_next_ = false;
            return out_->on_string("<redacted>");
        }
        return forward();
    }
    template <class F>
    bool open(F forward) {
        if (skipping_ != 0 || hide_next_) {
            // A hidden container: its events are swallowed until it closes.
            if (skipping_++ == 0) {
                hide_next_ = false;
                return out_->on_string("<redacted>");
            }
            return true;
        }
        return forward();
    }
    template <class F>
    bool close(F forward) {
        if (skipping_ != 0) {
            --skipping_;
            return true;
        }
        return forward();
    }

    Out* out_;
    bool hide_next_ = false;
    std::size_t skipping_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
    const std::string path = argc > 1 ? argv[1] : "corpus/samples/people.json";

    // 1. Text to text: the file is read in chunks; nothing but the open containers is kept.
    auto source = arenajson::Source::open_file(path);
    if (!source) {
        std::fprintf(stderr, "%s: %s\n", path.c_str(), source.error().to_string().c_str());
        return 1;
    }
    std::string streamed;
    arenajson::Writer writer(streamed);
    Redact<arenajson::Writer> redact(writer);
    arenajson::Reader<Redact<arenajson::Writer>> reader(redact);
    if (auto st = arenajson::read_all(*source, reader, redact); !st) {
        std::fprintf(stderr, "%s:%s\n", path.c_str(), st.error().to_string().c_str());
        return 1;
    }

    // 2. A document, through the same handler: replay() sends the events the reader sent.
    auto doc = arenajson::parse_file(path);
    if (!doc) return 1;
    std::string replayed;
    arenajson::Writer to_string(replayed);
    Redact<arenajson::Writer> again(to_string);
    if (!arenajson::replay(doc->root(), again)) return 1;

    std::printf("same text from the stream and from the document: %s\n",
                streamed == replayed ? "yes" : "no");
    // 3. Any value inside a document replays alone: here the first person, pretty.
    std::string first;
    arenajson::Writer pretty(first, {.pretty = true});
    Redact<arenajson::Writer> one(pretty);
    if (!arenajson::replay(doc->root()[0], one)) return 1;
    std::printf("%s\n", first.c_str());
    return 0;
}
