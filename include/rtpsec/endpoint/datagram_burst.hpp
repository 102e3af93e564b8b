// SPDX-License-Identifier: BSD-3-Clause
// A burst of datagrams with their peer addresses, packed one after another in
// one arena: what a socket drain received before any of it is handled, or
// what the handling produced before any of it is sent.
//
// Bounded by count and by bytes; the arena is allocated once and left
// uninitialised, so only the pages bursts write become resident.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <vector>

#include <rtpsec/common/export.hpp>
#include <rtpsec/endpoint/peer_address.hpp>

namespace rtpsec::endpoint {

class RTPSEC_EXPORT DatagramBurst {
  public:
    static constexpr std::size_t max_datagrams = 64;
    static constexpr std::size_t largest_datagram = 65536;  // the largest UDP payload
    static constexpr std::size_t default_arena = 256 * 1024;

    struct Datagram {
        PeerAddress peer;
        std::span<std::byte> bytes;
    };

    explicit DatagramBurst(std::size_t arena_bytes = default_arena);

    void clear() {
        used_ = 0;
        datagrams_.clear();
    }
    bool empty() const { return datagrams_.empty(); }
    std::size_t size() const { return datagrams_.size(); }
    Datagram operator[](std::size_t index) {
        const Held& held = datagrams_[index];
        return {held.peer, std::span(arena_.get() + held.offset, held.size)};
    }

    // Receiving: room for the largest datagram, or empty when the burst is full.
    std::span<std::byte> receive_space();
    // Keeps the `size` bytes just written at receive_space().
    void commit(const PeerAddress& peer, std::size_t size);

    // Sending: copies `datagram` in; false when it does not fit any more.
    bool push(const PeerAddress& peer, std::span<const std::byte> datagram);

  private:
    struct Held {
        PeerAddress peer;
        std::size_t offset;
        std::size_t size;
    };
    std::size_t next_offset() const;

    std::unique_ptr<std::byte[]> arena_;
    std::size_t arena_bytes_;
    std::size_t used_ = 0;
    std::vector<Held> datagrams_;
};

}  // namespace rtpsec::endpoint
