#include "arenajson/parallel.hpp"

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <limits>
#include <mutex>
#include <thread>
#include <vector>

namespace arenajson {

namespace {

// A stream block's bytes: an arena block (Arena::acquire_block), huge-page advised, grown by
// remapping and reused from block to block. A std::string filled each slot twice over the
// first time (zeros, then the copy when it grew past block_bytes to end its last line), a
// page fault at a time: 13% of a two-thread `check --ndjson` on zstd input on these machines,
// where the first touch of memory is dear.
class StreamBuffer {
  public:
    StreamBuffer() = default;
    StreamBuffer(const StreamBuffer&) = delete;
    StreamBuffer& operator=(const StreamBuffer&) = delete;
    ~StreamBuffer() {
        if (block_ != nullptr) Arena::release_block(block_, size_);
    }
    // Room for at least `bytes`, keeping the first `keep`; false (nothing changed) when the
    // system refuses.
    bool reserve(std::size_t bytes, std::size_t keep) noexcept {
        if (bytes <= capacity()) return true;
        std::size_t size = Arena::kBlockHeader + std::max(bytes, capacity() + capacity() / 2);
        void* block = block_ == nullptr
                          ? Arena::acquire_block(size)
                          : Arena::resize_block(block_, size_, Arena::kBlockHeader + keep, size);
        if (block == nullptr) return false;
        block_ = block;
        size_ = size;
        return true;
    }
    [[nodiscard]] char* data() const noexcept {
        return static_cast<char*>(block_) + Arena::kBlockHeader;
    }
    [[nodiscard]] std::size_t capacity() const noexcept {
        return block_ == nullptr ? 0 : size_ - Arena::kBlockHeader;
    }

  private:
    void* block_ = nullptr;
    std::size_t size_ = 0;
};

// A block in flight: its lines, where it starts, and what its worker made of it.
struct Block {
    StreamBuffer stream;       // its bytes, for a stream (read by the calling thread)
    std::string text;          // its bytes, for random access when read with pread
    std::string_view view;     // its bytes, where the worker reads them
    std::uint64_t start = 0;   // random access: the block is the lines starting in [start, end)
    std::uint64_t end = 0;     // (0: to the end of the input)
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

// Smaller blocks cost more in handing them out than in parsing them.
constexpr std::size_t kMinBlockBytes = 4096;
// Read past a full block in steps of this much to find the end of its last line.
constexpr std::size_t kLineStep = 16 << 10;
// Up to this many workers, the calling thread reads a file into their blocks (see
// parallel_blocks); more read their own ranges of it.
constexpr unsigned kWorkersOneReaderFeeds = 4;
// A mapped file's bytes are released in steps of kReleaseBytes, at multiples of kReleaseAlign.
constexpr std::uint64_t kReleaseAlign = std::uint64_t{2} << 20;
constexpr std::uint64_t kReleaseBytes = std::uint64_t{8} << 20;

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

// The line number at `offset` of a random-access source: one more than the newlines before it.
Result<std::uint64_t> line_of(const Source& source, std::uint64_t offset) {
    std::string buffer;
    std::uint64_t line = 1;
    for (std::uint64_t pos = 0; pos < offset;) {
        const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(offset - pos, 1 << 20));
        Result<std::string_view> r = source.read_at(pos, want, buffer);
        if (!r) return r.error();
        if (r->empty()) break;
        line += count_lines(*r);
        pos += r->size();
    }
    return line;
}

// Where the first newline at or after `pos` and before `stop` is, read in growing probes into
// `probe`; `found` false when there is none: `pos` is then `stop` or the end of the input.
struct Newline {
    std::uint64_t pos = 0;
    bool found = false;
};
Result<Newline> find_newline(const Source& source, std::uint64_t pos, std::uint64_t stop,
                             std::string& probe) {
    for (std::size_t step = 4096; pos < stop; step = std::min<std::size_t>(step * 2, 1 << 20)) {
        const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(step, stop - pos));
        Result<std::string_view> r = source.read_at(pos, want, probe);
        if (!r) return r.error();
        const std::size_t at = r->find('\n');
        if (at != std::string_view::npos) return Newline{pos + at, true};
        pos += r->size();
        if (r->size() < want) return Newline{pos, false};  // the end of the input
    }
    return Newline{stop, false};
}

// The lines that start in [start, end) of a random-access source of `size` bytes (end 0: on to
// the end of the input), read into `buffer` (or viewed in memory); `begin` is where they start.
// A line starts at 0 or after a newline, so neighbouring blocks share out the lines without
// talking to each other. The block's edges are found with small probes, then its bytes are read
// once. A line longer than a block makes its block longer and leaves the next ones empty.
Result<std::string_view> lines_starting_in(const Source& source, std::uint64_t start,
                                           std::uint64_t end, std::uint64_t size,
                                           std::string& buffer, std::string& probe,
                                           std::uint64_t& begin) {
    constexpr std::uint64_t kNoStop = std::numeric_limits<std::uint64_t>::max();
    begin = start;
    if (start != 0) {
        // A newline at p starts a line at p + 1: one before end - 1 starts a line of this block.
        Result<Newline> first =
            find_newline(source, start - 1, end != 0 ? end - 1 : kNoStop, probe);
        if (!first) return first.error();
        if (!first->found) return std::string_view();  // no line starts in this block
        begin = first->pos + 1;
    }
    if (end != 0) {
        Result<Newline> last = find_newline(source, end - 1, kNoStop, probe);
        if (!last) return last.error();
        const std::uint64_t stop = last->found ? last->pos + 1 : last->pos;
        return source.read_at(begin, static_cast<std::size_t>(stop - begin), buffer);
    }
    // The last block: to the end of the input, however far a file grown since opening goes.
    // The size at opening first, so that a mapped file is viewed, not copied; then a probe
    // past it says whether the file grew.
    if (size > begin) {
        Result<std::string_view> r =
            source.read_at(begin, static_cast<std::size_t>(size - begin), buffer);
        if (!r || r->size() < size - begin) return r;
        Result<std::string_view> more = source.read_at(size, 1, probe);
        if (!more) return more.error();
        if (more->empty()) return r;
    }
    for (auto want = static_cast<std::size_t>(size > begin ? size - begin : 0) + 4096;; want *= 2) {
        Result<std::string_view> r = source.read_at(begin, want, buffer);
        if (!r || r->size() < want) return r;
    }
}

// A record's work failed with no place of its own: put it at the start of the record's line,
// the record that ends at `end` in `block` (the line number counted only now, on failure).
Error place_record_error(Error e, std::string_view block, std::uint64_t end) noexcept {
    if (e.line != 0 || end == 0 || end > block.size()) return e;
    const std::string_view before = block.substr(0, static_cast<std::size_t>(end) - 1);
    const std::size_t newline = before.rfind('\n');
    e.offset = newline == std::string_view::npos ? 0 : newline + 1;
    e.line = count_lines(before) + 1;
    e.column = 1;
    return e;
}

}  // namespace

Result<std::string_view> lines_in_range(const Source& source, std::uint64_t start,
                                        std::uint64_t end, std::string& buffer) {
    std::string probe;
    std::uint64_t begin = 0;
    return lines_starting_in(source, start, end, source.size_hint().value_or(0), buffer, probe,
                             begin);
}

Status parallel_blocks(Source& source, const ParallelOptions& options,
                       const std::function<BlockWork()>& make_worker,
                       const std::function<bool(std::string_view output)>& emit) {
    const unsigned threads =
        options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    Pipeline pipeline(std::size_t{threads} * std::max(1u, options.blocks_per_thread) + 1);
    // A random-access input's lines are counted only to place an error (line_of). Its blocks
    // are byte ranges that the workers read themselves (a view of the memory or of the mapped
    // file) when the bytes are in memory, or when there are more workers than one reading
    // thread feeds; otherwise the calling thread reads a file into the blocks, as it does a
    // stream. A copy, but the workers then parse bytes the copy left in the cache: faulting a
    // mapping in and parsing it cold cost more. 230 MB of NDJSON on 2 cores, 2 threads against
    // 1 (tools/bench/pairs.py): check 0.95x -> 1.33x, select query 1.43x -> 1.84x, path query
    // 1.05x -> 1.45x as the workers went from the mapping to blocks read for them.
    const bool random = source.random_access();
    const bool ranges = random && (source.in_memory() || threads > kWorkersOneReaderFeeds);
    const std::uint64_t size = source.size_hint().value_or(0);
    const std::size_t block_bytes = std::max(options.block_bytes, kMinBlockBytes);
    std::vector<std::thread> workers;
    workers.reserve(threads);
    for (unsigned i = 0; i < threads; ++i) {
        workers.emplace_back([&] {
            BlockWork work = make_worker();
            std::string probe;  // this worker's buffer for finding a block's edges
            std::uint64_t seq = 0;
            Block* block = nullptr;
            while (pipeline.take(seq, block)) {
                try {
                    if (ranges) {
                        Result<std::string_view> text =
                            lines_starting_in(source, block->start, block->end, size, block->text,
                                              probe, block->offset);
                        if (!text) {
                            block->error = text.error();  // already where it is in the input
                            block->offset = 0;
                            block->view = {};
                        } else {
                            block->view = *text;
                        }
                    }
                    if (block->error.ok()) {
                        const Status st = work(block->view, block->output);
                        if (!st) block->error = st.error();
                        // A stream's blocks are gone once emitted: count their lines here, off
                        // the reading thread. A random-access input's lines are counted only to
                        // place an error (line_of).
                        if (!random) block->lines = count_lines(block->view);
                    }
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
    std::string carry;  // bytes read past the last block's final newline
    bool input_done = false;
    // Ranges of a mapped file are released in input order as their blocks are emitted, in
    // steps of whole huge pages (2 MiB): one call per kReleaseBytes. A call per block (1 MiB),
    // from the workers, split the file's huge mappings and flushed the other core's TLB each
    // time: `check --ndjson --threads 2` on 230 MB took 1.12x as long.
    std::uint64_t released = 0;
    const auto release_before = [&](std::uint64_t end) {
        const std::uint64_t to = end / kReleaseAlign * kReleaseAlign;
        if (to >= released + kReleaseBytes) {
            source.release(released, static_cast<std::size_t>(to - released));
            released = to;
        }
    };
    const auto emit_next = [&]() -> bool {
        Block& b = pipeline.wait_done(next_emit);
        b.line = line;
        line += b.lines;  // (random access: lines are not counted, see below)
        const bool written = b.output.empty() || emit(b.output);
        if (random && !b.error.ok() && b.error.line != 0) {
            Result<std::uint64_t> first_line = line_of(source, b.offset);
            if (first_line) {
                b.line = *first_line;
            } else {
                b.error = first_line.error();  // where it is in the whole input already
                b.offset = 0;
            }
        }
        const Error error = b.error.ok() ? Error{} : absolute(b.error, b);
        if (ranges && error.ok()) release_before(b.offset + b.view.size());
        if (options.progress && error.ok()) options.progress(b.offset + b.view.size());
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
    if (ranges) {
        // Block k holds the lines starting in [k x block_bytes, (k + 1) x block_bytes); the last
        // one runs on to the end of the input (a file that grew since opening is read whole).
        const std::uint64_t blocks =
            std::max<std::uint64_t>(1, (size + block_bytes - 1) / block_bytes);
        for (std::uint64_t k = 0; k < blocks && !stopped;) {
            if (next_submit - next_emit == pipeline.slots()) {
                stopped = !emit_next();
                continue;
            }
            Block& b = pipeline.slot_for(next_submit);
            b.start = k * block_bytes;
            b.end = k + 1 == blocks ? 0 : (k + 1) * block_bytes;
            pipeline.submit(next_submit++);
            ++k;
        }
        input_done = true;
    }
    while (!stopped && !input_done) {
        if (next_submit - next_emit == pipeline.slots()) {
            stopped = !emit_next();
            continue;
        }
        // Fill one block with whole lines: block_bytes, then on to the end of that line. The
        // source writes (decompresses) straight into the block; only the bytes read past the
        // block's last newline are copied, to start the next one.
        Block& b = pipeline.slot_for(next_submit);
        std::size_t used = carry.size();
        if (!b.stream.reserve(used + block_bytes + kLineStep, 0)) {
            result = Error::of(ErrorCode::memory_limit);
            input_done = true;
            break;
        }
        if (!carry.empty()) std::memcpy(b.stream.data(), carry.data(), carry.size());
        carry.clear();
        std::size_t searched = 0;  // bytes already searched for the newline that ends the block
        for (;;) {
            if (used >= block_bytes) {
                const std::size_t from = std::max(searched, block_bytes - 1);
                const void* newline = std::memchr(b.stream.data() + from, '\n', used - from);
                if (newline != nullptr) {
                    const std::size_t end = static_cast<const char*>(newline) - b.stream.data() + 1;
                    carry.assign(b.stream.data() + end, used - end);
                    used = end;
                    break;
                }
                searched = used;
            }
            const std::size_t want = used < block_bytes ? block_bytes - used : kLineStep;
            Result<std::size_t> n = Error::of(ErrorCode::memory_limit);
            if (b.stream.reserve(used + want, used)) {
                n = source.next_into(b.stream.data() + used, want);
            }
            if (!n) {
                result = n.error();
                input_done = true;
                // The whole lines before the failure are read as a single reader would have
                // read them; the error comes after them.
                const std::string_view text(b.stream.data(), used);
                const std::size_t last = text.rfind('\n');
                used = last == std::string_view::npos ? 0 : last + 1;
                break;
            }
            if (*n == 0) {
                input_done = true;
                break;
            }
            used += *n;
        }
        if (used == 0) continue;
        b.view = std::string_view(b.stream.data(), used);
        b.offset = offset;
        offset += used;
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
                if (Status st = work(stream->document(), out); !st) {
                    return place_record_error(st.error(), block, stream->offset());
                }
            }
        };
    };
    return parallel_blocks(source, parallel, make_worker, emit);
}

}  // namespace arenajson
