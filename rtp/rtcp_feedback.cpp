// SPDX-License-Identifier: BSD-3-Clause
#include <cstring>

#include <rtpsec/rtp/rtcp_feedback.hpp>

#include "rtcp_wire.hpp"

namespace rtpsec::rtp {
namespace {

constexpr std::size_t feedback_fixed_size = 8;  // sender SSRC, media source SSRC

bool is_feedback(RtcpPacketType type) {
    return type == RtcpPacketType::transport_feedback || type == RtcpPacketType::payload_feedback;
}

}  // namespace

std::optional<FeedbackMessage> FeedbackMessage::parse(const RtcpPacket& packet,
                                                      std::error_code& ec) noexcept {
    const auto type = static_cast<RtcpPacketType>(packet.packet_type());
    if (!is_feedback(type)) {
        ec = RtpError::rtcp_wrong_packet_type;
        return std::nullopt;
    }
    if (packet.body().size() < feedback_fixed_size) {
        ec = RtpError::rtcp_packet_too_short;
        return std::nullopt;
    }
    ec.clear();
    return FeedbackMessage(packet.body(), type, packet.count());
}

std::size_t write_feedback_message(std::span<std::byte> out, RtcpPacketType type,
                                   std::uint8_t format, std::uint32_t sender_ssrc,
                                   std::uint32_t media_ssrc, std::span<const std::byte> fci,
                                   std::error_code& ec) noexcept {
    if (!is_feedback(type) || format > detail::max_rtcp_count || fci.size() % 4 != 0) {
        ec = RtpError::field_out_of_range;
        return 0;
    }
    const std::size_t size = rtcp_header_size + feedback_fixed_size + fci.size();
    if (!detail::check_rtcp_room(out, size, ec)) return ec == RtpError::buffer_too_small ? size : 0;
    detail::store_rtcp_header(out, format, type, size);
    store_u32(out, 4, sender_ssrc);
    store_u32(out, 8, media_ssrc);
    if (!fci.empty()) std::memcpy(out.data() + 12, fci.data(), fci.size());
    return size;
}

}  // namespace rtpsec::rtp
