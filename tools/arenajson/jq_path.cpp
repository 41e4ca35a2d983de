#include "jq_path.hpp"

#include <cctype>
#include <string>

namespace arenajson::cli {

namespace {

bool is_ident_start(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool is_ident(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// A JSON string literal at text[i] (the opening quote); its decoded value goes to out.
bool read_string(std::string_view text, std::size_t& i, std::string& out) {
    std::size_t j = i + 1;
    while (j < text.size() && text[j] != '"')
        j += text[j] == '\\' ? 2 : 1;
    if (j >= text.size()) return false;
    Result<Document> doc = parse(text.substr(i, j + 1 - i));
    if (!doc) return false;
    out = std::string(*doc->root().get_string());
    i = j + 1;
    return true;
}

}  // namespace

bool parse_jq_path(std::string_view text, std::vector<PathStep>& steps) {
    steps.clear();
    while (!text.empty() && text.front() == ' ')
        text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ')
        text.remove_suffix(1);
    if (text.empty() || text[0] != '.') return false;
    if (text == ".") return true;
    std::size_t i = 0;
    bool first = true;
    while (i < text.size()) {
        PathStep step;
        if (text[i] == '.' && i + 1 < text.size() && is_ident_start(text[i + 1])) {
            const std::size_t start = i + 1;
            i = start;
            while (i < text.size() && is_ident(text[i]))
                ++i;
            step.key = std::string(text.substr(start, i - start));
        } else if (text[i] == '.' && i + 1 < text.size() && text[i + 1] == '"') {
            ++i;
            if (!read_string(text, i, step.key)) return false;
        } else if (text[i] == '[' ||
                   (first && text[i] == '.' && i + 1 < text.size() && text[i + 1] == '[')) {
            i += text[i] == '.' ? 2 : 1;
            if (i < text.size() && text[i] == '"') {
                if (!read_string(text, i, step.key)) return false;
            } else {
                const std::size_t start = i;
                while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])))
                    ++i;
                const std::string_view digits = text.substr(start, i - start);
                if (digits.empty() || digits.size() > 18)
                    return false;  // negatives, slices, .[]: the engine
                step.kind = PathStep::Kind::index;
                step.index = static_cast<std::size_t>(std::stoull(std::string(digits)));
            }
            if (i >= text.size() || text[i] != ']') return false;
            ++i;
        } else {
            return false;
        }
        first = false;
        steps.push_back(std::move(step));
    }
    return true;
}

std::string jq_index_error(const PathStep& step, Type on) {
    std::string message = "Cannot index ";
    message += type_name(on);
    message += " with ";
    message += step.kind == PathStep::Kind::index ? "number" : "string \"" + step.key + "\"";
    return message;
}

}  // namespace arenajson::cli
