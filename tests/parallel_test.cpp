// parallel_ndjson and parallel_blocks: the same output and the same first error as reading the
// records one after another, whatever the threads and block sizes.
#include "arenajson/parallel.hpp"

#include "arenajson/writer.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <string>
#include <vector>

#include <unistd.h>

namespace arenajson {
namespace {

// What reading the records in order gives: each record written compactly on a line, and the
// error that ends the input.
struct Outcome {
    std::string output;
    Error error{};
};

Outcome sequential(std::string_view input, const ParseOptions& options = {}) {
    Outcome o;
    DocumentStream stream = DocumentStream::from_source(Source::from_memory(input), options);
    for (;;) {
        Result<bool> more = stream.next();
        if (!more) {
            o.error = more.error();
            return o;
        }
        if (!*more) return o;
        write(stream.document().root(), o.output);
        o.output += '\n';
    }
}

// How the input reaches parallel_ndjson: in memory the workers view their own blocks (random
// access); from a regular file the calling thread reads the blocks, or with more than four
// workers they read their own from the mapped file; compressed, the calling thread reads,
// decompresses and cuts.
enum class Reading { memory, file, zstd };

std::string name(Reading how) {
    return how == Reading::memory ? "memory" : how == Reading::file ? "file" : "zstd";
}

// A file holding `bytes`, removed when it goes out of scope. Its name holds the process id:
// ctest runs tests of this file in parallel processes, and one truncating a file another has
// mapped would kill that one with SIGBUS.
class TempFile {
  public:
    explicit TempFile(std::string_view bytes)
        : path_(::testing::TempDir() + "arenajson_parallel_" + std::to_string(::getpid()) + "_" +
                std::to_string(++count_)) {
        std::FILE* f = std::fopen(path_.c_str(), "wb");
        EXPECT_NE(f, nullptr);
        if (f == nullptr) return;
        if (!bytes.empty()) {
            EXPECT_EQ(std::fwrite(bytes.data(), 1, bytes.size(), f), bytes.size());
        }
        std::fclose(f);
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    ~TempFile() { std::remove(path_.c_str()); }
    [[nodiscard]] const std::string& path() const { return path_; }

  private:
    inline static int count_ = 0;
    std::string path_;
};

Outcome parallel(std::string_view input, unsigned threads, std::size_t block_bytes,
                 const ParseOptions& options = {}, std::size_t max_chunk = 0,
                 Reading how = Reading::memory) {
    Outcome o;
    SourceOptions source_options;
    source_options.max_chunk = max_chunk;
    const std::string zst = how == Reading::zstd ? testing::zstd_compress(input) : std::string();
    const TempFile file(how == Reading::file ? input : std::string_view());
    Source source = how == Reading::memory ? Source::from_memory(input, source_options)
                    : how == Reading::zstd ? Source::from_memory(zst, source_options)
                                           : *Source::open_file(file.path(), source_options);
    EXPECT_EQ(source.random_access(), how != Reading::zstd);
    ParallelOptions p;
    p.threads = threads;
    p.block_bytes = block_bytes;
    const Status st = parallel_ndjson(
        source, options, p,
        [](const Document& record, std::string& out) -> Status {
            write(record.root(), out);
            out += '\n';
            return {};
        },
        [&](std::string_view text) {
            o.output += text;
            return true;
        });
    if (!st) o.error = st.error();
    return o;
}

void expect_same(const Outcome& a, const Outcome& b, const std::string& what) {
    EXPECT_EQ(a.output, b.output) << what;
    EXPECT_EQ(a.error.code, b.error.code) << what;
    EXPECT_EQ(a.error.offset, b.error.offset) << what;
    EXPECT_EQ(a.error.line, b.error.line) << what;
    EXPECT_EQ(a.error.column, b.error.column) << what;
}

std::string sample_ndjson() {
    std::string data =
        testing::read_file(std::string(ARENAJSON_SOURCE_DIR) + "/corpus/samples/requests.ndjson");
    const std::string fhir = testing::corpus("fhir_Encounter.000.ndjson");
    if (!fhir.empty()) data += fhir;
    return data;
}

TEST(Parallel, SameOutputAsReadingInOrder) {
    const std::string input = sample_ndjson();
    ASSERT_FALSE(input.empty());
    const Outcome expected = sequential(input);
    ASSERT_TRUE(expected.error.ok());
    for (Reading how : {Reading::memory, Reading::file, Reading::zstd}) {
        for (unsigned threads : {1u, 2u, 3u, 8u}) {
            for (std::size_t block :
                 {std::size_t{1}, std::size_t{700}, std::size_t{64 << 10}, std::size_t{16 << 20}}) {
                expect_same(parallel(input, threads, block, {}, 0, how), expected,
                            name(how) + " threads " + std::to_string(threads) + " block " +
                                std::to_string(block));
            }
        }
        // Chunks from the source that cut lines anywhere.
        expect_same(parallel(input, 2, 1000, {}, 37, how), expected,
                    name(how) + " source chunks of 37 bytes");
    }
}

// A file of 8 MiB or more would be read ahead by a second thread if read with next(): read
// into the blocks, it is not, and every record arrives once, in order, on any thread count.
TEST(Parallel, AFileLargeEnoughForReadahead) {
    std::string input;
    for (int i = 0; input.size() < (std::size_t{9} << 20); ++i) {
        input += "{\"i\":" + std::to_string(i) + ",\"pad\":\"" +
                 std::string(static_cast<std::size_t>(i % 300), 'p') + "\"}\n";
    }
    input += "{\"last\":tru}\n";
    const Outcome expected = sequential(input);
    ASSERT_EQ(expected.error.code, ErrorCode::invalid_literal);
    for (unsigned threads : {1u, 2u, 8u}) {
        expect_same(parallel(input, threads, std::size_t{1} << 20, {}, 0, Reading::file), expected,
                    "threads " + std::to_string(threads));
    }
}

// Byte ranges of a file share out its lines; the last range, to the end of the file, is a view
// of the mapped file (the buffer is not used), and takes in what was appended after opening.
TEST(Parallel, LinesInRangesOfAFile) {
    std::string text;
    for (int i = 0; i < 5000; ++i)
        text += "{\"n\":" + std::to_string(i) + "}\n";
    const TempFile file(text);
    Result<Source> source = Source::open_file(file.path());
    ASSERT_TRUE(source) << source.error().to_string();
    std::string joined;
    std::string buffer;
    const std::uint64_t size = text.size();
    for (std::uint64_t start = 0; start < size; start += 4096) {
        const std::uint64_t end = start + 4096 >= size ? 0 : start + 4096;
        buffer.clear();
        Result<std::string_view> lines = lines_in_range(*source, start, end, buffer);
        ASSERT_TRUE(lines) << lines.error().to_string();
        EXPECT_TRUE(buffer.empty()) << "range at " << start << " was copied, not viewed";
        joined += *lines;
    }
    EXPECT_EQ(joined, text);

    // The file grows after opening: the last range reads on to its new end.
    const std::string more = "{\"n\":\"appended\"}\n";
    std::FILE* f = std::fopen(file.path().c_str(), "ab");
    ASSERT_NE(f, nullptr);
    ASSERT_EQ(std::fwrite(more.data(), 1, more.size(), f), more.size());
    std::fclose(f);
    Result<std::string_view> last = lines_in_range(*source, size - 10, 0, buffer);
    ASSERT_TRUE(last) << last.error().to_string();
    EXPECT_EQ(*last, more);
    Result<std::string_view> all = lines_in_range(*source, 0, 0, buffer);
    ASSERT_TRUE(all) << all.error().to_string();
    EXPECT_EQ(*all, text + more);
}

TEST(Parallel, LinesLongerThanABlockAndEmptyInput) {
    // Records of up to 15 KB among small ones, cut into blocks of 4 KiB (the smallest): some
    // blocks hold no line start and are empty; the one holding a long line's start reads on to
    // its end.
    std::string input;
    for (int i = 0; i < 50; ++i) {
        input += "[\"" + std::string(static_cast<std::size_t>(i % 7) * 2500, 'a') + "\"," +
                 std::to_string(i) + "]\n";
    }
    const Outcome expected = sequential(input);
    ASSERT_TRUE(expected.error.ok());
    for (Reading how : {Reading::memory, Reading::file, Reading::zstd}) {
        for (std::size_t block : {std::size_t{1}, std::size_t{4096}, std::size_t{5001}})
            expect_same(parallel(input, 2, block, {}, 0, how), expected,
                        name(how) + " block " + std::to_string(block));
        expect_same(parallel("", 2, 100, {}, 0, how), sequential(""), name(how) + " empty");
        expect_same(parallel("\n\n", 2, 1, {}, 0, how), sequential("\n\n"), name(how) + " blank");
    }
}

TEST(Parallel, ProgressClimbsToTheEndOfTheInput) {
    std::string input;
    for (int i = 0; i < 20000; ++i)
        input += "{\"i\":" + std::to_string(i) + "}\n";
    const std::string zst = testing::zstd_compress(input);
    for (std::string_view bytes : {std::string_view(input), std::string_view(zst)}) {
        Source source = Source::from_memory(bytes);
        ParallelOptions p;
        p.threads = 2;
        p.block_bytes = 4096;
        std::vector<std::uint64_t> seen;
        p.progress = [&](std::uint64_t done) { seen.push_back(done); };
        ASSERT_TRUE(parallel_ndjson(
            source, {}, p, [](const Document&, std::string&) -> Status { return {}; },
            [](std::string_view) { return true; }));
        ASSERT_GT(seen.size(), input.size() / 8192);
        EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
        EXPECT_EQ(seen.back(), input.size());
    }
}

TEST(Parallel, BlankLinesCrlfAndNoFinalNewline) {
    const std::string input = "{\"a\":1}\r\n\n   \n[2]\n\n3";
    const Outcome expected = sequential(input);
    EXPECT_EQ(expected.output, "{\"a\":1}\n[2]\n3\n");
    for (std::size_t block : {std::size_t{1}, std::size_t{5}, std::size_t{100}})
        expect_same(parallel(input, 2, block), expected, "block " + std::to_string(block));
}

TEST(Parallel, TheFirstErrorInInputOrderWithItsLine) {
    std::string input;
    for (int i = 0; i < 2000; ++i) {
        input += "{\"n\":" + std::to_string(i) + ",\"s\":\"" + std::string(i % 50, 'x') + "\"}\n";
        if (i == 1234) input += "{\"n\":tru}\n";  // line 1236
        if (i == 1700) input += "[1,\n";          // a second error, later
    }
    const Outcome expected = sequential(input);
    ASSERT_EQ(expected.error.code, ErrorCode::invalid_literal);
    ASSERT_EQ(expected.error.line, 1236u);
    for (Reading how : {Reading::memory, Reading::file, Reading::zstd}) {
        for (unsigned threads : {1u, 2u, 4u, 6u}) {
            for (std::size_t block : {std::size_t{1}, std::size_t{512}, std::size_t{1 << 20}}) {
                expect_same(parallel(input, threads, block, {}, 0, how), expected,
                            name(how) + " threads " + std::to_string(threads) + " block " +
                                std::to_string(block));
            }
        }
    }
}

TEST(Parallel, ASourceErrorComesAfterTheRecordsBeforeIt) {
    std::string input;
    for (int i = 0; i < 5000; ++i)
        input += "{\"i\":" + std::to_string(i) + "}\n";
    std::string zst = testing::zstd_compress(input);
    zst.resize(zst.size() * 2 / 3);  // truncated
    const auto read = [&](bool in_parallel) {
        Outcome o;
        Source source = Source::from_memory(zst);
        if (!in_parallel) {
            DocumentStream stream = DocumentStream::from_source(std::move(source));
            for (;;) {
                Result<bool> more = stream.next();
                if (!more) {
                    o.error = more.error();
                    return o;
                }
                if (!*more) return o;
                write(stream.document().root(), o.output);
                o.output += '\n';
            }
        }
        ParallelOptions p;
        p.threads = 2;
        p.block_bytes = 4096;
        const Status st = parallel_ndjson(
            source, {}, p,
            [](const Document& record, std::string& out) -> Status {
                write(record.root(), out);
                out += '\n';
                return {};
            },
            [&](std::string_view text) {
                o.output += text;
                return true;
            });
        if (!st) o.error = st.error();
        return o;
    };
    const Outcome expected = read(false);
    ASSERT_EQ(expected.error.code, ErrorCode::zstd_truncated);
    const Outcome got = read(true);
    EXPECT_EQ(got.error.code, ErrorCode::zstd_truncated);
    EXPECT_EQ(got.output, expected.output);
}

TEST(Parallel, EmitFailingStopsEverything) {
    std::string input;
    for (int i = 0; i < 20000; ++i)
        input += "[" + std::to_string(i) + "]\n";
    Source source = Source::from_memory(input);
    ParallelOptions p;
    p.threads = 2;
    p.block_bytes = 1024;
    int emitted = 0;
    std::atomic<int> worked{0};
    const Status st = parallel_ndjson(
        source, {}, p,
        [&](const Document&, std::string& out) -> Status {
            ++worked;
            out += "x";
            return {};
        },
        [&](std::string_view) { return ++emitted < 3; });
    EXPECT_EQ(st.error().code, ErrorCode::write_failed);
    EXPECT_EQ(emitted, 3);
    EXPECT_LT(worked.load(), 20000);  // the rest of the input was not parsed
}

TEST(Parallel, AWorkersErrorStopsAtItsRecord) {
    std::string input;
    for (int i = 0; i < 3000; ++i)
        input += std::to_string(i) + "\n";
    const Outcome got = [&] {
        Outcome o;
        Source source = Source::from_memory(input);
        ParallelOptions p;
        p.threads = 3;
        p.block_bytes = 100;
        const Status st = parallel_ndjson(
            source, {}, p,
            [](const Document& record, std::string& out) -> Status {
                const std::int64_t n = record.root().get_int64().value_or(-1);
                if (n == 2500) return Error::of(ErrorCode::handler_aborted);
                out += std::to_string(n) + "\n";
                return {};
            },
            [&](std::string_view text) {
                o.output += text;
                return true;
            });
        o.error = st.error();
        return o;
    }();
    EXPECT_EQ(got.error.code, ErrorCode::handler_aborted);
    // The work's error has no place of its own: it gets its record's line and line start.
    EXPECT_EQ(got.error.line, 2501u);
    EXPECT_EQ(got.error.offset, input.find("\n2500\n") + 1);
    std::string expected;
    for (int i = 0; i < 2500; ++i)
        expected += std::to_string(i) + "\n";
    EXPECT_EQ(got.output, expected);
}

}  // namespace
}  // namespace arenajson
