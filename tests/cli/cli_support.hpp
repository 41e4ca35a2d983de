// Helpers for the suites that run the arenajson command: a per-process scratch folder, shell
// quoting, running a command with stdin from a string, the committed samples.
#pragma once

#include "../test_support.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace arenajson::testing {

/// What a command did: its exit status (-1 when it did not exit), stdout and stderr.
struct Outcome {
    int status = -1;
    std::string out;
    std::string err;
};

/// A scratch folder of this test process, made on first use.
inline const std::filesystem::path& work_dir() {
    static const std::filesystem::path dir = [] {
        std::filesystem::path d = std::filesystem::temp_directory_path() /
                                  ("arenajson_cli_test_" + std::to_string(::getpid()));
        std::filesystem::create_directories(d);
        return d;
    }();
    return dir;
}

/// `s` quoted for the shell.
inline std::string quote(const std::string& s) {
    std::string q = "'";
    for (const char c : s)
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

/// Runs a shell command with `input` on stdin; stdout and stderr go to files (never a
/// terminal) and are read back.
inline Outcome shell(const std::string& command, const std::string& input = "") {
    const std::filesystem::path in = work_dir() / "stdin", out = work_dir() / "stdout",
                                err = work_dir() / "stderr";
    std::ofstream(in, std::ios::binary) << input;
    const std::string cmd = command + " < " + quote(in.string()) + " > " + quote(out.string()) +
                            " 2> " + quote(err.string());
    const int rc = std::system(cmd.c_str());
    Outcome r;
    r.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    r.out = read_file(out.string());
    r.err = read_file(err.string());
    return r;
}

/// A committed sample of corpus/samples.
inline std::string sample(const std::string& name) {
    return std::string(ARENAJSON_SOURCE_DIR) + "/corpus/samples/" + name;
}

}  // namespace arenajson::testing
