// SPDX-License-Identifier: BSD-3-Clause
#include <rtpsec/rtp/error.hpp>
#include <rtpsec/rtp/rtp_packet.hpp>

namespace rtpsec::rtp {

std::optional<RtpPacket> RtpPacket::parse(std::span<const std::byte> packet,
                                          std::error_code& ec) noexcept {
    // RFC 3550 §5.1 and the validity checks of A.1.
    if (packet.size() < rtp_fixed_header_size) {
        ec = RtpError::truncated_header;
        return std::nullopt;
    }
    const std::uint8_t first = load_u8(packet, 0);
    if (first >> 6 != 2) {
        ec = RtpError::bad_version;
        return std::nullopt;
    }
    std::size_t header_size = rtp_fixed_header_size + 4 * std::size_t{first & 0x0fu};
    if (header_size > packet.size()) {
        ec = RtpError::csrc_past_end;
        return std::nullopt;
    }
    const std::size_t extension_offset = header_size;
    if ((first & 0x10) != 0) {
        // RFC 3550 §5.3.1: a 4-byte header whose length counts the 32-bit
        // words that follow it.
        if (packet.size() - header_size < 4) {
            ec = RtpError::extension_header_past_end;
            return std::nullopt;
        }
        const std::size_t extension_words = load_u16(packet, header_size + 2);
        header_size += 4;
        if (4 * extension_words > packet.size() - header_size) {
            ec = RtpError::extension_past_end;
            return std::nullopt;
        }
        header_size += 4 * extension_words;
    }
    std::size_t padding_size = 0;
    if ((first & 0x20) != 0) {
        // RFC 3550 §5.1: the last octet counts the padding, itself included.
        padding_size = load_u8(packet, packet.size() - 1);
        if (padding_size == 0) {
            ec = RtpError::padding_zero;
            return std::nullopt;
        }
        if (padding_size > packet.size() - header_size) {
            ec = RtpError::padding_past_payload;
            return std::nullopt;
        }
    }
    ec.clear();
    return RtpPacket(packet, header_size, extension_offset, padding_size);
}

std::optional<HeaderExtensions> RtpPacket::header_extensions(std::error_code& ec) const noexcept {
    if (!has_extension()) {
        ec.clear();
        return HeaderExtensions();
    }
    return HeaderExtensions::parse(extension_profile(), extension_data(), ec);
}

}  // namespace rtpsec::rtp
