// The library's one error type: named constructors, messages, to_string.
#include "arenajson/error.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <string>

namespace arenajson {
namespace {

TEST(Error, NamedConstructorsFillWhatTheySay) {
    const Error of = Error::of(ErrorCode::wrong_type);
    EXPECT_EQ(of.code, ErrorCode::wrong_type);
    EXPECT_EQ(of.offset, 0u);
    EXPECT_EQ(of.line, 0u);
    EXPECT_FALSE(of.at_end);

    const Error offset = Error::at_offset(ErrorCode::zstd_truncated, 1234);
    EXPECT_EQ(offset.code, ErrorCode::zstd_truncated);
    EXPECT_EQ(offset.offset, 1234u);
    EXPECT_EQ(offset.line, 0u);

    const Error at = Error::at(ErrorCode::expected_colon, 17, 3, 5, true);
    EXPECT_EQ(at.offset, 17u);
    EXPECT_EQ(at.line, 3u);
    EXPECT_EQ(at.column, 5u);
    EXPECT_TRUE(at.at_end);
    EXPECT_EQ(at.to_string(), "3:5: unexpected end of input: expected ':' after an object key");

    const Error sys = Error::system(ErrorCode::open_failed, ENOENT);
    EXPECT_EQ(sys.system_errno, ENOENT);
    EXPECT_NE(sys.to_string().find("No such file or directory"), std::string::npos);
    EXPECT_TRUE(Error{}.ok());
    EXPECT_FALSE(sys.ok());
}

// Every code has a name and a message, and the messages speak of the library's limits, not of
// a command-line flag (the CLI adds its own hint where it reports).
TEST(Error, EveryCodeHasANameAndAMessageWithoutACommandLineFlag) {
    for (int i = 0; i <= static_cast<int>(ErrorCode::write_failed); ++i) {
        const auto code = static_cast<ErrorCode>(i);
        EXPECT_STRNE(error_name(code), "unknown") << i;
        const std::string message = error_message(code);
        EXPECT_FALSE(message.empty()) << i;
        EXPECT_EQ(message.find("--"), std::string::npos) << error_name(code) << ": " << message;
    }
    EXPECT_STREQ(error_name(static_cast<ErrorCode>(250)), "unknown");
}

}  // namespace
}  // namespace arenajson
