// SPDX-License-Identifier: BSD-3-Clause
// Reading SDP (RFC 8866), tolerant of what real softphones and browsers send:
// CRLF or bare LF line ends, trailing whitespace, blank lines, several spaces
// between fields, session-level lines in any order after v=, attribute names
// in any case. What cannot be understood safely is refused with the line
// number and the reason: unknown line types (RFC 8866 §5), malformed o=, c=,
// m=, t=, b= lines, and malformed values of the attributes rtpsec acts on
// (a=setup, a=fingerprint, a=tls-id, a=rtpmap, a=rtcp, a=mid, a=group).
// An a=fingerprint with an unknown hash function is kept and later skipped
// (RFC 8122 §5). Unknown attributes are kept as they are.
//
// Pure function, no I/O; safe to call from any thread.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include <rtpsec/common/export.hpp>
#include <rtpsec/sdp/error.hpp>
#include <rtpsec/sdp/session_description.hpp>

namespace rtpsec::sdp {

// Bounds on untrusted input, so a hostile SDP costs at most a fixed amount
// of memory and time. The defaults are far above anything a browser sends
// (a Chromium offer with audio, video and data is about 6 KB and 150 lines).
struct RTPSEC_EXPORT ParseLimits {
    std::size_t max_bytes = 64 * 1024;
    std::size_t max_lines = 4096;
    std::size_t max_line_length = 4096;
    std::size_t max_media_sections = 64;
    std::size_t max_attributes_per_section = 512;
};

// Parses `text`. On failure returns nullopt and fills `error` (line number,
// error code in sdp_category(), and what is wrong).
RTPSEC_EXPORT std::optional<SessionDescription> parse(std::string_view text, ParseError& error,
                                                      const ParseLimits& limits = {});

}  // namespace rtpsec::sdp
