// SPDX-License-Identifier: BSD-3-Clause
#include "srtp_negotiation.hpp"

#include <algorithm>
#include <stdexcept>

namespace rtpsec::dtls::detail {

std::string openssl_profile_list(std::span<const srtp::ProfileId> profiles) {
    if (profiles.empty()) throw std::invalid_argument("no SRTP profile configured");
    std::string list;
    for (const auto id : profiles) {
        const srtp::Profile* profile = srtp::find_profile(id);
        if (profile == nullptr) {
            throw std::invalid_argument("unknown SRTP profile id " +
                                        std::to_string(static_cast<unsigned>(id)));
        }
        if (!list.empty()) list += ':';
        list += profile->name;  // OpenSSL uses the registered names
    }
    return list;
}

std::optional<std::vector<std::uint16_t>> parse_use_srtp(std::span<const std::uint8_t> body) {
    if (body.size() < 2) return std::nullopt;
    const std::size_t list_length = std::size_t{body[0]} << 8 | body[1];
    // RFC 5764 §4.1.1: SRTPProtectionProfile profiles<2..2^16-1>.
    if (list_length < 2 || list_length % 2 != 0 || 2 + list_length + 1 > body.size()) {
        return std::nullopt;
    }
    const std::size_t mki_length = body[2 + list_length];
    if (2 + list_length + 1 + mki_length != body.size()) return std::nullopt;
    std::vector<std::uint16_t> ids;
    for (std::size_t at = 2; at < 2 + list_length; at += 2)
        ids.push_back(static_cast<std::uint16_t>(body[at] << 8 | body[at + 1]));
    return ids;
}

std::optional<srtp::ProfileId> choose_profile(std::span<const std::uint16_t> offered,
                                              std::span<const srtp::ProfileId> supported) {
    for (const auto id : offered) {
        const auto match =
            std::find(supported.begin(), supported.end(), static_cast<srtp::ProfileId>(id));
        if (match != supported.end()) return *match;
    }
    return std::nullopt;
}

}  // namespace rtpsec::dtls::detail
