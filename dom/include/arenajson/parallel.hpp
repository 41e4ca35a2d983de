// arenajson/parallel.hpp — NDJSON on every core, output in input order.
//
//     arenajson::ParallelOptions parallel;               // one thread per core
//     auto source = arenajson::Source::open_file("log.ndjson.zst");
//     arenajson::Status st = arenajson::parallel_ndjson(
//         *source, {}, parallel,
//         [](const arenajson::Document& record, std::string& out) -> arenajson::Status {
//             if (record.root()["status"].get_int64().value_or(0) >= 500) {
//                 arenajson::write(record.root()["path"], out);
//                 out += '\n';
//             }
//             return {};
//         },
//         [](std::string_view text) { return std::fwrite(text.data(), 1, text.size(), stdout)
//                                            == text.size(); });
//
// Worker threads parse blocks of whole lines, each into its own reused arena; the calling thread
// hands each block's output to `emit` in input order. Bytes in memory (Source::in_memory) are
// cut into byte ranges that the workers view themselves and trim to whole lines; so is a
// regular file when there are more than four workers (a view of the mapped file, or pread).
// Otherwise the calling thread reads the input (a file, stdin, zstd) straight into the blocks,
// decompressing as it goes, and cuts them at newlines: the workers then parse bytes still in
// the cache.
#pragma once

#include "arenajson/document.hpp"
#include "arenajson/ndjson.hpp"
#include "arenajson/source.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace arenajson {

/// How parallel NDJSON reading shares out the work.
struct ParallelOptions {
    /// Worker threads (0: one per core). The calling thread hands out blocks (reading them,
    /// for a stream) and emits their output besides them.
    unsigned threads = 0;
    /// Bytes of whole lines per block handed to a worker, at least 4 KiB (a record longer than
    /// this makes its block longer).
    std::size_t block_bytes = std::size_t{1} << 20;
    /// Blocks read ahead of the one being emitted, per worker: bounds memory to about
    /// threads x blocks_per_thread x block_bytes, plus the blocks' output.
    unsigned blocks_per_thread = 4;
    /// Called on the calling thread after each block is emitted, with the bytes of input up to
    /// the end of that block (may be empty).
    ProgressHook progress;
};

/// One worker's job on a block of whole NDJSON lines: append the block's output to `out` and
/// return success, or an error whose position is relative to the block (its offset from the
/// block's first byte, line 1 its first line; parallel_blocks makes it absolute). Output
/// appended before an error is still emitted.
using BlockWork = std::function<Status(std::string_view block, std::string& out)>;

/// The lines of a random-access source (Source::random_access()) that start in [start, end),
/// end 0 meaning on to the end of the input: a line starts at offset 0 or just after a
/// newline, so ranges that tile the input share out its lines, each exactly once, without
/// reading each other's bytes (how parallel_blocks cuts a file). A view of the bytes in memory
/// or of the mapped file, or read into `buffer` (grown as needed and reused); empty when no
/// line starts in the range. Errors as Source::read_at. O(the lines' bytes).
Result<std::string_view> lines_in_range(const Source& source, std::uint64_t start,
                                        std::uint64_t end, std::string& buffer);

/// Cuts an NDJSON source into blocks of whole lines and runs them on `options.threads` workers,
/// each with the BlockWork `make_worker()` made for it on its own thread (so it may keep its
/// own parser and arena). Each block's output goes to `emit` on the calling thread, in input
/// order; `emit` returns false to stop (write_failed). Errors: the source's, or the first
/// block's error in input order with its absolute offset and line (records after it are not
/// emitted). O(input); memory bounded as ParallelOptions says.
Status parallel_blocks(Source& source, const ParallelOptions& options,
                       const std::function<BlockWork()>& make_worker,
                       const std::function<bool(std::string_view output)>& emit);

/// What a worker does with one record: append its output to `out`; an error stops the input
/// there. Called from worker threads at once: it must not share mutable state unguarded.
using RecordWork = std::function<Status(const Document& record, std::string& out)>;

/// parallel_blocks with a DocumentStream per worker: every record is parsed (ParseOptions as
/// for DocumentStream: blank lines skipped, CRLF accepted, a value may not span lines) into the
/// worker's reused arena and given to `work`. Errors: the first in input order, parse errors
/// with their line in the whole input; an error of `work` with no position of its own is placed
/// at the start of its record's line. O(input).
Status parallel_ndjson(Source& source, const ParseOptions& options, const ParallelOptions& parallel,
                       const RecordWork& work,
                       const std::function<bool(std::string_view output)>& emit);

}  // namespace arenajson
