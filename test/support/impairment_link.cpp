// SPDX-License-Identifier: BSD-3-Clause
#include "impairment_link.hpp"

#include <algorithm>

namespace rtpsec::test {

ImpairmentLink::ImpairmentLink(Impairment impairment, std::uint64_t seed)
    : impairment_(impairment), random_(seed) {}

double ImpairmentLink::uniform() {
    return random_.next_unit();
}

void ImpairmentLink::enqueue(std::span<const std::byte> datagram, Clock::time_point at) {
    auto delay = impairment_.delay;
    if (impairment_.jitter.count() > 0) {
        delay += std::chrono::microseconds(
            static_cast<std::int64_t>(uniform() * static_cast<double>(impairment_.jitter.count())));
    }
    if (impairment_.reorder > 0 && uniform() < impairment_.reorder) {
        delay += impairment_.reorder_delay;
        ++statistics_.reordered;
    }
    in_flight_.push(InFlight{at + delay, next_order_++,
                             std::vector<std::byte>(datagram.begin(), datagram.end())});
}

void ImpairmentLink::send(std::span<const std::byte> datagram, Clock::time_point now) {
    const std::size_t index = statistics_.sent++;
    statistics_.largest = std::max(statistics_.largest, datagram.size());
    if (filter_ && filter_(datagram, index)) {
        ++statistics_.dropped_by_filter;
        return;
    }
    if (impairment_.mtu != 0 && datagram.size() > impairment_.mtu) {
        ++statistics_.too_big;
        return;
    }
    // Draw every random number for every datagram, so changing one rate does
    // not shift the sequence the others see.
    const bool lost = uniform() < impairment_.loss;
    const bool duplicated = uniform() < impairment_.duplicate;
    if (lost) {
        ++statistics_.lost;
        return;
    }
    enqueue(datagram, now);
    if (duplicated) {
        ++statistics_.duplicated;
        enqueue(datagram, now);
    }
}

std::optional<ImpairmentLink::Clock::time_point> ImpairmentLink::next_delivery() const {
    if (in_flight_.empty()) return std::nullopt;
    return in_flight_.top().at;
}

std::optional<std::vector<std::byte>> ImpairmentLink::receive(Clock::time_point now) {
    if (in_flight_.empty() || in_flight_.top().at > now) return std::nullopt;
    auto bytes = std::move(const_cast<InFlight&>(in_flight_.top()).bytes);
    in_flight_.pop();
    ++statistics_.delivered;
    return bytes;
}

}  // namespace rtpsec::test
