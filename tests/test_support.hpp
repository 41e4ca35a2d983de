// Helpers shared by the test suites: reading files, the shared corpus, zstd compression.
#pragma once

#include <zstd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

namespace arenajson::testing {

/// A file's bytes; empty when it cannot be read.
inline std::string read_file(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

/// A file of ../shared/corpus; empty when ../shared is absent (tests then skip).
inline std::string corpus(const std::string& name) {
    return read_file(std::string(ARENAJSON_SHARED_DIR) + "/corpus/" + name);
}

/// One zstd frame holding `data` (with its content size declared).
inline std::string zstd_compress(std::string_view data, int level = 3) {
    std::string out(ZSTD_compressBound(data.size()), '\0');
    const std::size_t n = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), level);
    out.resize(ZSTD_isError(n) ? 0 : n);
    return out;
}

/// A zstd stream without a declared content size, with a checksum and the given window
/// (2^window_log, declared in the frame header), holding `parts` copies of `data` (so a large
/// input is never held whole). Fed with e_continue first, so the compressor cannot shrink the
/// window to the input.
inline std::string zstd_compress_streaming(std::string_view data, int window_log,
                                           std::size_t parts = 1, int level = 3) {
    ZSTD_CCtx* cctx = ZSTD_createCCtx();
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, level);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_windowLog, window_log);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_contentSizeFlag, 0);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
    std::string out;
    std::string buf(ZSTD_CStreamOutSize(), '\0');
    for (std::size_t i = 0; i < parts; ++i) {
        ZSTD_inBuffer in{data.data(), data.size(), 0};
        while (in.pos < in.size) {
            ZSTD_outBuffer o{buf.data(), buf.size(), 0};
            if (ZSTD_isError(ZSTD_compressStream2(cctx, &o, &in, ZSTD_e_continue))) break;
            out.append(buf.data(), o.pos);
        }
    }
    for (;;) {
        ZSTD_inBuffer in{nullptr, 0, 0};
        ZSTD_outBuffer o{buf.data(), buf.size(), 0};
        const std::size_t left = ZSTD_compressStream2(cctx, &o, &in, ZSTD_e_end);
        out.append(buf.data(), o.pos);
        if (left == 0 || ZSTD_isError(left)) break;
    }
    ZSTD_freeCCtx(cctx);
    return out;
}

}  // namespace arenajson::testing
