// Recognising jq filters that are only a path, so `query` can follow them on the stream.
#pragma once

#include <string_view>
#include <vector>

#include "arenajson/path.hpp"

namespace arenajson::cli {

/// Parses a jq filter made only of path steps: ".", ".key", ."quoted key", ".[N]" (N >= 0),
/// ".["key"]", chained as jq 1.6 allows (".a.b", ".a[0]", ".a["k"]"). False for anything else,
/// which the general query engine then handles.
bool parse_jq_path(std::string_view filter, std::vector<PathStep>& steps);

/// jq's message for a step that cannot index a value of type `on`.
std::string jq_index_error(const PathStep& step, Type on);

}  // namespace arenajson::cli
