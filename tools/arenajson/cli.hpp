// What the arenajson subcommands share: options, opening inputs, reporting errors, output.
#pragma once

#include "arenajson/arenajson.hpp"

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

namespace arenajson::cli {

/// Exit codes (README, EXIT STATUS): 1 for invalid input or a filter error, 2 for usage and I/O.
inline constexpr int kExitOk = 0;
inline constexpr int kExitInvalid = 1;
inline constexpr int kExitUsage = 2;

/// Options every subcommand takes.
struct CommonOptions {
    bool ndjson = false;
    std::size_t chunk_size = 0;  // 0: feed what each read gives
    std::size_t max_depth = 1024;
    std::string max_memory = "4G";
    std::string max_input = "64G";
    int zstd_window_log = 27;
    bool allow_bom = false;
    bool reject_duplicates = false;
    bool no_color = false;
    unsigned threads = 0;  // --ndjson: worker threads (0: one per core)
    bool no_mmap = false;  // --ndjson on threads: pread a file instead of mapping it
};

/// Moves `arenajson query`'s positional arguments after --args/--jsonargs out of `args` (the
/// whole command line, program name first), for $ARGS.positional.
void extract_query_args(std::vector<std::string>& args);

/// Registers the common options on a subcommand.
void add_common_options(CLI::App& app, CommonOptions& options);
/// An option check: decimal digits only, from `min` to `max`. It rewrites the value without
/// leading zeros, since CLI11 reads "010" as octal, and refuses what CLI11 would wrap ("-1")
/// or saturate (past 64 bits) with "expected a whole number from MIN to MAX, got 'VALUE'".
CLI::Validator whole_number(unsigned long long min, unsigned long long max,
                            const std::string& name);

/// Parses "4G", "512M", "64K" or plain bytes (binary units). False on a malformed size.
bool parse_size(const std::string& text, std::uint64_t& out);

/// The library options the common options stand for; false (after printing why) when a size
/// option is malformed.
bool to_parse_options(const CommonOptions& options, ParseOptions& out);

/// Opens FILE, or standard input for "-". Zstd is recognised by its magic bytes.
Result<Source> open_input(const std::string& name, const ParseOptions& options);

/// How an input is named in messages: the path, or "<stdin>".
std::string display_name(const std::string& name);

/// Prints "FILE:LINE:COL: error: MESSAGE" (or "FILE: error: MESSAGE" when the error has no
/// position) to stderr and returns the exit code for it.
int report(const std::string& name, const Error& error);
/// Prints "arenajson: error: MESSAGE" to stderr and returns `code`.
int fail(const std::string& message, int code);

/// True when colours should be used on stdout: a terminal, no NO_COLOR, no --no-color.
bool use_color(const CommonOptions& options);

/// How values are printed.
struct OutputOptions {
    bool compact = false;
    bool raw_strings = false;  // -r: strings without quotes and escapes
    int indent = 2;
    bool color = false;
    bool jq_style = true;  // integral doubles as integers and DEL escaped, as jq prints them
};

/// Colours JSON text as jq colours it (the text must be what a writer produced).
std::string colorize(std::string_view json);

/// Prints one value and a newline to stdout. False (errno set) when writing failed.
bool print_value(Value value, const OutputOptions& options);
/// The same text appended to `out` (for output gathered on worker threads).
void format_value(Value value, const OutputOptions& options, std::string& out);

/// The worker threads --threads asks for (one per core by default).
unsigned worker_threads(const CommonOptions& options);
/// Runs an NDJSON input on worker threads (parallel_blocks): each thread gets the BlockWork
/// `make_worker` makes, the blocks' output goes to `emit` (default: stdout; false stops with
/// write_failed) in input order, and the first error in input order is reported (`on_error`
/// may report it its own way and return the exit code, or return -1 to leave it to report()).
/// Returns the exit code.
int run_parallel(const std::string& name, const ParseOptions& options, const CommonOptions& common,
                 const std::function<BlockWork()>& make_worker,
                 const std::function<int(const Error&)>& on_error = {},
                 const std::function<bool(std::string_view)>& emit = {});

/// A progress line on stderr for inputs that take more than a second, only when stderr is a
/// terminal. Cleared when done.
class Progress {
  public:
    Progress(std::string name, std::optional<std::uint64_t> total);
    ~Progress();
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;
    /// `bytes` read so far. Cheap when nothing is shown.
    void update(std::uint64_t bytes);

  private:
    std::string name_;
    std::optional<std::uint64_t> total_;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point last_shown_;
    bool enabled_;
    bool shown_ = false;
    unsigned calls_ = 0;
};

/// Parses one whole document from an input, reporting progress. Errors as Result.
Result<Document> load_document(Source& source, Parser& parser, const std::string& name);

/// Runs `each` on every document of an input: the one document, or every NDJSON record.
/// `each` returns an exit code; non-zero stops. Reports input errors itself. When given,
/// `bytes_read` receives the bytes of JSON text read.
template <class Each>
int for_each_document(const std::string& name, const ParseOptions& options, bool ndjson, Each each,
                      std::uint64_t* bytes_read = nullptr) {
    Result<Source> source = open_input(name, options);
    if (!source) return report(name, source.error());
    if (!ndjson) {
        Parser parser(options);
        Result<Document> doc = load_document(*source, parser, name);
        if (bytes_read) *bytes_read = source->bytes_produced();
        if (!doc) return report(name, doc.error());
        return each(*doc);
    }
    Progress progress(display_name(name), source->size_hint());
    DocumentStream stream = DocumentStream::from_source(std::move(*source), options);
    for (;;) {
        Result<bool> more = stream.next();
        if (bytes_read) *bytes_read = stream.offset();
        if (!more) return report(name, more.error());
        if (!*more) return kExitOk;
        progress.update(stream.offset());
        if (const int rc = each(stream.document()); rc != kExitOk) return rc;
    }
}

}  // namespace arenajson::cli
