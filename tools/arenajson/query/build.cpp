#include "query/build.hpp"

#include "arenajson/arena.hpp"

#include <memory>
#include <vector>

namespace arenajson::query::detail {

namespace {

// An arena that grew past this for one large result is released instead of kept by the thread.
constexpr std::size_t kKeptArenaBytes = std::size_t{1} << 20;

struct Open {
    Value container;
    std::size_t next = 0;
};

}  // namespace

struct BuildSlot {
    Arena arena;
    DomBuilder builder;
    std::vector<Open> open;  // copy()'s stack of containers being copied
};

namespace {

struct Workspace {
    std::vector<std::unique_ptr<BuildSlot>> slots;
    std::size_t used = 0;
};

thread_local Workspace workspace;

bool send_scalar(DomBuilder& b, Value v) {
    switch (v.type()) {
        case Type::null:
            return b.on_null();
        case Type::boolean:
            return b.on_bool(*v.get_bool());
        case Type::number:
            if (v.is_number_text()) return b.on_number_text(v.number_text().view());
            if (v.is_double()) return b.on_double(*v.get_double());
            if (const Result<std::int64_t> i = v.get_int64()) return b.on_int64(*i);
            return b.on_uint64(v.get_uint64().value_or(std::uint64_t{0}));
        case Type::string:
            return b.on_string(*v.get_string());
        default:
            return false;
    }
}

}  // namespace

ValueBuilder::ValueBuilder() {
    Workspace& w = workspace;
    if (w.used == w.slots.size()) w.slots.push_back(std::make_unique<BuildSlot>());
    slot_ = w.slots[w.used++].get();
    slot_->arena.reset();
    slot_->builder.begin(slot_->arena, DuplicateKeys::keep);
}

ValueBuilder::~ValueBuilder() {
    if (slot_->arena.stats().bytes_reserved > kKeptArenaBytes) slot_->arena = Arena();
    --workspace.used;
}

DomBuilder& ValueBuilder::builder() noexcept {
    return slot_->builder;
}

bool ValueBuilder::copy(Value value) {
    DomBuilder& b = slot_->builder;
    std::vector<Open>& open = slot_->open;
    open.clear();
    Value v = value;
    for (;;) {
        bool ok = true;
        if (v.is_array()) {
            ok = b.on_start_array();
            open.push_back(Open{v});
        } else if (v.is_object()) {
            ok = b.on_start_object();
            open.push_back(Open{v});
        } else {
            ok = send_scalar(b, v);
        }
        // Then the next child of the innermost open container, closing finished ones.
        while (ok) {
            if (open.empty()) return true;
            Open& o = open.back();
            const std::size_t size = o.container.size();
            if (o.next < size) {
                if (o.container.is_object()) {
                    const Member m =
                        o.container.members().begin()[static_cast<std::ptrdiff_t>(o.next)];
                    ok = b.on_key(m.key);
                    v = m.value;
                } else {
                    v = o.container.elements()[o.next];
                }
                ++o.next;
                break;
            }
            ok = o.container.is_object() ? b.on_end_object(size) : b.on_end_array(size);
            open.pop_back();
        }
        if (!record(ok)) return false;
    }
}

Value ValueBuilder::finish() noexcept {
    const arenajson::detail::Node* root = failed_ ? nullptr : slot_->builder.finish();
    return root != nullptr ? Value(root) : Value();
}

}  // namespace arenajson::query::detail
