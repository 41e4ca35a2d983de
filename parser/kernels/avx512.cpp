// parser/kernels/avx512.cpp — stage 1 with AVX-512 (F, BW, VL, VBMI, VBMI2: Ice Lake, Zen 4
// and later; compiled with those and the AVX2 kernel's flags, chosen only on CPUs that have
// them, so earlier AVX-512 CPUs run the AVX2 kernel). The algorithm is algorithm.inc's, shared
// with every kernel; what is this file's own is the Block below: one 64-byte vector whose
// compares give the 64-bit masks directly, a byte compress that writes a block's positions,
// and the UTF-8 table check on whole blocks (byte permutes give the preceding bytes).
// On twitter.json (Zen 5) the byte compress took stage 1 from 78 to 55 us against four dword
// compresses, and the whole-block UTF-8 check to 54 us against AVX2 halves.
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

// Block::masks's and Lines's constant vectors (ByteConstRows): 0x20 (space), '"', '\\', '\n', 1.
constexpr std::uint8_t kByteValues[] = {0x20, '"', '\\', '\n', 1};
ByteConstRows<64, 5> byte_const_rows = make_byte_consts<64>(kByteValues);
const __m512i* const kByteConsts = reinterpret_cast<const __m512i*>(byte_const_rows.rows);
enum ByteConst { kSpace, kQuote, kBackslash, kNewline, kOne };

inline __m512i table64(const std::uint8_t* t) noexcept {
    return _mm512_broadcast_i32x4(_mm_loadu_si128(reinterpret_cast<const __m128i*>(t)));
}

/// The 64 bytes before each byte of `cur` at distance N, the first N from the end of `prev`
/// (one VPERMT2B over the two blocks).
template <int N>
inline __m512i preceding64(__m512i cur, __m512i prev) noexcept {
    alignas(64) static constexpr auto kIndex = [] {
        struct {
            std::uint8_t b[64];
        } t{};
        for (int i = 0; i < 64; ++i)
            t.b[i] = static_cast<std::uint8_t>(64 + i - N);  // >= 64: from `cur`
        return t;
    }();
    return _mm512_permutex2var_epi8(prev, _mm512_load_si512(kIndex.b), cur);
}

/// One bit per byte where `cur` (after `prev`) breaks UTF-8: helpers.inc's table check on all
/// 64 bytes at once.
inline std::uint64_t utf8_errors64(__m512i cur, __m512i prev) noexcept {
    const __m512i low4 = _mm512_set1_epi8(0x0F);
    const __m512i prev1 = preceding64<1>(cur, prev);
    const __m512i special = _mm512_and_si512(
        _mm512_and_si512(_mm512_shuffle_epi8(table64(kPrevHigh),
                                             _mm512_and_si512(_mm512_srli_epi16(prev1, 4), low4)),
                         _mm512_shuffle_epi8(table64(kPrevLow), _mm512_and_si512(prev1, low4))),
        _mm512_shuffle_epi8(table64(kCurHigh), _mm512_and_si512(_mm512_srli_epi16(cur, 4), low4)));
    // Bytes 2 after E0..FF or 3 after F0..FF must be continuations: special then has
    // kTwoConts (0x80) there, which this cancels; anywhere else 0x80 is an error.
    const __m512i third =
        _mm512_subs_epu8(preceding64<2>(cur, prev), _mm512_set1_epi8(0xE0 - 0x80));
    const __m512i fourth =
        _mm512_subs_epu8(preceding64<3>(cur, prev), _mm512_set1_epi8(0xF0 - 0x80));
    const __m512i must_continue =
        _mm512_and_si512(_mm512_or_si512(third, fourth), _mm512_set1_epi8(static_cast<char>(0x80)));
    const __m512i e = _mm512_xor_si512(must_continue, special);
    return _mm512_test_epi8_mask(e, e);
}

/// The previous block's bytes as IndexState keeps them (its last three; spaces before).
inline __m512i tail_block(const IndexState& st) noexcept {
    alignas(64) unsigned char buf[64];
    for (int i = 0; i < 61; ++i)
        buf[i] = ' ';
    buf[61] = st.tail[0];
    buf[62] = st.tail[1];
    buf[63] = st.tail[2];
    return _mm512_load_si512(buf);
}

/// Block::Utf8: the exact check, block by block.
struct Utf8Block {
    __m512i prev;
    bool incomplete;

    void load(const IndexState& st) noexcept {
        prev = tail_block(st);
        incomplete = ends_incomplete(st.tail);
    }
    void save(IndexState& st) const noexcept {
        alignas(64) unsigned char buf[64];
        _mm512_store_si512(buf, prev);
        st.tail[0] = buf[61];
        st.tail[1] = buf[62];
        st.tail[2] = buf[63];
    }
    template <class B>
    std::uint64_t step(const B& b, const unsigned char* p) noexcept {
        std::uint64_t errors;
        if (b.ascii()) {
            errors = incomplete ? 1 : 0;
            incomplete = false;
        } else {
            errors = utf8_errors64(b.v, prev);
            incomplete = ends_incomplete(p + 61);
        }
        prev = b.v;
        return errors;
    }
};

/// Block::Utf8Window: the check over consecutive blocks in memory, with all its work in the
/// blocks that hold non-ASCII bytes (as Utf8HalvesWindow in avx2_utf8.inc, on whole blocks).
struct Utf8BlockWindow {
    __m512i first;                    // the bytes before the window (the last three matter)
    const unsigned char* start;       // the window's first block
    const unsigned char* unfinished;  // the end of the last non-ASCII block, if it is cut
    bool error;

    void load(const IndexState& st, const unsigned char* data) noexcept {
        first = tail_block(st);
        start = data;
        unfinished = ends_incomplete(st.tail) ? data : nullptr;
        error = false;
    }
    void save(IndexState& st, const unsigned char* end) const noexcept {
        if (end == start) return;
        st.tail[0] = end[-3];
        st.tail[1] = end[-2];
        st.tail[2] = end[-1];
    }
    template <class B>
    void check(const B& b, const unsigned char* p, bool ascii) noexcept {
        if (ascii) return;
        if (unfinished != nullptr && unfinished != p) error = true;
        const __m512i prev = p == start ? first : _mm512_loadu_si512(p - 64);
        error |= utf8_errors64(b.v, prev) != 0;
        unfinished = ends_incomplete(p + 61) ? p + 64 : nullptr;
    }
    bool failed(const unsigned char* end) const noexcept {
        return error || (unfinished != nullptr && unfinished != end);
    }
};

struct Block {
    __m512i v;

    static Block load(const unsigned char* p) noexcept { return Block{_mm512_loadu_si512(p)}; }
    /// The constants of masks(): the two tables in registers (opaque), the byte constants
    /// read from memory at each use (ByteConstRows).
    struct Consts {
        __m512i whitespace, structural;
        const __m512i* bytes;  // kByteConsts, behind a pointer GCC cannot see through
    };
    static Consts consts() noexcept {
        return Consts{opaque(table64(kWhitespaceByNibble)), opaque(table64(kStructuralByNibble)),
                      kByteConsts};
    }
    template <bool kNdjson>
    Masks masks(const Consts& k) const noexcept {
        Masks m;
        m.op = _mm512_cmpeq_epi8_mask(_mm512_or_si512(v, k.bytes[kSpace]),
                                      _mm512_shuffle_epi8(k.structural, v));
        if constexpr (kNdjson) m.op |= _mm512_cmpeq_epi8_mask(v, k.bytes[kNewline]);
        m.quote = _mm512_cmpeq_epi8_mask(v, k.bytes[kQuote]);
        m.sep = _mm512_cmpeq_epi8_mask(v, _mm512_shuffle_epi8(k.whitespace, v)) | m.op | m.quote;
        m.backslash = _mm512_cmpeq_epi8_mask(v, k.bytes[kBackslash]);
        m.ctrl = _mm512_cmplt_epu8_mask(v, k.bytes[kSpace]);  // exact: an unsigned compare
        return m;
    }
    bool ascii() const noexcept { return _mm512_movepi8_mask(v) == 0; }
    std::uint64_t eq(char c) const noexcept {
        return _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(c));
    }
    std::uint64_t below_space() const noexcept {  // the same compare as Masks::ctrl
        return _mm512_cmplt_epu8_mask(v, kByteConsts[kSpace]);
    }
    static std::uint64_t prefix_xor(std::uint64_t x) noexcept { return clmul_prefix_xor(x); }
    /// flatten() without a loop over the bits: one byte compress (VPCOMPRESSB, register form:
    /// the memory form is slow on AMD) packs the indexes of the set bits into the low bytes,
    /// which widen sixteen at a time to positions. A dense block costs about what a sparse one
    /// does. Writes up to 16 entries past the count.
    static std::uint32_t* flatten(std::uint32_t* out, std::uint32_t base,
                                  std::uint64_t bits) noexcept {
        if (bits == 0) return out;
        const __m512i indexes = _mm512_set_epi8(
            63, 62, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 43, 42,
            41, 40, 39, 38, 37, 36, 35, 34, 33, 32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20,
            19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
        const __m512i packed = _mm512_maskz_compress_epi8(bits, indexes);
        const __m512i at = _mm512_set1_epi32(static_cast<int>(base));
        const int count = popcount64(bits);
        _mm512_storeu_si512(
            out, _mm512_add_epi32(_mm512_cvtepu8_epi32(_mm512_castsi512_si128(packed)), at));
        if (count > 16) {
            _mm512_storeu_si512(
                out + 16,
                _mm512_add_epi32(_mm512_cvtepu8_epi32(_mm512_extracti32x4_epi32(packed, 1)), at));
            if (count > 32) {
                _mm512_storeu_si512(
                    out + 32, _mm512_add_epi32(
                                  _mm512_cvtepu8_epi32(_mm512_extracti32x4_epi32(packed, 2)), at));
                _mm512_storeu_si512(
                    out + 48, _mm512_add_epi32(
                                  _mm512_cvtepu8_epi32(_mm512_extracti32x4_epi32(packed, 3)), at));
            }
        }
        return out + count;
    }

    __m256i lower() const noexcept { return _mm512_castsi512_si256(v); }
    __m256i upper() const noexcept { return _mm512_extracti64x4_epi64(v, 1); }
    using Utf8 = Utf8Block;
    using Utf8Window = Utf8BlockWindow;
    /// Newlines counted in a vector of byte counters, one masked add a block, summed every
    /// 255 blocks: the mask's population count, moved to a general register and added there,
    /// cost three instructions a block and a register the loop spilled.
    struct Lines {
        static constexpr std::size_t kGroup = 255;
        __m512i acc = _mm512_setzero_si512();
        void add(const Block& b, const Consts& k) noexcept {
            acc = _mm512_mask_add_epi8(acc, _mm512_cmpeq_epi8_mask(b.v, k.bytes[kNewline]), acc,
                                       k.bytes[kOne]);
        }
        std::uint64_t take() noexcept {
            const __m512i s = _mm512_sad_epu8(acc, _mm512_setzero_si512());
            acc = _mm512_setzero_si512();
            return static_cast<std::uint64_t>(_mm512_reduce_add_epi64(s));
        }
    };
};

#include "algorithm.inc"

}  // namespace

const Kernel& avx512_kernel() noexcept {
    return kThisKernel;
}

}  // namespace arenajson::detail
