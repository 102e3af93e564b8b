#include <algorithm>
#include <arpa/inet.h>

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
    // FNV-1a over the identity bytes.
    std::size_t hash = 1469598103934665603ull;
    for (const std::uint8_t byte : peer.identity()) {
        hash ^= byte;
        hash *= 1099511628211ull;
    }
    return hash;
}

}  // namespace rtpsec::endpoint
