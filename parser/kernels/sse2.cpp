// parser/kernels/sse2.cpp — stage 1 for the x86-64 baseline: SSE2 compares, 16 bytes at a time.
// No byte shuffles, so non-ASCII blocks are checked byte by byte; no carry-less multiply, so
// the prefix xor is a shift ladder.
#include "kernels.hpp"

#include <emmintrin.h>

#include <cstddef>
#include <cstdint>

namespace arenajson::detail {
namespace {

constexpr const char kKernelName[] = "sse2";

#include "helpers.inc"
// After helpers.inc: it uses the UTF-8 tables.
#include "bytewise_utf8.inc"

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
    struct Consts {};
    static Consts consts() noexcept { return {}; }
    template <bool kNdjson>
    Masks masks(Consts) const noexcept {
        __m128i op[4], q[4], sep[4], bs[4], ctrl[4];
        for (int i = 0; i < 4; ++i) {
            const __m128i x = v[i];
            const __m128i ws = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(' ')),
                                                         _mm_cmpeq_epi8(x, _mm_set1_epi8('\t'))),
                                            _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('\n')),
                                                         _mm_cmpeq_epi8(x, _mm_set1_epi8('\r'))));
            // Folded as the shuffle kernels fold: '[' and ']' onto '{' and '}', and so 0C and
            // 1A onto ',' and ':' (control characters: an error where they are either way).
            const __m128i fold = _mm_or_si128(x, _mm_set1_epi8(0x20));
            op[i] = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(fold, _mm_set1_epi8('{')),
                                              _mm_cmpeq_epi8(fold, _mm_set1_epi8('}'))),
                                 _mm_or_si128(_mm_cmpeq_epi8(fold, _mm_set1_epi8(':')),
                                              _mm_cmpeq_epi8(fold, _mm_set1_epi8(','))));
            if constexpr (kNdjson)
                op[i] = _mm_or_si128(op[i], _mm_cmpeq_epi8(x, _mm_set1_epi8('\n')));
            q[i] = _mm_cmpeq_epi8(x, _mm_set1_epi8('"'));
            sep[i] = _mm_or_si128(_mm_or_si128(ws, op[i]), q[i]);
            bs[i] = _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'));
            // Signed: bytes >= 0x80 compare below 0x20 too (Masks allows it).
            ctrl[i] = _mm_cmplt_epi8(x, _mm_set1_epi8(0x20));
        }
        Masks m;
        m.op = bits(op[0], op[1], op[2], op[3]);
        m.quote = bits(q[0], q[1], q[2], q[3]);
        m.sep = bits(sep[0], sep[1], sep[2], sep[3]);
        m.backslash = bits(bs[0], bs[1], bs[2], bs[3]);
        m.ctrl = bits(ctrl[0], ctrl[1], ctrl[2], ctrl[3]);
        return m;
    }
    bool ascii() const noexcept {
        return _mm_movemask_epi8(
                   _mm_or_si128(_mm_or_si128(v[0], v[1]), _mm_or_si128(v[2], v[3]))) == 0;
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
    static std::uint64_t prefix_xor(std::uint64_t x) noexcept { return shift_prefix_xor(x); }
    using Utf8 = BytewiseUtf8;
    using Utf8Window = ExactUtf8Window<BytewiseUtf8>;
    /// Newlines counted in byte lanes (four a block at most), summed every kGroup blocks.
    struct Lines {
        static constexpr std::size_t kGroup = 63;
        __m128i acc = _mm_setzero_si128();
        void add(const Block& b, Consts) noexcept {
            const __m128i nl = _mm_set1_epi8('\n');
            acc = _mm_sub_epi8(
                acc,
                _mm_add_epi8(_mm_add_epi8(_mm_cmpeq_epi8(b.v[0], nl), _mm_cmpeq_epi8(b.v[1], nl)),
                             _mm_add_epi8(_mm_cmpeq_epi8(b.v[2], nl), _mm_cmpeq_epi8(b.v[3], nl))));
        }
        std::uint64_t take() noexcept {
            const __m128i s = _mm_sad_epu8(acc, _mm_setzero_si128());
            acc = _mm_setzero_si128();
            return static_cast<std::uint64_t>(_mm_cvtsi128_si64(s)) +
                   static_cast<std::uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(s, s)));
        }
    };
};

#include "algorithm.inc"

}  // namespace

const Kernel& sse2_kernel() noexcept {
    return kThisKernel;
}

}  // namespace arenajson::detail
