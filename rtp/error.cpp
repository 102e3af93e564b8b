// SPDX-License-Identifier: BSD-3-Clause
#include <string>

#include <rtpsec/rtp/error.hpp>

namespace rtpsec::rtp {
namespace {

class RtpCategory final : public std::error_category {
  public:
    const char* name() const noexcept override { return "rtpsec.rtp"; }

    std::string message(int value) const override {
        switch (static_cast<RtpError>(value)) {
            case RtpError::truncated_header:
                return "RTP packet shorter than the 12-byte fixed header";
            case RtpError::bad_version:
                return "RTP version is not 2";
            case RtpError::csrc_past_end:
                return "RTP CSRC count runs past the end of the packet";
            case RtpError::extension_header_past_end:
                return "RTP extension bit set but the extension header is missing";
            case RtpError::extension_past_end:
                return "RTP header extension length runs past the end of the packet";
            case RtpError::padding_zero:
                return "RTP padding bit set but the padding count is zero";
            case RtpError::padding_past_payload:
                return "RTP padding count is longer than the payload";
            case RtpError::not_rfc8285_extension:
                return "RTP header extension is not in an RFC 8285 form";
            case RtpError::extension_element_past_end:
                return "RFC 8285 extension element runs past the end of the extension";
            case RtpError::extension_bad_padding:
                return "RFC 8285 one-byte extension has ID 0 with a non-zero length";
            case RtpError::rtcp_truncated:
                return "RTCP packet is shorter than its header or its length field";
            case RtpError::rtcp_bad_version:
                return "RTCP version is not 2";
            case RtpError::rtcp_length_mismatch:
                return "RTCP packet lengths do not add up to the datagram length";
            case RtpError::rtcp_first_not_report:
                return "RTCP compound packet does not start with a sender or receiver report";
            case RtpError::rtcp_padding_not_last:
                return "RTCP padding bit set on a packet that is not the last of the compound";
            case RtpError::rtcp_bad_padding:
                return "RTCP padding count is zero or longer than the packet";
            case RtpError::rtcp_wrong_packet_type:
                return "RTCP packet is not of the type the reader expects";
            case RtpError::rtcp_packet_too_short:
                return "RTCP packet is too short for its type and count";
            case RtpError::sdes_item_past_end:
                return "RTCP SDES item runs past the end of the packet";
            case RtpError::sdes_missing_end:
                return "RTCP SDES chunk is missing its terminating null octet";
            case RtpError::bye_reason_past_end:
                return "RTCP BYE reason runs past the end of the packet";
            case RtpError::buffer_too_small:
                return "output buffer too small for the packet";
            case RtpError::field_out_of_range:
                return "value does not fit its RTP/RTCP field";
            case RtpError::too_many_entries:
                return "too many CSRCs, report blocks, chunks or sources for one packet";
            case RtpError::text_too_long:
                return "SDES item or BYE reason longer than 255 bytes";
            case RtpError::extension_id_out_of_range:
                return "header extension ID out of range for its RFC 8285 form";
            case RtpError::extension_size_out_of_range:
                return "header extension data size out of range for its RFC 8285 form";
            case RtpError::packet_too_large:
                return "packet longer than its 16-bit length field can describe";
        }
        return "unknown rtpsec.rtp error";
    }
};

}  // namespace

const std::error_category& rtp_category() noexcept {
    static const RtpCategory category;
    return category;
}

std::error_code make_error_code(RtpError e) noexcept {
    return {static_cast<int>(e), rtp_category()};
}

}  // namespace rtpsec::rtp
