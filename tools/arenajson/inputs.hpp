// The inputs of `arenajson query`, read as jq reads them: every file (or stdin) holds any
// number of whitespace-separated JSON values, and the files form one stream of values; or
// lines of raw text (-R); or NDJSON records (--ndjson).
#pragma once

#include "cli.hpp"

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace arenajson::cli {

/// How inputs are split into values. `stream` and `ndjson_stream` (--stream) turn each JSON or
/// NDJSON value into jq's stream events (`[path, leaf]`, `[path]`), one input per event, built
/// from the reader's events without building the value.
enum class InputMode : std::uint8_t { json, ndjson, raw_lines, raw_whole, stream, ndjson_stream };

/// Reads values one after another from a list of files. Each value lives in its own arena,
/// kept until release() says it is no longer needed, so `input`, `inputs` and --slurp can
/// hold on to earlier values.
class Inputs {
  public:
    Inputs(std::vector<std::string> files, const ParseOptions& options, InputMode mode, bool seq);
    ~Inputs();
    Inputs(const Inputs&) = delete;
    Inputs& operator=(const Inputs&) = delete;

    /// The next value: true and `out` set, false at the end of the last file. Errors: parse
    /// and I/O errors of the current file (name() tells which).
    Result<bool> next(Value& out);
    /// The file the last value came from (as given, "-" for stdin).
    [[nodiscard]] const std::string& name() const noexcept { return current_name_; }
    /// Drops every value read so far except the last `keep`. Values handed out before are
    /// invalid afterwards.
    void release(std::size_t keep);

  private:
    struct Doc;
    struct Reading;
    struct Streaming;
    Result<bool> next_json(Value& out);
    Result<bool> next_stream(Value& out);
    Result<bool> next_raw(Value& out);
    Result<bool> open_next();
    Result<Reading*> current();
    Result<bool> refill(Reading& r);

    std::vector<std::string> files_;
    std::size_t next_file_ = 0;
    ParseOptions options_;
    InputMode mode_;
    bool seq_;
    std::string current_name_;
    std::unique_ptr<Reading> reading_;
    std::unique_ptr<Streaming> streaming_;
    std::deque<std::unique_ptr<Doc>> docs_;
    bool raw_done_ = false;
};

}  // namespace arenajson::cli
