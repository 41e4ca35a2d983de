// fuzz_query: a jq program and an input, separated by the first NUL byte (no NUL: the program
// alone, on null). The program is compiled; a compile error must carry a position inside the
// program. Otherwise it runs under a memory, step and recursion limit, and every output must
// print as JSON that parses back (NaN prints as null, so values are not compared).
#include "fuzz_common.hpp"

#include "arenajson/query.hpp"

#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace arenajson;
    const std::string_view all = fuzz::as_text(data, size);
    const std::size_t nul = all.find('\0');
    const std::string_view program = all.substr(0, nul);
    const std::string_view input = nul == std::string_view::npos ? "null" : all.substr(nul + 1);
    std::string message;
    Result<Query> query = Query::compile(program, {}, &message);
    if (!query) {
        const Error& e = query.error();
        FUZZ_CHECK(e.code == ErrorCode::query_syntax);
        FUZZ_CHECK(!message.empty());
        FUZZ_CHECK(e.offset <= program.size());
        return 0;
    }
    Result<Document> doc = parse(input);
    const Value in = doc ? doc->root() : Value();
    Evaluation run(*query, EvaluationOptions{.max_memory = std::size_t{64} << 20,
                                             .stack_reserve = std::size_t{256} << 10,
                                             .max_steps = 200000});
    run.set_message_sink([](std::string_view) {});
    std::size_t outputs = 0;
    const Status st = run.run(in, [&](Value v) {
        std::string text;
        append_jq_text(text, v,
                       {.indent = outputs % 2 == 0 ? 0 : 2, .sort_keys = outputs % 3 == 0});
        FUZZ_CHECK(parse(text).has_value());
        return ++outputs < 1000;
    });
    if (!st) {
        const ErrorCode c = st.error().code;
        FUZZ_CHECK(c == ErrorCode::query_error || c == ErrorCode::query_memory_limit ||
                   c == ErrorCode::query_depth_limit || c == ErrorCode::query_step_limit ||
                   c == ErrorCode::query_halted);
        if (c == ErrorCode::query_error) (void)run.error_message();
    }
    return 0;
}
