// SPDX-License-Identifier: BSD-3-Clause
// Connection data (RFC 8866 §5.7): "c=IN IP4 192.0.2.1", also the address part
// of a=rtcp (RFC 3605). The address may be an IPv4 or IPv6 literal or a domain
// name (RFC 5763 §8 uses "ua1.example.com").
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <rtpsec/common/export.hpp>

namespace rtpsec::sdp {

enum class AddressKind { ipv4, ipv6, domain_name, other };

struct RTPSEC_EXPORT ConnectionData {
    std::string network_type = "IN";
    std::string address_type = "IP4";  // "IP4" or "IP6" for network type IN
    std::string address;
    std::optional<unsigned> ttl;            // IP4 multicast: "224.2.1.1/127"
    std::optional<unsigned> address_count;  // multicast ranges: "/3"

    // Parses "<nettype> <addrtype> <connection-address>". On failure returns
    // nullopt and says why in `why`.
    static std::optional<ConnectionData> parse(std::string_view text, std::string& why);
    // "IN IP4 <address>" or "IN IP6 <address>", chosen from the literal.
    // Throws std::invalid_argument unless `address` is an IP literal or a domain name.
    static ConnectionData for_address(std::string_view address);

    AddressKind address_kind() const;
    std::string to_string() const;

    friend bool operator==(const ConnectionData&, const ConnectionData&) = default;
};

// What kind of host `address` is: an IPv4 or IPv6 literal, a domain name, or none of those.
RTPSEC_EXPORT AddressKind classify_address(std::string_view address);

}  // namespace rtpsec::sdp
