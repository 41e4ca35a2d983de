#include "query/query.hpp"

#include "query/eval.hpp"
#include "query/parser.hpp"

#include <utility>

namespace arenajson::query {

namespace {

std::shared_ptr<const detail::Program> identity_program() {
    static const std::shared_ptr<const detail::Program> program =
        std::get<std::shared_ptr<const detail::Program>>(detail::compile_program(""));
    return program;
}

}  // namespace

Filter::Filter() : Filter(identity_program()) {
}

Filter::Filter(std::shared_ptr<const detail::Program> program) noexcept
    : program_(std::move(program)) {
}

std::variant<Filter, std::string> Filter::compile(std::string_view text) {
    auto compiled = detail::compile_program(text);
    if (auto* message = std::get_if<std::string>(&compiled)) return std::move(*message);
    return Filter(std::get<std::shared_ptr<const detail::Program>>(std::move(compiled)));
}

std::string Filter::run(Value input, const std::function<void(Value)>& emit) const {
    if (!input.exists()) return "no input value";
    detail::Evaluator evaluator(*program_);
    const bool ok = evaluator.run(input, [&](Value v) {
        emit(v);
        return true;
    });
    return ok ? std::string() : evaluator.error();
}

}  // namespace arenajson::query
