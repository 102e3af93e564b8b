// SPDX-License-Identifier: BSD-3-Clause
#include <rtpsec/common/random_source.hpp>
#include <rtpsec/sdp/ice.hpp>

#include "text.hpp"

namespace rtpsec::sdp {
namespace {

constexpr std::string_view ice_chars =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

bool is_ice_string(std::string_view s, std::size_t min, std::size_t max) {
    if (s.size() < min || s.size() > max) return false;
    for (char c : s) {
        if (ice_chars.find(c) == std::string_view::npos) return false;
    }
    return true;
}

}  // namespace

bool is_valid_ice_ufrag(std::string_view ufrag) {
    return is_ice_string(ufrag, 4, 256);
}

bool is_valid_ice_pwd(std::string_view pwd) {
    return is_ice_string(pwd, 22, 256);
}

IceParameters generate_ice_lite_parameters(const TransportAddress& host) {
    IceParameters ice;
    const auto random = os_random_source();
    ice.ufrag = random_string(*random, 8, ice_chars);
    ice.pwd = random_string(*random, 24, ice_chars);
    ice.lite = true;
    ice.candidates.push_back("1 1 udp 2130706431 " + host.address + " " +
                             std::to_string(host.port) + " typ host");
    return ice;
}

std::optional<IceParameters> ice_parameters(const SessionDescription& session,
                                            const MediaDescription& media) {
    auto ufrag = media.attributes.find("ice-ufrag");
    auto pwd = media.attributes.find("ice-pwd");
    if (!ufrag) ufrag = session.attributes.find("ice-ufrag");
    if (!pwd) pwd = session.attributes.find("ice-pwd");
    if (!ufrag) return std::nullopt;
    IceParameters ice;
    ice.ufrag = std::string(detail::trim(*ufrag));
    ice.pwd = pwd ? std::string(detail::trim(*pwd)) : std::string{};
    ice.lite = session.ice_lite();
    for (const auto candidate : media.candidates())
        ice.candidates.emplace_back(detail::trim(candidate));
    return ice;
}

}  // namespace rtpsec::sdp
