#include "convert.hpp"

#include "arenajson/replay.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace arenajson::python {

PyObject* make_str(std::string_view utf8) {
    return PyUnicode_DecodeUTF8(utf8.data(), static_cast<Py_ssize_t>(utf8.size()), nullptr);
}

PyObject* number_from_text(std::string_view text) {
    // Kept texts hold only [0-9.eE+-]: an integer has none of ".eE".
    if (text.find_first_of(".eE") == std::string_view::npos) {
        const std::string nul(text);  // PyLong_FromString needs the NUL
        return PyLong_FromString(nul.c_str(), nullptr, 10);
    }
    double d = 0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), d);
    if (r.ec == std::errc() && std::isfinite(d)) return PyFloat_FromDouble(d);
    // Beyond the double range: what float(text) gives (inf, or 0.0 for an underflow).
    const std::string nul(text);
    const double e = PyOS_string_to_double(nul.c_str(), nullptr, nullptr);
    if (e == -1.0 && PyErr_Occurred()) return nullptr;
    return PyFloat_FromDouble(e);
}

PyObject* scalar_to_python(Value value) {
    switch (value.type()) {
        case Type::null:
            Py_RETURN_NONE;
        case Type::boolean:
            if (*value.get_bool()) Py_RETURN_TRUE;
            Py_RETURN_FALSE;
        case Type::number:
            if (value.is_integer()) {
                if (const Result<std::int64_t> i = value.get_int64())
                    return PyLong_FromLongLong(*i);
                return PyLong_FromUnsignedLongLong(*value.get_uint64());
            }
            if (value.is_double()) return PyFloat_FromDouble(*value.get_double());
            return number_from_text(value.number_text().view());
        case Type::string:
            return make_str(*value.get_string());
        case Type::array:
        case Type::object:
        case Type::missing:
            break;
    }
    return nullptr;
}

namespace {

// A replay() handler that builds Python objects: children wait on one stack of new
// references until their container ends, which then takes them over.
class PythonBuilder {
  public:
    PythonBuilder() { values_.reserve(64); }
    PythonBuilder(const PythonBuilder&) = delete;
    PythonBuilder& operator=(const PythonBuilder&) = delete;
    ~PythonBuilder() {
        for (PyObject* o : values_)
            Py_XDECREF(o);
        for (const KeySlot& k : keys_)
            Py_XDECREF(k.str);
    }

    bool on_null() { return push(Py_NewRef(Py_None)); }
    bool on_bool(bool b) { return push(Py_NewRef(b ? Py_True : Py_False)); }
    bool on_int64(std::int64_t i) { return push(PyLong_FromLongLong(i)); }
    bool on_uint64(std::uint64_t u) { return push(PyLong_FromUnsignedLongLong(u)); }
    bool on_double(double d) { return push(PyFloat_FromDouble(d)); }
    bool on_number_text(std::string_view text) { return push(number_from_text(text)); }
    bool on_string(std::string_view s) { return push(make_str(s)); }
    bool on_key(std::string_view key) { return push(key_str(key)); }
    bool on_start_object() { return true; }
    bool on_start_array() { return true; }

    bool on_end_array(std::size_t n) {
        PyObject* list = PyList_New(static_cast<Py_ssize_t>(n));
        if (list == nullptr) return false;
        PyObject** first = values_.data() + (values_.size() - n);
        for (std::size_t i = 0; i < n; ++i)
            PyList_SET_ITEM(list, static_cast<Py_ssize_t>(i), first[i]);
        values_.resize(values_.size() - n);
        return push(list);
    }

    bool on_end_object(std::size_t n) {
        PyObject* dict = _PyDict_NewPresized(static_cast<Py_ssize_t>(n));
        if (dict == nullptr) return false;
        PyObject** first = values_.data() + (values_.size() - 2 * n);
        bool ok = true;
        for (std::size_t i = 0; i < n && ok; ++i) {
            ok = PyDict_SetItem(dict, first[2 * i], first[2 * i + 1]) == 0;
        }
        if (ok && PyDict_Size(dict) != static_cast<Py_ssize_t>(n)) {
            // A repeated key: its last member won. Setting the members again from the last to
            // the first gives each key its first member, as lookups in the document do; the
            // keys keep the order of their first appearance.
            for (std::size_t i = n; i-- > 0 && ok;) {
                ok = PyDict_SetItem(dict, first[2 * i], first[2 * i + 1]) == 0;
            }
        }
        for (std::size_t i = 0; i < 2 * n; ++i)
            Py_DECREF(first[i]);
        values_.resize(values_.size() - 2 * n);
        if (!ok) {
            Py_DECREF(dict);
            return false;
        }
        return push(dict);
    }

    // The finished value (a new reference), once replay() succeeded.
    PyObject* release() {
        PyObject* root = values_.back();
        values_.pop_back();
        return root;
    }

  private:
    bool push(PyObject* o) {
        if (o == nullptr) return false;
        values_.push_back(o);
        return true;
    }

    // Keys are interned per document (equal keys share their bytes), so a key seen before is
    // found by its address: one str per distinct key, and dict insertions reuse its hash.
    PyObject* key_str(std::string_view key) {
        const auto address = reinterpret_cast<std::uintptr_t>(key.data());
        KeySlot& slot = keys_[(address >> 3 ^ address >> 13) % kKeySlots];
        if (slot.data == key.data() && slot.size == key.size()) return Py_NewRef(slot.str);
        PyObject* s = make_str(key);
        if (s == nullptr) return nullptr;
        Py_XDECREF(slot.str);
        slot = KeySlot{key.data(), key.size(), Py_NewRef(s)};
        return s;
    }

    struct KeySlot {
        const char* data = nullptr;
        std::size_t size = 0;
        PyObject* str = nullptr;
    };
    static constexpr std::size_t kKeySlots = 1024;

    std::vector<PyObject*> values_;
    std::array<KeySlot, kKeySlots> keys_{};
};

}  // namespace

py::object to_python(Value value) {
    if (PyObject* scalar = scalar_to_python(value))
        return py::reinterpret_steal<py::object>(scalar);
    if (PyErr_Occurred()) throw py::error_already_set();
    // The conversion creates no cycles and runs no Python code, so the cyclic collector has
    // nothing to find in what it builds; left on, it would walk the growing lists and dicts
    // again and again (a quarter of the time on twitter.json). It runs again after.
    struct PauseCollector {
        int was_enabled = PyGC_Disable();
        ~PauseCollector() {
            if (was_enabled) PyGC_Enable();
        }
    } pause;
    PythonBuilder builder;
    if (!replay(value, builder)) {
        if (PyErr_Occurred()) throw py::error_already_set();
        throw py::value_error("the value is missing");
    }
    return py::reinterpret_steal<py::object>(builder.release());
}

}  // namespace arenajson::python
