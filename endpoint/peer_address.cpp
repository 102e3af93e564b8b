// SPDX-License-Identifier: BSD-3-Clause
#include <algorithm>
#include <arpa/inet.h>
#include <cstring>

#include <rtpsec/endpoint/peer_address.hpp>

namespace rtpsec::endpoint {

PeerAddress PeerAddress::ipv4(std::array<std::uint8_t, 4> address, std::uint16_t port) {
    PeerAddress peer;
    peer.family_ = 4;
    peer.port_ = port;
    std::copy(address.begin(), address.end(), peer.address_.begin());
    return peer;
}

PeerAddress PeerAddress::ipv6(std::array<std::uint8_t, 16> address, std::uint16_t port) {
    PeerAddress peer;
    peer.family_ = 6;
    peer.port_ = port;
    peer.address_ = address;
    return peer;
}

std::array<std::uint8_t, 19> PeerAddress::identity() const {
    std::array<std::uint8_t, 19> out{};
    out[0] = family_;
    std::copy(address_.begin(), address_.end(), out.begin() + 1);
    out[17] = static_cast<std::uint8_t>(port_ >> 8);
    out[18] = static_cast<std::uint8_t>(port_ & 0xff);
    return out;
}

std::string PeerAddress::to_string() const {
    char text[INET6_ADDRSTRLEN] = {};
    inet_ntop(is_ipv6() ? AF_INET6 : AF_INET, address_.data(), text, sizeof text);
    return is_ipv6() ? "[" + std::string(text) + "]:" + std::to_string(port_)
                     : std::string(text) + ":" + std::to_string(port_);
}

std::size_t PeerAddressHash::operator()(const PeerAddress& peer) const noexcept {
    // Three words (the address halves, family and port), each multiplied by
    // an odd constant and folded: a handful of cycles where a byte-wise hash
    // spent one multiply per byte, on every datagram. The table holds only
    // peers that completed a cookie exchange or came from SDP, so collisions
    // cannot be farmed from spoofed sources.
    std::uint64_t high = 0;
    std::uint64_t low = 0;
    std::memcpy(&high, peer.address_.data(), sizeof high);
    std::memcpy(&low, peer.address_.data() + sizeof high, sizeof low);
    const std::uint64_t tag = static_cast<std::uint64_t>(peer.family_) << 16 | peer.port_;
    std::uint64_t hash =
        high * 0x9e3779b97f4a7c15ull ^ low * 0xc2b2ae3d27d4eb4full ^ tag * 0x165667b19e3779f9ull;
    hash ^= hash >> 29;
    hash *= 0xbf58476d1ce4e5b9ull;
    return static_cast<std::size_t>(hash ^ (hash >> 32));
}

}  // namespace rtpsec::endpoint
