// parser/kernels/portable.cpp — stage 1 in plain C++, one byte at a time into the masks. The
// build for any architecture; also the reference the SIMD kernels are tested against.
#include "kernels.hpp"

#include <cstddef>
#include <cstdint>

namespace arenajson::detail {
namespace {

constexpr const char kKernelName[] = "portable";

#include "helpers.inc"
// After helpers.inc: it uses the UTF-8 tables.
#include "bytewise_utf8.inc"

struct Block {
    const unsigned char* p;

    static Block load(const unsigned char* data) noexcept { return Block{data}; }
    template <class F>
    std::uint64_t mask(F f) const noexcept {
        std::uint64_t m = 0;
        for (int i = 0; i < 64; ++i)
            m |= static_cast<std::uint64_t>(f(p[i])) << i;
        return m;
    }
    std::uint64_t eq(char c) const noexcept {
        return mask([c](unsigned char b) { return b == static_cast<unsigned char>(c); });
    }
    std::uint64_t below_space() const noexcept {
        return mask([](unsigned char b) { return b < 0x20; });
    }
    bool ascii() const noexcept {
        return mask([](unsigned char b) { return b >= 0x80; }) == 0;
    }
    struct Consts {};
    static Consts consts() noexcept { return {}; }
    template <bool kNdjson>
    Masks masks(Consts) const noexcept {
        Masks m;
        // Folded as the shuffle kernels fold: 0C and 1A count as ',' and ':' (see avx2).
        m.op = mask([](unsigned char b) {
            const unsigned char f = b | 0x20;
            return f == '{' || f == '}' || f == ':' || f == ',' || (kNdjson && b == '\n');
        });
        m.quote = eq('"');
        m.sep = m.op | m.quote | mask([](unsigned char b) {
                    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
                });
        m.backslash = eq('\\');
        m.ctrl = below_space();
        return m;
    }
    static std::uint64_t prefix_xor(std::uint64_t x) noexcept { return shift_prefix_xor(x); }
    using Utf8 = BytewiseUtf8;
    using Utf8Window = ExactUtf8Window<BytewiseUtf8>;
    using Lines = PopcountLines<Block>;
};

#include "algorithm.inc"

}  // namespace

const Kernel& portable_kernel() noexcept {
    return kThisKernel;
}

}  // namespace arenajson::detail
