// arenajson/arenajson.hpp — everything a user of the library needs.
#pragma once

#include "arenajson/arena.hpp"          // IWYU pragma: export
#include "arenajson/builder.hpp"        // IWYU pragma: export
#include "arenajson/document.hpp"       // IWYU pragma: export
#include "arenajson/error.hpp"          // IWYU pragma: export
#include "arenajson/key_check.hpp"      // IWYU pragma: export
#include "arenajson/ndjson.hpp"         // IWYU pragma: export
#include "arenajson/parallel.hpp"       // IWYU pragma: export
#include "arenajson/path.hpp"           // IWYU pragma: export
#include "arenajson/query.hpp"          // IWYU pragma: export
#include "arenajson/reader.hpp"         // IWYU pragma: export
#include "arenajson/replay.hpp"         // IWYU pragma: export
#include "arenajson/source.hpp"         // IWYU pragma: export
#include "arenajson/stream_events.hpp"  // IWYU pragma: export
#include "arenajson/value.hpp"          // IWYU pragma: export
#include "arenajson/writer.hpp"         // IWYU pragma: export
