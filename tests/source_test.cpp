#include "arenajson/source.hpp"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zstd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "event_log.hpp"
#include "test_support.hpp"

namespace arenajson {
namespace {

using testing::zstd_compress;

// A stream without a declared size and with a large window (frame header says 2^window_log).
std::string compress_streaming(std::string_view data, int window_log) {
    return testing::zstd_compress_streaming(data, window_log);
}

std::string skippable_frame(std::string_view payload) {
    std::string f(8, '\0');
    const std::uint32_t magic = ZSTD_MAGIC_SKIPPABLE_START + 3;
    const auto size = static_cast<std::uint32_t>(payload.size());
    std::memcpy(f.data(), &magic, 4);
    std::memcpy(f.data() + 4, &size, 4);
    return f + std::string(payload);
}

// Everything a source produces, or its error.
Result<std::string> drain(Source& source, std::size_t* chunks = nullptr) {
    std::string all;
    for (;;) {
        Result<std::string_view> chunk = source.next();
        if (!chunk) return chunk.error();
        if (chunk->empty()) return all;
        if (chunks) ++*chunks;
        all.append(*chunk);
    }
}

std::string temp_file(const std::string& name, std::string_view contents) {
    const std::string path = (std::filesystem::temp_directory_path() /
                              ("arenajson_source_test_" + std::to_string(::getpid()) + "_" + name))
                                 .string();
    std::ofstream(path, std::ios::binary)
        .write(contents.data(), static_cast<std::streamsize>(contents.size()));
    return path;
}

TEST(Source, MemoryIsOneChunkWithoutACopy) {
    const std::string json = R"({"a":[1,2,3]})";
    Source s = Source::from_memory(json);
    Result<std::string_view> first = s.next();
    ASSERT_TRUE(first);
    EXPECT_EQ(first->data(), json.data());
    EXPECT_EQ(first->size(), json.size());
    EXPECT_TRUE(s.next()->empty());
    EXPECT_EQ(s.size_hint(), json.size());
    EXPECT_FALSE(s.compressed());
    EXPECT_EQ(s.name(), "<memory>");
}

// An array of the numbers below n, then a 0: a document some pages long.
std::string number_array(int n) {
    std::string json = "[";
    for (int i = 0; i < n; ++i)
        json += std::to_string(i) + ",";
    return json + "0]";
}

TEST(Source, FileIsReadInChunksOfTheBufferSize) {
    const std::string json = number_array(20000);
    const std::string path = temp_file("chunks.json", json);
    SourceOptions options;
    options.buffer_size = 4096;
    Result<Source> s = Source::open_file(path, options);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->size_hint(), json.size());
    std::size_t chunks = 0;
    Result<std::string> all = drain(*s, &chunks);
    ASSERT_TRUE(all);
    EXPECT_EQ(*all, json);
    EXPECT_GE(chunks, json.size() / 4096);
    EXPECT_EQ(s->bytes_produced(), json.size());
    std::remove(path.c_str());
}

TEST(Source, MaxChunkCutsEveryChunk) {
    const std::string json = R"({"a":[1,2,3],"b":"some text to cut into pieces"})";
    for (const std::string& bytes : {json, zstd_compress(json)}) {
        SourceOptions options;
        options.max_chunk = 7;
        Source s = Source::from_memory(bytes, options);
        std::string all;
        for (;;) {
            Result<std::string_view> chunk = s.next();
            ASSERT_TRUE(chunk);
            if (chunk->empty()) break;
            EXPECT_LE(chunk->size(), 7u);
            all.append(*chunk);
        }
        EXPECT_EQ(all, json);
    }
}

TEST(Source, MissingFileIsAnOpenError) {
    Result<Source> s = Source::open_file("/nonexistent/arenajson/file.json");
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, ErrorCode::open_failed);
    EXPECT_EQ(s.error().system_errno, ENOENT);
    EXPECT_NE(s.error().to_string().find("No such file"), std::string::npos);
}

TEST(Source, DirectoryIsAReadError) {
    Result<Source> s = Source::open_file(std::filesystem::temp_directory_path().string());
    if (!s) {
        EXPECT_EQ(s.error().code, ErrorCode::open_failed);
        return;
    }
    Result<std::string> all = drain(*s);
    ASSERT_FALSE(all);
    EXPECT_EQ(all.error().code, ErrorCode::read_failed);
    EXPECT_EQ(all.error().system_errno, EISDIR);
}

TEST(Source, PipeHasNoSizeAndStreams) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const std::string json = R"(["piped"])";
    ASSERT_EQ(::write(fds[1], json.data(), json.size()), static_cast<ssize_t>(json.size()));
    ::close(fds[1]);
    Source s = Source::from_fd(fds[0], "<pipe>");
    EXPECT_FALSE(s.size_hint().has_value());
    Result<std::string> all = drain(s);
    ::close(fds[0]);
    ASSERT_TRUE(all);
    EXPECT_EQ(*all, json);
}

TEST(Source, ReadAtGivesAnyRangeOfMemoryOrAFile) {
    const std::string json = number_array(5000);
    const std::string path = temp_file("read_at.json", json);
    SourceOptions small;
    small.buffer_size = 4096;
    Result<Source> file = Source::open_file(path, small);
    ASSERT_TRUE(file);
    Source memory = Source::from_memory(json);
    for (Source* s : {&*file, &memory}) {
        ASSERT_TRUE(s->random_access());
        std::string buffer;
        for (const auto& [offset, size] :
             std::initializer_list<std::pair<std::uint64_t, std::size_t>>{{0, 10},
                                                                          {17, 5000},
                                                                          {json.size() - 3, 100},
                                                                          {json.size(), 10},
                                                                          {json.size() + 5, 1}}) {
            Result<std::string_view> r = s->read_at(offset, size, buffer);
            ASSERT_TRUE(r);
            EXPECT_EQ(*r, std::string_view(json).substr(std::min<std::size_t>(offset, json.size()),
                                                        size));
        }
        // Released bytes read the same, through an earlier view and a new one.
        const std::string_view early = *s->read_at(0, json.size(), buffer);
        s->release(0, json.size());
        EXPECT_EQ(early, json);
        std::string other;
        EXPECT_EQ(*s->read_at(0, json.size(), other), json);
        // The stream is untouched by read_at; once next() has handed out a chunk, read_at is off.
        Result<std::string> all = drain(*s);
        ASSERT_TRUE(all);
        EXPECT_EQ(*all, json);
        EXPECT_FALSE(s->random_access());
    }
    // The view of memory is the caller's bytes, not a copy.
    std::string buffer;
    EXPECT_EQ(Source::from_memory(json).read_at(5, 3, buffer)->data(), json.data() + 5);
    std::remove(path.c_str());
}

TEST(Source, NextIntoWritesTheSameTextIntoTheCallersMemory) {
    std::string json = "[";
    for (int i = 0; i < 30000; ++i)
        json += "\"" + std::to_string(i * 7919) + "\",";
    json += "0]";
    const std::string zst = zstd_compress(json);
    for (const std::size_t capacity : {std::size_t{1}, std::size_t{1000}, std::size_t{1} << 20}) {
        for (const std::size_t max_chunk : {std::size_t{0}, std::size_t{333}}) {
            for (const std::string_view bytes : {std::string_view(json), std::string_view(zst)}) {
                SourceOptions options;
                options.max_chunk = max_chunk;
                Source s = Source::from_memory(bytes, options);
                std::string all, into(capacity, '\0');
                for (;;) {
                    Result<std::size_t> n = s.next_into(into.data(), capacity);
                    ASSERT_TRUE(n);
                    ASSERT_LE(*n, capacity);
                    if (*n == 0) break;
                    all.append(into.data(), *n);
                }
                EXPECT_EQ(all, json) << capacity << " " << max_chunk;
            }
        }
    }
    // Errors come as from next(): a truncated frame after the text before it.
    const std::string cut = zst.substr(0, zst.size() / 2);
    Source s = Source::from_memory(cut);
    std::string into(4096, '\0');
    Result<std::size_t> n = s.next_into(into.data(), into.size());
    while (n && *n != 0)
        n = s.next_into(into.data(), into.size());
    ASSERT_FALSE(n);
    EXPECT_TRUE(n.error().code == ErrorCode::zstd_truncated ||
                n.error().code == ErrorCode::zstd_corrupt);
}

// A file is read straight into the caller's memory: the sniffed first chunk, then the rest,
// whatever the capacity; a file large enough for readahead (8 MiB) gives its bytes once, in
// order (no reading thread takes any); the input limit holds.
TEST(Source, NextIntoReadsAFileIntoTheCallersMemory) {
    std::string json = "[";
    for (std::uint64_t i = 0; json.size() < (std::size_t{9} << 20); ++i)
        json += std::to_string(i * 7919) + ",";
    json += "0]";
    const std::string path = temp_file("next_into.json", json);
    for (const std::size_t capacity : {std::size_t{1000}, std::size_t{3} << 20}) {
        for (const std::size_t buffer : {std::size_t{4096}, std::size_t{1} << 20}) {
            SourceOptions options;
            options.buffer_size = buffer;
            Result<Source> s = Source::open_file(path, options);
            ASSERT_TRUE(s);
            std::string all, into(capacity, '\0');
            for (;;) {
                Result<std::size_t> n = s->next_into(into.data(), capacity);
                ASSERT_TRUE(n);
                if (*n == 0) break;
                all.append(into.data(), *n);
            }
            EXPECT_EQ(all.size(), json.size()) << capacity << " " << buffer;
            EXPECT_TRUE(all == json) << capacity << " " << buffer;
            EXPECT_EQ(s->bytes_produced(), json.size());
        }
    }
    SourceOptions limited;
    limited.max_input_bytes = 5 << 20;
    Result<Source> s = Source::open_file(path, limited);
    ASSERT_TRUE(s);
    std::string into(1 << 20, '\0');
    Result<std::size_t> n = s->next_into(into.data(), into.size());
    while (n && *n != 0)
        n = s->next_into(into.data(), into.size());
    ASSERT_FALSE(n);
    EXPECT_EQ(n.error().code, ErrorCode::input_limit);
    std::remove(path.c_str());
}

TEST(Source, NoRandomAccessForZstdPipesOrInputOverTheLimit) {
    const std::string json = R"([1,2,3])";
    EXPECT_FALSE(Source::from_memory(zstd_compress(json)).random_access());
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    ASSERT_EQ(::write(fds[1], json.data(), json.size()), static_cast<ssize_t>(json.size()));
    ::close(fds[1]);
    EXPECT_FALSE(Source::from_fd(fds[0], "<pipe>").random_access());
    ::close(fds[0]);
    SourceOptions limited;
    limited.max_input_bytes = 4;  // the stream reports input_limit where it is reached
    Source over = Source::from_memory(json, limited);
    EXPECT_FALSE(over.random_access());
    EXPECT_EQ(drain(over).error().code, ErrorCode::input_limit);
}

TEST(Source, ZstdIsRecognisedByItsMagicWhateverTheName) {
    const std::string json = R"({"compressed":true,"list":[1,2,3]})";
    const std::string path = temp_file("no_extension", zstd_compress(json));
    Result<Source> s = Source::open_file(path);
    ASSERT_TRUE(s);
    Result<std::string> all = drain(*s);
    ASSERT_TRUE(all) << all.error().to_string();
    EXPECT_EQ(*all, json);
    EXPECT_TRUE(s->compressed());
    EXPECT_EQ(s->size_hint(), json.size());  // the frame's declared content size
    std::remove(path.c_str());
}

TEST(Source, ZstdLargeStreamComesOutInBufferSizedChunks) {
    std::string json = "[";
    for (int i = 0; i < 200000; ++i)
        json += "\"item " + std::to_string(i) + "\",";
    json += "0]";
    SourceOptions options;
    options.buffer_size = 64 * 1024;
    const std::string z = zstd_compress(json);
    Source s = Source::from_memory(z, options);
    std::size_t chunks = 0;
    Result<std::string> all = drain(s, &chunks);
    ASSERT_TRUE(all);
    EXPECT_EQ(*all, json);
    EXPECT_GT(chunks, json.size() / (256 * 1024));
}

TEST(Source, ConcatenatedAndSkippableFramesAreDecoded) {
    const std::string z = skippable_frame("metadata") + zstd_compress("[1,") + skippable_frame("") +
                          zstd_compress("2,") + zstd_compress("3]") + skippable_frame("trailer");
    Source s = Source::from_memory(z);
    Result<std::string> all = drain(s);
    ASSERT_TRUE(all) << all.error().to_string();
    EXPECT_EQ(*all, "[1,2,3]");
}

TEST(Source, TruncatedZstdIsAnErrorEvenWhenThePrefixIsValidJson) {
    std::string json = "[";
    for (int i = 0; i < 5000; ++i)
        json += std::to_string(i * 7919 % 10007) + ",";
    json += "0]";
    const std::string z = compress_streaming(json, 20);
    for (std::size_t cut : {z.size() - 1, z.size() - 3, z.size() / 2, std::size_t{6}}) {
        Source s = Source::from_memory(std::string_view(z).substr(0, cut));
        Result<std::string> all = drain(s);
        ASSERT_FALSE(all) << "cut " << cut;
        EXPECT_EQ(all.error().code, ErrorCode::zstd_truncated)
            << "cut " << cut << ": " << all.error().to_string();
    }
    // A whole frame followed by the first bytes of another is truncated too.
    const std::string cut_second = zstd_compress("1") + zstd_compress("2").substr(0, 5);
    Source s = Source::from_memory(cut_second);
    EXPECT_EQ(drain(s).error().code, ErrorCode::zstd_truncated);
}

TEST(Source, GarbageAfterTheLastFrameIsCorrupt) {
    const std::string bytes = zstd_compress("[1]") + "garbage!";  // must outlive the source
    Source s = Source::from_memory(bytes);
    Result<std::string> all = drain(s);
    ASSERT_FALSE(all);
    EXPECT_EQ(all.error().code, ErrorCode::zstd_corrupt);
    // Errors are sticky: the next call does not look like a clean end of input.
    EXPECT_EQ(s.next().error().code, ErrorCode::zstd_corrupt);
}

TEST(Source, WindowLargerThanTheLimitIsRefused) {
    const std::string z = compress_streaming(std::string(1000, 'x'), 28);  // declares 256 MiB
    Source strict = Source::from_memory(z);
    Result<std::string> all = drain(strict);
    ASSERT_FALSE(all);
    EXPECT_EQ(all.error().code, ErrorCode::zstd_window_limit);
    SourceOptions big;
    big.zstd_window_log_max = 28;
    Source allowed = Source::from_memory(z, big);
    EXPECT_TRUE(drain(allowed));
}

TEST(Source, DeclaredSizeIsOnlyAHint) {
    // A hand-made frame that declares 100 GB of content but holds three bytes.
    std::string frame = "\x28\xB5\x2F\xFD";
    frame += '\xC0';  // 8-byte content size, window descriptor follows, no checksum
    frame += '\x00';  // window: 1 KiB
    const std::uint64_t declared = 100'000'000'000ull;
    frame.append(reinterpret_cast<const char*>(&declared), 8);
    const std::uint32_t block = (3u << 3) | 1u;  // last block, raw, 3 bytes
    frame.append(reinterpret_cast<const char*>(&block), 3);
    frame += "[1]";
    Source s = Source::from_memory(frame);
    ASSERT_TRUE(s.size_hint().has_value());
    EXPECT_LT(*s.size_hint(), 1u << 20);  // bounded by the compressed size, never 100 GB
    Result<std::string> all = drain(s);
    ASSERT_FALSE(all);  // the content does not match the header
    EXPECT_EQ(all.error().code, ErrorCode::zstd_corrupt);
}

TEST(Source, InputLimitStopsADecompressionBomb) {
    // 64 MiB of '[' compresses to a few kilobytes.
    const std::string bomb = zstd_compress(std::string(64 << 20, '['), 19);
    EXPECT_LT(bomb.size(), 64u * 1024u);
    SourceOptions options;
    options.max_input_bytes = 1 << 20;
    Source s = Source::from_memory(bomb, options);
    Result<std::string> all = drain(s);
    ASSERT_FALSE(all);
    EXPECT_EQ(all.error().code, ErrorCode::input_limit);
    EXPECT_LE(all.error().offset, 1u << 20);

    // With the default limits the reader's depth limit stops it after a kilobyte.
    Source again = Source::from_memory(bomb);
    testing::EventLog log;
    Reader reader(log);
    const Status st = read_all(again, reader, log);
    ASSERT_FALSE(st);
    EXPECT_EQ(st.error().code, ErrorCode::depth_limit);
    EXPECT_LE(again.bytes_produced(), 512u * 1024u);
}

TEST(Source, ReadAllFeedsAReaderFromAnySource) {
    const std::string json = R"({"k":["v",1.5,null]})";
    for (const std::string& bytes : {json, zstd_compress(json)}) {
        Source s = Source::from_memory(bytes);
        testing::EventLog log;
        Reader reader(log);
        ASSERT_TRUE(read_all(s, reader, log));
        EXPECT_EQ(log.events, "{|k:k|[|s:v|d:1.5|null|]3|}1|");
    }
    // NDJSON: every record, with or without a final newline.
    struct Counting : testing::EventLog {
        int records = 0;
        bool on_document_end() {
            ++records;
            return true;
        }
    };
    ReaderOptions nd;
    nd.ndjson = true;
    for (const std::string input : {"1\n2\n3\n", "1\n2\n3"}) {
        Source s = Source::from_memory(input);
        Counting c;
        Reader reader(c, nd);
        ASSERT_TRUE(read_all(s, reader, c));
        EXPECT_EQ(c.records, 3);
    }
}

}  // namespace
}  // namespace arenajson
