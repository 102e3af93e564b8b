// SPDX-License-Identifier: BSD-3-Clause
// RTCP feedback messages, RTPFB (205) and PSFB (206): the common header of
// RFC 4585 §6.1.
//
// Recognised by header only: the feedback message type (FMT), the packet
// sender's and media source's SSRCs, and the feedback control information
// (FCI) as bytes for the codec or congestion controller that understands that
// FMT. Views into the caller's buffer; no allocation, no exceptions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <system_error>

#include <rtpsec/common/export.hpp>
#include <rtpsec/rtp/rtcp_compound.hpp>

namespace rtpsec::rtp {

class RTPSEC_EXPORT FeedbackMessage {
  public:
    // RtpError::rtcp_wrong_packet_type for a packet other than RTPFB or PSFB,
    // rtcp_packet_too_short without room for both SSRCs.
    static std::optional<FeedbackMessage> parse(const RtcpPacket& packet,
                                                std::error_code& ec) noexcept;

    RtcpPacketType type() const { return type_; }
    // FMT: e.g. 1 = generic NACK for RTPFB; 1 = PLI, 4 = FIR for PSFB (RFC 4585
    // §6.2, §6.3, RFC 5104 §4.3).
    std::uint8_t format() const { return format_; }
    std::uint32_t sender_ssrc() const { return load_u32(body_, 0); }
    std::uint32_t media_ssrc() const { return load_u32(body_, 4); }
    std::span<const std::byte> fci() const { return body_.subspan(8); }

  private:
    FeedbackMessage(std::span<const std::byte> body, RtcpPacketType type, std::uint8_t format)
        : body_(body), type_(type), format_(format) {}

    std::span<const std::byte> body_;
    RtcpPacketType type_;
    std::uint8_t format_;
};

// Writes one feedback message (see rtcp_report.hpp for the writers'
// convention). RtpError::field_out_of_range for a type other than RTPFB or
// PSFB, an FMT above 31 or an FCI that is not a multiple of 4 bytes.
RTPSEC_EXPORT std::size_t write_feedback_message(std::span<std::byte> out, RtcpPacketType type,
                                                 std::uint8_t format, std::uint32_t sender_ssrc,
                                                 std::uint32_t media_ssrc,
                                                 std::span<const std::byte> fci,
                                                 std::error_code& ec) noexcept;

}  // namespace rtpsec::rtp
