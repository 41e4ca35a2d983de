#include "arenajson/path.hpp"

#include <utility>

namespace arenajson {

Result<std::vector<PathStep>> parse_pointer(std::string_view pointer) {
    std::vector<PathStep> steps;
    if (pointer.empty()) return steps;
    Error invalid;
    invalid.code = ErrorCode::invalid_pointer;
    if (pointer[0] != '/') return invalid;
    std::size_t pos = 1;
    for (;;) {
        const std::size_t slash = pointer.find('/', pos);
        const std::string_view raw = pointer.substr(
            pos, slash == std::string_view::npos ? std::string_view::npos : slash - pos);
        PathStep step;
        step.kind = PathStep::Kind::token;
        for (std::size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] != '~') {
                step.key += raw[i];
            } else if (i + 1 < raw.size() && (raw[i + 1] == '0' || raw[i + 1] == '1')) {
                step.key += raw[++i] == '0' ? '~' : '/';
            } else {
                return invalid;
            }
        }
        // An array index: "0" or digits without a leading zero ("-" names no element).
        const std::string& k = step.key;
        if (!k.empty() && k.size() <= 19 && (k.size() == 1 || k[0] != '0') &&
            k.find_first_not_of("0123456789") == std::string::npos) {
            step.index = static_cast<std::size_t>(std::stoull(k));
        }
        steps.push_back(std::move(step));
        if (slash == std::string_view::npos) return steps;
        pos = slash + 1;
    }
}

namespace {

// Follows the path through reader events. While seeking, it watches only the container the
// next step applies to; once the value at the path starts, its events go to a DomBuilder
// until it ends. Everything else is counted (depth) and dropped. DuplicateKeys::reject checks
// the keys of every object in the document, captured or not.
class PathFinder {
  public:
    PathFinder(const std::vector<PathStep>& steps, Arena& arena, DuplicateKeys duplicates)
        : steps_(steps), reject_duplicates_(duplicates == DuplicateKeys::reject) {
        restart(arena);
    }

    /// Forgets the document so far and follows the path again, building into `arena`.
    void restart(Arena& arena) noexcept {
        builder_.begin(arena, DuplicateKeys::keep);
        keys_.reset();
        keys_.set_memory_limit(arena.options().byte_limit);
        error_ = ErrorCode::ok;
        phase_ = Phase::seeking;
        depth_ = 0;
        resolved_ = 0;
        root_seen_ = searching_ = search_array_ = key_found_ = value_next_ = false;
        search_depth_ = capture_depth_ = 0;
        element_ = 0;
        result_ = nullptr;
        missing_ = ErrorCode::ok;
        failed_step_ = 0;
        failed_on_ = Type::null;
    }

    /// NDJSON: called by read_all after each record; `on_record` (when set) takes the result.
    bool on_document_end() { return !on_record || on_record(); }
    std::function<bool()> on_record;

    bool on_null() {
        return scalar(Type::null, [&] { return builder_.on_null(); });
    }
    bool on_bool(bool b) {
        return scalar(Type::boolean, [&] { return builder_.on_bool(b); });
    }
    bool on_int64(std::int64_t i) {
        return scalar(Type::number, [&] { return builder_.on_int64(i); });
    }
    bool on_uint64(std::uint64_t u) {
        return scalar(Type::number, [&] { return builder_.on_uint64(u); });
    }
    bool on_double(double d) {
        return scalar(Type::number, [&] { return builder_.on_double(d); });
    }
    bool on_number_text(std::string_view t) {
        return scalar(Type::number, [&] { return builder_.on_number_text(t); });
    }
    bool on_string(std::string_view s) {
        return scalar(Type::string, [&] { return builder_.on_string(s); });
    }
    bool on_key(std::string_view k) {
        if (reject_duplicates_ && !keys_.on_key(k)) return fail(keys_.error_code());
        if (phase_ == Phase::capturing) return builder_.on_key(k);
        if (phase_ == Phase::seeking && searching_ && depth_ == search_depth_ && !key_found_ &&
            k == steps_[resolved_ - 1].key) {
            key_found_ = true;  // the first member with the key; later duplicates are ignored
            value_next_ = true;
        }
        return true;
    }
    bool on_start_object() {
        if (reject_duplicates_ && !keys_.on_start_object()) return fail(keys_.error_code());
        return open(Type::object, [&] { return builder_.on_start_object(); });
    }
    bool on_start_array() {
        return open(Type::array, [&] { return builder_.on_start_array(); });
    }
    bool on_end_object(std::size_t n) {
        if (reject_duplicates_) keys_.on_end_object(n);
        return close([&] { return builder_.on_end_object(n); });
    }
    bool on_end_array(std::size_t n) {
        return close([&] { return builder_.on_end_array(n); });
    }
    [[nodiscard]] ErrorCode error_code() const noexcept {
        return error_ != ErrorCode::ok ? error_ : builder_.error_code();
    }

    /// After the document: the value's root in the arena, or nullptr (see missing()).
    [[nodiscard]] const detail::Node* result() const noexcept { return result_; }
    [[nodiscard]] ErrorCode missing() const noexcept { return missing_; }
    [[nodiscard]] std::size_t failed_step() const noexcept { return failed_step_; }
    [[nodiscard]] Type failed_on() const noexcept { return failed_on_; }

  private:
    enum class Phase : std::uint8_t { seeking, capturing, done };

    // Is the value starting now the one the path has reached so far?
    bool starts_path_value() {
        if (phase_ != Phase::seeking) return false;
        if (!searching_) return depth_ == 0 && resolved_ == 0 && !root_seen_;
        if (depth_ != search_depth_) return false;
        if (search_array_) return element_++ == steps_[resolved_ - 1].index;
        return std::exchange(value_next_, false);
    }

    // The value at the path so far starts: capture it, or start searching it for the next step.
    // Returns false when the path cannot go on (the lookup is then finished, not failed).
    bool follow(Type type) {
        root_seen_ = true;
        searching_ = false;
        if (resolved_ == steps_.size()) {
            phase_ = Phase::capturing;
            capture_depth_ = depth_;
            return true;
        }
        const PathStep& step = steps_[resolved_];
        const bool as_key = type == Type::object && step.kind != PathStep::Kind::index;
        const bool as_index = type == Type::array && step.kind != PathStep::Kind::key;
        if (as_index && !step.index) {
            // A pointer token that is not an index names no element of an array.
            finish_missing(ErrorCode::index_out_of_range, type);
            return false;
        }
        if (!as_key && !as_index) {
            finish_missing(ErrorCode::wrong_type, type);
            return false;
        }
        searching_ = true;
        search_array_ = as_index;
        search_depth_ = depth_ + 1;
        element_ = 0;
        key_found_ = false;
        value_next_ = false;
        ++resolved_;
        return true;
    }

    bool fail(ErrorCode code) {
        error_ = code;
        return false;
    }

    void finish_missing(ErrorCode why, Type type) {
        phase_ = Phase::done;
        missing_ = why;
        failed_step_ = resolved_;
        failed_on_ = type;
    }

    template <class Forward>
    bool scalar(Type type, Forward forward) {
        if (starts_path_value()) {
            follow(type);
            if (phase_ == Phase::capturing) {
                if (!forward()) return false;
                return finish_capture();
            }
            return true;
        }
        if (phase_ == Phase::capturing) return forward();
        return true;
    }

    template <class Forward>
    bool open(Type type, Forward forward) {
        if (starts_path_value()) follow(type);
        ++depth_;
        return phase_ == Phase::capturing ? forward() : true;
    }

    template <class Forward>
    bool close(Forward forward) {
        --depth_;
        if (phase_ == Phase::capturing) {
            if (!forward()) return false;
            if (depth_ == capture_depth_) return finish_capture();
            return true;
        }
        if (phase_ == Phase::seeking && searching_ && depth_ + 1 == search_depth_) {
            // The container ends without the member or element the step asked for.
            searching_ = false;
            --resolved_;
            finish_missing(search_array_ ? ErrorCode::index_out_of_range : ErrorCode::no_such_key,
                           search_array_ ? Type::array : Type::object);
        }
        return true;
    }

    bool finish_capture() {
        phase_ = Phase::done;
        result_ = builder_.finish();
        return result_ != nullptr;
    }

    const std::vector<PathStep>& steps_;
    const bool reject_duplicates_;
    KeyCheck keys_;
    ErrorCode error_ = ErrorCode::ok;
    DomBuilder builder_;
    Phase phase_ = Phase::seeking;
    std::size_t depth_ = 0;
    std::size_t resolved_ = 0;  // steps followed to reach the value being searched
    bool root_seen_ = false;
    bool searching_ = false;
    bool search_array_ = false;
    std::size_t search_depth_ = 0;
    std::uint64_t element_ = 0;
    bool key_found_ = false;
    bool value_next_ = false;
    std::size_t capture_depth_ = 0;
    const detail::Node* result_ = nullptr;
    ErrorCode missing_ = ErrorCode::ok;
    std::size_t failed_step_ = 0;
    Type failed_on_ = Type::null;
};

}  // namespace

Result<PathLookup> find_path(Source& source, const std::vector<PathStep>& steps,
                             const ParseOptions& options) {
    PathLookup lookup;
    Arena& arena = detail::DocumentAccess::arena(lookup.document);
    detail::size_arena(arena, std::nullopt, options.max_memory);
    PathFinder finder(steps, arena, options.duplicate_keys);
    Reader<PathFinder> reader(finder, options.reader_options());
    if (Status st = read_all(source, reader, finder); !st) return st.error();
    detail::DocumentAccess::set_root(lookup.document, finder.result());
    lookup.missing = finder.missing();
    lookup.failed_step = finder.failed_step();
    lookup.failed_on = finder.failed_on();
    return lookup;
}

Status find_path_per_record(Source& source, const std::vector<PathStep>& steps,
                            const ParseOptions& options,
                            const std::function<bool(PathLookup&)>& on_record) {
    PathLookup lookup;
    // Each record builds into the lookup's document, emptied first (reset keeps its largest
    // chunk, so records of similar size take nothing new from the system).
    const auto fresh_arena = [&]() -> Arena& {
        Arena& arena = detail::DocumentAccess::arena(lookup.document);
        arena.reset();
        detail::DocumentAccess::set_root(lookup.document, nullptr);
        detail::size_arena(arena, std::nullopt, options.max_memory);
        return arena;
    };
    PathFinder finder(steps, fresh_arena(), options.duplicate_keys);
    bool stopped = false;
    finder.on_record = [&] {
        detail::DocumentAccess::set_root(lookup.document, finder.result());
        lookup.missing = finder.missing();
        lookup.failed_step = finder.failed_step();
        lookup.failed_on = finder.failed_on();
        if (!on_record(lookup)) {
            stopped = true;
            return false;
        }
        finder.restart(fresh_arena());
        return true;
    };
    Reader<PathFinder> reader(finder, options.reader_options(true));
    Status st = read_all(source, reader, finder);
    if (!st && stopped && st.error().code == ErrorCode::handler_aborted) return {};
    return st;
}

}  // namespace arenajson
