// SPDX-License-Identifier: BSD-3-Clause
#include <rtpsec/rtp/error.hpp>
#include <rtpsec/rtp/rtcp_compound.hpp>

namespace rtpsec::rtp {
namespace {

// RFC 3550 §6.4.1: the length field counts 32-bit words minus one, so that
// zero is a valid length and no packet is shorter than its header.
std::size_t packet_size_at(std::span<const std::byte> data, std::size_t offset) {
    return 4 * (std::size_t{load_u16(data, offset + 2)} + 1);
}

bool is_report(std::uint8_t packet_type) {
    return packet_type == static_cast<std::uint8_t>(RtcpPacketType::sender_report) ||
           packet_type == static_cast<std::uint8_t>(RtcpPacketType::receiver_report);
}

}  // namespace

void RtcpCompound::Iterator::load(std::size_t offset) noexcept {
    offset_ = offset;
    if (offset >= data_.size()) {
        offset_ = data_.size();
        current_ = RtcpPacket({}, 0);
        return;
    }
    // parse() has checked every length and padding count.
    const auto bytes = data_.subspan(offset, packet_size_at(data_, offset));
    const bool padded = (load_u8(bytes, 0) & 0x20) != 0;
    current_ = RtcpPacket(bytes, padded ? load_u8(bytes, bytes.size() - 1) : 0);
}

std::optional<RtcpCompound> RtcpCompound::parse(std::span<const std::byte> datagram,
                                                std::error_code& ec,
                                                RtcpValidation rules) noexcept {
    if (datagram.size() < rtcp_header_size) {
        ec = RtpError::rtcp_truncated;
        return std::nullopt;
    }
    std::size_t offset = 0;
    std::size_t count = 0;
    // RFC 3550 A.2: walk the length fields; they must land exactly on the end.
    while (offset < datagram.size()) {
        if (datagram.size() - offset < rtcp_header_size) {
            ec = RtpError::rtcp_length_mismatch;
            return std::nullopt;
        }
        const std::uint8_t first = load_u8(datagram, offset);
        if (first >> 6 != 2) {
            ec = RtpError::rtcp_bad_version;
            return std::nullopt;
        }
        const std::size_t size = packet_size_at(datagram, offset);
        if (size > datagram.size() - offset) {
            ec = RtpError::rtcp_truncated;
            return std::nullopt;
        }
        if (count == 0 && rules == RtcpValidation::compound &&
            !is_report(load_u8(datagram, offset + 1))) {
            ec = RtpError::rtcp_first_not_report;
            return std::nullopt;
        }
        if ((first & 0x20) != 0) {
            // RFC 3550 §6.4.1: padding "should only be applied ... to the last
            // packet"; its last octet counts the padding, itself included.
            if (offset + size != datagram.size()) {
                ec = RtpError::rtcp_padding_not_last;
                return std::nullopt;
            }
            const std::size_t padding = load_u8(datagram, offset + size - 1);
            if (padding == 0 || padding > size - rtcp_header_size) {
                ec = RtpError::rtcp_bad_padding;
                return std::nullopt;
            }
        }
        offset += size;
        ++count;
    }
    ec.clear();
    return RtcpCompound(datagram, count);
}

}  // namespace rtpsec::rtp
