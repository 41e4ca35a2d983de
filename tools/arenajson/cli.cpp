#include "cli.hpp"

#include <unistd.h>

#include <algorithm>
#include <thread>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>

namespace arenajson::cli {

CLI::Validator whole_number(unsigned long long min, unsigned long long max,
                            const std::string& name) {
    const std::string expected =
        "expected a whole number from " + std::to_string(min) + " to " +
        (max == std::numeric_limits<unsigned long long>::max() ? std::string("2^64 - 1")
                                                               : std::to_string(max));
    return CLI::Validator(
        [min, max, expected](std::string& value) {
            const bool digits =
                !value.empty() && value.find_first_not_of("0123456789") == std::string::npos;
            errno = 0;
            const unsigned long long n = digits ? std::strtoull(value.c_str(), nullptr, 10) : 0;
            if (!digits || errno != 0 || n < min || n > max) {
                return expected + ", got '" + value + "'";
            }
            value = std::to_string(n);  // CLI11 would read a leading 0 as octal
            return std::string();
        },
        name);
}

void add_common_options(CLI::App& app, CommonOptions& o) {
    app.add_flag("--ndjson", o.ndjson, "Input is NDJSON: one value per line, each a document");
    app.add_option("--chunk-size", o.chunk_size,
                   "Feed the parser in pieces of this many bytes (any size gives the same answer)")
        ->transform(whole_number(1, std::numeric_limits<std::size_t>::max(), "BYTES"));
    app.add_option("--max-depth", o.max_depth, "Deepest nesting accepted")
        ->transform(whole_number(0, std::numeric_limits<std::size_t>::max(), ""))
        ->capture_default_str();
    app.add_option("--max-memory", o.max_memory, "Most memory one document may take, e.g. 512M, 4G")
        ->capture_default_str();
    app.add_option("--max-input", o.max_input,
                   "Most bytes of JSON text read from one input (after decompression)")
        ->capture_default_str();
    app.add_option("--zstd-window-log", o.zstd_window_log,
                   "Largest zstd window accepted, as a power of two from 10 to 31 (27 = 128 MiB)")
        ->transform(whole_number(10, 31, ""))
        ->capture_default_str();
    app.add_flag("--allow-bom", o.allow_bom, "Skip a UTF-8 byte-order mark at the start");
    app.add_flag(
        "--reject-duplicate-keys", o.reject_duplicates,
        "Reject objects with a repeated key (by default all are kept; lookups find the first)");
    app.add_flag("--no-color", o.no_color, "Never colour the output (also: NO_COLOR set)");
    app.add_option("--threads", o.threads,
                   "With --ndjson: threads that parse records (default: one per core; 1 parses "
                   "on one thread, which a large file's read-ahead thread feeds)")
        ->transform(whole_number(1, 1024, "N"));
    app.add_flag("--no-mmap", o.no_mmap,
                 "With --ndjson on more than four threads: read a file with pread instead of "
                 "mapping it (a mapped file truncated by another process while it is read kills "
                 "this one)");
}

bool parse_size(const std::string& text, std::uint64_t& out) {
    if (text.empty()) return false;
    char* end = nullptr;
    errno = 0;
    const unsigned long long v = std::strtoull(text.c_str(), &end, 10);
    if (errno != 0 || end == text.c_str() || text[0] == '-') return false;
    std::uint64_t unit = 1;
    const std::string suffix(end);
    if (suffix == "K" || suffix == "k" || suffix == "KiB") {
        unit = std::uint64_t{1} << 10;
    } else if (suffix == "M" || suffix == "MiB") {
        unit = std::uint64_t{1} << 20;
    } else if (suffix == "G" || suffix == "GiB") {
        unit = std::uint64_t{1} << 30;
    } else if (suffix == "T" || suffix == "TiB") {
        unit = std::uint64_t{1} << 40;
    } else if (!suffix.empty()) {
        return false;
    }
    if (v > std::numeric_limits<std::uint64_t>::max() / unit) return false;
    out = v * unit;
    return true;
}

bool to_parse_options(const CommonOptions& o, ParseOptions& out) {
    std::uint64_t memory = 0, input = 0;
    if (!parse_size(o.max_memory, memory)) {
        fail("--max-memory: expected a size such as 512M or 4G, got '" + o.max_memory + "'",
             kExitUsage);
        return false;
    }
    if (!parse_size(o.max_input, input)) {
        fail("--max-input: expected a size such as 512M or 64G, got '" + o.max_input + "'",
             kExitUsage);
        return false;
    }
    out.reader.max_depth = o.max_depth;
    out.reader.ndjson = o.ndjson;
    out.max_memory = static_cast<std::size_t>(memory);
    out.reader.allow_bom = o.allow_bom;
    out.duplicate_keys = o.reject_duplicates ? DuplicateKeys::reject : DuplicateKeys::keep;
    out.source.max_input_bytes = input;
    out.source.zstd_window_log_max = o.zstd_window_log;
    out.source.max_chunk = o.chunk_size;
    out.source.map_files = !o.no_mmap;
    return true;
}

Result<Source> open_input(const std::string& name, const ParseOptions& options) {
    if (name == "-") return Source::open_stdin(options.source);
    return Source::open_file(name, options.source);
}

std::string display_name(const std::string& name) {
    return name == "-" ? "<stdin>" : name;
}

namespace {
bool stderr_color() {
    static const bool color = ::isatty(STDERR_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr;
    return color;
}
const char* error_word() {
    return stderr_color() ? "\033[1;31merror\033[0m" : "error";
}
}  // namespace

namespace {
// The option that lifts a limit, or allows what a policy refuses: the library's messages name
// the limit, the command line names its flag.
const char* flag_hint(ErrorCode code) {
    switch (code) {
        case ErrorCode::depth_limit:
            return " (raise it with --max-depth)";
        case ErrorCode::memory_limit:
            return " (raise it with --max-memory)";
        case ErrorCode::input_limit:
            return " (raise it with --max-input)";
        case ErrorCode::zstd_window_limit:
            return " (raise it with --zstd-window-log)";
        case ErrorCode::byte_order_mark:
            return " (allow it with --allow-bom)";
        default:
            return "";
    }
}
}  // namespace

int report(const std::string& name, const Error& e) {
    std::string message;
    if (e.at_end) message += "unexpected end of input: ";
    message += e.message();
    message += flag_hint(e.code);
    if (e.system_errno != 0) {
        message += ": ";
        message += std::strerror(e.system_errno);
    }
    const bool io = e.code == ErrorCode::open_failed || e.code == ErrorCode::read_failed ||
                    e.code == ErrorCode::write_failed;
    if (e.line != 0) {
        std::fprintf(stderr, "%s:%llu:%llu: %s: %s\n", display_name(name).c_str(),
                     static_cast<unsigned long long>(e.line),
                     static_cast<unsigned long long>(e.column), error_word(), message.c_str());
    } else if (!io && e.offset != 0) {
        std::fprintf(stderr, "%s: %s: %s (at byte %llu)\n", display_name(name).c_str(),
                     error_word(), message.c_str(), static_cast<unsigned long long>(e.offset));
    } else {
        std::fprintf(stderr, "%s: %s: %s\n", display_name(name).c_str(), error_word(),
                     message.c_str());
    }
    return io ? kExitUsage : kExitInvalid;
}

int fail(const std::string& message, int code) {
    std::fprintf(stderr, "arenajson: %s: %s\n", error_word(), message.c_str());
    return code;
}

bool use_color(const CommonOptions& options) {
    return !options.no_color && std::getenv("NO_COLOR") == nullptr && ::isatty(STDOUT_FILENO) != 0;
}

namespace {

// jq's default colours.
constexpr const char* kNull = "1;30";
constexpr const char* kPlain = "0;39";
constexpr const char* kString = "0;32";
constexpr const char* kContainer = "1;39";
constexpr const char* kKey = "34;1";

void paint(std::string& out, const char* color, std::string_view text) {
    out += "\033[";
    out += color;
    out += 'm';
    out += text;
    out += "\033[0m";
}

}  // namespace

// Colours JSON text that the writer produced (so it is valid): a string followed by ':' is a key.
std::string colorize(std::string_view json) {
    std::string out;
    out.reserve(json.size() * 2);
    std::size_t i = 0;
    while (i < json.size()) {
        const char c = json[i];
        if (c == '"') {
            std::size_t j = i + 1;
            while (j < json.size() && json[j] != '"')
                j += json[j] == '\\' ? 2 : 1;
            ++j;
            std::size_t k = j;
            while (k < json.size() && json[k] == ' ')
                ++k;
            paint(out, k < json.size() && json[k] == ':' ? kKey : kString, json.substr(i, j - i));
            i = j;
        } else if (c == '[' || c == ']' || c == '{' || c == '}') {
            paint(out, kContainer, json.substr(i, 1));
            ++i;
        } else if (c == 'n') {
            paint(out, kNull, json.substr(i, 4));
            i += 4;
        } else if (c == ',' || c == ':' || c == ' ' || c == '\n') {
            out += c;
            ++i;
        } else {
            std::size_t j = i;
            while (j < json.size() && std::strchr(",:]} \n", json[j]) == nullptr)
                ++j;
            paint(out, kPlain, json.substr(i, j - i));
            i = j;
        }
    }
    return out;
}

bool print_value(Value value, const OutputOptions& options) {
    if (options.raw_strings && value.is_string()) {
        const std::string_view s = *value.get_string();
        return std::fwrite(s.data(), 1, s.size(), stdout) == s.size() &&
               std::fputc('\n', stdout) != EOF;
    }
    WriteOptions w;
    w.pretty = !options.compact;
    w.indent = options.indent;
    w.jq_style = options.jq_style;
    if (!options.color) {
        if (!write(value, stdout, w)) return false;
        return std::fputc('\n', stdout) != EOF;
    }
    const std::string text = colorize(to_string(value, w));
    return std::fwrite(text.data(), 1, text.size(), stdout) == text.size() &&
           std::fputc('\n', stdout) != EOF;
}

void format_value(Value value, const OutputOptions& options, std::string& out) {
    if (options.raw_strings && value.is_string()) {
        out += *value.get_string();
        out += '\n';
        return;
    }
    WriteOptions w;
    w.pretty = !options.compact;
    w.indent = options.indent;
    w.jq_style = options.jq_style;
    if (options.color) {
        out += colorize(to_string(value, w));
    } else {
        write(value, out, w);
    }
    out += '\n';
}

unsigned worker_threads(const CommonOptions& options) {
    return options.threads != 0 ? options.threads
                                : std::max(1u, std::thread::hardware_concurrency());
}

int run_parallel(const std::string& name, const ParseOptions& options, const CommonOptions& common,
                 const std::function<BlockWork()>& make_worker,
                 const std::function<int(const Error&)>& on_error,
                 const std::function<bool(std::string_view)>& emit) {
    Result<Source> source = open_input(name, options);
    if (!source) return report(name, source.error());
    ParallelOptions parallel;
    parallel.threads = worker_threads(common);
    Progress progress(display_name(name), source->size_hint());
    parallel.progress = [&](std::uint64_t bytes) { progress.update(bytes); };
    const Status st = parallel_blocks(*source, parallel, make_worker, [&](std::string_view text) {
        if (emit) return emit(text);
        return std::fwrite(text.data(), 1, text.size(), stdout) == text.size();
    });
    if (st) return kExitOk;
    if (st.error().code == ErrorCode::write_failed) {
        return report("<stdout>", Error::system(ErrorCode::write_failed, errno));
    }
    if (on_error) {
        const int rc = on_error(st.error());
        if (rc >= 0) return rc;
    }
    return report(name, st.error());
}

Progress::Progress(std::string name, std::optional<std::uint64_t> total)
    : name_(std::move(name)),
      total_(total),
      start_(std::chrono::steady_clock::now()),
      last_shown_(start_),
      enabled_(::isatty(STDERR_FILENO) != 0) {
}

Progress::~Progress() {
    if (shown_) std::fputs("\r\033[K", stderr);
}

void Progress::update(std::uint64_t bytes) {
    // The clock is read every 16th call only: chunks arrive fast.
    if (!enabled_ || (++calls_ & 15) != 0) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - start_ < std::chrono::seconds(1) ||
        now - last_shown_ < std::chrono::milliseconds(200))
        return;
    last_shown_ = now;
    shown_ = true;
    const double mb = static_cast<double>(bytes) / 1e6;
    if (total_ && *total_ > 0) {
        std::fprintf(stderr, "\r\033[K%s: %.0f MB (%.0f%%)", name_.c_str(), mb,
                     100.0 * static_cast<double>(bytes) / static_cast<double>(*total_));
    } else {
        std::fprintf(stderr, "\r\033[K%s: %.0f MB", name_.c_str(), mb);
    }
}

Result<Document> load_document(Source& source, Parser& parser, const std::string& name) {
    Progress progress(display_name(name), source.size_hint());
    return parser.parse_source(source, [&](std::uint64_t bytes) { progress.update(bytes); });
}

}  // namespace arenajson::cli
