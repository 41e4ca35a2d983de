#include "arenajson/path.hpp"

#include "arenajson/detail/pointer_tokens.hpp"

#include <utility>

namespace arenajson {

Result<std::vector<PathStep>> parse_pointer(std::string_view pointer) {
    std::vector<PathStep> steps;
    detail::PointerTokens tokens(pointer);
    for (;;) {
        std::string_view token;
        switch (tokens.next(token)) {
            case detail::PointerTokens::Step::end:
                return steps;
            case detail::PointerTokens::Step::invalid:
                return Error::of(ErrorCode::invalid_pointer);
            case detail::PointerTokens::Step::token:
                break;
        }
        PathStep step;
        step.kind = PathStep::Kind::token;
        step.key = std::string(token);
        step.index = detail::PointerTokens::index_of(token);
        steps.push_back(std::move(step));
    }
}

namespace {

// Follows the path through reader events. While seeking, it watches only the container the
// next step applies to; once the value at the path starts, its events go to a DomBuilder
// until it ends. Everything else is counted (depth) and dropped. DuplicateKeys::reject checks
// the keys of every object in the document, captured or not.
//
// With `on_element` set, an array or object at the path is not built whole: each element (or
// member value) is captured in turn into `elements_`, handed to on_element, and dropped when
// the next one starts (the arena keeps its largest chunk), so memory is bounded by the largest
// element, not by the container.
class PathFinder {
  public:
    PathFinder(const std::vector<PathStep>& steps, Document& into, const ParseOptions& options)
        : steps_(steps),
          reject_duplicates_(options.duplicate_keys == DuplicateKeys::reject),
          max_memory_(options.max_memory) {
        restart(into);
    }

    /// Forgets the document so far and follows the path again, building into `into` (emptied).
    void restart(Document& into) noexcept {
        // Keys are checked here, for the whole document, not only in the value built.
        detail::start_document(into, builder_, std::nullopt, max_memory_, DuplicateKeys::keep);
        keys_.reset();
        keys_.set_memory_limit(max_memory_);
        error_ = ErrorCode::ok;
        phase_ = Phase::seeking;
        depth_ = 0;
        resolved_ = 0;
        root_seen_ = searching_ = search_array_ = key_found_ = value_next_ = false;
        search_depth_ = capture_depth_ = 0;
        element_ = 0;
        result_ = nullptr;
        in_elements_ = iterated_ = false;
        elements_depth_ = 0;
        missing_ = ErrorCode::ok;
        failed_step_ = 0;
        failed_on_ = Type::null;
    }

    /// NDJSON: called by read_all after each record; `on_record` (when set) takes the result.
    bool on_document_end() { return !on_record || on_record(); }
    std::function<bool()> on_record;
    /// When set: each element of an array or object at the path, in order; false stops
    /// handing them out (the rest of the input is still read and validated).
    std::function<bool(Value)> on_element;

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
    /// After the document: the value at the path was a container handed out element by element.
    [[nodiscard]] bool iterated() const noexcept { return iterated_; }

  private:
    enum class Phase : std::uint8_t { seeking, elements, capturing, done };

    // Is the value starting now the one the path has reached so far (or, in the elements
    // phase, the next element)?
    bool starts_path_value() {
        if (phase_ == Phase::elements) return depth_ == elements_depth_;
        if (phase_ != Phase::seeking) return false;
        if (!searching_) return depth_ == 0 && resolved_ == 0 && !root_seen_;
        if (depth_ != search_depth_) return false;
        if (search_array_) return element_++ == steps_[resolved_ - 1].index;
        return std::exchange(value_next_, false);
    }

    // The value at the path so far starts: capture it, or start searching it for the next step.
    // Returns false when the path cannot go on (the lookup is then finished, not failed).
    bool follow(Type type) {
        if (phase_ == Phase::elements) {
            // The next element: built on its own in the reused arena.
            detail::start_document(elements_, builder_, std::nullopt, max_memory_,
                                   DuplicateKeys::keep, &element_keys_);
            phase_ = Phase::capturing;
            capture_depth_ = depth_;
            return true;
        }
        root_seen_ = true;
        searching_ = false;
        if (resolved_ == steps_.size()) {
            if (on_element && (type == Type::array || type == Type::object)) {
                phase_ = Phase::elements;
                in_elements_ = iterated_ = true;
                elements_depth_ = depth_ + 1;
                return true;
            }
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
        if (phase_ == Phase::elements && depth_ + 1 == elements_depth_) {
            phase_ = Phase::done;  // the container ends
            return true;
        }
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
        const detail::Node* root = builder_.finish();
        if (root == nullptr) return false;
        if (in_elements_) {
            phase_ = on_element(Value(root)) ? Phase::elements : Phase::done;
            return true;
        }
        phase_ = Phase::done;
        result_ = root;
        return true;
    }

    const std::vector<PathStep>& steps_;
    const bool reject_duplicates_;
    const std::size_t max_memory_;
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
    Document elements_;                // the element being handed out
    detail::SharedKeys element_keys_;  // the keys the elements have in common
    bool in_elements_ = false;
    bool iterated_ = false;
    std::size_t elements_depth_ = 0;
    ErrorCode missing_ = ErrorCode::ok;
    std::size_t failed_step_ = 0;
    Type failed_on_ = Type::null;
};

}  // namespace

Result<PathLookup> find_path(Source& source, const std::vector<PathStep>& steps,
                             const ParseOptions& options) {
    PathLookup lookup;
    PathFinder finder(steps, lookup.document, options);
    Reader<PathFinder> reader(finder, detail::one_document(options.reader));
    if (Status st = read_all(source, reader, finder); !st) return st.error();
    detail::DocumentAccess::set_root(lookup.document, finder.result());
    lookup.missing = finder.missing();
    lookup.failed_step = finder.failed_step();
    lookup.failed_on = finder.failed_on();
    return lookup;
}

namespace {

// Follows the path in every document the reader delimits, calling on_document after each.
Status follow_per_document(Source& source, const std::vector<PathStep>& steps,
                           const ParseOptions& options, const ReaderOptions& reader_options,
                           const std::function<bool(Value)>& on_element,
                           const std::function<bool(PathLookup&)>& on_document) {
    // Each document builds into the lookup's document, emptied first (its arena keeps its
    // largest chunk, so documents of similar size take nothing new from the system).
    PathLookup lookup;
    PathFinder finder(steps, lookup.document, options);
    finder.on_element = on_element;
    bool stopped = false;
    finder.on_record = [&] {
        detail::DocumentAccess::set_root(lookup.document, finder.result());
        lookup.missing = finder.missing();
        lookup.failed_step = finder.failed_step();
        lookup.failed_on = finder.failed_on();
        lookup.iterated = finder.iterated();
        if (on_document && !on_document(lookup)) {
            stopped = true;
            return false;
        }
        finder.restart(lookup.document);
        return true;
    };
    Reader<PathFinder> reader(finder, reader_options);
    Status st = read_all(source, reader, finder);
    if (!st && stopped && st.error().code == ErrorCode::handler_aborted) return {};
    return st;
}

}  // namespace

Status find_path_per_record(Source& source, const std::vector<PathStep>& steps,
                            const ParseOptions& options,
                            const std::function<bool(PathLookup&)>& on_record) {
    return follow_per_document(source, steps, options, detail::document_stream(options.reader), {},
                               on_record);
}

Status for_each_element(Source& source, const std::vector<PathStep>& steps,
                        const ParseOptions& options, const std::function<bool(Value)>& on_element,
                        const std::function<bool(PathLookup&)>& on_document) {
    const bool stream = options.reader.ndjson || options.reader.sequence;
    return follow_per_document(
        source, steps, options,
        stream ? detail::document_stream(options.reader) : detail::one_document(options.reader),
        on_element, on_document);
}

}  // namespace arenajson
