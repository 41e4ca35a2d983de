// parser/kernels/avx512.cpp — stage 1 with AVX-512 (F, BW, VL; compiled with those and the
// AVX2 kernel's flags, chosen only on CPUs that have them). The algorithm is algorithm.inc's,
// shared with every kernel; what is this file's own is the Block below: one 64-byte vector
// whose compares give the 64-bit masks directly. The UTF-8 check is the AVX2 kernel's, run on
// the block's two halves (avx2_utf8.inc), so this file adds no UTF-8 code of its own.
#include "kernels.hpp"

#include <immintrin.h>

#include <cstddef>
#include <cstdint>

namespace arenajson::detail {
namespace {

constexpr const char kKernelName[] = "avx512";

#include "helpers.inc"
// After helpers.inc: it uses the UTF-8 tables.
#include "avx2_utf8.inc"

inline __m512i table64(const std::uint8_t* t) noexcept {
    return _mm512_broadcast_i32x4(_mm_load_si128(reinterpret_cast<const __m128i*>(t)));
}

struct Block {
    __m512i v;

    static Block load(const unsigned char* p) noexcept { return Block{_mm512_loadu_si512(p)}; }
    struct Consts {};
    static Consts consts() noexcept { return {}; }
    template <bool kNdjson>
    Masks masks(Consts) const noexcept {
        const __m512i space = _mm512_set1_epi8(0x20);
        Masks m;
        m.op = _mm512_cmpeq_epi8_mask(_mm512_or_si512(v, space),
                                      _mm512_shuffle_epi8(table64(kStructuralByNibble), v));
        if constexpr (kNdjson) m.op |= _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\n'));
        m.quote = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('"'));
        m.sep = _mm512_cmpeq_epi8_mask(v, _mm512_shuffle_epi8(table64(kWhitespaceByNibble), v)) |
                m.op | m.quote;
        m.backslash = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\\'));
        m.ctrl = _mm512_cmplt_epu8_mask(v, space);
        return m;
    }
    bool ascii() const noexcept { return _mm512_movepi8_mask(v) == 0; }
    std::uint64_t eq(char c) const noexcept {
        return _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(c));
    }
    std::uint64_t below_space() const noexcept {
        return _mm512_cmplt_epu8_mask(v, _mm512_set1_epi8(0x20));
    }
    static std::uint64_t prefix_xor(std::uint64_t x) noexcept { return clmul_prefix_xor(x); }
    /// flatten() without a loop over the bits: each quarter of the block's mask compresses
    /// its sixteen positions into place (VPCOMPRESSD, register form: the memory form is slow
    /// on AMD). A dense block costs what a sparse one does. Writes up to 16 entries past the
    /// count.
    static std::uint32_t* flatten(std::uint32_t* out, std::uint32_t base,
                                  std::uint64_t bits) noexcept {
        if (bits == 0) return out;
        __m512i at = _mm512_add_epi32(
            _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
            _mm512_set1_epi32(static_cast<int>(base)));
        const __m512i sixteen = _mm512_set1_epi32(16);
        for (int quarter = 0; quarter < 4; ++quarter) {
            const auto m = static_cast<__mmask16>(bits >> (16 * quarter));
            _mm512_storeu_si512(out, _mm512_maskz_compress_epi32(m, at));
            out += popcount64(m);
            at = _mm512_add_epi32(at, sixteen);
        }
        return out;
    }

    __m256i lower() const noexcept { return _mm512_castsi512_si256(v); }
    __m256i upper() const noexcept { return _mm512_extracti64x4_epi64(v, 1); }
    using Utf8 = Utf8Halves;
    using Utf8Window = Utf8HalvesWindow;
    using Lines = PopcountLines<Block>;
};

#include "algorithm.inc"

}  // namespace

const Kernel& avx512_kernel() noexcept {
    return kThisKernel;
}

}  // namespace arenajson::detail
