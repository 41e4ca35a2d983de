// parser/kernels/sse2.cpp — stage 1 for the x86-64 baseline: SSE2 compares, 16 bytes at a time.
// No byte shuffles, so non-ASCII blocks are checked byte by byte; no carry-less multiply, so
// the prefix xor is a shift ladder.
#include "kernels.hpp"

#include <emmintrin.h>

#include <cstddef>
#include <cstdint>

namespace arenajson::detail {
namespace {

int popcount64(std::uint64_t x) noexcept {
    x = x - ((x >> 1) & 0x5555555555555555ull);
    x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Full;
    return static_cast<int>((x * 0x0101010101010101ull) >> 56);
}

#include "helpers.inc"

std::uint64_t bits(__m128i a, __m128i b, __m128i c, __m128i d) noexcept {
    const auto m0 = static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm_movemask_epi8(a)));
    const auto m1 = static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm_movemask_epi8(b)));
    const auto m2 = static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm_movemask_epi8(c)));
    const auto m3 = static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm_movemask_epi8(d)));
    return m0 | (m1 << 16) | (m2 << 32) | (m3 << 48);
}

struct Block {
    __m128i v[4];

    static Block load(const unsigned char* p) noexcept {
        Block b;
        for (int i = 0; i < 4; ++i)
            b.v[i] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
        return b;
    }
    std::uint64_t eq(char c) const noexcept {
        const __m128i k = _mm_set1_epi8(c);
        return bits(_mm_cmpeq_epi8(v[0], k), _mm_cmpeq_epi8(v[1], k), _mm_cmpeq_epi8(v[2], k),
                    _mm_cmpeq_epi8(v[3], k));
    }
    std::uint64_t below_space() const noexcept {
        // b < 0x20 exactly when min(b, 0x1F) == b.
        const __m128i k = _mm_set1_epi8(0x1F);
        __m128i r[4];
        for (int i = 0; i < 4; ++i)
            r[i] = _mm_cmpeq_epi8(_mm_min_epu8(v[i], k), v[i]);
        return bits(r[0], r[1], r[2], r[3]);
    }
    std::uint64_t non_ascii() const noexcept { return bits(v[0], v[1], v[2], v[3]); }
    void classify(std::uint64_t& ws, std::uint64_t& op) const noexcept {
        __m128i w[4], o[4];
        for (int i = 0; i < 4; ++i) {
            const __m128i x = v[i];
            w[i] = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(' ')),
                                             _mm_cmpeq_epi8(x, _mm_set1_epi8('\t'))),
                                _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('\n')),
                                             _mm_cmpeq_epi8(x, _mm_set1_epi8('\r'))));
            // Folded as the shuffle kernels fold: '[' and ']' onto '{' and '}', and so 0C and
            // 1A onto ',' and ':' (control characters: an error where they are either way).
            const __m128i fold = _mm_or_si128(x, _mm_set1_epi8(0x20));
            o[i] = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(fold, _mm_set1_epi8('{')),
                                             _mm_cmpeq_epi8(fold, _mm_set1_epi8('}'))),
                                _mm_or_si128(_mm_cmpeq_epi8(fold, _mm_set1_epi8(':')),
                                             _mm_cmpeq_epi8(fold, _mm_set1_epi8(','))));
        }
        ws = bits(w[0], w[1], w[2], w[3]);
        op = bits(o[0], o[1], o[2], o[3]);
    }
    static std::uint64_t prefix_xor(std::uint64_t x) noexcept {
        x ^= x << 1;
        x ^= x << 2;
        x ^= x << 4;
        x ^= x << 8;
        x ^= x << 16;
        x ^= x << 32;
        return x;
    }
    struct Utf8;
};

#include "bytewise_utf8.inc"
// After Block::Utf8: the algorithm instantiates it.
#include "algorithm.inc"

}  // namespace

const Kernel& sse2_kernel() noexcept {
    static const Kernel k{"sse2", index_entry, index_block_entry};
    return k;
}

}  // namespace arenajson::detail
