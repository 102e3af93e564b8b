// Takes the oldest element of an output queue, the shape every sans-IO
// poll_*() in the SIP layer has.
#pragma once

#include <deque>
#include <optional>

namespace rtpsec::sip::detail {

template <typename T>
std::optional<T> pop_front(std::deque<T>& queue) {
    if (queue.empty()) return std::nullopt;
    T front = std::move(queue.front());
    queue.pop_front();
    return front;
}

}  // namespace rtpsec::sip::detail
