// arenajson/path.hpp — looking up one value while streaming, without building the document.
//
//     auto source = arenajson::Source::open_file("big.json");
//     auto found = arenajson::find_path(*source, *arenajson::parse_pointer("/items/1000/name"));
//     if (found && !found->document.empty()) print(found->document.root());
//
// Only the value at the path is built, in its own small arena; everything else is validated
// and dropped, so memory stays flat whatever the input size.
#pragma once

#include "arenajson/document.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace arenajson {

/// One step of a path for find_path. Owns its key (a std::string), so a path outlives the
/// text it was parsed from.
struct PathStep {
    /// How the step selects a child.
    enum class Kind : std::uint8_t {
        key,    ///< a member of an object (an array here is wrong_type)
        index,  ///< an element of an array (an object here is wrong_type)
        token,  ///< a JSON Pointer token: a key for objects, an index for arrays if it is one
    };
    /// How this step selects a child.
    Kind kind = Kind::key;
    std::string key;                   ///< key and token steps
    std::optional<std::size_t> index;  ///< index steps; token steps that spell an index
};

/// Parses an RFC 6901 JSON Pointer ("" is the root, "/a/0", ~1 is '/', ~0 is '~') into
/// token steps. Errors: invalid_pointer. O(length).
Result<std::vector<PathStep>> parse_pointer(std::string_view pointer);

/// What following a path gave: the value, or why there is none. Owns the value's arena,
/// so it may outlive the source.
struct PathLookup {
    /// The value at the path; empty() when the path leads nowhere.
    Document document;
    /// Why the path leads nowhere: no_such_key, index_out_of_range or wrong_type.
    ErrorCode missing = ErrorCode::ok;
    /// The index in `steps` of the step that could not be followed.
    std::size_t failed_step = 0;
    /// The type of the value that step was applied to (an array for index_out_of_range, say).
    Type failed_on = Type::null;
    /// for_each_element: the value at the path was an array or object, and its elements went
    /// to the callback one by one (`document` stays empty).
    bool iterated = false;
};

/// Streams the source and builds only the value at `steps`. The whole input is read and
/// validated, so an invalid document is an error even after the value was found. Duplicate
/// keys: the first member with the key is followed, as lookups in a Document do; with
/// DuplicateKeys::reject, a repeated key anywhere in the document is the error duplicate_key.
/// Errors: every parse and source error. O(input) time, O(depth + result) memory.
Result<PathLookup> find_path(Source& source, const std::vector<PathStep>& steps,
                             const ParseOptions& options = {});

/// find_path for NDJSON: follows `steps` in every record of the source (one value per line,
/// blank lines skipped), calling `on_record` after each record with what it found there. The
/// lookup's document is reused for the next record (its arena reset), so move the document out
/// to keep it. `on_record` returns false to stop reading (then the result is success).
/// Errors: every parse and source error; records before the error have been reported.
/// O(input) time, O(depth + largest result) memory.
Status find_path_per_record(Source& source, const std::vector<PathStep>& steps,
                            const ParseOptions& options,
                            const std::function<bool(PathLookup&)>& on_record);

/// Streams the source and hands out each element of the array (or each member value of the
/// object, in document order) at `steps`, one at a time: every element is built on its own in
/// an arena reused for the next, so memory is bounded by the largest element whatever the
/// container's size. The Value passed to `on_element` is valid during the call only; returning
/// false stops handing out elements of this document (the rest is still read and validated).
/// The source holds one document, or, with options.reader.ndjson or .sequence, a stream of
/// them: `on_document` (may be empty) is called after each with what the path reached there
/// (`iterated`, or the value found when it is not a container, or why there is none, as
/// find_path says); returning false stops reading (then the result is success).
/// Duplicate keys as find_path. Errors: every parse and source error (elements before the
/// error have been handed out). O(input) time, O(depth + largest element) memory.
Status for_each_element(Source& source, const std::vector<PathStep>& steps,
                        const ParseOptions& options, const std::function<bool(Value)>& on_element,
                        const std::function<bool(PathLookup&)>& on_document = {});

}  // namespace arenajson
