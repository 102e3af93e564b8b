// SPDX-License-Identifier: BSD-3-Clause
#include <arpa/inet.h>
#include <cctype>
#include <charconv>

#include <rtpsec/sip/address.hpp>

namespace rtpsec::sip {
namespace {

bool ip_literal(const std::string& host) {
    unsigned char buffer[16];
    return inet_pton(AF_INET, host.c_str(), buffer) == 1 ||
           inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

}  // namespace

std::optional<Address> uri_address(std::string_view uri) {
    if (const auto open = uri.find('<'); open != std::string_view::npos) {
        uri = uri.substr(open + 1);
        uri = uri.substr(0, uri.find('>'));
    }
    constexpr std::string_view scheme = "sip:";
    if (uri.size() < scheme.size()) return std::nullopt;
    for (std::size_t i = 0; i < scheme.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(uri[i])) != scheme[i]) return std::nullopt;
    }
    auto rest = uri.substr(scheme.size());
    if (const auto at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
    rest = rest.substr(0, rest.find_first_of(";?>"));

    std::string_view host = rest;
    std::string_view port;
    if (rest.starts_with('[')) {
        const auto close = rest.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        host = rest.substr(1, close - 1);
        const auto after = rest.substr(close + 1);
        if (!after.empty()) {
            if (after[0] != ':') return std::nullopt;
            port = after.substr(1);
        }
    } else if (const auto colon = rest.find(':'); colon != std::string_view::npos) {
        host = rest.substr(0, colon);
        port = rest.substr(colon + 1);
    }
    Address address{std::string(host), 5060};
    if (!ip_literal(address.host)) return std::nullopt;
    if (!port.empty()) {
        unsigned value = 0;
        const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), value);
        if (error != std::errc() || end != port.data() + port.size() || value == 0 ||
            value > 65535) {
            return std::nullopt;
        }
        address.port = static_cast<std::uint16_t>(value);
    }
    return address;
}

}  // namespace rtpsec::sip
