// arenajson/detail/work_stack.hpp — the stack of open containers that every walk of a document
// keeps instead of recursing (replay, equality). Internal.
#pragma once

#include <cstddef>
#include <vector>

namespace arenajson::detail {

/// A stack whose first 64 frames live in the object itself (on the walker's own stack); deeper
/// documents spill to the heap (std::bad_alloc if that fails). Frames are trivially copyable.
template <class Frame>
class WorkStack {
  public:
    /// Pushes a frame. O(1) amortised; allocates only past 64 frames.
    void push(const Frame& f) {
        if (size_ < kInline) {
            inline_[size_] = f;
        } else {
            spill_.push_back(f);
        }
        ++size_;
    }
    /// The innermost frame; the stack must not be empty. O(1).
    [[nodiscard]] Frame& top() noexcept {
        return size_ <= kInline ? inline_[size_ - 1] : spill_.back();
    }
    /// Drops the innermost frame; the stack must not be empty. O(1).
    void pop() noexcept {
        if (size_ > kInline) spill_.pop_back();
        --size_;
    }
    [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
    [[nodiscard]] std::size_t size() const noexcept { return size_; }

  private:
    static constexpr std::size_t kInline = 64;
    Frame inline_[kInline];
    std::vector<Frame> spill_;
    std::size_t size_ = 0;
};

}  // namespace arenajson::detail
