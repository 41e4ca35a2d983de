// parser/kernels/avx2.cpp — stage 1 with AVX2 (compiled with -mavx2 -mbmi -mbmi2 -mpopcnt
// -mpclmul; chosen only on CPUs that have them): a block is two 32-byte vectors, classified by
// nibble shuffles, UTF-8 checked by table shuffles, the prefix xor a carry-less multiply.
#include "kernels.hpp"

#include <immintrin.h>

#include <cstddef>
#include <cstdint>

namespace arenajson::detail {
namespace {

int popcount64(std::uint64_t x) noexcept {
    return __builtin_popcountll(x);
}

#include "helpers.inc"
// After helpers.inc: it uses the UTF-8 tables.
#include "avx2_utf8.inc"

std::uint64_t join(std::uint32_t lo, std::uint32_t hi) noexcept {
    return lo | (static_cast<std::uint64_t>(hi) << 32);
}

struct Block {
    __m256i lo, hi;

    static Block load(const unsigned char* p) noexcept {
        return Block{_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)),
                     _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32))};
    }
    std::uint64_t eq(char c) const noexcept {
        const __m256i k = _mm256_set1_epi8(c);
        return join(static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(lo, k))),
                    static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(hi, k))));
    }
    std::uint64_t below_space() const noexcept {
        const __m256i k = _mm256_set1_epi8(0x1F);
        const __m256i a = _mm256_cmpeq_epi8(_mm256_min_epu8(lo, k), lo);
        const __m256i b = _mm256_cmpeq_epi8(_mm256_min_epu8(hi, k), hi);
        return join(static_cast<std::uint32_t>(_mm256_movemask_epi8(a)),
                    static_cast<std::uint32_t>(_mm256_movemask_epi8(b)));
    }
    std::uint64_t non_ascii() const noexcept {
        return join(static_cast<std::uint32_t>(_mm256_movemask_epi8(lo)),
                    static_cast<std::uint32_t>(_mm256_movemask_epi8(hi)));
    }
    void classify(std::uint64_t& ws, std::uint64_t& op) const noexcept {
        const __m256i w = table32(kWhitespaceByNibble), s = table32(kStructuralByNibble);
        const __m256i fold = _mm256_set1_epi8(0x20);
        const auto mask = [](__m256i a, __m256i b) {
            return static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(a, b)));
        };
        ws = join(mask(lo, _mm256_shuffle_epi8(w, lo)), mask(hi, _mm256_shuffle_epi8(w, hi)));
        op = join(mask(_mm256_or_si256(lo, fold), _mm256_shuffle_epi8(s, lo)),
                  mask(_mm256_or_si256(hi, fold), _mm256_shuffle_epi8(s, hi)));
    }
    static std::uint64_t prefix_xor(std::uint64_t x) noexcept { return clmul_prefix_xor(x); }

    struct Utf8 {
        Utf8Halves halves;
        void load(const IndexState& st) noexcept { halves.load(st); }
        void save(IndexState& st) const noexcept { halves.save(st); }
        std::uint64_t step(const Block& b, const unsigned char* p) noexcept {
            const bool ascii = _mm256_testz_si256(_mm256_or_si256(b.lo, b.hi),
                                                  _mm256_set1_epi8(static_cast<char>(0x80))) != 0;
            return halves.step(b.lo, b.hi, ascii, p);
        }
    };
};

#include "algorithm.inc"

}  // namespace

const Kernel& avx2_kernel() noexcept {
    static const Kernel k{"avx2", index_entry, index_block_entry};
    return k;
}

}  // namespace arenajson::detail
