// SPDX-License-Identifier: BSD-3-Clause
// RTCP application-defined packets, APP (RFC 3550 §6.7): reading and writing.
//
// A subtype in the count field, the SSRC/CSRC of the sender, a four-character
// name and application data. Views into the caller's buffer; no allocation,
// no exceptions.
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

class RTPSEC_EXPORT ApplicationDefined {
  public:
    // RtpError::rtcp_wrong_packet_type for a packet other than APP (204),
    // rtcp_packet_too_short without room for SSRC and name.
    static std::optional<ApplicationDefined> parse(const RtcpPacket& packet,
                                                   std::error_code& ec) noexcept;

    std::uint8_t subtype() const { return subtype_; }
    std::uint32_t ssrc() const { return load_u32(body_, 0); }
    // Four bytes, meant to be ASCII (not checked).
    std::string_view name() const {
        return std::string_view(reinterpret_cast<const char*>(body_.data() + 4), 4);
    }
    std::span<const std::byte> data() const { return body_.subspan(8); }

  private:
    ApplicationDefined(std::span<const std::byte> body, std::uint8_t subtype)
        : body_(body), subtype_(subtype) {}

    std::span<const std::byte> body_;
    std::uint8_t subtype_;
};

// Writes one APP packet (see rtcp_report.hpp for the writers' convention).
// RtpError::field_out_of_range for a subtype above 31, a name that is not 4
// bytes or data that is not a multiple of 4 bytes (RFC 3550 §6.7).
RTPSEC_EXPORT std::size_t write_application_defined(std::span<std::byte> out, std::uint8_t subtype,
                                                    std::uint32_t ssrc, std::string_view name,
                                                    std::span<const std::byte> data,
                                                    std::error_code& ec) noexcept;

}  // namespace rtpsec::rtp
