// SPDX-License-Identifier: BSD-3-Clause
// Telling apart the protocols that share one UDP port: STUN, ZRTP, DTLS, TURN
// channel data, RTP and RTCP (RFC 7983 §7, with RFC 5761 §4 for RTP/RTCP).
//
// A pure function of the datagram's first two bytes: no state, no allocation,
// usable at compile time. It only routes; the parser of the protocol chosen
// validates the rest.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace rtpsec::rtp {

enum class PacketKind : std::uint8_t { stun, zrtp, dtls, turn_channel, rtp, rtcp, unknown };

// RFC 7983 §7, on the value of the first byte:
//
//                  +----------------+
//                  |        [0..3] -+--> forward to STUN
//                  |                |
//                  |      [16..19] -+--> forward to ZRTP
//                  |                |
//      packet -->  |      [20..63] -+--> forward to DTLS
//                  |                |
//                  |      [64..79] -+--> forward to TURN Channel
//                  |                |
//                  |    [128..191] -+--> forward to RTP/RTCP
//                  +----------------+
//
// and every other value is dropped (unknown). RFC 5761 §4 then splits RTP from
// RTCP on the second byte: RTCP packet types 192..223 (SR, RR, SDES, BYE, APP,
// RTPFB, PSFB, XR, ...) are exactly the values an RTP second byte takes with
// the marker bit set and payload type 64..95, which is why RFC 5761 §4 forbids
// those payload types when RTP and RTCP are multiplexed. A datagram too short
// to carry that second byte, or empty, is unknown.
constexpr PacketKind classify(std::span<const std::byte> datagram) noexcept {
    if (datagram.empty()) return PacketKind::unknown;
    const auto first = std::to_integer<std::uint8_t>(datagram[0]);
    if (first <= 3) return PacketKind::stun;
    if (first >= 16 && first <= 19) return PacketKind::zrtp;
    if (first >= 20 && first <= 63) return PacketKind::dtls;
    if (first >= 64 && first <= 79) return PacketKind::turn_channel;
    if (first >= 128 && first <= 191) {
        if (datagram.size() < 2) return PacketKind::unknown;
        const auto second = std::to_integer<std::uint8_t>(datagram[1]);
        return second >= 192 && second <= 223 ? PacketKind::rtcp : PacketKind::rtp;
    }
    return PacketKind::unknown;
}

constexpr std::string_view to_string(PacketKind kind) noexcept {
    switch (kind) {
        case PacketKind::stun:
            return "stun";
        case PacketKind::zrtp:
            return "zrtp";
        case PacketKind::dtls:
            return "dtls";
        case PacketKind::turn_channel:
            return "turn_channel";
        case PacketKind::rtp:
            return "rtp";
        case PacketKind::rtcp:
            return "rtcp";
        case PacketKind::unknown:
            return "unknown";
    }
    return "unknown";
}

}  // namespace rtpsec::rtp
