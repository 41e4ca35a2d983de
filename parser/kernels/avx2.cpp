// parser/kernels/avx2.cpp — stage 1 with AVX2 (compiled with -mavx2 -mbmi -mbmi2 -mpopcnt
// -mpclmul; chosen only on CPUs that have them): a block is two 32-byte vectors, classified by
// nibble shuffles, UTF-8 checked by table shuffles, the prefix xor a carry-less multiply.
#include "kernels.hpp"

#include <immintrin.h>

#include <cstddef>
#include <cstdint>

namespace arenajson::detail {
namespace {

constexpr const char kKernelName[] = "avx2";

#include "helpers.inc"
// After helpers.inc: it uses the UTF-8 tables.
#include "avx2_utf8.inc"

std::uint64_t join(std::uint32_t lo, std::uint32_t hi) noexcept {
    return lo | (static_cast<std::uint64_t>(hi) << 32);
}

inline std::uint32_t mask32(__m256i x) noexcept {
    return static_cast<std::uint32_t>(_mm256_movemask_epi8(x));
}

// Block::masks's constant vectors (ByteConstRows): 0x20 (space), '"', '\\', '\n', 0x60.
constexpr std::uint8_t kByteValues[] = {0x20, '"', '\\', '\n', 0x60};
ByteConstRows<32, 5> byte_const_rows = make_byte_consts<32>(kByteValues);
const __m256i* const kByteConsts = reinterpret_cast<const __m256i*>(byte_const_rows.rows);
enum ByteConst { kSpace, kQuote, kBackslash, kNewline, kUp };

// For each byte value, the indexes of its set bits, one per byte from the lowest.
struct BitIndexRows {
    std::uint64_t rows[256];
};
constexpr BitIndexRows make_bit_indexes() noexcept {
    BitIndexRows r{};
    for (unsigned v = 0; v < 256; ++v) {
        unsigned k = 0;
        for (unsigned bit = 0; bit < 8; ++bit) {
            if (((v >> bit) & 1) != 0) r.rows[v] |= std::uint64_t{bit} << (8 * k++);
        }
    }
    return r;
}
constexpr BitIndexRows kBitIndexes = make_bit_indexes();

struct Block {
    __m256i lo, hi;

    static Block load(const unsigned char* p) noexcept {
        return Block{_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)),
                     _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32))};
    }
    /// The constants of masks(): the two tables in registers (opaque), the byte constants
    /// read from memory at each use (ByteConstRows).
    struct Consts {
        __m256i whitespace, structural;
        const __m256i* bytes;  // kByteConsts, behind a pointer GCC cannot see through
    };
    static Consts consts() noexcept {
        return Consts{opaque(table32(kWhitespaceByNibble)), opaque(table32(kStructuralByNibble)),
                      kByteConsts};
    }
    template <bool kNdjson>
    Masks masks(const Consts& k) const noexcept {
        __m256i op_lo = _mm256_cmpeq_epi8(_mm256_or_si256(lo, k.bytes[kSpace]),
                                          _mm256_shuffle_epi8(k.structural, lo));
        __m256i op_hi = _mm256_cmpeq_epi8(_mm256_or_si256(hi, k.bytes[kSpace]),
                                          _mm256_shuffle_epi8(k.structural, hi));
        if constexpr (kNdjson) {
            op_lo = _mm256_or_si256(op_lo, _mm256_cmpeq_epi8(lo, k.bytes[kNewline]));
            op_hi = _mm256_or_si256(op_hi, _mm256_cmpeq_epi8(hi, k.bytes[kNewline]));
        }
        const __m256i q_lo = _mm256_cmpeq_epi8(lo, k.bytes[kQuote]),
                      q_hi = _mm256_cmpeq_epi8(hi, k.bytes[kQuote]);
        const __m256i sep_lo = _mm256_or_si256(
            _mm256_or_si256(_mm256_cmpeq_epi8(lo, _mm256_shuffle_epi8(k.whitespace, lo)), op_lo),
            q_lo);
        const __m256i sep_hi = _mm256_or_si256(
            _mm256_or_si256(_mm256_cmpeq_epi8(hi, _mm256_shuffle_epi8(k.whitespace, hi)), op_hi),
            q_hi);
        Masks m;
        m.op = join(mask32(op_lo), mask32(op_hi));
        m.quote = join(mask32(q_lo), mask32(q_hi));
        m.sep = join(mask32(sep_lo), mask32(sep_hi));
        m.backslash = join(mask32(_mm256_cmpeq_epi8(lo, k.bytes[kBackslash])),
                           mask32(_mm256_cmpeq_epi8(hi, k.bytes[kBackslash])));
        // Adding 0x60 (saturating) sets the top bit of every byte from 0x20 up.
        m.ctrl = ~join(mask32(_mm256_adds_epu8(lo, k.bytes[kUp])),
                       mask32(_mm256_adds_epu8(hi, k.bytes[kUp])));
        return m;
    }
    bool ascii() const noexcept { return _mm256_movemask_epi8(_mm256_or_si256(lo, hi)) == 0; }
    std::uint64_t eq(char c) const noexcept {
        const __m256i k = _mm256_set1_epi8(c);
        return join(mask32(_mm256_cmpeq_epi8(lo, k)), mask32(_mm256_cmpeq_epi8(hi, k)));
    }
    std::uint64_t below_space() const noexcept {
        const __m256i up = _mm256_set1_epi8(0x60);
        return ~join(mask32(_mm256_adds_epu8(lo, up)), mask32(_mm256_adds_epu8(hi, up)));
    }
    static std::uint64_t prefix_xor(std::uint64_t x) noexcept { return clmul_prefix_xor(x); }
    /// flatten(): a block of up to four positions (whitespace between values) takes four
    /// steps of the loop over its bits; any other, eight steps of a table: each byte of the
    /// mask looks up the indexes of its bits, widens them to eight positions and stores them
    /// whole (up to eight entries past the count). The loop over the bits for up to 16
    /// positions (unrolled by eight, a second eight when the block has more) branched on a
    /// count that is about eight in most blocks, and was mispredicted. bench_reader with this
    /// kernel on Zen 5, best of 3 against that: stage 1 twitter 95.5 -> 83.4 us, citm_catalog
    /// 232 -> 226, canada 389 -> 298; the whole reader 150.8 -> 139.6 / 413 -> 409 / 1298 ->
    /// 1205 us.
    static std::uint32_t* flatten(std::uint32_t* out, std::uint32_t base,
                                  std::uint64_t bits) noexcept {
        if (bits == 0) return out;  // inside long strings: many blocks
        const int count = popcount64(bits);
        if (count <= 4) {
            for (int i = 0; i < 4; ++i) {
                out[i] = base + low_bit(bits);
                bits &= bits - 1;
            }
            return out + count;
        }
        __m256i at = _mm256_set1_epi32(static_cast<int>(base));
        const __m256i eight = _mm256_set1_epi32(8);
        for (int i = 0; i < 8; ++i) {
            const unsigned byte = static_cast<unsigned>(bits >> (8 * i)) & 0xFF;
            const __m128i indexes =
                _mm_cvtsi64_si128(static_cast<long long>(kBitIndexes.rows[byte]));
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(out),
                                _mm256_add_epi32(_mm256_cvtepu8_epi32(indexes), at));
            out += popcount64(byte);
            at = _mm256_add_epi32(at, eight);
        }
        return out;
    }
    __m256i lower() const noexcept { return lo; }
    __m256i upper() const noexcept { return hi; }

    using Utf8 = Utf8Halves;
    using Utf8Window = Utf8HalvesWindow;
    /// Newlines counted in byte lanes (two a block at most), summed every kGroup blocks.
    struct Lines {
        static constexpr std::size_t kGroup = 127;
        __m256i acc = _mm256_setzero_si256();
        void add(const Block& b, const Consts& k) noexcept {
            acc = _mm256_sub_epi8(acc, _mm256_add_epi8(_mm256_cmpeq_epi8(b.lo, k.bytes[kNewline]),
                                                       _mm256_cmpeq_epi8(b.hi, k.bytes[kNewline])));
        }
        std::uint64_t take() noexcept {
            const __m256i s = _mm256_sad_epu8(acc, _mm256_setzero_si256());
            acc = _mm256_setzero_si256();
            const __m128i t =
                _mm_add_epi64(_mm256_castsi256_si128(s), _mm256_extracti128_si256(s, 1));
            return static_cast<std::uint64_t>(_mm_cvtsi128_si64(t)) +
                   static_cast<std::uint64_t>(_mm_extract_epi64(t, 1));
        }
    };
};

#include "algorithm.inc"

}  // namespace

const Kernel& avx2_kernel() noexcept {
    return kThisKernel;
}

}  // namespace arenajson::detail
