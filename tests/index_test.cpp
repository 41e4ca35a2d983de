// Stage 1 kernels (detail/index.hpp): every kernel this CPU supports gives, for random inputs
// fed in random pieces, exactly the positions, escaped-string flags, newline counts and
// suspicion that a byte-by-byte reference of the same rules gives. The pieces are indexed the
// way the reader does it: whole blocks in place, a block cut by a piece's end copied, padded
// and classified for its bytes so far, then again once the next piece completes it.
#include "arenajson/detail/index.hpp"
#include "arenajson/reader.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace arenajson::detail {
#if defined(ARENAJSON_HAVE_HIGHWAY)
/// The Highway target the highway kernel runs (parser/kernels/kernels.hpp, internal).
const char* highway_target() noexcept;
const Kernel* highway_kernel_on_target(std::size_t i) noexcept;
#endif
namespace {

struct Result {
    std::vector<std::uint64_t> positions;  // absolute, with kEscapedString kept in bit 63
    std::uint64_t newlines = 0;
    bool suspect = false;
    bool operator==(const Result&) const = default;
};

// True when the bytes are UTF-8, a sequence cut by the end of the input included.
bool utf8_prefix_valid(const std::string& s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        int len;
        unsigned lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0) lo = 0xA0;
            if (c == 0xED) hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0) lo = 0x90;
            if (c == 0xF4) hi = 0x8F;
        } else {
            // The table check shows a byte that cannot start a sequence (C0, C1, F5..FF) at
            // the byte after it; as the input's last byte, it is cut rather than wrong.
            return c >= 0xC0 && i + 1 == s.size();
        }
        for (int k = 1; k < len; ++k) {
            if (i + static_cast<std::size_t>(k) >= s.size()) return true;  // cut by the end
            const auto b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
            if (k == 1 ? (b < lo || b > hi) : (b & 0xC0) != 0x80) return false;
        }
        i += static_cast<std::size_t>(len);
    }
    return true;
}

// The rules of detail/index.hpp, one byte at a time.
Result reference(const std::string& s, bool ndjson) {
    Result r;
    bool in_string = false, escaped = false, prev_scalar = false, has_backslash = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        const bool quote = c == '"' && !escaped;
        const bool ws = c == ' ' || c == '\t' || c == '\r' || (c == '\n' && !ndjson);
        // 0C and 1A are folded onto ',' and ':' (control characters: an error either way).
        const bool op = c == '{' || c == '}' || c == '[' || c == ']' || c == ':' || c == ',' ||
                        c == 0x0C || c == 0x1A || (c == '\n' && ndjson);
        const bool scalar = !ws && !op && !quote;
        if (c == '\n') ++r.newlines;
        if (quote) {
            if (in_string) {
                r.positions.push_back(i | (has_backslash ? std::uint64_t{1} << 63 : 0));
            } else {
                r.positions.push_back(i);
                has_backslash = false;
            }
            in_string = !in_string;
        } else if (in_string) {
            if (c == '\\') has_backslash = true;
            if (c < 0x20) r.suspect = true;
        } else if (op || (scalar && !prev_scalar)) {
            r.positions.push_back(i);
        }
        prev_scalar = scalar;
        escaped = c == '\\' && !escaped;
    }
    if (!utf8_prefix_valid(s)) r.suspect = true;
    return r;
}

// The input indexed in pieces of the given sizes, as the reader does.
Result run_kernel(const Kernel& k, const std::string& s, const std::vector<std::size_t>& pieces,
                  bool ndjson) {
    Result r;
    IndexState state;
    unsigned char seam[64];
    std::size_t seam_len = 0;
    std::vector<std::uint32_t> out(8192 + 128);
    const auto below = [](std::size_t n) {
        return n >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1;
    };
    std::size_t pos = 0, piece = 0;
    while (pos < s.size()) {
        std::size_t n = pieces[piece++ % pieces.size()];
        if (n == 0 || n > s.size() - pos) n = s.size() - pos;
        const std::string chunk = s.substr(pos, n);  // exactly its bytes: ASan sees overreads
        const auto* bytes = reinterpret_cast<const unsigned char*>(chunk.data());
        std::size_t next = 0;
        while (next < n) {
            IndexSummary sum;
            std::uint32_t* end;
            const std::size_t left = n - next;
            if (seam_len > 0 || left < 64) {
                const std::size_t take = std::min(64 - seam_len, left);
                std::memcpy(seam + seam_len, bytes + next, take);
                const std::size_t filled = seam_len + take;
                std::memset(seam + filled, ' ', 64 - filled);
                end = k.index_block(seam, static_cast<std::uint32_t>(next - seam_len),
                                    below(filled) & ~below(seam_len), below(filled), filled == 64,
                                    out.data(), state, sum, ndjson);
                next += take;
                seam_len = filled == 64 ? 0 : filled;
            } else {
                const std::size_t blocks = std::min<std::size_t>(left / 64, 128);
                end = k.index(bytes + next, blocks, static_cast<std::uint32_t>(next), out.data(),
                              state, sum, ndjson);
                next += 64 * blocks;
            }
            for (const std::uint32_t* e = out.data(); e != end; ++e) {
                const std::uint64_t at = pos + (*e & ~kEscapedString);
                r.positions.push_back(at |
                                      ((*e & kEscapedString) != 0 ? std::uint64_t{1} << 63 : 0));
            }
            r.newlines += sum.newlines;
            r.suspect = r.suspect || sum.suspect;
        }
        pos += n;
    }
    return r;
}

std::string random_input(std::mt19937& rng, std::size_t length) {
    static const char* const pieces[] = {"\"",
                                         "\"",
                                         "\"",
                                         "\\",
                                         "\\",
                                         "\\\\",
                                         "\\\"",
                                         "{",
                                         "}",
                                         "[",
                                         "]",
                                         ":",
                                         ",",
                                         " ",
                                         "  ",
                                         "\n",
                                         "\t",
                                         "\r",
                                         "a",
                                         "bc",
                                         "1",
                                         "-2.5e3",
                                         "true",
                                         "null",
                                         "\x01",
                                         "\x1f",
                                         "\x7f",
                                         "\x0c",
                                         "\x1a",
                                         "\xC3\xA9",
                                         "\xE2\x82\xAC",
                                         "\xF0\x9F\x98\x80",
                                         "\xC3",
                                         "\x80",
                                         "\xED\xA0\x80",
                                         "\xF4\x90\x80\x80",
                                         "\xE0\x80\xAF",
                                         "\xFF",
                                         "\xC0\x80"};
    std::string s;
    const bool clean = rng() % 3 == 0;  // valid UTF-8 and no controls, so suspicion is rarer
    while (s.size() < length) {
        const std::size_t k = rng() % (clean ? 30 : std::size(pieces));
        s += pieces[k];
    }
    return s;
}

TEST(Index, EveryKernelMatchesTheReference) {
    std::mt19937 rng(2024);
    std::vector<const Kernel*> kernels;
    for (const char* name : {"avx512", "avx2", "sse2", "portable", "highway"}) {
        if (const Kernel* k = find_kernel(name)) kernels.push_back(k);
    }
#if defined(ARENAJSON_HAVE_HIGHWAY)
    // The highway kernel runs the best of its copies; the others are checked here.
    for (std::size_t i = 0; const Kernel* k = highway_kernel_on_target(i); ++i)
        kernels.push_back(k);
#endif
    ASSERT_FALSE(kernels.empty());
    for (int round = 0; round < 3000; ++round) {
        const std::string input = random_input(rng, rng() % (round < 2000 ? 300 : 20000));
        const bool ndjson = rng() % 4 == 0;
        const Result want = reference(input, ndjson);
        std::vector<std::size_t> pieces;
        for (int i = 0, n = 1 + static_cast<int>(rng() % 4); i < n; ++i)
            pieces.push_back(rng() % 3 == 0 ? 0 : 1 + rng() % 150);
        for (const Kernel* k : kernels) {
            const Result got = run_kernel(*k, input, pieces, ndjson);
            ASSERT_EQ(got.positions, want.positions) << k->name << " round " << round;
            ASSERT_EQ(got.newlines, want.newlines) << k->name << " round " << round;
            ASSERT_EQ(got.suspect, want.suspect)
                << k->name << " round " << round << " " << ::testing::PrintToString(input) << " nd "
                << ndjson;
        }
    }
}

TEST(Index, TheActiveKernelIsNamed) {
    const std::string name = reader_kernel();
    EXPECT_TRUE(name == "avx512" || name == "avx2" || name == "sse2" || name == "portable" ||
                name == "highway")
        << name;
    EXPECT_EQ(find_kernel(name.c_str()), &active_kernel());
    EXPECT_EQ(find_kernel("no such kernel"), nullptr);
    EXPECT_NE(find_kernel("portable"), nullptr);  // every build and CPU has it
}

#if defined(ARENAJSON_HAVE_HIGHWAY)
TEST(Index, TheHighwayKernelNamesItsTarget) {
    // Never chosen by itself, only by name; Highway picks the target it runs.
    ASSERT_NE(find_kernel("highway"), nullptr);
    if (const char* forced = std::getenv("ARENAJSON_KERNEL");
        forced == nullptr || std::strcmp(forced, "highway") != 0) {
        EXPECT_STRNE(reader_kernel(), "highway");
    }
    const char* target = highway_target();
    ASSERT_NE(target, nullptr);
    RecordProperty("highway_target", target);
    std::printf("the highway kernel runs Highway's %s target on this CPU; copies tested:", target);
    for (std::size_t i = 0; const Kernel* k = highway_kernel_on_target(i); ++i)
        std::printf(" %s", k->name);
    std::printf("\n");
}
#endif

}  // namespace
}  // namespace arenajson::detail
