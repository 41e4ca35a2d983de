// parser/kernels/highway.cpp — stage 1 with Google Highway (hwy/highway.h), built on request
// (ARENAJSON_HIGHWAY=ON, with Debian's libhwy-dev) and run only when ARENAJSON_KERNEL=highway asks
// for it: it exists to measure Highway against the intrinsics kernels (docs/highway.md).
//
// One source, compiled by Highway once per target it can reach (foreach_target.h: AVX3_DL,
// AVX3, AVX2, SSE4, SSSE3 and, with GCC before 12.3, the SCALAR fallback on x86-64), each copy
// in its own namespace with its own target attributes; Highway's runtime dispatch (HWY_EXPORT,
// its chosen target) picks the copy once, when the kernel is first asked for, and the Kernel
// holds that copy's two functions, so a call costs what it does for the other kernels. The
// algorithm is algorithm.inc's, as for every kernel; the Block below is written only with
// Highway ops: 64 / Lanes vectors of the target's widest bytes (one on AVX3, two on AVX2, four
// on 128-bit targets), classified with TableLookupBytesOr0 and Eq, the UTF-8 table check with
// the same lookups and SaturatedSub on unaligned reloads of the bytes before each block (no
// lane-crossing byte permute in Highway 1.0), the prefix xor with CLMulLower, and positions
// with Compress of byte indexes on AVX3 targets (VPCOMPRESSB on AVX3_DL), else helpers.inc's
// bit loop.

// Highway leaves AVX3_DL (VBMI, VBMI2, VPCLMULQDQ...: Ice Lake, Zen 4 and later) out of the
// targets it compiles unless asked; it is the one with a byte compress. Scalable targets (SVE,
// RVV) are left out: a Block holds an array of vectors, which sizeless vector types cannot be.
#ifndef HWY_WANT_AVX3_DL
#define HWY_WANT_AVX3_DL
#endif
#ifndef HWY_DISABLED_TARGETS
#define HWY_DISABLED_TARGETS (HWY_SVE | HWY_SVE2 | HWY_SVE_256 | HWY_SVE2_128 | HWY_RVV)
#endif

#include "kernels.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>

// Re-includes this file once per target (the include path has parser/kernels).
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "highway.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
// After foreach_target.h.
#include <hwy/highway.h>

// helpers.inc's popcount64 and low_bit test __POPCNT__ and __BMI__, which the command line
// sets for the other kernels; Highway's targets are function attributes, which leave those
// macros alone, so each target says what it has (GCC's sse4.2 includes POPCNT).
#undef ARENAJSON_TARGET_POPCNT
#undef ARENAJSON_TARGET_BMI
#if HWY_ARCH_X86 && HWY_TARGET <= HWY_SSE4
#define ARENAJSON_TARGET_POPCNT
#endif
#if HWY_ARCH_X86 && HWY_TARGET <= HWY_AVX2
#define ARENAJSON_TARGET_BMI
#endif

HWY_BEFORE_NAMESPACE();
namespace arenajson::detail {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;
namespace {

constexpr const char kKernelName[] = "highway";

#include "helpers.inc"

using D = hn::ScalableTag<std::uint8_t>;
using V = hn::Vec<D>;
using M = hn::Mask<D>;
/// Bytes per vector, and vectors per 64-byte block.
constexpr std::size_t kLanes = hn::MaxLanes(D());
constexpr std::size_t kVectors = kBlockBytes / kLanes;
static_assert(kVectors * kLanes == kBlockBytes, "a block is a whole number of vectors");

// The classification (a byte is whitespace when it equals kWhitespaceByNibble[its low nibble],
// structural when (byte | 0x20) equals kStructuralByNibble[its low nibble]: see
// avx2_utf8.inc) and helpers.inc's UTF-8 tables, as 16-byte rows for LoadDup128.
constexpr std::uint8_t kWhitespaceByNibble[16] = {' ', 0,    0,    0, 0, 0,    0, 0,
                                                  0,   '\t', '\n', 0, 0, '\r', 0, 0};
constexpr std::uint8_t kStructuralByNibble[16] = {0, 0, 0,   0,   0,   0,   0, 0,
                                                  0, 0, ':', '{', ',', '}', 0, 0};
struct Row16 {
    alignas(16) std::uint8_t b[16];
};
constexpr Row16 row16(const std::uint8_t* t) noexcept {
    Row16 r{};
    for (int i = 0; i < 16; ++i)
        r.b[i] = t[i];
    return r;
}
constexpr Row16 kPrevHighRow = row16(kPrevHigh);
constexpr Row16 kPrevLowRow = row16(kPrevLow);
constexpr Row16 kCurHighRow = row16(kCurHigh);

constexpr Row16 kWhitespaceRow = row16(kWhitespaceByNibble);
constexpr Row16 kStructuralRow = row16(kStructuralByNibble);

/// row[index] per byte, 0 where the index has its top bit set; other indexes are < 16.
/// TableLookupBytesOr0 looks up in 16-byte blocks: vectors that have one (every target but
/// SCALAR, Highway's fallback with GCC before 12.3, whose vectors are one byte) take it.
inline V lookup16(const Row16& row, V index) noexcept {
    const D d;
    if constexpr (kLanes >= 16) {
        return hn::TableLookupBytesOr0(hn::LoadDup128(d, row.b), index);
    } else {
        alignas(16) std::uint8_t lanes[kLanes];
        hn::Store(index, d, lanes);
        for (std::size_t i = 0; i < kLanes; ++i)
            lanes[i] = (lanes[i] & 0x80) != 0 ? 0 : row.b[lanes[i] & 15];
        return hn::Load(d, lanes);
    }
}

/// 0, 1, ... 63: the byte indexes that flatten() compresses.
struct ByteIndexes {
    alignas(64) std::uint8_t b[64];
};
constexpr ByteIndexes kByteIndexes = [] {
    ByteIndexes t{};
    for (int i = 0; i < 64; ++i)
        t.b[i] = static_cast<std::uint8_t>(i);
    return t;
}();

/// One bit per lane of each of the block's masks, in block order.
inline std::uint64_t bits64(const M (&m)[kVectors]) noexcept {
    const D d;
    std::uint64_t bits = 0;
    for (std::size_t i = 0; i < kVectors; ++i) {
        std::uint64_t part = 0;
        hn::StoreMaskBits(d, m[i], reinterpret_cast<std::uint8_t*>(&part));
        bits |= part << (i * kLanes);
    }
    return bits;
}

/// Non-zero bytes where the bytes at `cur` (after `prev1`, `prev2`, `prev3`: the bytes 1, 2
/// and 3 before each) break UTF-8: helpers.inc's table check.
inline V utf8_errors(V cur, V prev1, V prev2, V prev3) noexcept {
    const D d;
    const V special = hn::And(hn::And(lookup16(kPrevHighRow, hn::ShiftRight<4>(prev1)),
                                      lookup16(kPrevLowRow, hn::And(prev1, hn::Set(d, 0x0F)))),
                              lookup16(kCurHighRow, hn::ShiftRight<4>(cur)));
    // Bytes 2 after E0..FF or 3 after F0..FF must be continuations: special then has
    // kTwoConts (0x80) there, which this cancels; anywhere else 0x80 is an error.
    const V third = hn::SaturatedSub(prev2, hn::Set(d, 0xE0 - 0x80));
    const V fourth = hn::SaturatedSub(prev3, hn::Set(d, 0xF0 - 0x80));
    const V must_continue = hn::And(hn::Or(third, fourth), hn::Set(d, 0x80));
    return hn::Xor(must_continue, special);
}

/// The check of the 64 bytes at p, whose three bytes before are readable at p - 3: the
/// error bytes of its vector i.
inline V utf8_vector(const unsigned char* p, std::size_t i) noexcept {
    const D d;
    const unsigned char* at = p + i * kLanes;
    return utf8_errors(hn::LoadU(d, at), hn::LoadU(d, at - 1), hn::LoadU(d, at - 2),
                       hn::LoadU(d, at - 3));
}
/// ...one bit per byte of it that breaks UTF-8.
inline std::uint64_t utf8_error_bits(const unsigned char* p) noexcept {
    const D d;
    M m[kVectors];
    for (std::size_t i = 0; i < kVectors; ++i)
        m[i] = hn::Ne(utf8_vector(p, i), hn::Zero(d));
    return bits64(m);
}
/// ...whether any byte of it does.
inline bool utf8_any_error(const unsigned char* p) noexcept {
    const D d;
    V any = utf8_vector(p, 0);
    for (std::size_t i = 1; i < kVectors; ++i)
        any = hn::Or(any, utf8_vector(p, i));
    return !hn::AllTrue(d, hn::Eq(any, hn::Zero(d)));
}

/// The 64 bytes at p after `tail` (three bytes), laid out so that utf8_block can read back.
struct TailAndBlock {
    alignas(64) unsigned char bytes[kBlockBytes + 64];
    static constexpr std::size_t kAt = 64;  // the block's first byte
    TailAndBlock(const unsigned char* tail, const unsigned char* p) noexcept {
        bytes[kAt - 3] = tail[0];
        bytes[kAt - 2] = tail[1];
        bytes[kAt - 1] = tail[2];
        __builtin_memcpy(bytes + kAt, p, kBlockBytes);
    }
    const unsigned char* block() const noexcept { return bytes + kAt; }
};

/// Block::Utf8: the exact check, block by block (blocks need not be consecutive in memory).
struct Utf8Exact {
    unsigned char tail[3];
    bool incomplete;

    void load(const IndexState& st) noexcept {
        tail[0] = st.tail[0];
        tail[1] = st.tail[1];
        tail[2] = st.tail[2];
        incomplete = ends_incomplete(tail);
    }
    void save(IndexState& st) const noexcept {
        st.tail[0] = tail[0];
        st.tail[1] = tail[1];
        st.tail[2] = tail[2];
    }
    template <class B>
    std::uint64_t step(const B& b, const unsigned char* p) noexcept {
        std::uint64_t errors;
        if (b.ascii()) {
            errors = incomplete ? 1 : 0;
            incomplete = false;
        } else {
            const TailAndBlock buf(tail, p);
            errors = utf8_error_bits(buf.block());
            incomplete = ends_incomplete(p + 61);
        }
        tail[0] = p[61];
        tail[1] = p[62];
        tail[2] = p[63];
        return errors;
    }
};

/// Block::Utf8Window: the check over consecutive blocks in memory, with all its work in the
/// blocks that hold non-ASCII bytes (as Utf8HalvesWindow in avx2_utf8.inc): the bytes before
/// a block are read again from memory, or for the window's first block from the state.
struct Utf8BlockWindow {
    unsigned char tail[3];            // the bytes before the window
    const unsigned char* start;       // the window's first block
    const unsigned char* unfinished;  // the end of the last non-ASCII block, if it is cut
    bool error;

    void load(const IndexState& st, const unsigned char* data) noexcept {
        tail[0] = st.tail[0];
        tail[1] = st.tail[1];
        tail[2] = st.tail[2];
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
    void check(const B&, const unsigned char* p, bool ascii) noexcept {
        if (ascii) return;
        if (unfinished != nullptr && unfinished != p) error = true;
        if (p == start) {
            const TailAndBlock buf(tail, p);
            error |= utf8_any_error(buf.block());
        } else {
            error |= utf8_any_error(p);
        }
        unfinished = ends_incomplete(p + 61) ? p + 64 : nullptr;
    }
    bool failed(const unsigned char* end) const noexcept {
        return error || (unfinished != nullptr && unfinished != end);
    }
};

struct Block {
    V v[kVectors];

    static Block load(const unsigned char* p) noexcept {
        const D d;
        Block b;
        for (std::size_t i = 0; i < kVectors; ++i)
            b.v[i] = hn::LoadU(d, p + i * kLanes);
        return b;
    }
    struct Consts {};
    static Consts consts() noexcept { return {}; }

    template <bool kNdjson>
    Masks masks(Consts) const noexcept {
        const D d;
        M op[kVectors], quote[kVectors], sep[kVectors], backslash[kVectors], ctrl[kVectors];
        for (std::size_t i = 0; i < kVectors; ++i) {
            // Or0 zeroes bytes >= 0x80, which then match nothing; the low nibble indexes
            // the row (Highway leaves other indexes to the target).
            const V index = hn::And(v[i], hn::Set(d, 0x8F));
            op[i] = hn::Eq(hn::Or(v[i], hn::Set(d, 0x20)), lookup16(kStructuralRow, index));
            if constexpr (kNdjson) op[i] = hn::Or(op[i], hn::Eq(v[i], hn::Set(d, '\n')));
            quote[i] = hn::Eq(v[i], hn::Set(d, '"'));
            sep[i] = hn::Or(hn::Or(hn::Eq(v[i], lookup16(kWhitespaceRow, index)), op[i]), quote[i]);
            backslash[i] = hn::Eq(v[i], hn::Set(d, '\\'));
            ctrl[i] = hn::Lt(v[i], hn::Set(d, 0x20));
        }
        Masks m;
        m.op = bits64(op);
        m.quote = bits64(quote);
        m.sep = bits64(sep);
        m.backslash = bits64(backslash);
        m.ctrl = bits64(ctrl);
        return m;
    }
    bool ascii() const noexcept {
        const hn::RebindToSigned<D> di;
        V any = v[0];
        for (std::size_t i = 1; i < kVectors; ++i)
            any = hn::Or(any, v[i]);
        return hn::AllFalse(di, hn::Lt(hn::BitCast(di, any), hn::Zero(di)));
    }
    std::uint64_t eq(char c) const noexcept {
        const D d;
        M m[kVectors];
        for (std::size_t i = 0; i < kVectors; ++i)
            m[i] = hn::Eq(v[i], hn::Set(d, static_cast<std::uint8_t>(c)));
        return bits64(m);
    }
    std::uint64_t below_space() const noexcept {
        const D d;
        M m[kVectors];
        for (std::size_t i = 0; i < kVectors; ++i)
            m[i] = hn::Lt(v[i], hn::Set(d, 0x20));
        return bits64(m);
    }
    static std::uint64_t prefix_xor(std::uint64_t x) noexcept {
#if HWY_ARCH_X86 && HWY_TARGET <= HWY_SSE4
        // A carry-less multiply by all ones (PCLMULQDQ).
        const hn::Full128<std::uint64_t> d64;
        return hn::GetLane(hn::CLMulLower(hn::Set(d64, x), hn::Set(d64, ~std::uint64_t{0})));
#else
        return shift_prefix_xor(x);
#endif
    }

#if HWY_TARGET == HWY_AVX3_DL || HWY_TARGET == HWY_AVX3
    /// flatten() without a loop over the bits: Compress packs the indexes of the set bits
    /// into the low bytes (VPCOMPRESSB on AVX3_DL, Highway's emulation on AVX3), which widen
    /// sixteen at a time to positions. Writes up to 16 entries past the count.
    static std::uint32_t* flatten(std::uint32_t* out, std::uint32_t base,
                                  std::uint64_t bits) noexcept {
        static_assert(kVectors == 1, "one 64-byte vector");
        if (bits == 0) return out;
        const D d;
        const hn::Half<D> d32b;
        const hn::Half<hn::Half<D>> d16b;
        const hn::Rebind<std::uint32_t, hn::Half<hn::Half<D>>> du32;
        std::uint8_t mask_bytes[8];
        __builtin_memcpy(mask_bytes, &bits, sizeof bits);  // little-endian: bit i is byte i / 8
        // The indexes from memory: Highway 1.0's Iota fills a stack array lane by lane, a
        // loop of 64 stores per call at -fno-tree-vectorize (it made stage 1 four times slower).
        const V packed = hn::Compress(hn::Load(d, kByteIndexes.b), hn::LoadMaskBits(d, mask_bytes));
        const auto at = hn::Set(du32, base);
        const int count = popcount64(bits);
        const auto low = hn::LowerHalf(d32b, packed);
        hn::StoreU(hn::Add(hn::PromoteTo(du32, hn::LowerHalf(d16b, low)), at), du32, out);
        if (count > 16) {
            hn::StoreU(hn::Add(hn::PromoteTo(du32, hn::UpperHalf(d16b, low)), at), du32, out + 16);
            if (count > 32) {
                const auto high = hn::UpperHalf(d32b, packed);
                hn::StoreU(hn::Add(hn::PromoteTo(du32, hn::LowerHalf(d16b, high)), at), du32,
                           out + 32);
                hn::StoreU(hn::Add(hn::PromoteTo(du32, hn::UpperHalf(d16b, high)), at), du32,
                           out + 48);
            }
        }
        return out + count;
    }
#endif

    using Utf8 = Utf8Exact;
    using Utf8Window = Utf8BlockWindow;
    using Lines = PopcountLines<Block>;
};

#include "algorithm.inc"

}  // namespace

/// What Highway dispatches: this target's two kernel functions, and its name.
std::uint32_t* highway_index(const unsigned char* data, std::size_t blocks, std::uint32_t base,
                             std::uint32_t* out, IndexState& state, IndexSummary& summary,
                             bool ndjson) {
    return index_entry(data, blocks, base, out, state, summary, ndjson);
}
std::uint32_t* highway_index_block(const unsigned char* block, std::uint32_t base,
                                   std::uint64_t keep, std::uint64_t valid, bool commit,
                                   std::uint32_t* out, IndexState& state, IndexSummary& summary,
                                   bool ndjson) {
    return index_block_entry(block, base, keep, valid, commit, out, state, summary, ndjson);
}
std::int64_t highway_this_target() {
    return HWY_TARGET;
}

}  // namespace HWY_NAMESPACE
}  // namespace arenajson::detail
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace arenajson::detail {

HWY_EXPORT(highway_index);
HWY_EXPORT(highway_index_block);
HWY_EXPORT(highway_this_target);

namespace {

/// Highway's choice for this CPU, made once: the table index its dispatch would use.
Kernel make_highway_kernel() noexcept {
    hwy::GetChosenTarget().Update(hwy::SupportedTargets());
    return Kernel{"highway", &HWY_DYNAMIC_DISPATCH(highway_index),
                  &HWY_DYNAMIC_DISPATCH(highway_index_block)};
}

}  // namespace

const Kernel& highway_kernel() noexcept {
    static const Kernel k = make_highway_kernel();
    return k;
}

const char* highway_target() noexcept {
    highway_kernel();  // the choice is made
    return hwy::TargetName(HWY_DYNAMIC_DISPATCH(highway_this_target)());
}

namespace {

/// Every copy of the kernel that this CPU can run, from the dispatch tables (for tests).
struct HighwayCopies {
    static constexpr std::size_t kMax = HWY_MAX_DYNAMIC_TARGETS + 2;
    Kernel kernels[kMax];
    char names[kMax][32];
    std::size_t count = 0;

    HighwayCopies() noexcept {
        const std::int64_t supported = hwy::SupportedTargets();
        for (std::size_t i = 1; i < kMax; ++i) {  // entry 0 chooses, then calls
            const auto target_of = HWY_DISPATCH_TABLE(highway_this_target)[i];
            if (target_of == nullptr) continue;
            const std::int64_t target = target_of();  // no vector instructions
            if ((supported & target) == 0) continue;
            std::snprintf(names[count], sizeof names[count], "highway/%s", hwy::TargetName(target));
            kernels[count] = Kernel{names[count], HWY_DISPATCH_TABLE(highway_index)[i],
                                    HWY_DISPATCH_TABLE(highway_index_block)[i]};
            ++count;
        }
    }
};

}  // namespace

const Kernel* highway_kernel_on_target(std::size_t i) noexcept {
    static const HighwayCopies copies;
    return i < copies.count ? &copies.kernels[i] : nullptr;
}

}  // namespace arenajson::detail
#endif  // HWY_ONCE
