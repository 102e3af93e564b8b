// SPDX-License-Identifier: BSD-3-Clause
// Building a compound RTCP packet (RFC 3550 §6.1) in a caller's buffer.
//
// Packets are appended in call order; the caller starts with a sender or
// receiver report and includes an SDES CNAME, as RFC 3550 §6.1 requires of a
// compound. The first failure sticks: later calls return false and write
// nothing, so a sequence of adds can be checked once at the end. After
// RtpError::buffer_too_small, required_size() keeps counting what the whole
// compound would need. No allocation, no exceptions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <system_error>

#include <rtpsec/common/export.hpp>
#include <rtpsec/rtp/rtcp_compound.hpp>
#include <rtpsec/rtp/rtcp_report.hpp>
#include <rtpsec/rtp/rtcp_sdes.hpp>

namespace rtpsec::rtp {

class RTPSEC_EXPORT RtcpCompoundWriter {
  public:
    explicit RtcpCompoundWriter(std::span<std::byte> buffer) noexcept : buffer_(buffer) {}

    bool add_sender_report(std::uint32_t ssrc, const SenderInfo& info,
                           std::span<const ReportBlock> blocks = {}) noexcept;
    bool add_receiver_report(std::uint32_t ssrc, std::span<const ReportBlock> blocks = {}) noexcept;
    bool add_source_description(std::span<const SdesChunkFields> chunks) noexcept;
    bool add_goodbye(std::span<const std::uint32_t> ssrcs, std::string_view reason = {}) noexcept;
    bool add_application_defined(std::uint8_t subtype, std::uint32_t ssrc, std::string_view name,
                                 std::span<const std::byte> data) noexcept;
    bool add_feedback_message(RtcpPacketType type, std::uint8_t format, std::uint32_t sender_ssrc,
                              std::uint32_t media_ssrc, std::span<const std::byte> fci) noexcept;

    // Pads the last packet with `padding_size` bytes (a non-zero multiple of 4,
    // the count octet included) and sets its P bit: RFC 3550 §6.4.1 allows
    // padding on the last packet of a compound only, so call this last: a
    // later add fails with RtpError::rtcp_padding_not_last.
    bool pad_last_packet(std::uint8_t padding_size) noexcept;

    // The compound written so far.
    std::span<const std::byte> bytes() const { return buffer_.first(size_); }
    std::size_t size() const { return size_; }
    // The first error, or none.
    std::error_code error() const { return error_; }
    // Bytes every packet added so far needs, written or not.
    std::size_t required_size() const { return required_; }

  private:
    // Runs one writer on the free space, keeping the books.
    template <typename Write>
    bool append(Write write) noexcept;

    std::span<std::byte> buffer_;
    std::size_t size_ = 0;
    std::size_t required_ = 0;
    std::size_t last_packet_ = 0;  // offset of the last packet written
    bool padded_ = false;
    std::error_code error_;
};

}  // namespace rtpsec::rtp
