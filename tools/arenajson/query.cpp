// arenajson query [OPTIONS] FILTER [FILE...]: jq's command line over arenajson/query.hpp. This
// file handles the arguments, the inputs and the printing; the language is the library's.
#include <pthread.h>
#include <arenajson/detail/json_text.hpp>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "cli.hpp"

#include <arenajson/parallel.hpp>
#include "commands.hpp"
#include "inputs.hpp"

namespace arenajson::cli {

namespace {

// jq's exit statuses.
constexpr int kExitFalse = 1;     // -e: the last output was false or null
constexpr int kExitJqUsage = 2;   // usage or system error (and invalid input)
constexpr int kExitCompile = 3;   // the program does not compile
constexpr int kExitNoOutput = 4;  // -e: no output at all
constexpr int kExitRuntime = 5;   // a runtime error

struct QueryOptions {
    std::string filter;                    // or, with -f, the first input file
    std::vector<std::string> positionals;  // FILE...
    std::string from_file;
    bool null_input = false;
    bool raw_input = false;
    bool slurp = false;
    bool stream = false;
    bool compact = false;
    bool raw_output = false;
    bool raw_output0 = false;
    bool join_output = false;
    bool ascii = false;
    bool sort_keys = false;
    bool color = false;
    bool monochrome = false;
    bool tab = false;
    int indent = 2;
    bool exit_status = false;
    bool seq = false;
    bool unbuffered = false;
    bool args = false;
    bool jsonargs = false;
    std::vector<std::string> arg, argjson, slurpfile, rawfile;  // name, value pairs
    CommonOptions common;
};

std::vector<std::string>& positional_args() {
    static std::vector<std::string> args;
    return args;
}

bool read_file(const std::string& path, std::string& out) {
    std::ifstream f(path, std::ios::binary);
    if (!f) return false;
    std::ostringstream ss;
    ss << f.rdbuf();
    out = ss.str();
    return true;
}

// Buffered stdout: one write per 64 KiB, not one per value.
class Output {
  public:
    ~Output() { flush(); }
    std::string& buffer() { return buf_; }
    bool maybe_flush() { return buf_.size() < (64u << 10) || flush(); }
    bool flush() {
        if (!buf_.empty() && std::fwrite(buf_.data(), 1, buf_.size(), stdout) != buf_.size()) {
            failed_ = true;
        }
        buf_.clear();
        return !failed_;
    }
    [[nodiscard]] bool failed() const { return failed_; }

  private:
    std::string buf_;
    bool failed_ = false;
};

struct Printer {
    const QueryOptions& o;
    bool color;
    Output out;

    bool print(Value v) {
        format(v, out.buffer());
        if (o.unbuffered) return out.flush() && std::fflush(stdout) == 0;
        return out.maybe_flush();
    }

    // One result as jq prints it, appended to `b`.
    void format(Value v, std::string& b) const {
        if (o.seq) b.push_back('\x1e');
        if ((o.raw_output || o.join_output || o.raw_output0) && v.is_string() && !o.ascii) {
            b += *v.get_string();
        } else {
            JqTextOptions text;
            text.indent = o.compact ? 0 : o.indent;
            text.tab = o.tab && !o.compact;
            text.sort_keys = o.sort_keys;
            text.ascii = o.ascii;
            if (color) {
                std::string plain;
                append_jq_text(plain, v, text);
                b += colorize(plain);
            } else {
                append_jq_text(b, v, text);
            }
        }
        if (o.raw_output0) {
            b.push_back('\0');
        } else if (!o.join_output) {
            b.push_back('\n');
        }
    }
};

// The variables the program sees: --arg, --argjson, --slurpfile, --rawfile and $ARGS.
struct Variables {
    std::vector<Document> documents;
    std::vector<std::pair<std::string, Value>> values;
};

int build_variables(const QueryOptions& o, Variables& vars) {
    std::string named = "{";
    const auto add = [&](const std::string& name, const std::string& json) -> bool {
        Result<Document> doc = parse(json);
        if (!doc) return false;
        vars.documents.push_back(std::move(*doc));
        if (named.size() > 1) named += ',';
        detail::append_json_string(named, name);
        named += ":" + json;
        return true;
    };
    for (std::size_t i = 0; i + 1 < o.arg.size(); i += 2) {
        std::string quoted;
        detail::append_json_string(quoted, o.arg[i + 1]);
        add(o.arg[i], quoted);
    }
    for (std::size_t i = 0; i + 1 < o.argjson.size(); i += 2) {
        if (!add(o.argjson[i], o.argjson[i + 1])) {
            return fail("--argjson " + o.argjson[i] + ": invalid JSON text passed to --argjson",
                        kExitJqUsage);
        }
    }
    for (std::size_t i = 0; i + 1 < o.slurpfile.size(); i += 2) {
        std::string text;
        if (!read_file(o.slurpfile[i + 1], text))
            return fail("--slurpfile " + o.slurpfile[i] + ": cannot read " + o.slurpfile[i + 1],
                        kExitJqUsage);
        // The file's values as one array: parse them as a sequence.
        ParseOptions po;
        Inputs in({o.slurpfile[i + 1]}, po, InputMode::json, false);
        std::string array = "[";
        for (;;) {
            Value v;
            Result<bool> more = in.next(v);
            if (!more) {
                return fail("--slurpfile " + o.slurpfile[i] + ": " + more.error().to_string(),
                            kExitJqUsage);
            }
            if (!*more) break;
            if (array.size() > 1) array += ',';
            array += to_string(v);
        }
        add(o.slurpfile[i], array + "]");
    }
    for (std::size_t i = 0; i + 1 < o.rawfile.size(); i += 2) {
        std::string text;
        if (!read_file(o.rawfile[i + 1], text))
            return fail("--rawfile " + o.rawfile[i] + ": cannot read " + o.rawfile[i + 1],
                        kExitJqUsage);
        std::string quoted;
        detail::append_json_string(quoted, text);
        add(o.rawfile[i], quoted);
    }
    std::string positional = "[";
    for (const std::string& a : positional_args()) {
        if (positional.size() > 1) positional += ',';
        if (o.jsonargs) {
            Result<Document> check = parse(a);
            if (!check) return fail("--jsonargs: invalid JSON text: " + a, kExitJqUsage);
            positional += a;
        } else {
            detail::append_json_string(positional, a);
        }
    }
    std::string args_json = "{\"positional\":" + positional + "],\"named\":" + named + "}}";
    // The named values first (each variable), then $ARGS.
    std::vector<std::string> names;
    for (std::size_t i = 0; i + 1 < o.arg.size(); i += 2)
        names.push_back(o.arg[i]);
    for (std::size_t i = 0; i + 1 < o.argjson.size(); i += 2)
        names.push_back(o.argjson[i]);
    for (std::size_t i = 0; i + 1 < o.slurpfile.size(); i += 2)
        names.push_back(o.slurpfile[i]);
    for (std::size_t i = 0; i + 1 < o.rawfile.size(); i += 2)
        names.push_back(o.rawfile[i]);
    for (std::size_t i = 0; i < names.size(); ++i)
        vars.values.emplace_back(names[i], vars.documents[i].root());
    Result<Document> args = parse(args_json);
    if (!args) return fail("$ARGS: " + args.error().to_string(), kExitJqUsage);
    vars.documents.push_back(std::move(*args));
    vars.values.emplace_back("ARGS", vars.documents.back().root());
    // A named argument may repeat: the last one wins, as in jq.
    return kExitOk;
}

// Where the runs' outcomes add up: jq's exit status at the end.
struct Outcome {
    bool any_output = false;
    bool last_truthy = false;
    int status = kExitOk;
};

// How one run of the program on one input ended.
enum class RunEnd : std::uint8_t {
    ok,      // go on with the next input
    failed,  // a jq error, reported: go on with the next input (exit status 5 at the end)
    stop,    // halt, a limit or a write failure: the command stops
};

// The message jq gives when a plain path cannot index what it reaches (null indexes to null).
std::optional<std::string> path_error(const PathLookup& found, const std::vector<PathStep>& steps) {
    if (found.missing != ErrorCode::wrong_type || found.failed_on == Type::null)
        return std::nullopt;
    const PathStep& step = steps[found.failed_step];
    std::string key;
    if (step.kind == PathStep::Kind::index) {
        key = detail::jq_describe("number", std::to_string(step.index.value_or(0)), false);
    } else {
        std::string json;
        detail::append_json_string(json, step.key, {.del = true});
        key = detail::jq_describe("string", std::move(json), true);
    }
    return std::string("Cannot index ") + type_name(found.failed_on) + " with " + key;
}

// The value a lookup found, or null where the path led nowhere (jq's `.missing`).
Value found_or_null(const PathLookup& found) {
    static const Document null_document = *arenajson::parse("null");
    return found.document.empty() ? null_document.root() : found.document.root();
}

// Parallel NDJSON: a worker's output for a block is a series of segments (a kind byte, a
// length, the bytes), so results, messages and the end of a halted run stay in input order.
constexpr char kToStdout = 'o', kToStderr = 'e', kRuntimeError = 'r', kHalt = 'h';

void append_segment(std::string& out, char kind, std::string_view bytes) {
    out.push_back(kind);
    const auto n = static_cast<std::uint32_t>(bytes.size());
    out.append(reinterpret_cast<const char*>(&n), sizeof n);
    out.append(bytes);
}

int run(const QueryOptions& o) {
    ParseOptions options;
    if (!to_parse_options(o.common, options)) return kExitJqUsage;
    std::vector<std::string> files = o.positionals;
    std::string filter = o.filter;
    if (!o.from_file.empty()) {
        if (!o.filter.empty()) files.insert(files.begin(), o.filter);
        if (!read_file(o.from_file, filter))
            return fail("cannot read the filter from " + o.from_file, kExitJqUsage);
    } else if (filter.empty()) {
        return fail("query: expected a FILTER", kExitJqUsage);
    }
    Variables vars;
    if (const int rc = build_variables(o, vars); rc != kExitOk) return rc;
    arenajson::QueryOptions qo;
    qo.variables = vars.values;
    std::string message;
    Result<Query> query = Query::compile(filter, qo, &message);
    if (!query) {
        const Error& e = query.error();
        std::fprintf(stderr, "arenajson: error: query: %s at line %llu, column %llu\n",
                     message.c_str(), static_cast<unsigned long long>(e.line),
                     static_cast<unsigned long long>(e.column));
        return kExitCompile;
    }
    const bool color = o.color || (!o.monochrome && use_color(o.common));
    Printer printer{o, color, {}};
    Outcome outcome;
    const auto emit = [&](Value v) {
        outcome.any_output = true;
        outcome.last_truthy = !(v.is_null() || (v.is_bool() && !*v.get_bool()));
        return printer.print(v);
    };
    const auto finish = [&](int status) {
        if (!printer.out.flush())
            return report("<stdout>", Error::system(ErrorCode::write_failed, errno));
        if (status != kExitOk) return status;
        if (!o.exit_status) return kExitOk;
        if (!outcome.any_output) return kExitNoOutput;
        return outcome.last_truthy ? kExitOk : kExitFalse;
    };
    if (files.empty()) files.push_back("-");
    const EvaluationOptions limits{.max_memory = options.max_memory};

    std::optional<Error> input_error;
    std::string input_error_name;
    int status = kExitOk;
    // One run of `evaluation` on `input`, results to `sink`; errors reported as jq does.
    const auto run_once = [&](Evaluation& evaluation, Value input, const std::string& name,
                              const std::function<bool(Value)>& sink) -> RunEnd {
        const Status st = evaluation.run(input, sink);
        if (printer.out.failed()) {
            status = report("<stdout>", Error::system(ErrorCode::write_failed, errno));
            return RunEnd::stop;
        }
        if (input_error) {
            report(input_error_name, *input_error);
            status = kExitJqUsage;
            return RunEnd::stop;
        }
        if (st) return RunEnd::ok;
        const ErrorCode code = st.error().code;
        printer.out.flush();
        if (code == ErrorCode::query_halted) {
            const Value v = evaluation.halt_value();
            if (v.exists()) {
                if (v.is_string()) {
                    std::fwrite(v.get_string()->data(), 1, v.get_string()->size(), stderr);
                } else {
                    std::fprintf(stderr, "%s\n", to_string(v).c_str());
                }
            }
            status = evaluation.halt_code();
            return RunEnd::stop;
        }
        const std::string where = name == "-" ? "<stdin>" : name;
        if (code == ErrorCode::query_error) {
            std::fprintf(stderr, "arenajson: error (at %s): %s\n", where.c_str(),
                         evaluation.error_message().c_str());
            outcome.status = kExitRuntime;
            return RunEnd::failed;
        }
        std::fprintf(stderr, "arenajson: error (at %s): %s\n", where.c_str(), error_message(code));
        status = kExitRuntime;
        return RunEnd::stop;
    };

    const bool plain_inputs = !o.null_input && !o.slurp && !o.raw_input && !o.stream && !o.seq &&
                              positional_args().empty() && !query->reads_inputs();
    if (plain_inputs && o.common.ndjson && worker_threads(o.common) > 1 && !o.exit_status &&
        !o.unbuffered) {
        // Records on worker threads, each with its own evaluation; output in input order.
        bool failed = false;
        int halt_code = kExitOk;
        for (const std::string& name : files) {
            const int rc = run_parallel(
                name, options, o.common,
                [&]() -> BlockWork {
                    auto evaluation = std::make_shared<Evaluation>(*query, limits);
                    auto stream = std::make_shared<DocumentStream>(
                        DocumentStream::from_source(Source::from_memory({}), options));
                    auto scratch = std::make_shared<std::string>();
                    evaluation->set_input_location(display_name(name));
                    return [&, evaluation, stream, scratch](std::string_view block,
                                                            std::string& out) -> Status {
                        evaluation->set_message_sink([&out](std::string_view text) {
                            append_segment(out, kToStderr, text);
                        });
                        if (const std::vector<PathStep>* path = query->path()) {
                            // A plain path: followed in each record, building only its value.
                            Source records = Source::from_memory(block);
                            return find_path_per_record(
                                records, *path, options, [&](PathLookup& found) {
                                    scratch->clear();
                                    if (std::optional<std::string> why = path_error(found, *path)) {
                                        append_segment(out, kRuntimeError,
                                                       "arenajson: error (at " +
                                                           display_name(name) + "): " + *why +
                                                           "\n");
                                        return true;
                                    }
                                    printer.format(found_or_null(found), *scratch);
                                    append_segment(out, kToStdout, *scratch);
                                    return true;
                                });
                        }
                        stream->restart(Source::from_memory(block));
                        for (;;) {
                            Result<bool> more = stream->next();
                            if (!more) return more.error();
                            if (!*more) return {};
                            scratch->clear();
                            const Status st =
                                evaluation->run(stream->document().root(), [&](Value v) {
                                    printer.format(v, *scratch);
                                    return true;
                                });
                            append_segment(out, kToStdout, *scratch);
                            if (st) continue;
                            const ErrorCode code = st.error().code;
                            if (code == ErrorCode::query_error) {
                                append_segment(out, kRuntimeError,
                                               "arenajson: error (at " + display_name(name) +
                                                   "): " + evaluation->error_message() + "\n");
                                continue;
                            }
                            std::string text;
                            if (code == ErrorCode::query_halted) {
                                const Value v = evaluation->halt_value();
                                if (v.is_string()) {
                                    text = *v.get_string();
                                } else if (v.exists()) {
                                    text = to_string(v) + "\n";
                                }
                                const int halt = evaluation->halt_code();
                                text.insert(0, reinterpret_cast<const char*>(&halt), sizeof halt);
                            } else {
                                text.assign(sizeof(int), '\0');
                                const int runtime = kExitRuntime;
                                std::memcpy(text.data(), &runtime, sizeof runtime);
                                text += "arenajson: error (at " + display_name(name) +
                                        "): " + error_message(code) + "\n";
                            }
                            append_segment(out, kHalt, text);
                            return Error::of(ErrorCode::query_halted);
                        }
                    };
                },
                [&](const Error& e) -> int {
                    printer.out.flush();
                    if (e.code == ErrorCode::query_halted) return halt_code;
                    report(name, e);
                    return kExitJqUsage;
                },
                [&](std::string_view segments) {
                    while (segments.size() >= 5) {
                        const char kind = segments[0];
                        std::uint32_t n = 0;
                        std::memcpy(&n, segments.data() + 1, sizeof n);
                        const std::string_view bytes = segments.substr(5, n);
                        segments.remove_prefix(5 + n);
                        if (kind == kToStdout) {
                            if (!bytes.empty()) outcome.any_output = true;
                            std::string& b = printer.out.buffer();
                            b.append(bytes);
                            if (!printer.out.maybe_flush()) return false;
                            continue;
                        }
                        if (!printer.out.flush()) return false;
                        std::string_view text = bytes;
                        if (kind == kRuntimeError) failed = true;
                        if (kind == kHalt) {
                            std::memcpy(&halt_code, text.data(), sizeof halt_code);
                            text.remove_prefix(sizeof halt_code);
                        }
                        std::fwrite(text.data(), 1, text.size(), stderr);
                    }
                    return true;
                });
            if (rc != kExitOk) return finish(rc);
        }
        return finish(failed ? kExitRuntime : kExitOk);
    }

    const std::vector<PathStep>* path = query->path();
    const QueryStreaming* streaming = query->streaming();
    if (plain_inputs && (path != nullptr || streaming != nullptr)) {
        // Followed on the stream: a plain path builds only the value it reaches; `P[] | f`
        // builds one element of P at a time, runs f on it and drops it. Each input value (a
        // value of the sequence, or an NDJSON record) is one run, as in jq.
        ParseOptions per_value = options;
        per_value.reader.ndjson = o.common.ndjson;
        per_value.reader.sequence = !o.common.ndjson;
        std::optional<Evaluation> each, iterate;
        if (streaming != nullptr && path == nullptr) {
            each.emplace(streaming->each, limits);
            iterate.emplace(*Query::compile(".[]"), limits);
        }
        for (const std::string& name : files) {
            Result<Source> source = open_input(name, per_value);
            if (!source) {
                report(name, source.error());
                return finish(kExitJqUsage);
            }
            const std::string shown = display_name(name);
            const auto on_path_error = [&](const PathLookup& found,
                                           const std::vector<PathStep>& steps) {
                const std::optional<std::string> why = path_error(found, steps);
                if (!why) return false;
                printer.out.flush();
                std::fprintf(stderr, "arenajson: error (at %s): %s\n", shown.c_str(), why->c_str());
                outcome.status = kExitRuntime;
                return true;
            };
            bool stopped = false;
            Status st;
            if (path != nullptr) {
                st = find_path_per_record(*source, *path, per_value, [&](PathLookup& found) {
                    if (on_path_error(found, *path)) return true;
                    const Value v = found_or_null(found);
                    if (emit(v)) return true;
                    status = report("<stdout>", Error::system(ErrorCode::write_failed, errno));
                    return !(stopped = true);
                });
            } else {
                each->set_input_location(shown);
                iterate->set_input_location(shown);
                std::uint64_t produced = 0;
                bool value_done = false;  // this input value's run has ended (error or limit)
                const auto counted = [&](Value v) {
                    if (!emit(v)) return false;
                    return streaming->limit == 0 || ++produced < streaming->limit;
                };
                st = for_each_element(
                    *source, streaming->path, per_value,
                    [&](Value element) {
                        const RunEnd end = run_once(*each, element, name, counted);
                        if (end == RunEnd::stop) stopped = true;
                        value_done = end != RunEnd::ok ||
                                     (streaming->limit != 0 && produced >= streaming->limit);
                        return !value_done;
                    },
                    [&](PathLookup& found) {
                        const bool iterated = found.iterated;
                        produced = 0;
                        value_done = false;
                        if (stopped) return false;
                        if (iterated || on_path_error(found, streaming->path)) return true;
                        // Not a container: the program fails as `.[]` does on it.
                        const Value v = found_or_null(found);
                        stopped = run_once(*iterate, v, name, emit) == RunEnd::stop;
                        return !stopped;
                    });
            }
            if (stopped) return finish(status);
            if (!st) {
                printer.out.flush();
                report(name, st.error());
                return finish(kExitJqUsage);
            }
        }
        return finish(outcome.status);
    }

    // --stream: each input becomes its stream events (raw input is never streamed, as in jq).
    const InputMode mode = o.raw_input ? (o.slurp ? InputMode::raw_whole : InputMode::raw_lines)
                           : o.stream
                               ? (o.common.ndjson ? InputMode::ndjson_stream : InputMode::stream)
                           : o.common.ndjson ? InputMode::ndjson
                                             : InputMode::json;
    Inputs inputs(files, options, mode, o.seq);
    Evaluation evaluation(*query, limits);
    evaluation.set_input_source([&](Value& v) {
        Result<bool> more = inputs.next(v);
        if (!more) {
            input_error = more.error();
            input_error_name = inputs.name();
            return false;
        }
        if (*more) evaluation.set_input_location(display_name(inputs.name()));
        return *more;
    });

    if (o.null_input) {
        run_once(evaluation, Value(), "-", emit);
        return finish(status != kExitOk ? status : outcome.status);
    }
    if (o.slurp && mode != InputMode::raw_whole) {
        // Every value in one array: kept alive together for the run.
        std::vector<Value> values;
        for (;;) {
            Value v;
            Result<bool> more = inputs.next(v);
            if (!more) {
                report(inputs.name(), more.error());
                return finish(kExitJqUsage);
            }
            if (!*more) break;
            values.push_back(v);
        }
        Arena arena;
        auto* items = static_cast<detail::Node*>(
            arena.try_alloc(sizeof(detail::Node) * (values.size() + 1), 16));
        if (items == nullptr) return finish(fail("out of memory", kExitJqUsage));
        for (std::size_t i = 0; i < values.size(); ++i)
            items[i + 1] = *values[i].node();
        items[0] =
            detail::Node{std::uint64_t(detail::Tag::array) | (std::uint64_t{values.size()} << 8),
                         reinterpret_cast<std::uintptr_t>(items + 1)};
        if (values.empty()) items[0].payload = 0;
        run_once(evaluation, Value(items), files.front(), emit);
        return finish(status != kExitOk ? status : outcome.status);
    }
    for (;;) {
        Value v;
        Result<bool> more = inputs.next(v);
        if (!more) {
            printer.out.flush();
            report(inputs.name(), more.error());
            return finish(kExitJqUsage);
        }
        if (!*more) break;
        evaluation.set_input_location(display_name(inputs.name()));
        if (run_once(evaluation, v, inputs.name(), emit) == RunEnd::stop) return finish(status);
        inputs.release(0);
    }
    return finish(outcome.status);
}

// The run, on a thread with a large stack: deep jq recursion stops at the recursion limit
// (the stack's end) rather than at the 8 MiB of a default thread.
int run_on_large_stack(const QueryOptions& o) {
    struct Call {
        const QueryOptions* options;
        int result;
    } call{&o, kExitOk};
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, std::size_t{1} << 30);
    pthread_t thread;
    const auto body = [](void* p) -> void* {
        auto* c = static_cast<Call*>(p);
        try {
            c->result = run(*c->options);
        } catch (const std::exception& e) {
            c->result = fail(e.what(), kExitJqUsage);
        }
        return nullptr;
    };
    if (pthread_create(&thread, &attr, body, &call) != 0) {
        pthread_attr_destroy(&attr);
        return run(o);
    }
    pthread_attr_destroy(&attr);
    pthread_join(thread, nullptr);
    return call.result;
}

}  // namespace

void extract_query_args(std::vector<std::string>& args) {
    // After --args or --jsonargs, positional arguments past the filter are $ARGS.positional,
    // not files (jq's rule); options keep their meaning.
    if (args.size() < 2 || args[1] != "query") return;
    static const char* kWithValue[] = {
        "--indent",    "-f",           "--from-file", "--chunk-size",
        "--max-depth", "--max-memory", "--max-input", "--zstd-window-log"};
    static const char* kWithTwo[] = {"--arg", "--argjson", "--slurpfile", "--rawfile"};
    std::vector<std::string> kept(args.begin(), args.begin() + 2);
    bool collecting = false;
    bool filter_seen = false;
    bool from_file = false;
    for (std::size_t i = 2; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--args" || a == "--jsonargs") {
            collecting = true;
            kept.push_back(a);
            continue;
        }
        if (a == "-f" || a == "--from-file") from_file = true;
        bool takes = false;
        for (const char* w : kWithValue)
            takes = takes || a == w;
        int extra = takes ? 1 : 0;
        for (const char* w : kWithTwo)
            extra = a == w ? 2 : extra;
        if (extra > 0) {
            for (int j = 0; j <= extra && i < args.size(); ++j)
                kept.push_back(args[i++]);
            --i;
            continue;
        }
        if (!a.empty() && a[0] == '-' && a != "-") {
            kept.push_back(a);
            continue;
        }
        if (!filter_seen && !from_file) {
            filter_seen = true;
            kept.push_back(a);
            continue;
        }
        if (collecting) {
            positional_args().push_back(a);
        } else {
            kept.push_back(a);
        }
    }
    args = std::move(kept);
}

void register_query(CLI::App& root, int& exit_code) {
    auto o = std::make_shared<QueryOptions>();
    CLI::App* app = root.add_subcommand(
        "query",
        "Run a jq program on the inputs and print each result as jq does. The language is jq "
        "1.8's (modules excepted); the options are jq's. Exit status: 0 success; 1 with -e when "
        "the last output is false or null; 2 usage, I/O or invalid input; 3 the program does "
        "not compile; 4 with -e when there is no output; 5 a runtime error (or halt_error's).");
    // One value each, so CLI11 does not split `[1,2]` into a list of two arguments.
    app->add_option("filter", o->filter, "The jq program (with -f: the first input file)")
        ->allow_extra_args(false);
    app->add_option("files", o->positionals, "Inputs ('-' or none: standard input)");
    app->add_flag("-n,--null-input", o->null_input,
                  "Run the filter once on null; read inputs with input/inputs");
    app->add_flag("-R,--raw-input", o->raw_input,
                  "Each line of text is a string input (with -s: the whole text)");
    app->add_flag("-s,--slurp", o->slurp, "Run the filter once on an array of all the inputs");
    app->add_flag("--stream", o->stream,
                  "Each input is its stream events, [path, leaf] and [path], read without "
                  "building the value");
    app->add_flag("-c,--compact-output", o->compact, "One line per result");
    app->add_flag("-r,--raw-output", o->raw_output, "Print strings without quotes and escapes");
    app->add_flag("-j,--join-output", o->join_output, "As -r, and no newline after each result");
    app->add_flag("--raw-output0", o->raw_output0, "As -r, with NUL after each result");
    app->add_flag("-a,--ascii-output", o->ascii, "Escape every non-ASCII character");
    app->add_flag("-S,--sort-keys", o->sort_keys, "Print object keys in sorted order");
    app->add_flag("-C,--color-output", o->color,
                  "Colour the output even when it is not a terminal");
    app->add_flag("-M,--monochrome-output", o->monochrome, "Never colour the output");
    app->add_flag("--tab", o->tab, "Indent with a tab per level");
    app->add_option("--indent", o->indent, "Spaces per level in pretty output, 0 to 7 (0: compact)")
        ->transform(whole_number(0, 7, ""))
        ->capture_default_str();
    app->add_flag("-e,--exit-status", o->exit_status,
                  "Exit 1 when the last output is false or null, 4 when there is none");
    app->add_flag("--unbuffered", o->unbuffered, "Flush the output after each result");
    app->add_flag("--seq", o->seq,
                  "application/json-seq: RS before each output; RS ignored in inputs");
    app->add_option("-f,--from-file", o->from_file,
                    "Read the filter from this file; every argument is then an input");
    app->add_option("--arg", o->arg, "--arg NAME VALUE: $NAME is the string VALUE")
        ->expected(2)
        ->take_all()
        ->allow_extra_args(false);
    app->add_option("--argjson", o->argjson, "--argjson NAME JSON: $NAME is the value JSON")
        ->expected(2)
        ->take_all()
        ->allow_extra_args(false);
    app->add_option("--slurpfile", o->slurpfile,
                    "--slurpfile NAME FILE: $NAME is the array of FILE's values")
        ->expected(2)
        ->take_all()
        ->allow_extra_args(false);
    app->add_option("--rawfile", o->rawfile, "--rawfile NAME FILE: $NAME is FILE's text")
        ->expected(2)
        ->take_all()
        ->allow_extra_args(false);
    app->add_flag("--args", o->args, "Later positional arguments are strings in $ARGS.positional");
    app->add_flag("--jsonargs", o->jsonargs,
                  "Later positional arguments are JSON values in $ARGS.positional");
    add_common_options(*app, o->common);
    app->callback([o, &exit_code] { exit_code = run_on_large_stack(*o); });
}

}  // namespace arenajson::cli
