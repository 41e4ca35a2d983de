#include "block_feed.hpp"

#include <algorithm>
#include <utility>

namespace arenajson::python {

BlockFeed::BlockFeed(Source source, const ParseOptions& options, const ParallelOptions& parallel,
                     RecordWork work)
    : source_(std::move(source)),
      capacity_(2 * std::max(1u, parallel.threads == 0 ? std::thread::hardware_concurrency()
                                                       : parallel.threads)) {
    thread_ = std::thread(
        [this, options, parallel, work = std::move(work)] { run(options, parallel, work); });
}

BlockFeed::~BlockFeed() {
    {
        const std::lock_guard lock(mutex_);
        stop_ = true;
    }
    changed_.notify_all();
    thread_.join();
}

void BlockFeed::run(const ParseOptions& options, const ParallelOptions& parallel,
                    const RecordWork& work) {
    Status status = parallel_ndjson(source_, options, parallel, work, [this](std::string_view out) {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [this] { return stop_ || blocks_.size() < capacity_; });
        if (stop_) return false;
        if (!out.empty()) blocks_.emplace_back(out);
        lock.unlock();
        changed_.notify_all();
        return true;
    });
    {
        const std::lock_guard lock(mutex_);
        status_ = std::move(status);
        done_ = true;
    }
    changed_.notify_all();
}

std::optional<std::string> BlockFeed::next_block() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return done_ || !blocks_.empty(); });
    if (blocks_.empty()) return std::nullopt;
    std::string block = std::move(blocks_.front());
    blocks_.pop_front();
    lock.unlock();
    changed_.notify_all();
    return block;
}

}  // namespace arenajson::python
