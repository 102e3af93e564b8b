// SPDX-License-Identifier: BSD-3-Clause
#include "common/call_report.hpp"

namespace rtpsec::apps {

std::string to_hex(std::span<const std::uint8_t> bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const std::uint8_t b : bytes) {
        out.push_back(digits[b >> 4]);
        out.push_back(digits[b & 0x0f]);
    }
    return out;
}

std::string close_field(dtls::CloseReason reason) {
    switch (reason) {
        case dtls::CloseReason::close_notify_sent:
            return "close_notify_sent";
        case dtls::CloseReason::close_notify_received:
            return "close_notify_received";
        default:
            return "none";
    }
}

namespace {

// What one direction's receive counters say, for RTP and RTCP alike.
nlohmann::json received_fields(const endpoint::SentStats& sent,
                               const endpoint::ReceivedStats& received) {
    return {{"sent", sent.packets},
            {"received", received.packets},
            {"auth_failed", received.auth_failed},
            {"auth_failed_before_keys", received.auth_failed_before_keys},
            {"replayed", received.replayed},
            {"malformed", received.malformed},
            {"dropped_before_keys", received.dropped_before_keys},
            {"delivered_before_keys", received.delivered_from_queue}};
}

}  // namespace

void CallReport::take_stats(const endpoint::MediaTransport* transport, const MediaSession* media,
                            const endpoint::MediaTransport* rtcp_transport) {
    if (transport) {
        const auto& stats = transport->stats();
        rtp_ = received_fields(stats.rtp_sent, stats.rtp_received);
        rtp_["lost"] = std::max<std::int64_t>(0, stats.rtp_received.lost);
        rtp_["jitter"] = stats.rtp_received.jitter;
        rtcp_ = received_fields(stats.rtcp_sent, stats.rtcp_received);
        dtls_ = {{"retransmits", stats.handshake ? stats.handshake->retransmissions : 0},
                 {"datagrams_sent", stats.dtls_datagrams_sent},
                 {"datagrams_received", stats.dtls_datagrams_received},
                 {"datagrams_dropped", stats.dtls_datagrams_dropped},
                 {"settled", transport->dtls().settled()}};
        if (stats.handshake) {
            dtls_["version"] = stats.handshake->version;
            dtls_["cipher_suite"] = stats.handshake->cipher_suite;
            dtls_["flights_sent"] = stats.handshake->flights_sent;
            dtls_["unauthenticated_alerts"] = stats.handshake->unauthenticated_alerts;
        }
    }
    if (rtcp_transport) {
        const auto& stats = rtcp_transport->stats();
        rtcp_ = received_fields(stats.rtcp_sent, stats.rtcp_received);
        rtcp_["port"] = "separate";
        extra_["dtls_rtcp"] = {
            {"retransmits", stats.handshake ? stats.handshake->retransmissions : 0},
            {"datagrams_sent", stats.dtls_datagrams_sent},
            {"datagrams_received", stats.dtls_datagrams_received},
            {"datagrams_dropped", stats.dtls_datagrams_dropped}};
    }
    if (media) extra_["media"] = {{"echoed", media->counters().echoed}};
}

nlohmann::json CallReport::to_json() const {
    nlohmann::json j;
    j["ok"] = ok;
    j["role"] = role;
    j["srtp_profile"] = srtp_profile ? nlohmann::json(*srtp_profile) : nlohmann::json(nullptr);
    j["handshake_ms"] = handshake_ms ? nlohmann::json(*handshake_ms) : nlohmann::json(nullptr);
    j["local_fingerprint"] = local_fingerprint;
    j["peer_fingerprint"] =
        peer_fingerprint ? nlohmann::json(*peer_fingerprint) : nlohmann::json(nullptr);
    if (keying_material_hex) j["keying_material"] = *keying_material_hex;
    j["rtp"] = rtp_;
    j["rtcp"] = rtcp_;
    auto dtls = dtls_;
    dtls["close"] = close;
    j["dtls"] = dtls;
    for (const auto& [key, value] : extra_.items())
        j[key] = value;
    j["error"] = error ? nlohmann::json(*error) : nlohmann::json(nullptr);
    return j;
}

}  // namespace rtpsec::apps
