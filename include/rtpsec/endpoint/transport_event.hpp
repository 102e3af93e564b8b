// SPDX-License-Identifier: BSD-3-Clause
// What a media transport reports to its owner.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <system_error>
#include <variant>

#include <rtpsec/common/export.hpp>
#include <rtpsec/common/secret_bytes.hpp>
#include <rtpsec/dtls/engine_event.hpp>
#include <rtpsec/srtp/profile.hpp>

namespace rtpsec::endpoint {

// The DTLS handshake finished and SRTP is keyed.
struct RTPSEC_EXPORT HandshakeDone {
    const srtp::Profile* profile;
    dtls::Role role;
    dtls::Fingerprint peer_fingerprint;
    dtls::HandshakeTelemetry telemetry;
    // The exported keying material, only when TransportConfig::keep_keying_material
    // asked for it (--export-keys); wiped when the event is dropped.
    std::optional<SecretBytes> keying_material;
};

enum class MediaKind { rtp, rtcp };

// One authenticated, decrypted RTP packet or RTCP compound. `packet` points
// into the transport's or the caller's buffer: valid until the next input.
struct RTPSEC_EXPORT MediaReceived {
    MediaKind kind;
    std::span<const std::byte> packet;
    bool arrived_before_keys;  // held in the early queue until the handshake finished
};

// A STUN message on the media port, for a future ICE agent; `message` is valid
// until the next input.
struct RTPSEC_EXPORT StunReceived {
    std::span<const std::byte> message;
};

// Component::rtp without rtcp-mux: a plaintext RTCP compound report (with a
// BYE when `goodbye`) for the RTCP component to protect and send. `report`
// is valid until the next input.
struct RTPSEC_EXPORT RtcpReportReady {
    std::span<const std::byte> report;
    bool goodbye;
};

struct RTPSEC_EXPORT TransportClosed {
    dtls::CloseReason reason;
    std::string alert;
};

struct RTPSEC_EXPORT TransportFailed {
    std::error_code error;
    std::string message;
};

using TransportEvent = std::variant<dtls::PeerVerified, HandshakeDone, MediaReceived, StunReceived,
                                    RtcpReportReady, TransportClosed, TransportFailed>;

}  // namespace rtpsec::endpoint
