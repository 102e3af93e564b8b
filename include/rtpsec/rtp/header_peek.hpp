// SPDX-License-Identifier: BSD-3-Clause
// Reading the clear-text fields of an SRTP or SRTCP packet before it is
// authenticated.
//
// SRTP leaves the RTP fixed header in the clear (RFC 3711 §3.1) and SRTCP the
// first 8 bytes (RFC 3711 §3.4); the SRTP layer and the endpoint need the SSRC
// and sequence number to find the stream and its rollover counter before the
// tag is checked. Nothing past those bytes may be trusted yet, so these peeks
// check only that the bytes exist and the version is 2, not the CSRC count,
// extension or padding that RtpPacket::parse validates after decryption.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include <rtpsec/common/export.hpp>
#include <rtpsec/rtp/big_endian.hpp>

namespace rtpsec::rtp {

// The 12-byte fixed part of an RTP header (RFC 3550 §5.1) minus the bits that
// describe what follows it.
struct RTPSEC_EXPORT RtpFixedHeader {
    bool marker = false;
    std::uint8_t payload_type = 0;
    std::uint16_t sequence_number = 0;
    std::uint32_t timestamp = 0;
    std::uint32_t ssrc = 0;
};

inline constexpr std::size_t rtp_fixed_header_size = 12;

constexpr std::optional<RtpFixedHeader> peek_rtp_fixed_header(
    std::span<const std::byte> packet) noexcept {
    if (packet.size() < rtp_fixed_header_size || load_u8(packet, 0) >> 6 != 2) return std::nullopt;
    return RtpFixedHeader{
        .marker = (load_u8(packet, 1) & 0x80) != 0,
        .payload_type = static_cast<std::uint8_t>(load_u8(packet, 1) & 0x7f),
        .sequence_number = load_u16(packet, 2),
        .timestamp = load_u32(packet, 4),
        .ssrc = load_u32(packet, 8),
    };
}

// The SSRC of the sender of the first packet of an (S)RTCP compound (RFC 3550
// §6.4.1, §6.4.2: every report and the other types carry it after the 4-byte
// header), which is the SSRC SRTCP keys its stream on (RFC 3711 §3.4).
constexpr std::optional<std::uint32_t> peek_rtcp_sender_ssrc(
    std::span<const std::byte> packet) noexcept {
    if (packet.size() < 8 || load_u8(packet, 0) >> 6 != 2) return std::nullopt;
    return load_u32(packet, 4);
}

}  // namespace rtpsec::rtp
