// SPDX-License-Identifier: BSD-3-Clause
// Writing SDP strictly: CRLF line ends and the line order of RFC 8866 §5
// (v o s i u e p c b t r z k a, then per media m i c b k a), one space
// between fields. Attributes are written in the order the model holds them.
#pragma once

#include <string>

#include <rtpsec/common/export.hpp>
#include <rtpsec/sdp/session_description.hpp>

namespace rtpsec::sdp {

// Throws std::invalid_argument if a field holds a CR, LF or NUL (which no
// parsed description can), since that would smuggle extra lines into the SDP.
RTPSEC_EXPORT std::string write(const SessionDescription& description);

}  // namespace rtpsec::sdp
