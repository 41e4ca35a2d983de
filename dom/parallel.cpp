#include "arenajson/parallel.hpp"

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace arenajson {

namespace {

// A block in flight: its lines, where it starts, and what its worker made of it.
struct Block {
    std::string text;
    std::uint64_t offset = 0;  // of its first byte in the input
    std::uint64_t line = 1;    // of its first line (known when it is emitted)
    std::uint64_t lines = 0;   // newlines in it, counted by its worker
    std::string output;
    Error error{};
    bool done = false;
};

// The blocks between the reading thread and the workers: a ring of slots, filled in input
// order, worked on in any order, emitted in input order.
class Pipeline {
  public:
    explicit Pipeline(std::size_t slots) : blocks_(slots) {}

    // Reading thread: a free slot for block `seq`, waiting while the ring is full.
    Block& slot_for(std::uint64_t seq) {
        std::unique_lock lock(mutex_);
        emitted_cv_.wait(lock, [&] { return seq < emitted_ + blocks_.size(); });
        return blocks_[seq % blocks_.size()];
    }
    // Reading thread: block `seq` is filled; a worker may take it.
    void submit(std::uint64_t seq) {
        {
            std::lock_guard lock(mutex_);
            Block& b = blocks_[seq % blocks_.size()];
            b.done = false;
            b.output.clear();
            b.error = Error{};
            pending_.push_back(seq);
        }
        work_cv_.notify_one();
    }
    // Worker: the next block to work on, or false once the input is over.
    bool take(std::uint64_t& seq, Block*& block) {
        std::unique_lock lock(mutex_);
        work_cv_.wait(lock, [&] { return !pending_.empty() || closed_; });
        if (pending_.empty()) return false;
        seq = pending_.front();
        pending_.pop_front();
        block = &blocks_[seq % blocks_.size()];
        return true;
    }
    void finished(Block& block) {
        {
            std::lock_guard lock(mutex_);
            block.done = true;
        }
        done_cv_.notify_all();
    }
    // Reading thread: waits for block `seq` to be worked on.
    Block& wait_done(std::uint64_t seq) {
        std::unique_lock lock(mutex_);
        Block& b = blocks_[seq % blocks_.size()];
        done_cv_.wait(lock, [&] { return b.done; });
        return b;
    }
    // Reading thread: block `seq` was emitted; its slot is free again.
    void emitted(std::uint64_t seq) {
        {
            std::lock_guard lock(mutex_);
            emitted_ = seq + 1;
        }
        emitted_cv_.notify_all();
    }
    // No more blocks: workers stop once the pending ones are taken. Dropped pending blocks
    // count as done (with no output), so waiting for them ends.
    void close(bool drop_pending) {
        {
            std::lock_guard lock(mutex_);
            closed_ = true;
            if (drop_pending) {
                for (const std::uint64_t seq : pending_)
                    blocks_[seq % blocks_.size()].done = true;
                pending_.clear();
            }
        }
        work_cv_.notify_all();
        done_cv_.notify_all();
    }
    [[nodiscard]] std::size_t slots() const noexcept { return blocks_.size(); }

  private:
    std::mutex mutex_;
    std::condition_variable work_cv_, done_cv_, emitted_cv_;
    std::vector<Block> blocks_;
    std::deque<std::uint64_t> pending_;
    std::uint64_t emitted_ = 0;
    bool closed_ = false;
};

// An error found in a block, placed in the whole input.
Error absolute(Error e, const Block& b) noexcept {
    e.offset += b.offset;
    if (e.line != 0) e.line += b.line - 1;
    return e;
}

std::uint64_t count_lines(std::string_view text) noexcept {
    std::uint64_t n = 0;
    for (const char* p = text.data();
         (p = static_cast<const char*>(std::memchr(p, '\n', text.data() + text.size() - p))); ++p) {
        ++n;
    }
    return n;
}

}  // namespace

Status parallel_blocks(Source& source, const ParallelOptions& options,
                       const std::function<BlockWork()>& make_worker,
                       const std::function<bool(std::string_view output)>& emit) {
    const unsigned threads =
        options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    Pipeline pipeline(std::size_t{threads} * std::max(1u, options.blocks_per_thread) + 1);
    std::vector<std::thread> workers;
    workers.reserve(threads);
    for (unsigned i = 0; i < threads; ++i) {
        workers.emplace_back([&] {
            BlockWork work = make_worker();
            std::uint64_t seq = 0;
            Block* block = nullptr;
            while (pipeline.take(seq, block)) {
                try {
                    const Status st = work(block->text, block->output);
                    if (!st) block->error = st.error();
                    block->lines = count_lines(block->text);  // here, off the reading thread
                } catch (const std::bad_alloc&) {
                    block->error = Error::of(ErrorCode::memory_limit);
                }
                pipeline.finished(*block);
            }
        });
    }

    // Read, cut and submit blocks; emit finished ones in order as the ring fills.
    Status result;
    std::uint64_t next_submit = 0, next_emit = 0;
    std::uint64_t offset = 0, line = 1;
    std::string_view pending;  // the unread rest of the source's current chunk
    bool input_done = false;
    const auto emit_next = [&]() -> bool {
        Block& b = pipeline.wait_done(next_emit);
        b.line = line;
        line += b.lines;
        const bool written = b.output.empty() || emit(b.output);
        const Error error = b.error.ok() ? Error{} : absolute(b.error, b);
        pipeline.emitted(next_emit);
        ++next_emit;
        if (!written) {
            result = Error::of(ErrorCode::write_failed);
            return false;
        }
        if (!error.ok()) {
            result = error;
            return false;
        }
        return true;
    };
    // `stopped`: an emitted block failed, or emit did; what is pending is dropped. A source
    // error ends the input instead: the blocks before it are still emitted, in order, and an
    // error among them comes first.
    bool stopped = false;
    while (!stopped && !input_done) {
        if (next_submit - next_emit == pipeline.slots()) {
            stopped = !emit_next();
            continue;
        }
        // Fill one block with whole lines: block_bytes, then on to the end of that line.
        Block& b = pipeline.slot_for(next_submit);
        b.text.clear();
        for (;;) {
            if (pending.empty()) {
                Result<std::string_view> chunk = source.next();
                if (!chunk) {
                    result = chunk.error();
                    input_done = true;
                    // The whole lines before the failure are read as a single reader would
                    // have read them; the error comes after them.
                    const std::size_t last = b.text.rfind('\n');
                    b.text.resize(last == std::string::npos ? 0 : last + 1);
                    break;
                }
                if (chunk->empty()) {
                    input_done = true;
                    break;
                }
                pending = *chunk;
            }
            if (b.text.size() < options.block_bytes) {
                const std::size_t take =
                    std::min(pending.size(), options.block_bytes - b.text.size());
                b.text.append(pending.data(), take);
                pending.remove_prefix(take);
                if (b.text.size() < options.block_bytes || b.text.back() == '\n') {
                    if (b.text.size() >= options.block_bytes) break;
                    continue;
                }
            }
            const std::size_t newline = pending.find('\n');
            const std::size_t take =
                newline == std::string_view::npos ? pending.size() : newline + 1;
            b.text.append(pending.data(), take);
            pending.remove_prefix(take);
            if (newline != std::string_view::npos) break;
        }
        if (b.text.empty()) continue;
        b.offset = offset;
        offset += b.text.size();
        pipeline.submit(next_submit++);
    }
    pipeline.close(stopped);
    // Emit what is left in order (after a stop, only wait for the blocks being worked on).
    while (next_emit < next_submit) {
        if (stopped) {
            pipeline.wait_done(next_emit);
            pipeline.emitted(next_emit++);
            continue;
        }
        if (!emit_next()) stopped = true;
    }
    for (std::thread& t : workers)
        t.join();
    return result;
}

Status parallel_ndjson(Source& source, const ParseOptions& options, const ParallelOptions& parallel,
                       const RecordWork& work,
                       const std::function<bool(std::string_view output)>& emit) {
    ParseOptions per_block = options;
    per_block.reader.sequence = false;  // records, one per line
    const auto make_worker = [&]() -> BlockWork {
        auto stream = std::make_shared<DocumentStream>(
            DocumentStream::from_source(Source::from_memory({}), per_block));
        return [stream, &work](std::string_view block, std::string& out) -> Status {
            stream->restart(Source::from_memory(block));
            for (;;) {
                Result<bool> more = stream->next();
                if (!more) return more.error();
                if (!*more) return {};
                if (Status st = work(stream->document(), out); !st) return st;
            }
        };
    };
    return parallel_blocks(source, parallel, make_worker, emit);
}

}  // namespace arenajson
