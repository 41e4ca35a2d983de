// arenajson/detail/index.hpp — stage 1 of the reader: 64-byte blocks into structural positions.
// Internal; installed only because the reader is a template.
//
// A kernel classifies each block of input into bitmasks (quotes, backslashes, structural
// characters, whitespace, control characters), resolves escapes and string regions with state
// carried from block to block, checks UTF-8, and writes the positions stage 2 walks:
//   - '{' '}' '[' ']' ':' ',' outside strings (and '\n' in NDJSON mode);
//   - every unescaped '"', opening and closing; a closing quote whose string holds a backslash
//     has kEscapedString set;
//   - the first byte of every run of other bytes outside strings (a number, a literal, or
//     something the grammar rejects).
// Positions are written relative to a base the caller gives (the start of its chunk).
// The kernels are compiled once per instruction set in the library and chosen at run time.
#pragma once

#include <cstddef>
#include <cstdint>

namespace arenajson::detail {

/// Bytes per block: every kernel classifies 64 bytes into one 64-bit mask per class.
inline constexpr std::size_t kBlockBytes = 64;
/// Set in the position of a closing quote whose string contains a backslash.
inline constexpr std::uint32_t kEscapedString = 0x80000000u;

/// What stage 1 carries from one block to the next. A plain value: copying it saves the
/// state, so a block can be classified ahead of time without committing it.
struct IndexState {
    std::uint64_t in_string = 0;     // all ones when the next block starts inside a string
    std::uint64_t escaped = 0;       // 1 when the next block's first byte is escaped
    std::uint64_t scalar = 0;        // 1 when the last byte was part of a number or literal run
    std::uint64_t escape_carry = 0;  // carry of the addition that flags escaped strings
    /// The last three bytes of the previous block (UTF-8 sequences that cross blocks).
    unsigned char tail[3] = {' ', ' ', ' '};
};

/// What a kernel call saw, beyond the positions. Accumulated over calls by the caller.
struct IndexSummary {
    /// Newline bytes among the positions asked for (any newline: inside strings they are
    /// errors anyway, so before the first error every newline is a line end).
    std::uint64_t newlines = 0;
    /// A control character inside a string or a byte sequence that is not UTF-8 was seen:
    /// stage 2 then checks strings byte by byte to report the exact error.
    bool suspect = false;
};

/// One instruction set's stage 1. Every function reads exactly the bytes it is given.
struct Kernel {
    /// "avx512", "avx2", "sse2", "portable", or "highway" (only when ARENAJSON_KERNEL asks).
    const char* name;
    /// Indexes `blocks` whole 64-byte blocks at `data`; writes positions base + i at `out`
    /// (which needs room for 64 * blocks + 64 entries) and returns the end of what it wrote.
    /// `ndjson`: '\n' is structural. Commits the state.
    std::uint32_t* (*index)(const unsigned char* data, std::size_t blocks, std::uint32_t base,
                            std::uint32_t* out, IndexState& state, IndexSummary& summary,
                            bool ndjson);
    /// Indexes one 64-byte block of which only the bytes in `valid` (a low run of bits) are
    /// input (the rest is padding), emitting positions and newlines only for bytes in `keep`.
    /// Commits the state only when `commit` (a whole block).
    std::uint32_t* (*index_block)(const unsigned char* block, std::uint32_t base,
                                  std::uint64_t keep, std::uint64_t valid, bool commit,
                                  std::uint32_t* out, IndexState& state, IndexSummary& summary,
                                  bool ndjson);
};

/// The kernel the reader uses: the best one the CPU supports, or the one named by the
/// environment variable ARENAJSON_KERNEL (avx512, avx2, sse2, portable, and highway in builds
/// with Highway) when the CPU supports it. Chosen once, on first use; thread-safe.
const Kernel& active_kernel() noexcept;
/// The kernel called `name` when this build has it and the CPU supports it, else nullptr.
const Kernel* find_kernel(const char* name) noexcept;

}  // namespace arenajson::detail
