// Larger than memory, shown: a single JSON array and an NDJSON stream of several GB, made on
// the fly and piped into `arenajson query` and `check` through stdin under an address-space
// cap smaller than the input. Nothing is written to disk. The output count is checked, and
// the peak resident memory of the command (its rusage) must stay bounded.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

// The input size: 3 GiB (ARENAJSON_LARGE_STREAM_BYTES overrides; sanitizer builds, which run
// several times slower and keep shadow memory, use 256 MiB and skip the memory bound).
std::uint64_t input_bytes() {
    if (const char* env = std::getenv("ARENAJSON_LARGE_STREAM_BYTES")) return std::stoull(env);
    return kSanitized ? std::uint64_t{256} << 20 : std::uint64_t{3} << 30;
}

constexpr std::uint64_t kAddressSpaceCap = std::uint64_t{2} << 30;  // below the input size
constexpr long kMaxResidentKb = 64 * 1024;

struct Outcome {
    int status = -1;
    std::uint64_t lines = 0;
    long max_rss_kb = 0;
    std::uint64_t matching = 0;  // records the generator made with n == 0
    std::uint64_t bytes = 0;
};

// Records `{"id":I,"n":I%1000,"pad":"..."}`, as one array or one per line, until `bytes`.
void generate(int fd, bool ndjson, std::uint64_t bytes, Outcome& o) {
    std::string batch;
    const std::string pad(60, 'x');
    std::uint64_t id = 0;
    const auto put = [&](std::string_view s) {
        while (!s.empty()) {
            const ssize_t n = ::write(fd, s.data(), s.size());
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return false;
            s.remove_prefix(static_cast<std::size_t>(n));
        }
        return true;
    };
    if (!ndjson) batch = "[";
    while (o.bytes < bytes) {
        if (!ndjson && id > 0) batch += ',';
        batch += "{\"id\":" + std::to_string(id) + ",\"n\":" + std::to_string(id % 1000) +
                 ",\"pad\":\"" + pad + "\"}";
        if (ndjson) batch += '\n';
        o.matching += id % 1000 == 0;
        ++id;
        if (batch.size() >= (1u << 20)) {
            o.bytes += batch.size();
            if (!put(batch)) return;
            batch.clear();
        }
    }
    if (!ndjson) batch += "]\n";
    o.bytes += batch.size();
    put(batch);
}

Outcome run(const std::vector<std::string>& args, bool ndjson) {
    Outcome o;
    int in[2], out[2];
    if (::pipe(in) != 0 || ::pipe(out) != 0) return o;
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::dup2(in[0], 0);
        ::dup2(out[1], 1);
        for (int fd : {in[0], in[1], out[0], out[1]})
            ::close(fd);
        const rlimit cap{kAddressSpaceCap, kAddressSpaceCap};
        if (!kSanitized) ::setrlimit(RLIMIT_AS, &cap);
        std::vector<char*> argv;
        static std::string bin = ARENAJSON_BIN;
        argv.push_back(bin.data());
        for (const std::string& a : args)
            argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        ::execv(bin.c_str(), argv.data());
        ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    std::thread writer([&] {
        generate(in[1], ndjson, input_bytes(), o);
        ::close(in[1]);
    });
    char buf[1 << 16];
    for (;;) {
        const ssize_t n = ::read(out[0], buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        for (ssize_t i = 0; i < n; ++i)
            o.lines += buf[i] == '\n';
    }
    ::close(out[0]);
    writer.join();
    int status = 0;
    rusage usage{};
    ::wait4(pid, &status, 0, &usage);
    o.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    o.max_rss_kb = usage.ru_maxrss;
    return o;
}

void expect_bounded(const Outcome& o, const char* what) {
    std::printf("%s: %llu bytes in, %llu lines out, peak RSS %ld KB\n", what,
                static_cast<unsigned long long>(o.bytes), static_cast<unsigned long long>(o.lines),
                o.max_rss_kb);
    EXPECT_GE(o.bytes, input_bytes()) << what;
    if (!kSanitized) {
        EXPECT_LE(o.max_rss_kb, kMaxResidentKb) << what << ": peak RSS " << o.max_rss_kb << " KB";
    }
}

TEST(LargerThanMemory, ASingleArrayStreamsThroughQueryAndCheck) {
    const Outcome q = run({"query", ".[] | select(.n == 0) | .id"}, false);
    EXPECT_EQ(q.status, 0);
    EXPECT_EQ(q.lines, q.matching);
    expect_bounded(q, "query on an array");
    const Outcome c = run({"check", "-"}, false);
    EXPECT_EQ(c.status, 0);
    EXPECT_EQ(c.lines, 0u);
    expect_bounded(c, "check on an array");
}

TEST(LargerThanMemory, AnNdjsonStreamRunsOnEveryCoreInBoundedMemory) {
    const Outcome q = run({"query", "--ndjson", "select(.n == 0) | .id"}, true);
    EXPECT_EQ(q.status, 0);
    EXPECT_EQ(q.lines, q.matching);
    expect_bounded(q, "query --ndjson");
    const Outcome c = run({"check", "--ndjson", "-"}, true);
    EXPECT_EQ(c.status, 0);
    expect_bounded(c, "check --ndjson");
}

}  // namespace
