// Shared by the benchmark suites: where the corpus is, and loading a file once.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

namespace arenajson::bench {

/// The standard corpus files, read from ../shared/corpus (ARENAJSON_SHARED_DIR at build time,
/// or the ARENAJSON_CORPUS environment variable).
inline std::string corpus_dir() {
    if (const char* env = std::getenv("ARENAJSON_CORPUS")) return env;
    return std::string(ARENAJSON_SHARED_DIR) + "/corpus";
}

inline const std::vector<std::string>& standard_files() {
    static const std::vector<std::string> files{"twitter.json", "citm_catalog.json", "canada.json"};
    return files;
}

/// The file's bytes, loaded once per process; empty when it is missing (the benchmark then
/// skips with a message).
inline const std::string& load(const std::string& path) {
    static std::map<std::string, std::string> cache;
    auto it = cache.find(path);
    if (it != cache.end()) return it->second;
    std::string data;
    if (std::FILE* f = std::fopen(path.c_str(), "rb")) {
        char buf[1 << 16];
        std::size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
            data.append(buf, n);
        std::fclose(f);
    }
    return cache.emplace(path, std::move(data)).first->second;
}

/// Where corpus/generate.py writes the large inputs (ARENAJSON_GENERATED overrides).
inline std::string generated_dir() {
    if (const char* env = std::getenv("ARENAJSON_GENERATED")) return env;
    return std::string(ARENAJSON_SOURCE_DIR) + "/corpus/generated";
}

/// "generated/NAME" names a file of generated_dir(); other names are standard corpus files.
inline std::string corpus_path(const std::string& name) {
    if (name.starts_with("generated/")) return generated_dir() + "/" + name.substr(10);
    return corpus_dir() + "/" + name;
}

inline const std::string& load_corpus(const std::string& name) {
    return load(corpus_path(name));
}

/// The generated large inputs that exist (scripts/bench.sh makes them first).
inline std::vector<std::string> large_files() {
    std::vector<std::string> out;
    for (const char* name : {"generated/twitter_large.json", "generated/canada_large.json"}) {
        if (std::FILE* f = std::fopen(corpus_path(name).c_str(), "rb")) {
            std::fclose(f);
            out.emplace_back(name);
        }
    }
    return out;
}

}  // namespace arenajson::bench
