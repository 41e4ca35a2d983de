// Linked into the suites that ctest runs once per stage 1 kernel (ARENAJSON_KERNEL set by
// tests/CMakeLists.txt): when the CPU lacks the kernel asked for, every test is skipped with a
// message instead of silently testing another kernel.
#include "arenajson/reader.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

namespace {

class KernelEnvironment : public ::testing::Environment {
  public:
    void SetUp() override {
        const char* wanted = std::getenv("ARENAJSON_KERNEL");
        if (wanted == nullptr || *wanted == '\0') return;
        const std::string active = arenajson::reader_kernel();
        if (active != wanted) {
            GTEST_SKIP() << "the " << wanted << " kernel is not supported by this CPU (or build); "
                         << "skipped (the " << active << " kernel is tested in its own run)";
        }
    }
};

[[maybe_unused]] ::testing::Environment* const registered =
    ::testing::AddGlobalTestEnvironment(new KernelEnvironment);

}  // namespace
