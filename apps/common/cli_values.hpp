// SPDX-License-Identifier: BSD-3-Clause
// Parsing the values the programs take on their command lines, each failing
// with an AppError (exit 2) that names the flag and the expected form.
#pragma once

#include <CLI/CLI.hpp>
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

// --handshake-timeout, in seconds, for every program: the DTLS retransmission
// policy adapts to any value in between (dtls::RetransmissionPolicy::fitted_to).
constexpr double min_handshake_timeout_s = 0.1;
constexpr double max_handshake_timeout_s = 3600.0;
// --duration, in seconds: a week (the millisecond timers hold far more).
constexpr double max_duration_s = 7 * 24 * 3600.0;

// The check of every floating-point flag: a finite number within [min, max].
// CLI11's Range lets NaN through (every comparison with it is false) and
// "inf" or "1e300" would overflow the millisecond timers the values feed.
CLI::Validator finite_range(double min, double max);

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
