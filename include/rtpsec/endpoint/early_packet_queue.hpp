// SPDX-License-Identifier: BSD-3-Clause
// SRTP/SRTCP that arrives before the keys do, kept until they are installed.
//
// The peer may finish the handshake and start sending a round trip before we
// have processed its last flight; dropping those packets would cut the first
// words of a call. The queue is bounded by packet count and bytes, allocates
// its storage on first use and releases it once drained, so an idle transport
// costs nothing; the storage is also taken from a budget shared with the
// endpoint's other transports, when one is given. Packets are stored 4-byte
// aligned, as libsrtp wants them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include <rtpsec/common/byte_budget.hpp>
#include <rtpsec/common/export.hpp>

namespace rtpsec::endpoint {

class RTPSEC_EXPORT EarlyPacketQueue {
  public:
    struct Limits {
        std::size_t packets = 64;  // over a second of 20 ms audio both ways
        std::size_t bytes = 16 * 1024;
    };

    EarlyPacketQueue() : EarlyPacketQueue(Limits{}) {}
    explicit EarlyPacketQueue(Limits limits, std::shared_ptr<ByteBudget> budget = nullptr)
        : limits_(limits), budget_(std::move(budget)) {}
    ~EarlyPacketQueue() { clear(); }
    EarlyPacketQueue(EarlyPacketQueue&& other) noexcept = default;
    EarlyPacketQueue& operator=(EarlyPacketQueue&& other) noexcept;

    // False (and nothing kept) when the packet would exceed a limit, or the
    // shared budget has no room for the queue's storage.
    bool push(std::span<const std::byte> packet);

    // Calls f(std::span<std::byte>) for every packet in arrival order (the span
    // may be modified in place, e.g. unprotected), then empties the queue and
    // frees its storage.
    template <typename F>
    void drain(F&& f) {
        for (const auto& entry : entries_) {
            f(std::span<std::byte>(storage_.data() + entry.offset, entry.length));
        }
        clear();
    }

    // Calls f(std::span<std::byte>) for every packet in arrival order, keeping them.
    template <typename F>
    void for_each(F&& f) {
        for (const auto& entry : entries_) {
            f(std::span<std::byte>(storage_.data() + entry.offset, entry.length));
        }
    }

    void clear();
    std::size_t size() const { return entries_.size(); }
    bool empty() const { return entries_.empty(); }

  private:
    struct Entry {
        std::size_t offset;
        std::size_t length;
    };

    Limits limits_;
    std::shared_ptr<ByteBudget> budget_;
    std::vector<std::byte> storage_;
    std::vector<Entry> entries_;
    std::size_t used_ = 0;
};

}  // namespace rtpsec::endpoint
