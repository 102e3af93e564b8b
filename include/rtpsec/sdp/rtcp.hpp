// SPDX-License-Identifier: BSD-3-Clause
// a=rtcp (RFC 3605): the RTCP port, and optionally address, when RTCP does not
// go to the RTP port + 1 and is not multiplexed (a=rtcp-mux, RFC 5761).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <rtpsec/common/export.hpp>
#include <rtpsec/sdp/connection.hpp>

namespace rtpsec::sdp {

// "a=rtcp:<port> [<nettype> <addrtype> <connection-address>]"
struct RTPSEC_EXPORT RtcpAttribute {
    std::uint16_t port = 0;
    std::optional<ConnectionData> connection;

    static std::optional<RtcpAttribute> parse(std::string_view value, std::string& why);
    std::string to_string() const;

    friend bool operator==(const RtcpAttribute&, const RtcpAttribute&) = default;
};

// An address and port to send to.
struct RTPSEC_EXPORT TransportAddress {
    std::string address;
    std::uint16_t port = 0;

    friend bool operator==(const TransportAddress&, const TransportAddress&) = default;
};

}  // namespace rtpsec::sdp
