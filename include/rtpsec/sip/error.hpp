// SPDX-License-Identifier: BSD-3-Clause
// Errors of the SIP layer: one std::error_code category ("rtpsec.sip") for
// reading SIP messages off the wire. A datagram that fails to parse is dropped
// and counted; none of these errors ends a call (RFC 3261 §18.3: a malformed
// message is discarded).
#pragma once

#include <system_error>

#include <rtpsec/common/export.hpp>

namespace rtpsec::sip {

enum class SipError {
    too_large = 1,         // larger than ParseLimits::max_message_size (64 KiB)
    empty,                 // no bytes, or only whitespace
    invalid_character,     // a NUL byte: never valid in the text we accept
    malformed_message,     // libosip2 could not parse the start line or a header
    unsupported_version,   // not SIP/2.0
    invalid_status_code,   // a status code outside 100..699
    missing_header,        // no Via, From, To, Call-ID or CSeq (RFC 3261 §8.1.1)
    malformed_header,      // a mandatory header present but unusable (CSeq number, ...)
    cseq_method_mismatch,  // a request whose CSeq method is not its method (§8.2, §12.2.2)
    body_length_mismatch,  // Content-Length larger than the body that arrived (§18.3)
    unsupported_body,      // a multipart body: rtpsec only carries one SDP body
};

RTPSEC_EXPORT const std::error_category& sip_category();
RTPSEC_EXPORT std::error_code make_error_code(SipError e);

}  // namespace rtpsec::sip

template <>
struct std::is_error_code_enum<rtpsec::sip::SipError> : std::true_type {};
