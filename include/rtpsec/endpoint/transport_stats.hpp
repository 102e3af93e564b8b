// SPDX-License-Identifier: BSD-3-Clause
// Counters of one media transport, per direction.
#pragma once

#include <cstdint>
#include <optional>

#include <rtpsec/common/export.hpp>
#include <rtpsec/dtls/engine_event.hpp>

namespace rtpsec::endpoint {

struct RTPSEC_EXPORT SentStats {
    std::uint64_t packets = 0;
    std::uint64_t bytes = 0;  // protected bytes handed to the network
};

struct RTPSEC_EXPORT ReceivedStats {
    std::uint64_t packets = 0;  // authenticated and delivered
    std::uint64_t bytes = 0;    // of the protected packets
    std::uint64_t auth_failed = 0;
    // Of auth_failed: packets that arrived before our keys. A peer that sends
    // media before its own DTLS-SRTP is up shows here (baresip sends its
    // first RTP packets in the clear when its handshake is slow).
    std::uint64_t auth_failed_before_keys = 0;
    std::uint64_t replayed = 0;              // replayed or older than the replay window
    std::uint64_t malformed = 0;             // not a packet SRTP or RTCP validation accepts
    std::uint64_t dropped_before_keys = 0;   // arrived before the keys and the early queue was full
    std::uint64_t delivered_from_queue = 0;  // arrived before the keys, delivered once keyed
    std::uint64_t dropped_after_close = 0;
};

struct RTPSEC_EXPORT RtpReceivedStats : ReceivedStats {
    std::int64_t lost = 0;     // expected − received over all sources (RFC 3550 A.3)
    std::uint32_t jitter = 0;  // of the most recent source, RTP timestamp units (A.8)
    std::uint64_t duplicates = 0;
};

struct RTPSEC_EXPORT TransportStats {
    SentStats rtp_sent;
    SentStats rtcp_sent;
    RtpReceivedStats rtp_received;
    ReceivedStats rtcp_received;
    std::uint64_t dtls_datagrams_received = 0;
    std::uint64_t dtls_datagrams_sent = 0;
    std::uint64_t dtls_datagrams_dropped = 0;
    std::uint64_t stun_received = 0;
    std::uint64_t unknown_dropped = 0;  // neither DTLS, SRTP, SRTCP nor STUN (RFC 7983)
    // Inputs that came while events of the last one were still untaken (the
    // calling rule broken): the events were kept, not lost.
    std::uint64_t undrained_inputs = 0;
    std::optional<dtls::HandshakeTelemetry> handshake;
};

}  // namespace rtpsec::endpoint
