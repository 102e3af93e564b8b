// SPDX-License-Identifier: BSD-3-Clause
// A FIFO for the outputs of a sans-IO core that are rare (handshake and
// signalling events, datagrams of a SIP dialog): pushed during an input,
// drained by a poll_*() before the next. A vector with a read index that
// gives its storage back once drained, so an idle queue holds nothing;
// std::deque keeps a 512-byte node and its map even when empty, which
// thousands of idle calls pay for. Not for per-packet paths (it allocates
// again after every drain).
#pragma once

#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

namespace rtpsec {

template <typename T>
class OutputQueue {
  public:
    void push_back(const T& item) { items_.push_back(item); }
    void push_back(T&& item) { items_.push_back(std::move(item)); }
    template <typename... Args>
    T& emplace_back(Args&&... args) {
        return items_.emplace_back(std::forward<Args>(args)...);
    }

    bool empty() const { return next_ == items_.size(); }
    std::size_t size() const { return items_.size() - next_; }

    // The oldest element; nullopt (and the storage released) once drained.
    std::optional<T> pop_front() {
        if (empty()) {
            clear();
            return std::nullopt;
        }
        return std::move(items_[next_++]);
    }

    void clear() {
        std::vector<T>().swap(items_);
        next_ = 0;
    }

  private:
    std::vector<T> items_;
    std::size_t next_ = 0;
};

}  // namespace rtpsec
