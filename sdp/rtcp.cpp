// SPDX-License-Identifier: BSD-3-Clause
#include <rtpsec/sdp/rtcp.hpp>

#include "text.hpp"

namespace rtpsec::sdp {

std::optional<RtcpAttribute> RtcpAttribute::parse(std::string_view value, std::string& why) {
    value = detail::trim(value);
    const auto space = value.find_first_of(" \t");
    const auto port = detail::parse_unsigned<std::uint16_t>(value.substr(0, space));
    if (!port) {
        why = "a=rtcp port " + detail::quoted(value.substr(0, space)) +
              " is not a number from 0 to 65535";
        return std::nullopt;
    }
    RtcpAttribute rtcp;
    rtcp.port = *port;
    if (space != std::string_view::npos) {
        std::string connection_why;
        rtcp.connection = ConnectionData::parse(value.substr(space), connection_why);
        if (!rtcp.connection) {
            why = "a=rtcp address: " + connection_why;
            return std::nullopt;
        }
    }
    return rtcp;
}

std::string RtcpAttribute::to_string() const {
    std::string out = std::to_string(port);
    if (connection) out += " " + connection->to_string();
    return out;
}

}  // namespace rtpsec::sdp
