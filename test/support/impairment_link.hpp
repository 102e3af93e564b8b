// SPDX-License-Identifier: BSD-3-Clause
// A seeded, in-memory, one-way datagram link that loses, duplicates, delays,
// reorders and MTU-drops datagrams — deterministically for a given seed.
//
// For two-peer tests on simulated time (DTLS engines today, endpoints later):
// send() what one side transmits, and deliver to the other side whatever
// receive() returns once its delivery time has come.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <queue>
#include <span>
#include <vector>

#include <rtpsec/common/split_mix64.hpp>

namespace rtpsec::test {

struct Impairment {
    double loss = 0.0;                    // probability a datagram is dropped
    double duplicate = 0.0;               // probability a delivered datagram arrives twice
    double reorder = 0.0;                 // probability a datagram is held back by reorder_delay
    std::chrono::microseconds delay{0};   // one-way base delay
    std::chrono::microseconds jitter{0};  // uniform extra delay 0..jitter
    std::chrono::microseconds reorder_delay{std::chrono::milliseconds(30)};
    std::size_t mtu = 0;  // datagrams larger than this are dropped (0: no limit)
};

struct LinkStatistics {
    std::size_t sent = 0;
    std::size_t delivered = 0;
    std::size_t lost = 0;
    std::size_t duplicated = 0;
    std::size_t reordered = 0;
    std::size_t too_big = 0;
    std::size_t dropped_by_filter = 0;
    std::size_t largest = 0;  // largest datagram offered to the link
};

class ImpairmentLink {
  public:
    using Clock = std::chrono::steady_clock;
    // Return true to drop: the datagram and its index among all sent (from 0).
    using Filter = std::function<bool(std::span<const std::byte>, std::size_t index)>;

    ImpairmentLink(Impairment impairment, std::uint64_t seed);

    void send(std::span<const std::byte> datagram, Clock::time_point now);
    // When the next datagram becomes deliverable; nullopt when none is in flight.
    std::optional<Clock::time_point> next_delivery() const;
    // A datagram whose delivery time is <= now, in delivery order.
    std::optional<std::vector<std::byte>> receive(Clock::time_point now);

    // A targeted drop decided before the random impairments (e.g. "drop the
    // final flight").
    void set_filter(Filter filter) { filter_ = std::move(filter); }
    const LinkStatistics& statistics() const { return statistics_; }

  private:
    struct InFlight {
        Clock::time_point at;
        std::uint64_t order;  // ties keep sending order
        std::vector<std::byte> bytes;
        bool operator>(const InFlight& other) const {
            return at != other.at ? at > other.at : order > other.order;
        }
    };

    double uniform();  // [0, 1), from the seeded generator
    void enqueue(std::span<const std::byte> datagram, Clock::time_point at);

    Impairment impairment_;
    SplitMix64 random_;
    std::uint64_t next_order_ = 0;
    std::priority_queue<InFlight, std::vector<InFlight>, std::greater<>> in_flight_;
    Filter filter_;
    LinkStatistics statistics_;
};

}  // namespace rtpsec::test
