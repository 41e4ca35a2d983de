// Inputs an attacker would send: objects whose keys collide in the hash arenajson used before
// it was seeded, and the shapes that make the most DOM per input byte. Shared by
// bench_hostile and tests/hostile_test.cpp.
#pragma once

#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace arenajson::hostile {

/// The key hash of arenajson 0.1: the same multiply-mix as today's hash_key, with fixed
/// constants and no per-process secret, so anyone could compute colliding keys offline.
inline std::uint32_t unseeded_hash(std::string_view key) {
    const auto mix = [](std::uint64_t a, std::uint64_t b) {
        __extension__ using u128 = unsigned __int128;
        const u128 r = static_cast<u128>(a) * b;
        return static_cast<std::uint64_t>(r) ^ static_cast<std::uint64_t>(r >> 64);
    };
    const auto load = [](const char* p, std::size_t n) {
        std::uint64_t v = 0;
        std::memcpy(&v, p, n);
        return v;
    };
    constexpr std::uint64_t k0 = 0xa0761d6478bd642full, k1 = 0xe7037ed1a0b428dbull,
                            k2 = 0x8ebc6af09c88c6e3ull;
    const char* p = key.data();
    std::size_t n = key.size();
    std::uint64_t seed = k0 ^ n;
    std::uint64_t a = 0, b = 0;
    if (n <= 16) {
        if (n >= 8) {
            a = load(p, 8);
            b = load(p + n - 8, 8);
        } else if (n >= 4) {
            a = load(p, 4);
            b = load(p + n - 4, 4);
        } else if (n > 0) {
            a = (std::uint64_t{static_cast<unsigned char>(p[0])} << 16) |
                (std::uint64_t{static_cast<unsigned char>(p[n >> 1])} << 8) |
                static_cast<unsigned char>(p[n - 1]);
        }
    } else {
        while (n > 16) {
            seed = mix(load(p, 8) ^ k1, load(p + 8, 8) ^ seed);
            p += 16;
            n -= 16;
        }
        a = load(p + n - 16, 8);
        b = load(p + n - 8, 8);
    }
    const std::uint64_t h = mix(a ^ k1, b ^ seed ^ k2);
    return static_cast<std::uint32_t>(h ^ (h >> 32));
}

/// `count` distinct 10-letter keys whose unseeded hashes all fall into the first `band` slots
/// of the index an object of `count` members had in arenajson 0.1 (a power of two >= 1.5 x
/// count): linear probing then walks one run that grows with every member, O(count^2) in all.
/// Found by trying random keys; deterministic for a given seed. O(count x slots / band).
inline std::vector<std::string> colliding_keys(std::size_t count, std::size_t band,
                                               std::uint64_t seed = 1) {
    std::size_t slots = 1;
    while (slots < count + count / 2 + 1)
        slots <<= 1;
    std::mt19937_64 rng(seed);
    std::vector<std::string> keys;
    std::unordered_set<std::string> seen;
    std::string key(10, 'a');
    while (keys.size() < count) {
        std::uint64_t bits = rng();
        for (char& c : key) {
            c = static_cast<char>('a' + bits % 26);
            bits /= 26;
        }
        if ((unseeded_hash(key) & (slots - 1)) < band && seen.insert(key).second) {
            keys.push_back(key);
        }
    }
    return keys;
}

/// `count` distinct ordinary 10-letter keys, for comparison with colliding_keys.
inline std::vector<std::string> ordinary_keys(std::size_t count, std::uint64_t seed = 2) {
    std::mt19937_64 rng(seed);
    std::vector<std::string> keys;
    std::unordered_set<std::string> seen;
    std::string key(10, 'a');
    while (keys.size() < count) {
        std::uint64_t bits = rng();
        for (char& c : key) {
            c = static_cast<char>('a' + bits % 26);
            bits /= 26;
        }
        if (seen.insert(key).second) keys.push_back(key);
    }
    return keys;
}

/// {"key0":0,"key1":1,...}, the values the member positions modulo 10.
inline std::string object_of(const std::vector<std::string>& keys) {
    std::string json = "{";
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (i != 0) json += ',';
        json += '"';
        json += keys[i];
        json += "\":";
        json += static_cast<char>('0' + i % 10);
    }
    json += '}';
    return json;
}

/// A shape of input that makes much DOM per byte, and how to make `bytes` of it.
struct Shape {
    const char* name;
    std::string (*make)(std::size_t bytes);
};

/// Repeats `item` (each followed by a comma but the last) inside `open` ... `close` until the
/// text is about `bytes` long.
inline std::string repeated(std::string_view open, std::string_view item, std::string_view close,
                            std::size_t bytes) {
    std::string json(open);
    json.reserve(bytes + item.size() + 8);
    bool first = true;
    while (json.size() + item.size() + close.size() < bytes) {
        if (!first) json += ',';
        first = false;
        json += item;
    }
    json += close;
    return json;
}

/// An array of `bytes` worth of arrays nested `depth` deep: [[[...]]],[[[...]]],...
inline std::string nested(std::size_t depth, std::size_t bytes) {
    const std::string one = std::string(depth, '[') + std::string(depth, ']');
    return repeated("[", one, "]", bytes);
}

/// The worst shapes known for DOM bytes per input byte, and deep nesting.
inline const std::vector<Shape>& shapes() {
    static const std::vector<Shape> all{
        {"empty_arrays", [](std::size_t n) { return repeated("[", "[]", "]", n); }},
        {"zeros", [](std::size_t n) { return repeated("[", "0", "]", n); }},
        {"empty_objects", [](std::size_t n) { return repeated("[", "{}", "]", n); }},
        {"one_letter_strings", [](std::size_t n) { return repeated("[", "\"a\"", "]", n); }},
        {"repeated_key", [](std::size_t n) { return repeated("{", "\"a\":0", "}", n); }},
        {"small_objects", [](std::size_t n) { return repeated("[", "{\"a\":0}", "]", n); }},
        {"long_numbers", [](std::size_t n) { return repeated("[", "1.0000000000000001", "]", n); }},
        {"deep_nesting_1000", [](std::size_t n) { return nested(1000, n); }},
    };
    return all;
}

}  // namespace arenajson::hostile
