// What the arenajson command does when stdout or stderr is a terminal: jq's colours, the red
// "error" word, and the progress line for slow inputs. The command runs on a pseudo-terminal
// (openpty), in raw mode so the terminal adds no carriage returns of its own.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Outcome {
    int status = -1;
    std::string out;
    std::string err;
};

enum class Tty { none, stdout_only, stderr_only, both };

struct Run {
    std::vector<std::string> args;
    Tty terminal = Tty::both;
    bool no_color_env = false;
    std::string input;                          // written to stdin
    std::chrono::milliseconds input_spread{0};  // spread over this long, in 400 pieces
};

// Reads everything from the fds until each reports end (a pty master reports EIO once the
// child and its descendants have closed the slave side). False when nothing came for a minute.
bool drain(int out_fd, int err_fd, std::string& out, std::string& err) {
    std::vector<pollfd> fds;
    if (out_fd >= 0) fds.push_back({out_fd, POLLIN, 0});
    if (err_fd >= 0 && err_fd != out_fd) fds.push_back({err_fd, POLLIN, 0});
    while (!fds.empty()) {
        const int ready = ::poll(fds.data(), fds.size(), 60'000);
        if (ready == 0) return false;
        if (ready < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        for (std::size_t i = 0; i < fds.size();) {
            if (fds[i].revents == 0) {
                ++i;
                continue;
            }
            char buf[4096];
            const ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
            if (n > 0) {
                (fds[i].fd == out_fd ? out : err).append(buf, static_cast<std::size_t>(n));
                ++i;
            } else if (n < 0 && errno == EINTR) {
                ++i;
            } else {
                fds.erase(fds.begin() + static_cast<std::ptrdiff_t>(i));
            }
        }
    }
    return true;
}

// A pseudo-terminal pair in raw mode; returns false when the system has none.
bool open_terminal(int& master, int& slave) {
    if (::openpty(&master, &slave, nullptr, nullptr, nullptr) != 0) return false;
    termios t{};
    ::tcgetattr(slave, &t);
    ::cfmakeraw(&t);
    ::tcsetattr(slave, TCSANOW, &t);
    return true;
}

Outcome run(const Run& r) {
    Outcome result;
    int in_pipe[2] = {-1, -1}, out_pipe[2] = {-1, -1}, err_pipe[2] = {-1, -1};
    int tty_master = -1, tty_slave = -1;
    const auto close_all = [&] {
        for (int* fd : {&in_pipe[0], &in_pipe[1], &out_pipe[0], &out_pipe[1], &err_pipe[0],
                        &err_pipe[1], &tty_master, &tty_slave}) {
            if (*fd >= 0) ::close(*fd);
            *fd = -1;
        }
    };
    if (::pipe(in_pipe) != 0 || ::pipe(out_pipe) != 0 || ::pipe(err_pipe) != 0 ||
        (r.terminal != Tty::none && !open_terminal(tty_master, tty_slave))) {
        close_all();
        ADD_FAILURE() << "no pipes or pseudo-terminal: " << std::strerror(errno);
        return result;
    }
    const bool out_tty = r.terminal == Tty::stdout_only || r.terminal == Tty::both;
    const bool err_tty = r.terminal == Tty::stderr_only || r.terminal == Tty::both;

    const pid_t pid = ::fork();
    if (pid < 0) {
        close_all();
        ADD_FAILURE() << "fork: " << std::strerror(errno);
        return result;
    }
    if (pid == 0) {
        ::dup2(in_pipe[0], STDIN_FILENO);
        ::dup2(out_tty ? tty_slave : out_pipe[1], STDOUT_FILENO);
        ::dup2(err_tty ? tty_slave : err_pipe[1], STDERR_FILENO);
        for (const int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0],
                             err_pipe[1], tty_master, tty_slave})
            if (fd >= 0) ::close(fd);
        if (r.no_color_env) {
            ::setenv("NO_COLOR", "1", 1);
        } else {
            ::unsetenv("NO_COLOR");
        }
        std::vector<char*> argv;
        std::string bin = ARENAJSON_BIN;
        argv.push_back(bin.data());
        std::vector<std::string> args = r.args;
        for (std::string& a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        ::execv(bin.c_str(), argv.data());
        ::_exit(127);
    }
    for (int* fd : {&in_pipe[0], &out_pipe[1], &err_pipe[1], &tty_slave}) {
        ::close(*fd);
        *fd = -1;
    }

    // The writer keeps going at its pace whenever the command starts reading; if the command
    // exits early, writes fail with EPIPE (SIGPIPE is ignored in SetUp).
    std::thread writer([&r, fd = in_pipe[1]] {
        const std::size_t pieces = r.input_spread.count() > 0 ? 400 : 1;
        const std::size_t step = (r.input.size() + pieces - 1) / pieces;
        for (std::size_t at = 0; at < r.input.size(); at += step) {
            const std::size_t n = std::min(step, r.input.size() - at);
            if (::write(fd, r.input.data() + at, n) != static_cast<ssize_t>(n)) break;
            if (pieces > 1) std::this_thread::sleep_for(r.input_spread / pieces);
        }
        ::close(fd);
    });
    in_pipe[1] = -1;  // the writer closes it
    // When both streams go to the one terminal, what it carries is reported as stdout.
    if (!drain(out_tty ? tty_master : out_pipe[0], err_tty ? tty_master : err_pipe[0], result.out,
               result.err)) {
        ADD_FAILURE() << "no output and no exit for a minute: the command was killed";
        ::kill(pid, SIGKILL);
    }
    writer.join();
    int status = 0;
    ::waitpid(pid, &status, 0);
    close_all();
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

std::string strip_escapes(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\033' && i + 1 < s.size() && s[i + 1] == '[') {
            i += 2;
            while (i < s.size() && (s[i] == ';' || (s[i] >= '0' && s[i] <= '9')))
                ++i;
            continue;  // skips the final letter
        }
        out += s[i];
    }
    return out;
}

// Skips the tests on a system without pseudo-terminals (some containers have no /dev/pts).
class Terminal : public ::testing::Test {
  protected:
    void SetUp() override {
        int master = -1, slave = -1;
        if (!open_terminal(master, slave)) GTEST_SKIP() << "no pseudo-terminal available";
        ::close(master);
        ::close(slave);
        std::signal(SIGPIPE, SIG_IGN);
    }
};

constexpr const char* kDoc = R"({"a":[1,"x",null,true],"b":{}})";
constexpr const char* kPretty =
    "{\n  \"a\": [\n    1,\n    \"x\",\n    null,\n    true\n  ],\n"
    "  \"b\": {}\n}\n";

TEST_F(Terminal, OutputIsColouredAsJqColoursIt) {
    const Outcome r = run({.args = {"query", "."}, .terminal = Tty::stdout_only, .input = kDoc});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(strip_escapes(r.out), kPretty);
    EXPECT_NE(r.out.find("\033[34;1m\"a\"\033[0m:"), std::string::npos) << r.out;  // key
    EXPECT_NE(r.out.find("\033[0;32m\"x\"\033[0m"), std::string::npos);            // string
    EXPECT_NE(r.out.find("\033[1;30mnull\033[0m"), std::string::npos);             // null
    EXPECT_NE(r.out.find("\033[0;39m1\033[0m"), std::string::npos);                // number
    EXPECT_NE(r.out.find("\033[0;39mtrue\033[0m"), std::string::npos);             // boolean
    EXPECT_NE(r.out.find("\033[1;39m{\033[0m"), std::string::npos);                // container
    EXPECT_EQ(r.err, "");
}

TEST_F(Terminal, EveryPrintingCommandColours) {
    const Outcome get =
        run({.args = {"get", "-", "/a/1"}, .terminal = Tty::stdout_only, .input = kDoc});
    EXPECT_EQ(get.out, "\033[0;32m\"x\"\033[0m\n");
    const Outcome fmt =
        run({.args = {"fmt", "--compact"}, .terminal = Tty::stdout_only, .input = kDoc});
    EXPECT_EQ(strip_escapes(fmt.out), std::string(kDoc) + "\n");
    EXPECT_NE(fmt.out.find("\033[34;1m\"b\"\033[0m"), std::string::npos) << fmt.out;
}

TEST_F(Terminal, RawStringsAreNotColoured) {
    const Outcome r =
        run({.args = {"query", "-r", ".a[1]"}, .terminal = Tty::stdout_only, .input = kDoc});
    EXPECT_EQ(r.out, "x\n");
}

TEST_F(Terminal, NoColorAndTheFlagTurnColoursOff) {
    const Outcome env = run({.args = {"query", "."},
                             .terminal = Tty::stdout_only,
                             .no_color_env = true,
                             .input = kDoc});
    EXPECT_EQ(env.out, kPretty);
    const Outcome flag =
        run({.args = {"query", "--no-color", "."}, .terminal = Tty::stdout_only, .input = kDoc});
    EXPECT_EQ(flag.out, kPretty);
}

TEST_F(Terminal, OutputToAPipeIsNeverColoured) {
    const Outcome r = run({.args = {"query", "."}, .terminal = Tty::stderr_only, .input = kDoc});
    EXPECT_EQ(r.out, kPretty);
}

TEST_F(Terminal, ErrorWordIsRedOnATerminalOnly) {
    const Outcome tty = run({.args = {"check"}, .terminal = Tty::stderr_only, .input = "[1,]"});
    EXPECT_EQ(tty.status, 1);
    EXPECT_EQ(tty.err, "<stdin>:1:4: \033[1;31merror\033[0m: expected a value\n");
    const Outcome no_color = run(
        {.args = {"check"}, .terminal = Tty::stderr_only, .no_color_env = true, .input = "[1,]"});
    EXPECT_EQ(no_color.err, "<stdin>:1:4: error: expected a value\n");
    const Outcome pipe = run({.args = {"check"}, .terminal = Tty::stdout_only, .input = "[1,]"});
    EXPECT_EQ(pipe.err, "<stdin>:1:4: error: expected a value\n");
}

// An input that arrives over three seconds, in 400 pieces: the progress line (after a second,
// the clock read every 16th chunk) has room even when the command starts late.
Outcome run_slowly(const char* command, Tty terminal) {
    std::string doc = "[";
    for (int i = 0; i < 20000; ++i)
        doc += "12345,";
    doc += "0]";
    return run({.args = {command},
                .terminal = terminal,
                .input = doc,
                .input_spread = std::chrono::seconds(3)});
}

TEST_F(Terminal, ASlowInputShowsProgressOnAStderrTerminalAndClearsIt) {
    const Outcome r = run_slowly("check", Tty::stderr_only);
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find("\r\033[K<stdin>: 0 MB"), std::string::npos) << r.err;
    // The line is erased at the end, so the shell prompt starts on a clean line.
    EXPECT_TRUE(r.err.ends_with("\r\033[K")) << r.err;
    EXPECT_EQ(strip_escapes(r.err).find('\n'), std::string::npos);
}

TEST_F(Terminal, NoProgressWhenStderrIsNotATerminal) {
    const Outcome r = run_slowly("check", Tty::stdout_only);
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.err, "");
}

TEST_F(Terminal, ProgressAlsoCoversWholeDocumentCommands) {
    const Outcome r = run_slowly("stats", Tty::stderr_only);
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.err.find("\r\033[K<stdin>: 0 MB"), std::string::npos) << r.err;
    EXPECT_TRUE(r.err.ends_with("\r\033[K"));
    EXPECT_NE(r.out.find("arrays"), std::string::npos) << r.out;
}

}  // namespace
