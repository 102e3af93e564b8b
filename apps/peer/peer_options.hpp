// SPDX-License-Identifier: BSD-3-Clause
// rtpsec-peer's command line (docs/design.md, "rtpsec-peer").
#pragma once

#include <boost/asio/ip/udp.hpp>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <rtpsec/dtls/engine_config.hpp>

#include "common/media_session.hpp"

namespace rtpsec::apps {

struct PeerOptions {
    // Raw DTLS mode.
    std::optional<dtls::Role> dtls_role;
    std::optional<boost::asio::ip::udp::endpoint> bind;
    std::optional<boost::asio::ip::udp::endpoint> peer;
    std::vector<dtls::Fingerprint> peer_fingerprints;
    bool insecure_skip_peer_verification = false;
    // SDP mode.
    std::optional<std::filesystem::path> offer_out;
    std::optional<std::filesystem::path> wait_answer;
    std::optional<std::filesystem::path> answer_to;
    std::optional<std::filesystem::path> write_answer;
    // Both.
    std::vector<srtp::ProfileId> profiles = dtls::default_srtp_profiles();
    std::optional<std::filesystem::path> cert;
    std::optional<std::filesystem::path> key;
    MediaOptions media;
    std::optional<double> duration_s;
    double handshake_timeout_s = 15.0;
    std::size_t mtu = 1200;
    bool export_keys = false;
    std::optional<std::filesystem::path> keylog;
    bool json = false;

    bool sdp_mode() const { return offer_out || answer_to; }
};

// Parses argv. Returns nullopt after printing --help or --version (exit 0);
// throws AppError (exit 2) for bad flags.
std::optional<PeerOptions> parse_peer_options(int argc, char** argv);

}  // namespace rtpsec::apps
