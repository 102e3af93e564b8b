// SPDX-License-Identifier: BSD-3-Clause
// Errors of the SDP layer: one std::error_code category ("rtpsec.sdp") for
// both reading SDP and negotiating DTLS-SRTP offer/answer, and two carriers
// that add what a person debugging a call needs: the line number (ParseError)
// and a sentence naming the m= section and what to change (NegotiationError).
#pragma once

#include <cstddef>
#include <string>
#include <system_error>

#include <rtpsec/common/export.hpp>

namespace rtpsec::sdp {

enum class SdpError {
    // Limits (ParseLimits): hostile input is refused before it can allocate without bound.
    too_large = 1,
    too_many_lines,
    line_too_long,
    too_many_media_sections,
    too_many_attributes,
    // Syntax (RFC 8866 §5, §9).
    invalid_character,    // NUL, or a CR that does not end a line
    malformed_line,       // not "<letter>=<value>"
    unknown_line_type,    // a type letter RFC 8866 does not define (§5: reject)
    misplaced_line,       // v= not first, o= inside a media section, r= before t=, ...
    duplicate_line,       // a second o=, s=, c= ... where only one is allowed
    missing_line,         // no v=, o=, s= or t=
    unsupported_version,  // v= other than 0
    malformed_origin,
    malformed_connection,
    malformed_bandwidth,
    malformed_timing,
    malformed_media,
    malformed_attribute,  // a=setup, fingerprint, tls-id, rtpmap, rtcp, mid, group with a bad value
    conflicting_attribute,  // e.g. two different a=setup in one section
    // Offer/answer (RFC 3264, 5763, 8122, 4145, 8842).
    not_dtls_srtp,        // plain RTP or SDES (a=crypto): rtpsec only does DTLS-SRTP
    missing_fingerprint,  // no a=fingerprint with a known, trusted hash function
    missing_setup,        // no a=setup at media or session level
    setup_holdconn,       // a=setup:holdconn: the peer does not want a connection now
    setup_conflict,       // the offer's and answer's a=setup do not give one client, one server
    no_audio_stream,      // the offer has no audio m= section
    no_common_codec,      // none of PCMU/8000, PCMA/8000 offered (or the answer shares none)
    media_rejected,       // the answer set the port of every audio section to 0
    missing_connection,   // no c= for the media section (neither media nor session level)
    answer_mismatch,      // the answer's m= lines do not line up with the offer's
};

RTPSEC_EXPORT const std::error_category& sdp_category();
RTPSEC_EXPORT std::error_code make_error_code(SdpError e);

// Where and why an SDP could not be read.
struct RTPSEC_EXPORT ParseError {
    std::error_code code;
    // 1-based line number; 0 when the problem is the whole text (too large, empty).
    std::size_t line = 0;
    // What exactly is wrong, e.g. "a=setup value 'both' is not active, passive,
    // actpass or holdconn".
    std::string detail;

    // One line for a person: "line 7: a=setup value 'both' is not ...".
    std::string message() const;
};

// Why an offer cannot be answered, or an answer does not fit its offer.
struct RTPSEC_EXPORT NegotiationError {
    std::error_code code;
    std::string detail;  // a sentence naming the m= section and what is wrong

    std::string message() const { return detail.empty() ? code.message() : detail; }
    explicit operator bool() const { return static_cast<bool>(code); }
};

}  // namespace rtpsec::sdp

template <>
struct std::is_error_code_enum<rtpsec::sdp::SdpError> : std::true_type {};
