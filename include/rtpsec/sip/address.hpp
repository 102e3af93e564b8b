// SPDX-License-Identifier: BSD-3-Clause
// Where a SIP message goes over UDP: an IP address and a port. rtpsec talks
// to its peers directly (no registrar, no DNS), so addresses are IP literals.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <rtpsec/common/export.hpp>

namespace rtpsec::sip {

struct RTPSEC_EXPORT Address {
    std::string host;  // "127.0.0.1", "::1" (no brackets)
    std::uint16_t port = 0;
    bool operator==(const Address&) const = default;
};

// The address in a SIP URI we can send to directly: "sip:bob@127.0.0.1:5062",
// "sip:[::1]:5062", "<sip:bob@192.0.2.1>;tag=x" (RFC 3261 §19.1.1). nullopt
// when the host is not an IP address; the port defaults to 5060.
RTPSEC_EXPORT std::optional<Address> uri_address(std::string_view uri);

}  // namespace rtpsec::sip
