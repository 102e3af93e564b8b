// SPDX-License-Identifier: BSD-3-Clause
// A remote UDP address (IPv4 or IPv6 + port) as the sans-IO endpoint knows it:
// a plain value, hashable, printable, with no socket library behind it. The
// Asio adaptor converts to and from its own endpoint type.
#pragma once

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include <rtpsec/common/export.hpp>

namespace rtpsec::endpoint {

class RTPSEC_EXPORT PeerAddress {
  public:
    PeerAddress() = default;
    static PeerAddress ipv4(std::array<std::uint8_t, 4> address, std::uint16_t port);
    static PeerAddress ipv6(std::array<std::uint8_t, 16> address, std::uint16_t port);

    bool is_ipv6() const { return family_ == 6; }
    std::uint16_t port() const { return port_; }
    // 4 or 16 address bytes in network order.
    std::span<const std::uint8_t> address() const {
        return {address_.data(), is_ipv6() ? 16u : 4u};
    }
    // A canonical byte string (family, address, port) that identifies the
    // peer, e.g. for binding DTLS cookies to it.
    std::array<std::uint8_t, 19> identity() const;

    // "192.0.2.1:5004" or "[2001:db8::1]:5004".
    std::string to_string() const;

    friend auto operator<=>(const PeerAddress&, const PeerAddress&) = default;
    friend bool operator==(const PeerAddress&, const PeerAddress&) = default;

  private:
    friend struct PeerAddressHash;

    std::uint8_t family_ = 4;
    std::uint16_t port_ = 0;
    std::array<std::uint8_t, 16> address_{};
};

struct RTPSEC_EXPORT PeerAddressHash {
    std::size_t operator()(const PeerAddress& peer) const noexcept;
};

}  // namespace rtpsec::endpoint
