// SPDX-License-Identifier: BSD-3-Clause
// What the DTLS engine reports: verification, completion with the SRTP keys,
// closure and failure.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <system_error>
#include <variant>
#include <vector>

#include <rtpsec/common/export.hpp>
#include <rtpsec/common/secret_bytes.hpp>
#include <rtpsec/dtls/engine_config.hpp>
#include <rtpsec/dtls/fingerprint.hpp>
#include <rtpsec/srtp/profile.hpp>

namespace rtpsec::dtls {

// The peer's certificate passed the fingerprint check (or verification is
// off). Comes before HandshakeComplete.
struct RTPSEC_EXPORT PeerVerified {
    Fingerprint peer_fingerprint;        // sha-256 of the peer's certificate
    std::optional<Fingerprint> matched;  // the expected entry it matched (none if insecure)
};

struct RTPSEC_EXPORT HandshakeTelemetry {
    std::chrono::microseconds time_to_complete{};      // engine creation to completion
    unsigned flights_sent = 0;                         // new flights (first transmissions)
    std::vector<unsigned> retransmissions_per_flight;  // one entry per flight sent
    unsigned retransmissions = 0;                      // sum of the above
    // Round-trip time measured on our flights: exact from a flight sent once,
    // else a lower bound (time since the last copy).
    std::optional<std::chrono::microseconds> rtt;
    std::string version;       // "DTLSv1.2"
    std::string cipher_suite;  // "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"
    // Plaintext alerts ignored during the handshake (see Error::unauthenticated_alert).
    unsigned unauthenticated_alerts = 0;
};

// The handshake is done: key srtp/ with this (RFC 5764 §4.2).
struct RTPSEC_EXPORT HandshakeComplete {
    srtp::ProfileId profile;
    // 2 × (key + salt) bytes exported with the label "EXTRACTOR-dtls_srtp"
    // and no context; wiped when dropped.
    SecretBytes keying_material;
    Role role;
    Fingerprint peer_fingerprint;        // sha-256
    std::optional<Fingerprint> matched;  // the expected entry it matched
    HandshakeTelemetry telemetry;
};

enum class CloseReason {
    close_notify_sent,        // close() was called
    close_notify_received,    // the peer closed (we answered with close_notify)
    fatal_alert_received,     // the peer ended an established association with an alert
    closed_during_handshake,  // close() before the handshake finished: nothing to notify
};

// The association ended (after HandshakeComplete, or by close()).
struct RTPSEC_EXPORT Closed {
    CloseReason reason;
    std::string alert;  // alert description, e.g. "close notify"
};

// The handshake (or an established association) failed; the engine accepts no
// more input. error is fatal (see error.hpp); message names what went wrong
// and the values involved.
struct RTPSEC_EXPORT Failed {
    std::error_code error;
    std::string message;
};

using Event = std::variant<PeerVerified, HandshakeComplete, Closed, Failed>;

RTPSEC_EXPORT std::string_view close_reason_name(CloseReason reason);

}  // namespace rtpsec::dtls
