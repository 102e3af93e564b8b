// Parsing the values the programs take on their command lines, each failing
// with an AppError (exit 2) that names the flag and the expected form.
#pragma once

#include <boost/asio/ip/udp.hpp>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rtpsec/dtls/certificate.hpp>
#include <rtpsec/dtls/fingerprint.hpp>
#include <rtpsec/srtp/profile.hpp>

namespace rtpsec::apps {

// "127.0.0.1:5004", "[::1]:5004", "localhost:5004".
boost::asio::ip::udp::endpoint parse_udp_address(std::string_view text, std::string_view flag);

// "SRTP_AES128_CM_SHA1_80,SRTP_AEAD_AES_128_GCM" in preference order.
std::vector<srtp::ProfileId> parse_profiles(std::string_view text);

// "sha-256 AB:CD:..." values; unknown hash names are refused here because a
// user typing one made a mistake (SDP, by contrast, skips them).
std::vector<dtls::Fingerprint> parse_fingerprints(const std::vector<std::string>& values);

// --cert/--key if both are given, else a fresh ECDSA P-256 identity.
dtls::Certificate load_or_generate_certificate(const std::optional<std::filesystem::path>& cert,
                                               const std::optional<std::filesystem::path>& key);

// A key log sink appending NSS key log lines to `path` (created 0600).
std::function<void(std::string_view)> open_keylog(const std::filesystem::path& path);

}  // namespace rtpsec::apps
