// SPDX-License-Identifier: BSD-3-Clause
#include <arpa/inet.h>
#include <stdexcept>

#include <rtpsec/sdp/connection.hpp>

#include "text.hpp"

namespace rtpsec::sdp {
namespace {

bool is_ipv4_literal(std::string_view s) {
    if (s.size() > 15) return false;
    const std::string copy(s);
    in_addr out{};
    return ::inet_pton(AF_INET, copy.c_str(), &out) == 1;
}

bool is_ipv6_literal(std::string_view s) {
    if (s.size() > 45) return false;
    const std::string copy(s);
    in6_addr out{};
    return ::inet_pton(AF_INET6, copy.c_str(), &out) == 1;
}

// RFC 8866 §9 FQDN: letters, digits, '-' and '.', at most 255 characters.
bool is_domain_name(std::string_view s) {
    if (s.empty() || s.size() > 255 || s.front() == '.' || s.front() == '-') return false;
    bool has_letter = false;
    for (char c : s) {
        if (detail::is_alpha(c)) {
            has_letter = true;
        } else if (!detail::is_digit(c) && c != '-' && c != '.') {
            return false;
        }
    }
    // All digits and dots would be a malformed IPv4 literal, not a name.
    return has_letter;
}

}  // namespace

AddressKind classify_address(std::string_view address) {
    if (is_ipv4_literal(address)) return AddressKind::ipv4;
    if (is_ipv6_literal(address)) return AddressKind::ipv6;
    if (is_domain_name(address)) return AddressKind::domain_name;
    return AddressKind::other;
}

std::optional<ConnectionData> ConnectionData::parse(std::string_view text, std::string& why) {
    const auto fields = detail::split_fields(text);
    if (fields.size() != 3) {
        why = "expected '<nettype> <addrtype> <address>', got " + detail::quoted(text);
        return std::nullopt;
    }
    ConnectionData c;
    c.network_type = std::string(fields[0]);
    c.address_type = std::string(fields[1]);
    if (!detail::is_token(fields[0]) || !detail::is_token(fields[1])) {
        why = "network or address type is not a token in " + detail::quoted(text);
        return std::nullopt;
    }
    std::string_view address = fields[2];
    if (!detail::iequals(c.network_type, "IN")) {
        // Another network type (RFC 8866 §5.7 allows registering more): keep as is.
        c.address = std::string(address);
        return c;
    }
    const bool ip4 = detail::iequals(c.address_type, "IP4");
    const bool ip6 = detail::iequals(c.address_type, "IP6");
    if (!ip4 && !ip6) {
        why = "address type " + detail::quoted(c.address_type) + " is neither IP4 nor IP6";
        return std::nullopt;
    }
    // Multicast suffixes: IP4 "/ttl[/count]", IP6 "/count" (RFC 8866 §5.7).
    const auto slash = address.find('/');
    if (slash != std::string_view::npos) {
        std::string_view rest = address.substr(slash + 1);
        address = address.substr(0, slash);
        const auto second = rest.find('/');
        const auto first_number = detail::parse_unsigned<unsigned>(rest.substr(0, second), 65535);
        const auto second_number =
            second == std::string_view::npos
                ? std::optional<unsigned>{}
                : detail::parse_unsigned<unsigned>(rest.substr(second + 1), 65535);
        if (!first_number || (second != std::string_view::npos && !second_number) ||
            (ip6 && second != std::string_view::npos)) {
            why = "malformed multicast suffix in " + detail::quoted(fields[2]);
            return std::nullopt;
        }
        if (ip4) {
            c.ttl = first_number;
            c.address_count = second_number;
        } else {
            c.address_count = first_number;
        }
    }
    const auto kind = classify_address(address);
    if (kind == AddressKind::other) {
        why = detail::quoted(address) + " is neither an IP address nor a domain name";
        return std::nullopt;
    }
    if ((ip4 && kind == AddressKind::ipv6) || (ip6 && kind == AddressKind::ipv4)) {
        why =
            "address " + detail::quoted(address) + " does not match address type " + c.address_type;
        return std::nullopt;
    }
    c.address = std::string(address);
    return c;
}

ConnectionData ConnectionData::for_address(std::string_view address) {
    ConnectionData c;
    c.address = std::string(address);
    switch (classify_address(address)) {
        case AddressKind::ipv4:
        case AddressKind::domain_name:
            c.address_type = "IP4";
            return c;
        case AddressKind::ipv6:
            c.address_type = "IP6";
            return c;
        case AddressKind::other:
            break;
    }
    throw std::invalid_argument("'" + std::string(address) +
                                "' is neither an IP address nor a domain name");
}

AddressKind ConnectionData::address_kind() const {
    return classify_address(address);
}

std::string ConnectionData::to_string() const {
    std::string out = network_type + " " + address_type + " " + address;
    if (ttl) out += "/" + std::to_string(*ttl);
    if (address_count) out += "/" + std::to_string(*address_count);
    return out;
}

}  // namespace rtpsec::sdp
