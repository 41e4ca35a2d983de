#include "arenajson/source.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>
#include <zstd_errors.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>

namespace arenajson {

namespace detail {

/// One way of producing chunks. Virtual calls happen once per chunk, never per byte.
class SourceImpl {
  public:
    explicit SourceImpl(std::string name) : name_(std::move(name)) {}
    SourceImpl(const SourceImpl&) = delete;
    SourceImpl& operator=(const SourceImpl&) = delete;
    virtual ~SourceImpl() = default;
    virtual Result<std::string_view> next() = 0;
    [[nodiscard]] virtual std::optional<std::uint64_t> size_hint() const noexcept = 0;
    [[nodiscard]] virtual bool compressed() const noexcept { return false; }
    [[nodiscard]] virtual bool random_access() const noexcept { return false; }
    [[nodiscard]] virtual bool in_memory() const noexcept { return false; }
    virtual Result<std::string_view> read_at(std::uint64_t offset, std::size_t,
                                             std::string&) const {
        return Error::at_offset(ErrorCode::read_failed, offset);
    }
    virtual void release(std::uint64_t, std::size_t) const noexcept {}
    /// True when next_into() writes straight into the caller's memory (zstd, and plain text
    /// from a file or pipe); Source::next_into copies from next() otherwise.
    [[nodiscard]] virtual bool reads_into() const noexcept { return false; }
    /// Decompresses or reads straight into `out` (when reads_into(); see Source::next_into).
    virtual Result<std::size_t> next_into(char*, std::size_t) {
        return Error::of(ErrorCode::read_failed);
    }

    [[nodiscard]] const std::string& name() const noexcept { return name_; }
    [[nodiscard]] std::uint64_t produced() const noexcept { return produced_; }

  protected:
    Error error_here(ErrorCode code, int err = 0) const noexcept {
        return Error::system(code, err, produced_);
    }

    std::uint64_t produced_ = 0;

  private:
    std::string name_;
};

}  // namespace detail

namespace {

using detail::SourceImpl;

bool is_zstd_start(std::string_view bytes) noexcept {
    if (bytes.size() < 4) return false;
    std::uint32_t magic;
    std::memcpy(&magic, bytes.data(), 4);
    if constexpr (std::endian::native == std::endian::big) magic = __builtin_bswap32(magic);
    return magic == ZSTD_MAGICNUMBER ||
           (magic & ZSTD_MAGIC_SKIPPABLE_MASK) == ZSTD_MAGIC_SKIPPABLE_START;
}

/// Reads a file descriptor into one reused buffer.
class FdReader {
  public:
    FdReader(int fd, bool owned, std::size_t buffer_size)
        : fd_(fd), owned_(owned), buffer_(std::max<std::size_t>(buffer_size, 4096)) {
        struct stat st {};
        if (::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode)) {
            size_ = static_cast<std::uint64_t>(st.st_size);
#if defined(POSIX_FADV_SEQUENTIAL)
            ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
        }
    }
    FdReader(const FdReader&) = delete;
    FdReader& operator=(const FdReader&) = delete;
    ~FdReader() {
        if (owned_ && fd_ >= 0) ::close(fd_);
    }

    /// The next bytes, or an empty view at the end; errno on failure.
    Result<std::string_view> read(std::uint64_t produced) {
        Result<std::size_t> n = read_into(buffer_.data(), buffer_.size(), produced);
        if (!n) return n.error();
        return std::string_view(buffer_.data(), *n);
    }
    /// The next bytes into `out` (up to `capacity`): their number, 0 at the end.
    Result<std::size_t> read_into(char* out, std::size_t capacity, std::uint64_t produced) {
        for (;;) {
            const ssize_t n = ::read(fd_, out, capacity);
            if (n >= 0) return static_cast<std::size_t>(n);
            if (errno == EINTR) continue;
            return Error::system(ErrorCode::read_failed, errno, produced);
        }
    }
    [[nodiscard]] std::optional<std::uint64_t> size() const noexcept {
        return size_;
    }
    /// Up to `size` bytes at `offset` into `buffer` (fewer only at the end of the file), with
    /// pread: the file position does not move, so threads may call it at once.
    Result<std::string_view> read_at(std::uint64_t offset, std::size_t size,
                                     std::string& buffer) const {
        if (buffer.size() < size) buffer.resize(size);
        std::size_t got = 0;
        while (got < size) {
            const ssize_t n =
                ::pread(fd_, buffer.data() + got, size - got, static_cast<off_t>(offset + got));
            if (n == 0) break;
            if (n > 0) {
                got += static_cast<std::size_t>(n);
            } else if (errno != EINTR) {
                return Error::system(ErrorCode::read_failed, errno, offset + got);
            }
        }
        return std::string_view(buffer.data(), got);
    }

  private:
    int fd_;
    bool owned_;
    std::vector<char> buffer_;
    std::optional<std::uint64_t> size_;
};

/// Where compressed or plain bytes come from before decompression.
class ByteSupply {
  public:
    virtual ~ByteSupply() = default;
    virtual Result<std::string_view> read(std::uint64_t produced) = 0;
    /// True when read_at() works (memory, a regular file).
    [[nodiscard]] virtual bool random_access() const noexcept = 0;
    /// True when the bytes are in memory already.
    [[nodiscard]] virtual bool in_memory() const noexcept { return false; }
    /// Up to `size` bytes at `offset`, fewer only at the end; thread-safe.
    virtual Result<std::string_view> read_at(std::uint64_t offset, std::size_t size,
                                             std::string& buffer) const = 0;
    /// The bytes [offset, offset + size) will not be read again soon.
    virtual void release(std::uint64_t, std::size_t) const noexcept {}
    /// True when read_into() may be called: it reads straight into the caller's memory.
    [[nodiscard]] virtual bool reads_into() const noexcept { return false; }
    /// Up to `capacity` bytes of what read() would give next, into `out`; 0 at the end.
    virtual Result<std::size_t> read_into(char*, std::size_t, std::uint64_t produced) {
        return Error::at_offset(ErrorCode::read_failed, produced);
    }
};

class FdSupply final : public ByteSupply {
  public:
    /// With `readahead`, large regular files are read by a second thread into a ring of
    /// buffers while the caller parses the previous one: reading and parsing overlap. The
    /// thread starts with the second read(): the first (sniffing for zstd) is read directly,
    /// and a caller that goes on with read_into() or read_at() never starts it.
    FdSupply(int fd, bool owned, const SourceOptions& options)
        : reader_(fd, owned, options.buffer_size),
          fd_(fd),
          may_map_(options.map_files),
          readahead_(options.readahead && reader_.size() && *reader_.size() >= kReadaheadMin),
          buffer_size_(options.buffer_size) {}
    FdSupply(const FdSupply&) = delete;
    FdSupply& operator=(const FdSupply&) = delete;
    ~FdSupply() override {
        if (map_.data() != nullptr) ::munmap(const_cast<char*>(map_.data()), map_.size());
        if (!thread_.joinable()) return;
        {
            std::lock_guard lock(mutex_);
            stop_ = true;
        }
        changed_.notify_all();
        thread_.join();
    }

    Result<std::string_view> read(std::uint64_t produced) override {
        if (!thread_.joinable()) {
            if (!readahead_ || !read_once_ || reading_into_) {
                read_once_ = true;
                return reader_.read(produced);
            }
            start(buffer_size_);
        }
        if (finished_) return std::string_view();
        std::unique_lock lock(mutex_);
        if (holding_) {  // the caller is done with the previous buffer: hand it back
            holding_ = false;
            consume_ = (consume_ + 1) % kSlots;
            changed_.notify_all();
        }
        changed_.wait(lock, [&] { return filled_ > 0; });
        const Slot& slot = slots_[consume_];
        --filled_;
        holding_ = true;
        lock.unlock();
        if (slot.error != 0) {
            finished_ = true;
            return Error::system(ErrorCode::read_failed, slot.error, produced);
        }
        if (slot.size == 0) finished_ = true;
        return std::string_view(slot.data.data(), slot.size);
    }
    [[nodiscard]] std::optional<std::uint64_t> size() const noexcept { return reader_.size(); }
    [[nodiscard]] bool random_access() const noexcept override {
        return reader_.size().has_value();
    }
    [[nodiscard]] bool reads_into() const noexcept override { return !thread_.joinable(); }
    Result<std::size_t> read_into(char* out, std::size_t capacity,
                                  std::uint64_t produced) override {
        reading_into_ = true;  // from now on read() reads directly too: one order of bytes
        return reader_.read_into(out, capacity, produced);
    }
    Result<std::string_view> read_at(std::uint64_t offset, std::size_t size,
                                     std::string& buffer) const override {
        if (may_map_) {
            // Mapped on first use (several workers may ask at once); what lies past the size at
            // opening (a file that grew) is read with pread.
            std::call_once(mapped_, [&] {
                const std::uint64_t bytes = reader_.size().value_or(0);
                if (bytes == 0 || bytes > std::numeric_limits<std::size_t>::max()) return;
                void* p = ::mmap(nullptr, bytes, PROT_READ, MAP_SHARED, fd_, 0);
                if (p != MAP_FAILED) map_ = {static_cast<const char*>(p), bytes};
            });
            if (map_.data() != nullptr && offset + size <= map_.size()) {
                return map_.substr(offset, size);
            }
        }
        return reader_.read_at(offset, size, buffer);
    }
    void release(std::uint64_t offset, std::size_t size) const noexcept override {
        // Whole pages only: the neighbouring blocks' edges may still be read.
        if (map_.data() == nullptr || offset >= map_.size()) return;
        const auto page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
        const std::uint64_t first = (offset + page - 1) / page * page;
        const std::uint64_t last =
            std::min<std::uint64_t>(offset + size, map_.size()) / page * page;
        if (first < last) {
            ::madvise(const_cast<char*>(map_.data()) + first, last - first, MADV_DONTNEED);
        }
    }

  private:
    static constexpr std::uint64_t kReadaheadMin = std::uint64_t{8} << 20;
    static constexpr std::size_t kSlots = 4;
    struct Slot {
        std::vector<char> data;
        std::size_t size = 0;
        int error = 0;
    };

    void start(std::size_t buffer_size) {
        for (Slot& slot : slots_)
            slot.data.resize(std::max<std::size_t>(buffer_size, 4096));
        thread_ = std::thread([this] { produce(); });
    }

    void produce() {
        for (;;) {
            std::unique_lock lock(mutex_);
            changed_.wait(lock, [&] { return stop_ || filled_ + (holding_ ? 1 : 0) < kSlots; });
            if (stop_) return;
            Slot& slot = slots_[produce_];
            lock.unlock();
            ssize_t n;
            do {
                n = ::read(fd_, slot.data.data(), slot.data.size());
            } while (n < 0 && errno == EINTR);
            slot.size = n > 0 ? static_cast<std::size_t>(n) : 0;
            slot.error = n < 0 ? errno : 0;
            lock.lock();
            produce_ = (produce_ + 1) % kSlots;
            ++filled_;
            changed_.notify_all();
            if (n <= 0) return;  // end of file or error: the consumer sees it in this slot
        }
    }

    FdReader reader_;  // owns the descriptor; reads directly when there is no readahead
    int fd_;
    bool may_map_;               // map the file for read_at (SourceOptions::map_files)
    bool readahead_;             // a regular file large enough for the readahead thread
    std::size_t buffer_size_;    // of each of its buffers
    bool read_once_ = false;     // the first read() (the sniff) is done
    bool reading_into_ = false;  // read_into() was called: no readahead thread
    mutable std::once_flag mapped_;
    mutable std::string_view map_;  // the whole file as mapped, once read_at has been called
    Slot slots_[kSlots];
    std::mutex mutex_;
    std::condition_variable changed_;
    std::thread thread_;
    std::size_t filled_ = 0;   // slots read and not yet handed out
    std::size_t produce_ = 0;  // next slot the thread fills
    std::size_t consume_ = 0;  // next slot handed out
    bool holding_ = false;     // the caller still uses slot consume_
    bool stop_ = false;
    bool finished_ = false;
};

class MemorySupply final : public ByteSupply {
  public:
    explicit MemorySupply(std::string_view bytes) : all_(bytes), bytes_(bytes) {}
    Result<std::string_view> read(std::uint64_t) override {
        const std::string_view out = bytes_;
        bytes_ = {};
        return out;
    }
    [[nodiscard]] bool random_access() const noexcept override { return true; }
    [[nodiscard]] bool in_memory() const noexcept override { return true; }
    Result<std::string_view> read_at(std::uint64_t offset, std::size_t size,
                                     std::string&) const override {
        if (offset >= all_.size()) return std::string_view();
        return all_.substr(static_cast<std::size_t>(offset), size);
    }

  private:
    std::string_view all_;
    std::string_view bytes_;
};

/// Plain JSON text from a supply; the first chunk (already read to sniff for zstd) comes first.
class PlainSource final : public SourceImpl {
  public:
    PlainSource(std::string name, std::unique_ptr<ByteSupply> supply, std::string_view first,
                std::optional<std::uint64_t> size, const SourceOptions& options)
        : SourceImpl(std::move(name)),
          supply_(std::move(supply)),
          first_(first),
          size_(size),
          limit_(options.max_input_bytes) {}

    Result<std::string_view> next() override {
        std::string_view out;
        if (!first_.empty()) {
            out = first_;
            first_ = {};
        } else if (!done_) {
            Result<std::string_view> r = supply_->read(produced_);
            if (!r) return r;
            out = *r;
        }
        if (Status st = hand_out(out.size()); !st) return st.error();
        return out;
    }
    [[nodiscard]] bool reads_into() const noexcept override { return supply_->reads_into(); }
    [[nodiscard]] bool in_memory() const noexcept override { return supply_->in_memory(); }
    Result<std::size_t> next_into(char* into, std::size_t capacity) override {
        std::size_t n = 0;
        if (!first_.empty()) {
            n = std::min(capacity, first_.size());
            std::memcpy(into, first_.data(), n);
            first_.remove_prefix(n);
        } else if (!done_) {
            Result<std::size_t> r = supply_->read_into(into, capacity, produced_);
            if (!r) return r.error();
            n = *r;
        }
        if (Status st = hand_out(n); !st) return st.error();
        return n;
    }
    [[nodiscard]] std::optional<std::uint64_t> size_hint() const noexcept override { return size_; }
    // Only before next() has handed anything out, and only for an input within the limit (a
    // larger one is read as a stream, which reports input_limit where it is reached).
    [[nodiscard]] bool random_access() const noexcept override {
        return produced_ == 0 && !done_ && supply_->random_access() && size_ && *size_ <= limit_;
    }
    Result<std::string_view> read_at(std::uint64_t offset, std::size_t size,
                                     std::string& buffer) const override {
        Result<std::string_view> r = supply_->read_at(offset, size, buffer);
        if (r && offset + r->size() > limit_) {  // the file grew past the limit since opening
            return Error::system(ErrorCode::input_limit, 0, limit_);
        }
        return r;
    }
    void release(std::uint64_t offset, std::size_t size) const noexcept override {
        supply_->release(offset, size);
    }

  private:
    // Counts `n` bytes of text handed out by next() or next_into(), 0 meaning the end; an
    // input past the limit is an error.
    Status hand_out(std::size_t n) noexcept {
        if (n == 0) {
            done_ = true;
            return {};
        }
        if (n > limit_ - std::min(limit_, produced_)) return error_here(ErrorCode::input_limit);
        produced_ += n;
        return {};
    }

    std::unique_ptr<ByteSupply> supply_;
    std::string_view first_;
    std::optional<std::uint64_t> size_;
    std::uint64_t limit_;
    bool done_ = false;
};

/// zstd-compressed input, decompressed frame by frame with ZSTD_decompressStream.
class ZstdSource final : public SourceImpl {
  public:
    ZstdSource(std::string name, std::unique_ptr<ByteSupply> supply, std::string_view first,
               std::optional<std::uint64_t> compressed_size, const SourceOptions& options)
        : SourceImpl(std::move(name)),
          supply_(std::move(supply)),
          in_{first.data(), first.size(), 0},
          out_buffer_(std::max<std::size_t>(options.buffer_size, ZSTD_DStreamOutSize())),
          limit_(options.max_input_bytes),
          dctx_(ZSTD_createDCtx()) {
        if (dctx_ != nullptr) {
            ZSTD_DCtx_setParameter(dctx_, ZSTD_d_windowLogMax, options.zstd_window_log_max);
        }
        const unsigned long long declared = ZSTD_getFrameContentSize(first.data(), first.size());
        if (declared != ZSTD_CONTENTSIZE_UNKNOWN && declared != ZSTD_CONTENTSIZE_ERROR) {
            // Untrusted: a few bytes may declare anything. Bound it by a generous ratio to the
            // compressed size, so a lying header cannot make the caller reserve terabytes.
            std::uint64_t hint = declared;
            if (compressed_size)
                hint = std::min<std::uint64_t>(hint, *compressed_size * 1024 + 4096);
            hint_ = hint;
        }
    }
    ~ZstdSource() override { ZSTD_freeDCtx(dctx_); }

    Result<std::string_view> next() override {
        Result<std::size_t> n = next_into(out_buffer_.data(), out_buffer_.size());
        if (!n) return n.error();
        return std::string_view(out_buffer_.data(), *n);
    }
    [[nodiscard]] bool reads_into() const noexcept override { return true; }
    Result<std::size_t> next_into(char* into, std::size_t capacity) override {
        if (dctx_ == nullptr) return error_here(ErrorCode::zstd_corrupt);
        if (done_) return std::size_t{0};
        for (;;) {
            if (in_.pos == in_.size && !input_done_) {
                Result<std::string_view> r = supply_->read(produced_);
                if (!r) return r.error();
                in_ = ZSTD_inBuffer{r->data(), r->size(), 0};
                if (r->empty()) input_done_ = true;
            }
            // Called with empty input too: the decoder may still hold output to flush.
            const std::size_t before = in_.pos;
            ZSTD_outBuffer out{into, capacity, 0};
            const std::size_t ret = ZSTD_decompressStream(dctx_, &out, &in_);
            if (ZSTD_isError(ret)) {
                done_ = true;
                return error_here(ZSTD_getErrorCode(ret) == ZSTD_error_frameParameter_windowTooLarge
                                      ? ErrorCode::zstd_window_limit
                                      : ErrorCode::zstd_corrupt);
            }
            // 0 means a frame ended and was flushed; only a call that made progress says so.
            if (in_.pos != before || out.pos > 0) frame_open_ = ret != 0;
            if (out.pos > 0) {
                if (out.pos > limit_ - std::min(limit_, produced_)) {
                    done_ = true;
                    return error_here(ErrorCode::input_limit);
                }
                produced_ += out.pos;
                return out.pos;
            }
            if (in_.pos == in_.size && input_done_) {
                done_ = true;
                if (frame_open_) return error_here(ErrorCode::zstd_truncated);
                return std::size_t{0};
            }
        }
    }
    [[nodiscard]] std::optional<std::uint64_t> size_hint() const noexcept override { return hint_; }
    [[nodiscard]] bool compressed() const noexcept override { return true; }

  private:
    std::unique_ptr<ByteSupply> supply_;
    ZSTD_inBuffer in_;
    std::vector<char> out_buffer_;
    std::uint64_t limit_;
    ZSTD_DCtx* dctx_;
    std::optional<std::uint64_t> hint_;
    bool input_done_ = false;
    bool frame_open_ = false;
    bool done_ = false;
};

/// Reads the first chunk, then picks plain or zstd.
Result<std::unique_ptr<SourceImpl>> make_source(std::string name,
                                                std::unique_ptr<ByteSupply> supply,
                                                std::optional<std::uint64_t> size,
                                                const SourceOptions& options) {
    Result<std::string_view> first = supply->read(0);
    if (!first) return first.error();
    if (options.detect_zstd && is_zstd_start(*first)) {
        return std::unique_ptr<SourceImpl>(
            new ZstdSource(std::move(name), std::move(supply), *first, size, options));
    }
    return std::unique_ptr<SourceImpl>(
        new PlainSource(std::move(name), std::move(supply), *first, size, options));
}

/// A source that only reports an error (a failed first read), so constructors stay simple.
class FailedSource final : public SourceImpl {
  public:
    FailedSource(std::string name, Error error) : SourceImpl(std::move(name)), error_(error) {}
    Result<std::string_view> next() override { return error_; }
    [[nodiscard]] std::optional<std::uint64_t> size_hint() const noexcept override { return {}; }

  private:
    Error error_;
};

std::unique_ptr<SourceImpl> from_supply(std::string name, std::unique_ptr<FdSupply> supply,
                                        const SourceOptions& options) {
    const std::optional<std::uint64_t> size = supply->size();
    Result<std::unique_ptr<SourceImpl>> r = make_source(name, std::move(supply), size, options);
    if (!r) return std::make_unique<FailedSource>(std::move(name), r.error());
    return std::move(*r);
}

}  // namespace

Source::Source(std::unique_ptr<detail::SourceImpl> impl, std::size_t max_chunk) noexcept
    : impl_(std::move(impl)), max_chunk_(max_chunk) {
}
Source::Source(Source&&) noexcept = default;
Source& Source::operator=(Source&&) noexcept = default;
Source::~Source() = default;

Result<Source> Source::open_file(const std::string& path, SourceOptions options) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Error::system(ErrorCode::open_failed, errno);
    return Source(from_supply(path, std::make_unique<FdSupply>(fd, true, options), options),
                  options.max_chunk);
}

Source Source::open_stdin(SourceOptions options) {
    return from_fd(STDIN_FILENO, "<stdin>", options);
}

Source Source::from_fd(int fd, std::string name, SourceOptions options) {
    return Source(
        from_supply(std::move(name), std::make_unique<FdSupply>(fd, false, options), options),
        options.max_chunk);
}

Source Source::from_memory(std::string_view bytes, SourceOptions options) {
    Result<std::unique_ptr<detail::SourceImpl>> r =
        make_source("<memory>", std::make_unique<MemorySupply>(bytes), bytes.size(), options);
    return Source(std::move(*r), options.max_chunk);  // reading memory cannot fail
}

Result<std::string_view> Source::next() {
    if (!error_.ok()) return error_;
    if (pending_.empty()) {
        Result<std::string_view> chunk = impl_->next();
        if (!chunk) {
            error_ = chunk.error();
            return chunk;
        }
        if (max_chunk_ == 0 || chunk->size() <= max_chunk_) return chunk;
        pending_ = *chunk;
    }
    const std::string_view piece = pending_.substr(0, max_chunk_);
    pending_.remove_prefix(piece.size());
    return piece;
}
std::optional<std::uint64_t> Source::size_hint() const noexcept {
    return impl_->size_hint();
}
bool Source::compressed() const noexcept {
    return impl_->compressed();
}
bool Source::random_access() const noexcept {
    return error_.ok() && pending_.empty() && impl_->random_access();
}
bool Source::in_memory() const noexcept {
    return impl_->in_memory();
}
Result<std::string_view> Source::read_at(std::uint64_t offset, std::size_t size,
                                         std::string& buffer) const {
    return impl_->read_at(offset, size, buffer);
}
void Source::release(std::uint64_t offset, std::size_t size) const noexcept {
    impl_->release(offset, size);
}
Result<std::size_t> Source::next_into(char* out, std::size_t capacity) {
    if (!error_.ok()) return error_;
    if (capacity == 0) return std::size_t{0};
    if (into_pending_.empty() && pending_.empty() && max_chunk_ == 0 && impl_->reads_into()) {
        Result<std::size_t> n = impl_->next_into(out, capacity);
        if (!n) error_ = n.error();
        return n;
    }
    if (into_pending_.empty()) {
        Result<std::string_view> chunk = next();
        if (!chunk) return chunk.error();
        if (chunk->empty()) return std::size_t{0};  // the end of the input
        into_pending_ = *chunk;
    }
    const std::size_t n = std::min(capacity, into_pending_.size());
    std::memcpy(out, into_pending_.data(), n);
    into_pending_.remove_prefix(n);
    return n;
}
std::uint64_t Source::bytes_produced() const noexcept {
    return impl_->produced();
}
const std::string& Source::name() const noexcept {
    return impl_->name();
}

}  // namespace arenajson
