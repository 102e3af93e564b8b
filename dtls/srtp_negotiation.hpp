// SPDX-License-Identifier: BSD-3-Clause
// use_srtp (RFC 5764 §4.1) between our profile table and OpenSSL.
// Private to dtls/.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <rtpsec/srtp/profile.hpp>

namespace rtpsec::dtls::detail {

// "SRTP_AEAD_AES_128_GCM:SRTP_AES128_CM_SHA1_80" for SSL_set_tlsext_use_srtp.
// Throws std::invalid_argument for an empty list or an id outside the table.
std::string openssl_profile_list(std::span<const srtp::ProfileId> profiles);

// The profile ids of a ClientHello's use_srtp extension body (RFC 5764
// §4.1.1: uint16 list length, uint16 ids, opaque srtp_mki<0..255>);
// nullopt if malformed.
std::optional<std::vector<std::uint16_t>> parse_use_srtp(std::span<const std::uint8_t> body);

// The client's most preferred offered profile that we support: the offerer's
// order wins (OpenSSL would pick by the server's order).
std::optional<srtp::ProfileId> choose_profile(std::span<const std::uint16_t> offered,
                                              std::span<const srtp::ProfileId> supported);

}  // namespace rtpsec::dtls::detail
