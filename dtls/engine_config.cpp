// SPDX-License-Identifier: BSD-3-Clause
#include <rtpsec/dtls/engine_config.hpp>

namespace rtpsec::dtls {

std::vector<srtp::ProfileId> default_srtp_profiles() {
    std::vector<srtp::ProfileId> ids;
    for (const auto& profile : srtp::all_profiles())
        ids.push_back(profile.id);
    return ids;
}

std::optional<std::vector<Fingerprint>> parse_expected_fingerprints(
    std::span<const std::string_view> values, std::error_code& ec) {
    std::vector<Fingerprint> expected;
    for (const auto value : values) {
        std::error_code parse_error;
        auto fingerprint = Fingerprint::parse(value, parse_error);
        if (fingerprint) {
            expected.push_back(*fingerprint);
        } else if (parse_error != FingerprintError::unknown_hash) {
            // RFC 8122 §5 lets us skip only hash functions we do not know.
            ec = parse_error;
            return std::nullopt;
        }
    }
    ec.clear();
    return expected;
}

}  // namespace rtpsec::dtls
