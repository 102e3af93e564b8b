// SPDX-License-Identifier: BSD-3-Clause
// Errors of the RTP wire layer, in the `rtpsec.rtp` std::error_code category.
//
// Every parser and writer in rtp/ reports through these values instead of
// throwing: a malformed datagram is an everyday event on the packet path (the
// caller drops and counts it), never a reason to unwind. Each value names the
// one rule a packet broke, so a drop counter or a log line can say why.
#pragma once

#include <system_error>

#include <rtpsec/common/export.hpp>

namespace rtpsec::rtp {

enum class RtpError {
    // RTP fixed header and its optional parts, RFC 3550 §5.1 and §5.3.1.
    truncated_header = 1,       // fewer than the 12 bytes of the fixed header
    bad_version,                // version field is not 2
    csrc_past_end,              // the CSRC count runs past the end of the packet
    extension_header_past_end,  // X bit set but no room for the 4-byte extension header
    extension_past_end,         // the extension length runs past the end of the packet
    padding_zero,               // P bit set and the padding count is 0
    padding_past_payload,       // the padding count is longer than what follows the header

    // RTP header extension elements, RFC 8285.
    not_rfc8285_extension,       // profile is neither 0xBEDE nor 0x100X
    extension_element_past_end,  // an element's length runs past the extension
    extension_bad_padding,       // a one-byte-form byte with ID 0 that is not 0

    // RTCP, RFC 3550 §6 and A.2.
    rtcp_truncated,          // fewer than 4 bytes, or a length field past the end
    rtcp_bad_version,        // version field is not 2
    rtcp_length_mismatch,    // the packet lengths do not add up to the datagram
    rtcp_first_not_report,   // a compound packet that does not start with SR or RR
    rtcp_padding_not_last,   // P bit on a packet other than the last
    rtcp_bad_padding,        // padding count 0 or longer than the packet body
    rtcp_wrong_packet_type,  // a typed reader given another packet type
    rtcp_packet_too_short,   // body too short for its type and count field
    sdes_item_past_end,      // an SDES item runs past the end of the packet
    sdes_missing_end,        // an SDES chunk without its terminating null octet
    bye_reason_past_end,     // the BYE reason length runs past the end of the packet

    // Writers.
    buffer_too_small,             // the output span cannot hold the packet
    field_out_of_range,           // a value does not fit its wire field
    too_many_entries,             // > 15 CSRCs, or > 31 report blocks, chunks or sources
    text_too_long,                // SDES item or BYE reason longer than 255 bytes
    extension_id_out_of_range,    // an element ID the chosen RFC 8285 form cannot carry
    extension_size_out_of_range,  // element data the chosen RFC 8285 form cannot carry
    packet_too_large,             // longer than a 16-bit length field can describe
};

RTPSEC_EXPORT const std::error_category& rtp_category() noexcept;
RTPSEC_EXPORT std::error_code make_error_code(RtpError e) noexcept;

}  // namespace rtpsec::rtp

template <>
struct std::is_error_code_enum<rtpsec::rtp::RtpError> : std::true_type {};
