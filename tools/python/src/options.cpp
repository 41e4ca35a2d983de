#include "options.hpp"

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace arenajson::python {

namespace {

// A non-negative integer keyword, within [low, high].
std::uint64_t integer(py::handle value, std::string_view name, const char* function,
                      std::uint64_t low, std::uint64_t high) {
    if (!PyLong_Check(value.ptr()) || PyBool_Check(value.ptr())) {
        throw py::type_error(std::string(function) + "(): " + std::string(name) +
                             " must be an int, not " + std::string(Py_TYPE(value.ptr())->tp_name));
    }
    int overflow = 0;
    const long long v = PyLong_AsLongLongAndOverflow(value.ptr(), &overflow);
    if (overflow == 0 && v == -1 && PyErr_Occurred()) throw py::error_already_set();
    const bool negative = overflow < 0 || (overflow == 0 && v < 0);
    const std::uint64_t u = overflow > 0 ? std::numeric_limits<std::uint64_t>::max()
                                         : static_cast<std::uint64_t>(negative ? 0 : v);
    if (negative || u < low || u > high) {
        throw py::value_error(std::string(function) + "(): " + std::string(name) +
                              " must be between " + std::to_string(low) + " and " +
                              std::to_string(high));
    }
    return u;
}

bool flag(py::handle value, std::string_view name, const char* function) {
    if (!PyBool_Check(value.ptr())) {
        throw py::type_error(std::string(function) + "(): " + std::string(name) +
                             " must be True or False");
    }
    return value.ptr() == Py_True;
}

}  // namespace

ParseOptions parse_options(const py::kwargs& kwargs, const char* function) {
    ParseOptions o;
    for (const auto& [key, value] : kwargs) {
        const std::string name = py::cast<std::string>(key);
        if (name == "max_depth") {
            o.reader.max_depth = static_cast<std::size_t>(
                integer(value, name, function, 1, std::numeric_limits<std::uint32_t>::max()));
        } else if (name == "max_memory") {
            o.max_memory = static_cast<std::size_t>(
                integer(value, name, function, 1, std::numeric_limits<std::size_t>::max()));
        } else if (name == "max_input") {
            o.source.max_input_bytes =
                integer(value, name, function, 1, std::numeric_limits<std::uint64_t>::max());
        } else if (name == "zstd_window_log") {
            o.source.zstd_window_log_max = static_cast<int>(integer(value, name, function, 10, 31));
        } else if (name == "duplicate_keys") {
            const std::string policy =
                py::isinstance<py::str>(value) ? py::cast<std::string>(value) : std::string();
            if (policy == "keep") {
                o.duplicate_keys = DuplicateKeys::keep;
            } else if (policy == "reject") {
                o.duplicate_keys = DuplicateKeys::reject;
            } else {
                throw py::value_error(std::string(function) +
                                      "(): duplicate_keys must be \"keep\" or \"reject\"");
            }
        } else if (name == "allow_bom") {
            o.reader.allow_bom = flag(value, name, function);
        } else if (name == "replace_lone_surrogates") {
            o.reader.replace_lone_surrogates = flag(value, name, function);
        } else if (name == "exact_numbers") {
            o.reader.exact_numbers = flag(value, name, function);
        } else {
            throw py::type_error(std::string(function) + "() got an unexpected keyword argument '" +
                                 name + "'");
        }
    }
    return o;
}

}  // namespace arenajson::python
