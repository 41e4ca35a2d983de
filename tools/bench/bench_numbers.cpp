// Number conversion alone: arenajson's number parser against std::from_chars (libstdc++) and
// fast_float (Debian's libfast-float-dev), on every number token of a corpus file.
//
// All three give correctly rounded doubles; the setup checks that they agree bit for bit on
// every token before timing. arenajson's parser also validates the RFC 8259 grammar and
// answers integers as int64/uint64; in the reader's default (exact) mode it keeps a number
// with more than 15 significant digits as text instead of converting it (BM_NumberOursExact).
#include "arenajson/detail/number.hpp"
#include "corpus.hpp"

#include <benchmark/benchmark.h>

#include <charconv>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#if ARENAJSON_HAVE_FAST_FLOAT
#include <fast_float/fast_float.h>
#endif

namespace {

using arenajson::detail::NumberKind;
using arenajson::detail::parse_number;
using arenajson::detail::TokenStatus;

bool number_byte(char c) {
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

// The number tokens of a JSON text, outside strings, in order.
std::vector<std::string_view> number_tokens(const std::string& json) {
    std::vector<std::string_view> out;
    for (std::size_t i = 0; i < json.size();) {
        const char c = json[i];
        if (c == '"') {
            for (++i; i < json.size() && json[i] != '"'; ++i)
                i += json[i] == '\\';
            ++i;
        } else if ((c >= '0' && c <= '9') || c == '-') {
            const std::size_t start = i;
            while (i < json.size() && number_byte(json[i]))
                ++i;
            out.push_back(std::string_view(json).substr(start, i - start));
        } else {
            ++i;
        }
    }
    return out;
}

double as_double(const arenajson::detail::NumberToken& t) {
    switch (t.kind) {
        case NumberKind::int64:
            return static_cast<double>(t.i);
        case NumberKind::uint64:
            return static_cast<double>(t.u);
        default:
            return t.d;
    }
}

// The tokens of `name`, checked once: every converter gives the same double for each.
const std::vector<std::string_view>* tokens_for(benchmark::State& state, const std::string& name) {
    const std::string& json = arenajson::bench::load_corpus(name);
    if (json.empty()) {
        state.SkipWithError((name + " not found (../shared/corpus)").c_str());
        return nullptr;
    }
    static std::vector<std::string_view> tokens;
    static const std::string* for_json = nullptr;
    if (for_json != &json) {
        tokens = number_tokens(json);
        for_json = &json;
        for (const std::string_view t : tokens) {
            const auto ours = parse_number(t.data(), json.data() + json.size(), true, false);
            double std_d = 0;
            std::from_chars(t.data(), t.data() + t.size(), std_d);
            bool same = ours.status == TokenStatus::complete && ours.end == t.data() + t.size() &&
                        as_double(ours) == std_d;
#if ARENAJSON_HAVE_FAST_FLOAT
            double ff = 0;
            fast_float::from_chars(t.data(), t.data() + t.size(), ff);
            same = same && ff == std_d;
#endif
            if (!same) {
                std::fprintf(stderr, "bench_numbers: converters disagree on %.*s\n",
                             static_cast<int>(t.size()), t.data());
                state.SkipWithError("converters disagree");
                return nullptr;
            }
        }
    }
    return &tokens;
}

void report(benchmark::State& state, const std::vector<std::string_view>& tokens) {
    std::size_t bytes = 0;
    for (const std::string_view t : tokens)
        bytes += t.size();
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * tokens.size()));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}

// As the reader calls it: the bytes run on to the end of the document (so the inline fast
// path, which reads ahead, is taken where the reader takes it), and the parser finds where
// the number ends.
template <bool kExact>
void BM_NumberOurs(benchmark::State& state, const std::string& name) {
    const auto* tokens = tokens_for(state, name);
    if (tokens == nullptr) return;
    const std::string& json = arenajson::bench::load_corpus(name);
    const char* const end = json.data() + json.size();
    for (auto _ : state) {
        for (const std::string_view t : *tokens) {
            const auto r = parse_number(t.data(), end, true, kExact);
            benchmark::DoNotOptimize(r.u);
        }
    }
    report(state, *tokens);
}

// A converter of the standard's from_chars shape (std::from_chars, fast_float::from_chars).
template <auto kFromChars>
void BM_NumberFromChars(benchmark::State& state, const std::string& name) {
    const auto* tokens = tokens_for(state, name);
    if (tokens == nullptr) return;
    for (auto _ : state) {
        for (const std::string_view t : *tokens) {
            double d = 0;
            kFromChars(t.data(), t.data() + t.size(), d);
            benchmark::DoNotOptimize(d);
        }
    }
    report(state, *tokens);
}

void std_from_chars(const char* p, const char* e, double& d) {
    std::from_chars(p, e, d);
}

#if ARENAJSON_HAVE_FAST_FLOAT
void fast_float_from_chars(const char* p, const char* e, double& d) {
    fast_float::from_chars(p, e, d);
}
#endif

}  // namespace

int main(int argc, char** argv) {
    for (const std::string& name : arenajson::bench::standard_files()) {
        benchmark::RegisterBenchmark(("BM_NumberOurs/" + name).c_str(), BM_NumberOurs<false>, name);
        benchmark::RegisterBenchmark(("BM_NumberOursExact/" + name).c_str(), BM_NumberOurs<true>,
                                     name);
        benchmark::RegisterBenchmark(("BM_NumberStdFromChars/" + name).c_str(),
                                     BM_NumberFromChars<std_from_chars>, name);
#if ARENAJSON_HAVE_FAST_FLOAT
        benchmark::RegisterBenchmark(("BM_NumberFastFloat/" + name).c_str(),
                                     BM_NumberFromChars<fast_float_from_chars>, name);
#endif
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
