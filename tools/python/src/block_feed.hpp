// NDJSON parsed on several threads for iter_ndjson(threads=...): the library's parallel_ndjson
// runs on a thread of its own, and its output (one JSON text per record, in input order) is
// handed over block by block to the Python thread that iterates.
#pragma once

#include "arenajson/document.hpp"
#include "arenajson/parallel.hpp"
#include "arenajson/source.hpp"

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace arenajson::python {

/// Runs parallel_ndjson(source, options, parallel, work) on a thread it owns; blocks of its
/// output wait in a queue of a few blocks (the reading pauses while it is full). Pure C++:
/// never touches Python, so it needs no GIL.
class BlockFeed {
  public:
    /// Starts the reading. `work` runs on the workers (see parallel_ndjson). Allocates the
    /// thread; never fails here (the source's errors come from next_block()).
    BlockFeed(Source source, const ParseOptions& options, const ParallelOptions& parallel,
              RecordWork work);
    /// Stops the reading (at the end of the blocks in flight) and joins the thread.
    ~BlockFeed();
    BlockFeed(const BlockFeed&) = delete;
    BlockFeed& operator=(const BlockFeed&) = delete;

    /// The next block of output, waiting for it; nullopt at the end of the input or after an
    /// error, which status() then gives. Blocks; call it without the GIL.
    std::optional<std::string> next_block();
    /// The reading's outcome once next_block() has returned nullopt. O(1).
    [[nodiscard]] const Status& status() const noexcept { return status_; }

  private:
    void run(const ParseOptions& options, const ParallelOptions& parallel, const RecordWork& work);

    Source source_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<std::string> blocks_;  // guarded by mutex_
    std::size_t capacity_;
    bool stop_ = false;  // guarded by mutex_: the consumer has gone
    bool done_ = false;  // guarded by mutex_: parallel_ndjson has returned
    Status status_;      // written before done_ is set
    std::thread thread_;
};

}  // namespace arenajson::python
