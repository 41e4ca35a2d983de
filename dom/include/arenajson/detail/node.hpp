// arenajson/detail/node.hpp — how a document is laid out in its arena. Internal.
//
// Every value is one 16-byte Node. The low nibble of `head` is the tag; the next nibble holds
// an inline string's length or an object's index kind; `head >> 8` holds a length or count, and
// `payload` a number or a pointer. Short strings (up to 14 bytes) and number texts of up to 28
// characters live inside the node itself. Array elements are contiguous Nodes; object members
// are contiguous Members (a key pointer and a Node), followed by an index when the object is
// large (object_index.hpp). Keys are interned per document: a KeyRecord holds the key's hash,
// length and bytes, and members with equal keys share one record.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__SSE2__) || defined(_M_X64)
#include <emmintrin.h>
#endif

namespace arenajson::detail {

#if defined(__GNUC__)
#define ARENAJSON_DOM_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define ARENAJSON_DOM_UNLIKELY(x) (x)
#endif

static_assert(std::endian::native == std::endian::little,
              "the node layout assumes a little-endian machine");

enum class Tag : std::uint8_t {
    null = 0,
    false_ = 1,
    true_ = 2,
    int64 = 3,
    uint64 = 4,
    double_ = 5,
    number_text_inline = 6,  // byte 1: length; bytes 2..15: packed nibbles
    number_text = 7,         // head >> 8: length; payload: pointer to the text
    string_inline = 8,       // tag's high nibble: length; bytes 1..: the bytes and a NUL
    string = 9,              // head >> 8: length; payload: pointer to the NUL-terminated bytes
    array = 10,              // head >> 8: count; payload: pointer to the Nodes
    object = 11,             // head >> 8: count; payload: pointer to the Members (+ index)
    missing = 12,            // not a value: a failed lookup; payload: the ErrorCode
};

struct Node {
    std::uint64_t head;
    std::uint64_t payload;

    [[nodiscard]] Tag tag() const noexcept { return static_cast<Tag>(head & 0x0F); }
    [[nodiscard]] std::uint64_t length() const noexcept { return head >> 8; }
    template <class T>
    [[nodiscard]] const T* pointer() const noexcept {
        return reinterpret_cast<const T*>(static_cast<std::uintptr_t>(payload));
    }
    [[nodiscard]] const char* bytes() const noexcept { return reinterpret_cast<const char*>(this); }

    /// The node of a container or long string: its tag and length, and where its contents are.
    [[nodiscard]] static Node make(Tag tag, std::size_t length, const void* at) noexcept {
        return {static_cast<std::uint64_t>(tag) | (static_cast<std::uint64_t>(length) << 8),
                static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(at))};
    }
};
static_assert(sizeof(Node) == 16);

/// An interned key: hash and length, then the bytes and a NUL.
struct KeyRecord {
    std::uint32_t hash;
    std::uint32_t length;

    [[nodiscard]] const char* chars() const noexcept {
        return reinterpret_cast<const char*>(this + 1);
    }
    [[nodiscard]] std::string_view view() const noexcept { return {chars(), length}; }
};

struct Member {
    const KeyRecord* key;
    Node value;
};
static_assert(sizeof(Member) == 24);

inline constexpr std::size_t kMaxInlineString = 14;
inline constexpr std::size_t kMaxInlineNumber = 28;
/// Objects with at least this many members get an index (object_index.hpp; bench_lookup shows
/// where it starts to pay).
inline constexpr std::size_t kIndexThreshold = 16;

// --- number text packing: two characters per byte. A character's nibble is computed, not
// looked up: its low four bits (digits, '+' 0x2B, '-' 0x2D, '.' 0x2E), plus 5 for the letters
// (bit 6: 'E' 0x45 -> 10) and 2 more for 'e' (bits 6 and 5: 0x65 -> 12). Zero bytes give 0.
inline constexpr char kNibbleChars[16] = {'0', '1', '2', '3', '4', '5', '6', '7',
                                          '8', '9', 'E', '+', 'e', '-', '.', '?'};

/// The nibbles of eight characters of a number, one per byte.
inline std::uint64_t number_nibbles(std::uint64_t w) noexcept {
    constexpr std::uint64_t k01 = 0x0101010101010101ull;
    const std::uint64_t letters = (w >> 6) & k01;
    const std::uint64_t lower = ((w & (w << 1)) >> 6) & k01;  // bits 6 and 5
    return (w & (k01 * 0x0F)) + (letters << 2) + letters + (lower << 1);
}

/// Eight nibbles, one per byte, packed into four bytes (the first in the low half).
inline std::uint32_t pack_nibbles(std::uint64_t n) noexcept {
    std::uint64_t x = (n | (n >> 4)) & 0x00FF00FF00FF00FFull;
    x = (x | (x >> 8)) & 0x0000FFFF0000FFFFull;
    return static_cast<std::uint32_t>(x | (x >> 16));
}

#if defined(__SSE2__) || defined(_M_X64)
/// The nibbles of sixteen characters (as number_nibbles), packed into eight bytes.
inline std::uint64_t pack_number_chars16(__m128i c) noexcept {
    const __m128i letters = _mm_cmpgt_epi8(c, _mm_set1_epi8(0x40));
    const __m128i lower = _mm_cmpeq_epi8(c, _mm_set1_epi8('e'));
    const __m128i n = _mm_add_epi8(_mm_and_si128(c, _mm_set1_epi8(0x0F)),
                                   _mm_add_epi8(_mm_and_si128(letters, _mm_set1_epi8(5)),
                                                _mm_and_si128(lower, _mm_set1_epi8(2))));
    const __m128i pairs =
        _mm_and_si128(_mm_or_si128(n, _mm_srli_epi16(n, 4)), _mm_set1_epi16(0x00FF));
    return static_cast<std::uint64_t>(_mm_cvtsi128_si64(_mm_packus_epi16(pairs, pairs)));
}
#endif

/// The packed nibbles (four bytes) of the characters [i, min(i + 8, n)) of a number's text t
/// of n characters, i < n; zeros for the characters past n.
inline std::uint64_t pack_number_chars8(const char* t, std::size_t i, std::size_t n) noexcept {
    std::uint64_t w = 0;
    if (i + 8 <= n) {
        std::memcpy(&w, t + i, 8);
    } else if (n >= 8) {
        // The last eight characters, shifted so that only those after i remain.
        std::memcpy(&w, t + n - 8, 8);
        w >>= 8 * (8 - (n - i));
    } else {
        for (std::size_t k = 0; k < n; ++k)
            w |= static_cast<std::uint64_t>(static_cast<unsigned char>(t[k])) << (8 * k);
    }
    return pack_nibbles(number_nibbles(w));
}

/// Packs a number's text (<= kMaxInlineNumber characters of [0-9.eE+-]) into a node: the tag
/// in byte 0, the length in byte 1, the nibbles from byte 2. The two words are made in
/// registers: storing the parts to memory and loading the node back as one 16-byte word
/// stalled on store forwarding (56% of this function's time on canada.json). O(1).
inline Node pack_number_text(std::string_view text) noexcept {
    const char* const t = text.data();
    const std::size_t n = text.size();
    std::uint64_t first = 0;  // the nibbles of characters 0..15
    std::uint64_t rest = 0;   // of characters 16..27
#if defined(__SSE2__) || defined(_M_X64)
    if (n >= 16) {
        // The first sixteen, then the last sixteen, of which those after the first remain.
        first = pack_number_chars16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(t)));
        const std::uint64_t tail =
            pack_number_chars16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(t + n - 16)));
        rest = n == 16 ? 0 : tail >> (4 * (32 - n));
    } else
#endif
    {
        if (n > 0) first = pack_number_chars8(t, 0, n);
        if (n > 8) first |= pack_number_chars8(t, 8, n) << 32;
        if (n > 16) rest = pack_number_chars8(t, 16, n);
        if (n > 24) rest |= pack_number_chars8(t, 24, n) << 32;
    }
    return Node{static_cast<std::uint64_t>(Tag::number_text_inline) | (std::uint64_t{n} << 8) |
                    (first << 16),
                (first >> 48) | (rest << 16)};
}

/// Unpacks an inline number text into out (room for kMaxInlineNumber); returns the length.
inline std::size_t unpack_number_text(const Node& n, char* out) noexcept {
    const auto* b = reinterpret_cast<const unsigned char*>(&n);
    const std::size_t len = b[1];
    for (std::size_t i = 0; i < len; i += 2) {
        const unsigned char pair = b[2 + i / 2];
        out[i] = kNibbleChars[pair & 0x0F];
        if (i + 1 < len) out[i + 1] = kNibbleChars[pair >> 4];
    }
    return len;
}

/// The node of a string of at most kMaxInlineString bytes: the tag and length in byte 0, the
/// bytes from byte 1, zeros after. Reads only s's bytes, with fixed-size loads that overlap
/// (no call to memcpy: this runs for most strings of a document). O(1).
inline Node make_inline_string(std::string_view s) noexcept {
    const std::size_t len = s.size();
    const char* const p = s.data();
    std::uint64_t low = 0;   // bytes 0..7 of s (as many as it has)
    std::uint64_t high = 0;  // bytes 7..13 of s
    if (len >= 8) {
        std::uint64_t last;
        std::memcpy(&low, p, 8);
        std::memcpy(&last, p + len - 8, 8);  // bytes len-8..len-1
        high = last >> (8 * (15 - len));     // drops bytes len-8..6
    } else if (len >= 4) {
        std::uint32_t first, last;
        std::memcpy(&first, p, 4);
        std::memcpy(&last, p + len - 4, 4);  // overlaps `first` by 8 - len bytes, equal ones
        low = first | (std::uint64_t{last} << (8 * (len - 4)));
    } else if (len > 0) {
        const auto byte = [p](std::size_t i) {
            return std::uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
        };
        low = byte(0) | byte(len >> 1) | byte(len - 1);
    }
    const std::uint64_t tag = static_cast<std::uint64_t>(Tag::string_inline) | (len << 4);
    return Node{tag | (low << 8), high};
}

inline std::string_view string_of(const Node& n) noexcept {
    if (n.tag() == Tag::string_inline) {
        return {n.bytes() + 1, static_cast<std::size_t>((n.head >> 4) & 0x0F)};
    }
    return {n.pointer<char>(), static_cast<std::size_t>(n.length())};
}

// --- hashing of keys: 64-bit multiply-mix over 8-byte words (after the wyhash family).
inline std::uint64_t mix(std::uint64_t a, std::uint64_t b) noexcept {
#if defined(__SIZEOF_INT128__)
    __extension__ using u128 = unsigned __int128;  // a GCC/Clang extension: say so to -pedantic
    const u128 r = static_cast<u128>(a) * b;
    return static_cast<std::uint64_t>(r) ^ static_cast<std::uint64_t>(r >> 64);
#else
    // Portable 64x64 -> 128 multiply from four 32-bit halves.
    const std::uint64_t al = a & 0xFFFFFFFFu, ah = a >> 32, bl = b & 0xFFFFFFFFu, bh = b >> 32;
    const std::uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
    const std::uint64_t mid = (ll >> 32) + (lh & 0xFFFFFFFFu) + (hl & 0xFFFFFFFFu);
    const std::uint64_t lo = (mid << 32) | (ll & 0xFFFFFFFFu);
    const std::uint64_t hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
    return lo ^ hi;
#endif
}
inline std::uint64_t load64(const char* p) noexcept {
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
}
inline std::uint64_t load32(const char* p) noexcept {
    std::uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
}

/// Whether n bytes at a and b are equal; both must have n readable bytes. Inline word
/// compares: keys are short, and a call to memcmp costs more than comparing them.
inline bool bytes_equal(const char* a, const char* b, std::size_t n) noexcept {
    if (n >= 8) {
        for (std::size_t i = 0; i + 8 < n; i += 8) {
            if (load64(a + i) != load64(b + i)) return false;
        }
        return load64(a + n - 8) == load64(b + n - 8);
    }
    if (n >= 4) return load32(a) == load32(b) && load32(a + n - 4) == load32(b + n - 4);
    for (std::size_t i = 0; i < n; ++i) {
        if (a[i] != b[i]) return false;
    }
    return true;
}

/// The per-process secret that seeds hash_key, so that nobody can compute colliding keys in
/// advance, and the test hook that makes every key collide.
struct HashSecret {
    std::uint64_t s1;
    std::uint64_t s2;
    bool all_equal;  // test hook: hash_key returns 0 for every key
};
/// 16 bytes from the operating system's random source (getrandom, else std::random_device).
/// Never fails: without any source of randomness it falls back to the clock and the address
/// space layout. O(1), a system call.
HashSecret random_hash_secret() noexcept;
/// The process's secret, drawn on first use and fixed from then on (hashes are stored in key
/// records and indexes, so it must never change while a document lives). Thread-safe.
inline HashSecret& hash_secret() noexcept {
    static HashSecret secret = random_hash_secret();
    return secret;
}
/// Test hook: makes hash_key give every key the same hash (true) or go back to normal (false),
/// to show that no object can be made slow by collisions. Documents built before the switch
/// must not be read after it. Not thread-safe.
inline void set_equal_hashes_for_testing(bool on) noexcept {
    hash_secret().all_equal = on;
}

/// The hash of a key; every byte counts, and the process's secret enters at every step (a
/// multiply-mix over 8-byte words after the wyhash family). O(length).
inline std::uint32_t hash_key(std::string_view key) noexcept {
    constexpr std::uint64_t k0 = 0xa0761d6478bd642full, k1 = 0xe7037ed1a0b428dbull,
                            k2 = 0x8ebc6af09c88c6e3ull;
    const HashSecret& secret = hash_secret();
    if (ARENAJSON_DOM_UNLIKELY(secret.all_equal)) return 0;
    // The secret is XORed into both factors of every multiply: a factor an attacker could make
    // zero without knowing the secret would wipe the state and with it the seed.
    const std::uint64_t m1 = k1 ^ secret.s1;
    const char* p = key.data();
    std::size_t n = key.size();
    std::uint64_t seed = k0 ^ secret.s2 ^ n;
    std::uint64_t a, b;
    if (n <= 16) {
        if (n >= 8) {
            a = load64(p);
            b = load64(p + n - 8);
        } else if (n >= 4) {
            a = load32(p);
            b = load32(p + n - 4);
        } else if (n > 0) {
            a = (std::uint64_t{static_cast<unsigned char>(p[0])} << 16) |
                (std::uint64_t{static_cast<unsigned char>(p[n >> 1])} << 8) |
                static_cast<unsigned char>(p[n - 1]);
            b = 0;
        } else {
            a = b = 0;
        }
    } else {
        while (n > 16) {
            seed = mix(load64(p) ^ m1, load64(p + 8) ^ seed);
            p += 16;
            n -= 16;
        }
        a = load64(p + n - 16);
        b = load64(p + n - 8);
    }
    const std::uint64_t h = mix(a ^ m1, b ^ seed ^ k2);
    return static_cast<std::uint32_t>(h ^ (h >> 32));
}

}  // namespace arenajson::detail
