// SPDX-License-Identifier: BSD-3-Clause
// RTCP goodbye, BYE (RFC 3550 §6.6): reading and writing.
//
// The sources leaving, then an optional reason (a length octet and text,
// zero-padded to a 32-bit boundary). Views into the caller's buffer; no
// allocation, no exceptions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <system_error>

#include <rtpsec/common/export.hpp>
#include <rtpsec/rtp/rtcp_compound.hpp>

namespace rtpsec::rtp {

class RTPSEC_EXPORT Goodbye {
  public:
    // RtpError::rtcp_wrong_packet_type for a packet other than BYE (203),
    // rtcp_packet_too_short when the SSRCs do not fit, bye_reason_past_end.
    static std::optional<Goodbye> parse(const RtcpPacket& packet, std::error_code& ec) noexcept;

    std::size_t source_count() const { return source_count_; }
    // i < source_count().
    std::uint32_t ssrc(std::size_t i) const { return load_u32(body_, 4 * i); }
    // Empty when the packet gives no reason.
    std::string_view reason() const { return reason_; }

  private:
    Goodbye(std::span<const std::byte> body, std::size_t source_count, std::string_view reason)
        : body_(body), source_count_(source_count), reason_(reason) {}

    std::span<const std::byte> body_;
    std::size_t source_count_;
    std::string_view reason_;
};

// Writes one BYE packet (see rtcp_report.hpp for the writers' convention).
// RtpError::too_many_entries beyond 31 sources, text_too_long beyond 255 bytes
// of reason. An empty reason writes none.
RTPSEC_EXPORT std::size_t write_goodbye(std::span<std::byte> out,
                                        std::span<const std::uint32_t> ssrcs,
                                        std::string_view reason, std::error_code& ec) noexcept;

}  // namespace rtpsec::rtp
