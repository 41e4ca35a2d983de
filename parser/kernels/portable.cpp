// parser/kernels/portable.cpp — stage 1 in plain C++, one byte at a time into the masks. The
// build for any architecture; also the reference the SIMD kernels are tested against.
#include "kernels.hpp"

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
    std::uint64_t non_ascii() const noexcept {
        return mask([](unsigned char b) { return b >= 0x80; });
    }
    void classify(std::uint64_t& ws, std::uint64_t& op) const noexcept {
        ws = mask([](unsigned char b) { return b == ' ' || b == '\t' || b == '\n' || b == '\r'; });
        // Folded as the shuffle kernels fold: 0C and 1A count as ',' and ':' (see avx2).
        op = mask([](unsigned char b) {
            const unsigned char f = b | 0x20;
            return f == '{' || f == '}' || f == ':' || f == ',';
        });
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

const Kernel& portable_kernel() noexcept {
    static const Kernel k{"portable", index_entry, index_block_entry};
    return k;
}

}  // namespace arenajson::detail
