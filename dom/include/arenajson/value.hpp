// arenajson/value.hpp — read-only views of a document's values.
//
// A Value is a pointer-sized view into its Document's arena: copy it freely, but never let it
// outlive the Document. Lookups never throw: a missing key, an index out of range or a lookup
// on the wrong type gives a "missing" Value that carries the reason, and every typed getter on
// it returns that error, so chains like doc.root()["a"][3]["b"].get_int64() need one check.
// Views are immutable; reading one document from many threads at once is safe.
#pragma once

#include "arenajson/detail/node.hpp"
#include "arenajson/detail/object_index.hpp"
#include "arenajson/error.hpp"

#include <charconv>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <string_view>

namespace arenajson {

/// The JSON type of a value; `missing` is not a value but a failed lookup (see Value::error).
enum class Type : std::uint8_t { null, boolean, number, string, array, object, missing };

/// The name of a type as jq prints it ("null", "boolean", "number", ...). Never null. O(1).
[[nodiscard]] const char* type_name(Type type) noexcept;

class Value;
class Array;
class Object;

namespace detail {
// Lookups that fail point at one of these; the payload holds the ErrorCode.
inline constexpr Node kMissing[] = {
    {std::uint64_t(Tag::missing), std::uint64_t(ErrorCode::no_such_key)},
    {std::uint64_t(Tag::missing), std::uint64_t(ErrorCode::index_out_of_range)},
    {std::uint64_t(Tag::missing), std::uint64_t(ErrorCode::wrong_type)},
    {std::uint64_t(Tag::missing), std::uint64_t(ErrorCode::invalid_pointer)},
};
inline const Node* missing(ErrorCode code) noexcept {
    switch (code) {
        case ErrorCode::index_out_of_range:
            return &kMissing[1];
        case ErrorCode::wrong_type:
            return &kMissing[2];
        case ErrorCode::invalid_pointer:
            return &kMissing[3];
        default:
            return &kMissing[0];
    }
}
inline Error access_error(ErrorCode code) noexcept {
    return Error::of(code);
}
}  // namespace detail

/// The exact text of a number that no int64, uint64 or double holds without loss. It owns a
/// small buffer, so keep it alive while using view(). Empty for other values.
class NumberText {
  public:
    ///@{
    /// The text, as written in the input; a view of this object or of the document, so valid
    /// while both live. O(1).
    [[nodiscard]] std::string_view view() const noexcept {
        return inline_ ? std::string_view(buffer_, length_) : external_;
    }
    operator std::string_view() const noexcept { return view(); }  // NOLINT: implicit
    ///@}
    /// True when the value was not a number kept as text. O(1).
    [[nodiscard]] bool empty() const noexcept { return view().empty(); }

  private:
    friend class Value;
    char buffer_[detail::kMaxInlineNumber] = {};
    std::size_t length_ = 0;
    bool inline_ = false;
    std::string_view external_;
};

/// A read-only view of one value in a Document: 8 bytes, O(1) to copy, never owning. It must
/// not outlive its Document (moving the Document is fine). Lookups return missing Values that
/// carry their error instead of throwing; typed getters return Result. Safe to read from many
/// threads at once.
class Value {
  public:
    /// A missing value (ErrorCode::no_such_key). O(1).
    Value() noexcept : n_(detail::missing(ErrorCode::no_such_key)) {}
    /// \cond INTERNAL
    /// Library use: views a node of a document's arena.
    explicit Value(const detail::Node* node) noexcept : n_(node) {}
    /// \endcond

    /// False for a failed lookup. O(1).
    [[nodiscard]] bool exists() const noexcept { return tag() != detail::Tag::missing; }
    /// Why a lookup failed (no_such_key, index_out_of_range, wrong_type, invalid_pointer), or
    /// an Error with code ok for an existing value. Has no position. O(1).
    [[nodiscard]] Error error() const noexcept {
        return exists() ? Error{} : detail::access_error(static_cast<ErrorCode>(n_->payload));
    }

    /// The JSON type; Type::missing for a failed lookup. O(1).
    [[nodiscard]] Type type() const noexcept;
    /// True for JSON null (false for a missing value). O(1).
    [[nodiscard]] bool is_null() const noexcept { return tag() == detail::Tag::null; }
    /// True for true and false. O(1).
    [[nodiscard]] bool is_bool() const noexcept {
        return tag() == detail::Tag::true_ || tag() == detail::Tag::false_;
    }
    /// True for any number, however it is stored (integer, double or kept text). O(1).
    [[nodiscard]] bool is_number() const noexcept {
        return tag() >= detail::Tag::int64 && tag() <= detail::Tag::number_text;
    }
    /// Stored as an integer (int64 or uint64). O(1).
    [[nodiscard]] bool is_integer() const noexcept {
        return tag() == detail::Tag::int64 || tag() == detail::Tag::uint64;
    }
    /// Stored as a double (is_number_text() covers numbers a double cannot hold). O(1).
    [[nodiscard]] bool is_double() const noexcept { return tag() == detail::Tag::double_; }
    /// A number kept as its exact text (too large, too precise, or beyond double's range).
    /// O(1).
    [[nodiscard]] bool is_number_text() const noexcept {
        return tag() == detail::Tag::number_text_inline || tag() == detail::Tag::number_text;
    }
    /// True for a string. O(1).
    [[nodiscard]] bool is_string() const noexcept {
        return tag() == detail::Tag::string_inline || tag() == detail::Tag::string;
    }
    /// True for an array. O(1).
    [[nodiscard]] bool is_array() const noexcept { return tag() == detail::Tag::array; }
    /// True for an object. O(1).
    [[nodiscard]] bool is_object() const noexcept { return tag() == detail::Tag::object; }

    /// The boolean. Errors: wrong_type, or the lookup's error for a missing value. O(1).
    [[nodiscard]] Result<bool> get_bool() const noexcept {
        if (tag() == detail::Tag::true_) return true;
        if (tag() == detail::Tag::false_) return false;
        return fail();
    }
    /// The integer, for integers only (a double is wrong_type, even 1.0); number_out_of_range
    /// when it does not fit int64; the lookup's error for a missing value. O(1).
    [[nodiscard]] Result<std::int64_t> get_int64() const noexcept;
    /// The same for uint64: a negative integer, or one beyond uint64, is number_out_of_range;
    /// a double is wrong_type. O(1).
    [[nodiscard]] Result<std::uint64_t> get_uint64() const noexcept;
    /// Any number; integers beyond 2^53 and kept texts are rounded to the nearest double
    /// (number_out_of_range beyond double's range). O(1), or O(digits) for a kept text.
    [[nodiscard]] Result<double> get_double() const noexcept;
    /// The decoded string, a view into the document; its data() is NUL-terminated for C
    /// callers. Errors: wrong_type, or the lookup's error. O(1).
    [[nodiscard]] Result<std::string_view> get_string() const noexcept {
        if (is_string()) return detail::string_of(*n_);
        return fail();
    }
    /// The elements, for a value that must be an array. Errors: wrong_type, or the lookup's
    /// error. O(1).
    [[nodiscard]] Result<Array> get_array() const noexcept;
    /// The members, for a value that must be an object. Errors: wrong_type, or the lookup's
    /// error. O(1).
    [[nodiscard]] Result<Object> get_object() const noexcept;

    /// Typed access for bool, any integer type (range-checked: number_out_of_range), double,
    /// float, std::string_view, Array and Object, with the errors of the get_ functions.
    /// Other types fail to compile. O(1).
    template <class T>
    [[nodiscard]] Result<T> get() const noexcept;

    /// The exact text of a number kept as text; empty otherwise. O(length).
    [[nodiscard]] NumberText number_text() const noexcept;

    /// The first member with this key, or a missing value (no_such_key, or wrong_type when
    /// this is not an object). With an index (16 or more members): a compare of 16 hash
    /// bytes per group of 16 members below 255 members, O(1) expected above; else O(members).
    [[nodiscard]] Value operator[](std::string_view key) const noexcept;
    /// The element at `index`, or a missing value (index_out_of_range or wrong_type). O(1).
    [[nodiscard]] Value operator[](std::size_t index) const noexcept;
    /// The value at an RFC 6901 JSON Pointer ("" is this value, "/a/0" a path, ~0 is '~' and
    /// ~1 is '/'), or a missing value (invalid_pointer, no_such_key, index_out_of_range,
    /// wrong_type). O(tokens).
    [[nodiscard]] Value at_pointer(std::string_view pointer) const noexcept;

    /// Elements of an array or members of an object; 0 for other values. O(1).
    [[nodiscard]] std::size_t size() const noexcept {
        return is_array() || is_object() ? static_cast<std::size_t>(n_->length()) : 0;
    }
    /// This value's elements, or an empty array when it is not an array (use get_array() to
    /// tell the two apart). O(1).
    [[nodiscard]] Array elements() const noexcept;
    /// This value's members, or an empty object when it is not an object (use get_object()
    /// to tell the two apart). O(1).
    [[nodiscard]] Object members() const noexcept;

    /// Deep equality, without recursion. Numbers compare by value across int64, uint64 and
    /// double (1 == 1.0); kept number texts equal only the same text. Objects compare as
    /// unordered maps: same size, and each member of one equals the member of the other with
    /// its key (with duplicate keys in the same order, member by member). Missing values are
    /// never equal. O(size of both); allocates only past 64 levels of nesting (std::bad_alloc
    /// if that fails).
    [[nodiscard]] bool operator==(const Value& other) const;

    /// \cond INTERNAL
    /// The node behind the view (for the library's own writer and tools).
    [[nodiscard]] const detail::Node* node() const noexcept { return n_; }
    /// \endcond

  private:
    [[nodiscard]] detail::Tag tag() const noexcept { return n_->tag(); }
    [[nodiscard]] Error fail() const noexcept {
        return detail::access_error(exists() ? ErrorCode::wrong_type
                                             : static_cast<ErrorCode>(n_->payload));
    }

    const detail::Node* n_;
};

/// One member of an object: `for (auto [key, value] : object)`. Views into the document.
struct Member {
    /// The decoded key; its data() is NUL-terminated.
    std::string_view key;
    /// The member's value.
    Value value;
};

namespace detail {

/// The random-access iterator of Array and Object: a pointer into the contiguous children,
/// dereferenced into a view by Traits::view (Value for elements, Member for members).
template <class Traits>
class ViewIterator {
  public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = typename Traits::view_type;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = value_type;

    ViewIterator() noexcept = default;
    explicit ViewIterator(const typename Traits::item* p) noexcept : p_(p) {}
    value_type operator*() const noexcept { return Traits::view(p_); }
    value_type operator[](difference_type i) const noexcept { return Traits::view(p_ + i); }
    ViewIterator& operator++() noexcept {
        ++p_;
        return *this;
    }
    ViewIterator operator++(int) noexcept {
        ViewIterator t = *this;
        ++p_;
        return t;
    }
    ViewIterator& operator--() noexcept {
        --p_;
        return *this;
    }
    ViewIterator operator--(int) noexcept {
        ViewIterator t = *this;
        --p_;
        return t;
    }
    ViewIterator& operator+=(difference_type d) noexcept {
        p_ += d;
        return *this;
    }
    ViewIterator& operator-=(difference_type d) noexcept {
        p_ -= d;
        return *this;
    }
    friend ViewIterator operator+(ViewIterator it, difference_type d) noexcept { return it += d; }
    friend ViewIterator operator+(difference_type d, ViewIterator it) noexcept { return it += d; }
    friend ViewIterator operator-(ViewIterator it, difference_type d) noexcept { return it -= d; }
    friend difference_type operator-(ViewIterator a, ViewIterator b) noexcept {
        return a.p_ - b.p_;
    }
    friend auto operator<=>(ViewIterator a, ViewIterator b) noexcept = default;
    friend bool operator==(ViewIterator a, ViewIterator b) noexcept = default;

  private:
    const typename Traits::item* p_ = nullptr;
};

struct ElementTraits {
    using item = Node;
    using view_type = Value;
    static Value view(const Node* n) noexcept { return Value(n); }
};
struct MemberTraits {
    using item = detail::Member;
    using view_type = arenajson::Member;
    static arenajson::Member view(const detail::Member* m) noexcept {
        return arenajson::Member{m->key->view(), Value(&m->value)};
    }
};

}  // namespace detail

/// A view of an array's elements: O(1) size and indexing, random-access iteration. Like a
/// Value it is a view: valid while its Document lives, safe to read from many threads.
class Array {
  public:
    /// A random-access iterator over the elements. Dereferencing gives a Value by value (there
    /// is no stored Value to point at, so `pointer` is void); it models
    /// std::random_access_iterator, so the standard algorithms and ranges work. Moving outside
    /// [begin(), end()] and dereferencing end() are undefined, as for pointers.
    using iterator = detail::ViewIterator<detail::ElementTraits>;

    /// An empty array view. O(1).
    Array() noexcept = default;
    /// \cond INTERNAL
    Array(const detail::Node* first, std::size_t size) noexcept : first_(first), size_(size) {}
    /// \endcond
    /// The number of elements. O(1).
    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    /// True when there are no elements. O(1).
    [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
    ///@{
    /// Iterators over the elements in document order. O(1).
    [[nodiscard]] iterator begin() const noexcept { return iterator(first_); }
    [[nodiscard]] iterator end() const noexcept { return iterator(first_ + size_); }
    ///@}
    /// The element at `index`, or a missing value (index_out_of_range). O(1).
    [[nodiscard]] Value operator[](std::size_t index) const noexcept {
        return index < size_ ? Value(first_ + index)
                             : Value(detail::missing(ErrorCode::index_out_of_range));
    }

  private:
    const detail::Node* first_ = nullptr;
    std::size_t size_ = 0;
};

/// A view of an object's members in document order (duplicates included). Like a Value it
/// is a view: valid while its Document lives, safe to read from many threads.
class Object {
  public:
    /// A random-access iterator over the members in document order. Dereferencing gives a
    /// Member by value (key and value views), so `pointer` is void and structured bindings
    /// work: `for (auto [key, value] : object)`. Moving outside [begin(), end()] and
    /// dereferencing end() are undefined, as for pointers.
    using iterator = detail::ViewIterator<detail::MemberTraits>;

    /// An empty object view. O(1).
    Object() noexcept = default;
    /// \cond INTERNAL
    explicit Object(const detail::Node* node) noexcept
        : first_(node->pointer<detail::Member>()),
          size_(static_cast<std::size_t>(node->length())),
          head_(node->head) {}
    /// \endcond
    /// The number of members, duplicates included. O(1).
    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    /// True when there are no members. O(1).
    [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
    ///@{
    /// Iterators over the members in document order. O(1).
    [[nodiscard]] iterator begin() const noexcept { return iterator(first_); }
    [[nodiscard]] iterator end() const noexcept { return iterator(first_ + size_); }
    ///@}
    /// The first member with this key, or a missing value (no_such_key). With an index, as
    /// Value::operator[] says; else O(members).
    [[nodiscard]] Value find(std::string_view key) const noexcept;
    /// find(key), for `object["key"]`; the same cost.
    [[nodiscard]] Value operator[](std::string_view key) const noexcept { return find(key); }
    /// True when a member has this key; the cost of find().
    [[nodiscard]] bool contains(std::string_view key) const noexcept { return find(key).exists(); }

  private:
    const detail::Member* first_ = nullptr;
    std::size_t size_ = 0;
    std::uint64_t head_ = 0;  // the object node's head: which index follows the members
};

// --- inline definitions

inline Result<std::int64_t> Value::get_int64() const noexcept {
    if (tag() == detail::Tag::int64) return static_cast<std::int64_t>(n_->payload);
    if (tag() == detail::Tag::uint64 || is_number_text()) {
        return detail::access_error(ErrorCode::number_out_of_range);
    }
    return fail();
}

inline Result<std::uint64_t> Value::get_uint64() const noexcept {
    if (tag() == detail::Tag::uint64) return n_->payload;
    if (tag() == detail::Tag::int64) {
        if (static_cast<std::int64_t>(n_->payload) < 0) {
            return detail::access_error(ErrorCode::number_out_of_range);
        }
        return n_->payload;
    }
    if (is_number_text()) return detail::access_error(ErrorCode::number_out_of_range);
    return fail();
}

inline Result<double> Value::get_double() const noexcept {
    switch (tag()) {
        case detail::Tag::double_:
            return std::bit_cast<double>(n_->payload);
        case detail::Tag::int64:
            return static_cast<double>(static_cast<std::int64_t>(n_->payload));
        case detail::Tag::uint64:
            return static_cast<double>(n_->payload);
        case detail::Tag::number_text_inline:
        case detail::Tag::number_text: {
            const NumberText text = number_text();
            const std::string_view s = text.view();
            double d = 0;
            const auto r = std::from_chars(s.data(), s.data() + s.size(), d);
            if (r.ec != std::errc() || !std::isfinite(d)) {
                return detail::access_error(ErrorCode::number_out_of_range);
            }
            return d;
        }
        default:
            return fail();
    }
}

inline Result<Array> Value::get_array() const noexcept {
    if (is_array())
        return Array(n_->pointer<detail::Node>(), static_cast<std::size_t>(n_->length()));
    return fail();
}

inline Result<Object> Value::get_object() const noexcept {
    if (is_object()) return Object(n_);
    return fail();
}

inline Array Value::elements() const noexcept {
    return is_array() ? Array(n_->pointer<detail::Node>(), static_cast<std::size_t>(n_->length()))
                      : Array();
}

inline Object Value::members() const noexcept {
    return is_object() ? Object(n_) : Object();
}

inline NumberText Value::number_text() const noexcept {
    NumberText t;
    if (tag() == detail::Tag::number_text_inline) {
        t.inline_ = true;
        t.length_ = detail::unpack_number_text(*n_, t.buffer_);
    } else if (tag() == detail::Tag::number_text) {
        t.external_ = std::string_view(n_->pointer<char>(), static_cast<std::size_t>(n_->length()));
    }
    return t;
}

inline Value Value::operator[](std::size_t index) const noexcept {
    if (!is_array())
        return Value(detail::missing(exists() ? ErrorCode::wrong_type
                                              : static_cast<ErrorCode>(n_->payload)));
    return elements()[index];
}

inline Value Value::operator[](std::string_view key) const noexcept {
    if (!is_object())
        return Value(detail::missing(exists() ? ErrorCode::wrong_type
                                              : static_cast<ErrorCode>(n_->payload)));
    return Object(n_).find(key);
}

inline Value Object::find(std::string_view key) const noexcept {
    if (!detail::ObjectIndex::wanted(size_)) {
        for (std::size_t i = 0; i < size_; ++i) {
            const detail::KeyRecord* k = first_[i].key;
            if (k->length == key.size() &&
                detail::bytes_equal(k->chars(), key.data(), key.size())) {
                return Value(&first_[i].value);
            }
        }
        return Value(detail::missing(ErrorCode::no_such_key));
    }
    const detail::Member* m = detail::ObjectIndex::find(head_, first_, size_, key);
    return m != nullptr ? Value(&m->value) : Value(detail::missing(ErrorCode::no_such_key));
}

template <class T>
Result<T> Value::get() const noexcept {
    if constexpr (std::same_as<T, bool>) {
        return get_bool();
    } else if constexpr (std::same_as<T, double>) {
        return get_double();
    } else if constexpr (std::same_as<T, float>) {
        Result<double> d = get_double();
        if (!d) return d.error();
        return static_cast<float>(*d);
    } else if constexpr (std::same_as<T, std::string_view>) {
        return get_string();
    } else if constexpr (std::same_as<T, Array>) {
        return get_array();
    } else if constexpr (std::same_as<T, Object>) {
        return get_object();
    } else if constexpr (std::integral<T> && std::is_signed_v<T>) {
        Result<std::int64_t> i = get_int64();
        if (!i) return i.error();
        if (*i < std::numeric_limits<T>::min() || *i > std::numeric_limits<T>::max()) {
            return detail::access_error(ErrorCode::number_out_of_range);
        }
        return static_cast<T>(*i);
    } else if constexpr (std::integral<T>) {
        Result<std::uint64_t> u = get_uint64();
        if (!u) return u.error();
        if (*u > std::numeric_limits<T>::max())
            return detail::access_error(ErrorCode::number_out_of_range);
        return static_cast<T>(*u);
    } else {
        static_assert(sizeof(T) == 0,
                      "get<T>: T must be bool, an integer, double, float, "
                      "std::string_view, Array or Object");
    }
}

}  // namespace arenajson
