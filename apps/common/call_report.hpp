// SPDX-License-Identifier: BSD-3-Clause
// The JSON report the programs print with --json (docs/design.md, "JSON
// report"): a stable interface, so fields are only ever added.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include <rtpsec/common/secret_bytes.hpp>
#include <rtpsec/endpoint/media_transport.hpp>

#include "common/media_session.hpp"

namespace rtpsec::apps {

struct CallReport {
    bool ok = false;
    std::string role;  // "client" / "server"
    std::optional<std::string> srtp_profile;
    std::optional<double> handshake_ms;
    std::string local_fingerprint;
    std::optional<std::string> peer_fingerprint;
    std::optional<std::string> keying_material_hex;  // only with --export-keys
    std::optional<std::string> error;
    std::string close = "none";  // close_notify_sent | close_notify_received | none

    // Fills the counters from the transport (if any) and the media session;
    // without rtcp-mux, the RTCP counters come from the RTCP port's transport.
    void take_stats(const endpoint::MediaTransport* transport, const MediaSession* media,
                    const endpoint::MediaTransport* rtcp_transport = nullptr);
    // Fields beyond the common ones (e.g. "sip"), in the top-level object.
    void add(const std::string& key, nlohmann::json value) { extra_[key] = std::move(value); }

    nlohmann::json to_json() const;

  private:
    nlohmann::json rtp_ = {
        {"sent", 0}, {"received", 0}, {"lost", 0}, {"auth_failed", 0}, {"replayed", 0}};
    nlohmann::json rtcp_ = {{"sent", 0}, {"received", 0}};
    nlohmann::json dtls_ = {{"retransmits", 0}};
    nlohmann::json extra_ = nlohmann::json::object();
};

// Lower-case hex, for --export-keys (the user asked to see the keys).
std::string to_hex(std::span<const std::uint8_t> bytes);

// "close_notify_sent" / "close_notify_received" / "none" for the report.
std::string close_field(dtls::CloseReason reason);

}  // namespace rtpsec::apps
