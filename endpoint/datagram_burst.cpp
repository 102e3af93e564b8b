// SPDX-License-Identifier: BSD-3-Clause
#include <algorithm>

#include <rtpsec/endpoint/datagram_burst.hpp>

namespace rtpsec::endpoint {
namespace {

// Datagrams start on a 16-byte boundary, as a fresh buffer would.
constexpr std::size_t alignment = 16;

}  // namespace

DatagramBurst::DatagramBurst(std::size_t arena_bytes)
    : arena_(new std::byte[arena_bytes]), arena_bytes_(arena_bytes) {
    datagrams_.reserve(max_datagrams);
}

std::size_t DatagramBurst::next_offset() const {
    return (used_ + alignment - 1) / alignment * alignment;
}

std::span<std::byte> DatagramBurst::receive_space() {
    const std::size_t offset = next_offset();
    if (datagrams_.size() == max_datagrams || offset + largest_datagram > arena_bytes_) return {};
    return {arena_.get() + offset, largest_datagram};
}

void DatagramBurst::commit(const PeerAddress& peer, std::size_t size) {
    const std::size_t offset = next_offset();
    datagrams_.push_back({peer, offset, size});
    used_ = offset + size;
}

bool DatagramBurst::push(const PeerAddress& peer, std::span<const std::byte> datagram) {
    const std::size_t offset = next_offset();
    if (datagrams_.size() == max_datagrams || offset + datagram.size() > arena_bytes_) return false;
    std::copy(datagram.begin(), datagram.end(), arena_.get() + offset);
    datagrams_.push_back({peer, offset, datagram.size()});
    used_ = offset + datagram.size();
    return true;
}

}  // namespace rtpsec::endpoint
