// Shared by the benchmark suites: where the corpus is, and loading a file once.
#pragma once

#include <cstdio>
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

inline const std::string& load_corpus(const std::string& name) {
    return load(corpus_dir() + "/" + name);
}

}  // namespace arenajson::bench
