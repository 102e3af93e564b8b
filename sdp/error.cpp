// SPDX-License-Identifier: BSD-3-Clause
#include <rtpsec/sdp/error.hpp>

namespace rtpsec::sdp {
namespace {

class SdpCategory final : public std::error_category {
  public:
    const char* name() const noexcept override { return "rtpsec.sdp"; }
    std::string message(int value) const override {
        switch (static_cast<SdpError>(value)) {
            case SdpError::too_large:
                return "SDP is larger than the size limit";
            case SdpError::too_many_lines:
                return "SDP has more lines than the limit";
            case SdpError::line_too_long:
                return "SDP line is longer than the limit";
            case SdpError::too_many_media_sections:
                return "SDP has more m= sections than the limit";
            case SdpError::too_many_attributes:
                return "SDP section has more a= lines than the limit";
            case SdpError::invalid_character:
                return "SDP line contains a NUL or a stray carriage return";
            case SdpError::malformed_line:
                return "SDP line is not <type>=<value>";
            case SdpError::unknown_line_type:
                return "SDP line type is not defined by RFC 8866";
            case SdpError::misplaced_line:
                return "SDP line is not allowed at this place";
            case SdpError::duplicate_line:
                return "SDP line appears more than once";
            case SdpError::missing_line:
                return "SDP lacks a mandatory line";
            case SdpError::unsupported_version:
                return "SDP version is not 0";
            case SdpError::malformed_origin:
                return "malformed o= line";
            case SdpError::malformed_connection:
                return "malformed c= line";
            case SdpError::malformed_bandwidth:
                return "malformed b= line";
            case SdpError::malformed_timing:
                return "malformed t= or r= line";
            case SdpError::malformed_media:
                return "malformed m= line";
            case SdpError::malformed_attribute:
                return "malformed attribute";
            case SdpError::conflicting_attribute:
                return "conflicting attributes";
            case SdpError::not_dtls_srtp:
                return "media is not DTLS-SRTP";
            case SdpError::missing_fingerprint:
                return "no usable a=fingerprint";
            case SdpError::missing_setup:
                return "no a=setup";
            case SdpError::setup_holdconn:
                return "a=setup:holdconn: no DTLS connection wanted";
            case SdpError::setup_conflict:
                return "offer and answer a=setup do not decide the DTLS roles";
            case SdpError::no_audio_stream:
                return "no audio m= section";
            case SdpError::no_common_codec:
                return "no common audio codec";
            case SdpError::media_rejected:
                return "the audio stream was rejected (port 0)";
            case SdpError::missing_connection:
                return "no connection address (c=) for the media";
            case SdpError::answer_mismatch:
                return "the answer does not match the offer's m= lines";
        }
        return "unknown SDP error";
    }
};

}  // namespace

const std::error_category& sdp_category() {
    static const SdpCategory category;
    return category;
}

std::error_code make_error_code(SdpError e) {
    return {static_cast<int>(e), sdp_category()};
}

std::string ParseError::message() const {
    std::string text = line == 0 ? std::string{} : "line " + std::to_string(line) + ": ";
    text += detail.empty() ? code.message() : detail;
    return text;
}

}  // namespace rtpsec::sdp
